package reportgen

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/peelbot/peelbot/corpus"
)

// PDFOptions vary the print PDF.
type PDFOptions struct {
	// GradeColumn sets the judgments grid as two columns, each area beside
	// its grade, as 2023–25 reports do, instead of five rating columns.
	GradeColumn bool
	// WrongContents names a contents entry whose page the contents list
	// gives one too high, as a report with a stale contents list does.
	WrongContents string
	// NoPageNumbers leaves the page numbers out of the footer.
	NoPageNumbers bool
	// DropHeading leaves a section heading out of the body while the
	// contents list still lists it: a report the parser must refuse.
	DropHeading string
	// UserPassword and OwnerPassword encrypt the PDF (RC4, as fpdf does):
	// with a user password it cannot be opened without one; with only an
	// owner password it opens, with restricted permissions.
	UserPassword, OwnerPassword string
}

// Page is where something was set: its printed page number (0 on the
// cover and contents) and its page counted from the PDF's first.
type Page struct{ Printed, PDF int }

// PDFResult is a typeset report and where each passage was set.
type PDFResult struct {
	Data []byte
	// Passages gives, for each passage of the text's model (in the order
	// of Report.Passages), the page its first line is on.
	Passages []Page
	// Chapters gives each chapter's page, by title.
	Chapters map[string]Page
	// Pages is the number of pages; BodyStart the PDF page of printed
	// page 1.
	Pages, BodyStart int
	// Split lists the passages (by index) that a page break cut.
	Split []int
	// Hyphenated are the words a line end hyphenated ("investi-gation");
	// Compounds the words with a hyphen that a line end broke after it
	// ("problem-solving").
	Hyphenated, Compounds []string
	// Report is the model the PDF was set from.
	Report *corpus.Report
}

// Geometry of an A4 page, in points.
const (
	pageW, pageH = 595.28, 841.89
	marginL      = 56.7
	marginR      = 56.7
	textTop      = 78.0  // first baseline
	textBottom   = 775.0 // last baseline
	textW        = pageW - marginL - marginR
)

// style is how a kind of text is set.
type style struct {
	font    string // "" or "B"
	size    float64
	leading float64
	before  float64
	after   float64
}

var (
	chapterStyle  = style{"B", 20, 24, 16, 10}
	sectionStyle  = style{"B", 15, 18, 12, 6}
	gradeStyle    = style{"B", 13, 16, 0, 6}
	headlineStyle = style{"B", 11, 15, 8, 4}
	bodyStyle     = style{"", 11, 15, 0, 8}
	captionStyle  = style{"B", 10, 13, 6, 4}
	cellStyle     = style{"", 9, 11, 0, 0}
	cellHeadStyle = style{"B", 9, 11, 0, 0}
)

// typesetter lays text out on pages, line by line, with its own line
// breaking (so that it can hyphenate) and records where things land.
type typesetter struct {
	pdf       *fpdf.Fpdf
	tr        func(string) string
	y         float64 // baseline of the next line
	page      int     // pages so far
	bodyStart int     // PDF page of printed page 1, 0 before the body
	doc       *document
	opt       PDFOptions
	prior     []heading // every heading and its page, from a first pass
	front     int       // unnumbered pages before the body
	dropped   bool      // DropHeading has been left out
	headings  []heading
	result    *PDFResult
}

type heading struct {
	title   string
	section bool
	page    int
}

// PDF typesets the text layout src as a print PDF.
func PDF(name string, src []byte, opt PDFOptions) (*PDFResult, error) {
	d, err := newDocument(name, src)
	if err != nil {
		return nil, err
	}
	// First pass: where every heading lands, for the contents list.
	first := newTypesetter(d, opt, nil)
	first.run()
	pages := map[string]int{}
	for _, h := range first.headings {
		if _, ok := pages[h.title]; !ok {
			pages[h.title] = h.page
		}
	}
	ts := newTypesetter(d, opt, first.headings)
	ts.run()
	var buf bytes.Buffer
	if err := ts.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	ts.result.Data = buf.Bytes()
	ts.result.Pages = ts.page
	ts.result.BodyStart = ts.bodyStart
	ts.result.Report = d.report
	return ts.result, nil
}

