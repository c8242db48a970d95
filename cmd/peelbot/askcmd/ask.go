// Package askcmd is `peelbot ask`: what the reports say about a question,
// quoted and cited on the command line, optionally with a summary. It
// answers through package answer, as the Slack bot does, so both give the
// same passages with the same citations.
//
// It owns the command's flags, its text and JSON output; its configuration
// comes from main (cmd/peelbot reads the environment). It may import
// answer, answer/summary, index, corpus and cmd/peelbot/internal/cli:
// never the bot, never Slack, so that asking needs neither.
package askcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// Config is what `peelbot ask` needs from main.
type Config struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// ReportsDir is the default of --reports ($PEEL_REPORTS_DIR).
	ReportsDir string
	// Library loads the built-in reports and those in dir.
	Library func(dir string) (*corpus.Library, error)
	// OpenIndex opens or builds the search index of lib.
	OpenIndex func(lib *corpus.Library) (*index.Index, error)
	// Summariser makes the summariser --summary uses; problems are the
	// settings that are wrong, one line each (then ask exits 2). A nil
	// summariser and no problems: summaries are not configured.
	Summariser func() (s *summary.Summariser, problems []string)
	// User is who asks, for the summaries' per-user limit ("cli:<login>").
	User string
	// EnvHelp lists the environment variables ask reads, for --help.
	EnvHelp string
}

const description = `Prints the passages that best answer QUERY, each quoted in full with its
citation: report · chapter › section › finding · page, and the report's link.

With no QUERY, reads one query per line from standard input and answers each
in order; with --json, prints one JSON object per line (batch use).

--json prints {"query": "...", "answered": true|false, "note": "...", "hits":
[{"id", "report", "force", "chapter", "section", "heading", "page", "url",
"text", "score", ...}]} where "section" is the full citation path, "text" the
whole passage, "url" a link to the passage itself (a text fragment on the
report's web page) and "pdf_url" its page of the report's PDF, when known.
"answered" says whether the loaded reports answer the question; when they
don't, "note" is the sentence shown ("The loaded reports don't cover …", then
the closest chapters they do cover, also in "closest") and every hit has
"closest": true, the closest text found rather than an answer. "statement" is
peelbot's own sentence from a report's structure ("… raises no causes of
concern.").

Acronyms are searched both ways (dvpo finds "domestic violence protection
orders"), misspellings of longer words are forgiven, and:

` + index.FilterHelp + `

With --summary, a short summary of the passages by an OpenAI-compatible model
comes first, citing them as [n]; only the passages it cites are quoted under
it. --json then adds "summary": {"text", "citations": [indices into hits],
"model"}, or "summary": null and a "summary_error" saying why there is none.
`

