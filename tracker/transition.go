package tracker

import (
	"strings"
	"time"
	"unicode"
)

// Change asks for one change to one item.
type Change struct {
	// ItemID names the item: its id, or the end of it (see
	// Catalog.Resolve).
	ItemID string
	Action Action
	// Actor is who asks: a Slack member id, or "cli:<login>" from the
	// command line. Never blank.
	Actor string
	// Channel is the Slack channel id the change comes from, "" when it
	// comes from elsewhere (the command line, App Home).
	Channel string
	// Note is what is written with the change: the evidence (propose,
	// close; required), the reviewer's comment (signoff), the reason
	// (sendback, reopen, a revised date; required), the text of a note
	// (required), why an item is superseded.
	Note string
	// Owner is ActionAssign's new owner, a Slack member id; "" unassigns.
	Owner string
	// Due is ActionDue's day (the calendar day of Due in its own
	// location); nil clears the item's dates.
	Due *time.Time
	// By is what supersedes the item (ActionSupersede): a later item's id,
	// when it is carried forward to it, or a later report's id.
	By string
	// Migrating lets a due date in the past be set, for an item whose
	// tracking is being moved into peelbot from elsewhere.
	Migrating bool
}

// Apply returns it as c changes it at now, with the event that records the
// change, or a refusal (*Error) that leaves it as it was. Apply is the one
// place the rules of an item's statuses live (see Status); it reads nothing
// but its arguments and writes nothing, so every entry point gets the same
// answer for the same item. Who may make the change is Policy's to say,
// before Apply is asked.
//
// today is the workspace's calendar day (midnight UTC of it), against
// which a due date in the past is refused; now is stored as given, in
// UTC to the microsecond.
func Apply(it Item, c Change, now, today time.Time) (Item, Event, error) {
	actor, channel := strings.TrimSpace(c.Actor), strings.TrimSpace(c.Channel)
	if actor == "" {
		return it, Event{}, Errorf(ErrInvalidInput, "a change to an item must say who made it")
	}
	next := it
	note := strings.TrimSpace(c.Note)
	if note != "" && !Visible(note) {
		return it, Event{}, invisibleNote(it.ID, c.Action)
	}
	detail := ""
	var err error
	switch c.Action {
	case ActionAssign:
		err = assign(&next, strings.TrimSpace(c.Owner), now)
	case ActionPropose:
		err = propose(&next, note, actor, now)
	case ActionSignoff:
		err = signoff(&next, actor, now)
	case ActionSendback:
		err = sendback(&next, note, now)
	case ActionClose:
		err = closeAtOnce(&next, note, actor, now)
	case ActionSupersede:
		detail = NormalizeID(c.By)
		err = supersede(&next, detail, now)
	case ActionReopen:
		err = reopen(&next, note, now)
	case ActionDue:
		detail, err = setDue(&next, c.Due, note, c.Migrating, today)
	case ActionNote:
		if note == "" {
			err = Errorf(ErrInvalidInput, "the note for %s is empty; write what should be recorded", it.ID)
		}
	case ActionLink:
		detail = NormalizeID(c.By)
		if detail == "" {
			err = Errorf(ErrInvalidInput, "a link must name the earlier item")
		}
	default:
		err = Errorf(ErrInvalidInput, "%q is not a change peelbot can make to an item", c.Action)
	}
	if err != nil {
		return it, Event{}, err
	}
	if next.Status != it.Status {
		next.StatusSince = now
	}
	if note != "" {
		next.LastNote = note
	}
	next.UpdatedAt, next.UpdatedBy = now, actor
	ev := Event{ItemID: it.ID, At: now, Actor: actor, Channel: channel, Action: c.Action,
		From: it.Status, To: next.Status, Note: note, Detail: detail, Owner: next.Owner, Due: next.Due()}
	return next, ev, nil
}

// Visible reports whether s has a character a reader can see: a letter,
// digit, punctuation or symbol, not only spaces, zero-width and other
// format or control characters, lone combining marks, or the fillers that
// render blank. Evidence, reasons and notes must be visible: a zero-width
// space would otherwise close an item with nothing to show for it.
func Visible(s string) bool {
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) && !unicode.IsMark(r) && !blankFiller[r] {
			return true
		}
	}
	return false
}

// blankFiller are graphic characters that render as nothing.
var blankFiller = map[rune]bool{'\u115f': true, '\u1160': true, '\u3164': true, '\uffa0': true, '\u2800': true}

