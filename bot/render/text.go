// Package render is peelbot's Block Kit: pure functions from domain values
// (answers, tracked items, digests) to the messages, modals and Home tabs
// Slack shows. Nothing here calls Slack or reads a store, so every layout
// can be tested, and checked against Slack's limits, on its own.
//
// The rules it keeps, whatever it draws:
//
//   - Everything quoted comes from a report and carries its citation
//     (corpus.Citation), linked to the report. The rendering chooses what
//     is quoted, never user or model text.
//   - Text from outside (user, report, model) is escaped in every field
//     Slack parses, so it cannot ping a channel or forge a link.
//   - Slack's limits are kept by construction: at most 3,000 characters per
//     text object, 50 blocks per message (100 in a Home tab), 2,000
//     characters per button value, 75 per button label. Long passages are
//     cut at a sentence with "…", with a Full text button.
//   - Buttons carry everything needed to act on a click (Ref, AFIRef), so
//     any instance can serve any click.
//
// It owns the action and callback ids, which are part of messages already
// posted and so never change. It may import slack-go (its Block Kit
// types), corpus, index (the filter help), answer, answer/summary,
// tracker, tracker/digest and tracker/notify; it calls nothing.
package render

import (
	"strings"
	"unicode/utf8"
)

// Slack's Block Kit limits.
const (
	MaxTextChars   = 3000  // characters in one text object
	MaxBlocks      = 50    // blocks in one message (a modal may have 100; 50 is kept)
	MaxHomeBlocks  = 100   // blocks in a Home tab
	MaxValueChars  = 2000  // characters in a button's value
	MaxButtonChars = 75    // characters in a button's label
	MaxHeaderChars = 150   // characters in a header block's plain text
	MaxStreamChars = 12000 // characters of markdown_text in one call of chat.*Stream
)

// Escape makes text safe to show in mrkdwn: it cannot mention anyone,
// notify a channel or make a link.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// fallbackLimit is how long a notification text is: a line or two of a
// phone's lock screen.
const fallbackLimit = 300

// FallbackText is s, which came from outside (a report, a user, a model),
// as a message's top-level text: shortened for a notification, then
// escaped, since Slack reads that text as mrkdwn too and would otherwise
// turn a "<!channel>" in it into a ping.
func FallbackText(s string) string {
	return Escape(Clip(strings.Join(strings.Fields(s), " "), fallbackLimit))
}

// Link makes a mrkdwn link to url labelled label (escaped).
func Link(url, label string) string {
	if url == "" {
		return Escape(label)
	}
	// A "|" or ">" in a URL would end it early; neither is valid there
	// unencoded anyway.
	url = strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C", " ", "%20").Replace(url)
	return "<" + url + "|" + Escape(label) + ">"
}

// Clip shortens s to at most n characters, ending it with "…" when cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// cutAtSentence shortens text to at most limit characters, ending at the
// last full sentence that fits (or, when no sentence ends in the second
// half, the last whole word) followed by "…". It reports whether it cut.
func CutAtSentence(text string, limit int) (string, bool) {
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
func QuoteText(text string) string {
	lines := strings.Split(Escape(text), "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			l = "• " + rest
		}
		lines[i] = ">" + l
	}
	return strings.Join(lines, "\n")
}

// QuoteWithin quotes text in at most limit characters of mrkdwn, cutting
// it at a sentence when needed, and reports whether it cut. Escaping and
// quote marks lengthen text, so the cut is tightened until the result
// fits.
func QuoteWithin(text string, limit int) (string, bool) {
	budget := limit
	for {
		cut, was := CutAtSentence(text, budget)
		q := QuoteText(cut)
		n := utf8.RuneCountInString(q)
		if n <= limit {
			return q, was
		}
		if budget < 100 {
			return Clip(q, limit), true
		}
		budget -= n - limit + 10
	}
}
