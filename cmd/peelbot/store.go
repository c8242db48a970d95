package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
)

// storeEnvHelp describes, for a command's help, the environment that
// chooses the AFI store.
const storeEnvHelp = `  DATABASE_URL       a postgres:// or postgresql:// URL: keep AFI status and
                     feedback in PostgreSQL, shared by every instance
  PEEL_DB_PATH       the SQLite file used when DATABASE_URL is unset
                     (default ` + store.DefaultSQLitePath + `)`

// openStore opens the AFI store the environment selects.
func (a *app) openStore(ctx context.Context) (*store.Store, error) {
	return a.openStoreWith(ctx, false)
}

// openPreview opens the store the environment selects for a dry run, so
// that nothing is written to it: no file created, no migration applied,
// no AFI synced (see store.Config.DryRun). The caller closes it.
func (a *app) openPreview(ctx context.Context) (*store.Store, error) {
	return a.openStoreWith(ctx, true)
}

func (a *app) openStoreWith(ctx context.Context, dryRun bool) (*store.Store, error) {
	cfg, err := a.env().storeConfig(dryRun)
	if err != nil {
		return nil, err
	}
	return openStore(ctx, cfg)
}

// openStore opens the store cfg selects; when it cannot, the error is one
// line naming the setting to fix (see storeOpenError).
func openStore(ctx context.Context, cfg store.Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg)
	if err != nil {
		return nil, storeOpenError(cfg, err)
	}
	return st, nil
}

// storeOpenError is err, from opening the store cfg selects, as one line
// a user can act on: which setting (DATABASE_URL or PEEL_DB_PATH), which
// database (host:port and name, never the user or password) or file, and
// what to do. An error it does not recognise keeps its text, with the
// setting named.
func storeOpenError(cfg store.Config, err error) error {
	if strings.TrimSpace(cfg.DatabaseURL) != "" {
		return postgresOpenError(cfg.DatabaseURL, err)
	}
	path := cmp.Or(cfg.SQLitePath, store.DefaultSQLitePath)
	return sqliteOpenError(path, err)
}

// postgresOpenError explains a failure to open the PostgreSQL store.
func postgresOpenError(dbURL string, err error) error {
	where, db := postgresWhere(dbURL)
	if where == "" {
		return err // not a URL: the store's own message says so without quoting it
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch {
		case pgErr.Code == "3D000":
			return fmt.Errorf("DATABASE_URL: PostgreSQL at %s has no database %q: create it (createdb %s) or name another", where, db, db)
		case pgErr.Code == "28000", pgErr.Code == "28P01":
			return fmt.Errorf("DATABASE_URL: PostgreSQL at %s refused the login: %s", where, pgErr.Message)
		case strings.HasPrefix(pgErr.Code, "42"):
			return fmt.Errorf("DATABASE_URL: PostgreSQL at %s/%s refused peelbot's tables: %s (SQLSTATE %s)", where, db, pgErr.Message, pgErr.Code)
		}
		return fmt.Errorf("DATABASE_URL: PostgreSQL at %s/%s: %s (SQLSTATE %s)", where, db, pgErr.Message, pgErr.Code)
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); !ok && !errors.Is(err, tracker.ErrUnavailable) {
		return err
	}
	return fmt.Errorf("DATABASE_URL: cannot reach PostgreSQL at %s: %s", where, netCause(err))
}

// postgresWhere is the host:port and database name of a postgres:// URL,
// without its user or password; where is "" when it is not a URL.
func postgresWhere(dbURL string) (where, db string) {
	u, err := url.Parse(strings.TrimSpace(dbURL))
	if err != nil || u.Host == "" {
		return "", ""
	}
	where = u.Host
	if u.Port() == "" && !strings.Contains(u.Host, ",") {
		where = net.JoinHostPort(u.Hostname(), "5432")
	}
	return where, cmp.Or(strings.TrimPrefix(u.Path, "/"), u.User.Username(), "postgres")
}

// netCause says in a few words why a connection failed.
func netCause(err error) string {
	if dns, ok := errors.AsType[*net.DNSError](err); ok {
		return fmt.Sprintf("no such host %q", dns.Name)
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the connection was refused (is the server running, on that port?)"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "it did not answer in time"
	}
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Err != nil {
		return op.Err.Error()
	}
	return "it did not answer"
}

// SQLite's primary result codes that opening a file can meet.
const (
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteOpenError explains a failure to open the SQLite store at path.
func sqliteOpenError(path string, err error) error {
	sqErr, ok := errors.AsType[*sqlite.Error](err)
	if !ok {
		return fmt.Errorf("PEEL_DB_PATH %s: %w", path, err)
	}
	switch sqErr.Code() & 0xff {
	case sqliteNotADB, sqliteCorrupt:
		return fmt.Errorf("PEEL_DB_PATH %s is not a SQLite database (or is damaged): point PEEL_DB_PATH at the right file, or restore it from a backup", path)
	case sqliteCantOpen:
		if dir := filepath.Dir(path); !isDir(dir) {
			return fmt.Errorf("PEEL_DB_PATH %s: the folder %s does not exist; create it or name a file in another folder", path, dir)
		}
		return fmt.Errorf("PEEL_DB_PATH %s cannot be opened: it must be a file (created if missing) that peelbot may read and write", path)
	case sqliteReadOnly:
		return fmt.Errorf("PEEL_DB_PATH %s is read-only for peelbot: it must be allowed to write the file and its folder", path)
	}
	return fmt.Errorf("PEEL_DB_PATH %s: %w", path, err)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// openTracking opens the store cfg selects and the tracker on it, with
// policy, and makes sure the store tracks every AFI of lib, so that a new
// report's AFIs start open, since the report was published. The caller
// closes the store.
func (a *app) openTracking(ctx context.Context, lib *corpus.Library, cfg store.Config, policy tracker.Policy) (*tracker.Service, *store.Store, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc := &tracker.Service{Repo: st, Library: lib, Policy: policy, Location: a.env().workspaceZone()}
	if _, err := svc.Sync(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, st, nil
}

// openLibraryTracking loads the reports of dir and opens the tracking of
// their items, as every tracking command starts.
func (a *app) openLibraryTracking(ctx context.Context, dir string) (*corpus.Library, *tracker.Service, *store.Store, error) {
	lib, err := a.library(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	svc, st, err := a.openAFIs(ctx, lib)
	if err != nil {
		return nil, nil, nil, err
	}
	return lib, svc, st, nil
}

// openAFIs opens the tracker as the environment configures it, for the
// afi commands.
func (a *app) openAFIs(ctx context.Context, lib *corpus.Library) (*tracker.Service, *store.Store, error) {
	e := a.env()
	cfg, err := e.storeConfig(false)
	if err != nil {
		return nil, nil, err
	}
	policy, err := e.policy()
	if err != nil {
		return nil, nil, err
	}
	return a.openTracking(ctx, lib, cfg, policy)
}
