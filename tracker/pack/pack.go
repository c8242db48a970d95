// Package pack is the board pack: the items a filter picks as rows a board
// or a police and crime panel reads (reference, report, type, words,
// deadline, dates, owner, status, RAG, evidence, sign-off), written as CSV
// or Markdown, and the history of open items by status over time that its
// chart draws. The xlsx workbook, with the chart in it, is pack/xlsx's;
// the chart's picture pack/chart's.
//
// It owns the pack's columns and their order, which users' spreadsheets
// rely on. It may import tracker and the standard library.
package pack

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// Columns are the pack's columns, in order.
var Columns = []string{
	"Reference", "Report", "Published", "Type", "Area", "Text", "Deadline (as written)",
	"Due", "Revised due", "Reason revised", "Owner", "Status", "RAG", "Last update",
	"Evidence", "Signed off by", "Signed off",
}

// Row is one item in the pack, each field as the column shows it.
type Row struct {
	Reference, Report, Published, Type, Area, Text, Deadline string
	Due, RevisedDue, RevisedReason, Owner, Status, RAG       string
	LastUpdate, Evidence, SignedOffBy, SignedOff             string
	// RAGValue is the rating, for colouring a cell.
	RAGValue tracker.RAG
}

// Fields are the row's values in Columns' order.
func (r Row) Fields() []string {
	return []string{r.Reference, r.Report, r.Published, r.Type, r.Area, r.Text, r.Deadline,
		r.Due, r.RevisedDue, r.RevisedReason, r.Owner, r.Status, r.RAG, r.LastUpdate,
		r.Evidence, r.SignedOffBy, r.SignedOff}
}

// Pack is a board pack: when it was made, for which filter, its rows and
// the history its chart draws.
type Pack struct {
	Title   string
	Made    time.Time
	Filter  tracker.Filter
	Rows    []Row
	History History
	// Counts are the rows by status and by RAG, for the summary.
	ByStatus map[tracker.Status]int
	ByRAG    map[tracker.RAG]int
}

// Make makes the pack of the entries the filter picks (selected, in the
// order to show), from the view's day, with the history of events.
func Make(svc *tracker.Service, selected []tracker.Entry, f tracker.Filter, events []tracker.Event, now time.Time) Pack {
	v := svc.View("")
	loc := svc.Loc()
	p := Pack{Title: "Inspection findings: board pack", Made: now, Filter: f,
		ByStatus: map[tracker.Status]int{}, ByRAG: map[tracker.RAG]int{}}
	c := svc.Catalog()
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	for _, e := range selected {
		it, src := e.Item, e.Source
		rag, _ := v.Rules.Rate(it, v.Today, loc)
		published := "" // as the report says it: "March 2025"
		if r := c.Report(src); r != nil {
			published = r.Published
		}
		row := Row{Reference: it.ID, Report: e.Cite.Report, Published: published, Type: src.Label, Area: src.Area, Text: src.Text,
			Deadline: src.Deadline.Written, Due: day(it.Target), RevisedDue: day(it.Revised), RevisedReason: it.RevisedReason,
			Owner: it.Owner, Status: it.Status.Label(), RAG: string(rag), RAGValue: rag, Evidence: it.Evidence, SignedOffBy: it.SignedOffBy}
		if !it.UpdatedAt.IsZero() {
			row.LastUpdate = it.UpdatedAt.In(loc).Format("2006-01-02 15:04")
		}
		if it.ClosedAt != nil {
			row.SignedOff = it.ClosedAt.In(loc).Format("2006-01-02 15:04")
		}
		if it.Status == tracker.StatusSuperseded {
			row.Evidence = strings.TrimSpace("superseded by " + it.SupersededBy + "; " + it.Evidence)
		}
		p.Rows = append(p.Rows, row)
		p.ByStatus[it.Status]++
		if rag != "" {
			p.ByRAG[rag]++
		}
	}
	p.History = Track(selected, events, now, loc)
	return p
}

