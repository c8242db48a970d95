package summary

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Source is one retrieved passage, as the caller will quote it. The Slack and
// CLI layers make Sources from search hits; a summary's Citations index them.
type Source struct {
	// ID identifies the passage stably (the corpus passage id); it is part
	// of the cache key, so it must not be empty.
	ID string
	// Citation is where the passage comes from:
	// "Report › Chapter › Section › Finding, p. 30".
	Citation string
	// URL links to the report. The model never sees it.
	URL string
	// Text is the passage's own words. It must not be empty.
	Text string
}

// Request asks for a summary of Sources that answers Question.
type Request struct {
	Question string
	// Sources are numbered [1]..[n] for the model in this order.
	Sources []Source
	// User is who asked (a Slack user id; the CLI may leave it empty): the
	// key of the per-user hourly limit.
	User string
}

// Usage is what one summary cost in tokens.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	TotalTokens      int
	// Estimated is true when the server reported no usage and the counts
	// were estimated from the text's length.
	Estimated bool
}

// Summary is a model's checked answer. Only text, citations and model are in
// its JSON form, the shape `peelbot ask --summary --json` prints.
type Summary struct {
	// Text is two to four sentences, each with at least one [n] marker and
	// every marker one of the Request's Sources (1-based); when sentences of
	// the model's citing no passage were left out, a note ends it saying how
	// many: "(2 sentences without a valid citation left out)".
	Text string `json:"text"`
	// Citations are the 0-based indices into Request.Sources of the passages
	// Text cites, in order of first use; never empty. The caller quotes
	// these passages under the summary.
	Citations []int `json:"citations"`
	// Model is the model that wrote the summary, as the server named it.
	Model string `json:"model"`
	// Removed counts marker numbers that were not passages and were taken
	// out of Text.
	Removed int `json:"-"`
	// Dropped counts the model's sentences left out of Text because they
	// cited no passage (they had no marker, or only invalid ones).
	Dropped int `json:"-"`
	// Usage is what the summary cost when it was made (a cached summary
	// repeats it but cost nothing this time).
	Usage Usage `json:"-"`
	// Cached is true when the summary came from the cache.
	Cached bool `json:"-"`
}

// Bounds on one request.
const (
	// MaxSources is the most passages one summary may be asked to cover.
	MaxSources = 12
	// maxAnswerTokens bounds the answer of an ordinary chat model: four
	// sentences are about 150 tokens.
	maxAnswerTokens = 400
	// maxReasoningTokens bounds the answer of a reasoning model, whose
	// hidden reasoning counts towards the same bound.
	maxReasoningTokens = 2000
	// temperature is low but not zero, because go-openai leaves a zero
	// temperature out of the request and the server's default is high.
	temperature = 0.01
	// maxAttempts bounds how often one request is sent.
	maxAttempts = 4
	// firstBackoff is the wait before the first retry when the server does
	// not say how long to wait; it doubles on each retry.
	firstBackoff = 100 * time.Millisecond
)

// Summariser makes summaries. It is safe for concurrent use. A nil or
// disabled Summariser returns ErrDisabled from Summarise.
type Summariser struct {
	client  *openai.Client // nil when disabled
	model   string
	timeout time.Duration
	log     *slog.Logger
	cache   *cache
	limits  *limits
	stats   *counters
}

