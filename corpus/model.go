// Package corpus is peelbot's model of HMICFRS PEEL inspection reports, the
// readers that build it from each form a report is published or kept in
// (the text layout, the print PDF, the web page), the loader that picks a
// reader by a file's content, the cache of parsed models, and the glossary.
//
// It is the first room of peelbot: it imports nothing of peelbot's, only
// the standard library and the libraries its readers need (a PDF parser,
// an HTML tokenizer).
//
// Everything peelbot says must be traceable to a report, so the model keeps,
// for every quotable paragraph, where it came from: report, chapter, section,
// finding headline, page and source line. The rules below are the ones the
// rest of peelbot relies on.
//
//   - Ids are stable. A passage's id is derived from its own text, an AFI's from
//     its order among the report's AFIs, a report's from its force and round.
//     Adding unrelated text elsewhere in a report changes none of them.
//   - Front matter (title block, contents list) and figure captions are never
//     passages: they are not findings and must not be quoted as if they were.
//   - A bullet list always stays with the paragraph that introduces it.
//   - A report either parses completely or fails with an error naming the file
//     and the line (text layout, web page) or page (PDF); it is never
//     silently half-parsed.
//   - One report is one model whatever form it was read in: the text
//     layout, the print PDF or the web page give the same chapters,
//     findings, passages (and so passage ids), grades and AFIs. Only pages
//     differ: exact printed pages from a PDF, estimates from the text
//     layout, none from a web page unless its PDF is loaded too.
//
// It owns the report model, the readers of each published form, the
// embedded reports, the glossary and Citation, the one way a source is
// cited; it may import the standard library and the readers' libraries
// (a PDF text reader, an HTML parser) only, and everything else in
// peelbot may import it.
package corpus

import (
	"strings"
)

// Rating is one of the five graded judgments HMICFRS gives a PEEL area.
type Rating string

// The five PEEL ratings, best first.
const (
	Outstanding         Rating = "Outstanding"
	Good                Rating = "Good"
	Adequate            Rating = "Adequate"
	RequiresImprovement Rating = "Requires improvement"
	Inadequate          Rating = "Inadequate"
)

// Ratings lists the five ratings, best first, in the order the judgments grid
// uses for its columns.
var Ratings = []Rating{Outstanding, Good, Adequate, RequiresImprovement, Inadequate}

// ParseRating reads a rating written in any letter case, with any spacing.
// It reports false for anything that is not exactly one of the five ratings.
func ParseRating(s string) (Rating, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range Ratings {
		if strings.EqualFold(s, string(r)) {
			return r, true
		}
	}
	return "", false
}

// Kind says what a passage is, so that search can filter by it and answers
// can label it. Every passage has exactly one kind.
type Kind string

// Passage kinds.
const (
	KindPassage        Kind = "passage"             // a finding or other report text
	KindAFI            Kind = "afi"                 // supports an area for improvement
	KindPractice       Kind = "innovative practice" // innovative, promising or notable practice
	KindConcern        Kind = "cause of concern"    // supports a cause (or area) of concern
	KindRecommendation Kind = "recommendation"      // a recommendation made with a cause of concern
)

// Kinds lists every passage kind.
var Kinds = []Kind{KindPassage, KindAFI, KindPractice, KindConcern, KindRecommendation}

