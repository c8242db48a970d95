package cli

import "testing"

func TestCountAgreesWithItsNoun(t *testing.T) {
	for n, want := range map[int]string{0: "0 reports", 1: "1 report", 2: "2 reports"} {
		if got := Count(n, "report", "reports"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
