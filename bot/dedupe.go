package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Deduper remembers which events the bot has acted on, so that an event
// Slack delivers twice (a retry after a lost acknowledgement, or a second
// instance receiving it) is acted on once. An implementation over a shared
// store lets several instances share one memory.
type Deduper interface {
	// FirstTime records key and reports whether it had not been recorded
	// within the deduper's time to live. It is atomic: of two concurrent
	// calls with one key, exactly one gets true.
	FirstTime(ctx context.Context, key string) (bool, error)
	// Forget gives key up, so that the next FirstTime with it gets true:
	// acting on the event failed for certain, and a delivery of it again
	// (Slack's retry) should be acted on rather than ignored. Forgetting
	// a key not recorded is not an error.
	Forget(ctx context.Context, key string) error
}

// MemoryDeduper is a Deduper for one process: keys are kept in memory for a
// fixed time to live.
type MemoryDeduper struct {
	ttl  time.Duration
	now  func() time.Time
	mu   sync.Mutex
	seen map[string]time.Time // key → when it expires
	next time.Time            // when expired keys are next swept
}

// NewMemoryDeduper remembers keys for ttl, by the clock now (time.Now when
// nil).
func NewMemoryDeduper(ttl time.Duration, now func() time.Time) *MemoryDeduper {
	if now == nil {
		now = time.Now
	}
	return &MemoryDeduper{ttl: ttl, now: now, seen: map[string]time.Time{}}
}

// FirstTime implements Deduper.
func (d *MemoryDeduper) FirstTime(_ context.Context, key string) (bool, error) {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.After(d.next) {
		// Sweeping at most once per ttl keeps memory bounded by the
		// events of two ttls without scanning on every call.
		for k, exp := range d.seen {
			if !now.Before(exp) {
				delete(d.seen, k)
			}
		}
		d.next = now.Add(d.ttl)
	}
	if exp, ok := d.seen[key]; ok && now.Before(exp) {
		return false, nil
	}
	d.seen[key] = now.Add(d.ttl)
	return true, nil
}

// has reports whether key is recorded and unexpired, recording nothing.
func (d *MemoryDeduper) has(key string) bool {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	exp, ok := d.seen[key]
	return ok && now.Before(exp)
}

// Forget implements Deduper.
func (d *MemoryDeduper) Forget(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.seen, key)
	return nil
}

// sharedDedupeTimeout bounds each call of a shared Deduper (the store).
// It is short because the first one is made while Slack waits for its
// acknowledgement (3 s), and a background task must not spend its own
// time waiting on a store that has gone: past it, memory decides.
const sharedDedupeTimeout = 500 * time.Millisecond

// fallbackDeduper is how the bot dedupes: this instance's memory first,
// then the Deduper instances share (the store), with a deadline.
//
//   - A key this instance acted on is never acted on again (within the
//     memory's time to live), whatever the store says or fails to say:
//     so Slack's retries of an event whose first delivery reached this
//     instance are ignored even while the store is down.
//   - A key new to this memory is the store's to decide, so that of
//     several instances one acts.
//   - A key the store said another instance took is remembered as such
//     (elsewhere): while the store cannot be asked, it is not acted on
//     here either. When the store answers, it decides again, so that if
//     that instance gave the key up (Forget), Slack's retry of it is
//     acted on here.
//   - A key neither acted on here nor seen taken elsewhere is acted on
//     when the store cannot answer in time: memory decides, and
//     remembers.
type fallbackDeduper struct {
	mem       *MemoryDeduper // keys acted on here (or being decided)
	elsewhere *MemoryDeduper // keys the store said another instance took
	shared    Deduper        // nil: memory alone
	timeout   time.Duration
	log       *slog.Logger
}

// newFallbackDeduper wraps the configured Deduper (nil or a
// *MemoryDeduper: memory alone).
func newFallbackDeduper(d Deduper, now func() time.Time, log *slog.Logger) *fallbackDeduper {
	f := &fallbackDeduper{timeout: sharedDedupeTimeout, log: log, elsewhere: NewMemoryDeduper(dedupeTTL, now)}
	switch d := d.(type) {
	case nil:
		f.mem = NewMemoryDeduper(dedupeTTL, now)
	case *MemoryDeduper:
		f.mem = d
	default:
		f.mem, f.shared = NewMemoryDeduper(dedupeTTL, now), d
	}
	return f
}

// FirstTime implements Deduper. It never fails: a store that cannot
// answer leaves the decision to memory, and that is logged.
func (f *fallbackDeduper) FirstTime(ctx context.Context, key string) (bool, error) {
	// Claimed in memory first, atomically: of two deliveries at once,
	// one asks the store and the other is ignored.
	if first, _ := f.mem.FirstTime(ctx, key); !first {
		return false, nil
	}
	if f.shared == nil {
		return true, nil
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	first, err := f.shared.FirstTime(ctx, key)
	switch {
	case err != nil && f.elsewhere.has(key):
		_ = f.mem.Forget(ctx, key)
		f.log.Warn("dedupe: the store did not answer in time; another instance took this event, so it is left alone", "key", key, "error", err.Error())
		return false, nil
	case err != nil:
		f.log.Warn("dedupe: the store did not answer in time; this instance's memory decides", "key", key, "error", err.Error())
		return true, nil
	case !first:
		_ = f.mem.Forget(ctx, key) // another instance's, to give up or not
		_, _ = f.elsewhere.FirstTime(ctx, key)
		return false, nil
	}
	_ = f.elsewhere.Forget(ctx, key)
	return true, nil
}

// Forget implements Deduper: memory at once, then the store, within the
// same deadline.
func (f *fallbackDeduper) Forget(ctx context.Context, key string) error {
	_ = f.mem.Forget(ctx, key)
	if f.shared == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	return f.shared.Forget(ctx, key)
}
