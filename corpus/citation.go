package corpus

import (
	"fmt"
	"strings"
)

// Citation says where quoted words come from, precisely enough for a reader
// to find them in the published report: the report, the chapter, the
// section and the finding they sit under, the printed page and a link to
// the report. Every surface that quotes a report (Slack, the command line)
// and the prompt that asks a model to summarise passages cite them with
// String, so the reader and the model see the same source.
//
// Parts that do not apply are empty (an AFI has no finding of its own:
// it is one); Page is 0 when unknown.
type Citation struct {
	// Report names the report as people do: its force and round,
	// "Hertfordshire Constabulary PEEL 2021/22".
	Report  string `json:"report"`
	Chapter string `json:"chapter,omitempty"`
	Section string `json:"section,omitempty"`
	Finding string `json:"finding,omitempty"`
	Page    int    `json:"page,omitempty"`
	// Link is where to read the words: the passage itself on the report's
	// web page (a text fragment of its words), else the PDF's page when
	// only the PDF's address is known (Report.Link); "" when the report
	// gives neither address.
	Link string `json:"link,omitempty"`
	// PDFLink is the page of the report's print PDF that holds the words,
	// when the PDF's address and the page are known, beside Link.
	PDFLink string `json:"pdf_link,omitempty"`
}

// ReportName is how a citation names r: its force and round. A report that
// names neither is named by its id.
func ReportName(r *Report) string {
	if name := strings.TrimSpace(r.Force + " " + r.Round); name != "" {
		return name
	}
	return r.ID
}

// CitePassage cites p. A passage of a report the library does not hold
// (which a library never gives out) is cited by its report id, unlinked.
func (l *Library) CitePassage(p *Passage) Citation {
	c := Citation{Report: p.ReportID, Chapter: p.Chapter, Section: p.Section, Finding: p.Heading, Page: p.Page}
	l.citeReport(&c, p.ReportID)
	if r := l.Report(p.ReportID); r != nil {
		c.Link, c.PDFLink = l.Link(p), r.PDFLink(p)
	}
	return c
}

// CiteAFI cites an area for improvement: its report, the chapter (area)
// that raised it and its page, linked to its headline in the report. Its
// own words are its headline, so no section or finding is added.
func (l *Library) CiteAFI(a *AFI) Citation {
	c := Citation{Report: a.ReportID, Chapter: a.Area, Page: a.Page}
	l.citeReport(&c, a.ReportID)
	if r := l.Report(a.ReportID); r != nil && len(a.Passages) > 0 {
		if h := l.Headline(a.Passages[0]); h != nil && h.Text == a.Text {
			c.Link, c.PDFLink = l.Link(h), r.PDFLink(h)
		}
	}
	return c
}

func (l *Library) citeReport(c *Citation, reportID string) {
	if r := l.Report(reportID); r != nil {
		c.Report, c.Link = ReportName(r), r.URL
	}
}

// Path is where in the report: "chapter › section › finding", leaving out
// the parts that are empty.
func (c Citation) Path() string { return joinNonEmpty(" › ", c.Chapter, c.Section, c.Finding) }

// String is the citation as every surface shows it: "report · chapter ›
// section › finding · p. N". The link is not in it: a surface that can
// link the text (Slack) does, one that cannot prints Link beside it.
func (c Citation) String() string {
	page := ""
	if c.Page > 0 {
		page = fmt.Sprintf("p. %d", c.Page)
	}
	return joinNonEmpty(" · ", c.Report, c.Path(), page)
}

// Trail is the report and the path as one line of breadcrumbs: "report ›
// chapter › section › finding", the form `peelbot ask --json` gives as a
// hit's "section".
func (c Citation) Trail() string {
	return joinNonEmpty(" › ", c.Report, c.Chapter, c.Section, c.Finding)
}

func joinNonEmpty(sep string, parts ...string) string {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
