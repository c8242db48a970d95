package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseError is a report the parser cannot read. It names the file and the
// line (text layout, web page) or the page (PDF) so the person who added
// the report can fix it.
type ParseError struct {
	File string
	Line int // the source line; 0 in a PDF
	// Page is the printed page number, 0 on an unnumbered page (cover,
	// contents) or where the form has no pages; PDFPage counts the PDF's
	// pages from its first.
	Page    int
	PDFPage int
	Msg     string
}

func (e *ParseError) Error() string {
	return e.File + " " + location{Line: e.Line, Page: e.Page, PDFPage: e.PDFPage}.String() + ": " + e.Msg
}

// location is where something is in the file a report was read from.
type location struct {
	Line    int // source line, 0 in a PDF
	Page    int // printed page, 0 when unnumbered or unknown
	PDFPage int // the PDF's own page count, from 1; 0 when not a PDF
}

// String names the location as a person would look for it: "line 12",
// "page 14 (PDF page 16)", or "PDF page 2" on a page with no number.
func (l location) String() string {
	switch {
	case l.Page > 0 && l.PDFPage > 0:
		return fmt.Sprintf("page %d (PDF page %d)", l.Page, l.PDFPage)
	case l.Page > 0:
		return fmt.Sprintf("page %d", l.Page)
	case l.PDFPage > 0:
		return fmt.Sprintf("PDF page %d", l.PDFPage)
	}
	return fmt.Sprintf("line %d", l.Line)
}

// sectionKind tells what the findings of a section are.
type sectionKind int

const (
	secPlain    sectionKind = iota // main findings, observations, anything else
	secAFI                         // each finding is an area for improvement
	secPractice                    // innovative, promising or notable practice
	secConcern                     // each finding is a cause or area of concern
)

// sectionTitles are the section headings PEEL reports use inside a chapter.
// Anything else in the contents list is a chapter.
var sectionTitles = map[string]sectionKind{
	"area for improvement":          secAFI,
	"areas for improvement":         secAFI,
	"main findings":                 secPlain,
	"innovative practice":           secPractice,
	"innovative practices":          secPractice,
	"promising practice":            secPractice,
	"promising practices":           secPractice,
	"notable practice":              secPractice,
	"notable practices":             secPractice,
	"cause of concern":              secConcern,
	"causes of concern":             secConcern,
	"accelerated cause of concern":  secConcern,
	"accelerated causes of concern": secConcern,
	"area of concern":               secConcern,
	"areas of concern":              secConcern,
	"recommendations":               -1, // inside a concern; see parser.recommendations
	"recommendation":                -1,
}

func sectionKindOf(title string) (sectionKind, bool) {
	k, ok := sectionTitles[strings.ToLower(strings.TrimRight(headingText(title), ". "))]
	return k, ok && k >= 0
}

func kindOf(s sectionKind) Kind {
	switch s {
	case secAFI:
		return KindAFI
	case secPractice:
		return KindPractice
	case secConcern:
		return KindConcern
	}
	return KindPassage
}

var (
	contentsEntryRE = regexp.MustCompile(`^(.*?\S)(?:\t+|\s*\.{3,}\s*| {2,})(\d{1,3})$`)
	inspectionOfRE  = regexp.MustCompile(`(?i)^an inspection of (.+?)\.?$`)
	inspectionInRE  = regexp.MustCompile(`(?i)\ban inspection of (.+?)\.?$`)
	roundRE         = regexp.MustCompile(`\bPEEL \d{4}(?:\s*[/–-]\s*\d{2,4})?`)
	footerDateRE    = regexp.MustCompile(`^((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\s*(?:\||$)`)
	signatureRE     = regexp.MustCompile(`^(?i:HM (?:Chief )?Inspector of)\b`)
	chapterVerdict  = regexp.MustCompile(`(?i)\b(?:is (?:outstanding|good|adequate|inadequate)|requires improvement) (?:at|in)\b`)
	gradedCountRE   = regexp.MustCompile(`(?i)graded judgments? in (\w+) of (?:these|the) (\w+)`)
	recLeadInRE     = regexp.MustCompile(`(?i)\b(?:should|must)\b`)
	// recSentenceRE finds a recommendation written as a sentence inside a
	// concern's paragraph: "Within six months, the force should …".
	recSentenceRE = regexp.MustCompile(`(?i)(?:^|[.!?]\s+)((?:within [^,.]{1,40}, )?(?:the (?:force|constabulary|service)|[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:Police|Constabulary)) (?:should|must) (?:immediately )?[^.:]+\.)`)
)

