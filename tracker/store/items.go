package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// The store keeps tracker's items in two tables: items, one row per item as
// it stands, and item_events, the history, one row per event, never
// updated or deleted. Store implements tracker.Repository.
var _ tracker.Repository = (*Store)(nil)

// hookMidChange, when set, runs inside a change's transaction after the
// item's row is updated and before its event is written. Only tests set
// it, to kill a process mid-change.
var hookMidChange func()

const itemColumns = `id, item_type, status, status_since, owner, target, revised, revised_reason, opened_at, updated_at, updated_by,
	last_note, evidence, proposed_by, proposed_at, signed_off_by, closed_at, superseded_by, superseded_at`

const eventColumns = `id, item_id, at, actor, channel, action, from_status, to_status, note, detail, owner, due`

type scanner interface{ Scan(dest ...any) error }

func scanItem(sc scanner) (tracker.Item, error) {
	var a tracker.Item
	var since, target, revised, opened, updated, proposed, closed, superseded dbTime
	err := sc.Scan(&a.ID, &a.Type, &a.Status, &since, &a.Owner, &target, &revised, &a.RevisedReason, &opened, &updated, &a.UpdatedBy,
		&a.LastNote, &a.Evidence, &a.ProposedBy, &proposed, &a.SignedOffBy, &closed, &a.SupersededBy, &superseded)
	a.StatusSince, a.Target, a.Revised, a.OpenedAt, a.UpdatedAt = since.Time, target.ptr(), revised.ptr(), opened.Time, updated.Time
	a.ProposedAt, a.ClosedAt, a.SupersededAt = proposed.ptr(), closed.ptr(), superseded.ptr()
	return a, err
}

// itemArgs are an item's values in itemColumns' order.
func itemArgs(it tracker.Item) []any {
	return []any{it.ID, it.Type, it.Status, timeArg(it.StatusSince), it.Owner, optionalDayArg(it.Target), optionalDayArg(it.Revised),
		it.RevisedReason, timeArg(it.OpenedAt), timeArg(it.UpdatedAt), it.UpdatedBy, it.LastNote, it.Evidence, it.ProposedBy,
		optionalTimeArg(it.ProposedAt), it.SignedOffBy, optionalTimeArg(it.ClosedAt), it.SupersededBy, optionalTimeArg(it.SupersededAt)}
}

// placeholders is "$1, $2, …, $n".
func placeholders(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(p, ", ")
}

