package summary

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Stream is Summarise, handing the summary to emit a sentence at a time as
// the model writes it, so that a reader sees it grow. Sentences are
// checked as Summarise checks them: a sentence is emitted only once it is
// whole (a marker never straddles two emits), with its invalid markers
// removed, and only if it cites a passage; one citing none is never
// emitted, and when any was left out the note saying how many is emitted
// last. Each emitted text ends with the space that follows it; together
// they are the Summary's Text. A summary from the cache, or one whose
// stream could not be started (the model server refusing streams), is
// emitted whole at the end, by sentences too.
//
// An error from emit stops the stream (the reader is gone). An error after
// something was emitted leaves that text shown: the caller says the
// summary was cut short.
func (s *Summariser) Stream(ctx context.Context, req Request, emit func(string) error) (*Summary, error) {
	if !s.Enabled() {
		return nil, ErrDisabled
	}
	sum, err := s.stream(ctx, req, emit)
	s.stats.record(sum, err)
	if err != nil {
		s.log.Warn("summary failed", "model", s.model, "user", req.User, "streamed", true, "error", err)
	}
	return sum, err
}

// maxStreamedBytes bounds the answer read from a stream: four sentences
// are a few hundred bytes, and a model that ignores its token bound must
// not fill a thread.
const maxStreamedBytes = 4000