// block is a run of non-blank lines.
type block struct {
	line        int // 1-based line of the first line (a layout's location index)
	lines       []string
	blanksAfter int // blank lines that follow; -1 at the end of the file
	// role is what a reader that sees the layout (fonts, elements) knows
	// the block is; roleGuess leaves it to the text layout's rules.
	role blockRole
	// plain text has no Markdown links or escapes to undo.
	plain bool
	// terms are glossary terms the form marked in the block (a web page's
	// links to the inspectorate's glossary).
	terms []string
}

// blockRole is what a block is, when the form it was read from says so.
type blockRole int

const (
	roleGuess     blockRole = iota // decide by the text layout's rules
	roleHeading                    // set as a heading: a chapter or section when the contents list names it, else a headline
	roleHeadline                   // set as a finding's headline (bold body text, a minor heading)
	roleCaption                    // a figure's caption
	roleParagraph                  // body text that is certainly a paragraph
)

type contentsEntry struct {
	title   string
	key     string // titleKey(title), made once: every block is compared with it
	page    int
	line    int
	section bool
	matched bool
}

// anchor ties a point in the body text to the page the contents list gives.
type anchor struct{ offset, page int }

type parser struct {
	file string
	rep  *Report
	lay  *layout // nil for the text layout
	cur  int     // line of the block being read
	// sideMeta is front matter kept beside the file, which overrides the
	// file's own.
	sideMeta map[string]string

	blocks []block
	i      int

	contents []contentsEntry
	anchors  []anchor
	offset   int // characters of body text read so far
	offsets  map[*Passage]int
	sepBlank int // the usual number of blank lines between blocks

	chapter      *Chapter
	section      *Section
	finding      *Finding
	afi          *AFI
	concern      *CauseOfConcern
	chapterFresh bool // nothing but the heading (and grade) read yet
	inRecs       bool // inside a concern's recommendations

	breaks     []int // offsets where a page break cut a paragraph
	footerSeen bool
	grid       []Grade
	gridLine   int
	gradedWord string // "eight" in "graded judgments in eight of these nine"
	gradedLine int
	terms      map[string]bool
}

// Parse reads one report. name is used in messages and as Report.Source.
// It fails, naming the line, on any layout it does not recognise.
func Parse(name string, data []byte) (*Report, error) {
	return parseText(name, data, nil)
}

// parseText parses the text layout; meta, front matter kept beside the
// file, overrides the file's own.
func parseText(name string, data []byte, meta map[string]string) (*Report, error) {
	p := newParser(name)
	p.rep.Form = FormText
	p.sideMeta = meta
	if err := p.parse(data); err != nil {
		return nil, err
	}
	return p.rep, nil
}

func newParser(name string) *parser {
	return &parser{
		file:    name,
		rep:     &Report{Source: name},
		offsets: map[*Passage]int{},
		terms:   map[string]bool{},
	}
}

func (p *parser) errorf(line int, format string, args ...any) error {
	l := p.locate(line)
	return &ParseError{File: p.file, Line: l.Line, Page: l.Page, PDFPage: l.PDFPage, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.rep.Warnings = append(p.rep.Warnings, fmt.Sprintf("%s %s: %s", p.file, p.locate(line), fmt.Sprintf(format, args...)))
}

// locate turns a block's line into where it is in the file: the line
// itself in the text layout and a web page, its page in a PDF.
func (p *parser) locate(line int) location {
	if p.lay == nil || p.lay.locs == nil {
		return location{Line: line}
	}
	if line > 0 && line < len(p.lay.locs) {
		return p.lay.locs[line]
	}
	if n := len(p.lay.locs); n > 1 && line >= n {
		return p.lay.locs[n-1]
	}
	return location{PDFPage: 1}
}

// exactPages reports whether blocks carry the printed page they are on.
func (p *parser) exactPages() bool { return p.lay != nil && p.lay.exact }

func (p *parser) parse(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return p.errorf(badUTF8Line(data), "not UTF-8 text")
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r\u00a0")
		if strings.ContainsRune(l, 0) {
			return p.errorf(i+1, "binary data (NUL byte) in a report")
		}
	}
	n, meta, err := p.frontMatter(lines)
	if err != nil {
		return err
	}
	for k, v := range p.sideMeta {
		meta[k] = v
	}
	n, err = p.titleBlock(lines, n)
	if err != nil {
		return err
	}
	n, err = p.contentsList(lines, n)
	if err != nil {
		return err
	}
	p.splitBlocks(lines, n)
	if err := p.body(); err != nil {
		return err
	}
	if err := p.finish(meta, len(lines)); err != nil {
		return err
	}
	return nil
}

