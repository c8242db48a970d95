package index

// Whether a passage gives the figure a question asks for: about its
// subject, in the unit asked (percent, hours, pounds, a rate), for the
// kind of crime or group of staff named. Part of the judgment in
// abstain.go.

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

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

// shareOutcomeOf is the rarest unit a report uses of what a share is
// asked to have or become, after what it is of: "an arrest" of "what
// percentage of searches led to an arrest". A share of searches with
// grounds recorded is no share of those that led to an arrest, however
// much of the rest matches. None when the question asks a share of
// nothing (shareOfRE).
func shareOutcomeOf(raw string, units []unit, when []bool) shareSubject {
	at := shareOfRE.FindStringSubmatchIndex(raw)
	if at == nil {
		return nil
	}
	in := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(raw[at[3]:]), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' }) {
		in[w] = true
	}
	for _, w := range strings.Fields(strings.ToLower(raw[at[2]:at[3]])) {
		delete(in, w) // of the subject too
	}
	key := -1
	for i, u := range units {
		lw := strings.ToLower(u.word)
		if in[lw] && saysWhat(u, when[i]) && (key < 0 || u.weight > units[key].weight) {
			key = i
		}
	}
	if key < 0 {
		return nil
	}
	out := shareSubject{units[key]}
	// "released under investigation", "released without charge": the
	// state an outcome leaves them in is what it is, not the verb alone
	// ("released from custody" on pre-charge bail is another share).
	if m := outcomeStateRE.FindStringSubmatch(raw[at[3]:]); m != nil {
		for i, u := range units {
			if i != key && strings.EqualFold(u.word, m[1]) && saysWhat(u, when[i]) {
				out = append(out, u)
			}
		}
	}
	return out
}

// outcomeStateRE finds the state an outcome asked leaves its subject in:
// "released under investigation", "bailed without charge". Its group is
// the state's word.
var outcomeStateRE = regexp.MustCompile(`(?i)\b\p{L}+ed (?:under|without|pending) (?:a |an |any |the )?(\p{L}+)`)

// saysWhat reports whether a unit of a question can say what a figure
// is of: a word the reports use that is not its period (when), nor a
// word of quantity ("number"), a light verb ("go") or of a trend
// ("rise"), which every figure's sentence may have.
func saysWhat(u unit, when bool) bool {
	lw := strings.ToLower(u.word)
	return u.present && !when && !quantityWord(lw) && !lightVerbs[lw] && !trendWords[lw]
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
// many", "does the report say how much") is the figure itself: "me",
// "you" or the report stands between.
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
			// "does the report say how much": the report is asked
			// for the figure, as "you" is
			asker = asker || w == "you" || w == "u" || reportWords[w] || w == "inspectors"
		}
		if len(before) > 0 && !asker {
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

// provisionRE finds the word before a number that makes it the number
// of a provision of law or a part of a document ("section 23",
// "schedule 7", "paragraph 4.2", "page 12"), which is a label, not a
// figure of anything.
var provisionRE = regexp.MustCompile(`(?i)\b(?:sections?|schedules?|articles?|regulations?|paragraphs?|clauses?|chapters?|pages?|annex|appendix|appendices)\s+$`)

// provisionNumber reports whether the number at text[at:] numbers a
// provision or a part of a document (provisionRE).
func provisionNumber(text string, at int) bool {
	return provisionRE.MatchString(text[max(0, at-16):at])
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
		if dates[i] && !u.matches(terms) && !financialYearSaid(u.word, terms) {
			return false // "in August 2022": a figure for June is not it
		}
	}
	if !about || key >= 0 && units[key].matches(terms) {
		return true
	}
	return key < 0 || coversSubject(terms, units, when)
}

