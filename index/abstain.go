package index

import (
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/peelbot/peelbot/corpus"
)

// Whether the loaded reports answer a question is judged from evidence,
// not from one score threshold (a BM25 score means nothing across
// questions):
//   - names: a word that carries the question's meaning (a name, a
//     programme, a policing term, a capitalised phrase such as "Right Care
//     Right Person") that no loaded report uses, nor any form of it that
//     was searched for, means the reports don't cover the question,
//     however well its other words match;
//   - coverage: the share of the question's words (weighted by how rare
//     they are in the reports, after expansion) that the best of the top
//     passages matches; an answer matches most of what was asked;
//   - margin: how far the top score stands above the rest, reported as
//     evidence;
//   - the question naming only forces no loaded report is of, or an
//     inspection round (a year) that no loaded report's round or
//     publication covers, or asking for causes of concern a report does
//     not raise;
//   - a person asked for by their role ("who is the chief constable"):
//     the top passages must name someone, as PEEL reports rarely do;
//   - a figure asked for: a top passage must give one about the
//     question's subject, in the unit asked, and with any number of three
//     or more digits the question has (101 calls are not 999 calls); the
//     two passages below them are read too, on stronger evidence; whether
//     the force knows a figure, or what inspectors judged of it, needs no
//     figure;
//   - a town named as a place ("in Watford") that a report names but no
//     top passage does, or a thing dated by a year ("the 2021 census")
//     that the top passages date only by another;
//   - a figure for a kind of crime ("rape offences") or a group of the
//     workforce ("police staff") no top passage names; hours asked for
//     given without a number; a grade or rating asked that no sentence
//     on the subject gives.

// Evidence is what the judgment of whether the loaded reports answer a
// question rests on.
type Evidence struct {
	// Coverage is the weighted share of the question's words that the
	// best of the top passages matches, from 0 to 1.
	Coverage float64 `json:"coverage"`
	// Unmatched are the question's words that none of the top passages
	// matches; Absent those that no loaded report uses at all; Names those
	// of them that carry meaning (names, programmes, policing terms).
	Unmatched []string `json:"unmatched,omitempty"`
	Absent    []string `json:"absent,omitempty"`
	Names     []string `json:"names,omitempty"`
	// Margin is how far the top score stands above the tenth best, as a
	// share of the top score.
	Margin float64 `json:"margin"`

	// Reason names what decided: "answered", "structure", "names",
	// "coverage", "figure", "person", "place", "other year", "other force",
	// "other round", "none", "no match".
	Reason string `json:"reason"`
}

// Judgment tunes the judgment of whether the reports answer a question.
type Judgment struct {
	// MinCoverage is the least share of a question's words, weighted by
	// rarity, that one of the top passages must match to answer it.
	MinCoverage float64
	// Absent weighs a common word that no report uses, against the rarest
	// word they do use: such words are often the asker's own for what the
	// reports say otherwise ("knackered"), so they count for less.
	Absent float64
}

// DefaultJudgment was chosen on the tuning sets (index/testdata and the
// shared ones) and checked on a hold-out: everyday words no report uses
// ("afterwards", "bother", "jobs") are mostly the asker's phrasing, not
// the subject, so they weigh a quarter of the rarest word; topics, names
// and figures, not coverage, catch most questions the reports don't answer.
var DefaultJudgment = Judgment{MinCoverage: 0.25, Absent: 0.25}

// unit is one word of a question, for the judgment.
type unit struct {
	word   string     // as typed
	term   string     // analysed
	alts   [][]string // other forms searched for it, analysed
	weight float64
	// alone are the alts searched for the word by itself (question.alone).
	alone   [][]string
	present bool // it, or a form searched for it, is in the reports
	name    bool // it carries meaning: a name, a programme, a policing term
}

// units are the words of a question that say what it is about, worked
// out once a search: ranking and the judgment both weigh them.
func (ix *Index) units(q *question) []unit {
	if q.unitsOf == nil {
		u := ix.questionUnits(q)
		q.unitsOf = &u
	}
	return *q.unitsOf
}

func (ix *Index) questionUnits(q *question) []unit {
	seen := map[string]bool{}
	var out []unit
	for i, w := range q.words {
		if reportWords[strings.ToLower(w)] {
			continue // "what does the report say": not what it is about
		}
		for _, t := range ix.analyze(w) {
			if seen[t] {
				continue
			}
			seen[t] = true
			u := unit{word: w, term: t, alts: q.alts[t], alone: q.alone[t]}
			if place := shortPlace(w); place != "" {
				// "Beds and Cambs": reports write the place in full.
				u.alts = append(slices.Clone(u.alts), ix.analyze(place))
			}
			df := ix.terms[t]
			for _, a := range u.alts {
				df = max(df, ix.minDF(a))
			}
			u.present = df > 0
			u.weight = ix.idf(df)
			if !u.present {
				// The word list is read only for a word no report uses.
				if lx, err := english(); err == nil {
					u.name = ix.carriesMeaning(lx, w, i == 0 && len(q.parsed.Words) > 0 && q.parsed.Words[0] == w)
				}
			}
			if !u.present && !u.name {
				u.weight *= ix.Judgment.Absent
			}
			out = append(out, u)
		}
	}
	return out
}

// carriesMeaning reports whether a word no loaded report uses names
// something the question is about, so that its absence means the reports
// don't cover it: a name ("London"), a programme ("Soteria"), or a word
// that is not English, not a known acronym, and typed with capitals as
// names and acronyms are ("RCRP"). A common English word is not enough
// ("knackered" may stand for what the reports call fatigue), nor is a
// word typed in lower case that is not English: it is more often a
// misspelling than a name.
func (ix *Index) carriesMeaning(lx *lexicon, w string, first bool) bool {
	lw := withoutPossessive(strings.ToLower(w))
	if _, ok := ix.glossary.acronyms[lw]; ok {
		return false
	}
	if lx.isName(lw) || lx.programme[lw] {
		return true
	}
	if lx.knows(w) {
		return false
	}
	upper := strings.IndexFunc(w, unicode.IsUpper) >= 0
	allCaps := upper && strings.IndexFunc(w, unicode.IsLower) < 0
	return allCaps || upper && !first
}

// minDF is the document frequency of the rarest of terms: a phrase occurs
// at most as often as its rarest word.
func (ix *Index) minDF(terms []string) int {
	n := math.MaxInt
	for _, t := range terms {
		n = min(n, ix.terms[t])
	}
	if n == math.MaxInt {
		return 0
	}
	return n
}

