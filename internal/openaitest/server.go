// Package openaitest is a fake OpenAI-compatible chat completions server for
// tests: it answers POST /v1/chat/completions, plain and with "stream": true
// (server-sent events), in the shapes OpenAI documents and
// github.com/sashabaranov/go-openai reads, with behaviours a test scripts:
//
//   - Text: a normal reply whose content the test gives, such as a grounded
//     summary with [n] markers; Hostile is one full of Slack and markdown
//     attacks.
//   - Huge: a reply of any size (20 MB, 200 MB), generated as it is sent,
//     never held in memory, as one JSON body or as a stream of chunks.
//   - IgnoresMaxTokens: a reply far longer than the request's max_tokens
//     (or max_completion_tokens), that says it stopped normally.
//   - Hang: no answer (or half of one) until the client gives up.
//   - Drip: an answer a few bytes at a time.
//   - Status, RateLimited, ServerError: error statuses, with OpenAI's
//     error bodies and Retry-After.
//   - Malformed: a 200 whose body is not a chat completion.
//
// Each request takes the next reply of the script and the last one repeats
// (Script). Every request is recorded, with the model, token bound and
// messages it asked for (Requests), so a test can assert what was sent. The
// server rejects, as OpenAI does, a request that is not valid JSON or lacks
// a model or messages, or that sets both token bounds; such a request is
// recorded but takes no reply from the script.
//
// The package is for tests only; nothing in the peelbot binary may import
// it. It imports only the standard library (testing, for Start), so that it
// checks the client's view of the wire format rather than sharing it.
package openaitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Path is where the chat completions API is served.
const Path = "/v1/chat/completions"

// maxRequestBytes bounds the request body the server reads. It is far above
// any prompt peelbot sends.
const maxRequestBytes = 32 << 20

// Server is a running fake. Make one with New or Start.
type Server struct {
	srv  *httptest.Server
	done chan struct{} // closed by Close, to end replies still running

	mu       sync.Mutex
	script   []Reply
	next     int
	requests []Request
	apiKey   string
	closed   bool
}

