package index

import (
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// englishWordsGz is the English word list (SCOWL, as Debian ships it in
// wbritish-large and wamerican-large; licence in data/english-words.COPYING):
// one lower-case word a line, "^" before a word the lists only give
// capitalised (a name). data/genwords.go writes it.
//
//go:embed data/english-words.txt.gz
var englishWordsGz []byte

// policeWords is peelbot's own list of policing words the English list
// lacks, and of shortenings people type (data/police-words.txt).
//
//go:embed data/police-words.txt
var policeWords string

// lexicon is the English word list with police vocabulary added: a word
// in it is spelt right and is never corrected into another word.
type lexicon struct {
	words      string   // every word, sorted, each followed by '\n'
	starts     []uint32 // where each word starts in words
	proper     []bool   // the word is a name: the lists only give it capitalised
	police     map[string]bool
	programme  map[string]bool   // names of national programmes and operations: "soteria"
	shortening map[string]string // "exec" → "executive"
}

var (
	lexOnce sync.Once
	lex     *lexicon
	lexErr  error
)

// english returns the lexicon, read once, on first use: most questions
// use only words the reports use and never need it.
func english() (*lexicon, error) {
	lexOnce.Do(func() { lex, lexErr = readLexicon(englishWordsGz, policeWords) })
	return lex, lexErr
}

func readLexicon(gz []byte, police string) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("read the English word list: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read the English word list: %w", err)
	}
	l := &lexicon{police: map[string]bool{}, programme: map[string]bool{}, shortening: map[string]string{}}
	// One pass over the bytes, no string a line: the list is 134,000 words.
	n := bytes.Count(raw, []byte{'\n'}) + 1
	l.starts = make([]uint32, 0, n)
	l.proper = make([]bool, 0, n)
	buf := raw[:0] // the words without their "^", written over raw
	for len(raw) > 0 {
		line, rest, _ := bytes.Cut(raw, []byte{'\n'})
		raw = rest
		name := len(line) > 0 && line[0] == '^'
		if name {
			line = line[1:]
		}
		if len(line) == 0 {
			continue
		}
		l.starts = append(l.starts, uint32(len(buf)))
		l.proper = append(l.proper, name)
		buf = append(buf, line...)
		buf = append(buf, '\n')
	}
	l.words = string(buf)
	if !sort.SliceIsSorted(l.starts, func(i, j int) bool { return l.word(i) < l.word(j) }) {
		return nil, fmt.Errorf("the English word list is not sorted")
	}
	for _, line := range strings.Split(police, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if short, full, ok := strings.Cut(line, "="); ok {
			l.shortening[strings.TrimSpace(short)] = strings.TrimSpace(full)
			continue
		}
		for _, w := range strings.Fields(line) {
			if name, ok := strings.CutPrefix(w, "^"); ok {
				l.programme[name] = true
				w = name
			}
			l.police[w] = true
		}
	}
	return l, nil
}

// word is the i-th word of the list.
func (l *lexicon) word(i int) string {
	start := int(l.starts[i])
	end := strings.IndexByte(l.words[start:], '\n')
	return l.words[start : start+end]
}

// lookup reports whether w (lower case) is a word of the list, and whether
// it is a name.
func (l *lexicon) lookup(w string) (found, name bool) {
	i := sort.Search(len(l.starts), func(i int) bool { return l.word(i) >= w })
	if i < len(l.starts) && l.word(i) == w {
		return true, l.proper[i]
	}
	return false, false
}

// knows reports whether a typed word is spelt right: an English word, a
// police word, a number, or a hyphenated word whose every part is one.
func (l *lexicon) knows(word string) bool {
	w := strings.ToLower(strings.Trim(word, "'’"))
	w = strings.ReplaceAll(w, "’", "'")
	if w == "" || l.police[w] || l.shortening[w] != "" {
		return true
	}
	if strings.IndexFunc(w, unicode.IsLetter) < 0 {
		return true
	}
	if found, _ := l.lookup(w); found {
		return true
	}
	if base, ok := strings.CutSuffix(w, "'s"); ok && l.knows(base) {
		return true
	}
	if strings.ContainsAny(w, "-/") {
		for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '/' }) {
			if !l.knows(part) {
				return false
			}
		}
		return true
	}
	return false
}

// isName reports whether a typed word is only known as a name ("London").
func (l *lexicon) isName(word string) bool {
	_, name := l.lookup(strings.ToLower(word))
	return name
}

