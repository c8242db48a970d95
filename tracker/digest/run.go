package digest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// Page is one message of a digest, as a Layout made it: what to post, and
// the ids of the items it shows.
type Page[M any] struct {
	Message M
	Items   []string
}

// Layout lays a digest out as messages within the chat service's limits:
// the first message, then the replies that continue it in its thread, so
// that nothing is dropped. For a digest that continues a thread
// (Digest.Continues), the pages are the replies still missing, numbered
// after the Digest.Posted messages already there. render.DigestPages is
// Slack's.
type Layout[M any] func(d *Digest) []Page[M]

// Poster posts messages to the chat service; bot/slackclient's is Slack's.
type Poster[M any] interface {
	// Post posts m to channel, as a reply in thread when thread is set, and
	// returns the posted message's id (Slack's ts).
	Post(ctx context.Context, channel, thread string, m M) (string, error)
	// NothingDone reports whether a failed Post certainly posted nothing
	// (refused, rate limited, unreachable). False means it may have been
	// posted (a timeout, a dropped connection).
	NothingDone(err error) bool
}

// Result is what became of a digest run.
type Result string

const (
	// Posted: this run posted the digest and recorded it.
	Posted Result = "posted"
	// NothingOpen: nothing was open, so nothing was posted; the day is
	// recorded as done.
	NothingOpen Result = "nothing open"
	// AlreadyDone: the day's digest was already posted (or the day done)
	// by this or another instance; nothing was posted.
	AlreadyDone Result = "already done"
	// HeldElsewhere: another instance has claimed the day's digest and not
	// yet recorded it (or its unfinished thread); nothing was posted. If
	// that instance dies, the claim lapses after the lease and a later run
	// posts.
	HeldElsewhere Result = "claimed by another instance"
	// Continued: the day's digest was posted before but some of its thread
	// replies were not; this run posted them.
	Continued Result = "thread continued"
)

// Outcome is what a digest run did.
type Outcome struct {
	Channel string
	Day     string
	Result  Result
	// MessageTS is the posted message's id (Posted), or the recorded one
	// (AlreadyDone, Continued).
	MessageTS string
	// Replies is how many thread replies continued the digest in this run.
	Replies int
	// Open and Addressed are the summary line's counts.
	Open, Addressed int
	// Record is the record of the day's digest for AlreadyDone,
	// HeldElsewhere and Continued.
	Record *Record
}

// Done reports whether the day's digest needs nothing more.
func (o Outcome) Done() bool { return o.Result != HeldElsewhere && o.Result != "" }

func (o Outcome) String() string {
	switch o.Result {
	case Posted:
		s := fmt.Sprintf("posted to %s (message %s): %d open, %d addressed", o.Channel, o.MessageTS, o.Open, o.Addressed)
		if o.Replies > 0 {
			s += fmt.Sprintf("; continued in %s in its thread", plural(o.Replies, "reply", "replies"))
		}
		return s
	case Continued:
		if o.Replies == 0 {
			return fmt.Sprintf("the digest in %s (message %s) needed no more replies: what they would have shown is no longer open", o.Channel, o.MessageTS)
		}
		return fmt.Sprintf("continued the digest in %s (message %s) with %s in its thread", o.Channel, o.MessageTS, plural(o.Replies, "missing reply", "missing replies"))
	case NothingOpen:
		return fmt.Sprintf("nothing open, so nothing posted to %s; the day is marked done", o.Channel)
	case AlreadyDone:
		if o.Record != nil && o.Record.PostedAt != nil {
			if o.Record.MessageTS == "" {
				return fmt.Sprintf("already done at %s (nothing was open); nothing posted", o.Record.PostedAt.Format(time.RFC3339))
			}
			return fmt.Sprintf("already posted at %s by %s (message %s); nothing posted", o.Record.PostedAt.Format(time.RFC3339), o.Record.Instance, o.Record.MessageTS)
		}
		return "already posted; nothing posted"
	case HeldElsewhere:
		if o.Record != nil && o.Record.ThreadPending {
			return fmt.Sprintf("its thread is unfinished and held by %s; nothing posted", o.Record.Instance)
		}
		if o.Record != nil {
			return fmt.Sprintf("being posted by %s since %s; nothing posted", o.Record.Instance, o.Record.ClaimedAt.Format(time.RFC3339))
		}
		return "being posted by another instance; nothing posted"
	}
	return string(o.Result)
}

// Digester composes the daily digest of open items and posts it to one
// channel, exactly once per channel per day however many instances and
// restarts try (see Record). M is the chat service's message type.
type Digester[M any] struct {
	// Tracker says what is open and what was addressed.
	Tracker *tracker.Service
	// Claims remembers which digests were claimed and posted.
	Claims Claims
	// Layout lays the digest out in messages.
	Layout Layout[M]
	// Poster posts them; nil for a digester that only composes (a dry run).
	Poster Poster[M]
	// Channel is where the digest goes (a Slack channel id).
	Channel string
	// Instance names this process in claims: host name and process id.
	Instance string
	// Location is the zone of the digest's days and dates; UTC when nil.
	Location *time.Location
	// Now tells the time; time.Now when nil.
	Now func() time.Time
	// Log receives a line per digest posted; slog.Default() when nil.
	Log *slog.Logger
}