// New makes a Summariser from cfg. When cfg configures no model server it
// returns a disabled Summariser and no error.
func New(cfg Config) (*Summariser, error) {
	if !cfg.Enabled() {
		return &Summariser{}, nil
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("summary config: %w", err)
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	root := defaultBaseURL
	if cfg.BaseURL != "" {
		root, _ = apiRoot(cfg.BaseURL) // checked by validate
	}
	// An empty token makes go-openai send no Authorization header, which is
	// what a keyless local server wants: no placeholder secret is sent.
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = root
	oc.HTTPClient = boundedClient() // deadlines come from the context
	return &Summariser{
		client:  openai.NewClientWithConfig(oc),
		model:   cfg.Model,
		timeout: cfg.Timeout,
		log:     cfg.Logger,
		cache:   newCache(cacheSize, cacheBytes),
		limits:  newLimits(cfg.PerUserPerHour, cfg.DailyTokens, cfg.Now),
		stats:   &counters{},
	}, nil
}

// Enabled reports whether s can make summaries.
func (s *Summariser) Enabled() bool {
	return s != nil && s.client != nil
}

// Summarise asks the model for a short summary of req.Sources answering
// req.Question, and checks its citations (see the package comment). A
// repeated request is answered from the cache without calling the model or
// charging any limit. Errors: ErrDisabled, ErrBadRequest, ErrRateLimited,
// ErrBudget, ErrTimeout, ErrUngrounded, or an *UpstreamError; the context's
// own error when ctx is cancelled.
func (s *Summariser) Summarise(ctx context.Context, req Request) (*Summary, error) {
	if !s.Enabled() {
		return nil, ErrDisabled
	}
	sum, err := s.summarise(ctx, req)
	s.stats.record(sum, err)
	if err != nil {
		s.log.Warn("summary failed", "model", s.model, "user", req.User, "error", err)
	}
	return sum, err
}

func (s *Summariser) summarise(ctx context.Context, req Request) (*Summary, error) {
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	key := cacheKey(s.model, req.Question, req.Sources)
	if cached, ok := s.cache.get(key); ok {
		s.stats.cacheHit()
		cached.Citations = slices.Clone(cached.Citations)
		cached.Cached = true
		return &cached, nil
	}

	chat := s.chatRequest(req)
	//lint:ignore SA1019 max_tokens is what most OpenAI-compatible servers (Ollama, vLLM, LiteLLM) know
	estimate := estimateTokens(systemPrompt+chat.Messages[1].Content) + max(chat.MaxTokens, chat.MaxCompletionTokens)
	if err := s.limits.reserve(req.User, estimate); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	resp, attempts, err := s.complete(ctx, chat)
	usage := Usage{}
	if err == nil {
		usage = usageOf(resp, chat)
	}
	s.limits.settle(estimate, usage.TotalTokens)
	s.stats.tokens(usage)
	if err != nil {
		return nil, err
	}
	s.log.Info("summary tokens",
		"model", resp.Model, "user", req.User, "attempts", attempts,
		"prompt_tokens", usage.PromptTokens, "completion_tokens", usage.CompletionTokens,
		"total_tokens", usage.TotalTokens, "estimated", usage.Estimated,
		"tokens_today", s.limits.usedToday(), "duration", time.Since(start).Round(time.Millisecond))

	if len(resp.Choices) == 0 {
		return nil, &UpstreamError{Message: "the answer had no choices"}
	}
	g := ground(resp.Choices[0].Message.Content, len(req.Sources))
	s.stats.removed(g.removed, g.dropped)
	if g.kept() == "" {
		return nil, g.ungrounded(len(req.Sources))
	}
	model := truncate(cmpOr(resp.Model, s.model), maxModelChars)
	sum := Summary{Text: g.summaryText(), Citations: checkMarkers(g.kept(), len(req.Sources)).citations,
		Model: model, Removed: g.removed, Dropped: g.dropped, Usage: usage}
	s.cache.put(key, sum)
	out := sum
	out.Citations = slices.Clone(sum.Citations)
	return &out, nil
}

// checkRequest refuses, before anything is charged, a request that cannot
// make a cited summary.
func checkRequest(req Request) error {
	switch {
	case strings.TrimSpace(req.Question) == "":
		return fmt.Errorf("summarise: no question: %w", ErrBadRequest)
	case len(req.Sources) == 0:
		return fmt.Errorf("summarise: no passages: %w", ErrBadRequest)
	case len(req.Sources) > MaxSources:
		return fmt.Errorf("summarise %d passages: at most %d can be cited: %w", len(req.Sources), MaxSources, ErrBadRequest)
	}
	for i, src := range req.Sources {
		if src.ID == "" || strings.TrimSpace(src.Text) == "" {
			return fmt.Errorf("summarise: passage %d has no id or no text: %w", i+1, ErrBadRequest)
		}
	}
	return nil
}

// chatRequest builds the request for the model. Reasoning models (as
// go-openai knows them) accept neither a temperature nor max_tokens, so they
// get the default temperature and a completion-token bound instead.
func (s *Summariser) chatRequest(req Request) openai.ChatCompletionRequest {
	chat := openai.ChatCompletionRequest{
		Model: s.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt},
			{Role: openai.ChatMessageRoleUser, Content: userMessage(req.Question, req.Sources)},
		},
		Temperature: temperature,
		//lint:ignore SA1019 max_tokens is what most OpenAI-compatible servers (Ollama, vLLM, LiteLLM) know
		MaxTokens: maxAnswerTokens,
	}
	if openai.NewReasoningValidator().Validate(chat) != nil {
		chat.Temperature = 0
		//lint:ignore SA1019 reasoning models take max_completion_tokens instead
		chat.MaxTokens = 0
		chat.MaxCompletionTokens = maxReasoningTokens
	}
	return chat
}