func newTypesetter(d *document, opt PDFOptions, headings []heading) *typesetter {
	p := fpdf.New("P", "pt", "A4", "")
	p.SetCompression(true)
	p.SetAutoPageBreak(false, 0)
	p.SetCreationDate(time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC))
	p.SetModificationDate(time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC))
	p.SetCatalogSort(true)
	p.SetTitle(d.title(), true)
	p.SetAuthor("HMICFRS (generated for peelbot's tests)", true)
	if opt.UserPassword != "" || opt.OwnerPassword != "" {
		p.SetProtection(fpdf.CnProtectPrint, opt.UserPassword, opt.OwnerPassword)
	}
	ts := &typesetter{pdf: p, tr: p.UnicodeTranslatorFromDescriptor(""), doc: d, opt: opt,
		result: &PDFResult{Passages: make([]Page, len(d.report.Passages())), Chapters: map[string]Page{}}}
	ts.prior = headings
	return ts
}

func (ts *typesetter) run() {
	ts.cover()
	ts.contentsPages()
	ts.newPage()
	for i, e := range ts.doc.elements {
		ts.element(e, i)
	}
}

// printed is the current page's printed number.
func (ts *typesetter) printed() int {
	if ts.bodyStart == 0 {
		return 0
	}
	return ts.page - ts.bodyStart + 1
}

func (ts *typesetter) here() Page { return Page{Printed: ts.printed(), PDF: ts.page} }

// newPage starts a page; on body pages, with the running header and
// footer.
func (ts *typesetter) newPage() {
	ts.pdf.AddPage()
	ts.page++
	ts.y = textTop
	if ts.bodyStart == 0 && ts.page > ts.frontPages() {
		ts.bodyStart = ts.page
	}
	if ts.bodyStart == 0 {
		return
	}
	r := ts.doc.report
	ts.pdf.SetTextColor(90, 90, 90)
	ts.pdf.SetFont("Helvetica", "", 8)
	ts.pdf.Text(marginL, 40, ts.tr(r.Round+" – An inspection of "+r.Force))
	ts.pdf.SetDrawColor(180, 180, 180)
	ts.pdf.SetLineWidth(0.5)
	ts.pdf.Line(marginL, 46, pageW-marginR, 46)
	ts.pdf.SetFont("Helvetica", "", 8.5)
	ts.pdf.Text(marginL, 812, ts.tr("HMICFRS – "+r.Force+" – "+r.Round))
	if !ts.opt.NoPageNumbers {
		n := strconv.Itoa(ts.printed())
		ts.pdf.Text(pageW-marginR-ts.pdf.GetStringWidth(n), 812, n)
	}
	ts.pdf.SetTextColor(0, 0, 0)
}

// frontPages are the unnumbered pages: the cover and the contents.
func (ts *typesetter) frontPages() int {
	if ts.front == 0 {
		ts.front = 1 + ts.contentsPageCount()
	}
	return ts.front
}

func (ts *typesetter) contentsPageCount() int {
	height := chapterStyle.leading + chapterStyle.after + 10
	for _, e := range ts.doc.elements {
		switch e.kind {
		case kChapter:
			height += 3 + 16*float64(len(ts.breakLines(e.text, style{"B", 11, 16, 0, 0}, textW-50, false)))
		case kSection:
			height += 16 * float64(len(ts.breakLines(e.text, style{"", 11, 16, 0, 0}, textW-66, false)))
		}
	}
	return int(height/(textBottom-textTop)) + 1
}

func (ts *typesetter) cover() {
	ts.newPage()
	r := ts.doc.report
	ts.pdf.SetFillColor(0, 61, 117)
	ts.pdf.Rect(0, 0, pageW, 300, "F")
	ts.pdf.SetTextColor(255, 255, 255)
	ts.pdf.SetFont("Helvetica", "B", 32)
	ts.pdf.Text(marginL, 150, ts.tr(r.Round))
	ts.pdf.SetFont("Helvetica", "", 16)
	ts.pdf.Text(marginL, 190, "Police effectiveness, efficiency and legitimacy")
	ts.pdf.SetTextColor(0, 0, 0)
	ts.pdf.SetFont("Helvetica", "B", 20)
	ts.pdf.Text(marginL, 380, ts.tr("An inspection of "+r.Force))
	ts.pdf.SetFont("Helvetica", "", 12)
	if r.Published != "" {
		ts.pdf.Text(marginL, 410, r.Published)
	}
}

