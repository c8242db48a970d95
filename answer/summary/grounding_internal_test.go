package summary

import (
	"strings"
	"testing"
)

// FuzzGrounding checks the grounding rule on any answer: streamed in
// chunks of any size, it is split and kept exactly as a whole answer is,
// and every sentence emitted cites a passage; only the note does not.
func FuzzGrounding(f *testing.F) {
	for _, seed := range []string{
		"Hertfordshire is the best force in England. Investigators considered orders in 2 of 20 cases [1]. Also, 45% were breached [9].",
		"Officers used e.g. DVPOs in No. 5 area, 6.5 percent more [1]. It was approx. half. [2]\n- Breaches wait [3]\n- Nobody knows\nThe passages do not say.",
		"1. DVPOs [1]\n2. Breaches\n3) Calls [3]",
		`He said "stop." [1] Why? A stray [ bracket. [2]. Done…`,
		"The force considered orders\nin only 2 of\n20 cases [1].\n\nKey points:",
	} {
		f.Add(seed, uint8(3))
	}
	f.Fuzz(func(t *testing.T, answer string, chunk uint8) {
		if len(answer) > maxStreamedBytes {
			return
		}
		const n = 3
		whole := ground(answer, n)
		var emitted []string
		sp := newSplitter(n, func(s string) error { emitted = append(emitted, s); return nil })
		size := int(chunk%16) + 1
		for i := 0; i < len(answer) && !sp.full; i += size {
			if err := sp.add(answer[i:min(len(answer), i+size)]); err != nil {
				t.Fatal(err)
			}
		}
		if err := sp.flush(); err != nil {
			t.Fatal(err)
		}
		if got, want := sp.g.summaryText(), whole.summaryText(); got != want {
			t.Fatalf("streamed in chunks of %d: %q\nwhole: %q", size, got, want)
		}
		if sp.g.dropped != whole.dropped || sp.g.removed != whole.removed {
			t.Fatalf("streamed dropped %d removed %d, whole %d %d", sp.g.dropped, sp.g.removed, whole.dropped, whole.removed)
		}
		for _, e := range emitted {
			if c := checkMarkers(e, n); len(c.citations) == 0 || c.removed != 0 {
				t.Fatalf("emitted %q, which cites no passage or cites one that is not", e)
			}
		}
		if kept := whole.kept(); len([]rune(whole.summaryText())) > MaxSummaryChars || kept != "" && strings.Join(emitted, "") == "" {
			t.Fatalf("summary %q", whole.summaryText())
		}
	})
}
