package bot

import (
	"errors"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
)

func TestPeelSummariseShowsPassagesAtOnceThenTheSummary(t *testing.T) {
	fs := &fakeSummariser{cite: []int{0}}
	h := newHarness(t, func(c *Config) { c.Summariser = fs })
	blocks := h.command("summarise dvpo")

	// The passages arrive in the response body, before any model call ends.
	text := allText(blocks)
	if q := quoteTexts(blocks); len(q) != 2 || !strings.Contains(q[0], dvpoSentence) {
		t.Fatalf("passages not shown at once: %q", q)
	}
	if !strings.Contains(text, "Summarising these passages") || strings.Contains(text, "*Summary:*") {
		t.Errorf("immediate answer should say a summary is coming:\n%s", text)
	}
	h.settle()
	if len(fs.requests) != 1 || fs.requests[0].Question != "dvpo" || fs.requests[0].User != "U1" || len(fs.requests[0].Sources) != 2 {
		t.Fatalf("summary requests = %+v", fs.requests)
	}
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 || resp[0].Args["replace_original"] != true {
		t.Fatalf("want the answer replaced once through response_url, got %v", resp)
	}
	rb := resp[0].Blocks()
	got := allText(rb)
	if !strings.Contains(got, "*Summary:* The force rarely used protective orders") || !strings.Contains(got, "[1] <"+hertsURL) {
		t.Errorf("summary or its numbered citation missing:\n%s", got)
	}
	if q := quoteTexts(rb); len(q) != 1 || !strings.Contains(q[0], dvpoSentence) {
		t.Errorf("want only the cited passage quoted under the summary, got %q", q)
	}
}

func TestPeelSummariseFailureKeepsThePassages(t *testing.T) {
	fs := &fakeSummariser{err: errors.New("daily summary budget spent")}
	h := newHarness(t, func(c *Config) { c.Summariser = fs })
	h.command("summarize dvpo")
	h.settle()
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 {
		t.Fatalf("%d responses", len(resp))
	}
	rb := resp[0].Blocks()
	text := allText(rb)
	if strings.Contains(text, "*Summary:*") || !strings.Contains(text, "Summary unavailable: daily summary budget spent.") || strings.Contains(text, "Summarising") {
		t.Errorf("want the passages with a note:\n%s", text)
	}
	if q := quoteTexts(rb); len(q) != 2 {
		t.Errorf("passages lost: %q", q)
	}
}

func TestPeelSummariseWithoutAModelAnswersWithPassages(t *testing.T) {
	h := newHarness(t)
	blocks := h.command("summarise dvpo")
	text := allText(blocks)
	if q := quoteTexts(blocks); len(q) != 2 || !strings.Contains(text, "Summaries are not turned on") {
		t.Errorf("want the passages and a note:\n%s", text)
	}
	if len(buttonsWith(blocks, render.ActionSummarise)) != 0 {
		t.Error("Summarise button without a summariser")
	}
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("Slack got %d calls", len(calls))
	}
}

func TestSummarisedAnswerStillAsksWhetherItHelped(t *testing.T) {
	fs := &fakeSummariser{cite: []int{0}}
	h := afiHarness(t, func(c *Config) { c.Summariser = fs })
	h.click(buttonsWith(h.command("dvpo"), render.ActionSummarise)[0], ephemeralIn(""))
	h.command("summarise dvpo")
	h.settle()
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 2 {
		t.Fatalf("%d responses", len(resp))
	}
	for _, r := range resp {
		rb := r.Blocks()
		if !strings.Contains(allText(rb), "*Summary:*") {
			t.Fatalf("no summary in %s", allText(rb))
		}
		if _, _, ref := feedbackOf(t, rb); ref.Q != "dvpo" {
			t.Errorf("feedback buttons carry %+v", ref)
		}
	}
}

func TestTheClosestTextIsNotOfferedForASummary(t *testing.T) {
	fs := &fakeSummariser{cite: []int{0}}
	h := newHarness(t, func(c *Config) { c.Summariser = fs })
	if got := buttonsWith(h.command("knife crime in London"), render.ActionSummarise); len(got) != 0 {
		t.Errorf("a miss offers Summarise: %v", got)
	}
	blocks := h.command("summarise knife crime in London")
	h.settle()
	if text := allText(blocks); !strings.Contains(text, "No summary: the loaded reports don't cover that") || strings.Contains(text, "Summarising") {
		t.Errorf("summarise on a miss:\n%s", text)
	}
	if len(fs.requests) != 0 {
		t.Errorf("the model was asked to summarise the closest text: %+v", fs.requests)
	}
	if got := buttonsWith(h.command("dvpo"), render.ActionSummarise); len(got) != 1 {
		t.Errorf("an answer offers %d Summarise buttons", len(got))
	}
}