// idf is BM25's inverse document frequency of a term in df passages; a
// term no passage has weighs as one in a single passage would.
func (ix *Index) idf(df int) float64 {
	n := float64(max(ix.docs, 1))
	d := float64(max(df, 1))
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// matches reports whether a passage's terms (termSet's " a b c ") include
// the unit's word or a form searched for it.
func (u unit) matches(terms string) bool {
	if hasTerm(terms, u.term) {
		return true
	}
	for _, a := range u.alts {
		all := true
		for _, t := range a {
			if !hasTerm(terms, t) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// matchesAlone is matches with only the forms searched for the unit's
// word by itself: a number that says what a question is about ("101")
// is not matched by what a phrase it is part of was searched as
// ("answering calls" for "answer 101"), which a passage about 999 calls
// has too.
func (u unit) matchesAlone(terms string) bool {
	return unit{term: u.term, alts: u.alone}.matches(terms)
}

// withoutPossessive is a word without its possessive ending, written
// with either apostrophe: "force's" and "force’s" are "force". The
// ending is matched as written, so a word is lowered first when its
// case should not matter.
func withoutPossessive(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
}

// hasTerm reports whether terms, space-separated with a space at each
// end, holds t, without building a set for each passage.
func hasTerm(terms, t string) bool {
	if t == "" {
		return false
	}
	for i := strings.Index(terms, t); i >= 0; {
		if i > 0 && terms[i-1] == ' ' && i+len(t) < len(terms) && terms[i+len(t)] == ' ' {
			return true
		}
		next := strings.Index(terms[i+1:], t)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// judge decides whether the hits answer the question, and says why. It
// reads the question before the passages (a force, round or structure
// asked settles it), then weighs the question's words, reads the top
// passages for how much of it they match and for the figure asked, and
// last asks each of the ways the closest passages can fail to answer
// (verdict), the first of which decides.
func (ix *Index) judge(ctx context.Context, res *Result, q *question, top []scoredDoc) {
	j := &judging{ix: ix, ctx: ctx, res: res, q: q, top: top, judged: top[:min(len(top), judgeDepth)], ev: &Evidence{}, subject: subjectOf(q)}
	res.Evidence = j.ev
	res.Answered = false
	if len(top) > 0 && top[0].score > 0 {
		j.ev.Margin = 1 - top[min(len(top), 10)-1].score/top[0].score
	}
	if j.settledByQuestion() {
		return
	}
	j.weighWords()
	j.readAsk()
	j.readCoverage()
	j.findFigure()
	for i, u := range j.units {
		if !j.matched[i] {
			j.ev.Unmatched = append(j.ev.Unmatched, u.word)
		}
	}
	if j.total < 1e-9 {
		j.ev.Coverage = 1 // only phrases and filters: they matched
	}
	if j.ev.Coverage < ix.Judgment.MinCoverage && j.total > 0 {
		j.readShownCoverage()
	}
	if reason, why := j.verdict(); reason != "" {
		j.notCovered(reason, why)
		return
	}
	j.ev.Reason = "answered"
	res.Answered = true
}

// judging is one question's judgment as it is worked out: what the
// question asks, and what the top passages were found to give.
type judging struct {
	ix  *Index
	ctx context.Context
	res *Result
	q   *question
	top []scoredDoc
	// judged are the top passages the judgment reads (judgeDepth).
	judged []scoredDoc
	ev     *Evidence
	// subject is what the question is about, as a note names it.
	subject string

	// units are the question's words, and total their weight, less that
	// of words that are no evidence against when unmatched.
	units []unit
	total float64
	// holder are the words naming a post's holder (postHolderWords).
	holder map[string]bool

	// unit is the unit a figure is asked in, figure whether a figure is
	// asked at all, known whether the question asks whether one is
	// known, often whether it asks how often.
	unit          *figureUnit
	figure, known bool
	often         bool
	// when marks the units that say the period asked for, dates those
	// that are dates in it.
	when, dates []bool
	// key is the figure's subject's rarest unit, or -1; exact the
	// question's numbers of three or more digits.
	key   int
	exact []unit
	// sharedOf is what a share asked for is of; measured the unit the
	// figure measures (or -1), unmeasurable whether that is something no
	// report measures.
	sharedOf     shareSubject
	measured     int
	unmeasurable bool

	// matched marks the units some judged passage matches; isAbout the
	// passages read for a figure that are about its subject, and
	// aboutHeadings their headlines; seenHeadings the headlines whose
	// paragraphs were read before the deeper scan.
	matched []bool
	// uncounted marks the units whose weight was taken out of total:
	// asking words and a post holder's, no evidence either way.
	uncounted     []bool
	isAbout       []bool
	aboutHeadings map[string]bool
	seenHeadings  map[string]bool
	// keyGiven and figureGiven say whether a passage read gives the
	// figure in the unit asked, and a figure at all.
	keyGiven, figureGiven bool

	// below are the passages ranked just below those judged, up to
	// figureDepth, with their fields read (once, by belowJudged).
	below     []scoredDoc
	belowRead bool
}

// notCovered records that the reports don't cover the question, for the
// reason named, with why said after.
func (j *judging) notCovered(reason, why string) {
	j.ev.Reason = reason
	j.res.Note = fmt.Sprintf("The loaded reports don't cover %s.", j.subject)
	if why != "" {
		j.res.Note += " " + why
	}
	j.res.Closest = j.ix.closestChapters(j.top)
}

// settledByQuestion decides the judgment before any passage is weighed,
// and reports whether it did: a question the recognised intent says
// nothing answers, one about a force or inspection round not loaded, one
// with no hits, or a structured one the report's structure answers.
func (j *judging) settledByQuestion() bool {
	ix, res, q, ev := j.ix, j.res, j.q, j.ev
	if in := res.Intent; in != nil && in.None {
		ev.Reason = "none"
		res.Note = in.Statement
		return true
	}
	if len(q.others) > 0 && len(q.reports) == 0 {
		ev.Reason = "other force"
		res.Note = fmt.Sprintf("The loaded reports don't include %s: they are %s.", strings.Join(q.others, " or "), ix.loadedForces())
		res.Closest = ix.closestChapters(j.top)
		return true
	}
	if years := ix.otherRounds(q); len(years) > 0 {
		ev.Reason = "other round"
		res.Note = fmt.Sprintf("The loaded reports don't include the %s inspection: they are %s.", strings.Join(years, " or "), ix.loadedRounds())
		res.Closest = ix.closestChapters(j.top)
		return true
	}
	if earlier := ix.noEarlierRound(q); earlier != "" {
		ev.Reason = "other round"
		res.Note = fmt.Sprintf("The loaded reports don't include an inspection before %s.", earlier)
		res.Closest = ix.closestChapters(j.top)
		return true
	}
	if len(res.Hits) == 0 {
		ev.Reason = "no match"
		if len(q.words) > 0 {
			res.Note = fmt.Sprintf("The loaded reports don't cover %s.", j.subject)
		}
		return true
	}
	if in := res.Intent; in != nil && len(in.Items) > 0 && (len(in.Topic) == 0 || len(in.Chapters) > 0) {
		ev.Reason = "structure"
		res.Answered = true
		return true
	}
	return false
}

// weighWords reads the question's words (units) and their total weight,
// and the names among them no report uses, less those that are no
// evidence it is not covered: a post holder's name, which reports write
// by the post, and a change the passages say in other words.
func (j *judging) weighWords() {
	ix, q, ev := j.ix, j.q, j.ev
	j.units = ix.units(q)
	for _, u := range j.units {
		j.total += u.weight
		if !u.present {
			ev.Absent = append(ev.Absent, u.word)
			if u.name {
				ev.Names = append(ev.Names, u.word)
			}
		}
	}
	ev.Names = inQuestionOrder(q.parsed.Raw, longestNames(append(append(ev.Names, ix.absentNames(j.ctx, q)...), ix.namedTopics(j.ctx, q)...)))
	// "what did HM Inspector Roy Wilsher say": the name is the post's
	// holder, which reports write by the post (the inspector's overview
	// is in the first person); whether the post's view is given decides.
	j.holder = postHolderWords(q.parsed.Raw)
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return onlyHolder(n, j.holder) })
	// "a pay rise" is what a report writes as "increased the starting
	// pay": the change said of the thing names it.
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return ix.changeSaid(n, ix.units(q), j.judged) })
}

// readAsk works out what figure, if any, the question asks for and what
// it is of: for a figure asked in a unit, a top passage must give the
// unit and match the rarest of the question's other words (the subject:
// 101 calls, not 999 calls), or most of them.
func (j *judging) readAsk() {
	raw, units := j.q.parsed.Raw, j.units
	j.unit = j.q.askedUnit()
	j.figure = asksForFigure(raw)
	j.known = asksWhetherKnown(raw) || judgedCue.MatchString(raw)
	if j.known {
		// "do they even know how many wanted people there are": a
		// passage saying whether the force knows answers, with or
		// without the figure.
		j.unit, j.figure = nil, false
	}
	// How often is answered in words as often as in figures: "every
	// month", "regularly", "depends on the level of risk".
	j.often = j.figure && oftenCue.MatchString(raw)
	// The period a figure is asked for ("in the year ending March
	// 2020") says when, not what: the figure's subject is the rest. Its
	// years must still be in the passage (exact, below).
	j.when, j.dates = periodUnits(raw, units)
	unit, figure := j.unit, j.figure
	j.key = -1
	for i, u := range units {
		if (unit != nil || figure) && u.present && !j.when[i] && !(unit != nil && unit.asked.MatchString(u.word)) && !quantityWord(u.word) && !lightVerbs[strings.ToLower(u.word)] && !trendWords[strings.ToLower(u.word)] && (j.key < 0 || u.weight > units[j.key].weight) {
			j.key = i
		}
	}
	// A number of three or more digits in the question (101, 999, a year)
	// says exactly what it is about: a passage without it (or a form
	// searched for it) is about something else, however much of the rest
	// it matches. Shorter numbers are often part of a code that reports
	// write in words ("outcome 16": evidential difficulties).
	j.exact = units[:0:0]
	for _, u := range units {
		if len(u.word) >= 3 && strings.IndexFunc(u.word, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
			j.exact = append(j.exact, u)
		}
	}
	if unit != nil && unit.name == "percent" {
		j.sharedOf = shareSubjectOf(raw, units, j.when)
	}
	j.measured, j.unmeasurable = -1, false
	if unit != nil || figure {
		j.measured, j.unmeasurable = measuredUnit(raw, units)
	}
}

// asksFigure reports whether the question asks for a figure, in a unit or
// not.
func (j *judging) asksFigure() bool { return j.unit != nil || j.figure }

// about reports whether a passage's terms are about the figure's
// subject: they have every one of the question's own numbers and its
// subject's rarest word, or cover the subject otherwise.
func (j *judging) about(terms string) bool {
	for _, u := range j.exact {
		if !u.matchesAlone(terms) {
			return false
		}
	}
	return j.key < 0 || j.units[j.key].matches(terms) || coversSubject(terms, j.units, j.when)
}

// notAFigure reports whether the number at text[at:end] is not the
// figure asked for: the question's own numbers name what it is about
// ("101 calls"), nor is a number named beside one of them as its like
// ("999 or 101 calls"), nor a year.
func (j *judging) notAFigure(text string, at, end int) bool {
	f := text[at:end]
	if isYear(f) {
		return true
	}
	for _, u := range j.exact {
		if strings.TrimRight(f, ".,") == u.word || besideNumber(text, at, end, u.word) {
			return true
		}
	}
	return false
}

// readCoverage reads the judged passages for which of the question's
// words they match (matched) and the weighted share the best of them
// matches (the evidence's coverage), and, for a figure asked, which of
// them are about its subject. A paragraph under the same headline as one
// about the question's subject is about it too: "how long does it take
// to examine a seized phone" is answered by "it used to be common to
// wait for up to nine months", under the headline of the paragraph on
// seized phones.
func (j *judging) readCoverage() {
	units := j.units
	j.matched = make([]bool, len(units))
	j.aboutHeadings = map[string]bool{}
	j.isAbout = make([]bool, len(j.judged))
	gots := make([]float64, len(j.judged))
	for k, d := range j.judged {
		terms := termsOf(d.fields)
		var got float64
		for i, u := range units {
			if u.matches(terms) {
				got += u.weight
				j.matched[i] = true
			}
		}
		if j.asksFigure() && j.about(terms) {
			j.isAbout[k] = true
			if h := str(d.fields, fieldHeading); h != "" {
				j.aboutHeadings[h] = true
			}
		}
		gots[k] = got
	}
	// The words of asking for a report's areas for improvement ("where
	// does it fall short in X") say what kind of passage answers, not
	// what it is about: the reports write them otherwise ("needs to",
	// "should"), so one no top passage matches is no evidence against.
	asking := askingCueWords(j.res.Intent, j.q.parsed.Raw)
	j.uncounted = make([]bool, len(units))
	for i, u := range units {
		if !j.matched[i] && (asking[strings.ToLower(u.word)] || !u.present && j.holder[strings.ToLower(u.word)]) {
			j.total -= u.weight
			j.uncounted[i] = true
		}
	}
	for _, got := range gots {
		if j.total > 0 {
			j.ev.Coverage = max(j.ev.Coverage, got/j.total)
		}
	}
}

// readShownCoverage raises the coverage to what the passages the user is
// shown match. The judgment reads the passages in the search's first
// order; the user reads them reranked, and the first shown may match
// more of the question than any of those ("the area had the highest
// level of disproportionality: Black people were 9.6 times as likely to
// be stopped"). The words taken out of the total count for nothing
// here either, so that the share stays one of the same whole, at most 1.
func (j *judging) readShownCoverage() {
	res := j.res
	for _, h := range res.Hits[:min(len(res.Hits), judgeDepth)] {
		terms := " " + j.ix.wordTerms(h.Heading+" "+h.Text) + " "
		var got float64
		for i, u := range j.units {
			if !j.uncounted[i] && u.matches(terms) {
				got += u.weight
			}
		}
		j.ev.Coverage = max(j.ev.Coverage, got/j.total)
	}
}

// belowJudged are the passages ranked just below those the judgment
// reads, up to figureDepth, with their stored fields: read once, for the
// deeper figure scan and for neighbours, whichever asks first.
func (j *judging) belowJudged() []scoredDoc {
	if !j.belowRead {
		j.belowRead = true
		if len(j.top) > judgeDepth {
			j.below = slices.Clone(j.top[judgeDepth:min(len(j.top), figureDepth)])
			j.ix.readFields(j.below)
		}
	}
	return j.below
}

// findFigure looks for the figure asked for (keyGiven, figureGiven) in
// the judged passages and, when they give none, in those ranked just
// below: "sergeants must check five records every month", fifth, is
// shown to the user, so it answers if it is about the subject. A figure
// of something no report measures is never given.
func (j *judging) findFigure() {
	j.scanForFigure(j.judged, 0, len(j.judged))
	if (j.unit != nil && !j.keyGiven || j.figure && !j.figureGiven) && !j.unmeasurable && len(j.top) > judgeDepth {
		// A paragraph read above under a headline a passage below is
		// about is read again, whole ("60,566 items of caller feedback"
		// under the headline of the paragraph on the feedback platform).
		j.seenHeadings = maps.Clone(j.aboutHeadings)
		deeper := append(slices.Clone(j.judged), j.belowJudged()...)
		j.scanForFigure(deeper, judgeDepth, judgeDepth)
	}
	if j.unmeasurable {
		j.keyGiven, j.figureGiven = false, false
	}
}

// scanForFigure looks for the figure asked for in docs from startAt on
// (and in those before it under a headline not seen before), those from
// deepFrom on ranked below the ones the judgment reads. The first docs'
// aboutness is known (isAbout); the rest's is worked out here.
func (j *judging) scanForFigure(docs []scoredDoc, startAt, deepFrom int) {
	for k := len(j.isAbout); k < len(docs); k++ {
		d := &docs[k]
		a := j.about(termsOf(d.fields))
		j.isAbout = append(j.isAbout, a)
		if h := str(d.fields, fieldHeading); a && h != "" {
			j.aboutHeadings[h] = true
		}
	}
	for k := range docs {
		d := &docs[k]
		if k < startAt && (j.isAbout[k] || j.seenHeadings[str(d.fields, fieldHeading)]) {
			continue // read already
		}
		// A passage below those the judgment reads must say the
		// figure in a sentence of its own with the subject's rarest
		// word: "within nine months" of a risk assessment, in a
		// passage on sex offenders, is no count of them.
		deep := k >= deepFrom
		if deep && !j.isAbout[k] {
			continue
		}
		if !j.isAbout[k] && !j.aboutHeadings[str(d.fields, fieldHeading)] {
			continue
		}
		if !j.isAbout[k] && !hasAll(j.exact, termsOf(d.fields)) {
			// Under the headline of a paragraph on 101 calls, one on
			// 999 calls' answering times is still about 999 calls.
			continue
		}
		t, _ := d.fields[fieldText].(string)
		if (j.unit == nil || j.keyGiven) && (!j.figure || j.figureGiven) {
			break // nothing more to find
		}
		if !j.isAbout[k] && j.measured < 0 {
			j.readWhole(t)
			continue
		}
		j.readNearSubject(d, t, deep, j.isAbout[k])
	}
}

// readWhole looks for the figure in a paragraph only under the subject's
// headline, taken whole: "it used to be common to wait for up to nine
// months", after the paragraph on seized phones. A time taken must be
// said as one there ("wait for up to nine months"): "groups of 25
// officers for 5 weeks at a time", under a headline on recruiting, is no
// time vetting takes.
func (j *judging) readWhole(t string) {
	unit, figure := j.unit, j.figure
	whole := func(int) bool { return true }
	if unit == timeTaken {
		spans := sentenceSpans(t)
		whole = func(at int) bool {
			sp := spans[spanOf(spans, at)]
			return waitSaidRE.MatchString(t[sp[0]:sp[1]])
		}
	}
	j.keyGiven = j.keyGiven || unit != nil && anyAt(unit.given, t, periodLabel, whole)
	j.figureGiven = j.figureGiven || figure && (givesFigures(t) || numberWordRE.MatchString(t) || j.often && frequencyRE.MatchString(t))
}

// readNearSubject looks for the figure in a passage (d, its text t) in a
// sentence near the subject: a figure answers when it is given of the
// subject, a sentence near it matching the subject too ("the lowest rate
// of use of DVPOs" is no detection rate of domestic abuse, though the
// passage mentions both). Deep, a passage ranked below those judged, must
// say it in the sentence itself with the subject's rarest word.
func (j *judging) readNearSubject(d *scoredDoc, t string, deep, isAbout bool) {
	ix, units, key, measured := j.ix, j.units, j.key, j.measured
	p := d.split()
	spans := p.spans
	// Whether a sentence is near the subject is worked out once for
	// each sentence a figure is in.
	nearness := make([]int8, len(spans)) // 0 not yet, 1 near, -1 not
	near := func(at int) bool {
		i := spanOf(spans, at)
		if nearness[i] == 0 {
			nearness[i] = -1
			win := ""
			if deep {
				win = " " + p.terms(ix, i)
			} else {
				win = p.window(ix, i)
			}
			if ix.onSubject(win, units, j.when, j.dates, key, measured, isAbout) && (!deep || key < 0 || units[key].matches(win)) && j.sharedOf.matchedBy(win) &&
				(measured < 0 || ix.namesMeasure(units[measured], str(d.fields, fieldHeading)+" "+t[spans[max(i-1, 0)][0]:spans[min(i+1, len(spans)-1)][1]])) {
				nearness[i] = 1
			}
		}
		return nearness[i] > 0
	}
	if j.unit != nil && !j.keyGiven {
		j.keyGiven = anyAt(j.unit.given, t, periodLabel, near)
	}
	if j.figure && !j.figureGiven {
		j.figureGiven = anyAt(figureRE, t, j.notAFigure, near) || anyAt(numberWordRE, t, nil, near) || j.often && anyAt(frequencyRE, t, nil, near)
	}
}

// offTopic is the topic the question asks about that the judged passages
// don't mention (topicOffTop), or "". A paragraph under the same finding
// as a top passage, ranked just below, is part of what the user reads:
// "the most prolific offenders (those that carry out burglaries)" beside
// the one on the scheme's deferred sentences.
func (j *judging) offTopic() string {
	offTop := j.ix.topicOffTop(j.ctx, j.q, j.judged)
	if offTop != "" && len(j.top) > judgeDepth {
		if j.ix.topicOffTop(j.ctx, j.q, neighbours(j.judged, j.belowJudged())) == "" {
			offTop = ""
		}
	}
	return offTop
}

// gradeUnsaid is, for a question asking for a grade from a grader other
// than the inspectorate, what the judged passages give no grade for, or
// "": the words of asking for a grade are not what it is of.
func (j *judging) gradeUnsaid() string {
	raw := j.q.parsed.Raw
	if !gradeAskCue.MatchString(raw) || !otherGraderRE.MatchString(raw) {
		return ""
	}
	skip := slices.Clone(j.when)
	for i, u := range j.units {
		skip[i] = skip[i] || gradeAskWords[strings.ToLower(u.word)]
	}
	return j.ix.sentenceGives(j.units, skip, j.judged, gradeGivenRE.MatchString)
}

// crimeKindUnmatched is, for a figure asked for a kind of crime ("the
// charge rate for rape offences") or group, that kind when no judged
// passage names it, or "": a rate for all crimes is not one for rape,
// however much of the rest matches.
func (j *judging) crimeKindUnmatched() string {
	crimeKind := ""
	if !j.asksFigure() {
		return crimeKind
	}
	for _, re := range []*regexp.Regexp{crimeKindRE, groupAskedRE} {
		for _, m := range re.FindAllStringSubmatch(j.q.parsed.Raw, -1) {
			for i, u := range j.units {
				if !j.matched[i] && !j.when[i] && !crimeKindFrame[strings.ToLower(m[1])] && strings.EqualFold(u.word, m[1]) {
					crimeKind = strings.TrimSpace(strings.TrimPrefix(m[0], m[0][:strings.IndexByte(m[0], ' ')+1]))
					if re == crimeKindRE {
						crimeKind = m[0]
					}
				}
			}
		}
	}
	return crimeKind
}

// verdict asks each of the ways the closest passages can fail to answer
// the question, and returns the reason and the sentence saying why of
// the first that holds, in order of how plainly it tells the user the
// reports don't cover it; or "" when none holds and the passages answer.
// Every check is worked out before the first is asked, as the judgment
// always has.
func (j *judging) verdict() (reason, why string) {
	ix, q, ev, units, judged := j.ix, j.q, j.ev, j.units, j.judged
	raw := q.parsed.Raw
	unit, figure := j.unit, j.figure
	role, byRole := askedPerson(raw)
	counted, countGiven := askedHeadcount(raw), false
	if j.known {
		counted = ""
	}
	if counted != "" {
		countGiven = ix.givesCount(judged, counted, units, countKey(counted, units, j.when))
	}
	passing := ix.forceInPassing(q, units, judged)
	howTo := mayMatch(strings.ToLower(raw), " i ", "you", "someone", "anyone", " one ") && howToCue.MatchString(raw)
	offTop := j.offTopic()
	heldBy := ix.postInPassing(q, units, judged)
	body := ""
	if heldBy == "" {
		body = ix.bodyInPassing(q, units, judged)
	}
	trend := ix.trendUnsaid(j.ctx, q, units, j.when, judged)
	elsewhere := findingsAskCue.MatchString(raw) && ix.reportedElsewhere(units, judged)
	ungraded := j.gradeUnsaid()
	untimed, unnamed := "", ""
	if trend == "" {
		untimed = ix.timeUnsaid(q, units, unseen(j.when, j.matched), judged)
	}
	if role == "" && untimed == "" {
		unnamed = ix.nameUnsaid(q, units, unseen(j.when, j.matched), judged)
	}
	place := ix.placeUnmatched(q, units, j.matched, j.holder)
	otherYear := ""
	if place == "" {
		otherYear = yearOfOther(raw, judged)
	}
	crimeKind := j.crimeKindUnmatched()
	national := (unit != nil || figure || counted != "") && nationalAskCue.MatchString(raw) && !givesNationalFigure(judged)
	switch {
	case len(ev.Names) > 0:
		return "names", fmt.Sprintf("No loaded report mentions %s.", quoteList(ev.Names))
	case role == "" && heldBy != "":
		return "person", fmt.Sprintf("The closest passages mention the %s only in passing.", heldBy)
	case role == "" && body != "":
		return "view", fmt.Sprintf("The closest passages mention %s only in passing.", body)
	case offTop != "":
		return "topic", fmt.Sprintf("The closest passages don't mention %s.", quoteList([]string{offTop}))
	case passing != "":
		return "other force", fmt.Sprintf("The loaded reports are %s: they mention %s only in passing.", ix.loadedForces(), passing)
	case howTo || contactCue.MatchString(raw):
		return "how-to", "PEEL reports judge how well a force works; they give the public no instructions or contact details."
	case role != "" && !namesAPerson(judged, byRole):
		return "person", fmt.Sprintf("The closest passages name no %s.", role)
	case ev.Coverage < ix.Judgment.MinCoverage:
		return "coverage", "The closest passages match only some of its words."
	case place != "":
		return "place", fmt.Sprintf("The closest passages don't mention %s.", quoteList([]string{place}))
	case otherYear != "":
		return "other year", fmt.Sprintf("The closest passages give %s.", otherYear)
	case trend != "":
		return "trend", fmt.Sprintf("The closest passages say nothing of a change in %s.", quoteList([]string{trend}))
	case elsewhere:
		return "elsewhere", "The closest passage says the inspectorate reports on this separately."
	case ungraded != "":
		return "grade", fmt.Sprintf("The closest passages give no grade or rating for %s.", ungraded)
	case untimed != "":
		return "time", "The closest passages give no date or time for it."
	case unnamed != "":
		return "name", "The closest passages don't say what it is called."
	case crimeKind != "":
		return "figure", fmt.Sprintf("The closest passages give no figure for %s.", crimeKind)
	case national:
		return "figure", "The closest passages give no national figure to compare with."
	case unit != nil && !j.keyGiven:
		return "figure", fmt.Sprintf("The closest passages give no figure in %s.", unit.name)
	case counted != "" && !countGiven:
		return "figure", fmt.Sprintf("The closest passages give no number of %s.", counted)
	case figure && !j.figureGiven:
		of := "it" // only a period and a kind of figure asked ("statistics for August 1990")
		if j.key >= 0 {
			of = units[j.key].word
		}
		if j.measured >= 0 {
			of = units[j.measured].word // "caseload", not "detective"
		}
		return "figure", fmt.Sprintf("The closest passages give no figure for %s.", of)
	}
	return "", ""
}

// changeNounRE finds a name for a change in something ("pay rise",
// "budget cuts", "fee increase"): its first group is the thing.
var changeNounRE = regexp.MustCompile(`(?i)^([\p{L}][\p{L} '’-]*?)\s+(?:rises?|increases?|raises?|hikes?|cuts?|reductions?|decreases?|freezes?|boosts?)$`)

// changeVerbRE finds a change said in a sentence: "increased", "cut".
var changeVerbRE = regexp.MustCompile(`(?i)\b(?:increas\w*|rais(?:e|ed|es|ing)|ris(?:e|en|es|ing)|rose|reduc\w*|cut|cuts|decreas\w*|boost\w*|froze|frozen|freez\w*)\b`)

// changeSaid reports whether a name no report uses is a change in
// something (changeNounRE) that one of the passages says in a sentence
// of its own, with every word of the thing and the question's rarest
// other word (units): "increased the starting pay for new recruits" says
// a pay rise for new recruits.
func (ix *Index) changeSaid(name string, units []unit, docs []scoredDoc) bool {
	m := changeNounRE.FindStringSubmatch(name)
	if m == nil {
		return false
	}
	thing := ix.wordTerms(m[1])
	if strings.TrimSpace(thing) == "" {
		return false
	}
	// Whose change it is ("new recruits" of "have new recruits had a pay
	// rise"), the question's rarest other word, must be in the sentence
	// or its headline: starting pay raised for recruits is no pay rise
	// for call handlers.
	var whose *unit
	inName := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(name)) {
		inName[w] = true
	}
	for i := range units {
		u := &units[i]
		lw := strings.ToLower(u.word)
		if u.present && !inName[lw] && !lightVerbs[lw] && !quantityWord(lw) && (whose == nil || u.weight > whose.weight) {
			whose = u
		}
	}
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if !changeVerbRE.MatchString(p.sentence(i)) {
				continue
			}
			terms := " " + p.terms(ix, i)
			all := whose == nil || whose.matches(terms+p.heading(ix)+" ")
			for _, t := range strings.Fields(thing) {
				all = all && hasTerm(terms, t)
			}
			if all {
				return true
			}
		}
	}
	return false
}

