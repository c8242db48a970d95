package render

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/tracker"
)

// Items is how tracked items are drawn: for whom and on which day
// (tracker.View: the viewer, the workspace's day and zone, the RAG rules),
// where (Where), which decides how a click is answered, and which changes
// the viewer may make (May), which decides the buttons: nobody is shown a
// button they may not use.
type Items struct {
	View tracker.View
	// Now is the time, for "updated" dates and days open.
	Now time.Time
	// Where is the view: ViewList, ViewDetail, ViewDigest, ViewHome.
	Where string
	// Page and Filter are the list page shown (ViewList), which its
	// buttons carry.
	Page   int
	Filter string
	// May says whether the viewer may make a change of action to an item
	// as it stands; nil shows no change buttons (a public message).
	May func(tracker.Action, tracker.Item) bool
}

// In is r drawn in another view, on page.
func (r Items) In(where string, page int) Items {
	r.Where, r.Page = where, page
	return r
}

func (r Items) loc() *time.Location { return cmp.Or(r.View.Loc, time.UTC) }

func (r Items) date(t time.Time) string { return t.In(r.loc()).Format("2 Jan 2006") }

func (r Items) dateTime(t time.Time) string { return t.In(r.loc()).Format("2 Jan 2006 15:04") }

// ragOf is the item's rating on the view's day.
func (r Items) ragOf(it tracker.Item) (tracker.RAG, string) {
	rules := r.View.Rules
	if rules == (tracker.Rules{}) {
		rules = tracker.DefaultRules
	}
	return rules.Rate(it, r.View.Today, r.loc())
}

// RAGText is a rating as Slack shows it: a coloured circle and the word.
func RAGText(g tracker.RAG) string {
	switch g {
	case tracker.Red:
		return ":red_circle: red"
	case tracker.Amber:
		return ":large_orange_circle: amber"
	case tracker.Green:
		return ":large_green_circle: green"
	}
	return ""
}

// DueText says when an item is due, for people: "due 14 May 2024 (within
// three months of publication)", "overdue since 1 March 2025, 12 days",
// "due 30 June 2025, revised from 31 May (the audit moved)"; "" for no
// due date.
func (r Items) DueText(x tracker.Entry) string {
	s := dueBase(x)
	if due := x.Item.Due(); due != nil && tracker.Overdue(x.Item, r.View.Today) {
		days := int(r.View.Today.Sub(*due).Hours() / 24)
		s = fmt.Sprintf("overdue since %s (%s) — %s", due.Format("2 January 2006"), plural(days, "day", "days"), s)
	}
	return s
}

// dueBase says when an item is due, without whether it is overdue: "due
// 14 May 2024 (within three months of publication)".
func dueBase(x tracker.Entry) string {
	it := x.Item
	due := it.Due()
	if due == nil {
		return ""
	}
	var s string
	switch {
	case it.Revised == nil && x.Source != nil && !x.Source.Deadline.IsZero() && it.Target != nil:
		s = x.Source.Deadline.Describe(*it.Target)
	default:
		s = "due " + due.Format("2 January 2006")
	}
	if it.Revised != nil && it.Target != nil {
		s += fmt.Sprintf(", revised from %s (%s)", it.Target.Format("2 January 2006"), it.RevisedReason)
	}
	return s
}

// ActorText shows who made a change: a Slack user as a mention (Slack
// shows the name), the command line's "cli:alice" as "alice (command
// line)", anything else as text.
func ActorText(actor string) string {
	switch {
	case tracker.IsMemberID(actor):
		return "<@" + actor + ">"
	case actor == "cli":
		return "someone on the command line"
	case strings.HasPrefix(actor, "cli:"):
		return Escape(strings.TrimPrefix(actor, "cli:")) + " (command line)"
	}
	return Escape(actor)
}

