package slacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// Payloads are built here as JSON-shaped maps, as Slack receives them, so
// that every case says exactly what was sent.
type obj = map[string]any

func plain(s string) obj  { return obj{"type": "plain_text", "text": s} }
func mrkdwn(s string) obj { return obj{"type": "mrkdwn", "text": s} }
func section(s string) obj {
	return obj{"type": "section", "text": mrkdwn(s)}
}
func button(id, label, value string) obj {
	return obj{"type": "button", "action_id": id, "text": plain(label), "value": value}
}
func actions(elements ...any) obj { return obj{"type": "actions", "elements": elements} }
func option(text, value string) obj {
	return obj{"text": plain(text), "value": value}
}
func repeat(n int, v func(i int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v(i)
	}
	return out
}
func chars(n int) string { return strings.Repeat("a", n) }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// post is a chat.postMessage form, as slack-go sends it: blocks are JSON
// in a form field.
func post(t *testing.T, text string, blocks ...any) (string, string, []byte) {
	t.Helper()
	form := url.Values{"channel": {"C1"}, "token": {"xoxb-1"}}
	if text != "" {
		form.Set("text", text)
	}
	if blocks != nil {
		form.Set("blocks", mustJSON(t, blocks))
	}
	return "chat.postMessage", "application/x-www-form-urlencoded", []byte(form.Encode())
}

// open is a views.open JSON body, as slack-go sends it.
func open(t *testing.T, view obj) (string, string, []byte) {
	t.Helper()
	return "views.open", "application/json", []byte(mustJSON(t, obj{"trigger_id": "1.2", "view": view}))
}

func publish(t *testing.T, view obj) (string, string, []byte) {
	t.Helper()
	return "views.publish", "application/json", []byte(mustJSON(t, obj{"user_id": "U1", "view": view}))
}

func modal(blocks ...any) obj {
	return obj{"type": "modal", "title": plain("Close AFI"), "submit": plain("Save"), "blocks": blocks}
}

// problemAt finds the problem of rule at path in err.
func problemAt(err error, rule Rule, at string) (Problem, bool) {
	var e *Error
	if !errors.As(err, &e) {
		return Problem{}, false
	}
	for _, p := range e.Problems {
		if p.Rule == rule && p.Path == at {
			return p, true
		}
	}
	return Problem{}, false
}

type call func(t *testing.T) (string, string, []byte)

// ruleCase is one rule seen from both sides: the payload at the limit is
// accepted, the one past it refused for that rule at that path.
type ruleCase struct {
	name  string
	valid call
	bad   call
	rule  Rule
	path  string
	doc   string // the page the problem must cite
}

