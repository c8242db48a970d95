package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/tracker/store"
)

// summaryConfigOf reads the summary settings of vars, as errors.
func summaryConfigOf(vars map[string]string) (summary.Config, error) {
	cfg, problems := env(func(name string) string { return vars[name] }).summaryConfig()
	if len(problems) > 0 {
		return cfg, errors.New(strings.Join(problems, "\n"))
	}
	return cfg, nil
}

func TestSummaryConfigDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := summaryConfigOf((map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"}))
	if err != nil {
		t.Fatalf("summaryConfig: %v", err)
	}
	if !cfg.Enabled() || cfg.APIKey != "" {
		t.Errorf("a base URL alone must enable summaries without a key: %v", cfg)
	}
	if cfg.Model != summary.DefaultModel || cfg.Timeout != 20*time.Second ||
		cfg.PerUserPerHour != 20 || cfg.DailyTokens != summary.DefaultDailyTokens {
		t.Errorf("defaults = %v, want %s, 20s, 20 per hour, %d tokens", cfg, summary.DefaultModel, summary.DefaultDailyTokens)
	}

	cfg, err = summaryConfigOf((map[string]string{"OPENAI_API_KEY": "sk-test-abc"}))
	if err != nil || !cfg.Enabled() || cfg.BaseURL != "" {
		t.Errorf("a key alone = %v, %v; want enabled against OpenAI's own API", cfg, err)
	}
}

func TestSummaryConfigReadsEveryVariable(t *testing.T) {
	t.Parallel()
	cfg, err := summaryConfigOf((map[string]string{
		"OPENAI_API_KEY":             " sk-test-abc ",
		"OPENAI_BASE_URL":            "https://llm.example.org/v1",
		"OPENAI_MODEL":               "llama3.1:8b",
		"OPENAI_TIMEOUT":             "1m30s",
		"PEEL_SUMMARY_PER_USER_HOUR": "5",
		"PEEL_LLM_DAILY_TOKENS":      "0",
	}))
	if err != nil {
		t.Fatalf("summaryConfig: %v", err)
	}
	if cfg.APIKey != "sk-test-abc" || cfg.BaseURL != "https://llm.example.org/v1" || cfg.Model != "llama3.1:8b" ||
		cfg.Timeout != 90*time.Second || cfg.PerUserPerHour != 5 || cfg.DailyTokens != 0 {
		t.Errorf("config = %v", cfg)
	}
}

func TestSummaryConfigNamesEachBadVariable(t *testing.T) {
	t.Parallel()
	const key = "sk-test-secret-9d1e"
	for name, bad := range map[string]string{
		"OPENAI_TIMEOUT":             "20",
		"PEEL_SUMMARY_PER_USER_HOUR": "-1",
		"PEEL_LLM_DAILY_TOKENS":      "lots",
		"OPENAI_BASE_URL":            "localhost:11434",
	} {
		_, err := summaryConfigOf((map[string]string{"OPENAI_API_KEY": key, name: bad}))
		if err == nil {
			t.Errorf("%s=%q accepted", name, bad)
			continue
		}
		if !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), bad) {
			t.Errorf("%s=%q: error %q does not name the variable and value", name, bad, err)
		}
		if strings.Contains(err.Error(), key) {
			t.Errorf("%s=%q: error contains the API key: %q", name, bad, err)
		}
	}
	if _, err := summaryConfigOf((map[string]string{"OPENAI_TIMEOUT": "20"})); err == nil || !strings.Contains(err.Error(), "20s") {
		t.Errorf("OPENAI_TIMEOUT=20: error %v should suggest 20s", err)
	}
}

// The checks serve and digest share are one check each: the same
// variable gets the same answer whichever command reads it.
func TestSlackAndStoreSettingsAreCheckedOnceForEveryCommand(t *testing.T) {
	bad := map[string]string{
		"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_SIGNING_SECRET": "s", "PEEL_DIGEST_CHANNEL": "C1",
		"SLACK_API_URL": "ftp://slack.example/", "DATABASE_URL": "mysql://db/peel",
	}
	_, _, serve := runCmd(t, bad, "", "serve")
	_, _, dig := runCmd(t, bad, "", "digest")
	for _, want := range []string{
		"SLACK_BOT_TOKEN is not a bot token: it should start with xoxb-",
		"SLACK_API_URL must be an http(s) URL without credentials",
	} {
		if !strings.Contains(serve, "peelbot serve: "+want) || !strings.Contains(dig, "peelbot digest: "+want) {
			t.Errorf("%q not said by both:\nserve: %s\ndigest: %s", want, serve, dig)
		}
	}
	const dbProblem = "DATABASE_URL must be a postgres:// or postgresql:// URL"
	_, _, afi := runCmd(t, bad, "", "afi", "list")
	if !strings.Contains(serve, dbProblem) || !strings.Contains(afi, dbProblem) {
		t.Errorf("DATABASE_URL:\nserve: %s\nafi list: %s", serve, afi)
	}
	e := env(func(name string) string { return map[string]string{"SLACK_API_URL": " http://127.0.0.1:9/api "}[name] })
	if u, p := e.apiURL(); u != "http://127.0.0.1:9/api/" || p != nil {
		t.Errorf("apiURL = %q, %v", u, p)
	}
	if u, p := env(func(string) string { return "" }).apiURL(); u != "https://slack.com/api/" || p != nil {
		t.Errorf("default apiURL = %q, %v", u, p)
	}
	if cfg, err := summaryConfigOf(nil); err != nil || cfg.Enabled() {
		t.Errorf("nothing set: %v, %v; want summaries off", cfg, err)
	}
}

// PEEL_CLAIM_LEASE: the store's lease when unset, a duration within its
// bounds when set, and one line naming it otherwise, for serve and digest
// alike.
func TestClaimLeaseIsReadAndChecked(t *testing.T) {
	t.Parallel()
	read := func(v string) (time.Duration, error) {
		c, err := env(func(name string) string {
			if name == "PEEL_CLAIM_LEASE" {
				return v
			}
			return ""
		}).storeConfig(false)
		return c.ClaimLease, err
	}
	for v, want := range map[string]time.Duration{"": store.DefaultClaimLease, "90s": 90 * time.Second, " 3s ": 3 * time.Second, "1h": time.Hour} {
		if got, err := read(v); err != nil || got != want {
			t.Errorf("PEEL_CLAIM_LEASE=%q: %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"10", "500ms", "0", "-1m", "2h", "a minute"} {
		if _, err := read(v); err == nil || !strings.Contains(err.Error(), "PEEL_CLAIM_LEASE") || strings.Contains(err.Error(), "\n") {
			t.Errorf("PEEL_CLAIM_LEASE=%q: %v", v, err)
		}
	}
	_, problems := readServeConfig(func(name string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PEEL_CLAIM_LEASE": "forever"}[name]
	})
	if len(problems) != 1 || !strings.HasPrefix(problems[0], `PEEL_CLAIM_LEASE "forever"`) {
		t.Errorf("serve with a bad lease: %q", problems)
	}
}
