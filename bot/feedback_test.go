package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/store"
)

// feedbackButtonsOf are an answer's Helpful and Not helpful buttons, with
// what they carry.
func feedbackButtonsOf(t *testing.T, blocks []map[string]any) (helpful, notHelpful btn, r render.Ref) {
	t.Helper()
	h, n := buttonsWith(blocks, render.ActionHelpful), buttonsWith(blocks, render.ActionNotHelpful)
	if len(h) != 1 || len(n) != 1 || h[0].Label != "Helpful" || n[0].Label != "Not helpful" {
		t.Fatalf("want one Helpful and one Not helpful button, got %v", buttons(blocks))
	}
	r, err := render.DecodeRef(h[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	return h[0], n[0], r
}

func (h *harness) feedback() []store.Feedback {
	h.t.Helper()
	list, err := h.store().ListFeedback(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

func TestEveryAnswerAsksWhetherItHelpedAndKeepsTheClick(t *testing.T) {
	h := afiHarness(t)
	blocks := h.commandBy("U1", "C1", "victims")
	helpful, _, r := feedbackButtonsOf(t, blocks)
	var shown []string
	for _, b := range buttonsWith(blocks, render.ActionShare) {
		sr, _ := render.DecodeRef(b.Value)
		shown = append(shown, sr.IDs...)
	}
	if r.Q != "victims" || !reflect.DeepEqual(r.IDs, shown) || len(shown) != 3 {
		t.Fatalf("the buttons carry %+v, want the question and the passages shown %v", r, shown)
	}
	h.clickBy("U1", helpful, ephemeralIn(""))
	h.settle()
	got := h.feedback()
	if len(got) != 1 || got[0].Question != "victims" || !reflect.DeepEqual(got[0].PassageIDs, shown) || got[0].User != "U1" || got[0].Channel != "C1" || !got[0].Helpful {
		t.Fatalf("stored %+v", got)
	}
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 || resp[0].Args["replace_original"] != false || !strings.Contains(allText(resp[0].Blocks()), "Thanks — noted.") {
		t.Errorf("the click is not acknowledged quietly: %+v", resp)
	}

	// The next page asks about its own passages.
	more := buttonsWith(blocks, render.ActionMore)
	h.clickBy("U1", more[0], ephemeralIn(""))
	h.settle()
	resp = h.slack.Calls(slacktest.MethodResponseURL)
	_, notHelpful, r2 := feedbackButtonsOf(t, resp[len(resp)-1].Blocks())
	if r2.Q != "victims" || len(r2.IDs) == 0 || reflect.DeepEqual(r2.IDs, shown) {
		t.Errorf("page 2's buttons carry %+v", r2)
	}
	h.clickBy("U2", notHelpful, ephemeralIn(""))
	h.settle()
	if got := h.feedback(); len(got) != 2 || got[0].Helpful || got[0].User != "U2" || !reflect.DeepEqual(got[0].PassageIDs, r2.IDs) {
		t.Errorf("stored %+v", got)
	}
}

func TestMentionShortcutAndNoResultAnswersAskToo(t *testing.T) {
	h := afiHarness(t)
	h.event("EvFb1", mention("<@UBOT> dvpo", "1700000000.002000", ""))
	h.interact(map[string]any{
		"type": "message_action", "callback_id": render.CallbackFind, "team": map[string]any{"id": "T1"},
		"user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "C1"},
		"response_url": h.commandURL("U1", "C1"),
		"message":      map[string]any{"ts": "1700000000.000300", "text": "repeat callers"},
	})
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	eph := h.slack.Calls("chat.postEphemeral")
	if len(posts) != 1 || len(eph) != 1 {
		t.Fatalf("posts %d, ephemeral %d", len(posts), len(eph))
	}
	_, notHelpful, r := feedbackButtonsOf(t, posts[0].Blocks())
	if r.Q != "dvpo" {
		t.Errorf("mention answer's buttons carry %+v", r)
	}
	if _, _, rs := feedbackButtonsOf(t, eph[0].Blocks()); rs.Q != "repeat callers" {
		t.Errorf("shortcut answer's buttons carry %+v", rs)
	}
	// A click on the public reply is kept with its channel.
	h.clickBy("U3", notHelpful, publicIn("C1", "1700000100.000001"))

	// Nothing found is a miss worth knowing about: it asks too.
	blocks := h.commandBy("U1", "C1", "xyzzy")
	_, miss, rm := feedbackButtonsOf(t, blocks)
	if rm.Q != "xyzzy" || len(rm.IDs) != 0 {
		t.Errorf("no-result buttons carry %+v", rm)
	}
	h.clickBy("U1", miss, ephemeralIn(""))
	h.settle()
	got := h.feedback()
	if len(got) != 2 {
		t.Fatalf("stored %+v", got)
	}
	byQ := map[string]store.Feedback{}
	for _, f := range got {
		byQ[f.Question] = f
	}
	if f := byQ["dvpo"]; f.Helpful || f.User != "U3" || f.Channel != "C1" || len(f.PassageIDs) == 0 {
		t.Errorf("mention click stored %+v", f)
	}
	if f := byQ["xyzzy"]; f.Helpful || len(f.PassageIDs) != 0 {
		t.Errorf("no-result click stored %+v", f)
	}
}

func TestFeedbackButtonsStayWithinSlacksLimits(t *testing.T) {
	h := afiHarness(t)
	q := strings.Repeat("domestic abuse victims safeguarding ", 300)[:10000]
	blocks := h.commandBy("U1", "C1", q) // checkLimits: values ≤ 2,000 characters
	_, _, r := feedbackButtonsOf(t, blocks)
	if len(r.IDs) != 3 || !strings.HasPrefix(q, r.Q) || len(r.Q) < 1000 {
		t.Errorf("a long question's buttons carry %d passages and %d characters of it", len(r.IDs), len(r.Q))
	}
	// Without a store there is nothing to keep a click in, so no buttons.
	plain := newHarness(t)
	if got := buttonsWith(plain.command("dvpo"), render.ActionHelpful); len(got) != 0 {
		t.Errorf("feedback buttons without a store: %v", got)
	}
}
