package index

import (
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Whether the loaded reports answer a question is judged from evidence,
// not from one score threshold (a BM25 score means nothing across
// questions):
//   - names: a word that carries the question's meaning (a name, a
//     programme, a policing term, a capitalised phrase such as "Right Care
//     Right Person") that no loaded report uses, nor any form of it that
//     was searched for, means the reports don't cover the question,
//     however well its other words match (a topic named as what people
//     are kept away from, "away from knife crime", is the harm the work
//     asked about prevents, not the subject);
//   - coverage: the share of the question's words (weighted by how rare
//     they are in the reports, after expansion) that the best of the top
//     passages matches; an answer matches most of what was asked; a
//     short question they match only in words most passages use, with a
//     word naming a thing that no report uses and nothing else was
//     searched for ("how does photosynthesis work"), is not covered;
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
//     that the top passages date only by another, or asked "in 2020"
//     where no top passage names the year;
//   - a figure for a kind of crime ("rape offences") or a group of the
//     workforce ("police staff") no top passage names; hours asked for
//     given without a number; a grade or rating asked that no sentence
//     on the subject gives; a rank asked ("where did the force rank")
//     that no sentence on the subject gives, or gives only for another
//     year than the one asked.
//
// The checks are kept by what they read: abstain_figures.go (figures),
// abstain_counts.go (counts), abstain_time.go (times, trends, rounds),
// abstain_names.go (names, places, people, other bodies),
// abstain_asks.go (what no report states) and passage.go (sentences).

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
	// "coverage", "figure", "grade", "trend", "time", "name", "list",
	// "person", "view", "place", "topic", "elsewhere", "how-to",
	// "other year", "other force", "other round", "none", "no match".
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
	// phrasal is set when the word is part of a phrasing that analyses to
	// it alone ("hang" of "hang on to"): the word by itself in a passage
	// ("callers hang up") is not what was asked.
	phrasal bool
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
			u := unit{word: w, term: t, alts: q.alts[t], alone: q.alone[t], phrasal: q.phrasal[t]}
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
	if lx.knows(w) || ix.acronymTypo(lw) != "" {
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
		if hasAllTerms(terms, a) {
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

// hasAllTerms reports whether terms (as hasTerm reads them) has every
// one of ws: all the words of a phrase, in any order.
func hasAllTerms(terms string, ws []string) bool {
	for _, w := range ws {
		if !hasTerm(terms, w) {
			return false
		}
	}
	return true
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
	sharedOf shareSubject
	// shareHas is what the share asked for has or became ("led to an
	// arrest" of "what percentage of searches led to an arrest").
	shareHas shareSubject
	// byChange is whether the figure asked is a change ("by what
	// percentage did crime fall"): the sentence giving it must speak of
	// one.
	byChange bool
	// changeOf is what the change asked is of ("recorded crime").
	changeOf     shareSubject
	measured     int
	unmeasurable bool
	// contrasted is the unit of what a figure is asked of set against
	// something else (contrastedUnit), or -1.
	contrasted int

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
	if ix.forcesCountedByGrade(strings.ToLower(q.parsed.Raw)) {
		ev.Reason = "other force"
		res.Note = ix.forcesGradedNote(strings.ToLower(q.parsed.Raw))
		res.Closest = ix.closestChapters(j.top)
		return true
	}
	if ix.forcesRankedBeyond(strings.ToLower(q.parsed.Raw)) {
		ev.Reason = "other force"
		res.Note = ix.forcesRankedNote()
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
	if later, published := ix.laterThanReports(q); later != "" {
		ev.Reason = "time"
		res.Note = fmt.Sprintf("The loaded reports were published by %s; they say nothing of %s or later.", published, later)
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

// restatedUnits are units with the forms of a concept that a second
// phrasing of it in the question says (question.restated) among their
// alts: "off ill", after "the sickness rate", is matched by "sickness
// absence" as "sickness rate" is.
func restatedUnits(units []unit, restated map[string][][]string) []unit {
	if len(restated) == 0 {
		return units
	}
	out := slices.Clone(units)
	for i, u := range out {
		if r := restated[u.term]; len(r) > 0 {
			out[i].alts = append(slices.Clone(u.alts), r...)
		}
	}
	return out
}

// weighWords reads the question's words (units) and their total weight,
// and the names among them no report uses, less those that are no
// evidence it is not covered: a post holder's name, which reports write
// by the post, and a change the passages say in other words.
func (j *judging) weighWords() {
	ix, q, ev := j.ix, j.q, j.ev
	j.units = restatedUnits(adverbsAsAdjectives(ix, ix.units(q)), q.restated)
	for _, u := range j.units {
		j.total += u.weight
		if !u.present {
			ev.Absent = append(ev.Absent, u.word)
			if u.name {
				ev.Names = append(ev.Names, u.word)
			}
		}
	}
	// A topic named as what people are kept away from is the harm the
	// work asked about prevents, not its subject (keptAwayFrom).
	topics := slices.DeleteFunc(ix.namedTopics(j.ctx, q), func(t string) bool { return keptAwayFrom(q.parsed.Raw, t) })
	absent, slipped := ix.absentNames(j.ctx, q)
	// "Police Upflit": a word of a name the reports have but for that
	// slip names nothing they don't have.
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return slipped[n] })
	ev.Names = inQuestionOrder(q.parsed.Raw, longestNames(append(append(ev.Names, absent...), topics...)))
	// "what did HM Inspector Roy Wilsher say": the name is the post's
	// holder, which reports write by the post (the inspector's overview
	// is in the first person); whether the post's view is given decides.
	j.holder = postHolderWords(q.parsed.Raw)
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return onlyHolder(n, j.holder) })
	// "working near London": a place named as what the subject is near
	// locates it, and reports write where it is otherwise ("forces
	// bordering the Metropolitan Police").
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return nearPlace(q.parsed.Raw, n) })
	// "a pay rise" is what a report writes as "increased the starting
	// pay": the change said of the thing names it.
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return ix.changeSaid(n, ix.units(q), j.judged) })
	// "replies on Facebook": a name the concept map gives as the everyday
	// word for what reports write otherwise ("social media") is covered
	// when a passage read writes it so.
	ev.Names = slices.DeleteFunc(ev.Names, func(n string) bool { return ix.nameWrittenOtherwise(n, j.judged) })
}

