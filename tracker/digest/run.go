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
// limits, whatever the number of items; render.Digest is Slack's. The
// message must carry the digest's Channel, Day and Through where the
// Poster's Find can read them back (Slack message metadata), so that a
// message posted and never recorded is found rather than posted again.
type Layout[M any] func(d *Digest) M

// Poster posts messages to the chat service, replaces them and finds them
// again; bot/slackclient's is Slack's.
type Poster[M any] interface {
	// Post posts m to channel and returns the posted message's id (Slack's
	// ts).
	Post(ctx context.Context, channel string, m M) (string, error)
	// Update replaces the message ts of channel with m.
	Update(ctx context.Context, channel, ts string, m M) error
	// Find looks among channel's messages posted since since for the
	// digest of day that this app posted (as Layout marked it), and says
	// which it is; a zero Found when there is none.
	Find(ctx context.Context, channel, day string, since time.Time) (Found, error)
	// NothingDone reports whether a failed Post certainly posted nothing
	// (refused, rate limited, unreachable). False means it may have been
	// posted (a timeout, a dropped connection).
	NothingDone(err error) bool
	// CannotLook reports whether a failed Find failed because the chat
	// service will not show the channel's messages (a missing scope, an
	// app not in the channel): looking again will not help, and the
	// digest is posted without having looked.
	CannotLook(err error) bool
}

// Found is the day's digest found in the channel.
type Found struct {
	// TS is the message's id; "" when none was found.
	TS string
	// Through is the latest item event the message reflects.
	Through int64
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
	// HeldElsewhere: another instance (or an earlier run of this one) has
	// claimed the day's digest and not yet recorded it; nothing was
	// posted. If that instance died, the claim lapses at Outcome.RetryAt
	// and a run then takes it over.
	HeldElsewhere Result = "claimed by another instance"
	// Recovered: the day's digest had been posted by an earlier run that
	// never recorded it (it was killed, or Slack's answer was lost); this
	// run found the message in the channel, brought it up to date in
	// place and recorded it. Nothing new was posted.
	Recovered Result = "recovered"
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
	// RetryAt is, for HeldElsewhere, when the claim holding the day lapses
	// unless its holder records or releases it first.
	RetryAt time.Time
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
	case Recovered:
		return fmt.Sprintf("found already posted to %s (message %s) by an earlier run, brought up to date and recorded: %d outstanding, %d closed since the last digest", o.Channel, o.MessageTS, o.Open, o.Closed)
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
	// StopGrace is how long a message in flight may still take once the
	// run's context ends (peelbot is stopping); DefaultStopGrace when
	// zero.
	StopGrace time.Duration
}

// Bounds of the work a run does once it holds the day's claim.
const (
	// DefaultStopGrace is how long a post or update in flight is given to
	// finish once peelbot begins to stop: within serve's shutdown grace
	// period, with room to record or release the claim after it.
	DefaultStopGrace = 10 * time.Second
	// maxWork bounds the work of a claim whatever the lease: composing and
	// posting one message takes a second or two, and Slack's retries a few
	// more.
	maxWork = time.Minute
	// lookTimeout bounds a look for the digest after a post that may have
	// gone out, which is made even if the post used up its time.
	lookTimeout = 5 * time.Second
	// findMargin widens the search of the channel before the first claim,
	// for clocks that disagree (this machine's and Slack's).
	findMargin = 15 * time.Minute
)

// workTime is how long a holder of a claim may work on it: half the
// lease, so that when another instance takes the claim over, any post of
// this one's has had the other half to show in the channel.
func workTime(lease time.Duration) time.Duration { return min(lease/2, maxWork) }

// inFlight is the context of work that has begun (a post, an update): it
// ends after timeout, and StopGrace after ctx ends (peelbot stopping), so
// that a message in flight may finish but not hold the shutdown up.
func inFlight(ctx context.Context, timeout, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-work.Done():
		}
	})
	return work, func() { stop(); cancel() }
}

// stopping reports whether ctx ended because peelbot is stopping (it was
// cancelled), not because its time ran out.
func stopping(ctx context.Context) bool { return errors.Is(ctx.Err(), context.Canceled) }

