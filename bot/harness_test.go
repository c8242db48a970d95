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
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// Every test of this package talks to bot/slacktest's fake Slack, which
// refuses (and fails the test for) every payload Slack would refuse. Its
// validator is stricter than Slack in two ways peelbot relies on: an
// action_id is unique in its whole message or view, not only in its
// block, and nothing may mention anyone, ping a channel or link anywhere
// but to a loaded report, except the people and channels the tests act
// as and in (testMembers): user, report and model text must be escaped.

// testToken is the bot token the fake takes.
const testToken = "xoxb-test-token"

// testMembers are the users and conversations the tests act as and in:
// the only ones a payload may mention.
var testMembers = []string{
	"U1", "U2", "U3", "U4", "U5", "U7", "U9", "UADMIN", "UBOSS", "U0BEA", "U0CAT", "U024BE7LH", "UBOT", "UOWNER", "UREV", "UNOBODY",
	"C1", "C2", "C4", "C5", "C9", "CDIGEST", "D1",
}

// waitLong is how long a test waits for the bot's background work to call
// Slack.
const waitLong = 10 * time.Second

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

// harness is a Bot served over HTTP against the fake Slack.
type harness struct {
	t     *testing.T
	slack *slacktest.Server
	bot   *Bot
	srv   *httptest.Server
	logs  *syncBuffer

	mu       sync.Mutex
	links    []string // the URL prefixes payloads may link to: the loaded reports'
	secrets  []string // what must never be logged, besides the fake's
	triggers []string // the trigger_ids of the interactions sent, in order
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

// peelValidator is Slack's rules, made stricter as the package doc says.
// links gives the URL prefixes payloads may link to.
func peelValidator(links func() []string) slacktest.Validator {
	return slacktest.Validator{
		ActionIDsUniquePerSurface: true,
		Intended: func(seq string) bool {
			return slacktest.Allow{Members: testMembers, Links: links()}.Intended(seq)
		},
	}
}

// reportLinks are the URL prefixes of lib's reports: their pages and PDFs.
func reportLinks(lib *corpus.Library) []string {
	var out []string
	for _, r := range lib.Reports {
		for _, u := range []string{r.URL, r.PDFURL} {
			if u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}

// newSlack is the fake Slack every test here uses: peelbot's workspace,
// as the tests' payloads name it, judged by peelValidator.
func newSlack(t *testing.T, links func() []string, opts ...slacktest.Options) *slacktest.Server {
	var o slacktest.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.BotToken, o.TeamID, o.BotUserID, o.BotID = testToken, "T1", "UBOT", "BBOT"
	o.Validator = peelValidator(links)
	return slacktest.NewServer(t, o)
}

func newHarness(t *testing.T, edit ...func(*Config)) *harness {
	t.Helper()
	lib, ix := embeddedIndex(t)
	h := &harness{t: t, logs: &syncBuffer{}}
	h.slack = newSlack(t, h.allowedLinks, slacktest.Options{AppToken: "xapp-test-token"})
	cfg := Config{
		Library: lib, Index: ix, BotToken: testToken, APIURL: h.slack.APIURL(),
		SigningSecret: testSecret, Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, e := range edit {
		e(&cfg)
	}
	if cfg.Tracker != nil {
		cfg.Tracker.Library = cfg.Library // an edit may have loaded other reports
	}
	h.mu.Lock()
	h.links = reportLinks(cfg.Library)
	h.mu.Unlock()
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
	t.Cleanup(func() { checkNoSecrets(t, h.logs.String(), append(h.slack.Secrets(), h.extraSecrets()...)) })
	return h
}

func (h *harness) allowedLinks() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.links
}

// addSecret adds a text that must never be logged.
func (h *harness) addSecret(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secrets = append(h.secrets, s)
}

func (h *harness) extraSecrets() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string{testSecret}, h.secrets...)
}

// checkNoSecrets fails the test for a log line holding a secret.
func checkNoSecrets(t *testing.T, logs string, secrets []string) {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		for i, secret := range secrets {
			if secret != "" && strings.Contains(line, secret) {
				t.Errorf("secret #%d reached the logs", i)
			}
		}
	}
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

// post sends a request signed now with the test secret, as Slack signs
// every request it sends (a retry included) afresh; see freshTimestamp.
func (h *harness) post(path, contentType string, body []byte, header ...string) *http.Response {
	h.t.Helper()
	ts := freshTimestamp(body)
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

// commandURL is the response_url Slack gives a /peel typed by user in
// channel.
func (h *harness) commandURL(user, channel string) string {
	return h.slack.ResponseURL(slacktest.ResponseURLOptions{Channel: channel, User: user})
}

// command runs /peel text as U1 in C1 and returns the reply's blocks.
func (h *harness) command(text string) []map[string]any {
	h.t.Helper()
	return h.commandBy("U1", "C1", text)
}

// commandBy runs /peel text as user in channel and returns the reply's
// blocks. The reply is judged as Slack judges it (CheckReply).
func (h *harness) commandBy(user, channel, text string) []map[string]any {
	h.t.Helper()
	form := slash(text)
	form.Set("user_id", user)
	form.Set("channel_id", channel)
	form.Set("response_url", h.commandURL(user, channel))
	form.Set("trigger_id", h.slack.TriggerID())
	resp := h.post(PathCommands, formType, []byte(form.Encode()))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("/peel %.40q: status %d", text, resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	h.slack.CheckReply(body)
	var msg struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
		Blocks       any    `json:"blocks"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		h.t.Fatal(err)
	}
	if msg.ResponseType != "ephemeral" {
		h.t.Errorf("/peel %.40q answer is %q, not ephemeral", text, msg.ResponseType)
	}
	return toBlocks(h.t, msg.Blocks)
}

// btn is a button as posted.
type btn = slacktest.Button

// actionBase is the action of an action_id: the part before a suffix
// that keeps it unique in its message.
func actionBase(id string) string {
	base, _, _ := strings.Cut(id, render.ActionSep)
	return base
}

// buttons are the buttons of blocks, in order.
func buttons(blocks []map[string]any) []btn { return slacktest.ButtonsOf(blocks) }

// buttonsWith are the buttons of blocks for the action (whatever suffix
// keeps their action_id unique).
func buttonsWith(blocks []map[string]any, action string) []btn {
	var out []btn
	for _, b := range buttons(blocks) {
		if actionBase(b.ActionID) == action {
			out = append(out, b)
		}
	}
	return out
}

// texts collects every text of a message's blocks, in order.
func texts(blocks []map[string]any) []string { return slacktest.TextsOf(blocks) }

// allText is every text of the blocks, joined.
func allText(blocks []map[string]any) string { return strings.Join(texts(blocks), "\n") }

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

// clickURL is the response_url Slack gives a click by user in the message
// container describes.
func (h *harness) clickURL(user string, container map[string]any) string {
	o := slacktest.ResponseURLOptions{User: user, Action: true}
	o.Channel, _ = container["channel_id"].(string)
	o.MessageTS, _ = container["message_ts"].(string)
	o.ThreadTS, _ = container["thread_ts"].(string)
	o.Ephemeral, _ = container["is_ephemeral"].(bool)
	return h.slack.ResponseURL(o)
}

// click sends a block_actions payload for the button, clicked by U1 in a
// message described by container.
func (h *harness) click(b btn, container map[string]any) *http.Response {
	h.t.Helper()
	return h.clickAnswering(b, container, h.clickURL("U1", container))
}

// clickAnswering is click with the response_url Slack gives the click.
func (h *harness) clickAnswering(b btn, container map[string]any, responseURL string) *http.Response {
	h.t.Helper()
	return h.interact(h.clickPayload("U1", b, container, responseURL))
}

// clickPayload is the block_actions payload of user's click on b.
func (h *harness) clickPayload(user string, b btn, container map[string]any, responseURL string) map[string]any {
	trigger := h.slack.TriggerID()
	h.mu.Lock()
	h.triggers = append(h.triggers, trigger)
	h.mu.Unlock()
	payload := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": "T1", "domain": "test"},
		"user":         map[string]any{"id": user, "name": "alex"},
		"api_app_id":   "A1",
		"trigger_id":   trigger,
		"response_url": responseURL,
		"container":    container,
		"channel":      map[string]any{"id": container["channel_id"], "name": "general"},
		"actions": []any{map[string]any{
			"type": "button", "action_id": b.ActionID, "block_id": cmpOr(b.BlockID, "act-0"), "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000200.000001",
		}},
	}
	if ts, ok := container["thread_ts"]; ok {
		payload["message"] = map[string]any{"ts": container["message_ts"], "thread_ts": ts}
	}
	if container["type"] == "view" {
		delete(payload, "response_url")
		delete(payload, "channel")
		payload["view"] = map[string]any{"id": container["view_id"], "type": "home"}
	}
	return payload
}

// lastTrigger is the trigger_id of the latest click sent.
func (h *harness) lastTrigger() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.triggers) == 0 {
		return ""
	}
	return h.triggers[len(h.triggers)-1]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
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

// checkMessage fails the test for a message Slack (or peelValidator)
// would refuse, for payloads that reach no fake: Socket Mode
// acknowledgements.
func (h *harness) checkMessage(m render.Message) {
	h.t.Helper()
	v := peelValidator(h.allowedLinks)
	if err := v.ValidateMessage(m.Text, m.Blocks...); err != nil {
		h.t.Errorf("Slack would refuse this message: %v", err)
	}
}

// slackMessage is a message someone posted in channel.
func slackMessage(channel, text string) slacktest.Message {
	return slacktest.Message{Channel: channel, User: "U1", Text: text}
}

// submit submits the modal view (as views.open received it) as user with
// the given input values (block id → action id → value) and returns
// Slack's answer: nil for an empty 200 (the modal closes).
func (h *harness) submit(user string, view map[string]any, values map[string]map[string]any) map[string]any {
	h.t.Helper()
	payload := map[string]any{
		"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user},
		"api_app_id": "A1", "trigger_id": h.slack.TriggerID(),
		"view": map[string]any{
			"id": "V1", "type": "modal", "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
			"state": map[string]any{"values": values},
		},
	}
	resp := h.interact(payload)
	body, _ := io.ReadAll(resp.Body)
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		h.t.Fatalf("submission answer %q: %v", body, err)
	}
	return out
}