func TestEachRuleRefusesItsViolationAndAcceptsItsEdge(t *testing.T) {
	msg := func(blocks ...any) call {
		return func(t *testing.T) (string, string, []byte) { return post(t, "fallback", blocks...) }
	}
	msgText := func(text string) call {
		return func(t *testing.T) (string, string, []byte) { return post(t, text, section("body")) }
	}
	view := func(v obj) call { return func(t *testing.T) (string, string, []byte) { return open(t, v) } }
	dividers := func(n int) []any { return repeat(n, func(int) any { return obj{"type": "divider"} }) }
	withBlocks := func(v obj, blocks []any) obj { v["blocks"] = blocks; return v }
	input := func(label any, element obj) obj {
		return obj{"type": "input", "block_id": "ev", "label": label, "element": element}
	}
	textInput := obj{"type": "plain_text_input", "action_id": "text"}
	static := func(opts ...any) obj {
		return obj{"type": "static_select", "action_id": "pick", "placeholder": plain("Choose"), "options": opts}
	}
	options := func(n int) []any { return repeat(n, func(i int) any { return option("o", fmt.Sprint(i)) }) }
	table := func(rows, cells int) obj {
		return obj{"type": "table", "rows": repeat(rows, func(int) any {
			return repeat(cells, func(int) any { return obj{"type": "raw_text", "text": "Good"} })
		})}
	}
	feedback := func(text obj) obj {
		return obj{"type": "context_actions", "elements": []any{obj{
			"type": "feedback_buttons", "action_id": "peel_feedback",
			"positive_button": obj{"text": text, "value": "up"},
			"negative_button": obj{"text": plain("👎"), "value": "down"},
		}}}
	}
	markdown := func(n int) obj { return obj{"type": "markdown", "text": chars(n)} }

	cases := []ruleCase{
		{"50 blocks per message", msg(dividers(50)...), msg(dividers(51)...), RuleBlocksMax, "blocks", docBlocks},
		{"100 blocks per modal", view(withBlocks(modal(), dividers(100))), view(withBlocks(modal(), dividers(101))), RuleBlocksMax, "view.blocks", docModal},
		{"100 blocks per Home tab",
			func(t *testing.T) (string, string, []byte) {
				return publish(t, obj{"type": "home", "blocks": dividers(100)})
			},
			func(t *testing.T) (string, string, []byte) {
				return publish(t, obj{"type": "home", "blocks": dividers(101)})
			},
			RuleBlocksMax, "view.blocks", docHome},
		{"action_id unique in its block",
			msg(actions(button("prev", "Previous", "1"), button("next", "Next", "3")), actions(button("prev", "Previous", "1"))),
			msg(actions(button("page", "Previous", "1"), button("page", "Next", "3"))),
			RuleActionIDUnique, "blocks[0].elements[1].action_id", docButton},
		{"block_id unique in a message",
			msg(obj{"type": "divider", "block_id": "a"}, obj{"type": "divider", "block_id": "b"}),
			msg(obj{"type": "divider", "block_id": "a"}, obj{"type": "divider", "block_id": "a"}),
			RuleBlockIDUnique, "blocks[1].block_id", docSection},
		{"block_id 255 characters",
			msg(obj{"type": "divider", "block_id": chars(255)}), msg(obj{"type": "divider", "block_id": chars(256)}),
			RuleBlockIDLength, "blocks[0].block_id", docSection},
		{"block_id not empty",
			msg(obj{"type": "divider"}), msg(obj{"type": "divider", "block_id": ""}),
			RuleBlockIDLength, "blocks[0].block_id", docSection},
		{"section text 3,000", msg(section(chars(3000))), msg(section(chars(3001))), RuleTextLength, "blocks[0].text.text", docSection},
		{"section field 2,000",
			msg(obj{"type": "section", "fields": []any{mrkdwn(chars(2000))}}),
			msg(obj{"type": "section", "fields": []any{mrkdwn(chars(2001))}}),
			RuleTextLength, "blocks[0].fields[0].text", docSection},
		{"section fields 10",
			msg(obj{"type": "section", "fields": repeat(10, func(int) any { return mrkdwn("f") })}),
			msg(obj{"type": "section", "fields": repeat(11, func(int) any { return mrkdwn("f") })}),
			RuleElementCount, "blocks[0].fields", docSection},
		{"header 150", msg(obj{"type": "header", "text": plain(chars(150))}), msg(obj{"type": "header", "text": plain(chars(151))}),
			RuleTextLength, "blocks[0].text.text", docHeader},
		{"header plain_text", msg(obj{"type": "header", "text": plain("Grades")}), msg(obj{"type": "header", "text": mrkdwn("Grades")}),
			RulePlainTextRequired, "blocks[0].text.type", docHeader},
		{"button text 75", msg(actions(button("b", chars(75), "v"))), msg(actions(button("b", chars(76), "v"))),
			RuleTextLength, "blocks[0].elements[0].text.text", docButton},
		{"button text plain_text",
			msg(actions(button("b", "Share", "v"))),
			msg(actions(obj{"type": "button", "action_id": "b", "text": mrkdwn("*Share*")})),
			RulePlainTextRequired, "blocks[0].elements[0].text.type", docButton},
		{"button value 2,000", msg(actions(button("b", "Go", chars(2000)))), msg(actions(button("b", "Go", chars(2001)))),
			RuleTextLength, "blocks[0].elements[0].value", docButton},
		{"button url 3,000",
			msg(actions(obj{"type": "button", "action_id": "b", "text": plain("Open"), "url": "https://x.org/" + chars(3000-14)})),
			msg(actions(obj{"type": "button", "action_id": "b", "text": plain("Open"), "url": "https://x.org/" + chars(3001-14)})),
			RuleTextLength, "blocks[0].elements[0].url", docButton},
		{"option text 75", msg(actions(static(option(chars(75), "v")))), msg(actions(static(option(chars(76), "v")))),
			RuleTextLength, "blocks[0].elements[0].options[0].text.text", docOption},
		{"option text plain_text in a select",
			msg(actions(static(option("Hertfordshire", "v")))),
			msg(actions(static(obj{"text": mrkdwn("*Hertfordshire*"), "value": "v"}))),
			RulePlainTextRequired, "blocks[0].elements[0].options[0].text.type", docOption},
		{"option value 150", msg(actions(static(option("o", chars(150))))), msg(actions(static(option("o", chars(151))))),
			RuleTextLength, "blocks[0].elements[0].options[0].value", docOption},
		{"options 100", msg(actions(static(options(100)...))), msg(actions(static(options(101)...))),
			RuleElementCount, "blocks[0].elements[0].options", docSelect},
		{"option groups 100",
			msg(actions(obj{"type": "static_select", "action_id": "p", "option_groups": repeat(100, func(i int) any {
				return obj{"label": plain("g"), "options": []any{option("o", fmt.Sprint(i))}}
			})})),
			msg(actions(obj{"type": "static_select", "action_id": "p", "option_groups": repeat(101, func(i int) any {
				return obj{"label": plain("g"), "options": []any{option("o", fmt.Sprint(i))}}
			})})),
			RuleElementCount, "blocks[0].elements[0].option_groups", docOptionGroup},
		{"options 100 in an option group",
			msg(actions(obj{"type": "static_select", "action_id": "p", "option_groups": []any{obj{"label": plain("g"), "options": options(100)}}})),
			msg(actions(obj{"type": "static_select", "action_id": "p", "option_groups": []any{obj{"label": plain("g"), "options": options(101)}}})),
			RuleElementCount, "blocks[0].elements[0].option_groups[0].options", docSelect},
		{"option values unique", msg(actions(static(option("a", "1"), option("b", "2")))), msg(actions(static(option("a", "1"), option("b", "1")))),
			RuleOptionValueUnique, "blocks[0].elements[0].options[1].value", docOption},
		{"select placeholder plain_text",
			msg(actions(static(option("a", "1")))),
			msg(actions(obj{"type": "static_select", "action_id": "p", "placeholder": mrkdwn("Choose"), "options": []any{option("a", "1")}})),
			RulePlainTextRequired, "blocks[0].elements[0].placeholder.type", docSelect},
		{"context elements 10",
			msg(obj{"type": "context", "elements": repeat(10, func(int) any { return mrkdwn("c") })}),
			msg(obj{"type": "context", "elements": repeat(11, func(int) any { return mrkdwn("c") })}),
			RuleElementCount, "blocks[0].elements", docContext},
		{"actions elements 25",
			msg(actions(repeat(25, func(i int) any { return button(fmt.Sprint(i), "b", "v") })...)),
			msg(actions(repeat(26, func(i int) any { return button(fmt.Sprint(i), "b", "v") })...)),
			RuleElementCount, "blocks[0].elements", docActions},
		{"modal title 24",
			view(obj{"type": "modal", "title": plain(chars(24)), "blocks": []any{section("x")}}),
			view(obj{"type": "modal", "title": plain(chars(25)), "blocks": []any{section("x")}}),
			RuleTextLength, "view.title.text", docModal},
		{"modal title plain_text",
			view(obj{"type": "modal", "title": plain("Close AFI"), "blocks": []any{section("x")}}),
			view(obj{"type": "modal", "title": mrkdwn("Close AFI"), "blocks": []any{section("x")}}),
			RulePlainTextRequired, "view.title.type", docModal},
		{"modal submit 24",
			view(obj{"type": "modal", "title": plain("t"), "submit": plain(chars(24)), "blocks": []any{section("x")}}),
			view(obj{"type": "modal", "title": plain("t"), "submit": plain(chars(25)), "blocks": []any{section("x")}}),
			RuleTextLength, "view.submit.text", docModal},
		{"modal close 24",
			view(obj{"type": "modal", "title": plain("t"), "close": plain(chars(24)), "blocks": []any{section("x")}}),
			view(obj{"type": "modal", "title": plain("t"), "close": plain(chars(25)), "blocks": []any{section("x")}}),
			RuleTextLength, "view.close.text", docModal},
		{"modal with input needs submit",
			view(modal(input(plain("Evidence"), textInput))),
			view(obj{"type": "modal", "title": plain("t"), "blocks": []any{input(plain("Evidence"), textInput)}}),
			RuleSubmitRequired, "view.submit", docModal},
		{"input label plain_text", view(modal(input(plain("Evidence"), textInput))), view(modal(input(mrkdwn("Evidence"), textInput))),
			RulePlainTextRequired, "view.blocks[0].label.type", docInput},
		{"input label 2,000", view(modal(input(plain(chars(2000)), textInput))), view(modal(input(plain(chars(2001)), textInput))),
			RuleTextLength, "view.blocks[0].label.text", docInput},
		{"input placeholder plain_text",
			view(modal(input(plain("Owner"), obj{"type": "plain_text_input", "action_id": "o", "placeholder": plain("U123")}))),
			view(modal(input(plain("Owner"), obj{"type": "plain_text_input", "action_id": "o", "placeholder": mrkdwn("U123")}))),
			RulePlainTextRequired, "view.blocks[0].element.placeholder.type", docPlainInput},
		{"input element is an input",
			view(modal(input(plain("Evidence"), textInput))),
			view(modal(input(plain("Evidence"), button("b", "Go", "v")))),
			RuleUnknownElement, "view.blocks[0].element.type", docInput},
		{"text fallback with blocks", msg(section("Passages 1–3 of 9")),
			func(t *testing.T) (string, string, []byte) { return post(t, "", section("Passages 1–3 of 9")) },
			RuleFallbackText, "text", docPostMessage},
		{"a message has text or blocks", msgText("hello"),
			func(t *testing.T) (string, string, []byte) { return post(t, "") },
			RuleNoText, "text", docPostMessage},
		{"& escaped in mrkdwn", msg(section("Fire &amp; Rescue")), msg(section("Fire & Rescue")), RuleEscape, "blocks[0].text.text", docFormatting},
		{"< escaped in mrkdwn", msg(section("1 &lt; 2")), msg(section("1 < 2")), RuleEscape, "blocks[0].text.text", docFormatting},
		{"> escaped in mrkdwn but quoting a line", msg(section(">quoted\n>>> more")), msg(section("a > b")), RuleEscape, "blocks[0].text.text", docFormatting},
		{"only &amp; &lt; &gt; are entities", msg(section("&lt;&gt;&amp;")), msg(section("&quot;quoted&quot;")), RuleEscape, "blocks[0].text.text", docFormatting},
		{"& escaped in text", msgText("Police &amp; crime"), msgText("Police & crime"), RuleEscape, "text", docFormatting},
		{"< escaped in text", msgText("See &lt;id&gt;"), msgText("See <id>"), RuleControlSequence, "text", docFormatting},
		{"well-formed control sequences",
			msg(section("<@U123> <@W1|alex> <#C123|general> <!here> <!subteam^S1> <https://hmicfrs.justiceinspectorates.gov.uk/x|Report &amp; annex> <mailto:a@b.org> <!date^1392734382^{date_short}|Feb 18, 2014>")),
			msg(section("<javascript:alert(1)|click>")),
			RuleControlSequence, "blocks[0].text.text", docFormatting},
		{"a link's label escaped", msg(section("<https://x.org|A &amp; B>")), msg(section("<https://x.org|A & B>")), RuleEscape, "blocks[0].text.text", docFormatting},
		{"markdown block 12,000", msg(markdown(12000)), msg(markdown(12001)), RuleMarkdownTotal, "blocks[0].text", docMarkdown},
		{"markdown blocks 12,000 together", msg(markdown(6000), markdown(6000)), msg(markdown(6000), markdown(6001)), RuleMarkdownTotal, "blocks[1].text", docMarkdown},
		{"table rows 100", msg(table(100, 2)), msg(table(101, 2)), RuleElementCount, "blocks[0].rows", docTable},
		{"table cells 20", msg(table(2, 20)), msg(table(2, 21)), RuleElementCount, "blocks[0].rows[0]", docTable},
		{"one table per message", msg(table(2, 2)), msg(table(2, 2), table(2, 2)), RuleTableOnePerMessage, "blocks[1]", docTable},
		{"table cells raw_text or rich_text",
			msg(obj{"type": "table", "rows": []any{[]any{obj{"type": "raw_text", "text": "Area"},
				obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_section", "elements": []any{obj{"type": "text", "text": "Good", "style": obj{"bold": true}}}}}}}}}),
			msg(obj{"type": "table", "rows": []any{[]any{plain("Area")}}}),
			RuleFieldType, "blocks[0].rows[0][0].type", docTable},
		{"feedback buttons plain_text", msg(feedback(plain("👍"))), msg(feedback(mrkdwn("👍"))),
			RulePlainTextRequired, "blocks[0].elements[0].positive_button.text.type", docFeedback},
		{"feedback button text 75", msg(feedback(plain(chars(75)))), msg(feedback(plain(chars(76)))),
			RuleTextLength, "blocks[0].elements[0].positive_button.text.text", docFeedback},
		{"context_actions holds feedback and icon buttons",
			msg(obj{"type": "context_actions", "elements": []any{obj{"type": "icon_button", "icon": "trash", "text": plain("Delete"), "action_id": "d"}}}),
			msg(obj{"type": "context_actions", "elements": []any{button("b", "Helpful", "v")}}),
			RuleUnknownElement, "blocks[0].elements[0].type", docContextActions},
		{"context_actions elements 5",
			msg(obj{"type": "context_actions", "elements": repeat(5, func(i int) any {
				return obj{"type": "icon_button", "icon": "trash", "text": plain("Delete"), "action_id": fmt.Sprint(i)}
			})}),
			msg(obj{"type": "context_actions", "elements": repeat(6, func(i int) any {
				return obj{"type": "icon_button", "icon": "trash", "text": plain("Delete"), "action_id": fmt.Sprint(i)}
			})}),
			RuleElementCount, "blocks[0].elements", docContextActions},
		{"rich text list items are sections",
			msg(obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_list", "style": "bullet", "elements": []any{
				obj{"type": "rich_text_section", "elements": []any{obj{"type": "text", "text": "one"}}}}}}}),
			msg(obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_list", "style": "bullet", "elements": []any{
				obj{"type": "rich_text_quote", "elements": []any{obj{"type": "text", "text": "one"}}}}}}}),
			RuleFieldType, "blocks[0].elements[0].elements[0].type", docRichTextList},
		{"rich text link has a url",
			msg(obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_section", "elements": []any{obj{"type": "link", "url": "https://x.org", "text": "x"}}}}}),
			msg(obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_section", "elements": []any{obj{"type": "link", "text": "x"}}}}}),
			RuleRequired, "blocks[0].elements[0].elements[0].url", docRichTextList},
		{"unknown block types", msg(section("ok")), msg(obj{"type": "sektion", "text": mrkdwn("x")}), RuleUnknownBlock, "blocks[0].type", docBlocks},
		{"unknown fields", msg(actions(button("b", "Go", "v"))), msg(actions(obj{"type": "button", "acton_id": "b", "text": plain("Go")})),
			RuleUnknownField, "blocks[0].elements[0].acton_id", docButton},
		{"text objects are not empty", msg(section("x")), msg(section("")), RuleTextEmpty, "blocks[0].text.text", docTextObject},
		{"text 40,000", msgText(chars(40000)), msgText(chars(40001)), RuleTextLength, "text", docPostMessage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := ValidateCall(tc.valid(t)); err != nil {
				t.Errorf("the edge case is refused: %v", err)
			}
			err := ValidateCall(tc.bad(t))
			p, ok := problemAt(err, tc.rule, tc.path)
			if !ok {
				t.Fatalf("want %s at %s, got %v", tc.rule, tc.path, err)
			}
			if p.Doc != tc.doc {
				t.Errorf("the problem cites %s, want %s", p.Doc, tc.doc)
			}
		})
	}
}

