package digest

import (
	"context"
	"time"
)

// Record is the record of one channel's digest for one day, which makes the
// digest go out exactly once per channel per day across restarts, crashes
// and instances sharing a database:
//
//  1. ClaimDigest: exactly one caller gets true for a (channel, day); it
//     alone may post the day's digest, for the claim's lease.
//  2. Before posting, the holder looks in the channel (Poster.Find) for
//     the day's digest, which every post carries in its message metadata.
//     A message that an earlier holder posted and never recorded (it was
//     killed, or Slack's answer was lost) is taken as the day's digest,
//     brought up to date in place and recorded: never posted again.
//  3. RecordDigestPosted as soon as the message is posted or found, or
//     ReleaseDigest if posting certainly posted nothing, so that the day
//     can be tried again at once. After a post that may have gone out (a
//     timeout, a dropped connection), the holder looks again: found, it
//     is recorded; not found, the claim is kept until its lease ends (or
//     released when peelbot is stopping), and whoever takes it over looks
//     before posting. Only the instance holding the claim may record or
//     release it.
//
// A claim neither recorded nor released (its instance died) is taken over
// by the next ClaimDigest once the lease has run out. A holder stops
// trying to post half way through its lease (see Digester.Run), so a
// claim is taken over only when its holder is dead or has given up, and a
// post it made has had half the lease to reach the channel's history
// before the next holder looks. The lease therefore bounds how long a
// crash delays the digest, not whether it is posted twice.
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
	// ClaimedAt is when it was claimed (or last taken over): before its
	// contents were read, so the next digest's changes since ClaimedAt
	// miss nothing. The claim's lease runs from it.
	ClaimedAt time.Time `json:"claimed_at"`
	// FirstClaimedAt is when the day was first claimed, kept when a claim
	// is taken over: the channel is searched for the digest from then.
	FirstClaimedAt time.Time `json:"first_claimed_at"`
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
	// lease and never posted is taken over, keeping its FirstClaimedAt.
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
	// Lease is how long a claim neither recorded nor released holds
	// before another instance may take it over.
	Lease() time.Duration
}
