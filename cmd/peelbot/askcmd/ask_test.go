package askcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), Config{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Library:    corpus.Load,
		OpenIndex:  index.Build,
		Summariser: func() (*summary.Summariser, []string) { return nil, nil },
		User:       "cli:test",
	}, args)
	return out.String(), err
}

func TestAskPrintsEachPassageWithItsCitationAndLink(t *testing.T) {
	out, err := run(t, "", "dvpo")
	if err != nil {
		t.Fatal(err)
	}
	const cite = "[1] Hertfordshire Constabulary PEEL 2021/22 · Protecting vulnerable people › Area for improvement › " +
		"The constabulary should make sure that protective orders are considered in all appropriate cases · p. 30\n" +
		"   https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/\n"
	if !strings.Contains(out, cite) || !strings.Contains(out, "(also searched for: domestic violence protection order)") {
		t.Errorf("ask dvpo:\n%s", out)
	}
}

func TestAskJSONKeepsTheIndexsFieldsOneLinePerQuery(t *testing.T) {
	out, err := run(t, "dvpo\nzzzqqq\n", "--json", "--limit", "2")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var first struct {
		Query string           `json:"query"`
		Hits  []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Query != "dvpo" || len(first.Hits) != 2 {
		t.Fatalf("%v: %s", err, lines[0])
	}
	for _, k := range []string{"id", "report", "force", "round", "chapter", "section", "section_title", "heading", "kind", "page", "url", "text", "score"} {
		if _, ok := first.Hits[0][k]; !ok {
			t.Errorf("a hit lacks %q: %v", k, first.Hits[0])
		}
	}
	if !strings.Contains(lines[1], `"hits":[]`) {
		t.Errorf("no hits are not an empty list: %s", lines[1])
	}
}
