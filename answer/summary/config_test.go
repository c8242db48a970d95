package summary_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
)

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
