package index

import (
	_ "embed"
	"slices"
	"strings"
)

// conceptMap is peelbot's curated policing concept map (data/concepts.txt):
// everyday phrasings linked to the vocabulary reports use.
//
//go:embed data/concepts.txt
var conceptMap string

// concept is one line of the concept map.
type concept struct {
	name      string
	phrasings []string // as written
	vocab     []string // report vocabulary, as written
}

// readConcepts parses the concept map: "concept | phrasings | vocabulary"
// a line, lists comma-separated, # for comments.
func readConcepts(text string) []concept {
	var out []concept
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			continue // TestConceptMapParses names such lines
		}
		c := concept{name: strings.TrimSpace(parts[0]), phrasings: splitList(parts[1]), vocab: splitList(parts[2])}
		if c.name != "" && len(c.phrasings) > 0 && len(c.vocab) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// conceptForm is a concept as one index reads it: each phrasing analysed.
type conceptForm struct {
	name      string
	phrasings [][]string
	// said are the phrasings of several words that analyse to one term
	// ("rock up" is "rock"), as written: they count only as written.
	said []string
	raw  []string // every phrasing as written, for notes
	// meant are, for each phrasing, the words of meaning it has that
	// analyse to nothing as fillers ("think" of "what people think of the
	// police"): the question must say them too, or "people tell the
	// police" would be asking about trust.
	meant [][]string
	// written are the phrasings of several words made only of filler and
	// stop words ("get a say", "over and over"), in lower case: they
	// analyse to nothing, so they are matched as written.
	written []string
	// atEnd and writtenAtEnd mark the phrasings (of phrasings, of
	// written) the map ends with "$": too broad as part of a question
	// ("what is coming out of the review"), they name the concept only
	// as the question's last words, as written ("are they ready for what
	// is coming").
	atEnd        []bool
	writtenAtEnd []bool
	vocab        []string
}

// endMark ends a phrasing that names its concept only at a question's
// end.
const endMark = "$"

// conceptsByTerm lists, for each term a phrasing starts with, the concepts
// with such a phrasing: a question is compared with those alone.
func (ix *Index) conceptsByTerm() map[string][]int {
	ix.concepts()
	return ix.conceptStarts
}

// concepts returns the concept map analysed with the index's analyzer,
// once.
func (ix *Index) concepts() []conceptForm {
	ix.conceptOnce.Do(func() {
		for _, c := range readConcepts(conceptMap) {
			cf := conceptForm{name: c.name, vocab: c.vocab}
			var vocab [][]string
			for _, v := range c.vocab {
				vocab = append(vocab, ix.analyze(v))
			}
		phrasings:
			for _, p := range c.phrasings {
				p, atEnd := strings.CutSuffix(p, endMark)
				p = strings.TrimSpace(p)
				t := ix.analyze(strings.Join(dropFillers(strings.Fields(p)), " "))
				if len(t) == 0 {
					if len(strings.Fields(p)) > 1 {
						cf.written = append(cf.written, strings.ToLower(strings.Join(strings.Fields(p), " ")))
						cf.writtenAtEnd = append(cf.writtenAtEnd, atEnd)
					}
					continue
				}
				for _, v := range vocab {
					if len(t) > 1 && containsRun(v, t) {
						// "stopped and searched" is the report's "stop and
						// search" once analysed: not a paraphrase. A word
						// alone is kept: it counts only where the reports
						// never use it (matchConcepts), and then the rest
						// of the vocabulary ("nuisance": antisocial
						// behaviour) is how to find what it names.
						continue phrasings
					}
				}
				cf.phrasings = append(cf.phrasings, t)
				cf.raw = append(cf.raw, p)
				cf.atEnd = append(cf.atEnd, atEnd)
				var meant []string
				for _, w := range strings.Fields(strings.ToLower(p)) {
					if meaningFillers[w] {
						meant = append(meant, w)
					}
				}
				cf.meant = append(cf.meant, meant)
				if len(t) == 1 && len(strings.Fields(p)) > 1 {
					cf.said = append(cf.said, strings.ToLower(p))
				} else {
					cf.said = append(cf.said, "")
				}
			}
			if len(cf.phrasings) > 0 || len(cf.written) > 0 {
				ix.conceptForms = append(ix.conceptForms, cf)
			}
		}
		ix.conceptStarts = map[string][]int{}
		for i, cf := range ix.conceptForms {
			if len(cf.written) > 0 {
				ix.conceptWritten = append(ix.conceptWritten, i)
			}
			for _, p := range cf.phrasings {
				if l := ix.conceptStarts[p[0]]; len(l) == 0 || l[len(l)-1] != i {
					ix.conceptStarts[p[0]] = append(l, i)
				}
			}
		}
	})
	return ix.conceptForms
}