// invisibleNote refuses a change whose note has no visible character,
// with the code of the note the change needs.
func invisibleNote(id string, a Action) error {
	what, code := "note", ErrInvalidInput
	switch a {
	case ActionPropose, ActionClose:
		what, code = "evidence", ErrEvidenceRequired
	case ActionSendback, ActionReopen:
		what, code = "reason", ErrReasonRequired
	}
	return Errorf(code, "%s was not changed: the %s given has no visible characters (only spaces or invisible ones); write it in words", id, what)
}

// finished refuses a change to a closed or superseded item, which must be
// reopened first.
func finished(it *Item, doing string) error {
	switch it.Status {
	case StatusClosed:
		since := ""
		if it.ClosedAt != nil {
			since = " on " + it.ClosedAt.Format("2 January 2006")
		}
		return Errorf(ErrInvalidTransition, "%s was closed%s, so it cannot %s; reopen it first, with the reason", it.ID, since, doing)
	case StatusSuperseded:
		return Errorf(ErrInvalidTransition, "%s is superseded by %s, so it cannot %s; reopen it first, with the reason", it.ID, it.SupersededBy, doing)
	}
	return nil
}

// assign makes owner responsible (an item awaiting allocation is then in
// progress), or with "" removes the owner (an item in progress then
// awaits allocation again).
func assign(it *Item, owner string, now time.Time) error {
	if err := finished(it, "be assigned"); err != nil {
		return err
	}
	if strings.ContainsAny(owner, " \t\r\n") {
		return Errorf(ErrInvalidInput, "%q is not a Slack member id", owner)
	}
	if owner == it.Owner {
		if owner == "" {
			return Errorf(ErrNoChange, "%s has no owner to remove", it.ID)
		}
		return Errorf(ErrNoChange, "%s is already assigned to %s", it.ID, owner)
	}
	switch {
	case owner == "" && it.Status == StatusPending:
		return Errorf(ErrInvalidTransition, "%s is pending sign-off, so it keeps its owner; send it back first", it.ID)
	case owner == "":
		it.Status = StatusAwaiting
	case it.Status == StatusAwaiting:
		it.Status = StatusInProgress
	}
	it.Owner = owner
	return nil
}

// propose puts an item in progress up for sign-off, with the evidence.
func propose(it *Item, evidence, actor string, now time.Time) error {
	if err := finished(it, "be proposed for closure"); err != nil {
		return err
	}
	switch it.Status {
	case StatusAwaiting:
		return Errorf(ErrInvalidTransition, "%s has no owner yet; it is assigned before its closure is proposed", it.ID)
	case StatusPending:
		return Errorf(ErrInvalidTransition, "%s is already pending sign-off (proposed %s)", it.ID, it.ProposedAt.Format("2 January 2006"))
	}
	if evidence == "" {
		return Errorf(ErrEvidenceRequired, "%s was not proposed for closure: that needs evidence, saying what was done and where it is recorded", it.ID)
	}
	it.Status, it.Evidence, it.ProposedBy, it.ProposedAt = StatusPending, evidence, actor, &now
	return nil
}

// signoff closes an item pending sign-off.
func signoff(it *Item, actor string, now time.Time) error {
	if err := finished(it, "be signed off"); err != nil {
		return err
	}
	if it.Status != StatusPending {
		return Errorf(ErrInvalidTransition, "%s is %s: only an item whose closure was proposed, with evidence, can be signed off", it.ID, it.Status.Label())
	}
	it.Status, it.SignedOffBy, it.ClosedAt = StatusClosed, actor, &now
	return nil
}

// sendback returns an item pending sign-off to its owner, with the
// reason.
func sendback(it *Item, reason string, now time.Time) error {
	if err := finished(it, "be sent back"); err != nil {
		return err
	}
	if it.Status != StatusPending {
		return Errorf(ErrInvalidTransition, "%s is %s, not pending sign-off, so there is nothing to send back", it.ID, it.Status.Label())
	}
	if reason == "" {
		return Errorf(ErrReasonRequired, "%s was not sent back: say why, so its owner knows what is missing", it.ID)
	}
	it.Status = StatusInProgress
	if it.Owner == "" {
		it.Status = StatusAwaiting
	}
	return nil
}

// closeAtOnce proposes and signs off in one step.
func closeAtOnce(it *Item, evidence, actor string, now time.Time) error {
	if err := finished(it, "be closed again"); err != nil {
		return err
	}
	if evidence == "" {
		return Errorf(ErrEvidenceRequired, "%s was not closed: closing needs evidence, saying what was done and where it is recorded", it.ID)
	}
	it.Status, it.Evidence, it.ProposedBy, it.ProposedAt = StatusClosed, evidence, actor, &now
	it.SignedOffBy, it.ClosedAt = actor, &now
	return nil
}

