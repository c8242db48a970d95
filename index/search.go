package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"github.com/peelbot/peelbot/corpus"
)

// DefaultTimeout bounds a search whose context has no deadline.
const DefaultTimeout = 2 * time.Second

// maxClauses bounds the disjunctions a question may expand into (its
// words, their expansions and corrections, each in several fields): past
// it, bleve refuses the search instead of running it.
const maxClauses = 1024

func init() {
	searcher.DisjunctionMaxClauseCount = maxClauses
	search.BM25_b = bm25B
}

// Weights of the parts of a query. A finding's headline counts for every
// paragraph under it, a little less than the paragraph's own words; a typo
// correction counts less than an exact word, so it never outranks one.
type Weights struct {
	// Text, Heading and Chapter weigh the question's words in each field;
	// Body weighs them in the headline and paragraph read as one text.
	Text, Heading, Chapter, Body float64
	Phrase                       float64 // the whole question as a phrase
	Acronym, ShortForm           float64 // an acronym's expansion; the acronym of a phrase spelt out
	Equivalent                   float64 // an equivalent phrase
	Typo                         float64 // the nearest report word to a word found nowhere in the reports
	Joined                       float64 // two words written as one ("safety net" → "safetynet")
	Force                        float64 // a report of the force the question names
	Figures                      float64 // a passage giving figures, when the question asks for one
	Reasons                      float64 // a passage giving reasons, when the question asks why
	// Template multiplies the score of the inspectorate's standard wording,
	// so that it ranks as context below findings.
	Template float64
	// Concept weighs the report vocabulary of a concept the question names
	// in everyday words ("burnt out": wellbeing, fatigue, workload).
	Concept float64
	// Coverage multiplies a passage's score among the best (coverageDepth)
	// by 1 + Coverage times the share of the question it matches
	// (rerankCoverage).
	Coverage float64
}

// DefaultWeights were chosen by coordinate search on the evaluation sets
// (index/testdata/eval-questions.jsonl and the shared development set).
// Features measured at zero there (word pairs as phrases, a thesaurus, a
// prior for the first paragraph under a headline, pseudo-relevance
// feedback) were removed. Figures and Reasons prefer passages that give
// numbers or reasons when a question asks "how many" or "why". Template
// and Concept were measured on those sets and the second tuning set
// (index/testdata/tune-questions.jsonl); a coordinate search over every
// weight on the three sets gained too little elsewhere to trust.
// Coverage was measured on all four sets and the odd lines of a fourth
// tuning set: 1 to 4 gained on each, 2 most evenly; once a word matched
// only in the headline counted for less (textShare), 3 gained on tune4
// and lost nowhere, 4 lost on the tune set. Once light verbs ("go",
// "look") no longer diluted the share, 4 to 12 gained on the ninth tuning
// set and the evaluation set and lost nowhere; 5 is the smallest that
// gains on both. Reasons 0.65 (from 0.5), once more ways of giving a
// reason counted, gained on three sets and lost on none; 0.75 lost
// recall@3 on the ninth.
var DefaultWeights = Weights{
	Text: 0.6, Heading: 0.6, Chapter: 0.5, Body: 0.6, Phrase: 1.0,
	Acronym: 0.25, ShortForm: 1.0, Equivalent: 0.1, Typo: 0.75, Joined: 1.0,
	Force: 0.3, Figures: 1.0, Reasons: 0.65, Template: 0.5, Concept: 0.35,
	Coverage: 5,
}

// bm25B is BM25's length normalisation. Bleve's default (0.75) favours
// short paragraphs too much for report text, where a long paragraph is
// often the one that answers; 0.3 measured best on the evaluation sets.
const bm25B = 0.3

// Request is one search.
type Request struct {
	Query  string
	Limit  int // hits wanted; 3 when zero
	Offset int // hits to skip, for "more results"
}

