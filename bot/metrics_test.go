package bot

import (
	"context"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
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
		`peelbot_http_requests_total{outcome="ok",retry="0",route="POST /slack/commands"} 2`,
		`peelbot_http_requests_total{outcome="bad signature",retry="0",route="POST /slack/commands"} 1`,
		`peelbot_http_requests_total{outcome="retry",retry="1",route="POST /slack/events"} 1`,
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

// X-Slack-Retry-Num and X-Slack-Retry-Reason are outside the signature:
// whoever holds one signed request may send it again with any values in
// them. However many values come, the request counter keeps to a fixed
// set of series, its retry label to 0–3 and "other".
func TestMetricLabelsStayBoundedWhateverTheRetryHeaders(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Metrics = NewMetrics() })
	body := []byte(`{"type":"event_callback","team_id":"T1","event_id":"EvLabels","event":{"type":"app_mention","user":"U2","text":"<@UBOT> dvpo","channel":"C1","ts":"1.3"}}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := sign(testSecret, time.Now().Unix(), body)
	rng := rand.New(rand.NewPCG(15, 10))
	const letters = "abcdefghijklmnopqrstuvwxyz_ "
	word := func() string {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	for i := range 5000 {
		num := []string{"", "1", "2", "3", strconv.Itoa(rng.IntN(1 << 30)), "-" + strconv.Itoa(i), word()}[rng.IntN(7)]
		resp := h.send(PathEvents, map[string]string{
			"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig,
			"X-Slack-Retry-Num": num, "X-Slack-Retry-Reason": word(),
		}, body)
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
	h.settle()
	_, metrics := h.get(PathMetrics)
	series := 0
	retries := map[string]bool{}
	for _, line := range strings.Split(metrics, "\n") {
		if !strings.HasPrefix(line, "peelbot_http_requests_total{") {
			continue
		}
		series++
		if _, rest, ok := strings.Cut(line, `retry="`); ok {
			v, _, _ := strings.Cut(rest, `"`)
			retries[v] = true
		}
	}
	// One route; outcomes ok, retry and replay; five retry values.
	if series > 15 {
		t.Errorf("5,000 requests made %d series of peelbot_http_requests_total, want a fixed few", series)
	}
	want := map[string]bool{"0": true, "1": true, "2": true, "3": true, "other": true}
	if !maps.Equal(retries, want) {
		t.Errorf("retry label values %v, want exactly %v", slices.Sorted(maps.Keys(retries)), slices.Sorted(maps.Keys(want)))
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

// getWith is GET url with an Authorization header ("" for none).
func getWith(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// With a metrics token, /metrics answers only a request bearing it, and
// refuses the rest with 401 and nothing else; the token is never logged.
func TestMetricsAskForTheTokenWhenOneIsSet(t *testing.T) {
	const token = "metrics-token-for-tests-0123456789"
	h := newHarness(t, func(c *Config) { c.Metrics, c.MetricsToken = NewMetrics(), token })
	h.addSecret(token)
	for _, auth := range []string{"", "Bearer", "Bearer " + token[:len(token)-1], "Bearer " + token + "x", "Basic " + token, token} {
		if code, body := getWith(t, h.srv.URL+PathMetrics, auth); code != http.StatusUnauthorized || strings.Contains(body, "peelbot_") {
			t.Errorf("Authorization %q: %d %.80q, want 401 and nothing", auth, code, body)
		}
	}
	for _, auth := range []string{"Bearer " + token, "bearer " + token} {
		if code, body := getWith(t, h.srv.URL+PathMetrics, auth); code != http.StatusOK || !strings.Contains(body, `peelbot_http_requests_total{outcome="unauthorized",retry="0",route="GET /metrics"} 6`) {
			t.Errorf("Authorization %q: %d, want 200 with the refusals counted:\n%.2000s", auth, code, body)
		}
	}
	if code, _ := h.get(PathHealth); code != http.StatusOK {
		t.Errorf("GET /healthz asks for the metrics token: %d", code)
	}
}

// Metrics served apart are not on the Slack port at all, and are on the
// handler of their own, behind the token when there is one.
func TestMetricsServedApartAreOnlyOnTheirOwnHandler(t *testing.T) {
	for _, token := range []string{"", "another-metrics-token-0123456789"} {
		h := newHarness(t, func(c *Config) { c.Metrics, c.MetricsApart, c.MetricsToken = NewMetrics(), true, token })
		h.command("dvpo")
		if code, _ := getWith(t, h.srv.URL+PathMetrics, "Bearer "+token); code != http.StatusNotFound {
			t.Errorf("token %q: GET /metrics on the Slack port: %d, want 404", token, code)
		}
		apart := httptest.NewServer(h.bot.MetricsHandler())
		t.Cleanup(apart.Close)
		if token != "" {
			if code, _ := getWith(t, apart.URL+PathMetrics, ""); code != http.StatusUnauthorized {
				t.Errorf("GET /metrics apart without the token: %d, want 401", code)
			}
		}
		code, body := getWith(t, apart.URL+PathMetrics, "Bearer "+token)
		if code != http.StatusOK || !strings.Contains(body, `peelbot_http_requests_total{outcome="ok",retry="0",route="POST /slack/commands"} 1`) {
			t.Errorf("token %q: GET /metrics apart: %d %.300q", token, code, body)
		}
		if code, _ := getWith(t, apart.URL+PathCommands, ""); code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
			t.Errorf("the metrics handler serves Slack's paths: %d", code)
		}
	}
}
