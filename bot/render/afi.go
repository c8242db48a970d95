package render

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
)

// afiGroup is the AFIs of one area of one report, in the report's order.
type afiGroup struct {
	reportID string
	report   string // the report's name
	url      string
	area     string
	items    []tracker.Entry
}

// groupAFIs groups items by report and area, keeping their order: the
// first time a report or area appears decides where its group goes.
func groupAFIs(items []tracker.Entry) []afiGroup {
	var groups []afiGroup
	index := map[string]int{}
	for _, x := range items {
		key := x.AFI.ReportID + "\x00" + x.AFI.Area
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, afiGroup{reportID: x.AFI.ReportID, report: x.Cite.Report, url: x.Cite.Link, area: x.AFI.Area})
		}
		groups[i].items = append(groups[i].items, x)
	}
	// Keep each report's areas together even when a report's AFIs are not
	// listed area by area.
	var out []afiGroup
	done := make([]bool, len(groups))
	for i := range groups {
		if done[i] {
			continue
		}
		for j := i; j < len(groups); j++ {
			if !done[j] && groups[j].report == groups[i].report {
				done[j] = true
				out = append(out, groups[j])
			}
		}
	}
	return out
}

// AFIs is how tracked items are drawn: at what time, in which zone, and
// where (View), which decides their buttons.
type AFIs struct {
	Now  time.Time
	Loc  *time.Location
	View string
	// Page is the page of /peel afi shown (ViewList), which its buttons
	// carry.
	Page int
}

// In is r drawn in another view, on page.
func (r AFIs) In(view string, page int) AFIs {
	r.View, r.Page = view, page
	return r
}

// longOpen is how many days open an AFI is counted in days; past it, the
// month it opened is said instead.
const longOpen = 90

// DaysOpen says how long an outstanding AFI has been open, in calendar
// days of the zone: "opened today", "1 day open", "12 days open"; past
// longOpen days, since when: "open since Feb 2023". An AFI is open from
// its report's publication, known only to the month, so a count of days
// would be precise only in appearance, and a month reads at a glance.
func (r AFIs) DaysOpen(since time.Time) string {
	n := calendarDays(since.In(r.Loc), r.Now.In(r.Loc))
	switch {
	case n <= 0:
		return "opened today"
	case n == 1:
		return "1 day open"
	case n > longOpen:
		return "open since " + since.In(r.Loc).Format("Jan 2006")
	}
	return fmt.Sprintf("%d days open", n)
}

// calendarDays counts the midnights from a to b.
func calendarDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours()/24 + 0.5)
}

