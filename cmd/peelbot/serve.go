package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/tracker"
)

func init() {
	register(&command{name: "serve", order: 20, summary: "run the Slack bot (Socket Mode or HTTP)", run: runServe})
}

var serveDescription = `Runs peelbot in Slack: /peel, @peelbot mentions, direct messages and assistant
threads (with summaries streamed in when a model is configured), the "Find in
PEEL reports" message shortcut, the buttons and feedback buttons on its
answers, /peel scope, and previews of links to the loaded reports; /peel afi
and the App Home tab to track the areas for improvement (AFIs); and, with
PEEL_DIGEST_CHANNEL, a daily digest of the open AFIs (see "peelbot digest
--help").

With SLACK_APP_TOKEN set, it connects to Slack over Socket Mode and needs no
public URL. Otherwise it serves HTTP on $PORT: POST /slack/commands,
POST /slack/actions, POST /slack/events, GET /healthz (alive, as soon as it
listens), GET /readyz (index loaded, store reachable, Slack answering the
token, one line each) and GET /metrics (Prometheus).
deploy/slack-app-manifest.yaml creates the Slack app; the README shows both
ways.

It stops gracefully on SIGTERM or Ctrl-C, finishing the requests and replies
in flight and the digest or direct message being sent, and giving back the
claims it holds so that another instance, or the next start, can send what
is left at once. All of that takes at most 20 seconds (the grace period):
give the platform more before it kills the process (fly.toml: 25 s).

Environment:
  SLACK_BOT_TOKEN        required: the bot token (xoxb-…, OAuth & Permissions)
  SLACK_APP_TOKEN        app-level token (xapp-…, scope connections:write):
                         use Socket Mode
  SLACK_SIGNING_SECRET   required over HTTP: the app's Signing Secret (Basic
                         Information); every request's signature is checked
  PORT                   HTTP port (default 8080); in Socket Mode, set it to
                         serve GET /healthz, /readyz and /metrics only
  PEEL_METRICS_TOKEN     ask every GET /metrics for "Authorization: Bearer
                         <token>" (at least 16 characters; never logged)
  PEEL_METRICS_ADDR      serve GET /metrics on this address instead of PORT,
                         such as 127.0.0.1:9091 or :9091 (a port only the
                         monitoring network reaches)
  SLACK_TEAM_ID          refuse requests from any other workspace (T…)
  SLACK_API_URL          Slack Web API base URL (default https://slack.com/api/),
                         for tests and proxies
  PEEL_REPORTS_DIR       default for --reports
  PEEL_INDEX_DIR         open a prebuilt index (peelbot index --out DIR)

Summaries (the Summarise button and /peel summarise) are on when a model is
configured:
` + summaryHelp + `

` + serveAFIEnvHelp

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
	cfg, problems := readServeConfig(a.env())
	if missing := a.missingFolder(*dir); missing != "" {
		problems = append(problems, missing+": create it, or add a report with `peelbot reports add FILE`, or unset it to serve the embedded report alone")
	}
	log := newLogger(a.stderr)
	var sum *summary.Summariser
	if len(problems) == 0 {
		var err error
		if sum, err = newSummariser(cfg.summary, log); err != nil {
			problems = append(problems, err.Error())
		}
	}
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
	svc, st, err := a.openTracking(ctx, lib, cfg.store, cfg.policy)
	if err != nil {
		return err
	}
	defer st.Close()
	bcfg := bot.Config{
		Library: lib, Index: ix, BotToken: cfg.botToken, APIURL: cfg.apiURL,
		SigningSecret: cfg.signingSecret, TeamID: cfg.teamID, Logger: log,
		Tracker: svc, Store: st, Deduper: st.EventDeduper(0), ReplayGuard: st.ReplayGuard(),
		DigestChannel: cfg.digest.channel, Location: cfg.digest.schedule.Location, Instance: instanceName(),
		Export: func(ctx context.Context, f tracker.Filter, format, user string) (string, []byte, error) {
			return makePack(ctx, svc, f, format, user)
		},
	}
	bcfg.Metrics = bot.NewMetrics()
	bcfg.MetricsToken, bcfg.MetricsApart = cfg.metricsToken, cfg.metricsAddr != ""
	if sum != nil {
		bcfg.Summariser = summary.Public{S: sum}
		bcfg.Metrics.Registry().MustRegister(newSummaryCollector(sum))
	}
	b, err := bot.New(bcfg)
	if err != nil {
		return err
	}
	log.Info("peelbot serving", "config", cfg.String(), "reports", len(lib.Reports), "store", st.String(), "summaries", sum.Enabled())
	// The token is checked with Slack while the listener comes up, not
	// before: /healthz answers at once, however slow Slack is, and a
	// refused token still stops serve.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var refused atomic.Pointer[error] // said once serving has stopped: stderr is not safe for two writers
	identified := make(chan struct{})
	go func() {
		defer close(identified)
		if err := identify(ctx, b, log); err != nil {
			refused.Store(&err)
			stop()
		}
	}()
	work := newTimers(ctx, log)
	defer work.Stop()
	startDigests(work, b, cfg.digest, log)
	startFollowUps(work, b)
	metricsDone := serveMetricsApart(ctx, stop, b, cfg, log)
	if cfg.socketMode() {
		err = serveSocketMode(ctx, b, cfg, log)
	} else {
		err = serveHTTP(ctx, b.Handler(), b, portAddr(cfg.port), "PORT", log)
	}
	// What serve says next goes to the writer the background logs to:
	// let the background finish first.
	stop()
	<-identified
	work.Stop()
	err = errors.Join(err, <-metricsDone)
	if why := refused.Load(); why != nil {
		fmt.Fprintf(a.stderr, "peelbot serve: %v\n", *why)
		return exitError{code: 2}
	}
	return err
}

