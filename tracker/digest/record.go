package digest

import (
	"context"
	"time"
)

// Record is the record of one channel's digest for one day, which makes the
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
// posted twice. Keep the lease far longer than posting takes.
//
// Once posted, the message is kept current: when an item it shows changes,
// it is composed again and replaced in place (chat.update), and
// RecordDigestUpdated notes what it now reflects. A replacement is
// idempotent, so instances racing to make it do no harm; the record keeps
// the latest.
type Record struct {
	Channel string `json:"channel"`
	// Day is the digest's calendar day, YYYY-MM-DD in the digest's time zone.
	Day string `json:"day"`
	// Instance is whoever claimed it, e.g. a host name and process id.
	Instance string `json:"instance"`
	// ClaimedAt is when it was claimed: before its contents were read, so
	// the next digest's changes since ClaimedAt miss nothing.
	ClaimedAt time.Time `json:"claimed_at"`
	// PostedAt is when it was recorded as posted, nil while only claimed.
	PostedAt *time.Time `json:"posted_at,omitempty"`
	// MessageTS is the Slack ts of the posted message; "" when the day was
	// done without a message because nothing was outstanding.
	MessageTS string `json:"message_ts,omitempty"`
	// Open and Closed are the counts of the summary line: outstanding, and
	// closed since the last digest.
	Open   int `json:"open"`
	Closed int `json:"closed"`
	// Items are the ids of the items the message shows by name.
	Items []string `json:"items,omitempty"`
	// Through is the latest item event the message reflects, and
	// ComposedAt when it was last composed.
	Through    int64      `json:"through_event,omitempty"`
	ComposedAt *time.Time `json:"composed_at,omitempty"`
}

// Post is what was posted (or, updating, what the message now shows).
type Post struct {
	// MessageTS is the Slack ts of the message; "" when the day was done
	// without a message because nothing was outstanding.
	MessageTS string
	// Open and Closed are the counts of the summary line.
	Open, Closed int
	// Items are the ids of the items the message shows.
	Items []string
	// Through is the latest item event the message reflects.
	Through int64
}

// Claims is the memory of the claim → post → record protocol (see
// Record), shared by every instance; tracker/store implements it. Each
// method is atomic across instances; a refusal is a *tracker.Error
// (ErrNotClaimed, ErrAlreadyPosted, ErrInvalidInput).
type Claims interface {
	// ClaimDigest claims channel's digest for day for instance: true for
	// exactly one caller, however many ask at once. A claim older than the
	// lease and never posted is taken over.
	ClaimDigest(ctx context.Context, channel, day, instance string) (bool, error)
	// ReleaseDigest gives up instance's unposted claim after posting
	// certainly failed, so that the day can be claimed again.
	ReleaseDigest(ctx context.Context, channel, day, instance string) error
	// RecordDigestPosted records instance's claimed digest as posted, as p
	// says; only the holder of the claim may.
	RecordDigestPosted(ctx context.Context, channel, day, instance string, p Post) error
	// RecordDigestUpdated records that the posted digest of the day was
	// replaced, as p says, when p reflects a later event than recorded.
	RecordDigestUpdated(ctx context.Context, channel, day string, p Post) error
	// LastDigest is the channel's latest posted digest with a message; nil
	// before the first.
	LastDigest(ctx context.Context, channel string) (*Record, error)
	// LastDigestBefore is the channel's latest posted digest with a
	// message of a day before day; nil when none.
	LastDigestBefore(ctx context.Context, channel, day string) (*Record, error)
	// DigestFor is the record of channel's digest for day; nil when none.
	DigestFor(ctx context.Context, channel, day string) (*Record, error)
	// LastEventID is the latest item event's id, so that a digest knows
	// what it reflects.
	LastEventID(ctx context.Context) (int64, error)
}