// WriteCSV writes the rows as CSV with a header line (RFC 4180, UTF-8).
func WriteCSV(w io.Writer, p Pack) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, r := range p.Rows {
		if err := cw.Write(safeCells(r.Fields())); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCells keeps a spreadsheet from reading a cell as a formula: text
// from reports and people that starts with =, +, - or @ is prefixed with
// an apostrophe.
func safeCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

// WriteMarkdown writes the pack as a Markdown document: a title, the
// counts, and a table of the rows.
func WriteMarkdown(w io.Writer, p Pack) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", p.Title)
	filter := "every outstanding item"
	if !p.Filter.IsZero() {
		filter = "`" + p.Filter.Text + "`"
	}
	fmt.Fprintf(&b, "Made %s, %d items: %s.\n\n", p.Made.Format("2 January 2006 15:04 MST"), len(p.Rows), filter)
	var counts []string
	for _, s := range tracker.Statuses {
		if n := p.ByStatus[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s.Label()))
		}
	}
	for _, g := range tracker.RAGs {
		if n := p.ByRAG[g]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, g))
		}
	}
	if len(counts) > 0 {
		fmt.Fprintf(&b, "%s.\n\n", strings.Join(counts, ", "))
	}
	b.WriteString("| " + strings.Join(Columns, " | ") + " |\n")
	b.WriteString(strings.Repeat("| --- ", len(Columns)) + "|\n")
	for _, r := range p.Rows {
		cells := r.Fields()
		for i, c := range cells {
			cells[i] = mdCell(c)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell keeps a cell on one line and its pipes from ending it.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// History is how many of the pack's items were outstanding in each
// status, at each point in time: what the chart draws.
type History struct {
	Dates []time.Time
	// Counts are, for each outstanding status, the count at each date.
	Counts map[tracker.Status][]int
}

// Statuses are the statuses the history counts, in the order the chart
// stacks them.
var Statuses = []tracker.Status{tracker.StatusAwaiting, tracker.StatusInProgress, tracker.StatusPending}

// Track replays the items' histories: at each point from the earliest
// (an item's publication or first event, at most two years back) to now,
// weekly over half a year or less and monthly beyond, the status each
// item had then. An item counts from its publication, awaiting allocation
// until its first change; the statuses of before sign-off count as their
// successors (open and reopened as awaiting allocation, or in progress
// with an owner; addressed as closed).
func Track(entries []tracker.Entry, events []tracker.Event, now time.Time, loc *time.Location) History {
	h := History{Counts: map[tracker.Status][]int{}}
	if len(entries) == 0 {
		return h
	}
	byItem := map[string][]tracker.Event{}
	for _, e := range events {
		byItem[e.ItemID] = append(byItem[e.ItemID], e)
	}
	start := now
	for _, e := range entries {
		if !e.Item.OpenedAt.IsZero() && e.Item.OpenedAt.Before(start) {
			start = e.Item.OpenedAt
		}
		if evs := byItem[e.Item.ID]; len(evs) > 0 && evs[0].At.Before(start) {
			start = evs[0].At
		}
	}
	if limit := now.AddDate(-2, 0, 0); start.Before(limit) {
		start = limit
	}
	h.Dates = points(start, now, loc)
	for _, st := range Statuses {
		h.Counts[st] = make([]int, len(h.Dates))
	}
	for _, e := range entries {
		evs := byItem[e.Item.ID]
		opened := e.Item.OpenedAt
		if len(evs) > 0 && (opened.IsZero() || evs[0].At.Before(opened)) {
			opened = evs[0].At
		}
		k := 0
		status := tracker.StatusAwaiting
		for i, t := range h.Dates {
			for k < len(evs) && !evs[k].At.After(t) {
				status = current(evs[k])
				k++
			}
			if t.Before(opened) {
				continue
			}
			if _, ok := h.Counts[status]; ok {
				h.Counts[status][i]++
			}
		}
	}
	return h
}

// current is the status an event left an item in, in today's statuses.
func current(e tracker.Event) tracker.Status {
	switch e.To {
	case tracker.LegacyAddressed:
		return tracker.StatusClosed
	case tracker.LegacyOpen, tracker.LegacyReopened, tracker.StatusInProgress:
		if e.Owner != "" {
			return tracker.StatusInProgress
		}
		return tracker.StatusAwaiting
	}
	return e.To
}

// points are the chart's dates from start to now: each week's end (or
// each month's, over more than 26 weeks), and now.
func points(start, now time.Time, loc *time.Location) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	var out []time.Time
	weekly := now.Sub(start) <= 26*7*24*time.Hour
	s := start.In(loc)
	t := time.Date(s.Year(), s.Month(), s.Day(), 23, 59, 59, 0, loc)
	if !weekly {
		t = time.Date(s.Year(), s.Month()+1, 1, 0, 0, 0, 0, loc).Add(-time.Second)
	}
	for t.Before(now) {
		out = append(out, t)
		if weekly {
			t = t.AddDate(0, 0, 7)
		} else {
			t = time.Date(t.Year(), t.Month()+2, 1, 0, 0, 0, 0, loc).Add(-time.Second)
		}
	}
	return append(out, now)
}
