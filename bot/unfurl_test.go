package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/tracker"
)

// linkShared is Slack's event for report links in the message ts of C1.
func linkShared(ts string, urls ...string) map[string]any {
	var links []any
	for _, u := range urls {
		links = append(links, map[string]any{"domain": "hmicfrs.justiceinspectorates.gov.uk", "url": u})
	}
	return map[string]any{"type": "link_shared", "channel": "C1", "user": "U1", "message_ts": ts, "links": links, "event_ts": ts}
}

// A link to a loaded report is previewed with its force, round, grades in
// one line and how many of its areas for improvement are open; nothing
// more of what is tracked (owners, notes) is shown, since everyone in the
// channel sees it. A link to a report not loaded is left to Slack.
func TestALoadedReportsLinkIsPreviewed(t *testing.T) {
	h := afiHarness(t)
	ctx := context.Background()
	for _, c := range []tracker.Change{
		{ItemID: "herts-2021-afi-1", Action: tracker.ActionClose, Actor: "U1", Channel: "C1", Note: "Secret board minutes 12 March"},
		{ItemID: "herts-2021-afi-2", Action: tracker.ActionAssign, Actor: "U1", Channel: "C1", Owner: "U7"},
	} {
		if _, _, err := h.bot.afi.svc.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ts := h.slack.AddMessage(slackMessage("C1", "Have you seen "+hertsURL+" ?"))
	other := "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/kent-2021-22/"
	h.event("EvL1", linkShared(ts, "http://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22", other))
	h.settle()
	calls := h.slack.Acted("chat.unfurl")
	if len(calls) != 1 {
		t.Fatalf("%d unfurls", len(calls))
	}
	msg, _ := h.slack.Message("C1", ts)
	if len(msg.Unfurls) != 1 {
		t.Fatalf("unfurled %v", msg.Unfurls)
	}
	var text string
	for link, u := range msg.Unfurls {
		if strings.Contains(link, "kent") {
			t.Errorf("a report not loaded was unfurled")
		}
		blocks, _ := u["blocks"].([]any)
		for _, b := range blocks {
			text += allText([]map[string]any{b.(map[string]any)}) + "\n"
		}
	}
	for _, want := range []string{"Hertfordshire Constabulary PEEL 2021/22", "Graded: 2 good · 5 adequate · 1 requires improvement (responding to the public)", "8 of its 9 tracked items still outstanding · `/peel afi report:herts-2021` lists them"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"Secret board minutes", "U7", "owner"} {
		if strings.Contains(text, secret) {
			t.Errorf("the preview shows what is tracked about an item (%q):\n%s", secret, text)
		}
	}
	// Links to reports not loaded: no call at all.
	ts2 := h.slack.AddMessage(slackMessage("C1", other))
	h.event("EvL2", linkShared(ts2, other))
	h.settle()
	if n := len(h.slack.Calls("chat.unfurl")); n != 1 {
		t.Errorf("%d unfurl calls after a link to a report not loaded", n)
	}
}
