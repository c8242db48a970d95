package index

import (
	"slices"
	"strings"
	"testing"
)

// "Other forces" are forces besides the one asked about: what a question
// on collaboration or comparison is about, searched for, while "the
// force" is the force asked about and is not.
func TestOtherForcesAreASubject(t *testing.T) {
	ix, _ := embeddedIndex(t)
	q := ix.understand(ParseQuery("do they work with other forces to save money"))
	if !contains(q.terms, "forc") {
		t.Errorf("other forces: terms %q", q.terms)
	}
	res := find(t, ix, "do they work with other forces to save money", 3)
	if !slices.ContainsFunc(res.Expanded, func(e string) bool { return strings.HasPrefix(e, "joint working with other forces (") }) {
		t.Errorf("other forces: expanded %q", res.Expanded)
	}
	for _, s := range []string{"how is the force doing on money", "are the forces' finances sound", "do forces collaborate"} {
		if q := ix.understand(ParseQuery(s)); contains(q.terms, "forc") {
			t.Errorf("%q: terms %q", s, q.terms)
		}
	}
}