// neighbours are the top passages the judgment reads and, of those
// ranked below them up to figureDepth, the ones under the same finding's
// headline as one of them.
func neighbours(read, below []scoredDoc) []scoredDoc {
	heads := map[string]bool{}
	for _, d := range read {
		if h := str(d.fields, fieldHeading); h != "" {
			heads[h] = true
		}
	}
	out := slices.Clone(read)
	for _, d := range below {
		if heads[str(d.fields, fieldHeading)] {
			out = append(out, d)
		}
	}
	return out
}

// shareOfRE finds what a share is asked of: "what percentage of
// domestic abuse crimes resulted in a charge" asks it of "domestic abuse
// crimes". Its group is what the share is of.
var shareOfRE = regexp.MustCompile(`(?i)\b(?:percentages?|proportions?|shares?|per ?cent|%)\s+of\s+(?:all\s+|the\s+|its\s+|their\s+)?([\p{L}\d' -]+?)\s+(?:were|was|are|is|have|has|had|that|which|who|resulted|result|results|led|lead|ended|end|ends|did|do|does|get|gets|got|in|on|at|by|for|with|from)\b`)

// shareSubject are the units of what a share is asked of: a figure must
// be given of all of them, not of the rarest alone ("6.5 percent of
// crimes were charged" is no share of domestic abuse crimes charged).
type shareSubject []unit

// shareSubjectOf are the units a question asks a share of (shareOfRE) that a
// report uses, or none.
func shareSubjectOf(raw string, units []unit, when []bool) shareSubject {
	m := shareOfRE.FindStringSubmatch(raw)
	if m == nil {
		return nil
	}
	in := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		in[w] = true
	}
	var out shareSubject
	for i, u := range units {
		if in[strings.ToLower(u.word)] && u.present && !when[i] && !quantityWord(u.word) {
			out = append(out, u)
		}
	}
	return out
}

// matchedBy reports whether terms match every unit of the subject.
func (s shareSubject) matchedBy(terms string) bool {
	for _, u := range s {
		if !u.matches(terms) {
			return false
		}
	}
	return true
}

// placeUnmatched returns a name the question types with a capital after
// a preposition of place (placeAt), that
// the word lists know only as a name ("Stevenage"), or don't know and is
// not an acronym ("Watford"), and that a loaded report uses, when none of the top passages does (matched): the
// question is about that town, the passages about the county, or another
// town. The loaded forces' own places, named in every report's passages,
// are not it, nor the name of a post's holder (postHolderWords), whose
// view reports give in the first person. "" when there is none.
func (ix *Index) placeUnmatched(q *question, units []unit, matched []bool, holder map[string]bool) string {
	var loaded map[string]bool
	for i, u := range units {
		if matched[i] || !u.present || len(u.word) < 3 || !unicode.IsUpper([]rune(u.word)[0]) {
			continue
		}
		// The word list (megabytes) and the places are read only for a
		// capitalised word no top passage has: most questions have none.
		lx, err := english()
		if err != nil {
			return ""
		}
		if loaded == nil {
			loaded = ix.loadedPlaces()
		}
		lw := strings.ToLower(u.word)
		if calendarWords[lw] {
			continue // "in April", "on Fridays", "at Christmas": a time, not a place
		}
		name := lx.isName(lw) || !lx.knows(u.word) && strings.IndexFunc(u.word, unicode.IsLower) >= 0
		if loaded[lw] || loaded[shortPlace(u.word)] || holder[lw] || !name || len(q.parsed.Words) > 0 && q.parsed.Words[0] == u.word {
			continue
		}
		if len(corpus.NamedForces([]string{u.word})) > 0 || !placeAt(q.parsed.Raw, u.word) {
			continue
		}
		return u.word
	}
	return ""
}

// calendarWords are the names of months, days and holidays: capitalised
// after "in" or "at" like a town, but a time.
var calendarWords = func() map[string]bool {
	out := wordSet("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
		"christmas", "easter", "ramadan", "eid", "diwali", "halloween", "hanukkah", "whitsun")
	for m := range months {
		out[m] = true
	}
	return out
}()

// placePrepositions are the words a place follows: "in Watford", "around
// St Albans".
var placePrepositions = wordSet("in", "at", "around", "across", "near", "within", "throughout", "for")

// placeAt reports whether raw names w as a place: after a preposition
// of place, or as the first of two capitalised words after one ("in St
// Albans" has "Albans" after "St").
func placeAt(raw, w string) bool {
	words := strings.FieldsFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' })
	for i, x := range words {
		if x != w || i == 0 {
			continue
		}
		if placePrepositions[strings.ToLower(words[i-1])] {
			return true
		}
		if i >= 2 && placePrepositions[strings.ToLower(words[i-2])] && unicode.IsUpper([]rune(words[i-1])[0]) {
			return true
		}
	}
	return false
}

// yearNounRE finds a year written before what it dates: "the 2021
// census", "2019 staff survey". Its groups are the year and the word.
var yearNounRE = regexp.MustCompile(`(?i)\b((?:19|20)\d\d) ([a-z][a-z'’-]+)\b`)

// yearOfOther returns what a question dates by a year ("the 2021
// census"), with the other year one of the passages dates it by instead
// ("the 2011 census"), when no passage dates it by the question's year:
// the passages give another year's. "" otherwise.
func yearOfOther(raw string, docs []scoredDoc) string {
	for _, m := range yearNounRE.FindAllStringSubmatch(raw, -1) {
		year, noun := m[1], strings.ToLower(m[2])
		if len(noun) < 4 || months[noun] || frameWords[noun] {
			continue
		}
		other := ""
		for k := range docs {
			t := str(docs[k].fields, fieldText)
			for _, at := range yearNounRE.FindAllStringSubmatchIndex(t, -1) {
				w := strings.ToLower(t[at[4]:at[5]])
				if w != noun && w != noun+"s" && w+"s" != noun {
					continue
				}
				// "the 2020 and 2021 surveys" dates them by both years
				if strings.Contains(t[max(at[0]-24, 0):at[3]], year) {
					return ""
				}
				other = t[at[0]:at[5]]
			}
		}
		if other != "" {
			return "the " + other
		}
	}
	return ""
}

// figureDepth is how many of the best passages are read for a figure
// asked for when the few the judgment reads give none.
const figureDepth = 5

// readFields loads the stored fields of the docs not read yet; a doc that
// cannot be read is left without them.
func (ix *Index) readFields(docs []scoredDoc) {
	var r bleveindex.IndexReader
	for i := range docs {
		if docs[i].fields != nil || docs[i].id == "" {
			continue
		}
		if r == nil {
			adv, err := ix.bi.Advanced()
			if err != nil {
				return
			}
			if r, err = adv.Reader(); err != nil {
				return
			}
			defer r.Close()
		}
		doc, err := r.Document(docs[i].id)
		if err != nil || doc == nil {
			continue
		}
		f := map[string]any{}
		doc.VisitFields(func(field bleveindex.Field) {
			if v, ok := field.(bleveindex.TextField); ok {
				f[field.Name()] = v.Text()
			}
		})
		docs[i].fields = f
	}
}

// knownCue asks whether a force knows or can say a figure, not for the
// figure: "do they even know how many wanted people there are", "why
// can't they say how many", "does the force record how often". A figure
// asked of whoever answers ("can you tell me how many", "do you know how
// many") is the figure itself: "me" or "you" stands between.
var knownCue = regexp.MustCompile(`(?i)\b(?:know|knows|knew|say|says|said|tell|tells|record|records|track|tracks|monitor|monitors|understand|understands|measure|measures|establish|identify|work out|find out|keep track of)\s+(?:exactly\s+|precisely\s+)?how (?:many|much|often|long)\b`)

// judgedCue asks what inspectors judged of a figure, not for the figure:
// "what did inspectors criticise about how long it takes officers to
// turn up", "were they concerned about how many calls were abandoned".
// The judgment answers, in words as often as in figures.
var judgedCue = regexp.MustCompile(`(?i)\b(?:critici[sz](?:e|es|ed|ing)|critical|concerns?|concerned|worried|worries|praised?|fault(?:ed)?|complain(?:ed|s)?)\s+(?:\w+\s+)?(?:about|of|over|with)\s+how (?:long|many|much|often|quickly|fast|soon)\b`)

// asksWhetherKnown reports whether a question asks if the force knows a
// figure (knownCue) rather than asking its asker for it.
func asksWhetherKnown(raw string) bool {
	for _, m := range knownCue.FindAllStringIndex(raw, -1) {
		before := strings.Fields(strings.ToLower(raw[:m[0]]))
		asker := false
		for _, w := range before[max(len(before)-2, 0):] {
			asker = asker || w == "you" || w == "u"
		}
		if len(before) > 0 && !asker {
			return true
		}
	}
	return false
}

// postHolderRE finds a post written before a person's name: "HM
// Inspector Roy Wilsher", "Chief Constable Charlie Hall". Its last group
// is the name.
var postHolderRE = regexp.MustCompile(`(?i:\b(?:` + inspectors + `|` + roles + `|chief constables?|inspectors?)\s+)(?P<holder>[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)+)`)

