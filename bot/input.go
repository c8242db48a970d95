package bot

import (
	"cmp"
	"regexp"
	"strings"
)

// What Slack sends as text (a command's, a message's) is read here into
// what its writer meant; nothing here is shown back without escaping.

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

// readableText turns slash-command text into what the user meant to write:
// mentions as @name, channels as #name, links as their address, entities
// decoded. Notes and evidence are kept this way.
func readableText(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		target, label, hasLabel := strings.Cut(tok[1:len(tok)-1], "|")
		switch {
		case strings.HasPrefix(target, "@"):
			return "@" + cmp.Or(label, target[1:])
		case strings.HasPrefix(target, "#"):
			return "#" + cmp.Or(label, target[1:])
		case strings.HasPrefix(target, "!"):
			return "@" + strings.TrimPrefix(cmp.Or(label, target[1:]), "@")
		}
		target = strings.TrimPrefix(target, "mailto:")
		if hasLabel && label != target {
			return label + " (" + target + ")"
		}
		return target
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.TrimSpace(s)
}

// cutWord splits off the first word of s.
func cutWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t\n")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

// cutToken splits off the first word of s as Slack sent it, a link or a
// mention whole however many words its label has (<https://x|PCC
// response>).
func cutToken(s string) (string, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") {
		if loc := slackToken.FindStringIndex(s); loc != nil && loc[0] == 0 {
			return s[:loc[1]], strings.TrimSpace(s[loc[1]:])
		}
	}
	return cutWord(s)
}

// linkTarget reads a word meant as an address: Slack sends one it
// recognised as <url>, or titled as <url|label>, where the label is only
// what the user sees (often the address without its scheme); the url is
// what was meant. Anything else is the word as typed, entities decoded.
func linkTarget(word string) string {
	if m := slackToken.FindStringSubmatch(word); m != nil && len(m[0]) == len(word) {
		word, _, _ = strings.Cut(m[1], "|")
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(word)
}

// cleanID reads an AFI id as typed or pasted: `herts-2021-afi-3`, with
// quotes or a trailing comma.
func cleanID(s string) string {
	return strings.ToLower(strings.Trim(plainText(s), "`'\"“”‘’.,;:()[]"))
}
