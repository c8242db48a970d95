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
	register(&command{name: "afi", order: 30, summary: "list and track the reports' areas for improvement", run: runAFI})
	afiSubcommands = []afiSubcommand{
		{"list", "[--json]", "every AFI with its status, owner and due date", runAFIList},
		{"show", "<id>", "one AFI quoted with its citation, supporting passages and history", runAFIShow},
		{"close", `<id> --note "evidence"`, "mark it addressed; the note says what was done", runAFIClose},
		{"reopen", `<id> [--note "why"]`, "put an addressed AFI back to work", runAFIReopen},
		{"start", `<id> [--note "…"]`, "record that work on it has begun (in progress)", runAFIStart},
		{"assign", "<id> <slack-user-id>", "make someone responsible for it", runAFIAssign},
		{"unassign", "<id>", "remove its owner", runAFIUnassign},
		{"due", "<id> <YYYY-MM-DD|none>", "set or clear the day it should be addressed by", runAFIDue},
		{"note", "<id> <text>", "add a note to its history", runAFINote},
	}
}

// afiSubcommand is one "peelbot afi" subcommand.
type afiSubcommand struct {
	name, args, summary string
	run                 func(ctx context.Context, a *app, args []string) error
}

var afiSubcommands []afiSubcommand

// afiEnvHelp is the environment every afi subcommand reads.
const afiEnvHelp = reportsHelp + "\n" + storeEnvHelp

// afiChangeEnvHelp adds what the subcommands that change an AFI read.
const afiChangeEnvHelp = afiEnvHelp + `
  PEEL_ADMINS        Slack member ids (U…, comma-separated) who may change an
                     AFI; when set, act as one of them with --as U… (or
                     PEEL_CLI_ACTOR); unset, anyone may
  PEEL_CLI_ACTOR     the member id to act as when --as is not given
  USER               without --as, the change is recorded as made by
                     cli:$USER`

func afiUsage() string {
	var b strings.Builder
	b.WriteString("Usage: peelbot afi <subcommand> [flags]\n\nTracks each area for improvement (AFI) until it is addressed, with its full history.\n\nSubcommands:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, s := range afiSubcommands {
		fmt.Fprintf(tw, "  %s %s\t%s\n", s.name, s.args, s.summary)
	}
	tw.Flush()
	b.WriteString("\nRun \"peelbot afi <subcommand> --help\" for its flags.\n\n" + afiChangeEnvHelp + "\n")
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
			return s.run(ctx, a, args[1:])
		}
	}
	fmt.Fprintf(a.stderr, "peelbot afi: unknown subcommand %q\n\n%s", args[0], afiUsage())
	return errUsage
}

// afiItem is one line of "peelbot afi list --json".
type afiItem struct {
	ID        string    `json:"id"`
	Report    string    `json:"report"`
	Area      string    `json:"area"`
	Text      string    `json:"text"`
	Status    string    `json:"status"`
	Owner     string    `json:"owner,omitempty"`
	Due       string    `json:"due,omitempty"` // YYYY-MM-DD
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

func runAFIList(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi list", "peelbot afi list [--json] [--reports DIR]",
		"Lists every area for improvement (AFI) in every report, grouped by report and\n"+
			"area, with its tracked status (open, in progress, addressed, reopened),\n"+
			"owner and due date.\n"+
			"--json prints an array of {\"id\", \"report\", \"area\", \"text\", \"status\", \"owner\",\n"+
			"\"due\", \"updated_at\", \"updated_by\"}; status is one of open, in_progress,\n"+
			"addressed, reopened; owner and due are left out when not set.\n\n"+afiEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(a.stderr, "peelbot afi list: unexpected argument %q; \"peelbot afi show <id>\" shows one AFI\n", pos[0])
		return errUsage
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	states, err := trackedStates(ctx, a, lib)
	if err != nil {
		return err
	}
	items := []afiItem{}
	for _, x := range lib.AFIs() {
		st := states[x.ID]
		items = append(items, afiItem{ID: x.ID, Report: x.ReportID, Area: x.Area, Text: x.Text, Status: string(st.Status),
			Owner: st.Owner, Due: dueDay(st.Due), UpdatedAt: st.UpdatedAt, UpdatedBy: st.UpdatedBy})
	}
	if *asJSON {
		return writeJSON(a, items)
	}
	printAFIList(a, lib, states)
	return nil
}

// trackedStates syncs the store with lib and returns every AFI's state by id.
func trackedStates(ctx context.Context, a *app, lib *corpus.Library) (map[string]tracker.Item, error) {
	svc, st, err := a.openAFIs(ctx, lib)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	entries, err := svc.Entries(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]tracker.Item, len(entries))
	for _, e := range entries {
		byID[e.Item.ID] = e.Item
	}
	return byID, nil
}

