package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzSearch feeds arbitrary questions through ParseQuery and Search on
// the embedded report's index. Whatever is typed, peelbot must answer in
// time, within its own limits, and never in silence: hits that carry their
// citation, a statement from the reports' structure ("this report raises
// no causes of concern"), or a problem or suggestions saying what to try.
//
//	go test ./index -run '^$' -fuzz '^FuzzSearch$' -fuzztime 30s
func FuzzSearch(f *testing.F) {
	for _, q := range fuzzSeeds(f) {
		f.Add(q)
	}
	ix, _ := embeddedIndex(f)
	canonical := map[string]bool{}
	for _, k := range filterKeys {
		canonical[k] = true
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := ParseQuery(raw)
		checkParsed(t, q, canonical)

		start := time.Now()
		res, err := ix.Search(context.Background(), Request{Query: raw, Limit: 3})
		took := time.Since(start)
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%.60q: not answered within %v (took %v)", raw, DefaultTimeout, took)
		}
		if err != nil {
			t.Fatalf("%.60q: %v", raw, err)
		}
		if len(res.Hits) > 3 && !everyGrade(res) {
			t.Fatalf("%.60q: %d hits, asked for 3", raw, len(res.Hits))
		}
		stated := res.Intent != nil && res.Intent.None && res.Intent.Statement != ""
		if len(res.Hits) == 0 && res.Problem == "" && len(res.Suggestions) == 0 && !stated {
			t.Fatalf("%.60q: no hits, no problem and no suggestion: silence", raw)
		}
		for _, h := range res.Hits {
			if h.ID == "" || h.Report == "" || h.Section == "" || h.Page < 1 || h.Text == "" {
				t.Fatalf("%.60q: hit without its citation: %+v", raw, h)
			}
		}
	})
}

// everyGrade reports whether res is one report's every graded judgment,
// which a whole-report grade question gets whatever the page size: more
// hits than asked for, but only the intent's items.
func everyGrade(res *Result) bool {
	in := res.Intent
	if in == nil || in.Kind != IntentGrade || len(in.Reports) != 1 || len(res.Hits) > len(in.Items) {
		return false
	}
	for _, h := range res.Hits {
		if !slices.Contains(in.Items, h.ID) {
			return false
		}
	}
	return true
}

// checkParsed asserts the limits ParseQuery promises on any input.
func checkParsed(t *testing.T, q Query, canonical map[string]bool) {
	t.Helper()
	if len(q.Words) > maxWords {
		t.Fatalf("%.60q: %d words, limit %d", q.Raw, len(q.Words), maxWords)
	}
	if len(q.Filters) > maxFilters {
		t.Fatalf("%.60q: %d filters, limit %d", q.Raw, len(q.Filters), maxFilters)
	}
	for _, w := range q.Words {
		if w == "" || utf8.RuneCountInString(w) > maxWordRunes || !utf8.ValidString(w) {
			t.Fatalf("%.60q: bad word %q", q.Raw, w)
		}
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
			t.Fatalf("%.60q: word %q holds a space or control character", q.Raw, w)
		}
	}
	for _, fl := range q.Filters {
		if !canonical[fl.Key] || strings.TrimSpace(fl.Value) == "" {
			t.Fatalf("%.60q: bad filter %+v", q.Raw, fl)
		}
	}
}

// fuzzSeeds are the evaluation questions and the hostile inputs issue 3
// names: regular expressions, wildcards, control characters, a very long
// question, unbalanced quotes and filters.
func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		"dvpo", "999", "MASH", "why do officers leave", "safegaurding hub",
		"/.*/", "*", "?~^&|!(){}[]", "\x00\x01\x1b\u200b\x7f\ufeff",
		`title:/.*/ +text:x* "unclosed`, strings.Repeat("safeguarding ", 100),
		`kind:afi area:"vulnerable people" force:herts round:2021 report:herts-2021 "voice of the child"`,
		"kind: area:nothing-like-this force:nowhere", "\xff\xfe invalid utf8",
		// Each once panicked in the judgment: a body of spaces only,
		// and a figure asked of nothing but a period.
		"what does    think about recruitment", "statistics for August 1990",
		"total for the year ending December 1995",
	}
	data, err := os.ReadFile(filepath.Join("testdata", "eval-questions.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	cases, err := ReadEvalCases(strings.NewReader(string(data)))
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		seeds = append(seeds, c.Q)
	}
	return seeds
}
