package corpus

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The PDF reader works from what each page draws (pdfcontent.go) and the
// layout alone: no PDF tags, no class of producer. It finds, in order:
//
//  1. lines and segments: runs on one baseline, split where a wide gap
//     separates columns;
//  2. page furniture: what repeats at the top or bottom of many pages (the
//     running header and footer) and the printed page numbers, which give
//     each page its number as the contents list counts them;
//  3. the cover (every page before the contents list) and the contents
//     list, whose entries end in page numbers;
//  4. tables (the judgments grid: five rating columns, or areas beside
//     their grades) from their cells, and figures from what is painted;
//  5. blocks: headings by size, headlines by weight, paragraphs and bullet
//     lists by spacing and indent, captions beside figures; a paragraph a
//     page break cut is joined again, and so is a word a line end
//     hyphenated (a real hyphen is kept).
//
// The parser then reads the blocks as it reads the text layout.

// PDF parsing library: github.com/ledongthuc/pdf (a maintained fork of
// rsc.io/pdf). It was chosen over the alternatives after reading the same
// generated report with each (the figures are in docs/PERFORMANCE.md):
//
//   - ledongthuc/pdf: pure Go, no dependencies, +0.7 MB of binary, no
//     start-up cost, 7 MB peak RSS and 6 ms for a 7-page document; text,
//     font names and sizes and baselines are right; it gives no glyph
//     widths for the standard fonts or two-byte fonts, so this package
//     walks the page content itself with its parser and decoders.
//   - github.com/klippa-app/go-pdfium in WebAssembly mode (v1.21.4, wazero):
//     pdfium's text extraction is the most complete, but it adds 10.7 MB to
//     the binary (the image budget is 40 MB, with 32.6 MB used), spends
//     about 2 s compiling the module on every start before the first page
//     can be read, and peaked at 316 MB RSS for the same document, over
//     serve's whole 200 MB budget.
//   - github.com/pdfcpu/pdfcpu (v0.15.0): a PDF processor; it decrypts and
//     decodes content streams (+8.3 MB) but has no text extraction with
//     positions or font decoding, which would all have to be written here.

// maxPDFPages bounds the pages read: a PEEL report has fewer than 150.
const maxPDFPages = 1000

// readPDF reads a report's print PDF into a layout. The PDF library
// panics on some malformed files; that is a file peelbot cannot read, not
// a crash.
func readPDF(name string, data []byte) (lay *layout, err error) {
	defer func() {
		if x := recover(); x != nil {
			lay, err = nil, &ParseError{File: name, PDFPage: 1, Msg: fmt.Sprintf("not a PDF peelbot can read: malformed PDF: %v", x)}
		}
	}()
	return readPDFChecked(name, data)
}

func readPDFChecked(name string, data []byte) (*layout, error) {
	r, encrypted, err := openPDF(data)
	fail := func(msg string, args ...any) error {
		return &ParseError{File: name, PDFPage: 1, Msg: fmt.Sprintf(msg, args...)}
	}
	switch {
	case errors.Is(err, errPDFPassword):
		return nil, fail("the PDF is encrypted and needs a password to open; save a copy without a password (or use the report's web page) and add that")
	case err != nil && encrypted:
		return nil, fail("the PDF is encrypted in a way peelbot cannot read (%v); save a copy without encryption (or use the report's web page) and add that", err)
	case err != nil:
		return nil, fail("not a PDF peelbot can read: %v", err)
	}
	if r.NumPage() == 0 {
		return nil, fail("the PDF has no pages")
	}
	if r.NumPage() > maxPDFPages {
		return nil, fail("the PDF has %d pages; a PEEL report has fewer than %d", r.NumPage(), maxPDFPages)
	}
	pages, err := readPDFPages(r)
	if err != nil && encrypted {
		// ledongthuc/pdf opens 40-bit RC4 files but decrypts their
		// streams with the wrong key length.
		return nil, fail("the PDF is encrypted (its owner restricted what may be done with it) in a way peelbot cannot read; save a copy without encryption (or use the report's web page) and add that")
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = name
		}
		return nil, err
	}
	d := &pdfDoc{name: name, pages: pages}
	if err := d.checkTextLayer(); err != nil {
		return nil, err
	}
	lay := d.layout()
	if encrypted {
		d.warn(1, 0, "the PDF is encrypted but opens without a password (its owner restricted what may be done with it); it was read as usual")
	}
	lay.warnings = d.warnings
	return lay, nil
}

