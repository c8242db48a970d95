package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/internal/openaitest"
)

// The binary end to end, as a Slack workspace meets it: peelbot serve
// against the fake Slack and the fake model, driven by signed requests.
// An assistant thread is greeted with prompts; a question in it gets its
// passages and then a summary streamed; 👎 opens the form; /peel grades
// is a table; @peelbot help answers.
func TestServeInAWorkspace(t *testing.T) {
	fake := newFakeWebAPI(t)
	model := openaitest.Start(t, openaitest.Text{Content: "The constabulary rarely used DVPOs [1]. Few cases were considered [2].", ChunkBytes: 6})
	port := freePort(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"SLACK_API_URL": fake.APIURL(), "PORT": port, "OPENAI_BASE_URL": model.URL(),
		"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db"), "PEEL_REPORTS_DIR": "../../corpus/testdata",
	}
	var stderr syncBuffer
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, a, []string{"serve"}) }()
	base := "http://127.0.0.1:" + port
	waitHealthy(t, base, done, &stderr)
	event := func(id, inner string) {
		t.Helper()
		resp := signedPost(t, base+"/slack/events", "application/json", []byte(`{"type":"event_callback","team_id":"T1","event_id":"`+id+`","event":`+inner+`}`))
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("event %s: %d", id, resp.StatusCode)
		}
	}

	// An assistant thread: greeted, with prompts from what is loaded.
	const thread = "1700002000.000100"
	event("EvW1", `{"type":"assistant_thread_started","assistant_thread":{"user_id":"U1","channel_id":"D1","thread_ts":"`+thread+`","context":{"channel_id":"C1"}}}`)
	waitFor(t, "the suggested prompts", func() bool { return len(fake.AssistantThread("D1", thread).Prompts) > 0 })
	if p := fake.AssistantThread("D1", thread).Prompts; p[0].Message != "dvpo" {
		t.Errorf("prompts %+v", p)
	}

	// A question in it: passages, then the summary streamed.
	event("EvW2", `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"dvpo","ts":"1700002000.000200","thread_ts":"`+thread+`"}`)
	waitFor(t, "the streamed summary", func() bool { return len(fake.Acted("chat.stopStream")) == 1 })
	replies := fake.Replies("D1", thread)
	if len(replies) != 3 || !strings.Contains(replies[1].AllText(), "domestic violence protection orders (DVPOs)") ||
		replies[2].Via != "chat.startStream" || !strings.Contains(replies[2].Text, "rarely used DVPOs [1]") {
		t.Fatalf("the thread: %+v", replies)
	}
	if len(model.Requests()) != 1 || !model.Requests()[0].Stream {
		t.Errorf("the model was not asked to stream: %+v", model.Requests())
	}

	// 👎 on the summary opens the form asking why.
	var value, actionID string
	for _, b := range replies[2].Blocks {
		if b["type"] == "context_actions" {
			fb := b["elements"].([]any)[0].(map[string]any)
			actionID = fb["action_id"].(string)
			value = fb["negative_button"].(map[string]any)["value"].(string)
		}
	}
	if value == "" {
		t.Fatalf("no feedback buttons on the summary: %v", replies[2].Blocks)
	}
	click := `{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},"trigger_id":"` + fake.TriggerID() + `","channel":{"id":"D1"},` +
		`"container":{"type":"message","channel_id":"D1","message_ts":"` + replies[2].TS + `"},` +
		`"actions":[{"type":"feedback_buttons","block_id":"feedback","action_id":"` + actionID + `","value":` + jsonString(value) + `}]}`
	resp := signedPost(t, base+"/slack/actions", "application/x-www-form-urlencoded", []byte("payload="+urlEncode(click)))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the click: %d\n%s", resp.StatusCode, stderr.String())
	}
	for deadline := time.Now().Add(10 * time.Second); len(fake.Acted("views.open")) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no reason form; calls %v; logs:\n%s", fake.Calls(), stderr.String())
		}
	}
	if v := fake.Views(); len(v) != 1 || v[0].CallbackID != "peel_feedback_why" {
		t.Errorf("views %+v", v)
	}

	// /peel grades with two reports (the built-in one and the test data's)
	// is a table.
	form := "team_id=T1&channel_id=C1&user_id=U1&command=%2Fpeel&text=grades"
	resp = signedPost(t, base+"/slack/commands", "application/x-www-form-urlencoded", []byte(form))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fake.CheckReply(body)
	if !strings.Contains(string(body), `"type":"table"`) || !strings.Contains(string(body), "Northmoor Police PEEL 2023–25") {
		t.Errorf("/peel grades: %.400s", body)
	}

	// @peelbot help answers, privately.
	event("EvW3", `{"type":"app_mention","user":"U1","text":"<@UBOT> help","ts":"1700002000.000300","channel":"C1"}`)
	waitFor(t, "help", func() bool { return len(fake.Ephemerals("U1")) == 1 })
	if !strings.Contains(fake.Ephemerals("U1")[0].AllText(), "kind:afi") {
		t.Errorf("@peelbot help: %s", fake.Ephemerals("U1")[0].AllText())
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
	// The 👎 is one vote, kept with the question and the passages shown.
	code, out, errOut := runCmd(t, env, "", "feedback", "--json")
	var votes []struct {
		Question string   `json:"question"`
		Passages []string `json:"passage_ids"`
		Helpful  bool     `json:"helpful"`
	}
	if err := json.Unmarshal([]byte(out), &votes); code != 0 || err != nil || len(votes) != 1 || votes[0].Helpful || votes[0].Question != "dvpo" || len(votes[0].Passages) == 0 {
		t.Errorf("peelbot feedback --json: exit %d, %v, %s %s", code, err, out, errOut)
	}
}

func jsonString(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw)
}

func urlEncode(s string) string { return url.QueryEscape(s) }
