package summary

import (
	"strconv"
	"strings"
	"unicode"
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
