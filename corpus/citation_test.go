package corpus

import "testing"

func TestCitationsOfPassagesAndAFIs(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	x := lib.AFI("herts-2021-afi-7")
	if x == nil || len(x.Passages) == 0 {
		t.Fatal("the embedded report lacks AFI 7 or its passages")
	}
	const report = "Hertfordshire Constabulary PEEL 2021/22"
	const page = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/"
	c := lib.CiteAFI(x)
	// The AFI's link finds its headline on the page; the passage's its own words.
	if got, want := c.String(), report+" · Protecting vulnerable people · p. 30"; got != want ||
		c.Link != page+"#:~:text=The%20constabulary%20should%20make%20sure%20that%20protective%20orders%20are%20considered" {
		t.Errorf("AFI citation %q (link %q), want %q", got, c.Link, want)
	}
	p := x.Passages[0]
	pc := lib.CitePassage(p)
	want := report + " · Protecting vulnerable people › Area for improvement › " + p.Heading + " · p. 30"
	if pc.String() != want || pc.Link != TextFragmentURL(page, OpeningWords(p.Text)) || pc.Link != lib.Reports[0].Link(p) || pc.PDFLink != "" {
		t.Errorf("passage citation %q (link %q, PDF %q), want %q", pc.String(), pc.Link, pc.PDFLink, want)
	}
	if got := pc.Trail(); got != report+" › "+p.Path() {
		t.Errorf("trail %q", got)
	}

	// Parts that are missing are left out, never shown as empty slots.
	bare := Citation{Report: "X Police PEEL 2024", Section: "Main findings"}
	if got := bare.String(); got != "X Police PEEL 2024 · Main findings" {
		t.Errorf("sparse citation %q", got)
	}
	// A passage of a report the library does not hold keeps its report id.
	orphan := lib.CitePassage(&Passage{ReportID: "gone-2020", Chapter: "A", Page: 3})
	if orphan.String() != "gone-2020 · A · p. 3" || orphan.Link != "" {
		t.Errorf("orphan citation %+v", orphan)
	}
}
