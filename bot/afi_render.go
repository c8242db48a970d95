package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
)

// Action and callback ids of the AFI tracker. Like the answer's, they are
// part of messages already posted (digests especially), so a new version
// keeps answering them.
const (
	actionAFIClose    = "peel_afi_close"        // Mark addressed: opens the evidence modal
	actionAFIStart    = "peel_afi_start"        // Start: open or reopened → in progress
	actionAFIReopen   = "peel_afi_reopen"       // Reopen: addressed → reopened
	actionAFIAssign   = "peel_afi_assign"       // Assign…: opens the owner modal
	actionAFIShow     = "peel_afi_show"         // Details: the AFI with its history, privately
	actionAFIPage     = "peel_afi_page"         // another page of /peel afi
	callbackAFIClose  = "peel_afi_close_modal"  // the evidence modal
	callbackAFIAssign = "peel_afi_assign_modal" // the owner modal
)

// Where an AFI's buttons are shown, which decides how a click is answered.
const (
	viewList   = "list"   // /peel afi, private
	viewDetail = "detail" // /peel afi <id>, private
	viewDigest = "digest" // the digest, public
	viewHome   = "home"   // the App Home tab
)

// afiRef is what an AFI button carries.
type afiRef struct {
	ID   string `json:"afi,omitempty"`
	View string `json:"v,omitempty"`
	Page int    `json:"p,omitempty"` // viewList: the page shown
}

func (r afiRef) encode() string {
	raw, _ := json.Marshal(r) // strings and an int always encode
	return string(raw)
}

func decodeAFIRef(value string) (afiRef, error) {
	var r afiRef
	if err := json.Unmarshal([]byte(value), &r); err != nil {
		return afiRef{}, fmt.Errorf("read AFI button value: %w", err)
	}
	return r, nil
}

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

// afiRender holds what an AFI's rendering depends on besides the AFI.
type afiRender struct {
	now  time.Time
	loc  *time.Location
	view string
	page int
}

// longOpen is how many days open an AFI is counted in days; past it, the
// month it opened is said instead.
const longOpen = 90

// daysOpen says how long an outstanding AFI has been open, in calendar
// days of the zone: "opened today", "1 day open", "12 days open"; past
// longOpen days, since when: "open since Feb 2023". An AFI is open from
// its report's publication, known only to the month, so a count of days
// would be precise only in appearance, and a month reads at a glance.
func (r afiRender) daysOpen(since time.Time) string {
	n := calendarDays(since.In(r.loc), r.now.In(r.loc))
	switch {
	case n <= 0:
		return "opened today"
	case n == 1:
		return "1 day open"
	case n > longOpen:
		return "open since " + since.In(r.loc).Format("Jan 2006")
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

// actorText shows who made a change: a Slack user as a mention (Slack
// shows the name), the command line's "cli:alice" as "alice (command
// line)", anything else as text.
func actorText(actor string) string {
	switch {
	case tracker.IsMemberID(actor):
		return "<@" + actor + ">"
	case actor == "cli":
		return "someone on the command line"
	case strings.HasPrefix(actor, "cli:"):
		return escape(strings.TrimPrefix(actor, "cli:")) + " (command line)"
	}
	return escape(actor)
}

func (r afiRender) date(t time.Time) string { return t.In(r.loc).Format("2 Jan 2006") }

func (r afiRender) dateTime(t time.Time) string { return t.In(r.loc).Format("2 Jan 2006 15:04") }

// meta is the line under an AFI, in mrkdwn: id, status, days open, owner,
// due date and last update.
func (r afiRender) meta(x tracker.Entry) string { return strings.Join(r.metaParts(x, false), " · ") }

// metaPlain is meta as plain text.
func (r afiRender) metaPlain(x tracker.Entry) string {
	return strings.Join(r.metaParts(x, true), " · ")
}

func (r afiRender) metaParts(x tracker.Entry, asText bool) []string {
	s := x.Item
	who := actorText
	bold := func(t string) string { return "*" + t + "*" }
	id := "`" + escape(x.AFI.ID) + "`"
	if asText {
		who = func(a string) string { return a }
		bold = func(t string) string { return t }
		id = x.AFI.ID
	}
	parts := []string{id, bold(orText(s.Status.Label(), "untracked"))}
	if s.Status.Outstanding() && !s.OpenedAt.IsZero() {
		parts = append(parts, r.daysOpen(s.OpenedAt))
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
		if s.Status.Outstanding() && s.Due.Format(time.DateOnly) < r.now.In(r.loc).Format(time.DateOnly) {
			due = bold("overdue") + " (" + due + ")"
		}
		parts = append(parts, due)
	}
	if !s.UpdatedAt.IsZero() {
		parts = append(parts, "updated "+r.date(s.UpdatedAt)+" by "+who(s.UpdatedBy))
	}
	return parts
}

// afiButtons are the buttons that fit an AFI's status.
func (r afiRender) afiButtons(x tracker.Entry) []slack.BlockElement {
	ref := afiRef{ID: x.AFI.ID, View: r.view, Page: r.page}.encode()
	var out []slack.BlockElement
	switch x.Item.Status {
	case tracker.StatusAddressed:
		out = append(out, button(actionAFIReopen, "Reopen", ref))
	default:
		closeBtn := button(actionAFIClose, "Mark addressed", ref)
		closeBtn.Style = slack.StylePrimary
		out = append(out, closeBtn)
		if x.Item.Status != tracker.StatusInProgress {
			out = append(out, button(actionAFIStart, "Start", ref))
		}
		out = append(out, button(actionAFIAssign, "Assign…", ref))
	}
	if r.view != viewDetail {
		out = append(out, button(actionAFIShow, "Details", ref))
	}
	return out
}

// afiLimit is where an AFI's words are cut in a list; AFIs are one
// sentence, so this only guards against a freak one.
const afiLimit = 1200

// itemBlocks shows one AFI: its words quoted, its linked citation and
// state, and its buttons. prefix keeps block ids unique in a view that
// shows an AFI twice.
func (r afiRender) itemBlocks(prefix string, x tracker.Entry) []slack.Block {
	text, _ := quoteWithin(x.AFI.Text, afiLimit)
	id := prefix + x.AFI.ID
	return []slack.Block{
		section("afi-"+id, text),
		slack.NewContextBlock("afi-meta-"+id, mrkdwn(link(x.Cite.Link, x.Cite.String())), mrkdwn(r.meta(x))),
		slack.NewActionBlock("afi-act-"+id, r.afiButtons(x)...),
	}
}

// blocksPerItem is how many blocks itemBlocks makes.
const blocksPerItem = 3

// afiPages lays groups out in pages: the first of at most firstRoom
// blocks, the others of at most room. An AFI is never split from its
// buttons, and a page that continues a report or area repeats its heading.
// Nothing is dropped: there are as many pages as it takes.
func (r afiRender) afiPages(prefix string, groups []afiGroup, firstRoom, room int) [][]slack.Block {
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
func (r afiRender) layoutAFIs(prefix string, groups []afiGroup, firstRoom, room int, shown []*corpus.AFI) []afiPage {
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
				cur.blocks = append(cur.blocks, section(fmt.Sprintf("%srep-%d", prefix, gi), "*"+link(g.url, g.report)+"*"+continued(reportBegun[g.reportID])))
				reportBegun[g.reportID], lastReport = true, g.reportID
			}
			if !areaHere {
				cur.blocks = append(cur.blocks, section(fmt.Sprintf("%sarea-%d", prefix, gi), "_"+escape(orText(g.area, "Other"))+"_"+continued(areaBegun[area])))
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

func orText(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
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
