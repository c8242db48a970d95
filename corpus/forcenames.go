package corpus

import (
	"sort"
	"strings"
)

// NamedForce is a police force of England and Wales that a text names.
type NamedForce struct {
	// Place is the force's place name as the short-name table has it
	// ("essex", "avon and somerset").
	Place string
	// Short is the short name report ids use ("essex", "avon-somerset").
	Short string
	// As is the name as the text writes it ("Essex", "avon & somerset").
	As string
	// Start and End are the indices of the first and one past the last
	// word of words that name it.
	Start, End int
}

// ambiguousShortNames are short names that are also everyday words, and
// so are not read as a force's name ("we met the team").
var ambiguousShortNames = map[string]bool{"met": true, "city": true}

// everydayShortNames are short names that are also everyday words, a
// verb or a noun ("who staffs the triage car", "how many beds"). Typed in
// lower case and read as the word by the words around them
// (everydayWordAt), they are not a force's name.
var everydayShortNames = map[string]bool{"staffs": true, "beds": true}

// determiners are the words that start a noun phrase after a verb ("staffs
// the suite") or end one before a noun ("the beds"). "This", "these",
// "each" and "every" are left out: "staffs this year" is the force.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true, "our": true, "those": true}

// wordBeforeEveryday are the words after which a short name that is also
// an everyday word is that word: "who staffs", "how many beds".
var wordBeforeEveryday = map[string]bool{"who": true, "which": true, "that": true, "many": true, "few": true, "more": true, "fewer": true, "enough": true, "no": true}

// everydayWordAt reports whether the one word at i, a short name that is
// also an everyday word, is that word rather than a force: typed in lower
// case and not followed by "police" or "constabulary", after "who",
// "many", a number or a determiner, or before a determiner.
func everydayWordAt(words, lw []string, i int) bool {
	if !everydayShortNames[lw[i]] {
		return false
	}
	if w := strings.Trim(words[i], ".,;:!?()'’"); strings.ToLower(w) != w {
		return false // "Staffs", "BEDS": a name
	}
	if i+1 < len(lw) && (lw[i+1] == "police" || lw[i+1] == "constabulary" || lw[i+1] == "police's") {
		return false
	}
	if i > 0 && (wordBeforeEveryday[lw[i-1]] || determiners[lw[i-1]] || isNumber(lw[i-1])) {
		return true
	}
	return i+1 < len(lw) && determiners[lw[i+1]]
}

// isNumber reports whether w is written in digits ("12", "1,000").
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' {
			return false
		}
	}
	return true
}

// NamedForces returns the forces that a question's words name, by place
// ("Essex", "West Midlands", "Avon and Somerset") or by the short name
// people type ("herts", "gmp"), in the order they appear. Words are
// compared in lower case; "&" counts as "and".
func NamedForces(words []string) []NamedForce {
	lw := make([]string, len(words))
	for i, w := range words {
		lw[i] = strings.ToLower(strings.Trim(w, ".,;:!?()'’"))
		if lw[i] == "&" {
			lw[i] = "and"
		}
	}
	var out []NamedForce
	for i := 0; i < len(lw); {
		if !forceWords[lw[i]] {
			i++
			continue
		}
		f, n := forceAt(lw, i)
		if n == 0 || n == 1 && everydayWordAt(words, lw, i) {
			i++
			continue
		}
		f.As, f.Start, f.End = strings.Join(words[i:i+n], " "), i, i+n
		out = append(out, f)
		i += n
	}
	return out
}

// placesByLength lists the place names longest first, so that "north
// yorkshire" is found before "yorkshire" could be.
var placesByLength = func() [][]string {
	var out [][]string
	for p := range forceShortNames {
		out = append(out, strings.Fields(p))
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return strings.Join(out[i], " ") < strings.Join(out[j], " ")
	})
	return out
}()

// forceWords are the words a force's name can start with: its place's
// first word or its short name.
var forceWords = func() map[string]bool {
	m := map[string]bool{}
	for place, short := range forceShortNames {
		m[strings.Fields(place)[0]] = true
		if !ambiguousShortNames[short] {
			m[short] = true
			m[strings.ReplaceAll(short, "-", "")] = true
		}
	}
	return m
}()

// OneWordPlaces are the place names of the forces named by one word
// ("essex", "kent"), sorted: what a misspelt force name is compared with.
var OneWordPlaces = func() []string {
	var out []string
	for p := range forceShortNames {
		if !strings.Contains(p, " ") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}()

// ShortNameOf is the short name report ids use for a place ("hampshire":
// "hants"), or "".
func ShortNameOf(place string) string { return forceShortNames[place] }

// forceAt returns the force named by the words starting at i and how many
// words name it, or 0.
func forceAt(lw []string, i int) (NamedForce, int) {
	for _, place := range placesByLength {
		if i+len(place) > len(lw) {
			continue
		}
		match := true
		for j, p := range place {
			if lw[i+j] != p {
				match = false
				break
			}
		}
		if match {
			p := strings.Join(place, " ")
			return NamedForce{Place: p, Short: forceShortNames[p]}, len(place)
		}
	}
	w := lw[i]
	if ambiguousShortNames[w] {
		return NamedForce{}, 0
	}
	for place, short := range forceShortNames {
		if w == short || strings.ReplaceAll(short, "-", "") == w {
			return NamedForce{Place: place, Short: short}, 1
		}
	}
	return NamedForce{}, 0
}

// ForcePlace returns the place part of a force's name, lower case:
// "Hertfordshire Constabulary" → "hertfordshire".
func ForcePlace(force string) string { return forcePlace(force) }
