// Package digest is the daily digest of items: when it is due (Schedule,
// Scheduler), what it says (Digest, composed from the tracker), how it is
// posted exactly once per channel per day however many instances and
// restarts try (claim, post, record: Digester.Run, over Claims and a
// Poster), and how the day's message is kept current when an item it
// shows changes (Digester.Refresh, chat.update).
//
// A digest is one message whatever the number of reports: counts by status
// and by RAG, what changed since the last digest, the overdue items and
// those due within 14 days with their owners, the items waiting for
// sign-off, and the PCC responses due. The full list lives in App Home
// and /peel afi with filters.
//
// It owns the digest as a domain value, with no Block Kit in it: the chat
// service lays it out (a Layout; bot/render's for Slack) and posts it (a
// Poster; bot/slackclient's for Slack). It may import tracker, corpus and
// the standard library: no Slack, no SQL.
package digest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// DueSoonDays is how far ahead the digest lists what is due: 14 days.
const DueSoonDays = 14

// Digest is one channel's digest of one day, as composed. It says what,
// never how it looks.
type Digest struct {
	Channel string
	// Day is the digest's day, YYYY-MM-DD in Location; Date is that day.
	Day  string
	Date time.Time
	// Now is when it was composed; View is how items are seen on its day
	// (today, zone, RAG rules, reports).
	Now  time.Time
	View tracker.View
	// Outstanding is how many items are outstanding; ByStatus and ByRAG
	// count them (ByStatus counts closed and superseded too).
	Outstanding int
	ByStatus    map[tracker.Status]int
	ByRAG       map[tracker.RAG]int
	// Changes are what happened since the last digest (since tracking
	// began, before the first): each item's latest change of note,
	// latest first.
	Changes []Change
	// Overdue (the longest overdue first), DueSoon (due within DueSoonDays
	// days, the soonest first) and Pending (waiting for sign-off, the
	// longest first) are the items to look at today.
	Overdue, DueSoon, Pending []tracker.Entry
	// Responses are the reports whose PCC response is not recorded and
	// is overdue or due within DueSoonDays days.
	Responses []tracker.ResponseState
	// Links is how many outstanding items of earlier reports have a later
	// report of their force loaded, to be carried forward or superseded.
	Links int
	// Since is the channel's last digest before this day, nil before the
	// first.
	Since *Record
	// Through is the latest event the digest reflects.
	Through int64
}

// Change is one item's change since the last digest.
type Change struct {
	Entry tracker.Entry
	Event tracker.Event
}

// Items are the ids of the items the digest shows by name: a change to
// one of them updates the day's message.
func (d *Digest) Items() []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, list := range [][]tracker.Entry{d.Overdue, d.DueSoon, d.Pending} {
		for _, e := range list {
			add(e.Item.ID)
		}
	}
	for _, c := range d.Changes {
		add(c.Entry.Item.ID)
	}
	return out
}

// Closed counts the items closed since the last digest.
func (d *Digest) Closed() int {
	n := 0
	for _, c := range d.Changes {
		if c.Entry.Item.Status == tracker.StatusClosed && (c.Event.Action == tracker.ActionSignoff || c.Event.Action == tracker.ActionClose) {
			n++
		}
	}
	return n
}

// Summary is the digest's summary line: "41 outstanding: 3 red, 9 amber,
// 29 green; 2 closed since the last digest".
func (d *Digest) Summary() string {
	since := "since tracking began"
	if d.Since != nil {
		since = "since the last digest"
	}
	return fmt.Sprintf("%d outstanding: %d red, %d amber, %d green; %d closed %s",
		d.Outstanding, d.ByRAG[tracker.Red], d.ByRAG[tracker.Amber], d.ByRAG[tracker.Green], d.Closed(), since)
}

// ParseDay reads a digest day, YYYY-MM-DD.
func ParseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, tracker.Errorf(tracker.ErrInvalidInput, "digest day %q is not a date written YYYY-MM-DD", day)
	}
	return t, nil
}

// notable are the actions the digest reports as changes.
var notable = []tracker.Action{tracker.ActionAssign, tracker.ActionPropose, tracker.ActionSignoff, tracker.ActionSendback,
	tracker.ActionClose, tracker.ActionSupersede, tracker.ActionReopen, tracker.ActionDue}

// compose reads the tracker and the records and composes the digest of
// day, posting or recording nothing. through is the latest event id.
func compose(ctx context.Context, svc *tracker.Service, claims Claims, channel, day string, now time.Time, through int64) (*Digest, error) {
	date, err := ParseDay(day)
	if err != nil {
		return nil, err
	}
	entries, err := svc.Entries(ctx)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	v := svc.View("")
	v.Today = date
	d := &Digest{Channel: channel, Day: day, Date: date, Now: now, View: v, Through: through,
		ByStatus: map[tracker.Status]int{}, ByRAG: map[tracker.RAG]int{}}
	byID := map[string]tracker.Entry{}
	for _, e := range entries {
		byID[e.Item.ID] = e
		d.ByStatus[e.Item.Status]++
		if !e.Item.Status.Outstanding() {
			continue
		}
		d.Outstanding++
		r, _ := v.Rules.Rate(e.Item, v.Today, v.Loc)
		d.ByRAG[r]++
		switch {
		case tracker.Overdue(e.Item, v.Today):
			d.Overdue = append(d.Overdue, e)
		case tracker.DueWithin(e.Item, v.Today, DueSoonDays):
			d.DueSoon = append(d.DueSoon, e)
		}
		if e.Item.Status == tracker.StatusPending {
			d.Pending = append(d.Pending, e)
		}
	}
	d.Links = len(tracker.Successors(svc.Catalog(), entries))
	tracker.SortByUrgency(d.Overdue, v)
	tracker.SortByUrgency(d.DueSoon, v)
	slices.SortStableFunc(d.Pending, func(a, b tracker.Entry) int { return a.Item.StatusSince.Compare(b.Item.StatusSince) })
	if channel != "" && claims != nil {
		if d.Since, err = claims.LastDigestBefore(ctx, channel, day); err != nil {
			return nil, fmt.Errorf("compose digest: %w", err)
		}
	}
	var since time.Time
	if d.Since != nil {
		since = d.Since.ClaimedAt
	}
	events, err := svc.Events(ctx, since, notable...)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	latest := map[string]int{}
	for _, ev := range events {
		e, ok := byID[ev.ItemID]
		if !ok || ev.At.After(now) {
			continue
		}
		if i, seen := latest[ev.ItemID]; seen {
			d.Changes[i].Event = ev
			continue
		}
		latest[ev.ItemID] = len(d.Changes)
		d.Changes = append(d.Changes, Change{Entry: e, Event: ev})
	}
	slices.SortStableFunc(d.Changes, func(a, b Change) int { return b.Event.At.Compare(a.Event.At) })
	responses, err := svc.Responses(ctx)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	for _, r := range responses {
		if r.Response == nil && !r.Due.IsZero() && !r.Due.After(v.Today.AddDate(0, 0, DueSoonDays)) {
			d.Responses = append(d.Responses, r)
		}
	}
	return d, nil
}