// Track implements tracker.Repository: it stores the items not yet
// stored, each with its opening event, in one transaction. An id another
// instance stored meanwhile is skipped, with its own event. It returns how
// many it stored.
func (s *Store) Track(ctx context.Context, items []tracker.NewItem) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, max(s.timeout, bulkTimeout))
	defer cancel()
	known, err := s.trackedIDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("track items: %w", err)
	}
	var missing []tracker.NewItem
	for _, n := range items {
		if n.Item.ID == "" {
			return 0, tracker.Errorf(tracker.ErrInvalidInput, "an item id is blank")
		}
		if !known[n.Item.ID] {
			known[n.Item.ID] = true
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	added := 0
	err = s.writeBulk(ctx, func(tx *sql.Tx) error {
		for _, n := range missing {
			it := n.Item
			if it.Type == "" {
				it.Type = tracker.TypeAFI
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO items (`+itemColumns+`) VALUES (`+placeholders(19)+`) ON CONFLICT (id) DO NOTHING`, itemArgs(it)...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // another instance added it meanwhile, with its own event
			}
			added++
			if _, err := insertEvent(ctx, tx, n.Event); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("track items: %w", err)
	}
	return added, nil
}

func (s *Store) trackedIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.query(ctx, `SELECT id FROM items`)
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

// Item implements tracker.Repository: an item's state and its full
// history, oldest event first, read in one transaction.
func (s *Store) Item(ctx context.Context, id string) (tracker.Item, []tracker.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	id = tracker.NormalizeID(id)
	var a tracker.Item
	var history []tracker.Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = getItem(ctx, tx, id, ""); err != nil {
			return err
		}
		history, err = queryEvents(ctx, tx, `SELECT `+eventColumns+` FROM item_events WHERE item_id = $1 ORDER BY id`, id)
		return err
	})
	if err != nil {
		return tracker.Item{}, nil, wrapUnlessRefusal(err, "get item %s", id)
	}
	return a, history, nil
}

// Items implements tracker.Repository: every stored item, by id.
func (s *Store) Items(ctx context.Context) ([]tracker.Item, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	out, err := s.queryItems(ctx, `SELECT `+itemColumns+` FROM items ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	return out, nil
}

// Events implements tracker.Repository: the events at or after since,
// oldest first, of the actions given (all when none).
func (s *Store) Events(ctx context.Context, since time.Time, actions ...tracker.Action) ([]tracker.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	q := `SELECT ` + eventColumns + ` FROM item_events WHERE at >= $1`
	args := []any{timeArg(since)}
	if len(actions) > 0 {
		ph := make([]string, len(actions))
		for i, a := range actions {
			args = append(args, string(a))
			ph[i] = fmt.Sprintf("$%d", i+2)
		}
		q += ` AND action IN (` + strings.Join(ph, ", ") + `)`
	}
	var out []tracker.Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryEvents(ctx, tx, q+` ORDER BY id`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list events since %s: %w", since.Format(time.RFC3339), err)
	}
	return out, nil
}

// LastEventID is the id of the latest event of any item, 0 before the
// first.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var id sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(id) FROM item_events`).Scan(&id); err != nil {
		return 0, fmt.Errorf("read the latest event: %w", failed(err))
	}
	return id.Int64, nil
}

// EventsAfter are the events after the event id, oldest first.
func (s *Store) EventsAfter(ctx context.Context, id int64) ([]tracker.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var out []tracker.Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryEvents(ctx, tx, `SELECT `+eventColumns+` FROM item_events WHERE id > $1 ORDER BY id`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list events after %d: %w", id, err)
	}
	return out, nil
}

func (s *Store) queryItems(ctx context.Context, query string, args ...any) ([]tracker.Item, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []tracker.Item{}
	for rows.Next() {
		a, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// getItem reads one item; lock is the dialect's row lock for a change.
func getItem(ctx context.Context, tx *sql.Tx, id, lock string) (tracker.Item, error) {
	a, err := scanItem(tx.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return tracker.Item{}, tracker.Errorf(tracker.ErrUnknownItem, "unknown item %q", id)
	}
	return a, err
}

func queryEvents(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]tracker.Event, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.Event
	for rows.Next() {
		var e tracker.Event
		var at, due dbTime
		if err := rows.Scan(&e.ID, &e.ItemID, &at, &e.Actor, &e.Channel, &e.Action, &e.From, &e.To, &e.Note, &e.Detail, &e.Owner, &due); err != nil {
			return nil, err
		}
		e.At, e.Due = at.Time, due.ptr()
		out = append(out, e)
	}
	return out, rows.Err()
}

// insertEvent writes e and returns its id.
func insertEvent(ctx context.Context, tx *sql.Tx, e tracker.Event) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO item_events (item_id, at, actor, channel, action, from_status, to_status, note, detail, owner, due)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		e.ItemID, timeArg(e.At), e.Actor, e.Channel, e.Action, e.From, e.To, e.Note, e.Detail, e.Owner, optionalDayArg(e.Due)).Scan(&id)
	return id, err
}

// Update implements tracker.Repository, the one way an item's row
// changes. In a single transaction it reads the item (locked against
// concurrent changes), lets change decide the next state and its event (or
// refuse), and writes both; a status never changes without the event that
// records it.
func (s *Store) Update(ctx context.Context, id string, change func(tracker.Item) (tracker.Item, tracker.Event, error)) (tracker.Item, tracker.Event, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	id = tracker.NormalizeID(id)
	var next tracker.Item
	var ev tracker.Event
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, err := getItem(ctx, tx, id, s.d.forUpdate)
		if err != nil {
			return err
		}
		next, ev, err = change(cur)
		if err != nil {
			return err
		}
		if next.ID != cur.ID || ev.ItemID != cur.ID {
			return fmt.Errorf("a change of %s may not change its id", cur.ID)
		}
		args := itemArgs(next)
		if _, err := tx.ExecContext(ctx, `UPDATE items SET item_type = $2, status = $3, status_since = $4, owner = $5, target = $6,
			revised = $7, revised_reason = $8, opened_at = $9, updated_at = $10, updated_by = $11, last_note = $12, evidence = $13,
			proposed_by = $14, proposed_at = $15, signed_off_by = $16, closed_at = $17, superseded_by = $18, superseded_at = $19
			WHERE id = $1`, args...); err != nil {
			return err
		}
		if hookMidChange != nil {
			hookMidChange()
		}
		ev.ID, err = insertEvent(ctx, tx, ev)
		return err
	})
	if err != nil {
		return tracker.Item{}, tracker.Event{}, wrapUnlessRefusal(err, "change item %s", id)
	}
	return next, ev, nil
}

// Responses implements tracker.Repository: the latest recorded PCC
// response of each report, by report.
func (s *Store) Responses(ctx context.Context) ([]tracker.Response, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.query(ctx, `SELECT report_id, url, recorded_by, recorded_at FROM pcc_responses p
		WHERE id = (SELECT max(id) FROM pcc_responses q WHERE q.report_id = p.report_id) ORDER BY report_id`)
	if err != nil {
		return nil, fmt.Errorf("list PCC responses: %w", err)
	}
	defer rows.Close()
	var out []tracker.Response
	for rows.Next() {
		var r tracker.Response
		var at dbTime
		if err := rows.Scan(&r.ReportID, &r.URL, &r.By, &at); err != nil {
			return nil, fmt.Errorf("list PCC responses: %w", err)
		}
		r.At = at.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecordResponse implements tracker.Repository: one more recorded
// response of a report, which becomes its response.
func (s *Store) RecordResponse(ctx context.Context, r tracker.Response) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if r.ReportID == "" || r.URL == "" || r.By == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a PCC response needs its report, its address and who recorded it")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pcc_responses (report_id, url, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)`,
			r.ReportID, r.URL, r.By, timeArg(r.At))
		return err
	})
	if err != nil {
		return fmt.Errorf("record the PCC response to %s: %w", r.ReportID, err)
	}
	return nil
}

// wrapUnlessRefusal says what was being done, except for a refusal, whose
// message is already meant for the user.
func wrapUnlessRefusal(err error, format string, args ...any) error {
	if err == nil || tracker.ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
