package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is where an AFI stands. The values are stored and appear in JSON,
// so they never change:
//
//	open         tracked, no work recorded yet; every AFI starts here
//	in_progress  someone is working on it
//	addressed    done, with an evidence note saying what was done
//	reopened     was addressed, but needs more work
//
// Allowed changes; every other one is refused with ErrInvalidTransition:
//
//	open, reopened               → in_progress (Start)
//	open, in_progress, reopened  → addressed   (Close, evidence required)
//	addressed                    → reopened    (Reopen)
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

// Outstanding reports whether the AFI still needs work, that is whether it
// belongs in the digest: every status but addressed.
func (s Status) Outstanding() bool { return s != StatusAddressed }

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
	ActionOpen   Action = "open"   // Sync began tracking the AFI, as open
	ActionStart  Action = "start"  // → in_progress
	ActionClose  Action = "close"  // → addressed, Note holds the evidence
	ActionReopen Action = "reopen" // addressed → reopened
	ActionAssign Action = "assign" // owner changed (Owner is the new one, "" for nobody)
	ActionDue    Action = "due"    // due date set or cleared
	ActionNote   Action = "note"   // a free note, status unchanged
)

// SystemActor is the actor of changes peelbot makes itself, such as
// beginning to track a new AFI.
const SystemActor = "peelbot"

// AFIState is the tracked state of one area for improvement. The AFI's text
// and citation are in package corpus, under the same id.
type AFIState struct {
	// ID is the corpus AFI id, lower case ("herts-2021-afi-3").
	ID     string `json:"id"`
	Status Status `json:"status"`
	// Owner is the Slack user id of whoever is responsible, "" for nobody.
	Owner string `json:"owner,omitempty"`
	// Due is the calendar day it should be addressed by (midnight UTC of
	// that day), nil for none.
	Due *time.Time `json:"due,omitempty"`
	// OpenedAt is when it last became outstanding: when its report was
	// published (an AFI is open from then, not from when peelbot began
	// tracking it; when tracking began if the publication is unknown), or
	// its latest reopen. Days open count from here.
	OpenedAt time.Time `json:"opened_at"`
	// UpdatedAt and UpdatedBy are the time and actor of the latest event.
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	// LastNote is the latest note written: evidence, a reopen or start
	// note, or a free note. Empty until there is one.
	LastNote string `json:"last_note,omitempty"`
	// AddressedAt is when it was addressed; set exactly while the status is
	// addressed.
	AddressedAt *time.Time `json:"addressed_at,omitempty"`
}

// Event is one entry of an AFI's audit trail. Events are never changed or
// deleted. Every change of status has its event, written in the same
// transaction, so an AFI's status is always the To of its latest event.
type Event struct {
	ID    int64     `json:"id"`
	AFIID string    `json:"afi"`
	At    time.Time `json:"at"`
	// Actor is who made the change: a Slack user id ("U024BE7LH"),
	// "cli:<user>" from the command line, or SystemActor.
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
	// Owner and Due are the AFI's owner and due day after the event.
	Owner string     `json:"owner,omitempty"`
	Due   *time.Time `json:"due,omitempty"`
}

// hookMidChange, when set, runs inside a status change's transaction after
// the AFI's row is updated and before its event is written. Only tests set
// it, to kill a process mid-change.
var hookMidChange func()

