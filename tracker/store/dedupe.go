package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// DefaultDedupeTTL is how long a Deduper remembers a key when not told
// otherwise. Slack retries an event three times within about five minutes.
const DefaultDedupeTTL = time.Hour

// Deduper remembers keys (Slack event ids) in the store, so that several
// instances sharing a database act on each event once. It implements the
// bot package's Deduper. Make one with Store.EventDeduper.
type Deduper struct {
	s   *Store
	ttl time.Duration

	mu        sync.Mutex
	nextSweep time.Time
}

// EventDeduper returns a Deduper that remembers each key for ttl
// (DefaultDedupeTTL when ttl is zero or less).
func (s *Store) EventDeduper(ttl time.Duration) *Deduper {
	if ttl <= 0 {
		ttl = DefaultDedupeTTL
	}
	return &Deduper{s: s, ttl: ttl}
}

// FirstTime records key and reports whether it was not already recorded
// and unexpired. Of several concurrent calls with one key, from any number
// of instances, exactly one gets true. Expired keys are swept away now and
// then, so the table stays as small as the keys of one ttl.
func (d *Deduper) FirstTime(ctx context.Context, key string) (bool, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return false, tracker.Errorf(tracker.ErrInvalidInput, "a dedupe key is blank")
	}
	now := d.s.clock()
	first := false
	err := d.s.write(ctx, func(tx *sql.Tx) error {
		// Insert, or take over a key whose time is up; an unexpired key
		// is left alone and nothing is affected.
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_events (key, expires_at) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
			WHERE seen_events.expires_at <= $3`, key, timeArg(now.Add(d.ttl)), timeArg(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("dedupe %s: %w", key, err)
	}
	d.sweep(ctx, now)
	return first, nil
}

// Forget deletes key, so that the next FirstTime with it, from any
// instance, gets true: acting on the event failed for certain and Slack's
// retry of it should be acted on. Forgetting a key not recorded is not an
// error.
func (d *Deduper) Forget(ctx context.Context, key string) error {
	key = strings.TrimSpace(key)
	if key == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a dedupe key is blank")
	}
	if _, err := d.s.db.ExecContext(ctx, `DELETE FROM seen_events WHERE key = $1`, key); err != nil {
		return fmt.Errorf("forget %s: %w", key, err)
	}
	return nil
}

// sweep deletes expired keys, at most once per ttl per Deduper. A failure
// only delays the cleanup, so it is not reported.
func (d *Deduper) sweep(ctx context.Context, now time.Time) {
	d.mu.Lock()
	due := !now.Before(d.nextSweep)
	if due {
		d.nextSweep = now.Add(d.ttl)
	}
	d.mu.Unlock()
	if due {
		_, _ = d.s.db.ExecContext(ctx, `DELETE FROM seen_events WHERE expires_at <= $1`, timeArg(now))
	}
}
