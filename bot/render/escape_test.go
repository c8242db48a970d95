package render

import (
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
