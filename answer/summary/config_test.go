package summary_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestConfigFromEnvDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := summary.ConfigFromEnv(env(map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"}))
	if err != nil {
		t.Fatalf("ConfigFromEnv: %v", err)
	}
	if !cfg.Enabled() || cfg.APIKey != "" {
		t.Errorf("a base URL alone must enable summaries without a key: %v", cfg)
	}
	if cfg.Model != summary.DefaultModel || cfg.Timeout != 20*time.Second ||
		cfg.PerUserPerHour != 20 || cfg.DailyTokens != summary.DefaultDailyTokens {
		t.Errorf("defaults = %v, want %s, 20s, 20 per hour, %d tokens", cfg, summary.DefaultModel, summary.DefaultDailyTokens)
	}

	cfg, err = summary.ConfigFromEnv(env(map[string]string{"OPENAI_API_KEY": "sk-test-abc"}))
	if err != nil || !cfg.Enabled() || cfg.BaseURL != "" {
		t.Errorf("a key alone = %v, %v; want enabled against OpenAI's own API", cfg, err)
	}
}

func TestConfigFromEnvReadsEveryVariable(t *testing.T) {
	t.Parallel()
	cfg, err := summary.ConfigFromEnv(env(map[string]string{
		"OPENAI_API_KEY":             " sk-test-abc ",
		"OPENAI_BASE_URL":            "https://llm.example.org/v1",
		"OPENAI_MODEL":               "llama3.1:8b",
		"OPENAI_TIMEOUT":             "1m30s",
		"PEEL_SUMMARY_PER_USER_HOUR": "5",
		"PEEL_LLM_DAILY_TOKENS":      "0",
	}))
	if err != nil {
		t.Fatalf("ConfigFromEnv: %v", err)
	}
	if cfg.APIKey != "sk-test-abc" || cfg.BaseURL != "https://llm.example.org/v1" || cfg.Model != "llama3.1:8b" ||
		cfg.Timeout != 90*time.Second || cfg.PerUserPerHour != 5 || cfg.DailyTokens != 0 {
		t.Errorf("config = %v", cfg)
	}
}

func TestConfigFromEnvNamesEachBadVariable(t *testing.T) {
	t.Parallel()
	const key = "sk-test-secret-9d1e"
	for name, bad := range map[string]string{
		"OPENAI_TIMEOUT":             "20",
		"PEEL_SUMMARY_PER_USER_HOUR": "-1",
		"PEEL_LLM_DAILY_TOKENS":      "lots",
		"OPENAI_BASE_URL":            "localhost:11434",
	} {
		_, err := summary.ConfigFromEnv(env(map[string]string{"OPENAI_API_KEY": key, name: bad}))
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
	if _, err := summary.ConfigFromEnv(env(map[string]string{"OPENAI_TIMEOUT": "20"})); err == nil || !strings.Contains(err.Error(), "20s") {
		t.Errorf("OPENAI_TIMEOUT=20: error %v should suggest 20s", err)
	}
}

func TestNewRefusesABadConfig(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]summary.Config{
		"base URL with a query": {BaseURL: "https://llm.example.org/v1?api-key=abc"},
		"negative limit":        {APIKey: "sk-test-abc", PerUserPerHour: -1},
		"negative budget":       {APIKey: "sk-test-abc", DailyTokens: -5},
	} {
		if _, err := summary.New(cfg); err == nil {
			t.Errorf("%s: New accepted %v", name, cfg)
		}
	}
}

func TestConfigNeverPrintsTheKey(t *testing.T) {
	t.Parallel()
	const key = "sk-test-secret-9d1e"
	cfg := summary.Config{APIKey: key, BaseURL: "https://llm.example.org/v1", Model: "m"}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "summary", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logs.String()} {
		if strings.Contains(s, key) {
			t.Errorf("printed config contains the key: %s", s)
		}
		if !strings.Contains(s, "llm.example.org") {
			t.Errorf("printed config lost the base URL: %s", s)
		}
	}
}