// pdfDoc is a PDF being read.
type pdfDoc struct {
	name     string
	pages    []pdfPage
	printed  []int // per page, its printed number; 0 for cover and contents
	bodySize float64
	leading  float64 // the usual distance between two lines of body text
	left     float64 // where body text lines start
	right    float64 // where body text lines end, at the most
	bottom   float64 // how low body text goes on a full page
	warnings []string
	locs     []location
}

func (d *pdfDoc) warn(page, printed int, format string, args ...any) {
	d.warnings = append(d.warnings, fmt.Sprintf("%s %s: %s", d.name, location{Page: printed, PDFPage: page}, fmt.Sprintf(format, args...)))
}

// checkTextLayer refuses a PDF whose pages are pictures of text.
func (d *pdfDoc) checkTextLayer() error {
	var chars, imagePages, textPages int
	for _, pg := range d.pages {
		n := 0
		for _, r := range pg.runs {
			n += len(strings.TrimSpace(r.text))
		}
		chars += n
		if n > 20 {
			textPages++
			continue
		}
		for _, b := range pg.boxes {
			if b.image && b.width()*b.height() > 0.3*pg.width*pg.height {
				imagePages++
				break
			}
		}
	}
	if chars == 0 || (imagePages > 0 && imagePages >= textPages) {
		if imagePages > 0 {
			return &ParseError{File: d.name, PDFPage: 1, Msg: "the PDF has no text layer: its pages are scanned images, which peelbot cannot read; use the report's web page or its PDF as published, which has text"}
		}
		return &ParseError{File: d.name, PDFPage: 1, Msg: "the PDF has no text on any page"}
	}
	return nil
}

// pdfSeg is a run of text on one baseline, not split by a column gap.
type pdfSeg struct {
	text   string
	x0, x1 float64
	y      float64 // baseline
	size   float64
	bold   bool
	page   int // index into pages
	runs   []pdfRun
}

// segments groups a page's runs into lines and the lines into segments.
func segments(pg *pdfPage, page int) []pdfSeg {
	runs := append([]pdfRun(nil), pg.runs...)
	sort.SliceStable(runs, func(i, j int) bool {
		if math.Abs(runs[i].y-runs[j].y) > 0.5 {
			return runs[i].y > runs[j].y
		}
		return runs[i].x < runs[j].x
	})
	var out []pdfSeg
	for i := 0; i < len(runs); {
		j := i + 1
		tol := math.Max(2, 0.3*runs[i].size)
		for j < len(runs) && math.Abs(runs[j].y-runs[i].y) <= tol {
			j++
		}
		line := runs[i:j]
		sort.SliceStable(line, func(a, b int) bool { return line[a].x < line[b].x })
		out = append(out, splitLine(line, page)...)
		i = j
	}
	return out
}

// splitLine joins a line's runs into segments, inserting the spaces that
// the gaps between runs stand for and splitting at a gap wide enough to
// separate columns.
func splitLine(line []pdfRun, page int) []pdfSeg {
	var out []pdfSeg
	var cur *pdfSeg
	flush := func() {
		if cur != nil {
			finishSeg(cur)
			if strings.TrimSpace(cur.text) != "" {
				out = append(out, *cur)
			}
			cur = nil
		}
	}
	for _, r := range line {
		if cur != nil {
			gap := r.x - cur.x1
			if gap > math.Max(2*r.size, 14) && !isBulletText(cur.text) {
				flush()
			}
		}
		if cur == nil {
			cur = &pdfSeg{x0: r.x, x1: r.x + r.w, y: r.y, page: page}
			cur.runs = append(cur.runs, r)
			cur.text = r.text
			continue
		}
		gap := r.x - cur.x1
		if gap > 0.15*r.size && !strings.HasSuffix(cur.text, " ") && !strings.HasPrefix(r.text, " ") {
			cur.text += " "
		}
		cur.text += r.text
		cur.runs = append(cur.runs, r)
		cur.x1 = math.Max(cur.x1, r.x+r.w)
	}
	flush()
	return out
}

