package index

import (
	"context"
	"errors"
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
// words, acronyms spelt out, equivalent phrases, corrected spellings):
// past it, bleve refuses the search instead of running it.
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
}

// DefaultWeights were chosen by coordinate search on the evaluation sets
// (index/testdata/eval-questions.jsonl and the shared development set).
// Features measured at zero there (word pairs as phrases, a thesaurus, a
// prior for the first paragraph under a headline, pseudo-relevance
// feedback) were removed. Figures and Reasons prefer passages that give
// numbers or reasons when a question asks "how many" or "why".
var DefaultWeights = Weights{
	Text: 0.6, Heading: 0.6, Chapter: 0.5, Body: 0.6, Phrase: 1.0,
	Acronym: 0.25, ShortForm: 1.0, Equivalent: 0.1, Typo: 0.75, Joined: 1.0,
	Force: 0.3, Figures: 1.0, Reasons: 0.5,
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
}

// Search finds the passages that best answer a question.
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
	res := &Result{Query: ParseQuery(req.Query)}
	filter, problem := ix.filterQuery(res.Query.Filters)
	if problem != "" {
		res.Problem = problem
		return res, nil
	}
	q, sortByPosition := ix.buildQuery(res)
	if q == nil {
		return res, nil
	}
	if filter != nil {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddFilter(filter)
		q = b
	}
	sr := bleve.NewSearchRequestOptions(q, limit, max(req.Offset, 0), false)
	sr.Fields = []string{"*"}
	if sortByPosition {
		sr.SortBy([]string{fieldReport, fieldPosition})
	}
	out, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("search %.40q: took too long: %w", req.Query, context.DeadlineExceeded)
		}
		return nil, fmt.Errorf("search %.40q: %w", req.Query, err)
	}
	res.Total = int(out.Total)
	for _, m := range out.Hits {
		res.Hits = append(res.Hits, ix.hit(m.ID, m.Score, m.Fields))
	}
	if res.Total == 0 {
		res.Suggestions = ix.suggest(res.Query)
	}
	return res, nil
}

// buildQuery turns the understood question into a bleve query. It returns
// nil, with res.Problem set, when there is nothing to search for; and
// sortByPosition when the question is only filters (a listing).
func (ix *Index) buildQuery(res *Result) (q query.Query, sortByPosition bool) {
	w := ix.Weights
	uq := res.Query
	words, forces := ix.splitForceWords(uq.Words)
	words = dropFillers(words)
	terms := ix.analyze(strings.Join(words, " "))
	if len(terms) == 0 && len(uq.Phrases) == 0 {
		switch {
		case len(forces) > 0: // "herts": list that force's reports
			var alts []query.Query
			for _, id := range forces {
				alts = append(alts, term(id, fieldReport, 1))
			}
			return bleve.NewDisjunctionQuery(alts...), true
		case len(uq.Filters) > 0:
			return bleve.NewMatchAllQuery(), true
		case len(uq.Words) > 0:
			res.Problem = "Those are all very common words (like “why”, “the”, “do”), so there is nothing to search for. Add the subject you mean, e.g. “why do officers leave”."
		default:
			res.Problem = "There are no words to search for in that question."
		}
		res.Suggestions = ix.exampleSuggestions()
		return nil, false
	}

	// Each call of add is one clause of the question: the ways of matching
	// one thing (the words in any field; one acronym's expansion in text or
	// headline) are grouped, so that a passage is rewarded for matching
	// more of the question, not more fields of the same thing. A passage
	// that only uses an acronym then competes fairly with one that spells
	// it out.
	var should []query.Query
	add := func(qs ...query.Query) {
		var alts []query.Query
		for _, q := range qs {
			if q.(query.BoostableQuery).Boost() > 0 {
				alts = append(alts, q)
			}
		}
		switch len(alts) {
		case 0:
		case 1:
			should = append(should, alts[0])
		default:
			should = append(should, bleve.NewDisjunctionQuery(alts...))
		}
	}
	text := strings.Join(words, " ")
	if len(terms) > 0 {
		add(match(text, fieldText, w.Text), match(text, fieldHeading, w.Heading), match(text, fieldChapter, w.Chapter), match(text, fieldBody, w.Body))
		if len(terms) > 1 {
			add(phrase(text, fieldText, w.Phrase))
		}
		for i := 0; i+1 < len(words); i++ {
			if joined := ix.analyze(words[i] + words[i+1]); len(joined) == 1 && ix.terms[joined[0]] {
				add(term(joined[0], fieldText, w.Joined))
			}
		}
	}
	for _, e := range ix.glossary.expand(words, terms) {
		boost := w.Acronym
		switch {
		case e.equivalent:
			boost = w.Equivalent
		case e.shortForm:
			// Passages that use only the acronym match nothing else of the
			// question, so it must weigh as much as the words spelt out.
			boost = w.ShortForm
		}
		// A chapter may be named by an acronym too ("HMI": "HM Inspector's
		// observations").
		add(phrase(e.text, fieldText, boost), phrase(e.text, fieldHeading, boost*w.Heading), phrase(e.text, fieldChapter, boost*w.Chapter))
		res.Expanded = append(res.Expanded, e.text)
	}
	seenWord := map[string]bool{}
	for _, word := range words {
		if seenWord[strings.ToLower(word)] {
			continue
		}
		seenWord[strings.ToLower(word)] = true
		if parts := ix.splitCompound(word); parts != "" {
			add(phrase(parts, fieldText, w.Joined), phrase(parts, fieldHeading, w.Joined*w.Heading))
			res.Expanded = append(res.Expanded, parts)
			continue
		}
		if full := ix.completion(word); full != "" {
			// A shortening ("exec", "stats"): the commonest report word it starts.
			add(phrase(full, fieldText, w.Typo), phrase(full, fieldHeading, w.Typo*w.Heading))
			res.Expanded = append(res.Expanded, full+" (for "+word+")")
			continue
		}
		if !ix.unknown(word) {
			continue
		}
		// A misspelling: search for the nearest word the reports use.
		if fix := ix.nearestWord(word); fix != "" {
			add(phrase(fix, fieldText, w.Typo), phrase(fix, fieldHeading, w.Typo*w.Heading))
			res.Expanded = append(res.Expanded, fix+" (for "+word+")")
		}
	}
	for _, id := range forces {
		add(term(id, fieldReport, w.Force))
	}
	if asksForFigure(uq.Raw) {
		add(term("yes", fieldFigures, w.Figures))
	}
	if asksWhy(uq.Raw) {
		add(term("yes", fieldReasons, w.Reasons))
	}
	var must []query.Query
	for _, p := range uq.Phrases {
		must = append(must, bleve.NewDisjunctionQuery(phrase(p, fieldText, 1), phrase(p, fieldHeading, w.Heading)))
		add(phrase(p, fieldText, w.Phrase))
	}
	b := bleve.NewBooleanQuery()
	b.AddShould(should...)
	b.SetMinShould(1)
	if len(must) > 0 {
		b.AddMust(must...)
	}
	return b, false
}