// misspelling returns the report word a word not in the English word list
// most likely misspells, or the acronym whose letters it has in another
// order ("AIF": AFI), or "".
func (ix *Index) misspelling(word string) string {
	lw := strings.ToLower(word)
	if ix.meta.Vocabulary[lw] > 0 {
		return ""
	}
	if a := ix.acronymTypo(lw); a != "" {
		// An acronym's letters in another order ("AIF": AFI), however
		// short, as the search reads it (wordForm).
		return a
	}
	if len([]rune(lw)) < 4 {
		return "" // nearestWord corrects none
	}
	if ix.inflectionUsed(lw) {
		// A report word with an ending more or less ("dvpo" of "DVPOs") is
		// that word, and needs no correction: deciding so first keeps the
		// English word list (megabytes) unread for a question all in
		// report words.
		return ""
	}
	if lx, err := english(); err != nil || lx.knows(word) {
		return "" // asked before nearestWord, the costlier look-up
	}
	return ix.nearestWord(lw)
}

// inflectionEndings are the plain endings a word takes or drops and
// stays the same word.
var inflectionEndings = []string{"s", "es", "d", "ed", "ing"}

// inflectionUsed reports whether the reports use lw with a plain ending
// more or less ("dvpo": "dvpos").
func (ix *Index) inflectionUsed(lw string) bool {
	for _, e := range inflectionEndings {
		if ix.meta.Vocabulary[lw+e] > 0 {
			return true
		}
		if base, ok := strings.CutSuffix(lw, e); ok && len(base) >= 3 && ix.meta.Vocabulary[base] > 0 {
			return true
		}
	}
	return false
}

// spelledQuestion is q with each word the English word list doesn't know
// written as the report word it most likely misspells, in its text and its
// words, for telling what it asks: "area for improvment" asks for areas for
// improvement although its stem matches. q itself when nothing is misspelt.
func (ix *Index) spelledQuestion(q *question) *question {
	fix := map[string]string{}
	for _, w := range q.parsed.Words {
		if c := ix.misspelling(w); c != "" {
			fix[w] = c
		}
	}
	if len(fix) == 0 {
		return q
	}
	spelt := func(ws []string) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = cmp.Or(fix[w], w)
		}
		return out
	}
	c := *q
	raw := strings.Fields(q.parsed.Raw)
	for i, w := range raw {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f := fix[core]; f != "" {
			raw[i] = strings.Replace(w, core, f, 1)
		}
	}
	c.parsed.Raw = strings.Join(raw, " ")
	c.parsed.Words = spelt(q.parsed.Words)
	c.words = spelt(q.words)
	c.terms = ix.analyze(strings.Join(c.words, " "))
	return &c
}

// respell returns a question's words (all it typed, and those searched)
// with each word the search reads as a misspelling, or as another
// spelling of a report word ("organized": organised), (wordForm) written
// as it was read, the searched words' terms, and for each term of a
// correction the term typed; typed is nil when nothing is respelt.
func (ix *Index) respell(all, searched []string) (words, terms []string, typed map[string]string) {
	fix := map[string]string{}
	for _, w := range searched {
		if form, kind := ix.wordForm(w); kind == formTypo || kind == formVariant {
			fix[w] = form
			from, to := ix.analyze(w), ix.analyze(form)
			if len(from) == 1 && len(to) == 1 && from[0] != to[0] {
				if typed == nil {
					typed = map[string]string{}
				}
				typed[to[0]] = from[0]
			}
		}
	}
	if typed == nil {
		return all, nil, nil
	}
	words = make([]string, len(all))
	for i, w := range all {
		words[i] = cmp.Or(fix[w], w)
	}
	kept := make([]string, len(searched))
	for i, w := range searched {
		kept[i] = cmp.Or(fix[w], w)
	}
	return words, ix.analyze(strings.Join(kept, " ")), typed
}

// spelledWords is words with each the search reads as a misspelling
// (wordForm) written as it was read: "what is ecco" asks what echo is,
// and reports introduce it as "a platform called echo".
func (ix *Index) spelledWords(words []string) []string {
	var out []string
	for i, w := range words {
		if form, kind := ix.wordForm(w); kind == formTypo {
			if out == nil {
				out = slices.Clone(words)
			}
			out[i] = form
		}
	}
	if out == nil {
		return words
	}
	return out
}

