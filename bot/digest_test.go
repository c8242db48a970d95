package bot

import (
	"context"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

const digestChannel = "CDIGEST"

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// digestHarness is a bot that posts the digest to digestChannel, with a
// store on db, everything timed by clk.
func digestHarness(t *testing.T, db storetest.DB, clk *testClock, instance string, edit ...func(*Config)) *harness {
	t.Helper()
	cfg := []func(*Config){withStore(t, db, clk.Now), func(c *Config) {
		c.DigestChannel, c.Location, c.Instance = digestChannel, london(t), instance
	}}
	h := newHarness(t, append(cfg, edit...)...)
	syncAFIs(t, h.bot.afi.svc)
	return h
}

// record is the store's record of the digest channel's day.
func (h *harness) record(day string) *digest.Record {
	h.t.Helper()
	d, err := h.store().DigestFor(context.Background(), digestChannel, day)
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// eachDB runs fn on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, db storetest.DB)) { storetest.Each(t, fn) }
