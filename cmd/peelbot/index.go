package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
		fmt.Fprintf(a.stderr, "warning: %v; indexing in memory instead (%v)\n", err, errIndexHelp)
		return index.Build(lib)
	}
	return nil, fmt.Errorf("PEEL_INDEX_DIR: %w", err)
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
	fmt.Fprintf(a.stdout, "indexed %d passages from %d reports into %s in %s (mapping version %d)\n",
		n, len(lib.Reports), *out, time.Since(start).Round(time.Millisecond), index.MappingVersion)
	return nil
}

func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("eval", "peelbot eval [--json] [-v] [--reports DIR] FILE", `Runs every question in FILE (JSON lines: {"q": question, "expect": [phrases],
"kind": name, "answerable": true|false}; any path, "~/" for your home, "-" for
standard input) and prints recall@1, recall@3 and
MRR@10 over the answerable questions, overall and for each kind, and
abstention: how many unanswerable questions were said not to be covered, and
how many answerable ones were wrongly said so. A hit is right when its
passage text contains one of the phrases, ignoring case and spacing.

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
	cases, err := index.ReadEvalCases(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return cases, nil
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
