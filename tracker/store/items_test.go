package store

import (
	"context"
	"reflect"
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

		// A second instance syncing the same AFIs, plus a new one, later.
		clk.Advance(time.Hour)
		other := db.open(t, clk)
		if n, err := other.Sync(ctx, unknownDates("herts-2021-afi-1", "herts-2021-afi-2", "herts-2021-afi-3")); err != nil || n != 1 {
			t.Fatalf("second Sync = %d, %v; want 1 added", n, err)
		}
		if n, err := other.Sync(ctx, unknownDates("herts-2021-afi-3")); err != nil || n != 0 {
			t.Fatalf("third Sync = %d, %v; want 0 added", n, err)
		}
		after := snapshot(t, s)
		for id, was := range before {
			if !reflect.DeepEqual(after[id], was) {
				t.Errorf("Sync changed %s:\n was %+v\n now %+v", id, was, after[id])
			}
		}
		added := after["herts-2021-afi-3"]
		want := tracker.Item{ID: "herts-2021-afi-3", Status: tracker.StatusOpen, OpenedAt: clk.Now(), UpdatedAt: clk.Now(), UpdatedBy: tracker.SystemActor}
		if !reflect.DeepEqual(added.state, want) {
			t.Errorf("new AFI = %+v, want %+v", added.state, want)
		}
		if len(added.history) != 1 || added.history[0].Action != tracker.ActionOpen || added.history[0].To != tracker.StatusOpen || !added.history[0].At.Equal(clk.Now()) {
			t.Errorf("new AFI history = %+v, want one open event", added.history)
		}
		if _, err := s.Sync(ctx, unknownDates("herts-2021-afi-4", "  ")); err == nil {
			t.Error("Sync accepted a blank id")
		}
		if _, _, err := s.Get(ctx, "herts-2021-afi-4"); err == nil {
			t.Error("a Sync refused for a blank id still added the other ids")
		}
	})
}

