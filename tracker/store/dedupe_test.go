package store

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

func TestDeduperActsOnceAcrossInstances(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		// Three instances sharing the database, each with its own handle.
		dedupers := []*Deduper{
			db.open(t, clk).EventDeduper(time.Hour),
			db.open(t, clk).EventDeduper(time.Hour),
			db.open(t, clk).EventDeduper(time.Hour),
		}
		for round := range 3 {
			key := fmt.Sprintf("event:Ev%02d", round)
			var wins atomic.Int64
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 12 {
				wg.Go(func() {
					<-start
					first, err := dedupers[i%3].FirstTime(ctx, key)
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
				t.Fatalf("%s: %d callers were first, want exactly 1", key, n)
			}
		}
	})
}

func TestDeduperForgetsAfterItsTimeAndSweeps(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		d := s.EventDeduper(time.Hour)
		first := func(key string) bool {
			t.Helper()
			ok, err := d.FirstTime(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !first("a") || first("a") || !first("b") {
			t.Fatal("a key must be new exactly once")
		}
		clk.Advance(59 * time.Minute)
		if first("a") {
			t.Error("a key was forgotten before its time")
		}
		clk.Advance(time.Minute)
		if !first("a") {
			t.Error("a key was remembered past its time")
		}
		if first("a") {
			t.Error("a key taken over after expiry is new twice")
		}
		// "b" expired an hour ago; the sweep that runs once per ttl drops it.
		clk.Advance(time.Hour)
		if !first("c") {
			t.Fatal("c is new")
		}
		var keys []string
		rows, err := s.db.Query(`SELECT key FROM seen_events ORDER BY key`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			rows.Scan(&k)
			keys = append(keys, k)
		}
		if fmt.Sprint(keys) != "[c]" {
			t.Errorf("after the sweep the table holds %v, want only [c]", keys)
		}
		_, err = d.FirstTime(ctx, "  ")
		wantRefusal(t, "blank key", err, tracker.ErrInvalidInput)
	})
}

// A forgotten key is new again, for every instance sharing the database,
// and only that key is.
func TestDeduperForgetsAKeyWhenTold(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		a, b := db.open(t, clk).EventDeduper(time.Hour), db.open(t, clk).EventDeduper(time.Hour)
		for _, key := range []string{"event:Ev1", "event:Ev2"} {
			if ok, err := a.FirstTime(ctx, key); err != nil || !ok {
				t.Fatalf("%s: %v, %v", key, ok, err)
			}
		}
		if err := a.Forget(ctx, "event:Ev1"); err != nil {
			t.Fatal(err)
		}
		if ok, err := b.FirstTime(ctx, "event:Ev1"); err != nil || !ok {
			t.Errorf("a forgotten key is not new to another instance: %v, %v", ok, err)
		}
		if ok, err := b.FirstTime(ctx, "event:Ev1"); err != nil || ok {
			t.Errorf("a key recorded again after forgetting is new twice: %v, %v", ok, err)
		}
		if ok, err := b.FirstTime(ctx, "event:Ev2"); err != nil || ok {
			t.Errorf("forgetting one key forgot another: %v, %v", ok, err)
		}
		if err := a.Forget(ctx, "event:never-seen"); err != nil {
			t.Errorf("forgetting an unknown key: %v", err)
		}
		wantRefusal(t, "blank key", a.Forget(ctx, " "), tracker.ErrInvalidInput)
	})
}