func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// metaKeys are the details front matter may give that a report's text
// does not carry, or gives wrongly.
var metaKeys = map[string]bool{"id": true, "url": true, "pdf_url": true, "published": true, "force": true, "round": true}

const metaKeyList = "id, url, pdf_url, published, force, round"

// frontMatter reads an optional block of "key: value" lines between "---"
// lines at the top of the file, for details the text does not carry (url,
// pdf_url, id, published, force, round).
func (p *parser) frontMatter(lines []string) (int, map[string]string, error) {
	meta := map[string]string{}
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i >= len(lines) || strings.TrimSpace(lines[i]) != "---" {
		return 0, meta, nil
	}
	start := i
	for i++; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "---" {
			return i + 1, meta, nil
		}
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		switch {
		case !ok:
			return 0, nil, p.errorf(i+1, "front matter line is not \"key: value\"")
		case !metaKeys[k]:
			return 0, nil, p.errorf(i+1, "unknown front matter key %q (known: %s)", k, metaKeyList)
		}
		meta[k] = strings.TrimSpace(v)
	}
	return 0, nil, p.errorf(start+1, "front matter opened with --- is never closed")
}

// titleBlock reads the lines before "Contents": the round ("PEEL 2021/22")
// and the force ("An inspection of Hertfordshire Constabulary").
func (p *parser) titleBlock(lines []string, n int) (int, error) {
	first := -1
	for i := n; i < len(lines); i++ {
		t := headingText(lines[i])
		if t == "" {
			continue
		}
		if first < 0 {
			first = i
		}
		if strings.EqualFold(t, "contents") {
			if p.rep.Round == "" {
				return 0, p.errorf(first+1, "no PEEL round line (such as \"PEEL 2021/22\") before the contents list")
			}
			if p.rep.Force == "" {
				return 0, p.errorf(first+1, "no \"An inspection of <force>\" line before the contents list")
			}
			return i + 1, nil
		}
		p.titleLine(t)
	}
	if first < 0 {
		return 0, p.errorf(1, "the file is empty")
	}
	return 0, p.errorf(first+1, "no \"Contents\" line: this does not look like a PEEL report")
}

// titleLine reads one line of the title block: the round ("PEEL 2021/22")
// or the force ("An inspection of Hertfordshire Constabulary"). A web
// page's title says both in one line ("PEEL 2021/22 – Police
// effectiveness, efficiency and legitimacy: An inspection of …").
func (p *parser) titleLine(t string) {
	switch {
	case p.rep.Round == "" && strings.HasPrefix(strings.ToUpper(t), "PEEL") && !strings.ContainsAny(t, ":–—"):
		p.rep.Round = t
	case p.rep.Round == "" && roundRE.MatchString(t):
		p.rep.Round = roundRE.FindString(t)
	}
	switch {
	case inspectionOfRE.MatchString(t):
		p.rep.Force = inspectionOfRE.FindStringSubmatch(t)[1]
	case inspectionInRE.MatchString(t):
		p.rep.Force = inspectionInRE.FindStringSubmatch(t)[1]
	}
}

// contentsList reads "title<TAB>page" lines up to the first line that is not
// one; that line starts the body.
func (p *parser) contentsList(lines []string, n int) (int, error) {
	i := n
	for ; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		m := contentsEntryRE.FindStringSubmatch(strings.TrimSpace(strings.TrimLeft(l, "-* ")))
		if m == nil {
			break
		}
		page, _ := strconv.Atoi(m[2])
		title, _ := plainText(m[1])
		_, isSection := sectionKindOf(title)
		if k := len(p.contents); k > 0 && page < p.contents[k-1].page {
			return 0, p.errorf(i+1, "contents page %d for %q comes after page %d", page, title, p.contents[k-1].page)
		}
		p.contents = append(p.contents, contentsEntry{title: title, key: titleKey(title), page: page, line: i + 1, section: isSection})
	}
	if len(p.contents) == 0 {
		return 0, p.errorf(n, "the contents list has no \"title<TAB>page\" entries")
	}
	if p.contents[0].section {
		return 0, p.errorf(p.contents[0].line, "the contents list starts with a section (%q), not a chapter", p.contents[0].title)
	}
	return i, nil
}

