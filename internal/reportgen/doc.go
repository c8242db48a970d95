// Package reportgen typesets a PEEL report's text layout the way the
// inspectorate publishes a report: as a print PDF (a cover, a contents
// page counting the pages, running header and footer, page numbers, bold
// headlines, wrapped and hyphenated lines, the judgments grid as a table,
// charts with captions) and as a web page (site chrome around the
// report's headings, paragraphs, lists, table and figures).
//
// It exists so that corpus's PDF and web page readers can be tested, and
// measured, on documents whose every word and page is known, without
// shipping copies of published files: it is imported by tests, benchmarks
// and the load tool only, never by the peelbot binary, which so does not
// carry the PDF writer.
//
// It reads the text through corpus.Parse and lays out what the model
// holds, in the model's order, so a reader that recovers the model from
// the PDF or the page recovers what the text says.
package reportgen

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/peelbot/peelbot/corpus"
)

// kind is what an element of the document is.
type kind int

const (
	kChapter kind = iota
	kSection
	kGrade
	kSummary
	kHeadline
	kPara
	kGrid
	kFigure
	kSignature
	kRecsHeading
)

// element is one thing to lay out, in reading order.
type element struct {
	kind    kind
	text    string
	bullets []string
	passage int // index among the report's passages, for kPara
}

// document is a report as elements, with what the cover says.
type document struct {
	report   *corpus.Report
	elements []element
	// grades are the judgments grid's columns: for each rating, its areas.
	grades map[corpus.Rating][]string
}

// extra is something the model keeps without its place among the
// passages (a chart, the grid, the signature, a "Recommendations"
// heading), placed by its source line.
type extra struct {
	line    int
	chapter string
	el      element
}

// newDocument parses the text layout and orders what it holds.
func newDocument(name string, src []byte) (*document, error) {
	r, err := corpus.Parse(name, src)
	if err != nil {
		return nil, err
	}
	d := &document{report: r, grades: map[corpus.Rating][]string{}}
	for _, g := range r.Grades {
		d.grades[g.Rating] = append(d.grades[g.Rating], g.Area)
	}
	passages := r.Passages()
	index := map[*corpus.Passage]int{}
	for i, p := range passages {
		index[p] = i
	}
	extras := findExtras(r, src, passages)
	for _, c := range r.Chapters {
		d.add(element{kind: kChapter, text: c.Title})
		if c.Grade != "" {
			d.add(element{kind: kGrade, text: string(c.Grade)})
		}
		if c.Summary != "" {
			d.add(element{kind: kSummary, text: c.Summary})
		}
		mine := extrasOf(extras, c.Title)
		for _, s := range c.Sections {
			if s.Title != "" {
				d.add(element{kind: kSection, text: s.Title})
			}
			for _, f := range s.Findings {
				if f.Headline != "" {
					d.add(element{kind: kHeadline, text: f.Headline})
				}
				for _, p := range f.Passages {
					for len(mine) > 0 && mine[0].line < p.Line {
						d.add(mine[0].el)
						mine = mine[1:]
					}
					para, bullets := splitPassage(p.Text)
					d.add(element{kind: kPara, text: para, bullets: bullets, passage: index[p]})
				}
			}
		}
		for _, e := range mine {
			d.add(e.el)
		}
	}
	return d, nil
}

func (d *document) add(e element) { d.elements = append(d.elements, e) }

// splitPassage separates a passage's paragraph from its bullets.
func splitPassage(text string) (string, []string) {
	lines := strings.Split(text, "\n")
	var para string
	var bullets []string
	for _, l := range lines {
		if strings.HasPrefix(l, "- ") {
			bullets = append(bullets, strings.TrimPrefix(l, "- "))
			continue
		}
		para = l
	}
	return para, bullets
}

// findExtras finds the source lines of what the model keeps without a
// place among the passages, and the chapter each belongs to.
func findExtras(r *corpus.Report, src []byte, passages []*corpus.Passage) []extra {
	lines := strings.Split(string(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))), "\n")
	chapterAt := func(line int) string {
		ch := ""
		for _, p := range passages {
			if p.Line < line {
				ch = p.Chapter
			}
		}
		return ch
	}
	var out []extra
	for _, f := range r.Figures {
		out = append(out, extra{line: f.Line, chapter: f.Chapter, el: element{kind: kFigure, text: f.Caption}})
	}
	body := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.EqualFold(t, "contents") && body == 0 {
			body = i
		}
		if body == 0 {
			continue
		}
		switch {
		case strings.Count(l, "\t") >= 3 && isRatingRow(l):
			out = append(out, extra{line: i + 1, chapter: chapterAt(i + 1), el: element{kind: kGrid}})
		case r.Inspector != "" && t == r.Inspector:
			out = append(out, extra{line: i + 1, chapter: chapterAt(i + 1), el: element{kind: kSignature, text: r.Inspector}})
		case strings.EqualFold(t, "Recommendations") || strings.EqualFold(t, "Recommendation"):
			out = append(out, extra{line: i + 1, chapter: chapterAt(i + 1), el: element{kind: kRecsHeading, text: t}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

func isRatingRow(l string) bool {
	n := 0
	for _, c := range strings.Split(l, "\t") {
		if _, ok := corpus.ParseRating(c); ok {
			n++
		}
	}
	return n >= 3
}

func extrasOf(all []extra, chapter string) []extra {
	var out []extra
	for _, e := range all {
		if e.chapter == chapter {
			out = append(out, e)
		}
	}
	return out
}

// inspectorTitle is the line under the signature.
const inspectorTitle = "HM Inspector of Constabulary"

// coverLines are what the cover and the web page's title say.
func (d *document) title() string {
	return fmt.Sprintf("%s – Police effectiveness, efficiency and legitimacy: An inspection of %s", d.report.Round, d.report.Force)
}