// ChannelText shows a channel: a channel id as a link Slack names,
// anything else as text.
func ChannelText(ch string) string {
	if len(ch) > 1 && (ch[0] == 'C' || ch[0] == 'G') && strings.ToUpper(ch) == ch && !strings.ContainsAny(ch, " #") {
		return "<#" + ch + ">"
	}
	return Escape(ch)
}

// statusText is the status in bold: "*pending sign-off*".
func statusText(s tracker.Status) string { return "*" + cmp.Or(s.Label(), "untracked") + "*" }

// meta is the line under an item: id, status, RAG, owner, due date and
// last update.
func (r Items) meta(x tracker.Entry) string {
	s := x.Item
	parts := []string{"`" + Escape(s.ID) + "`", statusText(s.Status)}
	if g, why := r.ragOf(s); g != "" {
		parts = append(parts, RAGText(g)+" ("+Escape(why)+")")
	}
	switch {
	case s.Owner != "":
		parts = append(parts, "owner "+ActorText(s.Owner))
	case s.Status.Outstanding():
		parts = append(parts, "no owner")
	}
	if d := r.DueText(x); d != "" && s.Status.Outstanding() {
		parts = append(parts, Escape(d))
	}
	switch {
	case s.ClosedAt != nil:
		parts = append(parts, "signed off by "+ActorText(s.SignedOffBy)+" "+r.date(*s.ClosedAt))
	case s.SupersededAt != nil:
		parts = append(parts, "superseded by `"+Escape(s.SupersededBy)+"`")
	case !s.UpdatedAt.IsZero():
		parts = append(parts, "updated "+r.date(s.UpdatedAt)+" by "+ActorText(s.UpdatedBy))
	}
	return strings.Join(parts, " · ")
}

// buttonActions are the changes a button makes, in the order shown, with
// their labels.
var buttonActions = []struct {
	action   tracker.Action
	actionID string
	label    string
	primary  bool
}{
	{tracker.ActionSignoff, ActionItemSignoff, "Sign off…", true},
	{tracker.ActionSendback, ActionItemSendback, "Send back…", false},
	{tracker.ActionPropose, ActionItemPropose, "Propose closure…", true},
	{tracker.ActionAssign, ActionAFIAssign, "Assign…", false},
	{tracker.ActionDue, ActionItemDue, "Due date…", false},
	{tracker.ActionNote, ActionItemNote, "Note…", false},
	{tracker.ActionClose, ActionAFIClose, "Close…", false},
	{tracker.ActionSupersede, ActionItemSupersede, "Supersede…", false},
	{tracker.ActionReopen, ActionAFIReopen, "Reopen…", false},
}

// buttons are the changes the viewer may make to the item as it stands,
// and Details (outside the detail view).
func (r Items) buttons(x tracker.Entry) []slack.BlockElement {
	ref := AFIRef{ID: x.Item.ID, View: r.Where, Page: r.Page, Filter: r.Filter}.Encode()
	var out []slack.BlockElement
	if r.May != nil {
		for _, b := range buttonActions {
			if !r.May(b.action, x.Item) {
				continue
			}
			// A sign-off waiting is what a reviewer came for; closing at
			// once is for an item nobody proposed.
			if b.action == tracker.ActionClose && x.Item.Status == tracker.StatusPending {
				continue
			}
			btn := Button(b.actionID, b.label, ref)
			if b.primary {
				btn.Style = slack.StylePrimary
			}
			out = append(out, btn)
		}
	}
	if r.Where != ViewDetail {
		out = append(out, Button(ActionAFIShow, "Details", ref))
	}
	return out
}

// itemLimit is where an item's words are cut in a list.
const itemLimit = 700

