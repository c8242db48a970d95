package corpus_test

import (
	"regexp"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

// locationRE is how every error of a reader starts: the file, then the
// page or line.
var locationRE = regexp.MustCompile(`^fuzz\.(pdf|html) (line [1-9]\d*|page [1-9]\d*( \(PDF page [1-9]\d*\))?|PDF page [1-9]\d*): `)

// FuzzRead feeds the PDF and web page readers damaged files: each must
// either read a report with passages or fail with an error naming the
// file and where, never panic.
func FuzzRead(f *testing.F) {
	n := forms(f, northmoorFile)
	f.Add(n.pdf.Data, true)
	f.Add(n.html, false)
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"), true)
	f.Add([]byte("<!DOCTYPE html><html><body><main><h1>PEEL 2021/22: An inspection of X Police</h1><h2>A</h2><p>Good</p><p>x.</p></main></body></html>"), false)
	f.Fuzz(func(t *testing.T, data []byte, pdf bool) {
		name := "fuzz.html"
		if pdf {
			name = "fuzz.pdf"
		}
		r, err := corpus.Read(name, data, nil)
		if err != nil {
			if !locationRE.MatchString(err.Error()) {
				t.Fatalf("error without file and location: %v", err)
			}
			return
		}
		if len(r.Passages()) == 0 {
			t.Fatal("read a report with no passages")
		}
	})
}
