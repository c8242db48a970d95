package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	fs := a.newFlagSet("eval", "peelbot eval [--json] [-v] [--reports DIR] FILE", `Runs every question in FILE (JSON lines: {"q": question, "expect": [phrases]})
and prints recall@1, recall@3 and MRR@10. A hit is right when its passage text
contains one of the phrases, ignoring case and spacing.

`+reportsHelp+`
  PEEL_INDEX_DIR     as for peelbot ask`)
	asJSON := fs.Bool("json", false, "print JSON")
	verbose := fs.Bool("v", false, "list the questions whose right passage is not in the top 3")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(a.stderr, "peelbot eval: give one question file")
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	cases, err := index.ReadEvalCases(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", fs.Arg(0), err)
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
	fmt.Fprintf(a.stdout, "questions  %d\nrecall@1   %.3f\nrecall@3   %.3f\nMRR@10     %.3f\n", res.Questions, res.RecallAt1, res.RecallAt3, res.MRRAt10)
	if *verbose {
		for _, m := range res.Misses {
			fmt.Fprintf(a.stdout, "\nmiss (rank %d): %s\n  first: %.100s\n", m.Rank, m.Q, m.First)
		}
	}
	return nil
}
