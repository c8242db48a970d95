package tracker

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var (
	t0  = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	t1  = t0.Add(time.Hour)
	day = time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)
)

func item(id string, s Status) Item {
	it := Item{ID: id, Status: s, OpenedAt: t0, UpdatedAt: t0, UpdatedBy: SystemActor}
	if s == StatusAddressed {
		at := t0
		it.AddressedAt, it.LastNote = &at, "done"
	}
	return it
}

// Every change the rules allow, from every status, and what it records.
func TestApplyMakesTheChangesTheRulesAllow(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	// 00:30 on 30 April in London is still 29 April in UTC: the day that
	// counts is the one the caller meant.
	dueLondon := time.Date(2025, 4, 30, 0, 30, 0, 0, london)
	cases := []struct {
		name string
		from Item
		c    Change
		want func(Item) Item
		note string
	}{
		{"start an open item", item("a", StatusOpen), Change{Action: ActionStart, Note: " Looking "},
			func(it Item) Item { it.Status, it.LastNote = StatusInProgress, "Looking"; return it }, "Looking"},
		{"start a reopened item", item("a", StatusReopened), Change{Action: ActionStart},
			func(it Item) Item { it.Status = StatusInProgress; return it }, ""},
		{"address an item in progress", item("a", StatusInProgress), Change{Action: ActionClose, Note: " Policy published "},
			func(it Item) Item {
				it.Status, it.LastNote, it.AddressedAt = StatusAddressed, "Policy published", &t1
				return it
			}, "Policy published"},
		{"reopen an addressed item", item("a", StatusAddressed), Change{Action: ActionReopen, Note: "Audit found gaps"},
			func(it Item) Item {
				it.Status, it.AddressedAt, it.OpenedAt, it.LastNote = StatusReopened, nil, t1, "Audit found gaps"
				return it
			}, "Audit found gaps"},
		{"assign", item("a", StatusOpen), Change{Action: ActionAssign, Owner: " U9 "},
			func(it Item) Item { it.Owner = "U9"; return it }, ""},
		{"set a due day", item("a", StatusOpen), Change{Action: ActionDue, Due: &dueLondon},
			func(it Item) Item { it.Due = &day; return it }, ""},
		{"note", item("a", StatusAddressed), Change{Action: ActionNote, Note: "Checked"},
			func(it Item) Item { it.LastNote = "Checked"; return it }, "Checked"},
	}
	for _, tc := range cases {
		tc.c.Actor, tc.c.Channel = "U1", " C1 "
		got, ev, err := Apply(tc.from, tc.c, t1)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want := tc.want(tc.from)
		want.UpdatedAt, want.UpdatedBy = t1, "U1"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, want)
		}
		wantEv := Event{ItemID: "a", At: t1, Actor: "U1", Channel: "C1", Action: tc.c.Action, From: tc.from.Status,
			To: want.Status, Note: tc.note, Owner: want.Owner, Due: want.Due}
		if !reflect.DeepEqual(ev, wantEv) {
			t.Errorf("%s: event\n got %+v\nwant %+v", tc.name, ev, wantEv)
		}
	}
}

