package bot

import (
	"cmp"
	"context"
	"errors"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/tracker/digest"
)

// digester is the daily digest as the bot posts it: laid out by render,
// posted with the bot's Slack client.
type digester = digest.Digester[render.Message]

// newDigester makes the bot's digester, or nil when the bot has no digest
// channel, tracking or store.
func newDigester(cfg Config, b *Bot) *digester {
	if cfg.Tracker == nil || cfg.Store == nil || cfg.DigestChannel == "" {
		return nil
	}
	return &digester{
		Tracker: cfg.Tracker, Claims: cfg.Store, Layout: render.DigestPages,
		Poster:  slackclient.DigestPoster{Client: b.api},
		Channel: cfg.DigestChannel, Instance: cmp.Or(cfg.Instance, defaultInstance()), Location: b.afi.loc, Now: b.now, Log: b.log,
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
	if out.Result == digest.Posted {
		// Home tabs show the last digest.
		b.spawn("refresh home tabs", func(ctx context.Context) { b.refreshHomes(ctx, "", "") })
	}
	return out, err
}