func (d *Digester[M]) stopGrace() time.Duration { return cmp.Or(d.StopGrace, DefaultStopGrace) }

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
// already done or claimed (see Record): it claims the day, looks in the
// channel for a digest of the day an earlier run posted and never
// recorded, composes the digest, and then either brings the message found
// up to date (Recovered) or posts a new one (Posted), and records it at
// once. Nothing is posted when nothing is outstanding, but the day is
// recorded as done.
//
// When posting certainly posted nothing (Slack refused it, was rate
// limiting or down, or could not be reached), the claim is released so a
// later run may post the same day. When it may have posted (a timeout, a
// dropped connection), Run looks for it: found, it is recorded; not
// found, the claim is kept until the lease runs out, so that a post Slack
// is slow to make is not doubled, and the run that takes the claim over
// looks again before posting.
//
// ctx ending means peelbot is stopping: Run then starts nothing, and a
// message in flight gets StopGrace to finish; the claim is then recorded
// or released, so another instance or the next start can take the day at
// once.
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
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("digest: not started: %w", err)
	}
	claimed, err := d.Claims.ClaimDigest(ctx, d.Channel, day, d.Instance)
	if err != nil {
		return out, err
	}
	if !claimed {
		return d.notClaimed(ctx, day)
	}
	work, cancel := inFlight(ctx, workTime(d.Claims.Lease()), d.stopGrace())
	defer cancel()
	return d.post(ctx, work, day)
}

// post does the work of a claim held: look, compose, post or bring up to
// date, record. ctx says whether peelbot is stopping; work bounds the
// work.
func (d *Digester[M]) post(ctx, work context.Context, day string) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day}
	rec, err := d.Claims.DigestFor(work, d.Channel, day)
	if err != nil || rec == nil {
		return out, d.release(ctx, day, cmp.Or(err, fmt.Errorf("digest for %s on %s: claimed, yet not recorded", d.Channel, day)))
	}
	since := d.searchFrom(rec, day)
	found, err := d.find(work, day, since)
	if err != nil {
		return out, d.release(ctx, day, err)
	}
	dg, err := d.Compose(work, day)
	if err != nil {
		return out, d.release(ctx, day, err)
	}
	out.Open, out.Closed = dg.Outstanding, dg.Closed()
	if found.TS != "" {
		return d.adopt(ctx, work, dg, found)
	}
	if dg.Outstanding == 0 {
		if err := d.Claims.RecordDigestPosted(work, d.Channel, day, d.Instance, Post{Open: out.Open, Closed: out.Closed, Through: dg.Through}); err != nil {
			return out, d.release(ctx, day, err)
		}
		out.Result = NothingOpen
		d.log().Info("digest: nothing outstanding", "channel", d.Channel, "day", day)
		return out, nil
	}
	ts, err := d.Poster.Post(work, d.Channel, d.Layout(dg))
	if err != nil {
		err = fmt.Errorf("post the digest to %s: %w", d.Channel, err)
		if d.Poster.NothingDone(err) {
			return out, d.release(ctx, day, err)
		}
		return d.unsure(ctx, dg, since, err)
	}
	out.Result, out.MessageTS = Posted, ts
	keep := context.WithoutCancel(ctx)
	if err := d.Claims.RecordDigestPosted(keep, d.Channel, day, d.Instance, Post{MessageTS: ts,
		Open: out.Open, Closed: out.Closed, Items: dg.Items(), Through: dg.Through}); err != nil {
		return out, fmt.Errorf("digest posted (message %s) but not recorded; the run that takes the claim over finds it in the channel: %w", ts, err)
	}
	d.log().Info("digest posted", "channel", d.Channel, "day", day, "ts", ts, "outstanding", out.Open, "closed", out.Closed)
	return out, nil
}

// searchFrom is when the channel's messages are searched from for the
// digest of day: the start of the day, or the day's first claim if that
// was earlier (a digest of a past day posted late), less findMargin. The
// start of the day covers what an earlier claim of the day posted even if
// its record has gone (released after a failure).
func (d *Digester[M]) searchFrom(rec *Record, day string) time.Time {
	from := rec.FirstClaimedAt
	if date, err := ParseDay(day); err == nil {
		start := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, d.Tracker.Loc())
		if from.IsZero() || start.Before(from) {
			from = start
		}
	}
	return from.Add(-findMargin)
}

// find looks in the channel for the day's digest. A chat service that
// will not show the channel is said in the log, and taken as nothing
// found: the digest is posted as it was before peelbot could look.
func (d *Digester[M]) find(ctx context.Context, day string, since time.Time) (Found, error) {
	found, err := d.Poster.Find(ctx, d.Channel, day, since)
	switch {
	case err == nil:
		return found, nil
	case d.Poster.CannotLook(err):
		d.log().Warn("digest: cannot read the channel to see whether the day's digest was already posted; posting without looking, so a digest interrupted by a crash may be posted twice",
			"channel", d.Channel, "day", day, "error", err.Error())
		return Found{}, nil
	}
	return Found{}, fmt.Errorf("look in %s for a digest of %s already posted (nothing was posted): %w", d.Channel, day, err)
}