// typoOf is the word a misspelt word is searched as ("HMICFSR":
// "hmicfrs"), or "".
func (ix *Index) typoOf(word string) string {
	if form, kind := ix.wordForm(word); kind == formTypo {
		return form
	}
	return ""
}

// reportsUse reports whether every word of text occurs in the reports.
func (ix *Index) reportsUse(text string) bool {
	t := ix.analyze(text)
	for _, x := range t {
		if ix.terms[x] == 0 {
			return false
		}
	}
	return len(t) > 0
}

// formKind says how a word no report uses was read.
type formKind int

const (
	formNone       formKind = iota // spelt right, or nothing close
	formSplit                      // two words run together: "digivan" → "digi van"
	formCompletion                 // a shortening: "exec" → "executive"
	formTypo                       // a misspelling: "safegaurding" → "safeguarding"
	formVariant                    // another spelling of a right word: "behavior" → "behaviour"
)

// wordForm returns the report word (or two words) a question's word most
// likely means when no report uses the word as typed, and how it was read.
// A shortening and a split are tried before a misspelling, since they keep
// every letter typed.
func (ix *Index) wordForm(word string) (string, formKind) {
	lw := strings.ToLower(word)
	if ix.meta.Vocabulary[lw] > 0 || ix.reportsUse(word) {
		return "", formNone
	}
	lx, err := english()
	if err != nil {
		return "", formNone // no word list: correct nothing rather than risk a right word
	}
	if full := lx.shortening[lw]; full != "" && ix.reportsUse(full) {
		return full, formCompletion
	}
	if lx.knows(word) {
		// Correct English is never replaced by another word. The reports
		// may spell it the British way ("behavior"), or name the county
		// of a town; if not, it is searched as it is, and the reports not
		// using it is an answer too.
		if v := ix.britishSpelling(lw); v != "" {
			return v, formVariant
		}
		if c := ix.county(lw); c != "" {
			return c, formVariant
		}
		if a := ix.adjective(lw); a != "" {
			return a, formVariant
		}
		return "", formNone
	}
	if a := ix.acronymTypo(word); a != "" {
		return a, formTypo
	}
	if parts := ix.splitCompound(word); parts != "" {
		return parts, formSplit
	}
	if full := ix.completion(word); full != "" {
		return full, formCompletion
	}
	if fix := ix.shortTypo(word); fix != "" {
		return fix, formTypo
	}
	if !ix.unknown(word) {
		return "", formNone
	}
	if fix := ix.nearestWord(word); fix != "" {
		return fix, formTypo
	}
	if fix := ix.nearestStem(word); fix != "" {
		return fix, formTypo
	}
	if parts := ix.splitThree(word); parts != "" {
		return parts, formSplit
	}
	return "", formNone
}

// americanBritish are the spelling differences between American and
// British English that inspection reports, written in British English,
// show most: each American form is tried in its British form.
var americanBritish = []struct{ us, uk string }{
	{"ization", "isation"}, {"izing", "ising"}, {"ized", "ised"}, {"izes", "ises"}, {"ize", "ise"},
	{"yze", "yse"}, {"yzed", "ysed"}, {"yzing", "ysing"},
	{"or", "our"}, {"ense", "ence"}, {"ter", "tre"}, {"ters", "tres"},
	{"eled", "elled"}, {"eling", "elling"}, {"eler", "eller"},
	{"program", "programme"}, {"aging", "ageing"}, {"judgment", "judgement"},
	{"og", "ogue"}, {"ogs", "ogues"}, {"ped", "paed"}, {"gray", "grey"},
	{"visor", "viser"}, // "advisor": British official writing has "adviser"
}

