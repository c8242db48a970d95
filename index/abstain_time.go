package index

// Times, trends and inspection rounds: when-questions, changes over
// time, years and rounds no loaded report covers. Part of the judgment
// in abstain.go.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
)

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

// yearNounRE finds a year written before what it dates: "the 2021
// census", "2019 staff survey". Its groups are the year and the word.
var yearNounRE = regexp.MustCompile(`(?i)\b((?:19|20)\d\d) ([a-z][a-z'’-]+)\b`)

// yearOfOther returns what a question dates by a year ("the 2021
// census"), with the other year one of the passages dates it by instead
// ("the 2011 census"), when no passage dates it by the question's year:
// the passages give another year's. "" otherwise.
//
// What is dated may be named in more words ("the 2022 staff survey"):
// after "the", each of the next three words may be the one the passages
// date ("the 2021 Police Federation surveys"), up to a word of joining or
// asking: "the 2022 survey of officers" dates a survey, not officers.
func yearOfOther(raw string, docs []scoredDoc) string {
	for _, m := range yearNounRE.FindAllStringSubmatchIndex(raw, -1) {
		year := raw[m[2]:m[3]]
		nouns := []string{strings.ToLower(raw[m[4]:m[5]])}
		if theYearRE.MatchString(raw[:m[0]]) {
			for i, w := range strings.Fields(raw[m[5]:]) {
				lw := strings.ToLower(strings.Trim(w, "?.,!;:"))
				if i == 2 || frameWords[lw] {
					break
				}
				nouns = append(nouns, lw)
			}
		}
		if other, done := datedOtherwise(year, nouns, docs); done {
			return other
		}
	}
	return ""
}

// theYearRE finds "the" just before a year: "the 2022 staff survey".
var theYearRE = regexp.MustCompile(`(?i)\bthe\s+$`)

// datedOtherwise is, for a year and the words it may date, what a passage
// dates by another year ("2021 Police Federation surveys"), and whether
// that settles it: a passage dating one of them by the year asked
// settles it with "".
func datedOtherwise(year string, nouns []string, docs []scoredDoc) (string, bool) {
	other := ""
	for i, noun := range nouns {
		if len(noun) < 4 || months[noun] || frameWords[noun] {
			continue
		}
		for k := range docs {
			t := str(docs[k].fields, fieldText)
			for _, at := range yearDatesRE.FindAllStringSubmatchIndex(t, -1) {
				// The word just after the year, as ever, or one of
				// the three after it for the words after "the".
				end, n := at[3], 0
				for _, w := range strings.Fields(t[at[3]:at[1]]) {
					end = at[3] + strings.Index(t[at[3]:at[1]], w) + len(w)
					if lw := strings.ToLower(w); lw == noun || lw == noun+"s" || lw+"s" == noun {
						n = -1
						break
					}
					if n++; i == 0 {
						break
					}
				}
				if n >= 0 {
					continue
				}
				// "the 2020 and 2021 surveys" dates them by both years
				if strings.Contains(t[max(at[0]-24, 0):at[3]], year) {
					return "", true
				}
				if other == "" {
					other = t[at[0]:end]
				}
			}
		}
	}
	if other != "" {
		return "the " + other, true
	}
	return "", false
}

// yearDatesRE finds a year and up to three words after it: what it may
// date ("2021 Police Federation surveys").
var yearDatesRE = regexp.MustCompile(`\b((?:19|20)\d\d)((?: [A-Za-z][A-Za-z'’-]*){1,3})`)

