package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store"
)

// digestEnv is a store of the test's own and a Slack to post to.
func digestEnv(t *testing.T, fake *fakeWebAPI) map[string]string {
	env := trackingEnv(t)
	env["SLACK_BOT_TOKEN"] = testBotToken
	env["PEEL_DIGEST_CHANNEL"] = "CDIGEST"
	env["SLACK_API_URL"] = fake.URL + "/api"
	return env
}

// digestRecord is the store's record of CDIGEST's digest for day.
func digestRecord(t *testing.T, env map[string]string, day string) *digest.Record {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{SQLitePath: env["PEEL_DB_PATH"]})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.DigestFor(context.Background(), "CDIGEST", day)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDigestDryRunPrintsTheOpenAFIsWithCitationsAndDoesNothing(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := digestEnv(t, fake)
	code, out, stderr := runCmd(t, env, "", "digest", "--dry-run", "--date", "2026-03-02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Dry run: the digest for 2026-03-02 as it would be posted to CDIGEST; nothing is posted or recorded.",
		"Areas for improvement still open — Monday 2 March 2026",
		"9 open, 0 addressed since tracking began.",
		"Hertfordshire Constabulary PEEL 2021/22\nhttps://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/",
		"In Slack: one message",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	lib := embedded(t)
	if len(lib.AFIs()) != 9 {
		t.Fatalf("%d AFIs in the embedded report", len(lib.AFIs()))
	}
	pos := 0
	for _, x := range lib.AFIs() {
		cite := "Hertfordshire Constabulary PEEL 2021/22 · " + x.Area + " · p. "
		at := strings.Index(out[pos:], x.ID+" · open")
		if at < 0 {
			t.Fatalf("%s is not listed, in order, as open:\n%s", x.ID, out)
		}
		pos += at
		rest := out[pos:]
		if !strings.Contains(rest, "“"+x.Text+"”") || !strings.Contains(rest, cite) {
			t.Errorf("%s is not quoted with its citation %q", x.ID, cite)
		}
	}
	if n := len(fake.posts()); n != 0 {
		t.Errorf("a dry run posted %d messages", n)
	}
	if rec := digestRecord(t, env, "2026-03-02"); rec != nil {
		t.Errorf("a dry run recorded %+v", rec)
	}

	// --json prints the Block Kit messages Slack would get.
	code, out, _ = runCmd(t, env, "", "digest", "--dry-run", "--json")
	var msgs []struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &msgs); code != 0 || err != nil || len(msgs) != 1 || len(msgs[0].Blocks) > 50 || !strings.Contains(msgs[0].Text, "9 open") {
		t.Errorf("--json: exit %d, %v, %.300s", code, err, out)
	}
	// Without Slack settings a dry run still works.
	if code, _, stderr := runCmd(t, trackingEnv(t), "", "digest", "--dry-run"); code != 0 {
		t.Errorf("dry run without Slack settings: exit %d: %s", code, stderr)
	}
}

