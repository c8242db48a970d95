package store

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A signature is first used once, whichever of several instances sharing
// the database sees it, however many ask at once.
func TestReplayGuardAcceptsASignatureOnceAcrossInstances(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		guards := []*ReplayGuard{db.open(t, clk).ReplayGuard(), db.open(t, clk).ReplayGuard(), db.open(t, clk).ReplayGuard()}
		until := clk.Now().Add(6 * time.Minute)
		for _, sig := range []string{"v0=aa", "v0=bb"} {
			var wins atomic.Int64
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 12 {
				wg.Go(func() {
					<-start
					first, err := guards[i%3].FirstUse(ctx, sig, until)
					if err != nil {
						t.Error(err)
					}
					if first {
						wins.Add(1)
					}
				})
			}
			close(start)
			wg.Wait()
			if n := wins.Load(); n != 1 {
				t.Fatalf("%s: %d callers were first, want exactly 1", sig, n)
			}
		}
	})
}

// A signature is remembered until the time it is given, then may be used
// again (its request could no longer pass the signature check), and the
// table is swept of expired rows.
func TestReplayGuardForgetsASignatureAtItsExpiryAndSweeps(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		g := s.ReplayGuard()
		use := func(sig string, until time.Time) bool {
			t.Helper()
			first, err := g.FirstUse(ctx, sig, until)
			if err != nil {
				t.Fatal(err)
			}
			return first
		}
		until := clk.Now().Add(6 * time.Minute)
		if !use("v0=aa", until) || use("v0=aa", until) || !use("v0=bb", clk.Now().Add(time.Minute)) {
			t.Fatal("a signature must be new exactly once")
		}
		clk.Advance(6*time.Minute - time.Second)
		if use("v0=aa", until) {
			t.Error("a signature was forgotten before its expiry")
		}
		clk.Advance(time.Second)
		if !use("v0=aa", clk.Now().Add(6*time.Minute)) {
			t.Error("a signature was remembered past its expiry")
		}
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM seen_signatures`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d rows after the sweep, want only the live one", n)
		}
		if _, err := g.FirstUse(ctx, " ", until); err == nil {
			t.Error("a blank signature was accepted")
		}
	})
}
