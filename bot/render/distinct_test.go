package render

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestDistinctSuffixesOnlyRepeatedActions(t *testing.T) {
	blocks := Distinct([]slack.Block{
		slack.NewActionBlock("a", Button(ActionShare, "Share", "{}"), Button(ActionFullText, "Full text", "{}")),
		slack.NewActionBlock("b", Button(ActionShare, "Share", "{}")),
		slack.NewActionBlock("c", Button(ActionMore, "More", "{}")),
		slack.NewContextActionsBlock("d", slack.NewFeedbackButtonsBlockElement(ActionFeedback,
			slack.NewFeedbackButton(Plain("Helpful"), "{}"), slack.NewFeedbackButton(Plain("Not helpful"), "{}"))),
	})
	var got []string
	for _, b := range jsonBlocks(t, blocks) {
		for _, e := range b["elements"].([]any) {
			got = append(got, e.(map[string]any)["action_id"].(string))
		}
	}
	if strings.Join(got, " ") != "peel_share.0 peel_full_text peel_share.1 peel_more peel_feedback" {
		t.Errorf("action_ids %v", got)
	}
	for _, id := range got {
		if ActionOf(id) == "" || strings.Contains(ActionOf(id), ActionSep) {
			t.Errorf("ActionOf(%q) = %q", id, ActionOf(id))
		}
	}
	checkLimits(t, jsonBlocks(t, blocks))
}
