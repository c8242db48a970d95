package tracker

import (
	"strings"
	"time"
)

// Change asks for one change to one item.
type Change struct {
	// ItemID names the item, in any letter case.
	ItemID string
	Action Action
	// Actor is who asks: a Slack member id, or "cli:<login>" from the
	// command line. Never blank.
	Actor string
	// Channel is the Slack channel id the change comes from, "" when it
	// comes from elsewhere (the command line, App Home).
	Channel string
	// Note is the evidence for ActionClose (required), the optional note
	// of ActionStart and ActionReopen, the text of ActionNote (required).
	Note string
	// Owner is ActionAssign's new owner, a Slack member id; "" unassigns.
	Owner string
	// Due is ActionDue's day (the calendar day of Due in its own
	// location); nil clears it.
	Due *time.Time
}

// Apply returns it as c changes it at now, with the event that records the
// change, or a refusal (*Error) that leaves it as it was. Apply is the one
// place the rules of changing an item live; it reads nothing but its
// arguments and writes nothing, so every entry point gets the same answer
// for the same item.
//
// now is stored as given; callers pass it in UTC to the microsecond.
func Apply(it Item, c Change, now time.Time) (Item, Event, error) {
	actor, channel := strings.TrimSpace(c.Actor), strings.TrimSpace(c.Channel)
	if actor == "" {
		return it, Event{}, Errorf(ErrInvalidInput, "a change to an AFI must say who made it")
	}
	next := it
	var note string
	var err error
	switch c.Action {
	case ActionStart:
		note, err = start(&next, c.Note)
	case ActionClose:
		note, err = address(&next, c.Note, now)
	case ActionReopen:
		note, err = reopen(&next, c.Note, now)
	case ActionAssign:
		err = assign(&next, c.Owner)
	case ActionDue:
		err = setDue(&next, c.Due)
	case ActionNote:
		note, err = addNote(&next, c.Note)
	default:
		err = Errorf(ErrInvalidInput, "%q is not a change peelbot can make to an AFI", c.Action)
	}
	if err != nil {
		return it, Event{}, err
	}
	next.UpdatedAt, next.UpdatedBy = now, actor
	ev := Event{ItemID: it.ID, At: now, Actor: actor, Channel: channel, Action: c.Action,
		From: it.Status, To: next.Status, Note: note, Owner: next.Owner, Due: next.Due}
	return next, ev, nil
}

// start records that work on an open or reopened item has begun, with an
// optional note.
func start(it *Item, note string) (string, error) {
	note = strings.TrimSpace(note)
	switch it.Status {
	case StatusInProgress:
		return "", Errorf(ErrInvalidTransition, "%s is already in progress", it.ID)
	case StatusAddressed:
		return "", Errorf(ErrInvalidTransition, "%s is addressed; reopen it first if it needs more work", it.ID)
	}
	it.Status = StatusInProgress
	if note != "" {
		it.LastNote = note
	}
	return note, nil
}

// address marks an item addressed. evidence says what was done and must not
// be blank. An item already addressed is refused: reopen it first.
func address(it *Item, evidence string, now time.Time) (string, error) {
	evidence = strings.TrimSpace(evidence)
	if it.Status == StatusAddressed {
		since := ""
		if it.AddressedAt != nil {
			since = " (since " + it.AddressedAt.Format("2 January 2006") + ")"
		}
		return "", Errorf(ErrInvalidTransition, "%s is already addressed%s; reopen it first if it needs more work", it.ID, since)
	}
	if evidence == "" {
		return "", Errorf(ErrEvidenceRequired, "%s was not closed: closing an AFI needs evidence, a note saying what was done", it.ID)
	}
	it.Status, it.AddressedAt, it.LastNote = StatusAddressed, &now, evidence
	return evidence, nil
}

// reopen puts an addressed item back to work, open again from now, with an
// optional note saying why. Only an addressed item can be reopened.
func reopen(it *Item, note string, now time.Time) (string, error) {
	note = strings.TrimSpace(note)
	if it.Status != StatusAddressed {
		return "", Errorf(ErrInvalidTransition, "%s is %s, not addressed; only an addressed AFI can be reopened", it.ID, it.Status.Label())
	}
	it.Status, it.AddressedAt, it.OpenedAt = StatusReopened, nil, now
	if note != "" {
		it.LastNote = note
	}
	return note, nil
}

// assign makes owner responsible for the item; "" unassigns it. Assigning
// the current owner is refused with ErrNoChange.
func assign(it *Item, owner string) error {
	owner = strings.TrimSpace(owner)
	if strings.ContainsAny(owner, " \t\r\n") {
		return Errorf(ErrInvalidInput, "%q is not a Slack user id", owner)
	}
	if owner == it.Owner {
		if owner == "" {
			return Errorf(ErrNoChange, "%s has no owner to remove", it.ID)
		}
		return Errorf(ErrNoChange, "%s is already assigned to %s", it.ID, owner)
	}
	it.Owner = owner
	return nil
}

// setDue sets the calendar day the item should be addressed by (the day
// of due in due's own location, kept as midnight UTC), or clears it when due
// is nil. Setting the current due day is refused with ErrNoChange.
func setDue(it *Item, due *time.Time) error {
	var day *time.Time
	if due != nil {
		d := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
		day = &d
	}
	switch {
	case day == nil && it.Due == nil:
		return Errorf(ErrNoChange, "%s has no due date to clear", it.ID)
	case day != nil && it.Due != nil && day.Equal(*it.Due):
		return Errorf(ErrNoChange, "%s is already due on %s", it.ID, day.Format(time.DateOnly))
	}
	it.Due = day
	return nil
}

// addNote adds a free note to the item's history; text must not be blank.
func addNote(it *Item, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", Errorf(ErrInvalidInput, "the note for %s is empty; write what should be recorded", it.ID)
	}
	it.LastNote = text
	return text, nil
}

// Open begins tracking an item: open since o.OpenedAt (now when that is
// unknown or still to come), with an ActionOpen event by SystemActor dated
// now, which is when tracking began. A blank id is refused.
func Open(o Opening, now time.Time) (Item, Event, error) {
	id := NormalizeID(o.ID)
	if id == "" {
		return Item{}, Event{}, Errorf(ErrInvalidInput, "an AFI id is blank")
	}
	opened := o.OpenedAt.UTC().Truncate(time.Microsecond)
	if opened.IsZero() || opened.After(now) {
		opened = now
	}
	it := Item{ID: id, Status: StatusOpen, OpenedAt: opened, UpdatedAt: now, UpdatedBy: SystemActor}
	return it, Event{ItemID: id, At: now, Actor: SystemActor, Action: ActionOpen, To: StatusOpen}, nil
}