// identify checks the bot token with Slack. A refused token stops serve; a
// Slack that cannot be reached does not (it may be back by the first
// request), so peelbot keeps serving, says so, and /readyz reports Slack
// as unreachable until it answers.
func identify(serving context.Context, b *bot.Bot, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(serving, 10*time.Second)
	defer cancel()
	err := b.Identify(ctx)
	switch {
	case errors.Is(err, bot.ErrBadToken):
		return fmt.Errorf("SLACK_BOT_TOKEN: %w", err)
	case err != nil && serving.Err() == nil: // not merely stopping
		log.Warn("could not reach Slack to check the bot token; serving anyway", "error", err.Error())
	}
	return nil
}

// portAddr is the listen address of PORT.
func portAddr(port int) string { return fmt.Sprintf(":%d", port) }

// serveMetricsApart serves GET /metrics on PEEL_METRICS_ADDR, when it is
// set, until ctx ends; the channel gets how that ended (nil at once when
// unset). A listener that cannot start stops serve (stop), so that the
// metrics are never silently missing.
func serveMetricsApart(ctx context.Context, stop func(), b *bot.Bot, cfg serveConfig, log *slog.Logger) <-chan error {
	done := make(chan error, 1)
	if cfg.metricsAddr == "" {
		done <- nil
		return done
	}
	// Bound before PORT is: once /healthz answers, so do the metrics.
	ln, err := listen(cfg.metricsAddr, "PEEL_METRICS_ADDR", log)
	if err != nil {
		stop()
		done <- err
		return done
	}
	go func() {
		err := serveOn(ctx, ln, b.MetricsHandler(), nil, log)
		if err != nil {
			stop()
		}
		done <- err
	}()
	return done
}

// serveHTTP serves h on addr (from the variable name, for errors) until
// ctx ends, then shuts down gracefully: requests in flight finish, then
// the bot's background work.
func serveHTTP(ctx context.Context, h http.Handler, b *bot.Bot, addr, name string, log *slog.Logger) error {
	ln, err := listen(addr, name, log)
	if err != nil {
		return err
	}
	return serveOn(ctx, ln, h, b, log)
}

// listen opens addr (from the variable name, for errors).
func listen(addr, name string, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (%s): %w", name, addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String())
	return ln, nil
}

// serveOn serves h on ln as serveHTTP does.
func serveOn(ctx context.Context, ln net.Listener, h http.Handler, b *bot.Bot, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
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
		go func() { health <- serveHTTP(hctx, mux, nil, portAddr(cfg.port), "PORT", log) }()
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