// TestOldAFIPagingMessageIsRefused builds page 2 of /peel afi as
// bot/afi.go's afiList built it before issue 14: Previous and Next in one
// actions block, both with action_id peel_afi_page. Slack refuses the
// whole message with invalid_blocks, so paging stopped at page 2.
func TestOldAFIPagingMessageIsRefused(t *testing.T) {
	button := func(label, value string) *slack.ButtonBlockElement {
		return slack.NewButtonBlockElement("peel_afi_page", value, slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
	}
	mrkdwn := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn("*Open areas for improvement:* 24. `/peel afi &lt;id&gt;` shows one with its history; `/peel afi help` lists the commands."), nil, nil, slack.SectionBlockOptionBlockID("afi-summary")),
		slack.NewSectionBlock(mrkdwn("*<https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/|Hertfordshire Constabulary PEEL 2021/22>* (continued)"), nil, nil, slack.SectionBlockOptionBlockID("rep-0")),
		slack.NewContextBlock("afi-page", mrkdwn("Page 2 of 3")),
		slack.NewActionBlock("afi-nav", button("Previous page", `{"v":"list","p":1}`), button("Next page", `{"v":"list","p":3}`)),
	}
	err := ValidateMessage("24 areas for improvement open", blocks...)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("the old paging message is accepted: %v", err)
	}
	if e.SlackError != "invalid_blocks" {
		t.Errorf("Slack answers %q, want invalid_blocks", e.SlackError)
	}
	if len(e.Problems) != 1 || e.Problems[0].Rule != RuleActionIDUnique || e.Problems[0].Path != "blocks[3].elements[1].action_id" {
		t.Fatalf("want one action_id_unique problem at blocks[3].elements[1].action_id, got %v", err)
	}
	if !strings.Contains(err.Error(), `blocks[3].elements[1].action_id "peel_afi_page" repeated`) {
		t.Errorf("the message does not name the rule and the path: %v", err)
	}

	// The same buttons with their own action_ids are accepted.
	blocks[3] = slack.NewActionBlock("afi-nav",
		slack.NewButtonBlockElement("peel_afi_prev", `{"v":"list","p":1}`, slack.NewTextBlockObject(slack.PlainTextType, "Previous page", false, false)),
		slack.NewButtonBlockElement("peel_afi_next", `{"v":"list","p":3}`, slack.NewTextBlockObject(slack.PlainTextType, "Next page", false, false)))
	if err := ValidateMessage("24 areas for improvement open", blocks...); err != nil {
		t.Errorf("distinct action_ids are refused: %v", err)
	}
}

