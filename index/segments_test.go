package index

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// segments is how many segments ix's bleve index reads.
func segments(t *testing.T, ix *Index) int {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return len(r.(*scorch.IndexSnapshot).Segments())
}

// A report indexed in memory, in several segments, must answer exactly as
// the prebuilt index of it does, merged into one: same passages, same
// scores, same judgment of whether it answers.
func TestScoresDoNotDependOnSegments(t *testing.T) {
	mem, lib := embeddedIndex(t)
	disk, err := Create(filepath.Join(t.TempDir(), "idx"), lib)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	if n := segments(t, mem); n < 2 {
		t.Fatalf("the in-memory index has %d segment; the test needs several", n)
	}
	if n := segments(t, disk); n != 1 {
		t.Fatalf("the prebuilt index has %d segments, want 1", n)
	}
	ctx := context.Background()
	for _, q := range questionsOf(t, "testdata/tune22-questions.jsonl") {
		a, errA := mem.Search(ctx, Request{Query: q, Limit: 5})
		b, errB := disk.Search(ctx, Request{Query: q, Limit: 5})
		if errA != nil || errB != nil {
			t.Fatalf("%q: %v / %v", q, errA, errB)
		}
		if a.Answered != b.Answered || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q: in memory answered=%v with %d hits, prebuilt answered=%v with %d", q, a.Answered, len(a.Hits), b.Answered, len(b.Hits))
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || math.Abs(a.Hits[i].Score-b.Hits[i].Score) > 1e-9 {
				t.Errorf("%q hit %d: in memory %s %.6f, prebuilt %s %.6f", q, i+1, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				break
			}
		}
	}
}

// questionsOf reads the questions of an evaluation set.
func questionsOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Q string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, c.Q)
	}
	return qs
}

func TestMemBatchBoundsSegmentsAndPeak(t *testing.T) {
	for _, c := range []struct{ passages, want int }{
		{0, minMemBatchSize}, {100, minMemBatchSize}, {255, minMemBatchSize},
		{372, 186}, {1000, 500}, {2048, memBatchSize}, {20000, memBatchSize},
	} {
		if got := memBatch(c.passages); got != c.want {
			t.Errorf("memBatch(%d) = %d, want %d", c.passages, got, c.want)
		}
	}
}
