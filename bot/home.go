package bot

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/peelbot/peelbot/tracker"
)

// Home tab viewers are remembered so that their tabs can be brought up to
// date when an AFI changes; at most this many, for this long.
const (
	homeViewersMax = 200
	homeViewerTTL  = 24 * time.Hour
	// maxHomeBlocks is Slack's limit on blocks in a Home tab.
	maxHomeBlocks = 100
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
// each shows what the store holds now.
func (b *Bot) refreshHomes(ctx context.Context, banner, actor string, others ...string) {
	if b.afi.svc == nil {
		return
	}
	done := map[string]bool{"": true}
	if actor != "" {
		b.publishHomeFor(ctx, actor, banner)
		done[actor] = true
	}
	for _, u := range append(others, b.afi.homes.recent(b.now())...) {
		if !done[u] {
			done[u] = true
			b.publishHomeFor(ctx, u, "")
		}
	}
}

// publishHomeFor publishes user's Home tab, with banner (mrkdwn) on top
// when set.
func (b *Bot) publishHomeFor(ctx context.Context, user, banner string) {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: b.homeBlocks(ctx, user, banner)}}
	if err := b.api.publishHome(ctx, user, view); err != nil {
		b.log.Error("home tab failed", "user", user, "error", err.Error())
	}
}

// homeBlocks lays the Home tab out within Slack's 100 blocks: the AFIs
// take what the rest leaves, and say how many more `/peel afi` lists.
func (b *Bot) homeBlocks(ctx context.Context, user, banner string) []slack.Block {
	var head []slack.Block
	if banner != "" {
		head = append(head, section("home-banner", banner))
	}
	help := b.cmdHelp(ctx, command{})
	grades := b.cmdGrades(ctx, command{})
	tail := []slack.Block{slack.NewDividerBlock(), section("grades-title", "*Graded judgments*")}
	tail = append(tail, grades.Blocks...)
	tail = append(tail, slack.NewDividerBlock())
	tail = append(tail, help.Blocks...)
	if b.afi.svc == nil {
		return append(head, tail...)
	}
	afis := b.homeAFIs(ctx, user, maxHomeBlocks-len(head)-len(tail))
	return append(append(head, afis...), tail...)
}

// homeAFIs are the Home tab's AFI part, in at most room blocks: a
// summary, the open AFIs the user owns, the other open ones, and the last
// digest.
func (b *Bot) homeAFIs(ctx context.Context, user string, room int) []slack.Block {
	items, err := b.afi.svc.Entries(ctx)
	if err != nil {
		b.log.Error("home tab: list AFIs failed", "error", err.Error())
		return []slack.Block{section("home-afi-error", "The areas for improvement could not be read just now; open this tab again in a moment.")}
	}
	open := tracker.Outstanding(items)
	var mine, others []tracker.Entry
	for _, x := range open {
		if x.Item.Owner == user {
			mine = append(mine, x)
		} else {
			others = append(others, x)
		}
	}
	summary := fmt.Sprintf("*Areas for improvement:* %d of %d open%s. `/peel afi` lists them in any channel; `/peel afi help` shows how to change them.",
		len(open), len(items), statusBreakdown(open))
	out := []slack.Block{section("home-afi", summary)}
	digest := b.homeDigest(ctx)
	room -= len(out) + len(digest)

	r := b.render(viewHome, 0)
	part := func(prefix, title string, list []tracker.Entry) {
		if len(list) == 0 || room < 2+blocksPerItem {
			return
		}
		// A heading and the "…and N more" line take two blocks.
		page := r.afiPages(prefix, groupAFIs(list), room-2, room-2)[0]
		shown := 0
		for _, bl := range page {
			if _, ok := bl.(*slack.ActionBlock); ok {
				shown++
			}
		}
		out = append(out, section(prefix+"title", title))
		out = append(out, page...)
		if more := len(list) - shown; more > 0 {
			out = append(out, contextLine(prefix+"more", fmt.Sprintf("…and %d more: `/peel afi` lists them all.", more)))
		}
		room -= len(page) + 2
	}
	part("mine-", fmt.Sprintf("*Assigned to you* (%d)", len(mine)), mine)
	othersTitle := "*Open areas for improvement*"
	if len(mine) > 0 {
		othersTitle = fmt.Sprintf("*Other open areas for improvement* (%d)", len(others))
	}
	part("open-", othersTitle, others)
	return append(out, digest...)
}

// homeDigest says when and where the last digest was posted, with its
// counts.
func (b *Bot) homeDigest(ctx context.Context) []slack.Block {
	d := b.afi.digest
	if d == nil {
		return []slack.Block{contextLine("home-digest", "No daily digest is set up (PEEL_DIGEST_CHANNEL).")}
	}
	last, err := d.st.LastDigest(ctx, d.channel)
	switch {
	case err != nil:
		b.log.Error("home tab: last digest failed", "error", err.Error())
		return nil
	case last == nil || last.PostedAt == nil:
		return []slack.Block{section("home-digest", "*Daily digest:* none posted yet in "+channelText(d.channel)+".")}
	}
	r := b.render(viewHome, 0)
	return []slack.Block{section("home-digest", fmt.Sprintf("*Last digest:* %s in %s: %d open, %d addressed since the one before.",
		last.PostedAt.In(r.loc).Format("Monday 2 January 2006 at 15:04"), channelText(d.channel), last.Open, last.Addressed))}
}
