package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseEmbedded parses the embedded report: what every peelbot
// command does at start, once per report loaded, even with a prebuilt
// index (the library is checked against it and serves grades and AFIs).
// With 50 reports it is most of "peelbot serve"'s start
// (docs/PERFORMANCE.md).
func BenchmarkParseEmbedded(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("reports", "hertfordshire-peel-2021-22.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("hertfordshire-peel-2021-22.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}
