package bot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// fakeSlack is a fake Slack: the Web API under /api/ and response URLs
// under /response/. It records every call and answers as Slack would, or
// with replies queued for a method.
type fakeSlack struct {
	srv *httptest.Server

	mu      sync.Mutex
	calls   []apiCall
	queued  map[string][]fakeReply
	ts      int
	secrets []string // the secret part of each response URL handed out
}

// apiCall is one request Slack received.
type apiCall struct {
	Method string // "chat.postMessage", or "response" for a response URL
	Path   string
	Form   url.Values     // form posts
	JSON   map[string]any // JSON posts
	At     time.Time
	// Failed is true when Slack answered with an error status or hung up:
	// nothing was posted.
	Failed bool
	// TS is the message's ts, for a chat.postMessage.
	TS string
}

// fakeReply is a scripted answer: a status, headers, a body, or a dropped
// connection, after a delay. The call is recorded (Slack has it) before
// any of them.
type fakeReply struct {
	status int
	header map[string]string
	body   string
	hangUp bool
	reset  bool // hang up with a TCP reset rather than a close
	// delay holds the answer back, as a Slack that acted but is slow to
	// say so; a client that gives up first gets no answer at all.
	delay time.Duration
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{queued: map[string][]fakeReply{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

// responseURL hands out a response URL shaped like Slack's
// (…/commands/T…/…/secret): its last part is a credential, which the
// harness makes sure never reaches the logs.
func (f *fakeSlack) responseURL(name string) string {
	secret := "hooksecret" + name
	f.addSecret(secret)
	return f.srv.URL + "/response/" + name + "/T1/1234/" + secret
}

// addSecret adds a text that must never be logged.
func (f *fakeSlack) addSecret(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secrets = append(f.secrets, s)
}

func (f *fakeSlack) secretsHandedOut() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.secrets...)
}

// queue makes the next calls of method get these replies, in order.
func (f *fakeSlack) queue(method string, replies ...fakeReply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queued[method] = append(f.queued[method], replies...)
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c := apiCall{Path: r.URL.Path, At: time.Now()}
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		c.Method = strings.TrimPrefix(r.URL.Path, "/api/")
	case strings.HasPrefix(r.URL.Path, "/response/"):
		c.Method = "response"
	default:
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	f.mu.Lock()
	var reply *fakeReply
	if q := f.queued[c.Method]; len(q) > 0 {
		reply = &q[0]
		f.queued[c.Method] = q[1:]
		c.Failed = reply.status >= 400 || reply.hangUp || reply.reset || strings.Contains(reply.body, `"ok":false`)
	}
	f.ts++
	ts := fmt.Sprintf("1700000100.%06d", f.ts)
	c.TS = ts
	f.calls = append(f.calls, c)
	f.mu.Unlock()

	if reply != nil && reply.delay > 0 {
		select {
		case <-time.After(reply.delay):
		case <-r.Context().Done():
			return
		}
	}
	if reply != nil && (reply.status != 0 || reply.body != "" || reply.hangUp || reply.reset || reply.header != nil) {
		if reply.hangUp || reply.reset {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok && reply.reset {
					tc.SetLinger(0)
				}
				conn.Close()
			}
			return
		}
		for k, v := range reply.header {
			w.Header().Set(k, v)
		}
		if reply.status == 0 {
			reply.status = http.StatusOK
		}
		w.WriteHeader(reply.status)
		io.WriteString(w, reply.body)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch c.Method {
	case "auth.test":
		io.WriteString(w, `{"ok":true,"user_id":"UBOT","bot_id":"BBOT","team_id":"T1","user":"peelbot"}`)
	case "chat.postMessage", "chat.update":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, c.Form.Get("channel"), ts)
	case "chat.postEphemeral":
		fmt.Fprintf(w, `{"ok":true,"message_ts":%q}`, ts)
	case "views.open", "views.publish":
		io.WriteString(w, `{"ok":true,"view":{"id":"V1"}}`)
	case "conversations.open":
		fmt.Fprintf(w, `{"ok":true,"channel":{"id":%q}}`, "D"+c.Form.Get("users"))
	case "conversations.history":
		f.history(w, c.Form.Get("channel"))
	case "response":
		io.WriteString(w, `{"ok":true}`)
	default:
		io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

// history answers conversations.history with the messages posted to
// channel (a DM "D"+user is the user's), newest first, with their
// metadata.
func (f *fakeSlack) history(w io.Writer, channel string) {
	var msgs []map[string]any
	posts := f.Posted("chat.postMessage")
	for i := len(posts) - 1; i >= 0; i-- {
		c := posts[i]
		if ch := c.get("channel"); ch != channel && "D"+ch != channel {
			continue
		}
		m := map[string]any{"type": "message", "ts": c.TS, "user": "UBOT", "bot_id": "BBOT", "text": c.get("text")}
		var md any
		if raw := c.get("metadata"); raw != "" && json.Unmarshal([]byte(raw), &md) == nil {
			m["metadata"] = md
		}
		msgs = append(msgs, m)
	}
	raw, _ := json.Marshal(map[string]any{"ok": true, "messages": msgs, "has_more": false})
	w.Write(raw)
}

// Posted returns the calls of method that Slack acted on: all but those
// it answered with an error status or hung up on.
func (f *fakeSlack) Posted(method string) []apiCall {
	var out []apiCall
	for _, c := range f.Calls(method) {
		if !c.Failed {
			out = append(out, c)
		}
	}
	return out
}

// Calls returns the calls of the given methods (all but auth.test when
// none are named).
func (f *fakeSlack) Calls(methods ...string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if (len(methods) == 0 && c.Method != "auth.test") || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// waitFor waits until method has been called n times, and returns the
// calls.
func (f *fakeSlack) waitFor(t *testing.T, method string, n int) []apiCall {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		calls := f.Calls(method)
		if len(calls) >= n || time.Now().After(deadline) {
			return calls
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// blocks decodes the blocks a call posted.
func (c apiCall) blocks(t *testing.T) []map[string]any {
	t.Helper()
	var raw any
	if c.JSON != nil {
		raw = c.JSON["blocks"]
	} else {
		if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &raw); err != nil {
			t.Fatalf("%s: blocks: %v", c.Method, err)
		}
	}
	return toBlocks(t, raw)
}

func (c apiCall) get(key string) string {
	if c.JSON != nil {
		v, _ := c.JSON[key].(string)
		return v
	}
	return c.Form.Get(key)
}

func toBlocks(t *testing.T, raw any) []map[string]any {
	t.Helper()
	list, ok := raw.([]any)
	if !ok {
		t.Fatalf("blocks are %T, not a list", raw)
	}
	var out []map[string]any
	for _, b := range list {
		out = append(out, b.(map[string]any))
	}
	return out
}

// texts collects every text of a message's blocks, in order.
func texts(blocks []map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for k, e := range x {
				if k != "text" || !isString(e) {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, b := range blocks {
		walk(map[string]any(b))
	}
	return out
}

func isString(v any) bool { _, ok := v.(string); return ok }

// allText is every text of the blocks, joined.
func allText(blocks []map[string]any) string { return strings.Join(texts(blocks), "\n") }

// btn is a button as posted.
type btn struct{ ActionID, Value, Label string }

func buttons(blocks []map[string]any) []btn {
	var out []btn
	for _, b := range blocks {
		if b["type"] != "actions" {
			continue
		}
		for _, e := range b["elements"].([]any) {
			el := e.(map[string]any)
			label, _ := el["text"].(map[string]any)["text"].(string)
			v, _ := el["value"].(string)
			out = append(out, btn{ActionID: el["action_id"].(string), Value: v, Label: label})
		}
	}
	return out
}

func buttonsWith(blocks []map[string]any, actionID string) []btn {
	var out []btn
	for _, b := range buttons(blocks) {
		if b.ActionID == actionID {
			out = append(out, b)
		}
	}
	return out
}

// quoteTexts are the passages quoted, in order.
func quoteTexts(blocks []map[string]any) []string {
	var out []string
	for _, b := range blocks {
		id, _ := b["block_id"].(string)
		if strings.HasPrefix(id, "quote") {
			out = append(out, b["text"].(map[string]any)["text"].(string))
		}
	}
	return out
}

// checkLimits fails the test for anything past Block Kit's limits.
func checkLimits(t *testing.T, blocks []map[string]any) {
	t.Helper()
	if len(blocks) > render.MaxBlocks {
		t.Errorf("%d blocks, more than %d", len(blocks), render.MaxBlocks)
	}
	for _, s := range texts(blocks) {
		if n := len([]rune(s)); n > render.MaxTextChars {
			t.Errorf("a text object of %d characters: %.80q…", n, s)
		}
	}
	for _, b := range buttons(blocks) {
		if n := len([]rune(b.Value)); n > render.MaxValueChars {
			t.Errorf("button %s has a value of %d characters", b.ActionID, n)
		}
		if n := len([]rune(b.Label)); n > render.MaxButtonChars {
			t.Errorf("button %s has a label of %d characters", b.ActionID, n)
		}
	}
	ids := map[string]bool{}
	for _, b := range blocks {
		if id, _ := b["block_id"].(string); id != "" {
			if ids[id] {
				t.Errorf("block_id %q used twice", id)
			}
			ids[id] = true
		}
	}
}

// The embedded reports, indexed once for all tests.
var (
	testOnce  sync.Once
	testLib   *corpus.Library
	testIndex *index.Index
	testErr   error
)

func embeddedIndex(t testing.TB) (*corpus.Library, *index.Index) {
	t.Helper()
	testOnce.Do(func() {
		testLib, testErr = corpus.Embedded()
		if testErr == nil {
			testIndex, testErr = index.Build(testLib)
		}
	})
	if testErr != nil {
		t.Fatal(testErr)
	}
	return testLib, testIndex
}

const testSecret = "test-signing-secret-not-real"

// harness is a Bot served over HTTP against a fake Slack.
type harness struct {
	t     *testing.T
	slack *fakeSlack
	bot   *Bot
	srv   *httptest.Server
	logs  *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for the bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newHarness(t *testing.T, edit ...func(*Config)) *harness {
	t.Helper()
	lib, ix := embeddedIndex(t)
	h := &harness{t: t, slack: newFakeSlack(t), logs: &syncBuffer{}}
	cfg := Config{
		Library: lib, Index: ix, BotToken: "xoxb-test-token", APIURL: h.slack.apiURL(),
		SigningSecret: testSecret, Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, e := range edit {
		e(&cfg)
	}
	if cfg.Tracker != nil {
		cfg.Tracker.Library = cfg.Library // an edit may have loaded other reports
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.api.Backoff = 20 * time.Millisecond // keep the tests quick; the policy is the same
	if err := b.Identify(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.bot = b
	h.srv = httptest.NewServer(b.Handler())
	t.Cleanup(h.srv.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := b.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
	t.Cleanup(func() {
		secrets := append([]string{testSecret, "xoxb-test-token", "xapp-test-token"}, h.slack.secretsHandedOut()...)
		for _, line := range strings.Split(h.logs.String(), "\n") {
			for i, secret := range secrets {
				if strings.Contains(line, secret) {
					t.Errorf("secret #%d reached the logs", i)
				}
			}
		}
	})
	return h
}

// settle waits until the bot's background work is done, so what it posted
// can be checked. Work is scheduled before Slack gets its answer, so after
// a request returns there is nothing left to wait for but that work.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.bot.bg.running.Load() > 0 {
		if time.Now().After(deadline) {
			h.t.Fatal("background work still running after 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sign signs a request as Slack does: v0=HMAC-SHA256(secret, "v0:ts:body").
func sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a request signed now with the test secret.
func (h *harness) post(path, contentType string, body []byte, header ...string) *http.Response {
	h.t.Helper()
	ts := time.Now().Unix()
	hdr := map[string]string{
		"Content-Type":              contentType,
		"X-Slack-Request-Timestamp": strconv.FormatInt(ts, 10),
		"X-Slack-Signature":         sign(testSecret, ts, body),
	}
	for i := 0; i+1 < len(header); i += 2 {
		hdr[header[i]] = header[i+1]
	}
	return h.send(path, hdr, body)
}

// send sends a request with exactly these headers.
func (h *harness) send(path string, header map[string]string, body []byte) *http.Response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

const formType = "application/x-www-form-urlencoded"

// slash is a /peel command's form.
func slash(text string) url.Values {
	return url.Values{
		"token": {"legacy-verification-token"}, "team_id": {"T1"}, "team_domain": {"test"},
		"channel_id": {"C1"}, "channel_name": {"general"}, "user_id": {"U1"}, "user_name": {"alex"},
		"command": {"/peel"}, "text": {text}, "response_url": {""}, "trigger_id": {"trig.1"},
		"api_app_id": {"A1"},
	}
}

// command runs /peel text and returns the reply's blocks.
func (h *harness) command(text string) []map[string]any {
	h.t.Helper()
	form := slash(text)
	form.Set("response_url", h.slack.responseURL("cmd"))
	resp := h.post(PathCommands, formType, []byte(form.Encode()))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("/peel %.40q: status %d", text, resp.StatusCode)
	}
	var msg struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
		Blocks       any    `json:"blocks"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&msg); err != nil {
		h.t.Fatal(err)
	}
	if msg.ResponseType != "ephemeral" {
		h.t.Errorf("/peel answer is %q, not ephemeral", msg.ResponseType)
	}
	if msg.Text == "" {
		h.t.Errorf("/peel answer has no fallback text")
	}
	blocks := toBlocks(h.t, msg.Blocks)
	checkLimits(h.t, blocks)
	return blocks
}

// click sends a block_actions payload for the button, clicked by U1 in a
// message described by container.
func (h *harness) click(b btn, container map[string]any) *http.Response {
	h.t.Helper()
	return h.clickAnswering(b, container, h.slack.responseURL("click"))
}

// clickAnswering is click with the response_url Slack gives the click.
func (h *harness) clickAnswering(b btn, container map[string]any, responseURL string) *http.Response {
	h.t.Helper()
	payload := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": "T1", "domain": "test"},
		"user":         map[string]any{"id": "U1", "name": "alex"},
		"api_app_id":   "A1",
		"trigger_id":   "trig.2",
		"response_url": responseURL,
		"container":    container,
		"channel":      map[string]any{"id": container["channel_id"], "name": "general"},
		"actions": []any{map[string]any{
			"type": "button", "action_id": b.ActionID, "block_id": "act-0", "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000200.000001",
		}},
	}
	if ts, ok := container["thread_ts"]; ok {
		payload["message"] = map[string]any{"ts": container["message_ts"], "thread_ts": ts}
	}
	return h.interact(payload)
}

func (h *harness) interact(payload map[string]any) *http.Response {
	h.t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		h.t.Fatal(err)
	}
	resp := h.post(PathActions, formType, []byte(url.Values{"payload": {string(raw)}}.Encode()))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("interaction: status %d", resp.StatusCode)
	}
	return resp
}

// ephemeralIn is the container of an ephemeral answer in channel C1, in the
// thread when thread is set.
func ephemeralIn(thread string) map[string]any {
	c := map[string]any{"type": "message", "message_ts": "1700000050.000100", "channel_id": "C1", "is_ephemeral": true}
	if thread != "" {
		c["thread_ts"] = thread
	}
	return c
}

// event posts an Events API callback with the inner event.
func (h *harness) event(eventID string, inner map[string]any, header ...string) *http.Response {
	h.t.Helper()
	body, err := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000, "event": inner,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return h.post(PathEvents, "application/json", body, header...)
}

// mention is an app_mention event by U1 in C1.
func mention(text, ts, threadTS string) map[string]any {
	m := map[string]any{"type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": "C1", "event_ts": ts}
	if threadTS != "" {
		m["thread_ts"] = threadTS
	}
	return m
}

// jsonBlocks is blocks as Slack receives them.
func jsonBlocks(t *testing.T, blocks []slack.Block) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return toBlocks(t, v)
}
