package openaitest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/peelbot/peelbot/internal/openaitest"
)

// grace is how long past a deadline a call may take to return before the
// test calls it a hang; it bounds a hang and does not measure speed.
const grace = 3 * time.Second

func client(s *openaitest.Server, key string) *openai.Client {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL()
	return openai.NewClientWithConfig(cfg)
}

// chat is a request in the shape peelbot's summariser sends.
func chat() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "Answer only from the numbered passages."},
			{Role: openai.ChatMessageRoleUser, Content: "<question>dvpo</question> <passage n=1>The force uses DVPOs.</passage>"},
		},
		//lint:ignore SA1019 max_tokens is what peelbot sends, for the servers that know only it
		MaxTokens:   400,
		Temperature: 0.01,
	}
}

// streamed is a whole streamed answer.
type streamed struct {
	content string
	chunks  int
	finish  openai.FinishReason
	model   string
	usage   *openai.Usage
}

func readStream(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (streamed, error) {
	var out streamed
	st, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return out, err
	}
	defer st.Close()
	var b strings.Builder
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			out.content = b.String()
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out.model = resp.Model
		if resp.Usage != nil {
			out.usage = resp.Usage
		}
		for _, ch := range resp.Choices {
			if ch.Delta.Content != "" {
				out.chunks++
				b.WriteString(ch.Delta.Content)
			}
			if ch.FinishReason != "" {
				out.finish = ch.FinishReason
			}
		}
	}
}

func TestTextPlainRecordsTheRequest(t *testing.T) {
	const answer = "The force makes good use of DVPOs [1]."
	s := openaitest.Start(t, openaitest.Text{Content: answer})
	resp, err := client(s, "sk-test").CreateChatCompletion(context.Background(), chat())
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 1 || resp.Choices[0].Message.Content != answer || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Errorf("choices %+v, want the scripted content, stopped", resp.Choices)
	}
	if resp.Model != "gpt-4o-mini" || resp.Object != "chat.completion" || resp.ID == "" {
		t.Errorf("response %q %q %q: want the request's model echoed, a chat.completion with an id", resp.Model, resp.Object, resp.ID)
	}
	if u := resp.Usage; u.CompletionTokens != (len(answer)+3)/4 || u.TotalTokens != u.PromptTokens+u.CompletionTokens || u.PromptTokens == 0 {
		t.Errorf("usage %+v, want about a token per four bytes", u)
	}

	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests recorded, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Model != "gpt-4o-mini" || r.MaxTokens != 400 || r.MaxCompletionTokens != 0 || r.TokenLimit() != 400 || r.Stream ||
		r.Temperature == nil || *r.Temperature != 0.01 || r.Rejected != 0 {
		t.Errorf("recorded %+v", r)
	}
	if len(r.Messages) != 2 || r.Messages[0].Role != "system" || r.Messages[1].Role != "user" ||
		!strings.Contains(r.Messages[1].Content, "<passage n=1>") {
		t.Errorf("recorded messages %+v", r.Messages)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
		t.Errorf("Authorization %q recorded", got)
	}
}

func TestTextStream(t *testing.T) {
	const answer = "Supervisors review DVPO breaches [2], mostly — «promptly» [1]."
	s := openaitest.Start(t, openaitest.Text{Content: answer})
	req := chat()
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	got, err := readStream(context.Background(), client(s, ""), req)
	if err != nil {
		t.Fatal(err)
	}
	if got.content != answer || got.chunks < len(answer)/8 || got.finish != openai.FinishReasonStop {
		t.Errorf("streamed %q in %d chunks, finish %q; want %q in pieces of about 8 bytes, stopped", got.content, got.chunks, got.finish, answer)
	}
	if got.usage == nil || got.usage.CompletionTokens != (len(answer)+3)/4 {
		t.Errorf("usage %+v, want the final usage chunk include_usage asks for", got.usage)
	}
	if r := s.Requests()[0]; !r.Stream || !r.IncludeUsage {
		t.Errorf("recorded stream %v include_usage %v, want both", r.Stream, r.IncludeUsage)
	}
}

func TestScriptTakesRepliesInOrderAndRepeatsTheLast(t *testing.T) {
	s := openaitest.Start(t, openaitest.ServerError(), openaitest.Text{Content: "second [1]"})
	c := client(s, "")
	var got []string
	for range 3 {
		resp, err := c.CreateChatCompletion(context.Background(), chat())
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, resp.Choices[0].Message.Content)
	}
	if want := []string{"error", "second [1]", "second [1]"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("replies %q, want %q", got, want)
	}
	s.Script(openaitest.Text{Content: "rescripted [1]"})
	if resp, err := c.CreateChatCompletion(context.Background(), chat()); err != nil || resp.Choices[0].Message.Content != "rescripted [1]" {
		t.Errorf("after Script: %v %v", resp.Choices, err)
	}
}

