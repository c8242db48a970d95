package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/notify"
)

// The store keeps tracker/notify's claims in the notifications table, one
// row per notification. Store implements notify.Claims.
var _ notify.Claims = (*Store)(nil)

// notificationsMigration is the migration that began notifying.
const notificationsMigration = "008_notifications.sql"

// NotificationsBegan implements notify.Claims: when the notifications
// table was made, so that an upgrade does not message everyone about
// every assignment of the past.
func (s *Store) NotificationsBegan(ctx context.Context) (time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var at dbTime
	err := s.db.QueryRowContext(ctx, `SELECT applied_at FROM schema_migrations WHERE version = $1`, notificationsMigration).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("read when notifications began: %w", failed(err))
	}
	return at.Time, nil
}

// Unclaimed implements notify.Claims: the keys with no claim, or only a
// claim past its lease that was never sent; and when the first of the
// other claims, held and unsent, lapses.
func (s *Store) Unclaimed(ctx context.Context, keys []string) ([]string, time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if len(keys) == 0 {
		return nil, time.Time{}, nil
	}
	held := map[string]bool{}
	var lapses time.Time
	lapse := timeArg(s.clock().Add(-s.lease))
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		args := []any{lapse}
		ph := make([]string, len(chunk))
		for i, k := range chunk {
			args = append(args, k)
			ph[i] = fmt.Sprintf("$%d", i+2)
		}
		rows, err := s.query(ctx, `SELECT key, claimed_at, sent_at IS NOT NULL FROM notifications WHERE key IN (`+strings.Join(ph, ", ")+`)
			AND (sent_at IS NOT NULL OR claimed_at > $1)`, args...)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("read notifications: %w", err)
		}
		for rows.Next() {
			var k string
			var claimed dbTime
			var sent bool
			if err := rows.Scan(&k, &claimed, &sent); err != nil {
				rows.Close()
				return nil, time.Time{}, err
			}
			held[k] = true
			if at := claimed.Time.Add(s.lease); !sent && (lapses.IsZero() || at.Before(lapses)) {
				lapses = at
			}
		}
		if err := rows.Close(); err != nil {
			return nil, time.Time{}, err
		}
	}
	var out []string
	for _, k := range keys {
		if !held[k] {
			out = append(out, k)
		}
	}
	return out, lapses, nil
}

// ClaimNotifications implements notify.Claims: in one transaction it
// claims, for instance, each of the batch's notifications nobody holds
// (taking over one whose claim lapsed unsent, which then says when it was
// first claimed), and returns the claims it holds now. However many
// instances ask at once, each key goes to one.
func (s *Store) ClaimNotifications(ctx context.Context, instance string, b notify.Batch) ([]notify.Claim, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	instance = strings.TrimSpace(instance)
	if instance == "" {
		return nil, tracker.Errorf(tracker.ErrInvalidInput, "a notification claim must name the instance that makes it")
	}
	now := s.clock()
	var got []notify.Claim
	err := s.write(ctx, func(tx *sql.Tx) error {
		got = got[:0]
		for _, n := range b.Notifications {
			res, err := tx.ExecContext(ctx, `INSERT INTO notifications (key, recipient, item_id, kind, instance, claimed_at, first_claimed_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (key) DO NOTHING`,
				n.Key, n.To, n.Entry.Item.ID, string(n.Kind), instance, timeArg(now))
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil {
				return err
			} else if k == 1 {
				got = append(got, notify.Claim{Key: n.Key})
				continue
			}
			var first dbTime
			err = tx.QueryRowContext(ctx, `UPDATE notifications SET instance = $2, claimed_at = $3,
					first_claimed_at = coalesce(first_claimed_at, claimed_at)
				WHERE key = $1 AND sent_at IS NULL AND claimed_at <= $4
				RETURNING first_claimed_at`, n.Key, instance, timeArg(now), timeArg(now.Add(-s.lease))).Scan(&first)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				got = append(got, notify.Claim{Key: n.Key, Earlier: first.ptr()})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim notifications for %s: %w", b.To, err)
	}
	return got, nil
}

// RecordNotificationsSent implements notify.Claims: instance's claims of
// keys are recorded as sent in the message ts. A key whose claim another
// instance took over is refused with ErrNotClaimed, and nothing changes.
func (s *Store) RecordNotificationsSent(ctx context.Context, instance string, keys []string, ts string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	now := s.clock()
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET sent_at = $3, message_ts = $4
				WHERE key = $1 AND instance = $2 AND sent_at IS NULL`, k, instance, timeArg(now), ts)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n != 1 {
				return tracker.Errorf(tracker.ErrNotClaimed, "the notification %s is not held by %s", k, instance)
			}
		}
		return nil
	})
	return wrapUnlessRefusal(err, "record notifications sent")
}

// ReleaseNotifications implements notify.Claims: instance's unsent claims
// of keys are given up, so that the next run may send them.
func (s *Store) ReleaseNotifications(ctx context.Context, instance string, keys []string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE key = $1 AND instance = $2 AND sent_at IS NULL`, k, instance); err != nil {
				return err
			}
		}
		return nil
	})
	return wrapUnlessRefusal(err, "release notifications")
}

// AbandonNotifications implements notify.Claims: instance's unsent claims
// of keys, whose message may have gone out, are left lapsed, so that the
// next run takes them over at once and, as with any claim taken over,
// looks for the message before sending.
func (s *Store) AbandonNotifications(ctx context.Context, instance string, keys []string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	lapsed := timeArg(time.Unix(0, 0))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET first_claimed_at = coalesce(first_claimed_at, claimed_at), claimed_at = $3
				WHERE key = $1 AND instance = $2 AND sent_at IS NULL`, k, instance, lapsed); err != nil {
				return err
			}
		}
		return nil
	})
	return wrapUnlessRefusal(err, "give up notifications")
}

// Notification is a notification as recorded, for reports and tests.
type Notification struct {
	Key, Recipient, ItemID, Kind, Instance, MessageTS string
	ClaimedAt                                         time.Time
	SentAt                                            *time.Time
}

// Notifications lists every notification recorded, by key.
func (s *Store) Notifications(ctx context.Context) ([]Notification, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.query(ctx, `SELECT key, recipient, item_id, kind, instance, claimed_at, sent_at, message_ts FROM notifications ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var claimed, sent dbTime
		if err := rows.Scan(&n.Key, &n.Recipient, &n.ItemID, &n.Kind, &n.Instance, &claimed, &sent, &n.MessageTS); err != nil {
			return nil, err
		}
		n.ClaimedAt, n.SentAt = claimed.Time, sent.ptr()
		out = append(out, n)
	}
	return out, rows.Err()
}
