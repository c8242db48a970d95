package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// The store keeps tracker's items in two tables: afis, one row per item as
// it stands, and afi_events, the history, one row per event, never updated
// or deleted. Store implements tracker.Repository.
var _ tracker.Repository = (*Store)(nil)

// hookMidChange, when set, runs inside a change's transaction after the
// item's row is updated and before its event is written. Only tests set
// it, to kill a process mid-change.
var hookMidChange func()

const afiColumns = `id, status, owner, due, opened_at, updated_at, updated_by, last_note, addressed_at`

type scanner interface{ Scan(dest ...any) error }

func scanItem(sc scanner) (tracker.Item, error) {
	var a tracker.Item
	var due, opened, updated, addressed dbTime
	err := sc.Scan(&a.ID, &a.Status, &a.Owner, &due, &opened, &updated, &a.UpdatedBy, &a.LastNote, &addressed)
	a.Due, a.OpenedAt, a.UpdatedAt, a.AddressedAt = due.ptr(), opened.Time, updated.Time, addressed.ptr()
	return a, err
}

// Track implements tracker.Repository: it stores the items not yet
// stored, each with its opening event, in one transaction. An id another
// instance stored meanwhile is skipped, with its own event. It returns how
// many it stored.
func (s *Store) Track(ctx context.Context, items []tracker.NewItem) (int, error) {
	known, err := s.trackedIDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("track AFIs: %w", err)
	}
	var missing []tracker.NewItem
	for _, n := range items {
		if n.Item.ID == "" {
			return 0, tracker.Errorf(tracker.ErrInvalidInput, "an AFI id is blank")
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
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, n := range missing {
			it := n.Item
			res, err := tx.ExecContext(ctx, `INSERT INTO afis (id, status, owner, opened_at, updated_at, updated_by, last_note)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
				it.ID, it.Status, it.Owner, timeArg(it.OpenedAt), timeArg(it.UpdatedAt), it.UpdatedBy, it.LastNote)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // another instance added it meanwhile, with its own event
			}
			added++
			if err := insertEvent(ctx, tx, n.Event); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("track AFIs: %w", err)
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

// Item implements tracker.Repository: an item's state and its full
// history, oldest event first, read in one transaction.
func (s *Store) Item(ctx context.Context, id string) (tracker.Item, []tracker.Event, error) {
	id = tracker.NormalizeID(id)
	var a tracker.Item
	var history []tracker.Event
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = getItem(ctx, tx, id, ""); err != nil {
			return err
		}
		history, err = events(ctx, tx, id)
		return err
	})
	if err != nil {
		return tracker.Item{}, nil, wrapUnlessRefusal(err, "get AFI %s", id)
	}
	return a, history, nil
}

// Items implements tracker.Repository: every stored item, by id.
func (s *Store) Items(ctx context.Context) ([]tracker.Item, error) {
	out, err := s.queryItems(ctx, `SELECT `+afiColumns+` FROM afis ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list AFIs: %w", err)
	}
	return out, nil
}

// AddressedSince implements tracker.Repository: the items that are
// addressed now and were addressed at or after t, earliest first (the "M
// addressed since the last digest" of the digest's summary line). An item
// addressed and then reopened since t is not among them.
func (s *Store) AddressedSince(ctx context.Context, t time.Time) ([]tracker.Item, error) {
	out, err := s.queryItems(ctx, `SELECT `+afiColumns+` FROM afis
		WHERE status = $1 AND addressed_at >= $2 ORDER BY addressed_at, id`, tracker.StatusAddressed, timeArg(t))
	if err != nil {
		return nil, fmt.Errorf("list AFIs addressed since %s: %w", t.Format(time.RFC3339), err)
	}
	return out, nil
}

func (s *Store) queryItems(ctx context.Context, query string, args ...any) ([]tracker.Item, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
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
	a, err := scanItem(tx.QueryRowContext(ctx, `SELECT `+afiColumns+` FROM afis WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return tracker.Item{}, tracker.Errorf(tracker.ErrUnknownItem, "unknown AFI %q", id)
	}
	return a, err
}

func events(ctx context.Context, tx *sql.Tx, id string) ([]tracker.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, afi_id, at, actor, channel, action, from_status, to_status, note, owner, due
		FROM afi_events WHERE afi_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.Event
	for rows.Next() {
		var e tracker.Event
		var at, due dbTime
		if err := rows.Scan(&e.ID, &e.ItemID, &at, &e.Actor, &e.Channel, &e.Action, &e.From, &e.To, &e.Note, &e.Owner, &due); err != nil {
			return nil, err
		}
		e.At, e.Due = at.Time, due.ptr()
		out = append(out, e)
	}
	return out, rows.Err()
}

func insertEvent(ctx context.Context, tx *sql.Tx, e tracker.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO afi_events (afi_id, at, actor, channel, action, from_status, to_status, note, owner, due)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ItemID, timeArg(e.At), e.Actor, e.Channel, e.Action, e.From, e.To, e.Note, e.Owner, optionalDayArg(e.Due))
	return err
}

// Update implements tracker.Repository, the one way an item's row
// changes. In a single transaction it reads the item (locked against
// concurrent changes), lets change decide the next state and its event (or
// refuse), and writes both; a status never changes without the event that
// records it.
func (s *Store) Update(ctx context.Context, id string, change func(tracker.Item) (tracker.Item, tracker.Event, error)) (tracker.Item, error) {
	id = tracker.NormalizeID(id)
	var next tracker.Item
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, err := getItem(ctx, tx, id, s.d.forUpdate)
		if err != nil {
			return err
		}
		var ev tracker.Event
		next, ev, err = change(cur)
		if err != nil {
			return err
		}
		if next.ID != cur.ID || ev.ItemID != cur.ID {
			return fmt.Errorf("a change of %s may not change its id", cur.ID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE afis SET status = $2, owner = $3, due = $4, opened_at = $5,
			updated_at = $6, updated_by = $7, last_note = $8, addressed_at = $9 WHERE id = $1`,
			id, next.Status, next.Owner, optionalDayArg(next.Due), timeArg(next.OpenedAt),
			timeArg(next.UpdatedAt), next.UpdatedBy, next.LastNote, optionalTimeArg(next.AddressedAt)); err != nil {
			return err
		}
		if hookMidChange != nil {
			hookMidChange()
		}
		return insertEvent(ctx, tx, ev)
	})
	if err != nil {
		return tracker.Item{}, wrapUnlessRefusal(err, "change AFI %s", id)
	}
	return next, nil
}

// wrapUnlessRefusal says what was being done, except for a refusal, whose
// message is already meant for the user.
func wrapUnlessRefusal(err error, format string, args ...any) error {
	if err == nil || tracker.ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
