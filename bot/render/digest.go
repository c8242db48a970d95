package render

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// digestLines is how many items each part of the digest names; the rest
// are counted, with the filter that lists them all.
const digestLines = 12

// Digest lays a day's digest out as one Slack message (digest.Layout),
// under 50 blocks whatever the number of reports: the counts by status and
// RAG, what changed since the last digest, the overdue items and those due
// within 14 days with their owners, the sign-offs waiting, and the PCC
// responses due. It has no buttons: it is public, and the buttons people
// may use are on /peel afi and App Home.
func Digest(d *digest.Digest) Message {
	r := Items{View: d.View, Now: d.Now}
	title := fmt.Sprintf("*Inspection findings* — %s\n*%s*.", d.Date.Format("Monday 2 January 2006"), Escape(d.Summary()))
	blocks := []slack.Block{Section("digest-title", title)}
	var fields []*slack.TextBlockObject
	for _, s := range tracker.Statuses {
		if n := d.ByStatus[s]; n > 0 {
			fields = append(fields, Mrkdwn(fmt.Sprintf("*%s*\n%d", capitalize(s.Label()), n)))
		}
	}
	for _, g := range tracker.RAGs {
		fields = append(fields, Mrkdwn(fmt.Sprintf("*%s*\n%d", RAGText(g), d.ByRAG[g])))
	}
	if len(fields) > 10 {
		fields = fields[:10]
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil, slack.SectionBlockOptionBlockID("digest-counts")))

	part := func(id, heading, filter string, entries []tracker.Entry, line func(tracker.Entry) string) {
		if len(entries) == 0 {
			return
		}
		lines := []string{fmt.Sprintf("*%s* (%d)", heading, len(entries))}
		for i, e := range entries {
			if i == digestLines {
				lines = append(lines, fmt.Sprintf("…and %d more: `/peel afi %s`", len(entries)-i, filter))
				break
			}
			lines = append(lines, line(e))
		}
		blocks = append(blocks, PackSections(id, lines, 4)...)
	}
	who := func(e tracker.Entry) string {
		if e.Item.Owner == "" {
			return "*no owner*"
		}
		return ActorText(e.Item.Owner)
	}
	short := func(e tracker.Entry) string {
		return "`" + Escape(e.Item.ID) + "` " + Escape(Clip(e.Source.Text, 90))
	}
	part("digest-overdue", ":red_circle: Overdue", "overdue", d.Overdue, func(e tracker.Entry) string {
		return "• " + short(e) + " — " + who(e) + " · " + Escape(r.DueText(e))
	})
	part("digest-soon", fmt.Sprintf(":large_orange_circle: Due within %d days", digest.DueSoonDays), fmt.Sprintf("due:%dd", digest.DueSoonDays), d.DueSoon, func(e tracker.Entry) string {
		return "• " + short(e) + " — " + who(e) + " · " + Escape(r.DueText(e))
	})
	part("digest-pending", ":hourglass: Waiting for sign-off", `status:"pending sign-off"`, d.Pending, func(e tracker.Entry) string {
		return "• " + short(e) + " — proposed by " + ActorText(e.Item.ProposedBy) + " " + r.date(*e.Item.ProposedAt)
	})
	if len(d.Changes) > 0 {
		since := "since tracking began"
		if d.Since != nil {
			since = "since the last digest"
		}
		lines := []string{fmt.Sprintf("*Changed %s* (%d)", since, len(d.Changes))}
		for i, c := range d.Changes {
			if i == digestLines {
				lines = append(lines, fmt.Sprintf("…and %d more; `/peel afi &lt;id&gt;` shows an item's history.", len(d.Changes)-i))
				break
			}
			lines = append(lines, "• "+ActorText(c.Event.Actor)+" "+DescribeChange(c.Event, "`"+Escape(c.Entry.Item.ID)+"`"))
		}
		blocks = append(blocks, PackSections("digest-changes", lines, 4)...)
	}
	if len(d.Responses) > 0 {
		lines := []string{"*PCC responses (section 55)*"}
		for i, s := range d.Responses {
			if i == digestLines {
				lines = append(lines, fmt.Sprintf("…and %d more: `/peel reports`", len(d.Responses)-i))
				break
			}
			lines = append(lines, "• "+Link(s.Report.URL, reportName(s))+" — "+Escape(s.Text(d.View.Today)))
		}
		blocks = append(blocks, PackSections("digest-pcc", lines, 3)...)
	}
	if d.Links > 0 {
		blocks = append(blocks, Context("digest-links", fmt.Sprintf("%s of earlier reports may be carried forward to their force's later report: `/peel afi links`.",
			plural(d.Links, "outstanding item", "outstanding items"))))
	}
	blocks = append(blocks, Context("digest-how", "The full list, with the buttons you may use: `/peel afi` (filters: `owner:me`, `overdue`, `due:30d`…) or peelbot's App Home. This message keeps itself up to date."))
	return Message{Text: "Inspection findings: " + d.Summary(), Blocks: blocks, Metadata: DigestMetadata(d)}
}

func reportName(s tracker.ResponseState) string {
	return strings.TrimSpace(s.Report.Force + " " + s.Report.Round)
}

// DigestText is the digest as text, for a terminal (peelbot digest
// --dry-run).
func DigestText(d *digest.Digest) string {
	r := Items{View: d.View, Now: d.Now}
	var b strings.Builder
	fmt.Fprintf(&b, "Inspection findings — %s\n%s.\n", d.Date.Format("Monday 2 January 2006"), d.Summary())
	var counts []string
	for _, s := range tracker.Statuses {
		if n := d.ByStatus[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s.Label()))
		}
	}
	fmt.Fprintf(&b, "By status: %s\n", strings.Join(counts, ", "))
	if d.Outstanding == 0 {
		b.WriteString("\nNothing is outstanding, so nothing would be posted.\n")
		return b.String()
	}
	part := func(heading string, entries []tracker.Entry) {
		if len(entries) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", heading, len(entries))
		for _, e := range entries {
			owner := e.Item.Owner
			if owner == "" {
				owner = "no owner"
			}
			fmt.Fprintf(&b, "  %s — %s — %s\n    “%s”\n", e.Item.ID, owner, r.DueText(e), Clip(e.Source.Text, 200))
		}
	}
	part("Overdue", d.Overdue)
	part(fmt.Sprintf("Due within %d days", digest.DueSoonDays), d.DueSoon)
	part("Waiting for sign-off", d.Pending)
	if len(d.Changes) > 0 {
		fmt.Fprintf(&b, "\nChanged (%d)\n", len(d.Changes))
		for _, c := range d.Changes {
			fmt.Fprintf(&b, "  %s: %s %s\n", c.Entry.Item.ID, c.Event.Actor, c.Event.Action)
		}
	}
	for _, s := range d.Responses {
		fmt.Fprintf(&b, "\n%s: %s", s.Report.ID, s.Text(d.View.Today))
	}
	if d.Links > 0 {
		fmt.Fprintf(&b, "\n%s of earlier reports may be carried forward: peelbot afi links", plural(d.Links, "outstanding item", "outstanding items"))
	}
	if len(d.Responses) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// BlockKit is messages as Slack would receive them: a JSON array of
// {"text", "blocks", "metadata"}.
func BlockKit(messages ...Message) ([]byte, error) {
	type msg struct {
		Text     string               `json:"text"`
		Blocks   []slack.Block        `json:"blocks"`
		Metadata *slack.SlackMetadata `json:"metadata,omitempty"`
	}
	out := []msg{}
	for _, m := range messages {
		out = append(out, msg(m))
	}
	return json.MarshalIndent(out, "", "  ")
}