// nameWrittenOtherwise reports whether a name no report uses is, by
// itself, an everyday phrasing of a concept (data/concepts.txt) whose
// report vocabulary one of docs has: the reports write "social media"
// for Facebook and Twitter, "webchat" for a brand of chat.
func (ix *Index) nameWrittenOtherwise(name string, docs []scoredDoc) bool {
	t := ix.analyze(name)
	if len(t) != 1 || len(strings.Fields(name)) != 1 {
		return false // "County Lines" names a thing of its own
	}
	if ix.isTopicForm(name) {
		// "shoplifting", "tasers": a policing topic of its own
		// (data/topics.txt), which a report covering it names, not the
		// broader thing the concept map finds for it ("theft", "use of
		// force").
		return false
	}
	for _, c := range ix.concepts() {
		if !slices.ContainsFunc(c.phrasings, func(p []string) bool { return slices.Equal(p, t) }) {
			continue
		}
		for _, d := range docs {
			terms := termsOf(d.fields)
			for _, v := range c.vocab {
				if vt := ix.analyze(v); len(vt) > 0 && hasAllTerms(terms, vt) {
					return true
				}
			}
		}
	}
	return false
}

// adverbsAsAdjectives is units with each adverb in "-ly" also matched by
// the word it is made of, when reports use that word: "graded calls to
// the correct grade" says they were graded correctly, "a prompt
// response" that they responded promptly. The stemmer keeps the ending
// (ranking measured it so); the judgment reads the meaning. A base of
// fewer than five letters is too often another word ("bully", "timely",
// "likely").
func adverbsAsAdjectives(ix *Index, units []unit) []unit {
	var out []unit
	for i, u := range units {
		lw := strings.ToLower(u.word)
		base, ok := strings.CutSuffix(lw, "ly")
		if !ok || notAdverbs[lw] {
			continue
		}
		if b, ok := strings.CutSuffix(base, "i"); ok {
			base = b + "y" // "easily": "easy"
		}
		t := ix.analyze(base)
		if utf8.RuneCountInString(base) < 5 || len(t) != 1 || t[0] == u.term || ix.terms[t[0]] == 0 {
			continue
		}
		if out == nil {
			out = slices.Clone(units)
		}
		out[i].alts = append(slices.Clone(u.alts), t)
		out[i].alone = append(slices.Clone(u.alone), t)
		if !out[i].present {
			out[i].present = true
			out[i].name = false
			out[i].weight = ix.idf(ix.terms[t[0]])
		}
	}
	if out == nil {
		return units
	}
	return out
}

