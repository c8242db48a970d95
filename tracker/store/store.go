// Package store is peelbot's persistence: what it must remember between
// runs, on SQLite or PostgreSQL. It implements tracker.Repository (every
// item's state and its history, the PCC responses) and keeps, beside it,
// which daily digests were claimed, posted and updated (digest.Claims),
// which notifications were claimed and sent (notify.Claims), the votes on
// answers and why, the scopes of Slack channels and threads, and which
// Slack events were acted on and which requests (by signature) accepted.
//
// It owns the SQL, the embedded migrations and the two backends; it may
// import tracker, tracker/digest and tracker/notify (whose types it
// stores), database/sql,
// pgx and modernc.org/sqlite, never Slack. The rules of what may change
// are tracker's: the store only keeps what tracker.Apply decided,
// atomically.
//
// One behaviour, two backends:
//
//   - SQLite (modernc.org/sqlite, pure Go) in a single file, the default. The
//     file is opened in WAL mode with a busy timeout (the operation's
//     deadline), foreign keys on, a pool of sqliteMaxConns connections and
//     write transactions that take the write lock up front, so the command
//     line and a running server can share it.
//   - PostgreSQL (github.com/jackc/pgx/v5, through pgxpool), for several bot
//     instances sharing one state, with its pool's size, connect timeout and
//     health checks, and the server's statement, lock and idle-transaction
//     timeouts, set explicitly (faults.go).
//
// Rules every operation keeps:
//
//   - An operation is one transaction: it changes everything it should or
//     nothing at all. A status never changes without the event that records
//     it, and a process killed midway leaves the last committed state.
//   - A refused operation (unknown id, a digest not claimed, blank input)
//     returns a *tracker.Error whose message can be shown to a user as is,
//     and changes nothing.
//   - Nothing is ever deleted from the audit trail.
//   - Every operation has a deadline (Config.Timeout): a database that is
//     slow, refusing connections or partitioned away fails it in bounded
//     time with tracker.ErrUnavailable, never a hang, and the store
//     recovers by itself when the database is back.
//   - Times are stored in UTC to the microsecond: item changes at the time
//     tracker.Service gives them, everything else by Config.Now.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// DefaultSQLitePath is where the SQLite file lives when Config.SQLitePath is
// empty.
const DefaultSQLitePath = "./peelbot.db"

// DefaultClaimLease is how long a digest or notification claim that was
// neither recorded nor released blocks other instances; see ClaimDigest.
// It is the longest a crash delays the digest or a notification. It is
// safe because a holder stops trying to post half way through it (see
// digest.Record), and Slack acts on a post within seconds of receiving it
// or not at all: by the time another instance takes the claim over and
// looks in the channel, whatever the first posted is there.
const DefaultClaimLease = time.Minute

// Config says which database to use. cmd/peelbot reads it from the
// environment (DATABASE_URL, PEEL_DB_PATH); the store never does.
type Config struct {
	// DatabaseURL, when it is a postgres:// or postgresql:// URL, selects
	// PostgreSQL. Any other non-empty value is an error rather than a silent
	// fall back to a local file. Tests may add search_path=SCHEMA to the URL's
	// query to keep to a schema of their own.
	DatabaseURL string
	// SQLitePath is the SQLite file used when DatabaseURL is empty; empty
	// means DefaultSQLitePath. The file is created when missing, its
	// directory is not.
	SQLitePath string
	// Now tells the time of digest claims, feedback, event dedupe and
	// migrations (an item's changes are timed by tracker.Service); nil
	// means time.Now.
	Now func() time.Time
	// ClaimLease is how long an unrecorded digest or notification claim
	// is honoured; zero means DefaultClaimLease.
	ClaimLease time.Duration
	// Timeout bounds each operation, from asking for a connection to its
	// commit; zero means DefaultTimeout. Past it the operation fails with
	// tracker.ErrUnavailable. On PostgreSQL the server is told the same
	// (statement_timeout, lock_timeout, and an idle transaction's
	// timeout), and on SQLite it is the busy timeout: how long a writer
	// waits for another's write lock. Migrations and tracking a library
	// are bulk writes, allowed longer (see bulkTimeout).
	Timeout time.Duration
	// DryRun opens the store so that nothing is ever written to the
	// database, for previews:
	//   - SQLite: the file is read, through a read-only connection, into a
	//     private in-memory copy that takes migrations and changes and is
	//     gone on Close. A missing file gives an empty store, and no
	//     file is created.
	//   - PostgreSQL: every transaction is read-only and no migration is
	//     applied; Open fails when one is missing. ReadOnly reports true,
	//     and any change fails.
	DryRun bool
}

