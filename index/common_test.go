package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/synthetic"
)

// twoStepReports is enough reports for common words to be in thousands of
// passages, as they are across every force's reports.
const twoStepReports = 12

// Searching in two steps (the rarer words find the passages, the whole
// question scores them) must answer as well as one step over every
// passage does, on a corpus where common words are in thousands of
// passages.
func TestTwoStepSearchRanksAsOneStepDoes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 12 reports")
	}
	embedded, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "corpus", "reports", embedded.Reports[0].Source))
	if err != nil {
		t.Fatal(err)
	}
	files, err := synthetic.Corpus(src, twoStepReports)
	if err != nil {
		t.Fatal(err)
	}
	var reports []*corpus.Report
	for _, f := range files {
		r, err := corpus.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	lib, err := corpus.NewLibrary(reports)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(lib)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// As many passages as every force's reports have: a common word's.
	ix.costly = costlyPostings * twoStepReports / everyForceReports
	ctx := context.Background()
	for _, set := range []string{"eval-questions.jsonl", "tune-questions.jsonl", "tune2-questions.jsonl"} {
		f, err := os.Open(filepath.Join("testdata", set))
		if err != nil {
			t.Fatal(err)
		}
		cases, err := ReadEvalCases(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		two := 0
		for _, c := range cases {
			pq := ParseQuery(c.Q)
			if _, rare := ix.buildQuery(&Result{Query: pq}, ix.understand(pq)); rare != nil {
				two++
			}
		}
		ix.oneStep = true
		want, err := Evaluate(ctx, ix, cases)
		ix.oneStep = false
		if err != nil {
			t.Fatal(err)
		}
		got, err := Evaluate(ctx, ix, cases)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d of %d in two steps; recall@1 %.3f → %.3f, recall@3 %.3f → %.3f, MRR@10 %.3f → %.3f, flagged %d+%d → %d+%d",
			set, two, len(cases), want.RecallAt1, got.RecallAt1, want.RecallAt3, got.RecallAt3, want.MRRAt10, got.MRRAt10,
			want.Flagged, want.WronglyFlagged, got.Flagged, got.WronglyFlagged)
		if two < len(cases)/3 {
			t.Errorf("%s: only %d of %d questions were searched in two steps", set, two, len(cases))
		}
		// Copies of one passage in 12 reports tie, and bleve orders ties
		// as it meets them: a few hundredths either way are ties.
		if got.RecallAt3 < want.RecallAt3-0.03 || got.MRRAt10 < want.MRRAt10-0.03 || got.WronglyFlagged > want.WronglyFlagged+2 {
			t.Errorf("%s: two steps rank worse than one", set)
		}
	}
}

// evaluateOddLines measures the embedded report's index on the odd lines
// (1, 3, 5, …) of a question set in testdata: those tuned on. The even
// lines are held out and are not read by any test.
func evaluateOddLines(t *testing.T, name string) *EvalResult {
	t.Helper()
	ix, _ := embeddedIndex(t)
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var odd []string
	for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if i%2 == 0 { // line i+1, counted from 1, is odd
			odd = append(odd, line)
		}
	}
	cases, err := ReadEvalCases(strings.NewReader(strings.Join(odd, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), ix, cases)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// qualityFloor is what a question set must still measure: recall@1,
// recall@3 and MRR@10 at least r1, r3 and mrr; at least flagged of its
// unanswerable questions said not covered, and at most wrongly of its
// answerable ones.
type qualityFloor struct {
	r1, r3, mrr      float64
	flagged, wrongly int
}

// checkQuality logs what a set measures and fails the test where it falls
// below its floor.
func checkQuality(t *testing.T, set string, res *EvalResult, f qualityFloor) {
	t.Helper()
	t.Logf("%s: recall@1 %.3f recall@3 %.3f MRR@10 %.3f; %d of %d unanswerable flagged, %d of %d answerable wrongly",
		set, res.RecallAt1, res.RecallAt3, res.MRRAt10, res.Flagged, res.Unanswerable, res.WronglyFlagged, res.Answerable)
	if res.RecallAt1 < f.r1 || res.RecallAt3 < f.r3 || res.MRRAt10 < f.mrr {
		t.Errorf("%s: quality fell: recall@1 %.3f recall@3 %.3f MRR@10 %.3f", set, res.RecallAt1, res.RecallAt3, res.MRRAt10)
	}
	if res.Flagged < f.flagged || res.WronglyFlagged > f.wrongly {
		t.Errorf("%s: abstention fell: %d unanswerable flagged (want %d), %d answerable wrongly (at most %d)",
			set, res.Flagged, f.flagged, res.WronglyFlagged, f.wrongly)
	}
}