// splitBlocks groups the body's lines into blocks and finds the usual gap
// between blocks, so that a wider gap (where a chart was) can be recognised.
func (p *parser) splitBlocks(lines []string, n int) {
	gaps := map[int]int{}
	for i := n; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		b := block{line: i + 1}
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			b.lines = append(b.lines, lines[i])
			i++
		}
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		b.blanksAfter = j - i
		if j == len(lines) {
			b.blanksAfter = -1
		} else {
			gaps[b.blanksAfter]++
		}
		p.blocks = append(p.blocks, b)
		i = j
	}
	p.sepBlank = 1
	for g, c := range gaps {
		if c > gaps[p.sepBlank] {
			p.sepBlank = g
		}
	}
}

// body walks the blocks after the contents list.
func (p *parser) body() error {
	for p.i = 0; p.i < len(p.blocks); p.i++ {
		if err := p.step(p.blocks[p.i]); err != nil {
			return err
		}
	}
	return nil
}

// splitBlock separates a block into its paragraph text and its bullets.
func splitBlock(b block) (para string, bullets []string, terms []string) {
	var paraLines []string
	for _, l := range b.lines {
		if item, ok := bulletText(l); ok {
			bullets = append(bullets, item)
			continue
		}
		if len(bullets) > 0 { // continuation of the last bullet
			bullets[len(bullets)-1] += " " + strings.TrimSpace(l)
			continue
		}
		paraLines = append(paraLines, strings.TrimSpace(l))
	}
	text := plainText
	if b.plain {
		text = func(s string) (string, []string) { return collapseSpaces(s), nil }
	}
	para, terms = text(strings.Join(paraLines, " "))
	for i, item := range bullets {
		var t []string
		bullets[i], t = text(item)
		terms = append(terms, t...)
	}
	return para, bullets, terms
}

func (p *parser) step(b block) error {
	p.cur = b.line
	if p.footer(b) {
		return nil
	}
	if isGrid(b) {
		return p.readGrid(b)
	}
	para, bullets, terms := splitBlock(b)
	p.rep.Glossary.addTerms(terms, p.terms)
	p.rep.Glossary.addTerms(b.terms, p.terms)
	whole := headingText(strings.Join(b.lines, " "))

	if e := p.matchContents(whole); e != nil {
		return p.startHeading(e, b)
	}
	if k, ok := sectionKindOf(whole); ok && p.chapter != nil {
		p.startSection(whole, k, p.currentPage(), b.line)
		return nil
	}
	if p.chapter == nil {
		return p.errorf(b.line, "text before the first chapter heading (the contents list names %q first)", p.contents[0].title)
	}
	if p.chapterFresh && p.chapter.Grade == "" && len(bullets) == 0 {
		if r, ok := ParseRating(whole); ok {
			p.chapter.Grade = r
			p.chapter.line = b.line
			return nil
		}
	}
	if p.chapterFresh && p.chapter.Grade != "" && p.chapter.Summary == "" && chapterVerdict.MatchString(para) {
		p.chapter.Summary = para
		p.offset += len(para)
		return nil
	}
	if p.section != nil && p.section.kind == secConcern && sectionTitles[strings.ToLower(strings.TrimRight(whole, ". "))] < 0 {
		p.inRecs = true
		return nil
	}
	if len(bullets) > 0 && para == "" {
		return p.attachBullets(bullets, b.line)
	}
	switch b.role {
	case roleHeading, roleHeadline:
		if len(bullets) == 0 {
			return p.headline(para, b.line)
		}
	case roleCaption:
		p.addFigure(para, b.line)
		return nil
	case roleParagraph:
		return p.paragraph(para, bullets, b.line)
	}
	if len(b.lines) == 1 && !endsSentence(para) {
		return p.shortLine(para, b)
	}
	return p.paragraph(para, bullets, b.line)
}

// addFigure keeps a chart's caption, which is never a passage.
func (p *parser) addFigure(caption string, line int) {
	p.rep.Figures = append(p.rep.Figures, Figure{Caption: caption, Chapter: p.chapter.Title, Page: p.currentPage(), Line: p.locate(line).Line})
	p.offset += len(caption)
}