// Every change the rules refuse is refused with its code and a message
// naming the item, and the item comes back as it was.
func TestApplyRefusesWhatTheRulesDoNotAllow(t *testing.T) {
	withDue := item("a", StatusInProgress)
	withDue.Due, withDue.Owner = &day, "U1"
	cases := []struct {
		name     string
		from     Item
		c        Change
		code     Code
		mentions []string
	}{
		{"address without evidence", item("a", StatusOpen), Change{Action: ActionClose, Note: " \n\t "}, ErrEvidenceRequired, []string{"a was not closed", "evidence"}},
		{"address twice", item("a", StatusAddressed), Change{Action: ActionClose, Note: "again"}, ErrInvalidTransition, []string{"already addressed (since 3 March 2025)", "reopen"}},
		{"reopen an open item", item("a", StatusOpen), Change{Action: ActionReopen}, ErrInvalidTransition, []string{"a is open, not addressed"}},
		{"reopen an item in progress", item("a", StatusInProgress), Change{Action: ActionReopen}, ErrInvalidTransition, []string{"in progress"}},
		{"start twice", item("a", StatusInProgress), Change{Action: ActionStart}, ErrInvalidTransition, []string{"already in progress"}},
		{"start an addressed item", item("a", StatusAddressed), Change{Action: ActionStart}, ErrInvalidTransition, []string{"reopen it first"}},
		{"assign the owner", withDue, Change{Action: ActionAssign, Owner: "U1"}, ErrNoChange, []string{"already assigned to U1"}},
		{"unassign nobody", item("a", StatusOpen), Change{Action: ActionAssign}, ErrNoChange, []string{"no owner"}},
		{"assign a name", item("a", StatusOpen), Change{Action: ActionAssign, Owner: "Jane Smith"}, ErrInvalidInput, []string{"Jane Smith"}},
		{"clear no due day", item("a", StatusOpen), Change{Action: ActionDue}, ErrNoChange, []string{"no due date"}},
		{"the same due day", withDue, Change{Action: ActionDue, Due: &day}, ErrNoChange, []string{"2025-04-30"}},
		{"a blank note", item("a", StatusOpen), Change{Action: ActionNote, Note: "  "}, ErrInvalidInput, []string{"empty"}},
		{"an unknown action", item("a", StatusOpen), Change{Action: "delete"}, ErrInvalidInput, []string{"delete"}},
	}
	for _, tc := range cases {
		tc.c.Actor = "U2"
		got, ev, err := Apply(tc.from, tc.c, t1)
		if !errors.Is(err, tc.code) || ErrorCode(err) != tc.code {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.code)
			continue
		}
		for _, m := range tc.mentions {
			if !strings.Contains(ErrorMessage(err), m) {
				t.Errorf("%s: %q does not say %q", tc.name, ErrorMessage(err), m)
			}
		}
		if !reflect.DeepEqual(got, tc.from) || ev != (Event{}) {
			t.Errorf("%s: refused, yet returned %+v, %+v", tc.name, got, ev)
		}
	}
	if _, _, err := Apply(item("a", StatusOpen), Change{Action: ActionStart, Actor: " "}, t1); ErrorCode(err) != ErrInvalidInput {
		t.Errorf("a change by nobody: %v", err)
	}
}

// The buttons a status offers are the changes Apply allows from it.
func TestStatusSaysWhatItAllows(t *testing.T) {
	for _, s := range Statuses {
		_, _, errStart := Apply(item("a", s), Change{Action: ActionStart, Actor: "U1"}, t1)
		_, _, errClose := Apply(item("a", s), Change{Action: ActionClose, Actor: "U1", Note: "x"}, t1)
		_, _, errReopen := Apply(item("a", s), Change{Action: ActionReopen, Actor: "U1"}, t1)
		if s.CanStart() != (errStart == nil) || s.CanAddress() != (errClose == nil) || s.CanReopen() != (errReopen == nil) {
			t.Errorf("%s: CanStart %v (%v), CanAddress %v (%v), CanReopen %v (%v)", s,
				s.CanStart(), errStart, s.CanAddress(), errClose, s.CanReopen(), errReopen)
		}
	}
}

func TestOpenStartsOpenSinceThePublication(t *testing.T) {
	published := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		o    Opening
		want time.Time
	}{
		{Opening{ID: " HERTS-2021-AFI-1 ", OpenedAt: published}, published},
		{Opening{ID: "x"}, t1},                                // unknown: tracking began now
		{Opening{ID: "x", OpenedAt: t1.AddDate(1, 0, 0)}, t1}, // not published yet
	} {
		it, ev, err := Open(tc.o, t1)
		if err != nil || it.Status != StatusOpen || !it.OpenedAt.Equal(tc.want) || !it.UpdatedAt.Equal(t1) || it.UpdatedBy != SystemActor ||
			ev.Action != ActionOpen || ev.To != StatusOpen || ev.From != "" || !ev.At.Equal(t1) || ev.ItemID != it.ID {
			t.Errorf("Open(%+v) = %+v, %+v, %v", tc.o, it, ev, err)
		}
	}
	if _, _, err := Open(Opening{ID: " "}, t1); ErrorCode(err) != ErrInvalidInput {
		t.Errorf("Open of a blank id: %v", err)
	}
}

func TestErrorCodesAreErrorsIsAble(t *testing.T) {
	err := error(Errorf(ErrNoChange, "x has no owner to remove"))
	wrapped := errors.Join(errors.New("while doing something"), err)
	if !errors.Is(wrapped, ErrNoChange) || errors.Is(wrapped, ErrForbidden) || ErrorCode(wrapped) != ErrNoChange ||
		ErrorMessage(wrapped) != "x has no owner to remove" {
		t.Errorf("code %q message %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	if ErrorCode(errors.New("disk full")) != "" || ErrorMessage(errors.New("disk full")) != "" || ErrorCode(nil) != "" {
		t.Error("a failure is taken for a refusal")
	}
}