func TestHugePlainThroughTheClient(t *testing.T) {
	const n = 20 << 20
	s := openaitest.Start(t, openaitest.Huge{Bytes: n})
	resp, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	if err != nil {
		t.Fatal(err)
	}
	got := resp.Choices[0].Message.Content
	if want := strings.Repeat(openaitest.DefaultPattern, n/len(openaitest.DefaultPattern)+1)[:n]; got != want {
		t.Errorf("content of %d bytes starting %.60q, want %d bytes of the pattern", len(got), got, n)
	}
	if resp.Usage.CompletionTokens != n/4 || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Errorf("usage %+v finish %q", resp.Usage, resp.Choices[0].FinishReason)
	}
}

func TestHugeStreamThroughTheClient(t *testing.T) {
	const n = 20 << 20
	s := openaitest.Start(t, openaitest.Huge{Bytes: n, ChunkBytes: 64 << 10})
	var total int
	st, err := client(s, "").CreateChatCompletionStream(context.Background(), chat())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pattern := openaitest.DefaultPattern
	for {
		resp, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", total, err)
		}
		for _, ch := range resp.Choices {
			piece := ch.Delta.Content
			// Each piece continues the pattern where the last one ended.
			off := total % len(pattern)
			want := strings.Repeat(pattern, len(piece)/len(pattern)+2)[off : off+len(piece)]
			if piece != want {
				t.Fatalf("piece at byte %d is not the pattern's continuation", total)
			}
			total += len(piece)
		}
	}
	if total != n {
		t.Errorf("streamed %d bytes, want %d", total, n)
	}
}

// The 200 MB reply is read as bytes, not through go-openai, which would
// hold it all: the test is of the fake, which must send it whole.
func TestHuge200MBPlainIsOneValidBody(t *testing.T) {
	const n = 200 << 20
	s := openaitest.Start(t, openaitest.Huge{Bytes: n})
	body, _ := json.Marshal(chat())
	resp, err := http.Post(s.URL()+"/chat/completions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	envelope := readHugeBody(t, resp.Body, openaitest.DefaultPattern, n)
	var parsed openai.ChatCompletionResponse
	if err := json.Unmarshal(envelope, &parsed); err != nil {
		t.Fatalf("the body around the content is not a chat completion: %v: %s", err, envelope)
	}
	if parsed.Usage.CompletionTokens != n/4 || parsed.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Errorf("envelope %+v", parsed)
	}
}

// readHugeBody reads a plain answer whose content is n bytes of pattern,
// checking the content as it goes, and returns the JSON with the content
// left out.
func readHugeBody(t *testing.T, r io.Reader, pattern string, n int) []byte {
	t.Helper()
	br := bufio.NewReaderSize(r, 64<<10)
	const open = `"content":"`
	head, err := br.Peek(1024)
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	i := bytes.Index(head, []byte(open))
	if i < 0 {
		t.Fatalf("no content in %q", head)
	}
	prefix := make([]byte, i+len(open))
	io.ReadFull(br, prefix)
	window := strings.Repeat(pattern, (64<<10)/len(pattern)+2)
	buf := make([]byte, 64<<10)
	for read := 0; read < n; {
		k, err := br.Read(buf[:min(len(buf), n-read)])
		off := read % len(pattern)
		if string(buf[:k]) != window[off:off+k] {
			t.Fatalf("content at byte %d is not the pattern", read)
		}
		read += k
		if err != nil {
			t.Fatalf("after %d of %d bytes of content: %v", read, n, err)
		}
	}
	suffix, err := io.ReadAll(br)
	if err != nil {
		t.Fatal(err)
	}
	return append(prefix, suffix...) // the content's quotes end one and start the other
}

// discard is a ResponseWriter that counts what is written, so a reply can
// be served with nothing else holding its bytes.
type discard struct {
	header http.Header
	n      int64
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Flush()                      {}
func (d *discard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }

func TestHugeIsGeneratedNotHeld(t *testing.T) {
	const n = 200 << 20
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			w := &discard{header: http.Header{}}
			r := httptest.NewRequest(http.MethodPost, openaitest.Path, nil)
			req := openaitest.Request{Model: "m", Stream: stream}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			openaitest.Huge{Bytes: n}.Serve(w, r, req, make(chan struct{}))
			runtime.ReadMemStats(&after)
			if w.n < n {
				t.Fatalf("wrote %d bytes, want over %d", w.n, n)
			}
			// Allocating even a tenth of the reply would mean it was
			// built rather than generated.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
				t.Errorf("serving %d bytes allocated %d bytes", w.n, alloc)
			}
		})
	}
}

