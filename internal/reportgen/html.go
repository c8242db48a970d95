package reportgen

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/peelbot/peelbot/corpus"
)

// HTMLOptions vary the web page.
type HTMLOptions struct {
	// GradeColumn sets the judgments grid as areas beside their grades.
	GradeColumn bool
	// NoMain leaves out the <main> element, as older pages do, so that
	// the chrome around the report must be told apart without it.
	NoMain bool
	// PDFLink is the address the page's "Download the report" link gives
	// for the PDF; "" for a relative link.
	PDFLink string
}

// HTML typesets the text layout src as the report's web page: a cookie
// banner, the site's header, navigation, search and breadcrumbs, then the
// report (title, publication date, "Print this document", a contents
// list of links, headings, paragraphs, lists, the grid as a table,
// figures), then the site's footer.
func HTML(name string, src []byte, opt HTMLOptions) ([]byte, *corpus.Report, error) {
	d, err := newDocument(name, src)
	if err != nil {
		return nil, nil, err
	}
	r := d.report
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	esc := html.EscapeString
	pdfLink := opt.PDFLink
	if pdfLink == "" {
		pdfLink = "/wp-content/uploads/" + slug(r.Force) + "-peel-report.pdf"
	}
	w("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
	w("<title>%s - His Majesty's Inspectorate of Constabulary and Fire &amp; Rescue Services</title>\n", esc(d.title()))
	w("<link rel=\"canonical\" href=\"%s\">\n", esc(r.URL))
	w("<style>.cookie-banner{position:fixed} .grade{font-weight:bold}</style>\n<script>window.dataLayer=[];</script>\n</head>\n<body>\n")
	w("<div class=\"cookie-banner\" role=\"region\" aria-label=\"Cookie banner\">\n<p>We use some essential cookies to make this website work. We'd like to set additional cookies to understand how you use the site.</p>\n<button>Accept additional cookies</button> <button>Reject additional cookies</button>\n</div>\n")
	w("<a href=\"#main-content\" class=\"skip-link\">Skip to main content</a>\n")
	w("<header class=\"site-header\">\n<p class=\"logo\"><a href=\"/\">HMICFRS</a></p>\n<nav aria-label=\"Main menu\"><ul><li><a href=\"/our-work/\">Our work</a></li><li><a href=\"/publications/\">Publications</a></li><li><a href=\"/peel-reports/\">PEEL reports</a></li><li><a href=\"/about-us/\">About us</a></li></ul></nav>\n")
	w("<form role=\"search\" action=\"/search/\"><label for=\"q\">Search</label><input id=\"q\" name=\"q\"><button type=\"submit\">Search</button></form>\n</header>\n")
	w("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol><li><a href=\"/\">Home</a></li><li><a href=\"/peel-reports/\">PEEL reports</a></li><li>%s</li></ol></nav>\n", esc(r.Force))
	if opt.NoMain {
		w("<div id=\"main-content\">\n<div class=\"article\">\n")
	} else {
		w("<main id=\"main-content\">\n<article>\n")
	}
	w("<header class=\"report-header\">\n<h1>%s</h1>\n", esc(d.title()))
	if r.Published != "" {
		w("<p class=\"meta\">Published on: <time datetime=\"2023-02-23\">23 %s</time></p>\n", esc(r.Published))
	}
	w("</header>\n<ul class=\"actions\">\n<li><a href=\"#\" onclick=\"window.print();return false\">Print this document</a></li>\n<li><a href=\"%s\">Download the report (PDF)</a></li>\n</ul>\n", esc(pdfLink))
	w("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n")
	for _, e := range d.elements {
		if e.kind == kChapter {
			w("<li><a href=\"#%s\">%s</a></li>\n", slug(e.text), esc(e.text))
		}
	}
	w("</ol>\n</nav>\n")
	terms := glossaryTerms(r)
	for _, e := range d.elements {
		switch e.kind {
		case kChapter:
			w("<h2 id=\"%s\">%s</h2>\n", slug(e.text), esc(e.text))
		case kSection:
			w("<h3>%s</h3>\n", esc(e.text))
		case kRecsHeading:
			w("<h4>%s</h4>\n", esc(e.text))
		case kGrade:
			w("<p class=\"grade\"><strong>%s</strong></p>\n", esc(e.text))
		case kSummary:
			w("<p class=\"summary\">%s</p>\n", linkTerms(e.text, terms))
		case kHeadline:
			w("<h4>%s</h4>\n", linkTerms(e.text, terms))
		case kPara:
			if e.text != "" {
				w("<p>%s</p>\n", linkTerms(e.text, terms))
			}
			if len(e.bullets) > 0 {
				w("<ul>\n")
				for _, it := range e.bullets {
					w("  <li>%s</li>\n", linkTerms(it, terms))
				}
				w("</ul>\n")
			}
		case kGrid:
			d.htmlGrid(&b, opt.GradeColumn)
		case kFigure:
			w("<figure>\n<img src=\"/wp-content/uploads/chart-%s.png\" alt=\"Chart\">\n<figcaption>%s</figcaption>\n</figure>\n", slug(e.text)[:min(20, len(slug(e.text)))], esc(e.text))
		case kSignature:
			w("<p>%s</p>\n<p>%s</p>\n", esc(e.text), inspectorTitle)
		}
	}
	w("<p><a href=\"#\" onclick=\"window.print();return false\">Print this document</a></p>\n")
	if opt.NoMain {
		w("</div>\n</div>\n")
	} else {
		w("</article>\n</main>\n")
	}
	w("<footer class=\"site-footer\">\n<nav aria-label=\"Footer\"><ul><li><a href=\"/accessibility/\">Accessibility</a></li><li><a href=\"/privacy/\">Privacy</a></li><li><a href=\"/cookies/\">Cookies</a></li></ul></nav>\n<p>© HMICFRS %s. All content is available under the Open Government Licence v3.0, except where otherwise stated.</p>\n</footer>\n</body>\n</html>\n", yearOf(r.Published))
	return []byte(b.String()), r, nil
}

func (d *document) htmlGrid(b *strings.Builder, gradeColumn bool) {
	if gradeColumn {
		b.WriteString("<table>\n<thead><tr><th>Area of policing</th><th>Judgment</th></tr></thead>\n<tbody>\n")
		for _, g := range d.report.Grades {
			fmt.Fprintf(b, "<tr><td>%s</td><td>%s</td></tr>\n", html.EscapeString(g.Area), g.Rating)
		}
		b.WriteString("</tbody>\n</table>\n")
		return
	}
	b.WriteString("<table>\n<thead><tr>")
	rows := 0
	for _, r := range corpus.Ratings {
		fmt.Fprintf(b, "<th>%s</th>", r)
		rows = max(rows, len(d.grades[r]))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i := 0; i < rows; i++ {
		b.WriteString("<tr>")
		for _, r := range corpus.Ratings {
			cell := ""
			if i < len(d.grades[r]) {
				cell = html.EscapeString(d.grades[r][i])
			}
			fmt.Fprintf(b, "<td>%s</td>", cell)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// glossaryTerms are the report's linked terms, longest first, so that a
// longer term is linked before a shorter one inside it.
func glossaryTerms(r *corpus.Report) []string {
	terms := append([]string(nil), r.Glossary.Terms...)
	for i := range terms {
		for j := i + 1; j < len(terms); j++ {
			if len(terms[j]) > len(terms[i]) {
				terms[i], terms[j] = terms[j], terms[i]
			}
		}
	}
	return terms
}

// linkTerms escapes text and links the first use in it of each glossary
// term to the inspectorate's glossary, as the site does.
func linkTerms(text string, terms []string) string {
	type span struct{ start, end int }
	var spans []span
	for _, t := range terms {
		i := strings.Index(text, t)
		if i < 0 {
			continue
		}
		overlap := false
		for _, s := range spans {
			if i < s.end && s.start < i+len(t) {
				overlap = true
			}
		}
		if !overlap {
			spans = append(spans, span{i, i + len(t)})
		}
	}
	for i := range spans {
		for j := i + 1; j < len(spans); j++ {
			if spans[j].start < spans[i].start {
				spans[i], spans[j] = spans[j], spans[i]
			}
		}
	}
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		b.WriteString(html.EscapeString(text[pos:s.start]))
		t := text[s.start:s.end]
		fmt.Fprintf(&b, "<a href=\"/glossary/%s/\">%s</a>", slug(t), html.EscapeString(t))
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func yearOf(published string) string {
	if i := strings.LastIndexByte(published, ' '); i >= 0 {
		return published[i+1:]
	}
	return "2023"
}
