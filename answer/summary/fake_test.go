package summary_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
)

// fakeLLM is an OpenAI-compatible chat completions server. It answers each
// request with the next of its replies, repeating the last one, and records
// what it was sent.
type fakeLLM struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	replies []http.HandlerFunc
	got     []sent
}

// sent is one request the fake server received.
type sent struct {
	at     time.Time
	path   string
	header http.Header
	body   map[string]any
	raw    string
}

func newFakeLLM(t *testing.T, replies ...http.HandlerFunc) *fakeLLM {
	t.Helper()
	f := &fakeLLM{t: t, replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		f.t.Errorf("request body is not JSON: %v: %s", err, raw)
	}
	f.mu.Lock()
	n := len(f.got)
	f.got = append(f.got, sent{at: time.Now(), path: r.URL.Path, header: r.Header.Clone(), body: body, raw: string(raw)})
	reply := f.replies[min(n, len(f.replies)-1)]
	f.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	reply(w, r)
}

// requests returns what the server has received so far.
func (f *fakeLLM) requests() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sent(nil), f.got...)
}

// answer replies with a chat completion whose content is text and whose
// usage is prompt and completion tokens (none reported when both are 0).
func answer(text string, prompt, completion int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp := map[string]any{
			"id":      "chatcmpl-test",
			"object":  "chat.completion",
			"created": 1700000000,
			"model":   "test-model-2024",
			"choices": []any{map[string]any{
				"index":         0,
				"message":       map[string]any{"role": "assistant", "content": text},
				"finish_reason": "stop",
			}},
		}
		if prompt+completion > 0 {
			resp["usage"] = map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}
}

// failWith replies with status, body and optional header pairs.
func failWith(status int, contentType, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// openAIError is an error body in OpenAI's own shape.
func openAIError(message, typ string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": typ, "param": nil, "code": nil}})
	return string(b)
}

// hang never answers; it returns when the client gives up.
func hang(w http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

// clock is a settable clock for the hourly limit and the daily budget.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// setup makes a Summariser talking to f with test-friendly settings, then
// lets change adjust the config. It returns the log output.
func setup(t *testing.T, f *fakeLLM, change func(*summary.Config)) (*summary.Summariser, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	clk := &clock{now: time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)}
	cfg := summary.Config{
		BaseURL: f.srv.URL + "/v1",
		Model:   "test-model",
		Timeout: 5 * time.Second,
		Now:     clk.Now,
		Logger:  slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if change != nil {
		change(&cfg)
	}
	s, err := summary.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, &logs
}

// sources are invented passages in the shape search hits are converted to.
func sources() []summary.Source {
	return []summary.Source{
		{
			ID:       "synthetic-2023-p41",
			Citation: "Synthetic Constabulary PEEL 2023–25 › Protecting vulnerable people › Main findings › The force makes good use of DVPOs, p. 30",
			URL:      "https://example.org/synthetic-2023",
			Text:     "The force makes good use of domestic violence protection orders (DVPOs). Officers apply for them in most eligible cases.",
		},
		{
			ID:       "synthetic-2023-p42",
			Citation: "Synthetic Constabulary PEEL 2023–25 › Protecting vulnerable people › Areas for improvement, p. 31",
			URL:      "https://example.org/synthetic-2023",
			Text:     "Supervisors do not always review DVPO breaches promptly.",
		},
		{
			ID:       "synthetic-2023-p77",
			Citation: "Synthetic Constabulary PEEL 2023–25 › Responding to the public › Main findings, p. 18",
			URL:      "https://example.org/synthetic-2023",
			Text:     "The force answers most emergency calls within ten seconds.",
		},
	}
}

// messages returns the system and user message contents of a request.
func messages(t *testing.T, req sent) (system, user string) {
	t.Helper()
	msgs, _ := req.body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("request has %d messages, want system and user: %s", len(msgs), req.raw)
	}
	for i, want := range []string{"system", "user"} {
		m := msgs[i].(map[string]any)
		if m["role"] != want {
			t.Fatalf("message %d has role %v, want %s", i, m["role"], want)
		}
	}
	return msgs[0].(map[string]any)["content"].(string), msgs[1].(map[string]any)["content"].(string)
}