// britishSpelling returns the British spelling of an American word when
// the reports use it ("behavior" → "behaviour"), or "".
func (ix *Index) britishSpelling(lw string) string {
	for _, d := range americanBritish {
		for i := strings.Index(lw, d.us); i >= 0; {
			if v := lw[:i] + d.uk + lw[i+len(d.us):]; ix.meta.Vocabulary[v] > 0 {
				return v
			}
			next := strings.Index(lw[i+1:], d.us)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return ""
}

// adjective returns the adjective of an adverb the reports never use when
// they use the adjective: "unfairly" → "unfair", "speedily" → "speedy".
// The stemmer keeps the "-ly" ("unfairli"), so the one never matches the
// other.
func (ix *Index) adjective(lw string) string {
	base, ok := strings.CutSuffix(lw, "ly")
	if !ok || len(base) < 3 || notAdverbs[lw] {
		return ""
	}
	forms := []string{base, base + "le", base + "e"} // "simply": "simple", "truly": "true"
	if stem, ok := strings.CutSuffix(base, "i"); ok {
		forms = append(forms, stem+"y")
	}
	for _, a := range forms {
		if ix.meta.Vocabulary[a] > 0 {
			return a
		}
	}
	return ""
}

// notAdverbs are words ending in "-ly" that are not the adverb of the
// word left when "-ly" is taken off: verbs and nouns ("multiply" is not
// "multiple", "supply" not "supple", "assembly" not "assemble"), and
// adjectives made from a noun ("monthly" is not "month", "orderly" not
// "order", "timely" not "time").
var notAdverbs = map[string]bool{
	"apply": true, "reply": true, "supply": true, "comply": true, "imply": true, "multiply": true,
	"rely": true, "ally": true, "bully": true, "rally": true, "tally": true, "sully": true,
	"assembly": true, "family": true, "anomaly": true, "monopoly": true, "homily": true,
	"belly": true, "jelly": true, "folly": true, "holly": true, "italy": true, "july": true,
	"orderly": true, "hourly": true, "daily": true, "nightly": true, "weekly": true, "monthly": true,
	"quarterly": true, "yearly": true, "timely": true, "costly": true, "friendly": true,
	"elderly": true, "lovely": true, "lonely": true, "deadly": true, "likely": true, "unlikely": true,
	"early": true, "only": true, "lively": true, "homely": true, "worldly": true, "cowardly": true,
	"scholarly": true, "leisurely": true, "beastly": true, "ghostly": true, "earthly": true,
}

// county returns the county a town gives its name to when the reports
// name the county but never the town: "leicester" → "leicestershire".
// Many English counties are named after their county town.
func (ix *Index) county(lw string) string {
	if c := lw + "shire"; ix.meta.Vocabulary[c] > 0 {
		return c
	}
	return ""
}

// acronymTypo returns the acronym the reports, the glossary or the
// acronyms people type (typedAcronyms) know whose letters a word no
// report uses has in another order, first letter first ("RIU": RUI,
// "CIFPA": CIPFA, "AIF": AFI), or "": an acronym's letters are
// remembered better than their order. A plural is the acronym's plural
// ("PSCOs": PCSOs), a possessive the acronym's ("PSCO's": PCSO). An English word, a known acronym, or one with the
// letters of two acronyms is not one. The English word list is read only
// once some acronym has the word's letters, which few words have.
func (ix *Index) acronymTypo(word string) string {
	lw := strings.TrimSuffix(strings.TrimSuffix(withoutPossessive(strings.ToLower(word)), "'"), "’") // "PSCO's", "PSCOs'"
	if a := ix.acronymLetters(lw); a != "" {
		return a
	}
	if base, ok := strings.CutSuffix(lw, "s"); ok && len(base) >= 3 {
		if a := ix.acronymLetters(base); a != "" {
			return a + "s"
		}
	}
	return ""
}

// acronymLetters is acronymTypo for a word as typed, not as a plural.
func (ix *Index) acronymLetters(lw string) string {
	if len(lw) < 3 || len(lw) > 8 || strings.IndexFunc(lw, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return ""
	}
	typed := typedAcronyms()
	if _, ok := ix.glossary.acronyms[lw]; ok || ix.meta.Vocabulary[lw] > 0 || typed[lw] != 0 {
		return ""
	}
	letters := sortedLetters(lw)
	found := map[string]bool{} // each acronym with lw's letters: whether it must be no English word
	try := func(a string, mayBeEnglish bool) {
		if len(a) == len(lw) && a[0] == lw[0] && sortedLetters(a) == letters {
			found[a] = found[a] || mayBeEnglish
		}
	}
	for a := range ix.glossary.acronyms {
		try(a, true)
	}
	for a, kind := range typed {
		try(a, kind == acronymInspectorate)
	}
	if len(found) == 0 {
		return ""
	}
	lx, err := english()
	if err != nil || lx.knows(lw) {
		return ""
	}
	fix := ""
	for a, mayBeEnglish := range found {
		if !mayBeEnglish && lx.knows(a) {
			continue // a concept's everyday word, not an acronym
		}
		if fix != "" {
			return ""
		}
		fix = a
	}
	return fix
}

// inspectionAcronyms are the inspectorate's own acronyms, which its
// readers type though reports spell them out or use them in headings
// only ("AFI": an area for improvement), so that no glossary of a
// report's text defines them.
var inspectionAcronyms = []string{"afi", "afis", "hmi", "hmis", "peel", "hmicfrs"}

// How typedAcronyms knows an acronym.
const (
	acronymInspectorate = 1 + iota // inspectionAcronyms
	acronymPhrasing                // a concept phrasing of one short word, an acronym if no English word
)

// typedAcronyms are the acronyms people type that no report's glossary
// defines: the inspectorate's own (inspectionAcronyms), and the concept
// map's phrasings that are one short word ("afi"), which are acronyms
// when no English word list has them. That is asked only of a phrasing
// some typed word could mean, so that knowing them reads no word list.
var typedAcronyms = sync.OnceValue(func() map[string]int {
	out := map[string]int{}
	for _, c := range readConcepts(conceptMap) {
		for _, p := range c.phrasings {
			p = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(p, endMark)))
			if len(p) >= 3 && len(p) <= 6 && strings.IndexFunc(p, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
				out[p] = acronymPhrasing
			}
		}
	}
	for _, a := range inspectionAcronyms {
		if out[a] == 0 { // a phrasing too ("afi") is known as one
			out[a] = acronymInspectorate
		}
	}
	return out
})