// splitForceWords takes out the words that name a force of a loaded report
// ("herts", "hertfordshire"): they occur everywhere in its report, so they
// say which report is meant rather than what the question is about.
func (ix *Index) splitForceWords(words []string) (rest []string, reports []string) {
	for _, w := range words {
		lw := strings.ToLower(w)
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
	}
	return rest, reports
}

// dropFillers removes conversational filler words, unless nothing else is left.
func dropFillers(words []string) []string {
	var out []string
	for _, w := range words {
		if !fillerWords[strings.ToLower(w)] {
			out = append(out, w)
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

func match(text, field string, boost float64) query.Query {
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func phrase(text, field string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func term(t, field string, boost float64) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// unknown reports whether a word of five letters or more appears nowhere
// in the reports, as misspellings do.
func (ix *Index) unknown(w string) bool {
	t := ix.analyze(w)
	return len([]rune(w)) >= 5 && len(t) == 1 && !ix.terms[t[0]]
}

// analyze runs text through the index's analyzer.
func (ix *Index) analyze(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var out []string
	for _, tok := range ix.analyzer.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

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
				return nil, fmt.Sprintf("I don't know the kind %q. Kinds are: afi, practice, concern, recommendation, finding.", f.Value)
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
		if c := ix.nearestWord(w); c != "" {
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

// completion returns the commonest report word that a word of four
// letters or more, found nowhere in the reports, is the start of: people
// shorten ("exec" for executive, "stats" for statistics).
func (ix *Index) completion(w string) string {
	lw := strings.ToLower(w)
	n := len([]rune(lw))
	if n < 4 || ix.meta.Vocabulary[lw] > 0 || strings.ContainsAny(lw, "0123456789-'’./") {
		return ""
	}
	if t := ix.analyze(lw); len(t) != 1 || ix.terms[t[0]] {
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
// typo allows, or "" when the word is known or nothing is close.
func (ix *Index) nearestWord(w string) string {
	lw := strings.ToLower(w)
	if ix.meta.Vocabulary[lw] > 0 || len([]rune(lw)) < 4 {
		return ""
	}
	allowed := 1
	if len([]rune(lw)) >= 8 {
		allowed = 2
	}
	best, bestDist, bestCount := "", allowed+1, 0
	rw := []rune(lw)
	n := len(rw)
	var ed editRows
	var rv []rune
	for l := n - allowed; l <= n+allowed; l++ {
		for _, v := range ix.wordsByLen[l] {
			if v.word[0] != lw[0] {
				continue // people rarely mistype a word's first letter
			}
			rv = rv[:0]
			for _, r := range v.word {
				rv = append(rv, r)
			}
			d := ed.distance(rw, rv, allowed)
			if d < bestDist || (d == bestDist && (v.count > bestCount || v.count == bestCount && v.word < best)) {
				best, bestDist, bestCount = v.word, d, v.count
			}
		}
	}
	if bestDist > allowed {
		return ""
	}
	return best
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
