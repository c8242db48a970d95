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
// verb or a noun ("who staffs the triage car", "beds the suite has"):
// followed by a determiner they are the word, as a force's name never is.
var everydayShortNames = map[string]bool{"staffs": true, "beds": true}

// determiners are the words that start a noun phrase after a verb.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true, "our": true, "this": true, "these": true, "those": true, "each": true, "every": true}

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
		if n == 0 || n == 1 && everydayShortNames[lw[i]] && i+1 < len(lw) && determiners[lw[i+1]] {
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
