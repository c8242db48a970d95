package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Digest is the record of one channel's digest for one day, which makes the
// digest go out exactly once per channel per day across restarts and across
// instances sharing a database:
//
//  1. ClaimDigest: exactly one caller gets true for a (channel, day); it
//     posts the digest.
//  2. RecordDigestPosted as soon as the message is posted, or ReleaseDigest
//     if posting certainly posted nothing, so that the day can be retried.
//     After a failure that may have posted (a timeout), the claim is kept
//     and left to the lease. Only the instance holding the claim may do
//     either.
//
// A claim neither recorded nor released (its instance died) is taken over
// by the next ClaimDigest after the store's digest lease, so a digest is not
// lost for the day. The trade-off: an instance that posted but died before
// RecordDigestPosted, or that took longer than the lease, gets its digest
// posted twice. Keep the lease far longer than posting takes, and record
// right after the first message is posted (before any thread replies).
type Digest struct {
	Channel string `json:"channel"`
	// Day is the digest's calendar day, YYYY-MM-DD in the digest's time zone.
	Day string `json:"day"`
	// Instance is whoever claimed it, e.g. a host name and process id.
	Instance string `json:"instance"`
	// ClaimedAt is when it was claimed: before its contents were read, so
	// AddressedSince(ClaimedAt) misses nothing addressed after this digest.
	ClaimedAt time.Time `json:"claimed_at"`
	// PostedAt is when it was recorded as posted, nil while only claimed.
	PostedAt *time.Time `json:"posted_at,omitempty"`
	// MessageTS is the Slack ts of the posted message; "" when the day was
	// done without a message because nothing was open.
	MessageTS string `json:"message_ts,omitempty"`
	// Open and Addressed are the counts of the summary line.
	Open      int `json:"open"`
	Addressed int `json:"addressed"`
}

const digestColumns = `channel, day, instance, claimed_at, posted_at, message_ts, open_count, addressed_count`

func scanDigest(sc scanner) (Digest, error) {
	var d Digest
	var day, claimed, posted dbTime
	err := sc.Scan(&d.Channel, &day, &d.Instance, &claimed, &posted, &d.MessageTS, &d.Open, &d.Addressed)
	d.Day, d.ClaimedAt, d.PostedAt = day.day(), claimed.Time, posted.ptr()
	return d, err
}

// ClaimDigest claims the digest of channel for day (YYYY-MM-DD) for
// instance. It returns true to exactly one caller, however many instances
// ask at once; false means another claim holds (or the digest is already
// posted), and the caller must not post. A claim older than the lease that
// was never posted is taken over (see Digest). The same instance asking
// again gets false too: one claim, one post.
func (s *Store) ClaimDigest(ctx context.Context, channel, day, instance string) (bool, error) {
	channel, day, instance = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance)
	if err := checkDigestKey(channel, day); err != nil {
		return false, err
	}
	if instance == "" {
		return false, refuse(ErrInvalidInput, "a digest claim must name the instance that makes it")
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
// posted, as the Slack message messageTS with the summary counts. An empty
// messageTS records a day that was done without a message because nothing
// was open. A digest is recorded once, and only by the instance whose
// claim holds: an instance whose claim lapsed and was taken over (it was
// slower than the lease) is refused with ErrNotClaimed and changes
// nothing, since the record is now the new holder's to make.
func (s *Store) RecordDigestPosted(ctx context.Context, channel, day, instance, messageTS string, open, addressed int) error {
	channel, day, instance, messageTS = strings.TrimSpace(channel), strings.TrimSpace(day), strings.TrimSpace(instance), strings.TrimSpace(messageTS)
	if err := checkDigestKey(channel, day); err != nil {
		return err
	}
	if instance == "" {
		return refuse(ErrInvalidInput, "a digest record must name the instance that posted it")
	}
	if open < 0 || addressed < 0 {
		return refuse(ErrInvalidInput, "digest counts cannot be negative (%d open, %d addressed)", open, addressed)
	}
	now := s.clock()
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digests SET posted_at = $4, message_ts = $5, open_count = $6, addressed_count = $7
			WHERE channel = $1 AND day = $2 AND instance = $3 AND posted_at IS NULL`,
			channel, day, instance, timeArg(now), messageTS, open, addressed)
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

// whyNotHeld explains why instance's digest claim could not be released or
// recorded.
func (s *Store) whyNotHeld(ctx context.Context, tx *sql.Tx, channel, day, instance string) error {
	d, err := scanDigest(tx.QueryRowContext(ctx, `SELECT `+digestColumns+` FROM digests WHERE channel = $1 AND day = $2`, channel, day))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return refuse(ErrNotClaimed, "the digest for %s on %s is not claimed", channel, day)
	case err != nil:
		return err
	case d.PostedAt != nil:
		return refuse(ErrAlreadyPosted, "the digest for %s on %s was already posted at %s", channel, day, d.PostedAt.Format(time.RFC3339))
	case d.Instance != instance:
		return refuse(ErrNotClaimed, "the digest for %s on %s is claimed by %s, not %s", channel, day, d.Instance, instance)
	}
	return fmt.Errorf("digest for %s on %s changed meanwhile", channel, day)
}

// LastDigest returns the channel's most recently posted digest that has a
// message, or nil when none has been posted yet.
func (s *Store) LastDigest(ctx context.Context, channel string) (*Digest, error) {
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
func (s *Store) DigestFor(ctx context.Context, channel, day string) (*Digest, error) {
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
		return refuse(ErrInvalidInput, "a digest needs a channel")
	}
	if _, err := time.Parse(dayLayout, day); err != nil {
		return refuse(ErrInvalidInput, "digest day %q is not a date written YYYY-MM-DD", day)
	}
	return nil
}