// Hit is one passage found, with everything needed to quote and cite it.
type Hit struct {
	ID      string `json:"id"`
	Report  string `json:"report"`
	Force   string `json:"force"`
	Round   string `json:"round"`
	Chapter string `json:"chapter"`
	// Section is the full citation path: report › chapter › section › finding.
	Section string `json:"section"`
	// SectionTitle is the section alone ("Areas for improvement").
	SectionTitle string  `json:"section_title"`
	Heading      string  `json:"heading"`
	Kind         string  `json:"kind"`
	Page         int     `json:"page"`
	URL          string  `json:"url"`
	Text         string  `json:"text"`
	Score        float64 `json:"score"`
	// Context marks the inspectorate's standard wording (what PEEL is, how
	// to read the report), ranked below findings.
	Context bool `json:"context,omitempty"`
	// Closest marks a passage shown although the reports don't answer the
	// question: the closest text found, not an answer.
	Closest bool `json:"closest,omitempty"`
	// Explanation is, for an area for improvement's headline statement,
	// the paragraph under it that says what the inspectors found (its
	// evidence, "in 35 of 63 cases"), quoted with its own citation: what
	// must improve and why, read together as the report sets them out.
	// That paragraph is not shown again as a hit of its own.
	Explanation *Hit `json:"explanation,omitempty"`
}

