package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/notify"
)

// Notification lays one person's notifications out as one direct message
// (notify.Layout): what happened or is due, each item quoted short with
// its citation, and what they can do about it.
func Notification(b notify.Batch) Message {
	var lines []string
	var summary []string
	for _, n := range b.Notifications {
		x := n.Entry
		id := "`" + Escape(x.Item.ID) + "`"
		var what, next string
		switch n.Kind {
		case notify.Assigned:
			what = ActorText(n.Event.Actor) + " made you the owner of " + id
			next = "Propose closure with evidence when it is done: `/peel afi propose " + Escape(x.Item.ID) + " …`"
		case notify.SignoffAsk:
			what = ActorText(n.Event.Actor) + " asks you to sign off " + id + ", with evidence: “" + Escape(Clip(n.Event.Note, 500)) + "”"
			next = "`/peel afi signoff " + Escape(x.Item.ID) + "` closes it; `/peel afi sendback " + Escape(x.Item.ID) + " &lt;reason&gt;` returns it."
		case notify.SentBack:
			what = ActorText(n.Event.Actor) + " sent " + id + " back to you: “" + Escape(Clip(n.Event.Note, 500)) + "”"
			next = "Propose closure again once that is done."
		case notify.DueSoon:
			what = id + " is due in " + plural(n.Days, "day", "days")
		case notify.DueToday:
			what = id + " is due today"
		case notify.Overdue:
			what = id + " is overdue by " + plural(n.Days, "day", "days")
			next = "Propose closure, or revise its date with the reason: `/peel afi due " + Escape(x.Item.ID) + " YYYY-MM-DD &lt;reason&gt;`"
		}
		summary = append(summary, string(n.Kind)+" "+x.Item.ID)
		line := "• " + what
		if d := dueBase(x); d != "" && n.Kind != notify.SignoffAsk {
			line += " (" + Escape(d) + ")"
		}
		line += "\n>" + Escape(Clip(x.Source.Text, 300)) + "\n" + Link(x.Cite.Link, x.Cite.String())
		if next != "" {
			line += "\n_" + next + "_"
		}
		lines = append(lines, line)
	}
	head := Section("notify-title", fmt.Sprintf("*Inspection findings: %s for you*", plural(len(b.Notifications), "update", "updates")))
	blocks := append([]slack.Block{head}, PackSections("notify", lines, MaxBlocks-2)...)
	blocks = append(blocks, Context("notify-how", "`/peel afi owner:me` lists your items with the buttons you may use."))
	return Message{Text: FallbackText("peelbot: " + strings.Join(summary, "; ")), Blocks: blocks, Metadata: NotificationMetadata(b)}
}

// Links is /peel afi links: each outstanding item of an earlier report
// whose force has a later report loaded, with its likely successor and,
// for someone who may supersede (may), buttons to carry it forward or mark
// it superseded by the later report, each confirmed before anything
// changes.
func Links(r Items, sugg []tracker.Suggestion, may bool, page int) Message {
	if len(sugg) == 0 {
		return Note("No outstanding item of an earlier report has a later report of the same force loaded, so there is nothing to link.")
	}
	head := []slack.Block{Section("links-title", fmt.Sprintf("*%s of earlier reports to link to the later report of their force.* Nothing changes until someone confirms.",
		plural(len(sugg), "outstanding item", "outstanding items")))}
	const per = 8 // 5 blocks each
	pages := (len(sugg) + per - 1) / per
	page = min(max(page, 1), pages)
	var blocks []slack.Block
	for i, s := range sugg[(page-1)*per : min(page*per, len(sugg))] {
		x := s.Earlier
		text, _ := QuoteWithin(x.Source.Text, 500)
		blocks = append(blocks, Section(fmt.Sprintf("link-%d", i), "`"+Escape(x.Item.ID)+"`\n"+text))
		later := "*" + Escape(strings.TrimSpace(s.Later.Force+" "+s.Later.Round)) + "*"
		if best := s.Best(); best != nil {
			bt, _ := QuoteWithin(best.Source.Text, 400)
			blocks = append(blocks, Section(fmt.Sprintf("link-best-%d", i), fmt.Sprintf("Likely successor in %s (%.0f%% alike): `%s`\n%s", later, 100*best.Similarity, Escape(best.Source.ID), bt)))
		} else {
			blocks = append(blocks, Section(fmt.Sprintf("link-best-%d", i), "Nothing in "+later+" reads like it: it may be superseded by the report as a whole."))
		}
		if may {
			var btns []slack.BlockElement
			if best := s.Best(); best != nil {
				b := Button(ActionItemCarry, "Carry forward to "+best.Source.ID, AFIRef{ID: x.Item.ID, By: best.Source.ID, View: ViewList}.Encode())
				b.Confirm = slack.NewConfirmationBlockObject(Plain("Carry forward?"),
					Mrkdwn(fmt.Sprintf("`%s` becomes superseded, carried forward to `%s`, which records where it came from.", Escape(x.Item.ID), Escape(best.Source.ID))),
					Plain("Carry forward"), Plain("Cancel"))
				btns = append(btns, b)
			}
			b := Button(ActionItemReplaced, "Superseded by "+s.Later.ID, AFIRef{ID: x.Item.ID, By: s.Later.ID, View: ViewList}.Encode())
			b.Confirm = slack.NewConfirmationBlockObject(Plain("Mark superseded?"),
				Mrkdwn(fmt.Sprintf("`%s` becomes superseded by the report %s.", Escape(x.Item.ID), Escape(s.Later.ID))), Plain("Supersede"), Plain("Cancel"))
			btns = append(btns, b, Button(ActionAFIShow, "Details", AFIRef{ID: x.Item.ID, View: ViewList}.Encode()))
			blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("link-act-%d", i), btns...))
		}
		blocks = append(blocks, slack.NewDividerBlock())
	}
	out := append(head, blocks...)
	if pages > 1 {
		out = append(out, Context("links-page", fmt.Sprintf("Page %d of %d: `/peel afi links %d` shows the next.", page, pages, min(page+1, pages))))
	}
	return Message{Text: plural(len(sugg), "item", "items") + " to link to later reports", Blocks: Distinct(out)}
}

// Reports is /peel reports: each loaded report with its section 55 state
// ("PCC response due 14 April 2024"), and how to record the response.
func Reports(states []tracker.ResponseState, r Items, mayRecord bool) Message {
	var lines []string
	for _, s := range states {
		name := Link(s.Report.URL, strings.TrimSpace(s.Report.Force+" "+s.Report.Round))
		state := Escape(s.Text(r.View.Today))
		if s.Response != nil {
			state = "PCC response published: " + Link(s.Response.URL, s.Response.URL) + " (recorded by " + ActorText(s.Response.By) + ", " + r.date(s.Response.At) + ")"
		}
		pub := ""
		if s.Report.Published != "" {
			pub = ", published " + Escape(s.Report.Published)
		}
		lines = append(lines, fmt.Sprintf("• `%s` %s%s — %s", Escape(s.Report.ID), name, pub, state))
	}
	if len(lines) == 0 {
		lines = []string{"No reports are loaded."}
	}
	blocks := []slack.Block{Section("reports-title", "*Loaded reports and their PCC responses* (due 56 days from publication, section 55 of the Police Act 1996)")}
	blocks = append(blocks, PackSections("reports", lines, MaxBlocks-2)...)
	if mayRecord {
		blocks = append(blocks, Context("reports-how", "`/peel reports respond &lt;report id&gt; &lt;link&gt;` records the PCC's published response."))
	}
	return Message{Text: plural(len(states), "report", "reports") + " loaded", Blocks: blocks}
}
