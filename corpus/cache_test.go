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
	// A changed file is parsed again; the others come from the cache.
	changes := []struct {
		change func()
		want   corpus.CacheStatus
		ids    string
	}{
		{func() { // same size and time, new content
			data := strings.Replace(string(source(t, "testdata/synthetic-peel-markdown.md")), "wraps", "warps", 1)
			write(t, filepath.Join(dir, "southvale.md"), []byte(data))
		}, corpus.CachePartial, "herts-2021,northmoor-2023,southvale-2022"},
		{func() {
			write(t, filepath.Join(dir, "northmoor.pdf.meta"), []byte("pdf_url: https://example.org/other.pdf\n"))
		},
			corpus.CachePartial, "herts-2021,northmoor-2023,southvale-2022"},
		{func() { write(t, filepath.Join(dir, "northmoor.txt"), source(t, northmoorFile)) }, // one more form of a report
			corpus.CachePartial, "herts-2021,northmoor-2023,southvale-2022"},
		{func() { os.Remove(filepath.Join(dir, "southvale.md")) }, corpus.CacheHit, "herts-2021,northmoor-2023"},
	}
	for i, c := range changes {
		lib, _, err := corpus.LoadCached(dir, cache)
		if err != nil {
			t.Fatal(err)
		}
		if err := lib.WriteCache(cache); err != nil {
			t.Fatal(err)
		}
		c.change()
		lib, status, err := corpus.LoadCached(dir, cache)
		if err != nil || status != c.want {
			t.Errorf("change %d: status %v (%v), want %v", i, status, err, c.want)
			continue
		}
		var ids []string
		for _, r := range lib.Reports {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != c.ids {
			t.Errorf("change %d: reports %v, want %s", i, ids, c.ids)
		}
	}
	if r := lib.Report("northmoor-2023"); r == nil || r.PDFURL != "https://example.org/n.pdf" {
		t.Errorf("the library first loaded was changed by later loads: %+v", r)
	}
	// A duplicate report added after the cache was written is refused,
	// not served from the cache.
	write(t, filepath.Join(dir, "copy.txt"), source(t, northmoorFile))
	if _, _, err := corpus.LoadCached(dir, cache); err == nil || !strings.Contains(err.Error(), "is already used by") {
		t.Errorf("err = %v", err)
	}
	// A cache of another version, or not a cache, is not used.
	write(t, cache, []byte("not a cache"))
	if _, status, err := corpus.LoadCached(filepath.Join(dir, "missing"), cache); err == nil || status != corpus.CacheNone {
		t.Errorf("a missing folder: %v, %v", status, err)
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
