package summary

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checked is a model answer after its citation markers were checked.
type checked struct {
	text      string
	citations []int // 0-based passage indices, in order of first use
	removed   int   // marker numbers that were not passages
}

// maxMarkerLen bounds how far a "[" is followed looking for its "]", so that
// a stray bracket cannot swallow a sentence.
const maxMarkerLen = 40

// checkMarkers keeps every [n] marker whose n is one of the n passages and
// removes every other number, counting it. It recognises [1], [1, 2],
// [1; 2], [1-3], [1][2] and [passages 1 and 2]; bracketed text that is not a
// marker, such as [sic], is left alone.
func checkMarkers(answer string, n int) checked {
	var out strings.Builder
	var c checked
	seen := make(map[int]bool)
	for i := 0; i < len(answer); {
		if answer[i] != '[' {
			out.WriteByte(answer[i])
			i++
			continue
		}
		end := strings.IndexByte(answer[i+1:min(len(answer), i+1+maxMarkerLen)], ']')
		if end < 0 {
			out.WriteByte(answer[i])
			i++
			continue
		}
		inner := answer[i+1 : i+1+end]
		nums, ok := markerNumbers(inner)
		if !ok {
			out.WriteByte(answer[i])
			i++
			continue
		}
		var valid []int
		for _, num := range nums {
			if num < 1 || num > n {
				c.removed++
				continue
			}
			valid = append(valid, num)
			if !seen[num] {
				seen[num] = true
				c.citations = append(c.citations, num-1)
			}
		}
		switch {
		case len(valid) == len(nums):
			out.WriteString(answer[i : i+2+end])
		case len(valid) > 0:
			out.WriteString("[" + joinInts(valid) + "]")
		case i+end+2 < len(answer) && answer[i+end+2] == '[':
			// Removed entirely, but another marker follows: keep the space.
		default:
			// Drop the space before a marker that is removed entirely, so
			// "claim [99]." reads "claim.".
			trimmed := strings.TrimRightFunc(out.String(), unicode.IsSpace)
			out.Reset()
			out.WriteString(trimmed)
		}
		i += end + 2
	}
	c.text = strings.TrimSpace(out.String())
	return c
}

// markerNumbers reads the inside of a bracket as a list of passage numbers
// and ranges, reporting false when it is anything else. A range too long to
// be a citation is read as its two ends, so that both count as removed.
func markerNumbers(inner string) ([]int, bool) {
	s := strings.TrimSpace(inner)
	lower := strings.ToLower(s)
	for _, word := range []string{"passages", "passage"} {
		if strings.HasPrefix(lower, word) {
			s = strings.TrimSpace(s[len(word):])
			break
		}
	}
	s = strings.ReplaceAll(s, "–", "-")
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	var nums []int
	for _, f := range fields {
		if strings.EqualFold(f, "and") {
			continue
		}
		lo, hi, isRange := strings.Cut(f, "-")
		a, ok := number(lo)
		if !ok {
			return nil, false
		}
		if !isRange {
			nums = append(nums, a)
			continue
		}
		b, ok := number(hi)
		if !ok || b < a {
			return nil, false
		}
		if b-a > maxMarkerLen {
			nums = append(nums, a, b)
			continue
		}
		for k := a; k <= b; k++ {
			nums = append(nums, k)
		}
	}
	return nums, len(nums) > 0
}

// number reads a run of digits. One too long for an int is still a number,
// just not a passage's, so it reads as 0.
func number(s string) (int, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, true
	}
	return n, true
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// grounder builds a summary's text from the answer's sentences, in order.
// A sentence is kept, its invalid markers removed, only when it cites a
// passage: one whose markers are all invalid, or that has none, is left
// out and counted, so that nothing shown is uncited and the reader is told
// that something was left out. The kept sentences fit in MaxSummaryChars
// less room for that note; past it the grounder is full and takes no more.
type grounder struct {
	n       int             // passages
	text    strings.Builder // the kept sentences, each with the space after it
	runes   int             // characters kept
	removed int             // invalid marker numbers, in sentences kept or not
	dropped int             // sentences left out for citing no passage
	full    bool            // the bound was reached: nothing more is taken
}

// maxNote bounds the count a note shows: more sentences than this are
// more than any reply read holds.
const maxNote = 9_999_999

// noteRoom is what the kept sentences leave of MaxSummaryChars: the
// longest note and the space before it.
var noteRoom = utf8.RuneCountInString(leftOutNote(maxNote)) + 1

// leftOutNote is what a summary ends with when dropped sentences were
// left out; "" when none were.
func leftOutNote(dropped int) string {
	switch {
	case dropped <= 0:
		return ""
	case dropped == 1:
		return "(1 sentence without a valid citation left out)"
	}
	return "(" + strconv.Itoa(min(dropped, maxNote)) + " sentences without a valid citation left out)"
}

// add checks one whole sentence of the answer and returns what of it is
// kept, ending with the space after it: "" when it is left out, or when
// the grounder is full.
func (g *grounder) add(raw string) string {
	if g.full {
		return ""
	}
	c := checkMarkers(raw, g.n)
	g.removed += c.removed
	if len(c.citations) == 0 {
		if strings.IndexFunc(c.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			g.dropped++ // stray punctuation, such as a list's "```", is not a sentence
		}
		return ""
	}
	text := c.text + trailingSpace(raw)
	budget := MaxSummaryChars - noteRoom
	if n := utf8.RuneCountInString(strings.TrimRight(text, " ")); g.runes+n > budget {
		g.full = true
		if g.runes > 0 {
			return ""
		}
		// A first sentence too long is cut to the words that fit, and
		// kept only if those still cite a passage.
		if text = clipWords(text, budget); len(checkMarkers(text, g.n).citations) == 0 {
			return ""
		}
	}
	g.runes += utf8.RuneCountInString(text)
	g.text.WriteString(text)
	return text
}

// kept is the sentences kept, with no space at the end.
func (g *grounder) kept() string { return strings.TrimSpace(g.text.String()) }

// summaryText is the kept sentences, and the note when sentences were
// left out; "" when none were kept.
func (g *grounder) summaryText() string {
	kept := g.kept()
	if kept == "" {
		return ""
	}
	if note := leftOutNote(g.dropped); note != "" {
		return kept + " " + note
	}
	return kept
}

// ungrounded is the error for an answer of which nothing was kept.
func (g *grounder) ungrounded(sources int) error {
	return fmt.Errorf("summarise %d passages: %w (%d invalid markers removed, %d sentences without a valid citation left out)", sources, ErrUngrounded, g.removed, g.dropped)
}

// ground checks a whole answer sentence by sentence.
func ground(answer string, n int) *grounder {
	g := &grounder{n: n}
	for _, s := range Sentences(answer) {
		if g.add(s); g.full {
			break
		}
	}
	return g
}

// trailingSpace is one space when raw ends in white space: what separates
// it from the next sentence.
func trailingSpace(raw string) string {
	if strings.TrimRightFunc(raw, unicode.IsSpace) != raw {
		return " "
	}
	return ""
}