// readAsk works out what figure, if any, the question asks for and what
// it is of: for a figure asked in a unit, a top passage must give the
// unit and match the rarest of the question's other words (the subject:
// 101 calls, not 999 calls), or most of them.
func (j *judging) readAsk() {
	raw, units := j.q.parsed.Raw, j.units
	j.unit = j.q.askedUnit()
	// "what was the rise in X" asks for the size of a change, a figure,
	// in words asksForFigure does not read as one.
	j.figure = asksForFigure(raw) && !reasonForFigure(raw) || changeByAskCue.MatchString(raw) || shareAskCue.MatchString(raw) || targetAskCue.MatchString(raw)
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
		if (unit != nil || figure) && u.present && !j.when[i] && !(unit != nil && unit.asked.MatchString(u.word)) && !quantityWord(u.word) && !lightVerbs[strings.ToLower(u.word)] && !trendWords[strings.ToLower(u.word)] && !asideWords[strings.ToLower(u.word)] && (j.key < 0 || u.weight > units[j.key].weight) {
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
	// "what proportion of domestic abuse crimes": a share asked in words
	// other than a percentage is of its subject all the same.
	if unit != nil && unit.name == "percent" {
		j.sharedOf = shareSubjectOf(raw, units, j.when)
		j.shareHas = shareOutcomeOf(raw, units, j.when)
	} else if unit == nil && figure {
		if of := shareSubjectOf(raw, units, j.when); len(of) >= 2 {
			j.sharedOf = of
		}
	}
	j.byChange = (unit != nil || figure) && changeByAskCue.MatchString(raw)
	if j.byChange {
		j.changeOf = changeSubjectOf(raw, units, j.when)
	}
	j.measured, j.unmeasurable = -1, false
	if unit != nil || figure {
		j.measured, j.unmeasurable = measuredUnit(raw, units)
	}
	j.contrasted = -1
	if unit != nil || figure {
		j.contrasted = contrastedUnit(raw, units)
	}
}

// contrastRE finds what a question asks set against what it does not
// ("police staff rather than officers"): its first group is the last
// word of what is asked, its second the first of what is not.
var contrastRE = regexp.MustCompile(`(?i)\b([\p{L}-]+),? (?:rather than|instead of|as opposed to|but not|not counting|excluding|other than) (?:the |its |their |all |any )?([\p{L}-]+)`)

// asideWords are words of talk that a question puts round its subject
// ("what's the sickness rate like", "short-staffed, like how many"):
// reports use them otherwise ("crimes like burglary"), so they are rare
// there, but a figure is never of them.
var asideWords = wordSet("like")

// whenOrHowMuch are adverbs of time and degree, which say when or how
// much of a thing, never which thing: the word before "rather than" in
// "more now rather than" is no side of a contrast.
var whenOrHowMuch = wordSet("now", "today", "nowadays", "currently", "then", "more", "less", "much", "often", "again", "anymore", "instead", "also", "too")

// contrastedUnit is the unit of the last word of what a figure question
// asks for set against something else ("staff" of "the sickness rate
// for police staff rather than officers"), or -1: a figure given only
// of the other ("2.3 percent of officers") is not the one asked.
// Both sides must be words of the question's subject the reports use:
// "waiting for an assessment instead of being out on patrol" sets a
// doing against another, not one group against another.
func contrastedUnit(raw string, units []unit) int {
	m := contrastRE.FindStringSubmatch(raw)
	if m == nil || whenOrHowMuch[strings.ToLower(m[1])] {
		// "using bail more now rather than releasing them": what is
		// set against the other is the doing before the adverb.
		return -1
	}
	asked, other := -1, false
	for i, u := range units {
		w := withoutPossessive(u.word)
		if u.present && strings.EqualFold(w, m[1]) {
			asked = i
		}
		other = other || u.present && strings.EqualFold(w, m[2])
	}
	if !other {
		return -1
	}
	return asked
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
// ("999 or 101 calls"), nor a year, nor the number of a provision or a
// part of a document ("section 23 of the Police Act").
func (j *judging) notAFigure(text string, at, end int) bool {
	f := text[at:end]
	if isYear(f) || provisionNumber(text, at) {
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
			if terms := termsOf(d.fields); j.shareHas.matchedBy(terms) && j.changeOf.matchedBy(terms) {
				j.readWhole(t)
			}
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
	if j.byChange {
		spans := sentenceSpans(t)
		inner := whole
		whole = func(at int) bool {
			sp := spans[spanOf(spans, at)]
			return changeRE.MatchString(t[sp[0]:sp[1]]) && inner(at)
		}
	}
	j.keyGiven = j.keyGiven || unit != nil && anyAt(unit.given, t, periodLabel, whole)
	j.figureGiven = j.figureGiven || figure && (givesFigures(t) || anyAt(numberWordRE, t, notAShare, func(int) bool { return true }) || j.often && frequencyRE.MatchString(t))
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
			if j.byChange && (!changeRE.MatchString(p.sentence(i)) || !j.changeOf.matchedBy(p.window(ix, i))) {
				return false
			}
			win := ""
			if deep {
				win = " " + p.terms(ix, i)
			} else {
				win = p.window(ix, i)
			}
			if ix.onSubject(win, units, j.when, j.dates, key, measured, isAbout) && (!deep || key < 0 || units[key].matches(win)) && j.sharedOf.matchedBy(win) && j.shareHas.matchedBy(win) &&
				(measured < 0 || ix.namesMeasure(units[measured], str(d.fields, fieldHeading)+" "+t[spans[max(i-1, 0)][0]:spans[min(i+1, len(spans)-1)][1]])) &&
				(j.contrasted < 0 || units[j.contrasted].matches(win)) {
				nearness[i] = 1
			}
		}
		return nearness[i] > 0
	}
	if j.unit != nil && !j.keyGiven {
		j.keyGiven = anyAt(j.unit.given, t, periodLabel, near)
	}
	if j.figure && !j.figureGiven {
		j.figureGiven = anyAt(figureRE, t, j.notAFigure, near) || anyAt(numberWordRE, t, notAShare, near) || j.often && anyAt(frequencyRE, t, nil, near) || anyAt(zeroCountRE, t, j.notZeroOfCounted, near)
	}
}

// notZeroOfCounted reports whether the count of none at text[at:end]
// (zeroCountRE) is not of what the question asks how many of: "no
// visits were overdue" counts visits, for "how many visits were
// overdue", not the sex offenders visited. A question not asking how
// many of a thing takes no count of none.
func (j *judging) notZeroOfCounted(text string, at, end int) bool {
	m := howManyOfRE.FindStringSubmatch(j.q.parsed.Raw)
	if m == nil {
		return true
	}
	asked := map[string]bool{}
	for _, w := range strings.Fields(m[1]) {
		for _, t := range j.ix.analyze(w) {
			asked[t] = true
		}
	}
	for _, w := range strings.Fields(text[at:end]) {
		for _, t := range j.ix.analyze(w) {
			if asked[t] {
				return false
			}
		}
	}
	return true
}

// howManyOfRE finds the first words of what a question asks how many
// of: "visits to sex" of "how many visits to sex offenders were overdue".
var howManyOfRE = regexp.MustCompile(`(?i)\bhow many ((?:[\p{L}'’-]+\s+){0,2}[\p{L}'’-]+)`)

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

// yearAskedRE finds a year a question asks about: "in 2020", "during
// 2019". A split year asked ("in 2019/20") is its first group's, and
// either of its years answers it.
var yearAskedRE = regexp.MustCompile(`(?i)\b(?:in|during|throughout) ((?:19|20)\d\d)((?:\s*[/–—-]\s*\d{2})?)\b`)

// splitYearRE finds a year split across two ("2019/20", "2019-20"),
// which is of both.
var splitYearRE = regexp.MustCompile(`\b(?:19|20)\d\d\s*[/–—-]\s*\d{2}\b`)

// yearUnsaid is a year the question asks about ("during 2020", or any
// year of an earlier recommendation or cause of concern) that no
// judged passage names, or "": what they say is of other years. A year
// of the asked reports' round or publication is not: "at the time of
// our inspection" is in it. Nor is one a passage names as half of a
// split year: "in 2019/20" is of 2020 too.
func (j *judging) yearUnsaid() string {
	asked := yearAskedRE.FindAllStringSubmatch(j.q.parsed.Raw, -1)
	if in := j.res.Intent; in != nil && (in.Kind == IntentRecommendation || in.Kind == IntentConcern) {
		// "the 2019 workforce recommendation": an earlier inspection's
		// finding, which a passage following it up dates by its year.
		for _, y := range yearRE.FindAllString(j.q.parsed.Raw, -1) {
			asked = append(asked, []string{y, y, ""})
		}
	}
	for _, m := range asked {
		if j.ix.reportsYear(j.q, m[1]) {
			continue
		}
		if m[2] != "" && j.yearsSaid(roundYears(m[1]+m[2])) {
			continue
		}
		if splitYearSaid(m[1], j.judged) {
			continue
		}
		for i, u := range j.units {
			if u.word == m[1] && !j.matched[i] {
				return m[1]
			}
		}
	}
	return ""
}

// yearsSaid reports whether a judged passage names one of years.
func (j *judging) yearsSaid(years []string) bool {
	for k := range j.judged {
		for _, y := range yearRE.FindAllString(str(j.judged[k].fields, fieldText), -1) {
			if slices.Contains(years, y) {
				return true
			}
		}
	}
	return false
}

// splitYearSaid reports whether a passage names year as half of a split
// year ("2019/20" for 2020).
func splitYearSaid(year string, docs []scoredDoc) bool {
	for k := range docs {
		for _, s := range splitYearRE.FindAllString(str(docs[k].fields, fieldText), -1) {
			if slices.Contains(roundYears(s), year) {
				return true
			}
		}
	}
	return false
}

// reportsYear reports whether year is of the round or publication of one
// of the reports the question asks about.
func (ix *Index) reportsYear(q *question, year string) bool {
	asked := ix.reportsAsked(q)
	for _, r := range ix.meta.Reports {
		if slices.Contains(asked, r.ID) && (slices.Contains(roundYears(r.Round), year) || strings.Contains(r.Published, year)) {
			return true
		}
	}
	return false
}

// monthUnsaid reports whether the question asks about a month ("in
// January 2022") that no judged passage names: a count they give is of
// another month ("in May 2022 there were 70 vacant posts"), or of none,
// and what they say of the subject is not said of that month.
func (j *judging) monthUnsaid() bool {
	asked := false
	for i, u := range j.units {
		if j.dates[i] && months[strings.ToLower(u.word)] {
			if j.matched[i] {
				return false
			}
			asked = true
		}
	}
	return asked
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
		given := ix.givesCount(judged, counted, units, countKey(counted, units, j.when)) || ix.givesTally(judged, counted, tallyDone(raw), units)
		countGiven = given && !j.monthUnsaid()
	}
	passing := ix.forceInPassing(q, units, judged)
	howTo := mayMatch(strings.ToLower(raw), " i ", "you", "someone", "anyone", " one ") && (howToCue.MatchString(raw) || doItMyself(raw)) && !channelAskCue.MatchString(raw)
	offTop := j.offTopic()
	heldBy := ix.postInPassing(q, units, judged)
	body := ""
	if heldBy == "" {
		body = ix.bodyInPassing(q, units, judged)
	}
	trend := ix.trendUnsaid(j.ctx, q, units, j.when, judged)
	elsewhere := findingsAskCue.MatchString(raw) && ix.reportedElsewhere(units, judged)
	ungraded := j.gradeUnsaid()
	unranked := ix.rankUnsaid(raw, units, j.when, judged)
	unsaidYear, unsaidMonth := j.yearUnsaid(), j.monthUnsaid()
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
	unlisted := listUnsaid(raw, judged)
	national := (unit != nil || figure || counted != "") && nationalAskCue.MatchString(raw) && !givesNationalFigure(judged)
	uncounted := ""
	if kind := kindAsked(raw); kind != "" && !j.known && !kindCounted(kind, judged) {
		uncounted = kind
	}
	absentThings := j.onlyCommonWords()
	unspelled := acronymUnspelled(raw, j.res.Expanded, judged)
	switch {
	case len(ev.Names) > 0:
		return "names", fmt.Sprintf("No loaded report mentions %s.", quoteList(ev.Names))
	case unspelled != "":
		return "names", fmt.Sprintf("The closest passages don't mention %s.", quoteList([]string{unspelled}))
	case role == "" && heldBy != "":
		return "person", fmt.Sprintf("The closest passages mention the %s only in passing.", heldBy)
	case role == "" && body != "":
		return "view", fmt.Sprintf("The closest passages mention %s only in passing.", body)
	case offTop != "":
		return "topic", fmt.Sprintf("The closest passages don't mention %s.", quoteList([]string{offTop}))
	case passing != "":
		return "other force", fmt.Sprintf("The loaded reports are %s: they mention %s only in passing.", ix.loadedForces(), passing)
	case howTo || contactCue.MatchString(raw) || howToStart(ix, raw):
		return "how-to", "PEEL reports judge how well a force works; they give the public no instructions or contact details."
	case role != "" && !namesAPerson(judged, byRole) && !(byRole && ix.doerSaid(raw, units, judged)):
		return "person", fmt.Sprintf("The closest passages name no %s.", role)
	case nowAskRE.MatchString(raw):
		return "time", "PEEL reports judge how a force has worked; they say nothing of what happens tonight or tomorrow."
	case ev.Coverage < ix.Judgment.MinCoverage:
		return "coverage", "The closest passages match only some of its words."
	case len(absentThings) > 0:
		return "coverage", fmt.Sprintf("No loaded report mentions %s; the closest passages match only its other words.", quoteList(absentThings))
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
	case unranked != "":
		return "figure", fmt.Sprintf("The closest passages give no rank for %s.", unranked)
	case unsaidYear != "":
		return "other year", fmt.Sprintf("The closest passages don't mention %s.", unsaidYear)
	case unsaidMonth:
		return "time", "The closest passages don't mention that month."
	case untimed != "":
		return "time", "The closest passages give no date or time for it."
	case unnamed != "":
		return "name", "The closest passages don't say what it is called."
	case unlisted:
		return "list", "The closest passages number them but don't say what they are."
	case crimeKind != "":
		return "figure", fmt.Sprintf("The closest passages give no figure for %s.", crimeKind)
	case national:
		return "figure", "The closest passages give no national figure to compare with."
	case unit != nil && !j.keyGiven:
		return "figure", fmt.Sprintf("The closest passages give no figure in %s.", unit.name)
	case uncounted != "":
		return "figure", fmt.Sprintf("The closest passages give no number of %s.", uncounted)
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

// howToStart reports whether a question opens by asking how to use a
// police service (howToStartCue), read with its slips put right.
func howToStart(ix *Index, raw string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimLeft(raw, " \t\"'“")), "how ") && howToStartCue.MatchString(ix.spelledRight(raw))
}

