package tracker

import (
	"strings"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// Type is what kind of finding an item is. Stored and in JSON; the values
// never change.
type Type string

// The three types of item a report asks a force to act on.
const (
	// TypeAFI is an area for improvement.
	TypeAFI Type = "afi"
	// TypeConcern is a cause of concern, accelerated or not, or an area of
	// concern: the report's own word is the item's Label.
	TypeConcern Type = "concern"
	// TypeRecommendation is one recommendation made with a cause of
	// concern; it often carries a deadline ("within three months").
	TypeRecommendation Type = "recommendation"
)

// Types lists the types in the order reports raise them.
var Types = []Type{TypeAFI, TypeConcern, TypeRecommendation}

// ParseType reads a type as people write it: "afi", "AFIs", "concern",
// "cause of concern", "coc", "rec", "recommendations".
func ParseType(s string) (Type, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("-", " ", "_", " ").Replace(s))), " ") {
	case "afi", "afis", "area for improvement", "areas for improvement":
		return TypeAFI, true
	case "concern", "concerns", "coc", "cause of concern", "causes of concern", "area of concern", "areas of concern":
		return TypeConcern, true
	case "recommendation", "recommendations", "rec", "recs":
		return TypeRecommendation, true
	}
	return "", false
}

// Noun is the type as a sentence names one: "area for improvement".
func (t Type) Noun() string {
	switch t {
	case TypeConcern:
		return "cause of concern"
	case TypeRecommendation:
		return "recommendation"
	}
	return "area for improvement"
}

// Status is where an item stands. The values are stored and never change;
// people and JSON see Label ("pending sign-off").
//
//	awaiting_allocation  nobody owns it yet; every item starts here
//	in_progress          an owner (a lead officer) is working on it
//	pending_signoff      the owner proposes closure, with evidence
//	closed               a reviewer signed the evidence off
//	superseded           a later inspection replaced it: carried forward
//	                     to a named item, or superseded by a later report
//
// The changes between them (Apply; who may make each is Policy's):
//
//	awaiting allocation → in progress      assign (an owner is set)
//	in progress → awaiting allocation      unassign
//	in progress → pending sign-off         propose, with evidence
//	pending sign-off → closed              signoff, by a reviewer
//	pending sign-off → in progress         sendback, with the reason
//	awaiting, in progress → closed         close: propose and sign off
//	                                       at once, by a reviewer
//	any outstanding → superseded           supersede, naming the later
//	                                       item or report
//	closed, superseded → in progress, or   reopen, with the reason
//	awaiting allocation when unowned
//
// Notes, the owner (while outstanding) and the due date change without a
// change of status. Histories written before these statuses keep the
// ones they had then (open, addressed, reopened: see LegacyStatuses).
type Status string

// The statuses.
const (
	StatusAwaiting   Status = "awaiting_allocation"
	StatusInProgress Status = "in_progress"
	StatusPending    Status = "pending_signoff"
	StatusClosed     Status = "closed"
	StatusSuperseded Status = "superseded"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusAwaiting, StatusInProgress, StatusPending, StatusClosed, StatusSuperseded}

// The statuses of the history kept from before sign-off existed: they
// appear in old events only, never as an item's status.
const (
	LegacyOpen      Status = "open"
	LegacyAddressed Status = "addressed"
	LegacyReopened  Status = "reopened"
)

// Label is the status as people write it: "awaiting allocation",
// "pending sign-off".
func (s Status) Label() string {
	switch s {
	case StatusPending:
		return "pending sign-off"
	case "":
		return ""
	}
	return strings.ReplaceAll(string(s), "_", " ")
}

// Outstanding reports whether the item still needs the force's work: any
// status but closed and superseded.
func (s Status) Outstanding() bool {
	return s == StatusAwaiting || s == StatusInProgress || s == StatusPending
}

// ParseStatus reads a status as stored ("pending_signoff") or as people
// write it ("pending sign-off", "Pending signoff", "in-progress", "open"
// for every outstanding one is not a status: see Filter).
func ParseStatus(s string) (Status, bool) {
	norm := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	}), ""))
	for _, st := range Statuses {
		if norm == strings.ReplaceAll(string(st), "_", "") {
			return st, true
		}
	}
	switch norm {
	case "awaiting", "unallocated", "unassigned", "unowned":
		return StatusAwaiting, true
	case "pending", "pendingsignoff", "signoff":
		return StatusPending, true
	case "done":
		return StatusClosed, true
	}
	return "", false
}

// Action is what an Event did. Stored; the values never change.
type Action string

