package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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

func digestEnv(t *testing.T, fake *fakeWebAPI) map[string]string {
	env := trackingEnv(t)
	env["SLACK_BOT_TOKEN"] = testBotToken
	env["PEEL_DIGEST_CHANNEL"] = "CDIGEST"
	env["SLACK_API_URL"] = fake.URL + "/api"
	return env
}

func TestDigestTwiceTheSameDayPostsOnce(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := digestEnv(t, fake)
	code, out, stderr := runCmd(t, env, "", "digest", "--date", "2026-03-02")
	msgs := fake.Messages("CDIGEST")
	if code != 0 || len(msgs) != 1 || !strings.Contains(out, "Digest for 2026-03-02: posted to CDIGEST (message "+msgs[0].TS+"): 9 outstanding, 0 closed") {
		t.Fatalf("first run: exit %d, %q, %s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, env, "", "digest", "--date", "2026-03-02")
	if code != 0 || !strings.Contains(out, "already posted at") || !strings.Contains(out, "nothing posted") {
		t.Errorf("second run: exit %d, %q, %s", code, out, stderr)
	}
	if posts := fake.posts(); len(posts) != 1 || posts[0].Get("channel") != "CDIGEST" || !strings.Contains(posts[0].Get("blocks"), "9 outstanding") {
		t.Fatalf("want one digest posted to CDIGEST, got %d: %v", len(posts), posts)
	}
	if code, _, _ := runCmd(t, env, "", "digest", "--date", "2026-03-03"); code != 0 || len(fake.posts()) != 2 {
		t.Errorf("next day: exit %d, %d posts", code, len(fake.posts()))
	}
	if strings.Contains(stderr, testBotToken) {
		t.Error("the token reached the output")
	}
}

func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%x@%s", sha256.Sum256(data), info.ModTime().Format(time.RFC3339Nano))
	}
	return out
}

// A dry run reads the store as it is and never writes it: no file is
// made, and one that is there is left exactly as it was.
func TestDigestDryRunWritesNothingToTheStore(t *testing.T) {
	env := trackingEnv(t)
	dir := filepath.Dir(env["PEEL_DB_PATH"])
	code, out, stderr := runCmd(t, env, "", "digest", "--dry-run", "--date", "2026-03-02")
	if code != 0 || !strings.Contains(out, "9 outstanding: 9 red, 0 amber, 0 green; 0 closed since tracking began.") {
		t.Fatalf("dry run without a store: exit %d, %s\n%s", code, stderr, out)
	}
	if files := dirState(t, dir); len(files) != 0 {
		t.Fatalf("a dry run created %v", files)
	}
	const id = "herts-2021-afi-3"
	if code, _, stderr := runCmd(t, env, "", "afi", "close", id, "--note", "Repeat-caller flag live"); code != 0 {
		t.Fatalf("close: %s", stderr)
	}
	before := dirState(t, dir)
	time.Sleep(10 * time.Millisecond) // so that a write would show in the modification time
	code, out, stderr = runCmd(t, env, "", "digest", "--dry-run", "--date", "2026-03-02")
	if code != 0 || !strings.Contains(out, "8 outstanding") || !strings.Contains(out, "1 closed since tracking began") || !strings.Contains(out, id+": cli:alice close") {
		t.Fatalf("dry run with a store: exit %d, %s\n%s", code, stderr, out)
	}
	if after := dirState(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("a dry run changed the store's files:\nbefore %v\nafter  %v", before, after)
	}
}