// complete sends chat, retrying 429s, 408s, 5xx and failures to connect with
// backoff while ctx leaves time to wait. It reports how many attempts it made.
func (s *Summariser) complete(ctx context.Context, chat openai.ChatCompletionRequest) (openai.ChatCompletionResponse, int, error) {
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		s.stats.call(attempt > 1)
		resp, err := s.client.CreateChatCompletion(ctx, chat)
		if err == nil {
			return resp, attempt, nil
		}
		if ctx.Err() != nil {
			return resp, attempt, s.contextError(ctx)
		}
		if errors.Is(err, ErrTooLong) {
			return resp, attempt, fmt.Errorf("summarise: the answer passed %d bytes: %w", MaxReplyBytes, ErrTooLong)
		}
		up := upstreamError(err)
		if !up.retryable() || attempt == maxAttempts {
			return resp, attempt, up
		}
		// go-openai records the headers of an error answer too.
		wait, ok := retryAfter(resp.Header(), time.Now())
		if !ok {
			wait = jitter(backoff)
			backoff *= 2
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return resp, attempt, up // no time left to wait: fail now, not at the deadline
		}
		s.log.Debug("summary retry", "model", s.model, "attempt", attempt, "status", up.StatusCode, "wait", wait)
		select {
		case <-ctx.Done():
			return resp, attempt, s.contextError(ctx)
		case <-time.After(wait):
		}
	}
}

// contextError says why ctx ended: the time budget ran out (ErrTimeout) or
// the caller gave up.
func (s *Summariser) contextError(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("summarise within %s: %w", s.timeout, ErrTimeout)
	}
	return fmt.Errorf("summarise: %w", ctx.Err())
}

// usageOf is the usage the server reported, or an estimate when it
// reported none, so that the daily budget still counts the call.
func usageOf(resp openai.ChatCompletionResponse, chat openai.ChatCompletionRequest) Usage {
	u := Usage{
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
		TotalTokens:      resp.Usage.TotalTokens,
	}
	if u.TotalTokens == 0 {
		u.TotalTokens = u.PromptTokens + u.CompletionTokens
	}
	if u.TotalTokens > 0 {
		return u
	}
	var prompt, answer string
	for _, m := range chat.Messages {
		prompt += m.Content
	}
	if len(resp.Choices) > 0 {
		answer = resp.Choices[0].Message.Content
	}
	u = Usage{PromptTokens: estimateTokens(prompt), CompletionTokens: estimateTokens(answer), Estimated: true}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	return u
}
