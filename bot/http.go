package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// HTTP paths, as the Slack app's manifest names them.
const (
	PathCommands = "/slack/commands"
	PathActions  = "/slack/actions"
	PathEvents   = "/slack/events"
	PathHealth   = "/healthz"
)

// Handler serves Slack over HTTP: the slash command, interactivity and the
// Events API, each behind the body cap, the signature check, the
// workspace check and the replay check; GET /healthz (alive), GET /readyz
// (ready to answer) and, with Metrics, GET /metrics (behind the metrics
// token when there is one; not here when the metrics are served apart,
// see MetricsHandler).
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathHealth, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	guard := func(h http.HandlerFunc) http.Handler {
		return capBody(b.verifySignature(b.checkTeam(b.refuseReplays(h))))
	}
	mux.Handle("POST "+PathCommands, guard(b.serveCommand))
	mux.Handle("POST "+PathActions, guard(b.serveAction))
	mux.Handle("POST "+PathEvents, guard(b.serveEvent))
	mux.HandleFunc("GET "+PathReady, b.serveReady)
	if b.metrics != nil && !b.metricsApart {
		mux.Handle("GET "+PathMetrics, b.requireMetricsToken(b.metrics.Handler()))
	}
	return b.logRequests(b.recoverPanics(mux))
}

// bodyKey is where capBody leaves the request body for the checks after it.
type bodyKey struct{}

func bodyOf(r *http.Request) []byte {
	body, _ := r.Context().Value(bodyKey{}).([]byte)
	return body
}

