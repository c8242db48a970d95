package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// testClock is a clock tests move by hand; its After fires when the clock
// passes the time waited for, so a digest.Scheduler can be driven through days in
// no time.
type testClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (forwards only) and fires the waits it passes.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

func (c *testClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

func (c *testClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// runUntil lets whatever waits on the clock run until end: whenever it
// waits, the clock jumps to the time it waits for.
func (c *testClock) runUntil(t *testing.T, end time.Time) {
	t.Helper()
	for {
		deadline := time.Now().Add(10 * time.Second)
		var next time.Time
		for {
			c.mu.Lock()
			if len(c.waiters) > 0 {
				next = c.waiters[0].at
				for _, w := range c.waiters[1:] {
					if w.at.Before(next) {
						next = w.at
					}
				}
			}
			c.mu.Unlock()
			if !next.IsZero() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("nothing waited on the clock for 10s (at %v)", c.Now())
			}
			time.Sleep(time.Millisecond)
		}
		if next.After(end) {
			c.Set(end)
			return
		}
		c.Set(next)
	}
}

// withStore gives the harness's bot a store on db, and AFI tracking on
// it, timed by now.
func withStore(t *testing.T, db storetest.DB, now func() time.Time) func(*Config) {
	st := openStore(t, db, now)
	return func(c *Config) {
		c.Store = st
		c.Tracker = &tracker.Service{Repo: st, Library: c.Library, Now: now}
		c.Now = now
	}
}

func openStore(t *testing.T, db storetest.DB, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// afiHarness is a harness whose bot tracks the embedded report's AFIs in a
// SQLite store of its own.
func afiHarness(t *testing.T, edit ...func(*Config)) *harness {
	t.Helper()
	h := newHarness(t, append([]func(*Config){withStore(t, storetest.SQLite(t), time.Now)}, edit...)...)
	syncAFIs(t, h.bot.afi.svc)
	return h
}

// syncAFIs starts tracking every AFI of the embedded reports, as serve
// does when it starts.
func syncAFIs(t *testing.T, svc *tracker.Service) {
	t.Helper()
	if _, err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// store is the harness's bot's store.
func (h *harness) store() *store.Store { return h.bot.store.(*store.Store) }

// clickBy clicks a button as user, in a message described by container
// (see ephemeralIn and publicIn).
func (h *harness) clickBy(user string, b btn, container map[string]any) {
	h.t.Helper()
	url := ""
	if container["type"] != "view" {
		url = h.clickURL(user, container)
	}
	h.interact(h.clickPayload(user, b, container, url))
}

// publicIn is the container of a public message (a digest) in channel.
func publicIn(channel, ts string) map[string]any {
	return map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false}
}

func TestHomeViewersAreBounded(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := newHomeViewers(3, time.Hour)
	for i, u := range []string{"U1", "U2", "U3", "U4"} {
		h.add(u, now.Add(time.Duration(i)*time.Minute))
	}
	if got := h.recent(now.Add(10 * time.Minute)); strings.Join(got, ",") != "U2,U3,U4" {
		t.Errorf("recent = %v, want the three latest", got)
	}
	if got := h.recent(now.Add(62 * time.Minute)); strings.Join(got, ",") != "U3,U4" {
		t.Errorf("after an hour, recent = %v", got)
	}
}
