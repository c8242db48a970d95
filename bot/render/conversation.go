package render

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
)

// A question asked in a conversation (a mention's thread, a direct
// message, an assistant thread) is answered in two messages: the passages
// at once, numbered, then a summary streamed under them as the model
// writes it (Slack's chat.startStream, appendStream and stopStream), in
// Markdown, Slack's markdown block's language.

// validMarker is a citation marker as the summariser leaves it: [1],
// [1, 2].
var validMarker = regexp.MustCompile(`^\[[0-9]+(, [0-9]+)*\]`)

// MarkdownText is model text made safe to stream as Markdown: it can
// format nothing, link nowhere and ping nobody, and its [n] markers stay
// as written. &, < and > become entities (Markdown shows them as the
// characters; Slack parses neither a mention nor an autolink from them),
// Markdown's own punctuation is escaped with a backslash, and a bracket
// that is not a marker's is escaped too, so that "[1](https://…)" or
// "[1]: https://…" cannot turn a marker into a link. Line breaks become
// spaces: a summary is one paragraph, and a line that starts "#", "-" or
// "1." would be a heading or a list.
func MarkdownText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '[' {
			if m := validMarker.FindString(s[i:]); m != "" {
				b.WriteString(m)
				i += len(m) - 1
				if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == ':' || s[i+1] == '[') {
					b.WriteByte('\\') // not a link, a definition or a reference
				}
				continue
			}
		}
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '~', '[', ']', '#', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// StreamHead is how a streamed summary begins, before its first
// sentence: what it is.
const StreamHead = "**Summary:** "

// SummaryEnd is what closes a streamed summary: who wrote it from which
// passages, and the answer's feedback buttons (when feedback is kept).
func SummaryEnd(model string, cited []int, feedback []slack.Block) []slack.Block {
	var nums []string
	for _, c := range cited {
		nums = append(nums, fmt.Sprintf("[%d]", c+1))
	}
	note := fmt.Sprintf("Written by %s from the passages quoted above (%s), which are the reports' own words; check them before relying on it.",
		Escape(model), strings.Join(nums, ", "))
	return append([]slack.Block{Context("summary-by", note)}, feedback...)
}

// SummaryFailed is the note a conversation gets instead of a summary,
// why in one line, with the answer's feedback buttons.
func SummaryFailed(why string, feedback []slack.Block) Message {
	text := Escape(why)
	return Message{Text: text, Blocks: append([]slack.Block{Context("summary-none", text)}, feedback...)}
}

// Greeting is the first message of an assistant thread: what peelbot
// does, under which Slack shows the suggested prompts.
func Greeting(user string) Message {
	hello := "Hello!"
	if user != "" {
		hello = "Hello <@" + Escape(user) + ">!"
	}
	text := hello + " Ask me what the PEEL inspection reports say, in your own words or with an acronym. I answer with the reports' own words, each passage quoted with its source, and say so when the reports loaded do not cover it. `help` shows the filters; `grades`, `afi` and `scope` work here as after `/peel`."
	return Message{Text: hello + " Ask me what the PEEL inspection reports say.", Blocks: []slack.Block{Section("hello", text)}}
}
