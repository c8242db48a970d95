package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

func init() {
	register(&command{name: "index", order: 70, summary: "write a prebuilt search index for fast cold starts", run: runIndex})
	register(&command{name: "eval", order: 80, summary: "measure search quality on a question set", run: runEval})
}

// openIndex opens the prebuilt index in $PEEL_INDEX_DIR when set, or builds
// one in memory. A prebuilt index that is stale (older binary, other
// reports) is not misread: peelbot warns and builds a fresh one in memory.
func (a *app) openIndex(lib *corpus.Library) (*index.Index, error) {
	dir := a.env().indexDir()
	if dir == "" {
		return index.Build(lib)
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		// Named before anything was indexed (the README's first steps):
		// not yet a fault, and it is made by the first reports add.
		fmt.Fprintf(a.stderr, "warning: the index folder %s (PEEL_INDEX_DIR) does not exist yet, so the reports are indexed in memory; `peelbot reports add FILE` or `peelbot index --out %s` makes it\n", dir, dir)
		return index.Build(lib)
	}
	ix, err := index.Open(dir, lib)
	if err == nil {
		return ix, nil
	}
	if errors.Is(err, index.ErrStale) {
		fmt.Fprintf(a.stderr, "warning: %v; indexing in memory instead (rebuild it with: peelbot index --out %s)\n", err, dir)
		return index.Build(lib)
	}
	return nil, indexOpenError(dir, err)
}

// indexOpenError is err, from opening the prebuilt index in dir
// (PEEL_INDEX_DIR), as one line saying which folder, what is wrong with it
// and the two ways out: build the index there, or unset the setting.
func indexOpenError(dir string, err error) error {
	fix := fmt.Sprintf("build it with \"peelbot index --out %s\", or unset PEEL_INDEX_DIR to index in memory at start", dir)
	// A folder that does not exist yet is not an error (see openIndex).
	if fi, statErr := os.Stat(dir); statErr == nil && !fi.IsDir() {
		return fmt.Errorf("PEEL_INDEX_DIR %s is a file, not an index folder: name the folder \"peelbot index --out DIR\" wrote, or unset PEEL_INDEX_DIR to index in memory at start", dir)
	}
	return fmt.Errorf("PEEL_INDEX_DIR %s does not hold a usable search index (%s): %s", dir, innermost(err), fix)
}

// innermost is the text of the last error in err's chain, which says what
// went wrong without the layers' "open index DIR:" prefixes; the search
// library's own "cannot open index, " is dropped as well.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	return strings.TrimPrefix(err.Error(), "cannot open index, ")
}

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("index", "peelbot index --out DIR [--reports DIR]", `Writes a persistent search index of every loaded report to DIR, replacing an
index already there, with the parsed reports beside it. Point PEEL_INDEX_DIR
at it so that "peelbot serve" and "peelbot ask" open it read-only at start
instead of indexing, and take the reports from it instead of reading them
(each report file is checked by its SHA-256; a changed one is read again).

`+reportsHelp)
	out := fs.String("out", "", "write the index to `DIR`")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(a.stderr, "peelbot index: --out DIR is required")
		return errUsage
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	start := time.Now()
	ix, err := index.Create(*out, lib)
	if err != nil {
		return err
	}
	n, err := ix.DocCount()
	if err != nil {
		ix.Close()
		return err
	}
	if err := ix.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", *out, err)
	}
	if err := lib.WriteCache(filepath.Join(*out, corpus.CacheFile)); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "indexed %s from %s into %s in %s (mapping version %d)\n",
		cli.Count(int(n), "passage", "passages"), cli.Count(len(lib.Reports), "report", "reports"), *out, time.Since(start).Round(time.Millisecond), index.MappingVersion)
	return nil
}

func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("eval", "peelbot eval [--json] [-v] [--reports DIR] FILE", `Runs every question in FILE (JSON lines: {"q": question, "expect": [phrases],
"kind": name, "answerable": true|false}; any path, "~/" for your home, "-" for
standard input) and prints recall@1, recall@3 and
MRR@10 over the answerable questions, overall and for each kind, and
abstention: how many unanswerable questions were said not to be covered, and
how many answerable ones were wrongly said so. A hit is right when its
passage text, or that of what the inspectors found shown with an area for
improvement, contains one of the phrases, ignoring case and spacing.

`+reportsHelp+`
  PEEL_INDEX_DIR     as for peelbot ask`)
	asJSON := fs.Bool("json", false, "print JSON")
	verbose := fs.Bool("v", false, "list the questions whose right passage is not in the top 3, and abstention mistakes")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(a.stderr, "peelbot eval: give one question file")
		return errUsage
	}
	cases, err := a.readEvalSet(fs.Arg(0))
	if err != nil {
		return err
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
	res, err := index.Evaluate(ctx, ix, cases)
	if err != nil {
		return err
	}
	if *asJSON {
		if !*verbose {
			res.Misses = nil
		}
		return writeJSON(a, res)
	}
	printEval(a.stdout, res, *verbose)
	return nil
}

