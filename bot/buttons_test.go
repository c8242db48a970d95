package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
)

// tampered is b with its value replaced: what anyone can send, since a
// button's value comes back from Slack as the client sent it.
func tampered(b btn, value string) btn {
	b.Value = value
	return b
}

// watched are the Slack methods a click may call.
var watched = []string{slacktest.MethodResponseURL, "chat.postMessage", "chat.update", "views.open"}

// mark is how many calls of each watched method Slack has had.
func (h *harness) mark() map[string]int {
	n := map[string]int{}
	for _, m := range watched {
		n[m] = len(h.slack.Calls(m))
	}
	return n
}

// privateOnly checks that a click was answered, since the mark, with one
// private message containing want, that nothing was replaced, posted or
// opened, and that no task panicked.
func (h *harness) privateOnly(t *testing.T, since map[string]int, what, want string) {
	t.Helper()
	resp := h.slack.Calls(slacktest.MethodResponseURL)[since[slacktest.MethodResponseURL]:]
	if len(resp) != 1 {
		t.Fatalf("%s: %d private replies, want 1: %v", what, len(resp), h.slack.Calls())
	}
	if resp[0].Args["replace_original"] == true {
		t.Errorf("%s replaced the answer: %s", what, allText(resp[0].Blocks()))
	}
	if got := allText(resp[0].Blocks()); !strings.Contains(got, want) {
		t.Errorf("%s: told %q, want %q", what, got, want)
	}
	for _, m := range watched[1:] {
		if n := len(h.slack.Calls(m)) - since[m]; n != 0 {
			t.Errorf("%s: %d %s calls; a bad value must change nothing", what, n, m)
		}
	}
	if logs := h.logs.String(); strings.Contains(logs, "panicked") {
		t.Errorf("%s: a task panicked:\n%s", what, logs)
	}
}

// More results with an offset no button carries, or one past the
// results, is answered privately and changes nothing: no panic, no
// "Passages -4–-2 of 61".
func TestTamperedMoreResultsOffsetsChangeNothing(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
	}{
		{"largest offset", `{"q":"victims","o":9223372036854775807}`, "nothing was done"},
		{"negative offset", `{"q":"victims","o":-4}`, "nothing was done"},
		{"past the bound", fmt.Sprintf(`{"q":"victims","o":%d}`, render.MaxOffset+1), "nothing was done"},
		{"past the results", fmt.Sprintf(`{"q":"victims","o":%d}`, render.MaxOffset), "no more results"},
		{"not JSON", `{"q":"victims","o":`, "nothing was done"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			more := buttonsWith(h.command("victims"), render.ActionMore)
			if len(more) != 1 {
				t.Fatal("no More results button")
			}
			since := h.mark()
			h.click(tampered(more[0], tc.value), ephemeralIn(""))
			h.settle()
			h.privateOnly(t, since, tc.name, tc.want)
		})
	}
}

// Buttons naming passages the reports do not hold, or too many, change
// nothing and say so: no share, no summary, no modal, no vote.
func TestTamperedPassageIDsChangeNothing(t *testing.T) {
	many := `{"ids":["` + strings.Repeat(`x","`, render.MaxRefIDs) + `x"]}`
	fs := &fakeSummariser{cite: []int{0}}
	h := afiHarness(t, func(c *Config) { c.Summariser = fs })
	blocks := h.command("dvpo")
	share := buttonsWith(blocks, render.ActionShare)[0]
	sum := buttonsWith(blocks, render.ActionSummarise)[0]
	up, _, r := feedbackOf(t, blocks)
	for _, tc := range []struct {
		name  string
		b     btn
		value string
		want  string
	}{
		{"share of an unknown passage", share, `{"ids":["no-such-passage"]}`, "no longer in the reports"},
		{"share of an empty id", share, `{"ids":[""]}`, "nothing was done"},
		{"share of too many", share, many, "nothing was done"},
		{"full text of an unknown passage", withAction(share, render.ActionFullText), `{"ids":["no-such-passage"]}`, "no longer in the reports"},
		{"summary with one unknown passage", sum, fmt.Sprintf(`{"q":"dvpo","ids":[%q,"no-such-passage"]}`, r.IDs[0]), "nothing was summarised"},
		{"summary at a negative offset", sum, fmt.Sprintf(`{"q":"dvpo","o":-4,"ids":[%q]}`, r.IDs[0]), "nothing was done"},
		{"summary of too many", sum, many, "nothing was done"},
	} {
		since := h.mark()
		h.click(tampered(tc.b, tc.value), ephemeralIn(""))
		h.settle()
		h.privateOnly(t, since, tc.name, tc.want)
	}
	if len(fs.requests) != 0 {
		t.Errorf("the model was asked %d times for tampered passages", len(fs.requests))
	}

	since := h.mark()
	h.voteBy("U1", tampered(up, fmt.Sprintf(`{"q":"dvpo","ids":[%q,"no-such-passage"],"v":"up"}`, r.IDs[0])), ephemeralIn(""))
	h.voteBy("U1", tampered(up, `{"q":"dvpo","v":"sideways"}`), ephemeralIn(""))
	h.settle()
	if got := h.feedback(); len(got) != 0 {
		t.Errorf("tampered votes were stored: %+v", got)
	}
	if resp := h.slack.Calls(slacktest.MethodResponseURL)[since[slacktest.MethodResponseURL]:]; len(resp) != 2 || !strings.Contains(allText(resp[0].Blocks())+allText(resp[1].Blocks()), "not kept") {
		t.Errorf("tampered votes were not answered privately: %v", resp)
	}
}

// withAction is b as a button of another action.
func withAction(b btn, action string) btn {
	b.ActionID = action
	return b
}