// statusText is the status in bold: "*in progress*".
func statusText(s tracker.Status) string {
	if s == "" {
		return "*untracked*"
	}
	return "*" + s.Label() + "*"
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

func (r AFIs) date(t time.Time) string { return t.In(r.Loc).Format("2 Jan 2006") }

func (r AFIs) dateTime(t time.Time) string { return t.In(r.Loc).Format("2 Jan 2006 15:04") }

// meta is the line under an AFI, in mrkdwn: id, status, days open, owner,
// due date and last update.
func (r AFIs) meta(x tracker.Entry) string { return strings.Join(r.metaParts(x, false), " · ") }

// metaPlain is meta as plain text.
func (r AFIs) metaPlain(x tracker.Entry) string {
	return strings.Join(r.metaParts(x, true), " · ")
}

func (r AFIs) metaParts(x tracker.Entry, asText bool) []string {
	s := x.Item
	who := ActorText
	bold := func(t string) string { return "*" + t + "*" }
	id := "`" + Escape(x.AFI.ID) + "`"
	if asText {
		who = func(a string) string { return a }
		bold = func(t string) string { return t }
		id = x.AFI.ID
	}
	parts := []string{id, bold(cmp.Or(s.Status.Label(), "untracked"))}
	if s.Status.Outstanding() && !s.OpenedAt.IsZero() {
		parts = append(parts, r.DaysOpen(s.OpenedAt))
	}
	if s.AddressedAt != nil {
		parts = append(parts, "addressed "+r.date(*s.AddressedAt))
	}
	if s.Owner != "" {
		parts = append(parts, "owner "+who(s.Owner))
	} else {
		parts = append(parts, "no owner")
	}
	if s.Due != nil {
		due := "due " + s.Due.Format("2 Jan 2006")
		if s.Status.Outstanding() && s.Due.Format(time.DateOnly) < r.Now.In(r.Loc).Format(time.DateOnly) {
			due = bold("overdue") + " (" + due + ")"
		}
		parts = append(parts, due)
	}
	if !s.UpdatedAt.IsZero() {
		parts = append(parts, "updated "+r.date(s.UpdatedAt)+" by "+who(s.UpdatedBy))
	}
	return parts
}

// afiButtons are the buttons that fit an AFI's status: the changes the
// tracker's rules allow from it, and Details.
func (r AFIs) afiButtons(x tracker.Entry) []slack.BlockElement {
	ref := AFIRef{ID: x.AFI.ID, View: r.View, Page: r.Page}.Encode()
	var out []slack.BlockElement
	st := x.Item.Status
	if st.CanReopen() {
		out = append(out, Button(ActionAFIReopen, "Reopen", ref))
	}
	if st.CanAddress() {
		closeBtn := Button(ActionAFIClose, "Mark addressed", ref)
		closeBtn.Style = slack.StylePrimary
		out = append(out, closeBtn)
	}
	if st.CanStart() {
		out = append(out, Button(ActionAFIStart, "Start", ref))
	}
	if st.Outstanding() {
		out = append(out, Button(ActionAFIAssign, "Assign…", ref))
	}
	if r.View != ViewDetail {
		out = append(out, Button(ActionAFIShow, "Details", ref))
	}
	return out
}

// afiLimit is where an AFI's words are cut in a list; AFIs are one
// sentence, so this only guards against a freak one.
const afiLimit = 1200

// itemBlocks shows one AFI: its words quoted, its linked citation and
// state, and its buttons. prefix keeps block ids unique in a view that
// shows an AFI twice.
func (r AFIs) itemBlocks(prefix string, x tracker.Entry) []slack.Block {
	text, _ := QuoteWithin(x.AFI.Text, afiLimit)
	id := prefix + x.AFI.ID
	return []slack.Block{
		Section("afi-"+id, text),
		slack.NewContextBlock("afi-meta-"+id, Mrkdwn(Link(x.Cite.Link, x.Cite.String())), Mrkdwn(r.meta(x))),
		slack.NewActionBlock("afi-act-"+id, r.afiButtons(x)...),
	}
}

// blocksPerItem is how many blocks itemBlocks makes.
const blocksPerItem = 3

// pages lays groups out in pages: the first of at most firstRoom
// blocks, the others of at most room. An AFI is never split from its
// buttons, and a page that continues a report or area repeats its heading.
// Nothing is dropped: there are as many pages as it takes.
func (r AFIs) pages(prefix string, groups []afiGroup, firstRoom, room int) [][]slack.Block {
	var out [][]slack.Block
	for _, p := range r.layoutAFIs(prefix, groups, firstRoom, room, nil) {
		out = append(out, p.blocks)
	}
	return out
}

// afiPage is one page of a list of AFIs: its blocks, and the ids of the
// AFIs it shows.
type afiPage struct {
	blocks []slack.Block
	ids    []string
}

// areaKey names an area of a report.
func areaKey(reportID, area string) string { return reportID + "\x00" + area }

// layoutAFIs is afiPages, saying which AFIs each page shows. shown are the
// AFIs earlier pages, laid out before, showed: the headings of the reports
// and areas they began say "(continued)".
func (r AFIs) layoutAFIs(prefix string, groups []afiGroup, firstRoom, room int, shown []*corpus.AFI) []afiPage {
	var pages []afiPage
	var cur afiPage
	limit := firstRoom
	lastReport := "" // the report whose heading the current page shows last
	reportBegun := map[string]bool{}
	areaBegun := map[string]bool{}
	for _, a := range shown {
		reportBegun[a.ReportID], areaBegun[areaKey(a.ReportID, a.Area)] = true, true
	}
	continued := func(begun bool) string {
		if begun {
			return " (continued)"
		}
		return ""
	}
	for gi, g := range groups {
		areaHere := false
		area := areaKey(g.reportID, g.area)
		for _, x := range g.items {
			need := blocksPerItem
			if lastReport != g.reportID {
				need++
			}
			if !areaHere {
				need++
			}
			if len(cur.blocks) > 0 && len(cur.blocks)+need > limit {
				pages = append(pages, cur)
				cur, limit, lastReport, areaHere = afiPage{}, room, "", false
			}
			if lastReport != g.reportID {
				cur.blocks = append(cur.blocks, Section(fmt.Sprintf("%srep-%d", prefix, gi), "*"+Link(g.url, g.report)+"*"+continued(reportBegun[g.reportID])))
				reportBegun[g.reportID], lastReport = true, g.reportID
			}
			if !areaHere {
				cur.blocks = append(cur.blocks, Section(fmt.Sprintf("%sarea-%d", prefix, gi), "_"+Escape(cmp.Or(strings.TrimSpace(g.area), "Other"))+"_"+continued(areaBegun[area])))
				areaBegun[area], areaHere = true, true
			}
			cur.blocks = append(cur.blocks, r.itemBlocks(prefix, x)...)
			cur.ids = append(cur.ids, x.AFI.ID)
		}
	}
	if len(cur.blocks) > 0 || len(pages) == 0 {
		pages = append(pages, cur)
	}
	return pages
}

// statusBreakdown says how many items have each status, in brackets,
// when they are not all open: " (7 open, 1 in progress)".
func statusBreakdown(items []tracker.Entry) string {
	n := map[tracker.Status]int{}
	for _, x := range items {
		n[x.Item.Status]++
	}
	if n[tracker.StatusOpen] == len(items) {
		return ""
	}
	var parts []string
	for _, s := range tracker.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s.Label()))
		}
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// plural is "1 AFI" or "3 AFIs".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// AFIList is /peel afi: the open AFIs by report and area, page by page,
// with banner (mrkdwn) on top when set. entries are every tracked item of
// the library, in order.
func AFIList(r AFIs, entries []tracker.Entry, page int, banner string) Message {
	open := tracker.Outstanding(entries)
	var head []slack.Block
	if banner != "" {
		head = append(head, Section("banner", banner))
	}
	if len(open) == 0 {
		text := "No area for improvement is open."
		if len(entries) > 0 {
			text = fmt.Sprintf("No area for improvement is open: all %s are addressed. `/peel afi &lt;id&gt;` shows any of them with its history.", plural(len(entries), "AFI", "AFIs"))
		}
		return Message{Text: "No area for improvement is open.", Blocks: append(head, Section("afi-summary", text))}
	}
	summary := fmt.Sprintf("*Open areas for improvement:* %d%s. `/peel afi &lt;id&gt;` shows one with its history; `/peel afi help` lists the commands.",
		len(open), statusBreakdown(open))
	head = append(head, Section("afi-summary", summary))
	room := MaxBlocks - len(head) - 2 // the page line and its buttons
	pages := r.In(ViewList, 0).pages("", groupAFIs(open), room, room)
	page = min(max(page, 1), len(pages))
	// The buttons must carry the page they are on, so render that page
	// again knowing it.
	pages = r.In(ViewList, page).pages("", groupAFIs(open), room, room)
	blocks := append(head, pages[page-1]...)
	if len(pages) > 1 {
		blocks = append(blocks, Context("afi-page", fmt.Sprintf("Page %d of %d", page, len(pages))))
		var nav []slack.BlockElement
		if page > 1 {
			nav = append(nav, Button(ActionAFIPage, "Previous page", AFIRef{View: ViewList, Page: page - 1}.Encode()))
		}
		if page < len(pages) {
			nav = append(nav, Button(ActionAFIPage, "Next page", AFIRef{View: ViewList, Page: page + 1}.Encode()))
		}
		blocks = append(blocks, slack.NewActionBlock("afi-nav", nav...))
	}
	return Message{Text: fmt.Sprintf("%s open", plural(len(open), "area for improvement", "areas for improvement")), Blocks: Distinct(blocks)}
}

