package bot

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	resp, err := http.Get(h.srv.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestMetricsCountRequestsSearchesAndRefusals(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Metrics = NewMetrics() })
	h.command("dvpo")
	h.command("xylophone quasar")
	h.send(PathCommands, map[string]string{"Content-Type": formType, "X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=00"}, []byte("text=dvpo"))
	h.post(PathEvents, "application/json", []byte(`{"type":"event_callback","team_id":"T1","event_id":"Ev9","event":{"type":"app_mention","user":"U2","text":"<@UBOT> dvpo","channel":"C1","ts":"1.2"}}`),
		"X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout <script>")
	h.settle()
	code, body := h.get(PathMetrics)
	if code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", code)
	}
	for _, want := range []string{
		`peelbot_http_requests_total{outcome="ok",route="POST /slack/commands"} 2`,
		`peelbot_http_requests_total{outcome="bad signature",route="POST /slack/commands"} 1`,
		`peelbot_http_requests_total{outcome="retry",route="POST /slack/events"} 1`,
		`peelbot_searches_total{outcome="hits"} 2`, // the command and the mention
		`peelbot_searches_total{outcome="no hits"} 1`,
		`peelbot_search_duration_seconds_count 3`,
		`peelbot_http_request_duration_seconds_bucket{route="POST /slack/commands",le="+Inf"} 3`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, "#") && (strings.Contains(line, "script") || strings.Contains(line, "http_timeout")) {
			t.Errorf("text from a request header reached a metric label: %s", line)
		}
	}
}

func TestNoMetricsWithoutMetrics(t *testing.T) {
	h := newHarness(t)
	if code, _ := h.get(PathMetrics); code != http.StatusNotFound {
		t.Errorf("GET /metrics without Metrics: %d", code)
	}
}

func TestReadyWhenIndexLoadedAndStoreReachable(t *testing.T) {
	st := openStore(t, storetest.SQLite(t), time.Now)
	h := newHarness(t, func(c *Config) { c.Store = st })
	code, body := h.get(PathReady)
	if code != http.StatusOK || !strings.HasPrefix(body, "ready\n") {
		t.Errorf("GET /readyz: %d %q", code, body)
	}
	for _, want := range []string{"\nindex: ok (", "\nstore: ok\n", "\nslack: ok (checked "} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /readyz lacks %q: %q", want, body)
		}
	}
	st.Close()
	if code, body := h.get(PathReady); code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "not ready: store unreachable\n") || !strings.Contains(body, "slack: ok") {
		t.Errorf("GET /readyz with the store gone: %d %q", code, body)
	}
	if code, _ := h.get(PathHealth); code != http.StatusOK {
		t.Errorf("GET /healthz while not ready: %d; it only says the process is alive", code)
	}
}

// Slack is a check of its own: asked again when its last answer is
// stale, and reported apart from the index and the store.
func TestReadySaysWhenSlackCannotBeReached(t *testing.T) {
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	h := newHarness(t, func(c *Config) { c.Now = clk.Now })
	if code, body := h.get(PathReady); code != http.StatusOK {
		t.Fatalf("GET /readyz: %d %q", code, body)
	}
	h.slack.FailAlways("auth.test", slacktest.Down)
	if code, _ := h.get(PathReady); code != http.StatusOK {
		t.Errorf("a fresh answer from Slack is not trusted: %d", code)
	}
	clk.Advance(time.Minute)
	code, body := h.get(PathReady)
	if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "not ready: slack unreachable\n") || !strings.Contains(body, "index: ok") {
		t.Errorf("GET /readyz with Slack down: %d %q", code, body)
	}
	h.slack.Recover("auth.test")
	clk.Advance(time.Minute)
	if code, body := h.get(PathReady); code != http.StatusOK {
		t.Errorf("GET /readyz with Slack back: %d %q", code, body)
	}
	h.slack.FailAlways("auth.test", slacktest.Refused("token_revoked"))
	clk.Advance(time.Minute)
	if code, body := h.get(PathReady); code != http.StatusServiceUnavailable || !strings.Contains(body, "slack: token refused") {
		t.Errorf("GET /readyz with the token revoked: %d %q", code, body)
	}
	if code, _ := h.get(PathHealth); code != http.StatusOK {
		t.Errorf("GET /healthz while Slack is down: %d", code)
	}
}

func TestMetricsCountDigestRuns(t *testing.T) {
	loc := london(t)
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, loc))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a", func(c *Config) { c.Metrics = NewMetrics() })
	for range 2 {
		if _, err := h.bot.RunDigest(context.Background(), "2026-03-02"); err != nil {
			t.Fatal(err)
		}
	}
	_, body := h.get(PathMetrics)
	for _, want := range []string{
		`peelbot_digest_runs_total{result="posted"} 1`,
		`peelbot_digest_runs_total{result="already done"} 1`,
		`peelbot_digest_messages_posted_total 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
