package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

func TestParsedModelCache(t *testing.T) {
	n := forms(t, northmoorFile)
	dir := writeFiles(t, map[string][]byte{
		"northmoor.pdf":      n.pdf.Data,
		"northmoor.pdf.meta": []byte("pdf_url: https://example.org/n.pdf\n"),
		"southvale.md":       source(t, "testdata/synthetic-peel-markdown.md"),
	})
	cache := filepath.Join(t.TempDir(), corpus.CacheFile)
	lib, status, err := corpus.LoadCached(dir, cache)
	if err != nil || status != corpus.CacheNone {
		t.Fatalf("no cache yet: %v, %v", status, err)
	}
	if err := lib.WriteCache(cache); err != nil {
		t.Fatal(err)
	}
	cached, status, err := corpus.LoadCached(dir, cache)
	if err != nil || status != corpus.CacheHit {
		t.Fatalf("same files: %v, %v", status, err)
	}
	if len(cached.Reports) != len(lib.Reports) {
		t.Fatalf("%d reports from the cache, %d parsed", len(cached.Reports), len(lib.Reports))
	}
	for i, r := range lib.Reports {
		c := cached.Reports[i]
		if c.ID != r.ID || c.Form != r.Form || c.PDFURL != r.PDFURL || len(c.Passages()) != len(r.Passages()) || fmtGrades(c) != fmtGrades(r) {
			t.Errorf("report %d from the cache differs: %s %s %q", i, c.ID, c.Form, c.PDFURL)
		}
		for j, p := range r.Passages() {
			q := c.Passages()[j]
			if q.ID != p.ID || q.Text != p.Text || q.Page != p.Page || q.PageExact != p.PageExact || q.PDFPage != p.PDFPage {
				t.Errorf("%s passage %d from the cache differs", r.ID, j)
				break
			}
		}
		// An AFI's passages are the findings' own, not copies.
		for _, a := range c.AFIs {
			for _, p := range a.Passages {
				if cached.Passage(p.ID) != p {
					t.Errorf("%s: AFI %s holds a copy of passage %s", c.ID, a.ID, p.ID)
				}
			}
		}
	}
	// Any change to the files makes the cache out of date.
	changes := []func(){
		func() { // same size and time, new content
			data := strings.Replace(string(source(t, "testdata/synthetic-peel-markdown.md")), "wraps", "warps", 1)
			write(t, filepath.Join(dir, "southvale.md"), []byte(data))
		},
		func() {
			write(t, filepath.Join(dir, "northmoor.pdf.meta"), []byte("pdf_url: https://example.org/other.pdf\n"))
		},
		func() { write(t, filepath.Join(dir, "extra.txt"), source(t, "testdata/synthetic-peel-markdown.md")) },
		func() { os.Remove(filepath.Join(dir, "southvale.md")) },
	}
	for i, change := range changes {
		lib, _, err := corpus.LoadCached(dir, cache)
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.WriteCache(cache); err != nil {
			t.Fatal(err)
		}
		change()
		if _, status, _ := corpus.LoadCached(dir, cache); status != corpus.CacheStale {
			t.Errorf("change %d: status %v, want out of date", i, status)
		}
		if i == 2 { // a duplicate report is refused, not served from the cache
			if _, _, err := corpus.LoadCached(dir, cache); err == nil {
				t.Error("a duplicate report added after the cache was written was loaded")
			}
			os.Remove(filepath.Join(dir, "extra.txt"))
		}
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	info, _ := os.Stat(path)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if info != nil { // keep the old time: the hash must catch the change
		os.Chtimes(path, time.Now(), info.ModTime())
	}
}

func fmtGrades(r *corpus.Report) string {
	s := ""
	for _, g := range r.Grades {
		s += g.Area + "=" + string(g.Rating) + ";"
	}
	return s
}