// whenAskCue asks when something happened or will ("when will the new
// unit open", "when was the hub set up", "when does the force plan to
// start", "in what year", "what was the incident and when did it
// happen"), not on what occasion ("when a victim pulls
// out, do officers...", "what happens when the car can't come").
var whenAskCue = regexp.MustCompile(`(?i)^\W*(?:(?:and|so|but|ok|okay)\W+)?when (?:will|would|did|was|were|has|have|had)\b|^\W*(?:(?:and|so|but|ok|okay)\W+)?when (?:is|are|does|do)\b(?: \S+){0,6}? (?:due|expected|planned|plan|plans|planning|intend|intends|going to|scheduled|set to|start|starts|begin|begins|open|opens|launch|launches|end|ends|finish|finishes|introduce|introducing)\b|\b(?:what|which) (?:year|month|date)\b|\bby when\b|\b(?:what|which)(?:'s|’s| is| was| are| were)? (?:the |a |any )?deadlines?\b|\bany deadlines?\b|\bis there a deadline\b|\bhow soon\b|\band when (?:did|was|were|will|is|has|had) (?:it|this|that|they|these|those|the \w+) (?:happen|happened|take place|took place|start|started|begin|began|open|opened|launch|launched|introduced|set up|come|came)\b`)

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
	if !mayMatch(strings.ToLower(raw), "when", "year", "month", "date", "how soon", "deadline") || !whenAskCue.MatchString(raw) {
		return ""
	}
	// Asked the year, only a year answers: "recently" or "since" does
	// not say which.
	times := timeRE
	switch {
	case yearAskCue.MatchString(raw):
		times = yearGivenRE
	case futureAskCue.MatchString(raw):
		times = futureTimeRE
	}
	return ix.sentenceGives(units, when, docs, func(s string) bool {
		s = statuteYearRE.ReplaceAllString(inspectionTimeRE.ReplaceAllString(s, " "), " ")
		return times.MatchString(s)
	})
}

// futureAskCue asks when something is to be: "when will the strategy be
// published", "by when", "how soon".
var futureAskCue = regexp.MustCompile(`(?i)\bwhen (?:will|would|is (?:\S+ ){0,6}?(?:due|expected|planned|scheduled|going to|set to))\b|\bby when\b|\bhow soon\b`)

// futureTimeRE is timeRE less the times that look back or last ("since
// 2019", "recently", "until the constabulary can complete …"), which say
// nothing of when a thing to come will be.
var futureTimeRE = regexp.MustCompile(`(?i)\b(?:(?:19|20)\d\d|january|february|march|april|june|july|august|september|october|november|december|\d{1,2} may|may (?:19|20)\d\d|spring|summer|autumn|winter|quarter|(?:next|this|coming|following) (?:few )?(?:years?|months?|weeks?|days?|financial year|quarter)|soon|shortly|once|yet|by the end of|within (?:the next )?\w+ (?:days|weeks|months|years)|(?:planned|scheduled|due) (?:for|to|in|by)|in the (?:near )?future)\b`)

// yearAskCue asks which year: "in what year were the networks renamed".
var yearAskCue = regexp.MustCompile(`(?i)\b(?:what|which) year\b`)

// yearGivenRE finds a year a report gives: "2021", "last year".
var yearGivenRE = regexp.MustCompile(`(?i)\b(?:19|20)\d\d\b|\b(?:next|last|this|previous|following|coming) (?:financial )?year\b`)

