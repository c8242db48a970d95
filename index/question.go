package index

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/peelbot/peelbot/corpus"
)

// question is a question as search understands it: the words that say
// what it is about, the reports it names, and what kind of answer it asks
// for.
type question struct {
	parsed Query
	// words are the free words searched for: the question's words less the
	// names of loaded forces, words that only refer to the force or the
	// report, and conversational filler.
	words []string
	terms []string // words, analysed
	// reports are the ids of the loaded reports whose force it names;
	// others the forces it names as its subject that no loaded report is of.
	reports []string
	others  []string
	intent  *Intent
	// alts are the other forms searched for each term (clauses.alts).
	alts map[string][][]string
	// alone are those searched for a term by itself (clauses.alone).
	alone map[string][][]string
	// phrasal are the terms a concept's phrasing says with words that
	// analyse to nothing (clauses.phrasal).
	phrasal map[string]bool
	// restated are forms a term is said by in the judgment only
	// (clauses.restated).
	restated map[string][][]string
	// namesForce is true when the question names the force, by name or
	// as "the force"; filtered when it has a kind: or area: filter.
	namesForce bool
	filtered   bool
	// aboutInspection is true when the question is about the inspection
	// itself: its grades, method or framework.
	aboutInspection bool
	// unitsOf caches Index.units, once alts are known.
	unitsOf *[]unit
	// unitOf caches askedUnit of the question, once unitRead: ranking
	// and the judgment both ask it.
	unitOf   *figureUnit
	unitRead bool
}

// askedUnit is the unit the question asks a figure in (askedUnit), or nil.
func (q *question) askedUnit() *figureUnit {
	if !q.unitRead {
		q.unitOf, q.unitRead = askedUnit(q.parsed.Raw), true
	}
	return q.unitOf
}

// inspectionWords mark a question about the inspection itself ("can we
// compare our grade with the last PEEL round", "is the victim service
// assessment graded"), which the inspectorate's standard wording answers.
var inspectionWords = regexp.MustCompile(`(?i)\b(peel|inspection|inspections|inspected|inspectorate|hmicfrs|assessment|assessed|graded|ungraded|grades?|grading|tiers?|judge?ments?|framework|methodology|themes|narrative)\b`)

// orgWords refer to the inspected force rather than to a subject: "tell
// me about the force". They are left out of the words searched for, so
// that "the force" does not find "use of force".
var orgWords = map[string]bool{
	"force": true, "forces": true, "force's": true, "constabulary": true, "constabulary's": true,
}

// reportWords refer to the report or the inspection ("what does the report
// say", "what did HMICFRS find"): they are searched for, but are not what a
// question is about.
var reportWords = map[string]bool{
	"report": true, "reports": true, "inspection": true, "inspections": true, "peel": true,
	"hmicfrs": true, "hmic": true, "inspectorate": true, "hmi": true, "hmi's": true, "inspector": true,
}

// forceAsSubject finds "force" meaning force used, not the organisation.
var forceAsSubject = regexp.MustCompile(`(?i)\b(use|uses|using|used) of force\b|\bforce (used|was used|is used)\b|\b(reasonable|excessive|lethal|unnecessary|physical) force\b`)

// askedKinds are the words after "how" that ask for a kind of answer, a
// speed, and say nothing of the subject: "how fast do they respond" is not
// about the Fast Track programme. "Quickly" is the reports' own word for
// it ("answered quickly"), and "long" is read by the waiting concept and
// the judgment of figures: both stay.
var askedKinds = map[string]bool{"fast": true, "quick": true, "soon": true}