// postHolderWords are the words, in lower case, of the person's names a
// question writes after their post (postHolderRE), and of those posts:
// the first name must be one the word lists know only as a name, or the
// last one they do not know ("Roy Wilsher", "Charlie Hall" is not).
func postHolderWords(raw string) map[string]bool {
	if !mayMatch(strings.ToLower(raw), "inspector", "hmi", "chief", "commissioner", "pcc", "superintendent", "commander", "chair", "director", "head of", "leader", "mayor", "minister", "in charge") {
		return nil
	}
	lx, err := english()
	if err != nil {
		return nil
	}
	h := postHolderRE.SubexpIndex("holder")
	var out map[string]bool
	for _, m := range postHolderRE.FindAllStringSubmatchIndex(raw, -1) {
		name := strings.Fields(raw[m[2*h]:m[2*h+1]])
		if !lx.isName(strings.ToLower(name[0])) && lx.knows(strings.ToLower(name[len(name)-1])) {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		for _, w := range strings.Fields(raw[m[0]:m[1]]) {
			out[strings.ToLower(withoutPossessive(w))] = true
		}
	}
	return out
}

// onlyHolder reports whether a name is made only of the words of posts
// and their holders' names (postHolderWords).
func onlyHolder(name string, holder map[string]bool) bool {
	if len(holder) == 0 {
		return false
	}
	for _, w := range strings.Fields(name) {
		if !holder[strings.ToLower(withoutPossessive(w))] {
			return false
		}
	}
	return true
}

// askingCueWords are the words, in lower case, of the cue by which a
// question asks for a kind of structured item ("fall short", "areas for
// improvement", "causes of concern", "recommend"), less the words the
// cue leaves as its subject ("what should call handlers do better").
func askingCueWords(in *Intent, raw string) map[string]bool {
	if in == nil {
		return nil
	}
	var cue *regexp.Regexp
	switch in.Kind {
	case IntentAFI:
		cue = afiCue
	case IntentConcern:
		cue = concernCue
	case IntentRecommendation:
		cue = recCue
	case IntentPractice:
		cue = practiceCue
	default:
		return nil
	}
	lraw := strings.ToLower(raw)
	between := cue.SubexpIndex("between")
	out := map[string]bool{}
	for _, m := range cue.FindAllStringSubmatchIndex(lraw, -1) {
		text := lraw[m[0]:m[1]]
		if between > 0 && m[2*between] >= 0 {
			text = lraw[m[0]:m[2*between]] + " " + lraw[m[2*between+1]:m[1]]
		}
		for _, w := range strings.Fields(text) {
			out[w] = true
		}
	}
	return out
}

// elsewhereRE finds a report saying an area's findings are published in
// another report ("we now grade and report on forces' performance
// separately", "you can access the report on our website", "a link to
// the regional report"); findingsAskCue a question asking what an
// inspection found. The best passage saying the findings are elsewhere
// does not give them.
var (
	elsewhereRE    = regexp.MustCompile(`(?i)\b(?:report(?:ed|s)? on (?:\S+ ){0,4}?separately|access the report on our website|(?:in|a link to) (?:the |a |their )?(?:regional|separate) (?:\S+ )?reports?\b|will update our website)`)
	findingsAskCue = regexp.MustCompile(`(?i)\b(?:find|found|findings|conclude|concluded|conclusions?|identify|identified|discover|discovered|uncover|uncovered|reveal|revealed)\b`)
)

// reportedElsewhere reports whether the best passage's section (its
// chapter's introduction: "We now inspect serious and organised crime on
// a regional basis") says, in one of the top passages, that its findings
// are published in another report, and whether that section is what the
// question asks about: one of its words, other than the asking ones, is
// in the chapter's or section's title or the passage. "What did the
// inspection find" names no area, so a passage on one area reported
// elsewhere is no reason to say the reports don't answer.
func (ix *Index) reportedElsewhere(units []unit, docs []scoredDoc) bool {
	if len(docs) == 0 {
		return false
	}
	report, section := str(docs[0].fields, fieldReport), str(docs[0].fields, fieldSection)
	for _, d := range docs {
		text := str(d.fields, fieldText)
		if str(d.fields, fieldReport) == report && str(d.fields, fieldSection) == section && elsewhereRE.MatchString(text) {
			return ix.asksAbout(units, str(d.fields, fieldChapter)+" "+section+" "+str(d.fields, fieldHeading)+" "+text)
		}
	}
	return false
}

// asksAbout reports whether a unit of the question that is not a way of
// asking what was found has its term among text's.
func (ix *Index) asksAbout(units []unit, text string) bool {
	terms := map[string]bool{}
	for _, t := range ix.analyze(text) {
		terms[t] = true
	}
	for _, u := range units {
		if u.term != "" && terms[u.term] && !findingsAskCue.MatchString(u.word) {
			return true
		}
	}
	return false
}

// crimeKindRE finds a kind of crime a question names ("rape offences",
// "burglary cases", "knife crimes"): its first group is the kind.
var crimeKindRE = regexp.MustCompile(`(?i)\b([\p{L}-]+) (?:offences?|offenses?|crimes?|offending|cases)\b`)

// groupAskedRE finds the group of people a figure is asked of ("what
// percentage of police staff", "among special constables"): its first
// group is the word naming them. A figure for officers is not one for
// police staff.
var groupAskedRE = regexp.MustCompile(`(?i)\b(?:of|among|for) (?:the |its |their |all )?(?:[\p{L}-]+ )?(staff|pcsos|specials|volunteers|sergeants|detectives|recruits|leavers|constables|investigators|handlers|dispatchers|supervisors)\b`)

// crimeKindFrame are words before "crimes" or "cases" that say which of
// them, not what kind ("all crimes", "recorded crimes").
var crimeKindFrame = wordSet("all", "these", "those", "such", "other", "recorded", "reported", "total", "more", "most", "many", "some", "new", "open", "closed", "outstanding", "our", "their", "its", "the", "of")

// gradeAskCue asks what grade, rating or score something was given
// ("what grade did the force get for investigating crime", "what rating
// did the audit give"); gradeGivenRE finds one given: the inspectorate's
// grades, a grade or rating said, or a score. A passage saying only that
// an audit took place, or that a grade will be published, gives none.
// Only a grade given by another than the inspectorate (otherGraderRE)
// is checked so.
var (
	gradeAskCue  = regexp.MustCompile(`(?i)\bwhat (?:(?:grade|grading|rating|score|mark)s?(?: or (?:grade|grading|rating|score|mark)s?)?|(?:was|is) (?:the|its|their) (?:grade|grading|rating|score))\b(?: \S+){0,2}? ?(?:did|does|do|was|were|is|has|have|had|got|get)\b`)
	gradeGivenRE = regexp.MustCompile(`(?i)\b(?:outstanding|good|adequate|requires improvement|inadequate|graded|rated|scored|(?:grade|rating|score) of|(?:rating|grade|score) (?:was|is)|out of \d+|\d+ out of|unqualified|qualified opinion|clean bill)\b`)
	// otherGraderRE finds a grader other than the inspectorate: an
	// audit, a review, a survey. The inspectorate's own grades are the
	// report's, found by its structure or in chapters the top passages
	// may not show.
	otherGraderRE = regexp.MustCompile(`(?i)\b(?:audit\w*|reviews?|reviewed|reviewers?|surveys?|accredit\w*|certif\w*|ombudsman|ofsted|iopc|external|independent|peer)\b`)
	gradeAskWords = wordSet("grade", "grades", "grading", "graded", "rating", "ratings", "rated", "score", "scores", "scored", "mark", "marks", "get", "got", "give", "gave", "given", "receive", "received")
)

// whenAskCue asks when something happened or will ("when will the new
// unit open", "when was the hub set up", "when does the force plan to
// start", "in what year"), not on what occasion ("when a victim pulls
// out, do officers...", "what happens when the car can't come").
var whenAskCue = regexp.MustCompile(`(?i)^\W*(?:(?:and|so|but|ok|okay)\W+)?when (?:will|would|did|was|were|has|have|had)\b|^\W*(?:(?:and|so|but|ok|okay)\W+)?when (?:is|are|does|do)\b(?: \S+){0,6}? (?:due|expected|planned|plan|plans|planning|intend|intends|going to|scheduled|set to|start|starts|begin|begins|open|opens|launch|launches|end|ends|finish|finishes|introduce|introducing)\b|\b(?:what|which) (?:year|month|date)\b|\bby when\b|\bhow soon\b`)

// timeRE finds a time a report gives: a year, a month, a season, a time
// relative to now or to something else ("next year", "recently", "once
// the inspection is complete", "hasn't yet"), a deadline ("by the end
// of", "within six months").
var timeRE = regexp.MustCompile(`(?i)\b(?:(?:19|20)\d\d|january|february|march|april|june|july|august|september|october|november|december|\d{1,2} may|may (?:19|20)\d\d|spring|summer|autumn|winter|quarter|(?:next|last|this|previous|coming|following|past|recent) (?:few )?(?:years?|months?|weeks?|days?|financial year|quarter)|recent(?:ly)?|soon|shortly|once|until|yet|by the end of|within (?:the next )?\w+ (?:days|weeks|months|years)|since|(?:planned|scheduled|due) (?:for|to|in|by)|in the (?:near )?future)\b`)

// inspectionTimeRE finds when the inspectorate looked ("In April 2022,
// during our inspection of custody suites"): the time of the looking,
// not of what was seen.
var inspectionTimeRE = regexp.MustCompile(`(?i)\b(?:in |on |by )?(?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october|november|december)? ?(?:19|20)\d\d,? (?:during|in|at the time of) (?:our|the|this) [^,.]{0,40}?inspection\b`)

// timeUnsaid names what a question asks when of ("when will the new
// unit open": its rarest word, besides a period it names) when no top
// passage gives a time (timeRE) in a sentence that, with those either
// side or its headline, names it or most of the question's other words;
// "" otherwise. A passage saying the force is investing in a unit does
// not say when it opens, nor does the date of the inspection's visit.
func (ix *Index) timeUnsaid(q *question, units []unit, when []bool, docs []scoredDoc) string {
	raw := q.parsed.Raw
	if !mayMatch(strings.ToLower(raw), "when", "year", "month", "date", "how soon") || !whenAskCue.MatchString(raw) {
		return ""
	}
	return ix.sentenceGives(units, when, docs, func(s string) bool {
		return timeRE.MatchString(inspectionTimeRE.ReplaceAllString(s, " "))
	})
}

// nameAskCue asks what something is called: "what was the name of the
// operation", "what is the scheme for young offenders called", "which
// company runs the contract", "what software do they use" (the kinds of
// thing only a name tells apart). A post's holder is asked for by
// personCues.
var nameAskCue = regexp.MustCompile(`(?i)\bwhat(?:'s|’s| is| was| are| were) the names? of\b|\bwhat(?:'s|’s| is| was| are| were) (?:the |their |its |this |that )?(?:\S+ ){1,6}?(?:called|named|known as)\W*$|^\W*(?:please )?name the\b|\b(?:which|what) (?:company|companies|firm|firms|supplier|suppliers|contractor|contractors|vendor|software|app|apps|brand|make|charity|charities|university|universities|college|hospital|hospitals)\b`)

// nameGivenRE finds a name given in a sentence: a word for naming
// ("called", "known as"), a quoted name ("a 'digi-van'"), a name's
// acronym ("investigation unit (DFIU)"), or two
// capitalised words after the sentence's first ("Operation Encompass").
var nameGivenRE = regexp.MustCompile(`(?i:\b(?:called|named|known as|dubbed|branded|titled)\b)|['‘"“][^'’"”]{2,40}['’"”]|\([A-Z][A-Za-z]*[A-Z]\)|\S\s+[A-Z][\w'’-]*\s+(?:of\s+|and\s+)?[A-Z][\w'’-]*`)

// appositiveRE finds a thing's name set between commas after what it is:
// "a customer feedback platform, echo, is used", "a private company,
// SecureCare, to".
var appositiveRE = regexp.MustCompile(`(?i)\b(?:company|firm|supplier|contractor|provider|platform|system|software|app|tool|programme|program|scheme|initiative|project|operation|charity|unit|team|service|trust|panel|board|group),\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*(?:,|\(|$)`)

// nameWords ask for a name; they are not what is named.
var nameWords = map[string]bool{"name": true, "names": true, "named": true, "called": true, "known": true}

// nameUnsaid names what a question asks the name of when no top passage
// has a sentence about it that gives a name (nameGivenRE); "" otherwise.
// "An ongoing operation that was tackling offending in local parks" does
// not say what the operation was called.
func (ix *Index) nameUnsaid(q *question, units []unit, when []bool, docs []scoredDoc) string {
	raw := q.parsed.Raw
	if !mayMatch(strings.ToLower(raw), "name", "called", "known as", "which", "what") || !nameAskCue.MatchString(raw) {
		return ""
	}
	rest := slices.Clone(when)
	for i, u := range units {
		rest[i] = rest[i] || nameWords[strings.ToLower(u.word)]
	}
	asked := map[string]bool{}
	for _, w := range q.parsed.Words {
		asked[strings.ToLower(w)] = true
	}
	// "St Albans" is the question's own name, not the one asked for.
	given := func(s string) bool {
		for _, m := range nameGivenRE.FindAllString(s, -1) {
			for _, w := range strings.Fields(m)[1:] {
				if r := []rune(w); unicode.IsUpper(r[0]) && !asked[strings.ToLower(strings.Trim(w, "'’,.;:"))] {
					return true
				}
			}
			if f := strings.Fields(m); !unicode.IsUpper([]rune(f[len(f)-1])[0]) {
				return true // "called", a quoted name
			}
		}
		if appositiveRE.MatchString(s) {
			return true // "a customer feedback platform, echo, is used"
		}
		// One word no word list has, capitalised after the sentence's
		// first: "contracted a private company, SecureCare".
		lx, err := english()
		for i, w := range strings.Fields(s) {
			w = strings.Trim(w, "'’,.;:()")
			if r := []rune(w); i > 0 && len(r) > 1 && unicode.IsUpper(r[0]) && !asked[strings.ToLower(w)] && (err != nil || !lx.knows(w) || strings.IndexFunc(string(r[1:]), unicode.IsUpper) >= 0 && strings.IndexFunc(w, unicode.IsLower) >= 0) {
				return true
			}
		}
		return false
	}
	return ix.sentenceGives(units, rest, docs, given)
}

// unseen marks, beside the words skip marks, those no top passage
// matches (matched): they cannot find the sentence a question is about
// ("met" of "when will the recruitment target be met").
func unseen(skip, matched []bool) []bool {
	out := slices.Clone(skip)
	for i := range out {
		out[i] = out[i] || !matched[i]
	}
	return out
}

// sentenceGives returns the rarest of the question's words (besides
// those skipped) when no top passage has a sentence about it, naming it
// or most of the others, with the sentences either side and its
// headline ("a 'digi-van'. This vehicle is used...", "a network of staff
// who support colleagues. They are called well-being champions"), of
// which gives holds; "" when one does, or the question has no such word.
func (ix *Index) sentenceGives(units []unit, skip []bool, docs []scoredDoc, gives func(sentence string) bool) string {
	key := -1
	var whole float64
	for i, u := range units {
		if u.present && !skip[i] && !quantityWord(u.word) {
			whole += u.weight
			if key < 0 || u.weight > units[key].weight {
				key = i
			}
		}
	}
	if key < 0 {
		return ""
	}
	// A sentence is about the subject when it names the rarest word or
	// most of the rest ("introduced a clear abstraction policy" is about
	// "when did they bring in the abstraction policy").
	about := func(terms string) bool {
		if units[key].matches(terms) {
			return true
		}
		var got float64
		for i, u := range units {
			if u.present && !skip[i] && !quantityWord(u.word) && u.matches(terms) {
				got += u.weight
			}
		}
		return got >= whole/2
	}
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if gives(p.sentence(i)) && about(p.window(ix, i)) {
				return ""
			}
		}
	}
	return units[key].word
}

// trendAskCue asks how something changed; trendSpanCue over what time:
// "how has burglary changed since 2019", "is knife crime rising year on
// year", "the trend over the last five years".
var (
	trendAskCue  = regexp.MustCompile(`(?i)\b(?:chang(?:e|ed|es|ing)|trends?|ris(?:e|en|es|ing)|rose|fall(?:en|s|ing)?|fell|increas(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|gone (?:up|down)|go(?:ne)? up or down|improv(?:e|ed|es|ing)|wors(?:e|ened|ening))\b`)
	trendSpanCue = regexp.MustCompile(`(?i)\bsince (?:the |our |its )?(?:19|20)\d\d\b|\bsince (?:the |our |its |their )?(?:last|previous) (?:inspection|report|year|peel)\b|\bover the (?:last|past) (?:\w+ )?(?:years?|months|decade)\b|\bcompared (?:with|to) (?:19|20)\d\d\b|\bbetween (?:19|20)\d\d and (?:19|20)\d\d\b|\byear on year\b|\bover time\b|\bin recent years\b|\btrends?\b`)
	changeRE     = regexp.MustCompile(`(?i)\b(?:increas\w*|decreas\w*|ris(?:e|en|es|ing)|rose|fall(?:en|s|ing)?|fell|improv\w*|reduc\w*|declin\w*|maintain\w*|remain\w*|stable|similar|deteriorat\w*|wors\w*|grow\w*|grew|doubl\w*|halv\w*|compared (?:with|to)|trends?|chang\w*|from \S+ (?:percent |per cent )?to)\b`)
)

// trendWords are the words of asking how something changed, not what.
var trendWords = map[string]bool{
	"change": true, "changed": true, "changes": true, "changing": true, "trend": true, "trends": true,
	"rise": true, "risen": true, "rises": true, "rising": true, "rose": true, "fall": true, "fallen": true,
	"falls": true, "falling": true, "fell": true, "increase": true, "increased": true, "increases": true,
	"increasing": true, "decrease": true, "decreased": true, "decreases": true, "decreasing": true,
	"gone": true, "up": true, "down": true, "improve": true, "improved": true, "improves": true,
	"improving": true, "worse": true, "worsened": true, "worsening": true, "since": true, "last": true,
	"past": true, "previous": true, "inspection": true, "over": true, "time": true, "recent": true,
	"compared": true, "year": true, "years": true, "months": true, "decade": true,
}

// trendUnsaid names what a question asks the change over time of ("how
// has burglary changed since 2019": "burglary") when no top passage has
// a sentence, with those either side and its headline, that names it
// (the question's rarest other word) and speaks of a change; ""
// otherwise. A passage from 2019 on something else is no trend of
// burglary.
func (ix *Index) trendUnsaid(ctx context.Context, q *question, units []unit, when []bool, docs []scoredDoc) string {
	raw := q.parsed.Raw
	if !trendAskCue.MatchString(raw) || !trendSpanCue.MatchString(raw) {
		return ""
	}
	key := -1
	var what []unit
	for i, u := range units {
		lw := strings.ToLower(u.word)
		if when[i] || trendWords[lw] || quantityWord(lw) || numberWordRE.MatchString(lw) || strings.IndexFunc(lw, unicode.IsDigit) >= 0 {
			continue
		}
		what = append(what, u)
		if u.present && (key < 0 || u.weight > units[key].weight) {
			key = i
		}
	}
	if key < 0 {
		return ""
	}
	if ix.saysChange(docs, units[key], what) || ix.saysChange(ix.passagesWith(ctx, units[key]), units[key], what) {
		return ""
	}
	return units[key].word
}

// saysChange reports whether one of the passages has a sentence that
// speaks of a change ("reduced from 1,207 items to 550", two dates'
// figures) with, it or those either side or its headline, u or most of
// what the question asks the change of (what).
func (ix *Index) saysChange(docs []scoredDoc, u unit, what []unit) bool {
	var total float64
	for _, w := range what {
		total += w.weight
	}
	for k := range docs {
		d := &docs[k]
		p := d.split()
		for i := range p.spans {
			sen := p.sentence(i)
			if !changeRE.MatchString(sen) && len(dateRE.FindAllString(sen, 3)) < 2 {
				continue
			}
			var window string
			if len(p.spans) <= 4 {
				// a short paragraph is about one thing throughout
				window = termsOf(d.fields) + p.heading(ix) + " "
			} else {
				window = p.window(ix, i)
			}
			if u.matches(window) {
				return true
			}
			var got float64
			for _, w := range what {
				if w.matches(window) {
					got += w.weight
				}
			}
			if total > 0 && got/total >= viewCoverage {
				return true
			}
		}
	}
	return false
}

// dateRE finds a date a figure is given for: "April 2022", "2019".
var dateRE = regexp.MustCompile(`(?i)\b(?:(?:` + monthNames + `)\s+)?(?:19|20)\d\d\b`)

// passagesWith are the passages that have u's word, best first, past the
// few the judgment reads: what changed may be said in a passage ranked
// below them. A search that fails or runs out of time finds some, so
// that nothing is claimed absent.
func (ix *Index) passagesWith(ctx context.Context, u unit) []scoredDoc {
	sr := bleve.NewSearchRequestOptions(term(u.term, fieldText, 1), trendDepth, 0, false)
	sr.Fields = []string{fieldText, fieldHeading, fieldTerms}
	out, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return []scoredDoc{{fields: map[string]any{fieldText: u.word + " changed."}}}
	}
	docs := make([]scoredDoc, 0, len(out.Hits))
	for _, h := range out.Hits {
		docs = append(docs, scoredDoc{fields: h.Fields})
	}
	return docs
}

// trendDepth is how many passages with a trend question's subject are
// read for a change said of it.
const trendDepth = 20

// nationalAskCue asks for a figure across forces: "the national average
// charge rate", "the average for forces in England and Wales", "the rate
// across all forces". A report of one force gives its own figures, and
// compares them with others' only now and then.
var nationalAskCue = regexp.MustCompile(`(?i)\bnational (?:average|mean|median|rate|figure|level|percentage|proportion|total|benchmark)s?\b|\b(?:average|mean|median|rate|figure|level|percentage|proportion)s? (?:for|across|of|in) (?:all |other |the other |most )?(?:forces|police forces|england and wales|the country)\b|\b(?:england and wales|national) average\b|\baverage (?:force|police force)\b`)

// nationalRE finds where a report compares with other forces.
var nationalRE = regexp.MustCompile(`(?i)\bnational(?:ly)?\b|\bengland and wales\b|\b(?:all|other|most|similar) (?:police )?forces\b|\bmost similar group\b|\bthe average (?:force|for forces)\b`)

// givesNationalFigure reports whether one of the passages has a sentence
// giving a figure (not a year or a date) beside a comparison with other
// forces: "below the England and Wales average of 9.7 percent". "The
// lowest rate of use of DVPOs across all forces", the year ending 31
// March 2022, gives none.
func givesNationalFigure(docs []scoredDoc) bool {
	for k := range docs {
		t, _ := docs[k].fields[fieldText].(string)
		if !nationalRE.MatchString(t) {
			continue
		}
		p := docs[k].split()
		for i := range p.spans {
			sen := p.sentence(i)
			if !nationalRE.MatchString(sen) {
				continue
			}
			for _, at := range figureRE.FindAllStringIndex(sen, -1) {
				f := sen[at[0]:at[1]]
				if !isYear(f) && !dayOfMonth(strings.TrimRight(f, ".,"), sen[at[0]:]) {
					return true
				}
			}
		}
	}
	return false
}