// contentsPages sets the contents list: chapters, and their sections
// indented, each with its page number at the right margin.
func (ts *typesetter) contentsPages() {
	ts.newPage()
	ts.setLines([]string{"Contents"}, chapterStyle, marginL, textW)
	ts.y += 10
	seen := map[string]int{}
	ts.pdf.SetFont("Helvetica", "", 11)
	for _, h := range ts.prior {
		ts.contentsEntry(h, seen)
	}
	if ts.prior == nil { // first pass: the same lines, numbers unknown
		for _, e := range ts.doc.elements {
			if e.kind == kChapter || e.kind == kSection {
				ts.contentsEntry(heading{title: e.text, section: e.kind == kSection, page: 1}, seen)
			}
		}
	}
}

func (ts *typesetter) contentsEntry(h heading, seen map[string]int) {
	page := h.page
	if h.title == ts.opt.WrongContents && seen[h.title] == 0 {
		page++
	}
	seen[h.title]++
	x, st := marginL, style{"B", 11, 16, 0, 0}
	if h.section {
		x, st = marginL+16, style{"", 11, 16, 0, 0}
	}
	if !h.section {
		ts.y += 3
	}
	if ts.y > textBottom {
		ts.pdf.AddPage() // a second contents page: still unnumbered
		ts.page++
		ts.y = textTop
	}
	num := strconv.Itoa(page)
	lines := ts.breakLines(h.title, st, textW-(x-marginL)-50, false)
	for i, l := range lines {
		ts.pdf.SetFont("Helvetica", st.font, st.size)
		ts.pdf.Text(x, ts.y, ts.tr(l))
		if i == len(lines)-1 {
			end := x + ts.pdf.GetStringWidth(ts.tr(l)) + 6
			numX := pageW - marginR - ts.pdf.GetStringWidth(num)
			if !h.section {
				dots := ""
				ts.pdf.SetFont("Helvetica", "", 11)
				for end+ts.pdf.GetStringWidth(dots+" .") < numX-6 {
					dots += " ."
				}
				ts.pdf.Text(end, ts.y, dots)
				ts.pdf.SetFont("Helvetica", st.font, st.size)
			}
			ts.pdf.Text(numX, ts.y, num)
		}
		ts.y += st.leading
	}
}

// element sets one element of the body.
func (ts *typesetter) element(e element, i int) {
	switch e.kind {
	case kChapter:
		ts.keep(chapterStyle, e.text, 3)
		ts.space(chapterStyle.before)
		ts.record(e.text, false)
		ts.result.Chapters[e.text] = ts.here()
		ts.setLines(ts.breakLines(e.text, chapterStyle, textW, false), chapterStyle, marginL, textW)
	case kSection:
		ts.keep(sectionStyle, e.text, 3)
		ts.space(sectionStyle.before)
		ts.record(e.text, true)
		if e.text == ts.opt.DropHeading && !ts.dropped {
			ts.dropped = true
			return
		}
		ts.setLines(ts.breakLines(e.text, sectionStyle, textW, false), sectionStyle, marginL, textW)
	case kRecsHeading:
		ts.keep(headlineStyle, e.text, 2)
		ts.space(headlineStyle.before)
		ts.setLines([]string{e.text}, style{"B", 12, 15, 0, 4}, marginL, textW)
	case kGrade:
		ts.pdf.SetTextColor(0, 61, 117)
		ts.setLines([]string{e.text}, gradeStyle, marginL, textW)
		ts.pdf.SetTextColor(0, 0, 0)
	case kSummary:
		ts.paragraph(e.text, bodyStyle, -1)
	case kHeadline:
		ts.keep(headlineStyle, e.text, 2)
		ts.space(headlineStyle.before)
		ts.setLines(ts.breakLines(e.text, headlineStyle, textW, false), headlineStyle, marginL, textW)
	case kPara:
		if e.text != "" {
			ts.paragraph(e.text, bodyStyle, e.passage)
		} else if len(e.bullets) > 0 {
			ts.result.Passages[e.passage] = ts.here()
		}
		ts.bullets(e.bullets)
	case kGrid:
		if ts.opt.GradeColumn {
			ts.gradeColumn()
		} else {
			ts.ratingColumns()
		}
	case kFigure:
		ts.figure(e.text)
	case kSignature:
		ts.space(12)
		if ts.y+2*bodyStyle.leading > textBottom {
			ts.newPage()
		}
		ts.setLines([]string{e.text, inspectorTitle}, style{"", 11, 15, 0, 8}, marginL, textW)
	}
}

