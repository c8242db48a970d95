package corpus

import (
	"strings"
	"unicode"
)

// vocabulary counts the words of one report, so that a word a line end
// hyphenated can be told from a word that has a hyphen: the report itself
// usually spells the word elsewhere, whole or hyphenated.
type vocabulary struct {
	words map[string]int
}

func newVocabulary() *vocabulary { return &vocabulary{words: map[string]int{}} }

// addLines counts the words of the visual lines of one block, leaving out
// the two halves of a word cut at a line end.
func (v *vocabulary) addLines(lines []string) {
	skipFirst := false
	for _, l := range lines {
		fields := strings.Fields(l)
		for i, f := range fields {
			if i == 0 && skipFirst {
				continue
			}
			if i == len(fields)-1 && strings.HasSuffix(f, "-") {
				continue
			}
			if w := trimWordKey(f); w != "" {
				v.words[w]++
			}
		}
		skipFirst = len(fields) > 0 && strings.HasSuffix(fields[len(fields)-1], "-")
	}
}

// trimWordKey is a word as the vocabulary counts it: lower case, without
// the punctuation around it.
func trimWordKey(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}))
}

// hyphenPrefixes are the prefixes English writes with a hyphen
// ("anti-social", "co-ordinate", "multi-agency"): a line that ends in one
// of them and a hyphen keeps the hyphen when the report gives no other
// evidence.
var hyphenPrefixes = map[string]bool{
	"anti": true, "co": true, "non": true, "multi": true, "cross": true, "self": true,
	"well": true, "ex": true, "semi": true, "sub": true, "pre": true, "post": true,
	"inter": true, "intra": true, "tri": true, "bi": true, "cyber": true, "pan": true,
	"counter": true, "mid": true, "socio": true, "over": true, "under": true,
	"long": true, "short": true, "high": true, "low": true, "full": true, "part": true,
	"first": true, "front": true, "near": true, "one": true, "two": true, "three": true,
}

// joinHyphen decides whether left + "-" at a line end and right at the
// start of the next are one word cut in two (true: join them) or a word
// with a hyphen (false: keep it).
func (v *vocabulary) joinHyphen(left, right string) bool {
	r := []rune(right)
	if len(r) == 0 || len([]rune(left)) == 0 {
		return false
	}
	if unicode.IsUpper(r[0]) || unicode.IsDigit(r[0]) || !unicode.IsLetter(r[0]) {
		return false // "non-UK", "post-2019", "-" before a number or symbol
	}
	l := trimWordKey(left)
	rt := trimWordKey(right)
	if v != nil {
		hyph, joined := v.words[l+"-"+rt], v.words[l+rt]
		if hyph != joined {
			return joined > hyph
		}
	}
	last := l
	if i := strings.LastIndexByte(l, '-'); i >= 0 {
		last = l[i+1:]
	}
	if hyphenPrefixes[last] {
		return false
	}
	if v != nil && len(last) >= 3 && v.words[last] > 0 && v.words[rt] > 0 {
		return false // two words of the report: "Council-led", "problem-solving"
	}
	return true
}

// lastWord is the last space-separated word of s.
func lastWord(s string) string {
	if i := strings.LastIndexAny(s, " \t"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// firstWord is the first space-separated word of s.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}
