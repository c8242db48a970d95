package store

import (
	"github.com/peelbot/peelbot/tracker/digest"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/peelbot/peelbot/tracker"
)

// The store keeps tracker/digest's records in the digests table, one row
// per channel and day. Store implements digest.Claims.
var _ digest.Claims = (*Store)(nil)

// The digests table's columns: addressed_count holds the items closed
// since the last digest, afis_posted the ids of the items the message
// shows (the names are of before items had types).
const digestColumns = `channel, day, instance, claimed_at, posted_at, message_ts, open_count, addressed_count,
	afis_posted, through_event, composed_at, coalesce(first_claimed_at, claimed_at)`

func scanDigest(sc scanner) (digest.Record, error) {
	var d digest.Record
	var day, claimed, posted, composed, first dbTime
	var items string
	err := sc.Scan(&d.Channel, &day, &d.Instance, &claimed, &posted, &d.MessageTS, &d.Open, &d.Closed,
		&items, &d.Through, &composed, &first)
	d.Day, d.ClaimedAt, d.PostedAt, d.ComposedAt, d.FirstClaimedAt = day.day(), claimed.Time, posted.ptr(), composed.ptr(), first.Time
	if items != "" {
		d.Items = strings.Fields(items)
	}
	return d, err
}

// itemList writes item ids for the afis_posted column: spaces between.
func itemList(ids []string) (string, error) {
	for _, id := range ids {
		if id == "" || strings.ContainsFunc(id, unicode.IsSpace) {
			return "", tracker.Errorf(tracker.ErrInvalidInput, "%q is not an item id", id)
		}
	}
	return strings.Join(ids, " "), nil
}

// ClaimDigest claims the digest of channel for day (YYYY-MM-DD) for
// instance. It returns true to exactly one caller, however many instances
// ask at once; false means another claim holds (or the digest is already
// posted), and the caller must not post. A claim older than the lease that
// was never posted is taken over (see digest.Record), its first claim's
// time kept. The same instance asking again gets false too: one claim,
// one post.
func (s *Store) ClaimDigest(ctx context.Context, channel, day, instance string) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	if err := checkDigestKey(channel, day); err != nil {
		return false, err
	}
	if instance == "" {
		return false, tracker.Errorf(tracker.ErrInvalidInput, "a digest claim must name the instance that makes it")
	}
	claimed := false
	now := s.clock()
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO digests (channel, day, instance, claimed_at, first_claimed_at)
			VALUES ($1, $2, $3, $4, $4) ON CONFLICT (channel, day) DO NOTHING`, channel, day, instance, timeArg(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			claimed = true
			return nil
		}
		held, err := scanDigest(tx.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
			WHERE channel = $1 AND day = $2`+s.d.forUpdate, channel, day))
		if err != nil {
			return err
		}
		if held.PostedAt != nil || now.Before(held.ClaimedAt.Add(s.lease)) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digests SET instance = $3, claimed_at = $4,
				first_claimed_at = coalesce(first_claimed_at, claimed_at)
			WHERE channel = $1 AND day = $2`, channel, day, instance, timeArg(now)); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim digest for %s on %s: %w", channel, day, err)
	}
	return claimed, nil
}

// ReleaseDigest gives up instance's unposted claim, after posting failed,
// so that the digest can be claimed again the same day.
func (s *Store) ReleaseDigest(ctx context.Context, channel, day, instance string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM digests
			WHERE channel = $1 AND day = $2 AND instance = $3 AND posted_at IS NULL`, channel, day, instance)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return s.whyNotHeld(ctx, tx, channel, day, instance)
	})
	return wrapUnlessRefusal(err, "release digest for %s on %s", channel, day)
}

