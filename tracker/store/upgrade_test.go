package store

import (
	"database/sql"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// oldStore makes the database a peelbot of before sign-off left (the
// migrations up to 005 applied, AFIs in afis and afi_events), with rows
// as that peelbot wrote them, and returns nothing open on it.
func oldStore(t *testing.T, db testDB) {
	t.Helper()
	d := sqliteDialect
	driver, dsn := "sqlite", ""
	if db.backend == "postgres" {
		d, driver, dsn = postgresDialect, "pgx", db.cfg.DatabaseURL
	} else {
		var err error
		if dsn, err = sqliteDSN(db.cfg.SQLitePath, DefaultTimeout); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", strings.SplitN(q, "\n", 2)[0], err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
	files, _ := fs.Glob(migrations, "migrations/"+d.name+"/*.sql")
	for _, f := range files {
		v := path.Base(f)
		if v > "005" && !strings.HasPrefix(v, "005") {
			break
		}
		body, _ := migrations.ReadFile(f)
		exec(string(body))
		exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, v, timeArg(t0))
	}
	at := func(h int) string { return timeArg(t0.Add(time.Duration(h) * time.Hour)) }
	published := timeArg(time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC))
	afi := func(id, status, owner string, due any, updated int, by, note string, addressed any) {
		exec(`INSERT INTO afis (id, status, owner, due, opened_at, updated_at, updated_by, last_note, addressed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, status, owner, due, published, at(updated), by, note, addressed)
	}
	event := func(id string, h int, actor, channel, action, from, to, note, owner string, due any) {
		exec(`INSERT INTO afi_events (afi_id, at, actor, channel, action, from_status, to_status, note, owner, due)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, at(h), actor, channel, action, from, to, note, owner, due)
	}
	// 1: never touched. 2: started, assigned, given a due date (now past).
	// 3: addressed by U2, then a note by U3. 4: addressed, reopened, no
	// owner. 5: started, nobody assigned.
	afi("herts-2021-afi-1", "open", "", nil, 0, "peelbot", "", nil)
	event("herts-2021-afi-1", 0, "peelbot", "", "open", "", "open", "", "", nil)
	afi("herts-2021-afi-2", "in_progress", "U7", "2025-01-31", 3, "U1", "", nil)
	event("herts-2021-afi-2", 0, "peelbot", "", "open", "", "open", "", "", nil)
	event("herts-2021-afi-2", 1, "U1", "C1", "start", "open", "in_progress", "", "", nil)
	event("herts-2021-afi-2", 2, "U1", "C1", "assign", "in_progress", "in_progress", "", "U7", nil)
	event("herts-2021-afi-2", 3, "U1", "C1", "due", "in_progress", "in_progress", "", "U7", "2025-01-31")
	afi("herts-2021-afi-3", "addressed", "", nil, 5, "U3", "checked at the board", at(4))
	event("herts-2021-afi-3", 0, "peelbot", "", "open", "", "open", "", "", nil)
	event("herts-2021-afi-3", 4, "U2", "C1", "close", "open", "addressed", "Policy published; minutes 12 March", "", nil)
	event("herts-2021-afi-3", 5, "U3", "", "note", "addressed", "addressed", "checked at the board", "", nil)
	afi("herts-2021-afi-4", "reopened", "", nil, 7, "U4", "audit found gaps", nil)
	event("herts-2021-afi-4", 0, "peelbot", "", "open", "", "open", "", "", nil)
	event("herts-2021-afi-4", 6, "U2", "", "close", "open", "addressed", "done", "", nil)
	event("herts-2021-afi-4", 7, "U4", "", "reopen", "addressed", "reopened", "audit found gaps", "", nil)
	afi("herts-2021-afi-5", "in_progress", "", nil, 8, "U5", "", nil)
	event("herts-2021-afi-5", 0, "peelbot", "", "open", "", "open", "", "", nil)
	event("herts-2021-afi-5", 8, "U5", "", "start", "open", "in_progress", "", "", nil)
	exec(`INSERT INTO digests (channel, day, instance, claimed_at, posted_at, message_ts, open_count, addressed_count)
		VALUES ('C1', '2025-03-03', 'old:1', $1, $1, '1741000000.000100', 4, 1)`, at(9))
}

