package index

import (
	"strings"
)

// equivalences are phrases that mean the same in police reports but share
// no words, so stemming cannot join them. Each group's members are searched
// for whenever the question holds one of them.
var equivalences = [][]string{
	{"999", "emergency call", "emergency calls"},
	{"101", "non-emergency", "non-emergency calls"},
	{"antisocial", "anti-social"},
	{"wellbeing", "well-being"},
	{"domestic abuse", "domestic violence"},
	{"sex offender", "sexual offender"},
	{"leaver", "leaving", "retention", "retain"},
	{"hiring", "recruitment"},
	{"delay", "backlog", "waiting time", "wait"},
	{"taser", "conducted energy device"},
	{"response time", "attend incidents", "attendance"},
	{"phone", "mobile", "digital device"},
	{"ethnic minority", "bame", "black, asian and minority ethnic"},
	{"money", "finance", "budget", "financial"},
}

// glossary expands a question's acronyms and equivalent phrases, both ways.
type glossary struct {
	// acronyms maps a lower-case acronym to what it may stand for.
	acronyms map[string][]string
	analyze  func(string) []string
	// phrases maps an analysed phrase ("domest violenc protect order") to
	// the other forms to search for ("dvpo").
	phrases []phraseForm
}

type phraseForm struct {
	terms []string // analysed terms of the phrase
	also  []string // other forms, as text
}

func newGlossary(acronyms map[string][]string, analyze func(string) []string) *glossary {
	g := &glossary{acronyms: acronyms, analyze: analyze}
	for short, longs := range acronyms {
		for _, long := range longs {
			if t := analyze(long); len(t) > 0 {
				g.phrases = append(g.phrases, phraseForm{terms: t, also: []string{short}})
			}
		}
	}
	for _, group := range equivalences {
		for i, member := range group {
			t := analyze(member)
			if len(t) == 0 {
				continue
			}
			var others []string
			for j, o := range group {
				if j != i {
					others = append(others, o)
				}
			}
			g.phrases = append(g.phrases, phraseForm{terms: t, also: others})
		}
	}
	return g
}

// expansion is something to search for besides the question's own words.
type expansion struct {
	text   string // words to search for as a phrase
	reason string // what it expands, for notes: "dvpo"
}

// expand returns the expansions of a question: what its acronyms stand for,
// the acronyms of phrases it spells out, and equivalent phrases.
func (g *glossary) expand(words []string, terms []string) []expansion {
	var out []expansion
	seen := map[string]bool{}
	add := func(text, reason string) {
		k := strings.Join(g.analyze(text), " ")
		if !seen[k] {
			seen[k] = true
			out = append(out, expansion{text: text, reason: reason})
		}
	}
	for _, w := range words {
		lw := strings.ToLower(w)
		longs, ok := g.acronyms[lw]
		if !ok && strings.HasSuffix(lw, "s") {
			longs = g.acronyms[strings.TrimSuffix(lw, "s")]
		}
		for _, long := range longs {
			add(long, w)
		}
	}
	for _, pf := range g.phrases {
		if containsRun(terms, pf.terms) {
			for _, a := range pf.also {
				add(a, strings.Join(pf.terms, " "))
			}
		}
	}
	return out
}

// containsRun reports whether seq occurs contiguously in terms.
func containsRun(terms, seq []string) bool {
	if len(seq) == 0 || len(seq) > len(terms) {
		return false
	}
outer:
	for i := 0; i+len(seq) <= len(terms); i++ {
		for j := range seq {
			if terms[i+j] != seq[j] {
				continue outer
			}
		}
		return true
	}
	return false
}
