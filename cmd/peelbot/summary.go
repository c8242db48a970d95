package main

import (
	"context"
	"fmt"
	"log/slog"

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
		return nil, []string{err.Error()}
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
		return nil, err
	}
	return &bot.Summary{Text: s.Text, Citations: s.Citations, Model: s.Model}, nil
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
		req.Sources = append(req.Sources, summary.Source{ID: h.ID, Citation: fmt.Sprintf("%s, p. %d", h.Section, h.Page), URL: h.URL, Text: h.Text})
	}
	return s.Summarise(ctx, req)
}
