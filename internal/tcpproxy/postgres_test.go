package tcpproxy_test

// These tests put the proxy in front of the real PostgreSQL the project's
// tests use and assert what a client (pgx, and database/sql over pgx's
// stdlib driver) sees in each mode: an error within its deadline, never a
// hang past it, and a working connection once the mode is Pass again.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/peelbot/peelbot/internal/tcpproxy"
)

// defaultPostgres is the server the project's tests use when
// PEEL_TEST_DATABASE_URL is unset.
const defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// postgresURL is the test server's URL. Like the store's tests, these fail
// rather than skip when it cannot be reached, unless
// PEEL_TEST_DATABASE_URL=skip says to skip them.
func postgresURL(t *testing.T) string {
	t.Helper()
	raw := os.Getenv("PEEL_TEST_DATABASE_URL")
	if raw == "skip" {
		t.Skip("PEEL_TEST_DATABASE_URL=skip: PostgreSQL tests skipped on request")
	}
	if raw == "" {
		raw = defaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatalf("PostgreSQL at PEEL_TEST_DATABASE_URL (default %s) is unreachable: %v", defaultPostgres, err)
	}
	c.Close(ctx)
	return raw
}

// proxied starts a proxy in front of the test server and returns it with
// the URL that goes through it, with an application_name of the test's
// own so the server's view of its sessions can be checked.
func proxied(t *testing.T) (p *tcpproxy.Proxy, direct, via, appName string) {
	t.Helper()
	direct = postgresURL(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	p = tcpproxy.Start(t, u.Host)
	appName = fmt.Sprintf("tcpproxy-test-%d", rand.Int64())
	q := u.Query()
	q.Set("application_name", appName)
	u.RawQuery = q.Encode()
	via, err = p.RewriteURL(u.String())
	if err != nil {
		t.Fatal(err)
	}
	return p, direct, via, appName
}

// connect opens a pgx connection, failing the test if it cannot.
func connect(t *testing.T, rawURL string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		c.Close(ctx)
	})
	return c
}

func openDB(t *testing.T, rawURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// within runs fn with a context that ends after deadline and returns its
// error and how long it took. It fails the test at once if fn has not
// returned by deadline plus grace: that is the hang a fault must never
// cause.
func within(t *testing.T, deadline time.Duration, fn func(ctx context.Context) error) (time.Duration, error) {
	t.Helper()
	type result struct {
		err     error
		elapsed time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now() // before the deadline is set, so elapsed is never short of it
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		err := fn(ctx)
		done <- result{err, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r.elapsed, r.err
	case <-time.After(deadline + grace):
		t.Fatalf("still waiting %v after a %v deadline: a hang", deadline+grace, deadline)
		return 0, nil
	}
}

func selectOne(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) error {
	var n int
	if err := q.QueryRow(ctx, "SELECT 1").Scan(&n); err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("SELECT 1 gave %d", n)
	}
	return nil
}

func sqlSelectOne(ctx context.Context, db *sql.DB) error {
	var n int
	return db.QueryRowContext(ctx, "SELECT 1").Scan(&n)
}

// sessions counts the server's sessions with appName, seen directly.
func sessions(t *testing.T, direct *pgx.Conn, appName string) int {
	t.Helper()
	var n int
	err := direct.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", appName).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPostgresPassGoesThroughTheProxy(t *testing.T) {
	t.Parallel()
	p, direct, via, app := proxied(t)
	c := connect(t, via)
	if _, err := within(t, 5*time.Second, func(ctx context.Context) error { return selectOne(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, via)
	if _, err := within(t, 5*time.Second, func(ctx context.Context) error { return sqlSelectOne(ctx, db) }); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.Accepted != 2 || st.Active != 2 || st.ToServer == 0 || st.ToClient == 0 {
		t.Errorf("stats %+v: want both clients' traffic through the proxy", st)
	}
	if n := sessions(t, connect(t, direct), app); n != 2 {
		t.Errorf("the server has %d sessions of the test, want 2", n)
	}
}

func TestPostgresRefuseFailsFastAndRecovers(t *testing.T) {
	t.Parallel()
	p, _, via, _ := proxied(t)
	c := connect(t, via)
	db := openDB(t, via)
	if err := db.Ping(); err != nil { // leaves an idle connection in the pool
		t.Fatal(err)
	}
	if err := p.SetMode(tcpproxy.Refuse); err != nil {
		t.Fatal(err)
	}
	const deadline = 2 * time.Second

	// A refused server is an error at once, not at the deadline.
	_, err := within(t, deadline, func(ctx context.Context) error { return selectOne(ctx, c) })
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("query on an open connection: %v, want a failure before the deadline", err)
	}
	_, err = within(t, deadline, func(ctx context.Context) error {
		c, err := pgx.Connect(ctx, via)
		if err == nil {
			c.Close(ctx)
		}
		return err
	})
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("new connection: %v, want ECONNREFUSED", err)
	}
	_, err = within(t, deadline, func(ctx context.Context) error { return sqlSelectOne(ctx, db) })
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("database/sql query: %v, want ECONNREFUSED (the pool's dead connection retried on a new one)", err)
	}

	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatal(err)
	}
	if _, err := within(t, deadline, func(ctx context.Context) error { return selectOne(ctx, connect(t, via)) }); err != nil {
		t.Errorf("new connection after recovery: %v", err)
	}
	if _, err := within(t, deadline, func(ctx context.Context) error { return sqlSelectOne(ctx, db) }); err != nil {
		t.Errorf("database/sql's first query after recovery: %v", err)
	}
}

