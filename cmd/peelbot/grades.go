package main

import (
	"time"

	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/tracker"
	"text/tabwriter"

	"github.com/peelbot/peelbot/corpus"
)

func init() {
	register(&command{name: "grades", order: 50, summary: "list the graded judgments of every report", run: runGrades})
	register(&command{name: "reports", order: 60, summary: "list the loaded reports; check, add or remove report files", run: runReports})
}

func runGrades(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("grades", "peelbot grades [--json] [--reports DIR]",
		"Lists the graded judgment of each area in each report, in report order.\n"+
			"--json prints an array of {\"report\", \"area\", \"grade\", \"chapter\"}.\n\n"+reportsHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	if *asJSON {
		grades := lib.Grades()
		if grades == nil {
			grades = []corpus.Grade{}
		}
		return writeJSON(a, grades)
	}
	for _, r := range lib.Reports {
		fmt.Fprintf(a.stdout, "%s — %s, %s\n", r.ID, r.Force, r.Round)
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		for _, g := range r.Grades {
			fmt.Fprintf(tw, "  %s\t%s\n", g.Rating, g.Area)
		}
		tw.Flush()
		if len(r.Grades) == 0 {
			fmt.Fprintln(a.stdout, "  (no graded judgments)")
		}
	}
	return nil
}

// reportSummary is one line of "peelbot reports --json".
type reportSummary struct {
	ID        string `json:"id"`
	Force     string `json:"force"`
	Round     string `json:"round"`
	Published string `json:"published"`
	URL       string `json:"url"`
	PDFURL    string `json:"pdf_url,omitempty"`
	Source    string `json:"source"`
	Form      string `json:"form"`
	PagesFrom string `json:"pages_from,omitempty"`
	Grades    int    `json:"grades"`
	AFIs      int    `json:"afis"`
	Concerns  int    `json:"concerns"`
	Passages  int    `json:"passages"`
	// Section 55: the PCC's response is due 56 days from publication.
	ResponseDue *string           `json:"pcc_response_due"`
	Response    *tracker.Response `json:"pcc_response"`
	Items       int               `json:"items"`
}

func runReports(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 {
		if sub, ok := reportsSubcommands[args[0]]; ok {
			return sub(ctx, a, args[1:])
		}
	}
	fs := a.newFlagSet("reports", "peelbot reports [--json] [--reports DIR]\n       peelbot reports add|check|remove …",
		"Lists each loaded report with its force, round, publication month, web page\n"+
			"and how many grades, areas for improvement, causes of concern and passages it has,\n"+
			"and its PCC response: \"PCC response due <date>\" (56 days from publication,\n"+
			"section 55 of the Police Act 1996) until \"peelbot reports respond ID URL\"\n"+
			"records the published response.\n\n"+
			reportsSubcommandHelp+"\n"+reportsHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	states := a.responseStates(ctx, lib)
	today := tracker.Today(time.Now(), a.env().workspaceZone())
	catalog := tracker.NewCatalog(lib)
	items := map[string]int{}
	for _, src := range catalog.Sources() {
		items[src.ReportID]++
	}
	out := []reportSummary{}
	var texts []string
	for i, r := range lib.Reports {
		s := reportSummary{
			ID: r.ID, Force: r.Force, Round: r.Round, Published: r.Published, URL: r.URL, PDFURL: r.PDFURL,
			Source: r.Source, Form: string(r.Form), PagesFrom: r.PagesFrom,
			Grades: len(r.Grades), AFIs: len(r.AFIs), Concerns: len(r.Concerns), Passages: len(r.Passages()), Items: items[r.ID],
		}
		st := states[i]
		if !st.Due.IsZero() {
			s.ResponseDue = orNull(st.Due.Format(time.DateOnly))
		}
		s.Response = st.Response
		out = append(out, s)
		texts = append(texts, st.Text(today))
	}
	if *asJSON {
		return writeJSON(a, out)
	}
	for i, s := range out {
		fmt.Fprintf(a.stdout, "%s\t%s, %s, published %s\n\t%s\n\t%s, %s, %s, %s; %s tracked\n\t%s\n\tfrom %s\n",
			s.ID, s.Force, s.Round, cmp.Or(s.Published, "—"), s.URL,
			cli.Count(s.Grades, "grade", "grades"), cli.Count(s.AFIs, "area for improvement", "areas for improvement"),
			cli.Count(s.Concerns, "cause of concern", "causes of concern"), cli.Count(s.Passages, "passage", "passages"),
			cli.Count(s.Items, "item", "items"), texts[i], sourceLine(s))
	}
	return nil
}

// responseStates are the reports' section 55 states, read from the store
// without writing to it; without a store (or when it cannot be read) the
// due dates alone, with a warning.
func (a *app) responseStates(ctx context.Context, lib *corpus.Library) []tracker.ResponseState {
	svc := &tracker.Service{Library: lib, Repo: nil}
	st, err := a.openPreview(ctx)
	if err == nil {
		defer st.Close()
		svc.Repo = st
		if states, err := svc.Responses(ctx); err == nil {
			return states
		} else {
			fmt.Fprintf(a.stderr, "peelbot reports: the PCC responses could not be read (%v); due dates only\n", err)
		}
	}
	out := make([]tracker.ResponseState, len(lib.Reports))
	for i, r := range lib.Reports {
		out[i].Report = r
		out[i].Due, _ = tracker.ResponseDue(r)
	}
	return out
}

// sourceLine names the file a report was read from, and the PDF its pages
// came from when that is another.
func sourceLine(s reportSummary) string {
	line := s.Source + " (" + formNames[corpus.Form(s.Form)] + ")"
	if s.PagesFrom != "" {
		line += ", printed pages from " + s.PagesFrom
	}
	return line
}

func writeJSON(a *app, v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
