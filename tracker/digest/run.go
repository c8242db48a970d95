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

// Layout lays a digest out as one message within the chat service's
// limits, whatever the number of items; render.Digest is Slack's.
type Layout[M any] func(d *Digest) M

// Poster posts messages to the chat service, and replaces them;
// bot/slackclient's is Slack's.
type Poster[M any] interface {
	// Post posts m to channel and returns the posted message's id (Slack's
	// ts).
	Post(ctx context.Context, channel, thread string, m M) (string, error)
	// Update replaces the message ts of channel with m.
	Update(ctx context.Context, channel, ts string, m M) error
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
)

// Outcome is what a digest run did.
type Outcome struct {
	Channel string
	Day     string
	Result  Result
	// MessageTS is the posted message's id (Posted), or the recorded one
	// (AlreadyDone, Continued).
	MessageTS string
	// Open and Closed are the summary line's counts.
	Open, Closed int
	// Record is the record of the day's digest for AlreadyDone and
	// HeldElsewhere.
	Record *Record
}

// Done reports whether the day's digest needs nothing more.
func (o Outcome) Done() bool { return o.Result != HeldElsewhere && o.Result != "" }

func (o Outcome) String() string {
	switch o.Result {
	case Posted:
		return fmt.Sprintf("posted to %s (message %s): %d outstanding, %d closed since the last digest", o.Channel, o.MessageTS, o.Open, o.Closed)
	case NothingOpen:
		return fmt.Sprintf("nothing outstanding, so nothing posted to %s; the day is marked done", o.Channel)
	case AlreadyDone:
		if o.Record != nil && o.Record.PostedAt != nil {
			if o.Record.MessageTS == "" {
				return fmt.Sprintf("already done at %s (nothing was outstanding); nothing posted", o.Record.PostedAt.Format(time.RFC3339))
			}
			return fmt.Sprintf("already posted at %s by %s (message %s); nothing posted", o.Record.PostedAt.Format(time.RFC3339), o.Record.Instance, o.Record.MessageTS)
		}
		return "already posted; nothing posted"
	case HeldElsewhere:
		if o.Record != nil {
			return fmt.Sprintf("being posted by %s since %s; nothing posted", o.Record.Instance, o.Record.ClaimedAt.Format(time.RFC3339))
		}
		return "being posted by another instance; nothing posted"
	}
	return string(o.Result)
}

// Digester composes the daily digest of items and posts it to one
// channel, exactly once per channel per day however many instances and
// restarts try (see Record). M is the chat service's message type.
type Digester[M any] struct {
	// Tracker says what is outstanding and what changed.
	Tracker *tracker.Service
	// Claims remembers which digests were claimed and posted.
	Claims Claims
	// Layout lays the digest out as a message.
	Layout Layout[M]
	// Poster posts them; nil for a digester that only composes (a dry run).
	Poster Poster[M]
	// Channel is where the digest goes (a Slack channel id).
	Channel string
	// Instance names this process in claims: host name and process id.
	Instance string
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

// Compose composes the digest of day (YYYY-MM-DD) without posting or
// recording anything: a preview.
func (d *Digester[M]) Compose(ctx context.Context, day string) (*Digest, error) {
	through, err := d.Claims.LastEventID(ctx)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	return compose(ctx, d.Tracker, d.Claims, d.Channel, day, d.now(), through)
}

// Run posts the digest of day to the channel unless the day's digest is
// already done or claimed: it claims the day, composes the digest, posts
// it and records it at once. When posting certainly posted nothing (Slack
// refused it, was rate limiting or down, or could not be reached), the
// claim is released so a later run may post the same day. When it may
// have posted (a timeout, a dropped connection), the claim is kept: the
// lease decides when another run may try, which risks a late second copy
// rather than an immediate one. Nothing is posted when nothing is
// outstanding, but the day is recorded as done.
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
	out.Open, out.Closed = dg.Outstanding, dg.Closed()
	if dg.Outstanding == 0 {
		if err := d.Claims.RecordDigestPosted(ctx, d.Channel, day, d.Instance, Post{Open: out.Open, Closed: out.Closed, Through: dg.Through}); err != nil {
			return out, d.release(ctx, day, err)
		}
		out.Result = NothingOpen
		d.log().Info("digest: nothing outstanding", "channel", d.Channel, "day", day)
		return out, nil
	}
	ts, err := d.Poster.Post(ctx, d.Channel, "", d.Layout(dg))
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
	keep := context.WithoutCancel(ctx)
	if err := d.Claims.RecordDigestPosted(keep, d.Channel, day, d.Instance, Post{MessageTS: ts,
		Open: out.Open, Closed: out.Closed, Items: dg.Items(), Through: dg.Through}); err != nil {
		return out, fmt.Errorf("digest posted (message %s) but not recorded; another run may post it again after the claim's lease: %w", ts, err)
	}
	d.log().Info("digest posted", "channel", d.Channel, "day", day, "ts", ts, "outstanding", out.Open, "closed", out.Closed)
	return out, nil
}

