package main

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store"
)

// Every environment variable peelbot reads is read and checked in this
// file, each in one place: no other file calls getenv, and no package
// peelbot is built from reads the environment (only the tests' storetest
// reads PEEL_TEST_DATABASE_URL). A check returns its problems
// one line each, naming the variable and saying what would do, never a
// secret's value; commands print them all before giving up.

// env reads the environment, its values without surrounding space.
type env func(string) string

func (e env) get(name string) string { return strings.TrimSpace(e(name)) }

// Reports and search.

// reportsDir is PEEL_REPORTS_DIR, the default of --reports.
func (e env) reportsDir() string { return e.get("PEEL_REPORTS_DIR") }

// indexDir is PEEL_INDEX_DIR, a prebuilt index to open; "" to build one.
func (e env) indexDir() string { return e.get("PEEL_INDEX_DIR") }

// Slack.

// slackAPIDefault is Slack's own Web API.
const slackAPIDefault = "https://slack.com/api/"

// botToken reads SLACK_BOT_TOKEN; unset is a problem only when required,
// and missing says what needs it.
func (e env) botToken(required bool, missing string) (string, []string) {
	token := e.get("SLACK_BOT_TOKEN")
	switch {
	case token == "" && required:
		return "", []string{"SLACK_BOT_TOKEN is not set: " + missing}
	case token != "" && !strings.HasPrefix(token, "xoxb-"):
		return "", []string{"SLACK_BOT_TOKEN is not a bot token: it should start with xoxb- (OAuth & Permissions › Bot User OAuth Token)"}
	}
	return token, nil
}

// apiURL reads SLACK_API_URL, ending in "/"; Slack's own when unset.
func (e env) apiURL() (string, []string) {
	raw := e.get("SLACK_API_URL")
	if raw == "" {
		return slackAPIDefault, nil
	}
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", []string{"SLACK_API_URL must be an http(s) URL without credentials, such as https://slack.com/api/"}
	}
	if !strings.HasSuffix(raw, "/") {
		raw += "/"
	}
	return raw, nil
}

// serveConfig is serve's configuration. Its secrets are never printed:
// String shows only the mode, the API and the team.
type serveConfig struct {
	botToken      string
	appToken      string
	signingSecret string
	teamID        string
	apiURL        string
	port          int
	portSet       bool
	store         store.Config
	policy        tracker.Policy
	digest        digestConfig
	summary       summary.Config
	metricsToken  string // PEEL_METRICS_TOKEN; never printed
	metricsAddr   string // PEEL_METRICS_ADDR; "" serves /metrics on PORT
}

func (c serveConfig) socketMode() bool { return c.appToken != "" }

func (c serveConfig) String() string {
	mode := fmt.Sprintf("HTTP on :%d", c.port)
	if c.socketMode() {
		mode = "Socket Mode"
	}
	metrics := "metrics on the same port"
	if c.metricsAddr != "" {
		metrics = "metrics on " + c.metricsAddr
	}
	if c.metricsToken != "" {
		metrics += " behind a token"
	}
	return fmt.Sprintf("%s, Slack API %s, team %s, %s", mode, c.apiURL, cmp.Or(c.teamID, "—"), metrics)
}

// readServeConfig reads and checks everything serve reads.
func readServeConfig(e env) (serveConfig, []string) {
	c := serveConfig{
		appToken:      e.get("SLACK_APP_TOKEN"),
		signingSecret: e.get("SLACK_SIGNING_SECRET"),
		teamID:        e.get("SLACK_TEAM_ID"),
		port:          8080,
	}
	var problems, p []string
	c.botToken, p = e.botToken(true, "give the app's bot token (xoxb-…, from OAuth & Permissions)")
	problems = append(problems, p...)
	if c.appToken != "" && !strings.HasPrefix(c.appToken, "xapp-") {
		problems = append(problems, "SLACK_APP_TOKEN is not an app-level token: it should start with xapp- (Basic Information › App-Level Tokens); unset it to serve over HTTP")
	}
	if !c.socketMode() && c.signingSecret == "" {
		problems = append(problems, "SLACK_SIGNING_SECRET is not set: serving over HTTP needs the app's Signing Secret (Basic Information) to check every request; or set SLACK_APP_TOKEN to use Socket Mode")
	}
	if raw := e.get("PORT"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 65535 {
			problems = append(problems, fmt.Sprintf("PORT must be a port number from 1 to 65535, not %q", raw))
		}
		c.port, c.portSet = n, true
	}
	c.apiURL, p = e.apiURL()
	problems = append(problems, p...)
	var err error
	if c.store, err = e.storeConfig(false); err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	}
	c.store.Timeout = serveStoreTimeout
	if c.teamID != "" && !validTeamID(c.teamID) {
		problems = append(problems, "SLACK_TEAM_ID should be a workspace id such as T0123ABCD (Slack › workspace settings, or auth.test's team_id)")
	}
	if c.policy, err = e.policy(); err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	}
	c.digest, p = e.digestConfig(false)
	problems = append(problems, p...)
	c.summary, p = e.summaryConfig()
	problems = append(problems, p...)
	c.metricsToken, c.metricsAddr, p = e.metricsConfig(c)
	problems = append(problems, p...)
	return c, problems
}