// footer recognises the closing "February 2023 | © HMICFRS 2023" line.
// Everything after it (the inspectorate's web address) is footer too.
func (p *parser) footer(b block) bool {
	if p.footerSeen {
		return true
	}
	if len(b.lines) != 1 {
		return false
	}
	l := strings.TrimSpace(b.lines[0])
	if m := footerDateRE.FindStringSubmatch(l); m != nil && (strings.Contains(l, "©") || b.blanksAfter < 0) {
		p.rep.Published = m[1]
		p.footerSeen = true
		return true
	}
	return strings.HasPrefix(l, "©")
}

// matchContents finds the first contents entry not yet seen whose title is
// the given line. Entries are matched in order, so repeated titles such as
// "Main findings" match the right chapter's entry.
func (p *parser) matchContents(text string) *contentsEntry {
	key := titleKey(text)
	for i := range p.contents {
		e := &p.contents[i]
		if e.matched {
			continue
		}
		if strings.EqualFold(e.key, key) {
			return e
		}
	}
	return nil
}

func (p *parser) startHeading(e *contentsEntry, b block) error {
	for i := range p.contents { // anything listed before it and not seen is missing
		if &p.contents[i] == e {
			break
		}
		if !p.contents[i].matched {
			return p.errorf(p.contents[i].line, "contents lists %q but the text reaches %q (line %d) without that heading", p.contents[i].title, e.title, b.line)
		}
	}
	e.matched = true
	p.anchors = append(p.anchors, anchor{offset: p.offset, page: e.page})
	page := e.page
	if p.exactPages() {
		page = p.checkContentsPage(e, b.line)
	}
	if e.section {
		k, _ := sectionKindOf(e.title)
		p.startSection(e.title, k, page, b.line)
		return nil
	}
	p.chapter = &Chapter{Title: e.title, Page: page, line: b.line}
	p.rep.Chapters = append(p.rep.Chapters, p.chapter)
	p.section, p.finding, p.afi, p.concern, p.inRecs = nil, nil, nil, nil, false
	p.chapterFresh = true
	return nil
}

// checkContentsPage returns the printed page a heading is on, and warns,
// naming the page, when the contents list gives it another.
func (p *parser) checkContentsPage(e *contentsEntry, line int) int {
	at := p.locate(line).Page
	if e.page != at {
		p.warnf(line, "the contents list gives page %d for %q but it starts on the page numbered %d", e.page, e.title, at)
	}
	return at
}

func (p *parser) startSection(title string, k sectionKind, page, line int) {
	if p.chapter == nil {
		return
	}
	p.section = &Section{Title: title, Page: page, kind: k}
	p.chapter.Sections = append(p.chapter.Sections, p.section)
	p.finding, p.afi, p.concern, p.inRecs = nil, nil, nil, false
	p.chapterFresh = false
}

// currentPage estimates the page at the current point of the body; where
// blocks carry their printed page, it is the page of the block being read.
func (p *parser) currentPage() int {
	if p.exactPages() {
		return p.locate(p.cur).Page
	}
	if p.lay != nil {
		return 0 // a web page has no pages
	}
	if n := len(p.anchors); n > 0 {
		return p.anchors[n-1].page
	}
	return p.contents[0].page
}

// shortLine handles a one-line block that does not end a sentence: a finding
// headline, a figure caption, a signature, or the first half of a paragraph
// that a page break cut in two.
func (p *parser) shortLine(text string, b block) error {
	var next *block
	if p.i+1 < len(p.blocks) {
		next = &p.blocks[p.i+1]
	}
	if next != nil && b.blanksAfter <= p.sepBlank+1 {
		nextPara, nextBullets, terms := splitBlock(*next)
		if startsLower(nextPara) {
			p.rep.Glossary.addTerms(terms, p.terms)
			p.i++
			p.breaks = append(p.breaks, p.offset+len(text))
			return p.paragraph(text+" "+nextPara, nextBullets, b.line)
		}
		if len(next.lines) == 1 && signatureRE.MatchString(strings.TrimSpace(next.lines[0])) && len(strings.Fields(text)) <= 5 {
			p.rep.Inspector = text
			p.i++
			return nil
		}
	}
	if next == nil || b.blanksAfter > p.sepBlank {
		p.addFigure(text, b.line)
		return nil
	}
	return p.headline(text, b.line)
}