// The actions an Event may record.
const (
	ActionOpen      Action = "open"      // tracking began, awaiting allocation
	ActionAssign    Action = "assign"    // owner set or changed (Owner is the new one; "" unassigns)
	ActionPropose   Action = "propose"   // → pending sign-off; Note is the evidence
	ActionSignoff   Action = "signoff"   // pending sign-off → closed; Note the reviewer's comment
	ActionSendback  Action = "sendback"  // pending sign-off → in progress; Note the reason
	ActionClose     Action = "close"     // → closed at once by a reviewer; Note the evidence
	ActionSupersede Action = "supersede" // → superseded; Note names what replaced it
	ActionReopen    Action = "reopen"    // closed or superseded → back to work; Note the reason
	ActionDue       Action = "due"       // target or revised date set; Note the reason of a revision
	ActionNote      Action = "note"      // a free note, status unchanged
	ActionLink      Action = "link"      // a later item was carried forward from this one (on the later item)
	ActionMigrate   Action = "migrate"   // the statuses of before sign-off were mapped onto today's
	// ActionStart is kept for histories and buttons of before sign-off: a
	// Start click now assigns the item to whoever clicked.
	ActionStart Action = "start"
)

// SystemActor is the actor of changes peelbot makes itself, such as
// beginning to track a new item.
const SystemActor = "peelbot"

// Item is the tracked state of one item. Its words and citation are in the
// reports (Source), under the same id.
type Item struct {
	// ID is the corpus id, lower case ("herts-2021-afi-3",
	// "northmoor-2023-coc-2-rec-1").
	ID     string `json:"id"`
	Type   Type   `json:"type"`
	Status Status `json:"status"`
	// StatusSince is when the item entered its status: RAG counts how long
	// an item has waited for an owner, or for sign-off, from here.
	StatusSince time.Time `json:"status_since"`
	// Owner is the Slack member id of the lead officer, "" for nobody.
	Owner string `json:"owner,omitempty"`
	// Target is the target date: the due date the item was first given (a
	// recommendation's, from its deadline); Revised the date it was moved
	// to since, with RevisedReason. Both are calendar days, midnight UTC.
	Target        *time.Time `json:"target,omitempty"`
	Revised       *time.Time `json:"revised,omitempty"`
	RevisedReason string     `json:"revised_reason,omitempty"`
	// OpenedAt is when it became the force's to act on: its report's
	// publication (when tracking began if that is unknown), or its latest
	// reopen.
	OpenedAt time.Time `json:"opened_at"`
	// UpdatedAt and UpdatedBy are the time and actor of the latest event.
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	// LastNote is the latest note written, of any kind.
	LastNote string `json:"last_note,omitempty"`
	// Evidence, ProposedBy and ProposedAt are the latest proposal of
	// closure; kept once closed.
	Evidence   string     `json:"evidence,omitempty"`
	ProposedBy string     `json:"proposed_by,omitempty"`
	ProposedAt *time.Time `json:"proposed_at,omitempty"`
	// SignedOffBy and ClosedAt are set exactly while the status is closed.
	SignedOffBy string     `json:"signed_off_by,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	// SupersededBy names what replaced it, an item or a report id; set
	// exactly while the status is superseded, as is SupersededAt.
	SupersededBy string     `json:"superseded_by,omitempty"`
	SupersededAt *time.Time `json:"superseded_at,omitempty"`
}

// Due is the date the item is due by now: its revised date, else its
// target; nil for none.
func (it Item) Due() *time.Time {
	if it.Revised != nil {
		return it.Revised
	}
	return it.Target
}

// Event is one entry of an item's history. Events are never changed or
// deleted, and every change of status has its event, so an item's status is
// always the To of its latest event.
type Event struct {
	ID     int64     `json:"id"`
	ItemID string    `json:"item"`
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
	// Note is what was written with the change: the evidence, the
	// reviewer's comment, the reason, what replaced the item.
	Note string `json:"note,omitempty"`
	// Detail says more of what the change was: "target", "revised" or
	// "cleared" for a due date; the later item or report that superseded
	// the item; the earlier item a later one was carried forward from.
	Detail string `json:"detail,omitempty"`
	// Owner and Due are the item's owner and due day after the event.
	Owner string     `json:"owner,omitempty"`
	Due   *time.Time `json:"due,omitempty"`
}

// NormalizeID puts an item id in the form the corpus uses: lower case,
// without surrounding space (or the backquotes of a pasted `id`).
func NormalizeID(id string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(id), "`"))
}

// Opening is an item to begin tracking: its id and type, since when it is
// the force's to act on (its report's publication; zero when unknown), and
// the target date its report sets (nil for none).
type Opening struct {
	ID       string
	Type     Type
	OpenedAt time.Time
	Target   *time.Time
}

// publishedLayouts are the ways a report's publication is written: the
// month, as reports close ("February 2023"), or a day.
var publishedLayouts = []string{"January 2006", "Jan 2006", "2 January 2006", "2 Jan 2006", "2006-01-02", "2006-01"}

// PublishedOn is when a report was published, as its first day when only
// the month is known ("February 2023" is 1 February 2023, UTC); zero when
// the report does not say or says it in a way not understood. A report's
// front matter (published: 14 February 2024) gives the day itself, and
// then deadlines are counted from it exactly.
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
	Source *Source
	Cite   corpus.Citation
	Item   Item
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
