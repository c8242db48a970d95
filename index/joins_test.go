package index

import (
	"regexp"
	"testing"
)

// The hand-written filter does what the two regular expressions it
// replaces did.
func TestJoinsFilterMatchesTheRegularExpressions(t *testing.T) {
	re1 := regexp.MustCompile(`(?i)\b(well|anti|non|counter|cyber|under|over)[- ](being|social|emergency|terrorism|crime|represent|resourc)`)
	re2 := regexp.MustCompile(`(?i)\b(co)[- ](ordinat|operat|locat)`)
	old := func(s string) string {
		return re2.ReplaceAllString(re1.ReplaceAllString(s, "${1}${2}"), "${1}${2}")
	}
	for _, s := range []string{
		"well-being", "Well being and wellbeing", "anti-social behaviour, ANTI SOCIAL", "non-emergency 101",
		"counter terrorism", "cyber-crime", "under-represented under representation", "over-resourced",
		"co-ordinate, Co-operation, co located", "farewell being", "well-co-ordinated", "swell-being",
		"wellness being", "co-worker", "anti-", "-being", "well- being", "well  being", "under-\nresourced",
		"", "é well-being", "wellé-being",
	} {
		if got, want := string(joinsFilter{}.Filter([]byte(s))), old(s); got != want {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
}
