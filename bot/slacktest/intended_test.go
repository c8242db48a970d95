package slacktest

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestAllowLetsThroughOnlyWhatWasMeant(t *testing.T) {
	v := Validator{Intended: Allow{Members: []string{"U1", "C1"}, Links: []string{"https://hmicfrs.justiceinspectorates.gov.uk/"}}.Intended}
	if err := v.ValidateText("<@U1> shared <https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/x/|a report> in <#C1> <!date^1392734382^{date_short}|Feb 18, 2014>"); err != nil {
		t.Errorf("intended sequences refused: %v", err)
	}
	for _, text := range []string{"<@U2> look", "<#C9|secret>", "<!here>", "<!subteam^S1>", "<https://evil.example.org|the report>", "<mailto:a@b.org>"} {
		if _, ok := problemAt(v.ValidateText(text), RuleControlSequence, "text"); !ok {
			t.Errorf("%q is accepted", text)
		}
	}
	broadcasts := Validator{Intended: Allow{Broadcasts: true}.Intended}
	if err := broadcasts.ValidateText("<!channel> the digest"); err != nil {
		t.Errorf("Broadcasts does not allow a broadcast: %v", err)
	}
}

func TestMarkdownLinksAndSequencesAreJudgedToo(t *testing.T) {
	v := Validator{Intended: Allow{Links: []string{"https://hmicfrs.justiceinspectorates.gov.uk/"}}.Intended}
	ok := slack.NewMarkdownBlock("", "The force rarely used orders [1]. See [the report](https://hmicfrs.justiceinspectorates.gov.uk/x) and \\[not a link](https://evil.example.org).")
	if err := v.ValidateBlocks(InMessage, ok); err != nil {
		t.Errorf("an intended markdown link is refused: %v", err)
	}
	for _, text := range []string{"click [here](https://evil.example.org/x)", "ping <!channel> now", "see <https://evil.example.org>"} {
		if _, found := problemAt(v.ValidateBlocks(InMessage, slack.NewMarkdownBlock("", text)), RuleControlSequence, "blocks[0].text"); !found {
			t.Errorf("markdown %q is accepted", text)
		}
	}
	err := v.ValidateCall("chat.appendStream", "application/x-www-form-urlencoded", []byte("channel=D1&ts=1.2&markdown_text="+strings.ReplaceAll("[x](https://evil.example.org)", " ", "+")))
	if _, found := problemAt(err, RuleControlSequence, "markdown_text"); !found {
		t.Errorf("a streamed markdown link is accepted: %v", err)
	}
}

func TestTheServerRefusesBroadcastsUnlessTold(t *testing.T) {
	r := &recorder{}
	s := NewServer(r)
	defer r.done()
	_, _, err := client(s).PostMessage("C1", slack.MsgOptionText("<!channel> hello", false))
	if err == nil || len(r.Errors()) != 1 {
		t.Errorf("a broadcast was posted: %v, %v", err, r.Errors())
	}
	loud := NewServer(t, Options{Validator: Validator{Intended: Allow{Broadcasts: true}.Intended}})
	if _, _, err := client(loud).PostMessage("C1", slack.MsgOptionText("<!channel> hello", false)); err != nil {
		t.Errorf("a broadcast the test allows is refused: %v", err)
	}
}