// itemBlocks shows one item: its label and words quoted, its linked
// citation and state, and its buttons. prefix keeps block ids unique in a
// view that shows an item twice.
func (r Items) itemBlocks(prefix string, x tracker.Entry) []slack.Block {
	text, _ := QuoteWithin(x.Source.Text, itemLimit)
	id := prefix + x.Item.ID
	head := "*" + Escape(x.Source.Label) + "*\n" + text
	out := []slack.Block{
		Section("item-"+id, head),
		slack.NewContextBlock("item-meta-"+id, Mrkdwn(Link(x.Cite.Link, x.Cite.String())), Mrkdwn(r.meta(x))),
	}
	if btns := r.buttons(x); len(btns) > 0 {
		out = append(out, slack.NewActionBlock("item-act-"+id, btns...))
	}
	return out
}

// blocksPerItem is the most blocks itemBlocks makes.
const blocksPerItem = 3

// layoutItems lays entries out in pages of at most room blocks, in their
// order (most urgent first), with a heading where the urgency changes
// ("Overdue", "Due soon"). An item is never split from its buttons, and
// nothing is dropped: there are as many pages as it takes.
func (r Items) layoutItems(prefix string, entries []tracker.Entry, firstRoom, room int) []itemPage {
	var pages []itemPage
	var cur itemPage
	limit := firstRoom
	heading := tracker.Urgency(-1)
	for i, x := range entries {
		u := tracker.UrgencyOf(x.Item, r.View)
		need := blocksPerItem
		if u != heading || len(cur.blocks) == 0 {
			need++
		}
		if len(cur.blocks) > 0 && len(cur.blocks)+need > limit {
			pages = append(pages, cur)
			cur, limit = itemPage{}, room
		}
		if u != heading || len(cur.blocks) == 0 {
			title := "*" + u.Label() + "*"
			if u == heading {
				title += " (continued)"
			}
			cur.blocks = append(cur.blocks, Section(fmt.Sprintf("%sgroup-%d", prefix, i), title))
			heading = u
		}
		cur.blocks = append(cur.blocks, r.itemBlocks(prefix, x)...)
		cur.ids = append(cur.ids, x.Item.ID)
	}
	if len(cur.blocks) > 0 || len(pages) == 0 {
		pages = append(pages, cur)
	}
	return pages
}

// itemPage is one page of a list of items: its blocks and the ids shown.
type itemPage struct {
	blocks []slack.Block
	ids    []string
}

// statusBreakdown says how many items have each status, in brackets:
// " (7 awaiting allocation, 1 in progress)".
func statusBreakdown(items []tracker.Entry) string {
	n := map[tracker.Status]int{}
	for _, x := range items {
		n[x.Item.Status]++
	}
	var parts []string
	for _, s := range tracker.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s.Label()))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// plural is "1 item" or "3 items".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ItemList is /peel afi [filters]: the items the filter picks (selected,
