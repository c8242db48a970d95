package main

import (
	"context"
	"log/slog"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/cmd/peelbot/askcmd"
)

func init() {
	register(&command{name: "ask", order: 10, summary: "search the reports and print quoted, cited passages", run: runAsk})
}

// askEnvHelp is the environment `peelbot ask` reads.
const askEnvHelp = `  PEEL_REPORTS_DIR   default for --reports
  PEEL_INDEX_DIR     open a prebuilt index (peelbot index --out DIR) read-only
                     instead of indexing at start; rebuilt in memory if stale
` + summaryHelp

// runAsk serves `peelbot ask` with askcmd, configured from the
// environment here.
func runAsk(ctx context.Context, a *app, args []string) error {
	sumCfg, problems := a.env().summaryConfig()
	return askcmd.Run(ctx, askcmd.Config{
		Stdin: a.stdin, Stdout: a.stdout, Stderr: a.stderr,
		ReportsDir: a.env().reportsDir(),
		Library:    a.library,
		OpenIndex:  a.openIndex,
		Summariser: func() (*summary.Summariser, []string) {
			if len(problems) > 0 {
				return nil, problems
			}
			// No log: each failure is already the note under the passages,
			// and a log line would break up the text a user reads.
			s, err := newSummariser(sumCfg, slog.New(slog.DiscardHandler))
			if err != nil {
				return nil, []string{err.Error()}
			}
			return s, nil
		},
		SummaryTimeout: sumCfg.Timeout,
		User:           a.env().cliLogin(),
		EnvHelp:        askEnvHelp,
	}, args)
}