func (ts *typesetter) record(title string, section bool) {
	ts.headings = append(ts.headings, heading{title: title, section: section, page: ts.printed()})
}

// space adds vertical space, unless at the top of a page.
func (ts *typesetter) space(pt float64) {
	if ts.y > textTop {
		ts.y += pt
	}
}

// keep starts a new page when a heading and the first lines after it
// would not fit.
func (ts *typesetter) keep(st style, text string, after int) {
	n := len(ts.breakLines(text, st, textW, false))
	if ts.y+st.before+float64(n)*st.leading+float64(after)*bodyStyle.leading > textBottom {
		ts.newPage()
	}
}

// paragraph sets body text, page by page, recording the page of its first
// line for passage i (-1 for none).
func (ts *typesetter) paragraph(text string, st style, i int) {
	lines := ts.breakLines(text, st, textW, true)
	if ts.y > textBottom {
		ts.newPage()
	}
	if i >= 0 {
		ts.result.Passages[i] = ts.here()
	}
	ts.noteBreaks(text, lines)
	page := ts.page
	ts.setLines(lines, st, marginL, textW)
	if i >= 0 && ts.page != page {
		ts.result.Split = append(ts.result.Split, i)
	}
}

// noteBreaks records the words the lines of text break inside.
func (ts *typesetter) noteBreaks(text string, lines []string) {
	for k := 0; k+1 < len(lines); k++ {
		a := lines[k]
		if !strings.HasSuffix(a, "-") {
			continue
		}
		left := a[strings.LastIndexByte(a, ' ')+1 : len(a)-1]
		right := strings.Fields(lines[k+1])[0]
		if strings.Contains(text, left+"-"+right) {
			ts.result.Compounds = append(ts.result.Compounds, left+"-"+right)
		} else {
			ts.result.Hyphenated = append(ts.result.Hyphenated, left+"-"+right)
		}
	}
}

// bullets sets a list: a bullet, then the item's text with its wrapped
// lines indented under it.
func (ts *typesetter) bullets(items []string) {
	if len(items) == 0 {
		return
	}
	ts.y -= bodyStyle.after - 3
	for _, it := range items {
		lines := ts.breakLines(it, bodyStyle, textW-28, true)
		ts.noteBreaks(it, lines)
		for k, l := range lines {
			if ts.y > textBottom {
				ts.newPage()
			}
			ts.pdf.SetFont("Helvetica", "", bodyStyle.size)
			if k == 0 {
				ts.pdf.Text(marginL+12, ts.y, ts.tr("•"))
			}
			ts.pdf.Text(marginL+28, ts.y, ts.tr(l))
			ts.y += bodyStyle.leading
		}
		ts.y += 3
	}
	ts.y += bodyStyle.after - 3
}

// setLines sets lines already broken, moving to a new page when one does
// not fit.
func (ts *typesetter) setLines(lines []string, st style, x, w float64) {
	ts.pdf.SetFont("Helvetica", st.font, st.size)
	for _, l := range lines {
		if ts.y > textBottom {
			ts.newPage()
			ts.pdf.SetFont("Helvetica", st.font, st.size)
		}
		ts.pdf.Text(x, ts.y, ts.tr(l))
		ts.y += st.leading
	}
	ts.y += st.after
}

