package bot

import (
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
			Help: "HTTP requests by route and outcome (ok, bad signature, body too large, other workspace, retry, panic, …).",
		}, []string{"route", "outcome"}),
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

func (m *Metrics) request(route string, status int, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, outcomeLabel(status, outcome)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// outcomeLabel keeps the outcome label to the fixed words handlers set:
// details after a colon or parenthesis (which may come from headers) are
// dropped.
func outcomeLabel(status int, outcome string) string {
	if i := strings.IndexAny(outcome, ":(0123456789"); i >= 0 {
		outcome = outcome[:i]
	}
	outcome = strings.TrimSpace(outcome)
	switch {
	case outcome != "":
		return outcome
	case status >= 500:
		return "error"
	case status >= 400:
		return "refused"
	}
	return "ok"
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
