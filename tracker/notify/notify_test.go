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

// note is a message of the fake chat service: its text, and the keys of
// the notifications it carries, which Sent reads back.
type note struct {
	Text string
	Keys []string
}

// sent is what people got: one line per message, and each person's
// conversation. fail answers every send with an error, having sent
// nothing; lost sends the next so many and answers with errLost, as a
// dropped answer does; hang holds the next send until its context ends,
// sending nothing.
type sent struct {
	mu   sync.Mutex
	msgs []string // "to: kind item, kind item"
	fail error
	lost int
	hang bool
	// conv is each person's messages, oldest first.
	conv    map[string][]sentNote
	n       int
	looks   int
	lookErr error
	sending chan struct{} // closed by the first send, when set
}

type sentNote struct {
	ts string
	m  note
}

var errLost = errors.New("the answer was lost")

func (s *sent) Send(ctx context.Context, to string, m note) (string, error) {
	s.mu.Lock()
	if s.sending != nil {
		close(s.sending)
		s.sending = nil
	}
	if s.hang {
		s.hang = false
		s.mu.Unlock()
		<-ctx.Done()
		return "", fmt.Errorf("%w: %w", errLost, ctx.Err())
	}
	defer s.mu.Unlock()
	if s.fail != nil {
		return "", s.fail
	}
	s.n++
	ts := fmt.Sprintf("ts%d", s.n)
	s.msgs = append(s.msgs, to+": "+m.Text)
	if s.conv == nil {
		s.conv = map[string][]sentNote{}
	}
	s.conv[to] = append(s.conv[to], sentNote{ts, m})
	if s.lost > 0 {
		s.lost--
		return "", errLost
	}
	return ts, nil
}

func (s *sent) Sent(_ context.Context, to string, _ time.Time) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.looks++
	if s.lookErr != nil {
		return nil, s.lookErr
	}
	out := map[string]string{}
	for _, sn := range s.conv[to] {
		for _, k := range sn.m.Keys {
			if out[k] == "" {
				out[k] = sn.ts
			}
		}
	}
	return out, nil
}

var errDown = errors.New("slack is down")
var errNoScope = errors.New("missing_scope")

func (s *sent) NothingDone(err error) bool { return errors.Is(err, errDown) }

func (s *sent) CannotLook(err error) bool { return errors.Is(err, errNoScope) }

func layout(b notify.Batch) note {
	var parts []string
	for _, n := range b.Notifications {
		parts = append(parts, string(n.Kind)+" "+n.Entry.Item.ID)
	}
	return note{Text: strings.Join(parts, ", "), Keys: b.Keys()}
}

type instance struct {
	svc *tracker.Service
	n   *notify.Notifier[note]
	st  *store.Store
}

func open(t *testing.T, db storetest.DB, name string, clock func() time.Time, out *sent) instance {
	st, err := store.Open(ctx, store.Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &tracker.Service{Repo: st, Library: library(t), Policy: tracker.NewPolicy("UADMIN").WithReviewers("UREV1", "UREV2"), Now: clock}
	n := &notify.Notifier[note]{Tracker: svc, Claims: st, Layout: layout, Sender: out, Instance: name, Pace: time.Nanosecond,
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

// assignedOwner makes one notification due: UOWNER assigned an AFI.
func assignedOwner(t *testing.T, clock func() time.Time, advance func(time.Duration), out *sent, db storetest.DB, name string) instance {
	t.Helper()
	in := open(t, db, name, clock, out)
	if _, err := in.svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	advance(time.Minute)
	if _, _, err := in.svc.Do(ctx, tracker.Change{ItemID: "herts-2021-afi-2", Action: tracker.ActionAssign, Actor: "UADMIN", Owner: "UOWNER"}); err != nil {
		t.Fatal(err)
	}
	return in
}

func testClock() (func() time.Time, func(time.Duration)) {
	var mu sync.Mutex
	now := time.Date(2025, 5, 25, 9, 0, 0, 0, time.UTC)
	return func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
}

// A message Slack delivered but whose answer was lost is found among the
// recipient's messages and recorded at once; it is never sent again.
func TestASendWhoseAnswerWasLostIsFoundNotSentAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		clock, advance := testClock()
		out := &sent{lost: 1}
		in := assignedOwner(t, clock, advance, out, db, "host-a")
		o, err := in.n.Run(ctx)
		if err != nil || o.Recovered != 1 || o.Sent != 1 || len(out.msgs) != 1 {
			t.Fatalf("run: %+v, %v, %v", o, err, out.msgs)
		}
		advance(2 * store.DefaultClaimLease)
		if o, err := open(t, db, "host-b", clock, out).n.Run(ctx); err != nil || o.Sent != 0 || len(out.msgs) != 1 {
			t.Errorf("after the lease: %+v, %v, %v", o, err, out.msgs)
		}
		recorded, _ := in.st.Notifications(ctx)
		if len(recorded) != 1 || recorded[0].SentAt == nil || recorded[0].MessageTS != "ts1" {
			t.Errorf("recorded %+v", recorded)
		}
	})
}

