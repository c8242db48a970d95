package bot

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
)

// routes are a valid request of each kind, each of which would make the
// bot answer or post.
func routes(h *harness) map[string]struct {
	path, contentType string
	body              []byte
} {
	ev, _ := json.Marshal(map[string]any{
		"team_id": "T1", "type": "event_callback", "event_id": "EvSig",
		"event": mention("<@UBOT> dvpo", "1700000000.002000", ""),
	})
	share := render.Ref{IDs: []string{"herts-2021-01b2aa05"}}.Encode()
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"},
		"channel": map[string]any{"id": "C1"}, "container": ephemeralIn(""), "response_url": h.commandURL("U1", "C1"),
		"actions": []any{map[string]any{"action_id": render.ActionShare, "block_id": "act-0", "value": share, "type": "button"}},
	})
	cmd := slash("dvpo")
	return map[string]struct {
		path, contentType string
		body              []byte
	}{
		"command": {PathCommands, formType, []byte(cmd.Encode())},
		"action":  {PathActions, formType, []byte(url.Values{"payload": {string(payload)}}.Encode())},
		"event":   {PathEvents, "application/json", ev},
	}
}

func TestBadSignaturesAreRefusedAndNothingIsDone(t *testing.T) {
	h := newHarness(t)
	now := time.Now().Unix()
	for name, rt := range routes(h) {
		for _, bad := range []struct {
			name   string
			header map[string]string
		}{
			{"missing", map[string]string{}},
			{"no timestamp", map[string]string{"X-Slack-Signature": sign(testSecret, now, rt.body)}},
			{"wrong secret", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now, 10), "X-Slack-Signature": sign("another-secret", now, rt.body)}},
			{"other body", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now, 10), "X-Slack-Signature": sign(testSecret, now, append(rt.body, ' '))}},
			{"other timestamp", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now+1, 10), "X-Slack-Signature": sign(testSecret, now, rt.body)}},
			{"stale", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now-6*60, 10), "X-Slack-Signature": sign(testSecret, now-6*60, rt.body)}},
			{"future", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now+6*60, 10), "X-Slack-Signature": sign(testSecret, now+6*60, rt.body)}},
			{"v1", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now, 10), "X-Slack-Signature": strings.Replace(sign(testSecret, now, rt.body), "v0=", "v1=", 1)}},
			{"not hex", map[string]string{"X-Slack-Request-Timestamp": strconv.FormatInt(now, 10), "X-Slack-Signature": "v0=zz"}},
		} {
			bad.header["Content-Type"] = rt.contentType
			resp := h.send(rt.path, bad.header, rt.body)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusUnauthorized || len(body) != 0 {
				t.Errorf("%s with %s signature: status %d, body %q; want 401 and nothing", name, bad.name, resp.StatusCode, body)
			}
		}
	}
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("refused requests still did %d things: %+v", len(calls), calls)
	}
	if !strings.Contains(h.logs.String(), "bad signature: stale timestamp") {
		t.Error("a stale signature is not logged as such")
	}
}

func TestSignedRequestsOfEachKindAreServed(t *testing.T) {
	h := newHarness(t)
	for name, rt := range routes(h) {
		if resp := h.post(rt.path, rt.contentType, rt.body); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
	}
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d posts (a share and a mention reply), want 2", n)
	}
}

func TestOversizedBodiesAreRefused(t *testing.T) {
	h := newHarness(t)
	form := slash(strings.Repeat("dvpo ", MaxBodyBytes/5+1))
	body := []byte(form.Encode())
	resp := h.post(PathCommands, formType, body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("%d-byte command: status %d, want 413", len(body), resp.StatusCode)
	}
	ev := append([]byte(`{"type":"event_callback","team_id":"T1","event_id":"EvBig","event":{"type":"app_mention","user":"U1","channel":"C1","ts":"1.2","text":"dvpo"},"pad":"`), strings.Repeat("x", MaxBodyBytes)...)
	ev = append(ev, `"}`...)
	// Sent without a length, so only reading finds out.
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+PathEvents, io.MultiReader(strings.NewReader(string(ev))))
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, ev))
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized event: status %d", r2.StatusCode)
	}
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("oversized requests did %d things", len(calls))
	}
}

func TestOtherWorkspacesAreRefused(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TeamID = "T1" })
	cmd := slash("dvpo")
	cmd.Set("team_id", "T2")
	resp := h.post(PathCommands, formType, []byte(cmd.Encode()))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden || len(body) != 0 {
		t.Errorf("command from T2: status %d, body %q", resp.StatusCode, body)
	}
	ev, _ := json.Marshal(map[string]any{"team_id": "T2", "type": "event_callback", "event_id": "EvT2", "event": mention("<@UBOT> dvpo", "1.3", "")})
	if resp := h.post(PathEvents, "application/json", ev); resp.StatusCode != http.StatusForbidden {
		t.Errorf("event from T2: status %d", resp.StatusCode)
	}
	payload, _ := json.Marshal(map[string]any{"type": "block_actions", "team": map[string]any{"id": "T2"}, "user": map[string]any{"id": "U1"},
		"actions": []any{map[string]any{"action_id": render.ActionShare, "block_id": "act-0", "value": render.Ref{IDs: []string{"herts-2021-01b2aa05"}}.Encode()}}})
	if resp := h.post(PathActions, formType, []byte(url.Values{"payload": {string(payload)}}.Encode())); resp.StatusCode != http.StatusForbidden {
		t.Errorf("click from T2: status %d", resp.StatusCode)
	}
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("requests from another workspace did %d things", len(calls))
	}
	// The configured workspace is served.
	if len(quoteTexts(h.command("dvpo"))) == 0 {
		t.Error("the own workspace is not served")
	}
}

func TestHealthz(t *testing.T) {
	h := newHarness(t)
	resp, err := http.Get(h.srv.URL + PathHealth)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	if resp, _ := http.Get(h.srv.URL + PathCommands); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d", PathCommands, resp.StatusCode)
	}
}
