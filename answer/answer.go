// Package answer is peelbot's answer layer: a question in, what the
// reports say out. It asks the index, turns each hit into a passage with
// its corpus.Citation, and, when asked, has the passages summarised,
// grounded only in them. `peelbot ask` and the Slack bot both answer
// through it, so a question gets the same passages, cited the same way,
// on every surface, and the model is given the citations the reader sees.
//
// It owns the Answer value and the Summariser interface; it may import
// corpus, index and answer/summary, never Slack or the tracker.
package answer

import (
	"context"
	"errors"
	"strings"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// Searcher finds the passages that answer a question; *index.Index is one.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (*index.Result, error)
}

// Summariser writes a short summary of passages that answers a question,
// citing them; *summary.Summariser is one. Its error is shown to whoever
// asked, so it must name no secret.
type Summariser interface {
	Summarise(ctx context.Context, req summary.Request) (*summary.Summary, error)
}

// StreamSummariser is a Summariser that can also hand its summary over a
// sentence at a time, each checked, as the model writes it;
// *summary.Summariser and summary.Public are. See summary.Summariser.Stream.
type StreamSummariser interface {
	Summariser
	Stream(ctx context.Context, req summary.Request, emit func(string) error) (*summary.Summary, error)
}

// Request is a question to answer.
type Request struct {
	// Question is as the asker wrote it, filters and all.
	Question string
	// Limit is how many passages are wanted; 3 when zero.
	Limit int
	// Offset is how many to skip, for "more results".
	Offset int
	// Summary asks for a summary of the passages found too.
	Summary bool
	// User is who asks (a Slack member id, "cli:<login>"): the key of the
	// summaries' per-user limit.
	User string
	// Scope is the filters of the place the question is asked in (a
	// channel's, a thread's): each applies unless the question names a
	// filter of its group itself (see ScopeKey).
	Scope []index.Filter
}

// Answer is what the reports say to a question, ready for any surface to
// show: the question as understood, whether the loaded reports answer it,
// the passages with their citations, and the summary when one was asked
// for.
//
// The rules every surface relies on:
//   - Answered is true only when the passages found answer the question
//     (or, for a structured question, the report's own items do). When it
//     is false, Note is the sentence to show ("The loaded reports don't
//     cover knife crime in London. …"), and every passage is marked
//     Closest: the closest text found, never to be shown as an answer.
//   - A structured question is answered by the report's own sentence (a
//     grade line, an AFI's headline), quoted and cited, first among the
//     passages. When the report's structure holds nothing of the kind
//     asked for, Statement says so ("The … report raises no causes of
//     concern."): peelbot's sentence, read from the report's structure,
//     shown as peelbot's and never quoted as the report's words.
type Answer struct {
	Question string
	// Query is the question as understood: its words, quoted phrases and
	// filters, with notes on what was changed or ignored.
	Query index.Query
	// Expanded is what the question was also searched as: acronyms spelt
	// out, equivalent phrases, spelling corrections.
	Expanded []string
	// Problem says why the question could not be searched as written;
	// Suggestions say what to try instead. Either may come with no
	// passages.
	Problem     string
	Suggestions []string
	// Answered says whether the loaded reports answer the question; see
	// Covered for whether an answer is worth posting for everyone.
	Answered bool
	// Note is the sentence shown about whether the reports answer: when
	// they don't, what they don't cover and why, then the chapters
	// closest to it that they do cover (Closest); when the report's
	// structure answers by holding nothing of the kind asked for, that
	// Statement. Empty when the passages answer.
	Note string
	// Closest are the chapters of the closest passages found, when the
	// reports don't answer.
	Closest []string
	// Statement is peelbot's own sentence from the report's structure,
	// when that is the answer ("The Hertfordshire Constabulary PEEL
	// 2021/22 report raises no causes of concern."); not a quotation.
	Statement string
	// Intent is the structured question recognised (a grade, an area's
	// AFIs, …), nil for any other question.
	Intent *index.Intent
	// Total is how many passages matched; Offset is the position of the
	// first of Passages among them.
	Total, Offset int
	Passages      []Passage
	// Hits are the index's hits behind Passages, one for one, for a
	// surface that prints the index's own fields (`peelbot ask --json`);
	// nil for passages looked up by id.
	Hits []index.Hit
	// Summary is the summary of Passages when one was asked for and made;
	// SummaryErr says why there is none.
	Summary    *summary.Summary
	SummaryErr error
	// Scope is the filters of Request.Scope that applied: what the
	// answer kept to without the question saying so.
	Scope []index.Filter
}

// NotCovered is !Covered: the answer is a miss ("The loaded reports don't
// cover …") or a question that could not be searched, for the asker's
// eyes only where others would see it.
func (a *Answer) NotCovered() bool { return !a.Covered() }

