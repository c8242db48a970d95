package summary

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A summary is checked a sentence at a time: every sentence kept must cite
// a passage. Where the splitter errs it must err towards splitting, since a
// sentence wrongly joined to a cited one would pass uncited, while one
// wrongly split only loses its uncited part. So a full stop ends a sentence
// unless what follows shows it cannot (a lower-case word, a decimal's
// digit, a number after "No." or "p."), or it closes an abbreviation that
// never ends one ("e.g.", "i.e.", "Dr."); a line break ends one unless the
// next line goes on in lower case.

// neverEnds are the words (as written, without their last ".") whose
// full stop never ends a sentence, whatever follows. Titles are capitalised
// only: "within 500 ms. The force" is two sentences.
var neverEnds = map[string]bool{
	"e.g": true, "E.g": true, "i.e": true, "I.e": true, "cf": true, "Cf": true,
	"viz": true, "approx": true, "Approx": true, "incl": true, "vs": true,
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true,
}

// beforeNumbers are the words (as written, without their ".") whose full
// stop does not end a sentence when a number follows: "No. 5", "p. 30".
// Single letters are lower case only: "Annex C. 45%" is two sentences.
var beforeNumbers = map[string]bool{
	"No": true, "no": true, "Nos": true, "nos": true, "p": true, "pp": true,
	"para": true, "Para": true, "paras": true, "Paras": true, "fig": true, "Fig": true,
	"vol": true, "Vol": true, "ch": true, "sec": true, "s": true, "art": true,
	"ca": true, "c": true, "ref": true, "Ref": true, "approx": true,
}

// closers may follow a sentence's last stop and still belong to it.
var closers = []string{`"`, "'", ")", "”", "’", "»"}

// Sentences splits text into its sentences, each part keeping the white
// space after it, as the citation check reads them (see sentenceEnd).
func Sentences(text string) []string {
	var out []string
	for text != "" {
		i := sentenceEnd(text, true)
		if i < 0 || i >= len(text) {
			out = append(out, text)
			break
		}
		out = append(out, text[:i])
		text = text[i:]
	}
	return out
}

// sentenceEnd is where the first sentence of text ends, after the white
// space that follows it. A sentence ends at ".", "?", "!" or "…" (with any
// closing quote or bracket, and any [n] markers, even after a space, and
// the stop a model puts after them: "cases. [1]." is one sentence), or at
// a line break, outside square brackets; see the package's rules above.
// When final is false text is the start of a stream and -1 says that no
// sentence is whole yet, or that what decides it has not arrived; when
// final is true text is all there is, and -1 says it holds one sentence.
func sentenceEnd(text string, final bool) int {
	end, _ := scanSentence(text, 0, final)
	return end
}

// scanSentence is sentenceEnd looking from text[from], where from is 0 or
// what an earlier scan of the start of text returned as resume: nothing
// before resume can end a sentence, whatever follows, so a stream is
// scanned once, not again from its start on every chunk.
func scanSentence(text string, from int, final bool) (end, resume int) {
	for i := from; i < len(text); i++ {
		switch c := text[i]; {
		case c == '[':
			// A "[" with another before its "]" is stray: it holds no stops.
			k := strings.IndexAny(text[i+1:min(len(text), i+1+maxMarkerLen)], "[]")
			switch {
			case k >= 0 && text[i+1+k] == '[':
			case k >= 0:
				i += k + 1 // a bracket's stops are not the sentence's
			case !final && len(text)-i <= maxMarkerLen:
				return -1, i // it may yet close
			}
		case c == '.' || c == '?' || c == '!' || strings.HasPrefix(text[i:], "…"):
			stop := i
			if c >= utf8.RuneSelf {
				i += len("…") - 1
			}
			end, ok := afterStop(text, stop, i+1, final)
			if !ok {
				return -1, stop
			}
			if end > 0 {
				return end, end
			}
		case c == '\n':
			end, ok := afterBreak(text, i, final)
			if !ok {
				return -1, i
			}
			if end > 0 {
				return end, end
			}
		}
	}
	return -1, partialRuneStart(text)
}

// partialRuneStart is where a character cut at the end of text starts (a
// "…" may be arriving), or len(text).
func partialRuneStart(text string) int {
	for k := len(text) - 1; k >= 0 && k >= len(text)-utf8.UTFMax; k-- {
		if utf8.RuneStart(text[k]) {
			if !utf8.FullRuneInString(text[k:]) {
				return k
			}
			break
		}
	}
	return len(text)
}