// financialYearSaid reports whether terms name the split year w ("2019/20")
// as the year it ends: reports give a financial year's figures "in the
// year ending 31 March 2020".
func financialYearSaid(w string, terms string) bool {
	if !splitYearRE.MatchString(w) {
		return false
	}
	years := roundYears(w)
	return len(years) == 2 && hasTerm(terms, years[1]) && hasTerm(terms, "march") && (hasTerm(terms, "end") || hasTerm(terms, "ending"))
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

// numberWords are the numbers written in words up to fifty, as a regular
// expression's alternatives: numberWordRE and countNumberRE add the larger ones.
const numberWords = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty`

// numberWordRE finds a count written in words ("ten community safety
// partnerships").
var numberWordRE = regexp.MustCompile(`(?i)\b(` + numberWords + `|hundred|thousand|dozen|half|quarter|third)\b`)

// notAShare reports whether the fraction word at text[at:end] ("half",
// "quarter", "third") is not a share of something: a share is of it
// ("a quarter of calls", "half the cases"), while "once per quarter",
// "the first half of 2022" and "third-party reporting" name a period
// or a kind. Other number words are counts and are kept.
func notAShare(text string, at, end int) bool {
	switch strings.ToLower(text[at:end]) {
	case "half", "quarter", "third":
	default:
		return false
	}
	return !fractionOfRE.MatchString(text[end:]) || periodLabelBefore.MatchString(text[max(0, at-30):at]) || ordinalBeforeRE.MatchString(text[max(0, at-30):at])
}

// fractionOfRE finds what a fraction word is a share of, after it: "of",
// "the", "their", "its", "all".
var fractionOfRE = regexp.MustCompile(`(?i)^s?\s+(?:of|the|their|its|all|them)\b`)

// ordinalBeforeRE finds an ordinal before a fraction word, making it a
// part of a period: "the first half of the year", "the second quarter".
var ordinalBeforeRE = regexp.MustCompile(`(?i)\b(?:first|second|third|fourth|final|latter|last)\s+$`)

// zeroCountRE finds a count of none said in words: "we found no visits
// were overdue", "none of the cases", "not a single complaint". "No"
// counts only before a thing and a verb of being in the past, as there
// it says how many were so: "there is no evidence" says nothing of how
// many.
var zeroCountRE = regexp.MustCompile(`(?i)\b(?:none of|not (?:a single|one) [\p{L}-]+|no (?:[\p{L}-]+ ){1,2}(?:were|was|had been|have been|has been) [\p{L}-]+)\b`)

// quantityWord reports whether a word is one of asking for a figure.
func quantityWord(w string) bool {
	switch strings.ToLower(w) {
	case "percent", "percentage", "proportion", "rate", "rates", "number", "numbers", "figures", "figure", "statistics", "stats", "total", "amount", "count", "level", "levels", "average", "median", "mean":
		return true
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
	// gives none. How old a thing is may be in months, weeks or days
	// ("the oldest outstanding download was two months old").
	{"ages", regexp.MustCompile(`(?i)\bhow old\b|\b(?:what|which) ages?\b|\bage (?:range|group|bracket|profile)s?\b|^(old|age|ages|aged)$`), regexp.MustCompile(`(?i)\baged\b|\bages? (?:of |between |from |under |over )?\d|\b(?:years?|months?|weeks?|days?) old\b|\b(?:under|over)[- ]\d\d?s?\b|\b\d\d?[- ]years?[- ]olds?\b|\bteen(?:age|ages|agers?|s)\b|\bjuveniles?\b|\bolder\b|\byounger\b`)},
	// How many days, weeks or months is a span given with its number
	// ("every 28 days", "for 5 weeks at a time", "two months old"), or as
	// daily, weekly or monthly: a count of cases gives none.
	{"days, weeks or months", regexp.MustCompile(`(?i)\bhow many (?:days|weeks|months|years|fortnights)\b`), regexp.MustCompile(`(?i)(?:\d|\b(?:` + numberWords + `|an?|few|several|many|each|every|per|within|eighteen|fifteen|sixteen|fourteen|thirteen|seventeen|nineteen|sixty|seventy|eighty|ninety)\b)[\s-]*(?:\S+[\s-]+)?(?:days?|weeks?|months?|years?|fortnights?)\b|\b(?:daily|weekly|fortnightly|monthly|yearly|annually)\b|\bsince (?:19|20)\d\d\b`)},
	// How quickly something is done is a time taken: seconds to years, or
	// a date it was done by. A figure of something else (how many calls
	// wait) does not give it.
	{"time taken", regexp.MustCompile(`(?i)\bhow (quick(ly)?|fast|soon|promptly)\b|\bhow long (?:does|do|did|will|would|is|are|was|were|can|could|should|must|to|on average|before|until)\b|\b(average|mean|median|typical) (time|wait|waiting time|delay|duration)s?\b|^(quick|quickly|fast|soon|promptly|long|take|takes|taken|took|wait|waits)$`), regexp.MustCompile(`(?i)\b(seconds?|minutes?|mins|hours?|hrs|days?|weeks?|months?|years?|fortnights?)\b|\b(since|until|by|within) (19|20)\d\d\b`)},
}

// targetAskCue asks what a target is: "what is the target for answering
// 101 calls", "what was the force's target for attending". A target is
// a figure (a share, a time, a number), given of what it is for. "The
// targets of the operation" are who it went after, not a figure: "of"
// is not read as asking one.
var targetAskCue = regexp.MustCompile(`(?i)^\W*what(?:'s|’s| is| was| are| were) (?:the |its |their |(?:\S+(?:'s|’s)) )?(?:\S+ )?targets? (?:for|on)\b`)

// shareAskCue asks for a share without naming percent: "what share of",
// "what proportion of", "what fraction of".
var shareAskCue = regexp.MustCompile(`(?i)\b(?:what|which)(?:'s|’s| is| was| are| were)? (?:the )?(?:share|fraction)s? of\b`)

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
var spendCue = regexp.MustCompile(`(?i)\bhow much\b.{0,40}\b(spend|spends|spent|spending|cost|costs|costing|costed|paid|pay|pays|invest|invested|investment|investments|fund|funded|funding|save|saved|savings|budget|budgeted)\b`)

// spendWhatCue asks what something costs or what is spent on it: "what
// does the force spend on forensic services", "what did it cost".
var spendWhatCue = regexp.MustCompile(`(?i)\bwhat (?:does|do|did|will|would) (?:\S+ ){0,4}?(?:spend|cost|pay)(?: on| for| in| to run| each| a year| per|\W*$)`)

// doneAboutRE finds a question asking what was done or said about a
// thing ("what did the force do about pay"), not what it costs.
var doneAboutRE = regexp.MustCompile(`(?i)\b(?:do|doing|done|say|said|think|thought)\s+about\b`)

// spendAsked reports whether the question asks what something costs or
// what is spent on it (spendWhatCue), and not what was done about pay
// or costs ("what did the force do about pay for new starters", which
// the reports answer with what it did).
func spendAsked(raw string) bool {
	m := spendWhatCue.FindString(raw)
	return m != "" && !doneAboutRE.MatchString(m)
}

// moneyCue asks what a sum of money is: "what is the constabulary's
// budget", "what was the cost of the new system", "what's the starting
// salary for an officer", "what is Kent Police's annual revenue budget
// for 2022/23" (a force's name and the kind of budget come before it),
// "what is the starting salary for a call handler in the force control
// room" (a salary's post may be named at length; a cost's tail is kept
// short, as "the cost of poor call handling for victims who give up"
// asks no sum).
// Its answer is in pounds; "what is their approach to budget
// management" asks no sum, nor does "the cost of living".
var moneyCue = regexp.MustCompile(`(?i)^\W*what(?:'s|’s| is| was| are| were| will be)\s+(?:the\s+|their\s+|its\s+|our\s+|your\s+)?(?:[\p{L}'’-]+\s+){0,5}?(?:budgets?|bills?|expenditure|payroll|salary|salaries|wages?|costs?|price|spend|spending|funding|precept|pay)(?:\s+(?:for|of|in|on|per|each|this|last|next|a|an)\b.{0,40})?\W*$|^\W*what(?:'s|’s| is| was| are| were| will be)\s+(?:the\s+|their\s+|its\s+|our\s+|your\s+)?(?:[\p{L}'’-]+\s+){0,3}?(?:salary|salaries|wages?|pay)\s+(?:for|of)\s+(?:an?\s+|the\s+)?[^?]{1,70}?\W*$`)

// valueCue asks how much money something is worth: "what was the value
// of the one-off payment", "the amount of the grant", "the size of the
// budget", "how much was the bonus", "how much the one-off payment was".
// Its answer is in pounds; "the value of the scheme" to victims, or "how
// much is the force helped", asks no sum.
var valueCue = regexp.MustCompile(`(?i)(?:\b(?:value|amount|size|sum) of|\bhow much (?:is|was|were|are|will be|would be|has been|is being)) (?:the |their |its |a |an |this |that |each |every )?(?:[\p{L}'’-]+\s+){0,3}?` + sums + `\b|\bhow much (?:the |their |its |a |an |this |that |each |every )?(?:[\p{L}'’-]+\s+){0,3}?` + sums + `\s+(?:was|is|were|are|will be|would be|has been|had been|came to|comes to)\b`)

// sums are the things whose size is a sum of money (valueCue).
const sums = `(?:payments?|bonus(?:es)?|grants?|contracts?|budgets?|funding|allowances?|fines?|awards?|salar(?:y|ies)|investment|supplements?|settlements?|precept|reserves?)`

// targetSumCue asks what a sum of money set as a target or missing is:
// "what savings target has the force set", "how big is the funding gap
// in the plan". Its answer is in pounds; "is the force on track to meet
// its savings target" asks whether, not how much.
var targetSumCue = regexp.MustCompile(`(?i)^\W*(?:what|how much|how big|how large)\b.{0,60}\b(?:savings?|budget|budgetary|funding|financial) (?:targets?|gaps?|shortfalls?|deficits?)\b`)

// changeByAskCue asks for a figure of a change: "by what percentage did
// recorded crime fall", "by how much has the backlog gone down", "what
// was the rise in reports of hate crime". A figure given in a sentence
// that speaks of no change (changeRE) is a level, not the change.
var changeByAskCue = regexp.MustCompile(`(?i)^\W*by (?:what|how much|how many)\b.{0,80}\b(?:fall|fell|fallen|rise|rose|risen|increase|increased|decrease|decreased|drop|dropped|go up|gone up|go down|gone down|grow|grew|grown|reduce|reduced|change|changed|improve|improved|shrink|shrank|shrunk)\b|\bwhat (?:was|is|has been) the (?:percentage |overall |total )?(?:rise|fall|increase|decrease|drop|reduction|change) in\b`)

// changeSubjectRE finds what a change is asked of: "by what percentage
// did police-recorded crime fall" asks it of "police-recorded crime". Its
// group is what changed.
var changeSubjectRE = regexp.MustCompile(`(?i)\b(?:did|has|have|had|was|were|is|are|the (?:rise|fall|increase|decrease|drop|reduction|change) in)\s+(?:the\s+)?(.+?)\s+(?:fall|fell|fallen|rise|rose|risen|increase|increased|decrease|decreased|drop|dropped|go|gone|grow|grew|grown|reduce|reduced|change|changed|improve|improved|shrink|shrank|shrunk|over|since|between|from|in (?:the |its )?(?:year|period|last))\b`)

// changeEndsRE finds what a change is asked of when the question ends
// with it: "what was the rise in reports of hate crime".
var changeEndsRE = regexp.MustCompile(`(?i)\bthe (?:rise|fall|increase|decrease|drop|reduction|change) in\s+(?:the\s+)?(.+?)\W*$`)

// changeSubjectOf are the units a report uses of what a change is asked
// of (changeSubjectRE), besides a period and the words of a figure: each
// must be said beside the change given ("86.9 percent of searches had
// grounds recorded" is no fall in recorded crime).
func changeSubjectOf(raw string, units []unit, when []bool) shareSubject {
	m := changeSubjectRE.FindStringSubmatch(raw)
	if m == nil {
		m = changeEndsRE.FindStringSubmatch(raw)
	}
	if m == nil {
		return nil
	}
	in := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		in[strings.Trim(w, ",.?")] = true
	}
	var out shareSubject
	for i, u := range units {
		lw := strings.ToLower(u.word)
		// Names are left to the checks of names and places
		// (absentNames, placeUnmatched), which read every top passage.
		if in[lw] && !u.name && saysWhat(u, when[i]) {
			out = append(out, u)
		}
	}
	return out
}

