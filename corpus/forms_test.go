package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/reportgen"
)

// The PDF and web page of a report are made here from its text layout by
// internal/reportgen, so that every word and every page of them is known.

const (
	hertsFile     = "reports/hertfordshire-peel-2021-22.txt"
	northmoorFile = "testdata/synthetic-peel-2023-25.txt"
)

func source(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type generated struct {
	text *corpus.Report
	pdf  *reportgen.PDFResult
	html []byte
}

var (
	genOnce sync.Map // file → *generated
)

// forms makes (once per test binary) the PDF and web page of a text
// report, the 2023–25 fixture with its grid as areas beside grades.
func forms(t testing.TB, file string) *generated {
	t.Helper()
	if g, ok := genOnce.Load(file); ok {
		return g.(*generated)
	}
	src := source(t, file)
	text, err := corpus.Parse(filepath.Base(file), src)
	if err != nil {
		t.Fatal(err)
	}
	column := file == northmoorFile
	pdf, err := reportgen.PDF(file, src, reportgen.PDFOptions{GradeColumn: column})
	if err != nil {
		t.Fatal(err)
	}
	html, _, err := reportgen.HTML(file, src, reportgen.HTMLOptions{GradeColumn: column})
	if err != nil {
		t.Fatal(err)
	}
	g := &generated{text: text, pdf: pdf, html: html}
	genOnce.Store(file, g)
	return g
}

func read(t testing.TB, name string, data []byte) *corpus.Report {
	t.Helper()
	r, err := corpus.Read(name, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// sameModel checks what must not depend on the form a report was read in.
func sameModel(t *testing.T, form string, want, got *corpus.Report) {
	t.Helper()
	if got.ID != want.ID || got.Force != want.Force || got.Round != want.Round || got.Published != want.Published {
		t.Errorf("%s: report %q %q %q %q, want %q %q %q %q", form, got.ID, got.Force, got.Round, got.Published, want.ID, want.Force, want.Round, want.Published)
	}
	if len(got.AFIs) != len(want.AFIs) {
		t.Fatalf("%s: %d AFIs, want %d", form, len(got.AFIs), len(want.AFIs))
	}
	for i, a := range want.AFIs {
		if g := got.AFIs[i]; g.Text != a.Text || g.Area != a.Area || g.ID != a.ID || len(g.Passages) != len(a.Passages) {
			t.Errorf("%s: AFI %d = %s [%s] %q (%d passages)\nwant %s [%s] %q (%d)", form, i+1, g.ID, g.Area, g.Text, len(g.Passages), a.ID, a.Area, a.Text, len(a.Passages))
		}
	}
	if fmt.Sprint(grades(got)) != fmt.Sprint(grades(want)) {
		t.Errorf("%s: grades %v, want %v", form, grades(got), grades(want))
	}
	if len(got.Concerns) != len(want.Concerns) {
		t.Fatalf("%s: %d causes of concern, want %d", form, len(got.Concerns), len(want.Concerns))
	}
	for i, c := range want.Concerns {
		g := got.Concerns[i]
		if g.Text != c.Text || g.Label != c.Label || len(g.Recommendations) != len(c.Recommendations) {
			t.Errorf("%s: concern %d = [%s] %q with %d recommendations, want [%s] %q with %d", form, i+1, g.Label, g.Text, len(g.Recommendations), c.Label, c.Text, len(c.Recommendations))
			continue
		}
		for j, r := range c.Recommendations {
			if g.Recommendations[j].Text != r.Text {
				t.Errorf("%s: recommendation %s = %q, want %q", form, r.ID, g.Recommendations[j].Text, r.Text)
			}
		}
	}
	wp, gp := want.Passages(), got.Passages()
	if d := len(gp) - len(wp); d*50 > len(wp) || -d*50 > len(wp) {
		t.Errorf("%s: %d passages, want %d within 2%%", form, len(gp), len(wp))
	}
	ids := map[string]string{}
	for _, p := range wp {
		ids[norm(p.Text)] = p.ID
	}
	found := 0
	for _, p := range gp {
		id, ok := ids[norm(p.Text)]
		if !ok {
			t.Errorf("%s: passage not in the text: [%s] %.120q", form, p.Path(), p.Text)
			continue
		}
		found++
		if id != p.ID {
			t.Errorf("%s: passage %.60q has id %s, the text's has %s", form, p.Text, p.ID, id)
		}
	}
	if found*100 < len(wp)*98 {
		t.Errorf("%s: %d of the text's %d passages found", form, found, len(wp))
	}
	for i, p := range wp {
		if i < len(gp) && (gp[i].Chapter != p.Chapter || gp[i].Section != p.Section || gp[i].Heading != p.Heading || gp[i].Kind != p.Kind) {
			t.Errorf("%s: passage %d cited as %q [%s], want %q [%s]", form, i, gp[i].Path(), gp[i].Kind, p.Path(), p.Kind)
			break
		}
	}
	var wc, gc []string
	for _, f := range want.Figures {
		wc = append(wc, f.Caption)
	}
	for _, f := range got.Figures {
		gc = append(gc, f.Caption)
	}
	if fmt.Sprint(gc) != fmt.Sprint(wc) {
		t.Errorf("%s: figure captions %q, want %q", form, gc, wc)
	}
}

func grades(r *corpus.Report) []string {
	var out []string
	for _, g := range r.Grades {
		out = append(out, g.Area+"="+string(g.Rating)+"@"+g.Chapter)
	}
	return out
}

func TestEveryFormGivesTheSameModel(t *testing.T) {
	for _, file := range []string{hertsFile, northmoorFile} {
		g := forms(t, file)
		t.Run(filepath.Base(file), func(t *testing.T) {
			sameModel(t, "PDF", g.text, read(t, "report.pdf", g.pdf.Data))
			sameModel(t, "web page", g.text, read(t, "report.html", g.html))
		})
	}
	g := forms(t, hertsFile)
	if len(g.text.AFIs) != 9 || len(g.text.Grades) != 8 {
		t.Fatalf("the embedded report has %d AFIs and %d grades, want 9 and 8", len(g.text.AFIs), len(g.text.Grades))
	}
}

func TestPDFPagesArePrintedPages(t *testing.T) {
	for _, file := range []string{hertsFile, northmoorFile} {
		g := forms(t, file)
		r := read(t, "report.pdf", g.pdf.Data)
		if r.Form != corpus.FormPDF || !r.PagesExact() {
			t.Errorf("%s: form %q, exact %v", file, r.Form, r.PagesExact())
		}
		for i, p := range r.Passages() {
			want := g.pdf.Passages[i]
			if p.Page != want.Printed || p.PDFPage != want.PDF || !p.PageExact {
				t.Errorf("%s: passage %.50q on page %d (PDF page %d, exact %v), set on %d (PDF page %d)", file, p.Text, p.Page, p.PDFPage, p.PageExact, want.Printed, want.PDF)
			}
		}
		for _, c := range r.Chapters {
			if want := g.pdf.Chapters[c.Title]; c.Page != want.Printed {
				t.Errorf("%s: chapter %q on page %d, set on %d", file, c.Title, c.Page, want.Printed)
			}
		}
		if len(r.Warnings) != 0 {
			t.Errorf("%s: warnings %q", file, r.Warnings)
		}
		// Printed page 1 is not the PDF's first page: the cover and the
		// contents are not numbered.
		if first := r.Passages()[0]; first.Page != 1 || first.PDFPage != g.pdf.BodyStart || g.pdf.BodyStart < 3 {
			t.Errorf("%s: first passage on page %d, PDF page %d; body starts on PDF page %d", file, first.Page, first.PDFPage, g.pdf.BodyStart)
		}
	}
}

func TestPDFFurnitureAndFiguresAreNotText(t *testing.T) {
	g := forms(t, hertsFile)
	r := read(t, "report.pdf", g.pdf.Data)
	for _, p := range r.Passages() {
		for _, bad := range []string{"HMICFRS – Hertfordshire", "– An inspection of Hertfordshire Constabulary", "Contents", "2017 2018", "Police effectiveness, efficiency and legitimacy", "Outstanding"} {
			if strings.Contains(p.Text, bad) {
				t.Errorf("passage %s holds page furniture, cover or chart text %q: %.100q", p.ID, bad, p.Text)
			}
		}
		if f := strings.Fields(p.Text); len(f) > 0 && strings.Trim(f[len(f)-1], "0123456789") == "" {
			t.Errorf("passage %s ends in a page number: %.100q", p.ID, p.Text)
		}
	}
}

func TestPDFRejoinsWhatPagesAndLinesCut(t *testing.T) {
	g := forms(t, hertsFile)
	if len(g.pdf.Split) < 5 || len(g.pdf.Hyphenated) < 10 || len(g.pdf.Compounds) < 1 {
		t.Fatalf("the generated PDF cuts %d paragraphs at a page, hyphenates %d words and breaks %d compounds: too few to test", len(g.pdf.Split), len(g.pdf.Hyphenated), len(g.pdf.Compounds))
	}
	r := read(t, "report.pdf", g.pdf.Data)
	text := g.text.Passages()
	got := r.Passages()
	for _, i := range g.pdf.Split {
		if norm(got[i].Text) != norm(text[i].Text) {
			t.Errorf("paragraph cut by a page break not rejoined:\n got %.200q\nwant %.200q", got[i].Text, text[i].Text)
		}
	}
	all := ""
	for _, p := range got {
		all += p.Text + "\n"
	}
	for _, w := range g.pdf.Hyphenated {
		if joined := strings.Replace(w, "-", "", 1); !strings.Contains(all, joined) {
			t.Errorf("hyphenated %q not rejoined as %q", w, joined)
		}
	}
	for _, w := range g.pdf.Compounds {
		if !strings.Contains(all, w) {
			t.Errorf("compound %q lost its hyphen", w)
		}
	}
}

func TestPDFContentsThatDisagreeWithThePages(t *testing.T) {
	src := source(t, hertsFile)
	res, err := reportgen.PDF("herts.txt", src, reportgen.PDFOptions{WrongContents: "Investigating crime"})
	if err != nil {
		t.Fatal(err)
	}
	r := read(t, "herts.pdf", res.Data)
	page := res.Chapters["Investigating crime"].Printed
	want := fmt.Sprintf("herts.pdf page %d (PDF page %d): the contents list gives page %d for \"Investigating crime\"", page, res.Chapters["Investigating crime"].PDF, page+1)
	if len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], want) {
		t.Errorf("warnings %q, want one starting %q", r.Warnings, want)
	}
	for _, c := range r.Chapters {
		if c.Title == "Investigating crime" && c.Page != page {
			t.Errorf("chapter page %d, want the printed %d", c.Page, page)
		}
	}
}

func TestPDFWithoutPageNumbersCountsFromTheContents(t *testing.T) {
	src := source(t, northmoorFile)
	res, err := reportgen.PDF("n.txt", src, reportgen.PDFOptions{NoPageNumbers: true, GradeColumn: true})
	if err != nil {
		t.Fatal(err)
	}
	r := read(t, "n.pdf", res.Data)
	for i, p := range r.Passages() {
		if p.Page != res.Passages[i].Printed {
			t.Errorf("passage %d on page %d, set on %d", i, p.Page, res.Passages[i].Printed)
		}
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "no page numbers are printed") {
		t.Errorf("warnings %q", r.Warnings)
	}
}

func TestPDFsPeelbotCannotRead(t *testing.T) {
	src := source(t, northmoorFile)
	locked, err := reportgen.PDF("n.txt", src, reportgen.PDFOptions{UserPassword: "secret", OwnerPassword: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	dropped, err := reportgen.PDF("n.txt", src, reportgen.PDFOptions{DropHeading: "Cause of concern"})
	if err != nil {
		t.Fatal(err)
	}
	good := forms(t, northmoorFile).pdf.Data
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"scanned", reportgen.ScannedPDF(3), "scanned.pdf PDF page 1: the PDF has no text layer: its pages are scanned images"},
		{"encrypted", locked.Data, "encrypted.pdf PDF page 1: the PDF is encrypted and needs a password"},
		{"minutes", reportgen.TextPDF("Minutes of the board", "We met and agreed the budget.", "Actions are listed below."), "minutes.pdf PDF page 1: no contents list"},
		{"no heading", dropped.Data, "no heading.pdf PDF page 2: contents lists \"Cause of concern\" but the text reaches"},
		{"truncated", good[:len(good)/2], "truncated.pdf PDF page 1: not a PDF peelbot can read"},
	}
	for _, c := range cases {
		_, err := corpus.Read(c.name+".pdf", c.data, nil)
		var pe *corpus.ParseError
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: err = %v\nwant one starting %q", c.name, err, c.want)
		}
	}
	// Encrypted with only an owner password, as fpdf does it (40-bit RC4),
	// it opens in a viewer but not in the PDF library: said so, not
	// misread.
	open, err := reportgen.PDF("n.txt", src, reportgen.PDFOptions{OwnerPassword: "owner", GradeColumn: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Read("open.pdf", open.Data, nil); err == nil || !strings.HasPrefix(err.Error(), "open.pdf PDF page 1: the PDF is encrypted (its owner restricted what may be done with it) in a way peelbot cannot read") {
		t.Errorf("a PDF with only an owner password: err = %v", err)
	}
}

func TestWebPageChromeIsNotText(t *testing.T) {
	src := source(t, hertsFile)
	g := forms(t, hertsFile)
	noMain, _, err := reportgen.HTML("herts.txt", src, reportgen.HTMLOptions{NoMain: true, PDFLink: "https://example.org/herts.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string][]byte{"with <main>": g.html, "without <main>": noMain} {
		r := read(t, "herts.html", page)
		sameModel(t, name, g.text, r)
		for _, p := range r.Passages() {
			for _, bad := range []string{"cookies", "Print this document", "Skip to main content", "Breadcrumb", "Accessibility", "Open Government Licence", "Download the report", "Our work"} {
				if strings.Contains(p.Text, bad) {
					t.Errorf("%s: passage %s holds site chrome %q: %.100q", name, p.ID, bad, p.Text)
				}
			}
			if p.Page != 0 || p.PageExact {
				t.Errorf("%s: a web page gave passage %s page %d", name, p.ID, p.Page)
			}
		}
		if r.URL != g.text.URL {
			t.Errorf("%s: url %q", name, r.URL)
		}
		if len(r.Glossary.Terms) != len(g.text.Glossary.Terms) {
			t.Errorf("%s: %d glossary terms from the page's links, the text has %d", name, len(r.Glossary.Terms), len(g.text.Glossary.Terms))
		}
	}
	if r := read(t, "herts.html", noMain); r.PDFURL != "https://example.org/herts.pdf" {
		t.Errorf("pdf_url from the page's link = %q", r.PDFURL)
	}
	if r := read(t, "herts.html", g.html); !strings.HasPrefix(r.PDFURL, "https://hmicfrs.justiceinspectorates.gov.uk/wp-content/uploads/") {
		t.Errorf("pdf_url from a relative link = %q", r.PDFURL)
	}
}

// writeFiles writes files into a new folder.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOneReportInSeveralFormsIsOneReport(t *testing.T) {
	h, n := forms(t, hertsFile), forms(t, northmoorFile)
	dir := writeFiles(t, map[string][]byte{
		"herts.pdf":          h.pdf.Data,
		"herts.html":         h.html,
		"northmoor.pdf":      n.pdf.Data,
		"northmoor.pdf.meta": []byte("pdf_url: https://example.org/northmoor.pdf\n"),
		"northmoor.html":     n.html,
	})
	lib, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range lib.Reports {
		ids = append(ids, r.ID+"/"+string(r.Form))
	}
	if strings.Join(ids, ",") != "herts-2021/html,northmoor-2023/html" {
		t.Fatalf("reports %v, want herts (embedded text, PDF and web page) and northmoor (PDF and web page) once each, from their web pages", ids)
	}
	if len(lib.Warnings) != 0 {
		t.Errorf("warnings %q", lib.Warnings)
	}
	for _, c := range []struct {
		r   *corpus.Report
		g   *generated
		pdf string
	}{{lib.Reports[0], h, "herts.pdf"}, {lib.Reports[1], n, "northmoor.pdf"}} {
		if c.r.PagesFrom != filepath.Join(dir, c.pdf) {
			t.Errorf("%s: pages from %q", c.r.ID, c.r.PagesFrom)
		}
		for i, p := range c.r.Passages() {
			if want := c.g.pdf.Passages[i]; p.Page != want.Printed || p.PDFPage != want.PDF || !p.PageExact {
				t.Errorf("%s: passage %d on page %d (PDF %d), set on %d (PDF %d)", c.r.ID, i, p.Page, p.PDFPage, want.Printed, want.PDF)
				break
			}
		}
	}
	// Both addresses known: the link finds the passage on the web page,
	// and the citation gives the PDF's page beside it.
	nm := lib.Reports[1]
	p := nm.AFIs[0].Passages[0]
	c := lib.CitePassage(p)
	if want := fmt.Sprintf("https://example.org/northmoor.pdf#page=%d", p.PDFPage); nm.PDFURL != "https://example.org/northmoor.pdf" || c.PDFLink != want || nm.PDFLink(p) != want {
		t.Errorf("PDF link %q, want %q", c.PDFLink, want)
	}
	if want := corpus.TextFragmentURL(nm.URL, corpus.OpeningWords(p.Text)); c.Link != want || nm.Link(p) != want {
		t.Errorf("link %q, want %q", c.Link, want)
	}
	// Only the PDF's address known: its page.
	nm.URL = ""
	if want := fmt.Sprintf("https://example.org/northmoor.pdf#page=%d", p.PDFPage); nm.Link(p) != want {
		t.Errorf("link with only the PDF known %q, want %q", nm.Link(p), want)
	}
	if lib.AFI("northmoor-2023-afi-1") == nil || len(lib.AFIs()) != 9+3 {
		t.Errorf("%d AFIs in the library", len(lib.AFIs()))
	}
}

func TestTwoFilesOfOneFormAreRefused(t *testing.T) {
	n := forms(t, northmoorFile)
	dir := writeFiles(t, map[string][]byte{"a.pdf": n.pdf.Data, "b.pdf": n.pdf.Data})
	if _, err := corpus.Load(dir); err == nil || !strings.Contains(err.Error(), `report id "northmoor-2023" is already used by`) {
		t.Errorf("err = %v", err)
	}
}

func TestFrontMatterBesideAFile(t *testing.T) {
	n := forms(t, northmoorFile)
	dir := writeFiles(t, map[string][]byte{
		"n.pdf":      n.pdf.Data,
		"n.pdf.meta": []byte("---\nid: northmoor-first\nurl: https://example.org/n/\npublished: April 2025\n---\n"),
	})
	lib, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Report("northmoor-first")
	if r == nil || r.URL != "https://example.org/n/" || r.Published != "April 2025" {
		t.Fatalf("front matter beside the PDF not applied: %+v", lib.Reports)
	}
	bad := writeFiles(t, map[string][]byte{"n.pdf": n.pdf.Data, "n.pdf.meta": []byte("colour: blue\n")})
	if _, err := corpus.Load(bad); err == nil || !strings.Contains(err.Error(), "n.pdf.meta line 1: unknown key \"colour\"") {
		t.Errorf("err = %v", err)
	}
	orphan := writeFiles(t, map[string][]byte{"gone.pdf.meta": []byte("id: x\n")})
	if _, err := corpus.Load(orphan); err == nil || !strings.Contains(err.Error(), "gone.pdf.meta: front matter for gone.pdf") {
		t.Errorf("err = %v", err)
	}
}

func TestWebPageTitledOtherwise(t *testing.T) {
	g := forms(t, northmoorFile)
	page := strings.Replace(string(g.html), "<h1>PEEL 2023–25 – Police effectiveness, efficiency and legitimacy: An inspection of Northmoor Police</h1>", "<h1>Northmoor 2023–25</h1>", 1)
	if page == string(g.html) {
		t.Fatal("the generated title changed; update this test")
	}
	if _, err := corpus.Read("n.html", []byte(page), nil); err == nil || !strings.Contains(err.Error(), "no PEEL round") {
		t.Errorf("a title naming neither PEEL nor the force: %v", err)
	}
	herts := string(forms(t, hertsFile).html)
	for _, title := range []string{"Hertfordshire Constabulary – PEEL 2021/22", "PEEL: Police effectiveness, efficiency and legitimacy 2021/22 – Hertfordshire Constabulary"} {
		page := strings.Replace(herts, "<h1>PEEL 2021/22 – Police effectiveness, efficiency and legitimacy: An inspection of Hertfordshire Constabulary</h1>", "<h1>"+title+"</h1>", 1)
		r, err := corpus.Read("h.html", []byte(page), nil)
		if err != nil {
			t.Errorf("%q: %v", title, err)
			continue
		}
		if r.ID != "herts-2021" || r.Force != "Hertfordshire Constabulary" {
			t.Errorf("%q read as %s, %q, %q", title, r.ID, r.Force, r.Round)
		}
	}
}
