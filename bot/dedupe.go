package bot

import (
	"context"
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

// Forget implements Deduper.
func (d *MemoryDeduper) Forget(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.seen, key)
	return nil
}
