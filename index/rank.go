package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/peelbot/peelbot/corpus"
)

// candidateWindow is how many passages BM25 ranks before search reranks
// them (standard wording below findings, a structured answer first). It
// costs little: only the passages shown are read from the index.
const candidateWindow = 10

// candidate is a passage found, with its score.
type candidate struct {
	id    string
	score float64
}

// searchRun is one search under way.
type searchRun struct {
	ix     *Index
	ctx    context.Context
	raw    string
	res    *Result
	q      *question
	filter query.Query
	// docs are the stored fields of the passages read so far, by id.
	docs map[string]map[string]any
	// judgeOn, when set, are the passages the judgment of whether the
	// reports answer rests on, in place of those shown first.
	judgeOn []candidate
}

// run searches, ranks, reads the page of hits asked for and judges
// whether they answer the question.
func (s *searchRun) run(limit, offset int) error {
	ix, res, q := s.ix, s.res, s.q
	bq, rare := ix.buildQuery(res, q)
	if bq == nil {
		if in := res.Intent; in != nil && len(in.Items) > 0 && len(res.Query.Phrases) == 0 {
			// "herts grades", "tell me about the force": the answer is the
			// report's structure, with nothing else to search for.
			return s.page(s.items(in), len(in.Items), limit, offset)
		}
		return s.listing(limit, offset)
	}
	n := max(candidateWindow, offset+limit)
	if offset > 0 {
		// The standard wording, demoted, sinks to the end of the passages
		// searched: with the search ending where the page ends, it would
		// end every later page, one after another. Searching a window
		// beyond the page leaves it below the page until its place is
		// reached.
		n += candidateWindow
	}
	for refills := 0; ; refills++ {
		cands, total, err := s.ranked(bq, rare, n)
		if err != nil {
			return err
		}
		if offset > 0 && total > n && refills < maxRefills {
			// A later page: the paragraphs folded under their headlines
			// (foldExplanations) leave fewer passages than the page needs,
			// and the next page would start past some never shown. The
			// search goes as much deeper as the fold took out.
			out, _, err := s.foldExplanations(cands, 0)
			if err != nil {
				return err
			}
			if short := offset + limit - len(out); short > 0 {
				n += short
				continue
			}
		}
		return s.page(cands, max(total, len(cands)), limit, offset)
	}
}

// maxRefills is how many times a later page's search goes deeper for the
// passages folded under their headlines (run).
const maxRefills = 4

// ranked finds the n best passages for the question, ranked as shown,
// and how many passages matched.
func (s *searchRun) ranked(bq, rare query.Query, n int) ([]candidate, int, error) {
	res := s.res
	cands, total, err := s.searchCommon(bq, rare, n)
	if err != nil {
		return nil, 0, err
	}
	// The judgment of whether the reports answer weighs the passages as
	// BM25 and the standard wording's demotion rank them: the reranking by
	// coverage is for the order shown, and would otherwise count twice.
	judged := s.demoteTemplates(slices.Clone(cands))
	if cands, err = s.rerankCoverage(cands); err != nil {
		return nil, 0, err
	}
	cands = s.demoteTemplates(cands)
	if cands, err = s.withinFinding(cands); err != nil {
		return nil, 0, err
	}
	if cands, err = s.subjectFirst(cands); err != nil {
		return nil, 0, err
	}
	if cands, err = s.nowBeforeThen(cands); err != nil {
		return nil, 0, err
	}
	if res.Intent == nil {
		s.judgeOn = judged
	}
	if in := res.Intent; in != nil {
		if cands, err = s.answerFirst(bq, in, cands); err != nil {
			return nil, 0, err
		}
	}
	if cands, err = s.inspectorFirst(cands); err != nil {
		return nil, 0, err
	}
	return cands, total, nil
}

// rescoreWindow is how many passages the query less its common words
// finds for the whole query to score (searchCommon).
const rescoreWindow = 50

// searchCommon finds the n best passages for the whole query q. When the
// question's words are in many passages and some are common (rare is q
// less its common words and the chapter titles), scoring every passage
// that has "officers" or "crime" is most of a search's time across many
// reports (the remedy named in docs/PERFORMANCE.md): the rarer words find
// the rescoreWindow likeliest passages, and q scores those alone, so the
// passages shown are ranked by every word of the question as q ranks
// them. A passage with only common words is not found this way; one that
// q would rank first but the rarer words rank below rescoreWindow would
// be missed (TestTwoStepSearchRanksAsOneStepDoes measures how often).
func (s *searchRun) searchCommon(q, rare query.Query, n int) ([]candidate, int, error) {
	if rare == nil || s.ix.oneStep {
		return s.search(s.filtered(q), n)
	}
	first, total, err := s.search(s.filtered(rare), max(n, rescoreWindow))
	if err != nil {
		return nil, 0, err
	}
	if len(first) < n {
		// Too few passages have the rarer words ("overloaded", which no
		// report uses): the closest are among those with the common ones.
		return s.search(s.filtered(q), n)
	}
	ids := make([]string, len(first))
	for i, c := range first {
		ids[i] = c.id
	}
	only := bleve.NewDocIDQuery(ids)
	only.SetBoost(0)
	b := bleve.NewBooleanQuery()
	b.AddMust(only)
	b.AddShould(q)
	b.SetMinShould(1)
	cands, _, err := s.search(b, n)
	return cands, total, err
}

// filtered applies the question's typed filters to a query.
func (s *searchRun) filtered(q query.Query) query.Query {
	if s.filter == nil {
		return q
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddFilter(s.filter)
	return b
}

// search runs a bleve query for the n best passages, reading no stored
// fields yet.
func (s *searchRun) search(q query.Query, n int) ([]candidate, int, error) {
	sr := bleve.NewSearchRequestOptions(q, n, 0, false)
	// Passages that score the same are taken in id order: a batch's
	// documents are numbered in no fixed order, so bleve's own tie order
	// can differ from one build of the index to the next, and the same
	// question must get the same passages.
	sr.SortBy([]string{"-_score", "_id"})
	out, err := s.ix.searchBleve(s.ctx, sr)
	if err != nil {
		return nil, 0, s.failed(err)
	}
	cands := make([]candidate, 0, len(out.Hits))
	for _, m := range out.Hits {
		cands = append(cands, candidate{m.ID, m.Score})
	}
	return cands, int(out.Total), nil
}

func (s *searchRun) failed(err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("search %.40q: took too long: %w", s.raw, context.DeadlineExceeded)
	}
	return fmt.Errorf("search %.40q: %w", s.raw, err)
}

// listing answers a question of filters or force names only with the
// passages they let through, in report order.
func (s *searchRun) listing(limit, offset int) error {
	q := s.ix.listing(s.res, s.q.reports)
	if q == nil {
		return nil
	}
	sr := bleve.NewSearchRequestOptions(s.filtered(q), limit, offset, false)
	sr.Fields = []string{"*"}
	sr.SortBy([]string{fieldReport, fieldPosition})
	out, err := s.ix.searchBleve(s.ctx, sr)
	if err != nil {
		return s.failed(err)
	}
	s.res.Total = int(out.Total)
	for _, m := range out.Hits {
		s.res.Hits = append(s.res.Hits, s.ix.hit(m.ID, m.Score, m.Fields))
	}
	s.res.Answered = len(s.res.Hits) > 0
	return nil
}

