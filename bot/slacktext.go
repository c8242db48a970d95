package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Slack's Block Kit limits.
const (
	maxTextChars   = 3000 // characters in one text object
	maxBlocks      = 50   // blocks in one message (a modal may have 100; 50 is kept)
	maxValueChars  = 2000 // characters in a button's value
	maxButtonChars = 75   // characters in a button's label
)

// slackToken is Slack's markup in message text: <@U123>, <#C123|name>,
// <!here>, <https://x|label>, <mailto:a@b>.
var slackToken = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns what Slack sends as a message's or a command's text into
// what the user sees: mentions of users and broadcasts dropped, channels
// and links replaced by their labels, entities decoded.
func plainText(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "!"):
			return " "
		case hasLabel:
			return label
		case strings.HasPrefix(target, "#"):
			return ""
		default:
			return strings.TrimPrefix(target, "mailto:")
		}
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// escape makes text safe to show in mrkdwn: it cannot mention anyone,
// notify a channel or make a link.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// link makes a mrkdwn link to url labelled label (escaped).
func link(url, label string) string {
	if url == "" {
		return escape(label)
	}
	// A "|" or ">" in a URL would end it early; neither is valid there
	// unencoded anyway.
	url = strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C", " ", "%20").Replace(url)
	return "<" + url + "|" + escape(label) + ">"
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// cutAtSentence shortens text to at most limit characters, ending at the
// last full sentence that fits (or, when no sentence ends in the second
// half, the last whole word) followed by "…". It reports whether it cut.
func cutAtSentence(text string, limit int) (string, bool) {
	if utf8.RuneCountInString(text) <= limit {
		return text, false
	}
	r := []rune(text)
	window := r[:limit-1] // room for "…"
	end := -1
	for i := len(window) - 1; i >= len(window)/2; i-- {
		if isSentenceEnd(window, i) {
			end = i + 1
			break
		}
	}
	if end < 0 {
		for i := len(window) - 1; i > 0; i-- {
			if window[i] == ' ' || window[i] == '\n' {
				end = i
				break
			}
		}
	}
	if end <= 0 {
		end = len(window)
	}
	return strings.TrimRight(string(window[:end]), " \n") + " …", true
}

// isSentenceEnd reports whether r[i] ends a sentence: a full stop, question
// or exclamation mark (possibly followed by a closing quote or bracket)
// followed by a space or line break, or the end of a bullet line.
func isSentenceEnd(r []rune, i int) bool {
	if i+1 >= len(r) {
		return false
	}
	next := r[i+1]
	if r[i] != '\n' && next != ' ' && next != '\n' {
		return false
	}
	switch r[i] {
	case '.', '?', '!':
		return true
	case '"', '”', '’', ')':
		return i > 0 && (r[i-1] == '.' || r[i-1] == '?' || r[i-1] == '!')
	}
	return false
}

// quoteText renders a passage as a mrkdwn block quote: every line prefixed
// with ">", bullets as "•".
func quoteText(text string) string {
	lines := strings.Split(escape(text), "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			l = "• " + rest
		}
		lines[i] = ">" + l
	}
	return strings.Join(lines, "\n")
}

// quoteWithin quotes text in at most limit characters of mrkdwn, cutting
// it at a sentence when needed, and reports whether it cut. Escaping and
// quote marks lengthen text, so the cut is tightened until the result
// fits.
func quoteWithin(text string, limit int) (string, bool) {
	budget := limit
	for {
		cut, was := cutAtSentence(text, budget)
		q := quoteText(cut)
		n := utf8.RuneCountInString(q)
		if n <= limit {
			return q, was
		}
		if budget < 100 {
			return clip(q, limit), true
		}
		budget -= n - limit + 10
	}
}
