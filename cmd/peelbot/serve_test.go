package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
)

const (
	testBotToken = "xoxb-1111-2222-notarealtoken"
	testSecret   = "0123456789abcdef-not-a-real-secret"
)

func TestServeRefusesToStartWithoutItsSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"no signing secret over HTTP", map[string]string{"SLACK_BOT_TOKEN": testBotToken},
			[]string{"SLACK_SIGNING_SECRET is not set"}},
		{"nothing", map[string]string{},
			[]string{"SLACK_BOT_TOKEN is not set", "SLACK_SIGNING_SECRET is not set"}},
		{"wrong kinds of token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token-secret", "SLACK_APP_TOKEN": "xoxb-app-secret"},
			[]string{"SLACK_BOT_TOKEN is not a bot token", "SLACK_APP_TOKEN is not an app-level token"}},
		{"bad port, URL and team", map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
			"PORT": "80a", "SLACK_API_URL": "ftp://user:pass-secret@example.org/", "SLACK_TEAM_ID": "acme"},
			[]string{`PORT must be a port number from 1 to 65535, not "80a"`, "SLACK_API_URL must be an http(s) URL", "SLACK_TEAM_ID should be a workspace id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, tc.env, "", "serve")
			if code == 0 {
				t.Fatal("serve started")
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if len(lines) != len(tc.want) || out != "" {
				t.Errorf("want %d lines, got stdout %q, stderr:\n%s", len(tc.want), out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, "peelbot serve: "+w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, v := range tc.env {
				if strings.Contains(v, "secret") && strings.Contains(stderr, v) {
					t.Errorf("a secret value was printed:\n%s", stderr)
				}
			}
		})
	}
}