// splitCompound splits a word found nowhere in the reports into two words
// that are there ("digivan" → "digi van"), or returns "".
func (ix *Index) splitCompound(word string) string {
	lw := strings.ToLower(word)
	if len(lw) < 6 || ix.meta.Vocabulary[lw] > 0 || strings.ContainsAny(lw, "-'’./") {
		return ""
	}
	best, bestCount := "", 0
	for i := 2; i <= len(lw)-2; i++ {
		a, b := lw[:i], lw[i:]
		na, nb := ix.meta.Vocabulary[a], ix.meta.Vocabulary[b]
		if na > 0 && nb > 0 && (best == "" || min(na, nb) > bestCount) {
			best, bestCount = a+" "+b, min(na, nb)
		}
	}
	if best != "" && len(ix.analyze(best)) < 2 {
		return "" // a stop word on one side ("whatever" → "what ever")
	}
	return best
}

// splitThree splits a word found nowhere in the reports, and close to no
// word of theirs, into three words that are there ("stopandsearch" →
// "stop and search"), or returns "". The commonest split is kept, as for
// two words (splitCompound).
func (ix *Index) splitThree(word string) string {
	lw := strings.ToLower(word)
	if len(lw) < 8 || strings.ContainsAny(lw, "-'’./") {
		return ""
	}
	v := ix.meta.Vocabulary
	best, bestCount := "", 0
	for i := 2; i <= len(lw)-4; i++ {
		if v[lw[:i]] == 0 {
			continue
		}
		for j := i + 2; j <= len(lw)-2; j++ {
			if n := min(v[lw[:i]], v[lw[i:j]], v[lw[j:]]); n > bestCount {
				best, bestCount = lw[:i]+" "+lw[i:j]+" "+lw[j:], n
			}
		}
	}
	if best != "" && len(ix.analyze(best)) < 2 {
		return ""
	}
	return best
}

// unknown reports whether a word of five letters or more appears nowhere
// in the reports, as misspellings do.
func (ix *Index) unknown(w string) bool {
	t := ix.analyze(w)
	return len([]rune(w)) >= 5 && len(t) == 1 && ix.terms[t[0]] == 0
}

// shortTypo returns the one report word a four-letter word no report
// uses is a letter from, or "": "ecco" is echo, "aply" apply. A word
// that short is a letter from many, so only a word typed in lower case
// (one in capitals is an acronym) with a single such neighbour is one.
func (ix *Index) shortTypo(w string) string {
	if len(w) != 4 || w != strings.ToLower(w) || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return ""
	}
	if t := ix.analyze(w); len(t) != 1 || ix.terms[t[0]] > 0 {
		return ""
	}
	rw := []rune(w)
	var ed editRows
	var rv []rune
	found := ""
	for l := 3; l <= 5; l++ {
		for _, v := range ix.wordsByLen[l] {
			if v.word[0] != w[0] {
				continue
			}
			rv = rv[:0] // one buffer for every candidate, as in closest
			for _, r := range v.word {
				rv = append(rv, r)
			}
			if ed.distance(rw, rv, 1) <= 1 {
				if found != "" {
					return ""
				}
				found = v.word
			}
		}
	}
	return found
}