// Report is one published PEEL inspection report of one force.
type Report struct {
	// ID is short and stable, made of the force's usual short name and the
	// first year of the round ("herts-2021"). It never depends on the text.
	ID string `json:"id"`
	// Force is the inspected force as the report names it ("Hertfordshire Constabulary").
	Force string `json:"force"`
	// Round is the inspection programme and years ("PEEL 2021/22").
	Round string `json:"round"`
	// Published is the month of publication ("February 2023"), empty when the
	// report does not say.
	Published string `json:"published"`
	// URL is the report's page on the inspectorate's website.
	URL string `json:"url"`
	// PDFURL is the address of the report's print PDF, when known (front
	// matter "pdf_url:", a web page's link to its PDF, or the address a PDF
	// was downloaded from). With it, a passage whose PDF page is known is
	// linked to that page (Link).
	PDFURL string `json:"pdf_url,omitempty"`
	// Source is the file the report was read from, for messages.
	Source string `json:"source"`
	// Form is the published form Source is in: the text layout, a print
	// PDF or a web page.
	Form Form `json:"form"`
	// PagesFrom is the PDF whose printed pages a web page's passages were
	// given, when the same report was loaded in both forms; empty otherwise.
	PagesFrom string `json:"pages_from,omitempty"`
	// Inspector is the HM Inspector who signed the observations, when named.
	Inspector string `json:"inspector,omitempty"`

	Chapters []*Chapter        `json:"chapters"`
	Grades   []Grade           `json:"grades"`
	AFIs     []*AFI            `json:"afis"`
	Concerns []*CauseOfConcern `json:"concerns"`
	Figures  []Figure          `json:"figures"`
	Glossary Glossary          `json:"glossary"`

	// Warnings are things the parser accepted but a maintainer should look
	// at. Each names the file and the page or line.
	Warnings []string `json:"warnings"`
}

// Form is one of the forms a report is read from.
type Form string

// The forms peelbot reads.
const (
	// FormText is the text layout of corpus/reports/*.txt (also as .md).
	FormText Form = "text"
	// FormPDF is the inspectorate's print PDF.
	FormPDF Form = "pdf"
	// FormHTML is the report's web page, saved or fetched.
	FormHTML Form = "html"
)

// PagesExact reports whether the report's pages are the printed page
// numbers, read from a PDF, rather than estimates (text layout) or absent
// (a web page alone).
func (r *Report) PagesExact() bool {
	for _, p := range r.Passages() {
		if p.PageExact {
			return true
		}
	}
	return false
}

// Link is the address that shows a passage or statement itself: on the
// report's web page, a text fragment of its words, which browsers scroll
// to and highlight (DeepLink); for a report whose web page is not known
// but whose print PDF is, the PDF's page (pdf_url#page=N, N counting the
// PDF's own pages, cover included, as viewers do); else whichever address
// is known.
//
// The web page wins when both are known: its fragment lands on the
// passage itself, a PDF page only on the page, and every citation shows
// the printed page ("p. 30") for a reader of the PDF; PDFLink gives the
// PDF's page beside it. A browser that does not support text fragments
// opens the page at its top.
//
// It reads the whole report; a Library keeps every passage's link
// (Library.Link).
func (r *Report) Link(p *Passage) string {
	web := ""
	if r.URL != "" && p.ReportID == r.ID {
		web = r.webLinks()[p.ID]
	}
	return r.linkWith(p, web)
}

// PDFLink is the passage's page of the report's print PDF
// (pdf_url#page=N), or "" when the PDF's address or the page is not known.
func (r *Report) PDFLink(p *Passage) string {
	if r.PDFURL == "" || p.PDFPage < 1 {
		return ""
	}
	return PDFPageURL(r.PDFURL, p.PDFPage)
}

// Passages returns every passage of the report in document order.
func (r *Report) Passages() []*Passage {
	var out []*Passage
	for _, c := range r.Chapters {
		for _, s := range c.Sections {
			for _, f := range s.Findings {
				out = append(out, f.Passages...)
			}
		}
	}
	return out
}

// Chapter is a top-level part of a report, as listed in its contents. Graded
// chapters carry the rating their own grade line gives, which always agrees
// with the report's judgments grid.
type Chapter struct {
	Title string `json:"title"`
	// Area is the judgments grid's name for this chapter's area ("Preventing
	// crime"), empty when the chapter is not graded.
	Area string `json:"area,omitempty"`
	// Grade is empty when the chapter is not graded.
	Grade Rating `json:"grade,omitempty"`
	// Page is the first page, from the contents list.
	Page int `json:"page"`
	// Summary is the sentence under the grade ("… is good at prevention and deterrence.").
	Summary  string     `json:"summary,omitempty"`
	Sections []*Section `json:"sections"`
	line     int
}

// Section is a part of a chapter such as "Areas for improvement", "Main
// findings" or "Innovative practice". Text that comes before a chapter's first
// section heading belongs to a section with an empty title.
type Section struct {
	Title    string     `json:"title"`
	Page     int        `json:"page"`
	Findings []*Finding `json:"findings"`
	kind     sectionKind
}