func printAFIList(a *app, lib *corpus.Library, states map[string]tracker.Item) {
	for i, r := range lib.Reports {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintf(a.stdout, "%s — %s, %s: %s\n", r.ID, r.Force, r.Round, statusCounts(r.AFIs, states))
		area := ""
		for _, x := range r.AFIs {
			if x.Area != area {
				area = x.Area
				fmt.Fprintf(a.stdout, "\n%s\n", capitalize(area))
			}
			st := states[x.ID]
			fmt.Fprintf(a.stdout, "  %-18s [%s] %s\n", x.ID, st.Status.Label(), x.Text)
			var extra []string
			if st.Owner != "" {
				extra = append(extra, "owner "+st.Owner)
			}
			if st.Due != nil {
				extra = append(extra, "due "+st.Due.Format(longDate))
			}
			if len(extra) > 0 {
				fmt.Fprintf(a.stdout, "  %-18s %s\n", "", strings.Join(extra, " · "))
			}
		}
		if len(r.AFIs) == 0 {
			fmt.Fprintln(a.stdout, "  (no areas for improvement)")
		}
	}
}

// statusCounts says how many AFIs there are and how many have each status:
// "9 AFIs: 7 open, 1 in progress, 1 addressed".
func statusCounts(afis []*corpus.AFI, states map[string]tracker.Item) string {
	n := map[tracker.Status]int{}
	for _, x := range afis {
		n[states[x.ID].Status]++
	}
	var parts []string
	for _, s := range tracker.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s.Label()))
		}
	}
	noun := "AFIs"
	if len(afis) == 1 {
		noun = "AFI"
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d %s", len(afis), noun)
	}
	return fmt.Sprintf("%d %s: %s", len(afis), noun, strings.Join(parts, ", "))
}

func runAFIShow(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi show", "peelbot afi show <id> [--reports DIR]",
		"Shows one area for improvement: its words, quoted, with the report, chapter,\n"+
			"page and link to cite it; the passages that support it; its status, owner and\n"+
			"due date; and its full history of changes.\n\n"+afiEnvHelp)
	dir := a.reportsFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "show", args, 0)
	if err != nil {
		return err
	}
	svc, st, err := a.openAFIs(ctx, lib)
	if err != nil {
		return err
	}
	defer st.Close()
	entry, history, err := svc.Entry(ctx, x.ID)
	if err != nil {
		return err
	}
	printAFI(a, entry.Cite, x, entry.Item, history)
	return nil
}