// output is one answer of "peelbot ask --json".
type output struct {
	Query string `json:"query"`
	// Answered and Note are always present: whether the reports answer,
	// and the sentence shown about it ("" when they answer).
	Answered    bool     `json:"answered"`
	Note        string   `json:"note"`
	Closest     []string `json:"closest,omitempty"`
	Statement   string   `json:"statement,omitempty"`
	Hits        []hit    `json:"hits"`
	Problem     string   `json:"problem,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
	Expanded    []string `json:"expanded,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

// hit is a hit as --json prints it: the index's fields, and the page of
// the report's PDF when its address is known ("url" goes to the passage
// on the report's web page).
type hit struct {
	index.Hit
	PDFURL string `json:"pdf_url,omitempty"`
}

// withSummary is an answer of "peelbot ask --summary --json": "summary" is
// always present, null when there is none, with "summary_error" saying why.
type withSummary struct {
	output
	Summary      *summary.Summary `json:"summary"`
	SummaryError string           `json:"summary_error,omitempty"`
}

// Run runs `peelbot ask` with args.
func Run(ctx context.Context, cfg Config, args []string) error {
	fs := cli.NewFlagSet(cfg.Stderr, "ask", "peelbot ask [--limit N] [--json] [--summary] [--reports DIR] [QUERY...]",
		description+"\nEnvironment:\n"+cfg.EnvHelp)
	limit := fs.Int("limit", 3, "print the top `N` passages")
	asJSON := fs.Bool("json", false, "print JSON")
	wantSummary := fs.Bool("summary", false, "add a short cited summary by an OpenAI-compatible model (see Environment)")
	dir := fs.String("reports", cfg.ReportsDir, "also load every report file (.txt, .md) in `DIR`")
	if err := cli.Parse(fs, cfg.Stdout, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > 100 {
		fmt.Fprintln(cfg.Stderr, "peelbot ask: --limit must be between 1 and 100")
		return cli.ErrUsage
	}
	queries := fs.Args()
	if len(queries) == 0 && cli.IsTerminal(cfg.Stdin) {
		fs.Usage()
		return cli.ErrUsage
	}
	answers := &answer.Service{}
	if *wantSummary {
		sum, problems := cfg.Summariser()
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintf(cfg.Stderr, "peelbot ask: %s\n", p)
			}
			return cli.ErrUsage
		}
		if sum != nil {
			answers.Summariser = sum
		}
	}
	lib, err := cfg.Library(*dir)
	if err != nil {
		return err
	}
	ix, err := cfg.OpenIndex(lib)
	if err != nil {
		return err
	}
	defer ix.Close()
	answers.Index, answers.Library = ix, lib

	ask := func(q string) error {
		a, err := answers.Ask(ctx, answer.Request{Question: q, Limit: *limit, Summary: *wantSummary, User: cfg.User})
		if err != nil {
			return err
		}
		out := jsonOf(a)
		switch {
		case *asJSON && !*wantSummary:
			return cli.WriteJSONLine(cfg.Stdout, out)
		case *asJSON:
			return cli.WriteJSONLine(cfg.Stdout, withSummary{output: out, Summary: a.Summary, SummaryError: summaryError(a.SummaryErr)})
		}
		printAnswer(cfg.Stdout, a, *wantSummary)
		return nil
	}
	if len(queries) > 0 {
		return ask(strings.Join(queries, " "))
	}
	sc := bufio.NewScanner(cfg.Stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if err := ask(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

func jsonOf(a *answer.Answer) output {
	out := output{Query: a.Question, Answered: a.Answered, Note: a.Note, Closest: a.Closest, Statement: a.Statement,
		Hits: make([]hit, len(a.Hits)), Problem: a.Problem, Suggestions: a.Suggestions, Expanded: a.Expanded, Notes: a.Query.Notes}
	for i, h := range a.Hits {
		out.Hits[i].Hit = h
		if i < len(a.Passages) {
			out.Hits[i].PDFURL = a.Passages[i].Cite.PDFLink
		}
	}
	return out
}

// summaryError says in a line why there is no summary; "" when there is.
func summaryError(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, answer.ErrNoSummaries):
		return "summaries are not configured: set OPENAI_API_KEY or OPENAI_BASE_URL"
	}
	return err.Error()
}

// printAnswer prints an answer as a reader wants it: each passage's
// citation, then the whole passage quoted. With a summary, it comes first
// and only the passages it cites follow, numbered as its [n] markers.
func printAnswer(w io.Writer, a *answer.Answer, wantSummary bool) {
	fmt.Fprintf(w, "Q: %s\n", a.Question)
	for _, n := range a.Query.Notes {
		fmt.Fprintf(w, "   (%s)\n", n)
	}
	if len(a.Expanded) > 0 {
		fmt.Fprintf(w, "   (also searched for: %s)\n", strings.Join(a.Expanded, "; "))
	}
	switch {
	case a.Problem != "":
		fmt.Fprintf(w, "\n%s\n", a.Problem)
	case a.Statement != "":
		// peelbot's own sentence, from the report's structure: not a quote.
		fmt.Fprintf(w, "\n%s\n", strings.Join(wrap(a.Statement+" (peelbot, from the report's structure; not a quotation)", 95), "\n"))
	case a.Note != "":
		fmt.Fprintf(w, "\n%s\n", strings.Join(wrap(a.Note, 95), "\n"))
	case len(a.Passages) == 0:
		fmt.Fprintf(w, "\nNo passage in the reports matches that.\n")
	}
	if len(a.Passages) == 0 {
		if len(a.Suggestions) > 0 {
			fmt.Fprintf(w, "Try: %s\n", strings.Join(a.Suggestions, " · "))
		}
		if a.Statement == "" {
			fmt.Fprintf(w, "Run \"peelbot ask --help\" for filters and examples.\n")
		}
		fmt.Fprintln(w)
		return
	}
	shown := make([]int, len(a.Passages))
	for i := range shown {
		shown[i] = i
	}
	switch {
	case a.Summary != nil:
		fmt.Fprintf(w, "\nSummary (written by %s from the passages below; check them):\n", a.Summary.Model)
		for _, l := range wrap(a.Summary.Text, 95) {
			fmt.Fprintf(w, "   %s\n", l)
		}
		shown = a.Summary.Citations
	case wantSummary:
		fmt.Fprintf(w, "\n(No summary: %s. The passages are the reports' own words.)\n", summaryError(a.SummaryErr))
	}
	if a.ClosestOnly() {
		fmt.Fprintf(w, "\nClosest text found (not an answer):\n")
	}
	for _, i := range shown {
		p := a.Passages[i]
		fmt.Fprintf(w, "\n[%d] %s\n", i+1, p.Cite)
		if p.Cite.Link != "" {
			fmt.Fprintf(w, "   %s\n", p.Cite.Link)
		}
		if p.Cite.PDFLink != "" && p.Cite.PDFLink != p.Cite.Link {
			fmt.Fprintf(w, "   PDF: %s\n", p.Cite.PDFLink)
		}
		for _, line := range strings.Split(p.Text, "\n") {
			for _, l := range wrap(line, 92) {
				fmt.Fprintf(w, "   > %s\n", l)
			}
		}
	}
	fmt.Fprintln(w)
}

// wrap breaks text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, word := range strings.Fields(text) {
		wl := len([]rune(word))
		if n > 0 && n+1+wl > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, word)
		n += wl
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}