// AFIDetail lays one AFI out in at most room blocks: its words quoted with
// its linked citation, its status, owner and due date, its buttons (in
// ViewDetail; none in a read-only view, ""), the passages that support it
// and its history. Passages that do not fit are named.
func AFIDetail(r AFIs, item tracker.Entry, history []tracker.Event, passages []answer.Passage, banner string, room int) Message {
	st := item.Item
	var blocks []slack.Block
	if banner != "" {
		blocks = append(blocks, Section("banner", banner))
	}
	text, _ := QuoteWithin(item.AFI.Text, afiLimit)
	blocks = append(blocks,
		Section("afi-title", fmt.Sprintf("*Area for improvement* `%s` · %s", Escape(item.AFI.ID), statusText(st.Status))),
		Section("afi-text", text),
		Context("afi-cite", Link(item.Cite.Link, item.Cite.String())),
		Section("afi-state", r.stateLines(st)),
	)
	if r.View == ViewDetail {
		blocks = append(blocks, slack.NewActionBlock("afi-act", r.afiButtons(item)...))
	}

	var lines []string
	for _, e := range history {
		line := fmt.Sprintf("• %s — %s %s", r.dateTime(e.At), ActorText(e.Actor), DescribeChange(e, "it"))
		if e.Channel != "" {
			line += " in " + ChannelText(e.Channel)
		}
		lines = append(lines, line)
	}
	historyBlocks := PackSections("afi-history", lines, MaxBlocks)
	// Passages get what is left after the history and two headings.
	left := room - len(blocks) - len(historyBlocks) - 3
	shown := min(len(passages), max(left/2, 0))
	if len(item.AFI.Passages) > 0 {
		blocks = append(blocks, Section("afi-passages", "*Supporting passages*"))
	}
	for i, q := range passages[:shown] {
		qt, _ := QuoteWithin(q.Text, QuoteLimit)
		blocks = append(blocks, Section(fmt.Sprintf("afi-p-%d", i), qt), Context(fmt.Sprintf("afi-p-cite-%d", i), Link(q.Cite.Link, q.Cite.String())))
	}
	if shown < len(passages) {
		blocks = append(blocks, Context("afi-p-more", fmt.Sprintf("…and %d more in the report, p. %d onwards (`peelbot afi show %s` prints them all).", len(passages)-shown, item.AFI.Page, Escape(item.AFI.ID))))
	}
	blocks = append(blocks, Section("afi-history-title", "*History*"))
	blocks = append(blocks, LatestHistory(lines, room-len(blocks), item.AFI.ID)...)
	return Message{Text: FallbackText(fmt.Sprintf("%s (%s): %s", item.AFI.ID, st.Status.Label(), item.AFI.Text)), Blocks: Distinct(blocks)}
}