// afterStop decides whether the stop at text[stop] (its last byte before
// j) ends a sentence: end is where the next one starts, 0 when it does not
// end one; ok is false when what decides it has not arrived.
func afterStop(text string, stop, j int, final bool) (end int, ok bool) {
	for more := true; more; {
		more = false
		for _, c := range closers {
			if strings.HasPrefix(text[j:], c) {
				j += len(c)
				more = true
			}
		}
	}
	if text[stop] == '.' && (neverEnds[wordBefore(text, stop)] || listNumber(text, stop)) {
		return 0, true
	}
	m, marked, ok := markersAfter(text, j, final)
	if !ok {
		return 0, false
	}
	if !marked && m < len(text) && !isSpace(text[m]) {
		return 0, true // "6.5", "U.K", "?)" inside a sentence
	}
	w := m
	for w < len(text) && isSpace(text[w]) {
		w++
	}
	if w == len(text) {
		if final {
			return w, true
		}
		return 0, false // more space, or a marker, may follow
	}
	if marked || strings.ContainsAny(text[m:w], "\n") {
		return w, true
	}
	if !final && !utf8.FullRuneInString(text[w:]) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(text[w:])
	switch {
	case unicode.IsLower(r):
		return 0, true // "etc. and", "approx. half"
	case unicode.IsDigit(r) && text[stop] == '.' && beforeNumbers[wordBefore(text, stop)]:
		return 0, true // "No. 5", "p. 30"
	}
	return w, true
}

// markersAfter reads the [n] markers from text[j], white space allowed
// before each ("cases.\n[1]" is one sentence), and one stop after the last: m is where they end (j when there are
// none), marked whether there were any.
func markersAfter(text string, j int, final bool) (m int, marked, ok bool) {
	m = j
	for {
		p := m
		for p < len(text) && isSpace(text[p]) {
			p++
		}
		if p == len(text) {
			return m, marked, final // another marker may follow
		}
		if text[p] != '[' {
			break
		}
		k := strings.IndexByte(text[p+1:min(len(text), p+1+maxMarkerLen)], ']')
		if k < 0 {
			if !final && len(text)-p <= maxMarkerLen {
				return m, marked, false
			}
			break
		}
		if _, isMarker := markerNumbers(text[p+1 : p+1+k]); !isMarker {
			break
		}
		m, marked = p+k+2, true
	}
	if marked && m < len(text) && strings.IndexByte(".?!", text[m]) >= 0 {
		m++
	}
	return m, marked, true
}

// afterBreak decides whether the line break at text[i] ends a sentence:
// it does unless the next line goes on in lower case, or with a number
// that is not a list's ("20 cases", not "2. Breaches"). A blank line always
// ends one. end and ok are as afterStop's.
func afterBreak(text string, i int, final bool) (end int, ok bool) {
	w := i
	for w < len(text) && isSpace(text[w]) {
		w++
	}
	if w == len(text) {
		if final {
			return w, true
		}
		return 0, false
	}
	if strings.Count(text[i:w], "\n") > 1 {
		return w, true
	}
	if !final && !utf8.FullRuneInString(text[w:]) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(text[w:])
	switch {
	case unicode.IsLower(r):
		return 0, true
	case r >= '0' && r <= '9':
		d := w
		for d < len(text) && d-w < 4 && text[d] >= '0' && text[d] <= '9' {
			d++
		}
		if d+1 >= len(text) && !final {
			return 0, false
		}
		if d+1 < len(text) && (text[d] == '.' || text[d] == ')') && isSpace(text[d+1]) {
			return w, true // a numbered list's next item
		}
		return 0, true
	}
	return w, true
}

// maxAbbreviation is longer than any word in neverEnds or beforeNumbers.
const maxAbbreviation = 12

// wordBefore is the word that ends at text[i], dots inside it kept: "e.g"
// for "e.g.", "No" for "No."; "" when it is longer than any abbreviation,
// so that a run of dots costs no more than a run of words.
func wordBefore(text string, i int) string {
	k := i
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:k])
		if r != '.' && !unicode.IsLetter(r) {
			break
		}
		if k -= size; i-k > maxAbbreviation {
			return ""
		}
	}
	return text[k:i]
}

// listNumber reports whether the stop at text[i] ends the number that
// starts a line, as a numbered list's "2. " does.
func listNumber(text string, i int) bool {
	k := i
	for k > 0 && text[k-1] >= '0' && text[k-1] <= '9' {
		k--
	}
	if k == i {
		return false
	}
	for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
		k--
	}
	return k == 0 || text[k-1] == '\n'
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