func TestActionIDsAcrossBlocksAreSlacksToAllowAndACallersToRefuse(t *testing.T) {
	item := func(id string) slack.Block {
		return slack.NewActionBlock("act-"+id,
			slack.NewButtonBlockElement("peel_afi_close", id, slack.NewTextBlockObject(slack.PlainTextType, "Mark addressed", false, false)))
	}
	if err := ValidateMessage("2 AFIs", item("a"), item("b")); err != nil {
		t.Errorf("the same action_id in two blocks is refused, though Slack asks only for uniqueness in a block: %v", err)
	}
	strict := Validator{ActionIDsUniquePerSurface: true}
	err := strict.ValidateMessage("2 AFIs", item("a"), item("b"))
	if _, ok := problemAt(err, RuleActionIDUnique, "blocks[1].elements[0].action_id"); !ok {
		t.Errorf("ActionIDsUniquePerSurface accepts a repeated action_id: %v", err)
	}
}

func TestIntendedDecidesWhichControlSequencesMayStand(t *testing.T) {
	noBroadcast := Validator{Intended: func(seq string) bool { return !Broadcast(seq) }}
	if err := noBroadcast.ValidateText("owner <@U123>, see <https://x.org|the report>"); err != nil {
		t.Errorf("intended sequences refused: %v", err)
	}
	err := noBroadcast.ValidateText("the model says <!channel> look")
	if _, ok := problemAt(err, RuleControlSequence, "text"); !ok {
		t.Errorf("an unintended <!channel> is accepted: %v", err)
	}
	if err := noBroadcast.ValidateText("the model says &lt;!channel&gt; look"); err != nil {
		t.Errorf("the escaped form is refused: %v", err)
	}
	// A rich text broadcast element is the same ping.
	rich := obj{"type": "rich_text", "elements": []any{obj{"type": "rich_text_section", "elements": []any{obj{"type": "broadcast", "range": "channel"}}}}}
	err = noBroadcast.ValidateBlocksJSON(InMessage, []byte(mustJSON(t, []any{rich})))
	if _, ok := problemAt(err, RuleControlSequence, "blocks[0].elements[0].elements[0]"); !ok {
		t.Errorf("a broadcast element is accepted: %v", err)
	}
	if !Mention("<@U1>") || Mention("<https://x.org>") || !Broadcast("<!here|here>") {
		t.Error("Mention or Broadcast misjudges a sequence")
	}
}

