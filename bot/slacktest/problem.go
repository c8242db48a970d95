package slacktest

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing in a payload that Slack would refuse.
type Problem struct {
	Rule Rule
	// Path is where, as a JSON path from the payload's top level:
	// blocks[3].elements[1].action_id, view.title.text, text.
	Path string
	// Detail says what is wrong, with the value where it helps:
	// `"peel_afi_page" repeated (first at blocks[3].elements[0])`.
	Detail string
	// Doc is the page of Slack's documentation that states the rule.
	Doc string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s %s [%s; %s]", p.Path, p.Detail, p.Rule, p.Doc)
}

// Pointer is Path as a JSON pointer (/blocks/3/elements/1/action_id), the
// form Slack's own error messages use.
func (p Problem) Pointer() string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(p.Path, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		b.WriteByte('/')
		b.WriteString(part)
	}
	return b.String()
}

// Error is a payload Slack would refuse: every problem found in it, and
// the error Slack would answer with.
type Error struct {
	// Method is the Web API method (chat.postMessage), "response_url", or
	// the kind of payload validated ("blocks", "view", "message").
	Method   string
	Problems []Problem
	// SlackError is what Slack answers: invalid_blocks, invalid_arguments
	// (views.*), no_text, msg_too_long, invalid_metadata_format.
	SlackError string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: ", e.Method, e.SlackError)
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 8 {
			fmt.Fprintf(&b, "and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Has reports whether a problem broke rule.
func (e *Error) Has(rule Rule) bool {
	for _, p := range e.Problems {
		if p.Rule == rule {
			return true
		}
	}
	return false
}

// Messages are the problems as Slack words them in an error reply's
// response_metadata.messages: "[ERROR] … [json-pointer:/blocks/0/text]".
func (e *Error) Messages() []string {
	out := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		out = append(out, fmt.Sprintf("[ERROR] %s (%s) [json-pointer:%s]", p.Detail, p.Rule, p.Pointer()))
	}
	return out
}

// path builds the JSON paths of problems.
type path string

func (p path) key(k string) path {
	if p == "" {
		return path(k)
	}
	return p + "." + path(k)
}

func (p path) idx(i int) path { return p + "[" + path(strconv.Itoa(i)) + "]" }
