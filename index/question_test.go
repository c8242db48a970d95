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

// "How fast" asks for a speed: "fast" is not searched, so it does not
// find the Fast Track programme.
func TestHowFastIsNotTheSubject(t *testing.T) {
	ix, _ := embeddedIndex(t)
	q := ix.understand(ParseQuery("how fast do they respond to burglaries"))
	if contains(q.words, "fast") {
		t.Errorf("words %q", q.words)
	}
	res := find(t, ix, "how fast do they respond to burglaries", 3)
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "Fast Track") {
			t.Errorf("found the Fast Track programme: %q", h.Text)
		}
	}
	// "fast" elsewhere is searched: "fast track"
	if q := ix.understand(ParseQuery("fast track for chief inspectors")); !contains(q.words, "fast") {
		t.Errorf("fast track: words %q", q.words)
	}
}
