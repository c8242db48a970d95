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

// Words of talk ("round here", "these days", "bother", "anymore") say
// nothing of the subject and are not searched: "round here" found the
// inspection's "forthcoming round of training". Alone, "round" and
// "days" are searched.
func TestWordsOfTalkAreNotSearched(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, c := range []struct {
		q    string
		not  []string
		kept []string
	}{
		{"are the cops round here any good", []string{"round", "here"}, []string{"cops"}},
		{"is stop and search fair these days", []string{"these", "days"}, []string{"fair"}},
		{"do they even bother investigating crimes anymore", []string{"bother", "anymore"}, []string{"investigating"}},
		{"what changed since the last round", nil, []string{"round"}},
		{"how many days does it take", nil, []string{"days"}},
	} {
		q := ix.understand(ParseQuery(c.q))
		for _, w := range c.not {
			if contains(q.words, w) {
				t.Errorf("%q: %q searched: %q", c.q, w, q.words)
			}
		}
		for _, w := range c.kept {
			if !contains(q.words, w) {
				t.Errorf("%q: %q not searched: %q", c.q, w, q.words)
			}
		}
	}
	res := find(t, ix, "are the cops round here any good", 3)
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "round of") {
			t.Errorf("round here found %q", h.Text)
		}
	}
	if res := find(t, ix, "do coppers bother turning up", 3); !contains(res.Expanded, "turning up (for turning up)") {
		t.Errorf("turning up: expanded %q", res.Expanded)
	}
}

// Light verbs say how a thing is asked, not what it is about, unless
// they are part of a phrase that names a subject ("looking after staff").
func TestLightVerbsAreNotTheSubject(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, c := range []struct {
		q          string
		gone, kept []string
	}{
		{"how is my case going", []string{"going"}, []string{"case"}},
		{"did they end up drafting in officers to look at the phones", []string{"end", "up", "look"}, []string{"drafting", "phones"}},
		{"what should they improve about looking after their staff", nil, []string{"looking", "after", "staff"}},
		// asking for a failing says what kind of answer, not what about
		{"where is the force falling short in supervising investigations", []string{"falling", "short"}, []string{"supervising", "investigations"}},
	} {
		words := ix.understand(ParseQuery(c.q)).words
		for _, w := range c.gone {
			if slices.Contains(words, w) {
				t.Errorf("%q: searched for %q (words %v)", c.q, w, words)
			}
		}
		for _, w := range c.kept {
			if !slices.Contains(words, w) {
				t.Errorf("%q: %q not searched for (words %v)", c.q, w, words)
			}
		}
	}
}
