package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Usage overrides the token counts a reply reports. Without it a reply
// reports about a token per four bytes, as OpenAI's tokenisers roughly do.
type Usage struct {
	PromptTokens, CompletionTokens int
}

// Text is a normal reply: Content, then finish_reason "stop" (or
// FinishReason) and the usage. A stream sends Content in pieces of
// ChunkBytes (8 when zero), cut at character boundaries.
type Text struct {
	Content string
	// Model is the model the reply names; empty echoes the request's.
	Model        string
	FinishReason string
	// Usage overrides the reported usage; NoUsage reports none.
	Usage      *Usage
	NoUsage    bool
	ChunkBytes int
}

// Serve implements Reply.
func (t Text) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	a := answer{
		req: req, model: t.Model, finish: t.FinishReason, usage: t.Usage, noUsage: t.NoUsage,
		content: repeat(t.Content, int64(len(t.Content))),
	}
	a.write(w, r, done, max(t.ChunkBytes, 0), 8)
}

// Huge is a reply whose content is Bytes bytes of Pattern repeated (by
// default a grounded sentence citing [1]), cut at a character boundary. It
// is generated while it is sent: the server holds one piece at a time,
// whatever Bytes is. A plain reply is one JSON body; a stream sends pieces
// of ChunkBytes (16 KiB when zero). The usage says about Bytes/4 completion
// tokens and finish_reason is "stop".
type Huge struct {
	Bytes      int64
	Pattern    string
	ChunkBytes int
}

// DefaultPattern is what Huge repeats: a sentence with a valid citation,
// so that a summariser that checks markers accepts the reply.
const DefaultPattern = "The force makes good use of protective orders [1]. "

// Serve implements Reply.
func (h Huge) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	pattern := h.Pattern
	if pattern == "" {
		pattern = DefaultPattern
	}
	a := answer{req: req, content: repeat(pattern, h.Bytes)}
	a.write(w, r, done, h.ChunkBytes, 16<<10)
}

// IgnoresMaxTokens is a reply Factor times (10 when zero) longer than the
// request's token bound allows (4,096 tokens when it set none), at about
// four bytes a token, reporting finish_reason "stop" and a completion
// token count over the bound, as a server that ignores the bound would.
type IgnoresMaxTokens struct {
	Factor  int
	Pattern string
}

// Serve implements Reply.
func (m IgnoresMaxTokens) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	factor := m.Factor
	if factor <= 0 {
		factor = 10
	}
	limit := req.TokenLimit()
	if limit <= 0 {
		limit = 4096
	}
	Huge{Bytes: int64(limit) * 4 * int64(factor), Pattern: m.Pattern}.Serve(w, r, req, done)
}

// Hang answers nothing until the client goes away or the server closes.
// With AfterContent set it first sends the headers and the start of a
// reply with that content (a first chunk of a stream), then hangs: a
// server that stalls mid-answer.
type Hang struct {
	AfterContent string
}

// Serve implements Reply.
func (h Hang) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	if h.AfterContent != "" {
		a := answer{req: req, content: repeat(h.AfterContent, int64(len(h.AfterContent)))}
		if req.Stream {
			a.startStream(w)
			a.event(w, a.chunk(h.AfterContent, ""))
		} else {
			w.Header().Set("Content-Type", "application/json")
			w.Write(a.plainPrefix())
			w.Write(jsonText(h.AfterContent))
		}
		flush(w)
	}
	select {
	case <-r.Context().Done():
	case <-done:
	}
}

// Drip sends a reply with Content Bytes bytes at a time (1 when zero),
// waiting Every (100ms when zero) between them: a plain body trickles in,
// a stream sends one small chunk each time. It stops when the client goes
// away.
type Drip struct {
	Content string
	Every   time.Duration
	Bytes   int
}

