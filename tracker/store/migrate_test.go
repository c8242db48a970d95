package store

import (
	"io/fs"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestMigrationsAreRecordedAndReopenIsANoOp(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		files, err := fs.Glob(migrations, "migrations/"+s.d.name+"/*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("no embedded migrations for %s: %v", s.d.name, err)
		}
		applied, err := s.Migrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != len(files) {
			t.Fatalf("applied %+v, want one per file %v", applied, files)
		}
		for i, m := range applied {
			if "migrations/"+s.d.name+"/"+m.Version != files[i] || !m.AppliedAt.Equal(t0) {
				t.Errorf("migration %d = %+v, want %s applied at %v", i, m, files[i], t0)
			}
		}
		if _, err := s.Sync(ctx, unknownDates("a")); err != nil {
			t.Fatal(err)
		}
		mustDo(t)(s.Address(ctx, "a", "done", "U1", ""))
		before := snapshot(t, s)

		clk.Advance(time.Hour)
		again := db.open(t, clk)
		reapplied, err := again.Migrations(ctx)
		if err != nil || !reflect.DeepEqual(reapplied, applied) {
			t.Errorf("re-Open changed schema_migrations: %+v, %v", reapplied, err)
		}
		if after := snapshot(t, again); !reflect.DeepEqual(after, before) {
			t.Errorf("re-Open changed the data:\nbefore %+v\n after %+v", before, after)
		}
	})
}

func TestConcurrentOpensMigrateOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		const n = 3
		stores := make([]*Store, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				stores[i], errs[i] = db.openErr(clk)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("instance %d failed to open: %v", i, err)
			}
			t.Cleanup(func() { stores[i].Close() })
		}
		applied, err := stores[0].Migrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := fs.Glob(migrations, "migrations/"+stores[0].d.name+"/*.sql")
		if len(applied) != len(files) {
			t.Errorf("schema_migrations = %+v, want each of %v once", applied, files)
		}
	})
}

// An older peelbot's database, made before the later migrations existed,
// gets just those when a newer one opens it, and keeps its data.
func TestOpenAppliesOnlyNewMigrations(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if _, err := s.Sync(ctx, unknownDates("a")); err != nil {
			t.Fatal(err)
		}
		mustDo(t)(s.AddNote(ctx, "a", "kept across the upgrade", "U1", ""))
		before := snapshot(t, s)
		applied, err := s.Migrations(ctx)
		if err != nil || len(applied) < 2 {
			t.Fatalf("want at least two migrations to test an upgrade: %+v, %v", applied, err)
		}
		// Undo the latest migrations, as if they did not exist yet (the
		// move from the old AFI tables is tested in upgrade_test.go).
		for _, stmt := range []string{
			"DROP TABLE notifications",
			"ALTER TABLE digests DROP COLUMN through_event",
			"ALTER TABLE digests DROP COLUMN composed_at",
			"DROP TABLE scopes",
			"DROP INDEX feedback_one_vote",
			"ALTER TABLE feedback DROP COLUMN answer",
			"ALTER TABLE feedback DROP COLUMN reason",
			"ALTER TABLE feedback DROP COLUMN note",
			"ALTER TABLE feedback DROP COLUMN updated_at",
			"ALTER TABLE digests DROP COLUMN first_claimed_at",
			"DROP TABLE seen_signatures",
			"DELETE FROM schema_migrations WHERE version IN ('008_notifications.sql', '009_digest_updates.sql', '020_feedback_votes.sql', '021_scopes.sql', '030_seen_signatures.sql', '040_first_claims.sql')",
		} {
			if _, err := s.db.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		upgradedAt := clk.Advance(24 * time.Hour)
		newer := db.open(t, clk)
		got, err := newer.Migrations(ctx)
		if err != nil || len(got) != len(applied) {
			t.Fatalf("after upgrade: %+v, %v", got, err)
		}
		for i, m := range got {
			want := t0
			if m.Version >= "008" {
				want = upgradedAt
			}
			if m.Version != applied[i].Version || !m.AppliedAt.Equal(want) {
				t.Errorf("migration %d = %+v, want %s applied at %v", i, m, applied[i].Version, want)
			}
		}
		if after := snapshot(t, newer); !reflect.DeepEqual(after, before) {
			t.Errorf("upgrade changed the data:\nbefore %+v\n after %+v", before, after)
		}
		if _, err := newer.ClaimDigest(ctx, "C1", "2025-03-04", "a"); err != nil {
			t.Errorf("digests table missing after upgrade: %v", err)
		}
		if err := newer.RecordFeedback(ctx, Feedback{Question: "q", User: "U1"}); err != nil {
			t.Errorf("feedback table missing after upgrade: %v", err)
		}
	})
}