func TestPostgresBlackholeEndsAtTheClientsDeadline(t *testing.T) {
	t.Parallel()
	p, _, via, _ := proxied(t)
	c := connect(t, via)
	db := openDB(t, via)
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	if err := p.SetMode(tcpproxy.Blackhole); err != nil {
		t.Fatal(err)
	}
	const deadline = 400 * time.Millisecond
	check := func(what string, fn func(ctx context.Context) error) {
		t.Helper()
		elapsed, err := within(t, deadline, fn)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want the context's deadline", what, err)
		}
		if elapsed < deadline {
			t.Errorf("%s: failed after %v, before the %v deadline: the partition let something through", what, elapsed, deadline)
		}
	}
	check("query on an open connection", func(ctx context.Context) error { return selectOne(ctx, c) })
	check("new connection", func(ctx context.Context) error {
		c, err := pgx.Connect(ctx, via)
		if err == nil {
			c.Close(ctx)
		}
		return err
	})
	check("database/sql query", func(ctx context.Context) error { return sqlSelectOne(ctx, db) })

	// Without a context deadline, connect_timeout is what bounds a new
	// connection.
	elapsed, err := within(t, time.Second, func(context.Context) error {
		c, err := pgx.Connect(context.Background(), via+"&connect_timeout=1")
		if err == nil {
			c.Close(context.Background())
		}
		return err
	})
	if err == nil || elapsed < time.Second {
		t.Errorf("connect_timeout=1: %v after %v, want a failure after a second", err, elapsed)
	}

	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatal(err)
	}
	if _, err := within(t, 5*time.Second, func(ctx context.Context) error { return selectOne(ctx, connect(t, via)) }); err != nil {
		t.Errorf("new connection after the partition: %v", err)
	}
	if _, err := within(t, 5*time.Second, func(ctx context.Context) error { return sqlSelectOne(ctx, db) }); err != nil {
		t.Errorf("database/sql after the partition: %v", err)
	}
}

// A query with no deadline waits out a partition, however long, and
// finishes when it heals: nothing but the client's own deadline ends it.
func TestPostgresBlackholeWithoutDeadlineWaitsForTheHeal(t *testing.T) {
	t.Parallel()
	p, _, via, _ := proxied(t)
	c := connect(t, via)
	if err := p.SetMode(tcpproxy.Blackhole); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- selectOne(context.Background(), c) }()
	select {
	case err := <-done:
		t.Fatalf("the query returned (%v) during the partition", err)
	case <-time.After(500 * time.Millisecond):
	}
	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("query after the heal: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the query did not finish after the partition healed")
	}
}

