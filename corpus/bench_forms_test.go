package corpus_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/synthetic"
)

// BenchmarkReadPDF reads the embedded report's generated print PDF (40
// pages): what a cache miss costs for one PDF.
func BenchmarkReadPDF(b *testing.B) {
	data := forms(b, hertsFile).pdf.Data
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := corpus.Read("herts.pdf", data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHTML reads the embedded report's generated web page.
func BenchmarkReadHTML(b *testing.B) {
	data := forms(b, hertsFile).html
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := corpus.Read("herts.html", data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	mixedOnce sync.Once
	mixedDir  string
	mixedErr  error
)

// mixedFolder writes every force in three rounds (129 reports beside the
// embedded one) into a folder, a third each as text, PDF and web page,
// once per run, and caches it.
func mixedFolder(b *testing.B) (dir, cache string) {
	b.Helper()
	mixedOnce.Do(func() {
		files, err := synthetic.Corpus(source(b, hertsFile), 130)
		if err != nil {
			mixedErr = err
			return
		}
		files, err = synthetic.InForms(files[1:], "mix")
		if err != nil {
			mixedErr = err
			return
		}
		mixedDir, mixedErr = os.MkdirTemp("", "peelbot-bench-reports-")
		if mixedErr != nil {
			return
		}
		for _, f := range files {
			if mixedErr = os.WriteFile(filepath.Join(mixedDir, f.Name), f.Data, 0o644); mixedErr != nil {
				return
			}
		}
		lib, err := corpus.Load(mixedDir)
		if err != nil {
			mixedErr = err
			return
		}
		mixedErr = lib.WriteCache(filepath.Join(mixedDir, "..", filepath.Base(mixedDir)+".gob"))
	})
	if mixedErr != nil {
		b.Fatal(mixedErr)
	}
	return mixedDir, filepath.Join(mixedDir, "..", filepath.Base(mixedDir)+".gob")
}

// BenchmarkLoad130Mixed parses 130 reports, a third each text, PDF and web
// page: a start without the parsed-model cache.
func BenchmarkLoad130Mixed(b *testing.B) {
	dir, _ := mixedFolder(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := corpus.Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCached130Mixed loads the same 130 reports from the cache,
// hashing every file to check it: serve's start with a prebuilt index.
func BenchmarkLoadCached130Mixed(b *testing.B) {
	dir, cache := mixedFolder(b)
	b.ReportAllocs()
	for b.Loop() {
		lib, status, err := corpus.LoadCached(dir, cache)
		if err != nil || status != corpus.CacheHit || len(lib.Reports) != 130 {
			b.Fatalf("%v %v %d", status, err, len(lib.Reports))
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mixedDir != "" {
		os.RemoveAll(mixedDir)
		os.Remove(filepath.Join(mixedDir, "..", filepath.Base(mixedDir)+".gob"))
	}
	os.Exit(code)
}
