package main

import (
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/peelbot/peelbot/answer/summary"
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

// newSummariser makes the summariser cfg configures, or nil when
// summaries are not configured.
func newSummariser(cfg summary.Config, log *slog.Logger) (*summary.Summariser, error) {
	if !cfg.Enabled() {
		return nil, nil
	}
	cfg.Logger = log
	return summary.New(cfg)
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