// completion returns the commonest report word that a word of four
// letters or more, found nowhere in the reports, is the start of: people
// shorten ("exec" for executive, "stats" for statistics).
func (ix *Index) completion(w string) string {
	lw := strings.ToLower(w)
	n := len([]rune(lw))
	if n < 4 || ix.meta.Vocabulary[lw] > 0 || strings.ContainsAny(lw, "0123456789-'’./") {
		return ""
	}
	if t := ix.analyze(lw); len(t) != 1 || ix.terms[t[0]] > 0 {
		return ""
	}
	best, bestCount := "", 0
	for l := n + 2; l <= n+12; l++ {
		for _, v := range ix.wordsByLen[l] {
			if strings.HasPrefix(v.word, lw) && (v.count > bestCount || v.count == bestCount && v.word < best) {
				best, bestCount = v.word, v.count
			}
		}
	}
	return best
}

// nearestWord finds the most common report word within the edit distance a
// typo allows, or "" when the word is known or nothing is close. The
// words of the concept map's everyday phrasings are candidates too, below
// any report word, and only when spelt as they sound or with the letters
// typed: "rasism" is "racism", which the reports never say but the
// concept map reads as disproportionality. A word of five letters or
// more, and no English word, may be a letter further from its right
// spelling when it keeps every letter typed ("upflit": uplift) or sounds
// the same ("blaim": blame); among words as close, one keeping every
// letter typed is the likelier ("contarcts": contracts, not contacts).
func (ix *Index) nearestWord(w string) string {
	lw := strings.ToLower(w)
	if ix.meta.Vocabulary[lw] > 0 || len([]rune(lw)) < 4 {
		return ""
	}
	t := typedWord{word: lw, runes: []rune(lw), letters: sortedLetters(lw), sound: soundKey(lw)}
	allowed := 1
	if len(t.runes) >= 8 {
		allowed = 2
	}
	if c := ix.closest(&t, allowed, allowed); c != "" {
		return c
	}
	// A letter further is tried only for a word no English list has: a
	// right word is no misspelling, and most words close to no report
	// word are right ones, so the wider search is seldom made.
	if len(t.runes) < 5 || ix.reportsUse(lw) {
		return ""
	}
	if lx, err := english(); err != nil || lx.knows(lw) {
		return ""
	}
	return ix.closest(&t, allowed, allowed+1)
}

// typedWord is a word looked up as a misspelling, in the forms compared.
type typedWord struct {
	word, letters, sound string
	runes                []rune
}

// closest is the best report or everyday word (nearestWord) at most reach
// edits from t, one more than allowed only with t's letters or sound, or "".
func (ix *Index) closest(t *typedWord, allowed, reach int) string {
	type candidate struct {
		word     string
		dist     int
		kept     bool // the same letters as typed
		count    int
		everyday bool // a concept phrasing's word, not the reports'
	}
	better := func(a, b candidate) bool {
		switch {
		case a.dist != b.dist:
			return a.dist < b.dist
		case a.kept != b.kept:
			return a.kept
		case a.everyday != b.everyday:
			return !a.everyday
		case a.count != b.count:
			return a.count > b.count
		}
		return a.word < b.word
	}
	best := candidate{dist: reach + 1}
	var ed editRows
	var rv []rune
	try := func(word string, count int, everyday bool) {
		if word[0] != t.word[0] {
			return // people rarely mistype a word's first letter
		}
		rv = rv[:0]
		for _, r := range word {
			rv = append(rv, r)
		}
		d := ed.distance(t.runes, rv, reach)
		if d > reach {
			return
		}
		kept := sortedLetters(word) == t.letters
		if (d > allowed || everyday) && !kept && soundKey(word) != t.sound {
			return // a word the reports never use must be more plainly meant
		}
		if c := (candidate{word, d, kept, count, everyday}); better(c, best) {
			best = c
		}
	}
	everyday := everydayWords()
	n := len(t.runes)
	for l := n - reach; l <= n+reach; l++ {
		for _, v := range ix.wordsByLen[l] {
			try(v.word, v.count, false)
		}
		for _, word := range everyday[l] {
			if ix.meta.Vocabulary[word] == 0 {
				try(word, 0, true)
			}
		}
	}
	if best.dist > reach {
		return ""
	}
	return best.word
}

