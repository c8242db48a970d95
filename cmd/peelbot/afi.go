package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
)

func init() {
	register(&command{name: "afi", order: 30, summary: "track the reports' AFIs, causes of concern and recommendations to sign-off", run: runAFI})
	afiSubcommands = []afiSubcommand{
		{"list", "[--json] [filters]", "every item with its type, status, owner, due date and RAG", runAFIList},
		{"show", "ID [--json]", "one item quoted with its citation, supporting passages and history", runAFIShow},
		{"assign", "ID USER", "make a Slack member (U…, me, nobody) its owner", nil},
		{"unassign", "ID", "remove its owner", nil},
		{"propose", "ID EVIDENCE…", "the owner asks for sign-off, with what was done and where it is recorded", nil},
		{"signoff", "ID [NOTE…]", "a reviewer signs it off: closed", nil},
		{"sendback", "ID REASON…", "a reviewer sends it back to its owner", nil},
		{"close", "ID EVIDENCE…", "propose and sign off in one step, for someone who may sign off (--note still accepted)", nil},
		{"supersede", "ID --by ID|REPORT [NOTE…]", "a later item (carried forward) or report replaces it", nil},
		{"reopen", "ID REASON…", "put a closed or superseded item back to work", nil},
		{"due", "ID YYYY-MM-DD|none [--reason …] [--migrating]", "its target date, then revised dates with the reason; a date in the past only --migrating", nil},
		{"note", "ID TEXT…", "add a note to its history", nil},
		{"links", "[--json]", "outstanding items of earlier reports, with their likely successor in the force's later report", runAFILinks},
	}
}

// afiSubcommand is one "peelbot afi" subcommand; one without run is a
// change, made by runAFIChange.
type afiSubcommand struct {
	name, args, summary string
	run                 func(ctx context.Context, a *app, args []string) error
}

var afiSubcommands []afiSubcommand

// afiEnvHelp is the environment every afi subcommand reads.
const afiEnvHelp = reportsHelp + "\n" + storeEnvHelp + `
  PEEL_DIGEST_TZ     the workspace's time zone, in which overdue and due
                     soon are counted (default Europe/London)`

// afiChangeEnvHelp adds what the subcommands that change an item read.
const afiChangeEnvHelp = afiEnvHelp + `
  PEEL_ADMINS        Slack member ids (U…, comma-separated) who may make
                     every change; when set, act as one with --as U… (or
                     PEEL_CLI_ACTOR); unset, anyone may do anything
  PEEL_REVIEWERS     Slack member ids who sign off and send back
  PEEL_CLI_ACTOR     the member id to act as when --as is not given
  USER               without --as, the change is recorded as made by
                     cli:$USER`

const filterHelp = `Filters (all apply; one given twice takes either value):
  force:herts          the force's name or short name
  report:herts-2021    one report (or the start of its id)
  type:afi             afi, concern or recommendation
  status:in-progress   awaiting-allocation, in-progress, pending-signoff,
                       closed, superseded; open (every outstanding one),
                       all (the default of afi list)
  owner:me             a member (U…), me (--as or PEEL_CLI_ACTOR), nobody
  area:investigating   words of the area it was raised in
  rag:red              red, amber or green
  overdue              due before today
  due:30d              due within 30 days from today, overdue included`

func afiUsage() string {
	var b strings.Builder
	b.WriteString("Usage: peelbot afi <subcommand> [flags]\n\nTracks every area for improvement, cause of concern and recommendation to\nsign-off: awaiting allocation → in progress (an owner) → pending sign-off\n(closure proposed with evidence) → closed (signed off by a reviewer), or\nsuperseded by a later inspection. Ids can be shortened to their end when\nonly one item's id ends so (afi-7, coc-1-rec-2).\n\nSubcommands:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, s := range afiSubcommands {
		fmt.Fprintf(tw, "  %s %s\t%s\n", s.name, s.args, s.summary)
	}
	tw.Flush()
	b.WriteString("\nEvery change takes --as U… (the member to act as) and --reports DIR.\nRAG is derived, never set: red when overdue or without an owner for 14 days;\namber when due within 30 days or pending sign-off for more than 14 days;\ngreen otherwise.\n\n" + filterHelp + "\n\n" + afiChangeEnvHelp + "\n")
	return b.String()
}

