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
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

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
	// SummaryTimeout is OPENAI_TIMEOUT, named in the note when the model
	// does not answer in time; zero when unknown.
	SummaryTimeout time.Duration
	// User is who asks, for the summaries' per-user limit ("cli:<login>").
	User string
	// EnvHelp lists the environment variables ask reads, for --help.
	EnvHelp string
}

const description = `Prints the passages that best answer QUERY, each quoted in full with its
citation: report · chapter › section › finding · page, and the report's link.

Flags may come before or after QUERY ("peelbot ask dvpo --json"); after --,
everything is the query, even words that start with -.

With no QUERY, reads one query per line from standard input and answers each
in order, skipping blank lines; with --json, prints one JSON object per line (batch use).

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

With --summary, the passages are printed at once, numbered [1]..[n], then a
short summary of them by an OpenAI-compatible model, citing them as [n],
when it arrives (or why there is none, past OPENAI_TIMEOUT). --json waits
for it and prints one object per query, adding "summary": {"text", "citations": [indices into hits],
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
	// Explanation is what the inspectors found under an AFI, printed as
	// a hit is (index.Hit.Explanation), its PDF page with it.
	Explanation *hit `json:"explanation,omitempty"`
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
	queries, err := cli.ParseInterspersed(fs, cfg.Stdout, args)
	if err != nil {
		return err
	}
	if *limit < 1 || *limit > 100 {
		fmt.Fprintln(cfg.Stderr, "peelbot ask: --limit must be between 1 and 100")
		return cli.ErrUsage
	}
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
		if *asJSON {
			return askJSON(ctx, cfg, answers, q, *limit, *wantSummary)
		}
		return askText(ctx, cfg, answers, q, *limit, *wantSummary)
	}
	if len(queries) > 0 {
		return ask(strings.Join(queries, " "))
	}
	return eachLine(cfg.Stdin, cfg.Stderr, ask)
}

// askJSON prints one answer as one JSON object, with its summary when
// asked for one: the object waits for it.
func askJSON(ctx context.Context, cfg Config, answers *answer.Service, q string, limit int, wantSummary bool) error {
	a, err := answers.Ask(ctx, answer.Request{Question: q, Limit: limit, Summary: wantSummary, User: cfg.User})
	if err != nil {
		return err
	}
	out := jsonOf(a)
	if !wantSummary {
		return cli.WriteJSONLine(cfg.Stdout, out)
	}
	return cli.WriteJSONLine(cfg.Stdout, withSummary{output: out, Summary: a.Summary, SummaryError: summaryError(a.SummaryErr, cfg.SummaryTimeout)})
}

// askText prints one answer for a reader: the passages at once, flushed,
// then, when asked for, the summary once the model has written it (or
// why there is none), so that a slow or hanging model never holds the
// reports' own words back.
func askText(ctx context.Context, cfg Config, answers *answer.Service, q string, limit int, wantSummary bool) error {
	a, err := answers.Ask(ctx, answer.Request{Question: q, Limit: limit, User: cfg.User})
	if err != nil {
		return err
	}
	printAnswer(cfg.Stdout, a)
	if !wantSummary || len(a.Passages) == 0 {
		fmt.Fprintln(cfg.Stdout)
		return flush(cfg.Stdout)
	}
	if err := flush(cfg.Stdout); err != nil {
		return err
	}
	if a.Answered {
		a.Summary, a.SummaryErr = answers.Summarise(ctx, a.Question, cfg.User, a.Passages)
	} else {
		a.SummaryErr = answer.ErrNotCovered
	}
	printSummary(cfg.Stdout, a, cfg.SummaryTimeout)
	fmt.Fprintln(cfg.Stdout)
	return flush(cfg.Stdout)
}

// flush writes out what w buffers, when it buffers (os.Stdout does not).
func flush(w io.Writer) error {
	if f, ok := w.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}

// MaxLineBytes is the longest line of standard input ask reads as a
// query; a longer one is refused by its number, and the rest are asked.
const MaxLineBytes = 1 << 20

// eachLine calls ask with each line of r that is not blank, in order. A
// line longer than MaxLineBytes is not read into memory: it is refused on
// stderr by its number, and once the rest are answered eachLine says how
// many were refused.
func eachLine(r io.Reader, stderr io.Writer, ask func(string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var refused []int
	for n := 1; ; n++ {
		line, long, err := readLine(br, MaxLineBytes)
		if err == io.EOF && line == "" && !long {
			break
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read standard input, line %d: %w", n, err)
		}
		switch {
		case long:
			refused = append(refused, n)
			fmt.Fprintf(stderr, "peelbot ask: line %d is longer than %d bytes (1 MiB), so it was not asked\n", n, MaxLineBytes)
		case strings.TrimSpace(line) == "":
			// A blank line asks nothing: it is skipped, as a shell or a
			// file of questions would have it, not answered "Q: ".
		default:
			if askErr := ask(line); askErr != nil {
				return askErr
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(refused) > 0 {
		lines, were := cli.Count(len(refused), "line", "lines"), "was"
		if len(refused) > 1 {
			were = "were"
		}
		return fmt.Errorf("%s of standard input longer than %d bytes %s not asked (line %s)", lines, MaxLineBytes, were, joinInts(refused))
	}
	return nil
}

// readLine reads one line, without its end, holding at most max bytes of
// it: past that it reads on to the line's end and reports long.
func readLine(br *bufio.Reader, max int) (line string, long bool, err error) {
	var buf []byte
	for {
		part, err := br.ReadSlice('\n')
		if !long {
			if len(buf)+len(part) > max+2 { // +2: the line's own "\r\n"
				long, buf = true, nil
			} else {
				buf = append(buf, part...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		if long || len(line) > max {
			return "", true, err
		}
		return line, false, err
	}
}

// joinInts is "3, 7".
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}

func jsonOf(a *answer.Answer) output {
	out := output{Query: a.Question, Answered: a.Answered, Note: a.Note, Closest: a.Closest, Statement: a.Statement,
		Hits: make([]hit, len(a.Hits)), Problem: a.Problem, Suggestions: a.Suggestions, Expanded: a.Expanded, Notes: a.Query.Notes}
	for i, h := range a.Hits {
		out.Hits[i].Hit = h
		if i < len(a.Passages) {
			out.Hits[i].PDFURL = a.Passages[i].Cite.PDFLink
		}
		if e := h.Explanation; e != nil {
			out.Hits[i].Explanation = &hit{Hit: *e}
			if i < len(a.Passages) && a.Passages[i].Explanation != nil {
				out.Hits[i].Explanation.PDFURL = a.Passages[i].Explanation.Cite.PDFLink
			}
		}
	}
	return out
}

// summaryError says in a line why there is no summary, naming the setting
// to look at when one is at fault; "" when there is a summary. timeout is
// OPENAI_TIMEOUT (zero when unknown).
func summaryError(err error, timeout time.Duration) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, answer.ErrNoSummaries):
		return "summaries are not configured: set OPENAI_API_KEY or OPENAI_BASE_URL"
	case errors.Is(err, summary.ErrUngrounded):
		// Not summary's own text, which counts "1 invalid markers removed".
		return "the model's summary cited none of the passages, so it is not shown"
	case errors.Is(err, summary.ErrTimeout):
		if timeout > 0 {
			return fmt.Sprintf("the model did not answer within %s (OPENAI_TIMEOUT)", timeout)
		}
		return "the model did not answer in time (OPENAI_TIMEOUT)"
	}
	if up, ok := errors.AsType[*summary.UpstreamError](err); ok {
		return modelServerError(up)
	}
	return err.Error()
}

// modelServerError says what went wrong with the model server in words a
// user can act on: which host could not be reached and how, or what the
// server answered, with the setting to check. Only the host is named, never
// the rest of OPENAI_BASE_URL, which may hold credentials.
func modelServerError(up *summary.UpstreamError) string {
	if up.StatusCode == 0 {
		return unreachable(up)
	}
	status := fmt.Sprintf("%d %s", up.StatusCode, http.StatusText(up.StatusCode))
	if up.Message != "" {
		status += ": " + up.Message
	}
	switch {
	case up.StatusCode == http.StatusUnauthorized, up.StatusCode == http.StatusForbidden:
		return fmt.Sprintf("the model server refused the key (%s; check OPENAI_API_KEY)", status)
	case up.StatusCode == http.StatusNotFound:
		return fmt.Sprintf("the model server answered %s (check OPENAI_BASE_URL and OPENAI_MODEL)", status)
	case up.StatusCode == http.StatusTooManyRequests:
		return fmt.Sprintf("the model server is busy (%s); try again later", status)
	case up.StatusCode >= 500:
		return fmt.Sprintf("the model server failed (%s); try again later", status)
	}
	return fmt.Sprintf("the model server answered %s", status)
}

// unreachable says why no HTTP answer came back from the model server.
func unreachable(up *summary.UpstreamError) string {
	ue, ok := errors.AsType[*url.Error](up.Err)
	if !ok {
		if up.Message == "" {
			return "the model server failed (OPENAI_BASE_URL)"
		}
		return fmt.Sprintf("the model server at OPENAI_BASE_URL failed: %s", up.Message)
	}
	host := "OPENAI_BASE_URL"
	if u, err := url.Parse(ue.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	if dns, ok := errors.AsType[*net.DNSError](ue.Err); ok {
		return fmt.Sprintf("the model server's host %q was not found (OPENAI_BASE_URL)", dns.Name)
	}
	switch {
	case errors.Is(ue.Err, syscall.ECONNREFUSED):
		return fmt.Sprintf("the model server at %s refused the connection (OPENAI_BASE_URL)", host)
	case ue.Timeout():
		return fmt.Sprintf("the model server at %s did not answer (OPENAI_BASE_URL)", host)
	}
	cause := ue.Err
	if op, ok := errors.AsType[*net.OpError](cause); ok && op.Err != nil {
		cause = op.Err
	}
	return fmt.Sprintf("could not reach the model server at %s (OPENAI_BASE_URL): %v", host, cause)
}

// printAnswer prints an answer as a reader wants it: each passage's
// citation, numbered as a summary's [n] markers cite it, then the whole
// passage quoted. It ends without the blank line that closes an answer,
// so that a summary may follow.
func printAnswer(w io.Writer, a *answer.Answer) {
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
		return
	}
	if a.ClosestOnly() {
		fmt.Fprintf(w, "\nClosest text found (not an answer):\n")
	}
	for i, p := range a.Passages {
		fmt.Fprintf(w, "\n[%d] %s\n", i+1, p.Cite)
		if p.Cite.Link != "" {
			fmt.Fprintf(w, "   %s\n", p.Cite.Link)
		}
		if p.Cite.PDFLink != "" && p.Cite.PDFLink != p.Cite.Link {
			fmt.Fprintf(w, "   PDF: %s\n", p.Cite.PDFLink)
		}
		printQuote(w, p.Text)
		if e := p.Explanation; e != nil {
			label := "What the inspectors found"
			if e.Cite.Page > 0 {
				label += fmt.Sprintf(" (p. %d)", e.Cite.Page)
			}
			fmt.Fprintf(w, "   %s:\n", label)
			if e.Cite.Link != "" && e.Cite.Link != p.Cite.Link {
				fmt.Fprintf(w, "   %s\n", e.Cite.Link)
			}
			printQuote(w, e.Text)
		}
	}
}

// printQuote prints a passage's words as a quote, wrapped.
func printQuote(w io.Writer, text string) {
	for _, line := range strings.Split(text, "\n") {
		for _, l := range wrap(line, 92) {
			fmt.Fprintf(w, "   > %s\n", l)
		}
	}
}

// printSummary prints the answer's summary under its passages, naming
// those it cites, or why there is none.
func printSummary(w io.Writer, a *answer.Answer, timeout time.Duration) {
	if a.Summary == nil {
		fmt.Fprintf(w, "\n(No summary: %s. The passages are the reports' own words.)\n", summaryError(a.SummaryErr, timeout))
		return
	}
	var cited []string
	for _, c := range a.Summary.Citations {
		cited = append(cited, fmt.Sprintf("[%d]", c+1))
	}
	fmt.Fprintf(w, "\nSummary (written by %s from the passages above, citing %s; check them):\n", a.Summary.Model, strings.Join(cited, ", "))
	for _, l := range wrap(a.Summary.Text, 95) {
		fmt.Fprintf(w, "   %s\n", l)
	}
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