// demoteTemplates ranks the inspectorate's standard wording as context:
// its score counts for Weights.Template of a finding's, and it is never
// first when a finding matches at all. A question about the inspection
// itself ("is the victim service assessment graded", "can we compare our
// grade with the last round") is the exception: the standard wording is
// what answers it.
func (s *searchRun) demoteTemplates(cands []candidate) []candidate {
	if s.q.aboutInspection {
		return cands
	}
	f := s.ix.Weights.Template
	changed := false
	for i := range cands {
		if s.ix.templates[cands[i].id] {
			cands[i].score *= f
			changed = true
		}
	}
	if !changed {
		return cands
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	if len(cands) > 1 && s.ix.templates[cands[0].id] {
		for i, c := range cands {
			if !s.ix.templates[c.id] {
				copy(cands[1:i+1], cands[:i])
				cands[0] = c
				break
			}
		}
	}
	return cands
}

// answerFirst puts the passages that answer a structured question first:
// its items, or, when it names a topic rather than a chapter ("the AFI on
// attendance times"), the passages of the kind it asks for that best match
// the topic.
func (s *searchRun) answerFirst(bq query.Query, in *Intent, cands []candidate) ([]candidate, error) {
	first := s.items(in)
	switch {
	case len(in.Topic) > 0 && len(in.Chapters) > 0:
		// "responding to the public: the failings on attendance times":
		// the chapter's items, those about the topic first.
		about, err := s.aboutTopic(first, in.Topic)
		if err != nil {
			return nil, err
		}
		if kinds, ok := intentKinds[in.Kind]; ok && len(about) == 0 {
			// "AFI call takers crime prevention advice": none of the
			// chapter's items is about the rest of the topic, so the words
			// naming a chapter may have been part of the topic.
			if about, err = s.elsewhere(bq, kinds, in); err != nil {
				return nil, err
			}
		}
		first = append(about, slices.DeleteFunc(first, func(c candidate) bool {
			return slices.ContainsFunc(about, func(a candidate) bool { return a.id == c.id })
		})...)
		for i := range first {
			first[i].score = float64(len(first) - i)
		}
	case len(in.Topic) > 0:
		if kinds, ok := intentKinds[in.Kind]; ok {
			var err error
			if first, err = s.ofKind(bq, kinds, in.Topic); err != nil {
				return nil, err
			}
			if in.Kind == IntentAFI {
				if first, err = s.findingAboutIt(first, cands, in.Topic); err != nil {
					return nil, err
				}
			}
		}
		if len(first) == 0 && in.Kind == IntentAFI {
			// "what should they improve about looking after their staff":
			// no area for improvement says the topic's words, but the
			// passages about it are in one area, whose AFIs answer.
			var err error
			if first, err = s.areaAFIs(bq, cands, in.Topic); err != nil {
				return nil, err
			}
		}
		if len(first) == 0 && in.Kind == IntentPractice {
			// Practice is a labelled finding: none about the topic is the
			// answer ("innovative practice on cybercrime").
			in.None = true
			in.Statement = s.ix.reportsSubject(in.Reports, "gives", "give") + " no innovative, promising or notable practice about " + strings.Join(in.Topic, " ") + "."
		}
	}
	if len(first) == 0 {
		return cands, nil
	}
	if in.Kind == IntentAFI {
		var err error
		// Asked about a topic, each headline found about it is followed by
		// its evidence; asked for an area's AFIs, the headlines come first
		// as the report lists them, then the evidence.
		if first, err = s.withExplanations(first, len(in.Topic) > 0 || findingsAsked.MatchString(s.q.parsed.Raw)); err != nil {
			return nil, err
		}
	}
	top := 0.0
	if len(cands) > 0 {
		top = cands[0].score
	}
	out := make([]candidate, 0, len(first)+len(cands))
	seen := map[string]bool{}
	for _, c := range first {
		seen[c.id] = true
		out = append(out, candidate{c.id, top + c.score})
	}
	for _, c := range cands {
		if !seen[c.id] {
			out = append(out, c)
		}
	}
	return out, nil
}

// areaAFIs are, for a question asking what must improve about a topic
// that no area for improvement names, the AFIs of the chapter the best
// passages about the topic are in, those matching the question first: the
// area the topic belongs to, found from the reports' own text rather than
// from a list of everyday names. The judgment still rests on the passages
// found about the topic (judgeOn), not on the AFIs put first. A chapter
// wins only with most of the best passages' score.
func (s *searchRun) areaAFIs(bq query.Query, cands []candidate, topic []string) ([]candidate, error) {
	var top []candidate
	for _, c := range cands {
		if !s.ix.templates[c.id] && len(top) < areaVotes {
			top = append(top, c)
		}
	}
	if err := s.read(top); err != nil {
		return nil, err
	}
	// A passage that is about all of a narrow topic ("the safeguarding
	// hub", "recording ethnicity") answers it better than the area's AFIs
	// on other things: those are for a topic as broad as the area.
	about, err := s.topicShares(top, topic)
	if err != nil || about >= areaNarrow {
		return nil, err
	}
	type area struct{ report, chapter string }
	votes := map[area]float64{}
	var total float64
	for _, c := range top {
		f := s.docs[c.id]
		a := area{str(f, fieldReport), str(f, fieldChapter)}
		votes[a] += c.score
		total += c.score
	}
	var best area
	for a, v := range votes {
		if v > votes[best] || v == votes[best] && a.chapter < best.chapter {
			best = a
		}
	}
	if total <= 0 || votes[best] < areaShare*total {
		return nil, nil
	}
	var items []string
	for _, r := range s.ix.meta.Reports {
		if r.ID != best.report {
			continue
		}
		for _, c := range r.Chapters {
			if c.Title == best.chapter {
				items = c.AFIs
				if len(items) == 0 {
					items = c.Improve
				}
			}
		}
	}
	if items, err = s.onTopic(items, topic, about); err != nil || len(items) == 0 {
		return nil, err
	}
	only := bleve.NewDocIDQuery(items)
	only.SetBoost(0)
	b := bleve.NewBooleanQuery()
	b.AddMust(only)
	b.AddShould(bq)
	matched, _, err := s.search(b, len(items))
	if err != nil {
		return nil, err
	}
	out := make([]candidate, 0, len(items))
	for i, c := range matched {
		out = append(out, candidate{c.id, float64(2*len(items) - i)})
	}
	for _, id := range items {
		if !slices.ContainsFunc(out, func(c candidate) bool { return c.id == id }) {
			out = append(out, candidate{id, float64(len(items) - len(out))})
		}
	}
	s.judgeOn = cands
	return out, nil
}

// onTopic keeps, of an area's AFIs, those that match some of the topic,
// when one does: an AFI that says none of it is about something else in
// the area, and put first (with its evidence after it) it would push the
// passages about the topic down. When none of them says any of it while
// the passages found do (about, their best share of it), the topic is
// not what the area's AFIs are about ("staff who feel incidents are
// handed out unfairly" is not the workforce chapter's AFI on skills
// data): none is kept, and the passages found answer.
func (s *searchRun) onTopic(items []string, topic []string, about float64) ([]string, error) {
	read := make([]candidate, len(items))
	for i, id := range items {
		read[i] = candidate{id: id}
	}
	if err := s.read(read); err != nil {
		return nil, err
	}
	units, total := s.topicUnits(topic)
	if total == 0 {
		return items, nil
	}
	var kept []string
	for _, id := range items {
		if matchedShare(units, total, s.docs[id]) > 0 {
			kept = append(kept, id)
		}
	}
	if len(kept) == 0 && about == 0 {
		return items, nil // the topic's words are in no passage: the area is all there is
	}
	return kept, nil
}

// areaVotes is how many of the best passages vote for the area a topic is
// in; areaShare the share of their score the winning chapter must have;
// areaNarrow the share of the topic a passage matching it makes the topic
// narrow.
const (
	areaVotes  = 3
	areaShare  = 0.5
	areaNarrow = 0.75
)

// topicShares is the largest share of the topic (weighted by rarity, its
// expansions counted) that one of the passages matches.
func (s *searchRun) topicShares(cands []candidate, topic []string) (float64, error) {
	if err := s.read(cands); err != nil {
		return 0, err
	}
	units, total := s.topicUnits(topic)
	if total == 0 {
		return 0, nil
	}
	best := 0.0
	for _, c := range cands {
		best = max(best, matchedShare(units, total, s.docs[c.id]))
	}
	return best, nil
}

func str(f map[string]any, k string) string { v, _ := f[k].(string); return v }

// ofKind finds the best matches of the question among the statements of
// the kinds a structured question asks for (the headlines of AFIs, …)
// that are about its topic: the report's own sentence is the answer. With
// no such statement, it finds paragraphs of those kinds about the topic.
func (s *searchRun) ofKind(bq query.Query, kinds []string, topic []string) ([]candidate, error) {
	for _, statement := range []bool{true, false} {
		// The passages of the kind are few: they drive the search, and the
		// question (weighted as it is) is only scored on them. A filter
		// would score every passage the question matches first.
		var alts []query.Query
		for _, kind := range kinds {
			alts = append(alts, term(kind, fieldKind, 0))
		}
		of := []query.Query{bleve.NewDisjunctionQuery(alts...)}
		if statement {
			of = append(of, term("yes", fieldStatement, 0))
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(bleve.NewConjunctionQuery(of...))
		b.AddShould(bq)
		b.SetMinShould(1)
		first, _, err := s.search(s.filtered(b), topicAnswers)
		if err != nil {
			return nil, err
		}
		if first, err = s.aboutTopic(s.demoteTemplates(first), topic); err != nil {
			return nil, err
		}
		if len(first) > 0 {
			return first, nil
		}
	}
	return nil, nil
}

// aboutTopic keeps the passages that match most of a topic (weighted by
// rarity, its expansions counted): an AFI put first for "the AFI on
// attendance times" must be about attendance times, not merely the best
// of the AFIs.
func (s *searchRun) aboutTopic(first []candidate, topic []string) ([]candidate, error) {
	if err := s.read(first); err != nil {
		return nil, err
	}
	units, total := s.topicUnits(topic)
	if total == 0 {
		return first, nil
	}
	var kept []candidate
	for _, c := range first {
		if matchedShare(units, total, s.docs[c.id]) >= topicCoverage {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// topicUnits are a structured question's topic words, each weighted by
// its rarity (its expansions counted), and their total weight.
func (s *searchRun) topicUnits(topic []string) ([]unit, float64) {
	ix := s.ix
	var total float64
	var units []unit
	for _, w := range topic {
		for _, t := range ix.analyze(w) {
			u := unit{word: w, term: t, alts: s.q.alts[t]}
			df := ix.terms[t]
			for _, a := range u.alts {
				df = max(df, ix.minDF(a))
			}
			u.weight = ix.idf(df)
			total += u.weight
			units = append(units, u)
		}
	}
	return units, total
}

// matchedShare is the share of the units' weight, out of total, that a
// passage's stored terms match.
func matchedShare(units []unit, total float64, fields map[string]any) float64 {
	terms := termsOf(fields)
	var got float64
	for _, u := range units {
		if u.matches(terms) {
			got += u.weight
		}
	}
	return got / total
}

// topicCoverage is the share of a structured question's topic that a
// passage of the kind asked for must match to be put first.
const topicCoverage = 0.5

// topicAnswers is how many passages of the kind asked for a topic brings
// first.
const topicAnswers = 3

// intentKinds are the passage kinds that answer each structured question.
var intentKinds = map[IntentKind][]string{
	IntentAFI:            {"afi"},
	IntentConcern:        {"cause of concern", "recommendation"},
	IntentRecommendation: {"recommendation"},
	IntentPractice:       {"innovative practice"},
}

// items are an intent's items as candidates, in order.
func (s *searchRun) items(in *Intent) []candidate {
	out := make([]candidate, 0, len(in.Items))
	for i, id := range in.Items {
		out = append(out, candidate{id, float64(len(in.Items) - i)})
	}
	return out
}

// page reads the hits of the page asked for and judges the answer.
func (s *searchRun) page(cands []candidate, total, limit, offset int) error {
	res := s.res
	need := max(offset+limit, judgeDepth, s.wholeReportGrades())
	n := len(cands)
	cands, folded, err := s.foldExplanations(cands, need)
	if err != nil {
		return err
	}
	// A paragraph shown with its headline is no passage of its own: the
	// count, and so the last page offered, leaves it out.
	res.Total = total - (n - len(cands))
	end := min(len(cands), offset+limit)
	if n := s.wholeReportGrades(); offset < n {
		// "herts grades": every graded judgment, whatever the page size,
		// since a few of them would read as the report's only grades.
		// The page after starts after the last shown.
		end = max(end, min(len(cands), n))
	}
	var shown []candidate
	if offset < end {
		shown = cands[offset:end]
	}
	if err := s.read(cands[:min(len(cands), max(end, judgeDepth))]); err != nil {
		return err
	}
	none := res.Intent != nil && res.Intent.None
	if none && len(res.Intent.Topic) == 0 && len(res.Intent.Chapters) == 0 {
		// "what are the causes of concern" in a report that raises none:
		// the statement is the answer, and no passage is closer to it than
		// any other.
		shown, res.Total = nil, 0
	}
	for _, c := range shown {
		if f := s.docs[c.id]; f != nil {
			h := s.ix.hit(c.id, c.score, f)
			h.Context = s.ix.templates[c.id]
			if e := folded[c.id]; e != "" && s.docs[e] != nil {
				eh := s.ix.hit(e, c.score, s.docs[e])
				h.Explanation = &eh
			}
			if none && h.Context {
				// The report raises none: its standard text about causes of
				// concern is not the closest thing to one.
				continue
			}
			res.Hits = append(res.Hits, h)
		}
	}
	judged := cands
	if s.judgeOn != nil {
		judged = s.judgeOn
		if err := s.read(judged[:min(len(judged), judgeDepth)]); err != nil {
			return err
		}
	}
	s.ix.judge(s.ctx, res, s.q, s.top(judged))
	if !res.Answered {
		for i := range res.Hits {
			res.Hits[i].Closest = true
			if e := res.Hits[i].Explanation; e != nil {
				e.Closest = true
			}
		}
	}
	return nil
}

// foldExplanations shows each AFI headline statement among cands with
// the paragraph under it that explains it (Hit.Explanation), taking that
// paragraph out of the list: the one ranked highest, or, when none is
// among them, the one that gives the evidence (evidence). When that
// paragraph ranks above its headline, the headline comes up to its place:
// the question was answered by what was found, and the reader sees it
// with what must improve. It returns the candidates left and, by
// headline, the paragraph folded under it, read. The whole list is
// folded, so that every page of one question is cut from the same list
// and its length is the count of what can be paged to; but only the
// first need candidates left, those a page and the judgment read, have
// their explanation worked out and read.
func (s *searchRun) foldExplanations(cands []candidate, need int) ([]candidate, map[string]string, error) {
	at := make(map[string]int, len(cands))
	for i, c := range cands {
		if _, ok := at[c.id]; !ok {
			at[c.id] = i
		}
	}
	folded := map[string]string{}
	taken := map[string]bool{}
	out := make([]candidate, 0, len(cands))
	for _, c := range cands {
		if taken[c.id] {
			continue
		}
		wanted := len(out) < need
		if h := s.ix.explainedBy[c.id]; h != "" {
			if _, ok := at[h]; ok && !taken[h] {
				if wanted {
					folded[h] = c.id
				}
				taken[h], taken[c.id] = true, true
				out = append(out, candidate{id: h, score: c.score})
				continue
			}
		}
		out = append(out, c)
		ps := s.ix.explained(c.id)
		if len(ps) == 0 {
			continue
		}
		taken[c.id] = true
		best := ""
		for _, p := range ps {
			if _, ok := at[p]; ok && !taken[p] && (best == "" || at[p] < at[best]) {
				best = p
			}
		}
		if best == "" {
			if !wanted {
				// None of its paragraphs is in the list, so none is taken
				// out of it: which one explains it can wait for its page.
				continue
			}
			e, err := s.evidence(ps, pastAsked.MatchString(s.q.parsed.Raw))
			if err != nil {
				return nil, nil, err
			}
			best = e
		}
		if wanted {
			folded[c.id] = best
		}
		taken[best] = true
	}
	if len(folded) == 0 {
		return out, nil, nil
	}
	var read []candidate
	for h, p := range folded {
		read = append(read, candidate{id: h}, candidate{id: p})
	}
	if err := s.read(read); err != nil {
		return nil, nil, err
	}
	return out, folded, nil
}

// wholeReportGrades is, for a question asking one report's grades
// without naming an area ("herts grades", "how were they rated overall"),
// how many items answer it (the judgments' introduction and each graded
// judgment's sentence), which search puts first; 0 for any other
// question. With several reports asked about, the page size applies:
// their grades side by side are the grades table's job.
func (s *searchRun) wholeReportGrades() int {
	in := s.res.Intent
	if in == nil || in.Kind != IntentGrade || len(in.Chapters) > 0 || len(in.Topic) > 0 || len(in.Reports) != 1 {
		return 0
	}
	return len(in.Items)
}

// judgeDepth is how many of the best passages the judgment of whether
// they answer reads.
const judgeDepth = 3

// top are the best candidates with their stored fields, for the judgment.
func (s *searchRun) top(cands []candidate) []scoredDoc {
	var out []scoredDoc
	for _, c := range cands[:min(len(cands), candidateWindow)] {
		out = append(out, scoredDoc{id: c.id, score: c.score, fields: s.docs[c.id]})
	}
	return out
}

// scoredDoc is a candidate with its stored fields, when read.
type scoredDoc struct {
	id     string
	score  float64
	fields map[string]any
	// parts is its text in sentences, once the judgment reads them.
	parts *passageParts
}

// read loads the stored fields of the candidates not read yet.
func (s *searchRun) read(cands []candidate) error {
	var want []string
	for _, c := range cands {
		if _, ok := s.docs[c.id]; !ok && !slices.Contains(want, c.id) {
			want = append(want, c.id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	adv, err := s.ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("read passages: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("read passages: %w", err)
	}
	defer r.Close()
	for _, id := range want {
		doc, err := r.Document(id)
		if err != nil {
			return fmt.Errorf("read passage %s: %w", id, err)
		}
		if doc == nil {
			s.docs[id] = nil
			continue
		}
		f := map[string]any{}
		doc.VisitFields(func(field bleveindex.Field) {
			switch v := field.(type) {
			case bleveindex.TextField:
				f[field.Name()] = v.Text()
			case bleveindex.NumericField:
				if n, err := v.Number(); err == nil {
					f[field.Name()] = n
				}
			}
		})
		s.docs[id] = f
	}
	return nil
}

// rerankCoverage rewards, among the best passages BM25 found, those that
// match more of what the question asks (the share of its words, weighted
// by rarity, that a passage matches, a form searched for a word counting
// as the word, as the judgment of whether the reports answer counts them,
// a word matched only in the headline counting for less: textShare):
// BM25 sums what each word scores, so a passage that repeats one rare
// word can outscore one that matches every word of the question once.
func (s *searchRun) rerankCoverage(cands []candidate) ([]candidate, error) {
	f := s.ix.Weights.Coverage
	if f == 0 || len(cands) < 2 {
		return cands, nil
	}
	if in := s.res.Intent; in != nil && len(in.Items) > 0 && (len(in.Topic) == 0 || len(in.Chapters) > 0) {
		return cands, nil // the report's structure answers: its items come first
	}
	units := s.ix.units(s.q)
	var total float64
	for _, u := range units {
		total += u.weight
	}
	if total == 0 {
		return cands, nil
	}
	top := cands[:min(len(cands), coverageDepth)]
	if err := s.read(top); err != nil {
		return nil, err
	}
	for i := range top {
		top[i].score *= 1 + f*textShare(units, total, s.docs[top[i].id])
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].score > top[j].score })
	return cands, nil
}

// coverageDepth is how many of the best passages rerankCoverage reorders:
// reading each one's terms is most of its cost. 4 and 5 ranked alike on
// every set, 3 lost recall@3 on three of them.
const coverageDepth = 4

// textShare is matchedShare with the words a passage matches only in its
// headline counting for headlineShare: every paragraph under a headline
// shares its words, and the one whose own text says what was asked
// answers it.
func textShare(units []unit, total float64, fields map[string]any) float64 {
	terms := termsOf(fields)
	own, _ := fields[fieldTextTerms].(string)
	if own == "" {
		return matchedShare(units, total, fields)
	}
	var got float64
	for _, u := range units {
		if u.phrasal {
			// "hang on to call handlers": a passage on callers who hang up
			// has the word, not the phrasing; the forms searched for it
			// ("retaining") say it.
			u = unit{alts: u.alts, weight: u.weight}
		}
		switch {
		case u.matches(own):
			got += u.weight
		case u.matches(terms):
			got += headlineShare * u.weight
		}
	}
	return got / total
}

// headlineShare is how much a word a passage matches only in its headline
// counts towards the share of the question it matches: 0.75 gained a
// question on two sets and lost none on any; 0.5 and 0.25 lost some.
const headlineShare = 0.75

// elsewhere are the passages of the kinds asked for about a structured
// question's topic in chapters other than those it names: when another
// chapter's item is about the topic and the named chapter's are not, the
// words naming the chapter were part of the topic ("call takers' crime
// prevention advice" is not the crime prevention chapter). Passages of the
// named chapters are left in the chapter's order.
func (s *searchRun) elsewhere(bq query.Query, kinds []string, in *Intent) ([]candidate, error) {
	found, err := s.ofKind(bq, kinds, in.Topic)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(found, func(c candidate) bool {
		return slices.Contains(in.Chapters, str(s.docs[c.id], fieldChapter))
	}), nil
}

// withinFinding reorders, among the best coverageDepth passages, those
// of one finding by how much of the question their own text matches
// beyond what the finding's headline already says: every paragraph under
// a headline shares its words (and BM25 and the coverage rerank count
// them for each), so the paragraph that holds the question's other words
// (its figure's subject, its distinctive nouns) is the one that answers.
// The finding's passages keep the places they hold among the others';
// those matching alike keep their order.
func (s *searchRun) withinFinding(cands []candidate) ([]candidate, error) {
	if len(cands) < 2 || s.ix.Weights.Coverage == 0 {
		return cands, nil
	}
	if in := s.res.Intent; in != nil && len(in.Items) > 0 && (len(in.Topic) == 0 || len(in.Chapters) > 0) {
		return cands, nil // the report's structure answers: its items come first
	}
	// The words asking for a figure ("how long does it take") are not
	// what it is about.
	asked := s.q.askedUnit()
	units := slices.DeleteFunc(slices.Clone(s.ix.units(s.q)), func(u unit) bool {
		return quantityWord(u.word) || asked != nil && asked.asked.MatchString(u.word)
	})
	top := cands[:min(len(cands), coverageDepth)]
	if err := s.read(top); err != nil {
		return nil, err
	}
	var keys []string
	groups := map[string][]int{} // places in top of each finding's passages
	for i, c := range top {
		f := s.docs[c.id]
		h := str(f, fieldHeading)
		if h == "" || s.ix.templates[c.id] {
			continue
		}
		k := str(f, fieldReport) + "\x00" + h
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	var pairs [][2]string
	// Asked what must improve or what was found wrong, the paragraph
	// that states the failing answers before one that says what works.
	failings := s.res.Intent != nil && s.res.Intent.Kind == IntentAFI
	// A question asks what the force does when it is put as a question
	// ("do they …", "how does the force …"); a term ("VCOP", "code of
	// practice for victims") or what a thing is ("what is the code of
	// practice") is answered by what forces in general must do too.
	asksOfTheForce := sync.OnceValue(func() bool {
		raw := s.q.parsed.Raw
		return questionOpens.MatchString(raw) && !subjectAskedRE.MatchString(raw) && !meaningAsked.MatchString(raw)
	})
	asksShortfall := sync.OnceValue(func() bool { return failings || shortfallAsked.MatchString(s.q.parsed.Raw) })
	for _, k := range keys {
		places := groups[k]
		if len(places) < 2 {
			continue
		}
		if pairs == nil {
			pairs = questionPairs(s.ix.spelledRight(s.q.parsed.Raw))
		}
		head := " " + strings.Join(s.ix.analyze(str(s.docs[top[places[0]].id], fieldHeading)), " ") + " "
		members := make([]candidate, len(places))
		beyond := map[string]float64{}
		for j, i := range places {
			members[j] = top[i]
			beyond[top[i].id] = beyondHeadline(units, head, s.docs[top[i].id])
		}
		// Matching alike, the paragraph that says the question's words
		// together, as it says them ("had reasonable grounds recorded"),
		// answers it rather than one that has them apart.
		together := map[string]int{}
		for _, m := range members {
			together[m.id] = pairsIn(pairs, str(s.docs[m.id], fieldText))
		}
		// A question about a shortfall ("what's missing from the
		// dashboards", "do they actually check") is answered by the
		// paragraph that says what is not done, of those matching alike.
		short := map[string]bool{}
		if asksShortfall() {
			for _, m := range members {
				text := str(s.docs[m.id], fieldText)
				// Asked what must improve, the inspectorate's count of the
				// cases done ("29 of 41 had reasonable grounds recorded")
				// states the failing as its evidence does.
				short[m.id] = saysShortfall(text) || failings && casesCounted.MatchString(text)
			}
		}
		// Asked for a figure in a unit ("how long does it take"), the
		// paragraph that gives one in it ("up to nine months") answers,
		// not one that only repeats what was asked ("how long it takes").
		gives := map[string]bool{}
		if asked != nil {
			for _, m := range members {
				gives[m.id] = asked.given.FindStringIndex(str(s.docs[m.id], fieldText)) != nil
			}
		}
		// Asked by when a thing is to be done ("when will the posts be
		// filled"), the paragraph that gives the date it is expected by
		// ("will be filled by February 2023") answers, not one that tells
		// only what happened or when.
		dated := map[string]bool{}
		if dueAsked.MatchString(s.q.parsed.Raw) {
			for _, m := range members {
				dated[m.id] = givesDateToCome(str(s.docs[m.id], fieldText))
			}
		}
		// A paragraph about forces in general ("Many forces adopt …", "All
		// forces have a responsibility to …") is the background to the
		// finding; the one about the force itself answers.
		general := map[string]bool{}
		if asksOfTheForce() {
			for _, m := range members {
				general[m.id] = aboutForcesInGeneral(str(s.docs[m.id], fieldText))
			}
		}
		// Asked for an example ("what's an example of a problem raised at
		// the panel that got fixed"), the paragraph that gives one answers
		// rather than the one that describes the thing in general.
		example := map[string]bool{}
		if exampleAsked.MatchString(s.q.parsed.Raw) {
			for _, m := range members {
				example[m.id] = givesExample.MatchString(str(s.docs[m.id], fieldText))
			}
		}
		// Asked why, of paragraphs alike in all else, the one that gives
		// a reason ("the most cited reason … was money") answers before
		// one that only says what is so. Ranked any higher, it moves the
		// paragraph holding the question's words below one with a reason
		// for something else.
		// Asked about a month ("how many posts were vacant in May 2022"),
		// of paragraphs under one headline the one that tells of that
		// month answers, not one telling of a later one ("by September").
		when := map[string]bool{}
		if m := monthYearRE.FindString(s.q.parsed.Raw); m != "" {
			for _, c := range members {
				when[c.id] = saysMonth(str(s.docs[c.id], fieldText), m)
			}
		}
		// Asked what the force should do ("what should the force do
		// better about …"), the paragraph that says what it should do
		// ("The constabulary should make sure it documents …") answers
		// before the ones that found the failing.
		prescribes := map[string]bool{}
		if toDoAsked.MatchString(s.q.parsed.Raw) {
			for _, m := range members {
				prescribes[m.id] = prescribesRE.MatchString(str(s.docs[m.id], fieldText))
			}
		}
		because := map[string]bool{}
		if asksWhy(s.q.parsed.Raw) {
			for _, m := range members {
				because[m.id] = givesReasons(str(s.docs[m.id], fieldText))
			}
		}
		sort.SliceStable(members, func(a, b int) bool {
			ia, ib := members[a].id, members[b].id
			switch {
			case prescribes[ia] != prescribes[ib]:
				return prescribes[ia]
			case failings && short[ia] != short[ib]:
				return short[ia]
			case when[ia] != when[ib]:
				return when[ia]
			case gives[ia] != gives[ib]:
				return gives[ia]
			case dated[ia] != dated[ib]:
				return dated[ia]
			case example[ia] != example[ib]:
				return example[ia]
			case general[ia] != general[ib]:
				return general[ib]
			case beyond[ia] != beyond[ib]:
				return beyond[ia] > beyond[ib]
			case short[ia] != short[ib]:
				return short[ia]
			case together[ia] != together[ib]:
				return together[ia] > together[ib]
			case because[ia] != because[ib]:
				return because[ia]
			}
			// Asked what must improve, of those alike the paragraph the
			// report gives first under the headline is its evidence, as
			// an AFI's is (evidence); those after it follow from it.
			return failings && position(s.docs[ia]) < position(s.docs[ib])
		})
		for j, i := range places {
			top[i].id = members[j].id // the place's score stays
		}
	}
	return cands, nil
}

// toDoAsked finds a question about what the force should do: "what
// should the force do better about …", "what does it need to do".
var toDoAsked = regexp.MustCompile(`(?i)\b(?:should|must|ought to|needs? to|has to|have to)\s+(?:\w+\s+){0,2}?do\b`)

// prescribesRE finds a paragraph that says what the force should do:
// "The constabulary should make sure …", "It must …".
var prescribesRE = regexp.MustCompile(`(?:^|[.!?]\s+)(?:The (?:constabulary|force)|It)\s+(?:should|must|needs to)\b`)

// monthYearRE finds a month named with its year: "May 2022".
var monthYearRE = regexp.MustCompile(`(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:19|20)\d\d\b`)

// saysMonth reports whether text names the month and year my ("May
// 2022"), however spaced or cased.
func saysMonth(text, my string) bool {
	want := strings.ToLower(strings.Join(strings.Fields(my), " "))
	for _, m := range monthYearRE.FindAllString(text, -1) {
		if strings.ToLower(strings.Join(strings.Fields(m), " ")) == want {
			return true
		}
	}
	return false
}

// dueAsked finds a question asking by when a thing is to be done: "by
// when will …", "when will the posts be filled", "when does the force
// expect …", "what is the deadline for …".
var dueAsked = regexp.MustCompile(`(?i)\bby when\b|\bby what (?:date|time|year|month)\b|\bwhen (?:will|would|should|must)\b|\bwhen (?:is|are|was|were) .{0,60}\bdue\b|\bwhen (?:does|do|did) .{0,60}\b(?:expect|plan|aim|intend)\w*\b|\bwhat (?:is|was|are|were) the (?:deadline|target date|due date)s?\b`)

// dueDateRE finds a date ("February 2023", "by the end of 2024", "in early
// 2025"); toComeRE the words that make it one to come ("will", "expects",
// "forecasts", "plans", "due").
var (
	dueDateRE = regexp.MustCompile(`(?i)\b(?:by|before|until|in|from|during|within)\s+(?:the\s+end\s+of\s+)?(?:(?:early|mid|late)[- ]?)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|winter)\s+)?(?:19|20)\d\d\b`)
	toComeRE  = regexp.MustCompile(`(?i)\b(?:will|expects?|expected|forecasts?|forecasted|plans?|planned|aims?|intends?|due|targets?|anticipates?)\b`)
)

// givesDateToCome reports whether a sentence of text gives a date by
// which a thing is to be done: a date and a word making it one to come.
func givesDateToCome(text string) bool {
	for _, sen := range sentences(text) {
		if dueDateRE.MatchString(sen) && toComeRE.MatchString(sen) {
			return true
		}
	}
	return false
}

// questionOpens finds the words a question opens with.
var questionOpens = regexp.MustCompile(`(?i)^\W*(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|must|how|why|when|where|which|who|what|whats|what's)\b`)

// forcesInGeneral finds a sentence about forces in general: "Many forces
// adopt …", "All forces have a responsibility to …", "A constabulary
// should aim to …", "Police forces and constabularies should …".
var forcesInGeneral = regexp.MustCompile(`(?i)^\W*(?:all|many|most|some) (?:police )?forces\b|^\W*(?:police )?forces(?: and constabularies)? (?:should|must|need to|are expected to|have a (?:duty|responsibility))\b|^\W*(?:a|every|each) (?:police )?(?:force|constabulary) (?:should|must|needs to|is expected to)\b`)

// aboutForcesInGeneral reports whether one of the first two sentences of
// text is about forces in general (forcesInGeneral).
func aboutForcesInGeneral(text string) bool {
	ss := sentences(text)
	for _, sen := range ss[:min(len(ss), 2)] {
		if forcesInGeneral.MatchString(sen) {
			return true
		}
	}
	return false
}

// casesCounted finds the inspectorate's count of the cases it reviewed
// ("in 35 of 63 cases", "29 of 41 had"), as shortfall does.
var casesCounted = regexp.MustCompile(`(?i)\bin \d+ (of (the )?\d+ )?(cases|investigations|records|calls|incidents)\b|\b\d+ (of|out of) (the )?\d+\b`)

// position is a passage's place in its report; a passage with none
// comes last.
func position(f map[string]any) float64 {
	if p, ok := f[fieldPosition].(float64); ok {
		return p
	}
	return math.MaxFloat64
}

// beyondHeadline is the weight of the question's words that a passage's
// own text matches and its finding's headline (head, analysed terms
// space-separated with a space at each end) does not.
func beyondHeadline(units []unit, head string, fields map[string]any) float64 {
	own, _ := fields[fieldTextTerms].(string)
	if own == "" {
		return 0
	}
	var got float64
	for _, u := range units {
		if !u.matches(head) && u.matches(own) {
			got += u.weight
		}
	}
	return got
}

// explained are the ids of the paragraphs under an AFI's headline
// statement, in report order; nil for any other passage.
func (ix *Index) explained(id string) []string { return ix.explanations[id] }

// withExplanations puts, after the AFI headlines that answer a question,
// the first paragraph under each: what the inspectorate found that makes
// it an area for improvement (its evidence, "in 35 of 63 cases"). Someone
// asking what must improve about a thing wants why as well as what, and
// search alone ranks that paragraph below the others under the headline,
// which repeat the headline's words ("the constabulary should make sure
// that …") while the evidence says them in its own. When that paragraph
// tells how the area was raised at the last inspection, the next one,
// what this inspection found, is the evidence, unless the question asks
// about the past or progress since ("what must they still improve").
//
// The first headline stays first, as the answer layer promises. Asked for
// an area's AFIs, its headlines stay together, as the report lists them,
// and their evidence follows; asked about a topic (interleave), whose
// headlines are those about it, best first, each is followed by its own
// evidence. The other paragraphs keep the places search gives them.
func (s *searchRun) withExplanations(first []candidate, interleave bool) ([]candidate, error) {
	out := make([]candidate, 0, 2*len(first))
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, candidate{id: id})
		}
	}
	if !interleave {
		for _, c := range first {
			add(c.id)
		}
	}
	past := pastAsked.MatchString(s.q.parsed.Raw)
	for _, c := range first {
		add(c.id)
		ps := s.ix.explained(c.id)
		if len(ps) == 0 {
			continue
		}
		evidence, err := s.evidence(ps, past)
		if err != nil {
			return nil, err
		}
		add(evidence)
	}
	for i := range out {
		out[i].score = float64(len(out) - i)
	}
	return out, nil
}

// evidence is the paragraph, of those under an AFI's headline, that says
// what this inspection found wrong. It is the first, unless that one tells
// how the area was raised at the last inspection ("In our last inspection
// in 2019, we identified …": not what was found now, unless the question
// asks about the past); or unless it states no shortfall and one of the
// next evidenceDepth paragraphs does: reports often credit what works
// ("we found that the constabulary effectively identifies problems")
// before the failing that makes it an area for improvement ("But we found
// that … only limited evaluations").
func (s *searchRun) evidence(ps []string, past bool) (string, error) {
	if len(ps) < 2 {
		return ps[0], nil
	}
	ps = ps[:min(len(ps), evidenceDepth+1)]
	var read []candidate
	for _, id := range ps {
		read = append(read, candidate{id: id})
	}
	if err := s.read(read); err != nil {
		return "", err
	}
	if pastInspection.MatchString(str(s.docs[ps[0]], fieldText)) {
		if past {
			return ps[0], nil
		}
		ps = ps[1:]
	}
	ps = s.sayingMore(ps)
	for _, id := range ps {
		if shortfall.MatchString(str(s.docs[id], fieldText)) {
			return id, nil
		}
	}
	return ps[0], nil
}

// sayingMore keeps, of the paragraphs under one headline, those that
// match most of the question's words the headline lacks, when one matches
// any: asked what supervisors must do about a failing, the paragraph
// about supervisors is its evidence, not the first that states a failing.
// Asked for an area's AFIs ("what must improve in efficiency"), the words
// name the area, not a thing one paragraph says: the first failing stays.
func (s *searchRun) sayingMore(ps []string) []string {
	if len(ps) < 2 || s.res == nil || s.res.Intent != nil && len(s.res.Intent.Topic) == 0 {
		return ps
	}
	asked := s.q.askedUnit()
	units := slices.DeleteFunc(slices.Clone(s.ix.units(s.q)), func(u unit) bool {
		return quantityWord(u.word) || asked != nil && asked.asked.MatchString(u.word)
	})
	head := " " + strings.Join(s.ix.analyze(str(s.docs[ps[0]], fieldHeading)), " ") + " "
	best := 0.0
	var kept []string
	for _, id := range ps {
		switch b := beyondHeadline(units, head, s.docs[id]); {
		case b > best:
			best, kept = b, []string{id}
		case b == best && best > 0:
			kept = append(kept, id)
		}
	}
	if best == 0 {
		return ps
	}
	return kept
}

// evidenceDepth is how many paragraphs under a headline, after an
// account of the last inspection, evidence reads for the failing.
const evidenceDepth = 2

// shortfall finds a statement of something done badly or not done: the
// inspectorate's negations and contrasts, or its count of the cases
// reviewed that were done ("in 2 cases", "in 35 of 63 cases").
var shortfall = regexp.MustCompile(`(?i)\bin \d+ (of (the )?\d+ )?(cases|investigations|records|calls|incidents)\b|\b\d+ (of|out of) (the )?\d+\b|\b(lowest|but|however|although|not|no|never|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|hasn't|haven't|hadn't|couldn't|can't|cannot|won't|wouldn't|limited|lack|lacks|lacking|insufficient|inconsistent|inconsistently|fail|fails|failed|poor|poorly|delays?|backlogs?|gaps?)\b`)

// findingsAsked finds a question about what the inspectors found wrong
// or their evidence, rather than what the force must do: "what did the
// inspectors find wrong with responding to the public", "what evidence
// backs the AFIs on investigations". Each headline's evidence then
// follows it at once, even when an area's AFIs are asked for.
var findingsAsked = regexp.MustCompile(`(?i)\b(evidence|found|find|finding|findings|wrong|weak(ness|nesses)?|shortcomings?|failings?|fall(s|ing|en)? (short|down)|fell (short|down)|criticis(m|ms|ed|e)|problems?|lacking|why)\b`)

// pastInspection begins a paragraph about an earlier inspection; pastAsked
// finds a question about the past, or progress since.
var (
	pastInspection = regexp.MustCompile(`(?i)^(in|at|during|since|following) (our|the|its) (last|previous|earlier|\d{4}) (inspection|peel|report)`)
	pastAsked      = regexp.MustCompile(`(?i)\b(19|20)\d\d\b|\b(last|previous|earlier|past|prior) (inspection|report|round|time|peel)|\bpreviously\b|\bbefore\b|\bsince\b|\bdealt with\b|\bprogress\b|\bstill\b|\bcarried (over|forward)\b`)
)

// subjectAskedRE reads what a question asks to have described: "what
// does the positive action team do", "what is the safeguarding hub".
// subjectActsRE reads a question about what a thing does: "how often
// does the police powers board meet", "when did the hub start".
var (
	subjectAskedRE = regexp.MustCompile(`(?i)^\s*(?:what|who)(?:\s+(?:is|are|was|were)\s+(.+?)|(?:'s|’s)\s+(.+?)|\s+(?:does|do|did)\s+(.+?)\s+(?:do|does|did))\s*[?.!]*\s*$`)
	subjectActsRE  = regexp.MustCompile(`(?i)^\s*(?:how often|how long|how|when|where|who|what|which)\s+(?:does|do|did)\s+(.+)$`)
)

// subjectsAsked are the analysed terms of what a question asks to have
// described, or of what it asks what it does: for "how often does the
// police powers board meet", where the thing's name ends is not known, so
// its first five words down to two, longest first. Nil when it asks
// neither.
func (ix *Index) subjectsAsked(raw string) [][]string {
	switch withoutPossessive(strings.ToLower(firstWord(raw))) {
	case "what", "who", "how", "when", "where", "which":
	default:
		return nil // both expressions need one of these first
	}
	if m := subjectAskedRE.FindStringSubmatch(raw); m != nil {
		x := roleOf.ReplaceAllString(m[1]+m[2]+m[3], "")
		x = askedOfIt.ReplaceAllString(x, "")
		if n := len(strings.Fields(x)); n == 0 || n > subjectWords {
			return nil
		}
		t := ix.analyze(x)
		if len(t) > 1 && newTerms[t[0]] {
			// "what's this new prevention hub": the report names it as
			// "a prevention hub" it has set up, not as new.
			t = t[1:]
		}
		if len(t) > 0 {
			return [][]string{t}
		}
		return nil
	}
	m := subjectActsRE.FindStringSubmatch(raw)
	if m == nil {
		return nil
	}
	ws := words(m[1])
	var out [][]string
	for k := min(len(ws), subjectWords); k >= 2; k-- {
		// one word ("how does it work") is too little to name a thing
		if t := ix.analyze(strings.Join(ws[:k], " ")); len(t) >= 2 {
			out = append(out, t)
		}
	}
	return out
}

// roleOf opens a subject asked about by what it is for: "what is the role
// of the JCPIT" asks what the JCPIT is, which the report says with the
// JCPIT as its subject.
var roleOf = regexp.MustCompile(`(?i)^\s*(?:the\s+)?(?:main\s+)?(?:role|roles|purpose|job|function|remit|aim|aims|point|responsibilit(?:y|ies))\s+of\s+`)

// askedOfIt ends a subject asked about with what is asked of it, not part
// of its name: "what are staff councils used for in the constabulary",
// "what is the hub like".
var askedOfIt = regexp.MustCompile(`(?i)\s+(?:used\s+for|responsible\s+for|in\s+charge\s+of|for|about|like)(?:\s+in\s+(?:the\s+)?(?:constabulary|force|police))?$|\s+in\s+(?:the\s+)?(?:constabulary|force|police)$`)

// subjectWords is the most words a thing asked about may have.
const subjectWords = 5

// subjectFirst puts first, among the best coverageDepth passages, the one
// whose first words name what a question asks to have described ("what
// does the positive action team do": "The positive action team works
// with …", "The constabulary's JCPIT leads on …") or asks what it does
// ("how often does the police powers board meet": "The police powers
// board, which meets every two months, …"): reports describe a team, a
// programme or a board in a sentence with it as the subject, while the
// other passages that name it say what it did or was given. A question
// why it happens, or whether it does ("does the hub still have
// backlogs"), asks something else.
func (s *searchRun) subjectFirst(cands []candidate) ([]candidate, error) {
	if s.res.Intent != nil || len(cands) < 2 {
		return cands, nil
	}
	subjects := s.ix.subjectsAsked(s.q.parsed.Raw)
	if len(subjects) == 0 {
		return cands, nil
	}
	top := cands[:min(len(cands), coverageDepth)]
	if err := s.read(top); err != nil {
		return nil, err
	}
	first := func(i int) {
		if i > 0 {
			lead := top[i]
			copy(top[1:i+1], top[:i])
			top[0] = lead
			for j := 0; j < i; j++ { // each place keeps its score
				top[j].score, top[j+1].score = top[j+1].score, top[j].score
			}
		}
	}
	for i, c := range top {
		if s.ix.templates[c.id] {
			continue
		}
		lead := leadTerms{ix: s.ix, text: str(s.docs[c.id], fieldText)}
		if slices.ContainsFunc(subjects, lead.leadsWith) {
			first(i)
			return cands, nil
		}
	}
	if len(subjects) != 1 || !subjectAskedRE.MatchString(s.q.parsed.Raw) {
		return cands, nil
	}
	// None describes it with it as the subject of its first sentence:
	// those that say what it is do ("a customer feedback platform called
	// echo", "The programme is called …", "The … unit is part of …"),
	// the one saying it in most of the words it was asked by first. Each
	// place keeps its score.
	says := map[string]int{}
	for _, c := range top {
		if !s.ix.templates[c.id] {
			if n := s.ix.defines(str(s.docs[c.id], fieldText), subjects[0]); n > 0 {
				says[c.id] = n
			}
		}
	}
	if len(says) == 0 {
		return cands, nil
	}
	reorderKeepingScores(top, func(i, j int) bool { return says[top[i].id] > says[top[j].id] })
	return cands, nil
}

// defines is, for the sentence of text that says what a thing asked about
// is (subject, its analysed terms), how many of the subject's terms that
// sentence has; 0 when no sentence says what it is. A sentence says what
// it is by naming it ("… called echo", "known as …", "named …"), the
// name all words of the subject, or with the whole subject before "is"
// or "are" ("The forensic imaging unit is part of …").
func (ix *Index) defines(text string, subject []string) int {
	best := 0
	for _, sen := range sentences(text) {
		low := strings.ToLower(sen)
		says := false
		for _, m := range namedAs.FindAllStringSubmatchIndex(low, -1) {
			name := ix.analyze(low[m[2]:m[3]])
			if len(name) > 0 && !slices.ContainsFunc(name, func(t string) bool { return !slices.Contains(subject, t) }) {
				says = true
			}
		}
		if m := isWhat.FindStringSubmatchIndex(low); m != nil && slices.Equal(ix.analyze(low[m[2]:m[3]]), subject) {
			says = true
		}
		if !says {
			continue
		}
		n := 0
		terms := ix.analyze(low)
		for _, t := range subject {
			if slices.Contains(terms, t) {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// namedAs finds the name a sentence gives a thing, up to five words
// before any punctuation; isWhat the subject of a sentence saying what it
// is, after "the" or "its".
var (
	namedAs = regexp.MustCompile(`\b(?:called|known as|named)\s+((?:[\p{L}\p{N}'’-]+\s*){1,5}?)(?:[.,;:()]|\s+(?:which|that|and|to|in|for|with|is|was)\b|$)`)
	isWhat  = regexp.MustCompile(`^(?:the\s+|its\s+)?([\p{L}\p{N}'’ -]+?)\s+(?:is|are)\s`)
)

// leadTerms are the analysed terms of a text's first words, worked out
// once for each number of words: the subjects a question may ask about
// are each compared with the same passage's start.
type leadTerms struct {
	ix    *Index
	text  string
	words []string   // the text's first words, as many as asked for yet
	terms [][]string // terms[n] analyses the first n words, once known
	known []bool
}

// first are the analysed terms of the text's first n words.
func (l *leadTerms) first(n int) []string {
	if n < len(l.known) && l.known[n] {
		return l.terms[n]
	}
	if len(l.words) < n {
		l.words = l.words[:0]
		for w := range strings.FieldsSeq(l.text) {
			if len(l.words) == n {
				break
			}
			l.words = append(l.words, w)
		}
	}
	t := l.ix.analyze(strings.Join(l.words[:min(len(l.words), n)], " "))
	for len(l.known) <= n {
		l.known, l.terms = append(l.known, false), append(l.terms, nil)
	}
	l.known[n], l.terms[n] = true, t
	return t
}

// leadsWith reports whether the text begins with the terms x as its
// subject, after the words by which a report names its force (orgTerms)
// and an "also" after them ("The constabulary's JCPIT", "The
// constabulary also has staff councils"), or after them and a verb of
// setting it up ("The constabulary is investing in a prevention hub"). It
// reads x's length and eight words more, room for a force's name of
// several words, the "also" or the verb and its small words.
func (l *leadTerms) leadsWith(x []string) bool {
	terms := l.first(len(x) + 8)
	for {
		if len(terms) >= len(x) && slices.Equal(terms[:len(x)], x) {
			return true
		}
		if len(terms) == 0 || !orgTerms[terms[0]] {
			return false
		}
		terms = terms[1:]
		if len(terms) > 0 && terms[0] == "also" {
			terms = terms[1:] // "The constabulary also has staff councils which …"
		}
		if len(terms) > len(x) && setUpTerms[terms[0]] && slices.Equal(terms[1:len(x)+1], x) {
			return true // "The constabulary is investing in a prevention hub, which …"
		}
	}
}

// newTerms are the analysed words by which a question calls a thing new
// ("what's this new prevention hub"); setUpTerms the verbs by which a
// report says its force has set a thing up, with the thing as their
// object: "The constabulary is investing in a prevention hub", "has
// introduced a …", "has launched a …". Both say the thing is new, so a
// passage that says a force set it up describes it.
var (
	newTerms   = map[string]bool{"new": true, "newli": true, "latest": true, "recent": true}
	setUpTerms = map[string]bool{"invest": true, "introduc": true, "launch": true, "creat": true, "establish": true, "develop": true, "set": true, "pilot": true, "fund": true, "open": true, "start": true, "built": true, "build": true}
)

// orgTerms are the analysed words by which a report names its force as
// the owner of what it describes.
var orgTerms = map[string]bool{"constabulari": true, "constabulary": true, "forc": true, "force": true, "polic": true, "police": true}

// questionPairs are the question's adjacent words, two at a time, that
// both say what it is about, in lower case with a final s dropped, a
// hyphenated word as its parts ("evidence-led prosecutions" is "evidence
// led", "led prosecution"), as pairsIn compares them.
func questionPairs(raw string) [][2]string {
	ws := words(strings.ReplaceAll(strings.ToLower(raw), "-", " "))
	var out [][2]string
	for i := 0; i+1 < len(ws); i++ {
		a, b := ws[i], ws[i+1]
		if pairStop(a) || pairStop(b) {
			continue
		}
		out = append(out, [2]string{strings.TrimSuffix(a, "s"), strings.TrimSuffix(b, "s")})
	}
	return out
}

// pairStop is a word that says how a question asks, not what about.
func pairStop(w string) bool {
	return frameWords[w] || fillerWords[w] || askingWords[w] || orgWords[w] || len(w) < 3
}

// pairsIn counts the pairs (questionPairs) that text says together: the
// two words one after the other, each perhaps with an s, apart by a space
// or a hyphen.
func pairsIn(pairs [][2]string, text string) int {
	if len(pairs) == 0 {
		return 0
	}
	lt := strings.ToLower(text)
	n := 0
	for _, p := range pairs {
		if holdsPair(lt, p[0], p[1]) {
			n++
		}
	}
	return n
}

// holdsPair reports whether lt (lower case) has the word a, then the word
// b, as pairsIn counts them.
func holdsPair(lt, a, b string) bool {
	for i := 0; i < len(lt); {
		j := strings.Index(lt[i:], a)
		if j < 0 {
			return false
		}
		k := i + j
		i = k + 1
		if k > 0 && wordByte(lt[k-1]) {
			continue
		}
		e := k + len(a)
		if e < len(lt) && lt[e] == 's' {
			e++
		}
		if e >= len(lt) || lt[e] != ' ' && lt[e] != '-' || !strings.HasPrefix(lt[e+1:], b) {
			continue
		}
		f := e + 1 + len(b)
		if f < len(lt) && lt[f] == 's' {
			f++
		}
		if f == len(lt) || !wordByte(lt[f]) {
			return true
		}
	}
	return false
}

// wordByte is a byte of a word: a letter or a digit.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// shortfallAsked finds a question about what the force does not do or
// does badly: what is missing from or lacking in something, whether it
// is actually or really done, not done, done too little.
var shortfallAsked = regexp.MustCompile(`(?i)\bmissing from\b|\bwhat('s| is| are) missing\b|\banything missing\b|\b(lacking|lacks?|gaps?|shortfalls?|not|never|fail\w*|problems?|wrong|poor\w*|weak\w*|limited|insufficient|struggl\w*|delays?|backlogs?|enough|actually|really)\b|n't\b`)

// saysShortfall reports whether a paragraph says what is not done or done
// too little ("The dashboards don't list everything …", "limited
// training"). It compares lower-case text, for it runs on every paragraph
// reordered.
func saysShortfall(text string) bool {
	t := " " + strings.ToLower(text) + " "
	t = notShortfall.Replace(t)
	for _, w := range shortfallWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// notShortfall takes out the negatives that list or add rather than say
// something is not done: "these include but aren't limited to", "not
// only".
var notShortfall = strings.NewReplacer("n't limited to", " ", "not limited to", " ", " not only ", " ", " not just ", " ", " no doubt ", " ")

// shortfallWords are the words, as saysShortfall looks for them, that say
// something is not done or done too little.
var shortfallWords = []string{"n't ", "n't,", "n't.", " not ", " no ", " lack", " limited ", " few ", " unable ", " difficult", " fail", " insufficient", " poor"}

// exampleAsked finds a question asking for an example or an instance of
// something; givesExample a paragraph that gives one.
var (
	exampleAsked = regexp.MustCompile(`(?i)\bexamples?\b|\binstances? (of|where|when)\b|\bfor instance\b`)
	givesExample = regexp.MustCompile(`(?i)\bfor (example|instance)\b|\b(one|an|another) example\b|\bexamples? (include|included)\b`)
)

// spelledRight is raw with each misspelt word as the reports spell it
// ("reasonable grouds recordd": "reasonable grounds recorded"), for the
// words it says together to be found together.
func (ix *Index) spelledRight(raw string) string {
	ws := strings.Fields(raw)
	changed := false
	for i, w := range ws {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if core == "" {
			continue
		}
		if form, kind := ix.wordForm(core); kind == formTypo {
			ws[i], changed = strings.Replace(w, core, form, 1), true
		}
	}
	if !changed {
		return raw
	}
	return strings.Join(ws, " ")
}

// findingAboutIt puts first, asked what must improve about a topic that
// no AFI's headline statement is about, the finding's paragraph about the
// topic rather than an AFI's paragraph that mentions it in passing. With
// no headline about the topic, the AFI found (ofKind) is one of the
// paragraphs under a headline about something else, which names the topic
// on the way ("we mentioned its low use of X in the previous chapter");
// a paragraph that search ranks near the best and whose text matches a
// larger share of the topic (textShare: its own words, not its
// headline's) is the one about it. An AFI headline about the topic, and
// an AFI paragraph matching as much of it as any, stay first.
func (s *searchRun) findingAboutIt(first, cands []candidate, topic []string) ([]candidate, error) {
	if len(first) == 0 || len(cands) == 0 || s.ix.explained(first[0].id) != nil {
		return first, nil // none, or an AFI's headline statement: what it is about
	}
	units, total := s.topicUnits(topic)
	if total == 0 {
		return first, nil
	}
	top := cands[:min(len(cands), coverageDepth)]
	if err := s.read(append(slices.Clone(top), first[0])); err != nil {
		return nil, err
	}
	mention := textShare(units, total, s.docs[first[0].id])
	for _, c := range top {
		if !nearBest(c, cands[0]) {
			break
		}
		f := s.docs[c.id]
		if s.ix.templates[c.id] || str(f, fieldKind) != string(corpus.KindPassage) || textShare(units, total, f) <= mention {
			continue
		}
		out := []candidate{{c.id, first[0].score + 1}}
		for _, a := range first {
			if a.id != c.id {
				out = append(out, a)
			}
		}
		return out, nil
	}
	return first, nil
}

// paragraphNearBest is the share of the best passage's score a paragraph
// about the topic must have to go before an AFI's paragraph that mentions
// it (findingAboutIt).
const paragraphNearBest = 0.75

// nearBest reports whether c scores near the best candidate, best.
func nearBest(c, best candidate) bool { return c.score >= paragraphNearBest*best.score }

// inspectorNamed finds a question asking what the HM Inspector said, one
// person, not the inspectors or the inspectorate at large: "what did HM
// Inspector say", "the inspector's main concerns", "HMI".
var inspectorNamed = regexp.MustCompile(`(?i)\bHM Inspector\b|\bHMI\b|\bthe inspector(?:'s|’s)?(?:\s|$)|\binspector(?:'s|’s)\s`)

// policeInspector finds an inspector who is a police officer, by the rank
// or post before the word ("duty inspector", "a chief inspector",
// "detective inspector's caseload") or the place or team the inspector is
// for after it ("the inspector for my area"): a question about one is not
// about the HM Inspector.
var policeInspector = regexp.MustCompile(`(?i)\b(?:chief|duty|detective|police|local|neighbourhood|neighborhood|sector|response|custody|area|shift|my|our|your|an|a)\s+inspector|\binspector(?:'s|’s)?\s+(?:for|of|in charge|on|at|covering)\s+(?:the\s+|my\s+|our\s+|your\s+|this\s+)?(?:area|ward|town|district|team|shift|station|custody|neighbourhood|patch|division)\b`)

// inspectorAsked reports whether the question asks what the HM Inspector
// said, not about a police inspector.
func inspectorAsked(raw string) bool {
	return inspectorNamed.MatchString(raw) && (hmNamed.MatchString(raw) || !policeInspector.MatchString(raw))
}

// hmNamed is the HM Inspector named as such, whatever else is said.
var hmNamed = regexp.MustCompile(`(?i)\bHM Inspector\b|\bHMI\b`)

// inspectorFirst puts first, among the passages ranked best, those of
// the HM Inspector's observations, for a question asking what the HM
// Inspector said: that chapter is the inspector's own word on what the
// force does well and must improve first, and the other chapters are the
// inspectorate's. Asked about a topic, only those about it come first.
// They keep their order, and each place its score.
func (s *searchRun) inspectorFirst(cands []candidate) ([]candidate, error) {
	in := s.res.Intent
	if len(cands) < 2 || in != nil && in.Kind != IntentAFI || !inspectorAsked(s.q.parsed.Raw) {
		return cands, nil
	}
	top := cands[:min(len(cands), candidateWindow)]
	if err := s.read(top); err != nil {
		return nil, err
	}
	var units []unit
	var total float64
	if in != nil && len(in.Topic) > 0 {
		units, total = s.topicUnits(in.Topic)
	}
	hmi := map[string]bool{}
	for _, c := range top {
		f := s.docs[c.id]
		if s.ix.templates[c.id] || !overviewChapterRE.MatchString(str(f, fieldChapter)) {
			continue
		}
		if total > 0 && matchedShare(units, total, f) < topicCoverage {
			continue
		}
		hmi[c.id] = true
	}
	if len(hmi) == 0 {
		return cands, nil
	}
	reorderKeepingScores(top, func(i, j int) bool { return hmi[top[i].id] && !hmi[top[j].id] })
	return cands, nil
}

// nowBeforeThen puts the best passage that tells what this inspection
// found before one that opens with what the last inspection saw ("In our
// last inspection, we saw …"), when it ranks near it (nearBest): the
// question asks what is so now, unless it asks about the past or
// progress since (pastAsked), or about a change (changeAsked).
func (s *searchRun) nowBeforeThen(cands []candidate) ([]candidate, error) {
	raw := s.q.parsed.Raw
	if s.res.Intent != nil || len(cands) < 2 || pastAsked.MatchString(raw) || asksChange(raw) {
		return cands, nil
	}
	top := cands[:min(len(cands), coverageDepth)]
	if err := s.read(top); err != nil {
		return nil, err
	}
	if !pastInspection.MatchString(str(s.docs[top[0].id], fieldText)) {
		return cands, nil
	}
	for i, c := range top[1:] {
		if !nearBest(c, top[0]) {
			break
		}
		if s.ix.templates[c.id] || pastInspection.MatchString(str(s.docs[c.id], fieldText)) {
			continue
		}
		toFront(top, i+1)
		break
	}
	return cands, nil
}

// changeAsked finds a question about a change from what was done before,
// which what the last inspection saw answers as well: "did the force stop
// using …", "do they no longer …", "what changed".
var (
	changeAsked = regexp.MustCompile(`(?i)\b(?:stop|stops|stopped|no longer|any ?more|discontinu\w*|used to|chang(?:e|ed|es)|drop(?:ped)?|scrap(?:ped)?|abandon(?:ed)?)\b`)
	// stopSearch is the police power, no change: "stop and search".
	stopSearch = regexp.MustCompile(`(?i)\bstop(?:\s+and\s+|-and-|-|\s+)search(?:es|ed)?\b`)
)

// asksChange reports whether a question is about a change (changeAsked).
func asksChange(raw string) bool {
	return changeAsked.MatchString(stopSearch.ReplaceAllString(raw, " "))
}

// toFront moves top[i] to the front, the others down a place, each place
// keeping its score.
func toFront(top []candidate, i int) {
	if i <= 0 {
		return
	}
	lead := top[i]
	copy(top[1:i+1], top[:i])
	top[0] = lead
	for j := 0; j < i; j++ {
		top[j].score, top[j+1].score = top[j+1].score, top[j].score
	}
}

// reorderKeepingScores sorts top stably by less while each place keeps
// its score: a rule that moves passages changes which passage is at a
// place, not the scores that later steps compare.
func reorderKeepingScores(top []candidate, less func(i, j int) bool) {
	scores := make([]float64, len(top))
	for i, c := range top {
		scores[i] = c.score
	}
	sort.SliceStable(top, less)
	for i := range top {
		top[i].score = scores[i]
	}
}