// acronymBeforeMeaning finds a word in capitals just before the words
// asking what it means ("PACE stand for", "MAPPA mean", "RUI meaning"),
// or just after "what is" ("what is IOPC"); its groups are the word.
var acronymBeforeMeaning = regexp.MustCompile(`\b([A-Z][A-Z0-9]{1,9})s?['’"”]?\s+(?:(?:actually|really|exactly)\s+)?(?i:stands? for|short for|means?|meaning|abbreviation|acronym|spelt out|spelled out)\b|(?i:\bwhat(?:'s|’s| is| are| does))\s+(?:the\s+|an?\s+)?['‘"“]?([A-Z][A-Z0-9]{1,9})\b`)

// acronymsAsked are the words in capitals a question asks the meaning of
// (acronymBeforeMeaning): "ACTUALLY" of "what does 'requires improvement'
// ACTUALLY mean" is not one.
func acronymsAsked(raw string) []string {
	var out []string
	for _, m := range acronymBeforeMeaning.FindAllStringSubmatch(raw, -1) {
		a := m[1] + m[2]
		if a == "ACTUALLY" || a == "REALLY" || a == "EXACTLY" {
			continue
		}
		out = append(out, a)
	}
	return out
}

// acronymUnspelled is, for a question asking what an acronym typed in
// capitals stands for ("what does PACE stand for"), the acronym when no
// judged passage writes it so, nor any of what it was also searched as
// (expanded: the glossary's "Police and Criminal Evidence Act"); ""
// otherwise. The English word ("the pace of change") is not the acronym
// asked.
func acronymUnspelled(raw string, expanded []string, docs []scoredDoc) string {
	if !meaningAsked.MatchString(raw) {
		return ""
	}
	for _, e := range expanded {
		if slices.ContainsFunc(docs, func(d scoredDoc) bool {
			return strings.Contains(strings.ToLower(str(d.fields, fieldText)), strings.ToLower(e))
		}) {
			return ""
		}
	}
	if strings.ToUpper(raw) == raw {
		return "" // a question typed all in capitals says nothing of its words
	}
	for _, a := range acronymsAsked(raw) {
		re := regexp.MustCompile(`\b` + a + `(?:s|'s|’s)?\b`)
		if !slices.ContainsFunc(docs, func(d scoredDoc) bool { return re.MatchString(str(d.fields, fieldText)) }) {
			return a
		}
	}
	return ""
}