// minMetricsToken is the shortest PEEL_METRICS_TOKEN taken: a token is
// only as good as it is hard to guess.
const minMetricsToken = 16

// metricsConfig reads who may read GET /metrics and where:
//
//	PEEL_METRICS_TOKEN  a bearer token every GET /metrics must bring
//	                    (Authorization: Bearer <token>); at least 16
//	                    characters, none of them spaces or control
//	                    characters
//	PEEL_METRICS_ADDR   host:port (or :port) to serve /metrics on, apart
//	                    from PORT: on a private interface, or a port only
//	                    the monitoring network reaches
//
// Unset, /metrics is served on PORT to whoever reaches it, as before.
// The token's value never appears in a problem.
func (e env) metricsConfig(c serveConfig) (token, addr string, problems []string) {
	token = e.get("PEEL_METRICS_TOKEN")
	if token != "" {
		if len(token) < minMetricsToken {
			problems = append(problems, fmt.Sprintf("PEEL_METRICS_TOKEN is too short: give at least %d characters, such as the output of openssl rand -hex 32", minMetricsToken))
		} else if strings.IndexFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
			problems = append(problems, "PEEL_METRICS_TOKEN has spaces or control characters, which an Authorization header cannot carry: give letters, digits and punctuation only")
		}
	}
	addr = e.get("PEEL_METRICS_ADDR")
	if addr == "" {
		return token, "", problems
	}
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	switch {
	case err != nil || perr != nil || n < 1 || n > 65535 || strings.ContainsAny(host, "/ "):
		problems = append(problems, fmt.Sprintf("PEEL_METRICS_ADDR %q: want host:port or :port, such as 127.0.0.1:9091 or :9091", clipText(addr, 60)))
	case n == c.port && (!c.socketMode() || c.portSet):
		problems = append(problems, fmt.Sprintf("PEEL_METRICS_ADDR %q is on PORT (%d): give /metrics a port of its own, or unset PEEL_METRICS_ADDR to serve it on PORT", clipText(addr, 60), c.port))
	}
	return token, addr, problems
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

// The store and who may change items.

// serveStoreTimeout bounds each store operation of serve (store.Config.
// Timeout): Slack waits three seconds for most replies, so a database
// that does not answer in two is reported as unavailable instead. The
// command line keeps store.DefaultTimeout.
const serveStoreTimeout = 2 * time.Second

// storeConfig reads DATABASE_URL (PostgreSQL) or PEEL_DB_PATH (SQLite),
// and PEEL_CLAIM_LEASE.
func (e env) storeConfig(dryRun bool) (store.Config, error) {
	c := store.Config{DatabaseURL: e.get("DATABASE_URL"), SQLitePath: e.get("PEEL_DB_PATH"), DryRun: dryRun}
	var problems []error
	if c.DatabaseURL != "" && !store.IsPostgresURL(c.DatabaseURL) {
		problems = append(problems, errors.New("DATABASE_URL must be a postgres:// or postgresql:// URL; unset it to keep the store in SQLite at PEEL_DB_PATH"))
	}
	var err error
	if c.ClaimLease, err = e.claimLease(); err != nil {
		problems = append(problems, err)
	}
	return c, errors.Join(problems...)
}

// claimLeaseHelp explains PEEL_CLAIM_LEASE in --help, after its name, its
// lines indented by indent.
func claimLeaseHelp(indent string) string {
	return strings.Join([]string{
		"how long the digest or a direct message claimed by",
		"an instance that died (kill -9, a lost machine)",
		"waits before another instance or the next start",
		"sends it (default 1m, from 1s to 1h); that one",
		"looks in Slack first for what was already posted,",
		"so nothing is sent twice",
	}, "\n"+indent)
}