func TestDigestTwiceTheSameDayPostsOnce(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := digestEnv(t, fake)
	code, out, stderr := runCmd(t, env, "", "digest", "--date", "2026-03-02")
	msgs := fake.Messages("CDIGEST")
	if code != 0 || len(msgs) != 1 {
		t.Fatalf("first run: exit %d, %q, %s", code, out, stderr)
	}
	ts := msgs[0].TS
	if !strings.Contains(out, "Digest for 2026-03-02: posted to CDIGEST (message "+ts+"): 9 open, 0 addressed") {
		t.Fatalf("first run: exit %d, %q, %s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, env, "", "digest", "--date", "2026-03-02")
	if code != 0 || !strings.Contains(out, "already posted at") || !strings.Contains(out, "nothing posted") {
		t.Errorf("second run: exit %d, %q, %s", code, out, stderr)
	}
	posts := fake.posts()
	if len(posts) != 1 || posts[0].Get("channel") != "CDIGEST" || !strings.Contains(posts[0].Get("blocks"), "herts-2021-afi-9") {
		t.Fatalf("want one digest posted to CDIGEST, got %d: %v", len(posts), posts)
	}
	rec := digestRecord(t, env, "2026-03-02")
	if rec == nil || rec.MessageTS != ts || rec.Open != 9 || !strings.HasPrefix(rec.Instance, "cli:") {
		t.Errorf("recorded %+v", rec)
	}
	// Another day is another digest.
	if code, _, _ := runCmd(t, env, "", "digest", "--date", "2026-03-03"); code != 0 || len(fake.posts()) != 2 {
		t.Errorf("next day: exit %d, %d posts", code, len(fake.posts()))
	}
	if strings.Contains(stderr, testBotToken) {
		t.Error("the token reached the output")
	}
}

func TestAnAFIClosedOnTheCommandLineLeavesTheNextDigest(t *testing.T) {
	env := trackingEnv(t)
	const id = "herts-2021-afi-3"
	if code, _, stderr := runCmd(t, env, "", "afi", "close", id, "--note", "Repeat-caller flag live since 1 March"); code != 0 {
		t.Fatalf("close: %s", stderr)
	}
	code, out, stderr := runCmd(t, env, "", "digest", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "8 open, 1 addressed since tracking began.") || !strings.Contains(out, "addressed: "+id) || strings.Contains(out, id+" · open") {
		t.Errorf("the closed AFI is still in the digest:\n%s", out)
	}
	if strings.Count(out, " · open · ") != 8 {
		t.Errorf("want 8 open AFIs listed:\n%s", out)
	}
	_, shown, _ := runCmd(t, env, "", "afi", "show", id)
	if !strings.Contains(shown, "addressed (open → addressed); evidence: “Repeat-caller flag live since 1 March”") {
		t.Errorf("history:\n%s", shown)
	}
}

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

// dirState is the files of a directory with their bytes and modification
// times.
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

// --dry-run neither posts nor records: it creates no store, migrates or
// syncs none, and leaves an existing one byte for byte as it was.
func TestDigestDryRunWritesNothingToTheStore(t *testing.T) {
	env := trackingEnv(t)
	dir := filepath.Dir(env["PEEL_DB_PATH"])
	code, out, stderr := runCmd(t, env, "", "digest", "--dry-run", "--date", "2026-03-02")
	if code != 0 || !strings.Contains(out, "9 open, 0 addressed since tracking began.") || strings.Count(out, " · open · ") != 9 {
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
	if code != 0 || !strings.Contains(out, "8 open, 1 addressed since tracking began.") || !strings.Contains(out, "addressed: "+id) {
		t.Fatalf("dry run with a store: exit %d, %s\n%s", code, stderr, out)
	}
	if after := dirState(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("a dry run changed the store's files:\nbefore %v\nafter  %v", before, after)
	}
}

// The AFIs the command line starts tracking are open since their report
// was published (February 2023), not since the command was first run.
func TestTrackedAFIsAreOpenSinceTheirReportWasPublished(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := digestEnv(t, fake)
	if code, _, stderr := runCmd(t, env, "", "digest", "--date", "2026-03-02"); code != 0 {
		t.Fatalf("digest: %s", stderr)
	}
	posts := fake.posts()
	if len(posts) != 1 || strings.Count(posts[0].Get("blocks"), "open since Feb 2023") != 9 || strings.Contains(posts[0].Get("blocks"), "opened today") {
		t.Errorf("the digest does not say each AFI is open since Feb 2023: %.400s", posts)
	}
	st, err := store.Open(context.Background(), store.Config{SQLitePath: env["PEEL_DB_PATH"]})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	states, err := st.Items(context.Background())
	if err != nil || len(states) != 9 {
		t.Fatalf("List = %d, %v", len(states), err)
	}
	for _, a := range states {
		if want := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC); !a.OpenedAt.Equal(want) {
			t.Errorf("%s is open since %v, want %v", a.ID, a.OpenedAt, want)
		}
	}
}
