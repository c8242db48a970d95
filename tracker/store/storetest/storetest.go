// Package storetest gives tests fresh, empty databases for the AFI store:
// a SQLite file in a temporary directory, and a schema of its own on the
// real PostgreSQL server. Every package whose tests touch the store uses
// it, so that all of them run on both backends.
//
// PostgreSQL is found at PEEL_TEST_DATABASE_URL, by default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. An unreachable
// server fails the test: the store must be tested on PostgreSQL. Set
// PEEL_TEST_DATABASE_URL=skip to run SQLite only, deliberately.
//
// Only tests import it; it may import database/sql and pgx.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// DefaultURL is the PostgreSQL used when PEEL_TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DB is one fresh, empty database. Exactly one of DatabaseURL and
// SQLitePath is set, as store.Config wants them; every store.Open of it is
// a separate handle with its own connections, like a separate instance.
type DB struct {
	Backend     string // "sqlite" or "postgres"
	DatabaseURL string
	SQLitePath  string
}

// Each runs fn once per backend, as subtests named after them, each with a
// fresh database.
func Each(t *testing.T, fn func(t *testing.T, db DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite is a database file in the test's temporary directory.
func SQLite(t testing.TB) DB {
	return DB{Backend: "sqlite", SQLitePath: filepath.Join(t.TempDir(), "peelbot.db")}
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	schemaSeq atomic.Int64
)

// URL is the PostgreSQL server tests use: PEEL_TEST_DATABASE_URL, or
// DefaultURL.
func URL() string {
	if u := os.Getenv("PEEL_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// Postgres creates a schema of the test's own and returns a database whose
// connections use only it (search_path); the schema is dropped when the
// test ends.
func Postgres(t testing.TB) DB {
	t.Helper()
	base := URL()
	if base == "skip" {
		t.Skip("PEEL_TEST_DATABASE_URL=skip: PostgreSQL tests skipped on request")
	}
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", base)
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			adminErr = admin.PingContext(ctx)
			cancel()
		}
	})
	if adminErr != nil {
		t.Fatalf("PostgreSQL at PEEL_TEST_DATABASE_URL (default %s) is unreachable: %v\n"+
			"The store must be tested on PostgreSQL; set PEEL_TEST_DATABASE_URL=skip to skip it deliberately.", DefaultURL, adminErr)
	}
	schema := fmt.Sprintf("peeltest_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PEEL_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return DB{Backend: "postgres", DatabaseURL: u.String()}
}