// notClaimed says why the day's digest could not be claimed.
func (d *Digester[M]) notClaimed(ctx context.Context, day string) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day}
	rec, err := d.Claims.DigestFor(ctx, d.Channel, day)
	if err != nil {
		return out, err
	}
	out.Record, out.Result = rec, HeldElsewhere
	if rec != nil && rec.PostedAt != nil {
		out.Result, out.MessageTS, out.Open, out.Closed = AlreadyDone, rec.MessageTS, rec.Open, rec.Closed
	}
	return out, nil
}

// Refresh keeps the day's posted digest current: when an item it shows
// (or one it did not, now overdue, due soon or waiting for sign-off) has
// changed since it was composed, the digest is composed again and the
// message replaced in place (chat.update). It says whether it replaced
// the message. A day without a posted message is left alone.
func (d *Digester[M]) Refresh(ctx context.Context, day string) (bool, error) {
	if d.Channel == "" || d.Poster == nil {
		return false, nil
	}
	rec, err := d.Claims.DigestFor(ctx, d.Channel, day)
	if err != nil || rec == nil || rec.PostedAt == nil || rec.MessageTS == "" {
		return false, err
	}
	// Every event after the claim, of which those after the one the
	// message reflects count (times may be a little skewed between
	// instances; ids are not).
	events, err := d.Tracker.Events(ctx, rec.ClaimedAt.Add(-time.Minute))
	if err != nil {
		return false, err
	}
	shown := map[string]bool{}
	for _, id := range rec.Items {
		shown[id] = true
	}
	changed := false
	var through int64
	for _, ev := range events {
		if ev.ID > rec.Through {
			through = max(through, ev.ID)
			changed = changed || shown[ev.ItemID]
		}
	}
	if through == 0 {
		return false, nil
	}
	dg, err := compose(ctx, d.Tracker, d.Claims, d.Channel, day, d.now(), through)
	if err != nil {
		return false, err
	}
	if !changed {
		// Something changed that the message did not name: replace it only
		// if it would now name something new.
		for _, id := range dg.Items() {
			changed = changed || !shown[id]
		}
	}
	if !changed {
		return false, d.Claims.RecordDigestUpdated(ctx, d.Channel, day, Post{MessageTS: rec.MessageTS, Open: rec.Open, Closed: rec.Closed, Items: rec.Items, Through: through})
	}
	if err := d.Poster.Update(ctx, d.Channel, rec.MessageTS, d.Layout(dg)); err != nil {
		return false, fmt.Errorf("update the digest of %s in %s (message %s): %w", day, d.Channel, rec.MessageTS, err)
	}
	err = d.Claims.RecordDigestUpdated(context.WithoutCancel(ctx), d.Channel, day,
		Post{MessageTS: rec.MessageTS, Open: dg.Outstanding, Closed: dg.Closed(), Items: dg.Items(), Through: through})
	d.log().Info("digest updated", "channel", d.Channel, "day", day, "ts", rec.MessageTS, "through_event", through)
	return true, err
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
