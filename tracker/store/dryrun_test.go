package store

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// fileState is what a dry run must leave as it found: the files of a
// directory, with their bytes and modification times.
type fileState map[string]struct {
	data    []byte
	modTime time.Time
}

func filesIn(t *testing.T, dir string) fileState {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := fileState{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = struct {
			data    []byte
			modTime time.Time
		}{data, info.ModTime()}
	}
	return out
}

// sameFiles fails the test for any file created, removed or changed,
// except the shared-memory index (-shm) of a file a server has open, which
// every reader takes its turn through.
func sameFiles(t *testing.T, what string, before, after fileState) {
	t.Helper()
	for name, b := range before {
		if strings.HasSuffix(name, "-shm") {
			continue
		}
		a, ok := after[name]
		switch {
		case !ok:
			t.Errorf("%s: %s was removed", what, name)
		case !bytes.Equal(a.data, b.data):
			t.Errorf("%s: %s was written", what, name)
		case !a.modTime.Equal(b.modTime):
			t.Errorf("%s: %s was touched (%v, was %v)", what, name, a.modTime, b.modTime)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: %s was created", what, name)
		}
	}
}

func TestADryRunOnAMissingSQLiteFileCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "peelbot.db")
	s, err := Open(ctx, Config{SQLitePath: path, DryRun: true, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sync(ctx, unknownDates("herts-2021-afi-1", "herts-2021-afi-2")); err != nil || n != 2 {
		t.Fatalf("Sync in the private copy = %d, %v", n, err)
	}
	if got, err := s.List(ctx); err != nil || len(got) != 2 || got[0].Status != tracker.StatusAwaiting {
		t.Errorf("List = %+v, %v", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "a dry run on a missing file", fileState{}, filesIn(t, dir))
}

// A dry run on an existing file reads its state, even the latest commit of
// a server that has it open, takes changes (migrations, syncs) into its
// private copy only, and leaves the file as it was.
func TestADryRunReadsASQLiteFileAndNeverWritesIt(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	path := filepath.Join(dir, "peelbot.db")
	server, err := Open(ctx, Config{SQLitePath: path, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if _, err := server.Sync(ctx, unknownDates("herts-2021-afi-1", "herts-2021-afi-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Address(ctx, "herts-2021-afi-1", "Done", "U1", ""); err != nil {
		t.Fatal(err)
	}
	before := filesIn(t, dir)

	dry, err := Open(ctx, Config{SQLitePath: path, DryRun: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := dry.Get(ctx, "herts-2021-afi-1")
	if err != nil || a.Status != tracker.StatusClosed || a.LastNote != "Done" {
		t.Errorf("the dry run does not see the server's commit: %+v, %v", a, err)
	}
	if _, err := dry.Sync(ctx, unknownDates("herts-2021-afi-3")); err != nil {
		t.Fatal(err)
	}
	if _, err := dry.Address(ctx, "herts-2021-afi-2", "Only in the copy", "U1", ""); err != nil {
		t.Fatal(err)
	}
	if err := dry.Close(); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "a dry run on a file a server has open", before, filesIn(t, dir))
	if b, _, err := server.Get(ctx, "herts-2021-afi-2"); err != nil || b.Status != tracker.StatusAwaiting {
		t.Errorf("a change in the dry run reached the file: %+v, %v", b, err)
	}
	if _, _, err := server.Get(ctx, "herts-2021-afi-3"); err == nil {
		t.Error("a sync in the dry run reached the file")
	}

	// Closed, the file is a single file; a dry run of it, made by an older
	// peelbot (a migration missing), migrates only its copy.
	if _, err := server.db.Exec(`ALTER TABLE digests DROP COLUMN thread_at`); err != nil {
		t.Fatal(err)
	}
	if _, err := server.db.Exec(`DELETE FROM schema_migrations WHERE version = '005_digest_threads.sql'`); err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"replies_posted", "afis_posted", "thread_pending"} {
		if _, err := server.db.Exec(`ALTER TABLE digests DROP COLUMN ` + col); err != nil {
			t.Fatal(err)
		}
	}
	server.Close()
	before = filesIn(t, dir)
	dry, err = Open(ctx, Config{SQLitePath: path, DryRun: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := dry.LastDigest(ctx, "C1"); err != nil || d != nil {
		t.Errorf("LastDigest on the migrated copy = %+v, %v", d, err)
	}
	dry.Close()
	sameFiles(t, "a dry run of an older file", before, filesIn(t, dir))
}

func TestADryRunOnPostgreSQLReadsAndNeverWrites(t *testing.T) {
	db := newPostgresDB(t)
	cfg := db.cfg
	cfg.DryRun = true
	if _, err := Open(ctx, cfg); err == nil || !strings.Contains(err.Error(), "no peelbot store yet") {
		t.Fatalf("a dry run on an empty database = %v, want a refusal to create the store", err)
	}
	raw, err := sql.Open("pgx", db.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var tables int
	if err := raw.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("a refused dry run left %d tables (%v)", tables, err)
	}
	clk := newClock()
	live := db.open(t, clk)
	if _, err := live.Sync(ctx, unknownDates("herts-2021-afi-1", "herts-2021-afi-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := live.Address(ctx, "herts-2021-afi-1", "Done", "U1", ""); err != nil {
		t.Fatal(err)
	}

	cfg.Now = clk.Now
	dry, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer dry.Close()
	if !dry.ReadOnly() || live.ReadOnly() {
		t.Errorf("ReadOnly: dry run %v, live %v", dry.ReadOnly(), live.ReadOnly())
	}
	if got, err := dry.List(ctx); err != nil || len(got) != 2 || got[0].Status != tracker.StatusClosed {
		t.Errorf("List = %+v, %v", got, err)
	}
	if _, err := dry.Address(ctx, "herts-2021-afi-2", "Never", "U1", ""); err == nil {
		t.Error("a dry run changed an AFI")
	}
	if _, err := dry.Sync(ctx, unknownDates("herts-2021-afi-3")); err == nil {
		t.Error("a dry run synced an AFI")
	}
	if b, _, err := live.Get(ctx, "herts-2021-afi-2"); err != nil || b.Status != tracker.StatusAwaiting {
		t.Errorf("the dry run's change reached the database: %+v, %v", b, err)
	}

	// A missing migration is not applied, and said.
	if _, err := live.db.Exec(`DELETE FROM schema_migrations WHERE version = '005_digest_threads.sql'`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, cfg); err == nil || !strings.Contains(err.Error(), "005_digest_threads.sql") {
		t.Errorf("a dry run on an older store = %v, want it to name the missing migration", err)
	}
}
