package corpus

import (
	"cmp"
	"strings"
)

// KindGrade marks a grade statement: the sentence a report gives under a
// chapter's grade ("Hertfordshire Constabulary is adequate at investigating
// crime.").
const KindGrade Kind = "grade"

// Suffixes of the ids of statements: a grade statement's id is its
// report's id, "-grade-" and its area's slug ("herts-2021-grade-investigating-crime");
// a headline's is the id of the first paragraph under it with "-headline"
// added. Both stay stable for as long as the passages they come from do.
const (
	gradeIDPart    = "-grade-"
	headlineSuffix = "-headline"
)

// Statements returns the report's own one-sentence statements as passages
// that can be quoted and cited like any other: the grade sentence of each
// graded chapter, then the headline of each finding, in document order.
//
// They are not among Passages: a headline is the heading of the paragraphs
// under it, and the grade sentence is the chapter's Summary. A headline
// statement has the kind, page and position of the first paragraph under
// it and no heading of its own (it is one); a grade statement has
// KindGrade, the chapter's first page and the position of the chapter's
// first passage.
func (r *Report) Statements() []*Passage {
	var out []*Passage
	for _, c := range r.Chapters {
		if s := r.gradeStatement(c); s != nil {
			out = append(out, s)
		}
	}
	for _, c := range r.Chapters {
		for _, s := range c.Sections {
			for _, f := range s.Findings {
				if h := headlineStatement(f); h != nil {
					out = append(out, h)
				}
			}
		}
	}
	return out
}

// gradeStatement is a graded chapter's grade sentence as a passage, or nil
// for a chapter without one.
func (r *Report) gradeStatement(c *Chapter) *Passage {
	if c.Grade == "" || c.Summary == "" {
		return nil
	}
	p := &Passage{
		ID: r.ID + gradeIDPart + slug(cmp.Or(c.Area, c.Title)), ReportID: r.ID,
		Chapter: c.Title, Kind: KindGrade, Page: c.Page, Line: c.line, Text: c.Summary,
	}
	if first := firstPassage(c); first != nil {
		p.Position = first.Position
		p.PageExact = first.PageExact
		if first.PDFPage > 0 {
			// The grade line opens the chapter: its PDF page is the
			// chapter's printed page, offset as the first paragraph's is.
			p.PDFPage = c.Page + first.PDFPage - first.Page
		}
	}
	return p
}

// headlineStatement is a finding's headline as a passage, or nil for a
// finding without one.
func headlineStatement(f *Finding) *Passage {
	if f.Headline == "" || len(f.Passages) == 0 {
		return nil
	}
	first := f.Passages[0]
	return &Passage{
		ID: first.ID + headlineSuffix, ReportID: first.ReportID, Chapter: first.Chapter,
		Section: first.Section, Kind: first.Kind, Page: first.Page, PageExact: first.PageExact,
		PDFPage: first.PDFPage, Position: first.Position, Line: first.Line, Text: f.Headline,
	}
}

func firstPassage(c *Chapter) *Passage {
	for _, s := range c.Sections {
		for _, f := range s.Findings {
			if len(f.Passages) > 0 {
				return f.Passages[0]
			}
		}
	}
	return nil
}

// IsStatement reports whether an id is a statement's rather than a
// paragraph's.
func IsStatement(id string) bool {
	return strings.HasSuffix(id, headlineSuffix) || strings.Contains(id, gradeIDPart)
}

// Statement returns the statement with the given id, or nil.
func (l *Library) Statement(id string) *Passage {
	if base, ok := strings.CutSuffix(id, headlineSuffix); ok {
		p := l.Passage(base)
		if p == nil || p.Heading == "" {
			return nil
		}
		r := l.Report(p.ReportID)
		if r == nil {
			return nil
		}
		for _, c := range r.Chapters {
			for _, s := range c.Sections {
				for _, f := range s.Findings {
					if len(f.Passages) > 0 && f.Passages[0] == p {
						return headlineStatement(f)
					}
				}
			}
		}
		return nil
	}
	for _, r := range l.Reports {
		if !strings.HasPrefix(id, r.ID+gradeIDPart) {
			continue
		}
		for _, c := range r.Chapters {
			if s := r.gradeStatement(c); s != nil && s.ID == id {
				return s
			}
		}
	}
	return nil
}

// Headline returns the statement of the headline that heads p, when p is
// the first paragraph under it; nil otherwise.
func (l *Library) Headline(p *Passage) *Passage {
	if p == nil {
		return nil
	}
	return l.Statement(p.ID + headlineSuffix)
}

// Quotable returns the passage or statement with the given id, or nil:
// what a hit's id names.
func (l *Library) Quotable(id string) *Passage {
	if p := l.Passage(id); p != nil {
		return p
	}
	return l.Statement(id)
}
