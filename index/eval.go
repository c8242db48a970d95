package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// EvalCase is one evaluation question: a hit is right when its passage text
// contains one of Expect, ignoring case and spacing.
type EvalCase struct {
	Q       string   `json:"q"`
	Expect  []string `json:"expect"`
	Chapter string   `json:"chapter,omitempty"`
}

// EvalResult is how well search answers a set of questions.
type EvalResult struct {
	Questions int     `json:"questions"`
	RecallAt1 float64 `json:"recall@1"`
	RecallAt3 float64 `json:"recall@3"`
	MRRAt10   float64 `json:"mrr@10"`
	// Misses are the questions whose right passage is not in the top 3.
	Misses []EvalMiss `json:"misses,omitempty"`
}

// EvalMiss records a question answered badly, with what came first.
type EvalMiss struct {
	Q     string `json:"q"`
	Rank  int    `json:"rank"` // 1-based rank of the first right hit in the top 10; 0 when absent
	First string `json:"first"`
}

// ReadEvalCases reads JSON lines of {"q": ..., "expect": [...]}.
func ReadEvalCases(r io.Reader) ([]EvalCase, error) {
	var out []EvalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		var c EvalCase
		if err := json.Unmarshal([]byte(t), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if c.Q == "" || len(c.Expect) == 0 {
			return nil, fmt.Errorf("line %d: needs \"q\" and a non-empty \"expect\"", line)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Evaluate runs every question and measures recall@1, recall@3 and MRR@10.
func Evaluate(ctx context.Context, ix *Index, cases []EvalCase) (*EvalResult, error) {
	res := &EvalResult{Questions: len(cases)}
	if len(cases) == 0 {
		return res, nil
	}
	for _, c := range cases {
		r, err := ix.Search(ctx, Request{Query: c.Q, Limit: 10})
		if err != nil {
			return nil, fmt.Errorf("evaluate %q: %w", c.Q, err)
		}
		rank := 0
		for i, h := range r.Hits {
			if matchesAny(h.Text, c.Expect) {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			res.RecallAt1++
		}
		if rank >= 1 && rank <= 3 {
			res.RecallAt3++
		}
		if rank > 0 {
			res.MRRAt10 += 1 / float64(rank)
		}
		if rank == 0 || rank > 3 {
			first := ""
			if len(r.Hits) > 0 {
				first = r.Hits[0].Text
			}
			res.Misses = append(res.Misses, EvalMiss{Q: c.Q, Rank: rank, First: first})
		}
	}
	n := float64(len(cases))
	res.RecallAt1 /= n
	res.RecallAt3 /= n
	res.MRRAt10 /= n
	return res, nil
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