// statuteYearRE finds the year in a law's name ("the Equality Act 2010",
// "the Police Act 1996"), which names the law, not when a thing was done.
var statuteYearRE = regexp.MustCompile(`\b(?:Act|Acts|Regulations|Order) (?:19|20)\d\d\b`)

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
	out, err := ix.searchBleve(ctx, sr)
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
	reports := ix.reportsAsked(q)
	for _, r := range ix.meta.Reports {
		if !slices.Contains(reports, r.ID) {
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
	followUp := q.intent != nil && (len(q.intent.Topic) > 0 || len(q.intent.Chapters) > 0) && q.intent.Kind != IntentGrade && q.intent.Kind != IntentOverview
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

// monthNames are the names of months in full, as a regular expression's
// alternatives: how reports write the month of a date or a period.
const monthNames = `january|february|march|april|may|june|july|august|september|october|november|december`

// months are the names of months, in full or short, as questions write
// them in a period.
var months = wordSet(append(strings.Split(monthNames, "|"), "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")...)

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
	lr := strings.ToLower(raw)
	for i, u := range units {
		w := strings.ToLower(u.word)
		if periodWords[w] || dayOfMonth(w, raw) || periodEdges[w] && strings.Contains(lr, w+" of ") {
			when[i] = true
		}
	}
	return when, dates
}

// periodEdges are the words for a point of a period before "of" ("by
// the end of June 2022", "at the start of 2021"): they frame the date,
// which reports write otherwise ("as of 30 June 2022").
var periodEdges = wordSet("end", "start", "beginning", "middle", "close")

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

// rankAskCue asks where something ranks: "where did the force rank for
// pay", "how did it rank", "what was its ranking" (not "what rank of
// officer", a police rank, which a post's name gives, nor "how does the
// force's rank structure work" or "how did it rank its priorities": the
// asked rank ends the question or is followed by what or where it is
// ranked on or among). rankGivenRE finds a
// rank given: "ranked lowest", "the highest in England and Wales", "3rd
// out of 43 forces".
var (
	rankAskCue  = regexp.MustCompile(`(?i)\b(?:where|how) (?:did|does|do|was|is|were|has|have) (?:\S+ ){1,4}?rank(?:ed)?(?:\W*$|,| (?:for|on|in|among|amongst|against|compared|nationally|overall|out of|across|within|relative|when|at|with|by|of all)\b)|\bwhat (?:was |is )?(?:\S+ ){0,2}?(?:ranking|league table (?:place|position))\b`)
	rankGivenRE = regexp.MustCompile(`(?i)\b(?:rank(?:ed|s|ing|ings)?|lowest|highest|worst|best|bottom|top|\d+(?:st|nd|rd|th)|out of (?:the |all )?(?:\d+|forty-three) forces)\b`)
)

// ordinalAskCue asks for the one after the first: "the second most
// common reason", "the third biggest cause". Its group is the ordinal.
var ordinalAskCue = regexp.MustCompile(`(?i)\b(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ](?:most|biggest|largest|greatest|highest|lowest|main|top|commonest|least)\b`)

// ordinals are each ordinal as a report may write it.
var ordinals = map[string][]string{
	"second": {"second", "2nd"}, "2nd": {"second", "2nd"},
	"third": {"third", "3rd"}, "3rd": {"third", "3rd"},
	"fourth": {"fourth", "4th"}, "4th": {"fourth", "4th"},
	"fifth": {"fifth", "5th"}, "5th": {"fifth", "5th"},
}

// ordinalUnsaid names what a question asks the second (or later) of when
// no top passage has a sentence on it with that ordinal: "the most cited
// reason was money" gives the first reason, not the second.
func (ix *Index) ordinalUnsaid(ordinal string, units []unit, when []bool, docs []scoredDoc) string {
	skip := slices.Clone(when)
	for i, u := range units {
		skip[i] = skip[i] || slices.Contains(ordinals[ordinal], strings.ToLower(u.word))
	}
	return ix.sentenceGives(units, skip, docs, func(s string) bool {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '–' }) {
			if slices.Contains(ordinals[ordinal], strings.Trim(w, ",.;:()'’")) {
				return true
			}
		}
		return false
	})
}

// rankUnsaid names what a question asks the rank of ("where did the
// force rank for pay and morale") when no top passage has a sentence on
// it that gives a rank; "" otherwise. A rank asked for a year ("in the
// 2021 survey") is given by a sentence naming that year, or none: "in
// 2020, it was ranked lowest" is another year's rank, however the
// passage names the 2021 survey too.
func (ix *Index) rankUnsaid(raw string, units []unit, when []bool, docs []scoredDoc) string {
	if m := ordinalAskCue.FindStringSubmatch(raw); m != nil {
		return ix.ordinalUnsaid(strings.ToLower(m[1]), units, when, docs)
	}
	if !mayMatch(strings.ToLower(raw), "rank", "league") || !rankAskCue.MatchString(raw) {
		return ""
	}
	years := yearRE.FindAllString(raw, -1)
	skip := slices.Clone(when)
	for i, u := range units {
		lw := strings.ToLower(u.word)
		skip[i] = skip[i] || strings.HasPrefix(lw, "rank") || lw == "league" || lw == "table" || lw == "place" || lw == "position" || yearRE.MatchString(lw)
	}
	return ix.sentenceGives(units, skip, docs, func(s string) bool {
		if !rankGivenRE.MatchString(s) {
			return false
		}
		if len(years) == 0 {
			return true
		}
		dated := yearRE.FindAllString(s, -1)
		if len(dated) == 0 {
			return true
		}
		for _, y := range years {
			if slices.Contains(dated, y) {
				return true
			}
		}
		return false
	})
}

// namedTimeAskedRE finds a time a question names: a year, with its month
// before it or not ("in 2025", "since February 2023"). A year split
// across two ("2021/22") is a round's and is skipped (splitAfter).
var namedTimeAskedRE = regexp.MustCompile(`(?i)\b(?:(january|february|march|april|may|june|july|august|september|october|november|december)\s+)?((?:19|20)\d\d)\b`)

