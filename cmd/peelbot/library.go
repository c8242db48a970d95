package main

import (
	"flag"
	"fmt"
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
func (a *app) library(dir string) (*corpus.Library, error) {
	var lib *corpus.Library
	var err error
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
