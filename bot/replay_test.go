package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// signedOnce holds every signature the tests' post made, so that each
// request gets a signature of its own.
var signedOnce struct {
	mu   sync.Mutex
	sigs map[string]bool
}

// freshTimestamp is the timestamp to sign body with: now, or as little
// before now as makes a signature not made before. Slack never sends two
// requests with one signature (a retry is signed at its own time, seconds
// or minutes later), but a test may send one body twice within a second,
// which the bot would rightly take for a replay.
func freshTimestamp(body []byte) int64 {
	signedOnce.mu.Lock()
	defer signedOnce.mu.Unlock()
	if signedOnce.sigs == nil {
		signedOnce.sigs = map[string]bool{}
	}
	now := time.Now().Unix()
	for ts := now; ts > now-int64(replayWindow/time.Second)/2; ts-- {
		if sig := sign(testSecret, ts, body); !signedOnce.sigs[sig] {
			signedOnce.sigs[sig] = true
			return ts
		}
	}
	return now
}

// signedRequest is a request signed at ts, to send (and send again) with
// harness.send.
func signedRequest(contentType string, body []byte, ts int64) map[string]string {
	return map[string]string{
		"Content-Type":              contentType,
		"X-Slack-Request-Timestamp": strconv.FormatInt(ts, 10),
		"X-Slack-Signature":         sign(testSecret, ts, body),
	}
}

// replay signs body once and sends that same request n times (with the
// headers given, which the signature does not cover), as someone who
// copied it would, returning each answer's status and body.
func (h *harness) replay(n int, path, contentType string, body []byte, header ...string) (statuses []int, bodies []string) {
	h.t.Helper()
	hdr := signedRequest(contentType, body, freshTimestamp(body))
	for i := 0; i+1 < len(header); i += 2 {
		hdr[header[i]] = header[i+1]
	}
	for range n {
		resp := h.send(path, hdr, body)
		out, _ := io.ReadAll(resp.Body)
		statuses, bodies = append(statuses, resp.StatusCode), append(bodies, string(out))
	}
	h.settle()
	return statuses, bodies
}

// interaction is the form Slack posts for an interaction payload.
func interaction(t *testing.T, payload map[string]any) []byte {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(raw)}}.Encode())
}

// commandForm is the form of /peel text typed by U1 in C1.
func (h *harness) commandForm(text string) []byte {
	form := slash(text)
	form.Set("response_url", h.commandURL("U1", "C1"))
	form.Set("trigger_id", h.slack.TriggerID())
	return []byte(form.Encode())
}

// notes counts the free notes in the tracker's history.
func notes(t *testing.T, svc *tracker.Service) int {
	t.Helper()
	evs, err := svc.Events(context.Background(), time.Time{}, tracker.ActionNote)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// wantAcknowledgedOnce fails the test unless every answer is 200 and all
// but the first are empty: a replay is acknowledged and does nothing.
func (h *harness) wantAcknowledgedOnce(statuses []int, bodies []string) {
	t := h.t
	t.Helper()
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("request %d: status %d, want 200 (Slack shows an error for anything else)", i, st)
		}
		if i > 0 && strings.TrimSpace(bodies[i]) != "" {
			t.Errorf("replay %d was answered: %.200s", i, bodies[i])
		}
	}
}

