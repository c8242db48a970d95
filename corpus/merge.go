package corpus

import (
	"fmt"
	"strings"
)

// formRank orders the forms of one report by whose text is kept when
// several are loaded: the web page's is the inspectorate's own markup,
// with no line ends or page breaks to undo; the PDF gives pages.
var formRank = map[Form]int{FormHTML: 0, FormText: 1, FormPDF: 2}

// combineForms makes the files that are one report in several forms one
// report: the text of the best-ranked form, with the PDF's printed pages
// when a PDF is among them. Two files of one form for the same report are
// left for NewLibrary to refuse.
func combineForms(reports []*Report) ([]*Report, []string, error) {
	byID := map[string][]*Report{}
	var order []string
	for _, r := range reports {
		if byID[r.ID] == nil {
			order = append(order, r.ID)
		}
		byID[r.ID] = append(byID[r.ID], r)
	}
	var out []*Report
	var warnings []string
	for _, id := range order {
		group := byID[id]
		if len(group) == 1 {
			out = append(out, group[0])
			continue
		}
		forms := map[Form]*Report{}
		for _, r := range group {
			if prev, ok := forms[r.Form]; ok {
				return nil, nil, fmt.Errorf("%s: report id %q is already used by %s; give one of them an \"id:\" in its front matter", r.Source, r.ID, prev.Source)
			}
			forms[r.Form] = r
		}
		primary := group[0]
		for _, r := range group {
			if formRank[r.Form] < formRank[primary.Form] {
				primary = r
			}
		}
		// The file's own model stays as it was read (the cache keeps it,
		// and the PDF may be removed later); the library gets a copy.
		primary = cloneReport(primary)
		if pdf := forms[FormPDF]; pdf != nil && pdf.Source != primary.Source {
			warnings = append(warnings, usePDFPages(primary, pdf)...)
			if pdf.PDFURL != "" {
				// Only front matter gives a PDF its address: the
				// address it was downloaded from, or the one a person
				// wrote down, beats a web page's link.
				primary.PDFURL = pdf.PDFURL
			}
		}
		for _, r := range group {
			if r.Source != primary.Source {
				warnings = append(warnings, compareForms(primary, r)...)
				if primary.PDFURL == "" {
					primary.PDFURL = r.PDFURL
				}
			}
		}
		out = append(out, primary)
	}
	return out, warnings, nil
}

// normText is a passage's text as forms are compared: whitespace and
// letter case do not count.
func normText(s string) string { return strings.ToLower(collapseSpaces(s)) }

// usePDFPages gives the report read from another form the printed pages
// of the same report's PDF: each passage the page its twin in the PDF
// starts on. A passage with no twin (the forms differ there) between two
// passages on one page is on that page too; otherwise it takes the page
// before it, marked as not exact.
func usePDFPages(r, pdf *Report) []string {
	twins := map[string][]*Passage{}
	for _, p := range pdf.Passages() {
		k := normText(p.Text)
		twins[k] = append(twins[k], p)
	}
	ps := r.Passages()
	matched := make([]*Passage, len(ps))
	n := 0
	for i, p := range ps {
		k := normText(p.Text)
		if t := twins[k]; len(t) > 0 {
			matched[i], twins[k] = t[0], t[1:]
			n++
		}
	}
	for i, p := range ps {
		if t := matched[i]; t != nil {
			p.Page, p.PDFPage, p.PageExact = t.Page, t.PDFPage, true
			continue
		}
		var before, after *Passage
		for j := i - 1; j >= 0 && before == nil; j-- {
			before = matched[j]
		}
		for j := i + 1; j < len(ps) && after == nil; j++ {
			after = matched[j]
		}
		switch {
		case before != nil && after != nil && before.Page == after.Page:
			p.Page, p.PDFPage, p.PageExact = before.Page, before.PDFPage, true
		case before != nil:
			p.Page, p.PDFPage, p.PageExact = before.Page, before.PDFPage, false
		case after != nil:
			p.Page, p.PDFPage, p.PageExact = after.Page, after.PDFPage, false
		default:
			p.Page, p.PDFPage, p.PageExact = 0, 0, false
		}
	}
	chapters := map[string]*Chapter{}
	for _, c := range pdf.Chapters {
		chapters[strings.ToLower(c.Title)] = c
	}
	for _, c := range r.Chapters {
		if t := chapters[strings.ToLower(c.Title)]; t != nil {
			c.Page = t.Page
			for i, s := range c.Sections {
				if i < len(t.Sections) && sameTitle(s.Title, t.Sections[i].Title) {
					s.Page = t.Sections[i].Page
				}
			}
		}
	}
	captions := map[string]int{}
	for _, f := range pdf.Figures {
		captions[normText(f.Caption)] = f.Page
	}
	for i := range r.Figures {
		r.Figures[i].Page = captions[normText(r.Figures[i].Caption)]
	}
	for _, a := range r.AFIs {
		if len(a.Passages) > 0 {
			a.Page = a.Passages[0].Page
		}
	}
	for _, c := range r.Concerns {
		if len(c.Passages) > 0 {
			c.Page = c.Passages[0].Page
		}
	}
	r.PagesFrom = pdf.Source
	var warnings []string
	if len(ps) > 0 && n*100 < len(ps)*95 {
		warnings = append(warnings, fmt.Sprintf("%s: only %d of its %d passages were found in %s, whose pages it takes; are they the same edition?", r.Source, n, len(ps), pdf.Source))
	}
	return warnings
}