func TestViewsAndResponsesFromSlackGoTypes(t *testing.T) {
	label := slack.NewTextBlockObject(slack.PlainTextType, "Evidence", false, false)
	in := slack.NewInputBlock("evidence", label, nil, slack.NewPlainTextInputBlockElement(nil, "text"))
	v := slack.ModalViewRequest{
		Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "Mark addressed", false, false),
		Submit: slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{in}}, PrivateMetadata: chars(3000),
	}
	if err := ValidateModal(v); err != nil {
		t.Errorf("a valid modal is refused: %v", err)
	}
	v.PrivateMetadata = chars(3001)
	if _, ok := problemAt(ValidateModal(v), RuleTextLength, "view.private_metadata"); !ok {
		t.Errorf("private_metadata over 3,000 is accepted")
	}
	home := slack.HomeTabViewRequest{Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	if err := ValidateHomeTab(home); err != nil {
		t.Errorf("a valid Home tab is refused: %v", err)
	}

	del := slack.WebhookMessage{DeleteOriginal: true}
	if err := ValidateResponse(del); err != nil {
		t.Errorf("delete_original needs no text, but: %v", err)
	}
	replace := slack.WebhookMessage{ReplaceOriginal: true, Blocks: &slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	if _, ok := problemAt(ValidateResponse(replace), RuleFallbackText, "text"); !ok {
		t.Errorf("a replacement with blocks and no text is accepted")
	}
	if _, ok := problemAt(ValidateResponseJSON([]byte(`{"text":"x","response_type":"public"}`)), RuleFieldType, "response_type"); !ok {
		t.Errorf("an unknown response_type is accepted")
	}
}

func TestErrorsAreSlacksAndNamePathAndPointer(t *testing.T) {
	err := ValidateCall(post(t, chars(40001)))
	var e *Error
	if !errors.As(err, &e) || e.SlackError != "msg_too_long" {
		t.Errorf("a text over 40,000 characters answers %v, want msg_too_long", err)
	}
	err = ValidateCall(open(t, obj{"type": "modal", "title": plain(chars(25)), "blocks": []any{}}))
	if !errors.As(err, &e) || e.SlackError != "invalid_arguments" {
		t.Fatalf("a bad view answers %v, want invalid_arguments", err)
	}
	if got := e.Messages()[0]; !strings.Contains(got, "[json-pointer:/view/title/text]") {
		t.Errorf("Slack's message form lacks the JSON pointer: %s", got)
	}
	err = ValidateCall("chat.postMessage", "application/x-www-form-urlencoded", []byte("channel=C1&text=x&blocks=%5B%7B"))
	if !errors.As(err, &e) || !e.Has(RuleJSON) {
		t.Errorf("blocks that are not JSON are accepted: %v", err)
	}
	err = ValidateCall(post(t, "x", obj{"type": "video", "title": plain("v")}))
	if !errors.As(err, &e) || !e.Has(RuleUnmodelledBlock) {
		t.Errorf("a block slacktest does not check is accepted: %v", err)
	}
}

func TestStreamsUnfurlsPromptsAndMetadata(t *testing.T) {
	form := func(kv ...string) []byte {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return []byte(v.Encode())
	}
	const formType = "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		method string
		ok     []byte
		bad    []byte
		rule   Rule
		at     string
	}{
		{"chat.appendStream", form("channel", "D1", "ts", "1.2", "markdown_text", chars(12000)), form("channel", "D1", "ts", "1.2", "markdown_text", chars(12001)), RuleTextLength, "markdown_text"},
		{"chat.appendStream", form("channel", "D1", "ts", "1.2", "markdown_text", "x"), form("channel", "D1", "ts", "1.2"), RuleRequired, "markdown_text"},
		{"chat.stopStream", form("channel", "D1", "ts", "1.2", "blocks", mustJSON(t, []any{section("x")})), form("channel", "D1", "ts", "1.2", "blocks", mustJSON(t, []any{section("a & b")})), RuleEscape, "blocks[0].text.text"},
		{"chat.postMessage", form("channel", "C1", "text", "digest", "metadata", `{"event_type":"peel_digest","event_payload":{"day":"2026-01-02"}}`),
			form("channel", "C1", "text", "digest", "metadata", `{"event_payload":{"day":"2026-01-02"}}`), RuleMetadata, "metadata.event_type"},
		{"chat.unfurl", form("channel", "C1", "ts", "1.2", "unfurls", mustJSON(t, obj{"https://x.org/r": obj{"blocks": []any{section("Good")}}})),
			form("channel", "C1", "ts", "1.2", "unfurls", mustJSON(t, obj{"https://x.org/r": obj{"blocks": []any{section("Good & bad")}}})), RuleEscape, `unfurls."https://x.org/r".blocks[0].text.text`},
		{"assistant.threads.setSuggestedPrompts",
			form("channel_id", "D1", "prompts", mustJSON(t, repeat(4, func(int) any { return obj{"title": "dvpo", "message": "dvpo"} }))),
			form("channel_id", "D1", "prompts", mustJSON(t, repeat(5, func(int) any { return obj{"title": "dvpo", "message": "dvpo"} }))), RuleElementCount, "prompts"},
	} {
		t.Run(tc.method+" "+string(tc.rule), func(t *testing.T) {
			if err := ValidateCall(tc.method, formType, tc.ok); err != nil {
				t.Errorf("valid: %v", err)
			}
			if _, ok := problemAt(ValidateCall(tc.method, formType, tc.bad), tc.rule, tc.at); !ok {
				t.Errorf("want %s at %s, got %v", tc.rule, tc.at, ValidateCall(tc.method, formType, tc.bad))
			}
		})
	}
}