// A signed request sent again while its timestamp is still valid is
// acknowledged and does nothing, on every route: a note is written
// once, a passage shared once, a 👎 asks why once, a form's reason is
// kept once, a mention is answered once — whatever X-Slack-Retry-Num
// (outside the signature) the copy carries.
func TestAReplayedRequestIsAcknowledgedAndDoesNothing(t *testing.T) {
	t.Run("afi note", func(t *testing.T) {
		h := afiHarness(t)
		st, bodies := h.replay(3, PathCommands, formType, h.commandForm("afi note herts-2021-afi-7 Met the control room lead"))
		h.wantAcknowledgedOnce(st, bodies)
		if !strings.Contains(bodies[0], "Met the control room lead") {
			t.Errorf("the first request was not answered with its note: %.300s", bodies[0])
		}
		if n := notes(t, h.bot.afi.svc); n != 1 {
			t.Errorf("%d notes after one /peel afi note sent three times, want 1", n)
		}
	})
	t.Run("afi note, signature in other letter cases", func(t *testing.T) {
		// The signature check reads the hex in any case, so each spelling
		// of one signature is the same signed request.
		h := afiHarness(t)
		body := h.commandForm("afi note herts-2021-afi-7 Met the control room lead")
		hdr := signedRequest(formType, body, freshTimestamp(body))
		sig := hdr["X-Slack-Signature"]
		var statuses []int
		var bodies []string
		for _, spelt := range []string{sig, "v0=" + strings.ToUpper(sig[3:]), sig[:10] + strings.ToUpper(sig[10:20]) + sig[20:]} {
			hdr["X-Slack-Signature"] = spelt
			resp := h.send(PathCommands, hdr, body)
			out, _ := io.ReadAll(resp.Body)
			statuses, bodies = append(statuses, resp.StatusCode), append(bodies, string(out))
		}
		h.settle()
		h.wantAcknowledgedOnce(statuses, bodies)
		if n := notes(t, h.bot.afi.svc); n != 1 {
			t.Errorf("%d notes after one /peel afi note sent with its signature spelt three ways, want 1", n)
		}
	})
	t.Run("share", func(t *testing.T) {
		h := newHarness(t)
		c := ephemeralIn("")
		body := interaction(t, h.clickPayload("U1", firstShare(t, h), c, h.clickURL("U1", c)))
		h.wantAcknowledgedOnce(h.replay(3, PathActions, formType, body))
		if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
			t.Errorf("one Share sent three times posted %d times, want 1", n)
		}
	})
	t.Run("not helpful", func(t *testing.T) {
		h := afiHarness(t)
		_, down, _ := feedbackOf(t, h.commandBy("U1", "C1", "victims"))
		c := ephemeralIn("")
		payload := h.clickPayload("U1", down, c, h.clickURL("U1", c))
		action := payload["actions"].([]any)[0].(map[string]any)
		action["type"] = "feedback_buttons"
		delete(action, "text")
		h.wantAcknowledgedOnce(h.replay(3, PathActions, formType, interaction(t, payload)))
		if n := len(h.slack.Calls("views.open")); n != 1 {
			t.Errorf("one 👎 sent three times opened %d forms, want 1", n)
		}
		if got := h.feedback(); len(got) != 1 || got[0].Helpful {
			t.Errorf("votes stored: %+v, want one 👎", got)
		}
	})
	t.Run("modal", func(t *testing.T) {
		h := afiHarness(t)
		_, down, _ := feedbackOf(t, h.commandBy("U1", "C1", "victims"))
		h.voteBy("U1", down, ephemeralIn(""))
		h.settle()
		opens := h.slack.Calls("views.open")
		if len(opens) != 1 {
			t.Fatalf("👎 opened %d forms", len(opens))
		}
		view := opens[0].Args["view"].(map[string]any)
		submit := func(why string) []byte {
			return interaction(t, map[string]any{
				"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"},
				"api_app_id": "A1", "trigger_id": h.slack.TriggerID(),
				"view": map[string]any{
					"id": "V1", "type": "modal", "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
					"state": map[string]any{"values": map[string]map[string]any{
						render.BlockReason: {render.InputReason: map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": store.ReasonNotCovered}}},
						render.BlockWhy:    {render.InputWhy: map[string]any{"type": "plain_text_input", "value": why}},
					}},
				},
			})
		}
		first := submit("the first reason")
		hdr := signedRequest(formType, first, freshTimestamp(first))
		send := func(body []byte, hdr map[string]string) string {
			resp := h.send(PathActions, hdr, body)
			out, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("submission: status %d", resp.StatusCode)
			}
			h.settle()
			return strings.TrimSpace(string(out))
		}
		send(first, hdr)
		second := submit("a second, later reason")
		send(second, signedRequest(formType, second, freshTimestamp(second)))
		// The first form sent again, after the second: it must not undo it.
		if out := send(first, hdr); out != "" {
			t.Errorf("the replayed form was answered: %.200s", out)
		}
		if got := h.feedback(); len(got) != 1 || got[0].Note != "a second, later reason" {
			t.Errorf("after a replay of the first form: %+v, want the second reason kept", got)
		}
	})
	t.Run("mention", func(t *testing.T) {
		h := newHarness(t)
		body, err := json.Marshal(map[string]any{
			"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
			"event_id": "EvReplayed", "event_time": 1700000000, "event": mention("<@UBOT> dvpo", "1700000000.017000", ""),
		})
		if err != nil {
			t.Fatal(err)
		}
		h.wantAcknowledgedOnce(h.replay(3, PathEvents, "application/json", body))
		if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
			t.Errorf("%d replies to one mention sent three times, want 1", n)
		}
	})
}

// withReplayGuard makes the bot remember accepted signatures in its store,
// as serve does (set after withStore).
func withReplayGuard(c *Config) { c.ReplayGuard = c.Store.(*store.Store).ReplayGuard() }

// Instances sharing a store share its memory of signatures: a request
// accepted by one and sent again to another is acknowledged there and
// does nothing.
func TestAReplayToAnotherInstanceSharingTheStoreDoesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		var hs []*harness
		for range 2 {
			h := newHarness(t, withStore(t, db, time.Now), withReplayGuard)
			syncAFIs(t, h.bot.afi.svc)
			hs = append(hs, h)
		}
		body := hs[0].commandForm("afi note herts-2021-afi-7 Met the control room lead")
		hdr := signedRequest(formType, body, freshTimestamp(body))
		var answers []string
		for _, h := range hs {
			resp := h.send(PathCommands, hdr, body)
			out, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			answers = append(answers, strings.TrimSpace(string(out)))
			h.settle()
		}
		if answers[0] == "" || answers[1] != "" {
			t.Errorf("answers %.100q, want the first instance's alone", answers)
		}
		if n := notes(t, hs[1].bot.afi.svc); n != 1 {
			t.Errorf("%d notes after one /peel afi note sent to two instances, want 1", n)
		}
	})
}

// Memory keeps a signature for as long as its timestamp could pass the
// signature check (and a minute), not longer: then it is new again, as
// the check would refuse it anyway.
func TestMemoryKeepsASignatureForItsWindowAlone(t *testing.T) {
	p := newReplays(nil, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	stamp := func(d time.Duration) string { return strconv.FormatInt(time.Now().Add(d).Unix(), 10) }
	live, gone := stamp(-replayWindow), stamp(-replayWindow-replayMargin-2*time.Second)
	if !p.firstUse(ctx, "v0=live", live) || p.firstUse(ctx, "v0=live", live) {
		t.Error("a signature in its window is not recognised the second time")
	}
	first := p.firstUse(ctx, "v0=gone", gone)
	again := p.firstUse(ctx, "v0=gone", gone)
	if !first || !again {
		t.Error("a signature past its window is still held")
	}
	if p.firstUse(ctx, "v0=odd", "17e8") {
		t.Error("a timestamp that is not a number is accepted")
	}
}
