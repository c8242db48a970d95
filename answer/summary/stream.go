package summary

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Stream is Summarise, handing the summary to emit a sentence at a time as
// the model writes it, so that a reader sees it grow. Markers are checked
// as Summarise checks them, sentence by sentence: a sentence is emitted
// only once it is whole (a marker never straddles two emits) with its
// invalid markers removed, and nothing is emitted until a sentence cites a
// passage, so that a summary citing nothing is never shown at all. Each
// emitted text ends with the space that follows it; together they are the
// Summary's Text. A summary from the cache, or one whose stream could not
// be started (the model server refusing streams), is emitted whole at the
// end, by sentences too.
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
	c := checkMarkers(raw.String(), len(req.Sources))
	s.stats.removed(c.removed)
	// The summary cites what was shown of it, not what was cut.
	shown := strings.TrimSpace(sp.shown.String())
	c.citations = checkMarkers(shown, len(req.Sources)).citations
	switch {
	case len(c.citations) == 0 && cut && shown == "":
		// Events too long to read: nothing of the answer could be shown.
		return nil, fmt.Errorf("summary stream: nothing shown within %d bytes: %w", MaxReplyBytes, ErrTooLong)
	case len(c.citations) == 0:
		return nil, fmt.Errorf("summarise %d passages: %w (%d invalid markers removed)", len(req.Sources), ErrUngrounded, c.removed)
	}
	sum := Summary{Text: shown, Citations: c.citations, Model: truncate(cmpOr(model, s.model), maxModelChars), Removed: c.removed, Usage: u}
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

// Sentences splits text after each sentence, outside brackets, each part
// keeping the space after it.
func Sentences(text string) []string {
	var out []string
	for text != "" {
		i := sentenceEnd(text)
		if i < 0 {
			out = append(out, text)
			break
		}
		out = append(out, text[:i])
		text = text[i:]
	}
	return out
}

// sentenceEnd is where the first whole sentence of text ends, after the
// space that follows it; -1 when text holds no whole sentence yet. A
// sentence ends at ".", "?" or "!" (with any closing quote or bracket and
// marker after it) followed by a space, outside square brackets.
func sentenceEnd(text string) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '[':
			depth++
		case ']':
			depth = max(depth-1, 0)
		case '.', '?', '!':
			if depth > 0 {
				continue
			}
			j := i + 1
			for j < len(text) && strings.IndexByte(`"')`, text[j]) >= 0 {
				j++
			}
			// A marker right after the stop belongs to its sentence.
			for j < len(text) && text[j] == '[' {
				k := strings.IndexByte(text[j:], ']')
				if k < 0 {
					return -1 // wait for the marker to close
				}
				j += k + 1
			}
			if j < len(text) && (text[j] == ' ' || text[j] == '\n') {
				for j < len(text) && (text[j] == ' ' || text[j] == '\n') {
					j++
				}
				if j == len(text) {
					return -1 // more space, or more of a marker, may follow
				}
				return j
			}
		}
	}
	return -1
}

// splitter turns a stream of text into checked sentences: held back until
// one cites a passage, then emitted as each is whole.
type splitter struct {
	n       int // passages
	emit    func(string) error
	pending strings.Builder // text not yet a whole sentence
	held    []string        // checked sentences before the first citation
	cited   bool
	shown   strings.Builder // what was emitted
	runes   int             // characters emitted
	full    bool            // MaxSummaryChars reached: nothing more is emitted
}

func newSplitter(n int, emit func(string) error) *splitter { return &splitter{n: n, emit: emit} }

// add takes more of the answer and emits the sentences it completes.
func (s *splitter) add(delta string) error {
	s.pending.WriteString(delta)
	for {
		text := s.pending.String()
		i := sentenceEnd(text)
		if i < 0 {
			return nil
		}
		s.pending.Reset()
		s.pending.WriteString(text[i:])
		if err := s.sentence(text[:i]); err != nil {
			return err
		}
	}
}

// flush emits what is left: the last sentence.
func (s *splitter) flush() error {
	rest := s.pending.String()
	s.pending.Reset()
	if strings.TrimSpace(rest) == "" {
		return nil
	}
	return s.sentence(rest)
}

// sentence checks one whole sentence's markers and emits it, or holds it
// until a sentence cites a passage.
func (s *splitter) sentence(raw string) error {
	c := checkMarkers(raw, s.n)
	if c.text == "" {
		return nil
	}
	text := c.text + trailingSpace(raw)
	if !s.cited {
		s.held = append(s.held, text)
		if len(c.citations) == 0 {
			return nil
		}
		s.cited = true
		for _, h := range s.held {
			if err := s.out(h); err != nil {
				return err
			}
		}
		s.held = nil
		return nil
	}
	return s.out(text)
}

// out emits text, unless the summary would pass MaxSummaryChars: then it
// ends there (a first sentence too long is cut to the words that fit).
func (s *splitter) out(text string) error {
	if s.full {
		return nil
	}
	if n := utf8.RuneCountInString(strings.TrimRight(text, " ")); s.runes+n > MaxSummaryChars {
		s.full = true
		if s.runes > 0 {
			return nil
		}
		text = clipWords(text, MaxSummaryChars)
	}
	s.runes += utf8.RuneCountInString(text)
	s.shown.WriteString(text)
	return s.emit(text)
}

// trailingSpace is one space when raw ends in white space: what separates
// it from the next sentence.
func trailingSpace(raw string) string {
	if strings.TrimRight(raw, " \n") != raw {
		return " "
	}
	return ""
}