// onlyCommonWords is, for a short question the reports match only in
// words a tenth or more of their passages use ("works" of "explain how
// photosynthesis works", "effects" of "the side effects of ibuprofen"),
// or in no more words than it has English words naming a thing no report
// uses ("the symptoms of COVID-19", "a political party", "tulip bulbs"),
// those absent words; nil otherwise. What such a question asks about is
// the things named in the absent words, which the reports don't cover:
// the words they do match are its setting ("the best time of year", "the
// police and crime commissioner"), not its topic. A word searched as
// something else is not absent (the concept map's "bobbies" for
// officers), and an absent word must name a thing (thingWord): a word
// saying how things are or go ("are officers gutted", "is crime
// rocketing", "are the police lazy") is more often the asker's own for
// what the reports say otherwise. Nor does the rule hold for a question
// with more than onlyCommonUnits words, which says more of what it asks
// in words the reports may use otherwise.
func (j *judging) onlyCommonWords() []string {
	if len(j.res.Expanded) > 0 || len(j.units) > onlyCommonUnits {
		return nil
	}
	lx, err := english()
	if err != nil {
		return nil
	}
	cutoff := commonShare * float64(j.ix.docs)
	var things []string
	common := true
	present := map[string]bool{} // "COVID-19" is one word, though two units
	for _, u := range j.units {
		lw := strings.ToLower(u.word)
		if !u.present {
			if len(u.alts) == 0 && lx.knows(lw) && !frameWords[lw] && !lightVerbs[lw] && !timeAdverbs[lw] && !beforeParticle(j.q.parsed.Raw, u.word) && thingWord(lx, lw) {
				things = append(things, u.word)
			}
			continue
		}
		df := j.ix.terms[u.term]
		for _, a := range u.alts {
			df = max(df, j.ix.minDF(a))
		}
		common = common && float64(df) >= cutoff
		present[lw] = true
	}
	if len(present) == 0 || len(things) == 0 || !common && len(things) < len(present) {
		return nil
	}
	return things
}