// A client that gives up on a transaction during a partition cannot tell
// the server, which keeps the transaction's locks until it hears of the
// end; idle_in_transaction_session_timeout lets the server end it alone.
func TestPostgresPartitionedTransactionKeepsItsLocks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		params    string
		freedWhen string
	}{
		{"server waits for the heal", "", "healed"},
		{"idle_in_transaction_session_timeout ends it", "&idle_in_transaction_session_timeout=300", "partitioned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, directURL, via, _ := proxied(t)
			direct := connect(t, directURL)
			key := rand.Int64()
			c := connect(t, via+tc.params)
			ctx := context.Background()
			tx, err := c.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", key); err != nil {
				t.Fatal(err)
			}
			if err := p.SetMode(tcpproxy.Blackhole); err != nil {
				t.Fatal(err)
			}
			_, err = within(t, 300*time.Millisecond, func(ctx context.Context) error { _, err := tx.Exec(ctx, "SELECT 1"); return err })
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("query in the partitioned transaction: %v, want the deadline", err)
			}
			tryLock := func() bool {
				var got bool
				if err := direct.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got {
					direct.Exec(ctx, "SELECT pg_advisory_unlock($1)", key)
				}
				return got
			}
			freed := func(within time.Duration) bool {
				for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
					if tryLock() {
						return true
					}
				}
				return false
			}
			if tc.freedWhen == "partitioned" {
				if !freed(5 * time.Second) {
					t.Fatal("the server kept the lock despite idle_in_transaction_session_timeout")
				}
				return
			}
			if freed(time.Second) {
				t.Fatal("the lock was freed during the partition; want it held until the server hears the client")
			}
			if err := p.SetMode(tcpproxy.Pass); err != nil {
				t.Fatal(err)
			}
			if !freed(5 * time.Second) {
				t.Fatal("the lock was still held after the partition healed")
			}
		})
	}
}

func TestPostgresResetAllEndsSessionsBothSides(t *testing.T) {
	t.Parallel()
	p, directURL, via, app := proxied(t)
	direct := connect(t, directURL)
	c := connect(t, via)
	ctx := context.Background()
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t, via)
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	if n := p.ResetAll(); n != 2 {
		t.Fatalf("ResetAll reset %d connections, want 2", n)
	}
	_, err = within(t, 2*time.Second, func(ctx context.Context) error { _, err := tx.Exec(ctx, "SELECT 1"); return err })
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("query in a reset transaction: %v, want a failure before the deadline", err)
	}
	if !c.IsClosed() {
		t.Error("pgx still thinks the reset connection is open")
	}
	waitFor(t, func() bool { return sessions(t, direct, app) == 0 }, "the server to end the reset sessions")
	if _, err := within(t, 2*time.Second, func(ctx context.Context) error { return sqlSelectOne(ctx, db) }); err != nil {
		t.Errorf("database/sql's first query after a reset: %v", err)
	}
}

func TestPostgresLatencyIsAddedToEachRoundTrip(t *testing.T) {
	t.Parallel()
	p, _, via, _ := proxied(t)
	c := connect(t, via)
	const each = 60 * time.Millisecond
	p.SetLatency(each, each)
	elapsed, err := within(t, 5*time.Second, func(ctx context.Context) error { return selectOne(ctx, c) })
	if err != nil {
		t.Fatal(err)
	}
	if elapsed < 2*each {
		t.Errorf("SELECT 1 took %v, want at least the added %v", elapsed, 2*each)
	}
}

// Switching modes while a pool is busy never hangs a query past its
// deadline, and the pool works again once the mode is Pass.
func TestPostgresModeChangesUnderLoad(t *testing.T) {
	t.Parallel()
	p, _, via, _ := proxied(t)
	db := openDB(t, via)
	db.SetMaxOpenConns(4)
	const deadline = 200 * time.Millisecond
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var hung []time.Duration
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				start := time.Now()
				sqlSelectOne(ctx, db)
				cancel()
				if d := time.Since(start); d > deadline+grace {
					mu.Lock()
					hung = append(hung, d)
					mu.Unlock()
				}
			}
		}()
	}
	modes := []tcpproxy.Mode{tcpproxy.Pass, tcpproxy.Refuse, tcpproxy.Blackhole}
	for i := range 30 {
		if i%7 == 3 {
			p.ResetAll()
		} else if err := p.SetMode(modes[rand.IntN(len(modes))]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if len(hung) > 0 {
		t.Errorf("%d queries outlived their %v deadline by more than %v: %v", len(hung), deadline, grace, hung)
	}
	if _, err := within(t, 5*time.Second, func(ctx context.Context) error { return sqlSelectOne(ctx, db) }); err != nil {
		t.Errorf("query after the mode is Pass again: %v", err)
	}
}
