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

// feedbackOf are an answer's 👍 and 👎 buttons (Slack's feedback_buttons,
// in a context_actions block), with what they carry.
func feedbackOf(t *testing.T, blocks []map[string]any) (up, down btn, r render.Ref) {
	t.Helper()
	var found []btn
	for _, b := range blocks {
		if b["type"] != "context_actions" {
			continue
		}
		for _, e := range b["elements"].([]any) {
			el := e.(map[string]any)
			if el["type"] != "feedback_buttons" {
				continue
			}
			for _, k := range []string{"positive_button", "negative_button"} {
				fb := el[k].(map[string]any)
				label, _ := fb["text"].(map[string]any)["text"].(string)
				found = append(found, btn{BlockID: b["block_id"].(string), ActionID: el["action_id"].(string), Value: fb["value"].(string), Label: label})
			}
		}
	}
	if len(found) != 2 || actionBase(found[0].ActionID) != render.ActionFeedback {
		t.Fatalf("want one pair of feedback buttons, got %v in %v", found, blocks)
	}
	r, err := render.DecodeRef(found[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	return found[0], found[1], r
}

// voteBy clicks a feedback button as user, in the message container
// describes.
func (h *harness) voteBy(user string, b btn, container map[string]any) {
	h.t.Helper()
	payload := h.clickPayload(user, b, container, h.clickURL(user, container))
	action := payload["actions"].([]any)[0].(map[string]any)
	action["type"] = "feedback_buttons"
	delete(action, "text")
	h.interact(payload)
}

func (h *harness) feedback() []store.Feedback {
	h.t.Helper()
	list, err := h.store().ListFeedback(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

// The 👍 / 👎 buttons: one vote per person per answer, changed by a
// second click; 👎 asks why, and the reason is kept with the vote.
func TestFeedbackButtonsKeepOneVoteAndAskWhy(t *testing.T) {
	h := afiHarness(t)
	blocks := h.commandBy("U1", "C1", "victims")
	up, down, r := feedbackOf(t, blocks)
	if up.Label != "Helpful" || down.Label != "Not helpful" {
		t.Errorf("labels %q, %q", up.Label, down.Label)
	}
	var shown []string
	for _, b := range buttonsWith(blocks, render.ActionShare) {
		sr, _ := render.DecodeRef(b.Value)
		shown = append(shown, sr.IDs...)
	}
	if r.Q != "victims" || !reflect.DeepEqual(r.IDs, shown) || len(shown) != 3 || r.Vote != render.VoteUp {
		t.Fatalf("👍 carries %+v, want the question, the passages shown %v and its vote", r, shown)
	}

	h.voteBy("U1", up, ephemeralIn(""))
	h.voteBy("U1", up, ephemeralIn("")) // a double click: both at once
	h.settle()
	got := h.feedback()
	if len(got) != 1 || got[0].Question != "victims" || !reflect.DeepEqual(got[0].PassageIDs, shown) || got[0].User != "U1" || got[0].Channel != "C1" || !got[0].Helpful || got[0].Answer == "" {
		t.Fatalf("stored %+v", got)
	}
	if n := len(h.slack.Calls(slacktest.MethodResponseURL)) + len(h.slack.Calls("views.open")); n != 0 {
		t.Errorf("a 👍 was answered with %d messages or forms; Slack shows it chosen", n)
	}

	// Changing one's mind changes the vote, and asks why.
	h.voteBy("U1", down, ephemeralIn(""))
	h.settle()
	opens := h.slack.Calls("views.open")
	if len(opens) != 1 || opens[0].Args["trigger_id"] != h.lastTrigger() {
		t.Fatalf("👎 opened %d forms, want one with the click's trigger", len(opens))
	}
	view := opens[0].Args["view"].(map[string]any)
	if view["callback_id"] != render.CallbackReason || !strings.Contains(allText(toBlocks(t, view["blocks"])), "You asked: victims") {
		t.Fatalf("form %v", view)
	}
	if got := h.feedback(); len(got) != 1 || got[0].Helpful {
		t.Fatalf("after 👎: %+v, want the one vote changed", got)
	}

	// The form needs a reason; with one, it closes and the reason is kept.
	if ans := h.submit("U1", view, map[string]map[string]any{}); ans["response_action"] != "errors" {
		t.Errorf("a form without a reason answered %v", ans)
	}
	why := map[string]map[string]any{
		render.BlockReason: {render.InputReason: map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": store.ReasonNotCovered}}},
		render.BlockWhy:    {render.InputWhy: map[string]any{"type": "plain_text_input", "value": "  I wanted the victims' code figures  "}},
	}
	if ans := h.submit("U1", view, why); ans != nil {
		t.Fatalf("a good reason answered %v", ans)
	}
	got = h.feedback()
	if len(got) != 1 || got[0].Helpful || got[0].Reason != store.ReasonNotCovered || got[0].Note != "I wanted the victims' code figures" {
		t.Fatalf("the vote is not kept once with its reason: %+v", got)
	}

	// Someone else's vote on the same answer is theirs.
	h.voteBy("U2", up, ephemeralIn(""))
	h.settle()
	if got := h.feedback(); len(got) != 2 {
		t.Errorf("two people's votes: %+v", got)
	}
}

// Every answer asks: a mention's, a shortcut's, a summary's and one that
// found nothing (a miss worth knowing about).
func TestEveryAnswerAsksWhetherItHelped(t *testing.T) {
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
	_, down, r := feedbackOf(t, posts[0].Blocks())
	if r.Q != "dvpo" {
		t.Errorf("mention answer's buttons carry %+v", r)
	}
	if _, _, rs := feedbackOf(t, eph[0].Blocks()); rs.Q != "repeat callers" {
		t.Errorf("shortcut answer's buttons carry %+v", rs)
	}
	// A vote on the public reply is kept with its channel.
	h.voteBy("U3", down, publicIn("C1", posts[0].Arg("ts")))

	blocks := h.commandBy("U1", "C1", "xyzzy")
	_, miss, rm := feedbackOf(t, blocks)
	if rm.Q != "xyzzy" || len(rm.IDs) != 0 {
		t.Errorf("no-result buttons carry %+v", rm)
	}
	h.voteBy("U1", miss, ephemeralIn(""))
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
		t.Errorf("mention vote stored %+v", f)
	}
	if f := byQ["xyzzy"]; f.Helpful || len(f.PassageIDs) != 0 {
		t.Errorf("no-result vote stored %+v", f)
	}
}

func TestFeedbackButtonsStayWithinSlacksLimits(t *testing.T) {
	h := afiHarness(t)
	q := strings.Repeat("domestic abuse victims safeguarding ", 300)[:10000]
	blocks := h.commandBy("U1", "C1", q) // the fake refuses values over 2,000 characters
	_, _, r := feedbackOf(t, blocks)
	if len(r.IDs) != 3 || !strings.HasPrefix(q, r.Q) || len(r.Q) < 1000 {
		t.Errorf("a long question's buttons carry %d passages and %d characters of it", len(r.IDs), len(r.Q))
	}
	// Without a store there is nothing to keep a vote in, so no buttons.
	plain := newHarness(t)
	for _, b := range plain.command("dvpo") {
		if b["type"] == "context_actions" {
			t.Errorf("feedback buttons without a store: %v", b)
		}
	}
}

// The Helpful / Not helpful buttons of answers posted before the feedback
// buttons still count, as votes.
func TestOldHelpfulButtonsStillVote(t *testing.T) {
	h := afiHarness(t)
	ref := render.Ref{Q: "dvpo", IDs: []string{"herts-2021-01b2aa05"}}.Encode()
	h.clickBy("U1", btn{ActionID: render.ActionNotHelpful, Value: ref, Label: "Not helpful"}, ephemeralIn(""))
	h.settle()
	h.clickBy("U1", btn{ActionID: render.ActionHelpful, Value: ref, Label: "Helpful"}, ephemeralIn(""))
	h.settle()
	got := h.feedback()
	if len(got) != 1 || !got[0].Helpful || got[0].Question != "dvpo" {
		t.Errorf("old buttons stored %+v", got)
	}
	if resp := h.slack.Acted(slacktest.MethodResponseURL); len(resp) != 2 || !strings.Contains(allText(resp[1].Blocks()), "Thanks — noted.") {
		t.Errorf("old buttons answered %v", resp)
	}
}

// The form offers exactly the reasons the store keeps.
func TestTheReasonFormOffersTheStoresReasons(t *testing.T) {
	m := render.ReasonModal("dvpo", "{}")
	var values []string
	for _, b := range jsonBlocks(t, m.Blocks.BlockSet) {
		if b["block_id"] != render.BlockReason {
			continue
		}
		for _, o := range b["element"].(map[string]any)["options"].([]any) {
			values = append(values, o.(map[string]any)["value"].(string))
		}
	}
	if !reflect.DeepEqual(values, store.Reasons) {
		t.Errorf("the form offers %v, the store keeps %v", values, store.Reasons)
	}
}
