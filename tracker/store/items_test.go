package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

var ctx = context.Background()

func TestSyncIsIdempotent(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if n, err := s.Sync(ctx, unknownDates("herts-2021-afi-1", "HERTS-2021-AFI-2 ", "herts-2021-afi-1")); err != nil || n != 2 {
			t.Fatalf("first Sync = %d, %v; want 2 added", n, err)
		}
		clk.Advance(time.Hour)
		if _, err := s.Address(ctx, "herts-2021-afi-1", "Published the new policy", "U1", "C1"); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, s)

		// A second instance syncing the same items, plus new ones, later.
		clk.Advance(time.Hour)
		other := db.open(t, clk)
		due := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		openings := append(unknownDates("herts-2021-afi-1", "herts-2021-afi-2"),
			tracker.Opening{ID: "x-2023-coc-1-rec-1", Type: tracker.TypeRecommendation, Target: &due})
		if n, err := other.Sync(ctx, openings); err != nil || n != 1 {
			t.Fatalf("second Sync = %d, %v; want 1 added", n, err)
		}
		if n, err := other.Sync(ctx, openings); err != nil || n != 0 {
			t.Fatalf("third Sync = %d, %v; want 0 added", n, err)
		}
		after := snapshot(t, s)
		for id, was := range before {
			if !reflect.DeepEqual(after[id], was) {
				t.Errorf("Sync changed %s:\n was %+v\n now %+v", id, was, after[id])
			}
		}
		added := after["x-2023-coc-1-rec-1"]
		want := tracker.Item{ID: "x-2023-coc-1-rec-1", Type: tracker.TypeRecommendation, Status: tracker.StatusAwaiting, StatusSince: clk.Now(),
			Target: &due, OpenedAt: clk.Now(), UpdatedAt: clk.Now(), UpdatedBy: tracker.SystemActor}
		if !reflect.DeepEqual(added.state, want) {
			t.Errorf("new item = %+v, want %+v", added.state, want)
		}
		if len(added.history) != 1 || added.history[0].Action != tracker.ActionOpen || added.history[0].To != tracker.StatusAwaiting ||
			added.history[0].Due == nil || !added.history[0].Due.Equal(due) || added.history[0].ID == 0 {
			t.Errorf("new item history = %+v, want one open event", added.history)
		}
		if _, err := s.Sync(ctx, unknownDates("herts-2021-afi-4", "  ")); err == nil {
			t.Error("Sync accepted a blank id")
		}
		if _, _, err := s.Get(ctx, "herts-2021-afi-4"); err == nil {
			t.Error("a Sync refused for a blank id still added the other ids")
		}
	})
}

// Every field an item has goes in and comes back the same, with the
// history in order, on both backends.
func TestLifecycleAndAuditTrail(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		const id = "herts-2021-afi-3"
		if _, err := s.Sync(ctx, unknownDates(id)); err != nil {
			t.Fatal(err)
		}
		day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
		step := func(c tracker.Change) (tracker.Item, tracker.Event) {
			t.Helper()
			clk.Advance(time.Hour)
			c.ItemID = id
			it, ev, err := s.Update(ctx, id, func(cur tracker.Item) (tracker.Item, tracker.Event, error) {
				return tracker.Apply(cur, c, s.clock(), time.Time{})
			})
			if err != nil {
				t.Fatalf("%s: %v", c.Action, err)
			}
			if ev.ID == 0 {
				t.Errorf("%s: the event has no id", c.Action)
			}
			return it, ev
		}
		step(tracker.Change{Action: tracker.ActionAssign, Actor: "UADMIN", Channel: "C1", Owner: "UOWNER"})
		step(tracker.Change{Action: tracker.ActionDue, Actor: "UOWNER", Due: day("2025-04-30")})
		step(tracker.Change{Action: tracker.ActionDue, Actor: "UOWNER", Due: day("2025-05-31"), Note: "the audit moved"})
		step(tracker.Change{Action: tracker.ActionPropose, Actor: "UOWNER", Note: "Policy published; minutes 12 March"})
		final, last := step(tracker.Change{Action: tracker.ActionSignoff, Actor: "UREV", Channel: "C2", Note: "Seen at the board"})

		got, history, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, final) {
			t.Errorf("stored\n %+v\nwant\n %+v", got, final)
		}
		if got.Status != tracker.StatusClosed || got.SignedOffBy != "UREV" || got.Evidence != "Policy published; minutes 12 March" ||
			got.Target.Format(time.DateOnly) != "2025-04-30" || got.Revised.Format(time.DateOnly) != "2025-05-31" || got.RevisedReason != "the audit moved" {
			t.Errorf("closed item %+v", got)
		}
		var lines []string
		for _, e := range history {
			lines = append(lines, string(e.Action)+" "+string(e.From)+">"+string(e.To)+" "+e.Actor+" "+e.Detail+" "+e.Note)
		}
		want := []string{
			"open >awaiting_allocation peelbot  ",
			"assign awaiting_allocation>in_progress UADMIN  ",
			"due in_progress>in_progress UOWNER target ",
			"due in_progress>in_progress UOWNER revised the audit moved",
			"propose in_progress>pending_signoff UOWNER  Policy published; minutes 12 March",
			"signoff pending_signoff>closed UREV  Seen at the board",
		}
		if !reflect.DeepEqual(lines, want) {
			t.Errorf("history\n %s\nwant\n %s", strings.Join(lines, "\n "), strings.Join(want, "\n "))
		}
		if !reflect.DeepEqual(history[5], last) || history[1].Channel != "C1" || history[3].Due.Format(time.DateOnly) != "2025-05-31" {
			t.Errorf("events %+v", history)
		}
		events, err := s.Events(ctx, t0.Add(3*time.Hour), tracker.ActionPropose, tracker.ActionSignoff)
		if err != nil || len(events) != 2 || events[0].Action != tracker.ActionPropose {
			t.Errorf("Events since = %+v, %v", events, err)
		}
		if n, err := s.LastEventID(ctx); err != nil || n != last.ID {
			t.Errorf("LastEventID = %d, %v; want %d", n, err, last.ID)
		}
	})
}