func (s *Summariser) stream(ctx context.Context, req Request, emit func(string) error) (*Summary, error) {
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	key := cacheKey(s.model, req.Question, req.Sources)
	if cached, ok := s.cache.get(key); ok {
		s.stats.cacheHit()
		cached.Citations = slices.Clone(cached.Citations)
		cached.Cached = true
		return &cached, emitWhole(cached.Text, emit)
	}
	chat := s.chatRequest(req)
	chat.Stream = true
	chat.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	//lint:ignore SA1019 max_tokens is what most OpenAI-compatible servers (Ollama, vLLM, LiteLLM) know
	estimate := estimateTokens(systemPrompt+chat.Messages[1].Content) + max(chat.MaxTokens, chat.MaxCompletionTokens)
	if err := s.limits.reserve(req.User, estimate); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	s.stats.call(false)
	st, err := s.client.CreateChatCompletionStream(ctx, chat)
	if err != nil {
		// Nothing was shown: fall back to a plain request, with its retries.
		s.limits.settle(estimate, 0)
		if ctx.Err() != nil {
			return nil, s.contextError(ctx)
		}
		s.log.Debug("summary stream refused; asking without streaming", "model", s.model, "error", err)
		sum, err := s.summarise(ctx, req)
		if err != nil {
			return nil, err
		}
		return sum, emitWhole(sum.Text, emit)
	}
	defer st.Close()

	sp := newSplitter(len(req.Sources), emit)
	var raw strings.Builder
	var usage *openai.Usage
	model := ""
	var readErr, emitErr error
	cut := false
	for raw.Len() < maxStreamedBytes {
		chunk, err := st.Recv()
		if errors.Is(err, ErrTooLong) {
			cut = true // a stream cut at MaxReplyBytes ends there, as one cut at maxStreamedBytes does
			break
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		model = cmpOr(chunk.Model, model)
		if len(chunk.Choices) == 0 {
			continue
		}
		delta := chunk.Choices[0].Delta.Content
		if rest := maxStreamedBytes - raw.Len(); len(delta) > rest {
			delta = delta[:rest]
		}
		raw.WriteString(delta)
		if emitErr = sp.add(delta); emitErr != nil || sp.full {
			break
		}
	}
	u := streamUsage(usage, chat, raw.String())
	s.limits.settle(estimate, u.TotalTokens)
	s.stats.tokens(u)
	switch {
	case emitErr != nil:
		return nil, fmt.Errorf("summary stream: %w", emitErr)
	case readErr != nil && ctx.Err() != nil:
		return nil, s.contextError(ctx)
	case readErr != nil:
		return nil, upstreamError(readErr)
	}
	if err := sp.flush(); err != nil {
		return nil, fmt.Errorf("summary stream: %w", err)
	}
	s.log.Info("summary tokens", "model", model, "user", req.User, "streamed", true,
		"prompt_tokens", u.PromptTokens, "completion_tokens", u.CompletionTokens, "total_tokens", u.TotalTokens,
		"estimated", u.Estimated, "tokens_today", s.limits.usedToday(), "duration", time.Since(start).Round(time.Millisecond))
	g := sp.g
	s.stats.removed(g.removed, g.dropped)
	switch {
	case g.kept() == "" && cut:
		// Events too long to read: nothing of the answer could be shown.
		return nil, fmt.Errorf("summary stream: nothing shown within %d bytes: %w", MaxReplyBytes, ErrTooLong)
	case g.kept() == "":
		return nil, g.ungrounded(len(req.Sources))
	}
	if err := sp.note(); err != nil {
		return nil, fmt.Errorf("summary stream: %w", err)
	}
	// The summary cites what was shown of it, not what was cut.
	sum := Summary{Text: g.summaryText(), Citations: checkMarkers(g.kept(), len(req.Sources)).citations,
		Model: truncate(cmpOr(model, s.model), maxModelChars), Removed: g.removed, Dropped: g.dropped, Usage: u}
	s.cache.put(key, sum)
	out := sum
	out.Citations = slices.Clone(sum.Citations)
	return &out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// streamUsage is the usage a stream reported, or an estimate.
func streamUsage(u *openai.Usage, chat openai.ChatCompletionRequest, answer string) Usage {
	resp := openai.ChatCompletionResponse{Choices: []openai.ChatCompletionChoice{{Message: openai.ChatCompletionMessage{Content: answer}}}}
	if u != nil {
		resp.Usage = *u
	}
	return usageOf(resp, chat)
}

// emitWhole hands text to emit a sentence at a time.
func emitWhole(text string, emit func(string) error) error {
	for _, s := range Sentences(text) {
		if err := emit(s); err != nil {
			return err
		}
	}
	return nil
}

// splitter turns a stream of text into checked sentences, emitting each
// as it is whole if it cites a passage.
type splitter struct {
	g       *grounder
	emit    func(string) error
	pending strings.Builder // text not yet a whole sentence
	scanned int             // how much of pending holds no sentence's end
	shown   strings.Builder // what was emitted
	full    bool            // MaxSummaryChars reached: nothing more is emitted
}

func newSplitter(n int, emit func(string) error) *splitter {
	return &splitter{g: &grounder{n: n}, emit: emit}
}

// add takes more of the answer and emits the sentences it completes.
func (s *splitter) add(delta string) error {
	s.pending.WriteString(delta)
	for !s.full {
		text := s.pending.String()
		i, resume := scanSentence(text, s.scanned, false)
		if i < 0 {
			s.scanned = resume
			return nil
		}
		s.pending.Reset()
		s.pending.WriteString(text[i:])
		s.scanned = 0
		if err := s.sentence(text[:i]); err != nil {
			return err
		}
	}
	return nil
}

// flush emits what is left: the last sentences, now that no more follows.
func (s *splitter) flush() error {
	rest := s.pending.String()
	s.pending.Reset()
	for _, part := range Sentences(rest) {
		if s.full {
			break
		}
		if err := s.sentence(part); err != nil {
			return err
		}
	}
	return nil
}

// sentence checks one whole sentence and emits what of it is kept.
func (s *splitter) sentence(raw string) error {
	text := s.g.add(raw)
	s.full = s.g.full
	if text == "" {
		return nil
	}
	s.shown.WriteString(text)
	return s.emit(text)
}

// note emits, after the last sentence, the note of sentences left out.
func (s *splitter) note() error {
	note := leftOutNote(s.g.dropped)
	if note == "" {
		return nil
	}
	if !strings.HasSuffix(s.shown.String(), " ") {
		note = " " + note
	}
	s.shown.WriteString(note)
	return s.emit(note)
}