// Result is the answer to a search.
type Result struct {
	Query Query `json:"-"`
	Hits  []Hit `json:"hits"`
	// Total is how many passages matched.
	Total int `json:"total"`
	// Expanded lists what the question was also searched as: acronyms
	// spelt out, equivalent phrases, spelling corrections.
	Expanded []string `json:"expanded,omitempty"`
	// Problem says why the question could not be searched as typed;
	// Suggestions say what to try instead. Either may be set with no hits.
	Problem     string   `json:"problem,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
	// Answered says whether the loaded reports answer the question; Note
	// is the sentence to show when they don't ("The loaded reports don't
	// cover knife crime in London. No loaded report mentions “knife” or
	// “London”."), and Closest names the chapters nearest to it that they
	// do cover. Evidence is what the judgment rests on.
	Answered bool      `json:"answered"`
	Note     string    `json:"note,omitempty"`
	Closest  []string  `json:"closest,omitempty"`
	Evidence *Evidence `json:"evidence,omitempty"`
	// Intent is the structured question recognised, if any: a grade, an
	// area's AFIs, causes of concern, recommendations, innovative practice
	// or the report's overall verdict, with the reports and chapters it
	// names and the items that answer it (first among the hits).
	Intent *Intent `json:"intent,omitempty"`
}

// Search finds the passages that best answer a question, says whether
// they answer it, and recognises the structured questions a report answers
// from its structure (grades, areas for improvement, …).
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 3
	}
	offset := max(req.Offset, 0)
	res := &Result{Query: ParseQuery(req.Query)}
	filter, problem := ix.filterQuery(res.Query.Filters)
	if problem != "" {
		res.Problem = problem
		return res, nil
	}
	q := ix.understand(res.Query)
	res.Intent = q.intent
	s := &searchRun{ix: ix, ctx: ctx, raw: req.Query, res: res, q: q, filter: filter, docs: map[string]map[string]any{}}
	if err := s.run(limit, offset); err != nil {
		return nil, err
	}
	if res.Total == 0 && res.Problem == "" && (res.Intent == nil || !res.Intent.None) {
		res.Suggestions = ix.suggest(res.Query)
	}
	return res, nil
}

// buildQuery turns the understood question into a bleve query, and the
// same query less its common words when it has both common and rarer
// ones (nil otherwise; see searchRun.search). It returns nil when there
// is nothing to search for: a question with no words (see listing), or
// one of filters only.
func (ix *Index) buildQuery(res *Result, q *question) (full, rare query.Query) {
	uq := res.Query
	if len(q.terms) == 0 && len(uq.Phrases) == 0 {
		return nil, nil
	}
	c := newClauses(ix.Weights, ix.analyze)
	if common, costly := ix.commonTerms(q); costly {
		// Only a costly search is made in two steps; the others need no
		// second set of clauses.
		c.common, c.costly = common, true
		c.df = func(t string) int { return ix.terms[t] }
	}
	c.spellsOut = meaningAsked.MatchString(uq.Raw)
	c.questionWords(strings.Join(q.words, " "), q.terms)
	if len(q.terms) > 0 {
		c.joinedPairs(ix, q.words)
	}
	c.glossary(ix.glossary.expand(q.words, q.terms))
	c.wordForms(ix, q.words)
	c.ageNouns(ix, uq.Raw, q.terms)
	c.needsChecked(uq.Raw)
	c.concepts(ix.matchConcepts(q.parsed.Words, q.terms))
	c.respelt(ix, q)
	c.policeYears(q.words)
	c.reports(q.reports)
	c.wants(uq.Raw)
	if definitionRE.MatchString(uq.Raw) {
		c.definitions(uq.Raw, ix.spelledWords(q.words)) // "what is ecco": what echo is
	}
	c.phrases(uq.Phrases)
	res.Expanded = append(res.Expanded, c.expanded...)
	q.alts, q.alone, q.phrasal, q.restated = c.alts, c.alone, c.phrasal, c.restated
	return c.query(), c.rareQuery()
}

// commonShare is the share of passages above which a term is common: a
// word nearly every passage of a report uses ("constabulary", "officers",
// "crime", "use"). costlyPostings is how many passages a question's words
// may be in, counted once for each word, before its search is made in two
// steps (searchRun.searchCommon): below it, scoring them all costs less
// than the second step.
const (
	commonShare    = 0.1
	costlyPostings = 5000
)

// commonTerms says which of a question's terms are common, when it has
// rarer words that reports use too (otherwise none is), and whether
// scoring every passage its words are in would be costly: that is when
// the search is made in two steps.
func (ix *Index) commonTerms(q *question) (common func(string) bool, costly bool) {
	cutoff := int(commonShare * float64(ix.docs))
	rare, many := false, false
	postings := 0
	for _, t := range q.terms {
		df := ix.terms[t]
		postings += df
		rare = rare || df > 0 && df <= cutoff
		many = many || df > cutoff
	}
	common = func(string) bool { return false }
	if rare && many {
		common = func(t string) bool { return ix.terms[t] > cutoff }
	}
	return common, postings > cmp.Or(ix.costly, costlyPostings)
}

// listing is the query of a question with no words to search for: the
// reports of the forces it names, or everything its filters let through,
// in report order. With neither, res.Problem says why nothing was searched.
func (ix *Index) listing(res *Result, forces []string) query.Query {
	uq := res.Query
	var q query.Query
	switch {
	case len(forces) > 0: // "herts kind:afi": that force's reports
		var alts []query.Query
		for _, id := range forces {
			alts = append(alts, term(id, fieldReport, 1))
		}
		q = bleve.NewDisjunctionQuery(alts...)
	case len(uq.Filters) > 0:
		q = bleve.NewMatchAllQuery()
	case len(uq.Words) > 0:
		res.Problem = "Those are all very common words (like “why”, “the”, “do”), so there is nothing to search for. Add the subject you mean, e.g. “why do officers leave”."
	default:
		res.Problem = "There are no words to search for in that question."
	}
	if q == nil {
		res.Suggestions = ix.exampleSuggestions()
		return nil
	}
	// A listing is of paragraphs, their headlines heading them already;
	// grade sentences are statements only.
	for _, f := range uq.Filters {
		if k, _ := parseKind(f.Value); f.Key == "kind" && k == corpus.KindGrade {
			return q
		}
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddMustNot(term("yes", fieldStatement, 1))
	return b
}

// splitForceWords takes out the words that name a force of a loaded report
// ("herts", "hertfordshire"): they occur everywhere in its report, so they
// say which report is meant rather than what the question is about.
func (ix *Index) splitForceWords(words []string) (rest []string, reports []string) {
	named := false // the word before named a force
	for _, w := range words {
		lw := strings.ToLower(w)
		if named && (lw == "police" || lw == "police's") {
			// "Hertfordshire Police", "Kent Police's": the rest of the
			// force's name, as "constabulary" is.
			named = false
			continue
		}
		named = false
		var ids []string
		for _, r := range ix.meta.Reports {
			short, _, _ := strings.Cut(r.ID, "-2")
			if lw == short || lw == strings.ToLower(firstWord(r.Force)) {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) == 0 {
			rest = append(rest, w)
			continue
		}
		reports = append(reports, ids...)
		named = true
	}
	return rest, reports
}

// dropFillers removes conversational filler words, unless nothing else is left.
func dropFillers(words []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := strings.ToLower(words[i])
		if i+1 < len(words) && fillerPairs[w+" "+strings.ToLower(words[i+1])] {
			i++
			continue
		}
		if !fillerAt(words, i) {
			out = append(out, words[i])
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// analyze runs text through the index's analyzer. A text of one word is
// analysed once and remembered (up to maxAnalysed words): a question's
// words are analysed by several parts of search, and the analyzer's
// character filters are regular expressions.
func (ix *Index) analyze(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	single := !strings.ContainsAny(text, " \t\n")
	if single {
		if t, ok := ix.analysed.Load(text); ok {
			return t.([]string)
		}
	}
	var out []string
	for _, tok := range ix.analyzer.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	if single && ix.nAnalysed.Load() < maxAnalysed {
		ix.nAnalysed.Add(1)
		ix.analysed.Store(text, slices.Clip(out))
	}
	return out
}

// maxAnalysed bounds the words remembered analysed: past it, words are
// analysed every time, so that no stream of questions grows memory.
const maxAnalysed = 20000

// hit builds a Hit from a match's stored fields.
func (ix *Index) hit(id string, score float64, f map[string]any) Hit {
	str := func(k string) string { s, _ := f[k].(string); return s }
	num := func(k string) int { n, _ := f[k].(float64); return int(n) }
	h := Hit{
		ID: id, Report: str(fieldReport), Force: str(fieldForce), Round: str(fieldRound),
		Chapter: str(fieldChapter), SectionTitle: str(fieldSection), Heading: str(fieldHeading),
		Kind: str(fieldKind), Page: num(fieldPage), URL: str(fieldURL), Text: str(fieldText), Score: score,
	}
	h.Section = h.Citation().Trail()
	return h
}

// Citation cites the passage found, from the fields the index stores.
func (h Hit) Citation() corpus.Citation {
	return corpus.Citation{
		Report:  corpus.ReportName(&corpus.Report{ID: h.Report, Force: h.Force, Round: h.Round}),
		Chapter: h.Chapter, Section: h.SectionTitle, Finding: h.Heading, Page: h.Page, Link: h.URL,
	}
}

// filterQuery resolves typed filters against the reports the index holds.
// A filter that matches nothing is a problem to tell the asker about.
func (ix *Index) filterQuery(filters []Filter) (query.Query, string) {
	var must []query.Query
	for _, f := range filters {
		var alts []query.Query
		switch f.Key {
		case "kind":
			k, ok := parseKind(f.Value)
			if !ok {
				return nil, fmt.Sprintf("I don't know the kind %q. Kinds are: afi, practice, concern, recommendation, finding, grade.", f.Value)
			}
			alts = append(alts, term(string(k), fieldKind, 1))
		case "area":
			for _, key := range ix.matchChapters(f.Value) {
				alts = append(alts, term(key, fieldChapterK, 1))
			}
			if len(alts) == 0 {
				return nil, fmt.Sprintf("No chapter matches %s. Chapters are: %s.", f, strings.Join(ix.chapterTitles(), "; "))
			}
		default:
			for _, id := range ix.matchReports(f) {
				alts = append(alts, term(id, fieldReport, 1))
			}
			if len(alts) == 0 {
				return nil, fmt.Sprintf("No report matches %s. Reports are: %s.", f, strings.Join(ix.reportLabels(), "; "))
			}
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	if len(must) == 0 {
		return nil, ""
	}
	return bleve.NewConjunctionQuery(must...), ""
}

// parseKind reads a kind the way people type it.
func parseKind(s string) (corpus.Kind, bool) {
	s = strings.ToLower(strings.Trim(s, " .s"))
	switch {
	case s == "afi" || strings.HasPrefix(s, "area for improvement") || strings.HasPrefix(s, "areas for improvement") || s == "improvement":
		return corpus.KindAFI, true
	case strings.Contains(s, "practice") || s == "innovative" || s == "promising" || s == "notable":
		return corpus.KindPractice, true
	case s == "recommendation" || s == "rec":
		return corpus.KindRecommendation, true
	case strings.Contains(s, "concern") || s == "coc":
		return corpus.KindConcern, true
	case s == "passage" || s == "finding" || s == "main finding":
		return corpus.KindPassage, true
	case s == "grade" || s == "judgment" || s == "judgement":
		return corpus.KindGrade, true
	}
	return "", false
}

// matchChapters returns the chapter keys whose title or graded area holds
// every word of value (as a word prefix, ignoring case).
func (ix *Index) matchChapters(value string) []string {
	want := strings.Fields(strings.ToLower(value))
	var keys []string
	for _, r := range ix.meta.Reports {
		for _, c := range r.Chapters {
			have := strings.Fields(strings.ToLower(strings.NewReplacer(",", " ", "'", " ").Replace(c.Title + " " + c.Area)))
			if allPrefixes(want, have) {
				keys = append(keys, chapterKey(r.ID, c.Title))
			}
		}
	}
	return keys
}

func allPrefixes(want, have []string) bool {
	if len(want) == 0 {
		return false
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// matchReports returns the ids of reports a force, report or round filter
// names.
// ReportsMatching are the ids of the reports a force, report or round
// filter keeps, as a search applies it: for saying what a filter covers.
func (ix *Index) ReportsMatching(f Filter) []string { return ix.matchReports(f) }

func (ix *Index) matchReports(f Filter) []string {
	v := strings.ToLower(f.Value)
	var ids []string
	for _, r := range ix.meta.Reports {
		var ok bool
		switch f.Key {
		case "report":
			ok = r.ID == v
		case "force":
			short, _, _ := strings.Cut(r.ID, "-2")
			ok = strings.HasPrefix(r.ID, v+"-") || short == v || allPrefixes(strings.Fields(v), strings.Fields(strings.ToLower(r.Force)))
		case "round":
			norm := strings.NewReplacer("–", "-", "—", "-", "/", "-").Replace(strings.ToLower(r.Round))
			ok = strings.Contains(norm, strings.NewReplacer("–", "-", "/", "-").Replace(v))
		}
		if ok {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func (ix *Index) reportLabels() []string {
	var out []string
	for _, r := range ix.meta.Reports {
		out = append(out, fmt.Sprintf("%s (%s, %s)", r.ID, r.Force, r.Round))
	}
	return out
}

// exampleSuggestions are things worth trying when a question finds nothing.
func (ix *Index) exampleSuggestions() []string {
	return []string{"dvpo", "999 calls", "why do officers leave", "kind:afi"}
}

// suggest proposes questions to try when nothing matched, each one that
// can be run as it is: the question spelt right, the question without its
// filters, or chapters to browse.
func (ix *Index) suggest(q Query) []string {
	var out []string
	var fixed []string
	changed := false
	for _, w := range q.Words {
		if c := ix.misspelling(w); c != "" {
			fixed = append(fixed, c)
			changed = true
		} else {
			fixed = append(fixed, w)
		}
	}
	if changed {
		for _, f := range q.Filters {
			fixed = append(fixed, f.String())
		}
		out = append(out, strings.Join(fixed, " "))
	}
	if len(q.Filters) > 0 && len(q.Words) > 0 {
		out = append(out, strings.Join(q.Words, " "))
	}
	if len(out) == 0 {
		// Nothing close: offer chapters to browse.
		for _, r := range ix.meta.Reports {
			for _, c := range r.Chapters {
				if c.Area != "" && len(out) < 4 && !slices.Contains(out, areaFilter(c.Area)) {
					out = append(out, areaFilter(c.Area))
				}
			}
		}
	}
	return out
}

// areaFilter is the filter that lists an area's passages.
func areaFilter(area string) string {
	return Filter{Key: "area", Value: strings.ToLower(area)}.String()
}
