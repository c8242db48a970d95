package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/peelbot/peelbot/corpus"
)

// reportsHelp describes --reports for every command's help.
const reportsHelp = `Environment:
  PEEL_REPORTS_DIR   default for --reports`

// reportsFlag adds --reports, defaulting to $PEEL_REPORTS_DIR.
func (a *app) reportsFlag(fs *flag.FlagSet) *string {
	return fs.String("reports", a.env().reportsDir(), "also load every report file (print PDF .pdf, web page .html, text .txt or .md) in `DIR`")
}

// library loads the embedded reports and those in dir, and prints the
// readers' warnings so that a maintainer sees them. With a prebuilt index
// (PEEL_INDEX_DIR), each file's parsed model comes from the cache beside
// it when the file is unchanged.
//
// A reports folder that does not exist yet holds no reports: the README's
// first steps name it before `reports add` creates it, so every command
// goes on with the embedded reports and says so in one line (serve, which
// must not quietly lose a force's reports, refuses instead: servable).
func (a *app) library(dir string) (*corpus.Library, error) {
	var lib *corpus.Library
	var err error
	if missing := a.missingFolder(dir); missing != "" {
		fmt.Fprintf(a.stderr, "warning: %s, so only the embedded report is loaded; `peelbot reports add FILE` creates it\n", missing)
		dir = ""
	}
	if ix := a.getenv("PEEL_INDEX_DIR"); ix != "" {
		lib, _, err = corpus.LoadCached(dir, filepath.Join(ix, corpus.CacheFile))
	} else {
		lib, err = corpus.Load(dir)
	}
	if err != nil {
		return nil, err
	}
	for _, r := range lib.Reports {
		for _, w := range r.Warnings {
			fmt.Fprintf(a.stderr, "warning: %s\n", w)
		}
	}
	for _, w := range lib.Warnings {
		fmt.Fprintf(a.stderr, "warning: %s\n", w)
	}
	return lib, nil
}

// missingFolder says which reports folder does not exist, naming where it
// was given (PEEL_REPORTS_DIR or --reports), or "" when dir is unset or
// exists (anything else wrong with it is Load's to report).
func (a *app) missingFolder(dir string) string {
	if dir == "" {
		return ""
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	from := "--reports"
	if dir == a.env().reportsDir() {
		from = "PEEL_REPORTS_DIR"
	}
	return fmt.Sprintf("the reports folder %s (%s) does not exist", dir, from)
}