// finishSeg sets a segment's size and weight from the characters of its
// runs: the size most of them have, bold when most are.
func finishSeg(s *pdfSeg) {
	sizes := map[float64]int{}
	bold, all := 0, 0
	for _, r := range s.runs {
		n := utf8.RuneCountInString(strings.TrimSpace(r.text))
		sizes[math.Round(r.size*2)/2] += n
		all += n
		if r.bold {
			bold += n
		}
	}
	best := 0
	for sz, n := range sizes {
		if n > best || (n == best && sz > s.size) {
			s.size, best = sz, n
		}
	}
	s.bold = all > 0 && bold*2 > all
	s.text = strings.Join(strings.Fields(s.text), " ")
}

var (
	pageNumberRE = regexp.MustCompile(`(?i)^(?:page\s+)?(\d{1,4})(?:\s+of\s+\d{1,4})?$|^[-–]\s*(\d{1,4})\s*[-–]$`)
	edgeNumberRE = regexp.MustCompile(`^(\d{1,4})\s+\S|\S\s+(\d{1,4})$`)
	bulletRE     = regexp.MustCompile(`^([•●▪◦■▸►\x{F0B7}\x{F0A7}·*–-])\s*`)
	entryRE      = regexp.MustCompile(`^(.*?\S)[\s.·…_]*?\s(\d{1,3})$`)
)

func isBulletText(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && bulletRE.MatchString(s) && utf8.RuneCountInString(s) <= 2
}

// layout turns the pages into the parser's layout.
func (d *pdfDoc) layout() *layout {
	all := make([][]pdfSeg, len(d.pages))
	for i := range d.pages {
		all[i] = segments(&d.pages[i], i)
	}
	d.bodySize = bodySize(all)
	numbers := d.removeFurniture(all)
	lay := &layout{form: FormPDF, exact: true, meta: map[string]string{}}
	d.locs = []location{{}}
	contentsPage, contentsEnd := d.findContents(all)
	d.printed = d.pageNumbers(numbers, contentsEnd)
	// The cover: every page before the contents list, and the lines above
	// "Contents" on its page.
	titleEnd := contentsPage
	if contentsPage < 0 {
		titleEnd = min(1, len(all))
	}
	for i := 0; i < titleEnd; i++ {
		for _, s := range all[i] {
			lay.title = append(lay.title, layoutLine{text: s.text, line: d.loc(i)})
		}
	}
	if contentsPage >= 0 {
		head := d.contentsHead(all[contentsPage])
		for _, s := range all[contentsPage][:head] {
			lay.title = append(lay.title, layoutLine{text: s.text, line: d.loc(contentsPage)})
		}
		lay.contentsAt = d.loc(contentsPage)
		for i := contentsPage; i <= contentsEnd; i++ {
			segs := all[i]
			if i == contentsPage {
				segs = segs[head+1:]
			}
			lay.contents = append(lay.contents, d.contentsEntries(segs, i)...)
		}
	} else {
		lay.contentsAt = d.loc(0)
	}
	d.measureBody(all, contentsEnd+1)
	var blocks []pdfBlock
	for i := contentsEnd + 1; i < len(all); i++ {
		blocks = append(blocks, d.pageBlocks(all[i], i)...)
	}
	blocks = d.joinAcrossPages(blocks)
	vocab := newVocabulary()
	for _, b := range blocks {
		for _, it := range b.items {
			vocab.addLines(it)
		}
	}
	for _, b := range blocks {
		lay.blocks = append(lay.blocks, b.emit(d, vocab))
	}
	lay.locs = d.locs
	lay.last = len(d.locs) - 1
	if n := len(lay.blocks); n > 0 {
		lay.blocks[n-1].blanksAfter = -1
	}
	return lay
}

// loc adds the location of something on page i and returns its number.
func (d *pdfDoc) loc(i int) int {
	p := 0
	if i < len(d.printed) {
		p = d.printed[i]
	}
	d.locs = append(d.locs, location{Page: p, PDFPage: i + 1})
	return len(d.locs) - 1
}

