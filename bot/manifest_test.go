package bot

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
)

// The Slack app manifest names what this package answers; they must agree,
// or a new user's app would send what peelbot ignores.
func TestManifestMatchesTheHandlers(t *testing.T) {
	raw, err := os.ReadFile("../deploy/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := string(raw)
	for _, want := range []string{
		"command: /peel", "usage_hint:", "callback_id: " + render.CallbackFind, "type: message",
		"- commands", "- chat:write", "- app_mentions:read",
		"interactivity:\n    is_enabled: true", "socket_mode_enabled: true",
		"HTTP: url: https://peelbot.example.org" + PathCommands,
		"HTTP: request_url: https://peelbot.example.org" + PathEvents,
		"HTTP: request_url: https://peelbot.example.org" + PathActions,
		"home_tab_enabled: true",
		// Owners and reviewers are told in the Messages tab; /peel export
		// uploads with files.uploadV2.
		"messages_tab_enabled: true", "- files:write",
		// /peel afi assign reads <@U…|name>, which Slack sends only when the
		// command escapes mentions.
		"should_escape: true",
		// Direct messages and the assistant (agent) view: the messages tab
		// on, the assistant view described, and the scopes they need.
		"messages_tab_enabled: true", "messages_tab_read_only_enabled: false", "assistant_view:", "assistant_description:", "suggested_prompts:",
		"- im:history", "- assistant:write",
		// Link previews of the reports: the domain and both links scopes.
		"unfurl_domains:\n    - hmicfrs.justiceinspectorates.gov.uk", "- links:read", "- links:write",
		// What a crashed instance posted is found again in the digest's
		// channel (public or private) and the direct messages, not posted
		// twice; the DM's id comes from conversations.open.
		"- channels:history", "- groups:history", "- im:write",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	events := regexp.MustCompile(`(?s)bot_events:\n((?:\s+- \S+\n)+)`).FindStringSubmatch(m)
	if events == nil {
		t.Fatal("manifest has no bot_events")
	}
	var subscribed []string
	for _, l := range strings.Split(strings.TrimSpace(events[1]), "\n") {
		ev := strings.TrimPrefix(strings.TrimSpace(l), "- ")
		// A message subscription names where (message.im); the event's type
		// is message.
		ev, _, _ = strings.Cut(ev, ".")
		subscribed = append(subscribed, ev)
	}
	if strings.Contains(m, "- message.channels") || strings.Contains(m, "- message.groups") {
		t.Error("the manifest subscribes to every channel message: peelbot reads only mentions there")
	}
	b := &Bot{}
	var handled []string
	for k := range b.newEvents() {
		handled = append(handled, k)
	}
	sort.Strings(subscribed)
	sort.Strings(handled)
	if strings.Join(subscribed, ",") != strings.Join(handled, ",") {
		t.Errorf("manifest subscribes to %v, the bot handles %v", subscribed, handled)
	}
}