// most urgent first), page by page, with banner (mrkdwn) on top when set.
// The page buttons carry the filter, each with its own action id.
func ItemList(r Items, selected []tracker.Entry, filter tracker.Filter, page int, banner string) Message {
	r.Filter = filter.Text
	var head []slack.Block
	if banner != "" {
		head = append(head, Section("banner", banner))
	}
	what := "outstanding items"
	if !filter.IsZero() {
		what = "items matching `" + Escape(filter.Text) + "`"
	}
	if len(selected) == 0 {
		text := "No " + what + "."
		if filter.IsZero() {
			text = "Nothing is outstanding: every item is closed or superseded. `/peel afi status:all` lists them."
		}
		return Message{Text: "No " + what + ".", Blocks: append(head, Section("items-summary", text))}
	}
	summary := fmt.Sprintf("*%s:* %d%s, most urgent first. `/peel afi &lt;id&gt;` shows one with its history; `/peel afi help` lists the filters and commands.",
		capitalize(what), len(selected), statusBreakdown(selected))
	head = append(head, Section("items-summary", summary))
	room := MaxBlocks - len(head) - 2 // the page line and its buttons
	pages := r.In(ViewList, 0).layoutItems("", selected, room, room)
	page = min(max(page, 1), len(pages))
	// The buttons carry the page they are on: lay that page out again
	// knowing it.
	pages = r.In(ViewList, page).layoutItems("", selected, room, room)
	blocks := append(head, pages[page-1].blocks...)
	if len(pages) > 1 {
		blocks = append(blocks, Context("items-page", fmt.Sprintf("Page %d of %d", page, len(pages))))
		var nav []slack.BlockElement
		if page > 1 {
			nav = append(nav, Button(ActionItemPrev, "Previous page", AFIRef{View: ViewList, Page: page - 1, Filter: filter.Text}.Encode()))
		}
		if page < len(pages) {
			nav = append(nav, Button(ActionItemNext, "Next page", AFIRef{View: ViewList, Page: page + 1, Filter: filter.Text}.Encode()))
		}
		blocks = append(blocks, slack.NewActionBlock("items-nav", nav...))
	}
	return Message{Text: fmt.Sprintf("%s: %d", capitalize(what), len(selected)), Blocks: Distinct(blocks)}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ItemDetail lays one item out in at most room blocks: its label and words
// quoted with its linked citation, its state (status, RAG, owner, dates,
// evidence, sign-off), its buttons (in ViewDetail), the passages that
// support it and its history. Passages that do not fit are named.
func ItemDetail(r Items, x tracker.Entry, history []tracker.Event, passages []answer.Passage, banner string, room int) Message {
	st := x.Item
	var blocks []slack.Block
	if banner != "" {
		blocks = append(blocks, Section("banner", banner))
	}
	text, _ := QuoteWithin(x.Source.Text, 1200)
	blocks = append(blocks,
		Section("item-title", fmt.Sprintf("*%s* `%s` · %s", Escape(x.Source.Label), Escape(st.ID), statusText(st.Status))),
		Section("item-text", text),
		Context("item-cite", Link(x.Cite.Link, x.Cite.String())),
		Section("item-state", r.stateLines(x)),
	)
	if r.Where == ViewDetail {
		if btns := r.buttons(x); len(btns) > 0 {
			blocks = append(blocks, slack.NewActionBlock("item-act", btns...))
		}
	}
	var lines []string
	for _, e := range history {
		line := fmt.Sprintf("• %s — %s %s", r.dateTime(e.At), ActorText(e.Actor), DescribeChange(e, "it"))
		if e.Channel != "" {
			line += " in " + ChannelText(e.Channel)
		}
		lines = append(lines, line)
	}
	historyBlocks := PackSections("item-history", lines, MaxBlocks)
	left := room - len(blocks) - len(historyBlocks) - 3
	shown := min(len(passages), max(left/2, 0))
	if len(x.Source.Passages) > 0 {
		blocks = append(blocks, Section("item-passages", "*Supporting passages*"))
	}
	for i, q := range passages[:shown] {
		qt, _ := QuoteWithin(q.Text, QuoteLimit)
		blocks = append(blocks, Section(fmt.Sprintf("item-p-%d", i), qt), Context(fmt.Sprintf("item-p-cite-%d", i), Link(q.Cite.Link, q.Cite.String())))
	}
	if shown < len(passages) {
		blocks = append(blocks, Context("item-p-more", fmt.Sprintf("…and %d more in the report, p. %d onwards (`peelbot afi show %s` prints them all).", len(passages)-shown, x.Source.Page, Escape(st.ID))))
	}
	blocks = append(blocks, Section("item-history-title", "*History*"))
	blocks = append(blocks, LatestHistory(lines, room-len(blocks), st.ID)...)
	return Message{Text: FallbackText(fmt.Sprintf("%s (%s): %s", st.ID, st.Status.Label(), x.Source.Text)), Blocks: Distinct(blocks)}
}

// LatestHistory packs history lines into at most room blocks. When they do
// not all fit, the latest are kept, as they matter most, and a line says
// where the rest are.
func LatestHistory(lines []string, room int, id string) []slack.Block {
	for first := 0; first < len(lines); first++ {
		var out []slack.Block
		if first > 0 {
			out = append(out, Context("item-history-earlier", fmt.Sprintf("%s not shown: `peelbot afi show %s` prints them all.",
				plural(first, "earlier change", "earlier changes"), Escape(id))))
		}
		packed := PackSections("item-history", lines[first:], MaxBlocks)
		if len(out)+len(packed) <= room {
			return append(out, packed...)
		}
	}
	return nil
}

// stateLines are an item's status, RAG, owner, dates, evidence and
// sign-off.
func (r Items) stateLines(x tracker.Entry) string {
	st := x.Item
	status := "*Status:* " + st.Status.Label() + " since " + r.date(st.StatusSince)
	lines := []string{status}
	if g, why := r.ragOf(st); g != "" {
		lines = append(lines, "*RAG:* "+RAGText(g)+" — "+Escape(why))
	}
	if st.Owner != "" {
		lines = append(lines, "*Owner:* "+ActorText(st.Owner))
	} else if st.Status.Outstanding() {
		lines = append(lines, "*Owner:* nobody yet")
	}
	if x.Source.Deadline.Written != "" {
		lines = append(lines, "*Deadline:* "+Escape(x.Source.Deadline.Written))
	}
	if d := r.DueText(x); d != "" {
		lines = append(lines, "*Due:* "+Escape(strings.TrimPrefix(d, "due ")))
	}
	if st.Evidence != "" {
		by := ""
		if st.ProposedBy != "" && st.ProposedAt != nil {
			by = " (" + ActorText(st.ProposedBy) + ", " + r.date(*st.ProposedAt) + ")"
		}
		lines = append(lines, "*Evidence:* "+Escape(Clip(st.Evidence, 1200))+by)
	}
	if st.ClosedAt != nil {
		lines = append(lines, "*Signed off:* "+ActorText(st.SignedOffBy)+", "+r.dateTime(*st.ClosedAt))
	}
	if st.SupersededAt != nil {
		lines = append(lines, "*Superseded by:* `"+Escape(st.SupersededBy)+"`, "+r.date(*st.SupersededAt))
	}
	if st.LastNote != "" && st.LastNote != st.Evidence {
		lines = append(lines, "*Last note:* "+Escape(Clip(st.LastNote, 600)))
	}
	return strings.Join(lines, "\n")
}

// DescribeChange says what an event did, after the actor, quoting the
// note given with it: "proposed `herts-2021-afi-3` for closure, with
// evidence: “…”". subject names the item.
func DescribeChange(e tracker.Event, subject string) string {
	q := func(label string) string {
		if e.Note == "" {
			return ""
		}
		return ", " + label + " “" + Escape(e.Note) + "”"
	}
	switch e.Action {
	case tracker.ActionOpen:
		return "began tracking " + subject + " (" + e.To.Label() + ")" + q("noting")
	case tracker.ActionStart:
		return "started work on " + subject + q("noting")
	case tracker.ActionAssign:
		if e.Owner == "" {
			return "removed the owner of " + subject
		}
		return "assigned " + subject + " to " + ActorText(e.Owner)
	case tracker.ActionPropose:
		return "proposed " + subject + " for closure, with evidence: “" + Escape(e.Note) + "”"
	case tracker.ActionSignoff:
		return "signed " + subject + " off (closed)" + q("commenting")
	case tracker.ActionSendback:
		return "sent " + subject + " back to its owner" + q("saying")
	case tracker.ActionClose:
		if e.From == tracker.LegacyOpen || e.From == tracker.LegacyReopened || e.To == tracker.LegacyAddressed {
			return "marked " + subject + " addressed, with evidence: “" + Escape(e.Note) + "”"
		}
		return "closed " + subject + " (proposed and signed off), with evidence: “" + Escape(e.Note) + "”"
	case tracker.ActionSupersede:
		return "marked " + subject + " superseded by `" + Escape(e.Detail) + "`" + q("noting")
	case tracker.ActionReopen:
		return "reopened " + subject + q("because")
	case tracker.ActionDue:
		switch {
		case e.Detail == "cleared" || e.Due == nil:
			return "cleared the due date of " + subject + q("because")
		case e.Detail == "revised":
			return "revised the due date of " + subject + " to " + e.Due.Format("2 Jan 2006") + q("because")
		}
		return "set the target date of " + subject + " to " + e.Due.Format("2 Jan 2006") + q("noting")
	case tracker.ActionNote:
		return "added a note to " + subject + ": “" + Escape(e.Note) + "”"
	case tracker.ActionLink:
		return "linked " + subject + ": carried forward from `" + Escape(e.Detail) + "`"
	case tracker.ActionMigrate:
		return "moved " + subject + " to sign-off statuses: " + Escape(e.Note)
	}
	return Escape(string(e.Action)) + " " + subject
}

// ItemHelp lists the /peel afi commands and filters of the slash command
// name, and who may do what.
func ItemHelp(name string, p tracker.Policy) Message {
	name = Escape(cmp.Or(name, "/peel"))
	lines := []string{
		"*Track the reports' areas for improvement, causes of concern and recommendations*",
		fmt.Sprintf("`%s afi [filters]` — the outstanding items, most urgent first (overdue, then due soon), with the buttons you may use", name),
		"Filters: `force:herts` `report:herts-2021` `type:afi|concern|recommendation` `status:\"in progress\"` (or `status:all`) `owner:me` (or `@someone`, `nobody`) `area:investigating` `rag:red` `overdue` `due:30d`",
		fmt.Sprintf("`%s afi &lt;id&gt;` — one item with its citation, passages and history; ids can be shortened to their end, `afi-7`", name),
		fmt.Sprintf("`%s afi assign &lt;id&gt; @someone` — make them its owner (`me`; `nobody` removes the owner)", name),
		fmt.Sprintf("`%s afi propose &lt;id&gt; &lt;evidence&gt;` — the owner asks for sign-off, with what was done and where it is recorded", name),
		fmt.Sprintf("`%s afi signoff &lt;id&gt; [comment]` · `%s afi sendback &lt;id&gt; &lt;reason&gt;` — a reviewer closes it, or returns it", name, name),
		fmt.Sprintf("`%s afi close &lt;id&gt; &lt;evidence&gt;` — propose and sign off at once, for a reviewer", name),
		fmt.Sprintf("`%s afi due &lt;id&gt; YYYY-MM-DD [reason]` — the target date, then revised dates (a reason is required)", name),
		fmt.Sprintf("`%s afi note &lt;id&gt; &lt;text&gt;` · `%s afi reopen &lt;id&gt; &lt;reason&gt;` · `%s afi supersede &lt;id&gt; &lt;later item or report&gt;`", name, name, name),
		fmt.Sprintf("`%s afi links` — items of earlier reports to carry forward to a force's later report · `%s reports` — each report's PCC response · `%s export [filters]` — the board pack", name, name, name),
		"RAG: red when overdue or without an owner for 14 days; amber when due within 30 days or waiting for sign-off for more than 14 days; green otherwise.",
	}
	switch {
	case p.Open():
		lines = append(lines, "Anyone may change items (no admins are set).")
	default:
		lines = append(lines, "Admins ("+mentions(p.Admins())+") may do anything. Reviewers ("+cmp.Or(mentions(p.Reviewers()), "none")+") sign off or send back. An item's owner updates it and proposes closure. Everyone else reads.")
	}
	return Message{Text: "How to track items", Blocks: PackSections("item-help", lines, MaxBlocks)}
}

func mentions(members []string) string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = ActorText(m)
	}
	return strings.Join(names, ", ")
}

