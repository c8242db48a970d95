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
