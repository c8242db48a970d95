package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// hostile is what outside text (a user's, a report's, a model's) may hold
// to ping a channel, mention someone or forge a link.
const hostile = "<!channel> <@U0EVIL> <https://evil.example|the report>"

// unescaped are the sequences of hostile as Slack would act on them.
var unescaped = []string{"<!channel>", "<@U0EVIL>", "<https://evil.example"}

// hostileLibrary is one report whose passages say hostile things, one of
// them too long for an answer (so that it has a Full text modal).
func hostileLibrary(t *testing.T) (*corpus.Library, *index.Index) {
	t.Helper()
	long := strings.Repeat("The zeppelin unit reviews every case "+hostile+" within a week. ", 60)
	r := &corpus.Report{
		ID: "test-2024", Force: "Testshire Police", Round: "PEEL 2024", URL: "https://example.org/testshire-2024/",
		Chapters: []*corpus.Chapter{{Title: "Investigating crime", Page: 10, Sections: []*corpus.Section{{
			Title: "Main findings", Page: 11,
			Findings: []*corpus.Finding{{Headline: "The force investigates crime well", Passages: []*corpus.Passage{
				{ID: "test-2024-0b5e55ed", ReportID: "test-2024", Chapter: "Investigating crime", Section: "Main findings",
					Heading: "The force investigates crime well", Kind: corpus.KindPassage, Page: 12,
					Text: "The zeppelin unit says " + hostile + " to every victim."},
				{ID: "test-2024-5eaf00d5", ReportID: "test-2024", Chapter: "Investigating crime", Section: "Main findings",
					Heading: "The force investigates crime well", Kind: corpus.KindPassage, Page: 13, Position: 1, Text: long},
			}}},
		}}}},
	}
	lib, err := corpus.NewLibrary([]*corpus.Report{r})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return lib, ix
}

// hostileSummariser is a model whose summaries and name are hostile.
type hostileSummariser struct{}

func (hostileSummariser) Summarise(context.Context, summary.Request) (*summary.Summary, error) {
	return &summary.Summary{Text: "The unit says " + hostile + " [1]. It forges [2](https://evil.example).", Citations: []int{0}, Model: "gpt " + hostile}, nil
}

// strings Slack parses: every string of a payload but the ones it hands
// back to the app untouched (button values, metadata).
func parsedStrings(v any, key string, out *[]string) {
	switch x := v.(type) {
	case string:
		switch key {
		case "value", "private_metadata", "metadata", "event_payload", "action_id", "block_id", "callback_id", "trigger_id", "response_url":
			return
		}
		*out = append(*out, key+": "+x)
	case map[string]any:
		for k, e := range x {
			parsedStrings(e, k, out)
		}
	case []any:
		for _, e := range x {
			parsedStrings(e, key, out)
		}
	}
}

// checkEscaped fails the test for any string Slack parses, in a call the
// fake received or a reply body, that holds hostile text unescaped, and
// reports how many strings held it escaped.
func checkEscaped(t *testing.T, surface string, payloads ...map[string]any) int {
	t.Helper()
	var all []string
	for _, p := range payloads {
		parsedStrings(p, "", &all)
	}
	escaped := 0
	for _, s := range all {
		for _, bad := range unescaped {
			if strings.Contains(s, bad) {
				t.Errorf("%s: %q reached Slack as written in %.300s", surface, bad, s)
			}
		}
		if strings.Contains(s, "&lt;!channel&gt;") || strings.Contains(s, `&lt;@U0EVIL&gt;`) {
			escaped++
		}
	}
	return escaped
}

// argsOf are the arguments of calls.
func argsOf(calls []slacktest.Call) []map[string]any {
	var out []map[string]any
	for _, c := range calls {
		out = append(out, c.Args)
	}
	return out
}

// Outside text is escaped in every field Slack parses, text fallbacks
// included, on every surface: an answer (the question's echo, a report's
// passage, a note), a summary (its text and the model's name), a shared
// passage, the Full text modal, the feedback form and a streamed summary.
func TestOutsideTextIsEscapedOnEverySurface(t *testing.T) {
	lib, ix := hostileLibrary(t)
	h := afiHarness(t, func(c *Config) { c.Library, c.Index, c.Summariser = lib, ix, hostileSummariser{} })

	seen := map[string]int{}
	answerBlocks := h.command("zeppelin " + hostile)
	for _, q := range []string{"zeppelin " + hostile, "knife crime in London " + hostile} {
		form := slash(q)
		form.Set("response_url", h.commandURL("U1", "C1"))
		resp := h.post(PathCommands, formType, []byte(form.Encode()))
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		seen["answer"] += checkEscaped(t, "answer to "+q, body)
	}

	since := h.mark()
	h.click(buttonsWith(answerBlocks, render.ActionShare)[0], ephemeralIn(""))
	h.click(buttonsWith(answerBlocks, render.ActionFullText)[0], ephemeralIn(""))
	h.click(buttonsWith(answerBlocks, render.ActionSummarise)[0], ephemeralIn(""))
	_, down, _ := feedbackOf(t, answerBlocks)
	h.voteBy("U1", down, ephemeralIn(""))
	h.event("EvX1", mention("<@UBOT> zeppelin "+hostile, "1700000950.000100", ""))
	h.settle()
	for surface, method := range map[string]string{
		"share": "chat.postMessage", "modal": "views.open", "summary": slacktest.MethodResponseURL,
		"stream": "chat.startStream",
	} {
		calls := h.slack.Calls(method)[since[method]:]
		if len(calls) == 0 && method != "chat.postMessage" {
			t.Errorf("%s: no %s call", surface, method)
		}
		seen[surface] = checkEscaped(t, surface, argsOf(calls)...)
	}
	for _, method := range []string{"chat.appendStream", "chat.stopStream", "chat.postMessage"} {
		checkEscaped(t, method, argsOf(h.slack.Calls(method))...)
	}
	for _, surface := range []string{"answer", "share", "modal", "summary", "stream"} {
		if seen[surface] == 0 {
			t.Errorf("%s: the hostile text was not shown escaped anywhere (was it shown at all?)", surface)
		}
	}
}

// A notification quotes a user's words (the evidence of a proposal)
// escaped, in its text as in its blocks.
func TestNotificationsEscapeWhatUsersWrote(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy("UADMIN").WithReviewers("UREV"))
	const id = "northmoor-2023-coc-2-rec-1"
	if m := k.command("UADMIN", "C1", "afi assign coc-2-rec-1 <@UOWNER|olu>"); !strings.Contains(m.AllText(), "You assigned") {
		t.Fatalf("assign: %s", m.AllText())
	}
	if m := k.command("UOWNER", "C1", "afi propose coc-2-rec-1 Audit done "+hostile); strings.Contains(m.AllText(), "<!channel>") {
		t.Errorf("the proposal's confirmation: %s", m.AllText())
	}
	if err := k.bot.FollowUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	rev := k.slack.Messages("UREV")
	if len(rev) != 1 {
		t.Fatalf("the reviewer got %d messages", len(rev))
	}
	payload := map[string]any{"text": rev[0].Text, "blocks": toAny(rev[0].Blocks)}
	if n := checkEscaped(t, "notification", payload); n == 0 || !strings.Contains(rev[0].AllText(), id) {
		t.Errorf("the evidence is not shown escaped: %s", rev[0].AllText())
	}
}

func toAny(blocks []map[string]any) []any {
	out := make([]any, len(blocks))
	for i, b := range blocks {
		out[i] = b
	}
	return out
}
