package main

import (
	"flag"
	"fmt"

	"github.com/peelbot/peelbot/corpus"
)

// reportsHelp describes --reports for every command's help.
const reportsHelp = `Environment:
  PEEL_REPORTS_DIR   default for --reports`

// reportsFlag adds --reports, defaulting to $PEEL_REPORTS_DIR.
func (a *app) reportsFlag(fs *flag.FlagSet) *string {
	return fs.String("reports", a.env().reportsDir(), "also load every report file (.txt, .md) in `DIR`")
}

// library loads the embedded reports and those in dir, and prints the
// parser's warnings so that a maintainer sees them.
func (a *app) library(dir string) (*corpus.Library, error) {
	lib, err := corpus.Load(dir)
	if err != nil {
		return nil, err
	}
	for _, r := range lib.Reports {
		for _, w := range r.Warnings {
			fmt.Fprintf(a.stderr, "warning: %s\n", w)
		}
	}
	return lib, nil
}