type itemSnapshot struct {
	state   tracker.Item
	history []tracker.Event
}

func snapshot(t *testing.T, s *Store) map[string]itemSnapshot {
	t.Helper()
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]itemSnapshot{}
	for _, a := range list {
		state, history, err := s.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[a.ID] = itemSnapshot{state, history}
	}
	return out
}

func TestRefusalsChangeNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if _, err := s.Sync(ctx, unknownDates("x-afi-1", "x-afi-2")); err != nil {
			t.Fatal(err)
		}
		mustDo(t)(s.Assign(ctx, "x-afi-2", "U1", "U1", ""))
		before := snapshot(t, s)
		for name, op := range map[string]func() (tracker.Item, error){
			"propose without an owner": func() (tracker.Item, error) { return s.Propose(ctx, "x-afi-1", "done", "U1", "") },
			"propose without evidence": func() (tracker.Item, error) { return s.Propose(ctx, "x-afi-2", " ", "U1", "") },
			"sign off nothing":         func() (tracker.Item, error) { return s.Signoff(ctx, "x-afi-2", "U2", "") },
			"reopen an open item":      func() (tracker.Item, error) { return s.Reopen(ctx, "x-afi-2", "U1", "", "why") },
			"an unknown item":          func() (tracker.Item, error) { return s.AddNote(ctx, "x-afi-9", "x", "U1", "") },
		} {
			if _, err := op(); tracker.ErrorCode(err) == "" {
				t.Errorf("%s: %v, want a refusal", name, err)
			}
		}
		if after := snapshot(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("refusals changed the store")
		}
	})
}

func TestPCCResponsesKeepEveryRecordAndGiveTheLatest(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if err := s.RecordResponse(ctx, tracker.Response{ReportID: "herts-2021", URL: "https://pcc.example.org/old", By: "U1", At: clk.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordResponse(ctx, tracker.Response{ReportID: "herts-2021", URL: "https://pcc.example.org/new", By: "U2", At: clk.Advance(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordResponse(ctx, tracker.Response{ReportID: "herts-2021"}); tracker.ErrorCode(err) != tracker.ErrInvalidInput {
			t.Errorf("a blank response: %v", err)
		}
		got, err := s.Responses(ctx)
		if err != nil || len(got) != 1 || got[0].URL != "https://pcc.example.org/new" || got[0].By != "U2" || !got[0].At.Equal(clk.Now()) {
			t.Errorf("Responses = %+v, %v", got, err)
		}
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM pcc_responses`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d rows kept, %v", n, err)
		}
	})
}

func mustDo(t *testing.T) func(tracker.Item, error) tracker.Item {
	return func(it tracker.Item, err error) tracker.Item {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
}

// unknownDates are AFIs to sync whose reports' publication is unknown.
func unknownDates(ids ...string) []tracker.Opening {
	out := make([]tracker.Opening, len(ids))
	for i, id := range ids {
		out[i] = tracker.Opening{ID: id}
	}
	return out
}