func TestLifecycleAndAuditTrail(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		const id = "herts-2021-afi-3"
		if _, err := s.Sync(ctx, unknownDates(id, "herts-2021-afi-4")); err != nil {
			t.Fatal(err)
		}
		london, err := time.LoadLocation("Europe/London")
		if err != nil {
			t.Fatal(err)
		}
		// 00:30 on 30 April in London is still 29 April in UTC: the day
		// that counts is the one the caller meant.
		dueLondon := time.Date(2025, 4, 30, 0, 30, 0, 0, london)
		due := time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)

		at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
		step := func(name string, h int, op func() (tracker.Item, error)) tracker.Item {
			t.Helper()
			clk.Advance(at(h).Sub(clk.Now()))
			got, err := op()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return got
		}
		got := step("start", 1, func() (tracker.Item, error) { return s.Start(ctx, id, "U1", "C1", "Looking at call handling") })
		if got.Status != tracker.StatusInProgress || got.LastNote != "Looking at call handling" {
			t.Errorf("after start: %+v", got)
		}
		got = step("close", 2, func() (tracker.Item, error) {
			return s.Address(ctx, id, "  New call-handling policy, board minutes 12/3 ", "U2", "C2")
		})
		if got.Status != tracker.StatusAddressed || got.AddressedAt == nil || !got.AddressedAt.Equal(at(2)) || got.LastNote != "New call-handling policy, board minutes 12/3" {
			t.Errorf("after close: %+v", got)
		}
		got = step("reopen", 3, func() (tracker.Item, error) { return s.Reopen(ctx, id, "cli:alice", "", "Audit found gaps") })
		if got.Status != tracker.StatusReopened || got.AddressedAt != nil || !got.OpenedAt.Equal(at(3)) {
			t.Errorf("after reopen: %+v", got)
		}
		step("assign", 4, func() (tracker.Item, error) { return s.Assign(ctx, id, "U9", "U1", "C1") })
		step("due", 5, func() (tracker.Item, error) { return s.SetDue(ctx, id, &dueLondon, "U1", "C1") })
		step("note", 6, func() (tracker.Item, error) { return s.AddNote(ctx, id, "Meeting booked", "U9", "C3") })
		step("unassign", 7, func() (tracker.Item, error) { return s.Assign(ctx, id, "", "U1", "C1") })
		step("clear due", 8, func() (tracker.Item, error) { return s.SetDue(ctx, id, nil, "U1", "C1") })
		step("start again", 9, func() (tracker.Item, error) { return s.Start(ctx, id, "U9", "C1", "") })
		step("close again", 10, func() (tracker.Item, error) { return s.Address(ctx, id, "Retrained all call handlers", "U9", "C1") })

		// A fresh instance reads back exactly what was written, by any
		// spelling of the id.
		state, history, err := db.open(t, clk).Get(ctx, " HERTS-2021-AFI-3")
		if err != nil {
			t.Fatal(err)
		}
		addressed := at(10)
		wantState := tracker.Item{ID: id, Status: tracker.StatusAddressed, OpenedAt: at(3), UpdatedAt: at(10), UpdatedBy: "U9",
			LastNote: "Retrained all call handlers", AddressedAt: &addressed}
		if !reflect.DeepEqual(state, wantState) {
			t.Errorf("state\n got %+v\nwant %+v", state, wantState)
		}
		wantHistory := []tracker.Event{
			{At: t0, Actor: tracker.SystemActor, Action: tracker.ActionOpen, To: tracker.StatusOpen},
			{At: at(1), Actor: "U1", Channel: "C1", Action: tracker.ActionStart, From: tracker.StatusOpen, To: tracker.StatusInProgress, Note: "Looking at call handling"},
			{At: at(2), Actor: "U2", Channel: "C2", Action: tracker.ActionClose, From: tracker.StatusInProgress, To: tracker.StatusAddressed, Note: "New call-handling policy, board minutes 12/3"},
			{At: at(3), Actor: "cli:alice", Action: tracker.ActionReopen, From: tracker.StatusAddressed, To: tracker.StatusReopened, Note: "Audit found gaps"},
			{At: at(4), Actor: "U1", Channel: "C1", Action: tracker.ActionAssign, From: tracker.StatusReopened, To: tracker.StatusReopened, Owner: "U9"},
			{At: at(5), Actor: "U1", Channel: "C1", Action: tracker.ActionDue, From: tracker.StatusReopened, To: tracker.StatusReopened, Owner: "U9", Due: &due},
			{At: at(6), Actor: "U9", Channel: "C3", Action: tracker.ActionNote, From: tracker.StatusReopened, To: tracker.StatusReopened, Note: "Meeting booked", Owner: "U9", Due: &due},
			{At: at(7), Actor: "U1", Channel: "C1", Action: tracker.ActionAssign, From: tracker.StatusReopened, To: tracker.StatusReopened, Due: &due},
			{At: at(8), Actor: "U1", Channel: "C1", Action: tracker.ActionDue, From: tracker.StatusReopened, To: tracker.StatusReopened},
			{At: at(9), Actor: "U9", Channel: "C1", Action: tracker.ActionStart, From: tracker.StatusReopened, To: tracker.StatusInProgress},
			{At: at(10), Actor: "U9", Channel: "C1", Action: tracker.ActionClose, From: tracker.StatusInProgress, To: tracker.StatusAddressed, Note: "Retrained all call handlers"},
		}
		if len(history) != len(wantHistory) {
			t.Fatalf("history has %d events, want %d: %+v", len(history), len(wantHistory), history)
		}
		for i, e := range history {
			if i > 0 && e.ID <= history[i-1].ID {
				t.Errorf("event %d id %d not after %d", i, e.ID, history[i-1].ID)
			}
			e.ID = 0
			want := wantHistory[i]
			want.ItemID = id
			if !reflect.DeepEqual(e, want) {
				t.Errorf("event %d\n got %+v\nwant %+v", i, e, want)
			}
		}
		// The other AFI was not touched.
		other, otherHistory, err := s.Get(ctx, "herts-2021-afi-4")
		if err != nil || other.Status != tracker.StatusOpen || len(otherHistory) != 1 {
			t.Errorf("untouched AFI: %+v %+v %v", other, otherHistory, err)
		}
		list, err := s.List(ctx)
		if err != nil || len(list) != 2 || list[0].ID != id || list[0].Status != tracker.StatusAddressed || list[1].Status != tracker.StatusOpen {
			t.Errorf("List = %+v, %v", list, err)
		}
	})
}

// afiSnapshot is everything the store holds about one AFI.
type afiSnapshot struct {
	state   tracker.Item
	history []tracker.Event
}

func snapshot(t *testing.T, s *Store) map[string]afiSnapshot {
	t.Helper()
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]afiSnapshot{}
	for _, a := range list {
		state, history, err := s.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[a.ID] = afiSnapshot{state, history}
	}
	return out
}

func TestRefusalsChangeNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		const open, inProgress, addressed, reopened = "x-afi-1", "x-afi-2", "x-afi-3", "x-afi-4"
		if _, err := s.Sync(ctx, unknownDates(open, inProgress, addressed, reopened)); err != nil {
			t.Fatal(err)
		}
		mustDo(t)(s.Start(ctx, inProgress, "U1", "", ""))
		mustDo(t)(s.Assign(ctx, inProgress, "U1", "U1", ""))
		mustDo(t)(s.SetDue(ctx, inProgress, &t0, "U1", ""))
		mustDo(t)(s.Address(ctx, addressed, "done", "U1", ""))
		mustDo(t)(s.Address(ctx, reopened, "done", "U1", ""))
		mustDo(t)(s.Reopen(ctx, reopened, "U1", "", ""))
		before := snapshot(t, s)
		clk.Advance(time.Hour)

		due := t0.AddDate(0, 1, 0)
		cases := []struct {
			name     string
			op       func() (tracker.Item, error)
			code     error
			mentions []string
		}{
			{"close without evidence", func() (tracker.Item, error) { return s.Address(ctx, open, "", "U1", "C1") }, tracker.ErrEvidenceRequired, []string{open, "evidence"}},
			{"close with blank evidence", func() (tracker.Item, error) { return s.Address(ctx, inProgress, " \n\t ", "U1", "C1") }, tracker.ErrEvidenceRequired, []string{inProgress}},
			{"close when addressed", func() (tracker.Item, error) { return s.Address(ctx, addressed, "again", "U1", "C1") }, tracker.ErrInvalidTransition, []string{addressed, "already addressed"}},
			{"reopen when open", func() (tracker.Item, error) { return s.Reopen(ctx, open, "U1", "C1", "") }, tracker.ErrInvalidTransition, []string{open, "open"}},
			{"reopen when in progress", func() (tracker.Item, error) { return s.Reopen(ctx, inProgress, "U1", "C1", "") }, tracker.ErrInvalidTransition, []string{"in progress"}},
			{"reopen when reopened", func() (tracker.Item, error) { return s.Reopen(ctx, reopened, "U1", "C1", "") }, tracker.ErrInvalidTransition, []string{reopened}},
			{"start when in progress", func() (tracker.Item, error) { return s.Start(ctx, inProgress, "U1", "C1", "") }, tracker.ErrInvalidTransition, []string{"already in progress"}},
			{"start when addressed", func() (tracker.Item, error) { return s.Start(ctx, addressed, "U1", "C1", "") }, tracker.ErrInvalidTransition, []string{addressed, "reopen"}},
			{"assign the current owner", func() (tracker.Item, error) { return s.Assign(ctx, inProgress, "U1", "U2", "C1") }, tracker.ErrNoChange, []string{"U1"}},
			{"unassign nobody", func() (tracker.Item, error) { return s.Assign(ctx, open, " ", "U2", "C1") }, tracker.ErrNoChange, []string{open}},
			{"assign a name with spaces", func() (tracker.Item, error) { return s.Assign(ctx, open, "Jane Smith", "U2", "C1") }, tracker.ErrInvalidInput, []string{"Jane Smith"}},
			{"clear no due date", func() (tracker.Item, error) { return s.SetDue(ctx, open, nil, "U1", "C1") }, tracker.ErrNoChange, []string{open}},
			{"set the same due date", func() (tracker.Item, error) { return s.SetDue(ctx, inProgress, &t0, "U1", "C1") }, tracker.ErrNoChange, []string{"2025-03-03"}},
			{"blank note", func() (tracker.Item, error) { return s.AddNote(ctx, open, "   ", "U1", "C1") }, tracker.ErrInvalidInput, []string{open}},
			{"no actor", func() (tracker.Item, error) { return s.Address(ctx, open, "evidence", " ", "C1") }, tracker.ErrInvalidInput, nil},
			{"close unknown", func() (tracker.Item, error) { return s.Address(ctx, "x-afi-99", "evidence", "U1", "C1") }, tracker.ErrUnknownItem, []string{`"x-afi-99"`}},
			{"reopen unknown", func() (tracker.Item, error) { return s.Reopen(ctx, "x-afi-99", "U1", "C1", "") }, tracker.ErrUnknownItem, []string{"x-afi-99"}},
			{"start unknown", func() (tracker.Item, error) { return s.Start(ctx, "nope", "U1", "C1", "") }, tracker.ErrUnknownItem, []string{"nope"}},
			{"assign unknown", func() (tracker.Item, error) { return s.Assign(ctx, "nope", "U3", "U1", "C1") }, tracker.ErrUnknownItem, []string{"nope"}},
			{"due unknown", func() (tracker.Item, error) { return s.SetDue(ctx, "nope", &due, "U1", "C1") }, tracker.ErrUnknownItem, []string{"nope"}},
			{"note unknown", func() (tracker.Item, error) { return s.AddNote(ctx, "nope", "text", "U1", "C1") }, tracker.ErrUnknownItem, []string{"nope"}},
		}
		for _, c := range cases {
			got, err := c.op()
			wantRefusal(t, c.name, err, c.code, c.mentions...)
			if !reflect.DeepEqual(got, tracker.Item{}) {
				t.Errorf("%s: returned a state %+v with its refusal", c.name, got)
			}
		}
		if _, _, err := s.Get(ctx, "nope"); err == nil {
			t.Error("Get of an unknown id succeeded")
		} else {
			wantRefusal(t, "get unknown", err, tracker.ErrUnknownItem, "nope")
		}
		if after := snapshot(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("refused operations changed the store:\nbefore %+v\n after %+v", before, after)
		}
	})
}