// timeAdverbs are adverbs of how often, which say when a thing is done or
// not, never what it is: "recruits who never applied".
var timeAdverbs = wordSet("never", "always", "seldom", "hardly", "sometimes", "often", "ever", "already", "again", "still")

// particleRE finds a word followed by the particle of a phrasal verb
// ("chase up", "sort out", "fob off", "turn down"); its first group is
// the word.
var particleRE = regexp.MustCompile(`(?i)\b([\p{L}'’-]+) (?:up|out|off|down)\b`)

// beforeParticle reports whether w is the verb of a phrasal verb in raw
// ("did they chase up the candidates", "sort out the backlog"): what
// such a verb says is how a thing was done, in words a report writes
// otherwise ("contacted", "resolved"), not a thing no report covers.
func beforeParticle(raw, w string) bool {
	for _, m := range particleRE.FindAllStringSubmatch(raw, -1) {
		if strings.EqualFold(m[1], w) {
			return true
		}
	}
	return false
}

// thingWord reports whether an English word (lower case) reads as the
// name of a thing, not as how things are or go: it is not a participle
// or an adverb ("gutted", "rocketing", "badly"), nor an adjective by its
// ending or by the word list giving an adverb or a noun of quality made
// from it ("lazy": "lazily", "laziness"), and it is long enough not to
// be the everyday words that idioms and slang are made of ("through the
// roof", "skive").
func thingWord(lx *lexicon, w string) bool {
	if utf8.RuneCountInString(w) < thingWordLetters || positionWords[w] {
		return false
	}
	for _, end := range []string{"ed", "ing", "ly", "ness", "ful", "ous", "ive", "able", "ible", "ish", "less", "est"} {
		if strings.HasSuffix(w, end) {
			return false
		}
	}
	forms := []string{w + "ly", w + "ness"}
	if stem, ok := strings.CutSuffix(w, "y"); ok {
		forms = append(forms, stem+"ily", stem+"iness")
	}
	for _, f := range forms {
		if found, _ := lx.lookup(f); found {
			return false
		}
	}
	return true
}

