package render

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// Home is what a user's App Home tab shows.
type Home struct {
	// User is whose tab it is: their own open AFIs come first.
	User string
	// Banner (mrkdwn) is shown on top when set: the change just made.
	Banner string
	// Help and Grades are /peel help's and /peel grades' answers, shown
	// under the AFIs.
	Help, Grades Message
	// Tracking is false when AFI tracking is off; then the tab shows help
	// and grades only.
	Tracking bool
	// Entries are every tracked item of the library; EntriesFailed says
	// they could not be read.
	Entries       []tracker.Entry
	EntriesFailed bool
	// DigestChannel is where the daily digest goes, "" when there is none;
	// LastDigest is its latest record (nil before the first), and
	// DigestFailed says it could not be read.
	DigestChannel string
	LastDigest    *digest.Record
	DigestFailed  bool
}

// HomeBlocks lays the Home tab out within Slack's 100 blocks: the AFIs
// take what the rest leaves, and say how many more `/peel afi` lists.
func HomeBlocks(r AFIs, h Home) []slack.Block {
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
	afis := homeAFIs(r, h, MaxHomeBlocks-len(head)-len(tail))
	return Distinct(append(append(head, afis...), tail...))
}

// homeAFIs are the Home tab's AFI part, in at most room blocks: a
// summary, the open AFIs the user owns, the other open ones, and the last
// digest.
func homeAFIs(r AFIs, h Home, room int) []slack.Block {
	if h.EntriesFailed {
		return []slack.Block{Section("home-afi-error", "The areas for improvement could not be read just now; open this tab again in a moment.")}
	}
	open := tracker.Outstanding(h.Entries)
	var mine, others []tracker.Entry
	for _, x := range open {
		if x.Item.Owner == h.User {
			mine = append(mine, x)
		} else {
			others = append(others, x)
		}
	}
	summary := fmt.Sprintf("*Areas for improvement:* %d of %d open%s. `/peel afi` lists them in any channel; `/peel afi help` shows how to change them.",
		len(open), len(h.Entries), statusBreakdown(open))
	out := []slack.Block{Section("home-afi", summary)}
	last := homeDigest(r, h)
	room -= len(out) + len(last)

	part := func(prefix, title string, list []tracker.Entry) {
		if len(list) == 0 || room < 2+blocksPerItem {
			return
		}
		// A heading and the "…and N more" line take two blocks.
		page := r.pages(prefix, groupAFIs(list), room-2, room-2)[0]
		shown := 0
		for _, bl := range page {
			if _, ok := bl.(*slack.ActionBlock); ok {
				shown++
			}
		}
		out = append(out, Section(prefix+"title", title))
		out = append(out, page...)
		if more := len(list) - shown; more > 0 {
			out = append(out, Context(prefix+"more", fmt.Sprintf("…and %d more: `/peel afi` lists them all.", more)))
		}
		room -= len(page) + 2
	}
	part("mine-", fmt.Sprintf("*Assigned to you* (%d)", len(mine)), mine)
	othersTitle := "*Open areas for improvement*"
	if len(mine) > 0 {
		othersTitle = fmt.Sprintf("*Other open areas for improvement* (%d)", len(others))
	}
	part("open-", othersTitle, others)
	return append(out, last...)
}

// homeDigest says when and where the last digest was posted, with its
// counts.
func homeDigest(r AFIs, h Home) []slack.Block {
	switch {
	case h.DigestChannel == "":
		return []slack.Block{Context("home-digest", "No daily digest is set up (PEEL_DIGEST_CHANNEL).")}
	case h.DigestFailed:
		return nil
	case h.LastDigest == nil || h.LastDigest.PostedAt == nil:
		return []slack.Block{Section("home-digest", "*Daily digest:* none posted yet in "+ChannelText(h.DigestChannel)+".")}
	}
	last := h.LastDigest
	return []slack.Block{Section("home-digest", fmt.Sprintf("*Last digest:* %s in %s: %d open, %d addressed since the one before.",
		last.PostedAt.In(r.Loc).Format("Monday 2 January 2006 at 15:04"), ChannelText(h.DigestChannel), last.Open, last.Addressed))}
}
