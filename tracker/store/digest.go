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

const digestColumns = `channel, day, instance, claimed_at, posted_at, message_ts, open_count, addressed_count,
	replies_posted, afis_posted, thread_pending`

func scanDigest(sc scanner) (digest.Record, error) {
	var d digest.Record
	var day, claimed, posted dbTime
	var afis string
	err := sc.Scan(&d.Channel, &day, &d.Instance, &claimed, &posted, &d.MessageTS, &d.Open, &d.Addressed,
		&d.RepliesPosted, &afis, &d.ThreadPending)
	d.Day, d.ClaimedAt, d.PostedAt = day.day(), claimed.Time, posted.ptr()
	if afis != "" {
		d.AFIs = strings.Fields(afis)
	}
	return d, err
}

// afiList writes AFI ids for the afis_posted column: spaces between.
func afiList(ids []string) (string, error) {
	for _, id := range ids {
		if id == "" || strings.ContainsFunc(id, unicode.IsSpace) {
			return "", tracker.Errorf(tracker.ErrInvalidInput, "%q is not an AFI id", id)
		}
	}
	return strings.Join(ids, " "), nil
}

// ClaimDigest claims the digest of channel for day (YYYY-MM-DD) for
// instance. It returns true to exactly one caller, however many instances
// ask at once; false means another claim holds (or the digest is already
// posted), and the caller must not post. A claim older than the lease that
// was never posted is taken over (see digest.Record). The same instance asking
// again gets false too: one claim, one post.
func (s *Store) ClaimDigest(ctx context.Context, channel, day, instance string) (bool, error) {
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
		res, err := tx.ExecContext(ctx, `INSERT INTO digests (channel, day, instance, claimed_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (channel, day) DO NOTHING`, channel, day, instance, timeArg(now))
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
		if _, err := tx.ExecContext(ctx, `UPDATE digests SET instance = $3, claimed_at = $4
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
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	ts := strings.TrimSpace(p.MessageTS)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	if instance == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a digest record must name the instance that posted it")
	}
	if p.Open < 0 || p.Addressed < 0 {
		return tracker.Errorf(tracker.ErrInvalidInput, "digest counts cannot be negative (%d open, %d addressed)", p.Open, p.Addressed)
	}
	if ts == "" && (p.ThreadPending || len(p.AFIs) > 0) {
		return tracker.Errorf(tracker.ErrInvalidInput, "a digest without a message shows no AFIs and has no thread")
	}
	afis, err := afiList(p.AFIs)
	if err != nil {
		return err
	}
	now := s.clock()
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digests SET posted_at = $4, message_ts = $5, open_count = $6, addressed_count = $7,
				afis_posted = $8, thread_pending = $9, thread_at = $4
			WHERE channel = $1 AND day = $2 AND instance = $3 AND posted_at IS NULL`,
			channel, day, instance, timeArg(now), ts, p.Open, p.Addressed, afis, p.ThreadPending)
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

// ClaimDigestThread claims the unfinished thread of channel's digest for
// day for instance, to post the replies still pending, and returns the
// digest's record; nil when there is nothing to claim. The thread is
// claimed when replies are pending and its holder has either released it
// (ReleaseDigestThread: a reply certainly failed) or done nothing with it
// for the store's digest lease (it died, or a reply may have been posted
// and the lease guards against posting it again at once). Like
// ClaimDigest, one caller gets it however many ask at once.
func (s *Store) ClaimDigestThread(ctx context.Context, channel, day, instance string) (*digest.Record, error) {
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	if err := checkDigestKey(channel, day); err != nil {
		return nil, err
	}
	if instance == "" {
		return nil, tracker.Errorf(tracker.ErrInvalidInput, "a digest claim must name the instance that makes it")
	}
	var claimed *digest.Record
	now := s.clock()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var pending bool
		var at dbTime
		err := tx.QueryRowContext(ctx, `SELECT thread_pending, thread_at FROM digests
			WHERE channel = $1 AND day = $2`+s.d.forUpdate, channel, day).Scan(&pending, &at)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return err
		case !pending:
			return nil
		case at.Valid && now.Before(at.Time.Add(s.lease)):
			return nil // its holder may still be posting
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digests SET instance = $3, thread_at = $4
			WHERE channel = $1 AND day = $2`, channel, day, instance, timeArg(now)); err != nil {
			return err
		}
		got, err := scanDigest(tx.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
			WHERE channel = $1 AND day = $2`, channel, day))
		claimed = &got
		return err
	})
	if err != nil {
		return nil, wrapUnlessRefusal(err, "claim the thread of the digest for %s on %s", channel, day)
	}
	return claimed, nil
}