// adopt takes the message found as the day's digest: it is brought up to
// date in place when it reflects an earlier state, then recorded. When
// the update fails the claim is released, and the next run finds the
// message again.
func (d *Digester[M]) adopt(ctx, work context.Context, dg *Digest, found Found) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: dg.Day, Result: Recovered, MessageTS: found.TS, Open: dg.Outstanding, Closed: dg.Closed()}
	if found.Through != dg.Through {
		if err := d.Poster.Update(work, d.Channel, found.TS, d.Layout(dg)); err != nil {
			return Outcome{Channel: d.Channel, Day: dg.Day}, d.release(ctx, dg.Day,
				fmt.Errorf("bring the digest of %s found in %s (message %s) up to date: %w", dg.Day, d.Channel, found.TS, err))
		}
	}
	if err := d.Claims.RecordDigestPosted(context.WithoutCancel(ctx), d.Channel, dg.Day, d.Instance, Post{MessageTS: found.TS,
		Open: out.Open, Closed: out.Closed, Items: dg.Items(), Through: dg.Through}); err != nil {
		return out, fmt.Errorf("digest found in %s (message %s) but not recorded: %w", d.Channel, found.TS, err)
	}
	d.log().Info("digest found already posted, and recorded", "channel", d.Channel, "day", dg.Day, "ts", found.TS, "reflected_event", found.Through, "now_event", dg.Through)
	return out, nil
}

// unsure follows a post that may have gone out: it looks for it, and
// records it if it is there. If it is not, the claim is kept for its lease
// (Slack may yet make the post) unless peelbot is stopping, when it is
// released: whoever takes the day next looks before posting.
func (d *Digester[M]) unsure(ctx context.Context, dg *Digest, since time.Time, cause error) (Outcome, error) {
	look, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookTimeout)
	defer cancel()
	found, err := d.Poster.Find(look, d.Channel, dg.Day, since)
	switch {
	case err == nil && found.TS != "":
		return d.adopt(ctx, look, dg, found)
	case err == nil && stopping(ctx):
		return Outcome{Channel: d.Channel, Day: dg.Day}, d.release(ctx, dg.Day,
			fmt.Errorf("%w; peelbot is stopping and the digest is not in the channel, so the day's claim is released", cause))
	case err != nil:
		cause = errors.Join(cause, fmt.Errorf("look whether it was posted: %w", err))
	}
	return Outcome{Channel: d.Channel, Day: dg.Day}, fmt.Errorf("%w; Slack did not confirm the post and it is not in the channel, yet it may have been posted: the day stays claimed until the claim's lease runs out, and the run that takes it over looks for it before posting", cause)
}

// notClaimed says why the day's digest could not be claimed.
func (d *Digester[M]) notClaimed(ctx context.Context, day string) (Outcome, error) {
	out := Outcome{Channel: d.Channel, Day: day}
	rec, err := d.Claims.DigestFor(ctx, d.Channel, day)
	if err != nil {
		return out, err
	}
	out.Record, out.Result = rec, HeldElsewhere
	if rec != nil && rec.PostedAt == nil {
		out.RetryAt = rec.ClaimedAt.Add(d.Claims.Lease())
	}
	if rec != nil && rec.PostedAt != nil {
		out.Result, out.MessageTS, out.Open, out.Closed = AlreadyDone, rec.MessageTS, rec.Open, rec.Closed
	}
	return out, nil
}

// Refresh keeps the day's posted digest current: when an item it shows
// (or one it did not, now overdue, due soon or waiting for sign-off) has
// changed since it was composed, the digest is composed again and the
// message replaced in place (chat.update). It says whether it replaced
// the message. A day without a posted message is left alone. Once ctx
// ends (peelbot stopping) nothing is started, and an update in flight
// gets StopGrace to finish.
func (d *Digester[M]) Refresh(ctx context.Context, day string) (bool, error) {
	if d.Channel == "" || d.Poster == nil || ctx.Err() != nil {
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
	work, cancel := inFlight(ctx, maxWork, d.stopGrace())
	defer cancel()
	if err := d.Poster.Update(work, d.Channel, rec.MessageTS, d.Layout(dg)); err != nil {
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
