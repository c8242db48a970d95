package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
)

// fakeAcker records Socket Mode acknowledgements.
type fakeAcker struct {
	mu   sync.Mutex
	acks map[string][]any // envelope id → payloads
}

func (f *fakeAcker) Ack(req socketmode.Request, payload ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.acks == nil {
		f.acks = map[string][]any{}
	}
	f.acks[req.EnvelopeID] = append(f.acks[req.EnvelopeID], payload...)
	if len(payload) == 0 {
		f.acks[req.EnvelopeID] = append(f.acks[req.EnvelopeID], nil)
	}
	return nil
}

// socketEvent is a Socket Mode envelope as the client hands it over.
func socketEvent(t *testing.T, typ socketmode.EventType, data any, envelope string, retry int) socketmode.Event {
	t.Helper()
	return socketmode.Event{Type: typ, Data: data, Request: &socketmode.Request{Type: string(typ), EnvelopeID: envelope, RetryAttempt: retry}}
}

func parseEvent(t *testing.T, raw map[string]any) slackevents.EventsAPIEvent {
	t.Helper()
	b, _ := json.Marshal(raw)
	ev, err := slackevents.ParseEvent(b, slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestSocketModeEventsReachTheSameHandlers(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TeamID = "T1" })
	ack := &fakeAcker{}
	ctx := context.Background()

	// A slash command is answered in its acknowledgement.
	sc := slack.SlashCommand{TeamID: "T1", ChannelID: "C1", UserID: "U1", Command: "/peel", Text: "dvpo", ResponseURL: h.commandURL("U1", "C1")}
	h.bot.handleSocketEvent(ctx, ack, socketEvent(t, socketmode.EventTypeSlashCommand, sc, "env-cmd", 0))
	got := ack.acks["env-cmd"]
	if len(got) != 1 {
		t.Fatalf("command acked %d times", len(got))
	}
	reply, ok := got[0].(commandReply)
	if !ok || reply.ResponseType != "ephemeral" {
		t.Fatalf("command ack payload %T %+v", got[0], got[0])
	}
	h.checkMessage(render.Message{Text: reply.Text, Blocks: reply.Blocks})
	blocks := jsonBlocks(t, reply.Blocks)
	if q := quoteTexts(blocks); len(q) == 0 || !strings.Contains(q[0], dvpoSentence) {
		t.Errorf("socket mode answer: %q", q)
	}

	// A mention is acknowledged, then answered in its thread, once.
	mentionEv := parseEvent(t, map[string]any{"type": "event_callback", "team_id": "T1", "event_id": "EvSM1",
		"event": mention("<@UBOT> dvpo", "1700000000.003000", "1700000000.002900")})
	h.bot.handleSocketEvent(ctx, ack, socketEvent(t, socketmode.EventTypeEventsAPI, mentionEv, "env-ev", 0))
	h.bot.handleSocketEvent(ctx, ack, socketEvent(t, socketmode.EventTypeEventsAPI, mentionEv, "env-ev-retry", 1))

	// A click is acknowledged, then acted on.
	ic := slack.InteractionCallback{
		Type: slack.InteractionTypeBlockActions, Team: slack.Team{ID: "T1"}, User: slack.User{ID: "U1"},
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: "C1"}}},
		Container: slack.Container{ChannelID: "C1", IsEphemeral: true}, ResponseURL: h.commandURL("U1", "C1"),
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: render.ActionShare, Value: buttonsWith(blocks, render.ActionShare)[0].Value}}},
	}
	h.bot.handleSocketEvent(ctx, ack, socketEvent(t, socketmode.EventTypeInteractive, ic, "env-click", 0))

	// Another workspace is acknowledged (so Slack stops) and ignored.
	other := sc
	other.TeamID = "T2"
	h.bot.handleSocketEvent(ctx, ack, socketEvent(t, socketmode.EventTypeSlashCommand, other, "env-other", 0))

	h.settle()
	for _, env := range []string{"env-ev", "env-ev-retry", "env-click", "env-other"} {
		if p := ack.acks[env]; len(p) != 1 || p[0] != nil {
			t.Errorf("%s acked with %v, want one empty ack", env, p)
		}
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d posts, want the mention reply and the share", len(posts))
	}
	threads := map[string]bool{}
	for _, p := range posts {
		threads[p.Arg("thread_ts")] = true
		if !strings.Contains(allText(p.Blocks()), dvpoSentence) {
			t.Errorf("post lacks the passage")
		}
	}
	if !threads["1700000000.002900"] || !threads[""] {
		t.Errorf("posts went to threads %v", threads)
	}
}

func TestSocketModeOverAWebSocket(t *testing.T) {
	h := newHarness(t)
	acks := make(chan map[string]any, 4)
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		cmd, _ := json.Marshal(map[string]any{
			"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/peel", "text": "dvpo",
			"response_url": h.commandURL("U1", "C1"), "trigger_id": "trig.ws",
		})
		ev, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "event_id": "EvWS",
			"event": mention("<@UBOT> dvpo", "1700000000.004000", "")})
		for _, msg := range []string{
			`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}`,
			fmt.Sprintf(`{"type":"slash_commands","envelope_id":"env-1","payload":%s,"accepts_response_payload":true}`, cmd),
			fmt.Sprintf(`{"type":"events_api","envelope_id":"env-2","payload":%s,"accepts_response_payload":false,"retry_attempt":0}`, ev),
		} {
			if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
				return
			}
		}
		for {
			var ack map[string]any
			if err := conn.ReadJSON(&ack); err != nil {
				return
			}
			acks <- ack
		}
	}))
	defer ws.Close()
	h.slack.Fail("apps.connections.open", slacktest.Fault{Body: fmt.Sprintf(`{"ok":true,"url":%q}`, "ws"+strings.TrimPrefix(ws.URL, "http")+"/link")})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.RunSocketMode(ctx, "xapp-test-token") }()

	got := map[string]map[string]any{}
	timeout := time.After(10 * time.Second)
	for len(got) < 2 {
		select {
		case a := <-acks:
			got[a["envelope_id"].(string)] = a
		case <-timeout:
			t.Fatalf("acks received: %v", got)
		}
	}
	payload, _ := got["env-1"]["payload"].(map[string]any)
	if raw, err := json.Marshal(payload); err == nil {
		h.slack.CheckReply(raw)
	}
	if payload["response_type"] != "ephemeral" || !strings.Contains(allText(toBlocks(t, payload["blocks"])), dvpoSentence) {
		t.Errorf("slash command ack: %v", got["env-1"])
	}
	// The event is acknowledged before its work is scheduled, so wait for
	// the reply itself.
	posts := h.slack.WaitFor("chat.postMessage", 1, waitLong)
	h.settle()
	if len(posts) != 1 || posts[0].Arg("thread_ts") != "1700000000.004000" {
		t.Errorf("mention over Socket Mode: %+v", posts)
	}
	opens := h.slack.Calls("apps.connections.open")
	if len(opens) == 0 {
		t.Fatal("apps.connections.open not called")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunSocketMode after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("RunSocketMode did not stop")
	}
}
