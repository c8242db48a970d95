// Command peelbot answers questions about HMICFRS PEEL inspection reports
// with quoted, cited passages, in Slack and on the command line, and tracks
// what they ask forces to improve.
//
// It is the one binary: it reads and checks all configuration (config.go,
// the only reader of the environment) and wires the packages together. It
// may import every peelbot package; none imports it. Every subcommand lives
// in a file of its own and registers itself with register; main only
// dispatches. `peelbot ask` is served by askcmd, which needs no Slack.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
)

// command is one peelbot subcommand.
type command struct {
	name    string
	summary string // one line for "peelbot --help"
	order   int    // position in "peelbot --help"
	run     func(ctx context.Context, a *app, args []string) error
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// app is what a command may touch of the outside world, so tests can run
// commands in-process with their own input, output and environment.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// env is the environment the commands read, through config.go.
func (a *app) env() env { return env(a.getenv) }

// errUsage marks a mistake in how a command was called; the command has
// already printed what is wrong.
var errUsage = cli.ErrUsage

// exitError carries a specific exit status.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into an exit status:
// 0 success, 1 failure, 2 bad usage.
func run(ctx context.Context, a *app, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		a.usage(a.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(a.stderr, "peelbot: unknown command %q\n\n", args[0])
		a.usage(a.stderr)
		return 2
	}
	err := c.run(ctx, a, args[1:])
	var ee exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(a.stderr, "peelbot %s: %v\n", c.name, err)
		return 1
	}
}

func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, `peelbot finds what HMICFRS PEEL inspection reports say, quoted and cited.

Usage: peelbot <command> [flags] [arguments]

Commands:
`)
	list := make([]*command, 0, len(commands))
	for _, c := range commands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].order != list[j].order {
			return list[i].order < list[j].order
		}
		return list[i].name < list[j].name
	})
	for _, c := range list {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "peelbot <command> --help" for a command's flags and environment.

Every command reads the built-in report and, with --reports DIR or
PEEL_REPORTS_DIR, every report file in DIR as well: print PDFs (.pdf), web
pages (.html) and the text layout (.txt, .md). "peelbot reports add" adds one.

Environment (all optional but Slack's, for serve and digest):
  reports and search   PEEL_REPORTS_DIR, PEEL_INDEX_DIR
  Slack                SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET,
                       SLACK_TEAM_ID, SLACK_API_URL, PORT
  GET /metrics         PEEL_METRICS_TOKEN (bearer token), PEEL_METRICS_ADDR
                       (an address of its own instead of PORT)
  AFI store            PEEL_DB_PATH (SQLite, default ./peelbot.db) or
                       DATABASE_URL (postgres://…); PEEL_ADMINS (may do
                       anything), PEEL_REVIEWERS (sign off), and
                       PEEL_CLI_ACTOR (who "peelbot afi" acts as)
  daily digest         PEEL_DIGEST_CHANNEL, PEEL_DIGEST_AT, PEEL_DIGEST_TZ,
                       PEEL_DIGEST_DAYS; PEEL_CLAIM_LEASE (how long a
                       crashed instance holds up the digest or a DM)
  summaries            OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL,
                       OPENAI_TIMEOUT, PEEL_SUMMARY_PER_USER_HOUR,
                       PEEL_LLM_DAILY_TOKENS
`)
}

// newFlagSet makes a command's flag set (see cli.NewFlagSet).
func (a *app) newFlagSet(name, usage, description string) *flag.FlagSet {
	return cli.NewFlagSet(a.stderr, name, usage, description)
}

// parseFlags parses args, sending --help to standard output.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) error {
	return cli.Parse(fs, a.stdout, args)
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns the positional ones. Everything
// after "--" is positional.
func (a *app) parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	return cli.ParseInterspersed(fs, a.stdout, args)
}