// howToCue asks how the asker can use a police service: "how can I sign
// up as a special constable", "how do you apply for a firearms
// certificate", "where do I report a lost phone", "can I volunteer with
// the police". An inspection report
// judges the force; it gives no such instructions. Staff asking how the
// force can improve ("how can we ...") are not asking this, nor is one
// addressing the force as "you" about its work ("do you contact victims
// quickly", "can you get a summary of the AFIs"): with "you" only the
// verbs of using a service count. Asking the steps the asker should
// follow ("what steps should I follow to use the webchat") is asking
// the same; the steps the force has taken are its work.
var howToCue = regexp.MustCompile(`(?i)\b(?:steps|instructions) (?:(?:should|do|must|can|would) (?:i|someone|anyone|one)|(?:for|to) (?:me|someone|anyone)) (?:\S+ ){0,3}?(?:follow|take|use)\b|(?:\b(?:how|where|who) (?:can|do|could|should|would|shall|must)|^\W*(?:can|could|may|do)) (?:(?:i|someone|anyone|one)\b(?: \S+){0,2}? (?:` + howToVerbs + `|report (?:a|an|my|the)|pay|request|get in touch|get (?:a|an|my)|set up|start (?:a|an|my)|organi[sz]e (?:a|an|my)|contact)|you\b(?: \S+){0,2}? (?:` + howToVerbs + `))\b`)

// howToVerbs are the ways of using a police service that a question
// asks how to do whoever it names as doing them.
const howToVerbs = `apply|applying|sign up|signup|enrol|enroll|register|volunteer|become|join|complain|make a complaint|book|renew|appeal|obtain|claim`

// contactCue asks for a police service's contact details: "what's the
// phone number for the control room", "where can I find the opening
// hours", "the chief constable's email", "the web address for
// reporting a crime". It asks for them, not about
// them: "do officers update victims' contact details" and "what happens
// to a victim's phone" are questions about the force's work.
var contactCue = regexp.MustCompile(`(?i)^\W*(?:what(?:'s| is| are)|where(?:'s| is| are| can i find| do i find)|how (?:do|can) i (?:find|get)|(?:can|could) (?:you|i) (?:tell me|give me|have|get)|give me|tell me|i need)\b(?: \S+){0,5}? (?:(?:phone|telephone|mobile|contact) numbers?|e-?mail(?: address)?|web ?(?:site )?address|url|web ?link|opening (?:hours|times)|postcode|postal address|contact details)\b|(?:'s|’s) e-?mail(?: address)?\b`)

