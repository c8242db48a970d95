package index

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/synthetic"
)

// everyForceReports is every force in three rounds (issue 12 §4): the
// corpus the serve budget with a prebuilt index is for.
const everyForceReports = 130

var (
	every130Once sync.Once
	every130Lib  *corpus.Library
	every130Err  error
)

// everyForceLibrary is the embedded report and 129 rewritten for every
// force in three rounds, parsed once per run.
func everyForceLibrary(b *testing.B) *corpus.Library {
	b.Helper()
	every130Once.Do(func() {
		embedded, err := corpus.Embedded()
		if err != nil {
			every130Err = err
			return
		}
		src, err := os.ReadFile(filepath.Join("..", "corpus", "reports", embedded.Reports[0].Source))
		if err != nil {
			every130Err = err
			return
		}
		files, err := synthetic.Corpus(src, everyForceReports)
		if err != nil {
			every130Err = err
			return
		}
		var reports []*corpus.Report
		for _, f := range files {
			r, err := corpus.Parse(f.Name, f.Data)
			if err != nil {
				every130Err = err
				return
			}
			reports = append(reports, r)
		}
		every130Lib, every130Err = corpus.NewLibrary(reports)
	})
	if every130Err != nil {
		b.Fatal(every130Err)
	}
	return every130Lib
}

// BenchmarkSearch130ReportsOpened is query latency on a persisted index of
// every force in three rounds, opened read-only as serve opens it with
// PEEL_INDEX_DIR (target p99 < 10 ms).
func BenchmarkSearch130ReportsOpened(b *testing.B) {
	benchmarkSearch(b, persisted(b, everyForceLibrary(b)))
}

// BenchmarkSearch130ReportsOpenedBestOf5 is benchmarkBestOf5 on the 130
// reports' prebuilt index.
func BenchmarkSearch130ReportsOpenedBestOf5(b *testing.B) {
	benchmarkBestOf5(b, persisted(b, everyForceLibrary(b)))
}