// splitAfter finds the second half of a split year just after one
// ("2021/22", "2023–25"); splitBefore its first half just before one
// ("2023 to 2025").
var (
	splitAfter  = regexp.MustCompile(`^\s*(?:[/–—-]|to)\s*\d\d`)
	splitBefore = regexp.MustCompile(`\d\d\s*(?:[/–—-]|to)\s*$`)
)

// timeBefore finds a word that makes the number after it a time: "in
// 2025", "by the end of March 2023", "since".
var timeBefore = regexp.MustCompile(`(?i)\b(?:in|by|since|until|till|before|after|during|from|of|for|through|around|early|late|mid|end)\W*$`)

// countAfter finds a word after a number that makes it a count: "2024
// officers", "2030 new recruits"; a year is followed by nothing, a
// conjunction or punctuation.
var countAfter = regexp.MustCompile(`^\s+[\p{L}]`)

// yearNamedAt reports whether the number raw[at:end] is a year asked
// about: not half of a round's split year, and either after a word of
// time or a month, or at the end of a phrase ("crime forecast herts
// 2025", "by 2024 or later"); "more than 2024 officers" is a count.
func yearNamedAt(raw string, at, end int, month bool) bool {
	if splitAfter.MatchString(raw[end:]) || splitBefore.MatchString(raw[:at]) {
		return false
	}
	if month || timeBefore.MatchString(raw[:at]) {
		return true
	}
	rest := raw[end:]
	return !countAfter.MatchString(rest) || conjunctionAfter.MatchString(rest)
}

// conjunctionAfter finds a year's phrase going on: "2024 or later".
var conjunctionAfter = regexp.MustCompile(`(?i)^\s+(?:and|or|onwards|on)\b`)

// lookBackCue finds a question about what has happened: "did they hit
// the target by the end of March 2023", "what has changed since".
var lookBackCue = regexp.MustCompile(`(?i)\b(?:did|didn't|since|still|so far|yet|happened|changed|hit|met|achieved|managed|reached)\b`)

// roundYearLoaded reports whether year is one of a loaded report's round
// ("2023" or "2025" of "PEEL 2023–25").
func (ix *Index) roundYearLoaded(year string) bool {
	for _, r := range ix.meta.Reports {
		if slices.Contains(roundYears(r.Round), year) {
			return true
		}
	}
	return false
}

// laterThanReports is, for a question about a time after the asked
// reports were published, that time ("2025", "February 2023"), with the
// latest month of publication; "" otherwise. A year after publication
// that no report names is beyond them however asked ("will the backlog be
// cleared by 2024"); a month at or after it, or a later year the reports
// name in a forecast, only when the question asks what has happened
// ("did it hit its target by March 2023"): "will the posts be filled by
// February 2023" is answered by the report's forecast.
func (ix *Index) laterThanReports(q *question) (asked, published string) {
	raw := q.parsed.Raw
	if !strings.ContainsAny(raw, "12") {
		return "", ""
	}
	var pub time.Time
	reports := ix.reportsAsked(q)
	for _, r := range ix.meta.Reports {
		if !slices.Contains(reports, r.ID) {
			continue
		}
		t, err := time.Parse("January 2006", r.Published)
		if err != nil {
			return "", "" // a report of unknown date may speak of any time
		}
		if t.After(pub) {
			pub, published = t, r.Published
		}
	}
	if pub.IsZero() {
		return "", ""
	}
	for _, m := range namedTimeAskedRE.FindAllStringSubmatchIndex(raw, -1) {
		if !yearNamedAt(raw, m[4], m[5], m[2] >= 0) || ix.roundYearLoaded(raw[m[4]:m[5]]) {
			continue
		}
		year, _ := strconv.Atoi(raw[m[4]:m[5]])
		named := raw[m[0]:m[1]]
		switch {
		case year > pub.Year() && ix.meta.Vocabulary[raw[m[4]:m[5]]] == 0:
			return named, published
		case !lookBackCue.MatchString(raw):
		case m[2] >= 0:
			t, err := time.Parse("January 2006", strings.ToUpper(named[:1])+strings.ToLower(named[1:]))
			if err == nil && !t.Before(pub) {
				return named, published
			}
		case year > pub.Year():
			return named, published
		}
	}
	return "", ""
}