// headline starts a finding; in an AFI or concern section it also starts
// the AFI or concern it names.
func (p *parser) headline(text string, line int) error {
	if p.section == nil {
		p.section = &Section{Page: p.currentPage()}
		p.chapter.Sections = append(p.chapter.Sections, p.section)
	}
	p.chapterFresh = false
	p.inRecs = false
	p.finding = &Finding{Headline: text}
	p.rep.Glossary.addAcronyms(findAcronyms(text, line))
	p.section.Findings = append(p.section.Findings, p.finding)
	p.offset += len(text)
	switch p.section.kind {
	case secAFI:
		p.afi = &AFI{Area: p.chapter.Title, Text: text, Page: p.estimatePageNow()}
		p.rep.AFIs = append(p.rep.AFIs, p.afi)
	case secConcern:
		p.concern = &CauseOfConcern{Area: p.chapter.Title, Label: p.section.Title, Text: text, Page: p.estimatePageNow()}
		p.rep.Concerns = append(p.rep.Concerns, p.concern)
	}
	return nil
}

// estimatePageNow is a placeholder page for AFIs and concerns, replaced by
// their first passage's page once pages are known.
func (p *parser) estimatePageNow() int { return p.currentPage() }

// paragraph adds a passage, with bullets it introduces in the same block or
// the block that follows.
func (p *parser) paragraph(text string, bullets []string, line int) error {
	if p.section == nil {
		p.section = &Section{Page: p.currentPage()}
		p.chapter.Sections = append(p.chapter.Sections, p.section)
	}
	k := p.section.kind
	if (k == secAFI || k == secConcern) && p.finding == nil {
		return p.errorf(line, "%q section of %q: a paragraph comes before any headline, so it belongs to no %s", p.section.Title, p.chapter.Title, map[sectionKind]string{secAFI: "area for improvement", secConcern: "concern"}[k])
	}
	if len(bullets) == 0 && p.i+1 < len(p.blocks) {
		if nb, isList := bulletsOnly(p.blocks[p.i+1]); isList {
			bullets = nb
			p.i++
		}
	}
	kind := kindOf(k)
	switch {
	case k != secConcern:
	case p.inRecs || (len(bullets) > 0 && recLeadInRE.MatchString(text) && strings.HasSuffix(text, ":")):
		kind = KindRecommendation
		p.addRecommendations(text, bullets)
	default:
		for _, m := range recSentenceRE.FindAllStringSubmatch(text, -1) {
			p.addRecommendations(m[1], nil)
		}
	}
	p.addPassage(text, bullets, kind, line)
	return nil
}

// bulletsOnly reports whether a block is nothing but a bullet list.
func bulletsOnly(b block) ([]string, bool) {
	para, bullets, _ := splitBlock(b)
	return bullets, para == "" && len(bullets) > 0
}

// attachBullets keeps a bullet list with the paragraph that introduced it;
// a list with no paragraph before it in the finding is a passage of its own.
func (p *parser) attachBullets(bullets []string, line int) error {
	if p.finding != nil && len(p.finding.Passages) > 0 {
		last := p.finding.Passages[len(p.finding.Passages)-1]
		for _, b := range bullets {
			last.Text += "\n- " + b
			p.offset += len(b)
		}
		if last.Kind == KindRecommendation && p.concern != nil {
			p.addRecommendations("", bullets)
		}
		return nil
	}
	return p.paragraph("", bullets, line)
}

// addRecommendations records a concern's recommendations: one per bullet,
// each with the lead-in that introduces it, or the paragraph itself when it
// has no bullets.
func (p *parser) addRecommendations(leadIn string, bullets []string) {
	if p.concern == nil {
		return
	}
	leadIn = strings.TrimSpace(leadIn)
	if len(bullets) == 0 {
		if leadIn != "" {
			p.concern.Recommendations = append(p.concern.Recommendations, &Recommendation{Text: recText(leadIn)})
		}
		return
	}
	leadIn = strings.TrimSuffix(leadIn, ":")
	for _, b := range bullets {
		t := recText(b)
		if leadIn != "" {
			t = leadIn + " " + t
		}
		p.concern.Recommendations = append(p.concern.Recommendations, &Recommendation{Text: t})
	}
}