// breakLines breaks text into lines of at most width, greedily, breaking
// a hyphenated compound after its hyphen and, when hyphenate is set, a
// long word inside it with a hyphen added.
func (ts *typesetter) breakLines(text string, st style, width float64, hyphenate bool) []string {
	ts.pdf.SetFont("Helvetica", st.font, st.size)
	w := func(s string) float64 { return ts.pdf.GetStringWidth(ts.tr(s)) }
	var lines []string
	line := ""
	words := strings.Fields(text)
	for len(words) > 0 {
		word := words[0]
		cand := word
		if line != "" {
			cand = line + " " + word
		}
		if w(cand) <= width {
			line, words = cand, words[1:]
			continue
		}
		// The word does not fit: break it if it can be, else start a line.
		if head, tail, ok := ts.splitWord(line, word, width, hyphenate, w); ok {
			lines = append(lines, head)
			line, words[0] = "", tail
			continue
		}
		if line == "" { // a word longer than the line
			lines = append(lines, word)
			words = words[1:]
			continue
		}
		lines = append(lines, line)
		line = ""
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// splitWord breaks word so that line plus its head fits: after a hyphen
// it has, or, hyphenating, inside it, leaving at least three letters on
// each side.
func (ts *typesetter) splitWord(line, word string, width float64, hyphenate bool, w func(string) float64) (string, string, bool) {
	prefix := ""
	if line != "" {
		prefix = line + " "
	}
	for i := len(word) - 2; i > 0; i-- {
		if word[i] == '-' && w(prefix+word[:i+1]) <= width {
			return prefix + word[:i+1], word[i+1:], true
		}
	}
	if !hyphenate || len(word) < 8 || strings.ContainsAny(word, "0123456789-/") {
		return "", "", false
	}
	letters := func(s string) bool {
		for _, r := range s {
			if !(r >= 'a' && r <= 'z') {
				return false
			}
		}
		return true
	}
	core := strings.TrimRight(word, ".,;:)'\"")
	for i := len(core) - 3; i >= 3; i-- {
		head := word[:i]
		if !letters(head) || !letters(word[i:len(core)]) {
			continue
		}
		if !vowelBreak(word, i) {
			continue
		}
		if w(prefix+head+"-") <= width {
			return prefix + head + "-", word[i:], true
		}
	}
	return "", "", false
}

// vowelBreak is a crude syllable boundary: a vowel before, a consonant
// after.
func vowelBreak(word string, i int) bool {
	isVowel := func(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }
	return isVowel(word[i-1]) && !isVowel(word[i])
}

// ratingColumns sets the judgments grid: five columns headed by the
// ratings, each cell an area name wrapped in its column, cells bordered.
func (ts *typesetter) ratingColumns() {
	colW := textW / float64(len(corpus.Ratings))
	pad := 4.0
	var head [][]string
	rows := 0
	for _, r := range corpus.Ratings {
		head = append(head, ts.breakLines(string(r), cellHeadStyle, colW-2*pad, false))
		rows = max(rows, len(ts.doc.grades[r]))
	}
	headH := 0.0
	for _, h := range head {
		headH = max(headH, float64(len(h))*cellHeadStyle.leading+2*pad)
	}
	cells := make([][][]string, rows)
	rowH := make([]float64, rows)
	for i := range rows {
		cells[i] = make([][]string, len(corpus.Ratings))
		for c, r := range corpus.Ratings {
			if i < len(ts.doc.grades[r]) {
				cells[i][c] = ts.breakLines(ts.doc.grades[r][i], cellStyle, colW-2*pad, false)
			}
			rowH[i] = max(rowH[i], float64(len(cells[i][c]))*cellStyle.leading+2*pad)
		}
	}
	total := headH
	for _, h := range rowH {
		total += h
	}
	if ts.y+total > textBottom+bodyStyle.leading {
		ts.newPage()
	}
	top := ts.y - cellStyle.size // the table's top edge, above the next baseline
	ts.pdf.SetDrawColor(120, 120, 120)
	ts.pdf.SetLineWidth(0.6)
	for c := range corpus.Ratings {
		x := marginL + float64(c)*colW
		ts.pdf.SetFillColor(220, 228, 240)
		ts.pdf.Rect(x, top, colW, headH, "FD")
		ts.cellText(head[c], cellHeadStyle, x+pad, top+pad)
	}
	y := top + headH
	for i := range rows {
		for c := range corpus.Ratings {
			x := marginL + float64(c)*colW
			ts.pdf.Rect(x, y, colW, rowH[i], "D")
			ts.cellText(cells[i][c], cellStyle, x+pad, y+pad)
		}
		y += rowH[i]
	}
	ts.y = y + cellStyle.size + bodyStyle.leading
}

// gradeColumn sets the grid as two columns: each area beside its grade.
func (ts *typesetter) gradeColumn() {
	pad := 4.0
	areaW, gradeW := textW*0.62, textW*0.38
	type row struct {
		area  []string
		grade string
	}
	var rows []row
	for _, g := range ts.doc.report.Grades {
		rows = append(rows, row{ts.breakLines(g.Area, cellStyle, areaW-2*pad, false), string(g.Rating)})
	}
	if ts.y+float64(len(rows)+1)*30 > textBottom {
		ts.newPage()
	}
	top := ts.y - cellStyle.size
	ts.pdf.SetDrawColor(120, 120, 120)
	ts.pdf.SetFillColor(220, 228, 240)
	headH := cellHeadStyle.leading + 2*pad
	ts.pdf.Rect(marginL, top, areaW, headH, "FD")
	ts.pdf.Rect(marginL+areaW, top, gradeW, headH, "FD")
	ts.cellText([]string{"Area of policing"}, cellHeadStyle, marginL+pad, top+pad)
	ts.cellText([]string{"Judgment"}, cellHeadStyle, marginL+areaW+pad, top+pad)
	y := top + headH
	for _, r := range rows {
		h := float64(len(r.area))*cellStyle.leading + 2*pad
		ts.pdf.Rect(marginL, y, areaW, h, "D")
		ts.pdf.Rect(marginL+areaW, y, gradeW, h, "D")
		ts.cellText(r.area, cellStyle, marginL+pad, y+pad)
		ts.cellText([]string{r.grade}, cellStyle, marginL+areaW+pad, y+pad)
		y += h
	}
	ts.y = y + cellStyle.size + bodyStyle.leading
}

// cellText sets a cell's lines from its top edge.
func (ts *typesetter) cellText(lines []string, st style, x, top float64) {
	ts.pdf.SetFont("Helvetica", st.font, st.size)
	for i, l := range lines {
		ts.pdf.Text(x, top+st.size+float64(i)*st.leading, ts.tr(l))
	}
}

// figure sets a chart: its caption, then a framed bar chart with axis
// labels, whose text is no part of the report's text.
func (ts *typesetter) figure(caption string) {
	capLines := ts.breakLines(caption, captionStyle, textW, false)
	chartH := 150.0
	if ts.y+captionStyle.before+float64(len(capLines))*captionStyle.leading+chartH > textBottom {
		ts.newPage()
	}
	ts.space(captionStyle.before)
	ts.setLines(capLines, captionStyle, marginL, textW)
	top := ts.y - captionStyle.size
	ts.pdf.SetDrawColor(150, 150, 150)
	ts.pdf.SetLineWidth(0.5)
	ts.pdf.Rect(marginL, top, textW, chartH, "D")
	ts.pdf.SetFillColor(0, 94, 165)
	values := []float64{0.35, 0.5, 0.42, 0.7, 0.9, 0.62}
	barW := (textW - 60) / float64(len(values))
	base := top + chartH - 24
	ts.pdf.SetFont("Helvetica", "", 7)
	for i, v := range values {
		x := marginL + 40 + float64(i)*barW
		h := v * (chartH - 40)
		ts.pdf.Rect(x, base-h, barW*0.6, h, "F")
		ts.pdf.Text(x, base+10, strconv.Itoa(2017+i))
	}
	for i := 0; i <= 4; i++ {
		label := strconv.Itoa(i * 100)
		ts.pdf.Text(marginL+8, base-float64(i)*(chartH-40)/4+2, label)
	}
	ts.y = top + chartH + bodyStyle.leading + 4
}

// ScannedPDF is a PDF of pages that are pictures of text: no text layer.
func ScannedPDF(pages int) []byte {
	p := fpdf.New("P", "pt", "A4", "")
	img := image.NewGray(image.Rect(0, 0, 60, 85))
	for y := 0; y < 85; y++ {
		for x := 0; x < 60; x++ {
			v := uint8(240)
			if y%6 < 2 && x > 6 && x < 54 && (x*7+y*3)%11 != 0 {
				v = 40
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	p.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(buf.Bytes()))
	for i := 0; i < pages; i++ {
		p.AddPage()
		p.ImageOptions("scan", 0, 0, pageW, pageH, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var out bytes.Buffer
	_ = p.Output(&out)
	return out.Bytes()
}

// TextPDF is a PDF of plain paragraphs: a document, but not a report.
func TextPDF(title string, paragraphs ...string) []byte {
	p := fpdf.New("P", "pt", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.AddPage()
	p.SetFont("Helvetica", "B", 18)
	p.Text(marginL, textTop, tr(title))
	p.SetFont("Helvetica", "", 11)
	y := textTop + 30
	for _, para := range paragraphs {
		p.SetXY(marginL, y)
		p.MultiCell(textW, 15, tr(para), "", "L", false)
		y = p.GetY() + 8
	}
	var out bytes.Buffer
	_ = p.Output(&out)
	return out.Bytes()
}
