package slacktest

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Allow is a Validator.Intended policy for an app whose messages should
// ping nobody by accident: broadcasts (<!here>, <!channel>, <!everyone>,
// user groups) never, user mentions and channel links only of the ids
// listed, links only to URLs under the prefixes listed, dates always.
// Everything else a payload carries came from outside (a user, a report,
// a model) and should have been escaped.
type Allow struct {
	// Members are the user (U…, W…) and conversation (C…, G…, D…) ids a
	// payload may mention or link.
	Members []string
	// Links are the URL prefixes a payload may link to
	// ("https://hmicfrs.justiceinspectorates.gov.uk/").
	Links []string
	// Broadcasts lets <!here>, <!channel>, <!everyone> and user groups
	// through.
	Broadcasts bool
}

// Intended is the policy as a Validator.Intended function.
func (a Allow) Intended(seq string) bool {
	inner := strings.TrimSuffix(strings.TrimPrefix(seq, "<"), ">")
	target, _, _ := strings.Cut(inner, "|")
	switch controlKind(inner) {
	case "broadcast":
		return a.Broadcasts
	case "user mention", "channel link":
		return contains(a.Members, target[1:])
	case "date":
		return true
	case "link":
		for _, p := range a.Links {
			if strings.HasPrefix(target, p) {
				return true
			}
		}
		return false
	}
	return false
}

// NoBroadcast is the Intended policy a Server applies when its Validator
// has none: every mention and link may stand, but no message may notify
// a whole channel or a user group. No test means to; a bot that does by
// accident (a user's or a model's "<!channel>" left unescaped) pings
// everyone in the channel.
func NoBroadcast(seq string) bool { return !Broadcast(seq) }

// Markdown (the markdown block, and the markdown_text of a stream) is
// standard Markdown, which Slack translates: [label](url) and <url> are
// links there. Each is put to Validator.Intended as the mrkdwn link it
// becomes, and a mrkdwn control sequence written in markdown (<@U…>,
// <!here>) as itself, since Slack may still act on it.
// https://docs.slack.dev/reference/block-kit/blocks/markdown-block
var (
	markdownLink     = regexp.MustCompile(`\[([^\[\]]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+"[^"]*")?\s*\)`)
	markdownSequence = regexp.MustCompile(`<([^<>\s]+)>`)
)

// markdown checks markdown text's links and control sequences against
// Validator.Intended.
func (c *checker) markdown(p path, text string) {
	if c.v.Intended == nil {
		return
	}
	for _, m := range markdownLink.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && text[m[0]-1] == '\\' {
			continue // \[…](…) is text
		}
		label, target := text[m[2]:m[3]], text[m[4]:m[5]]
		if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
			continue // not a link Slack would make
		}
		seq := "<" + target + "|" + label + ">"
		if !c.v.Intended(seq) {
			c.add(RuleControlSequence, p, fmt.Sprintf("has the markdown link %s, which the sender did not intend (was user, model or report text left unescaped?)", abbrev(text[m[0]:m[1]])), docMarkdown)
		}
	}
	for _, m := range markdownSequence.FindAllStringSubmatch(text, -1) {
		if controlKind(m[1]) == "" {
			continue
		}
		if !c.v.Intended(m[0]) {
			c.add(RuleControlSequence, p, fmt.Sprintf("has %s, which the sender did not intend (was user, model or report text left unescaped?)", abbrev(m[0])), docMarkdown)
		}
	}
}