// Finding is a group of paragraphs under one headline: a one-sentence
// statement of what the inspectorate found. Text before any headline belongs
// to a finding with an empty headline.
type Finding struct {
	Headline string     `json:"headline"`
	Passages []*Passage `json:"passages"`
}

// Passage is the unit peelbot indexes and quotes: one paragraph together with
// any bullet list it introduces. It knows everything needed to cite it.
type Passage struct {
	// ID is derived from the report id and the passage's own text, so it is
	// unchanged when other text in the report changes.
	ID       string `json:"id"`
	ReportID string `json:"report"`
	Chapter  string `json:"chapter"`
	Section  string `json:"section"`
	Heading  string `json:"heading"` // the finding headline, possibly empty
	Kind     Kind   `json:"kind"`
	// Page is the printed page the passage starts on, as the report's
	// contents list counts pages. Read from a PDF it is exact (PageExact).
	// Read from the text layout it is exact for the page of its section in
	// the contents list and estimated within the section by the amount of
	// text before it. Read from a web page alone it is 0: a web page has no
	// pages.
	Page int `json:"page"`
	// PageExact is true when Page is the number printed on the page the
	// passage starts on.
	PageExact bool `json:"page_exact"`
	// PDFPage is the passage's page counted from the PDF's first page
	// (cover and contents included), what a PDF viewer's #page=N opens; 0
	// when unknown.
	PDFPage int `json:"pdf_page,omitempty"`
	// Position is the passage's index among the report's passages (0-based).
	Position int `json:"position"`
	// Line is the source line the passage starts on (of the text file or
	// the web page); 0 for a PDF, where Page says where it is.
	Line int `json:"line"`
	// Text is the paragraph as plain text; an introduced bullet list follows
	// on lines of its own, each starting "- ".
	Text string `json:"text"`
}

// Path is the passage's citation path: chapter › section › finding, leaving
// out parts that are empty.
func (p *Passage) Path() string {
	parts := make([]string, 0, 3)
	for _, s := range []string{p.Chapter, p.Section, p.Heading} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " › ")
}

// AFI is an area for improvement: something the inspectorate told the force
// to improve. Its ID ("herts-2021-afi-3") is short enough to type and depends
// only on the AFI's order among the report's AFIs.
type AFI struct {
	ID       string `json:"id"`
	ReportID string `json:"report"`
	// Area is the chapter the AFI was raised in.
	Area string `json:"area"`
	// Text is the AFI's headline, word for word.
	Text string `json:"text"`
	Page int    `json:"page"`
	// Passages support the headline, in order.
	Passages []*Passage `json:"passages"`
}

// Grade is the rating a report gives one area in its judgments grid.
type Grade struct {
	ReportID string `json:"report"`
	// Area is the grid's name for the area ("Responding to the public").
	Area   string `json:"area"`
	Rating Rating `json:"grade"`
	// Chapter is the title of the chapter that reports on the area.
	Chapter string `json:"chapter"`
}

// CauseOfConcern is a serious failing the inspectorate found, with the
// recommendations it made to fix it. Label keeps the report's own word for
// it ("Cause of concern", "Accelerated cause of concern", "Area of concern").
type CauseOfConcern struct {
	ID              string            `json:"id"`
	ReportID        string            `json:"report"`
	Area            string            `json:"area"`
	Label           string            `json:"label"`
	Text            string            `json:"text"`
	Page            int               `json:"page"`
	Passages        []*Passage        `json:"passages"`
	Recommendations []*Recommendation `json:"recommendations"`
}

// Recommendation is one thing a cause of concern says the force should do.
// Text includes its lead-in ("Within three months, the force should …").
type Recommendation struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Figure is a chart caption. The chart's data is not in the text, so a
// caption is kept for context but never quoted as a finding.
type Figure struct {
	Caption string `json:"caption"`
	Chapter string `json:"chapter"`
	Page    int    `json:"page"`
	// Line is the source line of the caption; 0 in a PDF, which has pages
	// rather than lines.
	Line int `json:"line"`
}