func printAFI(a *app, cite corpus.Citation, x *corpus.AFI, st tracker.Item, history []tracker.Event) {
	w := a.stdout
	fmt.Fprintf(w, "%s [%s]\n\n", x.ID, st.Status.Label())
	fmt.Fprintf(w, "  “%s”\n\n", x.Text)
	fmt.Fprintf(w, "  %s\n", cite)
	if cite.Link != "" {
		fmt.Fprintf(w, "  %s\n", cite.Link)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "Status:\t%s\n", st.Status.Label())
	if st.AddressedAt != nil {
		fmt.Fprintf(tw, "Addressed:\t%s\n", st.AddressedAt.Local().Format(timeOfDay))
	} else {
		fmt.Fprintf(tw, "Open since:\t%s\n", st.OpenedAt.Local().Format("2 Jan 2006"))
	}
	fmt.Fprintf(tw, "Owner:\t%s\n", cmp.Or(st.Owner, "nobody"))
	fmt.Fprintf(tw, "Due:\t%s\n", cmp.Or(dueLong(st.Due), "not set"))
	if st.LastNote != "" {
		fmt.Fprintf(tw, "Last note:\t%s\n", st.LastNote)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nSupporting passages:\n")
	for _, p := range x.Passages {
		path := p.Path()
		if p.Heading == x.Text { // the AFI's own headline, quoted above
			path = strings.TrimSuffix(path, " › "+p.Heading)
		}
		fmt.Fprintf(w, "  [%s] page %d · %s\n", p.ID, p.Page, path)
		for _, line := range strings.Split(p.Text, "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	if len(x.Passages) == 0 {
		fmt.Fprintln(w, "  (none)")
	}

	fmt.Fprintf(w, "\nHistory:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range history {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.At.Local().Format(timeOfDay), e.Actor, describeEvent(e))
	}
	tw.Flush()
}

// describeEvent says in words what an event did.
func describeEvent(e tracker.Event) string {
	move := fmt.Sprintf("(%s → %s)", e.From.Label(), e.To.Label())
	var s string
	switch e.Action {
	case tracker.ActionOpen:
		s = "tracking began (" + e.To.Label() + ")"
	case tracker.ActionStart:
		s = "work started " + move
	case tracker.ActionClose:
		s = "addressed " + move + "; evidence: " + quote(e.Note)
	case tracker.ActionReopen:
		s = "reopened " + move
	case tracker.ActionAssign:
		s = "owner removed"
		if e.Owner != "" {
			s = "assigned to " + e.Owner
		}
	case tracker.ActionDue:
		s = "due date cleared"
		if e.Due != nil {
			s = "due by " + e.Due.Format(longDate)
		}
	case tracker.ActionNote:
		s = "note: " + quote(e.Note)
	default:
		s = string(e.Action) + " " + move
	}
	if e.Note != "" && e.Action != tracker.ActionClose && e.Action != tracker.ActionNote {
		s += "; note: " + quote(e.Note)
	}
	if e.Channel != "" {
		s += " (in channel " + e.Channel + ")"
	}
	return s
}

func runAFIClose(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi close", `peelbot afi close <id> --note "evidence" [--reports DIR]`,
		"Marks an area for improvement addressed. The note is the evidence: what was\n"+
			"done and where it is recorded. Without it nothing changes. An AFI already\n"+
			"addressed must be reopened first.\n\n"+afiChangeEnvHelp)
	note := fs.String("note", "", "the `evidence` that the AFI is addressed (required)")
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "close", args, 0)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*note) == "" {
		fmt.Fprintf(a.stderr, "peelbot afi close: %s was not closed: closing needs evidence; add --note \"what was done and where it is recorded\"\n", x.ID)
		return errUsage
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionClose, Note: *note})
}

func runAFIReopen(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi reopen", `peelbot afi reopen <id> [--note "why"] [--reports DIR]`,
		"Puts an addressed area for improvement back to work (reopened).\n\n"+afiChangeEnvHelp)
	note := fs.String("note", "", "why it is reopened")
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "reopen", args, 0)
	if err != nil {
		return err
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionReopen, Note: *note})
}

func runAFIStart(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi start", `peelbot afi start <id> [--note "…"] [--reports DIR]`,
		"Records that work on an open or reopened area for improvement has begun\n(in progress).\n\n"+afiChangeEnvHelp)
	note := fs.String("note", "", "a note on the work")
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "start", args, 0)
	if err != nil {
		return err
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionStart, Note: *note})
}

func runAFIAssign(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi assign", "peelbot afi assign <id> <slack-user-id> [--reports DIR]",
		"Makes a Slack user responsible for an area for improvement. Give the member id\n"+
			"(U024BE7LH; in Slack: the user's profile › ⋮ › Copy member ID).\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "assign", args, 1)
	if err != nil {
		return err
	}
	arg := strings.TrimSpace(fs.Arg(0))
	owner, ok := tracker.ParseMember(arg)
	if !ok {
		fmt.Fprintf(a.stderr, "peelbot afi assign: %q is not a Slack member id; give one like U024BE7LH (the user's profile › ⋮ › Copy member ID)\n", arg)
		return errUsage
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionAssign, Owner: owner})
}

func runAFIUnassign(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi unassign", "peelbot afi unassign <id> [--reports DIR]",
		"Removes the owner of an area for improvement.\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "unassign", args, 0)
	if err != nil {
		return err
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionAssign})
}

func runAFIDue(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi due", "peelbot afi due <id> <YYYY-MM-DD|none> [--reports DIR]",
		"Sets the day an area for improvement should be addressed by, or clears it\nwith \"none\".\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "due", args, 1)
	if err != nil {
		return err
	}
	var due *time.Time
	if arg := strings.TrimSpace(fs.Arg(0)); !strings.EqualFold(arg, "none") {
		d, err := time.Parse("2006-01-02", arg)
		if err != nil {
			fmt.Fprintf(a.stderr, "peelbot afi due: %q is not a date; write it YYYY-MM-DD, or \"none\" to clear the due date\n", arg)
			return errUsage
		}
		due = &d
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionDue, Due: due})
}