// readEvalSet reads a question set from a path (relative to the working
// directory, absolute, or "~/…" in the home directory) or, for "-",
// standard input.
func (a *app) readEvalSet(name string) ([]index.EvalCase, error) {
	var r io.Reader = a.stdin
	if name != "-" {
		path := name
		if rest, ok := strings.CutPrefix(name, "~/"); ok && a.getenv("HOME") != "" {
			path = filepath.Join(a.getenv("HOME"), rest)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("question set: %w", err)
		}
		defer f.Close()
		r = f
	}
	if name == "-" {
		name = "on standard input"
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read question set %s: %w", name, err)
	}
	cases, err := index.ReadEvalCases(bytes.NewReader(data))
	if err != nil {
		// Only a JSON error is the decoder's jargon; the others already
		// name the line and the field in words.
		if n, why := badEvalLine(data); n > 0 && isJSONError(err) {
			return nil, fmt.Errorf("question set %s, line %d: %s; each line is one JSON object such as %s (blank lines and lines starting with # are skipped)", name, n, why, evalLineExample)
		}
		return nil, fmt.Errorf("question set %s: %w", name, err)
	}
	return cases, nil
}

// isJSONError reports whether err is the JSON decoder's, about syntax or
// a value's type.
func isJSONError(err error) bool {
	_, syntax := errors.AsType[*json.SyntaxError](err)
	_, shape := errors.AsType[*json.UnmarshalTypeError](err)
	return syntax || shape
}

// evalLineExample is what a line of a question set looks like.
const evalLineExample = `{"q": "dvpo", "expect": ["domestic violence protection orders"], "kind": "acronym"}`

// badEvalLine finds the first line of a question set that is not a JSON
// object of the right shape, read as index.ReadEvalCases reads it, and
// says what is wrong with it; n is 0 when every line parses.
func badEvalLine(data []byte) (n int, why string) {
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if i == 0 {
			t = strings.TrimPrefix(t, "\ufeff")
		}
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		var c index.EvalCase
		err := json.Unmarshal([]byte(t), &c)
		if err == nil {
			continue
		}
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			return i + 1, fmt.Sprintf("%q must be %s, not a JSON %s", te.Field, evalFieldType(te.Field), te.Value)
		}
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return i + 1, fmt.Sprintf("it is a JSON %s, not an object", te.Value)
		}
		return i + 1, "it is not valid JSON"
	}
	return 0, ""
}

// evalFieldType says what a question set's field holds.
func evalFieldType(field string) string {
	switch field {
	case "expect":
		return "a list of phrases"
	case "answerable":
		return "true or false"
	}
	return "a string"
}

// printEval prints an evaluation's figures as a table, then, verbosely,
// every miss.
func printEval(w io.Writer, res *index.EvalResult, verbose bool) {
	fmt.Fprintf(w, "questions  %d (%d answerable, %d not)\n\n", res.Questions, res.Answerable, res.Unanswerable)
	fmt.Fprintf(w, "%-16s %4s  %8s  %8s  %6s  %s\n", "answerable", "n", "recall@1", "recall@3", "MRR@10", "said not covered")
	row := func(name string, s index.Scores) {
		fmt.Fprintf(w, "%-16s %4d  %8.3f  %8.3f  %6.3f  %d\n", name, s.N, s.RecallAt1, s.RecallAt3, s.MRRAt10, s.Flagged)
	}
	if res.Answerable > 0 {
		row("all", res.Scores)
		if len(res.Kinds) > 1 {
			for _, k := range res.KindNames() {
				row(k, *res.Kinds[k])
			}
		}
	}
	fmt.Fprintf(w, "\nabstention\n  unanswerable said not covered   %d of %d\n  answerable wrongly said so      %d of %d\n",
		res.Flagged, res.Unanswerable, res.WronglyFlagged, res.Answerable)
	if verbose {
		for _, m := range res.Misses {
			kind := ""
			if m.Kind != "" {
				kind = " [" + m.Kind + "]"
			}
			fmt.Fprintf(w, "\n%s%s: %s\n  first: %.100s\n", m.Problem, kind, m.Q, m.First)
			if m.Note != "" {
				fmt.Fprintf(w, "  note: %s\n", m.Note)
			}
		}
	}
}
