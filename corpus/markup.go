package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// linkRE matches a Markdown link whose text may hold escaped brackets or
// parentheses: [police and crime commissioner \(PCC\)](#).
var linkRE = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\(([^()\s]*)\)`)

// unescaper undoes the Markdown escapes the reports use.
var unescaper = strings.NewReplacer(
	`\(`, `(`, `\)`, `)`, `\[`, `[`, `\]`, `]`,
	`\*`, `*`, `\_`, `_`, `\#`, `#`, `\-`, `-`, `\.`, `.`, `\\`, `\`,
)

// plainText turns one line of report markup into plain text: glossary links
// become their text, escapes are undone, runs of spaces collapse. It returns
// the linked terms so that they can become the report's glossary.
func plainText(s string) (text string, terms []string) {
	s = linkRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := linkRE.FindStringSubmatch(m)
		t := strings.TrimSpace(unescape(sub[1]))
		if t != "" {
			terms = append(terms, t)
		}
		return t
	})
	s = unescape(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return collapseSpaces(s), terms
}

// unescape undoes Markdown escapes. Every escape starts with a backslash,
// and most text has none: it is then returned without the replacer's scan.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	return unescaper.Replace(s)
}

// endsSentence reports whether s ends like a sentence or a list lead-in, as
// paragraphs do and headlines and captions do not.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]`)
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', ':', ';', '?', '!':
		return true
	}
	return false
}

// bulletText returns the item text of a bullet line and whether it is one.
func bulletText(line string) (string, bool) {
	t := strings.TrimLeft(line, " \t")
	for _, m := range []string{"- ", "* ", "• ", "– ", "+ "} {
		if strings.HasPrefix(t, m) {
			return strings.TrimSpace(t[len(m):]), true
		}
	}
	return "", false
}

// headingText strips Markdown heading markers and emphasis from a line that
// may be a heading, so "## Main findings" matches the contents entry.
func headingText(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, "#"))
	s = strings.Trim(s, "*_")
	return collapseSpaces(s)
}

// collapseSpaces is strings.Join(strings.Fields(s), " "): s with its
// whitespace trimmed and each run of it made one space. Most text the
// parser meets is like that already, and is then returned as it is,
// without the copies that splitting and joining it would make.
func collapseSpaces(s string) string {
	prevSpace := true // no whitespace may start s
	for i := 0; i < len(s); {
		c, size := rune(s[i]), 1
		var space bool
		if c < utf8.RuneSelf {
			space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
		} else {
			c, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(c)
		}
		if space && (prevSpace || c != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = space
		i += size
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ") // ends in a space
	}
	return s
}

// sameTitle compares two titles the way a reader would: ignoring case,
// spacing and a trailing full stop.
func sameTitle(a, b string) bool {
	return strings.EqualFold(titleKey(a), titleKey(b))
}

// titleKey is a title as sameTitle compares it, but for case: titles are
// the same when their keys are equal under strings.EqualFold.
func titleKey(s string) string {
	s = headingText(s)
	s = strings.TrimRight(s, ". ")
	return strings.ReplaceAll(s, "’", "'")
}

// startsLower reports whether s starts with a lower-case letter, as the rest
// of a paragraph cut by a page break does.
func startsLower(s string) bool {
	for _, r := range s {
		return r >= 'a' && r <= 'z'
	}
	return false
}