// A store made by the peelbot of before sign-off, with real rows, is
// migrated with nothing lost: open items are awaiting allocation or in
// progress by owner, addressed ones closed and signed off by whoever
// addressed them, every event kept as written, one migrate event each.
func TestTheOldStoreIsMigratedWithNothingLost(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		oldStore(t, db)
		clk := newClock()
		clk.Advance(24 * time.Hour)
		s := db.open(t, clk)
		want := map[string]struct {
			status       tracker.Status
			owner        string
			signedOffBy  string
			evidence     string
			target       string
			oldEvents    int
			migrateNote  string
			statusSinceH int // hours after t0; -1: publication
		}{
			"herts-2021-afi-1": {tracker.StatusAwaiting, "", "", "", "", 1, "open without an owner became awaiting allocation", -1},
			"herts-2021-afi-2": {tracker.StatusInProgress, "U7", "", "", "2025-01-31", 4, "in progress with an owner became in progress", 2},
			"herts-2021-afi-3": {tracker.StatusClosed, "", "U2", "Policy published; minutes 12 March", "", 3, "addressed became closed, signed off by U2", 4},
			"herts-2021-afi-4": {tracker.StatusAwaiting, "", "", "", "", 3, "reopened without an owner became awaiting allocation", -1},
			"herts-2021-afi-5": {tracker.StatusAwaiting, "", "", "", "", 2, "in progress without an owner became awaiting allocation", -1},
		}
		items, err := s.Items(ctx)
		if err != nil || len(items) != len(want) {
			t.Fatalf("items %+v, %v", items, err)
		}
		var maxID int64
		for _, it := range items {
			w := want[it.ID]
			got, history, err := s.Get(ctx, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			target := ""
			if got.Target != nil {
				target = got.Target.Format(time.DateOnly)
			}
			if got.Status != w.status || got.Owner != w.owner || got.SignedOffBy != w.signedOffBy || got.Evidence != w.evidence || target != w.target || got.Type != tracker.TypeAFI {
				t.Errorf("%s migrated to %+v", it.ID, got)
			}
			since := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
			if w.statusSinceH >= 0 {
				since = t0.Add(time.Duration(w.statusSinceH) * time.Hour)
			}
			if !got.StatusSince.Equal(since) {
				t.Errorf("%s: status since %v, want %v", it.ID, got.StatusSince, since)
			}
			if w.status == tracker.StatusClosed && (got.ClosedAt == nil || !got.ClosedAt.Equal(t0.Add(4*time.Hour)) || got.LastNote != "checked at the board" || got.UpdatedBy != "U3") {
				t.Errorf("%s: closed %+v", it.ID, got)
			}
			if len(history) != w.oldEvents+1 {
				t.Fatalf("%s: history %+v", it.ID, history)
			}
			mig := history[len(history)-1]
			if mig.Action != tracker.ActionMigrate || mig.Actor != tracker.SystemActor || mig.To != w.status || !strings.Contains(mig.Note, w.migrateNote) {
				t.Errorf("%s: migrate event %+v, want a note with %q", it.ID, mig, w.migrateNote)
			}
			if history[0].Action != tracker.ActionOpen || history[0].To != tracker.LegacyOpen || !history[0].At.Equal(t0) {
				t.Errorf("%s: the first event was not kept as written: %+v", it.ID, history[0])
			}
			for _, e := range history {
				maxID = max(maxID, e.ID)
			}
		}
		_, h3, _ := s.Get(ctx, "herts-2021-afi-3")
		if c := h3[1]; c.Action != tracker.ActionClose || c.Actor != "U2" || c.Channel != "C1" || c.From != tracker.LegacyOpen || c.To != tracker.LegacyAddressed || c.Note != "Policy published; minutes 12 March" {
			t.Errorf("the close was not kept: %+v", c)
		}
		// The old digest is kept, and new events follow the old ids.
		if d, err := s.DigestFor(ctx, "C1", "2025-03-03"); err != nil || d == nil || d.MessageTS != "1741000000.000100" || d.Open != 4 || d.Closed != 1 {
			t.Errorf("old digest %+v, %v", d, err)
		}
		it := mustDo(t)(s.Assign(ctx, "herts-2021-afi-1", "U9", "U1", ""))
		_, h1, _ := s.Get(ctx, "herts-2021-afi-1")
		if it.Status != tracker.StatusInProgress || h1[len(h1)-1].ID <= maxID {
			t.Errorf("after the migration: %+v, event id %d after %d", it, h1[len(h1)-1].ID, maxID)
		}
		// Migrations are recorded; reopening changes nothing.
		before := snapshot(t, s)
		again := db.open(t, clk)
		if after := snapshot(t, again); !reflect.DeepEqual(after, before) {
			t.Error("opening again changed the migrated data")
		}
	})
}
