package slacktest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// textRule says what a text object must be where it is used.
type textRule struct {
	max       int    // the field's limit, in characters (maxTextObjectChars when 0)
	plainOnly bool   // Slack takes only plain_text here
	doc       string // the page stating max and plainOnly
	// mrkdwnOnly is for the rare field that takes only mrkdwn; none is
	// checked yet, so it stays false.
}

// textObject checks a text object: {"type": "plain_text"|"mrkdwn", "text":
// …, "emoji"?, "verbatim"?}.
func (c *checker) textObject(p path, v any, r textRule) {
	m, ok := c.object(p, v, r.doc)
	if !ok {
		return
	}
	c.knownFields(p, m, fieldsOf("text"), docTextObject)
	typ, _ := m["type"].(string)
	switch typ {
	case "plain_text":
		if _, ok := m["verbatim"]; ok {
			c.add(RuleTextType, p.key("verbatim"), "is only usable when type is mrkdwn", docTextObject)
		}
	case "mrkdwn":
		if r.plainOnly {
			c.add(RulePlainTextRequired, p.key("type"), `is "mrkdwn"; Slack takes only plain_text here`, r.doc)
		}
		if _, ok := m["emoji"]; ok {
			c.add(RuleTextType, p.key("emoji"), "is only usable when type is plain_text", docTextObject)
		}
	case "":
		c.add(RuleRequired, p.key("type"), `missing: "plain_text" or "mrkdwn"`, docTextObject)
	default:
		c.add(RuleTextType, p.key("type"), fmt.Sprintf("%q is not plain_text or mrkdwn", typ), docTextObject)
	}
	text, ok := m["text"].(string)
	if !ok {
		if _, present := m["text"]; present {
			c.add(RuleFieldType, p.key("text"), "is not a string", docTextObject)
		} else {
			c.add(RuleRequired, p.key("text"), "missing", docTextObject)
		}
		return
	}
	if text == "" {
		c.add(RuleTextEmpty, p.key("text"), "is empty; the minimum length is 1", docTextObject)
	}
	max, doc := r.max, r.doc
	if max == 0 || max > maxTextObjectChars {
		max, doc = maxTextObjectChars, docTextObject
	}
	c.length(p.key("text"), text, max, doc)
	if typ == "mrkdwn" {
		c.mrkdwn(p.key("text"), text)
	}
}

// length checks that s is at most max characters.
func (c *checker) length(p path, s string, max int, doc string) {
	if n := utf8.RuneCountInString(s); n > max {
		c.add(RuleTextLength, p, fmt.Sprintf("is %d characters, over the %d allowed: %s", n, max, abbrev(s)), doc)
	}
}

// abbrev quotes the start of a long value for a problem's detail.
func abbrev(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q…", string(r[:60]))
}

// Slack's control sequences: "<" starts one and ">" ends it, and "&" starts
// an entity. The formatting page lists what may stand between them.
// https://docs.slack.dev/messaging/formatting-message-text
var (
	// <@U123>, <@W123|alex>: a user mention.
	userMention = regexp.MustCompile(`^@[UW][A-Z0-9]+(\|[^|]*)?$`)
	// <#C123>, <#C123|general>: a channel link.
	channelMention = regexp.MustCompile(`^#[CGD][A-Z0-9]+(\|[^|]*)?$`)
	// <!here>, <!channel>, <!everyone>, <!subteam^S123>, each with an
	// optional |label.
	specialMention = regexp.MustCompile(`^!(here|channel|everyone|subteam\^[A-Z0-9]+)(\|[^|]*)?$`)
	// <!date^1392734382^{date_short} at {time}^https://…|fallback>: the
	// fallback is required.
	dateSequence = regexp.MustCompile(`^!date\^[0-9]+\^[^|^]+(\^[^|^]+)?\|[^|]+$`)
	// <https://example.org>, <https://example.org|label>, <mailto:a@b|label>.
	linkSequence = regexp.MustCompile(`^(https?://[^\s|]+|mailto:[^\s|]+)(\|[^|]*)?$`)
)