// conceptMatch is a concept a question names in everyday words.
type conceptMatch struct {
	name   string
	said   string   // the phrasing matched, analysed and joined
	source []string // the question's terms it matched
	vocab  []string // report vocabulary to search for
	// said is the vocabulary the question already says ("late attendance":
	// attendance), searched as the question's own words: a passage with it
	// matches the whole phrasing ("late" too), not only the word.
	already []string
	// phrasal is set when the phrasing is of several words that analyse
	// to one ("hang on to" is "hang"): the word alone is not the phrasing.
	phrasal bool
	// restated are the question's terms of its other phrasings of the
	// concept ("off ill" of "the sickness rate, how many are off ill"):
	// it says the concept again in other words, which the concept's
	// vocabulary matches too when the judgment reads the passages.
	restated []string
}

// matchConcepts returns the concepts whose everyday phrasings the
// question's terms contain, each with the report vocabulary it does not
// already say. A phrasing of one word counts only when the loaded reports
// never use that word: a word they use is searched as it is, and a
// concept would only add looser matches to it ("trained" is not a
// paraphrase of "training"). A phrasing of words that analyse to one
// ("turn up") counts only as written.
func (ix *Index) matchConcepts(words, terms []string) []conceptMatch {
	var out []conceptMatch
	joined := strings.Join(words, " ")
	text := " " + strings.ToLower(joined) + " "
	all, starts := ix.concepts(), ix.conceptsByTerm()
	var candidates []int
	for _, t := range terms {
		for _, ci := range starts[t] {
			if !slices.Contains(candidates, ci) {
				candidates = append(candidates, ci)
			}
		}
	}
	for _, ci := range ix.conceptWritten {
		if !slices.Contains(candidates, ci) {
			candidates = append(candidates, ci)
		}
	}
	slices.Sort(candidates) // in the map's order, as before
	for _, ci := range candidates {
		c := all[ci]
		if m, ok := c.matchWritten(text); ok {
			out = append(out, m)
			continue
		}
		found := -1 // the match of the concept's first phrasing said, in out
		for i, p := range c.phrasings {
			if !containsRun(terms, p) || !saysAll(words, c.meant[i]) {
				continue
			}
			if c.atEnd[i] && !strings.HasSuffix(text, " "+strings.ToLower(strings.Join(strings.Fields(c.raw[i]), " "))+" ") {
				continue // "what is coming out of the review" is not demand
			}
			if said := c.said[i]; said != "" {
				if !saysInflected(text, said) {
					continue // "rock up" needs "up": "rock bottom" is not it
				}
			} else if len(p) == 1 && (ix.terms[p[0]] > 0 || !saidAsWritten(words, c.raw[i])) {
				continue
			}
			if found >= 0 {
				for _, t := range p {
					if !slices.Contains(out[found].source, t) && !slices.Contains(out[found].restated, t) {
						out[found].restated = append(out[found].restated, t)
					}
				}
				continue
			}
			said := ix.wordsFor(words, p)
			if at := strings.Index(text, " "+strings.ToLower(c.raw[i])+" "); at >= 0 && len(joined) == len(text)-2 {
				said = joined[at : at+len(c.raw[i])] // as typed
			}
			m := conceptMatch{name: c.name, said: said, source: p, phrasal: c.said[i] != "" && ix.particlesOnly(c.raw[i])}
			for _, v := range c.vocab {
				if vt := ix.analyze(v); len(vt) > 0 && !containsRun(terms, vt) {
					m.vocab = append(m.vocab, v)
				} else if len(vt) > 0 {
					m.already = append(m.already, v)
				}
			}
			if len(m.vocab) == 0 {
				break
			}
			out = append(out, m)
			found = len(out) - 1
		}
	}
	return withoutNested(out)
}

// withoutNested drops a concept matched by a phrasing of several words
// that the question says only as part of a longer phrasing another
// concept was matched by: "the worst abuse cases" are the cases that
// harm those who work on them, not the worst abusers; a sentence put on
// hold is no caller on hold. A phrasing of one word ("kids" of "kids at
// risk") keeps its own concept: the longer one narrows it, but it still
// means what it says.
func withoutNested(ms []conceptMatch) []conceptMatch {
	all := slices.Clone(ms) // DeleteFunc moves ms while it asks
	return slices.DeleteFunc(ms, func(m conceptMatch) bool {
		said := strings.ToLower(m.said)
		if !strings.Contains(said, " ") {
			return false
		}
		return slices.ContainsFunc(all, func(o conceptMatch) bool {
			longer := strings.ToLower(o.said)
			return o.name != m.name && len(longer) > len(said) && strings.Contains(" "+longer+" ", " "+said+" ")
		})
	})
}