func TestIgnoresMaxTokens(t *testing.T) {
	s := openaitest.Start(t, openaitest.IgnoresMaxTokens{})
	req := chat()
	//lint:ignore SA1019 max_tokens is the bound under test
	req.MaxTokens = 100
	resp, err := client(s, "").CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(resp.Choices[0].Message.Content); got != 100*4*10 {
		t.Errorf("content of %d bytes, want ten times the 100 tokens asked for", got)
	}
	if resp.Usage.CompletionTokens <= 100 || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Errorf("usage %+v, finish %q: want more tokens than asked, and no sign of being cut", resp.Usage, resp.Choices[0].FinishReason)
	}

	req = chat()
	//lint:ignore SA1019 reasoning models are bounded by max_completion_tokens instead
	req.MaxTokens = 0
	req.MaxCompletionTokens = 50
	resp, err = client(s, "").CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(resp.Choices[0].Message.Content); got != 50*4*10 {
		t.Errorf("content of %d bytes for max_completion_tokens 50", got)
	}
}

func TestHangEndsWhenTheClientGivesUp(t *testing.T) {
	s := openaitest.Start(t, openaitest.Hang{})
	const deadline = 300 * time.Millisecond
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	_, err := client(s, "").CreateChatCompletion(ctx, chat())
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || elapsed < deadline || elapsed > deadline+grace {
		t.Errorf("after %v: %v; want the deadline, at the deadline", elapsed, err)
	}
}

func TestHangMidStream(t *testing.T) {
	s := openaitest.Start(t, openaitest.Hang{AfterContent: "The force [1]"})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	st, err := client(s, "").CreateChatCompletionStream(ctx, chat())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got strings.Builder
	for {
		resp, err := st.Recv()
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("stream ended with %v, want the deadline", err)
			}
			break
		}
		for _, ch := range resp.Choices {
			got.WriteString(ch.Delta.Content)
		}
	}
	if got.String() != "The force [1]" {
		t.Errorf("received %q before the hang", got.String())
	}
}

func TestCloseEndsHangingReplies(t *testing.T) {
	s := openaitest.New(openaitest.Hang{})
	errs := make(chan error, 1)
	go func() {
		_, err := client(s, "").CreateChatCompletion(context.Background(), chat())
		errs <- err
	}()
	for len(s.Requests()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(grace):
		t.Fatal("Close waited for a hanging reply")
	}
	if err := <-errs; err == nil {
		t.Error("the hanging request succeeded when the server closed")
	}
	s.Close()
}

func TestDrip(t *testing.T) {
	const answer = "Slowly [1]."
	const every = 20 * time.Millisecond
	s := openaitest.Start(t, openaitest.Drip{Content: answer, Every: every, Bytes: 16})
	start := time.Now()
	resp, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != answer {
		t.Errorf("content %q", resp.Choices[0].Message.Content)
	}
	// The body is some 250 bytes, sent 16 at a time.
	if elapsed := time.Since(start); elapsed < 10*every {
		t.Errorf("the whole body came in %v, want it dripped over at least %v", elapsed, 10*every)
	}

	s.Script(openaitest.Drip{Content: answer, Every: every, Bytes: 4})
	start = time.Now()
	got, err := readStream(context.Background(), client(s, ""), chat())
	if err != nil {
		t.Fatal(err)
	}
	if got.content != answer || got.chunks != 3 {
		t.Errorf("streamed %q in %d chunks, want it in 3 of up to 4 bytes", got.content, got.chunks)
	}
	if elapsed := time.Since(start); elapsed < 2*every {
		t.Errorf("the stream came in %v, want at least %v", elapsed, 2*every)
	}
}

func TestRateLimitedSaysWhenToRetry(t *testing.T) {
	s := openaitest.Start(t, openaitest.RateLimited(1500*time.Millisecond))
	resp, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusTooManyRequests || apiErr.Type != "requests" {
		t.Fatalf("error %#v, want OpenAI's 429", err)
	}
	if got := resp.Header().Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After %q, want 2 (1.5 s rounded up)", got)
	}
}

func TestServerErrorIsOpenAIs500(t *testing.T) {
	s := openaitest.Start(t, openaitest.ServerError())
	_, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 500 || apiErr.Type != "server_error" || apiErr.Message == "" {
		t.Errorf("error %#v, want OpenAI's 500", err)
	}
	_, err = readStream(context.Background(), client(s, ""), chat())
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 500 {
		t.Errorf("stream error %#v, want the 500", err)
	}
}