// controlKind names a well-formed control sequence's kind, or "" when the
// text between < and > is not one.
func controlKind(inner string) string {
	switch {
	case userMention.MatchString(inner):
		return "user mention"
	case channelMention.MatchString(inner):
		return "channel link"
	case dateSequence.MatchString(inner):
		return "date"
	case specialMention.MatchString(inner):
		return "broadcast"
	case linkSequence.MatchString(inner):
		return "link"
	}
	return ""
}

// mrkdwn checks that text escapes &, < and > except where they are Slack
// markup: "&amp;", "&lt;" and "&gt;", a well-formed control sequence, and
// ">" opening a line as a block quote. Anything else would be parsed by
// Slack in ways the sender did not mean ("<" starts a link or a mention)
// or shown wrong ("&quot;" is shown as written: "only the specific
// characters shown above will be decoded").
func (c *checker) mrkdwn(p path, text string) {
	lineStart := true
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == '&':
			if !hasEntityAt(text, i) {
				c.add(RuleEscape, p, fmt.Sprintf("has a bare & at byte %d: %s (write &amp;)", i, around(text, i)), docFormatting)
			}
		case ch == '<':
			end := strings.IndexAny(text[i+1:], "<>")
			if end < 0 || text[i+1+end] != '>' {
				c.add(RuleEscape, p, fmt.Sprintf("has a bare < at byte %d: %s (write &lt;)", i, around(text, i)), docFormatting)
				break
			}
			seq := text[i : i+1+end+1]
			c.controlSequence(p, seq)
			i += len(seq)
			lineStart = false
			continue
		case ch == '>':
			if !lineStart {
				c.add(RuleEscape, p, fmt.Sprintf("has a bare > at byte %d: %s (write &gt;; only a line's first characters may be > to quote it)", i, around(text, i)), docFormatting)
			}
			i++ // lineStart stays true through a run of ">" (">>>" quotes the rest)
			continue
		}
		lineStart = ch == '\n'
		i++
	}
}

// controlSequence checks one <…> found in mrkdwn: it must be a sequence
// Slack parses, which the caller intended (Validator.Intended), and its
// label must be escaped like any text.
func (c *checker) controlSequence(p path, seq string) {
	inner := seq[1 : len(seq)-1]
	kind := controlKind(inner)
	if kind == "" {
		c.add(RuleControlSequence, p, fmt.Sprintf("has %s, which Slack does not parse as a link, mention or date (escape < as &lt;)", abbrev(seq)), docFormatting)
		return
	}
	if c.v.Intended != nil && !c.v.Intended(seq) {
		c.add(RuleControlSequence, p, fmt.Sprintf("has the %s %s, which the sender did not intend (was user, model or report text left unescaped?)", kind, abbrev(seq)), docFormatting)
	}
	if _, label, ok := strings.Cut(inner, "|"); ok {
		for j := 0; j < len(label); j++ {
			if label[j] == '&' && !hasEntityAt(label, j) {
				c.add(RuleEscape, p, fmt.Sprintf("has a bare & in the label of %s (write &amp;)", abbrev(seq)), docFormatting)
				break
			}
		}
	}
}

// hasEntityAt reports whether text[i:] starts with one of the three
// entities Slack decodes.
func hasEntityAt(text string, i int) bool {
	rest := text[i:]
	return strings.HasPrefix(rest, "&amp;") || strings.HasPrefix(rest, "&lt;") || strings.HasPrefix(rest, "&gt;")
}

// around quotes the text near byte i, for a problem's detail.
func around(text string, i int) string {
	start, end := max(i-20, 0), min(i+20, len(text))
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return fmt.Sprintf("%q", text[start:end])
}

// Broadcast reports whether seq is a control sequence that notifies many
// people at once: <!here>, <!channel>, <!everyone> or a user group. Use it
// in Validator.Intended to refuse them:
//
//	slacktest.Validator{Intended: func(seq string) bool { return !slacktest.Broadcast(seq) }}
func Broadcast(seq string) bool {
	inner := strings.TrimSuffix(strings.TrimPrefix(seq, "<"), ">")
	return controlKind(inner) == "broadcast"
}

// Mention reports whether seq mentions a user, a channel or many people.
func Mention(seq string) bool {
	inner := strings.TrimSuffix(strings.TrimPrefix(seq, "<"), ">")
	switch controlKind(inner) {
	case "user mention", "channel link", "broadcast":
		return true
	}
	return false
}
