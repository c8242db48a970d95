package corpus

import (
	"regexp"
	"strings"
)

// layout is a report as a reader of a form that shows its structure (a
// PDF's fonts and positions, a web page's elements) found it, before the
// parser gives it meaning. Every form ends in the same parser, so one
// report gives one model whatever form it was read in.
//
// Readers do what only they can: drop page furniture and site chrome,
// rejoin what a page or a line cut, mark what their form makes certain (a
// heading, a bold headline, a caption), and say where each block is. The
// parser does the rest, as for the text layout.
type layout struct {
	form Form
	// meta is what the reader found that the text does not say (a web
	// page's address, its link to the PDF), under front matter keys;
	// front matter given beside the file overrides it.
	meta map[string]string
	// title holds the lines before the contents list (a PDF's cover, a web
	// page's title and publication date): round, force, publication month.
	title []layoutLine
	// contents is the contents list: from a PDF's contents page with its
	// page numbers, or from a web page's own headings (page 0).
	contents []contentsEntry
	// contentsAt is the line of the contents list, for messages.
	contentsAt int
	blocks     []block
	// locs maps the line numbers of title lines, contents entries and blocks
	// to where they are in the file. nil when the numbers are the file's
	// own lines (a web page).
	locs []location
	// exact is true when each location carries the printed page it is on.
	exact bool
	// last is the line where the file ends, for messages about what is
	// missing.
	last int
	// warnings are the reader's own, each naming the file and where.
	warnings []string
}

// layoutLine is one line of text and where it is.
type layoutLine struct {
	text string
	line int
}

// parseLayout builds the model from a reader's layout.
func parseLayout(name string, lay *layout, meta map[string]string) (*Report, error) {
	p := newParser(name)
	p.lay = lay
	p.rep.Form = lay.form
	p.rep.Warnings = append(p.rep.Warnings, lay.warnings...)
	merged := map[string]string{}
	for k, v := range lay.meta {
		merged[k] = v
	}
	for k, v := range meta {
		merged[k] = v
	}
	if err := p.parseLayout(merged); err != nil {
		return nil, err
	}
	return p.rep, nil
}

func (p *parser) parseLayout(meta map[string]string) error {
	lay := p.lay
	first := lay.contentsAt
	if len(lay.title) > 0 {
		first = lay.title[0].line
	}
	if first < 1 {
		first = 1 // the file's start
	}
	for _, l := range lay.title {
		t := headingText(l.text)
		p.titleLine(t)
		if p.rep.Published == "" {
			if m := monthYearRE.FindString(t); m != "" {
				p.rep.Published = m
			}
		}
	}
	p.titleFallbacks(lay.title)
	if len(lay.contents) == 0 {
		return p.errorf(first, "no contents list (a \"Contents\" page listing the chapters): this does not look like a PEEL report")
	}
	if p.rep.Round == "" && meta["round"] == "" {
		return p.errorf(first, "no PEEL round (such as \"PEEL 2021/22\") before the contents list")
	}
	if p.rep.Force == "" && meta["force"] == "" {
		return p.errorf(first, "no \"An inspection of <force>\" before the contents list")
	}
	for _, e := range lay.contents {
		e.title = collapseSpaces(e.title)
		e.key = titleKey(e.title)
		_, e.section = sectionKindOf(e.title)
		// A PDF's pages come from its page numbers, so a contents list out
		// of order there is only warned about, entry by entry, as the
		// headings are met.
		if k := len(p.contents); k > 0 && e.page < p.contents[k-1].page && !lay.exact {
			return p.errorf(e.line, "contents page %d for %q comes after page %d", e.page, e.title, p.contents[k-1].page)
		}
		p.contents = append(p.contents, e)
	}
	if p.contents[0].section {
		return p.errorf(p.contents[0].line, "the contents list starts with a section (%q), not a chapter", p.contents[0].title)
	}
	p.blocks = lay.blocks
	p.sepBlank = 1
	if err := p.body(); err != nil {
		return err
	}
	return p.finish(meta, lay.last)
}

// titleFallbacks finds the round and the force in a title that does not
// say "PEEL 2021/22" and "An inspection of …" as the report's cover does
// (a web page titled "Hertfordshire Constabulary – PEEL 2021/22", or
// "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 –
// Hertfordshire Constabulary"): a known force's name, and the years of a
// title that names PEEL.
func (p *parser) titleFallbacks(title []layoutLine) {
	for _, l := range title {
		t := collapseSpaces(l.text)
		if p.rep.Force == "" {
			if m := knownForceRE.FindStringSubmatch(t); m != nil && forceShortNames[strings.ToLower(m[1])] != "" {
				p.rep.Force = m[0]
			}
		}
		if p.rep.Round == "" && strings.Contains(strings.ToUpper(t), "PEEL") {
			if m := yearsRE.FindString(t); m != "" {
				p.rep.Round = "PEEL " + m
			}
		}
	}
}

// knownForceRE finds a force's full name: its place, then what it is.
var knownForceRE = regexp.MustCompile(`\b((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?: (?:and|of) [A-Z][a-z]+| [A-Z][a-z]+){0,4}) (?:Constabulary|Police Service|Police)\b`)

// monthYearRE finds a publication month ("February 2023", or the month of
// "16 February 2023") in a title block.
var monthYearRE = regexp.MustCompile(`(?:January|February|March|April|May|June|July|August|September|October|November|December) (?:19|20)\d{2}\b`)

// joinLines joins the visual lines of a paragraph, rejoining a word that
// a line end hyphenated. vocab says which words occur elsewhere in the
// report, to tell "investi-gation" (joined) from "anti-social" (kept).
func joinLines(lines []string, vocab *vocabulary) string {
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			prev := b.String()
			if strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") && !strings.HasSuffix(prev, "--") {
				left := lastWord(prev[:len(prev)-1])
				right := firstWord(l)
				if vocab.joinHyphen(left, right) {
					b.Reset()
					b.WriteString(prev[:len(prev)-1])
				}
				b.WriteString(l)
				continue
			}
			if strings.HasSuffix(prev, "\u00ad") { // a soft hyphen: always a break inside a word
				b.Reset()
				b.WriteString(strings.TrimSuffix(prev, "\u00ad"))
				b.WriteString(l)
				continue
			}
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}
