package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/tracker/digest"
)

// serveAFIEnvHelp is the environment of serve's AFI tracking and digest.
var serveAFIEnvHelp = `Tracking (/peel afi, /peel export, /peel reports, App Home, direct messages
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
                         (default ./peelbot.db)
  PEEL_CLAIM_LEASE       ` + claimLeaseHelp("                         ")

// timers runs serve's own work, which no request starts: the digest's
// scheduler and the follow-ups (the digest's updates, the direct
// messages). Stopping begins when ctx ends (SIGTERM) or Stop is called:
// the work then starts nothing new and finishes the message in flight,
// recording or releasing its claim, and Stop waits for that until the
// shutdown grace period that began then is over.
type timers struct {
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger
	wg     sync.WaitGroup
	began  atomic.Int64 // when stopping began, in Unix nanoseconds
}

func newTimers(ctx context.Context, log *slog.Logger) *timers {
	t := &timers{log: log}
	t.ctx, t.cancel = context.WithCancel(ctx)
	context.AfterFunc(t.ctx, t.stopping)
	return t
}

// stopping notes when stopping began, the first time it is called.
func (t *timers) stopping() { t.began.CompareAndSwap(0, time.Now().UnixNano()) }

// run runs fn in the background until stopping begins.
func (t *timers) run(fn func(ctx context.Context)) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		fn(t.ctx)
	}()
}

// Stop begins stopping, if it has not begun, and waits for the work to
// finish until shutdownTotal after it began.
func (t *timers) Stop() {
	t.cancel()
	t.stopping()
	done := make(chan struct{})
	go func() { t.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Until(time.Unix(0, t.began.Load()).Add(shutdownTotal))):
		t.log.Warn("a digest or direct message was still being sent at the end of the shutdown grace period; its claim lapses after PEEL_CLAIM_LEASE")
	}
}

// startDigests runs the digest scheduler when a digest channel is set.
func startDigests(t *timers, b *bot.Bot, cfg digestConfig, log *slog.Logger) {
	if cfg.channel == "" {
		log.Info("no daily digest: PEEL_DIGEST_CHANNEL is not set")
		return
	}
	s := &digest.Scheduler{Schedule: cfg.schedule, Digest: b.RunDigest, Logger: log}
	t.run(func(ctx context.Context) {
		if err := s.Run(ctx); err != nil {
			log.Error("digest scheduler stopped", "error", err.Error())
		}
	})
}

// startFollowUps runs the follow-ups: a round every minute, and at once
// after a change or when a claim held elsewhere lapses.
func startFollowUps(t *timers, b *bot.Bot) {
	t.run(func(ctx context.Context) { b.RunFollowUps(ctx, time.Minute) })
}