// The blocks peelbot builds with slack-go's own constructors pass: the
// validator does not refuse what slack-go emits for valid blocks.
func TestSlackGoConstructorsProduceValidBlocks(t *testing.T) {
	pt := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	md := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
	}
	opts := []*slack.OptionBlockObject{slack.NewOptionBlockObject("a", pt("A"), nil), slack.NewOptionBlockObject("b", pt("B"), nil)}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, pt("Choose"), "pick", opts...)
	blocks := []slack.Block{
		slack.NewHeaderBlock(pt("Grades")),
		slack.NewSectionBlock(md("*bold* <https://x.org|link>"), []*slack.TextBlockObject{md("a"), md("b")}, slack.NewAccessory(sel)),
		slack.NewDividerBlock(),
		slack.NewContextBlock("ctx", md("p. 30")),
		slack.NewActionBlock("act", slack.NewButtonBlockElement("share", "v", pt("Share"))),
		slack.NewMarkdownBlock("", "**Summary** [1]"),
		slack.NewContextActionsBlock("fb", slack.NewFeedbackButtonsBlockElement("peel_feedback",
			slack.NewFeedbackButton(pt("👍"), "up"), slack.NewFeedbackButton(pt("👎"), "down"))),
		&slack.TableBlock{Type: slack.MBTTable, Rows: [][]slack.TableCell{{slack.NewTableRawTextCell("Area"), slack.NewTableRawTextCell("Grade")}}},
		slack.NewRichTextBlock("rt", slack.NewRichTextSection(slack.NewRichTextSectionTextElement("quoted", nil))),
	}
	if err := ValidateMessage("Grades", blocks...); err != nil {
		t.Error(err)
	}
}
