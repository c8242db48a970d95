package bot

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/peelbot/peelbot/bot/render"
)

// Home tab viewers are remembered so that their tabs can be brought up to
// date when an AFI changes; at most this many, for this long.
const (
	homeViewersMax = 200
	homeViewerTTL  = 24 * time.Hour
)

// homeViewers are the users who opened the Home tab recently: a bounded
// set, the least recent dropped first.
type homeViewers struct {
	mu   sync.Mutex
	seen map[string]time.Time
	max  int
	ttl  time.Duration
}

func newHomeViewers(max int, ttl time.Duration) *homeViewers {
	return &homeViewers{seen: map[string]time.Time{}, max: max, ttl: ttl}
}

// add remembers that user opened the Home tab at now.
func (h *homeViewers) add(user string, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen[user] = now
	for len(h.seen) > h.max {
		oldest, at := "", now
		for u, t := range h.seen {
			if t.Before(at) || oldest == "" {
				oldest, at = u, t
			}
		}
		delete(h.seen, oldest)
	}
}

// recent lists the users who opened the Home tab within the time to live,
// forgetting the others.
func (h *homeViewers) recent(now time.Time) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for u, t := range h.seen {
		if now.Sub(t) > h.ttl {
			delete(h.seen, u)
			continue
		}
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// onHomeOpened shows the App Home tab: the open AFIs (the user's own
// first), the last digest, the graded judgments and how to ask.
func (b *Bot) onHomeOpened(ctx context.Context, _ *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	e, ok := inner.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || e.Tab != "home" {
		return
	}
	b.afi.homes.add(e.User, b.now())
	b.publishHomeFor(ctx, e.User, "")
}

// refreshHomes publishes the Home tab again for actor (with banner on top),
// for the others named, and for everyone who opened it recently, so that
// each shows what the store holds now. The store is read once for all of
// them.
func (b *Bot) refreshHomes(ctx context.Context, banner, actor string, others ...string) {
	if b.afi.svc == nil {
		return
	}
	home := b.home(ctx)
	done := map[string]bool{"": true}
	if actor != "" {
		b.publishHome(ctx, home, actor, banner)
		done[actor] = true
	}
	for _, u := range append(others, b.afi.homes.recent(b.now())...) {
		if !done[u] {
			done[u] = true
			b.publishHome(ctx, home, u, "")
		}
	}
}

// publishHomeFor publishes user's Home tab, with banner (mrkdwn) on top
// when set.
func (b *Bot) publishHomeFor(ctx context.Context, user, banner string) {
	b.publishHome(ctx, b.home(ctx), user, banner)
}

// publishHome publishes home as user's Home tab, with banner on top.
func (b *Bot) publishHome(ctx context.Context, home render.Home, user, banner string) {
	home.User, home.Banner = user, banner
	var r render.Items
	if b.afi.svc != nil {
		home.Reviewer = b.afi.svc.Policy.IsReviewer(user) || b.afi.svc.Policy.IsAdmin(user)
		r = b.items(user, render.ViewHome, 0)
	}
	blocks := render.HomeBlocks(r, home)
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if err := b.api.PublishHome(ctx, user, view); err != nil {
		b.log.Error("home tab failed", "user", user, "error", err.Error())
	}
}

// home reads what every Home tab shows, for any user.
func (b *Bot) home(ctx context.Context) render.Home {
	h := render.Home{Help: b.cmdHelp(ctx, command{}), Grades: render.GradesList(b.lib.Reports), Tracking: b.afi.svc != nil}
	if !h.Tracking {
		return h
	}
	var err error
	if h.Entries, err = b.afi.svc.Entries(ctx); err != nil {
		b.log.Error("home tab: list AFIs failed", "error", err.Error())
		h.EntriesFailed = true
	}
	if d := b.afi.digest; d != nil {
		h.DigestChannel = d.Channel
		if h.LastDigest, err = d.Claims.LastDigest(ctx, d.Channel); err != nil {
			b.log.Error("home tab: last digest failed", "error", err.Error())
			h.DigestFailed = true
		}
	}
	return h
}
