package store

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker/store/storetest"

	"github.com/peelbot/peelbot/tracker"
)

// The suite runs every test against both backends: SQLite in a temporary
// directory and the real PostgreSQL, each test in a schema of its own (see
// package storetest). PostgreSQL being unreachable fails the tests; set
// PEEL_TEST_DATABASE_URL=skip to run SQLite only, deliberately.

func TestMain(m *testing.M) {
	if cfg := os.Getenv(childEnv); cfg != "" {
		os.Exit(runChild(cfg))
	}
	os.Exit(m.Run())
}

// testDB is one fresh, empty database for one test. Every open of it is a
// separate Store with its own connections, like a separate instance.
type testDB struct {
	backend string
	cfg     Config
}

// open opens a new Store on the database, timed by clk, closed when the
// test ends.
func (db testDB) open(t *testing.T, clk *clock) *Store {
	t.Helper()
	s, err := db.openErr(clk)
	if err != nil {
		t.Fatalf("open %s store: %v", db.backend, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (db testDB) openErr(clk *clock) (*Store, error) {
	cfg := db.cfg
	cfg.Now = clk.Now
	return Open(context.Background(), cfg)
}

// eachBackend runs fn once per backend, each with a fresh database.
func eachBackend(t *testing.T, fn func(t *testing.T, db testDB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newSQLiteDB(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, newPostgresDB(t)) })
}

func newSQLiteDB(t *testing.T) testDB {
	return fromStoretest(storetest.SQLite(t))
}

// newPostgresDB is a schema of the test's own on the real PostgreSQL,
// dropped when the test ends.
func newPostgresDB(t *testing.T) testDB {
	t.Helper()
	return fromStoretest(storetest.Postgres(t))
}

func fromStoretest(db storetest.DB) testDB {
	return testDB{backend: db.Backend, cfg: Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath}}
}

// clock is a test clock that moves only when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// t0 is a Monday morning in March, in UTC.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func newClock() *clock { return &clock{t: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d and returns the new time.
func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// wantRefusal fails unless err is an *Error of the given kind with a message
// for the user that contains every one of mentions.
func wantRefusal(t *testing.T, what string, err error, code error, mentions ...string) {
	t.Helper()
	var refusal *tracker.Error
	if !errors.As(err, &refusal) || !errors.Is(err, code) {
		t.Errorf("%s: err = %v (%T), want a refusal %q", what, err, err, code)
		return
	}
	if strings.TrimSpace(refusal.Message) == "" {
		t.Errorf("%s: refusal has no message", what)
	}
	for _, m := range mentions {
		if !strings.Contains(refusal.Message, m) {
			t.Errorf("%s: message %q does not mention %q", what, refusal.Message, m)
		}
	}
}

func TestOpenRefusesAnotherKindOfDatabaseURL(t *testing.T) {
	_, err := Open(context.Background(), Config{DatabaseURL: "mysql://peel:pw@db/peel", SQLitePath: filepath.Join(t.TempDir(), "x.db")})
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("Open(mysql URL) = %v, want an error naming postgres://", err)
	}
}

func TestOpenNeverShowsThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, Config{DatabaseURL: "postgres://peel:sekr3t-pw@127.0.0.1:1/peel?sslmode=disable&connect_timeout=2"})
	if err == nil {
		t.Fatal("Open on a closed port succeeded")
	}
	if strings.Contains(err.Error(), "sekr3t-pw") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestSQLiteIsSharedSafely(t *testing.T) {
	db := newSQLiteDB(t)
	s := db.open(t, newClock())
	if got := s.String(); got != "SQLite "+db.cfg.SQLitePath {
		t.Errorf("String() = %q", got)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "synchronous": "2"} {
		var got string
		if err := s.db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO item_events (item_id, at, actor, action, from_status, to_status) VALUES ('nope', 'x', 'a', 'note', 'closed', 'closed')`); err == nil {
		t.Error("an event for an AFI that does not exist was accepted: foreign keys are off")
	}
}

func TestPostgresStoreNamesNoPassword(t *testing.T) {
	db := newPostgresDB(t)
	s := db.open(t, newClock())
	u, _ := url.Parse(db.cfg.DatabaseURL)
	if got, want := s.String(), "PostgreSQL "+u.Host+u.Path; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