func runAFI(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(a.stdout, afiUsage())
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, s := range afiSubcommands {
		if s.name == args[0] {
			if s.run == nil {
				return runAFIChange(ctx, a, s, args[1:])
			}
			return s.run(ctx, a, args[1:])
		}
	}
	if v, ok := tracker.VerbOf(args[0]); ok { // start, sign-off, address…
		return runAFIChange(ctx, a, afiSubcommand{name: v}, args[1:])
	}
	fmt.Fprintf(a.stderr, "peelbot afi: unknown subcommand %q\n\n%s", args[0], afiUsage())
	return errUsage
}

// afiItem is one item of "peelbot afi list --json": the fields of before
// (id, report, area, text, status, owner, due, updated_at, updated_by)
// and type, deadline and rag, with the dates and sign-off.
type afiItem struct {
	ID            string     `json:"id"`
	Report        string     `json:"report"`
	Area          string     `json:"area"`
	Text          string     `json:"text"`
	Type          string     `json:"type"`
	Label         string     `json:"label"`
	Parent        *string    `json:"parent"`
	Status        string     `json:"status"`
	Owner         *string    `json:"owner"`
	Due           *string    `json:"due"`
	Deadline      *string    `json:"deadline"`
	Target        *string    `json:"target"`
	Revised       *string    `json:"revised"`
	RevisedReason *string    `json:"revised_reason"`
	RAG           *string    `json:"rag"`
	RAGReason     *string    `json:"rag_reason"`
	Page          int        `json:"page,omitempty"`
	Link          string     `json:"link,omitempty"`
	Evidence      *string    `json:"evidence"`
	SignedOffBy   *string    `json:"signed_off_by"`
	SignedOffAt   *time.Time `json:"signed_off_at"`
	SupersededBy  *string    `json:"superseded_by"`
	UpdatedAt     time.Time  `json:"updated_at"`
	UpdatedBy     string     `json:"updated_by"`
}