// Passage is one passage that answers, with what is needed to quote and
// cite it.
type Passage struct {
	ID   string
	Text string
	Kind corpus.Kind
	Cite corpus.Citation
	// Score is the search's, 0 for a passage looked up by id.
	Score float64
	// Closest marks a passage shown although the reports don't answer the
	// question: the closest text found, to be labelled so.
	Closest bool
	// Context marks the inspectorate's standard wording (what PEEL is,
	// how to read the report): context, not a finding about the force.
	Context bool
	// Explanation is, for an area for improvement's headline statement,
	// the paragraph under it that says what the inspectors found, with
	// its own citation: shown with the headline (index.Hit.Explanation).
	// Nil for any other passage, and for one looked up by id.
	Explanation *Passage
}

// Covered reports whether the answer says something the reports support:
// passages that answer, or the report's structure answering with what it
// does not hold (a report that raises no causes of concern says so). It is
// false for a miss ("The loaded reports don't cover …") and for a question
// that could not be searched; a surface that posts for everyone (a reply
// to a mention) shows such an answer only to the asker.
func (a *Answer) Covered() bool {
	return a.Problem == "" && (a.Answered || a.Statement != "")
}

// ClosestOnly reports whether the passages shown are the closest text
// found rather than an answer, so that a surface labels them so.
func (a *Answer) ClosestOnly() bool {
	return !a.Answered && len(a.Passages) > 0
}

// Notes are what the asker should know about how the question was read:
// what was changed or ignored, then what it was also searched for.
func (a *Answer) Notes() []string {
	notes := append([]string(nil), a.Query.Notes...)
	if len(a.Expanded) > 0 {
		notes = append(notes, "Also searched for: "+strings.Join(a.Expanded, "; "))
	}
	return notes
}

// IDs are the ids of the passages, in order.
func (a *Answer) IDs() []string {
	out := make([]string, len(a.Passages))
	for i, p := range a.Passages {
		out[i] = p.ID
	}
	return out
}

// Service answers questions from an index of a library's reports.
type Service struct {
	Index Searcher
	// Library holds the reports the index was built from; passages named
	// by id (a button's) are looked up here, never taken from the click.
	Library *corpus.Library
	// Summariser, when set, makes summaries; without it none are made.
	Summariser Summariser
}

// ErrNoSummaries is the SummaryErr of an answer from a Service without a
// Summariser.
var ErrNoSummaries = errors.New("summaries are not configured")

// ErrNotCovered is the SummaryErr of an answer the reports don't cover:
// its passages are the closest text found, and a summary of them would
// read as an answer.
var ErrNotCovered = errors.New("the loaded reports don't cover the question, so the closest passages are not summarised")

// errNothingToSummarise is the SummaryErr of an answer with no passages.
var errNothingToSummarise = errors.New("no passages to summarise")

// Ask answers req: the passages that answer it, and a summary of them when
// req asks for one. An error is a failure of the search (its deadline, the
// index); a question that cannot be searched is an Answer with a Problem.
// A summary that cannot be made leaves the passages and says why in
// SummaryErr.
func (s *Service) Ask(ctx context.Context, req Request) (*Answer, error) {
	query, scope := s.scoped(req.Question, req.Scope)
	res, err := s.Index.Search(ctx, index.Request{Query: query, Limit: req.Limit, Offset: req.Offset})
	if err != nil {
		return nil, err
	}
	a := &Answer{Question: req.Question, Query: res.Query, Expanded: res.Expanded, Problem: res.Problem,
		Suggestions: res.Suggestions, Total: res.Total, Offset: req.Offset, Hits: res.Hits, Scope: scope,
		Answered: res.Answered && res.Problem == "", Closest: res.Closest, Intent: res.Intent}
	if in := res.Intent; in != nil && in.None {
		a.Statement = in.Statement
	}
	a.Note = note(res, a.Statement)
	for _, h := range res.Hits {
		p := Passage{ID: h.ID, Text: h.Text, Kind: corpus.Kind(h.Kind), Cite: s.cite(h), Score: h.Score,
			Closest: !a.Answered, Context: h.Context}
		if e := h.Explanation; e != nil {
			p.Explanation = &Passage{ID: e.ID, Text: e.Text, Kind: corpus.Kind(e.Kind), Cite: s.cite(*e), Score: e.Score, Closest: !a.Answered}
		}
		a.Passages = append(a.Passages, p)
	}
	switch {
	case req.Summary && !a.Answered && len(a.Passages) > 0:
		// A summary of the closest text would read as an answer.
		a.SummaryErr = ErrNotCovered
	case req.Summary:
		a.Summary, a.SummaryErr = s.Summarise(ctx, a.Question, req.User, a.Passages)
	}
	return a, nil
}

// cite cites a hit as the index stored it (its link goes to the passage
// itself), with the page of the report's PDF beside it when the library
// knows it.
func (s *Service) cite(h index.Hit) corpus.Citation {
	c := h.Citation()
	if s.Library == nil {
		return c
	}
	if p := s.Library.Quotable(h.ID); p != nil {
		if r := s.Library.Report(p.ReportID); r != nil {
			c.PDFLink = r.PDFLink(p)
		}
	}
	return c
}