// LatestHistory packs history lines into at most room blocks. When they do
// not all fit, the latest are kept, as they matter most, and a line says
// where the rest are.
func LatestHistory(lines []string, room int, id string) []slack.Block {
	for first := 0; first < len(lines); first++ {
		var out []slack.Block
		if first > 0 {
			out = append(out, Context("afi-history-earlier", fmt.Sprintf("%s not shown: `peelbot afi show %s` prints them all.",
				plural(first, "earlier change", "earlier changes"), Escape(id))))
		}
		packed := PackSections("afi-history", lines[first:], MaxBlocks)
		if len(out)+len(packed) <= room {
			return append(out, packed...)
		}
	}
	return nil
}

// stateLines are an AFI's status, owner, due date and last note.
func (r AFIs) stateLines(st tracker.Item) string {
	status := "*Status:* " + st.Status.Label()
	switch {
	case st.AddressedAt != nil:
		status += " since " + r.dateTime(*st.AddressedAt)
	case !st.OpenedAt.IsZero():
		status += " · " + r.DaysOpen(st.OpenedAt)
	}
	lines := []string{status}
	if st.Owner != "" {
		lines = append(lines, "*Owner:* "+ActorText(st.Owner))
	} else {
		lines = append(lines, "*Owner:* nobody yet")
	}
	if st.Due != nil {
		lines = append(lines, "*Due:* "+st.Due.Format("2 January 2006"))
	}
	if st.LastNote != "" {
		label := "*Last note:* "
		if st.Status == tracker.StatusAddressed {
			label = "*Evidence:* "
		}
		lines = append(lines, label+Escape(Clip(st.LastNote, 1200)))
	}
	return strings.Join(lines, "\n")
}

// ChannelText shows a channel: a channel id as a link Slack names,
// anything else as text.
func ChannelText(ch string) string {
	if len(ch) > 1 && (ch[0] == 'C' || ch[0] == 'G') && strings.ToUpper(ch) == ch && !strings.ContainsAny(ch, " #") {
		return "<#" + ch + ">"
	}
	return Escape(ch)
}

// DescribeChange says what an event did, after the actor: "marked
// `herts-2021-afi-3` addressed, with evidence: “…”". subject names the AFI.
func DescribeChange(e tracker.Event, subject string) string {
	switch e.Action {
	case tracker.ActionOpen:
		return "began tracking " + subject + " (open)"
	case tracker.ActionStart:
		return "started work on " + subject + " (in progress)" + withNote(e.Note)
	case tracker.ActionClose:
		return "marked " + subject + " addressed, with evidence: “" + Escape(e.Note) + "”"
	case tracker.ActionReopen:
		return "reopened " + subject + withNote(e.Note)
	case tracker.ActionAssign:
		if e.Owner == "" {
			return "removed the owner of " + subject
		}
		return "assigned " + subject + " to " + ActorText(e.Owner)
	case tracker.ActionDue:
		if e.Due == nil {
			return "cleared the due date of " + subject
		}
		return "set " + subject + " due by " + e.Due.Format("2 Jan 2006")
	case tracker.ActionNote:
		return "added a note to " + subject + ": “" + Escape(e.Note) + "”"
	}
	return string(e.Action) + " " + subject
}