// Store is an open AFI store. It is safe for concurrent use, and several
// Stores (in one process or many) may share one database.
type Store struct {
	db   *sql.DB
	pool *pgxpool.Pool // PostgreSQL's connections, under db; nil on SQLite
	// timeout bounds one operation (Config.Timeout).
	timeout time.Duration
	d       dialect
	now     func() time.Time
	lease   time.Duration
	where   string
	// readOnly: a dry run on PostgreSQL, whose every write fails.
	readOnly bool
}

// dialect holds the little SQL that differs between the backends. Queries
// are otherwise shared: both accept $1 placeholders, ON CONFLICT and
// RETURNING.
type dialect struct {
	name string
	// forUpdate locks the rows a read-modify-write transaction reads. SQLite
	// needs none: its write transactions hold the database's write lock
	// from BEGIN.
	forUpdate string
	// lockMigrations is run first in the migration transaction so that
	// instances starting together migrate one after the other.
	lockMigrations string
}

var (
	sqliteDialect   = dialect{name: "sqlite"}
	postgresDialect = dialect{
		name:      "postgres",
		forUpdate: " FOR UPDATE",
		// The lock is per schema so that stores in different schemas of one
		// database (as in tests) do not wait for each other.
		lockMigrations: "SELECT pg_advisory_xact_lock(hashtext('peelbot.store.migrate:' || coalesce(current_schema(), '')))",
	}
)

// Open connects to the database Config selects, applies any migrations it
// has not yet had and returns the store.
func Open(ctx context.Context, c Config) (*Store, error) {
	s := &Store{now: c.Now, lease: c.ClaimLease, timeout: c.Timeout}
	if s.now == nil {
		s.now = time.Now
	}
	if s.timeout <= 0 {
		s.timeout = DefaultTimeout
	}
	if s.lease <= 0 {
		s.lease = DefaultClaimLease
	}
	var err error
	dbURL := strings.TrimSpace(c.DatabaseURL)
	switch {
	case IsPostgresURL(dbURL):
		s.d = postgresDialect
		s.where, err = describePostgres(dbURL)
		if err == nil && c.DryRun {
			s.readOnly = true
			dbURL, err = readOnlyURL(dbURL)
		}
		if err == nil {
			err = s.openPostgres(ctx, dbURL)
		}
	case dbURL != "":
		return nil, errors.New("open store: the database URL must be a postgres:// or postgresql:// URL (leave it empty to use SQLite)")
	default:
		path := c.SQLitePath
		if path == "" {
			path = DefaultSQLitePath
		}
		s.d = sqliteDialect
		s.where = "SQLite " + path
		if c.DryRun {
			s.where = "a private copy of SQLite " + path
			if err := s.openSQLiteCopy(ctx, path); err != nil {
				return nil, fmt.Errorf("open store (%s): %w", s.where, err)
			}
			break
		}
		var dsn string
		if dsn, err = sqliteDSN(path, s.timeout); err == nil {
			s.db, err = sql.Open("sqlite", dsn)
		}
		if err == nil {
			s.db.SetMaxOpenConns(sqliteMaxConns)
			s.db.SetMaxIdleConns(sqliteMaxConns)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store (%s): %w", s.where, failed(err))
	}
	migrate := s.migrate
	if s.readOnly {
		migrate = s.checkMigrated
	}
	if err := migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store (%s): %w", s.where, err)
	}
	return s, nil
}

