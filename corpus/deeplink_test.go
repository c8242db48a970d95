package corpus

import (
	"net/url"
	"strings"
	"testing"
)

func TestTextFragmentURL(t *testing.T) {
	page := "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/"
	cases := []struct{ text, want string }{
		{"In the year ending 31 March 2022, the constabulary issued 444 orders.", page + "#:~:text=In%20the%20year%20ending%2031%20March%202022"},
		// A quote the page may curl ends the words; so does the first full stop.
		{"The constabulary uses a customer feedback platform called echo. The public can use it.", page + "#:~:text=The%20constabulary%20uses%20a%20customer%20feedback%20platform%20called%20echo"},
		// Too few plain words before an apostrophe: the next run of them.
		{"The constabulary's JCPIT leads on investigations concerning children.", page + "#:~:text=JCPIT%20leads%20on%20investigations%20concerning%20children"},
		{"- revising its recruitment campaign;", page + "#:~:text=revising%20its%20recruitment%20campaign"},
	}
	for _, c := range cases {
		if got := TextFragmentURL(page, c.text); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.text, got, c.want)
		}
	}
	if got := TextFragmentURL(page+"#top", "Officers are well trained."); got != page+"#:~:text=Officers%20are%20well%20trained" {
		t.Errorf("an old fragment was kept: %s", got)
	}
	if TextFragmentURL("", "text") != "" || TextFragmentURL(page, "") != page {
		t.Error("empty inputs")
	}
}

func TestEncodeTextDirective(t *testing.T) {
	// The directive's own syntax ("-", ",", "&") and anything else that is
	// not a plain letter or digit is percent-encoded, UTF-8 included.
	got := EncodeTextDirective("well-being, pay & morale: 71.8% — ok?")
	want := "well%2Dbeing%2C%20pay%20%26%20morale%3A%2071.8%25%20%E2%80%94%20ok%3F"
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	if back, err := url.PathUnescape(got); err != nil || back != "well-being, pay & morale: 71.8% — ok?" {
		t.Errorf("does not decode back: %q %v", back, err)
	}
	if strings.ContainsAny(got, "-,& ") {
		t.Errorf("syntax characters left unencoded: %s", got)
	}
}

func TestPDFPageURL(t *testing.T) {
	if got := PDFPageURL("https://example.org/report.pdf", 12); got != "https://example.org/report.pdf#page=12" {
		t.Errorf("got %s", got)
	}
	if got := PDFPageURL("https://example.org/report.pdf#page=1", 3); got != "https://example.org/report.pdf#page=3" {
		t.Errorf("got %s", got)
	}
	if PDFPageURL("", 3) != "" || PDFPageURL("x.pdf", 0) != "x.pdf" {
		t.Error("unknown address or page")
	}
}

func TestDeepLinksAreUniqueOnThePage(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Reports[0]
	all := append(r.Passages(), r.Statements()...)
	short := 0
	for _, p := range all {
		link := r.DeepLink(p)
		frag, ok := strings.CutPrefix(link, r.URL+"#:~:text=")
		if !ok {
			t.Fatalf("%s: link %s is not a text fragment of %s", p.ID, link, r.URL)
		}
		words, err := url.PathUnescape(frag)
		if err != nil || !strings.Contains(p.Text, words) {
			t.Errorf("%s: the fragment %q is not the passage's own words", p.ID, words)
		}
		if len(strings.Fields(words)) < openingMin {
			short++
		}
	}
	if short > len(all)/20 {
		t.Errorf("%d of %d links have fewer than %d words", short, len(all), openingMin)
	}
	// "The constabulary …" opens dozens of passages: the link of a later one
	// must not be words an earlier passage has.
	var later *Passage
	for _, p := range r.Passages()[50:] {
		if strings.HasPrefix(p.Text, "The constabulary has") {
			later = p
			break
		}
	}
	if later == nil {
		t.Fatal("no later passage opens with \"The constabulary has\"")
	}
	frag, _ := url.PathUnescape(strings.TrimPrefix(r.DeepLink(later), r.URL+"#:~:text="))
	for _, p := range r.Passages() {
		if p == later {
			break
		}
		if strings.Contains(strings.ToLower(p.Text), strings.ToLower(frag)) {
			t.Errorf("the link to %q stops at the earlier %q", later.Text, p.Text)
		}
	}
}

func TestALibraryLinksEveryPassageAsTheReportDoes(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Reports[0]
	for _, p := range append(r.Passages(), r.Statements()...) {
		if got, want := lib.Link(p), r.Link(p); got != want || got != r.DeepLink(p) {
			t.Errorf("%s: the library links %s, the report %s, DeepLink %s", p.ID, got, want, r.DeepLink(p))
		}
	}
	if lib.Link(&Passage{ID: "gone-2020-1", ReportID: "gone-2020"}) != "" {
		t.Error("a passage of no loaded report has a link")
	}
}

// A browser finds a text fragment as whole words: words inside longer
// ones, or split by punctuation, earlier on the page are not where it
// stops.
func TestAnEarlierRunMustBeWholeWordsToCount(t *testing.T) {
	para := func(id, text string) *Passage {
		return &Passage{ID: id, ReportID: "x-2024", Chapter: "Investigating crime", Section: "Main findings", Text: text}
	}
	first := para("x-2024-1", "Subcontractors were paid late every month this year, the force said.")
	second := para("x-2024-2", "Contractors were paid late every month this year and the force knew.")
	third := para("x-2024-3", "Contractors were paid late every month this year and the force knew it; others were not.")
	r := &Report{ID: "x-2024", Force: "X Police", Round: "PEEL 2024", URL: "https://example.org/x/",
		Chapters: []*Chapter{{Title: "Investigating crime", Sections: []*Section{{Title: "Main findings",
			Findings: []*Finding{{Passages: []*Passage{first, second, third}}}}}}}}
	lib, err := NewLibrary([]*Report{r})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lib.Link(second), TextFragmentURL(r.URL, OpeningWords(second.Text)); got != want {
		t.Errorf("inside a longer word earlier: %s, want %s", got, want)
	}
	// The third opens with the second's words: its link is its next run.
	if got, want := lib.Link(third), r.URL+"#:~:text=force%20knew%20it"; got != want {
		t.Errorf("after the same words: %s, want %s", got, want)
	}
}

// BenchmarkLinksEmbedded is the cost of linking every passage and
// statement of a report: one pass over its text.
func BenchmarkLinksEmbedded(b *testing.B) {
	lib, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	r := lib.Reports[0]
	b.ReportAllocs()
	for b.Loop() {
		if len(r.Links()) == 0 {
			b.Fatal("no links")
		}
	}
}