func withNote(n string) string {
	if n == "" {
		return ""
	}
	return ", noting “" + Escape(n) + "”"
}

// AFIHelp lists the /peel afi commands of the slash command name, and who
// may change AFIs when only admins may.
func AFIHelp(name string, admins []string) Message {
	name = Escape(cmp.Or(name, "/peel"))
	lines := []string{
		"*Track the reports' areas for improvement (AFIs)*",
		fmt.Sprintf("`%s afi` — the open AFIs by report and area, with buttons to act on each", name),
		fmt.Sprintf("`%s afi &lt;id&gt;` — one AFI quoted with its citation, its supporting passages and its history", name),
		fmt.Sprintf("`%s afi close &lt;id&gt; &lt;evidence&gt;` — mark it addressed; the evidence (what was done, where it is recorded) is required", name),
		fmt.Sprintf("`%s afi reopen &lt;id&gt; [why]` — put an addressed AFI back to work", name),
		fmt.Sprintf("`%s afi start &lt;id&gt; [note]` — record that work on it has begun", name),
		fmt.Sprintf("`%s afi assign &lt;id&gt; @someone` — make someone responsible (`me`; `nobody` removes the owner)", name),
		fmt.Sprintf("`%s afi due &lt;id&gt; &lt;YYYY-MM-DD|none&gt;` — the day it should be addressed by", name),
		fmt.Sprintf("`%s afi note &lt;id&gt; &lt;text&gt;` — add a note to its history", name),
		"Every change is recorded with who made it, when, and in which channel.",
	}
	if len(admins) > 0 {
		lines = append(lines, "Only these people may change them: "+mentions(admins)+".")
	}
	return Message{Text: "How to track areas for improvement", Blocks: []slack.Block{Section("afi-help", strings.Join(lines, "\n"))}}
}

// Refusal tells someone who may not change AFIs why nothing happened,
// naming the admins.
func Refusal(admins []string) string {
	return tracker.RefusalText + " Ask " + mentions(admins) + "."
}

func mentions(members []string) string {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = ActorText(m)
	}
	return strings.Join(names, ", ")
}

// CloseModal asks for the evidence that an AFI is addressed; metadata
// says where the click came from, for the submission.
func CloseModal(x tracker.Entry, metadata string) slack.ModalViewRequest {
	input := slack.NewPlainTextInputBlockElement(Plain("What was done, and where it is recorded (policy, minutes, audit…)"), InputEvidence)
	input.Multiline = true
	input.MaxLength = 2900
	return afiModal(x, CallbackAFIClose, "Mark addressed", "Mark addressed", metadata,
		slack.NewInputBlock(BlockEvidence, Plain("Evidence"), Plain("Required. It goes into the AFI's history with your name."), input))
}

// AssignModal asks whom to make responsible for an AFI, its owner (if
// any) chosen to begin with.
func AssignModal(x tracker.Entry, metadata string) slack.ModalViewRequest {
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, Plain("Choose someone"), InputOwner)
	if x.Item.Owner != "" {
		pick.InitialUser = x.Item.Owner
	}
	return afiModal(x, CallbackAFIAssign, "Assign AFI", "Assign", metadata,
		slack.NewInputBlock(BlockOwner, Plain("Responsible"), Plain("They are named as its owner in the digest."), pick))
}

func afiModal(x tracker.Entry, callback, title, submit, metadata string, input *slack.InputBlock) slack.ModalViewRequest {
	text, _ := QuoteWithin(x.AFI.Text, afiLimit)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callback,
		Title:           Plain(title),
		Submit:          Plain(submit),
		Close:           Plain("Cancel"),
		PrivateMetadata: metadata,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			Section("afi-text", text),
			Context("afi-cite", "`"+Escape(x.AFI.ID)+"` · "+Link(x.Cite.Link, x.Cite.String())),
			input,
		}},
	}
}

// DetailModal shows m (an AFIDetail) in a modal, read only.
func DetailModal(m Message) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: Plain("Area for improvement"), Close: Plain("Close"),
		Blocks: slack.Blocks{BlockSet: m.Blocks}}
}
