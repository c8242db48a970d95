package notify_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/notify"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

var ctx = context.Background()

func library(t *testing.T) *corpus.Library {
	emb, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	syn, err := corpus.Parse("synthetic-peel-2023-25.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.NewLibrary(append(slices.Clone(emb.Reports), syn))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// sent is what a person got: one line per notification.
type sent struct {
	mu   sync.Mutex
	msgs []string // "to: kind item, kind item"
	fail error
	n    int
}

func (s *sent) Send(_ context.Context, to string, m string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return "", s.fail
	}
	s.n++
	s.msgs = append(s.msgs, to+": "+m)
	return fmt.Sprintf("ts%d", s.n), nil
}

var errDown = errors.New("slack is down")

func (s *sent) NothingDone(err error) bool { return errors.Is(err, errDown) }

func layout(b notify.Batch) string {
	var parts []string
	for _, n := range b.Notifications {
		parts = append(parts, string(n.Kind)+" "+n.Entry.Item.ID)
	}
	return strings.Join(parts, ", ")
}

type instance struct {
	svc *tracker.Service
	n   *notify.Notifier[string]
	st  *store.Store
}

func open(t *testing.T, db storetest.DB, name string, clock func() time.Time, out *sent) instance {
	st, err := store.Open(ctx, store.Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &tracker.Service{Repo: st, Library: library(t), Policy: tracker.NewPolicy("UADMIN").WithReviewers("UREV1", "UREV2"), Now: clock}
	n := &notify.Notifier[string]{Tracker: svc, Claims: st, Layout: layout, Sender: out, Instance: name, Pace: time.Nanosecond,
		Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return instance{svc, n, st}
}

// Three instances sharing PostgreSQL, each running the notifier again and
// again, at once: every notification goes out exactly once, and each
// person gets one message for what is due to them.
func TestThreeInstancesSendEachNotificationExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		var mu sync.Mutex
		now := time.Date(2025, 5, 25, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		out := &sent{}
		var inst []instance
		for i := range 3 {
			inst = append(inst, open(t, db, fmt.Sprintf("host-%d", i), clock, out))
		}
		if _, err := inst[0].svc.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(time.Minute) // after notifying began
		mu.Unlock()
		do := func(c tracker.Change) {
			t.Helper()
			if _, _, err := inst[1].svc.Do(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		// The recommendation due 1 June: assigned to UOWNER (due in 7 days
		// from 25 May). An AFI assigned and proposed: the reviewers hear.
		do(tracker.Change{ItemID: "coc-2-rec-1", Action: tracker.ActionAssign, Actor: "UADMIN", Owner: "UOWNER"})
		do(tracker.Change{ItemID: "herts-2021-afi-1", Action: tracker.ActionAssign, Actor: "UADMIN", Owner: "UREV1"})
		do(tracker.Change{ItemID: "herts-2021-afi-1", Action: tracker.ActionPropose, Actor: "UREV1", Note: "done"})
		// Overdue since 1 March, assigned: the owner hears once this week.
		do(tracker.Change{ItemID: "coc-1-rec-1", Action: tracker.ActionAssign, Actor: "UADMIN", Owner: "UADMIN"})

		var wg sync.WaitGroup
		errs := make(chan error, 30)
		for round := 0; round < 3; round++ {
			for _, in := range inst {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := in.n.Run(ctx); err != nil {
						errs <- err
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		slices.Sort(out.msgs)
		want := []string{
			"UADMIN: overdue northmoor-2023-coc-1-rec-1", // assigned to themselves: no "assigned"
			"UOWNER: assigned northmoor-2023-coc-2-rec-1, due soon northmoor-2023-coc-2-rec-1",
			"UREV1: assigned herts-2021-afi-1",
			"UREV2: sign-off asked herts-2021-afi-1", // UREV1 proposed it, so only the other reviewer
		}
		if strings.Join(out.msgs, "\n") != strings.Join(want, "\n") {
			t.Errorf("sent\n %s\nwant\n %s", strings.Join(out.msgs, "\n "), strings.Join(want, "\n "))
		}
		recorded, err := inst[2].st.Notifications(ctx)
		if err != nil || len(recorded) != 5 {
			t.Fatalf("recorded %+v, %v", recorded, err)
		}
		for _, r := range recorded {
			if r.SentAt == nil || r.MessageTS == "" {
				t.Errorf("not recorded as sent: %+v", r)
			}
		}
		// A restart, the same day: nothing again. A week later: the next
		// overdue reminder, and the due-today one on 1 June.
		again := open(t, db, "host-9", clock, out)
		if o, err := again.n.Run(ctx); err != nil || o.Sent != 0 {
			t.Errorf("after a restart: %+v, %v", o, err)
		}
		mu.Lock()
		now = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
		mu.Unlock()
		out.msgs = nil
		if o, err := again.n.Run(ctx); err != nil || o.Sent != 2 || o.Messages != 2 {
			t.Errorf("on 1 June: %+v, %v: %v", o, err, out.msgs)
		}
		slices.Sort(out.msgs)
		if got := strings.Join(out.msgs, "\n"); got != "UADMIN: overdue northmoor-2023-coc-1-rec-1\nUOWNER: due today northmoor-2023-coc-2-rec-1" {
			t.Errorf("on 1 June:\n%s", got)
		}
	})
}

// A send that certainly failed releases its claims, so the next run sends
// them; nothing is lost and nothing doubled.
func TestAFailedSendIsSentByTheNextRun(t *testing.T) {
	db := storetest.SQLite(t)
	now := time.Date(2025, 5, 25, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	out := &sent{fail: errDown}
	in := open(t, db, "host-a", clock, out)
	if _, err := in.svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if _, _, err := in.svc.Do(ctx, tracker.Change{ItemID: "herts-2021-afi-2", Action: tracker.ActionAssign, Actor: "UADMIN", Owner: "UOWNER"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.n.Run(ctx); !errors.Is(err, errDown) {
		t.Fatalf("run: %v", err)
	}
	out.fail = nil
	if o, err := in.n.Run(ctx); err != nil || o.Sent != 1 || len(out.msgs) != 1 {
		t.Errorf("next run: %+v, %v, %v", o, err, out.msgs)
	}
	// A dry run says what is pending without claiming.
	if pending, err := in.n.Pending(ctx); err != nil || len(pending) != 0 {
		t.Errorf("pending %+v, %v", pending, err)
	}
}

// Assignments made before notifying began (an upgrade) are not announced.
func TestPlanIgnoresWhatHappenedBeforeNotifyingBegan(t *testing.T) {
	now := time.Date(2025, 5, 25, 9, 0, 0, 0, time.UTC)
	e := tracker.Entry{Item: tracker.Item{ID: "x-afi-1", Status: tracker.StatusInProgress, Owner: "U1"}}
	events := []tracker.Event{{ID: 1, ItemID: "x-afi-1", Action: tracker.ActionAssign, Actor: "U2", Owner: "U1", At: now}}
	b := notify.Plan([]tracker.Entry{e}, events, tracker.NewPolicy(), tracker.Today(now, time.UTC))
	if len(b) != 1 || b[0].Notifications[0].Key != "assigned:1" {
		t.Errorf("plan %+v", b)
	}
	// A "cli:" owner is nobody to message.
	e.Item.Owner, events[0].Owner = "cli:alice", "cli:alice"
	if b := notify.Plan([]tracker.Entry{e}, events, tracker.NewPolicy(), tracker.Today(now, time.UTC)); len(b) != 0 {
		t.Errorf("plan %+v", b)
	}
}