// An instance that claimed and sent, then died before recording: the
// next instance finds the claim held and says when it lapses (the lease,
// under two minutes); then it takes the claim over, finds the message
// and records it rather than sending it again. One that died before
// sending has its notification sent by the next, once.
func TestADeadInstancesNotificationsAreTakenOverWhenTheirClaimLapses(t *testing.T) {
	for _, sentFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("sent before dying %v", sentFirst), func(t *testing.T) {
			clock, advance := testClock()
			out := &sent{}
			db := storetest.SQLite(t)
			dead := assignedOwner(t, clock, advance, out, db, "host-dead")
			pending, err := dead.n.Pending(ctx)
			if err != nil || len(pending) != 1 {
				t.Fatalf("pending %+v, %v", pending, err)
			}
			claimed := clock()
			if claims, err := dead.st.ClaimNotifications(ctx, "host-dead", pending[0]); err != nil || len(claims) != 1 || claims[0].Earlier != nil {
				t.Fatalf("claims %+v, %v", claims, err)
			}
			if sentFirst {
				if _, err := out.Send(ctx, "UOWNER", layout(pending[0])); err != nil {
					t.Fatal(err)
				}
			}
			next := open(t, db, "host-b", clock, out)
			o, err := next.n.Run(ctx)
			if err != nil || o.Sent != 0 || !o.RetryAt.Equal(claimed.Add(next.st.Lease())) || next.st.Lease() >= 2*time.Minute {
				t.Fatalf("within the lease: %+v, %v", o, err)
			}
			advance(o.RetryAt.Sub(clock()) + time.Second)
			o, err = next.n.Run(ctx)
			wantRecovered := 0
			if sentFirst {
				wantRecovered = 1
			}
			if err != nil || o.Sent != 1 || o.Recovered != wantRecovered || len(out.msgs) != 1 || out.looks != 1 {
				t.Fatalf("once the claim lapsed: %+v, %v, sent %v, %d looks", o, err, out.msgs, out.looks)
			}
			recorded, _ := next.st.Notifications(ctx)
			if len(recorded) != 1 || recorded[0].SentAt == nil || recorded[0].MessageTS != "ts1" || recorded[0].Instance != "host-b" {
				t.Errorf("recorded %+v", recorded)
			}
		})
	}
}

// Stopped (SIGTERM) while Slack holds a message: it gets StopGrace, then
// the notifier looks, does not find it, and gives the claim up, so that
// the next instance takes it over at once, looks again and sends it
// once. No message is begun once stopping has begun.
func TestNotificationsStoppedMidSendAreGivenUpForTheNext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		clock, advance := testClock()
		sending := make(chan struct{})
		out := &sent{hang: true, sending: sending}
		in := assignedOwner(t, clock, advance, out, db, "host-a")
		in.n.StopGrace = 20 * time.Millisecond
		stopCtx, stop := context.WithCancel(ctx)
		go func() { <-sending; stop() }()
		if _, err := in.n.Run(stopCtx); err == nil || !strings.Contains(err.Error(), "given up") {
			t.Fatalf("stopped: %v", err)
		}
		if o, err := in.n.Run(stopCtx); err != nil || o.Sent != 0 {
			t.Errorf("a run after stopping: %+v, %v", o, err)
		}
		o, err := open(t, db, "host-b", clock, out).n.Run(ctx)
		if err != nil || o.Sent != 1 || len(out.msgs) != 1 || out.looks != 2 {
			t.Errorf("the next instance, at once: %+v, %v, %v, %d looks", o, err, out.msgs, out.looks)
		}
	})
}

// A conversation peelbot may not read (a missing scope): what a dead
// instance claimed is sent without looking, and the log says why.
func TestNotificationsAreSentWithoutLookingWhenTheConversationCannotBeRead(t *testing.T) {
	clock, advance := testClock()
	out := &sent{lookErr: errNoScope}
	db := storetest.SQLite(t)
	dead := assignedOwner(t, clock, advance, out, db, "host-dead")
	pending, _ := dead.n.Pending(ctx)
	if _, err := dead.st.ClaimNotifications(ctx, "host-dead", pending[0]); err != nil {
		t.Fatal(err)
	}
	advance(2 * store.DefaultClaimLease)
	var logged strings.Builder
	next := open(t, db, "host-b", clock, out)
	next.n.Log = slog.New(slog.NewTextHandler(&logged, nil))
	if o, err := next.n.Run(ctx); err != nil || o.Sent != 1 || !strings.Contains(logged.String(), "cannot read the direct messages") {
		t.Errorf("run: %+v, %v; log %s", o, err, logged.String())
	}
}