// Bounds of PEEL_CLAIM_LEASE. A holder posts for half the lease at most,
// so below a second it could not post at all; above an hour a crash would
// hold the digest up for most of a morning.
const (
	minClaimLease = time.Second
	maxClaimLease = time.Hour
)

// claimLease reads PEEL_CLAIM_LEASE: how long a digest or notification
// claim whose instance died blocks the others (store.DefaultClaimLease
// when unset).
func (e env) claimLease() (time.Duration, error) {
	v := e.get("PEEL_CLAIM_LEASE")
	if v == "" {
		return store.DefaultClaimLease, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minClaimLease || d > maxClaimLease {
		return 0, fmt.Errorf("PEEL_CLAIM_LEASE %q: want a Go duration from %v to %v, such as 1m (the default) or 90s", clipText(v, 30), minClaimLease, maxClaimLease)
	}
	return d, nil
}

// policy reads PEEL_ADMINS, who may make every change (anyone may when it
// is unset), and PEEL_REVIEWERS, who sign off or send back: Slack member
// ids separated by commas (or spaces). The problem names the entries that
// are not ids, one line per variable.
func (e env) policy() (tracker.Policy, error) {
	admins, err1 := e.members("PEEL_ADMINS")
	reviewers, err2 := e.members("PEEL_REVIEWERS")
	if err := errors.Join(err1, err2); err != nil {
		return tracker.Policy{}, err
	}
	return tracker.NewPolicy(admins...).WithReviewers(reviewers...), nil
}

// members reads a list of Slack member ids from the variable name.
func (e env) members(name string) ([]string, error) {
	var ids, bad []string
	for _, f := range strings.FieldsFunc(e(name), func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' }) {
		if tracker.IsMemberID(f) {
			ids = append(ids, f)
		} else {
			bad = append(bad, fmt.Sprintf("%q", clipText(f, 30)))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s has %s, which is not a Slack member id: give ids such as U024BE7LH (profile › ⋮ › Copy member ID), separated by commas", name, strings.Join(bad, ", "))
	}
	return ids, nil
}

// workspaceZone is the workspace's time zone: PEEL_DIGEST_TZ, in which
// the digest's days, overdue and due soon are counted. A bad value is
// the digest's problem to report; here it is UTC.
func (e env) workspaceZone() *time.Location {
	sched, _ := digest.ParseSchedule("", e("PEEL_DIGEST_TZ"), "")
	if sched.Location == nil {
		return time.UTC
	}
	return sched.Location
}

// cliActor is who the audit trail records for a change made on the
// command line: the Slack member id the operator acts as (--as, else
// PEEL_CLI_ACTOR), which PEEL_ADMINS must list when it is set; else
// cliLogin, which may change AFIs only when PEEL_ADMINS is unset.
func (e env) cliActor(as string) (string, error) {
	as = strings.TrimSpace(as)
	if as == "" {
		as = e.get("PEEL_CLI_ACTOR")
	}
	if as == "" {
		return e.cliLogin(), nil
	}
	member, ok := tracker.ParseMember(as)
	if !ok {
		return "", fmt.Errorf("%q is not a Slack member id: --as and PEEL_CLI_ACTOR take one such as U024BE7LH (profile › ⋮ › Copy member ID)", as)
	}
	return member, nil
}

// cliLogin names the operator on the command line: "cli:" and the login
// name ($USER), or just "cli".
func (e env) cliLogin() string {
	if u := e.get("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// The daily digest.

// digestConfig is the digest's settings, shared by serve and digest.
type digestConfig struct {
	channel  string
	schedule digest.Schedule
	botToken string
	apiURL   string
}

// digestConfig reads PEEL_DIGEST_CHANNEL and the schedule (PEEL_DIGEST_AT,
// PEEL_DIGEST_TZ, PEEL_DIGEST_DAYS). With posting (peelbot digest without
// --dry-run), the channel, the bot token and the API URL are needed too;
// serve checks its own token and URL.
func (e env) digestConfig(posting bool) (digestConfig, []string) {
	c := digestConfig{channel: e.get("PEEL_DIGEST_CHANNEL")}
	var problems []string
	sched, errs := digest.ParseSchedule(e("PEEL_DIGEST_AT"), e("PEEL_DIGEST_TZ"), e("PEEL_DIGEST_DAYS"))
	for _, err := range errs {
		problems = append(problems, err.Error())
	}
	if sched.Location == nil {
		sched.Location = time.UTC // reported above; keeps --date's default computable
	}
	c.schedule = sched
	if p := channelProblem(c.channel); p != "" {
		problems = append(problems, p)
	}
	if !posting {
		return c, problems
	}
	var p []string
	c.botToken, p = e.botToken(true, "posting the digest needs the app's bot token (xoxb-…); --dry-run needs none")
	problems = append(problems, p...)
	if c.channel == "" {
		problems = append(problems, "PEEL_DIGEST_CHANNEL is not set: give the id of the channel to post the digest to (C…, from the channel's details); --dry-run needs none")
	}
	c.apiURL, p = e.apiURL()
	return c, append(problems, p...)
}

// channelProblem checks PEEL_DIGEST_CHANNEL's form; "" is fine (unset).
// serve and digest both check it here, so that neither takes what the
// other refuses. It must be a channel id (C…, or G… for an older private
// channel): the digest is updated in place with chat.update, which takes
// no channel name, and a name is not a stable address anyway.
func channelProblem(ch string) string {
	if ch == "" || validChannelID(ch) {
		return ""
	}
	name := strings.TrimPrefix(ch, "#")
	if name != "" && len(name) <= 80 && !strings.ContainsAny(name, " \t,<>|#@") {
		return fmt.Sprintf("PEEL_DIGEST_CHANNEL %q is a channel name; give the channel's id instead, such as C0123ABCD (open the channel's details: the id is at the foot of About)", clipText(ch, 40))
	}
	return fmt.Sprintf("PEEL_DIGEST_CHANNEL %q is not a channel: give the channel's id, such as C0123ABCD (channel details › About)", clipText(ch, 40))
}

// validChannelID reports whether s has the form of a Slack channel id: C
// or G, then capital letters and digits.
func validChannelID(s string) bool {
	if len(s) < 2 || len(s) > 24 || (s[0] != 'C' && s[0] != 'G') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Summaries.

// summaryConfig reads the model server's settings:
//
//	OPENAI_API_KEY              bearer token; unset for servers that need none
//	OPENAI_BASE_URL             API root (default OpenAI's, https://api.openai.com/v1)
//	OPENAI_MODEL                model or deployment name (default gpt-4o-mini)
//	OPENAI_TIMEOUT              Go duration bounding a summary (default 20s)
//	PEEL_SUMMARY_PER_USER_HOUR  summaries per user per sliding hour (default 20, 0 = no limit)
//	PEEL_LLM_DAILY_TOKENS       tokens per UTC day for the whole bot (default 500000, 0 = no limit)
//
// Summaries stay off when neither OPENAI_API_KEY nor OPENAI_BASE_URL is
// set. Every malformed variable is a problem; the key's value never
// appears in one.
func (e env) summaryConfig() (summary.Config, []string) {
	c := summary.Config{
		APIKey:         e.get("OPENAI_API_KEY"),
		BaseURL:        e.get("OPENAI_BASE_URL"),
		Model:          cmp.Or(e.get("OPENAI_MODEL"), summary.DefaultModel),
		Timeout:        summary.DefaultTimeout,
		PerUserPerHour: summary.DefaultPerUserPerHour,
		DailyTokens:    summary.DefaultDailyTokens,
	}
	var problems []string
	if v := e.get("OPENAI_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			problems = append(problems, fmt.Sprintf("OPENAI_TIMEOUT %q: want a positive Go duration such as 20s or 1m30s", v))
		}
		c.Timeout = d
	}
	limit := func(name string, n *int) {
		v := e.get(name)
		if v == "" {
			return
		}
		var err error
		if *n, err = strconv.Atoi(v); err != nil || *n < 0 {
			problems = append(problems, fmt.Sprintf("%s %q: want a whole number, 0 for no limit", name, v))
		}
	}
	limit("PEEL_SUMMARY_PER_USER_HOUR", &c.PerUserPerHour)
	limit("PEEL_LLM_DAILY_TOKENS", &c.DailyTokens)
	if c.BaseURL != "" {
		if err := summary.CheckBaseURL(c.BaseURL); err != nil {
			problems = append(problems, "OPENAI_BASE_URL: "+err.Error())
		}
	}
	if len(problems) > 0 {
		return summary.Config{}, problems
	}
	return c, nil
}
