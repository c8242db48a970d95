package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/reportgen"
)

const northmoorText = "../../corpus/testdata/synthetic-peel-2023-25.txt"

var (
	genOnce             sync.Once
	northmoorPDF        *reportgen.PDFResult
	northmoorHTML       []byte
	hertsPDF, hertsHTML []byte
)

// generated typesets the synthetic 2023–25 report and the embedded one as
// a print PDF and a web page, once.
func generated(t *testing.T) {
	t.Helper()
	genOnce.Do(func() {
		src, err := os.ReadFile(northmoorText)
		if err != nil {
			t.Fatal(err)
		}
		if northmoorPDF, err = reportgen.PDF("n.txt", src, reportgen.PDFOptions{GradeColumn: true}); err != nil {
			t.Fatal(err)
		}
		if northmoorHTML, _, err = reportgen.HTML("n.txt", src, reportgen.HTMLOptions{GradeColumn: true}); err != nil {
			t.Fatal(err)
		}
		herts, err := os.ReadFile("../../corpus/reports/hertfordshire-peel-2021-22.txt")
		if err != nil {
			t.Fatal(err)
		}
		res, err := reportgen.PDF("h.txt", herts, reportgen.PDFOptions{})
		if err != nil {
			t.Fatal(err)
		}
		hertsPDF = res.Data
		if hertsHTML, _, err = reportgen.HTML("h.txt", herts, reportgen.HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	if northmoorPDF == nil {
		t.Fatal("generating the reports failed")
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A user saves a report's PDF into the reports folder: check shows what it
// says and ask quotes it with exact printed pages.
func TestSavedPDFIsCheckedAndQuotedWithPrintedPages(t *testing.T) {
	generated(t)
	dir := t.TempDir()
	pdf := writeFile(t, dir, "northmoor.pdf", northmoorPDF.Data)
	code, out, stderr := runCmd(t, nil, "", "reports", "check", pdf)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Northmoor Police, PEEL 2023–25 (northmoor-2023), published March 2025, read as a print PDF",
		"Inadequate            Responding to the public",
		"areas for improvement (3):",
		"northmoor-2023-afi-2  p. 3  The force should improve how it records victims' wishes",
		"Accelerated cause of concern: The force is not answering emergency calls quickly enough",
		"recommendation northmoor-2023-coc-1-rec-1: The force should immediately make sure enough call handlers are on duty at busy times",
		"18 passages, pages 1–4, as printed",
		"warnings: none",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "ask", "--json", "--limit", "1", "kind:afi", "victims' wishes", "force:northmoor")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	var ans struct {
		Hits []struct {
			Report, Text string
			Page         int
		}
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || len(ans.Hits) != 1 {
		t.Fatalf("ask: %v: %s", err, out)
	}
	h := ans.Hits[0]
	r, _ := corpus.Read("n.pdf", northmoorPDF.Data, nil)
	want := 0
	for i, p := range r.Passages() {
		if p.Text == h.Text {
			want = northmoorPDF.Passages[i].Printed
		}
	}
	for _, s := range r.Statements() { // a headline quoted is on its finding's first page
		for i, p := range r.Passages() {
			if s.Text == h.Text && s.Position == p.Position && s.Chapter == p.Chapter && want == 0 {
				want = northmoorPDF.Passages[i].Printed
			}
		}
	}
	if h.Report != "northmoor-2023" || want == 0 || h.Page != want {
		t.Errorf("ask quoted %s p. %d %.60q; the passage is printed on page %d", h.Report, h.Page, h.Text, want)
	}
}

func TestCheckJSONUsesTheModelsFieldNames(t *testing.T) {
	generated(t)
	dir := t.TempDir()
	pdf := writeFile(t, dir, "n.pdf", northmoorPDF.Data)
	code, out, stderr := runCmd(t, nil, "", "reports", "check", pdf, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		ID, Force, Round, Published, URL string
		Chapters                         []struct {
			Title, Grade string
			Page         *int
			Sections     []struct {
				Title    string
				Findings []struct {
					Headline string
					Passages []struct {
						Text, Kind string
						Page       *int
						PageExact  *bool `json:"page_exact"`
					}
				}
			}
		}
		Grades   []map[string]any
		AFIs     []map[string]any
		Concerns []struct {
			Text            string
			Recommendations []map[string]any
		}
		Figures  []any
		Warnings []string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %.300s", err, out)
	}
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"id", "force", "round", "published", "url", "chapters", "grades", "afis", "concerns", "figures", "warnings"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in the JSON", k)
		}
	}
	if string(raw["warnings"]) != "[]" || string(raw["figures"]) != "[]" {
		t.Errorf("empty lists are not []: warnings %s, figures %s", raw["warnings"], raw["figures"])
	}
	if r.ID != "northmoor-2023" || len(r.AFIs) != 3 || len(r.Grades) != 5 || len(r.Concerns) != 3 || len(r.Concerns[1].Recommendations) != 3 {
		t.Errorf("parsed %+v", r)
	}
	for _, c := range r.Chapters {
		if c.Title != "Responding to the public" {
			continue
		}
		p := c.Sections[0].Findings[0].Passages[0]
		if c.Grade != "Inadequate" || c.Page == nil || *c.Page == 0 || p.Page == nil || *p.Page == 0 || p.PageExact == nil || !*p.PageExact || p.Kind != "cause of concern" {
			t.Errorf("chapter %s graded %q, passage %q %s page %v", c.Title, c.Grade, p.Text, p.Kind, p.Page)
		}
	}
	// Several files: an array.
	html := writeFile(t, dir, "n.html", northmoorHTML)
	code, out, _ = runCmd(t, nil, "", "reports", "check", "--json", pdf, html)
	var many []map[string]any
	if err := json.Unmarshal([]byte(out), &many); code != 0 || err != nil || len(many) != 2 || many[1]["form"] != "html" {
		t.Errorf("two files: exit %d, %v, %d", code, err, len(many))
	}
}

func TestCheckSaysWhatIsWrongWithAFile(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		data []byte
		want string
	}{
		"scan.pdf":    {reportgen.ScannedPDF(2), "scan.pdf PDF page 1: the PDF has no text layer"},
		"minutes.pdf": {reportgen.TextPDF("Minutes", "We met."), "minutes.pdf PDF page 1: no contents list"},
		"notes.docx":  {[]byte("PK\x03\x04…"), "notes.docx line 1: a Word, OpenDocument or other zipped document"},
	}
	for name, c := range cases {
		p := writeFile(t, dir, name, c.data)
		code, out, stderr := runCmd(t, nil, "", "reports", "check", p)
		if code != 1 || out != "" || !strings.Contains(stderr, filepath.Join(dir, c.want)) {
			t.Errorf("%s: exit %d, out %q, stderr %q; want %q", name, code, out, stderr, c.want)
		}
	}
}

// reportServer serves generated reports as the inspectorate's site would.
func reportServer(t *testing.T) *httptest.Server {
	generated(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/peel-reports/northmoor-2023-25/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(northmoorHTML)
	})
	mux.HandleFunc("/uploads/northmoor.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(northmoorPDF.Data)
	})
	mux.HandleFunc("/download", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/uploads/northmoor.pdf", http.StatusFound)
	})
	mux.HandleFunc("/octet.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(northmoorPDF.Data)
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	mux.HandleFunc("/huge.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		chunk := make([]byte, 1<<16)
		for i := 0; i < 40; i++ { // 2.5 MB, streamed without a length
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow.pdf", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/missing.pdf", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAddFromURLsRefreshesThePrebuiltIndex(t *testing.T) {
	srv := reportServer(t)
	dir, ix := t.TempDir(), filepath.Join(t.TempDir(), "index")
	env := map[string]string{"PEEL_REPORTS_DIR": dir, "PEEL_INDEX_DIR": ix}
	if code, _, stderr := runCmd(t, env, "", "index", "--out", ix); code != 0 {
		t.Fatalf("index: %s", stderr)
	}
	code, out, stderr := runCmd(t, env, "", "reports", "add", srv.URL+"/download", srv.URL+"/peel-reports/northmoor-2023-25/")
	if code != 0 {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"added northmoor-2023: Northmoor Police, PEEL 2023–25, read as a print PDF", filepath.Join(dir, "northmoor-2023.pdf"), filepath.Join(dir, "northmoor-2023.html"), "rebuilt the index in " + ix} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}
	meta, err := os.ReadFile(filepath.Join(dir, "northmoor-2023.pdf.meta"))
	if err != nil || !strings.Contains(string(meta), "pdf_url: "+srv.URL+"/uploads/northmoor.pdf") {
		t.Errorf("the PDF's address after the redirect not kept: %q %v", meta, err)
	}
	meta, _ = os.ReadFile(filepath.Join(dir, "northmoor-2023.html.meta"))
	if !strings.Contains(string(meta), "url: "+srv.URL+"/peel-reports/northmoor-2023-25/") {
		t.Errorf("the web page's address not kept: %q", meta)
	}
	// One report from its two forms, its web page's text with the PDF's
	// pages, searched through the rebuilt prebuilt index with a link to
	// the passage on the web page and the PDF's page beside it.
	code, out, stderr = runCmd(t, env, "", "ask", "--json", "--limit", "1", "victims' wishes", "force:northmoor")
	if code != 0 || strings.Contains(stderr, "stale") {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	var ans struct {
		Hits []struct {
			Report, URL string
			PDFURL      string `json:"pdf_url"`
			Page        int
		}
	}
	json.Unmarshal([]byte(out), &ans)
	if len(ans.Hits) != 1 || ans.Hits[0].Report != "northmoor-2023" || ans.Hits[0].Page == 0 ||
		ans.Hits[0].URL != srv.URL+"/peel-reports/northmoor-2023-25/#:~:text=The%20force%20should%20improve%20how%20it%20records%20victims" ||
		ans.Hits[0].PDFURL != fmt.Sprintf("%s/uploads/northmoor.pdf#page=%d", srv.URL, ans.Hits[0].Page+northmoorPDF.BodyStart-1) {
		t.Errorf("ask = %+v", ans.Hits)
	}
	code, out, _ = runCmd(t, env, "", "reports", "--json")
	var list []struct{ ID string }
	json.Unmarshal([]byte(out), &list)
	if code != 0 || len(list) != 2 {
		t.Errorf("reports lists %+v, want herts and northmoor once each", list)
	}
	// The same file again changes nothing; another PDF of it is refused.
	code, out, _ = runCmd(t, env, "", "reports", "add", srv.URL+"/uploads/northmoor.pdf")
	if code != 0 || !strings.Contains(out, "is already in "+dir+" as northmoor-2023") {
		t.Errorf("adding the same PDF again: exit %d, %s", code, out)
	}
	other := writeFile(t, t.TempDir(), "n.pdf", append(append([]byte(nil), northmoorPDF.Data...), "\n% another edition\n"...))
	code, _, stderr = runCmd(t, env, "", "reports", "add", other)
	if code != 1 || !strings.Contains(stderr, "is already in the folder as "+filepath.Join(dir, "northmoor-2023.pdf")) || !strings.Contains(stderr, "nothing was added") {
		t.Errorf("a second PDF of one report: exit %d, %s", code, stderr)
	}
	// Removed, it is gone from the folder and the index.
	code, out, stderr = runCmd(t, env, "", "reports", "remove", "northmoor-2023")
	if code != 0 || !strings.Contains(out, "removed northmoor-2023 (Northmoor Police, PEEL 2023–25)") {
		t.Fatalf("remove: exit %d: %s %s", code, out, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left in the folder: %v", entries)
	}
	code, out, stderr = runCmd(t, env, "", "ask", "--json", "force:northmoor", "victims")
	if code != 0 || strings.Contains(out, "northmoor-2023") || strings.Contains(stderr, "stale") {
		t.Errorf("after remove: exit %d, %s %s", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "reports", "remove", "herts-2021"); code != 1 || !strings.Contains(stderr, "herts-2021 is built into peelbot") {
		t.Errorf("removing the embedded report: exit %d, %s", code, stderr)
	}
}

func TestAddRefusesWhatItShouldNotDownload(t *testing.T) {
	srv := reportServer(t)
	dir := t.TempDir()
	env := map[string]string{"PEEL_REPORTS_DIR": dir}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{srv.URL + "/image.png"}, `served as "image/png", not a PDF, web page or text`},
		{[]string{"--max-mb", "1", srv.URL + "/huge.pdf"}, "larger than the 1 MB allowed (--max-mb)"},
		{[]string{"--timeout", "200ms", srv.URL + "/slow.pdf"}, "(--timeout)"},
		{[]string{srv.URL + "/missing.pdf"}, "the server answered 404 Not Found"},
		{[]string{"ftp://example.org/x.pdf"}, "no such file"},
		{[]string{"http://user:secret@127.0.0.1/x.pdf"}, "a URL with a user name or password is refused"},
		// One bad report among good ones: none is added.
		{[]string{srv.URL + "/octet.pdf", srv.URL + "/image.png"}, "nothing was added"},
	}
	for _, c := range cases {
		code, _, stderr := runCmd(t, env, "", append([]string{"reports", "add"}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("add %v: exit %d, %s\nwant %q", c.args, code, stderr, c.want)
		}
		if strings.Contains(stderr, "secret") {
			t.Errorf("add %v printed the URL's password: %s", c.args, stderr)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("add %v left files: %v", c.args, entries)
		}
	}
	if code, _, stderr := runCmd(t, map[string]string{"PEEL_REPORTS_DIR": writeFile(t, t.TempDir(), "a-file", nil)}, "", "reports", "add", srv.URL+"/octet.pdf"); code != 1 || !strings.Contains(stderr, "is not a directory") {
		t.Errorf("a reports folder that is a file: exit %d, %s", code, stderr)
	}
	// Served as octet-stream, a PDF is still a PDF.
	if code, out, stderr := runCmd(t, env, "", "reports", "add", srv.URL+"/octet.pdf"); code != 0 || !strings.Contains(out, "added northmoor-2023") {
		t.Errorf("octet-stream PDF: exit %d, %s %s", code, out, stderr)
	}
}

func TestReportsFolderWithEveryForm(t *testing.T) {
	generated(t)
	dir := t.TempDir()
	writeFile(t, dir, "herts.pdf", hertsPDF)
	writeFile(t, dir, "herts.html", hertsHTML)
	writeFile(t, dir, "northmoor.html", northmoorHTML)
	code, out, stderr := runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "reports", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var list []struct {
		ID, Form string
		AFIs     int
	}
	json.Unmarshal([]byte(out), &list)
	if len(list) != 2 || list[0].ID != "herts-2021" || list[0].AFIs != 9 || list[1].Form != "html" {
		t.Errorf("reports = %+v", list)
	}
	// The embedded report quoted from its web page with the PDF's pages.
	code, out, _ = runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "ask", "dvpo")
	if code != 0 || !strings.Contains(out, "lowest rate of use of DVPOs") {
		t.Errorf("ask dvpo: %s", out)
	}
	writeFile(t, dir, "notes.pdf", []byte("not really a PDF"))
	code, _, stderr = runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "ask", "dvpo")
	if code != 1 || !strings.Contains(stderr, filepath.Join(dir, "notes.pdf")+" line 1: named .pdf but not a PDF") {
		t.Errorf("a file it cannot read: exit %d, %s", code, stderr)
	}
}

func TestWebPageAloneIsQuotedWithoutAPage(t *testing.T) {
	generated(t)
	dir := t.TempDir()
	writeFile(t, dir, "northmoor.html", northmoorHTML)
	code, out, stderr := runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "ask", "--limit", "1", "force:northmoor", "victims' wishes")
	if code != 0 || !strings.Contains(out, "\n   https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/northmoor-2023-25/#:~:text=The%20force%20should%20improve%20how%20it%20records%20victims\n") ||
		strings.Contains(out, "p. 0") || strings.Contains(out, "PDF:") {
		t.Errorf("exit %d: %s %s", code, out, stderr)
	}
}

// The README's first steps: the folders are named before either exists.
// Until a report is added every command goes on with the embedded report
// and says, in one line, that the folder does not exist yet; serve refuses
// to start without it; reports add creates it, and then it is read.
func TestTheReadmesFirstStepsWithFoldersNotYetMade(t *testing.T) {
	home := t.TempDir()
	reports := filepath.Join(home, "peel-reports")
	env := map[string]string{"PEEL_REPORTS_DIR": reports, "PEEL_INDEX_DIR": filepath.Join(home, "peel-index"),
		"PEEL_DB_PATH": filepath.Join(home, "peel.db")}
	warning := "warning: the reports folder " + reports + " (PEEL_REPORTS_DIR) does not exist, so only the embedded report is loaded; `peelbot reports add FILE` creates it\n"
	// ask also says, in a line of its own, that the index is not made yet.
	for _, args := range [][]string{{"ask", "victims' wishes"}, {"afi", "list"}, {"reports"}} {
		code, out, stderr := runCmd(t, env, "", args...)
		if lines := strings.SplitAfter(stderr, "\n"); code != 0 || lines[0] != warning || len(lines) > 3 || !strings.Contains(out, "Hertfordshire") {
			t.Errorf("%v before the folder exists: exit %d, stderr %q\n%s", args, code, stderr, out)
		}
	}
	if code, _, stderr := runCmd(t, env, "", "serve"); code != 2 || !strings.Contains(stderr, "peelbot serve: the reports folder "+reports+" (PEEL_REPORTS_DIR) does not exist: create it") {
		t.Errorf("serve before the folder exists: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "reports", "remove", "northmoor-2023"); code != 1 || !strings.Contains(stderr, reports+" does not exist, so it holds no report to remove") {
		t.Errorf("remove before the folder exists: exit %d, %s", code, stderr)
	}
	code, out, stderr := runCmd(t, env, "", "reports", "add", northmoorText)
	if code != 0 || !strings.Contains(out, "added northmoor-2023") || !strings.Contains(out, "rebuilt the index in "+env["PEEL_INDEX_DIR"]) {
		t.Fatalf("add: exit %d, %s %s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, env, "", "ask", "--json", "--limit", "1", "victims' wishes", "force:northmoor")
	if code != 0 || stderr != "" || !strings.Contains(out, "northmoor-2023") {
		t.Errorf("ask after add: exit %d, %q\n%s", code, stderr, out)
	}
	if entries, _ := os.ReadDir(reports); len(entries) == 0 {
		t.Errorf("the report is not in the folder it made")
	}
	code, out, stderr = runCmd(t, env, "", "afi", "list", "force:northmoor")
	if code != 0 || stderr != "" || !strings.Contains(out, "northmoor-2023-afi-1") {
		t.Errorf("afi list after add: exit %d, %q\n%s", code, stderr, out)
	}
}