// ChangeForm is what a modal asks for a change: which inputs, with what
// labels, and what is filled in to begin with.
type ChangeForm struct {
	Action tracker.Action
	// Suggest fills the "by" input (Supersede) or the note.
	Suggest string
}

// ChangeModal asks for what a change of x needs (evidence, a reason, a
// date, an owner, what supersedes it); metadata says where the click came
// from and which change, for the submission.
func ChangeModal(x tracker.Entry, f ChangeForm, metadata string) slack.ModalViewRequest {
	note := func(label, hint string, required bool) *slack.InputBlock {
		in := slack.NewPlainTextInputBlockElement(Plain(hint), InputEvidence)
		in.Multiline, in.MaxLength = true, 2900
		if f.Suggest != "" && f.Action != tracker.ActionSupersede {
			in.InitialValue = f.Suggest
		}
		b := slack.NewInputBlock(BlockEvidence, Plain(label), Plain("It goes into the item's history with your name."), in)
		b.Optional = !required
		return b
	}
	var inputs []slack.Block
	title, submit, callback := "Change item", "Save", CallbackItem
	switch f.Action {
	case tracker.ActionPropose:
		title, submit = "Propose closure", "Ask for sign-off"
		inputs = append(inputs, note("Evidence", "What was done, and where it is recorded (policy, minutes, audit…)", true))
	case tracker.ActionClose:
		title, submit = "Close", "Close"
		inputs = append(inputs, note("Evidence", "What was done, and where it is recorded (policy, minutes, audit…)", true))
	case tracker.ActionSignoff:
		title, submit = "Sign off", "Sign off"
		inputs = append(inputs, note("Comment", "Optional: what you checked", false))
	case tracker.ActionSendback:
		title, submit = "Send back", "Send back"
		inputs = append(inputs, note("Reason", "What is missing, so the owner knows", true))
	case tracker.ActionReopen:
		title, submit = "Reopen", "Reopen"
		inputs = append(inputs, note("Reason", "Why it needs more work", true))
	case tracker.ActionNote:
		title, submit = "Add a note", "Add note"
		inputs = append(inputs, note("Note", "What should be recorded", true))
	case tracker.ActionDue:
		title, submit = "Due date", "Set date"
		pick := slack.NewDatePickerBlockElement(InputDue)
		if d := x.Item.Due(); d != nil {
			pick.InitialDate = d.Format(time.DateOnly)
		}
		inputs = append(inputs, slack.NewInputBlock(BlockDue, Plain("Due by"), Plain("Today or later."), pick))
		inputs = append(inputs, note("Reason", "Why it moved (required once it has a target date)", x.Item.Target != nil))
	case tracker.ActionSupersede:
		title, submit = "Supersede", "Supersede"
		by := slack.NewPlainTextInputBlockElement(Plain("A later item's id (carried forward to it), or a later report's id"), InputBy)
		by.InitialValue, by.MaxLength = f.Suggest, 200
		inputs = append(inputs, slack.NewInputBlock(BlockBy, Plain("Superseded by"), nil, by))
		inputs = append(inputs, note("Note", "Optional: why", false))
	case tracker.ActionAssign:
		title, submit, callback = "Assign", "Assign", CallbackAFIAssign
		pick := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, Plain("Choose someone"), InputOwner)
		if x.Item.Owner != "" {
			pick.InitialUser = x.Item.Owner
		}
		inputs = append(inputs, slack.NewInputBlock(BlockOwner, Plain("Owner"), Plain("The lead officer who sees it through; they are told."), pick))
	}
	text, _ := QuoteWithin(x.Source.Text, 1200)
	blocks := []slack.Block{
		Section("item-text", text),
		Context("item-cite", "`"+Escape(x.Item.ID)+"` · "+Link(x.Cite.Link, x.Cite.String())),
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callback, Title: Plain(title), Submit: Plain(submit), Close: Plain("Cancel"),
		PrivateMetadata: metadata, Blocks: slack.Blocks{BlockSet: append(blocks, inputs...)},
	}
}

// DetailModal shows m (an ItemDetail) in a modal, read only.
func DetailModal(m Message) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: Plain("Item"), Close: Plain("Close"),
		Blocks: slack.Blocks{BlockSet: m.Blocks}}
}
