package tracker

import (
	"strings"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// Status is where an item stands. The values are stored and appear in
// JSON, so they never change:
//
//	open         tracked, no work recorded yet; every item starts here
//	in_progress  someone is working on it
//	addressed    done, with an evidence note saying what was done
//	reopened     was addressed, but needs more work
//
// Allowed changes; every other one is refused with ErrInvalidTransition:
//
//	open, reopened               → in_progress (ActionStart)
//	open, in_progress, reopened  → addressed   (ActionClose, evidence required)
//	addressed                    → reopened    (ActionReopen)
//
// Owner, due date and notes change in any status and leave it as it is.
type Status string

// The four statuses.
const (
	StatusOpen       Status = "open"
	StatusInProgress Status = "in_progress"
	StatusAddressed  Status = "addressed"
	StatusReopened   Status = "reopened"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusOpen, StatusInProgress, StatusAddressed, StatusReopened}

// Label is the status as people write it: "in progress" for in_progress.
func (s Status) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// Outstanding reports whether the item still needs work, that is whether it
// belongs in the digest: every status but addressed.
func (s Status) Outstanding() bool { return s != StatusAddressed }

// CanStart reports whether work on an item in status s can be recorded as
// begun: it is open or reopened.
func (s Status) CanStart() bool { return s == StatusOpen || s == StatusReopened }

// CanAddress reports whether an item in status s can be marked addressed:
// it is outstanding.
func (s Status) CanAddress() bool { return s.Outstanding() }

// CanReopen reports whether an item in status s can be reopened: it is
// addressed.
func (s Status) CanReopen() bool { return s == StatusAddressed }

// ParseStatus reads a status as stored ("in_progress") or as people write
// it ("in progress", "In-Progress").
func ParseStatus(s string) (Status, bool) {
	norm := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	}), "_"))
	for _, st := range Statuses {
		if norm == string(st) {
			return st, true
		}
	}
	return "", false
}

// Action is what an Event did. Stored; the values never change.
type Action string

// The actions an Event may record.
const (
	ActionOpen   Action = "open"   // tracking began, as open (Open)
	ActionStart  Action = "start"  // → in_progress
	ActionClose  Action = "close"  // → addressed, Note holds the evidence
	ActionReopen Action = "reopen" // addressed → reopened
	ActionAssign Action = "assign" // owner changed (Owner is the new one, "" for nobody)
	ActionDue    Action = "due"    // due date set or cleared
	ActionNote   Action = "note"   // a free note, status unchanged
)

// SystemActor is the actor of changes peelbot makes itself, such as
// beginning to track a new item.
const SystemActor = "peelbot"

// Item is the tracked state of one item. Its words and citation are in
// package corpus, under the same id.
type Item struct {
	// ID is the corpus id, lower case ("herts-2021-afi-3").
	ID     string `json:"id"`
	Status Status `json:"status"`
	// Owner is the Slack member id of whoever is responsible, "" for
	// nobody.
	Owner string `json:"owner,omitempty"`
	// Due is the calendar day it should be addressed by (midnight UTC of
	// that day), nil for none.
	Due *time.Time `json:"due,omitempty"`
	// OpenedAt is when it last became outstanding: when its report was
	// published (when tracking began if that is unknown), or its latest
	// reopen. Days open count from here.
	OpenedAt time.Time `json:"opened_at"`
	// UpdatedAt and UpdatedBy are the time and actor of the latest event.
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	// LastNote is the latest note written: evidence, a reopen or start
	// note, or a free note. Empty until there is one.
	LastNote string `json:"last_note,omitempty"`
	// AddressedAt is when it was addressed; set exactly while the status
	// is addressed.
	AddressedAt *time.Time `json:"addressed_at,omitempty"`
}

// Event is one entry of an item's history. Events are never changed or
// deleted, and every change of status has its event, so an item's status is
// always the To of its latest event.
type Event struct {
	ID     int64     `json:"id"`
	ItemID string    `json:"afi"`
	At     time.Time `json:"at"`
	// Actor is who made the change: a Slack member id ("U024BE7LH"),
	// "cli:<login>" from the command line, or SystemActor.
	Actor string `json:"actor"`
	// Channel is the Slack channel id the change came from, "" when it did
	// not come from a channel (command line, App Home).
	Channel string `json:"channel,omitempty"`
	Action  Action `json:"action"`
	// From and To are the status before and after; equal when the event
	// changed no status. For ActionOpen, From is empty.
	From Status `json:"from,omitempty"`
	To   Status `json:"to"`
	// Note is the evidence (close), or the note given with the change.
	Note string `json:"note,omitempty"`
	// Owner and Due are the item's owner and due day after the event.
	Owner string     `json:"owner,omitempty"`
	Due   *time.Time `json:"due,omitempty"`
}

// NormalizeID puts an item id in the form the corpus uses: lower case,
// without surrounding space.
func NormalizeID(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

// Opening is an item to begin tracking and since when it is the force's
// to act on: its report's publication. A zero OpenedAt means unknown.
type Opening struct {
	ID       string
	OpenedAt time.Time
}

// Openings are the items of lib to track, each open since its report was
// published.
func Openings(lib *corpus.Library) []Opening {
	afis := lib.AFIs()
	out := make([]Opening, len(afis))
	for i, a := range afis {
		out[i] = Opening{ID: a.ID, OpenedAt: PublishedOn(lib.Report(a.ReportID))}
	}
	return out
}

// publishedLayouts are the ways a report's publication is written: the
// month, as reports close ("February 2023"), or a day.
var publishedLayouts = []string{"January 2006", "Jan 2006", "2 January 2006", "2 Jan 2006", "2006-01-02", "2006-01"}

// PublishedOn is when a report was published, as its first day when only
// the month is known ("February 2023" is 1 February 2023, UTC); zero when
// the report does not say or says it in a way not understood.
func PublishedOn(r *corpus.Report) time.Time {
	if r == nil {
		return time.Time{}
	}
	text := strings.Join(strings.Fields(r.Published), " ")
	for _, layout := range publishedLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Entry is one item as people see it: its words and citation from the
// reports, and its tracked state.
type Entry struct {
	AFI  *corpus.AFI
	Cite corpus.Citation
	Item Item
}

// Outstanding keeps the entries that still need work, in order.
func Outstanding(entries []Entry) []Entry {
	var out []Entry
	for _, e := range entries {
		if e.Item.Status.Outstanding() {
			out = append(out, e)
		}
	}
	return out
}