// positionWords are words of position that idioms of degree are made of
// ("morale is rock bottom", "bottom of the table", "on the brink"): they
// say how high or low something is, not what it is.
var positionWords = wordSet("bottom", "top", "peak", "ceiling", "floor", "edge", "brink", "verge", "limit")

// thingWordLetters is the fewest letters of a word thingWord takes for
// the name of a thing.
const thingWordLetters = 5

// onlyCommonUnits is the most words a question matched only in common
// words (onlyCommonWords) may have: a longer one says more of what it
// asks in words the reports may use otherwise.
const onlyCommonUnits = 6

// nowAskRE finds a question about what happens tonight, tomorrow or
// over the days ahead ("who is on call tonight", "what's the weather
// like tomorrow"), which a published inspection report cannot say.
var nowAskRE = regexp.MustCompile(`(?i)\b(?:tonight|tomorrow|this (?:morning|afternoon|evening|weekend)|next (?:week|weekend))\b`)

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
	// "how many checks were carried out": reports write "checks were
	// made", "visits took place".
	"carry", "carries", "carried", "carrying",
)

// wordSet is a set of words.
func wordSet(words ...string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
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
	names := ix.forcesLoaded()
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
		// "how often", "how long": the measure asked, not the subject
		if strings.EqualFold(words[0], "how") && len(words) > 1 && howMeasures[strings.ToLower(words[1])] {
			words = words[1:]
		}
		// "how to join": the asking, not the subject
		if strings.EqualFold(words[0], "how") && len(words) > 1 && strings.EqualFold(words[1], "to") {
			words = words[1:]
		}
		// "in what year", "which deadline": the measure asked too
		if w := strings.ToLower(words[0]); (w == "what" || w == "which") && len(words) > 1 && whatMeasures[strings.ToLower(words[1])] {
			words = words[1:]
		}
		words = words[1:]
	}
	for len(words) > 0 && frameWords[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	// "what does PACE stand for": the asking, not the subject
	for len(words) > 1 && meaningWords[strings.ToLower(words[len(words)-1])] {
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

// howMeasures are what "how" asks the measure of: "how often", "how long".
var howMeasures = wordSet("often", "long", "far", "soon", "quickly", "fast", "big", "large", "old", "well", "frequently", "regularly")

// meaningWords end a question asking what a term means: "stand for".
var meaningWords = wordSet("stand", "stands", "mean", "means", "meaning")

// whatMeasures are what "what" or "which" asks the measure of: "in what
// year", "what deadline".
var whatMeasures = wordSet("year", "month", "date", "day", "deadline", "deadlines", "time", "timescale")

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
