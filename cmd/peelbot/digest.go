package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // PEEL_DIGEST_TZ works on machines and images without a zone database

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store"
)

func init() {
	register(&command{name: "digest", order: 25, summary: "post today's digest of the items to Slack, once (or --dry-run)", run: runDigest})
}

var digestDescription = `Posts the digest of the reports' items (AFIs, causes of concern,
recommendations) to PEEL_DIGEST_CHANNEL, now: one message, under 50 blocks
whatever the number of reports, with the counts by status and by RAG, what
changed since the last digest, the overdue items and those due within 14
days with their owners, the sign-offs waiting and the PCC responses due.
The full list is /peel afi and App Home. "peelbot serve" keeps the day's
message up to date (chat.update) when an item it shows changes. Nothing is
posted when nothing is outstanding.

It is posted at most once per channel per day, however often it is run and
whichever instances share the store: a second run the same day says so and
posts nothing. This makes it safe for a scheduled job; "peelbot serve" posts
the same digest by itself at PEEL_DIGEST_AT on PEEL_DIGEST_DAYS. Run on its
own, digest ignores those two and posts when it is run.

--dry-run prints the digest as text (with --json, as the Block Kit messages
Slack would get) and neither posts nor records anything; it needs no Slack
token or channel. It writes nothing to the store either: a SQLite file is
read into a private copy (and none is created when there is none yet, every
AFI then shown open), PostgreSQL is read in read-only transactions.

Environment:
  SLACK_BOT_TOKEN       required unless --dry-run: the bot token (xoxb-…)
  PEEL_DIGEST_CHANNEL   required unless --dry-run: the channel's id (C…, from
                        the channel's details); invite peelbot to it
  PEEL_DIGEST_TZ        time zone of the digest's day and dates (default
                        ` + digest.DefaultTZ + `)
  SLACK_API_URL         Slack Web API base URL (default https://slack.com/api/)
  DATABASE_URL          a postgres:// URL: the store shared by every instance
  PEEL_DB_PATH          the SQLite file used when DATABASE_URL is unset
                        (default ` + store.DefaultSQLitePath + `)
  PEEL_CLAIM_LEASE      ` + claimLeaseHelp("                        ") + `
  PEEL_REPORTS_DIR      default for --reports`

func runDigest(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("digest", "peelbot digest [--dry-run [--json]] [--date YYYY-MM-DD] [--reports DIR]", digestDescription)
	dryRun := fs.Bool("dry-run", false, "print the digest; post and record nothing")
	asJSON := fs.Bool("json", false, "with --dry-run, print the Block Kit messages as JSON")
	date := fs.String("date", "", "the digest's `day`, YYYY-MM-DD (default: today in PEEL_DIGEST_TZ)")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(a.stderr, "peelbot digest: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *asJSON && !*dryRun {
		fmt.Fprintln(a.stderr, "peelbot digest: --json prints the messages instead of posting them, so it needs --dry-run")
		return errUsage
	}
	cfg, problems := a.env().digestConfig(!*dryRun)
	day := strings.TrimSpace(*date)
	if day == "" {
		day = cfg.schedule.Day(time.Now())
	} else if _, err := time.Parse(time.DateOnly, day); err != nil {
		problems = append(problems, fmt.Sprintf("--date %q is not a day: write it YYYY-MM-DD", day))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(a.stderr, "peelbot digest: %s\n", p)
		}
		return exitError{code: 2}
	}

	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	open := a.openAFIs
	if *dryRun {
		// A dry run reads the store as it is and writes nothing to it:
		// nothing is synced, and untracked AFIs are shown open.
		open = func(ctx context.Context, lib *corpus.Library) (*tracker.Service, *store.Store, error) {
			st, err := a.openPreview(ctx)
			if err != nil {
				return nil, nil, err
			}
			return &tracker.Service{Repo: st, Library: lib, Location: cfg.schedule.Location}, st, nil
		}
	}
	svc, st, err := open(ctx, lib)
	if err != nil {
		return err
	}
	defer st.Close()
	svc.Location = cfg.schedule.Location
	d := &digest.Digester[render.Message]{
		Tracker: svc, Claims: st, Layout: render.Digest,
		Channel: cfg.channel, Instance: "cli:" + instanceName(),
		// What happened is printed; the log only warns (Slack retries).
		Log: slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if *dryRun {
		return printPreview(ctx, a, d, cfg.channel, day, *asJSON)
	}
	client := slackclient.New(cfg.botToken, cfg.apiURL, &http.Client{Timeout: 15 * time.Second}, d.Log)
	d.Poster = slackclient.DigestPoster{Client: client}
	out, err := d.Run(ctx, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Digest for %s: %s\n", day, out)
	return nil
}

func printPreview(ctx context.Context, a *app, d *digest.Digester[render.Message], channel, day string, asJSON bool) error {
	dg, err := d.Compose(ctx, day)
	if err != nil {
		return err
	}
	var messages []render.Message
	if dg.Outstanding > 0 {
		messages = append(messages, render.Digest(dg))
	}
	if asJSON {
		raw, err := render.BlockKit(messages...)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "%s\n", raw)
		return nil
	}
	to := "PEEL_DIGEST_CHANNEL"
	if channel != "" {
		to = channel
	}
	fmt.Fprintf(a.stdout, "Dry run: the digest for %s as it would be posted to %s; nothing is posted or recorded.\n\n", day, to)
	fmt.Fprint(a.stdout, render.DigestText(dg))
	if len(messages) == 1 {
		fmt.Fprintf(a.stdout, "\nIn Slack: one message of %s, updated in place when an item it shows changes.\n", cli.Count(len(messages[0].Blocks), "block", "blocks"))
	}
	return nil
}

// instanceName names this process in digest claims: host and process id.
func instanceName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "peelbot"
	}
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
