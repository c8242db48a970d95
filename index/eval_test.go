package index

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestReadEvalCasesChecksEveryLine(t *testing.T) {
	good := `{"q": "dvpo", "expect": ["DVPOs"], "kind": "acronym"}
# a comment
{"q": "knife crime in London", "expect": [], "kind": "unanswerable", "answerable": false}
{"q": "stop and search", "expect": ["stop and search"], "answerable": true}
`
	cases, err := ReadEvalCases(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 || !cases[0].IsAnswerable() || cases[1].IsAnswerable() || !cases[2].IsAnswerable() || cases[0].Kind != "acronym" {
		t.Errorf("cases = %+v", cases)
	}
	bad := map[string]string{
		`{"q": "x", "expect": []}`:                         "line 1: an answerable question needs a non-empty \"expect\"",
		`{"q": "x", "expect": ["y"], "answerable": false}`: "line 1: a question marked \"answerable\": false cannot expect passages",
		`{"q": " ", "expect": ["y"]}`:                      "line 1: needs a non-empty \"q\"",
		"\n{nope":                                          "line 2:",
	}
	for in, want := range bad {
		if _, err := ReadEvalCases(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", in, err, want)
		}
	}
	for _, empty := range []string{"", "# only a comment\n\n"} {
		if _, err := ReadEvalCases(strings.NewReader(empty)); !errors.Is(err, ErrNoQuestions) {
			t.Errorf("%q: err = %v, want ErrNoQuestions", empty, err)
		}
	}
}

func TestEvaluateCountsByKindAndAbstention(t *testing.T) {
	ix, _ := embeddedIndex(t)
	if _, err := Evaluate(context.Background(), ix, nil); !errors.Is(err, ErrNoQuestions) {
		t.Errorf("empty set: err = %v", err)
	}
	no := false
	cases := []EvalCase{
		{Q: "dvpo", Expect: []string{"domestic violence protection orders (DVPOs)"}, Kind: "acronym"},
		{Q: "mental health triage car", Expect: []string{"The constabulary has a mental health triage car"}, Kind: "direct"},
		{Q: "dvpo", Expect: []string{"a phrase no passage has"}, Kind: "direct"},
		{Q: "knife crime in London", Kind: "unanswerable", Answerable: &no},
	}
	res, err := Evaluate(context.Background(), ix, cases)
	if err != nil {
		t.Fatal(err)
	}
	if res.Questions != 4 || res.Answerable != 3 || res.Unanswerable != 1 {
		t.Fatalf("counts: %+v", res)
	}
	if res.Kinds["acronym"].N != 1 || res.Kinds["acronym"].RecallAt1 != 1 || res.Kinds["direct"].N != 2 || res.Kinds["direct"].RecallAt3 != 0.5 {
		t.Errorf("kinds: acronym %+v direct %+v", res.Kinds["acronym"], res.Kinds["direct"])
	}
	var notInTop bool
	for _, m := range res.Misses {
		if m.Problem == "not in the top 10" && m.Rank == 0 && strings.Contains(m.Q, "dvpo") {
			notInTop = true
		}
	}
	if !notInTop {
		t.Errorf("the unfindable phrase is not reported as not in the top 10: %+v", res.Misses)
	}
	if res.RecallAt3 < 0.66 || res.RecallAt3 > 0.67 {
		t.Errorf("recall@3 over answerable questions = %.3f, want 2/3", res.RecallAt3)
	}
}
