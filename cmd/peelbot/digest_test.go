package main

import (
	"strings"
	"testing"
	"time"
)

func TestDigestSaysWhatIsMissingOrWrong(t *testing.T) {
	env := trackingEnv(t)
	code, out, stderr := runCmd(t, env, "", "digest")
	if code != 2 || out != "" || !strings.Contains(stderr, "peelbot digest: SLACK_BOT_TOKEN is not set") || !strings.Contains(stderr, "peelbot digest: PEEL_DIGEST_CHANNEL is not set") {
		t.Errorf("no settings: exit %d, stderr:\n%s", code, stderr)
	}
	bad := trackingEnv(t)
	for k, v := range map[string]string{"SLACK_BOT_TOKEN": "xoxp-secret-user-token", "PEEL_DIGEST_CHANNEL": "#peel digest", "PEEL_DIGEST_TZ": "Mars/Olympus", "PEEL_DIGEST_DAYS": "Mon-Fry"} {
		bad[k] = v
	}
	code, _, stderr = runCmd(t, bad, "", "digest", "--date", "2 March")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 2 || len(lines) != 5 || strings.Contains(stderr, "xoxp-secret-user-token") {
		t.Errorf("bad settings: exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"PEEL_DIGEST_TZ \"Mars/Olympus\"", "PEEL_DIGEST_DAYS", "PEEL_DIGEST_CHANNEL \"#peel digest\" is not a channel", "SLACK_BOT_TOKEN is not a bot token", "--date \"2 March\""} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if code, _, _ := runCmd(t, env, "", "digest", "--json"); code != 2 {
		t.Errorf("--json without --dry-run: exit %d", code)
	}
	code, out, _ = runCmd(t, nil, "", "digest", "--help")
	for _, want := range []string{"-dry-run", "-date", "-json", "SLACK_BOT_TOKEN", "PEEL_DIGEST_CHANNEL", "PEEL_DIGEST_TZ", "PEEL_DB_PATH", "DATABASE_URL"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("digest --help lacks %q", want)
		}
	}
	// The default day is today in the digest's zone.
	code, out, _ = runCmd(t, env, "", "digest", "--dry-run")
	loc, _ := time.LoadLocation("Europe/London")
	if today := time.Now().In(loc).Format("2006-01-02"); code != 0 || !strings.Contains(out, "the digest for "+today) {
		t.Errorf("default day is not %s:\n%.200s", today, out)
	}
}
