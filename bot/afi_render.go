package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/store"
	"github.com/peelbot/peelbot/corpus"
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

// afiItem is one AFI as peelbot shows it: its words and citation from the
// reports, its status from the store.
type afiItem struct {
	afi   *corpus.AFI
	cite  corpus.Citation
	state store.AFIState
}

// afiItem is x as shown with its state st.
func (b *Bot) afiItem(x *corpus.AFI, st store.AFIState) afiItem {
	return afiItem{afi: x, cite: b.lib.CiteAFI(x), state: st}
}

// citation is "report · area · p. N".
func (x afiItem) citation() string { return x.cite.String() }

func (x afiItem) url() string { return x.cite.Link }

// loadAFIs reads every AFI of the library with its tracked state, in the
// reports' order. An AFI the store does not track yet (its report was added
// since the store was last synced) starts being tracked now, as open; a
// read-only store (a dry run) shows it as open without tracking it.
func loadAFIs(ctx context.Context, lib *corpus.Library, st *store.Store) ([]afiItem, error) {
	afis := lib.AFIs()
	if !st.ReadOnly() {
		if _, err := st.Sync(ctx, AFIOpenings(lib)); err != nil {
			return nil, err
		}
	}
	states, err := st.List(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]store.AFIState, len(states))
	for _, s := range states {
		byID[s.ID] = s
	}
	items := make([]afiItem, 0, len(afis))
	for _, a := range afis {
		state, ok := byID[a.ID]
		if !ok {
			state = store.AFIState{ID: a.ID, Status: store.StatusOpen, OpenedAt: publishedOn(lib.Report(a.ReportID))}
		}
		items = append(items, afiItem{afi: a, cite: lib.CiteAFI(a), state: state})
	}
	return items, nil
}

// AFIOpenings are the AFIs of lib to track (store.Sync), each open since
// its report was published: an area for improvement is the force's to act
// on from the day the report is out, whenever peelbot began tracking it.
func AFIOpenings(lib *corpus.Library) []store.AFIOpening {
	afis := lib.AFIs()
	out := make([]store.AFIOpening, len(afis))
	for i, a := range afis {
		out[i] = store.AFIOpening{ID: a.ID, OpenedAt: publishedOn(lib.Report(a.ReportID))}
	}
	return out
}

// publishedLayouts are the ways a report's publication is written: the
// month, as reports close ("February 2023"), or a day.
var publishedLayouts = []string{"January 2006", "Jan 2006", "2 January 2006", "2 Jan 2006", "2006-01-02", "2006-01"}

// publishedOn is when a report was published, as its first day when only
// the month is known ("February 2023" is 1 February 2023, UTC); zero when
// the report does not say or says it in a way not understood.
func publishedOn(r *corpus.Report) time.Time {
	if r == nil {
		return time.Time{}
	}
	text := strings.Join(strings.Fields(r.Published), " ")
	for _, layout := range publishedLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t
		}
	}
	return time.Time{}
}

// outstanding keeps the items that still need work.
func outstanding(items []afiItem) []afiItem {
	var out []afiItem
	for _, x := range items {
		if x.state.Status.Outstanding() {
			out = append(out, x)
		}
	}
	return out
}

// afiGroup is the AFIs of one area of one report, in the report's order.
type afiGroup struct {
	reportID string
	report   string // the report's name
	url      string
	area     string
	items    []afiItem
}

// groupAFIs groups items by report and area, keeping their order: the
// first time a report or area appears decides where its group goes.
func groupAFIs(items []afiItem) []afiGroup {
	var groups []afiGroup
	index := map[string]int{}
	for _, x := range items {
		key := x.afi.ReportID + "\x00" + x.afi.Area
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, afiGroup{reportID: x.afi.ReportID, report: x.cite.Report, url: x.url(), area: x.afi.Area})
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
func statusText(s store.Status) string {
	if s == "" {
		return "*untracked*"
	}
	return "*" + s.Label() + "*"
}

// slackUserPattern matches a Slack member id.
var slackUserPattern = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// actorText shows who made a change: a Slack user as a mention (Slack
// shows the name), the command line's "cli:alice" as "alice (command
// line)", anything else as text.
func actorText(actor string) string {
	switch {
	case slackUserPattern.MatchString(actor):
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
func (r afiRender) meta(x afiItem) string { return strings.Join(r.metaParts(x, false), " · ") }

// metaPlain is meta as plain text.
func (r afiRender) metaPlain(x afiItem) string { return strings.Join(r.metaParts(x, true), " · ") }

func (r afiRender) metaParts(x afiItem, asText bool) []string {
	s := x.state
	who := actorText
	bold := func(t string) string { return "*" + t + "*" }
	id := "`" + escape(x.afi.ID) + "`"
	if asText {
		who = func(a string) string { return a }
		bold = func(t string) string { return t }
		id = x.afi.ID
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
func (r afiRender) afiButtons(x afiItem) []slack.BlockElement {
	ref := afiRef{ID: x.afi.ID, View: r.view, Page: r.page}.encode()
	var out []slack.BlockElement
	switch x.state.Status {
	case store.StatusAddressed:
		out = append(out, button(actionAFIReopen, "Reopen", ref))
	default:
		closeBtn := button(actionAFIClose, "Mark addressed", ref)
		closeBtn.Style = slack.StylePrimary
		out = append(out, closeBtn)
		if x.state.Status != store.StatusInProgress {
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
func (r afiRender) itemBlocks(prefix string, x afiItem) []slack.Block {
	text, _ := quoteWithin(x.afi.Text, afiLimit)
	id := prefix + x.afi.ID
	return []slack.Block{
		section("afi-"+id, text),
		slack.NewContextBlock("afi-meta-"+id, mrkdwn(link(x.url(), x.citation())), mrkdwn(r.meta(x))),
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
			cur.ids = append(cur.ids, x.afi.ID)
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
func statusBreakdown(items []afiItem) string {
	n := map[store.Status]int{}
	for _, x := range items {
		n[x.state.Status]++
	}
	if n[store.StatusOpen] == len(items) {
		return ""
	}
	var parts []string
	for _, s := range store.Statuses {
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