// compareForms warns when two forms of one report disagree on what
// matters most: its grades and its areas for improvement.
func compareForms(a, b *Report) []string {
	var out []string
	if ga, gb := gradeList(a), gradeList(b); ga != gb {
		out = append(out, fmt.Sprintf("%s and %s are the same report (%s) but grade differently: %s / %s", a.Source, b.Source, a.ID, ga, gb))
	}
	if len(a.AFIs) != len(b.AFIs) {
		out = append(out, fmt.Sprintf("%s and %s are the same report (%s) but have %d and %d areas for improvement", a.Source, b.Source, a.ID, len(a.AFIs), len(b.AFIs)))
	} else {
		for i := range a.AFIs {
			if normText(a.AFIs[i].Text) != normText(b.AFIs[i].Text) {
				out = append(out, fmt.Sprintf("%s and %s are the same report (%s) but word area for improvement %d differently", a.Source, b.Source, a.ID, i+1))
				break
			}
		}
	}
	return out
}

func gradeList(r *Report) string {
	var parts []string
	for _, g := range r.Grades {
		parts = append(parts, g.Area+"="+string(g.Rating))
	}
	return strings.Join(parts, ", ")
}

// cloneReport copies a report deeply enough that giving the copy other
// pages changes nothing of the original: chapters, sections, findings,
// passages (which AFIs and concerns share with the findings), figures.
func cloneReport(r *Report) *Report {
	c := *r
	copies := map[*Passage]*Passage{}
	c.Chapters = make([]*Chapter, len(r.Chapters))
	for i, ch := range r.Chapters {
		cc := *ch
		cc.Sections = make([]*Section, len(ch.Sections))
		for j, s := range ch.Sections {
			sc := *s
			sc.Findings = make([]*Finding, len(s.Findings))
			for k, f := range s.Findings {
				fc := *f
				fc.Passages = make([]*Passage, len(f.Passages))
				for m, p := range f.Passages {
					pc := *p
					copies[p] = &pc
					fc.Passages[m] = &pc
				}
				sc.Findings[k] = &fc
			}
			cc.Sections[j] = &sc
		}
		c.Chapters[i] = &cc
	}
	relink := func(ps []*Passage) []*Passage {
		out := make([]*Passage, len(ps))
		for i, p := range ps {
			out[i] = copies[p]
		}
		return out
	}
	c.AFIs = make([]*AFI, len(r.AFIs))
	for i, a := range r.AFIs {
		ac := *a
		ac.Passages = relink(a.Passages)
		c.AFIs[i] = &ac
	}
	c.Concerns = make([]*CauseOfConcern, len(r.Concerns))
	for i, k := range r.Concerns {
		kc := *k
		kc.Passages = relink(k.Passages)
		c.Concerns[i] = &kc
	}
	c.Figures = append([]Figure(nil), r.Figures...)
	c.Warnings = append([]string(nil), r.Warnings...)
	return &c
}
