package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/bot/summary"
	"github.com/peelbot/peelbot/index"
)

// summaryHelp documents the summary settings for --help texts.
const summaryHelp = `  OPENAI_API_KEY         key for an OpenAI-compatible server; summaries are off
                         when neither this nor OPENAI_BASE_URL is set
  OPENAI_BASE_URL        any OpenAI-compatible server (OpenAI, Azure OpenAI v1,
                         Ollama, vLLM, LiteLLM); default OpenAI's
  OPENAI_MODEL           model name (default ` + summary.DefaultModel + `)
  OPENAI_TIMEOUT         longest wait for a summary (default 20s)
  PEEL_SUMMARY_PER_USER_HOUR  summaries per user per hour (default 20; 0 = no limit)
  PEEL_LLM_DAILY_TOKENS  tokens per day for the whole bot (default 500000; 0 = no limit)`

// newSummariser reads the summary settings. It returns nil, with no
// problems, when summaries are not configured; problems name each bad
// setting, never a key.
func newSummariser(getenv func(string) string, log *slog.Logger) (*summary.Summariser, []string) {
	cfg, err := summary.ConfigFromEnv(getenv)
	if err != nil {
		// One line per bad setting, like every other check at start.
		return nil, strings.Split(strings.TrimSpace(err.Error()), "\n")
	}
	if !cfg.Enabled() {
		return nil, nil
	}
	cfg.Logger = log
	s, err := summary.New(cfg)
	if err != nil {
		return nil, []string{err.Error()}
	}
	return s, nil
}

// slackSummariser lets the Slack bot use bot/summary.
type slackSummariser struct{ s *summary.Summariser }

func (a slackSummariser) Summarise(ctx context.Context, r bot.SummaryRequest) (*bot.Summary, error) {
	req := summary.Request{Question: r.Question, User: r.User}
	for _, s := range r.Sources {
		req.Sources = append(req.Sources, summary.Source{ID: s.ID, Citation: s.Citation, URL: s.URL, Text: s.Text})
	}
	s, err := a.s.Summarise(ctx, req)
	if err != nil {
		return nil, userFacing(err)
	}
	return &bot.Summary{Text: s.Text, Citations: s.Citations, Model: s.Model}, nil
}

// userFacing is a summary error as it may be shown in Slack, where a
// thread is public: one of the summary package's own short reasons, never
// the model server's words.
func userFacing(err error) error {
	for _, known := range []error{summary.ErrDisabled, summary.ErrBadRequest, summary.ErrTimeout,
		summary.ErrRateLimited, summary.ErrBudget, summary.ErrUngrounded, context.Canceled} {
		if errors.Is(err, known) {
			return known
		}
	}
	return errors.New("the model server failed")
}

// summariseHits asks for a summary of the hits; the error says, in a line,
// why there is none.
func summariseHits(ctx context.Context, s *summary.Summariser, q, user string, hits []index.Hit) (*summary.Summary, error) {
	if s == nil {
		return nil, fmt.Errorf("summaries are not configured: set OPENAI_API_KEY or OPENAI_BASE_URL")
	}
	if len(hits) == 0 {
		return nil, fmt.Errorf("no passages to summarise")
	}
	req := summary.Request{Question: q, User: user}
	for _, h := range hits {
		citation := h.Section // a web page alone has no pages
		if h.Page > 0 {
			citation = fmt.Sprintf("%s, p. %d", h.Section, h.Page)
		}
		req.Sources = append(req.Sources, summary.Source{ID: h.ID, Citation: citation, URL: h.URL, Text: h.Text})
	}
	return s.Summarise(ctx, req)
}

// summaryCollector exports the summariser's counters to Prometheus, read
// once per scrape.
type summaryCollector struct {
	s                                          *summary.Summariser
	requests, summaries, cacheHits, calls      *prometheus.Desc
	retries, tokens, tokensToday, removed, err *prometheus.Desc
}

func newSummaryCollector(s *summary.Summariser) *summaryCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("peelbot_llm_"+name, help, labels, nil)
	}
	return &summaryCollector{
		s:           s,
		requests:    d("requests_total", "Summaries asked for, whatever their outcome."),
		summaries:   d("summaries_total", "Summaries made and accepted by the citation check."),
		cacheHits:   d("cache_hits_total", "Summaries answered from the cache, at no cost."),
		calls:       d("calls_total", "HTTP calls to the model, retries included."),
		retries:     d("retries_total", "Calls to the model that were retries (429, 5xx)."),
		tokens:      d("tokens_total", "Tokens used, by kind (prompt, completion).", "kind"),
		tokensToday: d("tokens_today", "Tokens counted against today's budget (since midnight UTC)."),
		removed:     d("removed_citations_total", "Citation markers removed because they named no passage."),
		err:         d("errors_total", "Summaries not made, by reason.", "kind"),
	}
}

func (c *summaryCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.requests, c.summaries, c.cacheHits, c.calls, c.retries, c.tokens, c.tokensToday, c.removed, c.err} {
		ch <- d
	}
}

func (c *summaryCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.Stats()
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	counter(c.requests, st.Requests)
	counter(c.summaries, st.Summaries)
	counter(c.cacheHits, st.CacheHits)
	counter(c.calls, st.Calls)
	counter(c.retries, st.Retries)
	counter(c.tokens, st.PromptTokens, "prompt")
	counter(c.tokens, st.CompletionTokens, "completion")
	ch <- prometheus.MustNewConstMetric(c.tokensToday, prometheus.GaugeValue, float64(st.TokensToday))
	counter(c.removed, st.RemovedMarkers)
	e := st.Errors
	for kind, v := range map[string]int64{
		"bad request": e.BadRequest, "rate limited": e.RateLimited, "budget": e.Budget, "timeout": e.Timeout,
		"ungrounded": e.Ungrounded, "upstream": e.Upstream, "canceled": e.Canceled,
	} {
		counter(c.err, v, kind)
	}
}
