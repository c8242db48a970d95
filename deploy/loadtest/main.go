// Command loadtest measures the serve figures of the performance budget
// (issue 7 §5, docs/PERFORMANCE.md): signed slash commands at a fixed rate,
// the server's memory while it answers them, and the time from process
// start to /healthz 200.
//
//	loadtest slash   -url URL [-rate 200] [-duration 30s]       load a running server
//	loadtest run     [flags] -- peelbot serve [args]           start it, time /healthz, load it, watch its memory
//	loadtest reports -out DIR [-n 50] [-forms mix]               write the synthetic reports for "-- peelbot serve --reports DIR"
//
// Requests are signed like Slack's (HMAC-SHA256 of "v0:timestamp:body"
// with the signing secret, -secret or $SLACK_SIGNING_SECRET). Each
// request's latency is counted from the moment it was due, not from when a
// free connection took it, so a server that falls behind shows in p99
// instead of slowing the load down. deploy/loadtest.sh runs the whole
// measurement.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Usage:
  loadtest slash   [flags]               signed slash commands against a running server
  loadtest run     [flags] -- CMD ARGS   start CMD (peelbot serve), time start to /healthz,
                                         load it and sample its memory, then stop it
  loadtest reports -out DIR [-n 50] [-forms text|pdf|html|mix]
                                         write synthetic reports (the embedded one
                                         rewritten for other forces) for --reports DIR

Run "loadtest <command> -h" for its flags.
`

// errFailed means the measurement ran but missed its budget or saw errors;
// the figures have been printed.
var errFailed = errors.New("budget missed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errFailed):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "slash":
		return runSlash(ctx, args[1:], stdout, stderr)
	case "run":
		return runServe(ctx, args[1:], stdout, stderr)
	case "reports":
		return runReports(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
