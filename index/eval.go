package index

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// EvalCase is one evaluation question. An answerable question's hit is
// right when its passage text contains one of Expect, ignoring case and
// spacing: the text of the hit or of the paragraph shown with it
// (Hit.Explanation), as the user reads them together. A question the reports do not answer has Answerable false and
// no Expect: search is right when it says the reports don't cover it.
type EvalCase struct {
	Q       string   `json:"q"`
	Expect  []string `json:"expect"`
	Chapter string   `json:"chapter,omitempty"`
	// Kind groups questions for the figures ("paraphrase", "grade",
	// "misspelling", …); empty is reported as "other".
	Kind string `json:"kind,omitempty"`
	// Answerable is false for a question the loaded reports cannot
	// answer. Missing means true, so older sets read as before.
	Answerable *bool `json:"answerable,omitempty"`
}

// IsAnswerable reports whether the reports answer the question.
func (c EvalCase) IsAnswerable() bool { return c.Answerable == nil || *c.Answerable }

// EvalResult is how well search answers a set of questions. Recall and
// MRR are over the answerable questions only; abstention is measured on
// both kinds.
type EvalResult struct {
	// Questions counts every question; Answerable those with an answer.
	Questions  int `json:"questions"`
	Answerable int `json:"answerable"`
	Scores
	// Kinds are the same figures for each kind of question, by name.
	Kinds map[string]*Scores `json:"kinds,omitempty"`
	// Unanswerable counts the questions the reports do not answer, and
	// Flagged how many of them search said it could not answer.
	Unanswerable int `json:"unanswerable"`
	Flagged      int `json:"unanswerable_flagged"`
	// WronglyFlagged counts answerable questions that search said the
	// reports don't cover.
	WronglyFlagged int `json:"answerable_wrongly_flagged"`
	// Misses are the answerable questions whose right passage is not in
	// the top 3, and the abstention mistakes.
	Misses []EvalMiss `json:"misses,omitempty"`
}

// Scores are ranking figures over a group of answerable questions, with
// how many of them were wrongly said to be not covered.
type Scores struct {
	N         int     `json:"n"`
	RecallAt1 float64 `json:"recall@1"`
	RecallAt3 float64 `json:"recall@3"`
	MRRAt10   float64 `json:"mrr@10"`
	// Flagged counts, among the group's questions, those said to be not
	// covered: for an answerable group, mistakes.
	Flagged int `json:"flagged"`
}

func (s *Scores) add(rank int, flagged bool) {
	s.N++
	if rank == 1 {
		s.RecallAt1++
	}
	if rank >= 1 && rank <= 3 {
		s.RecallAt3++
	}
	if rank > 0 {
		s.MRRAt10 += 1 / float64(rank)
	}
	if flagged {
		s.Flagged++
	}
}

func (s *Scores) finish() {
	if s.N == 0 {
		return
	}
	n := float64(s.N)
	s.RecallAt1 /= n
	s.RecallAt3 /= n
	s.MRRAt10 /= n
}

// EvalMiss records a question answered badly, with what came first.
type EvalMiss struct {
	Q    string `json:"q"`
	Kind string `json:"kind,omitempty"`
	// Rank is the 1-based rank of the first right hit in the top 10, or 0
	// when it is not in the top 10 (or the question has no answer).
	Rank int `json:"rank"`
	// Problem names what went wrong: "not in the top 10", "rank 4",
	// "wrongly said not covered", "not flagged as not covered".
	Problem string `json:"problem"`
	First   string `json:"first"`
	// Note is what search said when it judged the question not covered.
	Note string `json:"note,omitempty"`
}

// ErrNoQuestions is returned for an evaluation set without a question:
// figures over nothing would read as a perfect score.
var ErrNoQuestions = errors.New("the evaluation set has no questions")