// dropAskedKind drops the word after "how" that asks for a kind of answer.
func dropAskedKind(words []string) []string {
	out := words[:0:0]
	for i, w := range words {
		if i > 0 && strings.EqualFold(words[i-1], "how") && askedKinds[strings.ToLower(w)] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// otherForce reports whether "forces" after before means forces other
// than the one asked about ("work with other forces", "compared with
// neighbouring forces"): a subject, collaboration or comparison, and not
// the force the question is about.
func otherForce(before, lw string) bool {
	if lw != "forces" {
		return false
	}
	switch strings.ToLower(before) {
	case "other", "neighbouring", "neighboring", "nearby", "partner":
		return true
	}
	return false
}

// forceSuffixWords follow a place to name its force: "Essex Police".
var forceSuffixWords = map[string]bool{"police": true, "constabulary": true, "force": true, "police's": true, "constabulary's": true}

// askerRE finds a question introduced by who asks it: "As a victims'
// advocate I want to know: …", "chief inspector asking: …", "FIO query:
// …", "I'm a
// councillor, …". Who asks is not what is asked: the rest is the question.
var askerRE = regexp.MustCompile(`(?i)^\s*(?:(?:as an?|i(?:'m| am) an?)\s+[^:?]{1,60}?\s*[:,–—]|[a-z' ]{2,40}?\s+(?:asking|query|question)\s*:)\s+(\S.*)$`)

// notAsker are "as a …" openings that say how, not who: "as a percentage".
var notAsker = regexp.MustCompile(`(?i)^\s*as an? (result|percentage|proportion|share|whole|rule|consequence|priority|minimum|matter)\b`)

// withoutAsker is the question less its introduction of who asks.
func withoutAsker(pq Query) Query {
	if !strings.ContainsAny(pq.Raw, ":,–—") {
		return pq // askerRE needs one
	}
	m := askerRE.FindStringSubmatch(pq.Raw)
	if m == nil || notAsker.MatchString(pq.Raw) || len(pq.Phrases) > 0 || len(pq.Filters) > 0 {
		return pq
	}
	rest := ParseQuery(m[1])
	if subjectWordCount(rest.Words) < askerRest {
		// "As a response officer, what about our workload?": the
		// asker's role is part of what is asked.
		return pq
	}
	rest.Notes = pq.Notes
	return rest
}

// askerRest is how many words saying what it is about a question must
// have besides its asker's role for the role to be left out.
const askerRest = 3

// subjectWordCount counts the words that say what a question is about,
// less the words of asking.
func subjectWordCount(words []string) int {
	n := 0
	for _, w := range words {
		lw := strings.ToLower(w)
		if !frameWords[lw] && !fillerWords[lw] && !askingWords[lw] && !orgWords[lw] && !reportWords[lw] {
			n++
		}
	}
	return n
}

// understand reads a parsed question.
func (ix *Index) understand(pq Query) *question {
	pq = withoutAsker(pq)
	q := &question{parsed: pq}
	words, reports := ix.splitForceWords(pq.Words)
	q.reports = reports
	for _, f := range pq.Filters {
		switch f.Key {
		case "kind", "area":
			// A filter on kinds or chapters asks for a listing of its own.
			q.filtered = true
		default:
			// force:, report:, round: say which reports, as naming a force does.
			q.reports = append(q.reports, ix.matchReports(f)...)
		}
	}
	lraw := strings.ToLower(pq.Raw)
	keepForce := strings.Contains(lraw, "force") && forceAsSubject.MatchString(pq.Raw)
	q.namesForce = len(reports) > 0
	var kept []string
	for i, w := range words {
		lw := strings.ToLower(w)
		if orgWords[lw] && !(keepForce && strings.HasPrefix(lw, "force")) && !(i > 0 && otherForce(words[i-1], lw)) {
			q.namesForce = true
			continue
		}
		kept = append(kept, w)
	}
	q.words = dropFillers(dropAskedKind(kept))
	if len(kept) == 0 {
		q.words = nil
	}
	q.terms = ix.analyze(strings.Join(q.words, " "))
	q.aboutInspection = mayMatch(lraw, "peel", "inspect", "hmicfrs", "assess", "grad", "tier", "judg", "framework", "method", "theme", "narrative") && inspectionWords.MatchString(pq.Raw)
	if !q.filtered {
		q.intent = ix.recognise(ix.spelledQuestion(q))
	}
	q.others = ix.otherForces(pq.Words, q.intent != nil)
	return q
}

// otherForces returns the forces a question names as its subject ("what
// grades did Bedfordshire Police get", "how did Essex do") that no loaded
// report is of. A place is the subject when the question asks for a
// report's structure (grades, AFIs, …: structured), or when no loaded
// report mentions it; otherwise it is something the reports talk about
// ("the collaboration with Bedfordshire Police").
func (ix *Index) otherForces(words []string, structured bool) []string {
	loaded := ix.loadedPlaces()
	var out []string
	for _, f := range corpus.NamedForces(words) {
		if loaded[f.Place] || loaded[f.Short] {
			continue
		}
		if !structured && ix.meta.Vocabulary[strings.ToLower(strings.Fields(f.Place)[0])] > 0 {
			continue
		}
		name := f.As
		if f.End < len(words) && forceSuffixWords[strings.ToLower(words[f.End])] {
			name += " " + words[f.End]
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, name := range ix.misspeltForces(words, structured) {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// capitalised is w with its first letter in capitals: "essex" as "Essex".
func capitalised(w string) string {
	r := []rune(w)
	if len(r) == 0 {
		return w
	}
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// misspeltForces are the forces a question names with a slip in a
// one-word place before "police" or "constabulary" ("esex police",
// "surey constabulary"), that no loaded report is of: the word is no
// English word and one edit from the place. A force named as written is
// NamedForces'. As there, a place a loaded report mentions is the
// subject only of a question about a report's structure.
func (ix *Index) misspeltForces(words []string, structured bool) []string {
	loaded := ix.loadedPlaces()
	var rows editRows
	var out []string
	for i := 0; i+1 < len(words); i++ {
		w := strings.ToLower(strings.Trim(words[i], ".,;:!?()'’"))
		if len(w) < 4 || !forceSuffixWords[strings.ToLower(words[i+1])] || ix.meta.Vocabulary[w] > 0 {
			continue
		}
		// The word list is read only here, for a word before "police":
		// most questions never need it (TestReportWordsNeedNoWordList).
		if lx, err := english(); err != nil || lx.knows(w) {
			continue
		}
		for _, p := range corpus.OneWordPlaces {
			if p == w || loaded[p] || loaded[corpus.ShortNameOf(p)] || !structured && ix.meta.Vocabulary[p] > 0 {
				continue
			}
			if rows.distance([]rune(w), []rune(p), 1) <= 1 {
				out = append(out, capitalised(p)+" "+capitalised(strings.ToLower(words[i+1])))
				break
			}
		}
	}
	return out
}

// loadedPlaces are the place names and short names of the loaded reports'
// forces, read once.
func (ix *Index) loadedPlaces() map[string]bool {
	ix.placesOnce.Do(func() {
		ix.places = map[string]bool{}
		for _, r := range ix.meta.Reports {
			ix.places[corpus.ForcePlace(r.Force)] = true
			short, _, _ := strings.Cut(r.ID, "-2")
			ix.places[short] = true
		}
	})
	return ix.places
}