// recText trims the list punctuation a recommendation is written with
// ("…; and", "…;", "….") so that each reads as a sentence on its own.
func recText(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, " and")
	s = strings.TrimSuffix(s, " or")
	return strings.TrimRight(s, ";,. ")
}

func (p *parser) addPassage(text string, bullets []string, kind Kind, line int) {
	full := text
	for _, b := range bullets {
		if full != "" {
			full += "\n"
		}
		full += "- " + b
	}
	loc := p.locate(line)
	ps := &Passage{
		Chapter: p.chapter.Title,
		Section: p.section.Title,
		Kind:    kind,
		Line:    loc.Line,
		Text:    full,
	}
	if p.exactPages() {
		ps.Page, ps.PDFPage, ps.PageExact = loc.Page, loc.PDFPage, true
	}
	if p.finding == nil {
		p.finding = &Finding{}
		p.section.Findings = append(p.section.Findings, p.finding)
	}
	ps.Heading = p.finding.Headline
	p.finding.Passages = append(p.finding.Passages, ps)
	p.offsets[ps] = p.offset
	p.offset += len(full)
	p.chapterFresh = false
	switch {
	case p.section.kind == secAFI && p.afi != nil:
		p.afi.Passages = append(p.afi.Passages, ps)
	case p.section.kind == secConcern && p.concern != nil:
		p.concern.Passages = append(p.concern.Passages, ps)
	}
	p.rep.Glossary.addAcronyms(findAcronyms(full, line))
}

// isGrid reports whether a block is the judgments grid: a first line of
// tab-separated rating names.
func isGrid(b block) bool {
	if !strings.Contains(b.lines[0], "\t") {
		return false
	}
	n := 0
	for _, c := range strings.Split(b.lines[0], "\t") {
		if _, ok := ParseRating(c); ok {
			n++
		}
	}
	return n >= 3
}

// readGrid reads the judgments grid: each row holds, column by column, the
// areas given the rating at the head of that column.
func (p *parser) readGrid(b block) error {
	if p.grid != nil {
		return p.errorf(b.line, "a second judgments grid (the first is on line %d)", p.gridLine)
	}
	p.gridLine = b.line
	var cols []Rating
	for i, c := range strings.Split(b.lines[0], "\t") {
		r, ok := ParseRating(c)
		if !ok {
			return p.errorf(b.line, "judgments grid column %d is %q, not a rating", i+1, c)
		}
		cols = append(cols, r)
	}
	for j, row := range b.lines[1:] {
		cells := strings.Split(row, "\t")
		if len(cells) > len(cols) {
			for _, extra := range cells[len(cols):] {
				if strings.TrimSpace(extra) != "" {
					return p.errorf(b.line+j+1, "judgments grid row has more cells than the %d rating columns", len(cols))
				}
			}
		}
		for c, cell := range cells {
			area, _ := plainText(cell)
			if area == "" || c >= len(cols) {
				continue
			}
			p.grid = append(p.grid, Grade{Area: area, Rating: cols[c]})
		}
	}
	if len(p.grid) == 0 {
		return p.errorf(b.line, "the judgments grid names no areas")
	}
	// The sentence before the grid usually says how many areas are graded.
	if p.i > 0 {
		prev, _, _ := splitBlock(p.blocks[p.i-1])
		if m := gradedCountRE.FindStringSubmatch(prev); m != nil {
			p.gradedWord, p.gradedLine = m[1], p.blocks[p.i-1].line
		}
	}
	return nil
}

// finish checks the parsed report as a whole and fills in what depends on
// all of it: ids, pages, grades.
func (p *parser) finish(meta map[string]string, nLines int) error {
	for _, e := range p.contents {
		if !e.matched {
			return p.errorf(e.line, "contents lists %q but the text has no such heading", e.title)
		}
	}
	if v := meta["force"]; v != "" {
		p.rep.Force = v
	}
	if v := meta["round"]; v != "" {
		p.rep.Round = v
	}
	if v := meta["published"]; v != "" {
		p.rep.Published = v
	}
	p.rep.ID = reportID(p.rep.Force, p.rep.Round)
	if v := meta["id"]; v != "" {
		p.rep.ID = slug(v)
	}
	p.rep.URL = reportURL(p.rep.Force, p.rep.Round)
	if v := meta["url"]; v != "" {
		p.rep.URL = v
	}
	if v := meta["pdf_url"]; v != "" {
		p.rep.PDFURL = v
	}
	if p.rep.Published == "" {
		p.warnf(nLines, "no publication month (a closing line such as \"February 2023 | © HMICFRS 2023\")")
	}
	passages := p.rep.Passages()
	if len(passages) == 0 {
		return p.errorf(nLines, "no paragraphs found under any chapter")
	}
	if p.lay == nil {
		p.assignPages(passages)
	} else {
		p.findingPages()
	}
	p.assignIDs(passages)
	return p.reconcileGrades()
}