func TestServeRefusesATokenSlackRejects(t *testing.T) {
	fake := newFakeWebAPI(t)
	fake.FailAlways("auth.test", slacktest.Refused("invalid_auth"))
	env := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.URL + "/api/", "PORT": freePort(t),
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db")}
	code, _, stderr := runCmd(t, env, "", "serve")
	if code != 2 || !strings.Contains(stderr, "peelbot serve: SLACK_BOT_TOKEN: token refused by Slack (invalid_auth)") || strings.Contains(stderr, testBotToken) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestServeInSocketModeRefusesAnAppTokenSlackRejects(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": "xapp-1-secret-app-token", "SLACK_API_URL": fake.URL + "/api/",
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db")}
	code, _, stderr := runCmd(t, env, "", "serve")
	if code == 0 || !strings.Contains(stderr, "SLACK_APP_TOKEN: token refused by Slack (invalid_auth)") || strings.Contains(stderr, "xapp-1-secret-app-token") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestServeOverHTTPAnswersAndStopsGracefully(t *testing.T) {
	fake := newFakeWebAPI(t)
	port := freePort(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"SLACK_API_URL": fake.URL + "/api", "PORT": port,
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db"),
	}
	var stderr syncBuffer
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, []string{"serve"}) }()
	base := "http://127.0.0.1:" + port
	waitHealthy(t, base, done, &stderr)

	form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "command": {"/peel"}, "text": {"dvpo"}}
	resp := signedPost(t, base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fake.CheckReply(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "domestic violence protection orders (DVPOs)") || !strings.Contains(string(body), `"response_type":"ephemeral"`) {
		t.Errorf("/peel dvpo: %d %.300s", resp.StatusCode, body)
	}
	ev := []byte(`{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@UBOT> dvpo","ts":"1700000000.000200","thread_ts":"1700000000.000100","channel":"C1"}}`)
	resp = signedPost(t, base+"/slack/events", "application/json", ev)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("event: %d", resp.StatusCode)
	}
	bad, _ := http.Post(base+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if bad.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned command: %d", bad.StatusCode)
	}
	bad.Body.Close()
	for path, want := range map[string]string{
		"/readyz":  "ready",
		"/metrics": `peelbot_http_requests_total{outcome="bad signature",retry="0",route="POST /slack/commands"} 1`,
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d, want %q in %.300s", path, resp.StatusCode, want, body)
		}
	}

	stop() // as SIGTERM does
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The mention's reply was in flight or done: shutdown waits for it.
	posts := fake.posts()
	if len(posts) != 1 || posts[0].Get("thread_ts") != "1700000000.000100" || posts[0].Get("channel") != "C1" {
		t.Errorf("posts: %v", posts)
	}
	logs := stderr.String()
	for _, secret := range []string{testBotToken, testSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("a secret is in the logs")
		}
	}
	for _, want := range []string{`"route":"POST /slack/commands"`, `"status":401`, `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

// /healthz says the process is alive, so it must not wait on Slack: with
// auth.test hanging, serve is healthy at once, /readyz says Slack has not
// answered, and /peel is still answered from the index.
func TestServeIsHealthyWhileSlackHangs(t *testing.T) {
	fake := newFakeWebAPI(t)
	fake.FailAlways("auth.test", slacktest.Hang)
	port := freePort(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"SLACK_API_URL": fake.APIURL(), "PORT": port,
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db"),
	}
	var stderr syncBuffer
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, []string{"serve"}) }()
	base := "http://127.0.0.1:" + port
	waitHealthy(t, base, done, &stderr)
	// The token is checked while the listener comes up, so auth.test may
	// be asked just after /healthz first answers; it must be asked, and
	// hang, while serve stays healthy.
	var calls []slacktest.Call
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if calls = fake.Calls("auth.test"); len(calls) > 0 {
			break
		}
	}
	if len(calls) != 1 || calls[0].Fault == nil {
		t.Errorf("auth.test not asked, or not hanging, while serve was healthy: %v", calls)
	}
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "slack: ") || !strings.Contains(string(body), "index: ok") {
		t.Errorf("GET /readyz while Slack hangs: %d %q", resp.StatusCode, body)
	}
	form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "command": {"/peel"}, "text": {"dvpo"}}
	resp = signedPost(t, base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fake.CheckReply(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "domestic violence protection orders (DVPOs)") {
		t.Errorf("/peel dvpo while Slack hangs: %d %.200s", resp.StatusCode, body)
	}
	stop()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// fakeWebAPI is bot/slacktest's fake Slack, as the workspace these tests
// name: it refuses (and fails the test for) whatever Slack would refuse,
// and anything that pings someone or links somewhere no test means.
type fakeWebAPI struct{ *slacktest.Server }

// testMembers and testLinks are what the payloads here may mention and
// link to: the tests' own users and channels, and the reports.
var (
	testMembers = []string{"U1", "U2", "UBOT", "C1", "CDIGEST"}
	testLinks   = []string{"https://hmicfrs.justiceinspectorates.gov.uk/", "https://example.org/"}
)

func newFakeWebAPI(t *testing.T) *fakeWebAPI {
	return &fakeWebAPI{slacktest.NewServer(t, slacktest.Options{
		BotToken: testBotToken, TeamID: "T1", BotUserID: "UBOT", BotID: "BBOT",
		Validator: slacktest.Validator{
			ActionIDsUniquePerSurface: true,
			Intended:                  slacktest.Allow{Members: testMembers, Links: testLinks}.Intended,
		},
	})}
}

// posts are the messages Slack took, as the forms slack-go sent.
func (f *fakeWebAPI) posts() []url.Values {
	var out []url.Values
	for _, c := range f.Acted("chat.postMessage") {
		form, _ := url.ParseQuery(string(c.Body))
		out = append(out, form)
	}
	return out
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func waitHealthy(t *testing.T, base string, done chan int, stderr *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d:\n%s", code, stderr.String())
		default:
		}
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve never became healthy:\n%s", stderr.String())
}

func signedPost(t *testing.T, url, contentType string, body []byte) *http.Response {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	m := hmac.New(sha256.New, []byte(testSecret))
	fmt.Fprintf(m, "v0:%s:%s", ts, body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// syncBuffer is a bytes.Buffer safe for serve's goroutines.
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