func (d *Digester[M]) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Digester[M]) log() *slog.Logger { return cmp.Or(d.Log, slog.Default()) }

func (d *Digester[M]) location() *time.Location { return cmp.Or(d.Location, time.UTC) }

// Compose composes the digest of day (YYYY-MM-DD) without posting or
// recording anything: a preview.
func (d *Digester[M]) Compose(ctx context.Context, day string) (*Digest, error) {
	return compose(ctx, d.Tracker, d.Claims, d.Channel, day, d.now(), d.location())
}

// Run posts the digest of day to the channel unless the day's digest is
// already done or claimed: it claims the day, composes the digest, posts
// the first message and records it at once, then continues in the thread.
// When posting the first message certainly posted nothing (Slack refused
// it, was rate limiting or down, or could not be reached), the claim is
// released so a later run may post the same day. When it may have posted
// (a timeout, a dropped connection), the claim is kept: the lease decides
// when another run may try, which risks a late second copy rather than an
// immediate one. Nothing is posted when nothing is open, but the day is
// recorded as done. A day already posted whose thread is unfinished is
// continued (see continueThread).
func (d *Digester[M]) Run(ctx context.Context, day string) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day}
	switch {
	case d.Channel == "":
		return out, errors.New("digest: no channel to post to")
	case d.Poster == nil:
		return out, errors.New("digest: nothing to post with (no Slack bot token)")
	}
	if _, err := ParseDay(day); err != nil {
		return out, err
	}
	claimed, err := d.Claims.ClaimDigest(ctx, d.Channel, day, d.Instance)
	if err != nil {
		return out, err
	}
	if !claimed {
		return d.notClaimed(ctx, day)
	}
	dg, err := d.Compose(ctx, day)
	if err != nil {
		return out, d.release(ctx, day, err)
	}
	out.Open, out.Addressed = dg.OpenCount, dg.AddressedCount
	if len(dg.Open) == 0 {
		if err := d.Claims.RecordDigestPosted(ctx, d.Channel, day, d.Instance, Post{Open: out.Open, Addressed: out.Addressed}); err != nil {
			return out, d.release(ctx, day, err)
		}
		out.Result = NothingOpen
		d.log().Info("digest: nothing open", "channel", d.Channel, "day", day)
		return out, nil
	}
	pages := d.Layout(dg)
	ts, err := d.Poster.Post(ctx, d.Channel, "", pages[0].Message)
	if err != nil {
		if d.Poster.NothingDone(err) {
			return out, d.release(ctx, day, fmt.Errorf("post the digest to %s: %w", d.Channel, err))
		}
		// Slack may have posted it and lost only its answer. Releasing
		// the claim would let the next run post a second copy at once;
		// kept, it blocks every run until the lease runs out.
		return out, fmt.Errorf("post the digest to %s: Slack did not confirm it, so it may have been posted; the day stays claimed, and the digest is posted again only once the claim's lease has run out: %w", d.Channel, err)
	}
	out.Result, out.MessageTS = Posted, ts
	// Recorded before the thread replies: from here, no run may post the
	// first message again, and a run after a failed reply posts the rest.
	keep := context.WithoutCancel(ctx)
	recErr := d.Claims.RecordDigestPosted(keep, d.Channel, day, d.Instance, Post{MessageTS: ts,
		Open: out.Open, Addressed: out.Addressed, AFIs: pages[0].Items, ThreadPending: len(pages) > 1})
	if recErr != nil {
		recErr = fmt.Errorf("digest posted (message %s) but not recorded; another run may post it again after the claim's lease: %w", ts, recErr)
	}
	var replyErr error
	replies := pages[1:]
	n, failure, postFailed := d.postReplies(keep, day, ts, replies, recErr == nil)
	out.Replies = n
	switch {
	case failure != nil && postFailed:
		later := "unrecorded, the thread cannot be continued"
		if recErr == nil {
			later = d.replyFailed(keep, day, failure)
		}
		replyErr = fmt.Errorf("digest posted (message %s), but %d of its %d thread replies could not be; %s: %w",
			ts, len(replies)-n, len(replies), later, failure)
	case failure != nil:
		replyErr = fmt.Errorf("digest posted (message %s), but its thread replies could not be recorded; %d were posted: %w", ts, n, failure)
	}
	d.log().Info("digest posted", "channel", d.Channel, "day", day, "ts", ts, "open", out.Open, "addressed", out.Addressed, "replies", out.Replies)
	return out, errors.Join(recErr, replyErr)
}

// notClaimed says why the day's digest could not be claimed, continuing
// its thread when that is what is left to do.
func (d *Digester[M]) notClaimed(ctx context.Context, day string) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day}
	rec, err := d.Claims.DigestFor(ctx, d.Channel, day)
	if err != nil {
		return out, err
	}
	if rec != nil && rec.ThreadPending {
		return d.continueThread(ctx, day, rec)
	}
	out.Record, out.Result = rec, HeldElsewhere
	if rec != nil && rec.PostedAt != nil {
		out.Result, out.MessageTS, out.Open, out.Addressed = AlreadyDone, rec.MessageTS, rec.Open, rec.Addressed
	}
	return out, nil
}

