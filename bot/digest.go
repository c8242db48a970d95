package bot

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/notify"
)

// digester is the daily digest as the bot posts it: laid out by render,
// posted with the bot's Slack client.
type digester = digest.Digester[render.Message]

// notifier is the direct messages as the bot sends them.
type notifier = notify.Notifier[render.Message]

// newDigester makes the bot's digester, or nil when the bot has no digest
// channel, tracking or store.
func newDigester(cfg Config, b *Bot) *digester {
	if cfg.Tracker == nil || cfg.Store == nil || cfg.DigestChannel == "" {
		return nil
	}
	return &digester{
		Tracker: cfg.Tracker, Claims: cfg.Store, Layout: render.Digest,
		Poster:  slackclient.DigestPoster{Client: b.api},
		Channel: cfg.DigestChannel, Instance: cmp.Or(cfg.Instance, defaultInstance()), Now: b.now, Log: b.log,
	}
}

// newNotifier makes the bot's notifier, or nil without tracking or a
// store.
func newNotifier(cfg Config, b *Bot) *notifier {
	if cfg.Tracker == nil || cfg.Store == nil {
		return nil
	}
	return &notifier{
		Tracker: cfg.Tracker, Claims: cfg.Store, Layout: render.Notification, Sender: slackclient.NotifyPoster{Client: b.api},
		Instance: cmp.Or(cfg.Instance, defaultInstance()), Pace: cfg.NotifyPace, Now: b.now, Log: b.log,
	}
}

// RunDigest runs the digest of day (YYYY-MM-DD in the bot's zone) in the
// digest channel, exactly once per day across instances; see
// digest.Digester.Run. digest.Scheduler takes it.
func (b *Bot) RunDigest(ctx context.Context, day string) (digest.Outcome, error) {
	if b.afi.digest == nil {
		return digest.Outcome{Day: day}, errors.New("digest: no digest channel or no store configured")
	}
	out, err := b.afi.digest.Run(ctx, day)
	b.metrics.digest(out, err)
	if out.Result == digest.Posted || out.Result == digest.Recovered {
		// Home tabs show the last digest.
		b.spawn("refresh home tabs", func(ctx context.Context) { b.refreshHomes(ctx, "", "") })
	}
	return out, err
}

// FollowUp brings the day's digest message up to date when an item it
// shows changed (chat.update), and sends the notifications due (direct
// messages, each exactly once across instances). It is what
// RunFollowUps runs each round. When ctx ends (peelbot stopping) it
// starts nothing more, and finishes the message in flight.
func (b *Bot) FollowUp(ctx context.Context) error {
	_, err := b.followUpRound(ctx)
	return err
}

// followUpRound is FollowUp, saying also when a notification claimed by
// another instance lapses (zero when none is held), so that it is taken
// over then should that instance have died.
func (b *Bot) followUpRound(ctx context.Context) (time.Time, error) {
	var errs []error
	if d := b.afi.digest; d != nil {
		day := b.now().In(b.afi.loc).Format(time.DateOnly)
		if _, err := d.Refresh(ctx, day); err != nil {
			errs = append(errs, err)
		}
	}
	var retry time.Time
	if n := b.afi.notifier; n != nil {
		out, err := n.Run(ctx)
		if err != nil {
			errs = append(errs, err)
		}
		retry = out.RetryAt
	}
	return retry, errors.Join(errs...)
}

// RunFollowUps runs FollowUp every interval (a minute when zero), at once
// after a change made through the bot, and when a notification claimed
// by another instance lapses, until ctx ends; then it returns once the
// message in flight, if any, is finished. Changes made elsewhere (the
// command line, another instance) are caught by the next round.
func (b *Bot) RunFollowUps(ctx context.Context, interval time.Duration) {
	if b.afi.svc == nil {
		return
	}
	interval = cmp.Or(interval, time.Minute)
	for {
		run, cancel := context.WithTimeout(ctx, b.workTimeout)
		retry, err := b.followUpRound(run)
		cancel()
		if err != nil && ctx.Err() == nil {
			b.log.Warn("follow-ups failed; the next round tries again", "error", err.Error())
		}
		wait := interval
		if !retry.IsZero() {
			wait = min(wait, max(retry.Sub(b.now())+lapseMargin, lapseMargin))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-b.afi.poke:
			t.Stop()
		}
	}
}

// lapseMargin is how long after a claim held elsewhere lapses the
// follow-ups try to take it over: the clocks of two instances are a
// little apart.
const lapseMargin = time.Second