// assignPages gives each passage the page it most likely starts on. The
// contents list fixes the page of every heading; between two headings, the
// pages are shared out in proportion to the text before the passage.
//
// A paragraph cut by a page break marks where one page ends: the page
// estimated there is rounded to that boundary and becomes an anchor too.
func (p *parser) assignPages(passages []*Passage) {
	p.anchorPageBreaks()
	end := anchor{offset: p.offset, page: -1}
	for _, ps := range passages {
		o := p.offsets[ps]
		a, next := p.anchors[0], end
		for i, an := range p.anchors {
			if an.offset <= o {
				a = an
				if i+1 < len(p.anchors) {
					next = p.anchors[i+1]
				} else {
					next = end
				}
			}
		}
		if next.page < 0 { // after the last heading: assume the usual density
			next.page = a.page + (next.offset-a.offset)/p.charsPerPage()
		}
		ps.Page = pageAt(o, a, next)
	}
	p.findingPages()
}

// findingPages gives each AFI and concern the page of its first passage.
func (p *parser) findingPages() {
	for _, afi := range p.rep.AFIs {
		if len(afi.Passages) > 0 {
			afi.Page = afi.Passages[0].Page
		}
	}
	for _, c := range p.rep.Concerns {
		if len(c.Passages) > 0 {
			c.Page = c.Passages[0].Page
		}
	}
}

// pageAt interpolates the page at offset o between two anchors.
func pageAt(o int, a, next anchor) int {
	if span := next.offset - a.offset; span > 0 && next.page > a.page {
		return a.page + (o-a.offset)*(next.page-a.page)/span
	}
	return a.page
}

// anchorPageBreaks adds an anchor at each known page break, on the page
// boundary nearest the estimate, when that boundary lies strictly between
// the pages of the headings around it.
func (p *parser) anchorPageBreaks() {
	for _, br := range p.breaks {
		for i := 0; i+1 < len(p.anchors); i++ {
			a, next := p.anchors[i], p.anchors[i+1]
			if br < a.offset || br >= next.offset || next.page <= a.page {
				continue
			}
			span := next.offset - a.offset
			boundary := a.page + ((br-a.offset)*(next.page-a.page)+span/2)/span
			if boundary > a.page && boundary <= next.page {
				p.anchors = append(p.anchors[:i+1], append([]anchor{{offset: br, page: boundary}}, p.anchors[i+1:]...)...)
			}
			break
		}
	}
}

// charsPerPage is the report's average amount of text per page, measured
// between the first and last headings.
func (p *parser) charsPerPage() int {
	first, last := p.anchors[0], p.anchors[len(p.anchors)-1]
	if last.page > first.page && last.offset > first.offset {
		return max(1, (last.offset-first.offset)/(last.page-first.page))
	}
	return 3000
}

// assignIDs gives passages ids from their text and numbers AFIs, concerns
// and recommendations in document order.
func (p *parser) assignIDs(passages []*Passage) {
	seen := map[string]int{}
	for i, ps := range passages {
		sum := sha256.Sum256([]byte(strings.ToLower(collapseSpaces(ps.Text))))
		id := p.rep.ID + "-" + hex.EncodeToString(sum[:4])
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		ps.ID, ps.ReportID, ps.Position = id, p.rep.ID, i
	}
	for i, a := range p.rep.AFIs {
		a.ID = fmt.Sprintf("%s-afi-%d", p.rep.ID, i+1)
		a.ReportID = p.rep.ID
	}
	for i, c := range p.rep.Concerns {
		c.ID = fmt.Sprintf("%s-coc-%d", p.rep.ID, i+1)
		c.ReportID = p.rep.ID
		for j, r := range c.Recommendations {
			r.ID = fmt.Sprintf("%s-rec-%d", c.ID, j+1)
		}
	}
}
