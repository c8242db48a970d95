package synthetic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

func embeddedSource(t *testing.T) []byte {
	t.Helper()
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "corpus", "reports", lib.Reports[0].Source))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestFiftyReportsParseAsDistinctForces(t *testing.T) {
	src := embeddedSource(t)
	files, err := Corpus(src, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 50 {
		t.Fatalf("got %d files, want 50", len(files))
	}
	var reports []*corpus.Report
	for _, f := range files {
		r, err := corpus.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	// NewLibrary refuses two reports with one id: every force and round differ.
	lib, err := corpus.NewLibrary(reports)
	if err != nil {
		t.Fatal(err)
	}
	source := reports[0]
	forces := map[string]int{}
	for i, r := range reports {
		forces[r.Force]++
		if len(r.Passages()) != len(source.Passages()) {
			t.Errorf("%s: %d passages, the source has %d", r.ID, len(r.Passages()), len(source.Passages()))
		}
		if i > 0 && strings.Contains(string(files[i].Data), "Hertfordshire") {
			t.Errorf("%s still names Hertfordshire", files[i].Name)
		}
	}
	if len(forces) != len(Forces) {
		t.Errorf("%d distinct forces, want all %d", len(forces), len(Forces))
	}
	if got := len(lib.Passages()); got != 50*len(source.Passages()) {
		t.Errorf("library has %d passages, want %d", got, 50*len(source.Passages()))
	}
	if r := lib.Report("essex-2021"); r == nil || r.Force != "Essex Police" {
		t.Errorf("essex-2021 = %+v, want Essex Police's report", r)
	}
	if r := lib.Report("avon-somerset-2023"); r == nil || r.Round != laterRounds[0] {
		t.Errorf("avon-somerset-2023 missing or in another round: %+v", r)
	}
}

func TestPoliceForceIsNotCalledAConstabulary(t *testing.T) {
	src := []byte("An inspection of Hertfordshire Constabulary.\nThe constabulary serves Hertfordshire; the constabulary's staff. HM Inspectorate of Constabulary.\n")
	got := string(Rewrite(src, "Hertfordshire Constabulary", "Kent Police", ""))
	want := "An inspection of Kent Police.\nThe force serves Kent; the force's staff. HM Inspectorate of Constabulary.\n"
	if got != want {
		t.Errorf("Rewrite:\n got %q\nwant %q", got, want)
	}
	got = string(Rewrite(src, "Hertfordshire Constabulary", "Suffolk Constabulary", "PEEL 2023–25"))
	if !strings.HasPrefix(got, "---\nround: PEEL 2023–25\n---\n") || !strings.Contains(got, "The constabulary serves Suffolk") {
		t.Errorf("Rewrite for a constabulary in a later round: %q", got)
	}
}

func TestTooManyReportsIsRefused(t *testing.T) {
	if _, err := Corpus(embeddedSource(t), 3*len(Forces)+1); err == nil {
		t.Error("Corpus made more reports than forces in three rounds allow")
	}
}

func TestEveryForceInThreeRoundsInEveryForm(t *testing.T) {
	src := embeddedSource(t)
	files, err := Corpus(src, 130)
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
	if _, err := corpus.NewLibrary(reports); err != nil {
		t.Fatalf("130 reports are not distinct: %v", err)
	}
	rounds := map[string]int{}
	for _, r := range reports {
		rounds[r.Round]++
	}
	if len(rounds) != 3 {
		t.Errorf("rounds %v, want three", rounds)
	}
	mixed, err := InForms(files[1:7], "mix")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range mixed {
		r, err := corpus.Read(f.Name, f.Data, nil)
		if err != nil {
			t.Fatal(err)
		}
		// A PDF may join two paragraphs where one ends a full line at a
		// page's foot (corpus/pdfblocks.go, runsOn): counts agree within 2%.
		want := reports[i+1]
		if d := len(r.Passages()) - len(want.Passages()); r.ID != want.ID || d*50 > len(want.Passages()) || -d*50 > len(want.Passages()) || len(r.AFIs) != len(want.AFIs) {
			t.Errorf("%s: %s with %d passages and %d AFIs, want %s with %d and %d", f.Name, r.ID, len(r.Passages()), len(r.AFIs), want.ID, len(want.Passages()), len(want.AFIs))
		}
		if wantForm := []corpus.Form{corpus.FormText, corpus.FormPDF, corpus.FormHTML}[i%3]; r.Form != wantForm {
			t.Errorf("%s read as %s, want %s", f.Name, r.Form, wantForm)
		}
	}
}