func TestStatusWithAPlainBody(t *testing.T) {
	s := openaitest.Start(t, openaitest.Status{Code: 502, Body: "<html>Bad gateway</html>", ContentType: "text/html"})
	_, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	var reqErr *openai.RequestError
	if !errors.As(err, &reqErr) || reqErr.HTTPStatusCode != 502 || string(reqErr.Body) != "<html>Bad gateway</html>" {
		t.Errorf("error %#v, want the 502 with its HTML body", err)
	}
}

func TestMalformed(t *testing.T) {
	s := openaitest.Start(t, openaitest.Malformed{})
	if _, err := client(s, "").CreateChatCompletion(context.Background(), chat()); err == nil {
		t.Error("a cut-off body decoded without error")
	}
	if _, err := readStream(context.Background(), client(s, ""), chat()); err == nil {
		t.Error("a cut-off stream event decoded without error")
	}
}

func TestHostile(t *testing.T) {
	s := openaitest.Start(t, openaitest.Hostile())
	for _, stream := range []bool{false, true} {
		var content string
		if stream {
			got, err := readStream(context.Background(), client(s, ""), chat())
			if err != nil {
				t.Fatal(err)
			}
			content = got.content
		} else {
			resp, err := client(s, "").CreateChatCompletion(context.Background(), chat())
			if err != nil {
				t.Fatal(err)
			}
			content = resp.Choices[0].Message.Content
		}
		if content != openaitest.HostileContent || !strings.Contains(content, "[1]") {
			t.Errorf("stream=%v: content %q, want HostileContent with a valid marker", stream, content)
		}
		for _, a := range openaitest.Attacks {
			if !strings.Contains(content, a.Text) {
				t.Errorf("stream=%v: %s (%q) missing", stream, a.Name, a.Text)
			}
		}
	}
}

func TestRejectsWhatOpenAIRejects(t *testing.T) {
	s := openaitest.Start(t, openaitest.Text{Content: "never sent [1]"})
	post := func(path, body string) (int, string) {
		resp, err := http.Post(strings.TrimSuffix(s.URL(), "/v1")+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Error struct{ Message, Type string } `json:"error"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || e.Error.Message == "" || e.Error.Type == "" {
			t.Errorf("%s %s: error body not in OpenAI's shape: %v", path, body, err)
		}
		return resp.StatusCode, e.Error.Message
	}
	msgs := `"messages":[{"role":"user","content":"q"}]`
	for _, tc := range []struct {
		path, body string
		status     int
	}{
		{openaitest.Path, `{"model":`, 400},
		{openaitest.Path, `{` + msgs + `}`, 400},
		{openaitest.Path, `{"model":"m","messages":[]}`, 400},
		{openaitest.Path, `{"model":"m","messages":[{"role":"wizard","content":"q"}]}`, 400},
		{openaitest.Path, `{"model":"m",` + msgs + `,"max_tokens":10,"max_completion_tokens":10}`, 400},
		{openaitest.Path, `{"model":"m",` + msgs + `,"max_tokens":-1}`, 400},
		{openaitest.Path, `{"model":"m",` + msgs + `,"stream_options":{"include_usage":true}}`, 400},
		{"/v1/completions", `{"model":"m",` + msgs + `}`, 404},
	} {
		if status, msg := post(tc.path, tc.body); status != tc.status {
			t.Errorf("%s %s: status %d (%s), want %d", tc.path, tc.body, status, msg, tc.status)
		}
	}
	reqs := s.Requests()
	for _, r := range reqs {
		if r.Rejected == 0 {
			t.Errorf("request %s not recorded as rejected", r.Body)
		}
	}
	// None took the scripted reply, which the next good request gets.
	resp, err := client(s, "").CreateChatCompletion(context.Background(), chat())
	if err != nil || resp.Choices[0].Message.Content != "never sent [1]" {
		t.Errorf("first good request: %v %v", resp.Choices, err)
	}
}

func TestContentPartsAreJoined(t *testing.T) {
	s := openaitest.Start(t)
	body := `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"part one, "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"part two"}]}]}`
	resp, err := http.Post(s.URL()+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := s.Requests()[0].Messages[0].Content; got != "part one, part two" {
		t.Errorf("recorded content %q", got)
	}
}

func TestRequireKey(t *testing.T) {
	s := openaitest.Start(t)
	s.RequireKey("sk-right")
	_, err := client(s, "sk-wrong").CreateChatCompletion(context.Background(), chat())
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusUnauthorized {
		t.Errorf("wrong key: %v, want 401", err)
	}
	if _, err := client(s, "sk-right").CreateChatCompletion(context.Background(), chat()); err != nil {
		t.Errorf("right key: %v", err)
	}
}
