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
// posted twice. Keep the lease far longer than posting takes, and record
// right after the first message is posted (before any thread replies).
//
// A digest too long for one message continues in its thread. The record
// says how far the thread got (RecordDigestReply after each reply), so that
// when a reply fails, a later run claims the unfinished thread
// (ClaimDigestThread) and posts the rest into it: nothing is dropped and
// nothing shown twice. As with the first message, the thread is released
// at once (ReleaseDigestThread) only when the failed reply certainly posted
// nothing; otherwise the lease decides when it may be continued.
type Record struct {
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
	// RepliesPosted is how many thread replies continuing the digest have
	// been posted.
	RepliesPosted int `json:"replies_posted,omitempty"`
	// AFIs are the ids of the AFIs shown by the messages posted so far,
	// the first message's and its replies'.
	AFIs []string `json:"afis,omitempty"`
	// ThreadPending is true while replies continuing the digest are still
	// to be posted: a reply failed, or its instance stopped, part way.
	ThreadPending bool `json:"thread_pending,omitempty"`
}

// Post is what was posted as the first message of a day's digest.
type Post struct {
	// MessageTS is the Slack ts of the message; "" when the day was done
	// without a message because nothing was open.
	MessageTS string
	// Open and Addressed are the counts of the summary line.
	Open, Addressed int
	// AFIs are the ids of the AFIs the message shows.
	AFIs []string
	// ThreadPending is true when replies are to continue the digest in the
	// message's thread.
	ThreadPending bool
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
	// ClaimDigestThread claims the unfinished thread of the day's digest,
	// when its replies are pending and its holder released it or let the
	// lease pass; nil when there is nothing to claim.
	ClaimDigestThread(ctx context.Context, channel, day, instance string) (*Record, error)
	// RecordDigestReply records one more reply posted in the thread,
	// showing items; more says whether replies are still to follow.
	RecordDigestReply(ctx context.Context, channel, day, instance string, items []string, more bool) error
	// ReleaseDigestThread lets the thread go after a reply that certainly
	// posted nothing, so the next run continues it at once.
	ReleaseDigestThread(ctx context.Context, channel, day, instance string) error
	// FinishDigestThread records that the thread needs no more replies.
	FinishDigestThread(ctx context.Context, channel, day, instance string) error
	// LastDigest is the channel's latest posted digest with a message; nil
	// before the first.
	LastDigest(ctx context.Context, channel string) (*Record, error)
	// DigestFor is the record of channel's digest for day; nil when none.
	DigestFor(ctx context.Context, channel, day string) (*Record, error)
}
