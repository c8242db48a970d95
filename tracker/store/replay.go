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

// replaySweepEvery is how often a ReplayGuard deletes the signatures whose
// time is up. Slack's window is minutes, so the table holds a few minutes'
// requests.
const replaySweepEvery = time.Minute

// ReplayGuard remembers the signatures of the Slack requests accepted, in
// the store, so that several instances sharing a database recognise a
// request sent again (a replay) whichever of them it reaches. It
// implements the bot package's ReplayGuard. Make one with
// Store.ReplayGuard.
type ReplayGuard struct {
	s *Store

	mu        sync.Mutex
	nextSweep time.Time
}

// ReplayGuard returns the store's ReplayGuard.
func (s *Store) ReplayGuard() *ReplayGuard { return &ReplayGuard{s: s} }

// FirstUse records signature as used until expires and reports whether it
// was not already recorded and unexpired. Of several concurrent calls with
// one signature, from any number of instances, exactly one gets true.
func (g *ReplayGuard) FirstUse(ctx context.Context, signature string, expires time.Time) (bool, error) {
	signature = strings.TrimSpace(signature)
	if signature == "" {
		return false, tracker.Errorf(tracker.ErrInvalidInput, "a request signature is blank")
	}
	now := g.s.clock()
	first := false
	err := g.s.write(ctx, func(tx *sql.Tx) error {
		// As in Deduper.FirstTime: insert, or take over a row whose time
		// is up; an unexpired row is left alone and nothing is affected.
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_signatures (signature, expires_at) VALUES ($1, $2)
			ON CONFLICT (signature) DO UPDATE SET expires_at = excluded.expires_at
			WHERE seen_signatures.expires_at <= $3`, signature, timeArg(expires), timeArg(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record request signature: %w", err)
	}
	g.sweep(ctx, now)
	return first, nil
}

// sweep deletes expired signatures, at most once per replaySweepEvery per
// guard. A failure only delays the cleanup, so it is not reported.
func (g *ReplayGuard) sweep(ctx context.Context, now time.Time) {
	g.mu.Lock()
	due := !now.Before(g.nextSweep)
	if due {
		g.nextSweep = now.Add(replaySweepEvery)
	}
	g.mu.Unlock()
	if due {
		_, _ = g.s.db.ExecContext(ctx, `DELETE FROM seen_signatures WHERE expires_at <= $1`, timeArg(now))
	}
}