// askedUnit returns the unit a question asks for a figure in, or nil.
func askedUnit(raw string) *figureUnit {
	lr := strings.ToLower(raw)
	if mayMatch(lr, "value", "amount", "size", "sum", "how much") && valueCue.MatchString(raw) || targetSumCue.MatchString(raw) || strings.Contains(lr, "how much") && spendCue.MatchString(raw) || strings.Contains(lr, "what") && spendAsked(raw) || strings.HasPrefix(strings.TrimLeft(lr, " \t\"'“"), "what") && moneyCue.MatchString(raw) && !strings.Contains(strings.ReplaceAll(lr, "-", " "), "cost of living") {
		return figureUnits[0]
	}
	if !mayMatch(lr, "£", "pound", "million", "billion", "min", "hour", "hr", "%", "cent", "per ", "how ", "average", "mean", "median", "typical", "time", "age") {
		return nil
	}
	for _, u := range figureUnits {
		if !mayAskUnit(lr, u) {
			continue
		}
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

// unitCues are, by unit name, words one of which a question (in lower
// case) has whenever the unit's asked pattern can match it: most
// questions ask no figure, and the patterns cost microseconds each
// (docs/PERFORMANCE.md). "Time taken" is read by mayAskUnit; any other
// unit not listed is always tried.
var unitCues = map[string][]string{
	"pounds":                        {"£", "pound", "million", "billion"},
	"minutes or hours":              {"min", "hour", "hr"},
	"percent":                       {"%", "cent"},
	"a rate per head of population": {"per", "capita", "population"},
	"ages":                          {"old", "age"},
	"days, weeks or months":         {"how many"},
}

// mayAskUnit reports whether a question (lr, in lower case) may ask for
// a figure in u (unitCues); "time taken" needs "how" or a word for an
// average, or is one word.
func mayAskUnit(lr string, u *figureUnit) bool {
	if cues, ok := unitCues[u.name]; ok {
		return mayMatch(lr, cues...)
	}
	if u.name == "time taken" {
		return mayMatch(lr, "how", "average", "mean", "median", "typical") || !strings.Contains(strings.TrimSpace(lr), " ")
	}
	return true
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