// mustDo fails the test when an operation that should work does not.
func mustDo(t *testing.T) func(tracker.Item, error) tracker.Item {
	return func(a tracker.Item, err error) tracker.Item {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

func TestAddressedSince(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if _, err := s.Sync(ctx, unknownDates("a", "b", "c", "d")); err != nil {
			t.Fatal(err)
		}
		t1 := clk.Advance(time.Hour)
		mustDo(t)(s.Address(ctx, "a", "done", "U1", ""))
		t2 := clk.Advance(time.Hour)
		mustDo(t)(s.Address(ctx, "b", "done", "U1", ""))
		clk.Advance(time.Minute)
		mustDo(t)(s.Address(ctx, "c", "done", "U1", ""))
		clk.Advance(time.Minute)
		mustDo(t)(s.Reopen(ctx, "a", "U1", "", "not really"))

		ids := func(since time.Time) []string {
			t.Helper()
			got, err := s.AddressedSince(ctx, since)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, a := range got {
				out = append(out, a.ID)
			}
			return out
		}
		if got := ids(t1); !reflect.DeepEqual(got, []string{"b", "c"}) {
			t.Errorf("since t1 = %v, want [b c] (a was reopened)", got)
		}
		if got := ids(t2.Add(time.Microsecond)); !reflect.DeepEqual(got, []string{"c"}) {
			t.Errorf("just after t2 = %v, want [c]", got)
		}
		if got := ids(clk.Now()); len(got) != 0 {
			t.Errorf("since now = %v, want none", got)
		}
	})
}

// unknownDates are AFIs to sync whose reports' publication is unknown.
func unknownDates(ids ...string) []tracker.Opening {
	out := make([]tracker.Opening, len(ids))
	for i, id := range ids {
		out[i] = tracker.Opening{ID: id}
	}
	return out
}

// An AFI is open from its report's publication, not from when tracking
// began; one already tracked keeps its date, and a reopen restarts it.
func TestSyncOpensAnAFIWhenItsReportWasPublished(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		published := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
		if n, err := s.Sync(ctx, []tracker.Opening{
			{ID: "old-afi-1", OpenedAt: published},
			{ID: "new-afi-1"},                                // publication unknown
			{ID: "odd-afi-1", OpenedAt: t0.AddDate(1, 0, 0)}, // not published yet: now
		}); err != nil || n != 3 {
			t.Fatalf("Sync = %d, %v", n, err)
		}
		for id, want := range map[string]time.Time{"old-afi-1": published, "new-afi-1": t0, "odd-afi-1": t0} {
			a, history, err := s.Get(ctx, id)
			if err != nil || !a.OpenedAt.Equal(want) || !a.UpdatedAt.Equal(t0) || len(history) != 1 || !history[0].At.Equal(t0) {
				t.Errorf("%s: %+v, %+v, %v; want open since %v, tracked from %v", id, a, history, err, want, t0)
			}
		}
		// Synced again with another date, a tracked AFI keeps its own.
		clk.Advance(time.Hour)
		if n, err := s.Sync(ctx, []tracker.Opening{{ID: "new-afi-1", OpenedAt: published}}); err != nil || n != 0 {
			t.Fatalf("second Sync = %d, %v", n, err)
		}
		if a, _, _ := s.Get(ctx, "new-afi-1"); !a.OpenedAt.Equal(t0) {
			t.Errorf("a tracked AFI's opening moved to %v", a.OpenedAt)
		}
		if _, err := s.Address(ctx, "old-afi-1", "Done", "U1", ""); err != nil {
			t.Fatal(err)
		}
		reopened := clk.Advance(time.Hour)
		if a, err := s.Reopen(ctx, "old-afi-1", "U1", "", "Not done after all"); err != nil || !a.OpenedAt.Equal(reopened) {
			t.Errorf("reopen = %+v, %v; want open since %v", a, err, reopened)
		}
	})
}
