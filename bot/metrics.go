package bot

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/peelbot/peelbot/tracker/digest"
)

// PathMetrics serves Prometheus metrics; PathReady says whether peelbot
// can answer (index loaded, store reachable).
const (
	PathMetrics = "/metrics"
	PathReady   = "/readyz"
)

// Metrics counts what peelbot does, for Prometheus. Every label takes a
// small fixed set of values, never user text. A nil *Metrics counts
// nothing, so tests and tools need none.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	searches    *prometheus.CounterVec
	searchTime  prometheus.Histogram
	digestRuns  *prometheus.CounterVec
	digestPosts prometheus.Counter
}

// NewMetrics makes a registry with peelbot's metrics and the Go runtime's
// and process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peelbot_http_requests_total",
			Help: "HTTP requests by route, outcome (ok, bad signature, replay, body too large, other workspace, retry, panic, …) and Slack's retry count (X-Slack-Retry-Num: 0 to 3, or other).",
		}, []string{"route", "outcome", "retry"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "peelbot_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peelbot_searches_total",
			Help: "Searches by outcome: hits, no hits, problem (nothing searchable), error.",
		}, []string{"outcome"}),
		searchTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "peelbot_search_duration_seconds",
			Help:    "Time to search the index for one question.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1},
		}),
		digestRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peelbot_digest_runs_total",
			Help: "Digest runs by result: posted, recovered (found posted by a run that never recorded it), nothing open, already done, claimed by another instance, error.",
		}, []string{"result"}),
		digestPosts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "peelbot_digest_messages_posted_total",
			Help: "Digest messages posted, thread continuations included.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.searches, m.searchTime, m.digestRuns, m.digestPosts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where other parts of peelbot (LLM summaries) add metrics.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *Metrics) request(route string, status int, outcome, retryNum string, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(routeLabel(route), outcomeLabel(status, outcome), retryLabel(retryNum)).Inc()
	m.latency.WithLabelValues(routeLabel(route)).Observe(took.Seconds())
}

// Every label value comes from a fixed set, whatever a request carries:
// X-Slack-Retry-Num and X-Slack-Retry-Reason are not covered by the
// signature, so anyone may replay a signed request with any value in
// them, and one series per value would grow the registry without bound.

// routes are the patterns Handler serves; anything else is "unmatched".
var knownRoutes = map[string]bool{
	"POST " + PathCommands: true, "POST " + PathActions: true, "POST " + PathEvents: true,
	"GET " + PathHealth: true, "GET " + PathReady: true, "GET " + PathMetrics: true,
}

func routeLabel(route string) string {
	if knownRoutes[route] {
		return route
	}
	return "unmatched"
}

// outcomes are the words handlers set with setOutcome, before any detail.
var outcomes = map[string]bool{
	"body too large": true, "body unreadable": true, "bad signature": true, "replay": true,
	"other workspace": true, "unreadable command": true, "unreadable interaction": true,
	"unreadable event": true, "unhandled event": true, "retry": true, "panic": true,
	"not ready": true, "unauthorized": true,
}

// outcomeLabel keeps the outcome label to the fixed words handlers set:
// details after a colon, parenthesis or digit (which may come from
// headers) are dropped, and a word not in outcomes is "other".
func outcomeLabel(status int, outcome string) string {
	if i := strings.IndexAny(outcome, ":(0123456789"); i >= 0 {
		outcome = outcome[:i]
	}
	outcome = strings.TrimSpace(outcome)
	switch {
	case outcomes[outcome]:
		return outcome
	case outcome != "":
		return "other"
	case status >= 500:
		return "error"
	case status >= 400:
		return "refused"
	}
	return "ok"
}

// retryLabel is Slack's retry count as a label: "0" for a first delivery
// (no X-Slack-Retry-Num), "1" to "3" for Slack's retries, "other" for
// anything else, which Slack never sends.
func retryLabel(n string) string {
	switch n {
	case "":
		return "0"
	case "0", "1", "2", "3":
		return n
	}
	return "other"
}

func (m *Metrics) search(took time.Duration, outcome string) {
	if m == nil {
		return
	}
	m.searchTime.Observe(took.Seconds())
	m.searches.WithLabelValues(outcome).Inc()
}

func (m *Metrics) digest(out digest.Outcome, err error) {
	if m == nil {
		return
	}
	result := string(out.Result)
	if err != nil {
		result = "error"
	}
	if result == "" {
		result = "none"
	}
	m.digestRuns.WithLabelValues(result).Inc()
	if out.Result == digest.Posted {
		m.digestPosts.Inc()
	}
}

// MetricsHandler serves GET /metrics alone, behind the metrics token when
// there is one, with the same log line per request as Handler: for a
// listener of its own (Config.MetricsApart), such as a port reachable
// only from the monitoring network. It answers 404 without Metrics.
func (b *Bot) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	if b.metrics != nil {
		mux.Handle("GET "+PathMetrics, b.requireMetricsToken(b.metrics.Handler()))
	}
	return b.logRequests(b.recoverPanics(mux))
}

// requireMetricsToken lets through only requests bearing the metrics
// token (Authorization: Bearer …), when there is one. The token is kept
// as its SHA-256 and compared so, in constant time: neither its bytes nor
// its length show in how long a refusal takes. A refusal is 401 with no
// detail.
func (b *Bot) requireMetricsToken(next http.Handler) http.Handler {
	if b.metricsToken == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], b.metricsToken[:]) != 1 {
			setOutcome(r, "unauthorized")
			w.Header().Set("WWW-Authenticate", `Bearer realm="peelbot metrics"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