// note is the sentence an answer shows about whether the reports answer:
// the index's note, then the chapters closest to the question that the
// reports do cover; or the statement from the report's structure. It is
// empty when the reports answer, and for a question that could not be
// searched (its Problem says why).
func note(res *index.Result, statement string) string {
	switch {
	case statement != "":
		return statement
	case res.Answered || res.Problem != "" || res.Note == "":
		return ""
	case len(res.Closest) == 0:
		return res.Note
	case len(res.Closest) == 1:
		return res.Note + " The closest chapter they do cover: " + res.Closest[0] + "."
	}
	// Semicolons: chapter titles have commas and "and" of their own.
	return res.Note + " The closest chapters they do cover: " + strings.Join(res.Closest, "; ") + "."
}

// Passages looks passages up by id, in order, leaving out any the library
// no longer holds (a button from before the reports changed).
func (s *Service) Passages(ids []string) []Passage {
	var out []Passage
	for _, id := range ids {
		if p, ok := s.Passage(id); ok {
			out = append(out, p)
		}
	}
	return out
}

// Passage looks one passage or statement (a grade sentence, a finding's
// headline: what a hit's id may name) up by id; false when the library
// does not hold it.
func (s *Service) Passage(id string) (Passage, bool) {
	p := s.Library.Quotable(id)
	if p == nil {
		return Passage{}, false
	}
	return Passage{ID: p.ID, Text: p.Text, Kind: p.Kind, Cite: s.Library.CitePassage(p)}, true
}

// WithExplanation is p shown with the paragraph id, when that paragraph is
// one of those under p's finding, as an AFI's headline is shown with what
// the inspectors found (Passage.Explanation); p as it is otherwise. A
// button names the two by id, and the library, not the click, says
// whether the one explains the other.
func (s *Service) WithExplanation(p Passage, id string) Passage {
	e := s.Library.Quotable(id)
	h := s.Library.Quotable(p.ID)
	if e == nil || h == nil || e.ID == h.ID || h.Kind != corpus.KindAFI || !s.under(e, h) {
		return p
	}
	p.Explanation = &Passage{ID: e.ID, Text: e.Text, Kind: e.Kind, Cite: s.Library.CitePassage(e)}
	return p
}

// under reports whether paragraph e is one of those under the headline
// statement h, in the report's own structure: a headline of the same
// words elsewhere (another section, another finding) is not e's.
func (s *Service) under(e, h *corpus.Passage) bool {
	r := s.Library.Report(h.ReportID)
	if r == nil || e.ReportID != h.ReportID {
		return false
	}
	for _, c := range r.Chapters {
		for _, sec := range c.Sections {
			for _, f := range sec.Findings {
				// A headline statement stands where its first paragraph
				// does (corpus.Report.Statements).
				if len(f.Passages) == 0 || f.Headline != h.Text || f.Passages[0].Position != h.Position {
					continue
				}
				for _, q := range f.Passages {
					if q.ID == e.ID {
						return true
					}
				}
			}
		}
	}
	return false
}

// Summarise asks for a summary of passages that answers question, for
// user. Each passage is given to the model with the citation the reader
// sees beside it.
func (s *Service) Summarise(ctx context.Context, question, user string, passages []Passage) (*summary.Summary, error) {
	switch {
	case s.Summariser == nil:
		return nil, ErrNoSummaries
	case len(passages) == 0:
		return nil, errNothingToSummarise
	}
	return s.Summariser.Summarise(ctx, summaryRequest(question, user, passages))
}

// summaryRequest asks for a summary of passages, each given to the model
// with the citation the reader sees beside it.
func summaryRequest(question, user string, passages []Passage) summary.Request {
	req := summary.Request{Question: question, User: user}
	for _, p := range passages {
		text := p.Text
		if e := p.Explanation; e != nil {
			// One source, so that the model's numbers stay the reader's:
			// the headline and what was found, as the reader sees them.
			text += "\n\nWhat the inspectors found (" + e.Cite.String() + "): " + e.Text
		}
		req.Sources = append(req.Sources, summary.Source{ID: p.ID, Citation: p.Cite.String(), URL: p.Cite.Link, Text: text})
	}
	return req
}

// SummariseStream is Summarise, handing the summary to emit a checked
// sentence at a time (see summary.Summariser.Stream). A Summariser that
// cannot stream gives its whole summary, emitted by sentences once made.
func (s *Service) SummariseStream(ctx context.Context, question, user string, passages []Passage, emit func(string) error) (*summary.Summary, error) {
	switch {
	case s.Summariser == nil:
		return nil, ErrNoSummaries
	case len(passages) == 0:
		return nil, errNothingToSummarise
	}
	req := summaryRequest(question, user, passages)
	if st, ok := s.Summariser.(StreamSummariser); ok {
		return st.Stream(ctx, req, emit)
	}
	sum, err := s.Summariser.Summarise(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, part := range summary.Sentences(sum.Text) {
		if err := emit(part); err != nil {
			return nil, err
		}
	}
	return sum, nil
}
