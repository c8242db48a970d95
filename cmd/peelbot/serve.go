package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
)

func init() {
	register(&command{name: "serve", order: 20, summary: "run the Slack bot (Socket Mode or HTTP)", run: runServe})
}

const serveDescription = `Runs peelbot in Slack: /peel, @peelbot mentions, the "Find in PEEL reports"
message shortcut and the buttons on its answers; /peel afi and the App Home
tab to track the areas for improvement (AFIs); and, with PEEL_DIGEST_CHANNEL,
a daily digest of the open AFIs (see "peelbot digest --help").

With SLACK_APP_TOKEN set, it connects to Slack over Socket Mode and needs no
public URL. Otherwise it serves HTTP on $PORT: POST /slack/commands,
POST /slack/actions, POST /slack/events, GET /healthz (alive), GET /readyz
(index loaded, store reachable) and GET /metrics (Prometheus).
deploy/slack-app-manifest.yaml creates the Slack app; the README shows both
ways.

It stops gracefully on SIGTERM or Ctrl-C, finishing the requests and replies
in flight (for at most 20 seconds).

Environment:
  SLACK_BOT_TOKEN        required: the bot token (xoxb-…, OAuth & Permissions)
  SLACK_APP_TOKEN        app-level token (xapp-…, scope connections:write):
                         use Socket Mode
  SLACK_SIGNING_SECRET   required over HTTP: the app's Signing Secret (Basic
                         Information); every request's signature is checked
  PORT                   HTTP port (default 8080); in Socket Mode, set it to
                         serve GET /healthz, /readyz and /metrics only
  SLACK_TEAM_ID          refuse requests from any other workspace (T…)
  SLACK_API_URL          Slack Web API base URL (default https://slack.com/api/),
                         for tests and proxies
  PEEL_REPORTS_DIR       default for --reports
  PEEL_INDEX_DIR         open a prebuilt index (peelbot index --out DIR)

Summaries (the Summarise button and /peel summarise) are on when a model is
configured:
` + summaryHelp + `

` + serveAFIEnvHelp

// serveConfig is serve's configuration, read from the environment. Its
// secrets are never printed: String shows only whether each is set.
type serveConfig struct {
	botToken      string
	appToken      string
	signingSecret string
	teamID        string
	apiURL        string
	port          int
	portSet       bool
	admins        []string
	digest        digestConfig
}

func (c serveConfig) socketMode() bool { return c.appToken != "" }

func (c serveConfig) String() string {
	mode := fmt.Sprintf("HTTP on :%d", c.port)
	if c.socketMode() {
		mode = "Socket Mode"
	}
	return fmt.Sprintf("%s, Slack API %s, team %s", mode, c.apiURL, orDash(c.teamID))
}

// readServeConfig reads and checks serve's environment. It returns every
// problem, one line each, naming the variable and never its secret value.
func readServeConfig(getenv func(string) string) (serveConfig, []string) {
	c := serveConfig{
		botToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		appToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		signingSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		teamID:        strings.TrimSpace(getenv("SLACK_TEAM_ID")),
		apiURL:        strings.TrimSpace(getenv("SLACK_API_URL")),
		port:          8080,
	}
	var problems []string
	switch {
	case c.botToken == "":
		problems = append(problems, "SLACK_BOT_TOKEN is not set: give the app's bot token (xoxb-…, from OAuth & Permissions)")
	case !strings.HasPrefix(c.botToken, "xoxb-"):
		problems = append(problems, "SLACK_BOT_TOKEN is not a bot token: it should start with xoxb- (OAuth & Permissions › Bot User OAuth Token)")
	}
	if c.appToken != "" && !strings.HasPrefix(c.appToken, "xapp-") {
		problems = append(problems, "SLACK_APP_TOKEN is not an app-level token: it should start with xapp- (Basic Information › App-Level Tokens); unset it to serve over HTTP")
	}
	if !c.socketMode() && c.signingSecret == "" {
		problems = append(problems, "SLACK_SIGNING_SECRET is not set: serving over HTTP needs the app's Signing Secret (Basic Information) to check every request; or set SLACK_APP_TOKEN to use Socket Mode")
	}
	if p := strings.TrimSpace(getenv("PORT")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			problems = append(problems, fmt.Sprintf("PORT must be a port number from 1 to 65535, not %q", p))
		}
		c.port, c.portSet = n, true
	}
	if c.apiURL == "" {
		c.apiURL = "https://slack.com/api/"
	} else if u, err := url.Parse(c.apiURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		problems = append(problems, "SLACK_API_URL must be an http(s) URL without credentials, such as https://slack.com/api/")
	} else if !strings.HasSuffix(c.apiURL, "/") {
		c.apiURL += "/"
	}
	if u := strings.TrimSpace(getenv("DATABASE_URL")); u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		problems = append(problems, "DATABASE_URL must be a postgres:// or postgresql:// URL; unset it to keep the store in SQLite at PEEL_DB_PATH")
	}
	if c.teamID != "" && !validTeamID(c.teamID) {
		problems = append(problems, "SLACK_TEAM_ID should be a workspace id such as T0123ABCD (Slack › workspace settings, or auth.test's team_id)")
	}
	var adminProblem string
	if c.admins, adminProblem = readAdmins(getenv("PEEL_ADMINS")); adminProblem != "" {
		problems = append(problems, adminProblem)
	}
	var digestProblems []string
	c.digest, digestProblems = readDigestConfig(getenv, false)
	problems = append(problems, digestProblems...)
	return c, problems
}