// normalizeID puts an AFI id in the form the corpus uses.
func normalizeID(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

const afiColumns = `id, status, owner, due, opened_at, updated_at, updated_by, last_note, addressed_at`

type scanner interface{ Scan(dest ...any) error }

func scanAFI(sc scanner) (AFIState, error) {
	var a AFIState
	var due, opened, updated, addressed dbTime
	err := sc.Scan(&a.ID, &a.Status, &a.Owner, &due, &opened, &updated, &a.UpdatedBy, &a.LastNote, &addressed)
	a.Due, a.OpenedAt, a.UpdatedAt, a.AddressedAt = due.ptr(), opened.Time, updated.Time, addressed.ptr()
	return a, err
}

// AFIOpening is an AFI to track and when it was opened: its report's
// publication. A zero OpenedAt means unknown.
type AFIOpening struct {
	ID       string
	OpenedAt time.Time
}

// Sync makes sure every AFI has a row, starting open since its OpenedAt
// (now when that is unknown or still to come) with an ActionOpen event by
// SystemActor, dated now: the event is when tracking began. AFIs already
// tracked are left exactly as they are, their OpenedAt included, and AFIs
// no longer in the corpus are kept. It returns how many it added.
func (s *Store) Sync(ctx context.Context, afis []AFIOpening) (int, error) {
	known, err := s.trackedIDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync AFIs: %w", err)
	}
	var missing []AFIOpening
	for _, a := range afis {
		id := normalizeID(a.ID)
		if id == "" {
			return 0, refuse(ErrInvalidInput, "an AFI id is blank")
		}
		if !known[id] {
			known[id] = true
			missing = append(missing, AFIOpening{ID: id, OpenedAt: a.OpenedAt})
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	added := 0
	now := s.clock()
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, a := range missing {
			id, opened := a.ID, a.OpenedAt.UTC().Truncate(time.Microsecond)
			if opened.IsZero() || opened.After(now) {
				opened = now
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO afis (id, status, owner, opened_at, updated_at, updated_by, last_note)
				VALUES ($1, $2, '', $3, $4, $5, '') ON CONFLICT (id) DO NOTHING`,
				id, StatusOpen, timeArg(opened), timeArg(now), SystemActor)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // another instance added it meanwhile, with its own event
			}
			added++
			if err := insertEvent(ctx, tx, Event{AFIID: id, At: now, Actor: SystemActor, Action: ActionOpen, To: StatusOpen}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sync AFIs: %w", err)
	}
	return added, nil
}

func (s *Store) trackedIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM afis`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// Get returns an AFI's state and its full history, oldest event first.
func (s *Store) Get(ctx context.Context, id string) (AFIState, []Event, error) {
	id = normalizeID(id)
	var a AFIState
	var history []Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = getAFI(ctx, tx, id, ""); err != nil {
			return err
		}
		history, err = events(ctx, tx, id)
		return err
	})
	if err != nil {
		return AFIState{}, nil, wrapUnlessRefusal(err, "get AFI %s", id)
	}
	return a, history, nil
}

// List returns every tracked AFI, by id. Callers show them in corpus order.
func (s *Store) List(ctx context.Context) ([]AFIState, error) {
	out, err := s.queryAFIs(ctx, `SELECT `+afiColumns+` FROM afis ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list AFIs: %w", err)
	}
	return out, nil
}

// AddressedSince returns the AFIs that are addressed now and were addressed
// at or after t, earliest first: the "M addressed since the last digest" of
// the digest's summary line. An AFI addressed and then reopened since t is
// not among them.
func (s *Store) AddressedSince(ctx context.Context, t time.Time) ([]AFIState, error) {
	out, err := s.queryAFIs(ctx, `SELECT `+afiColumns+` FROM afis
		WHERE status = $1 AND addressed_at >= $2 ORDER BY addressed_at, id`, StatusAddressed, timeArg(t))
	if err != nil {
		return nil, fmt.Errorf("list AFIs addressed since %s: %w", t.Format(time.RFC3339), err)
	}
	return out, nil
}

func (s *Store) queryAFIs(ctx context.Context, query string, args ...any) ([]AFIState, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AFIState{}
	for rows.Next() {
		a, err := scanAFI(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// getAFI reads one AFI; lock is the dialect's row lock for a change.
func getAFI(ctx context.Context, tx *sql.Tx, id, lock string) (AFIState, error) {
	a, err := scanAFI(tx.QueryRowContext(ctx, `SELECT `+afiColumns+` FROM afis WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return AFIState{}, refuse(ErrUnknownAFI, "unknown AFI %q", id)
	}
	return a, err
}

func events(ctx context.Context, tx *sql.Tx, id string) ([]Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, afi_id, at, actor, channel, action, from_status, to_status, note, owner, due
		FROM afi_events WHERE afi_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, due dbTime
		if err := rows.Scan(&e.ID, &e.AFIID, &at, &e.Actor, &e.Channel, &e.Action, &e.From, &e.To, &e.Note, &e.Owner, &due); err != nil {
			return nil, err
		}
		e.At, e.Due = at.Time, due.ptr()
		out = append(out, e)
	}
	return out, rows.Err()
}

func insertEvent(ctx context.Context, tx *sql.Tx, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO afi_events (afi_id, at, actor, channel, action, from_status, to_status, note, owner, due)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.AFIID, timeArg(e.At), e.Actor, e.Channel, e.Action, e.From, e.To, e.Note, e.Owner, optionalDayArg(e.Due))
	return err
}

// Close marks an AFI addressed. evidence says what was done and must not be
// blank. An AFI already addressed is refused: reopen it first.
func (s *Store) Close(ctx context.Context, id, evidence, actor, channel string) (AFIState, error) {
	evidence = strings.TrimSpace(evidence)
	return s.change(ctx, id, actor, channel, ActionClose, func(a *AFIState, now time.Time) (string, error) {
		if a.Status == StatusAddressed {
			return "", refuse(ErrInvalidTransition, "%s is already addressed (since %s); reopen it first if it needs more work",
				a.ID, a.AddressedAt.Format("2 January 2006"))
		}
		if evidence == "" {
			return "", refuse(ErrEvidenceRequired, "%s was not closed: closing an AFI needs evidence, a note saying what was done", a.ID)
		}
		a.Status, a.AddressedAt, a.LastNote = StatusAddressed, &now, evidence
		return evidence, nil
	})
}

// Reopen puts an addressed AFI back to work, with an optional note saying
// why. Only an addressed AFI can be reopened.
func (s *Store) Reopen(ctx context.Context, id, actor, channel, note string) (AFIState, error) {
	note = strings.TrimSpace(note)
	return s.change(ctx, id, actor, channel, ActionReopen, func(a *AFIState, now time.Time) (string, error) {
		if a.Status != StatusAddressed {
			return "", refuse(ErrInvalidTransition, "%s is %s, not addressed; only an addressed AFI can be reopened", a.ID, a.Status.Label())
		}
		a.Status, a.AddressedAt, a.OpenedAt = StatusReopened, nil, now
		if note != "" {
			a.LastNote = note
		}
		return note, nil
	})
}

// Start records that work on an open or reopened AFI has begun, with an
// optional note.
func (s *Store) Start(ctx context.Context, id, actor, channel, note string) (AFIState, error) {
	note = strings.TrimSpace(note)
	return s.change(ctx, id, actor, channel, ActionStart, func(a *AFIState, now time.Time) (string, error) {
		switch a.Status {
		case StatusInProgress:
			return "", refuse(ErrInvalidTransition, "%s is already in progress", a.ID)
		case StatusAddressed:
			return "", refuse(ErrInvalidTransition, "%s is addressed; reopen it first if it needs more work", a.ID)
		}
		a.Status = StatusInProgress
		if note != "" {
			a.LastNote = note
		}
		return note, nil
	})
}

// Assign makes the Slack user ownerUserID responsible for the AFI; an empty
// owner unassigns it. Assigning the current owner is refused with
// ErrNoChange. The status is unchanged.
func (s *Store) Assign(ctx context.Context, id, ownerUserID, actor, channel string) (AFIState, error) {
	owner := strings.TrimSpace(ownerUserID)
	return s.change(ctx, id, actor, channel, ActionAssign, func(a *AFIState, now time.Time) (string, error) {
		if strings.ContainsAny(owner, " \t\r\n") {
			return "", refuse(ErrInvalidInput, "%q is not a Slack user id", owner)
		}
		if owner == a.Owner {
			if owner == "" {
				return "", refuse(ErrNoChange, "%s has no owner to remove", a.ID)
			}
			return "", refuse(ErrNoChange, "%s is already assigned to %s", a.ID, owner)
		}
		a.Owner = owner
		return "", nil
	})
}

// SetDue sets the calendar day an AFI should be addressed by (the day of
// due in due's own location), or clears it when due is nil. Setting the
// current due day is refused with ErrNoChange. The status is unchanged.
func (s *Store) SetDue(ctx context.Context, id string, due *time.Time, actor, channel string) (AFIState, error) {
	var day *time.Time
	if due != nil {
		d := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
		day = &d
	}
	return s.change(ctx, id, actor, channel, ActionDue, func(a *AFIState, now time.Time) (string, error) {
		switch {
		case day == nil && a.Due == nil:
			return "", refuse(ErrNoChange, "%s has no due date to clear", a.ID)
		case day != nil && a.Due != nil && day.Equal(*a.Due):
			return "", refuse(ErrNoChange, "%s is already due on %s", a.ID, day.Format(dayLayout))
		}
		a.Due = day
		return "", nil
	})
}

// AddNote adds a free note to an AFI's history; text must not be blank.
// The status is unchanged.
func (s *Store) AddNote(ctx context.Context, id, text, actor, channel string) (AFIState, error) {
	text = strings.TrimSpace(text)
	return s.change(ctx, id, actor, channel, ActionNote, func(a *AFIState, now time.Time) (string, error) {
		if text == "" {
			return "", refuse(ErrInvalidInput, "the note for %s is empty; write what should be recorded", a.ID)
		}
		a.LastNote = text
		return text, nil
	})
}

// change is the one way an AFI changes. In a single transaction it reads
// the AFI (locked against concurrent changes), lets apply modify it (or
// refuse), writes the new state and the event that records it. apply
// returns the event's note.
func (s *Store) change(ctx context.Context, id, actor, channel string, action Action,
	apply func(a *AFIState, now time.Time) (string, error)) (AFIState, error) {
	id, actor, channel = normalizeID(id), strings.TrimSpace(actor), strings.TrimSpace(channel)
	if actor == "" {
		return AFIState{}, refuse(ErrInvalidInput, "a change to an AFI must say who made it")
	}
	var next AFIState
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, err := getAFI(ctx, tx, id, s.d.forUpdate)
		if err != nil {
			return err
		}
		now := s.clock()
		next = cur
		note, err := apply(&next, now)
		if err != nil {
			return err
		}
		next.UpdatedAt, next.UpdatedBy = now, actor
		if _, err := tx.ExecContext(ctx, `UPDATE afis SET status = $2, owner = $3, due = $4, opened_at = $5,
			updated_at = $6, updated_by = $7, last_note = $8, addressed_at = $9 WHERE id = $1`,
			id, next.Status, next.Owner, optionalDayArg(next.Due), timeArg(next.OpenedAt),
			timeArg(now), actor, next.LastNote, optionalTimeArg(next.AddressedAt)); err != nil {
			return err
		}
		if hookMidChange != nil {
			hookMidChange()
		}
		return insertEvent(ctx, tx, Event{AFIID: id, At: now, Actor: actor, Channel: channel, Action: action,
			From: cur.Status, To: next.Status, Note: note, Owner: next.Owner, Due: next.Due})
	})
	if err != nil {
		return AFIState{}, wrapUnlessRefusal(err, "%s AFI %s", action, id)
	}
	return next, nil
}

// wrapUnlessRefusal says what was being done, except for a refusal, whose
// message is already meant for the user.
func wrapUnlessRefusal(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var refusal *Error
	if errors.As(err, &refusal) {
		return refusal
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
