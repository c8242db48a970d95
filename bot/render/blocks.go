package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Message is something to post: blocks, and the plain text notifications
// and screen readers use.
type Message struct {
	Text   string
	Blocks []slack.Block
	// Metadata, when set, is posted with the message as Slack message
	// metadata: what the digest and notifications are found by again
	// (see metadata.go).
	Metadata *slack.SlackMetadata
}

// Note is a private answer of one line of mrkdwn (also its notification
// text, which Slack reads as mrkdwn too).
func Note(text string) Message { return Notice("note", text) }

// Notice is a message of one line of mrkdwn in a block with the given id.
func Notice(id, text string) Message {
	return Message{Text: text, Blocks: []slack.Block{Section(id, text)}}
}

// Mrkdwn is a mrkdwn text object, clipped to Slack's limit.
func Mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, Clip(s, MaxTextChars), false, false)
}

// Plain is a plain text object, clipped to Slack's limit.
func Plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, Clip(s, MaxTextChars), false, false)
}

// Section is a section block of mrkdwn, with a block id when id is set.
func Section(id, text string) *slack.SectionBlock {
	var opts []slack.SectionBlockOption
	if id != "" {
		opts = append(opts, slack.SectionBlockOptionBlockID(id))
	}
	return slack.NewSectionBlock(Mrkdwn(text), nil, nil, opts...)
}

// Context is a context block of one mrkdwn line.
func Context(id, text string) *slack.ContextBlock {
	return slack.NewContextBlock(id, Mrkdwn(text))
}

// Button is a button whose label is clipped to Slack's limit. value must
// already fit (Ref.Encode and AFIRef.Encode make sure of it).
func Button(actionID, label string, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, Clip(label, MaxButtonChars), false, false))
}

// PackSections packs lines of mrkdwn into as few section blocks as fit the
// text limit, and says so when the message's block limit (room) cuts them
// short.
func PackSections(prefix string, lines []string, room int) []slack.Block {
	var out []slack.Block
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, Section(fmt.Sprintf("%s-%d", prefix, len(out)), cur.String()))
			cur.Reset()
		}
	}
	for i, l := range lines {
		l = Clip(l, MaxTextChars)
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(l) > MaxTextChars {
			if len(out) >= room-2 {
				// One block for what is packed, one for the note.
				flush()
				return append(out, Context(prefix+"-more", fmt.Sprintf("…and %d more not shown here.", len(lines)-i)))
			}
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	flush()
	return out
}

// ActionSep separates an action_id's action from the suffix that keeps it
// unique in its message: "peel_share.2" is the Share button of passage 2.
const ActionSep = "."

// ActionOf is the action an action_id names, without its suffix: what a
// click is dispatched by. Buttons posted before suffixes were added carry
// the bare action, which is its own action.
func ActionOf(actionID string) string {
	action, _, _ := strings.Cut(actionID, ActionSep)
	return action
}

// Distinct makes every action_id in blocks unique in the message or view
// they make up, by suffixing each action used more than once with its
// occurrence: "peel_share.0", "peel_share.1". Slack asks only that an
// action_id be unique in its block (two Next/Previous buttons sharing one
// made Slack refuse the whole message), and a message-wide rule is
// stricter and as cheap: every reading of Slack's rule holds. Clicks are
// dispatched by ActionOf, so the suffix changes nothing else. It returns
// blocks, changed in place.
func Distinct(blocks []slack.Block) []slack.Block {
	var ids []*string
	each := func(e slack.BlockElement) {
		switch x := e.(type) {
		case *slack.ButtonBlockElement:
			ids = append(ids, &x.ActionID)
		case *slack.FeedbackButtonsBlockElement:
			ids = append(ids, &x.ActionID)
		case *slack.IconButtonBlockElement:
			ids = append(ids, &x.ActionID)
		case *slack.OverflowBlockElement:
			ids = append(ids, &x.ActionID)
		case *slack.SelectBlockElement:
			ids = append(ids, &x.ActionID)
		case *slack.MultiSelectBlockElement:
			ids = append(ids, &x.ActionID)
		}
	}
	for _, b := range blocks {
		switch x := b.(type) {
		case *slack.ActionBlock:
			if x.Elements != nil {
				for _, e := range x.Elements.ElementSet {
					each(e)
				}
			}
		case *slack.ContextActionsBlock:
			if x.Elements != nil {
				for _, e := range x.Elements.ElementSet {
					each(e)
				}
			}
		case *slack.SectionBlock:
			if x.Accessory != nil && x.Accessory.ButtonElement != nil {
				each(x.Accessory.ButtonElement)
			}
		}
	}
	uses := map[string]int{}
	for _, id := range ids {
		if *id != "" {
			uses[ActionOf(*id)]++
		}
	}
	seen := map[string]int{}
	for _, id := range ids {
		action := ActionOf(*id)
		if *id == "" || uses[action] < 2 {
			continue
		}
		*id = fmt.Sprintf("%s%s%d", action, ActionSep, seen[action])
		seen[action]++
	}
	return blocks
}
