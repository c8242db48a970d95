package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
)

// openEntries are n open AFIs of one report, in two areas.
func openEntries(n int) []tracker.Entry {
	var out []tracker.Entry
	for i := range n {
		a := &corpus.AFI{ID: fmt.Sprintf("test-2025-afi-%d", i+1), ReportID: "test-2025", Area: fmt.Sprintf("Area %c", 'A'+i%2),
			Text: fmt.Sprintf("The force should improve practice %d & keep victims informed", i+1), Page: 10 + i}
		out = append(out, tracker.Entry{AFI: a,
			Cite: corpus.Citation{Report: "Testshire Police PEEL 2025", Chapter: a.Area, Page: a.Page, Link: "https://example.org/test-2025/"},
			Item: tracker.Item{ID: a.ID, Status: tracker.StatusOpen, OpenedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}})
	}
	return out
}

func TestEveryPageOfTheAFIListIsValidByTheStrictestReading(t *testing.T) {
	entries := openEntries(40)
	r := AFIs{Now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Loc: time.UTC}
	for page := 1; page <= 3; page++ {
		m := AFIList(r, entries, page, "")
		checkMessage(t, m)
		var nav []string
		for _, b := range jsonBlocks(t, m.Blocks) {
			if b["block_id"] == "afi-nav" {
				for _, e := range b["elements"].([]any) {
					nav = append(nav, e.(map[string]any)["action_id"].(string))
				}
			}
		}
		if page == 2 && (len(nav) != 2 || ActionOf(nav[0]) != ActionAFIPage || ActionOf(nav[1]) != ActionAFIPage || nav[0] == nav[1]) {
			t.Errorf("page 2's paging buttons are %v", nav)
		}
	}
}

// The message /peel afi sent for page 2 before action_ids were made
// distinct is refused: Slack's own rule (one block, one action_id).
func TestTheOldPageTwoIsRefused(t *testing.T) {
	entries := openEntries(40)
	r := AFIs{Now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Loc: time.UTC}
	m := AFIList(r, entries, 2, "")
	// Undo Distinct: every action_id back to its action, as before.
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				if bt, ok := e.(*slack.ButtonBlockElement); ok {
					bt.ActionID = ActionOf(bt.ActionID)
				}
			}
		}
	}
	err := slacktest.ValidateMessage(m.Text, m.Blocks...)
	var e *slacktest.Error
	if !errors.As(err, &e) || !e.Has(slacktest.RuleActionIDUnique) || e.SlackError != "invalid_blocks" {
		t.Fatalf("the old page 2 is accepted by Slack's rules: %v", err)
	}
	if !strings.Contains(err.Error(), `"peel_afi_page" repeated`) {
		t.Errorf("the refusal is not the paging buttons': %v", err)
	}
}

func TestDistinctSuffixesOnlyRepeatedActions(t *testing.T) {
	blocks := Distinct([]slack.Block{
		slack.NewActionBlock("a", Button(ActionShare, "Share", "{}"), Button(ActionFullText, "Full text", "{}")),
		slack.NewActionBlock("b", Button(ActionShare, "Share", "{}")),
		slack.NewActionBlock("c", Button(ActionMore, "More", "{}")),
	})
	var got []string
	for _, b := range jsonBlocks(t, blocks) {
		for _, e := range b["elements"].([]any) {
			got = append(got, e.(map[string]any)["action_id"].(string))
		}
	}
	if strings.Join(got, " ") != "peel_share.0 peel_full_text peel_share.1 peel_more" {
		t.Errorf("action_ids %v", got)
	}
	for _, id := range got {
		if ActionOf(id) == "" || strings.Contains(ActionOf(id), ActionSep) {
			t.Errorf("ActionOf(%q) = %q", id, ActionOf(id))
		}
	}
}