// New starts a server on a loopback port whose requests take replies in
// order, the last repeating (Text{Content: "[1]"} when none are given).
// Close it when done.
func New(replies ...Reply) *Server {
	s := &Server{done: make(chan struct{})}
	s.Script(replies...)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Start is New for a test: the server is closed when the test ends.
func Start(tb testing.TB, replies ...Reply) *Server {
	tb.Helper()
	s := New(replies...)
	tb.Cleanup(s.Close)
	return s
}

// URL is the API root, http://127.0.0.1:PORT/v1: what OPENAI_BASE_URL and
// go-openai's ClientConfig.BaseURL take.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// Script replaces the replies: the next request takes the first of them.
func (s *Server) Script(replies ...Reply) {
	if len(replies) == 0 {
		replies = []Reply{Text{Content: "[1]"}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append([]Reply(nil), replies...)
	s.next = 0
}

// RequireKey makes the server answer 401, as OpenAI does, to any request
// whose Authorization header is not "Bearer key". Empty accepts any.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiKey = key
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Close ends every reply still running (a Hang, a Drip, a Huge body the
// client stopped reading), closes the connections and stops the server.
// Closing twice is harmless.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Request is one request the server received.
type Request struct {
	At     time.Time
	Method string
	Path   string
	Header http.Header
	// Body is the request body as sent.
	Body []byte
	// Model, Messages, MaxTokens, MaxCompletionTokens, Stream and
	// IncludeUsage are the request's fields; a token bound is 0 when
	// absent. Temperature is nil when absent.
	Model               string
	Messages            []Message
	MaxTokens           int
	MaxCompletionTokens int
	Temperature         *float64
	Stream              bool
	IncludeUsage        bool
	// Rejected is the status the server refused the request with (before
	// any scripted reply), 0 when it was accepted.
	Rejected int
}

// Message is one message of a request. Content parts of type "text" are
// joined into Content.
type Message struct {
	Role    string
	Content string
}

// TokenLimit is the bound the request put on the answer: max_tokens or
// max_completion_tokens, 0 when it set neither.
func (r Request) TokenLimit() int { return max(r.MaxTokens, r.MaxCompletionTokens) }

// Reply is one scripted behaviour. Serve writes the answer to req, whose
// Stream says whether the client asked for server-sent events. It should
// return when r's context ends or done is closed (the server is closing).
type Reply interface {
	Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{})
}

// ReplyFunc makes a function a Reply.
type ReplyFunc func(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{})

// Serve calls f.
func (f ReplyFunc) Serve(w http.ResponseWriter, r *http.Request, req Request, done <-chan struct{}) {
	f(w, r, req, done)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	req, status, problem := s.read(r)
	s.mu.Lock()
	req.Rejected = status
	s.requests = append(s.requests, req)
	var reply Reply
	if status == 0 {
		reply = s.script[min(s.next, len(s.script)-1)]
		s.next++
	}
	s.mu.Unlock()
	if status != 0 {
		writeError(w, status, problem, errorType(status), nil)
		return
	}
	reply.Serve(w, r, req, s.done)
}

// read reads and checks one request. A status other than 0 refuses it,
// with the message OpenAI would give.
func (s *Server) read(r *http.Request) (Request, int, string) {
	req := Request{At: time.Now(), Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	req.Body = body
	s.mu.Lock()
	key := s.apiKey
	s.mu.Unlock()
	switch {
	case r.Method != http.MethodPost || r.URL.Path != Path:
		return req, http.StatusNotFound, fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path)
	case key != "" && r.Header.Get("Authorization") != "Bearer "+key:
		return req, http.StatusUnauthorized, "Incorrect API key provided."
	case err != nil:
		return req, http.StatusBadRequest, "We could not read the body of your request."
	case len(body) > maxRequestBytes:
		return req, http.StatusRequestEntityTooLarge, "The request body is too large."
	}
	var wire struct {
		Model               string            `json:"model"`
		Messages            []json.RawMessage `json:"messages"`
		MaxTokens           *int              `json:"max_tokens"`
		MaxCompletionTokens *int              `json:"max_completion_tokens"`
		Temperature         *float64          `json:"temperature"`
		Stream              bool              `json:"stream"`
		StreamOptions       *struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return req, http.StatusBadRequest, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"
	}
	req.Model, req.Temperature, req.Stream = wire.Model, wire.Temperature, wire.Stream
	req.IncludeUsage = wire.StreamOptions != nil && wire.StreamOptions.IncludeUsage
	if wire.MaxTokens != nil {
		req.MaxTokens = *wire.MaxTokens
	}
	if wire.MaxCompletionTokens != nil {
		req.MaxCompletionTokens = *wire.MaxCompletionTokens
	}
	for i, raw := range wire.Messages {
		m, err := readMessage(raw)
		if err != nil {
			return req, http.StatusBadRequest, fmt.Sprintf("Invalid value for 'messages[%d]': %v", i, err)
		}
		req.Messages = append(req.Messages, m)
	}
	switch {
	case req.Model == "":
		return req, http.StatusBadRequest, "you must provide a model parameter"
	case len(req.Messages) == 0:
		return req, http.StatusBadRequest, "[] is too short - 'messages'"
	case wire.MaxTokens != nil && wire.MaxCompletionTokens != nil:
		return req, http.StatusBadRequest, "max_tokens and max_completion_tokens cannot both be set"
	case req.MaxTokens < 0 || req.MaxCompletionTokens < 0:
		return req, http.StatusBadRequest, "the token bound must be at least 1"
	case wire.StreamOptions != nil && !req.Stream:
		return req, http.StatusBadRequest, "The 'stream_options' parameter is only allowed when 'stream' is enabled."
	}
	return req, 0, ""
}

var roles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true, "tool": true}

func readMessage(raw json.RawMessage) (Message, error) {
	var m struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return Message{}, errors.New("not a message object")
	}
	if !roles[m.Role] {
		return Message{}, fmt.Errorf("unknown role %q", m.Role)
	}
	content := bytes.TrimSpace(m.Content)
	switch {
	case len(content) == 0 || string(content) == "null":
		if m.Role != "assistant" {
			return Message{}, errors.New("content is required")
		}
		return Message{Role: m.Role}, nil
	case content[0] == '"':
		var text string
		if err := json.Unmarshal(content, &text); err != nil {
			return Message{}, errors.New("content is not a string")
		}
		return Message{Role: m.Role, Content: text}, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(content, &parts); err != nil {
		return Message{}, errors.New("content is neither a string nor a list of parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return Message{Role: m.Role, Content: b.String()}, nil
}

// errorType is OpenAI's error type for a status.
func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "requests"
	case status >= 500:
		return "server_error"
	}
	return "invalid_request_error"
}

// writeError answers status with an error body in OpenAI's shape.
func writeError(w http.ResponseWriter, status int, message, typ string, code any) {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": message, "type": typ, "param": nil, "code": code,
	}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}
