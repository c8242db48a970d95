package render

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// Home is what a user's App Home tab shows.
type Home struct {
	// User is whose tab it is: their own items come first, then the
	// sign-offs waiting for them (a reviewer), then the most urgent.
	User string
	// Reviewer is true when the user signs off.
	Reviewer bool
	// Banner (mrkdwn) is shown on top when set: the change just made.
	Banner string
	// Help and Grades are /peel help's and /peel grades' answers, shown
	// under the items.
	Help, Grades Message
	// Tracking is false when tracking is off; then the tab shows help and
	// grades only.
	Tracking bool
	// Entries are every item of the library; EntriesFailed says they
	// could not be read.
	Entries       []tracker.Entry
	EntriesFailed bool
	// DigestChannel is where the daily digest goes, "" when there is none;
	// LastDigest is its latest record (nil before the first), and
	// DigestFailed says it could not be read.
	DigestChannel string
	LastDigest    *digest.Record
	DigestFailed  bool
}

// HomeBlocks lays the Home tab out within Slack's 100 blocks: the items
// take what the rest leaves, and say how many more `/peel afi` lists.
func HomeBlocks(r Items, h Home) []slack.Block {
	r = r.In(ViewHome, 0)
	var head []slack.Block
	if h.Banner != "" {
		head = append(head, Section("home-banner", h.Banner))
	}
	tail := []slack.Block{slack.NewDividerBlock(), Section("grades-title", "*Graded judgments*")}
	tail = append(tail, h.Grades.Blocks...)
	tail = append(tail, slack.NewDividerBlock())
	tail = append(tail, h.Help.Blocks...)
	if !h.Tracking {
		return Distinct(append(head, tail...))
	}
	items := homeItems(r, h, MaxHomeBlocks-len(head)-len(tail))
	return Distinct(append(append(head, items...), tail...))
}

// homeItems are the Home tab's items, in at most room blocks: a summary,
// the user's own outstanding items, the sign-offs waiting (for a
// reviewer), the most urgent of the rest, and the last digest.
func homeItems(r Items, h Home, room int) []slack.Block {
	if h.EntriesFailed {
		return []slack.Block{Section("home-items-error", "The items could not be read just now; open this tab again in a moment.")}
	}
	open := tracker.Outstanding(h.Entries)
	tracker.SortByUrgency(open, r.View)
	var mine, pending, others []tracker.Entry
	reds := 0
	for _, x := range open {
		if g, _ := r.ragOf(x.Item); g == tracker.Red {
			reds++
		}
		switch {
		case x.Item.Owner == h.User:
			mine = append(mine, x)
		case h.Reviewer && x.Item.Status == tracker.StatusPending && x.Item.ProposedBy != h.User:
			pending = append(pending, x)
		default:
			others = append(others, x)
		}
	}
	summary := fmt.Sprintf("*Inspection findings:* %d of %d outstanding%s, %d red. `/peel afi` lists them with filters in any channel; `/peel afi help` shows how to change them.",
		len(open), len(h.Entries), statusBreakdown(open), reds)
	out := []slack.Block{Section("home-items", summary)}
	last := homeDigest(r, h)
	room -= len(out) + len(last)
	part := func(prefix, title, filter string, list []tracker.Entry) {
		if len(list) == 0 || room < 3+blocksPerItem {
			return
		}
		page := r.layoutItems(prefix, list, room-2, room-2)[0]
		out = append(out, Section(prefix+"title", title))
		out = append(out, page.blocks...)
		if more := len(list) - len(page.ids); more > 0 {
			out = append(out, Context(prefix+"more", fmt.Sprintf("…and %d more: `/peel afi %s` lists them all.", more, filter)))
		}
		room -= len(page.blocks) + 2
	}
	part("mine-", fmt.Sprintf("*Yours* (%d)", len(mine)), "owner:me", mine)
	part("pending-", fmt.Sprintf("*Waiting for your sign-off* (%d)", len(pending)), `status:"pending sign-off"`, pending)
	part("open-", fmt.Sprintf("*Most urgent* (%d)", len(others)), "", others)
	return append(out, last...)
}

// homeDigest says when and where the last digest was posted, with its
// counts.
func homeDigest(r Items, h Home) []slack.Block {
	switch {
	case h.DigestChannel == "":
		return []slack.Block{Context("home-digest", "No daily digest is set up (PEEL_DIGEST_CHANNEL).")}
	case h.DigestFailed:
		return nil
	case h.LastDigest == nil || h.LastDigest.PostedAt == nil:
		return []slack.Block{Section("home-digest", "*Daily digest:* none posted yet in "+ChannelText(h.DigestChannel)+".")}
	}
	last := h.LastDigest
	return []slack.Block{Section("home-digest", fmt.Sprintf("*Last digest:* %s in %s: %d outstanding, %d closed since the one before.",
		last.PostedAt.In(r.loc()).Format("Monday 2 January 2006 at 15:04"), ChannelText(h.DigestChannel), last.Open, last.Closed))}
}
