package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/peelbot/peelbot/bot/summary"
	"github.com/peelbot/peelbot/index"
)

func init() {
	register(&command{name: "ask", order: 10, summary: "search the reports and print quoted, cited passages", run: runAsk})
}

const askDescription = `Prints the passages that best answer QUERY, each quoted in full with its
citation: report › chapter › section › finding, page and link.

With no QUERY, reads one query per line from standard input and answers each
in order; with --json, prints one JSON object per line (batch use).

--json prints {"query": "...", "hits": [{"id", "report", "force", "chapter",
"section", "heading", "page", "url", "text", "score", ...}]} where "section" is
the full citation path and "text" the whole passage.

Acronyms are searched both ways (dvpo finds "domestic violence protection
orders"), misspellings of longer words are forgiven, and:

` + index.FilterHelp + `

With --summary, a short summary of the passages by an OpenAI-compatible model
comes first, citing them as [n]; only the passages it cites are quoted under
it. --json then adds "summary": {"text", "citations": [indices into hits],
"model"}, or "summary": null and a "summary_error" saying why there is none.

Environment:
  PEEL_REPORTS_DIR   default for --reports
  PEEL_INDEX_DIR     open a prebuilt index (peelbot index --out DIR) read-only
                     instead of indexing at start; rebuilt in memory if stale
` + summaryHelp

// askHit is one hit of "peelbot ask --json".
type askOutput struct {
	Query       string      `json:"query"`
	Hits        []index.Hit `json:"hits"`
	Problem     string      `json:"problem,omitempty"`
	Suggestions []string    `json:"suggestions,omitempty"`
	Expanded    []string    `json:"expanded,omitempty"`
	Notes       []string    `json:"notes,omitempty"`
}

// askSummary is an answer of "peelbot ask --summary --json": "summary" is
// always present, null when there is none, with "summary_error" saying why.
type askSummary struct {
	askOutput
	Summary      *summary.Summary `json:"summary"`
	SummaryError string           `json:"summary_error,omitempty"`
}

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("ask", "peelbot ask [--limit N] [--json] [--reports DIR] [QUERY...]", askDescription)
	limit := fs.Int("limit", 3, "print the top `N` passages")
	asJSON := fs.Bool("json", false, "print JSON")
	withSummary := fs.Bool("summary", false, "add a short cited summary by an OpenAI-compatible model (see Environment)")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 || *limit > 100 {
		fmt.Fprintln(a.stderr, "peelbot ask: --limit must be between 1 and 100")
		return errUsage
	}
	queries := fs.Args()
	if len(queries) == 0 && isTerminal(a.stdin) {
		fs.Usage()
		return errUsage
	}
	var sum *summary.Summariser
	if *withSummary {
		var problems []string
		sum, problems = newSummariser(a.getenv, slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintf(a.stderr, "peelbot ask: %s\n", p)
			}
			return errUsage
		}
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	ix, err := a.openIndex(lib)
	if err != nil {
		return err
	}
	defer ix.Close()

	answer := func(q string) error {
		res, err := ix.Search(ctx, index.Request{Query: q, Limit: *limit})
		if err != nil {
			return err
		}
		if !*withSummary {
			if *asJSON {
				return writeJSONLine(a.stdout, askJSON(q, res))
			}
			printAnswer(a.stdout, q, res, nil, "", false)
			return nil
		}
		out := askSummary{askOutput: askJSON(q, res)}
		if out.Summary, err = summariseHits(ctx, sum, q, a.cliActor(), res.Hits); err != nil {
			out.SummaryError = err.Error()
		}
		if *asJSON {
			return writeJSONLine(a.stdout, out)
		}
		printAnswer(a.stdout, q, res, out.Summary, out.SummaryError, true)
		return nil
	}
	if len(queries) > 0 {
		return answer(strings.Join(queries, " "))
	}
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if err := answer(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

func askJSON(q string, res *index.Result) askOutput {
	out := askOutput{Query: q, Hits: res.Hits, Problem: res.Problem, Suggestions: res.Suggestions, Expanded: res.Expanded, Notes: res.Query.Notes}
	if out.Hits == nil {
		out.Hits = []index.Hit{}
	}
	return out
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printAnswer prints hits as a reader wants them: the citation, then the
// whole passage quoted. With a summary, it comes first and only the
// passages it cites follow, numbered as its [n] markers.
func printAnswer(w io.Writer, q string, res *index.Result, sum *summary.Summary, sumErr string, wantSummary bool) {
	fmt.Fprintf(w, "Q: %s\n", q)
	for _, n := range res.Query.Notes {
		fmt.Fprintf(w, "   (%s)\n", n)
	}
	if len(res.Expanded) > 0 {
		fmt.Fprintf(w, "   (also searched for: %s)\n", strings.Join(res.Expanded, "; "))
	}
	switch {
	case res.Problem != "":
		fmt.Fprintf(w, "\n%s\n", res.Problem)
	case len(res.Hits) == 0:
		fmt.Fprintf(w, "\nNo passage in the reports matches that.\n")
	}
	if len(res.Hits) == 0 {
		if len(res.Suggestions) > 0 {
			fmt.Fprintf(w, "Try: %s\n", strings.Join(res.Suggestions, " · "))
		}
		fmt.Fprintf(w, "Run \"peelbot ask --help\" for filters and examples.\n\n")
		return
	}
	shown := make([]int, len(res.Hits))
	for i := range shown {
		shown[i] = i
	}
	switch {
	case sum != nil:
		fmt.Fprintf(w, "\nSummary (written by %s from the passages below; check them):\n", sum.Model)
		for _, l := range wrap(sum.Text, 95) {
			fmt.Fprintf(w, "   %s\n", l)
		}
		shown = sum.Citations
	case wantSummary:
		fmt.Fprintf(w, "\n(No summary: %s. The passages are the reports' own words.)\n", sumErr)
	}
	for _, i := range shown {
		h := res.Hits[i]
		page := "" // a web page alone has no pages
		if h.Page > 0 {
			page = fmt.Sprintf("p. %d · ", h.Page)
		}
		fmt.Fprintf(w, "\n[%d] %s\n   %s%s\n", i+1, h.Section, page, h.URL)
		for _, line := range strings.Split(h.Text, "\n") {
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

// isTerminal reports whether r is an interactive terminal, where waiting
// for queries on standard input would only puzzle the user.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// errIndexHelp explains how to fix an unusable PEEL_INDEX_DIR.
var errIndexHelp = errors.New("rebuild it with: peelbot index --out DIR")
