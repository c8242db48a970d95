package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/tracker/digest"
)

// serveAFIEnvHelp is the environment of serve's AFI tracking and digest.
const serveAFIEnvHelp = `Tracking (/peel afi, /peel export, /peel reports, App Home, direct messages
to owners and reviewers, the daily digest):
  PEEL_ADMINS            Slack member ids (U…, comma-separated) who may make
                         every change; anyone in the workspace when unset
  PEEL_REVIEWERS         Slack member ids who sign items off or send them
                         back; they are asked when closure is proposed
  PEEL_DIGEST_CHANNEL    post the daily digest to this channel (its id, C…;
                         invite peelbot to it); no digest when unset
  PEEL_DIGEST_AT         the digest's time of day, HH:MM (default ` + digest.DefaultAt + `)
  PEEL_DIGEST_TZ         the workspace's time zone (default ` + digest.DefaultTZ + `):
                         the digest's, and where overdue and due soon are counted
  PEEL_DIGEST_DAYS       the digest's days: Mon-Fri (default), Mon,Wed,Fri, daily…
  DATABASE_URL           a postgres:// URL: items, digests, notifications,
                         feedback and event dedupe shared by every instance
  PEEL_DB_PATH           the SQLite file used when DATABASE_URL is unset
                         (default ./peelbot.db)`

// startDigests runs the digest scheduler in the background when a digest
// channel is set. stop ends it and waits (within shutdownTotal) for a
// digest in flight to finish.
func startDigests(ctx context.Context, b *bot.Bot, cfg digestConfig, log *slog.Logger) (stop func()) {
	if cfg.channel == "" {
		log.Info("no daily digest: PEEL_DIGEST_CHANNEL is not set")
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &digest.Scheduler{Schedule: cfg.schedule, Digest: b.RunDigest, Logger: log}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Run(ctx); err != nil {
			log.Error("digest scheduler stopped", "error", err.Error())
		}
	}()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(shutdownTotal):
			log.Warn("a digest was still being posted at shutdown")
		}
	}
}
