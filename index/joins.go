package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// joinsFilterType is peelbot's character filter that writes spelling
// variants of compounds as one word, in documents and questions alike:
// "well-being", "well being" and "wellbeing" all become "wellbeing";
// "anti-social" becomes "antisocial", "co-ordinate" "coordinate". It does
// by hand what two regular expressions did, which were a fifth of the
// time of building an index and a tenth of a search's.
const joinsFilterType = "peel_joins"

// compoundJoins pair the first parts of compounds with the starts of the
// second parts they are joined to.
var compoundJoins = []struct {
	first  []string
	second []string
}{
	{[]string{"well", "anti", "non", "counter", "cyber", "under", "over"}, []string{"being", "social", "emergency", "terrorism", "crime", "represent", "resourc"}},
	{[]string{"co"}, []string{"ordinat", "operat", "locat"}},
}

func init() {
	if err := registry.RegisterCharFilter(joinsFilterType, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return joinsFilter{}, nil
	}); err != nil {
		panic(fmt.Sprintf("register %s: %v", joinsFilterType, err))
	}
}

// joinsFilter is the analysis.CharFilter of joinsFilterType.
type joinsFilter struct{}

// Filter drops the hyphen or space between the two parts of a compound:
// a first part that is a whole word ("farewell being" is not joined) and a
// second part that starts the next word ("under representation" is).
func (joinsFilter) Filter(in []byte) []byte {
	var out []byte // nil until something is dropped
	copied := 0    // in[:copied] is in out
	start := 0     // where the current word starts
	for i := 0; i < len(in); i++ {
		c := in[i]
		if isWordByte(c) {
			continue
		}
		if (c == '-' || c == ' ') && joins(in[start:i], in[i+1:]) {
			out = append(out, in[copied:i]...)
			copied = i + 1
			continue // the joined word goes on
		}
		start = i + 1
	}
	if out == nil {
		return in
	}
	return append(out, in[copied:]...)
}

// joins reports whether word and the text after it make a compound.
func joins(word, after []byte) bool {
	for _, j := range compoundJoins {
		for _, f := range j.first {
			if !equalFold(word, f) {
				continue
			}
			for _, s := range j.second {
				if len(after) >= len(s) && equalFold(after[:len(s)], s) {
					return true
				}
			}
		}
	}
	return false
}

// isWordByte reports whether c is part of a word, as \b sees it: ASCII
// letters, digits and underscore, and every byte of a multi-byte rune.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// equalFold compares ASCII bytes with a lower-case word, ignoring case.
func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
