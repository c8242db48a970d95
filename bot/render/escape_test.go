package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/notify"
)

const hostile = "<!channel> <@U0EVIL> <https://evil.example|the report>"

// fallbackIsEscaped fails the test when a message's text, which Slack
// parses as mrkdwn and shows in notifications, holds hostile as written.
func fallbackIsEscaped(t *testing.T, what string, m Message) {
	t.Helper()
	for _, bad := range []string{"<!channel>", "<@U0EVIL>", "<https://evil.example"} {
		if strings.Contains(m.Text, bad) {
			t.Errorf("%s: text %q holds %q unescaped", what, m.Text, bad)
		}
	}
}

// The note an answer opens with (which repeats what was asked) and a
// notification's item ids (from a report) are outside text in the text
// fallback too.
func TestFallbackTextsAreEscaped(t *testing.T) {
	note := Reply{Answer: &answer.Answer{Question: hostile, Note: "The loaded reports don't cover " + hostile + "."}}
	fallbackIsEscaped(t, "a note", note.Message(false))

	e := tracker.Entry{Item: tracker.Item{ID: "r-2024-afi-1" + hostile}, Source: &tracker.Source{Text: hostile}}
	m := Notification(notify.Batch{To: "U1", Notifications: []notify.Notification{{Kind: notify.DueToday, To: "U1", Entry: e}}})
	fallbackIsEscaped(t, "a notification", m)
}

// strs appends every string in v, decoded JSON.
func strs(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case map[string]any:
		for _, e := range x {
			strs(e, out)
		}
	case []any:
		for _, e := range x {
			strs(e, out)
		}
	}
}

// An item's modals quote its report text, id and citation escaped.
func TestItemModalsAreEscaped(t *testing.T) {
	e := tracker.Entry{Item: tracker.Item{ID: "r-2024-afi-1" + hostile}, Source: &tracker.Source{Text: "The force " + hostile}}
	e.Cite.Report, e.Cite.Chapter = "Testshire "+hostile, "Chapter "+hostile
	for _, a := range []tracker.Action{tracker.ActionPropose, tracker.ActionSendback, tracker.ActionDue, tracker.ActionAssign} {
		raw, err := json.Marshal(ChangeModal(e, ChangeForm{Action: a}, "meta").Blocks)
		if err != nil {
			t.Fatal(err)
		}
		var blocks []any
		if err := json.Unmarshal(raw, &blocks); err != nil {
			t.Fatal(err)
		}
		var all []string
		strs(blocks, &all)
		shown := false
		for _, s := range all {
			shown = shown || strings.Contains(s, "&lt;!channel&gt;")
			for _, bad := range []string{"<!channel>", "<@U0EVIL>", "<https://evil.example"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s modal: %s unescaped in %q", a, bad, s)
				}
			}
		}
		if !shown {
			t.Errorf("%s modal does not show the item's text", a)
		}
	}
}