// bodySize is the font size most of the text is set in.
func bodySize(all [][]pdfSeg) float64 {
	count := map[float64]int{}
	for _, segs := range all {
		for _, s := range segs {
			if !s.bold {
				count[s.size] += utf8.RuneCountInString(s.text)
			}
		}
	}
	best, size := 0, 10.0
	for sz, n := range count {
		if n > best {
			best, size = n, sz
		}
	}
	return size
}

// removeFurniture drops each page's running header and footer and its
// printed page number, returning the numbers (0 where none is printed).
// Furniture is what sits at the very top or bottom of a page, no larger
// than body text, and either is a page number or repeats on many pages.
func (d *pdfDoc) removeFurniture(all [][]pdfSeg) []int {
	type cand struct{ idx int }
	keyOf := func(s pdfSeg, top bool) string {
		k := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return unicode.ToLower(r)
		}, s.text)
		return fmt.Sprintf("%v|%d|%s", top, int(math.Round(s.y/6)), k)
	}
	edges := func(segs []pdfSeg, pg *pdfPage) (out []cand, tops []bool) {
		if len(segs) == 0 {
			return nil, nil
		}
		top, bottom := segs[0].y, segs[len(segs)-1].y
		for i, s := range segs {
			if s.size > d.bodySize+0.5 {
				continue
			}
			switch {
			case s.y >= top-1 && s.y > 0.8*pg.height:
				out, tops = append(out, cand{idx: i}), append(tops, true)
			case s.y <= bottom+1 && s.y < 0.2*pg.height:
				out, tops = append(out, cand{idx: i}), append(tops, false)
			}
		}
		return out, tops
	}
	counts := map[string]int{}
	type edgeSet struct {
		c    []cand
		tops []bool
	}
	perPage := make([]edgeSet, len(all))
	for i, segs := range all {
		c, tops := edges(segs, &d.pages[i])
		perPage[i] = edgeSet{c, tops}
		seen := map[string]bool{}
		for k, e := range c {
			key := keyOf(segs[e.idx], tops[k])
			if !seen[key] {
				seen[key] = true
				counts[key]++
			}
		}
	}
	minRepeat := max(3, len(all)/4)
	if len(all) < 6 {
		minRepeat = 2
	}
	numbers := make([]int, len(all))
	for i, segs := range all {
		drop := map[int]bool{}
		for k, e := range perPage[i].c {
			s := segs[e.idx]
			repeated := counts[keyOf(s, perPage[i].tops[k])] >= minRepeat
			if m := pageNumberRE.FindStringSubmatch(s.text); m != nil {
				n, _ := strconv.Atoi(m[1] + m[2])
				numbers[i] = n
				drop[e.idx] = true
				continue
			}
			if repeated {
				if m := edgeNumberRE.FindStringSubmatch(s.text); m != nil && numbers[i] == 0 {
					numbers[i], _ = strconv.Atoi(m[1] + m[2])
				}
				drop[e.idx] = true
			}
		}
		kept := segs[:0]
		for j, s := range segs {
			if !drop[j] {
				kept = append(kept, s)
			}
		}
		all[i] = kept
	}
	return numbers
}

// findContents finds the contents list: the first page with a "Contents"
// line followed by entries that end in page numbers, and the pages after
// it that hold nothing else.
func (d *pdfDoc) findContents(all [][]pdfSeg) (first, last int) {
	for i, segs := range all {
		head := d.contentsHead(segs)
		if head < 0 {
			continue
		}
		if len(d.contentsEntries(segs[head+1:], -1)) < 3 {
			continue
		}
		last = i
		for j := i + 1; j < len(all); j++ {
			n := 0
			for _, s := range all[j] {
				if entryRE.MatchString(s.text) {
					n++
				}
			}
			if len(all[j]) == 0 || n*10 < len(all[j])*6 {
				break
			}
			last = j
		}
		return i, last
	}
	return -1, 0
}

// contentsHead is the index of the "Contents" line among a page's first
// lines, or -1.
func (d *pdfDoc) contentsHead(segs []pdfSeg) int {
	for i, s := range segs {
		if i > 6 {
			break
		}
		if strings.EqualFold(strings.TrimSpace(s.text), "contents") {
			return i
		}
	}
	return -1
}