// capBody reads at most MaxBodyBytes of the body (413 past it) and hands it
// on, both in the context (for the signature) and as the body.
func capBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			setOutcome(r, "body too large")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
				setOutcome(r, "body too large")
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				return
			}
			setOutcome(r, "body unreadable")
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// verifySignature lets through only requests signed with the signing
// secret: v0 HMAC-SHA256 over "v0:timestamp:body", compared in constant
// time, with a timestamp within five minutes. Anything else gets 401 with
// no body, so a prober learns nothing.
func (b *Bot) verifySignature(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sv, err := slack.NewSecretsVerifier(r.Header, b.secret)
		if err == nil {
			_, err = sv.Write(bodyOf(r))
		}
		if err == nil {
			err = sv.Ensure()
		}
		if err != nil {
			setOutcome(r, "bad signature: "+signatureProblem(err))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// signatureProblem names what was wrong with a signature, for the log.
func signatureProblem(err error) string {
	switch {
	case errors.Is(err, slack.ErrMissingHeaders):
		return "missing"
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return "stale timestamp"
	case errors.Is(err, slack.ErrInvalidConfiguration):
		return "no signing secret configured"
	default:
		return "invalid"
	}
}

// checkTeam refuses (403) a request from a workspace other than
// SLACK_TEAM_ID, when that is set. The Events API's url_verification
// carries no workspace and is let through.
func (b *Bot) checkTeam(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b.teamID == "" {
			next.ServeHTTP(w, r)
			return
		}
		team, verification := teamOf(r.Header.Get("Content-Type"), bodyOf(r))
		if !verification && !b.allowTeam(team) {
			setOutcome(r, "other workspace")
			w.WriteHeader(http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// teamOf finds the workspace a Slack request comes from: the form's
// team_id (slash commands), the interaction payload's team.id, or the
// event's team_id. verification is true for a url_verification event.
func teamOf(contentType string, body []byte) (team string, verification bool) {
	if strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "", false
		}
		payload := form.Get("payload")
		if payload == "" {
			return form.Get("team_id"), false
		}
		var ic struct {
			Team struct {
				ID string `json:"id"`
			} `json:"team"`
		}
		if json.Unmarshal([]byte(payload), &ic) != nil {
			return "", false
		}
		return ic.Team.ID, false
	}
	var ev struct {
		Type   string `json:"type"`
		TeamID string `json:"team_id"`
	}
	if json.Unmarshal(body, &ev) != nil {
		return "", false
	}
	return ev.TeamID, ev.Type == slackevents.URLVerification
}

// serveCommand answers /peel in the response body: the quickest way, and
// it needs no channel membership.
func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request) {
	sc, err := slack.SlashCommandParse(r)
	if err != nil {
		setOutcome(r, "unreadable command")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	writeJSON(w, commandResponse(b.handleCommand(r.Context(), sc)))
}

// serveAction acknowledges a button or shortcut at once; the work follows
// in the background.
func (b *Bot) serveAction(w http.ResponseWriter, r *http.Request) {
	ic, err := slack.InteractionCallbackParse(r)
	if err != nil {
		setOutcome(r, "unreadable interaction")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if ack := b.handleInteraction(ic); ack != nil {
		writeJSON(w, ack)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// serveEvent answers url_verification, and acknowledges every other event
// at once, leaving the work to the background. An event of a type peelbot
// does not know is acknowledged too, so Slack does not retry it.
func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request) {
	body := bodyOf(r)
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		if !json.Valid(body) {
			setOutcome(r, "unreadable event")
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		setOutcome(r, "unhandled event")
		w.WriteHeader(http.StatusOK)
		return
	}
	if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok && ev.Type == slackevents.URLVerification {
		// Not slackevents.ChallengeResponse: it has no JSON tag, so it
		// would answer "Challenge", which Slack does not read.
		writeJSON(w, struct {
			Challenge string `json:"challenge"`
		}{v.Challenge})
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		// Both headers are outside the signature: the log gets the
		// count's label and a clipped reason.
		reason := r.Header.Get("X-Slack-Retry-Reason")
		reason = reason[:min(len(reason), 40)]
		setOutcome(r, "retry "+retryLabel(n)+" ("+reason+")")
	}
	b.handleEvent(r.Context(), ev)
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client has gone if this fails; nothing to do
}

// outcomeKey holds a note on how a request went, for its log line.
type outcomeKey struct{}

func setOutcome(r *http.Request, note string) {
	if p, ok := r.Context().Value(outcomeKey{}).(*string); ok {
		*p = note
	}
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// logRequests logs one line per request: route, status, outcome, latency.
// Never the body or headers, which hold user text and signatures.
func (b *Bot) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var outcome string
		r = r.WithContext(context.WithValue(r.Context(), outcomeKey{}, &outcome))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := b.log.Info
		if sw.status >= 400 {
			level = b.log.Warn
		}
		if route == "GET "+PathHealth && sw.status == http.StatusOK {
			level = b.log.Debug
		}
		took := time.Since(start)
		b.metrics.request(route, sw.status, outcome, r.Header.Get("X-Slack-Retry-Num"), took)
		if route == "GET "+PathMetrics || route == "GET "+PathReady {
			level = b.log.Debug
		}
		level("request", "route", route, "status", sw.status, "outcome", outcome, "ms", float64(took.Microseconds())/1000)
	})
}

// recoverPanics turns a panic in a handler into a 500 and a log line,
// keeping the process up.
func (b *Bot) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				b.log.Error("handler panicked", "route", r.Pattern, "panic", p)
				setOutcome(r, "panic")
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// serveReady answers 200 when peelbot can answer: its index holds
// passages, its store (when it has one) is reachable and Slack's Web API
// answers its token; 503 otherwise. The body's first line is "ready" or
// "not ready: " and what failed; then one line per check, so that a
// dashboard shows which part is down.
func (b *Bot) serveReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	checks := b.readiness(ctx)
	var failed []string
	var lines strings.Builder
	for _, c := range checks {
		state := "ok"
		if c.problem != "" {
			state = c.problem
			failed = append(failed, c.name+" "+c.problem)
		}
		if c.note != "" {
			state += " (" + c.note + ")"
		}
		lines.WriteString(c.name + ": " + state + "\n")
	}
	if len(failed) > 0 {
		setOutcome(r, "not ready")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "not ready: "+strings.Join(failed, ", ")+"\n"+lines.String())
		return
	}
	io.WriteString(w, "ready\n"+lines.String())
}

// check is one part of readiness: its name, what is wrong ("" when
// nothing), and a note.
type check struct{ name, problem, note string }

// readiness runs every check.
func (b *Bot) readiness(ctx context.Context) []check {
	out := []check{b.indexCheck()}
	if b.store != nil {
		c := check{name: "store"}
		sctx, cancel := context.WithTimeout(ctx, readyStoreTimeout)
		defer cancel()
		if err := b.store.Ping(sctx); err != nil {
			c.problem = "unreachable"
		}
		out = append(out, c)
	}
	return append(out, b.slackCheck(ctx))
}

func (b *Bot) indexCheck() check {
	c := check{name: "index"}
	if counter, ok := b.ix.(interface{ DocCount() (uint64, error) }); ok {
		n, err := counter.DocCount()
		if err != nil || n == 0 {
			c.problem = "not loaded"
		} else {
			c.note = fmt.Sprintf("%d passages", n)
		}
	}
	return c
}

// slackFresh is how long a check of Slack is trusted: probes come every
// few seconds from every instance, and auth.test is rate limited.
const slackFresh = 30 * time.Second

// slackState is what the bot last learnt of Slack's Web API: when it
// asked (auth.test), and what went wrong.
type slackState struct {
	mu       sync.Mutex
	at       time.Time
	err      error
	checking int // calls of auth.test in flight
}

// slackCheck says whether Slack answered the bot's token lately, asking
// again (once at a time, within ctx) when the last answer is stale.
func (b *Bot) slackCheck(ctx context.Context) check {
	st := &b.slack
	st.mu.Lock()
	ask := (st.at.IsZero() || b.now().Sub(st.at) > slackFresh) && st.checking == 0
	st.mu.Unlock()
	if ask {
		_ = b.Identify(ctx) // its outcome is recorded for this check
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	c := check{name: "slack"}
	switch {
	case st.at.IsZero() && st.checking > 0:
		c.problem = "not answered yet"
	case st.at.IsZero():
		c.problem = "not checked yet"
	case errors.Is(st.err, ErrBadToken):
		c.problem = "token refused"
	case st.err != nil:
		c.problem = "unreachable"
	}
	if !st.at.IsZero() {
		c.note = "checked " + b.now().Sub(st.at).Round(time.Second).String() + " ago"
	}
	return c
}

// askingSlack counts a call of auth.test in flight (n is 1 as it starts,
// -1 as it ends), so that /readyz does not pile more on a slow Slack.
func (b *Bot) askingSlack(n int) {
	b.slack.mu.Lock()
	defer b.slack.mu.Unlock()
	b.slack.checking += n
}

// noteSlack records how a call of auth.test went, for /readyz.
func (b *Bot) noteSlack(err error) {
	b.slack.mu.Lock()
	defer b.slack.mu.Unlock()
	b.slack.at, b.slack.err = b.now(), err
}
