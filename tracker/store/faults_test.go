package store

import (
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"

	"github.com/peelbot/peelbot/internal/tcpproxy"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// notHung is far past any deadline the tests set: an operation still
// running then hangs, whatever the machine's load.
const notHung = 8 * time.Second

// faultOps are operations of every kind (read, read-modify-write, plain
// query, dedupe, ping) that must fail as unavailable, not hang.
var faultOps = map[string]func(ctx context.Context, s *Store) error{
	"Item":  func(ctx context.Context, s *Store) error { _, _, err := s.Item(ctx, "herts-2021-afi-3"); return err },
	"Items": func(ctx context.Context, s *Store) error { _, err := s.Items(ctx); return err },
	"Update": func(ctx context.Context, s *Store) error {
		_, _, err := s.Update(ctx, "herts-2021-afi-3", func(it tracker.Item) (tracker.Item, tracker.Event, error) {
			return tracker.Apply(it, tracker.Change{Action: tracker.ActionNote, Actor: "U1", Note: "during the outage"}, s.clock(), time.Time{})
		})
		return err
	},
	"Scope":     func(ctx context.Context, s *Store) error { _, err := s.Scope(ctx, "C1"); return err },
	"Responses": func(ctx context.Context, s *Store) error { _, err := s.Responses(ctx); return err },
	"FirstTime": func(ctx context.Context, s *Store) error {
		_, err := s.EventDeduper(0).FirstTime(ctx, "event:Ev1")
		return err
	},
	"Ping": func(ctx context.Context, s *Store) error { return s.Ping(ctx) },
}

// TestPostgresOutageIsUnavailableWithinTheDeadline puts a proxy in front
// of PostgreSQL, refuses connections and then drops every packet, and
// checks that each kind of operation fails with ErrUnavailable by its
// deadline (with no deadline of the caller's), and works again, without a
// new Store, once the network heals.
func TestPostgresOutageIsUnavailableWithinTheDeadline(t *testing.T) {
	for _, mode := range []tcpproxy.Mode{tcpproxy.Refuse, tcpproxy.Blackhole} {
		t.Run(mode.String(), func(t *testing.T) {
			db := storetest.Postgres(t)
			u, err := url.Parse(db.DatabaseURL)
			if err != nil {
				t.Fatal(err)
			}
			proxy := tcpproxy.Start(t, u.Host)
			via, err := proxy.RewriteURL(db.DatabaseURL)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			s, err := Open(ctx, Config{DatabaseURL: via, Timeout: 400 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			it, ev, _ := tracker.Open(tracker.Opening{ID: "herts-2021-afi-3"}, s.clock())
			if _, err := s.Track(ctx, []tracker.NewItem{{Item: it, Event: ev}}); err != nil {
				t.Fatal(err)
			}
			if err := proxy.SetMode(mode); err != nil {
				t.Fatal(err)
			}
			for name, op := range faultOps {
				done := make(chan error, 1)
				go func() { done <- op(ctx, s) }()
				select {
				case err := <-done:
					if tracker.ErrorCode(err) != tracker.ErrUnavailable {
						t.Errorf("%s with PostgreSQL %s: %v (code %q), want ErrUnavailable", name, mode, err, tracker.ErrorCode(err))
					}
				case <-time.After(notHung):
					t.Fatalf("%s with PostgreSQL %s still running after %s: its deadline is 400ms", name, mode, notHung)
				}
			}
			if err := proxy.SetMode(tcpproxy.Pass); err != nil {
				t.Fatal(err)
			}
			for name, op := range faultOps {
				if err := op(ctx, s); err != nil {
					t.Errorf("%s once PostgreSQL is back: %v", name, err)
				}
			}
		})
	}
}

// TestSQLiteBusyPastTheDeadlineIsUnavailable holds SQLite's write lock
// from another connection (another process, say) and checks that a
// change waits no longer than the store's deadline and says tracking is
// unavailable, leaving the item as it was.
func TestSQLiteBusyPastTheDeadlineIsUnavailable(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: db.SQLitePath, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it, ev, _ := tracker.Open(tracker.Opening{ID: "herts-2021-afi-3"}, s.clock())
	if _, err := s.Track(ctx, []tracker.NewItem{{Item: it, Event: ev}}); err != nil {
		t.Fatal(err)
	}
	dsn, _ := sqliteDSN(db.SQLitePath, DefaultTimeout)
	other, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.BeginTx(ctx, nil) // _txlock=immediate: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(ctx, `UPDATE items SET owner = owner`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- faultOps["Update"](ctx, s) }()
	select {
	case err := <-done:
		if tracker.ErrorCode(err) != tracker.ErrUnavailable {
			t.Errorf("a change while SQLite is locked: %v (code %q), want ErrUnavailable", err, tracker.ErrorCode(err))
		}
	case <-time.After(notHung):
		t.Fatalf("a change while SQLite is locked still waiting after %s: its deadline is 300ms", notHung)
	}
	lock.Rollback()
	_, history, err := s.Item(ctx, "herts-2021-afi-3")
	if err != nil || len(history) != 1 {
		t.Errorf("after the refused change: %d events, %v", len(history), err)
	}
	if err := faultOps["Update"](ctx, s); err != nil {
		t.Errorf("a change once the lock is released: %v", err)
	}
}