// contentsEntries reads the entries of a contents page: a title and the
// page number at the line's end, the title perhaps wrapped over lines.
// page < 0 only counts them.
func (d *pdfDoc) contentsEntries(segs []pdfSeg, page int) []contentsEntry {
	var out []contentsEntry
	var pending []string
	for i := 0; i < len(segs); {
		// the segments of one line: a title, a leader, a number
		j := i + 1
		for j < len(segs) && math.Abs(segs[j].y-segs[i].y) < 2 {
			j++
		}
		var parts []string
		for _, s := range segs[i:j] {
			parts = append(parts, s.text)
		}
		text := strings.Join(parts, " ")
		i = j
		m := entryRE.FindStringSubmatch(text)
		if m == nil {
			pending = append(pending, strings.TrimRight(text, " ."))
			continue
		}
		title := strings.TrimRight(m[1], " .·…_")
		if len(pending) > 0 {
			title = strings.Join(append(pending, title), " ")
			pending = nil
		}
		n, _ := strconv.Atoi(m[2])
		e := contentsEntry{title: title, page: n}
		if page >= 0 {
			e.line = d.loc(page)
		}
		out = append(out, e)
	}
	return out
}

// pageNumbers gives every page after the contents list its printed
// number: the number it prints, or, where it prints none, the number its
// neighbours imply. When no page prints one, pages are counted from the
// first page after the contents list, as contents lists count them.
func (d *pdfDoc) pageNumbers(numbers []int, contentsEnd int) []int {
	out := make([]int, len(numbers))
	body := contentsEnd + 1
	offsets := map[int]int{}
	for i := body; i < len(numbers); i++ {
		if numbers[i] > 0 {
			offsets[i-numbers[i]]++
		}
	}
	offset, best := body-1, 0
	for o, n := range offsets {
		if n > best || (n == best && o < offset) {
			offset, best = o, n
		}
	}
	if best == 0 && len(numbers) > body {
		d.warn(body+1, 0, "no page numbers are printed; pages are counted from the first page after the contents list")
	}
	for i := body; i < len(numbers); i++ {
		out[i] = i - offset
		if numbers[i] > 0 && numbers[i] != i-offset {
			if best > 0 {
				d.warn(i+1, numbers[i], "the printed page number %d is out of sequence (page %d expected)", numbers[i], i-offset)
			}
			out[i] = numbers[i]
		}
	}
	return out
}

// measureBody finds the usual line spacing of body text, where body lines
// start and end, and how low they go on a full page.
func (d *pdfDoc) measureBody(all [][]pdfSeg, from int) {
	gaps := map[float64]int{}
	lefts := map[float64]int{}
	var rights, lows []float64
	for i := from; i < len(all); i++ {
		segs := all[i]
		low := math.Inf(1)
		for j, s := range segs {
			if s.bold || math.Abs(s.size-d.bodySize) > 0.5 {
				continue
			}
			rights = append(rights, s.x1)
			lefts[math.Round(s.x0)]++
			low = math.Min(low, s.y)
			if j+1 < len(segs) && math.Abs(segs[j+1].size-s.size) < 0.5 && !segs[j+1].bold {
				g := math.Round((s.y-segs[j+1].y)*2) / 2
				if g > 0 {
					gaps[g]++
				}
			}
		}
		if !math.IsInf(low, 1) {
			lows = append(lows, low)
		}
	}
	d.leading = 1.2 * d.bodySize
	best := 0
	for g, n := range gaps {
		if n > best {
			d.leading, best = g, n
		}
	}
	sort.Float64s(rights)
	if n := len(rights); n > 0 {
		d.right = rights[n*95/100]
	}
	best = 0
	for x, n := range lefts {
		if n > best {
			d.left, best = x, n
		}
	}
	// A full page's text reaches the bottom of the text area; pages that
	// end a chapter stop higher. The lowest tenth is the text area's end.
	sort.Float64s(lows)
	if n := len(lows); n > 0 {
		d.bottom = lows[n/10]
	}
}