// ReadEvalCases reads JSON lines of {"q": ..., "expect": [...]} with the
// optional "kind", "chapter" and "answerable". Blank lines and lines
// starting with # are skipped. An answerable question needs a non-empty
// expect; an unanswerable one must have none.
func ReadEvalCases(r io.Reader) ([]EvalCase, error) {
	var out []EvalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if line == 1 {
			t = strings.TrimPrefix(t, "\ufeff") // a byte order mark some editors write
		}
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		var c EvalCase
		if err := json.Unmarshal([]byte(t), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		switch {
		case strings.TrimSpace(c.Q) == "":
			return nil, fmt.Errorf("line %d: needs a non-empty \"q\"", line)
		case c.IsAnswerable() && len(c.Expect) == 0:
			return nil, fmt.Errorf("line %d: an answerable question needs a non-empty \"expect\" (or \"answerable\": false)", line)
		case !c.IsAnswerable() && len(c.Expect) > 0:
			return nil, fmt.Errorf("line %d: a question marked \"answerable\": false cannot expect passages", line)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNoQuestions
	}
	return out, nil
}

// Evaluate runs every question and measures, over the answerable ones,
// recall@1, recall@3 and MRR@10, overall and by kind; and abstention: how
// many unanswerable questions search flags as not covered, and how many
// answerable ones it wrongly flags.
func Evaluate(ctx context.Context, ix *Index, cases []EvalCase) (*EvalResult, error) {
	if len(cases) == 0 {
		return nil, ErrNoQuestions
	}
	res := &EvalResult{Questions: len(cases), Kinds: map[string]*Scores{}}
	for _, c := range cases {
		r, err := ix.Search(ctx, Request{Query: c.Q, Limit: 10})
		if err != nil {
			return nil, fmt.Errorf("evaluate %q: %w", c.Q, err)
		}
		kind := c.Kind
		if kind == "" {
			kind = "other"
		}
		first := ""
		if len(r.Hits) > 0 {
			first = r.Hits[0].Text
		}
		flagged := !r.Answered
		if !c.IsAnswerable() {
			res.Unanswerable++
			if flagged {
				res.Flagged++
			} else {
				res.Misses = append(res.Misses, EvalMiss{Q: c.Q, Kind: c.Kind, Problem: "not flagged as not covered", First: first})
			}
			continue
		}
		rank := firstRightRank(r.Hits, c.Expect)
		res.Answerable++
		res.Scores.add(rank, flagged)
		if res.Kinds[kind] == nil {
			res.Kinds[kind] = &Scores{}
		}
		res.Kinds[kind].add(rank, flagged)
		if flagged {
			res.WronglyFlagged++
			res.Misses = append(res.Misses, EvalMiss{Q: c.Q, Kind: c.Kind, Rank: rank, Problem: "wrongly said not covered", First: first, Note: r.Note})
		}
		if rank == 0 || rank > 3 {
			res.Misses = append(res.Misses, EvalMiss{Q: c.Q, Kind: c.Kind, Rank: rank, Problem: rankProblem(rank), First: first})
		}
	}
	res.Scores.finish()
	for _, s := range res.Kinds {
		s.finish()
	}
	return res, nil
}

// firstRightRank is the 1-based rank of the first hit that contains an
// expected phrase, or 0 when none of them does.
func firstRightRank(hits []Hit, expect []string) int {
	for i, h := range hits {
		if matchesAny(h.Text, expect) || h.Explanation != nil && matchesAny(h.Explanation.Text, expect) {
			return i + 1
		}
	}
	return 0
}

func rankProblem(rank int) string {
	if rank == 0 {
		return "not in the top 10"
	}
	return fmt.Sprintf("rank %d", rank)
}

// KindNames lists the kinds of a result in name order.
func (r *EvalResult) KindNames() []string {
	names := make([]string, 0, len(r.Kinds))
	for k := range r.Kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// matchesAny reports whether text contains one of the phrases, ignoring
// case and spacing.
func matchesAny(text string, phrases []string) bool {
	t := squash(text)
	for _, p := range phrases {
		if strings.Contains(t, squash(p)) {
			return true
		}
	}
	return false
}

func squash(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}