// sortedLetters is a word's letters in order: two words with the same
// are each other's letters moved.
func sortedLetters(w string) string {
	b := []byte(w)
	slices.Sort(b)
	return string(b)
}

// soundKey is how a word sounds, roughly: its consonants, with a soft "c"
// written "s", "ck", "ch" and a hard "c" written "k", "ph" written "f",
// doubled letters once, and a vowel or run of vowels as one mark, a last
// silent "e" dropped. Words with one key are spelt as they sound alike:
// "blaim" and "blame", "rasism" and "racism".
func soundKey(w string) string {
	w = strings.TrimSuffix(w, "e")
	var b strings.Builder
	last := byte(0)
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case strings.IndexByte("aeiouy", c) >= 0:
			c = '*'
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			c = 's'
		case c == 'c' && (next == 'k' || next == 'h'):
			c, i = 'k', i+1
		case c == 'c' || c == 'q':
			c = 'k'
		case c == 'p' && next == 'h':
			c, i = 'f', i+1
		}
		if c != last {
			b.WriteByte(c)
		}
		last = c
	}
	return b.String()
}

// everydayWords are the words of the concept map's phrasings, by length:
// the words people use for what the reports name otherwise, which they
// misspell as they do report words.
var everydayWords = sync.OnceValue(func() map[int][]string {
	out := map[int][]string{}
	seen := map[string]bool{}
	for _, c := range readConcepts(conceptMap) {
		for _, p := range c.phrasings {
			for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r < 'a' || r > 'z' }) {
				if len(w) >= 4 && !seen[w] {
					seen[w] = true
					out[len(w)] = append(out[len(w)], w)
				}
			}
		}
	}
	return out
})

// nearestStem is nearestWord for a misspelt word whose right spelling no
// report uses in that form, though they use the word: "forcasting" is two
// letters from "forecast" but one from its stem, "accomodation" and
// "assualt" are one from the stems of "accommodated" and "assaults". It
// compares the word's analysed term, of seven letters or more, with the
// reports' terms, a letter apart at most, and returns the commonest report
// word analysed to the nearest, or "".
func (ix *Index) nearestStem(w string) string {
	t := ix.analyze(w)
	if len(t) != 1 || len([]rune(t[0])) < 7 || ix.terms[t[0]] > 0 {
		return "" // a shorter stem is a letter from too many others: "seper", "sever"
	}
	rt := []rune(t[0])
	const allowed = 1
	best, bestDist, bestCount := "", allowed+1, 0
	var ed editRows
	for term, n := range ix.terms {
		if l := len([]rune(term)); term[0] != t[0][0] || l < len(rt)-allowed || l > len(rt)+allowed {
			continue
		}
		d := ed.distance(rt, []rune(term), allowed)
		if d < bestDist || (d == bestDist && (n > bestCount || n == bestCount && term < best)) {
			best, bestDist, bestCount = term, d, n
		}
	}
	if bestDist > allowed {
		return ""
	}
	// The commonest word of that stem: stems are the start of their
	// words but for a last letter ("robberi": "robbery").
	prefix := best[:len(best)-1]
	word, count := "", 0
	for l := len(best); l <= len(best)+6; l++ {
		for _, v := range ix.wordsByLen[l] {
			if strings.HasPrefix(v.word, prefix) && (v.count > count || v.count == count && v.word < word) {
				if a := ix.analyze(v.word); len(a) == 1 && a[0] == best {
					word, count = v.word, v.count
				}
			}
		}
	}
	return word
}

// editRows holds the rows of an edit distance computation, reused from one
// comparison to the next: nearestWord compares a word with thousands, and
// allocating rows for each was most of the time of a question with a typo.
type editRows struct{ prev2, prev, cur []int }

// distance is the Damerau–Levenshtein (optimal string alignment) distance
// between a and b, or limit+1 once it must exceed limit.
func (e *editRows) distance(a, b []rune, limit int) int {
	n := len(b) + 1
	if cap(e.cur) < n {
		e.prev2, e.prev, e.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := e.prev2[:n], e.prev[:n], e.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