// RecordDigestPosted marks instance's claimed digest of channel for day as
// posted, as p says. A digest is recorded once, and only by the instance
// whose claim holds: an instance whose claim lapsed and was taken over (it
// was slower than the lease) is refused with ErrNotClaimed and changes
// nothing, since the record is now the new holder's to make.
func (s *Store) RecordDigestPosted(ctx context.Context, channel, day, instance string, p digest.Post) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	ts := strings.TrimSpace(p.MessageTS)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	if instance == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a digest record must name the instance that posted it")
	}
	if p.Open < 0 || p.Closed < 0 {
		return tracker.Errorf(tracker.ErrInvalidInput, "digest counts cannot be negative (%d outstanding, %d closed)", p.Open, p.Closed)
	}
	if ts == "" && len(p.Items) > 0 {
		return tracker.Errorf(tracker.ErrInvalidInput, "a digest without a message shows no items")
	}
	items, err := itemList(p.Items)
	if err != nil {
		return err
	}
	now := s.clock()
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digests SET posted_at = $4, message_ts = $5, open_count = $6, addressed_count = $7,
				afis_posted = $8, through_event = $9, composed_at = $4
			WHERE channel = $1 AND day = $2 AND instance = $3 AND posted_at IS NULL`,
			channel, day, instance, timeArg(now), ts, p.Open, p.Closed, items, p.Through)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return s.whyNotHeld(ctx, tx, channel, day, instance)
	})
	return wrapUnlessRefusal(err, "record digest for %s on %s", channel, day)
}

// RecordDigestUpdated records that the posted digest of channel for day
// now shows what p says, when p reflects a later event than the record
// does (an update made meanwhile from a later state is kept).
func (s *Store) RecordDigestUpdated(ctx context.Context, channel, day string, p digest.Post) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	channel, day = strings.TrimSpace(channel), strings.TrimSpace(day)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	items, err := itemList(p.Items)
	if err != nil {
		return err
	}
	now := s.clock()
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digests SET open_count = $3, addressed_count = $4, afis_posted = $5, through_event = $6, composed_at = $7
			WHERE channel = $1 AND day = $2 AND posted_at IS NOT NULL AND through_event < $6`,
			channel, day, p.Open, p.Closed, items, p.Through, timeArg(now))
		return err
	})
	return wrapUnlessRefusal(err, "record the update of the digest for %s on %s", channel, day)
}

// whyNotHeld explains why instance's digest claim could not be released or
// recorded.
func (s *Store) whyNotHeld(ctx context.Context, tx *sql.Tx, channel, day, instance string) error {
	d, err := scanDigest(tx.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests WHERE channel = $1 AND day = $2`, channel, day))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return tracker.Errorf(tracker.ErrNotClaimed, "the digest for %s on %s is not claimed", channel, day)
	case err != nil:
		return err
	case d.PostedAt != nil:
		return tracker.Errorf(tracker.ErrAlreadyPosted, "the digest for %s on %s was already posted at %s", channel, day, d.PostedAt.Format(time.RFC3339))
	case d.Instance != instance:
		return tracker.Errorf(tracker.ErrNotClaimed, "the digest for %s on %s is claimed by %s, not %s", channel, day, d.Instance, instance)
	}
	return fmt.Errorf("digest for %s on %s changed meanwhile", channel, day)
}

// LastDigest returns the channel's most recently posted digest that has a
// message, or nil when none has been posted yet.
func (s *Store) LastDigest(ctx context.Context, channel string) (*digest.Record, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	d, err := scanDigest(s.db.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
		WHERE channel = $1 AND posted_at IS NOT NULL AND message_ts <> ''
		ORDER BY posted_at DESC, day DESC LIMIT 1`, strings.TrimSpace(channel)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last digest for %s: %w", channel, failed(err))
	}
	return &d, nil
}

// LastDigestBefore returns the channel's latest posted digest with a
// message of a day before day, or nil when there is none.
func (s *Store) LastDigestBefore(ctx context.Context, channel, day string) (*digest.Record, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	d, err := scanDigest(s.db.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
		WHERE channel = $1 AND day < $2 AND posted_at IS NOT NULL AND message_ts <> ''
		ORDER BY day DESC LIMIT 1`, strings.TrimSpace(channel), strings.TrimSpace(day)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last digest for %s before %s: %w", channel, day, failed(err))
	}
	return &d, nil
}

// DigestFor returns the record of channel's digest for day, claimed or
// posted, or nil when there is none.
func (s *Store) DigestFor(ctx context.Context, channel, day string) (*digest.Record, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	channel, day = strings.TrimSpace(channel), strings.TrimSpace(day)
	if err := checkDigestKey(channel, day); err != nil {
		return nil, err
	}
	d, err := scanDigest(s.db.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
		WHERE channel = $1 AND day = $2`, channel, day))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("digest for %s on %s: %w", channel, day, failed(err))
	}
	return &d, nil
}

func checkDigestKey(channel, day string) error {
	if channel == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a digest needs a channel")
	}
	if _, err := time.Parse(dayLayout, day); err != nil {
		return tracker.Errorf(tracker.ErrInvalidInput, "digest day %q is not a date written YYYY-MM-DD", day)
	}
	return nil
}
