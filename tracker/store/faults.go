package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/peelbot/peelbot/tracker"
)

// How long the store waits. Every operation has a deadline, so that a
// database that is slow, refusing connections or partitioned away (packets
// dropped, nothing answering) fails the operation in bounded time with
// tracker.ErrUnavailable instead of hanging whoever asked; and the server
// gives up on its side too, so that a client lost mid-transaction does not
// hold its locks.
const (
	// DefaultTimeout bounds one operation, from asking the pool for a
	// connection to the commit, when Config.Timeout is zero. serve sets
	// a shorter one, since Slack waits on it.
	DefaultTimeout = 10 * time.Second
	// bulkTimeout bounds the operations that write the whole library at
	// once: migrations and tracking a library's items. They run as
	// peelbot starts or loads reports, with nobody waiting on a reply.
	bulkTimeout = 2 * time.Minute
	// pgConnectTimeout bounds making one PostgreSQL connection (TCP, TLS,
	// authentication), within the operation's deadline.
	pgConnectTimeout = 3 * time.Second
	// pgMaxConns is the most PostgreSQL connections one instance holds;
	// every instance has its own, so the server's max_connections must
	// cover them all.
	pgMaxConns = 10
	// pgHealthCheckPeriod is how often idle PostgreSQL connections are
	// checked, and broken ones dropped, so that the first request after
	// an outage does not pick a dead one.
	pgHealthCheckPeriod = 15 * time.Second
	// pgMaxConnIdleTime and pgMaxConnLifetime close connections idle that
	// long, or that old, so that the pool follows a failover.
	pgMaxConnIdleTime = 5 * time.Minute
	pgMaxConnLifetime = time.Hour
	// pgIdleInTransaction is how long the server keeps a transaction
	// whose client has gone quiet (lost in a partition, say) before it
	// ends the session and frees its row locks; peelbot's transactions
	// never wait on anything between their statements.
	pgIdleInTransaction = 10 * time.Second
	// sqliteMaxConns is the pool of connections to the SQLite file: WAL
	// lets them read at once, and writers take turns on the write lock
	// (waiting at most the busy timeout, which is the operation's).
	sqliteMaxConns = 8
)

// bound is ctx limited by the store's deadline for one operation.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// failed is err as the store reports it: a failure to reach the database
// in time (a deadline, a refused or broken connection, the server
// shutting down or cancelling the statement, SQLite busy past its
// timeout) becomes tracker.ErrUnavailable, keeping err for the log; any
// other error, and a refusal, is returned as it is.
func failed(err error) error {
	if err == nil || tracker.ErrorCode(err) != "" || !unavailable(err) {
		return err
	}
	return tracker.Unavailable(err)
}

// unavailable reports whether err means the database could not be
// reached or did not answer in time, rather than that it refused the
// statement.
func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08 is a connection exception; 53300 too many connections;
		// 57014 a statement cancelled (statement_timeout), 57P01–57P05
		// the server shutting down or not accepting connections; 55P03 a
		// lock not granted within lock_timeout; 25P03 a transaction idle
		// past its timeout.
		c := pgErr.Code
		return strings.HasPrefix(c, "08") || c == "53300" || c == "57014" || strings.HasPrefix(c, "57P") || c == "55P03" || c == "25P03"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() & 0xff {
		case 5, 6, 9: // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_INTERRUPT (a deadline)
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), pgconn.Timeout(err):
		return true
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, net.ErrClosed):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	return strings.Contains(err.Error(), "conn closed") // pgconn's closed connection
}
