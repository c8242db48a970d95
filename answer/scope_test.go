package answer

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// twoForces is the embedded report and a made-up one of another force and
// round.
func twoForces(t *testing.T) *Service {
	t.Helper()
	emb, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	other, err := corpus.Parse("synthetic-peel-2023-25.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	l, err := corpus.NewLibrary(append(emb.Reports, other))
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Build(l)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return &Service{Index: x, Library: l}
}

func reportsOf(a *Answer) map[string]bool {
	out := map[string]bool{}
	for _, p := range a.Passages {
		out[p.Cite.Report] = true
	}
	return out
}

// A scope keeps answers to its reports unless the question names its
// own: a force filter, or a force by name.
func TestAScopeAppliesUnlessTheQuestionNamesAnother(t *testing.T) {
	s := twoForces(t)
	ctx := context.Background()
	north := []index.Filter{{Key: "force", Value: "northmoor"}}
	for _, tc := range []struct {
		question string
		scoped   bool
		report   string
	}{
		{"responding to the public", true, "Northmoor Police PEEL 2023–25"},
		{"responding to the public force:herts", false, "Hertfordshire Constabulary PEEL 2021/22"},
		{"herts responding to the public", false, "Hertfordshire Constabulary PEEL 2021/22"},
	} {
		a, err := s.Ask(ctx, Request{Question: tc.question, Limit: 5, Scope: north})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(a.Scope) > 0; got != tc.scoped {
			t.Errorf("%q: scope applied %v, want %v", tc.question, got, tc.scoped)
		}
		if r := reportsOf(a); len(r) == 0 || !r[tc.report] || (tc.scoped && len(r) != 1) {
			t.Errorf("%q found passages of %v, want %s", tc.question, r, tc.report)
		}
		if a.Question != tc.question {
			t.Errorf("the question is shown as %q", a.Question)
		}
	}
	// An area scope stays when the question names only a force.
	area := []index.Filter{{Key: "area", Value: "investigating"}}
	a, _ := s.Ask(ctx, Request{Question: "herts victims", Scope: area})
	if len(a.Scope) != 1 {
		t.Errorf("an area scope was dropped for a force: %+v", a.Scope)
	}
	if got := s.ThreadScope(a); !reflect.DeepEqual(got, []index.Filter{{Key: "force", Value: "herts"}, {Key: "area", Value: "investigating"}}) {
		t.Errorf("the thread keeps %v", got)
	}
}

func TestScopesAreReadAsPeopleTypeThem(t *testing.T) {
	s := twoForces(t)
	ctx := context.Background()
	for text, want := range map[string]string{
		"herts":                          "force:herts",
		"Northmoor Police":               `force:"Northmoor Police"`,
		"herts-2021":                     "report:herts-2021",
		"2023":                           "round:2023",
		"investigating":                  "area:investigating",
		`area:"vulnerable people"`:       `area:"vulnerable people"`,
		"force:herts area:investigating": "force:herts area:investigating",
	} {
		got, problem := s.ResolveScope(ctx, text)
		var parts []string
		for _, f := range got {
			parts = append(parts, f.String())
		}
		if problem != "" || strings.Join(parts, " ") != want {
			t.Errorf("ResolveScope(%q) = %v, %q; want %s", text, got, problem, want)
		}
	}
	for text, want := range map[string]string{
		"atlantis":   "No loaded report, force, round or chapter is called “atlantis”. Loaded: Hertfordshire Constabulary PEEL 2021/22 (herts-2021)",
		"kind:afi":   "not kind:",
		"force:kent": "No report matches force:kent",
		"":           "Say what to keep to",
	} {
		if _, problem := s.ResolveScope(ctx, text); !strings.Contains(problem, want) {
			t.Errorf("ResolveScope(%q) problem %q, want %q", text, problem, want)
		}
	}
	for filters, want := range map[string]string{
		"force:herts":                    "Hertfordshire Constabulary PEEL 2021/22",
		"round:2023":                     "Northmoor Police PEEL 2023–25",
		"area:investigating":             "the “investigating” chapters",
		"force:herts area:investigating": "Hertfordshire Constabulary PEEL 2021/22, the “investigating” chapters",
	} {
		if got := s.DescribeScope(index.ParseQuery(filters).Filters); got != want {
			t.Errorf("DescribeScope(%s) = %q, want %q", filters, got, want)
		}
	}
}