// meaningFillers are the fillers (fillerWords) that carry a phrasing's
// meaning: a verb of thinking or saying, a word of how many or how often.
// The others ("just", "can", "get") say how something is asked.
var meaningFillers = map[string]bool{
	"think": true, "know": true, "say": true, "says": true, "said": true, "tell": true, "tells": true,
	"happen": true, "happens": true, "happened": true, "often": true, "many": true, "much": true,
}

// saysAll reports whether a question's words hold each of meant, in any
// form that starts as it does ("thinks", "telling").
func saysAll(words, meant []string) bool {
	for _, m := range meant {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(strings.ToLower(w), m) }) {
			return false
		}
	}
	return true
}

// wordsFor returns the question's words whose analysed terms are terms, as
// typed: what a concept was matched for ("knackered", not "knacker").
func (ix *Index) wordsFor(words []string, terms []string) string {
	var out []string
	for _, w := range words {
		for _, t := range ix.analyze(w) {
			if slices.Contains(terms, t) {
				out = append(out, w)
				break
			}
		}
	}
	if len(out) == 0 {
		return strings.Join(terms, " ")
	}
	return strings.Join(out, " ")
}

// saidAsWritten reports whether a question's words hold a phrasing of one
// word as written, or as its plural or singular: stemming joins words
// whose meanings part ("complainants" and "complaining").
func saidAsWritten(words []string, phrasing string) bool {
	p := strings.ToLower(phrasing)
	if strings.Contains(p, " ") {
		return true // words that analyse to one: checked as written already
	}
	for _, w := range words {
		w = strings.ToLower(w)
		if w == p || w == p+"s" || w == p+"es" || w+"s" == p || w+"es" == p ||
			strings.HasSuffix(p, "y") && w == p[:len(p)-1]+"ies" || strings.HasSuffix(w, "y") && p == w[:len(w)-1]+"ies" {
			return true
		}
	}
	return false
}

// matchWritten matches a concept by a phrasing matched as written
// (conceptForm.written) in text, the question's words in lower case with
// a space at each end; one marked to match at the end (writtenAtEnd)
// only there.
func (c conceptForm) matchWritten(text string) (conceptMatch, bool) {
	for i, w := range c.written {
		if c.writtenAtEnd[i] && !strings.HasSuffix(text, " "+w+" ") || !strings.Contains(text, " "+w+" ") {
			continue
		}
		return conceptMatch{name: c.name, said: w, vocab: slices.Clone(c.vocab)}, true
	}
	return conceptMatch{}, false
}

// saysInflected reports whether text (lower case, a space at each end)
// holds a phrasing matched as written (lower case), or that phrasing with
// its first word, a filler verb ("get to calls"), in another of its
// filler forms: "getting to calls" and "got to calls" say it too. The
// filler says nothing (analysed, the phrasing is its last word), so each
// of its forms says the phrasing alike; a verb of meaning is not
// inflected: "it turned out" is not "do they turn out".
func saysInflected(text, said string) bool {
	if strings.Contains(text, " "+said+" ") {
		return true
	}
	first, rest, ok := strings.Cut(said, " ")
	if !ok {
		return false
	}
	for _, f := range fillerForms[first] {
		if strings.Contains(text, " "+f+" "+rest+" ") {
			return true
		}
	}
	return false
}

// fillerForms are the forms of the filler verbs (fillerWords) that
// phrasings start with.
var fillerForms = map[string][]string{
	"get": {"gets", "getting", "got"}, "gets": {"get", "getting", "got"},
	"getting": {"get", "gets", "got"}, "got": {"get", "gets", "getting"},
}

// particles are the adverbs and prepositions that make a verb a phrasal
// verb of another meaning: "hang on to" is not "hang up".
var particles = wordSet("on", "to", "up", "off", "out", "in", "into", "onto", "down", "away", "back", "over", "of", "about", "round", "around", "through")

// particlesOnly reports whether a phrasing's words that analyse to
// nothing are all particles: a phrasal verb ("hang on to"), not a word
// and a word of asking ("changing how").
func (ix *Index) particlesOnly(phrasing string) bool {
	for _, w := range strings.Fields(phrasing) {
		if len(ix.analyze(w)) == 0 && !particles[strings.ToLower(w)] {
			return false
		}
	}
	return true
}