// openPostgres makes s.db a pool of PostgreSQL connections to dbURL, with
// the limits and deadlines set explicitly (see faults.go): how many
// connections, how long one takes to make, how often idle ones are
// checked, and how long the server lets a statement, a lock wait and an
// idle transaction run. database/sql keeps no idle connections of its own
// over the pool (stdlib.OpenDBFromPool), so that pgxpool's health checks
// see every one. pool_* parameters in the URL are not needed and are
// overridden.
func (s *Store) openPostgres(ctx context.Context, dbURL string) error {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		// pgx quotes the URL, password included; say less.
		return errors.New("DATABASE_URL is not a valid PostgreSQL URL")
	}
	cfg.MaxConns = pgMaxConns
	cfg.MinConns = 0
	cfg.HealthCheckPeriod = pgHealthCheckPeriod
	cfg.MaxConnIdleTime = pgMaxConnIdleTime
	cfg.MaxConnLifetime = pgMaxConnLifetime
	cfg.ConnConfig.ConnectTimeout = min(pgConnectTimeout, s.timeout)
	ms := fmt.Sprint(s.timeout.Milliseconds())
	for k, v := range map[string]string{"statement_timeout": ms, "lock_timeout": ms, "idle_in_transaction_session_timeout": fmt.Sprint(pgIdleInTransaction.Milliseconds())} {
		if _, set := cfg.ConnConfig.RuntimeParams[k]; !set {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	s.pool = pool
	s.db = stdlib.OpenDBFromPool(pool)
	s.db.SetMaxOpenConns(pgMaxConns)
	return nil
}

// Lease is how long a digest or notification claim that was neither
// recorded nor released holds before another instance may take it over
// (digest.Claims, notify.Claims).
func (s *Store) Lease() time.Duration { return s.lease }

// ReadOnly reports whether every change to the store fails: a dry run on
// PostgreSQL (see Config.DryRun). Callers that would sync or record skip
// it.
func (s *Store) ReadOnly() bool { return s.readOnly }

// readOnlyURL makes every transaction of connections to the PostgreSQL URL
// raw read-only: the server refuses any write, whatever the code asks.
func readOnlyURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("DATABASE_URL is not a valid URL")
	}
	q := u.Query()
	q.Set("default_transaction_read_only", "on") // sent to the server as a run-time parameter
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// openSQLiteCopy gives s a private in-memory database: a copy of the file
// at path when there is one, else an empty database. The file is read
// through a read-only connection with SQLite's backup API, which copies a
// consistent state (a running server's latest commits included), and is
// never written; no file is created. (While a server has the file open, the
// read takes its turn through the shared-memory index beside it, the -shm
// file, as every reader must; the database and its log are untouched.) The
// copy is one connection's: each in-memory connection is a database of its
// own, so the pool keeps one.
func (s *Store) openSQLiteCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", ":memory:?_foreign_keys=1")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s.db = db
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		db.Close()
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		db.Close()
		return err
	}
	query := "mode=ro"
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		// No write-ahead log: the file holds the whole database, and no
		// process has it open (the last to close removed the log). Read
		// it as immutable, or SQLite would create a log and a shared-
		// memory file next to it, and leave them behind.
		query += "&immutable=1"
	}
	src := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: query}).String()
	if err := restore(ctx, db, src); err != nil {
		db.Close()
		return fmt.Errorf("copy %s: %w", path, err)
	}
	return nil
}

// restore copies the SQLite database at the URI src into db's one
// connection.
func restore(ctx context.Context, db *sql.DB, src string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) cannot restore a backup", dc)
		}
		b, err := r.NewRestore(src)
		if err != nil {
			return err
		}
		for {
			more, err := b.Step(-1)
			if err != nil {
				b.Finish()
				return err
			}
			if !more {
				return b.Finish()
			}
		}
	})
}

// Close closes the store's database connections.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Ping checks that the database can be reached, within the store's
// deadline (and ctx's); a failure is tracker.ErrUnavailable.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return failed(s.db.PingContext(ctx))
}

// String says which database the store uses, without any password, for
// logs: "SQLite ./peelbot.db" or "PostgreSQL db.example:5432/peelbot".
func (s *Store) String() string { return s.where }

// ping makes the first connection. Several processes opening a new SQLite
// file at once race to switch it to WAL, and SQLite answers the losers
// SQLITE_BUSY at once, without waiting on the busy timeout; so a busy
// first connection is retried, for as long as the busy timeout.
func (s *Store) ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	deadline := time.Now().Add(s.timeout)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.db.PingContext(ctx)
		if err == nil || s.d.name != sqliteDialect.name || !isBusy(err) || time.Now().Add(wait).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5 // SQLITE_BUSY, any extended code
}

