package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The synthetic fixtures are hand-made in the shapes other PEEL reports use,
// so the parser is not fitted to the one real report.

func TestSynthetic2023Layout(t *testing.T) {
	r, err := Parse("synthetic-peel-2023-25.txt", readFixture(t, "synthetic-peel-2023-25.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "northmoor-2023" || r.Force != "Northmoor Police" || r.Round != "PEEL 2023–25" || r.Published != "March 2025" {
		t.Errorf("metadata %q %q %q %q", r.ID, r.Force, r.Round, r.Published)
	}
	grades := map[string]Rating{}
	for _, g := range r.Grades {
		grades[g.Area] = g.Rating
	}
	want := map[string]Rating{
		"Police powers and public treatment": Good, "Preventing crime": Adequate,
		"Responding to the public": Inadequate, "Investigating crime": RequiresImprovement,
		"Leadership and force management": Adequate,
	}
	if len(grades) != len(want) {
		t.Errorf("grades = %v", grades)
	}
	for a, g := range want {
		if grades[a] != g {
			t.Errorf("grade %q = %q, want %q", a, grades[a], g)
		}
	}

	if len(r.AFIs) != 3 || r.AFIs[1].Text != "The force should improve how it records victims' wishes" {
		t.Errorf("AFIs = %+v", r.AFIs)
	}
	labels := []string{}
	for _, c := range r.Concerns {
		labels = append(labels, c.Label)
	}
	if strings.Join(labels, "|") != "Accelerated cause of concern|Cause of concern|Area of concern" {
		t.Errorf("concern labels = %q", labels)
	}
	acc := r.Concerns[0]
	if acc.ID != "northmoor-2023-coc-1" || len(acc.Recommendations) != 2 ||
		acc.Recommendations[0].Text != "The force should immediately make sure enough call handlers are on duty at busy times" ||
		acc.Recommendations[0].ID != "northmoor-2023-coc-1-rec-1" {
		t.Errorf("accelerated cause of concern = %+v %+v", acc, acc.Recommendations)
	}
	coc := r.Concerns[1]
	if len(coc.Recommendations) != 3 || coc.Recommendations[2].Text != "Within three months, the force should check that victims are updated as agreed" {
		t.Errorf("cause of concern recommendations = %+v", coc.Recommendations)
	}
	if len(coc.Passages) != 2 || coc.Passages[1].Kind != KindRecommendation || coc.Passages[0].Kind != KindConcern {
		t.Errorf("cause of concern passages: %d", len(coc.Passages))
	}
	aoc := r.Concerns[2]
	if len(aoc.Recommendations) != 1 || !strings.HasPrefix(aoc.Recommendations[0].Text, "Within six months, the force should make sure") {
		t.Errorf("area of concern recommendations = %+v", aoc.Recommendations)
	}
	var practice []*Passage
	for _, p := range r.Passages() {
		if p.Kind == KindPractice {
			practice = append(practice, p)
		}
	}
	if len(practice) != 1 || practice[0].Section != "Notable practice" {
		t.Errorf("notable practice passages = %+v", practice)
	}
	summary := findPassage(t, r, "This synthetic summary was written")
	if summary.Chapter != "HM Inspector's summary" {
		t.Errorf("summary chapter = %q", summary.Chapter)
	}
}

func TestSyntheticMarkdownLayout(t *testing.T) {
	r, err := Parse("synthetic-peel-markdown.md", readFixture(t, "synthetic-peel-markdown.md"))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "southvale-2022" || r.URL != "https://example.org/synthetic/southvale-2022/" || r.Force != "Southvale Constabulary" {
		t.Errorf("front matter not applied: %q %q %q", r.ID, r.URL, r.Force)
	}
	wrapped := findPassage(t, r, "This synthetic report, written as Markdown")
	if !strings.HasSuffix(wrapped.Text, "each paragraph must still be read as one.") || strings.Contains(wrapped.Text, "\n") {
		t.Errorf("wrapped paragraph = %q", wrapped.Text)
	}
	if len(r.Concerns) != 2 || r.Concerns[0].Label != "Causes of concern" {
		t.Fatalf("concerns = %+v", r.Concerns)
	}
	if recs := r.Concerns[0].Recommendations; len(recs) != 1 || recs[0].Text != "Within three months, the constabulary should review how many call handlers it needs on each shift" {
		t.Errorf("recommendation under a \"Recommendation\" heading = %+v", recs)
	}
	if recs := r.Concerns[1].Recommendations; len(recs) != 2 || recs[1].Text != "The constabulary should immediately audit a sample of calls each month" {
		t.Errorf("immediate recommendations = %+v", recs)
	}
	found := map[string]string{}
	for _, a := range r.Glossary.Acronyms {
		found[a.Short] = a.Long
	}
	if found["MASH"] != "multi-agency safeguarding hub" || found["SPO"] != "stalking protection orders" {
		t.Errorf("acronyms = %v", found)
	}
	if p := findPassage(t, r, "review stalking cases"); p.Heading != "The constabulary runs a joint stalking clinic" || p.Kind != KindPractice || p.Section != "Promising practice" {
		t.Errorf("promising practice cited as %q [%s]", p.Path(), p.Kind)
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"synthetic-peel-2023-25.txt", "synthetic-peel-markdown.md"} {
		if err := os.WriteFile(filepath.Join(dir, f), readFixture(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Hidden files and folders (a saved web page's "_files" folder) are
	// not reports.
	if err := os.WriteFile(filepath.Join(dir, ".DS_Store"), []byte("\x00\x01"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "page_files"), 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range l.Reports {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, ",") != "herts-2021,northmoor-2023,southvale-2022" {
		t.Errorf("loaded %v", ids)
	}
	if l.AFI("northmoor-2023-afi-2") == nil {
		t.Error("AFI of an added report not found")
	}
}

func TestLoadStopsAtAFileItCannotRead(t *testing.T) {
	for name, data := range map[string]string{
		"notes.pdf":    "not a PDF at all",
		"report.docx":  "PK\x03\x04 zipped",
		"chart.png":    "\x89PNG\r\n",
		"saved.mhtml":  "MIME-Version: 1.0\r\nContent-Type: multipart/related",
		"minutes.html": "<!DOCTYPE html><html><body><h1>Minutes</h1><p>We met.</p></body></html>",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "synthetic-peel-2023-25.txt"), readFixture(t, "synthetic-peel-2023-25.txt"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, name)+" line 1: ") {
			t.Errorf("%s: err = %v, want one naming the file and line", name, err)
		}
		if l != nil {
			t.Errorf("%s: a library was returned alongside the error", name)
		}
	}
}

func TestLoadStopsAtABadFile(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(string(readFixture(t, "synthetic-peel-2023-25.txt")), "Leadership and force management\n\nAdequate", "Leadership and force management\n\nGood", 1)
	if err := os.WriteFile(filepath.Join(dir, "synthetic-bad.txt"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "synthetic-bad.txt")+" line ") {
		t.Errorf("err = %v, want one naming the file and line", err)
	}
}

func TestLoadRefusesDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	data, err := embedded.ReadFile("reports/hertfordshire-peel-2021-22.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "copy.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), `report id "herts-2021" is already used`) {
		t.Errorf("err = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory loaded")
	}
}

func TestReportIDsAndURLs(t *testing.T) {
	cases := []struct{ force, round, id, url string }{
		{"Hertfordshire Constabulary", "PEEL 2021/22", "herts-2021", "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/"},
		{"Metropolitan Police Service", "PEEL 2023–25", "met-2023", "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/metropolitan-2023-25/"},
		{"Avon and Somerset Constabulary", "PEEL 2021/22", "avon-somerset-2021", "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/avon-and-somerset-2021-22/"},
		{"Northmoor Police", "PEEL 2023–25", "northmoor-2023", "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/northmoor-2023-25/"},
	}
	for _, c := range cases {
		if got := reportID(c.force, c.round); got != c.id {
			t.Errorf("reportID(%q, %q) = %q, want %q", c.force, c.round, got, c.id)
		}
		if got := reportURL(c.force, c.round); got != c.url {
			t.Errorf("reportURL(%q, %q) = %q, want %q", c.force, c.round, got, c.url)
		}
	}
}

func FuzzParse(f *testing.F) {
	data, err := embedded.ReadFile("reports/hertfordshire-peel-2021-22.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, name := range []string{"synthetic-peel-2023-25.txt", "synthetic-peel-markdown.md"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("PEEL 2021/22\n\nAn inspection of X Police\n\nContents\n\nA\t1\n\nA\n\nGood\n\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("fuzz.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt line ") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		if len(r.Passages()) == 0 {
			t.Fatal("parsed a report with no passages")
		}
		for _, p := range r.Passages() {
			if p.ID == "" || p.Chapter == "" {
				t.Fatalf("passage without id or chapter: %+v", p)
			}
		}
	})
}