func validTeamID(s string) bool {
	if len(s) < 2 || (s[0] != 'T' && s[0] != 'E') {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// newLogger logs to w: JSON for log collectors, text on a terminal.
func newLogger(w io.Writer) *slog.Logger {
	if f, ok := w.(*os.File); ok && cli.IsTerminal(f) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// How long serve waits, on stopping, for requests and background work.
const (
	shutdownRequests = 10 * time.Second
	shutdownTotal    = 20 * time.Second
)

func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("serve", "peelbot serve [--reports DIR]", serveDescription)
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	cfg, problems := readServeConfig(a.getenv)
	log := newLogger(a.stderr)
	sum, sumProblems := newSummariser(a.getenv, log)
	problems = append(problems, sumProblems...)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(a.stderr, "peelbot serve: %s\n", p)
		}
		return exitError{code: 2}
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
	svc, st, err := a.openTracking(ctx, lib)
	if err != nil {
		return err
	}
	defer st.Close()
	bcfg := bot.Config{
		Library: lib, Index: ix, BotToken: cfg.botToken, APIURL: cfg.apiURL,
		SigningSecret: cfg.signingSecret, TeamID: cfg.teamID, Logger: log,
		Tracker: svc, Store: st, Deduper: st.EventDeduper(0),
		DigestChannel: cfg.digest.channel, Location: cfg.digest.schedule.Location, Instance: instanceName(),
	}
	bcfg.Metrics = bot.NewMetrics()
	if sum != nil {
		bcfg.Summariser = summary.Public{S: sum}
		bcfg.Metrics.Registry().MustRegister(newSummaryCollector(sum))
	}
	b, err := bot.New(bcfg)
	if err != nil {
		return err
	}
	if err := identify(ctx, b, log); err != nil {
		fmt.Fprintf(a.stderr, "peelbot serve: %v\n", err)
		return exitError{code: 2}
	}
	log.Info("peelbot serving", "config", cfg.String(), "reports", len(lib.Reports), "store", st.String(), "summaries", sum.Enabled())
	stopDigests := startDigests(ctx, b, cfg.digest, log)
	defer stopDigests()
	if cfg.socketMode() {
		return serveSocketMode(ctx, b, cfg, log)
	}
	return serveHTTP(ctx, b.Handler(), b, cfg.port, log)
}

// identify checks the bot token with Slack. A refused token stops serve; a
// Slack that cannot be reached does not (it may be back by the first
// request), so peelbot starts and says so.
func identify(ctx context.Context, b *bot.Bot, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := b.Identify(ctx)
	switch {
	case errors.Is(err, bot.ErrBadToken):
		return fmt.Errorf("SLACK_BOT_TOKEN: %w", err)
	case err != nil:
		log.Warn("could not reach Slack to check the bot token; starting anyway", "error", err.Error())
	}
	return nil
}

// serveHTTP serves h on port until ctx ends, then shuts down gracefully:
// requests in flight finish, then the bot's background work.
func serveHTTP(ctx context.Context, h http.Handler, b *bot.Bot, port int, log *slog.Logger) error {
	srv := &http.Server{
		Addr:              fmt.Sprintf(":%d", port),
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on PORT %d: %w", port, err)
	}
	log.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	stop, cancel := context.WithTimeout(context.Background(), shutdownTotal)
	defer cancel()
	reqs, cancelReqs := context.WithTimeout(stop, shutdownRequests)
	defer cancelReqs()
	var errs []error
	if err := srv.Shutdown(reqs); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if b != nil {
		if err := b.Shutdown(stop); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveSocketMode runs the bot over Socket Mode until ctx ends, with
// GET /healthz, /readyz and /metrics on PORT when PORT is set.
func serveSocketMode(ctx context.Context, b *bot.Bot, cfg serveConfig, log *slog.Logger) error {
	health := make(chan error, 1)
	hctx, stopHealth := context.WithCancel(ctx)
	defer stopHealth()
	if cfg.portSet {
		mux := http.NewServeMux()
		h := b.Handler()
		for _, path := range []string{bot.PathHealth, bot.PathReady, bot.PathMetrics} {
			mux.Handle("GET "+path, h)
		}
		go func() { health <- serveHTTP(hctx, mux, nil, cfg.port, log) }()
	}
	log.Info("connecting to Slack over Socket Mode")
	err := b.RunSocketMode(ctx, cfg.appToken)
	if errors.Is(err, bot.ErrBadToken) {
		err = fmt.Errorf("SLACK_APP_TOKEN: %w", err)
	}
	stopHealth()
	stop, cancel := context.WithTimeout(context.Background(), shutdownTotal)
	defer cancel()
	errs := []error{err}
	if serr := b.Shutdown(stop); serr != nil {
		errs = append(errs, serr)
	}
	if cfg.portSet {
		errs = append(errs, <-health)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}