// Serve implements Reply.
func (d Drip) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	every, step := d.Every, max(d.Bytes, 1)
	if every <= 0 {
		every = 100 * time.Millisecond
	}
	wait := func() bool {
		t := time.NewTimer(every)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-r.Context().Done():
		case <-done:
		}
		return false
	}
	a := answer{req: req, content: repeat(d.Content, int64(len(d.Content)))}
	if req.Stream {
		a.startStream(w)
		for piece := range a.content.pieces(step) {
			if !a.event(w, a.chunk(piece, "")) || !wait() {
				return
			}
		}
		a.endStream(w)
		return
	}
	var body strings.Builder
	body.Write(a.plainPrefix())
	body.Write(jsonText(d.Content))
	body.Write(a.plainSuffix())
	w.Header().Set("Content-Type", "application/json")
	rest := body.String()
	for len(rest) > 0 {
		n := min(step, len(rest))
		if _, err := w.Write([]byte(rest[:n])); err != nil {
			return
		}
		flush(w)
		rest = rest[n:]
		if len(rest) > 0 && !wait() {
			return
		}
	}
}

// Status answers Code with an OpenAI-style error body carrying Message
// (the status text when empty), or with Body as it is (of ContentType,
// text/plain when empty) when Body is set. Header is added to the answer.
type Status struct {
	Code        int
	Message     string
	Header      http.Header
	Body        string
	ContentType string
}

// Serve implements Reply.
func (s Status) Serve(w http.ResponseWriter, _ *http.Request, _ Request, _ <-chan struct{}) {
	for k, vs := range s.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if s.Body != "" {
		ct := s.ContentType
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(s.Code)
		w.Write([]byte(s.Body))
		return
	}
	msg := s.Message
	if msg == "" {
		msg = http.StatusText(s.Code)
	}
	var code any
	if s.Code == http.StatusTooManyRequests {
		code = "rate_limit_exceeded"
	}
	writeError(w, s.Code, msg, errorType(s.Code), code)
}

// RateLimited is OpenAI's 429, asking the client to wait retryAfter
// (Retry-After in whole seconds, rounded up).
func RateLimited(retryAfter time.Duration) Status {
	secs := int64((retryAfter + time.Second - 1) / time.Second)
	return Status{
		Code:    http.StatusTooManyRequests,
		Message: "Rate limit reached for requests. Please try again later.",
		Header:  http.Header{"Retry-After": {strconv.FormatInt(max(secs, 0), 10)}},
	}
}

// ServerError is OpenAI's 500.
func ServerError() Status {
	return Status{Code: http.StatusInternalServerError, Message: "The server had an error while processing your request. Sorry about that!"}
}

// Malformed answers 200 with a body that is not a chat completion: by
// default one cut off mid-string (for a stream, an event cut off, then
// [DONE]). Body replaces it, sent as it is with the usual content type.
type Malformed struct {
	Body string
}

// Serve implements Reply.
func (m Malformed) Serve(w http.ResponseWriter, _ *http.Request, req Request, _ <-chan struct{}) {
	body := m.Body
	if req.Stream {
		if body == "" {
			body = "data: {\"id\":\"chatcmpl-openaitest\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut\n\ndata: [DONE]\n\n"
		}
		w.Header().Set("Content-Type", "text/event-stream")
	} else {
		if body == "" {
			body = `{"id":"chatcmpl-openaitest","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"The answer stops here`
		}
		w.Header().Set("Content-Type", "application/json")
	}
	w.Write([]byte(body))
}

// Attack is one piece of hostile model output.
type Attack struct {
	Name string
	Text string
}

