package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// PEEL_METRICS_TOKEN and PEEL_METRICS_ADDR are checked with the rest of
// serve's settings: a weak token or an address that is no address is a
// problem naming the variable (never the token's value).
func TestServeChecksTheMetricsSettings(t *testing.T) {
	t.Parallel()
	const good = "0123456789abcdef0123456789abcdef"
	base := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // the problem's start; "" for none
	}{
		{"token and address", map[string]string{"PEEL_METRICS_TOKEN": good, "PEEL_METRICS_ADDR": "127.0.0.1:9091"}, ""},
		{"address alone", map[string]string{"PEEL_METRICS_ADDR": ":9091"}, ""},
		{"short token", map[string]string{"PEEL_METRICS_TOKEN": "secret-123"}, "PEEL_METRICS_TOKEN is too short"},
		{"token with a space", map[string]string{"PEEL_METRICS_TOKEN": "secret-0123456 789abcdef"}, "PEEL_METRICS_TOKEN has spaces"},
		{"a port alone", map[string]string{"PEEL_METRICS_ADDR": "9091"}, `PEEL_METRICS_ADDR "9091": want host:port`},
		{"port zero", map[string]string{"PEEL_METRICS_ADDR": ":0"}, `PEEL_METRICS_ADDR ":0": want host:port`},
		{"a URL", map[string]string{"PEEL_METRICS_ADDR": "http://127.0.0.1:9091/metrics"}, `PEEL_METRICS_ADDR "http://127.0.0.1:9091/metrics": want`},
		{"PORT's own", map[string]string{"PORT": "9091", "PEEL_METRICS_ADDR": "127.0.0.1:9091"}, `PEEL_METRICS_ADDR "127.0.0.1:9091" is on PORT (9091)`},
		{"the default PORT", map[string]string{"PEEL_METRICS_ADDR": ":8080"}, `PEEL_METRICS_ADDR ":8080" is on PORT (8080)`},
		{"Socket Mode without PORT", map[string]string{"SLACK_APP_TOKEN": "xapp-1", "PEEL_METRICS_ADDR": ":8080"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{}
			for k, v := range base {
				vars[k] = v
			}
			for k, v := range tc.env {
				vars[k] = v
			}
			c, problems := readServeConfig(func(name string) string { return vars[name] })
			if tc.want == "" {
				if len(problems) != 0 {
					t.Fatalf("problems %q", problems)
				}
				if c.metricsToken != tc.env["PEEL_METRICS_TOKEN"] || c.metricsAddr != tc.env["PEEL_METRICS_ADDR"] {
					t.Errorf("token set %v, address %q", c.metricsToken != "", c.metricsAddr)
				}
				if tok := tc.env["PEEL_METRICS_TOKEN"]; tok != "" && strings.Contains(c.String(), tok) {
					t.Errorf("the config's description shows the token: %s", c)
				}
				return
			}
			if len(problems) != 1 || !strings.HasPrefix(problems[0], tc.want) {
				t.Fatalf("problems %q, want one starting %q", problems, tc.want)
			}
			if tok := tc.env["PEEL_METRICS_TOKEN"]; tok != "" && strings.Contains(problems[0], tok) {
				t.Errorf("the problem shows the token: %s", problems[0])
			}
		})
	}
}

// With PEEL_METRICS_ADDR and PEEL_METRICS_TOKEN, serve answers GET
// /metrics on that address alone, to the token alone, and never logs it.
func TestServeServesMetricsApartBehindTheToken(t *testing.T) {
	const token = "metrics-0123456789abcdef-not-real"
	fake := newFakeWebAPI(t)
	port, metricsPort := freePort(t), freePort(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"SLACK_API_URL": fake.URL + "/api", "PORT": port,
		"PEEL_DB_PATH":       filepath.Join(t.TempDir(), "peelbot.db"),
		"PEEL_METRICS_TOKEN": token, "PEEL_METRICS_ADDR": "127.0.0.1:" + metricsPort,
	}
	var stderr syncBuffer
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, []string{"serve"}) }()
	waitHealthy(t, "http://127.0.0.1:"+port, done, &stderr)

	get := func(url, auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
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
	apart := "http://127.0.0.1:" + metricsPort + "/metrics"
	if code, _ := get("http://127.0.0.1:"+port+"/metrics", "Bearer "+token); code != http.StatusNotFound {
		t.Errorf("GET /metrics on PORT: %d, want 404", code)
	}
	if code, body := get(apart, ""); code != http.StatusUnauthorized || strings.Contains(body, "peelbot_") {
		t.Errorf("GET /metrics without the token: %d %.80q", code, body)
	}
	if code, body := get(apart, "Bearer "+token); code != http.StatusOK || !strings.Contains(body, `peelbot_http_requests_total{outcome="unauthorized",retry="0",route="GET /metrics"} 1`) {
		t.Errorf("GET /metrics with the token: %d %.300q", code, body)
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
	logs := stderr.String()
	if strings.Contains(logs, token) || strings.Contains(logs, testSecret) {
		t.Error("a secret is in the logs")
	}
	if !strings.Contains(logs, "metrics on 127.0.0.1:"+metricsPort+" behind a token") {
		t.Errorf("the start line does not say where the metrics are:\n%s", logs)
	}
}