// roleRE finds a post (roles) in text; viewCue a question asking what a
// post-holder thinks or said: "what does the chief constable think about
// recruitment", "did the PCC comment on the report".
var (
	roleRE  = regexp.MustCompile(`(?i)\b` + roles + `\b`)
	viewCue = regexp.MustCompile(`(?i)\b` + roles + `(?:'s|’s)?\b(?: \S+){0,3}? (think|thinks|thought|say|says|said|believe|believes|feel|feels|view|views|opinion|opinions|comment|comments|commented|respond|responds|responded|response|react|reacts|reacted|reaction|told|tell|tells|want|wants|wanted|promise|promised|pledge|pledged)\b`)
	saidRE  = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|commented|responded|believes|thinks|wants|stated|explained|promised|pledged|set out|has written)\b`)
)

// postInPassing names the post a question asks the holder's view of
// ("what does the chief constable think about recruitment") when no top
// passage has a sentence, with those either side and its headline,
// naming the post and matching the rest of the question: a report that names the chief
// constable about one thing says nothing of their view on another; ""
// otherwise.
func (ix *Index) postInPassing(q *question, units []unit, docs []scoredDoc) string {
	if !mayMatch(strings.ToLower(q.parsed.Raw), roleWords...) {
		return "" // most questions name no post: skip the pattern
	}
	m := viewCue.FindStringSubmatch(q.parsed.Raw)
	if m == nil {
		return ""
	}
	post := strings.ToLower(m[1])
	// The post and the verb of the view ("think", "comment") are not
	// what the view is about.
	inPost := map[string]bool{strings.ToLower(m[2]): true}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		inPost[w] = true
	}
	var rest []unit
	var total float64
	for _, u := range units {
		if !inPost[strings.ToLower(withoutPossessive(u.word))] {
			rest = append(rest, u)
			total += u.weight
		}
	}
	if ix.viewGiven(docs, func(p *passageParts, i int) bool { return roleRE.MatchString(p.sentence(i)) }, rest, total) {
		return ""
	}
	return post
}

// viewGiven reports whether one of the passages has a sentence that
// names the holder of a view (names) and, with those either side and its
// headline, matches at least viewCoverage of the rest of the question
// (total, the weight of rest); when the question asks only whether they
// said anything (total 0), whether such a sentence says what they said.
func (ix *Index) viewGiven(docs []scoredDoc, names func(p *passageParts, i int) bool, rest []unit, total float64) bool {
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if !names(p, i) {
				continue
			}
			if total == 0 {
				if saidRE.MatchString(p.sentence(i)) {
					return true
				}
				continue
			}
			window := p.window(ix, i)
			var got float64
			for _, u := range rest {
				if u.matches(window) {
					got += u.weight
				}
			}
			if got/total >= viewCoverage {
				return true
			}
		}
	}
	return false
}

// bodyViewCue asks what a named organisation thinks or said: "what does
// UNISON think about workloads", "what did the Home Office say about
// recruitment". Its first group is the body.
var bodyViewCue = regexp.MustCompile(`(?i)\b(?:what|how) (?:does|did|do|has|have|would|will) ((?:the |a |an )?[\p{L}'’ -]{2,60}?) (?:` + bodyViewWords + `)\b`)

// organisationWord names a kind of organisation, written in lower case
// as often as not ("the county council", "the probation service").
var organisationWord = regexp.MustCompile(`(?i)\b(?:council|councils|service|services|office|trust|association|federation|union|commission|commissioner|authority|authorities|board|partnership|charity|charities|ombudsman|department|ministry|agency|agencies|network|networks|group|committee|panel|government|nhs|iopc|cps|unison)\b`)

// ownVoice are the words a question names the report's authors or the
// force itself by: the report says what they found and what the force
// told them throughout.
var ownVoice = map[string]bool{
	"inspectors": true, "inspector": true, "inspectorate": true, "hmicfrs": true, "hmi": true,
	"report": true, "reports": true, "constabulary": true, "force": true, "police": true,
	"they": true, "it": true, "we": true, "you": true, "i": true,
}

// bodyInPassing names the organisation a question asks the view of
// ("what does UNISON think about staff workloads") when no top passage
// has a sentence naming it that, with those either side and its
// headline, matches the rest of the question, or, when the question asks
// only what it said, that says what it said: a report that lists a staff
// network among others gives no view of it. "" otherwise, and for the
// report's authors, the force and posts (postInPassing).
func (ix *Index) bodyInPassing(q *question, units []unit, docs []scoredDoc) string {
	raw := q.parsed.Raw
	lr := strings.ToLower(raw)
	if !mayMatch(lr, "think", "thought", "say", "said", "feel", "felt", "believe", "comment", "want", "make", "view", "report", "recommend") {
		return ""
	}
	m := bodyViewCue.FindStringSubmatch(raw)
	if m == nil {
		return ""
	}
	body := strings.TrimSpace(m[1])
	words := strings.Fields(body)
	if len(words) == 0 {
		return "" // only spaces where the body would be
	}
	if a := strings.ToLower(words[0]); len(words) > 1 && (a == "the" || a == "a" || a == "an") {
		words = words[1:]
	}
	// A body is named as one ("UNISON", "the Home Office") or by its
	// kind ("the county council"); "residents of Hoddesdon" are people
	// the report may quote, not a body.
	named, capitals := organisationWord.MatchString(body), true
	for i, w := range words {
		lw := strings.ToLower(withoutPossessive(w))
		// "the Police Federation" is a body of its own: a word of the
		// force's own voice counts only when no kind of organisation
		// follows it ("the police", "the force's inspectors").
		if ownVoice[lw] && !organisationWord.MatchString(strings.Join(words[i+1:], " ")) || ix.loadedPlaces()[lw] {
			return ""
		}
		if r := []rune(w); len(r) > 0 && !unicode.IsUpper(r[0]) && lw != "of" && lw != "and" && lw != "for" {
			capitals = false
		}
	}
	named = named || capitals && !typedInCapitals(raw) && namesSomething(words)
	if !named || roleRE.MatchString(body) {
		return ""
	}
	in := map[string]bool{}
	for _, w := range words {
		in[strings.ToLower(w)] = true
	}
	var own, rest []unit
	var total float64
	for _, u := range units {
		if in[strings.ToLower(u.word)] {
			own = append(own, u)
			continue
		}
		if !viewVerbs[strings.ToLower(u.word)] {
			rest = append(rest, u)
			total += u.weight
		}
	}
	if len(own) == 0 {
		return ""
	}
	namesBody := func(p *passageParts, i int) bool {
		terms := " " + p.terms(ix, i)
		return slices.ContainsFunc(own, func(u unit) bool { return u.matches(terms) })
	}
	if ix.viewGiven(docs, namesBody, rest, total) {
		return ""
	}
	return body
}

// bodyViewWords are the words asking for an organisation's view
// (bodyViewCue), as a regular expression's alternatives; viewVerbs the
// same as a set: they ask for a view, not what it is of.
const bodyViewWords = `think|thinks|thought|say|says|said|feel|feels|felt|believe|believes|comment|comments|commented|want|wants|wanted|make|view|views|report|reported|recommend|recommended`

var viewVerbs = wordSet(strings.Split(bodyViewWords, "|")...)

// viewCoverage is how much of what a question asks a post-holder's view
// of the sentences naming the post must match.
const viewCoverage = 0.5

// topicOffTop returns a policing topic (data/topics.txt) the question
// names, as it names it, in a word no loaded report uses though they use
// another of the topic's, when none of the top passages uses any:
// "how does the force police protests", where the report names public
// disorder once, about another force's area, and the top passages match
// only "police" and "public". An absent everyday word weighs little
// (Judgment.Absent), as it is often the asker's own for what reports say
// otherwise; a topic's other forms say what that is. "" when there is
// none.
func (ix *Index) topicOffTop(ctx context.Context, q *question, docs []scoredDoc) string {
	lower := make([]string, len(q.words))
	for i, w := range q.words {
		lower[i] = strings.ToLower(w)
	}
	for i, t := range ix.topicList() {
		said := ""
		for j, a := range t.analysed {
			if containsRun(q.terms, a) && (len(a) > 1 || containsWordForm(lower, t.forms[j])) {
				said = t.forms[j]
				break
			}
		}
		if said == "" || !ix.topicPresent(ctx, i, t) || ix.usesForm(ctx, said) {
			continue // not named; no report uses it (namedTopics); or they use the word asked, which search weighs
		}
		if !anyPassageUses(docs, t) {
			return asTyped(q.parsed.Raw, said)
		}
	}
	return ""
}

// usesForm reports whether a loaded report uses a topic's form: a word
// in any of its forms, a phrase as a phrase.
func (ix *Index) usesForm(ctx context.Context, f string) bool {
	if !strings.ContainsAny(f, " -") {
		// "burglary" is used where a report writes "burglaries".
		a := ix.analyze(f)
		return len(a) == 1 && ix.terms[a[0]] > 0
	}
	return ix.containsPhrase(ctx, f)
}

// anyPassageUses reports whether one of the passages has all the words
// of one of a topic's forms.
func anyPassageUses(docs []scoredDoc, t topic) bool {
	for _, d := range docs {
		terms := termsOf(d.fields)
		for _, a := range t.analysed {
			all := true
			for _, w := range a {
				if !hasTerm(terms, w) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// relationCue and withCue ask how forces work together ("the tri-force
// collaboration with Bedfordshire Police", "services shared with Essex",
// "how does Herts work with Beds"): the report of one of them answers it.
var (
	relationCue = regexp.MustCompile(`(?i)\bcollaborat\w*|\bpartner\w*|\btri-?force\b|\balliances?\b|\bshar(e|ed|es|ing)\b|\bjoint(ly)?\b|\btogether\b|\bregional\b`)
	withCue     = regexp.MustCompile(`(?i)\b(with|between|alongside)\b`)
)

// forceInPassing names the force a question asks about that no loaded
// report is of but whose name they use ("does Bedfordshire Police have a
// safeguarding hub", asked of Hertfordshire's report, which names
// Bedfordshire only as a partner in shared services), when no top
// passage has a sentence with both that force's name and the question's
// subject (its rarest other word); "" otherwise. A report is about its
// own force: a sentence that names another beside its subject is the
// least an answer about that force needs.
func (ix *Index) forceInPassing(q *question, units []unit, docs []scoredDoc) string {
	raw := q.parsed.Raw
	// "How does Herts compare with Bedfordshire" asks for the other
	// force's figures too: working "with" it is a relation, comparing
	// with it is not.
	if len(q.others) > 0 {
		return ""
	}
	words := make([]string, len(q.parsed.Words))
	for i, w := range q.parsed.Words {
		words[i] = withoutPossessive(w)
	}
	loaded := ix.loadedPlaces()
	for _, f := range corpus.NamedForces(words) {
		if loaded[f.Place] || loaded[f.Short] {
			continue
		}
		if relationCue.MatchString(raw) || withCue.MatchString(raw) && !compareCue.MatchString(raw) {
			return ""
		}
		name := map[string]bool{}
		for _, w := range words[f.Start:f.End] {
			name[strings.ToLower(w)] = true
		}
		key := -1
		for i, u := range units {
			lw := strings.ToLower(withoutPossessive(u.word))
			if u.present && !name[lw] && !forceSuffixWords[lw] && (key < 0 || u.weight > units[key].weight) {
				key = i
			}
		}
		if key < 0 || ix.sentenceNames(docs, f.Place, units[key]) {
			continue
		}
		as := f.As
		if f.End < len(words) && forceSuffixWords[strings.ToLower(words[f.End])] {
			as += " " + words[f.End]
		}
		return as
	}
	return ""
}

// sentenceNames reports whether one of the passages has a sentence that
// names the place and matches the unit.
func (ix *Index) sentenceNames(docs []scoredDoc, place string, u unit) bool {
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if strings.Contains(strings.ToLower(p.sentence(i)), place) && u.matches(" "+p.terms(ix, i)) {
				return true
			}
		}
	}
	return false
}

// passageParts is a passage's text split into sentences (sentenceSpans),
// with each sentence's analysed terms and its headline's worked out when
// first needed: the judgment's checks read the same few passages
// sentence by sentence, and split and analyse each once.
type passageParts struct {
	text  string
	spans [][2]int
	// analysed are each sentence's terms with a space after, "" until
	// needed.
	analysed []string
	headline string
	// headTerms are the headline's terms, once headRead.
	headTerms string
	headRead  bool
}

// split is the passage's text in sentences, split when first asked for:
// a judgment's checks are given the same passages (one slice of them) and
// share it.
func (d *scoredDoc) split() *passageParts {
	if d.parts == nil {
		t, _ := d.fields[fieldText].(string)
		spans := sentenceSpans(t)
		d.parts = &passageParts{text: t, spans: spans, analysed: make([]string, len(spans)), headline: str(d.fields, fieldHeading)}
	}
	return d.parts
}

// sentence is the passage's i'th sentence.
func (p *passageParts) sentence(i int) string { return p.text[p.spans[i][0]:p.spans[i][1]] }

// terms are the analysed terms of the i'th sentence, space-separated,
// with a space after.
func (p *passageParts) terms(ix *Index, i int) string {
	if p.analysed[i] == "" {
		p.analysed[i] = ix.wordTerms(p.sentence(i)) + " "
	}
	return p.analysed[i]
}

// heading is the analysed terms of the passage's headline.
func (p *passageParts) heading(ix *Index) string {
	if !p.headRead {
		p.headTerms, p.headRead = ix.wordTerms(p.headline), true
	}
	return p.headTerms
}

// window is the analysed terms, " a b c ", of the i'th sentence with the
// ones either side of it and the paragraph's headline: a figure may be
// given a sentence after its subject is named ("The board was set up in
// 2020. It meets every quarter."), and the headline names the subject of
// every sentence under it.
func (p *passageParts) window(ix *Index, i int) string {
	var b strings.Builder
	h := p.heading(ix)
	b.WriteString(" " + h + " ")
	for k := max(i-1, 0); k < min(i+2, len(p.spans)); k++ {
		b.WriteString(p.terms(ix, k))
	}
	return b.String()
}

// wordTerms are the analysed terms of text, space-separated, analysed a
// word at a time: single words' analyses are remembered, so a passage's
// sentences cost a lookup a word rather than the analyser's run.
func (ix *Index) wordTerms(text string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	}) {
		for _, t := range ix.analyze(w) {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// sentenceSpans are where text's sentences start and end: a full stop,
// question or exclamation mark or semicolon followed by a space ends one
// ("4.5 percent" does not).
func sentenceSpans(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i+1 < len(text); i++ {
		switch text[i] {
		case '.', '!', '?', ';':
			if c := text[i+1]; c == ' ' || c == '\n' || c == '\t' {
				out = append(out, [2]int{start, i + 1})
				start = i + 1
			}
		}
	}
	return append(out, [2]int{start, len(text)})
}

// spanOf is the index of the sentence holding byte at.
func spanOf(spans [][2]int, at int) int {
	for i, s := range spans {
		if at < s[1] {
			return i
		}
	}
	return len(spans) - 1
}

// anyAt reports whether re matches text somewhere that ok accepts, less
// the matches skip rejects; it stops at the first, as most questions'
// figures are in the first sentence that gives one.
func anyAt(re finder, text string, skip func(text string, at, end int) bool, ok func(int) bool) bool {
	for pos := 0; pos < len(text); {
		m := re.FindStringIndex(text[pos:])
		if m == nil {
			return false
		}
		at, end := pos+m[0], pos+max(m[1], m[0]+1)
		if (skip == nil || !skip(text, at, end)) && ok(at) {
			return true
		}
		pos = end
	}
	return false
}

// periodLabelAfter and periodLabelBefore find a time word that names a
// period rather than a time taken: "the year ending 31 March 2022", "the
// 12 months to June", "each year", "the financial year".
var (
	periodLabelAfter  = regexp.MustCompile(`(?i)^\s+(?:ending|ended|to\s+(?:\d|` + monthNames + `))`)
	periodLabelBefore = regexp.MustCompile(`(?i)\b(?:financial|calendar|academic|this|last|next|each|every|per|same|previous|following|the\s+whole)\s+$`)
)

// periodLabel reports whether the time word at text[at:end] names a
// period ("29 percent of all cases in the year ending 30 September
// 2020"), which says when a figure was measured, not how long something
// takes.
func periodLabel(text string, at, end int) bool {
	return periodLabelAfter.MatchString(text[end:]) || periodLabelBefore.MatchString(text[max(0, at-30):at])
}

// besideNumber reports whether the number at text[at:end] is named with
// n as one of a pair ("999 or 101", "101 and 999").
func besideNumber(text string, at, end int, n string) bool {
	after, before := text[end:], text[:at]
	for _, joint := range []string{" or ", " and ", "/", ", "} {
		if strings.HasPrefix(after, joint+n) || strings.HasSuffix(before, n+joint) {
			return true
		}
	}
	return false
}

// hasAll reports whether terms match every one of units, each by itself
// or the forms searched for it alone (matchesAlone).
func hasAll(units []unit, terms string) bool {
	for _, u := range units {
		if !u.matchesAlone(terms) {
			return false
		}
	}
	return true
}

// isYear reports whether a figure (figureRE) is a year, which
// givesFigures does not count.
func isYear(f string) bool {
	n := strings.TrimRight(f, ".,")
	return !strings.HasSuffix(f, "percent") && !strings.HasSuffix(f, "%") && len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20"))
}

// onSubject reports whether the terms of a figure's sentences are about
// a figure question's subject: they match the question's rarest word
// (units[key]), or most of the question (coversSubject), the months and
// years of the period it is asked for (dates), and what the figure measures
// (units[measured], the "detection" of "detection rate"), when the
// question names it. Those of a paragraph that is not itself about the
// subject, only under its headline (about false), need only match what
// is measured.
func (ix *Index) onSubject(terms string, units []unit, when, dates []bool, key, measured int, about bool) bool {
	if measured >= 0 && !units[measured].matches(terms) {
		return false
	}
	for i, u := range units {
		if dates[i] && !u.matches(terms) {
			return false // "in August 2022": a figure for June is not it
		}
	}
	if !about || key >= 0 && units[key].matches(terms) {
		return true
	}
	return key < 0 || coversSubject(terms, units, when)
}

// namesMeasure reports whether text names what a figure measures (u) as
// a thing done, not only as the people who do it: "detection rate" and
// "detectives" are one stem, but a share of posts filled by detectives
// is no detection rate. When the question's own word is a person's
// ("the detective rate") any form does.
func (ix *Index) namesMeasure(u unit, text string) bool {
	if agentNoun(u.word) {
		return true
	}
	found := false
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' }) {
		if !slices.Contains(ix.analyze(w), u.term) {
			continue
		}
		if !agentNoun(w) {
			return true
		}
		found = true
	}
	return !found // matched by another form searched for it
}

// agentNoun reports whether a word names people by what they do
// ("detectives", "investigators", "offenders"), by its ending.
func agentNoun(w string) bool {
	lw := withoutPossessive(strings.ToLower(w))
	lw = strings.TrimSuffix(lw, "s")
	for _, end := range []string{"ive", "or", "er", "ist"} {
		if strings.HasSuffix(lw, end) && len(lw) > len(end)+3 {
			return true
		}
	}
	return false
}

// measuredRE finds what a figure asked for measures: the word before
// "rate", "levels", "figures", "time" ("the detection rate", "response
// times", "knife crime figures").
var measuredRE = regexp.MustCompile(`(?i)\b([\p{L}][\p{L}'’-]+) (?:rates?|ratios?|levels?|percentages?|proportions?|figures?|numbers?|statistics|stats|totals?|counts?|times?)\b`)

// measuredUnit is the index of the unit a figure question says its
// figure measures, or -1 when it says none; absent when no report uses
// that word, nor any form searched for it ("the average caseload"): no
// passage can give its figure.
func measuredUnit(raw string, units []unit) (i int, absent bool) {
	for _, re := range []*regexp.Regexp{measuredRE, measuredAfterRE} {
		for _, m := range re.FindAllStringSubmatch(raw, -1) {
			w := strings.ToLower(m[1])
			if frameWords[w] || quantityWord(w) || w == "many" || w == "much" {
				continue
			}
			for i, u := range units {
				if strings.EqualFold(u.word, m[1]) {
					return i, !u.present && !u.name
				}
			}
		}
	}
	return -1, false
}

// measuredAfterRE finds what a figure asked for measures after the kind
// of figure: "the average caseload", "the total overtime".
var measuredAfterRE = regexp.MustCompile(`(?i)\b(?:average|mean|median|typical|total|annual)\s+([\p{L}][\p{L}'’-]+)`)

// longestNames drops the names that repeat, or are part of, a longer one
// ("Clare's" beside "Clare's Law"), ignoring case, keeping their order.
func longestNames(names []string) []string {
	var out []string
	for i, n := range names {
		ln := strings.ToLower(n)
		covered := false
		for j, m := range names {
			lm := strings.ToLower(m)
			if i != j && strings.Contains(lm, ln) && (len(lm) > len(ln) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, n)
		}
	}
	return out
}

// roles are the posts a question may ask the holder of by name.
const roles = `(chief constables?|police and crime commissioners?|crime commissioners?|commissioners?|pccs?|chief officers?|chief executives?|deputy chief constables?|superintendents?|commanders?|chairs?|chairman|chairwoman|chairperson|directors?|head of \w+|leaders?|mayors?|ministers?|officers? in charge)`

// roleWords are in every post of roles, in lower case: a question
// without one names no post.
var roleWords = []string{"chief", "commissioner", "pcc", "superintendent", "commander", "chair", "director", "head of", "leader", "mayor", "minister", "in charge"}

// askingName asks who holds a post named after it, within a few words:
// "who is the", "the name of our"; nameOfPost asks the name of the post
// named before it: "'s full name".
const (
	askingName = `(?:who(?:'s|’s| is| was| are| were)|names? of|what(?:'s|’s| is| was) the name of)\b.{0,30}?\b`
	nameOfPost = `(?:'s|’s|s'|s’)? (?:full )?names?\b`
)

// personCues ask for a person by their role: "who is the chief
// constable", "the name of the PCC", "the chief constable's name", "name
// the PCC", "what is the PCC called"; the last group of each is the role.
var personCues = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b` + askingName + roles + `\b`),
	regexp.MustCompile(`(?i)\b` + roles + nameOfPost),
	regexp.MustCompile(`(?i)^\W*(?:please )?(?:name|identify) (?:the |their |its |your |our )?(?:\S+ ){0,2}?` + roles + `\b`),
	regexp.MustCompile(`(?i)\bwhat(?:'s|’s| is| was| are| were) (?:the |their |its )?(?:\S+ ){0,2}?` + roles + ` called\b`),
	regexp.MustCompile(`(?i)\bwho(?:'s|’s| is| was) (in charge|at the helm|the boss|the head)\b`),
	// The inspector who signs a report: not among roles, as "what did
	// the HMI say" asks what the report's observations say, in the
	// first person, not a sentence naming the post.
	regexp.MustCompile(`(?i)\b` + askingName + inspectors + `\b`),
	regexp.MustCompile(`(?i)\b` + inspectors + nameOfPost),
}

// inspectors are the posts of the inspectors who sign a report.
const inspectors = `(hm inspectors?(?: of constabulary)?|hmis?|(?:his|her) majesty's inspectors?(?: of constabulary)?|inspectors? of constabulary|lead inspectors?)`

// personVerbCue asks who does a job ("who leads the control room"); the
// report may answer with a role ("led by a superintendent") as well as a
// name.
var personVerbCue = regexp.MustCompile(`(?i)\b(?:who|which (?:officer|person|manager|rank|senior officer|leader)) (leads|heads|runs|chairs|commands|manages|oversees|signed)\b`)

// doneBy finds a role said to do a job: "chaired by", "led by".
var doneBy = regexp.MustCompile(`(?i)\b(led|headed|run|chaired|commanded|managed|overseen|signed|signed off) by\b`)

// askedPerson returns the role a question asks the name of ("" when it
// asks none), and whether a passage saying who does the job answers it.
func askedPerson(raw string) (role string, byRole bool) {
	if !mayMatch(strings.ToLower(raw), "who", "name", "called", "identify", "which") {
		return "", false
	}
	for _, cue := range personCues {
		if m := cue.FindStringSubmatch(raw); m != nil {
			role := strings.ToLower(m[1])
			if strings.HasPrefix(role, "in charge") || strings.HasPrefix(role, "at the") || strings.HasPrefix(role, "the ") {
				// "who is in charge of vetting": "led by a
				// superintendent" answers it as a name would.
				return "one", true
			}
			return role, false
		}
	}
	if personVerbCue.MatchString(raw) {
		return "one", true
	}
	return "", false
}

// personName finds a person's name: a courtesy title and a name, or a
// forename the English word lists give only as a name followed by a
// capitalised word they do not know ("Roy Wilsher").
var personName = regexp.MustCompile(`\b(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Professor)\.? [A-Z][a-z]+|([A-Z][a-z]+) ([A-Z][a-z'’-]+))\b`)

// namesAPerson reports whether one of the passages names a person, or,
// byRole, says who does a job ("chaired by a member of the public").
func namesAPerson(docs []scoredDoc, byRole bool) bool {
	lx, err := english()
	if err != nil {
		return true // not found out: claim nothing
	}
	for _, d := range docs {
		t, _ := d.fields[fieldText].(string)
		if byRole && doneBy.MatchString(t) {
			return true
		}
		for _, m := range personName.FindAllStringSubmatch(t, -1) {
			if m[1] == "" || lx.isName(m[1]) && !lx.knows(strings.ToLower(m[2])) {
				return true
			}
		}
	}
	return false
}

// yearRE finds a year a question names; reportYearRE a year naming a
// report ("the 2014 report").
var (
	yearRE       = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	reportYearRE = regexp.MustCompile(`(?i)\b(?:19|20)\d\d(?:/\d\d)?\s+(?:peel\s+)?(?:reports?|inspections?|rounds?|assessments?)\b`)
)

// otherRounds returns the years a question about the inspection names
// ("the 2019 PEEL inspection", "grades in 2017") that no loaded report's
// round or publication covers.
func (ix *Index) otherRounds(q *question) []string {
	if !q.aboutInspection && q.intent == nil && !reportYearRE.MatchString(q.parsed.Raw) {
		return nil
	}
	covered := map[string]bool{}
	var rounds [][]string // each asked report's round, as its years
	asked := ix.reportsAsked(q)
	for _, r := range ix.meta.Reports {
		if !slices.Contains(asked, r.ID) {
			continue
		}
		rounds = append(rounds, roundYears(r.Round))
		for _, y := range roundYears(r.Round) {
			covered[y] = true
		}
		for _, y := range yearRE.FindAllString(r.Published, -1) {
			covered[y] = true
		}
	}
	// "the 2019 area for improvement on skills": a report follows up its
	// last inspection's findings, so a year its text mentions is one it
	// may answer about; not so for its grades or verdict.
	followUp := q.intent != nil && len(q.intent.Topic) > 0 && q.intent.Kind != IntentGrade && q.intent.Kind != IntentOverview
	var out []string
	// A round named as one ("PEEL 2023–25", "2018/19") is another round
	// unless a report is of it, whatever year a report was published in.
	for _, m := range roundRE.FindAllStringSubmatch(q.parsed.Raw, -1) {
		if m[2] == "" || followUp {
			continue
		}
		ys := roundYears(m[0])
		if len(ys) < 2 {
			continue // not a round's span
		}
		if !slices.ContainsFunc(rounds, func(r []string) bool { return spans(r, ys) }) && !slices.Contains(out, m[0]) {
			out = append(out, m[0])
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, y := range yearRE.FindAllString(q.parsed.Raw, -1) {
		if followUp && ix.meta.Vocabulary[y] > 0 {
			continue
		}
		if !covered[y] && !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

// earlierCue asks about an inspection before the one a report is of:
// "their previous grades", "what did they get last time". compareCue
// asks how the two compare, which a report's own text may answer ("it
// isn't possible to make direct comparisons").
var (
	earlierCue = regexp.MustCompile(`(?i)\b(previous|previously|prior|earlier|preceding|former)\b|\blast time\b|\bbefore (that|then|this|the (current|latest|most recent))\b`)
	compareCue = regexp.MustCompile(`(?i)\bcompar\w*|\bchang\w*|\bdiffer\w*|\bimprov\w*|\bsince\b|\bthan\b|\bversus\b|\bvs\b|\bprogress\w*|\bwors\w+|\bbetter\b`)
)

// noEarlierRound names the round of the report a grade or verdict
// question asks about, when it asks about the inspection before it
// ("what were herts' grades in the previous inspection") and no loaded
// report is of that force's earlier round; "" otherwise. A report gives
// its own round's grades, not the last one's.
func (ix *Index) noEarlierRound(q *question) string {
	in := q.intent
	if in == nil || in.Kind != IntentGrade && in.Kind != IntentOverview {
		return ""
	}
	raw := q.parsed.Raw
	if !earlierCue.MatchString(raw) || compareCue.MatchString(raw) {
		return ""
	}
	var asked []string
	for _, r := range ix.meta.Reports {
		if !slices.Contains(in.Reports, r.ID) {
			continue
		}
		first := firstYear(r.Round)
		for _, o := range ix.meta.Reports {
			if o.Force == r.Force && o.ID != r.ID && firstYear(o.Round) < first {
				return "" // the earlier round is loaded: search finds it
			}
		}
		asked = append(asked, strings.TrimSpace(r.Force+" "+r.Round))
	}
	return strings.Join(asked, " or ")
}

// firstYear is the first year of a round ("PEEL 2021/22": 2021), or 0.
func firstYear(round string) int {
	ys := roundYears(round)
	if len(ys) == 0 {
		return 0
	}
	y, _ := strconv.Atoi(ys[0])
	return y
}

// spans reports whether a round's years hold all of ys.
func spans(round, ys []string) bool {
	for _, y := range ys {
		if !slices.Contains(round, y) {
			return false
		}
	}
	return true
}

// roundRE reads the years of a round: "PEEL 2021/22", "PEEL 2023–25".
var roundRE = regexp.MustCompile(`\b((?:19|20)\d\d)(?:\s*[/–—-]\s*(\d{2,4}))?\b`)

// roundYears are every year a round spans: 2021/22 is 2021 and 2022,
// 2023–25 is 2023, 2024 and 2025.
func roundYears(round string) []string {
	var out []string
	for _, m := range roundRE.FindAllStringSubmatch(round, -1) {
		first, _ := strconv.Atoi(m[1])
		last := first
		if m[2] != "" {
			end, _ := strconv.Atoi(m[2])
			if len(m[2]) == 2 {
				end += first / 100 * 100
			}
			if end >= first && end-first < 10 {
				last = end
			}
		}
		for y := first; y <= last; y++ {
			out = append(out, strconv.Itoa(y))
		}
	}
	return out
}

// loadedRounds names the loaded reports by force and round.
func (ix *Index) loadedRounds() string {
	var names []string
	for _, r := range ix.meta.Reports {
		names = append(names, strings.TrimSpace(r.Force+" "+r.Round))
	}
	if len(names) > 4 {
		return fmt.Sprintf("%s and %d other reports", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

// numberWords are the numbers written in words up to fifty, as a regular
// expression's alternatives: numberWordRE and countNumberRE add the larger ones.
const numberWords = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty`

// numberWordRE finds a count written in words ("ten community safety
// partnerships").
var numberWordRE = regexp.MustCompile(`(?i)\b(` + numberWords + `|hundred|thousand|dozen|half|quarter|third)\b`)

// lightVerbs are everyday verbs that say how a question is put, never
// what its figure is of ("how long do police take to go through seized
// phones", "how often do sergeants look over the records"): reports
// seldom write them, which makes them rare, not the subject.
var lightVerbs = wordSet(
	"go", "goes", "going", "went", "gone", "get", "gets", "getting", "got", "gotten",
	"look", "looks", "looking", "looked", "take", "takes", "taking", "took", "taken",
	"make", "makes", "making", "made", "come", "comes", "coming", "came", "put", "puts",
	"putting", "give", "gives", "giving", "gave", "given", "keep", "keeps", "keeping", "kept",
	"try", "tries", "trying", "tried", "happen", "happens",
	"happened", "happening", "let", "lets", "seem", "seems", "seemed", "bother", "bothered",
	"touch", // "get in touch", "keep in touch"
)

// quantityWord reports whether a word is one of asking for a figure.
func quantityWord(w string) bool {
	switch strings.ToLower(w) {
	case "percent", "percentage", "proportion", "rate", "rates", "number", "numbers", "figures", "figure", "statistics", "stats", "total", "amount", "count", "level", "levels", "average", "median", "mean":
		return true
	}
	return false
}

// monthNames are the names of months in full, as a regular expression's
// alternatives: how reports write the month of a date or a period.
const monthNames = `january|february|march|april|may|june|july|august|september|october|november|december`

// months are the names of months, in full or short, as questions write
// them in a period.
var months = wordSet(append(strings.Split(monthNames, "|"), "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")...)

// wordSet is a set of words.
func wordSet(words ...string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}

// periodWords are the words of a period around its months and years:
// "the financial year ending", "between ... and", "the 12 months to".
var periodWords = map[string]bool{
	"year": true, "years": true, "ending": true, "ended": true, "financial": true, "calendar": true,
	"between": true, "since": true, "until": true, "months": true, "12": true, "twelve": true,
	"quarter": true, "period": true,
}

// periodUnits marks the units of a question that name the period it asks
// a figure for ("in the year ending 31 March 2020", "between April and
// December 2021"): its months and years, and the words framing them when
// it has one. A question without a month or year names no period: its
// "year" may be what it is about ("how many years do officers serve").
//
// dates marks the months and years alone: a figure for the period is
// given beside them.
func periodUnits(raw string, units []unit) (when, dates []bool) {
	when = make([]bool, len(units))
	dates = make([]bool, len(units))
	dated := false
	for i, u := range units {
		w := strings.ToLower(u.word)
		if months[w] && (w != "may" && w != "mar" || yearRE.MatchString(raw)) || roundRE.MatchString(w) && len(roundYears(w)) > 0 {
			when[i], dates[i], dated = true, true, true
		}
	}
	if !dated {
		return when, dates
	}
	for i, u := range units {
		w := strings.ToLower(u.word)
		if periodWords[w] || dayOfMonth(w, raw) {
			when[i] = true
		}
	}
	return when, dates
}

// dayOfMonth reports whether a number is a day a question writes before a
// month ("31 March").
func dayOfMonth(w, raw string) bool {
	if n, err := strconv.Atoi(w); err != nil || n < 1 || n > 31 {
		return false
	}
	lr := strings.ToLower(raw)
	for i := strings.Index(lr, w+" "); i >= 0; {
		rest := strings.Fields(lr[i+len(w):])
		if (i == 0 || !unicode.IsDigit(rune(lr[i-1]))) && len(rest) > 0 && months[strings.Trim(rest[0], ".,")] {
			return true
		}
		next := strings.Index(lr[i+1:], w+" ")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// coversSubject reports whether terms match most of a question
// (unitCoverage), and enough of it less the period it asks a figure for
// (whatCoverage): "29 percent of all cases in the year ending 30
// September 2020" matches the period of "what percentage of crimes were
// closed as outcome 16 in the year ending March 2020", but nothing of
// what it asks.
func coversSubject(terms string, units []unit, when []bool) bool {
	var got, total, gotWhat, whatTotal float64
	for i, u := range units {
		total += u.weight
		if !when[i] {
			whatTotal += u.weight
		}
		if u.matches(terms) {
			got += u.weight
			if !when[i] {
				gotWhat += u.weight
			}
		}
	}
	return total > 0 && got/total >= unitCoverage && (whatTotal == 0 || gotWhat/whatTotal >= whatCoverage)
}

// whatCoverage is how much of a figure question less its period a
// passage must match when it lacks the question's rarest word.
const whatCoverage = 0.3

// unitCoverage is how much of a question a passage giving the unit asked
// for must match when it lacks the question's rarest word.
const unitCoverage = 0.6

// figureUnit is a unit a question asks for a figure in, and how a passage
// giving such a figure writes it.
type figureUnit struct {
	name  string
	asked *regexp.Regexp
	given finder
}

// finder finds the leftmost match of a pattern in a text, as a regular
// expression's FindStringIndex does.
type finder interface {
	FindStringIndex(s string) []int
}

// perPopulation finds a rate per so many of the population: "per 1,000
// people", "per 100,000 of the population".
const perPopulation = `\bper (1,?000|10,?000|100,?000|thousand|hundred thousand) (of (the )?)?(people|population|residents|inhabitants|head)\b`

// figureUnits are the units a question can ask for: an answer in pounds
// gives pounds, one in minutes gives minutes.
var figureUnits = []*figureUnit{
	{"pounds", regexp.MustCompile(`(?i)£|\bpounds?\b|\bmillions?\b|\bbillions?\b`), regexp.MustCompile(`(?i)£|\bpounds?\b|\bmillion\b|\bbillion\b`)},
	// "hrs" is hours, "HR" human resources.
	{"minutes or hours", regexp.MustCompile(`\b((?i:minutes?|mins?|hours?)|hrs?|Hrs?)\b`), regexp.MustCompile(`(?i)\b(minutes?|hours?|hrs?)\b`)},
	{"percent", regexp.MustCompile(`(?i)%|\bper ?cent(age)?s?\b`), percentGiven{}},
	// A rate per head of population is written as one: a count, or a rate
	// of something else, does not give it.
	{"a rate per head of population", regexp.MustCompile(`(?i)` + perPopulation + `|\bper (head|capita)\b|^(capita|population)$`), regexp.MustCompile(`(?i)` + perPopulation + `|\bper (head|capita|person|resident)\b`)},
	// How old people are is an age: a number of children in custody
	// gives none.
	{"ages", regexp.MustCompile(`(?i)\bhow old\b|\b(?:what|which) ages?\b|\bage (?:range|group|bracket|profile)s?\b|^(old|age|ages|aged)$`), regexp.MustCompile(`(?i)\baged\b|\bages? (?:of |between |from |under |over )?\d|\byears? old\b|\b(?:under|over)[- ]\d\d?s?\b|\b\d\d?[- ]years?[- ]olds?\b|\bteen(?:age|ages|agers?|s)\b|\bjuveniles?\b|\bolder\b|\byounger\b`)},
	// How quickly something is done is a time taken: seconds to years, or
	// a date it was done by. A figure of something else (how many calls
	// wait) does not give it.
	{"time taken", regexp.MustCompile(`(?i)\bhow (quick(ly)?|fast|soon|promptly)\b|\bhow long (?:does|do|did|will|would|is|are|was|were|can|could|should|must|to|on average|before|until)\b|\b(average|mean|median|typical) (time|wait|waiting time|delay|duration)s?\b|^(quick|quickly|fast|soon|promptly|long|take|takes|taken|took|wait|waits)$`), regexp.MustCompile(`(?i)\b(seconds?|minutes?|mins|hours?|hrs|days?|weeks?|months?|years?|fortnights?)\b|\b(since|until|by|within) (19|20)\d\d\b`)},
}

// hoursCounted is the unit of minutes or hours when the question asks
// for a figure in them ("how many hours were officers abstracted"): a
// time in minutes or hours is given with its number ("within 60
// minutes", "twenty-four hours", "an hour"), and "the number of hours
// officers were abstracted" names the unit but gives no figure. A
// question naming hours without asking a figure ("who watches social
// media out of hours") keeps the unit's looser reading.
var hoursCounted = &figureUnit{figureUnits[1].name, figureUnits[1].asked, regexp.MustCompile(`(?i)(?:\d|\b(?:` + numberWords + `|hundred|half|quarter|an?|few|several|many|each|per|every|within|eighteen|fifteen|sixteen|fourteen|thirteen|seventeen|nineteen|sixty|seventy|eighty|ninety)\b)[\s-]*(?:(?:and a half|\S+)[\s-]+)?(minutes?|hours?|hrs?)\b|\b(?:hourly|minutes? later|hours? later)\b`)}

// percentGiven finds a share given as a figure or in words, as the
// pattern (?i)%|\bper ?cent\b|\bproportion\b|\bhalf\b|\bquarter\b|\bthird\b|\bin (every )?\w+ (cases|of)\b
// would: "29%", "per cent", "half", "in 35 of 63 cases". It reads a
// passage a word at a time, where that pattern, with no fixed start,
// would be tried at every character: a percentage question's judgment
// reads every sentence of the top passages.
type percentGiven struct{}

// percentWords are the shares percentGiven finds written as a word.
var percentWords = []string{"proportion", "half", "quarter", "third"}

// FindStringIndex is the leftmost share in s, or nil.
func (percentGiven) FindStringIndex(s string) []int {
	for i := 0; i < len(s); {
		if end := percentAt(s, i); end >= 0 {
			return []int{i, end}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return nil
}

// percentAt is the end of a share percentGiven finds at s[i:], or -1.
func percentAt(s string, i int) int {
	if s[i] == '%' {
		return i + 1
	}
	if asciiWord(s, i-1) == asciiWord(s, i) {
		return -1 // the rest begin at a word's start
	}
	ended := func(end int) int { // a word ends at end
		if end >= 0 && asciiWord(s, end-1) != asciiWord(s, end) {
			return end
		}
		return -1
	}
	if n := foldPrefix(s[i:], "per"); n >= 0 {
		j := i + n
		if j < len(s) && s[j] == ' ' {
			if m := foldPrefix(s[j+1:], "cent"); m >= 0 && ended(j+1+m) >= 0 {
				return j + 1 + m
			}
		}
		if m := foldPrefix(s[j:], "cent"); m >= 0 && ended(j+m) >= 0 {
			return j + m
		}
		return -1
	}
	for _, w := range percentWords {
		if n := foldPrefix(s[i:], w); n >= 0 {
			return ended(i + n)
		}
	}
	n := foldPrefix(s[i:], "in ")
	if n < 0 {
		return -1
	}
	j := i + n
	if m := foldPrefix(s[j:], "every "); m >= 0 {
		if end := casesOf(s, j+m); end >= 0 {
			return end
		}
	}
	return casesOf(s, j)
}

// casesOf is the end of a word at s[j:] followed by a space and "cases"
// or "of" ("35 of", "four cases"), or -1.
func casesOf(s string, j int) int {
	k := j
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !countWordRune(r) {
			break
		}
		k += size
	}
	if k == j || k >= len(s) || s[k] != ' ' {
		return -1
	}
	k++
	for _, w := range []string{"cases", "of"} {
		if m := foldPrefix(s[k:], w); m >= 0 && asciiWord(s, k+m-1) != asciiWord(s, k+m) {
			return k + m
		}
	}
	return -1
}

// oftenCue asks how often something is done; frequencyRE finds a
// frequency said in words.
var (
	oftenCue    = regexp.MustCompile(`(?i)\bhow (?:often|frequently|regularly)\b`)
	frequencyRE = regexp.MustCompile(`(?i)\b(?:regular(?:ly)?|routine(?:ly)?|every|each (?:day|week|month|quarter|year|shift)|daily|weekly|fortnightly|monthly|quarterly|annual(?:ly)?|yearly|bi-?annual(?:ly)?|(?:once|twice|\w+ times) (?:a|an|per|each|every)|a (?:day|week|month|year)|per (?:day|week|month|year|shift)|frequen(?:t|tly|cy)|depends? on|rarely|seldom|occasional(?:ly)?|infrequent(?:ly)?|at least|always|never|often|sometimes|continuous(?:ly)?|constant(?:ly)?)\b`)
)

// waitSaidRE finds a time said as the time something takes ("wait for
// up to nine months", "took 40 days", "within a week", "delays of two
// months", "the oldest outstanding download was two months old").
var waitSaidRE = regexp.MustCompile(`(?i)\b(?:wait\w*|tak(?:e|es|en|ing)|took|delay\w*|within|turnaround|backlogs?|outstanding|\w+ old|average|on average|typically|up to|longer than|more than|less than|fewer than|over|under|after|before|until|since|by)\b`)

// timeTaken is the unit of how quickly something is done; namedTimeRE
// asks what such a time is ("what is the response time for emergency
// calls"; not "what's the AFI on attendance times").
var (
	timeTaken   = figureUnits[len(figureUnits)-1]
	namedTimeRE = regexp.MustCompile(`(?i)^\W*what(?:'s|’s| is| was| are| were) (?:the |their |its |our )?(?:\S+ )?(?:response|attendance|arrival|answering|turnaround|processing) times?\b`)
)

// spendCue asks how much money something took: "how much did they spend
// on overtime", "how much does it cost". Its answer is in pounds.
var spendCue = regexp.MustCompile(`(?i)\bhow much\b.{0,40}\b(spend|spends|spent|spending|cost|costs|costing|costed|paid|pay|pays|invest|invested|fund|funded|funding|save|saved|savings|budget|budgeted)\b`)

// spendWhatCue asks what something costs or what is spent on it: "what
// does the force spend on forensic services", "what did it cost".
var spendWhatCue = regexp.MustCompile(`(?i)\bwhat (?:does|do|did|will|would) (?:\S+ ){0,4}?(?:spend|cost|pay)(?: on| for| in| to run| each| a year| per|\W*$)`)

// moneyCue asks what a sum of money is: "what is the constabulary's
// budget", "what was the cost of the new system", "what's the starting
// salary for an officer", "what is Kent Police's annual revenue budget
// for 2022/23" (a force's name and the kind of budget come before it).
// Its answer is in pounds; "what is their approach to budget
// management" asks no sum, nor does "the cost of living".
var moneyCue = regexp.MustCompile(`(?i)^\W*what(?:'s|’s| is| was| are| were| will be)\s+(?:the\s+|their\s+|its\s+|our\s+|your\s+)?(?:[\p{L}'’-]+\s+){0,5}?(?:budgets?|bills?|expenditure|payroll|salary|salaries|wages?|costs?|price|spend|spending|funding|precept|pay)(?:\s+(?:for|of|in|on|per|each|this|last|next|a|an)\b.{0,40})?\W*$`)

// valueCue asks how much money something is worth: "what was the value
// of the one-off payment", "the amount of the grant", "the size of the
// budget", "how much was the bonus". Its answer is in pounds; "the value
// of the scheme" to victims, or "how much is the force helped", asks no
// sum.
var valueCue = regexp.MustCompile(`(?i)(?:\b(?:value|amount|size|sum) of|\bhow much (?:is|was|were|are|will be|would be|has been|is being)) (?:the |their |its |a |an |this |that |each |every )?(?:[\p{L}'’-]+\s+){0,3}?(?:payments?|bonus(?:es)?|grants?|contracts?|budgets?|funding|allowances?|fines?|awards?|salar(?:y|ies)|investment|supplements?|settlements?|precept)\b`)

// askedUnit returns the unit a question asks for a figure in, or nil.
func askedUnit(raw string) *figureUnit {
	lr := strings.ToLower(raw)
	if valueCue.MatchString(raw) || strings.Contains(lr, "how much") && spendCue.MatchString(raw) || strings.Contains(lr, "what") && spendWhatCue.MatchString(raw) || strings.HasPrefix(strings.TrimLeft(lr, " \t\"'“"), "what") && moneyCue.MatchString(raw) && !strings.Contains(strings.ReplaceAll(lr, "-", " "), "cost of living") {
		return figureUnits[0]
	}
	if !mayMatch(lr, "£", "pound", "million", "billion", "min", "hour", "hr", "%", "cent", "per ", "how ", "average", "mean", "median", "typical", "time", "age") {
		return nil
	}
	for _, u := range figureUnits {
		if u.asked.MatchString(raw) {
			if u == figureUnits[1] && asksForFigure(raw) {
				return hoursCounted
			}
			return u
		}
	}
	// "the response time for emergency calls" asks for a time; "in how
	// many cases did we miss the attendance time" for a count.
	if !strings.Contains(lr, "how many") && namedTimeRE.MatchString(raw) {
		return timeTaken
	}
	return nil
}

// inQuestionOrder sorts names by where the question has them.
func inQuestionOrder(raw string, names []string) []string {
	lr := strings.ToLower(raw)
	pos := func(n string) int {
		if i := strings.Index(lr, strings.ToLower(n)); i >= 0 {
			return i
		}
		return len(lr)
	}
	slices.SortStableFunc(names, func(a, b string) int { return pos(a) - pos(b) })
	return names
}

// termsOf is a passage's analysed terms as stored: " a b c ".
func termsOf(f map[string]any) string {
	s, _ := f[fieldTerms].(string)
	if s == "" {
		return " "
	}
	return s
}

// absentNames returns the capitalised phrases of a question ("Right Care
// Right Person", "Clare's Law") that no loaded report contains: names of
// programmes, laws and places carry a question's meaning as a whole,
// though each of their words may be common.
func (ix *Index) absentNames(ctx context.Context, q *question) []string {
	var out []string
	for _, name := range capitalisedRuns(q.parsed.Words) {
		if strings.TrimSpace(name) == "" || ix.containsPhrase(ctx, name) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// capitalisedRuns are the runs of two or more capitalised words of a
// question, leaving out acronyms (all capitals) and the question's first
// word, which is capitalised anyway.
func capitalisedRuns(words []string) []string {
	caps := 0
	for _, w := range words {
		if r := []rune(w); len(r) > 0 && unicode.IsUpper(r[0]) {
			caps++
		}
	}
	if caps*10 >= len(words)*7 && len(words) >= 3 {
		return nil // Every Word Capitalised: capitals name nothing here
	}
	var out []string
	var run []string
	flush := func() {
		if len(run) >= 2 {
			out = append(out, strings.Join(run, " "))
		}
		run = nil
	}
	for i, w := range words {
		r := []rune(w)
		capital := len(r) > 1 && unicode.IsUpper(r[0]) && strings.IndexFunc(string(r[1:]), unicode.IsLower) >= 0
		if i == 0 || !capital {
			flush()
			continue
		}
		run = append(run, w)
	}
	flush()
	return out
}

// containsPhrase reports whether any loaded report has the words of text
// in this order. It runs within the search's deadline; a check that fails
// or runs out of time never claims a name is absent.
func (ix *Index) containsPhrase(ctx context.Context, text string) bool {
	sr := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(phrase(text, fieldText, 1), phrase(text, fieldHeading, 1)), 0, 0, false)
	out, err := ix.bi.SearchInContext(ctx, sr)
	return err != nil || out.Total > 0
}

// closestChapters are the chapters of the best passages found: what the
// loaded reports do cover nearest to the question.
func (ix *Index) closestChapters(top []scoredDoc) []string {
	var out []string
	for _, d := range top[:min(len(top), judgeDepth)] {
		c, _ := d.fields[fieldChapter].(string)
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// loadedForces names the forces of the loaded reports.
func (ix *Index) loadedForces() string {
	var names []string
	for _, r := range ix.meta.Reports {
		if !slices.Contains(names, r.Force) {
			names = append(names, r.Force)
		}
	}
	if len(names) > 4 {
		return fmt.Sprintf("%s and %d other forces' reports", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ") + "'s"
}

// frameWords are the words of how a question is asked rather than what it
// is about, dropped from the front of the subject a note repeats.
var frameWords = map[string]bool{
	"what": true, "whats": true, "what's": true, "which": true, "who": true, "how": true, "why": true,
	"when": true, "where": true, "is": true, "are": true, "was": true, "were": true, "does": true,
	"do": true, "did": true, "has": true, "have": true, "can": true, "could": true, "would": true,
	"will": true, "should": true, "the": true, "a": true, "an": true, "any": true, "anything": true,
	"there": true, "report": true, "reports": true, "say": true, "says": true, "said": true,
	"about": true, "on": true, "tell": true, "me": true, "us": true, "of": true, "in": true,
	"for": true, "findings": true, "finding": true, "hmicfrs": true, "it": true, "they": true,
	"their": true, "this": true, "that": true, "please": true, "show": true, "give": true,
	"find": true, "list": true, "info": true, "information": true, "details": true, "much": true,
	"many": true, "i": true, "we": true, "know": true, "see": true, "get": true, "and": true,
}

// subjectOf is what a question asks about, in its own words, for a note:
// "what does the report say about Operation Soteria" → "Operation Soteria".
func subjectOf(q *question) string {
	words := q.parsed.Words
	for len(words) > 0 && frameWords[strings.ToLower(words[0])] {
		words = words[1:]
	}
	for len(words) > 0 && frameWords[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		words = q.parsed.Words
	}
	s := strings.Join(words, " ")
	if len(q.parsed.Phrases) > 0 {
		s = strings.TrimSpace(s + " “" + strings.Join(q.parsed.Phrases, "”, “") + "”")
	}
	if s == "" {
		return "that"
	}
	return s
}

// quoteList is words quoted and joined: “a”, “b” or “c”.
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "“" + w + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// headcountCue asks how many of something a force has: "how many special
// constables does the constabulary have", "how many officers does herts
// employ in total", "how many members does the Black Police
// Association have", "how many closure orders did the force apply for".
// Its first group is what is counted.
var headcountCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,40}?) (?:does|do|did) (?:\S+ ){0,5}?(?:have|has|employ|employs|employed|got|record|receive|make|issue|apply for|obtain|handle|arrest|charge|see|help|support|attend|refer|manage|monitor|supervise|visit|train|recruit|investigate|prosecute|stop|search|seize|detain|divert|assess|deal with)\b`)

// tallyCue asks how many of something happened or were done: "how many
// hate crimes were recorded", "how many new officers have joined". Its
// first group is what is counted; the report must give a number of it.
var tallyCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,40}?) (?:were|was|have|has|had|are|is)(?: been)? (?:\S+ ){0,5}?(?:recorded|reported|made|held|upheld|dismissed|sacked|joined|recruited|hired|died|killed|injured|arrested|charged|convicted|issued|retained|reviewed|examined|submitted|received|seized|stopped|searched|assaulted|attacked|left|resigned|retired|carried out|conducted|performed|undertaken|detained|saved|opened|investigated|prosecuted|cautioned|referred|completed|trained|managed|monitored|supervised|supported|helped|safeguarded|visited|attended|assessed|diverted|dealt with)\b|\bhow many ([a-z0-9' -]{2,40}?) (?:left|quit|resigned|retired|joined|attended|completed|received|applied|responded|took part|signed up|died|visited|called|contacted|reported|complained|volunteered|graduated|passed|failed)\b`)

// askedHeadcount returns what a question asks the number of a force has,
// or of what happened, or "".
func askedHeadcount(raw string) string {
	if !strings.Contains(strings.ToLower(raw), "how many") {
		return ""
	}
	if m := headcountCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1])
	}
	if m := tallyCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1] + m[2])
	}
	if m := servingCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// servingCue asks how many people do a job: "how many special constables
// volunteer in the county", "how many detectives work there". Its first
// group is who is counted.
var servingCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,40}?) (?:work|works|serve|serves|volunteer|volunteers|are employed|are there|were there|operate|operates|are active|exist|are in|were in|make up|staff)\b`)

// countNumberRE finds where a count begins: a number in digits or words
// and the space after it. Up to two words and the word counted follow
// (countHeads.after).
var countNumberRE = regexp.MustCompile(`(?i)\b(?:\d[\d,.]*|` + numberWords + `|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands)\s+`)

// yearFirst finds a count that is a year ("2021 the constabulary").
var yearFirst = regexp.MustCompile(`^(?:19|20)\d\d\b`)

// countKey is the rarest word of a count question besides what is
// counted and the period ("SecureCare" of "how many officer hours has the
// SecureCare contract saved so far"), or nil when it has none.
func countKey(counted string, units []unit, when []bool) *unit {
	in := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(counted)) {
		in[w] = true
	}
	var key *unit
	for i := range units {
		u := &units[i]
		lw := strings.ToLower(u.word)
		// "compared with the year before" frames the count as a change,
		// as the period frames it in time: neither is what it is of.
		if u.present && !when[i] && !in[lw] && !quantityWord(u.word) && !trendWords[lw] && !lightVerbs[lw] && (key == nil || u.weight > key.weight) {
			key = u
		}
	}
	return key
}

// givesCount reports whether one of the passages gives a number of what
// is counted: a number just before its last word ("150 special
// constables"), or the last word of one of the things counted alike
// (countedHeads), beside the question's key word (countKey, nil for
// none) in the sentence or those either side or their headline. A
// percentage or a rate is not a headcount; "24 hours" of a detained
// person's wait is no count of the hours a contract named a sentence
// earlier saved, and 177 searches reviewed across the county none of
// those in a town the report names about something else.
func (ix *Index) givesCount(docs []scoredDoc, counted string, units []unit, key *unit) bool {
	var heads countHeads
	for _, last := range countedHeads(counted) {
		// "constables" and "constable" are the same word, "constabulary"
		// is not: it is in every passage ("in 2021 the constabulary").
		heads = append(heads, strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(last), "s"), "e"))
		// "CSPs" are counted as "ten community safety partnerships": the
		// forms searched for the word count it too.
		for _, u := range units {
			if strings.EqualFold(u.word, last) {
				for _, a := range u.alts {
					if len(a) > 0 && len(a[len(a)-1]) > 3 {
						heads = append(heads, strings.TrimRight(a[len(a)-1], "ie"))
					}
				}
			}
		}
	}
	for _, h := range heads {
		if !utf8.ValidString(h) {
			return true // not text that can be matched: claim nothing
		}
	}
	for k := range docs {
		p := docs[k].split()
		t, spans := p.text, p.spans
		near := func(i int) bool {
			return key == nil || key.matches(p.window(ix, i))
		}
		for at := heads.counts(t, 0); at[0] >= 0; at = heads.counts(t, at[1]) {
			m := t[at[0]:at[1]]
			if !strings.Contains(strings.ToLower(m), "percent") && !strings.Contains(m, "%") && !yearFirst.MatchString(m) && !namesByNumber(m, units) && near(spanOf(spans, at[0])) {
				return true
			}
		}
		// "the panel examined 4.5 percent of the stop and search
		// records (337 out of a possible 7,461)": a count out of a
		// whole, in a sentence with what is counted.
		for i, sp := range spans {
			if sen := t[sp[0]:sp[1]]; outOfRE.MatchString(sen) && heads.begin(sen) && near(i) {
				return true
			}
		}
	}
	return false
}

// countHeads are the beginnings of the word a count question counts and
// of the forms searched for it ("constabl", "partnersh"), each matched
// ignoring case and followed by the rest of its word.
type countHeads []string

// counts is where text, from byte from, next gives a count of a head: a
// number (countNumberRE), up to two words, then a head and the rest of
// its word ("150 special constables"); {-1, -1} when it gives none
// further. The most words between are tried first, then fewer, and the
// first head that matches decides where the count ends; a count is
// looked for after the end of the one before.
func (h countHeads) counts(text string, from int) [2]int {
	for from < len(text) {
		m := countNumberRE.FindStringIndex(text[from:])
		if m == nil {
			break
		}
		if end := h.after(text, from+m[1]); end >= 0 {
			return [2]int{from + m[0], end}
		}
		from += m[1] // a number later in the same one has the same words after it
	}
	return [2]int{-1, -1}
}

// after is where a count's word counted ends, given the byte after its
// number and space: up to two words, each followed by space, then a
// head, besides "of these" before them ("2,500 of these prospective
// candidates"); -1 when no head follows.
func (h countHeads) after(text string, i int) int {
	if n := ofThese(text[i:]); n > 0 {
		if end := h.upToTwo(text, i+n); end >= 0 {
			return end
		}
	}
	return h.upToTwo(text, i)
}

// ofThese is the length of "of these " (or those, the, its, their) at
// the start of text, ignoring case, or 0.
func ofThese(text string) int {
	if foldPrefix(text, "of ") < 0 {
		return 0
	}
	for _, w := range []string{"these ", "those ", "the ", "its ", "their "} {
		if n := foldPrefix(text[3:], w); n >= 0 {
			return 3 + n
		}
	}
	return 0
}

// upToTwo is after without "of these": up to two words, each followed by
// space, then a head; -1 when no head follows.
func (h countHeads) upToTwo(text string, i int) int {
	var at [3]int
	at[0] = i
	k := 0
	for ; k < 2; k++ {
		j := at[k]
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !countWordRune(r) && r != '\'' && r != '-' {
				break
			}
			j += n
		}
		if j == at[k] || j == len(text) || !countSpace(text[j]) {
			break
		}
		for j < len(text) && countSpace(text[j]) {
			j++
		}
		at[k+1] = j
	}
	for ; k >= 0; k-- {
		if end := h.at(text, at[k]); end >= 0 {
			return end
		}
	}
	return -1
}

// at is the end of the first head that text has at byte i, with the rest
// of its word, or -1.
func (h countHeads) at(text string, i int) int {
	for _, w := range h {
		n := foldPrefix(text[i:], w)
		if n < 0 {
			continue
		}
		end := i + n
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !countWordRune(r) {
				break
			}
			end += size
		}
		return end
	}
	return -1
}

// begin reports whether a head begins a word of text: "constabl" in
// "constables", not in "unconstabled".
func (h countHeads) begin(text string) bool {
	for i := 0; ; {
		if asciiWord(text, i-1) != asciiWord(text, i) {
			for _, w := range h {
				if foldPrefix(text[i:], w) >= 0 {
					return true
				}
			}
		}
		if i >= len(text) {
			return false
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
}

// asciiWord reports whether text's byte i is a letter, digit or
// underscore of ASCII: the word characters a word boundary is between.
func asciiWord(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	c := text[i]
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// countWordRune reports whether r is a word character of a count's
// words: an ASCII letter, digit or underscore, or a letter that is one of
// them ignoring case (ſ is s, the Kelvin sign k).
func countWordRune(r rune) bool {
	return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == 'ſ' || r == '\u212a'
}

// countSpace reports whether c is the space between a count's words.
func countSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// foldPrefix is the length in bytes of w at the start of s, ignoring case
// (Unicode simple folding), or -1 when s does not start with it.
func foldPrefix(s, w string) int {
	n := 0
	for _, r := range w {
		if n >= len(s) {
			return -1
		}
		c, size := utf8.DecodeRuneInString(s[n:])
		if c != r && !sameFold(c, r) {
			return -1
		}
		n += size
	}
	return n
}

// sameFold reports whether two runes are one letter ignoring case.
func sameFold(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// countedHeads are the words that name what is counted: the last word,
// and the last word before each "and" or "or" joining things counted
// alike ("orders and notices", "arrests or charges"), so that "174 of
// these orders" counts "orders and notices" as "60 notices" would.
func countedHeads(counted string) []string {
	f := strings.Fields(counted)
	heads := []string{f[len(f)-1]}
	for i := 1; i+1 < len(f); i++ {
		if lw := strings.ToLower(f[i]); lw == "and" || lw == "or" {
			heads = append(heads, f[i-1])
		}
	}
	return heads
}

// namesByNumber reports whether a count's number is, or is named with,
// a number of three or more digits the question has: "999 or 101 calls"
// names the calls by their numbers, as the question "how many 101 calls"
// does, and counts none of them; "250,000 101 calls" counts them.
func namesByNumber(m string, units []unit) bool {
	words := strings.Fields(m)
	for _, u := range units {
		if len(u.word) < 3 || strings.IndexFunc(u.word, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
			continue
		}
		if slices.Contains(strings.Split(words[0], "/"), u.word) {
			return true
		}
		if len(words) > 2 && (words[1] == "or" || words[1] == "and") && words[2] == u.word {
			return true
		}
	}
	return false
}

// outOfRE finds a count out of a whole: "337 out of a possible 7,461",
// "in 24 of 52 cases".
var outOfRE = regexp.MustCompile(`(?i)\b\d[\d,]*\s+(?:out\s+)?of\s+(?:a\s+possible\s+|the\s+|all\s+)?\d`)

// shortPlace is the place a word names as the police service's short
// name for a force ("cambs": cambridgeshire, "beds": bedfordshire), or ""
// when it is the place itself or no force's name.
func shortPlace(w string) string {
	f := corpus.NamedForces([]string{w})
	if len(f) != 1 || strings.EqualFold(f[0].Place, w) {
		return ""
	}
	return f[0].Place
}

// typedInCapitals reports whether a question capitalises its words
// whatever they are: all in capitals, or every word of three letters or
// more begun with one ("What Do Call Handlers Think About Training").
// Its capitals then say nothing of names.
func typedInCapitals(raw string) bool {
	if strings.ToUpper(raw) == raw {
		return true
	}
	long, upper := 0, 0
	for _, w := range strings.Fields(raw) {
		r := []rune(strings.Trim(w, `"'“”‘’?!.,:;()`))
		if len(r) < 3 {
			continue
		}
		long++
		if unicode.IsUpper(r[0]) {
			upper++
		}
	}
	return long > 1 && upper == long
}

// namesSomething reports whether words typed with capitals are a name
// rather than people written with them ("Call Handlers"): one of them is
// not an English word, or is an acronym ("PFEW").
func namesSomething(words []string) bool {
	lx, err := english()
	for _, w := range words {
		lw := strings.ToLower(withoutPossessive(w))
		if lw == "of" || lw == "and" || lw == "for" {
			continue
		}
		if len(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			return true
		}
		if err != nil || !lx.knows(lw) {
			return true
		}
	}
	return false
}