// Attacks are what a model (or a prompt injection through a passage) can
// put in a reply to make Slack ping, link or format, or to cite passages
// that do not exist. Slack parses <…> as mentions and links and &lt; as
// an entity; the bracketed numbers are not passages of any summary.
var Attacks = []Attack{
	{"channel mention", "<!channel>"},
	{"here mention", "<!here>"},
	{"everyone mention", "<!everyone>"},
	{"user mention", "<@U123>"},
	{"channel link", "<#C123>"},
	{"user group mention", "<!subteam^S123>"},
	{"forged link", "<https://evil.example|click>"},
	{"bare link", "<https://evil.example>"},
	{"markdown link", "[the report](https://evil.example)"},
	{"entity mention", "&lt;!channel&gt;"},
	{"marker zero", "[0]"},
	{"marker past the passages", "[99]"},
	{"marker range", "[1-999]"},
	{"marker overflow", "[18446744073709551616]"},
	{"negative marker", "[-1]"},
	{"bold", "*urgent*"},
	{"italic", "_urgent_"},
	{"strike", "~withdrawn~"},
	{"inline code", "`rm -rf`"},
	{"code block", "```\nblock\n```"},
	{"quote", "\n> Quoted as if from the report"},
	{"zero-width space", "a\u200bb"},
}

// HostileContent is a reply with every attack, after a sentence citing a
// real passage ([1]), so that a summariser that checks markers accepts it
// and the attacks reach the renderer.
var HostileContent = func() string {
	parts := []string{"The force makes good use of protective orders [1]."}
	for _, a := range Attacks {
		parts = append(parts, a.Text)
	}
	return strings.Join(parts, " ")
}()

// Hostile is a Text reply of HostileContent.
func Hostile() Text { return Text{Content: HostileContent} }

// answer writes one chat completion, plain or streamed as req asked.
type answer struct {
	req     Request
	model   string
	finish  string
	usage   *Usage
	noUsage bool
	content content
}