// IsPostgresURL reports whether u selects PostgreSQL: a postgres:// or
// postgresql:// URL. Any other non-empty DatabaseURL is refused by Open.
func IsPostgresURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

func describePostgres(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the whole URL, password included; say less.
		return "", errors.New("DATABASE_URL is not a valid URL")
	}
	return "PostgreSQL " + u.Host + u.Path, nil
}

// sqliteDSN builds the modernc.org/sqlite data source name for path. WAL
// lets readers and one writer work at once across processes; FULL
// synchronous makes a commit survive a power cut, not just a crash; an
// immediate transaction takes the write lock at BEGIN, so two writers queue
// on the busy timeout instead of one failing when it first writes.
func sqliteDSN(path string, busy time.Duration) (string, error) {
	if strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		return "", fmt.Errorf("SQLite path %q: use a plain file path without ? or #", path)
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busy.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode(), nil
}

// clock returns the current time as stored: UTC, to the microsecond, which
// is PostgreSQL's precision, so both backends give back what was written.
func (s *Store) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// write runs fn in a read-write transaction and commits when fn returns
// nil. The transaction is begun within the store's deadline (fn's
// statements use the context the caller bound, see bound), and a failure
// to reach the database is tracker.ErrUnavailable.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return failed(s.inTx(ctx, nil, fn))
}

// writeBulk is write with the longer deadline of a bulk write, which
// PostgreSQL is told for this transaction too: a migration's statements,
// and waiting for another instance's migration (its advisory lock) or its
// newly tracked rows, may take longer than one operation.
func (s *Store) writeBulk(ctx context.Context, fn func(*sql.Tx) error) error {
	d := max(s.timeout, bulkTimeout)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return failed(s.inTx(ctx, nil, func(tx *sql.Tx) error {
		if s.d.name == postgresDialect.name {
			ms := d.Milliseconds()
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d; SET LOCAL lock_timeout = %d", ms, ms)); err != nil {
				return fmt.Errorf("allow a bulk write %s: %w", d, err)
			}
		}
		return fn(tx)
	}))
}

// read runs fn in a read-only transaction, so that its queries see one
// consistent state, within the store's deadline as write does.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return failed(s.inTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}, fn))
}

// query runs a query outside a transaction; a failure to reach the
// database is tracker.ErrUnavailable.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	return rows, failed(err)
}

func (s *Store) inTx(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// timeLayout is how times are written: fixed width, so that SQLite's text
// comparison orders them, and understood by PostgreSQL's timestamptz input.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// dayLayout is how calendar days (due dates, digest days) are written.
const dayLayout = "2006-01-02"

func timeArg(t time.Time) string { return t.UTC().Format(timeLayout) }

func dayArg(t time.Time) string { return t.Format(dayLayout) }

// optionalDayArg is nil for no day, so the column is NULL.
func optionalDayArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dayArg(*t)
}

// optionalTimeArg is nil for no time, so the column is NULL.
func optionalTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return timeArg(*t)
}

// dbTime scans a time column: PostgreSQL returns time.Time, SQLite the text
// timeLayout or dayLayout wrote. Valid is false for NULL.
type dbTime struct {
	Time  time.Time
	Valid bool
}

func (t *dbTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = dbTime{}
		return nil
	case time.Time:
		*t = dbTime{Time: v.UTC(), Valid: true}
		return nil
	case []byte:
		return t.parse(string(v))
	case string:
		return t.parse(v)
	}
	return fmt.Errorf("scan time: unexpected %T", src)
}

func (t *dbTime) parse(s string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, dayLayout} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = dbTime{Time: v.UTC(), Valid: true}
			return nil
		}
	}
	return fmt.Errorf("scan time: cannot parse %q", s)
}

// ptr is the time as an optional value.
func (t dbTime) ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// day is a scanned calendar day written as dayLayout.
func (t dbTime) day() string {
	if !t.Valid {
		return ""
	}
	return t.Time.Format(dayLayout)
}