// RecordDigestReply records one more reply posted in the thread of
// instance's digest of channel for day, showing the AFIs afis; more says
// whether replies are still to follow. Only the instance holding the
// thread (RecordDigestPosted's, or ClaimDigestThread's) may record, and
// only while replies are pending; anyone else is refused with
// ErrNotClaimed and changes nothing.
func (s *Store) RecordDigestReply(ctx context.Context, channel, day, instance string, afis []string, more bool) error {
	return s.continueThread(ctx, channel, day, instance, afis, 1, more)
}

// ReleaseDigestThread gives up instance's hold on the unfinished thread of
// its digest of channel for day after a reply that certainly posted
// nothing, so that the next ClaimDigestThread (its own retry, or another
// instance's) may continue it at once.
func (s *Store) ReleaseDigestThread(ctx context.Context, channel, day, instance string) error {
	return s.continueThread(ctx, channel, day, instance, nil, 0, true)
}

// FinishDigestThread records that instance's digest of channel for day
// needs no more replies, though fewer were posted than planned: the AFIs
// they would have shown are no longer open.
func (s *Store) FinishDigestThread(ctx context.Context, channel, day, instance string) error {
	return s.continueThread(ctx, channel, day, instance, nil, 0, false)
}

// continueThread adds replies (0 or 1) showing afis to the thread of
// instance's digest; more says whether replies are still pending. With no
// reply and more, it releases the thread (thread_at cleared).
func (s *Store) continueThread(ctx context.Context, channel, day, instance string, afis []string, replies int, more bool) error {
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	list, err := afiList(afis)
	if err != nil {
		return err
	}
	now := s.clock()
	err = s.write(ctx, func(tx *sql.Tx) error {
		d, err := scanDigest(tx.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
			WHERE channel = $1 AND day = $2`+s.d.forUpdate, channel, day))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return tracker.Errorf(tracker.ErrNotClaimed, "the digest for %s on %s is not claimed", channel, day)
		case err != nil:
			return err
		case d.Instance != instance:
			return tracker.Errorf(tracker.ErrNotClaimed, "the thread of the digest for %s on %s is held by %s, not %s", channel, day, d.Instance, instance)
		case !d.ThreadPending:
			return tracker.Errorf(tracker.ErrNotClaimed, "the digest for %s on %s has no replies pending", channel, day)
		}
		all, _ := afiList(append(d.AFIs, strings.Fields(list)...))
		var at any = timeArg(now)
		if replies == 0 && more {
			at = nil // released
		}
		_, err = tx.ExecContext(ctx, `UPDATE digests SET replies_posted = replies_posted + $3, afis_posted = $4,
				thread_pending = $5, thread_at = $6
			WHERE channel = $1 AND day = $2`, channel, day, replies, all, more, at)
		return err
	})
	return wrapUnlessRefusal(err, "record the thread of the digest for %s on %s", channel, day)
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
	d, err := scanDigest(s.db.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests
		WHERE channel = $1 AND posted_at IS NOT NULL AND message_ts <> ''
		ORDER BY posted_at DESC, day DESC LIMIT 1`, strings.TrimSpace(channel)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last digest for %s: %w", channel, err)
	}
	return &d, nil
}

// DigestFor returns the record of channel's digest for day, claimed or
// posted, or nil when there is none.
func (s *Store) DigestFor(ctx context.Context, channel, day string) (*digest.Record, error) {
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
		return nil, fmt.Errorf("digest for %s on %s: %w", channel, day, err)
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
