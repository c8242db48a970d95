package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
)

func TestServeChecksTheAFISettings(t *testing.T) {
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"PEEL_ADMINS": "U024BE7LH, bob,@carol", "PEEL_REVIEWERS": "U0REV,pcc office", "PEEL_DIGEST_CHANNEL": "peel digest",
		"PEEL_DIGEST_AT": "9am", "PEEL_DIGEST_TZ": "London", "PEEL_DIGEST_DAYS": "Mon-Fry",
	}
	code, out, stderr := runCmd(t, env, "", "serve")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 2 || out != "" || len(lines) != 6 {
		t.Fatalf("exit %d, want 6 lines:\n%s", code, stderr)
	}
	for _, want := range []string{
		`peelbot serve: PEEL_ADMINS has "bob", "@carol", which is not a Slack member id`,
		`peelbot serve: PEEL_REVIEWERS has "pcc", "office", which is not a Slack member id`,
		`peelbot serve: PEEL_DIGEST_CHANNEL "peel digest" is not a channel`,
		`peelbot serve: PEEL_DIGEST_AT "9am" is not a time of day`,
		`peelbot serve: PEEL_DIGEST_TZ "London" is not a time zone`,
		`peelbot serve: PEEL_DIGEST_DAYS "Mon-Fry"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	_, help, _ := runCmd(t, nil, "", "serve", "--help")
	for _, v := range []string{"PEEL_ADMINS", "PEEL_REVIEWERS", "PEEL_DIGEST_CHANNEL", "PEEL_DIGEST_AT", "PEEL_DIGEST_TZ", "PEEL_DIGEST_DAYS", "DATABASE_URL", "PEEL_DB_PATH"} {
		if !strings.Contains(help, v) {
			t.Errorf("serve --help lacks %s", v)
		}
	}
}

// servingInstance is a peelbot serve running in the test.
type servingInstance struct {
	base   string
	stderr *syncBuffer
	stop   func() int
}

func startServe(t *testing.T, env map[string]string) *servingInstance {
	t.Helper()
	port := freePort(t)
	own := map[string]string{"PORT": port}
	for k, v := range env {
		own[k] = v
	}
	s := &servingInstance{base: "http://127.0.0.1:" + port, stderr: &syncBuffer{}}
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: s.stderr, getenv: func(k string) string { return own[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, []string{"serve"}) }()
	waitHealthy(t, s.base, done, s.stderr)
	stopped := false
	s.stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(25 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// waitFor polls until ok or 10 seconds have passed.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *servingInstance) command(t *testing.T, user, text string) string {
	t.Helper()
	form := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {user}, "command": {"/peel"}, "text": {text}}
	resp := signedPost(t, s.base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/peel %s: %d", text, resp.StatusCode)
	}
	return string(body)
}

func TestServeTracksAFIsAndSendsTheDigestMissedTodayOnce(t *testing.T) {
	fake := newFakeWebAPI(t)
	db := filepath.Join(t.TempDir(), "peelbot.db")
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.URL + "/api/",
		"PEEL_DB_PATH": db, "PEEL_ADMINS": "U1",
		// Due at midnight every day: whenever the test runs, today's digest
		// was "missed", so it goes out as soon as serve starts.
		"PEEL_DIGEST_CHANNEL": "CDIGEST", "PEEL_DIGEST_AT": "00:00", "PEEL_DIGEST_DAYS": "daily",
	}
	s := startServe(t, env)
	waitFor(t, "the digest", func() bool { return len(fake.posts()) == 1 })
	if p := fake.posts()[0]; p.Get("channel") != "CDIGEST" || !strings.Contains(p.Get("blocks"), "9 outstanding") {
		t.Errorf("digest post: %v", p)
	}

	if got := s.command(t, "U2", "afi close herts-2021-afi-3 Done"); !strings.Contains(got, "Only reviewers and admins") {
		t.Errorf("a non-admin's close: %.300s", got)
	}
	if got := s.command(t, "U1", "afi close herts-2021-afi-3 Repeat-caller flag live since 1 March"); !strings.Contains(got, "You closed `herts-2021-afi-3` (proposed and signed off), with evidence: “Repeat-caller flag live since 1 March”") {
		t.Errorf("close: %.300s", got)
	}
	if got := s.command(t, "U1", "afi herts-2021-afi-3"); !strings.Contains(got, "closed it (proposed and signed off), with evidence: “Repeat-caller flag live since 1 March” in <#C1>") {
		t.Errorf("/peel afi herts-2021-afi-3: %.2000s", got)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, s.stderr.String())
	}

	// Restarted the same day: the digest is not sent again.
	again := startServe(t, env)
	waitFor(t, "the scheduler's check", func() bool { return strings.Contains(again.stderr.String(), `"msg":"digest done"`) })
	if code := again.stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if n := len(fake.posts()); n != 1 {
		t.Errorf("%d digests posted across a restart", n)
	}
	st, err := store.Open(context.Background(), store.Config{SQLitePath: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, history, err := st.Item(context.Background(), "herts-2021-afi-3")
	last := history[len(history)-1]
	if err != nil || a.Status != tracker.StatusClosed || last.Actor != "U1" || last.Channel != "C1" {
		t.Errorf("stored %+v, %+v, %v", a, last, err)
	}
}

func TestTwoServeInstancesSharingAStoreAnswerAnEventOnce(t *testing.T) {
	fake := newFakeWebAPI(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.URL + "/api/",
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db"),
	}
	a, b := startServe(t, env), startServe(t, env)
	ev := []byte(`{"type":"event_callback","team_id":"T1","event_id":"EvShared1","event":{"type":"app_mention","user":"U1","text":"<@UBOT> dvpo","ts":"1700000000.000200","channel":"C1"}}`)
	// Slack delivers the event to one instance, then retries it on the other.
	for _, s := range []*servingInstance{a, b, a} {
		resp := signedPost(t, s.base+"/slack/events", "application/json", ev)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("event: %d", resp.StatusCode)
		}
	}
	a.stop()
	b.stop()
	if n := len(fake.posts()); n != 1 {
		t.Errorf("%d replies to one event across two instances", n)
	}
}

// serve and digest take the same PEEL_DIGEST_CHANNEL: an id (C…, G…), and
// a channel's name is refused by both, saying to give its id.
func TestDigestChannelMustBeAnIDForServeAndDigest(t *testing.T) {
	for _, c := range []struct{ channel, want string }{
		{"general", `PEEL_DIGEST_CHANNEL "general" is a channel name; give the channel's id instead, such as C0123ABCD (open the channel's details: the id is at the foot of About)`},
		{"#peel-digest", `PEEL_DIGEST_CHANNEL "#peel-digest" is a channel name; give the channel's id instead`},
		{"c0123abcd", `PEEL_DIGEST_CHANNEL "c0123abcd" is a channel name`},
		{"peel digest", `PEEL_DIGEST_CHANNEL "peel digest" is not a channel: give the channel's id`},
	} {
		serveEnv := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret, "PEEL_DIGEST_CHANNEL": c.channel}
		code, _, stderr := runCmd(t, serveEnv, "", "serve")
		if code != 2 || !strings.Contains(stderr, "peelbot serve: "+c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("serve with %q: exit %d, want %q in one line:\n%s", c.channel, code, c.want, stderr)
		}
		digestEnv := trackingEnv(t)
		digestEnv["SLACK_BOT_TOKEN"], digestEnv["PEEL_DIGEST_CHANNEL"] = testBotToken, c.channel
		for _, args := range [][]string{{"digest"}, {"digest", "--dry-run"}} {
			code, _, stderr = runCmd(t, digestEnv, "", args...)
			if code != 2 || !strings.Contains(stderr, "peelbot digest: "+c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("%v with %q: exit %d, want %q in one line:\n%s", args, c.channel, code, c.want, stderr)
			}
		}
	}
	for _, id := range []string{"C0123ABCD", "G01AB2CD3"} {
		if p := channelProblem(id); p != "" {
			t.Errorf("%s refused: %s", id, p)
		}
	}
}