// postReplies posts pages into thread, one by one, recording each when
// record is set (the more replies after it, the more is pending), and
// stops at the first failure. It returns how many it posted and the
// failure, if any, with whether it was a post (true) or its record.
func (d *Digester[M]) postReplies(ctx context.Context, day, thread string, pages []Page[M], record bool) (int, error, bool) {
	for i, page := range pages {
		if _, err := d.Poster.Post(ctx, d.Channel, thread, page.Message); err != nil {
			return i, err, true
		}
		if !record {
			continue // an unrecorded digest has no thread to record
		}
		if err := d.Claims.RecordDigestReply(ctx, d.Channel, day, d.Instance, page.Items, i+1 < len(pages)); err != nil {
			return i + 1, err, false
		}
	}
	return len(pages), nil, false
}

// continueThread posts the replies still missing from the thread of the
// day's digest rec, when this run may claim the unfinished thread (see
// Claims.ClaimDigestThread). The missing replies are laid out again from
// the items' current state: the items open now that the posted messages
// did not show, paged as the digest pages them. So every item open now is
// shown once across the day's messages, an item closed since is not
// shown, and one reopened since is. Their numbering continues the
// thread's ("4 of 5"), counting the messages already posted.
func (d *Digester[M]) continueThread(ctx context.Context, day string, rec *Record) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day, Record: rec, Result: HeldElsewhere}
	held, err := d.Claims.ClaimDigestThread(ctx, d.Channel, day, d.Instance)
	if err != nil || held == nil {
		return out, err
	}
	out.Record, out.Result, out.MessageTS, out.Open, out.Addressed = held, Continued, held.MessageTS, held.Open, held.Addressed
	rest, err := d.remaining(ctx, day, held)
	if err != nil {
		return out, fmt.Errorf("continue the digest's thread: %w", err)
	}
	keep := context.WithoutCancel(ctx)
	if len(rest.Open) == 0 {
		return out, d.Claims.FinishDigestThread(keep, d.Channel, day, d.Instance)
	}
	pages := d.Layout(rest)
	n, failure, postFailed := d.postReplies(keep, day, held.MessageTS, pages, true)
	out.Replies = n
	switch {
	case failure != nil && postFailed:
		return out, fmt.Errorf("continue the digest's thread (message %s): %d of %d missing replies could not be posted; %s: %w",
			held.MessageTS, len(pages)-n, len(pages), d.replyFailed(keep, day, failure), failure)
	case failure != nil:
		return out, fmt.Errorf("continue the digest's thread (message %s): a reply was posted but not recorded: %w", held.MessageTS, failure)
	}
	d.log().Info("digest thread continued", "channel", d.Channel, "day", day, "ts", held.MessageTS, "replies", out.Replies)
	return out, nil
}

// remaining is what an unfinished thread still has to show: the items
// open now that its posted messages, recorded in held, did not show.
func (d *Digester[M]) remaining(ctx context.Context, day string, held *Record) (*Digest, error) {
	date, err := ParseDay(day)
	if err != nil {
		return nil, err
	}
	entries, err := d.Tracker.Entries(ctx)
	if err != nil {
		return nil, err
	}
	rest := &Digest{Channel: d.Channel, Day: day, Date: date, Now: d.now(), Location: d.location(),
		OpenCount: held.Open, AddressedCount: held.Addressed, Continues: held}
	posted := map[string]bool{}
	for _, id := range held.AFIs {
		posted[id] = true
		if a := d.Tracker.Library.AFI(id); a != nil {
			rest.Shown = append(rest.Shown, a)
		}
	}
	for _, e := range tracker.Outstanding(entries) {
		if !posted[e.AFI.ID] {
			rest.Open = append(rest.Open, e)
		}
	}
	return rest, nil
}

// replyFailed lets the unfinished thread go after a reply failed, and says
// when a later run will post the rest. A reply that certainly posted
// nothing releases the thread, so the next run continues it; one that may
// have been posted leaves it to the lease, so that it is not posted twice
// at once.
func (d *Digester[M]) replyFailed(ctx context.Context, day string, err error) string {
	if !d.Poster.NothingDone(err) {
		return "Slack did not confirm the last, so a run after the claim's lease posts the rest"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if rerr := d.Claims.ReleaseDigestThread(ctx, d.Channel, day, d.Instance); rerr != nil {
		return fmt.Sprintf("a run after the claim's lease posts them (the thread could not be released: %v)", rerr)
	}
	return "the next run posts them"
}

// release gives the day's claim back after a failure, so that a later run
// may post, and returns the failure.
func (d *Digester[M]) release(ctx context.Context, day string, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.Claims.ReleaseDigest(ctx, d.Channel, day, d.Instance); err != nil {
		return errors.Join(cause, fmt.Errorf("release the digest's claim: %w", err))
	}
	return cause
}

// plural is "1 reply" or "3 replies".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
