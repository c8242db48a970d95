package corpus

import "testing"

func TestLineEndHyphens(t *testing.T) {
	vocab := newVocabulary()
	vocab.addLines([]string{
		"the investigation found problem-solving plans and a problem-solving culture",
		"Council services and the force's anti-social behaviour team, which led the work",
	})
	cases := []struct {
		lines []string
		want  string
	}{
		{[]string{"a thorough investi-", "gation of the case"}, "a thorough investigation of the case"}, // the word occurs whole
		{[]string{"its problem-", "solving plans"}, "its problem-solving plans"},                        // the word occurs hyphenated
		{[]string{"tackling anti-", "social behaviour"}, "tackling anti-social behaviour"},              // a prefix English hyphenates
		{[]string{"the County Council-", "led partnership"}, "the County Council-led partnership"},      // two words of the report
		{[]string{"they safe-", "guarded victims"}, "they safeguarded victims"},                         // a fragment: joined
		{[]string{"non-", "UK nationals"}, "non-UK nationals"},                                          // a capital after it
		{[]string{"since post-", "2019 reviews"}, "since post-2019 reviews"},                            // a digit after it
		{[]string{"the force \u2013", "from officers"}, "the force \u2013 from officers"},               // a dash, not a hyphen
		{[]string{"well ad\u00ad", "justed"}, "well adjusted"},                                          // a soft hyphen
		{[]string{"  spaced  ", "", " lines "}, "spaced lines"},
	}
	for _, c := range cases {
		if got := joinLines(c.lines, vocab); got != c.want {
			t.Errorf("joinLines(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}
