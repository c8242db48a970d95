package index

import (
	"os"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

func TestStandardWordingIsContextNotAnAnswer(t *testing.T) {
	ix, lib := embeddedIndex(t)
	tmpl := templatePassages(lib)
	for _, want := range []string{
		"In this section we set out our main findings that relate to how well the force investigates crime.",
		"For more information, please view this report on our website and select the 'About the data' section.",
	} {
		found := false
		for _, p := range lib.Passages() {
			if p.Text == want {
				found = tmpl[p.ID]
			}
		}
		if !found {
			t.Errorf("not standard wording: %q", want)
		}
	}
	for _, p := range lib.Passages() {
		if tmpl[p.ID] && p.Heading != "" && !templateSections.MatchString(p.Heading) {
			t.Errorf("a finding was taken for standard wording: %q under %q", p.Text, p.Heading)
		}
	}
	// It is never the answer to a question about the force…
	for _, q := range []string{"main findings investigating crime", "more information on our website", "causes of concern and areas for improvement"} {
		if res := find(t, ix, q, 3); len(res.Hits) > 0 && res.Hits[0].Context {
			t.Errorf("%q: standard wording first: %q", q, firstText(res))
		}
	}
	// …but it answers a question about the inspection itself.
	res := find(t, ix, "can we compare our grade with the last PEEL round", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "it isn't possible to make direct comparisons") || !res.Hits[0].Context {
		t.Errorf("about the inspection: %q", firstText(res))
	}
}

// Sentences that two forces' reports share, the force's name aside, are
// standard wording; what only one of them says is a finding.
func TestStandardWordingFoundByRepetition(t *testing.T) {
	data, err := os.ReadFile("../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := corpus.Parse("northmoor.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	other := strings.ReplaceAll(string(data), "Northmoor Police", "Eastdale Constabulary")
	other = strings.ReplaceAll(other, "the force answered 58 percent of 999 calls", "the force answered 61 percent of 999 calls")
	other = strings.ReplaceAll(other, "The control room had 45 vacancies in January 2024, and new call handlers take six months to train.", "The control room has been fully staffed since January 2024.")
	b, err := corpus.Parse("eastdale.txt", []byte(other))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.NewLibrary([]*corpus.Report{a, b})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := templatePassages(lib)
	for _, r := range lib.Reports {
		for _, p := range r.Passages() {
			shared := !strings.Contains(p.Text, "control room")
			if tmpl[p.ID] != shared {
				t.Errorf("%s: %q standard wording %v, want %v", r.ID, p.Text, tmpl[p.ID], shared)
			}
		}
	}
}
