package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
)

func TestMentionInAThreadIsAnsweredThereOnceDespiteRetries(t *testing.T) {
	h := newHarness(t)
	const thread, ts = "1700000000.000100", "1700000000.000500"
	ev := mention("<@UBOT> dvpo", ts, thread)
	if resp := h.event("Ev01", ev); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// Slack retries when it thinks the first delivery failed.
	for i, n := range []string{"1", "2"} {
		resp := h.event("Ev01", ev, "X-Slack-Retry-Num", n, "X-Slack-Retry-Reason", "http_timeout")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("retry %d: status %d", i+1, resp.StatusCode)
		}
	}
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d replies, want exactly 1", len(posts))
	}
	p := posts[0]
	if p.Arg("channel") != "C1" || p.Arg("thread_ts") != thread {
		t.Errorf("replied in %q thread %q, want C1 thread %s", p.Arg("channel"), p.Arg("thread_ts"), thread)
	}
	blocks := p.Blocks()
	quotes := quoteTexts(blocks)
	if len(quotes) == 0 || !strings.Contains(quotes[0], dvpoSentence) {
		t.Fatalf("reply does not quote the DVPO finding: %q", quotes)
	}
	if !strings.Contains(allText(blocks), dvpoCitation) {
		t.Error("reply lacks the citation")
	}
	if len(buttonsWith(blocks, render.ActionShare)) != 0 || len(buttonsWith(blocks, render.ActionMore)) != 0 {
		t.Errorf("a public reply offers private buttons: %v", buttons(blocks))
	}
}

func TestMentionInAChannelStartsAThreadOnItsMessage(t *testing.T) {
	h := newHarness(t)
	h.event("Ev02", mention("<@UBOT> dvpo", "1700000000.000600", ""))
	// The same message edited arrives as a new event: still one reply.
	edited := mention("<@UBOT> dvpo please", "1700000000.000600", "")
	edited["edited"] = map[string]any{"user": "U1", "ts": "1700000001.000000"}
	h.event("Ev03", edited)
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Arg("thread_ts") != "1700000000.000600" {
		t.Fatalf("want one reply in the message's own thread, got %+v", posts)
	}
}

func TestBotsOwnAndOtherBotsMessagesAreIgnored(t *testing.T) {
	h := newHarness(t)
	own := mention("<@UBOT> dvpo", "1700000000.000700", "")
	own["user"] = "UBOT"
	h.event("Ev04", own)
	other := mention("<@UBOT> dvpo", "1700000000.000800", "")
	other["bot_id"] = "BOTHER"
	h.event("Ev05", other)
	h.event("Ev06", map[string]any{"type": "message", "subtype": "bot_message", "bot_id": "BBOT", "text": "dvpo", "ts": "1700000000.000900", "channel": "C1"})
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("the bot answered a bot: %+v", calls)
	}
}

func TestEmptyMentionGetsHelpNotSilence(t *testing.T) {
	h := newHarness(t)
	h.event("Ev07", mention("<@UBOT>", "1700000000.001000", ""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || !strings.Contains(allText(posts[0].Blocks()), "/peel help") {
		t.Fatalf("want a short help reply, got %+v", posts)
	}
}

func TestURLVerificationIsAnswered(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TeamID = "T1" })
	body := []byte(`{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	resp := h.post(PathEvents, "application/json", body)
	var got map[string]any // not a struct: Go would match "Challenge" too
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("status %d, answer %v, %v", resp.StatusCode, got, err)
	}
	unsigned := h.send(PathEvents, map[string]string{"Content-Type": "application/json"}, body)
	if unsigned.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned url_verification: status %d", unsigned.StatusCode)
	}
}

func TestHomeTabShowsHelpAndGrades(t *testing.T) {
	h := newHarness(t)
	h.event("Ev08", map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1700000000.1"})
	h.settle()
	pubs := h.slack.Calls("views.publish")
	if len(pubs) != 1 || pubs[0].Args["user_id"] != "U1" {
		t.Fatalf("views.publish calls: %+v", pubs)
	}
	view := pubs[0].Args["view"].(map[string]any)
	blocks := toBlocks(t, view["blocks"])
	if text := allText(blocks); !strings.Contains(text, "Requires improvement — Responding to the public") || !strings.Contains(text, "kind:afi") {
		t.Errorf("home tab:\n%s", text)
	}
}

func TestMemoryDeduper(t *testing.T) {
	now := time.Date(2025, 3, 30, 0, 59, 0, 0, time.UTC)
	d := NewMemoryDeduper(time.Hour, func() time.Time { return now })
	ctx := context.Background()
	first := func(key string) bool {
		ok, err := d.FirstTime(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !first("a") || first("a") || !first("b") {
		t.Fatal("a key is new exactly once")
	}
	now = now.Add(59 * time.Minute)
	if first("a") {
		t.Error("forgot a key before its time")
	}
	now = now.Add(2 * time.Minute)
	if !first("a") {
		t.Error("remembered a key past its time")
	}

	if err := d.Forget(ctx, "b"); err != nil || !first("b") || first("b") {
		t.Error("a forgotten key is not new again exactly once")
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 50 {
		wg.Go(func() {
			if ok, _ := d.FirstTime(ctx, "race"); ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d concurrent callers were first", wins)
	}
}

func TestAMentionTheReportsDontCoverIsShownOnlyToTheAsker(t *testing.T) {
	h := newHarness(t)
	const thread, ts = "1700000000.002000", "1700000000.002100"
	h.event("Ev20", mention("<@UBOT> knife crime in London", ts, thread))
	h.event("Ev21", mention("<@UBOT> how was investigating crime graded", "1700000000.002200", thread))
	h.settle()
	eph := h.slack.Calls("chat.postEphemeral")
	if len(eph) != 1 {
		t.Fatalf("%d private replies, want 1 (the miss)", len(eph))
	}
	if eph[0].Arg("user") != "U1" || eph[0].Arg("channel") != "C1" || eph[0].Arg("thread_ts") != thread {
		t.Errorf("the miss went to user %q in %q thread %q", eph[0].Arg("user"), eph[0].Arg("channel"), eph[0].Arg("thread_ts"))
	}
	if got := allText(eph[0].Blocks()); !strings.Contains(got, "The loaded reports don't cover knife crime in London.") ||
		!strings.Contains(got, "Closest text found in the reports, not an answer") {
		t.Errorf("the private reply does not say the reports don't cover it:\n%s", got)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d public replies, want 1 (the grade)", len(posts))
	}
	if quotes := quoteTexts(posts[0].Blocks()); len(quotes) == 0 || !strings.Contains(quotes[0], "Hertfordshire Constabulary is adequate at investigating crime.") {
		t.Errorf("the grade question is not answered with the grade sentence first: %q", quotes)
	}
}