func runAFINote(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi note", "peelbot afi note <id> <text> [--reports DIR]",
		"Adds a note to an area for improvement's history. The words after the id are\nthe note.\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	lib, x, err := a.afiTarget(fs, dir, "note", args, -1)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		fmt.Fprintf(a.stderr, "peelbot afi note: the note for %s is empty; write it after the id\n", x.ID)
		return errUsage
	}
	return a.changeAFI(ctx, lib, x, *as, tracker.Change{Action: tracker.ActionNote, Note: text})
}

// afiTarget parses a subcommand's flags and arguments: an AFI id, then
// extra arguments (-1: any number), which are left in fs.Args(). It loads
// the reports and finds the AFI, or explains what is wrong. Nothing is
// opened or changed before all of that succeeds.
func (a *app) afiTarget(fs *flag.FlagSet, dir *string, name string, args []string, extra int) (*corpus.Library, *corpus.AFI, error) {
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) == 0 {
		fmt.Fprintf(a.stderr, "peelbot afi %s: which AFI? Give its id; \"peelbot afi list\" shows them\n", name)
		return nil, nil, errUsage
	}
	if extra >= 0 && len(pos)-1 != extra {
		fmt.Fprintf(a.stderr, "peelbot afi %s: want %s, got %q\n", name, argsFor(name), strings.Join(pos, " "))
		if name == "close" {
			fmt.Fprintln(a.stderr, `(put the evidence in --note "…")`)
		}
		return nil, nil, errUsage
	}
	// Leave the extra arguments where the subcommand reads them.
	if err := fs.Parse(append([]string{"--"}, pos[1:]...)); err != nil {
		return nil, nil, errUsage
	}
	lib, err := a.library(*dir)
	if err != nil {
		return nil, nil, err
	}
	x := lib.AFI(pos[0])
	if x == nil {
		return nil, nil, fmt.Errorf("unknown AFI %q: \"peelbot afi list\" shows every AFI id", pos[0])
	}
	return lib, x, nil
}

func argsFor(name string) string {
	for _, s := range afiSubcommands {
		if s.name == name {
			return s.args
		}
	}
	return "<id>"
}

// actorFlag adds --as, the Slack member id to act as (PEEL_CLI_ACTOR by
// default).
func (a *app) actorFlag(fs *flag.FlagSet) *string {
	return fs.String("as", "", "act as the Slack member `id` U… (an admin, when PEEL_ADMINS is set); default $PEEL_CLI_ACTOR, else cli:$USER")
}

// changeAFI makes one change as the command-line operator, through the
// tracker's one pipeline with the same checks as Slack, and says what it
// did. A refusal is printed as the tracker words it, and changes nothing;
// one by the policy is made before the store is opened.
func (a *app) changeAFI(ctx context.Context, lib *corpus.Library, x *corpus.AFI, as string, c tracker.Change) error {
	actor, err := a.env().cliActor(as)
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot afi: %v\n", err)
		return errUsage
	}
	policy, err := a.env().policy()
	if err != nil {
		return err
	}
	if err := policy.Check(actor); err != nil {
		return fmt.Errorf("%s: %s is not one of them; give --as with one of %s", strings.TrimSuffix(tracker.ErrorMessage(err), "."), actor, strings.Join(policy.Admins(), ", "))
	}
	svc, st, err := a.openAFIs(ctx, lib)
	if err != nil {
		return err
	}
	defer st.Close()
	c.ItemID, c.Actor = x.ID, actor
	_, ev, err := svc.Do(ctx, c)
	if msg := tracker.ErrorMessage(err); msg != "" {
		return errors.New(msg + "; nothing changed")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: %s, recorded as %s\n", x.ID, describeEvent(ev), ev.Actor)
	return nil
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("afi close ID --note …"), and returns the
// positional ones. Everything after "--" is positional.
func (a *app) parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, arg := range args {
		if arg == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	if err := a.parseFlags(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	for rest := fs.Args(); len(rest) > 0; rest = fs.Args() {
		pos = append(pos, rest[0])
		if err := fs.Parse(rest[1:]); err != nil {
			return nil, errUsage
		}
	}
	return append(pos, tail...), nil
}

const (
	longDate  = "2 January 2006"
	timeOfDay = "2006-01-02 15:04 MST"
)

func dueDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func dueLong(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(longDate)
}

func quote(s string) string { return "“" + s + "”" }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