// supersede records that by (a later item or report) replaced the item.
func supersede(it *Item, by string, now time.Time) error {
	if err := finished(it, "be superseded"); err != nil {
		return err
	}
	if by == "" {
		return Errorf(ErrInvalidInput, "say what supersedes %s: the later item it is carried forward to, or the later report", it.ID)
	}
	if by == it.ID {
		return Errorf(ErrInvalidInput, "%s cannot supersede itself", it.ID)
	}
	it.Status, it.SupersededBy, it.SupersededAt = StatusSuperseded, by, &now
	return nil
}

// reopen puts a closed or superseded item back to work, open again from
// now: in progress with its owner, or awaiting allocation.
func reopen(it *Item, reason string, now time.Time) error {
	if it.Status.Outstanding() {
		return Errorf(ErrInvalidTransition, "%s is %s, not closed or superseded, so there is nothing to reopen", it.ID, it.Status.Label())
	}
	if reason == "" {
		return Errorf(ErrReasonRequired, "%s was not reopened: say why it needs more work", it.ID)
	}
	it.Status = StatusInProgress
	if it.Owner == "" {
		it.Status = StatusAwaiting
	}
	it.ClosedAt, it.SignedOffBy, it.SupersededBy, it.SupersededAt = nil, "", "", nil
	it.Evidence, it.ProposedBy, it.ProposedAt = "", "", nil
	it.OpenedAt = now
	return nil
}

// setDue gives the item its target date, or once it has one, a revised
// date with the reason it moved; nil clears both, with the reason. A day
// before today (the workspace's) is refused unless migrating, and so is
// one outside the sane range. It returns the event's detail: "target",
// "revised" or "cleared".
func setDue(it *Item, due *time.Time, reason string, migrating bool, today time.Time) (string, error) {
	if err := finished(it, "have its due date changed"); err != nil {
		return "", err
	}
	if due == nil {
		if it.Due() == nil {
			return "", Errorf(ErrNoChange, "%s has no due date to clear", it.ID)
		}
		if reason == "" {
			return "", Errorf(ErrReasonRequired, "the due date of %s was not cleared: say why", it.ID)
		}
		it.Target, it.Revised, it.RevisedReason = nil, nil, ""
		return "cleared", nil
	}
	day := dayOf(*due)
	switch {
	case !SaneDate(day):
		return "", Errorf(ErrInvalidInput, "%s is not a date peelbot can use: give one from 2000 to 2099", day.Format(time.DateOnly))
	case !migrating && !today.IsZero() && day.Before(today):
		return "", Errorf(ErrInvalidInput, "%s is in the past, so %s was not given it; give today or a later day (a date in the past is kept only when migrating an item's record)", day.Format("2 January 2006"), it.ID)
	case it.Due() != nil && it.Due().Equal(day):
		return "", Errorf(ErrNoChange, "%s is already due on %s", it.ID, day.Format("2 January 2006"))
	}
	if it.Target == nil {
		it.Target = &day
		return "target", nil
	}
	if reason == "" {
		return "", Errorf(ErrReasonRequired, "%s already has a target date (%s); a revised date needs the reason it moved", it.ID, it.Target.Format("2 January 2006"))
	}
	it.Revised, it.RevisedReason = &day, reason
	return "revised", nil
}

// Open begins tracking an item: awaiting allocation since o.OpenedAt (now
// when that is unknown or still to come), due by o.Target when its report
// sets a date, with an ActionOpen event by SystemActor dated now, which is
// when tracking began. A blank id is refused.
func Open(o Opening, now time.Time) (Item, Event, error) {
	id := NormalizeID(o.ID)
	if id == "" {
		return Item{}, Event{}, Errorf(ErrInvalidInput, "an item id is blank")
	}
	opened := o.OpenedAt.UTC().Truncate(time.Microsecond)
	if opened.IsZero() || opened.After(now) {
		opened = now
	}
	typ := o.Type
	if typ == "" {
		typ = TypeAFI
	}
	var target *time.Time
	if o.Target != nil && SaneDate(*o.Target) {
		d := dayOf(*o.Target)
		target = &d
	}
	it := Item{ID: id, Type: typ, Status: StatusAwaiting, StatusSince: opened, OpenedAt: opened, Target: target, UpdatedAt: now, UpdatedBy: SystemActor}
	note := ""
	if target != nil {
		note = "due " + target.Format("2 January 2006") + " as its report sets"
	}
	return it, Event{ItemID: id, At: now, Actor: SystemActor, Action: ActionOpen, To: StatusAwaiting, Note: note, Due: target}, nil
}