// historyEntry is one event of "peelbot afi show --json".
type historyEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Status  string    `json:"status"`
	Note    string    `json:"note"`
	From    string    `json:"from,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Channel string    `json:"channel,omitempty"`
	Owner   string    `json:"owner,omitempty"`
	Due     *string   `json:"due"`
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dayOrNull(t *time.Time) *string {
	if t == nil {
		return nil
	}
	return orNull(t.Format(time.DateOnly))
}

// jsonItem is e as afi list and afi show print it.
func jsonItem(svc *tracker.Service, e tracker.Entry) afiItem {
	it, src := e.Item, e.Source
	rag, why := svc.Rate(it)
	return afiItem{ID: it.ID, Report: src.ReportID, Area: src.Area, Text: src.Text, Type: string(src.Type), Label: src.Label,
		Parent: orNull(src.Parent), Status: it.Status.Label(), Owner: orNull(it.Owner), Due: dayOrNull(it.Due()),
		Deadline: orNull(src.Deadline.Written), Target: dayOrNull(it.Target), Revised: dayOrNull(it.Revised),
		RevisedReason: orNull(it.RevisedReason), RAG: orNull(string(rag)), RAGReason: orNull(why), Page: src.Page, Link: e.Cite.Link,
		Evidence: orNull(it.Evidence), SignedOffBy: orNull(it.SignedOffBy), SignedOffAt: it.ClosedAt, SupersededBy: orNull(it.SupersededBy),
		UpdatedAt: it.UpdatedAt, UpdatedBy: it.UpdatedBy}
}

func runAFIList(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi list", "peelbot afi list [--json] [--as U…] [--reports DIR] [filters]",
		"Lists every item of every report (areas for improvement, causes of concern,\n"+
			"recommendations) in the reports' order, with its type, status, owner, due\n"+
			"date and RAG; filters pick some (status:open for the outstanding ones).\n"+
			"--json prints an array of {\"id\", \"report\", \"area\", \"text\", \"type\", \"status\",\n"+
			"\"owner\", \"due\", \"deadline\", \"rag\", …}: type is afi, concern or\n"+
			"recommendation; status awaiting allocation, in progress, pending sign-off,\n"+
			"closed or superseded; due YYYY-MM-DD or null; deadline as written or null;\n"+
			"rag red, amber, green, or null once closed or superseded.\n\n"+filterHelp+"\n\n"+afiEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	text := strings.Join(pos, " ")
	if !hasStatusFilter(pos) {
		text = strings.TrimSpace("status:all " + text)
	}
	f, err := tracker.ParseFilter(text)
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot afi list: %s\n", tracker.ErrorMessage(err))
		return errUsage
	}
	lib, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := svc.Entries(ctx)
	if err != nil {
		return err
	}
	me, _ := a.env().cliActor(*as)
	v := svc.View(me)
	var picked []tracker.Entry
	for _, e := range entries {
		if f.Match(e, v) {
			picked = append(picked, e)
		}
	}
	if *asJSON {
		items := []afiItem{}
		for _, e := range picked {
			items = append(items, jsonItem(svc, e))
		}
		return writeJSON(a, items)
	}
	printAFIList(a, svc, lib, picked)
	return nil
}

func hasStatusFilter(words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(strings.ToLower(w), "status:") {
			return true
		}
	}
	return false
}

func printAFIList(a *app, svc *tracker.Service, lib *corpus.Library, entries []tracker.Entry) {
	if len(entries) == 0 {
		fmt.Fprintln(a.stdout, "No item matches.")
		return
	}
	report, area := "", ""
	for _, e := range entries {
		if e.Source.ReportID != report {
			if report != "" {
				fmt.Fprintln(a.stdout)
			}
			report, area = e.Source.ReportID, ""
			r := lib.Report(report)
			fmt.Fprintf(a.stdout, "%s — %s, %s\n", r.ID, r.Force, r.Round)
		}
		if e.Source.Area != area {
			area = e.Source.Area
			fmt.Fprintf(a.stdout, "\n%s\n", capitalize(area))
		}
		rag, _ := svc.Rate(e.Item)
		fmt.Fprintf(a.stdout, "  %-28s [%s%s] %s: %s\n", e.Item.ID, e.Item.Status.Label(), ragSuffix(rag), e.Source.Label, clipText(e.Source.Text, 140))
		var extra []string
		if e.Item.Owner != "" {
			extra = append(extra, "owner "+e.Item.Owner)
		}
		if d := dueText(e); d != "" {
			if tracker.Overdue(e.Item, svc.View("").Today) {
				d = "OVERDUE, " + d
			}
			extra = append(extra, d)
		}
		if len(extra) > 0 {
			fmt.Fprintf(a.stdout, "  %-28s %s\n", "", strings.Join(extra, " · "))
		}
	}
}

func ragSuffix(r tracker.RAG) string {
	if r == "" {
		return ""
	}
	return ", " + string(r)
}

// dueText says when an item is due as people read it.
func dueText(e tracker.Entry) string {
	it := e.Item
	switch {
	case it.Due() == nil:
		return ""
	case it.Revised == nil && !e.Source.Deadline.IsZero() && it.Target != nil:
		return e.Source.Deadline.Describe(*it.Target)
	case it.Revised != nil && it.Target != nil:
		return fmt.Sprintf("due %s, revised from %s (%s)", it.Revised.Format(longDate), it.Target.Format(longDate), it.RevisedReason)
	}
	return "due " + it.Due().Format(longDate)
}

func runAFIShow(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi show", "peelbot afi show ID [--json] [--reports DIR]",
		"Shows one item: its words, quoted, with the report, chapter, page and link to\n"+
			"cite it; the passages that support it; its status, RAG, owner, dates,\n"+
			"evidence and sign-off; and its full history of changes.\n"+
			"--json prints the item as afi list --json does, with \"history\": an array of\n"+
			"{\"at\", \"actor\", \"action\", \"status\", \"note\"}, oldest first.\n\n"+afiEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(a.stderr, "peelbot afi show: give one item's id; \"peelbot afi list\" shows them")
		return errUsage
	}
	_, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	entry, history, err := svc.Entry(ctx, pos[0])
	if msg := tracker.ErrorMessage(err); msg != "" {
		return errors.New(msg)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		type shown struct {
			afiItem
			History []historyEntry `json:"history"`
		}
		out := shown{afiItem: jsonItem(svc, entry), History: []historyEntry{}}
		for _, e := range history {
			out.History = append(out.History, historyEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: string(e.Action), Status: e.To.Label(), Note: e.Note,
				From: e.From.Label(), Detail: e.Detail, Channel: e.Channel, Owner: e.Owner, Due: dayOrNull(e.Due)})
		}
		return writeJSON(a, out)
	}
	printItem(a, svc, entry, history)
	return nil
}

func printItem(a *app, svc *tracker.Service, e tracker.Entry, history []tracker.Event) {
	w := a.stdout
	st, src := e.Item, e.Source
	fmt.Fprintf(w, "%s [%s] %s\n\n", st.ID, st.Status.Label(), src.Label)
	fmt.Fprintf(w, "  “%s”\n\n", src.Text)
	fmt.Fprintf(w, "  %s\n", e.Cite)
	if e.Cite.Link != "" {
		fmt.Fprintf(w, "  %s\n", e.Cite.Link)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "Status:\t%s since %s\n", st.Status.Label(), st.StatusSince.In(svc.Loc()).Format("2 Jan 2006"))
	if rag, why := svc.Rate(st); rag != "" {
		fmt.Fprintf(tw, "RAG:\t%s (%s)\n", rag, why)
	}
	fmt.Fprintf(tw, "Owner:\t%s\n", cmp.Or(st.Owner, "nobody"))
	if src.Deadline.Written != "" {
		fmt.Fprintf(tw, "Deadline:\t%s\n", src.Deadline.Written)
	}
	fmt.Fprintf(tw, "Due:\t%s\n", cmp.Or(strings.TrimPrefix(dueText(e), "due "), "not set"))
	if st.Evidence != "" {
		fmt.Fprintf(tw, "Evidence:\t%s\n", st.Evidence)
	}
	if st.ClosedAt != nil {
		fmt.Fprintf(tw, "Signed off:\t%s, %s\n", st.SignedOffBy, st.ClosedAt.In(svc.Loc()).Format(timeOfDay))
	}
	if st.SupersededBy != "" {
		fmt.Fprintf(tw, "Superseded by:\t%s\n", st.SupersededBy)
	}
	if st.LastNote != "" && st.LastNote != st.Evidence {
		fmt.Fprintf(tw, "Last note:\t%s\n", st.LastNote)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nSupporting passages:\n")
	for _, p := range src.Passages {
		path := p.Path()
		if p.Heading == src.Text {
			path = strings.TrimSuffix(path, " › "+p.Heading)
		}
		fmt.Fprintf(w, "  [%s] page %d · %s\n", p.ID, p.Page, path)
		for _, line := range strings.Split(p.Text, "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	if len(src.Passages) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	fmt.Fprintf(w, "\nHistory:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, ev := range history {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", ev.At.In(svc.Loc()).Format(timeOfDay), ev.Actor, describeEvent(ev))
	}
	tw.Flush()
}

// describeEvent says in words what an event did, quoting the note given
// with it.
func describeEvent(e tracker.Event) string {
	move := fmt.Sprintf("(%s → %s)", e.From.Label(), e.To.Label())
	q := func(label string) string {
		if e.Note == "" {
			return ""
		}
		return "; " + label + " " + quote(e.Note)
	}
	var s string
	switch e.Action {
	case tracker.ActionOpen:
		s = "tracking began (" + e.To.Label() + ")" + q("note:")
	case tracker.ActionStart:
		s = "work started " + move
	case tracker.ActionAssign:
		s = "owner removed " + move
		if e.Owner != "" {
			s = "assigned to " + e.Owner + " " + move
		}
	case tracker.ActionPropose:
		s = "closure proposed " + move + "; evidence: " + quote(e.Note)
	case tracker.ActionSignoff:
		s = "signed off " + move + q("comment:")
	case tracker.ActionSendback:
		s = "sent back " + move + q("reason:")
	case tracker.ActionClose:
		s = "closed " + move + "; evidence: " + quote(e.Note)
		if e.To == tracker.LegacyAddressed {
			s = "addressed " + move + "; evidence: " + quote(e.Note)
		}
	case tracker.ActionSupersede:
		s = "superseded by " + e.Detail + " " + move + q("note:")
	case tracker.ActionReopen:
		s = "reopened " + move + q("reason:")
	case tracker.ActionDue:
		switch {
		case e.Due == nil:
			s = "due date cleared" + q("reason:")
		case e.Detail == "revised":
			s = "due date revised to " + e.Due.Format(longDate) + q("reason:")
		default:
			s = "target date " + e.Due.Format(longDate) + q("note:")
		}
	case tracker.ActionNote:
		s = "note: " + quote(e.Note)
	case tracker.ActionLink:
		s = "carried forward from " + e.Detail
	case tracker.ActionMigrate:
		s = "migrated " + move + ": " + e.Note
	default:
		s = string(e.Action) + " " + move + q("note:")
	}
	if e.Channel != "" {
		s += " (in channel " + e.Channel + ")"
	}
	return s
}

// runAFIChange makes the change a verb asks for: the words after it read
// as Slack reads them (tracker.ParseVerb), --as and --reports taken off
// first.
func runAFIChange(ctx context.Context, a *app, s afiSubcommand, args []string) error {
	fs := a.newFlagSet("afi "+s.name, fmt.Sprintf("peelbot afi %s %s [--as U…] [--reports DIR]", s.name, s.args),
		capitalize(s.summary)+".\nThe words after the id are the note, evidence or reason; --note \"…\" is\naccepted instead. The id may be the end of one (afi-7).\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	words, err := a.changeArgs(fs, args)
	if err != nil {
		return err
	}
	actor, err := a.env().cliActor(*as)
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot afi: %v\n", err)
		return errUsage
	}
	c, err := tracker.ParseVerb(s.name, words, actor)
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot afi %s: %s\n", s.name, tracker.ErrorMessage(err))
		return errUsage
	}
	policy, err := a.env().policy()
	if err != nil {
		return err
	}
	if !policy.Open() && !tracker.IsMemberID(actor) {
		return fmt.Errorf("only an item's owner, peelbot's reviewers and admins can change items; give --as with your Slack member id (one of %s to make every change), or set PEEL_CLI_ACTOR", strings.Join(policy.Admins(), ", "))
	}
	_, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	it, ev, err := svc.Do(ctx, c)
	if msg := tracker.Refusal(err); msg != "" {
		return errors.New(msg)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, confirmation(svc, it, ev))
	return nil
}

// confirmation says what a change did, from the event the write itself
// returned (never a read of the latest event afterwards, which under
// concurrency may be someone else's): the item, what was done, by whom,
// when, and the event's id, which "afi show --json" and the board pack's
// history can be checked against.
func confirmation(svc *tracker.Service, it tracker.Item, ev tracker.Event) string {
	return fmt.Sprintf("%s: %s, recorded as %s at %s (event %d)", it.ID, describeEvent(ev), ev.Actor,
		ev.At.In(svc.Loc()).Format(confirmTime), ev.ID)
}

// changeArgs takes --as, --reports and --help off args (anywhere), and
// leaves the rest, the verb's words, in order.
func (a *app) changeArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var mine, rest []string
	for i := 0; i < len(args); i++ {
		name, _, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !strings.HasPrefix(args[i], "-") {
			rest = append(rest, args[i])
			continue
		}
		switch name {
		case "as", "reports":
			mine = append(mine, args[i])
			if !hasVal && i+1 < len(args) {
				i++
				mine = append(mine, args[i])
			}
		case "h", "help":
			mine = append(mine, args[i])
		default:
			rest = append(rest, args[i])
		}
	}
	if err := a.parseFlags(fs, mine); err != nil {
		return nil, err
	}
	return rest, nil
}

// actorFlag adds --as, the Slack member id to act as (PEEL_CLI_ACTOR by
// default).
func (a *app) actorFlag(fs *flag.FlagSet) *string {
	return fs.String("as", "", "act as the Slack member `id` U… (an admin, reviewer or the owner); default $PEEL_CLI_ACTOR, else cli:$USER")
}

func runAFILinks(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi links", "peelbot afi links [--json] [--reports DIR]",
		"Lists every outstanding item of a report whose force has a later report\n"+
			"loaded, with the later items most like it (by the words they share): its\n"+
			"likely successor. Nothing changes until a reviewer or admin confirms, with\n"+
			"  peelbot afi supersede ID --by LATER-ID    (carried forward to it)\n"+
			"  peelbot afi supersede ID --by REPORT      (superseded by the report)\n\n"+afiEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	_, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	entries, err := svc.Entries(ctx)
	if err != nil {
		return err
	}
	sugg := tracker.Successors(svc.Catalog(), entries)
	if *asJSON {
		type cand struct {
			ID         string  `json:"id"`
			Similarity float64 `json:"similarity"`
		}
		type link struct {
			ID         string `json:"id"`
			Later      string `json:"later_report"`
			Candidates []cand `json:"candidates"`
		}
		out := []link{}
		for _, s := range sugg {
			l := link{ID: s.Earlier.Item.ID, Later: s.Later.ID, Candidates: []cand{}}
			for _, c := range s.Candidates {
				l.Candidates = append(l.Candidates, cand{c.Source.ID, c.Similarity})
			}
			out = append(out, l)
		}
		return writeJSON(a, out)
	}
	if len(sugg) == 0 {
		fmt.Fprintln(a.stdout, "No outstanding item of an earlier report has a later report of the same force loaded.")
		return nil
	}
	for _, s := range sugg {
		fmt.Fprintf(a.stdout, "%s: %s\n", s.Earlier.Item.ID, clipText(s.Earlier.Source.Text, 120))
		if best := s.Best(); best != nil {
			fmt.Fprintf(a.stdout, "  likely successor %s (%.0f%% alike): %s\n  peelbot afi supersede %s --by %s\n", best.Source.ID, 100*best.Similarity, clipText(best.Source.Text, 100), s.Earlier.Item.ID, best.Source.ID)
		} else {
			fmt.Fprintf(a.stdout, "  nothing in %s reads like it\n", s.Later.ID)
		}
		fmt.Fprintf(a.stdout, "  peelbot afi supersede %s --by %s\n\n", s.Earlier.Item.ID, s.Later.ID)
	}
	return nil
}

const (
	longDate  = "2 January 2006"
	timeOfDay = "2006-01-02 15:04 MST"
	// confirmTime is to the second: a confirmation is read next to others
	// made the same minute.
	confirmTime = "2006-01-02 15:04:05 MST"
)

func quote(s string) string { return "“" + s + "”" }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