// write sends the whole answer: a stream in pieces of chunk bytes (def when
// zero), or one JSON body. It gives up when the client goes away or the
// server closes.
func (a answer) write(w http.ResponseWriter, r *http.Request, done <-chan struct{}, chunk, def int) {
	if chunk <= 0 {
		chunk = def
	}
	gone := func() bool {
		select {
		case <-r.Context().Done():
			return true
		case <-done:
			return true
		default:
			return false
		}
	}
	// One buffer for every piece, so that memory stays one piece's
	// whatever the size of the answer.
	var buf []byte
	if a.req.Stream {
		a.startStream(w)
		prefix, suffix := a.chunkFrame()
		for piece := range a.content.pieces(chunk) {
			buf = append(append(appendJSONText(append(buf[:0], prefix...), piece), suffix...), "\n\n"...)
			if gone() {
				return
			}
			if _, err := w.Write(buf); err != nil || flush(w) != nil {
				return
			}
		}
		a.endStream(w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(a.plainPrefix()); err != nil {
		return
	}
	for piece := range a.content.pieces(32 << 10) {
		if gone() {
			return
		}
		buf = appendJSONText(buf[:0], piece)
		if _, err := w.Write(buf); err != nil {
			return
		}
	}
	w.Write(a.plainSuffix())
}

// chunkFrame is an event carrying a piece of content, as the bytes before
// and after the piece's JSON text: "data: {…"content":"" and ""…}".
func (a answer) chunkFrame() (prefix, suffix []byte) {
	const mark = "\x00piece\x00"
	data, err := json.Marshal(a.chunk(mark, ""))
	if err != nil {
		panic(err)
	}
	before, after, _ := strings.Cut(string(data), string(jsonText(mark)))
	return []byte("data: " + before), []byte(after)
}

const completionID = "chatcmpl-openaitest"

func (a answer) replyModel() string {
	if a.model != "" {
		return a.model
	}
	return a.req.Model
}

func (a answer) finishReason() string {
	if a.finish != "" {
		return a.finish
	}
	return "stop"
}

// tokens is the usage the answer reports.
func (a answer) tokens() Usage {
	if a.usage != nil {
		return *a.usage
	}
	prompt := 0
	for _, m := range a.req.Messages {
		prompt += len(m.Content)
	}
	return Usage{PromptTokens: (prompt + 3) / 4, CompletionTokens: int((a.content.size + 3) / 4)}
}

func (a answer) usageJSON() map[string]int {
	u := a.tokens()
	return map[string]int{
		"prompt_tokens":     u.PromptTokens,
		"completion_tokens": u.CompletionTokens,
		"total_tokens":      u.PromptTokens + u.CompletionTokens,
	}
}

// plainPrefix is a chat completion's JSON up to the opening quote of its
// content; plainSuffix closes it.
func (a answer) plainPrefix() []byte {
	model, _ := json.Marshal(a.replyModel())
	return fmt.Appendf(nil, `{"id":%q,"object":"chat.completion","created":%d,"model":%s,"choices":[{"index":0,"message":{"role":"assistant","content":"`,
		completionID, time.Now().Unix(), model)
}

func (a answer) plainSuffix() []byte {
	finish, _ := json.Marshal(a.finishReason())
	s := fmt.Appendf(nil, `","refusal":null},"logprobs":null,"finish_reason":%s}]`, finish)
	if !a.noUsage {
		u, _ := json.Marshal(a.usageJSON())
		s = fmt.Appendf(s, `,"usage":%s`, u)
	}
	return append(s, '}')
}

// chunk is one event of a stream: a piece of content, or the end
// (finish set).
func (a answer) chunk(content, finish string) map[string]any {
	delta := map[string]any{}
	if content != "" {
		delta["content"] = content
	}
	var reason any
	if finish != "" {
		reason = finish
	}
	c := map[string]any{
		"id": completionID, "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": a.replyModel(),
		"choices": []any{map[string]any{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": reason}},
	}
	if a.req.IncludeUsage {
		c["usage"] = nil
	}
	return c
}

func (a answer) startStream(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	first := a.chunk("", "")
	first["choices"].([]any)[0].(map[string]any)["delta"] = map[string]any{"role": "assistant", "content": ""}
	a.event(w, first)
}

func (a answer) endStream(w http.ResponseWriter) {
	a.event(w, a.chunk("", a.finishReason()))
	if a.req.IncludeUsage && !a.noUsage {
		a.event(w, map[string]any{
			"id": completionID, "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": a.replyModel(),
			"choices": []any{}, "usage": a.usageJSON(),
		})
	}
	w.Write([]byte("data: [DONE]\n\n"))
	flush(w)
}

// event sends one server-sent event and flushes it; false when the client
// has gone.
func (a answer) event(w http.ResponseWriter, v any) bool {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of strings and numbers are sent
	}
	if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
		return false
	}
	return flush(w) == nil
}

func flush(w http.ResponseWriter) error {
	return http.NewResponseController(w).Flush()
}

// jsonText is s as the inside of a JSON string.
func jsonText(s string) []byte { return appendJSONText(nil, s) }

// appendJSONText appends s escaped as the inside of a JSON string: quotes,
// backslashes and control characters escaped, invalid UTF-8 replaced, as
// encoding/json does (which would allocate a copy of every piece).
func appendJSONText(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
		i++
	}
	return b
}

// content is size bytes of a pattern repeated, cut at a character
// boundary: a reply's text, never held whole.
type content struct {
	pattern string
	size    int64
}

// repeat is n bytes of pattern repeated, less the bytes of a character
// that n would cut in two.
func repeat(pattern string, n int64) content {
	if pattern == "" || n <= 0 {
		return content{}
	}
	plen := int64(len(pattern))
	tail := n % plen
	for tail > 0 && !utf8.RuneStart(pattern[tail]) {
		tail--
	}
	return content{pattern: pattern, size: n - n%plen + tail}
}

// pieces yields the content in pieces of at most limit bytes (more only
// for a character longer than limit), each ending at a character boundary.
func (c content) pieces(limit int) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		if c.size == 0 {
			return
		}
		plen := len(c.pattern)
		window := strings.Repeat(c.pattern, limit/plen+2)
		for off := int64(0); off < c.size; {
			start := int(off % int64(plen))
			n := int(min(int64(limit), c.size-off))
			end := start + n
			for end > start && end < len(window) && !utf8.RuneStart(window[end]) {
				end--
			}
			if end == start { // a character longer than max: send it whole
				_, size := utf8.DecodeRuneInString(window[start:])
				end = start + size
			}
			if !yield(window[start:end]) {
				return
			}
			off += int64(end - start)
		}
	}
}
