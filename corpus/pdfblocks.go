package corpus

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// pdfKind is what a block of a PDF page is, by its layout.
type pdfKind int

const (
	pdfText     pdfKind = iota // body text: a paragraph, or what the parser decides
	pdfHeading                 // larger than body text
	pdfHeadline                // bold body text
	pdfList                    // bullet items
	pdfCaption                 // beside a figure
	pdfGrid                    // the judgments grid, as text-layout grid lines
)

// pdfBlock is a block of one page, before the blocks cut by page breaks
// are joined.
type pdfBlock struct {
	kind   pdfKind
	items  [][]string // visual lines: one item, or one per bullet
	page   int        // where it starts
	end    int        // where it ends, once joined across pages
	top    float64    // baseline of the first line
	bottom float64    // baseline of the last line
	x0     float64
	lastX1 float64 // where the last line ends
	firstW float64 // width of the first line, and its text, to size its first word
	first  string
	size   float64
	itemX  float64 // a list's text indent
	grid   []string
}

// pdfRegion is a box of a page whose text is not body text: a table
// (read on its own) or a figure.
type pdfRegion struct{ x0, y0, x1, y1 float64 }

func (r pdfRegion) holds(s pdfSeg) bool {
	cx, cy := (s.x0+s.x1)/2, s.y+s.size/3
	return cx >= r.x0-2 && cx <= r.x1+2 && cy >= r.y0-2 && cy <= r.y1+2
}

// pageBlocks reads one body page: its table, its figures and its blocks.
func (d *pdfDoc) pageBlocks(segs []pdfSeg, page int) []pdfBlock {
	pg := &d.pages[page]
	var blocks []pdfBlock
	var skip []pdfRegion
	if t, region, ok := d.findGrid(pg, page); ok {
		blocks = append(blocks, t)
		skip = append(skip, region)
	}
	figures := d.figures(pg, segs, skip)
	var body []pdfSeg
	for _, s := range segs {
		in := false
		for _, r := range skip {
			if r.holds(s) {
				in = true
			}
		}
		for _, r := range figures {
			if r.holds(s) {
				in = true
			}
		}
		if !in {
			body = append(body, s)
		}
	}
	blocks = append(blocks, d.textBlocks(body, page)...)
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].top > blocks[j].top })
	d.markCaptions(blocks, figures)
	return blocks
}

// figures finds what a page paints that is a chart or a picture: painted
// boxes close together, large enough, holding no body text (a shaded box
// around paragraphs is decoration, not a figure).
func (d *pdfDoc) figures(pg *pdfPage, segs []pdfSeg, skip []pdfRegion) []pdfRegion {
	var boxes []pdfRegion
	for _, b := range pg.boxes {
		r := pdfRegion{b.x0, b.y0, b.x1, b.y1}
		inside := false
		for _, s := range skip {
			if r.x0 >= s.x0-2 && r.x1 <= s.x1+2 && r.y0 >= s.y0-2 && r.y1 <= s.y1+2 {
				inside = true
			}
		}
		if !inside {
			boxes = append(boxes, r)
		}
	}
	// Merge boxes that touch into clusters.
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(boxes) && !merged; i++ {
			for j := i + 1; j < len(boxes); j++ {
				a, b := boxes[i], boxes[j]
				if a.x0 <= b.x1+3 && b.x0 <= a.x1+3 && a.y0 <= b.y1+3 && b.y0 <= a.y1+3 {
					boxes[i] = pdfRegion{math.Min(a.x0, b.x0), math.Min(a.y0, b.y0), math.Max(a.x1, b.x1), math.Max(a.y1, b.y1)}
					boxes = append(boxes[:j], boxes[j+1:]...)
					merged = true
					break
				}
			}
		}
	}
	var out []pdfRegion
	for _, r := range boxes {
		if r.x1-r.x0 < 40 || r.y1-r.y0 < 30 {
			continue
		}
		text := false
		for _, s := range segs {
			if r.holds(s) && len(strings.Fields(s.text)) > 6 && s.size >= d.bodySize-0.5 {
				text = true
				break
			}
		}
		if !text {
			out = append(out, r)
		}
	}
	return out
}

// markCaptions makes the short block just above each figure (or, with
// none there, just below it) its caption.
func (d *pdfDoc) markCaptions(blocks []pdfBlock, figures []pdfRegion) {
	near := 2.5 * d.leading
	for _, f := range figures {
		best := -1
		for i, b := range blocks {
			if b.kind == pdfGrid || b.kind == pdfList || b.kind == pdfHeading || len(b.items) == 0 || len(b.items[0]) > 3 {
				continue
			}
			if b.bottom >= f.y1 && b.bottom-f.y1 <= near {
				if best < 0 || b.bottom < blocks[best].bottom {
					best = i
				}
			}
		}
		if best < 0 {
			for i, b := range blocks {
				if b.kind != pdfText || len(b.items) == 0 || len(b.items[0]) > 2 {
					continue
				}
				if b.top < f.y0 && f.y0-b.top <= near+b.size && !endsSentence(strings.Join(b.items[0], " ")) {
					best = i
					break
				}
			}
		}
		if best >= 0 {
			blocks[best].kind = pdfCaption
		}
	}
}

// textBlocks groups a page's body lines into blocks: a new block where the
// spacing is wider than between lines, the size or weight changes, or a
// bullet item starts.
func (d *pdfDoc) textBlocks(segs []pdfSeg, page int) []pdfBlock {
	var out []pdfBlock
	var cur *pdfBlock
	for _, s := range segs {
		kind := d.kindOf(s)
		item, bullet := d.bulletItem(s)
		text := s.text
		if bullet {
			text = item
		}
		leading := d.leading * s.size / d.bodySize
		gap := 0.0
		if cur != nil {
			gap = cur.bottom - s.y
		}
		sameStyle := cur != nil && (cur.kind == kind || (cur.kind == pdfList && kind == pdfText)) && math.Abs(cur.size-s.size) < 0.6
		near := cur != nil && gap > 0 && gap <= 1.3*leading
		switch {
		case bullet && cur != nil && cur.kind == pdfList && near && math.Abs(cur.size-s.size) < 0.6:
			cur.items = append(cur.items, []string{text})
		case bullet:
			out = append(out, pdfBlock{kind: pdfList, items: [][]string{{text}}, page: page, end: page, top: s.y, x0: s.x0, size: s.size, itemX: d.itemStart(s)})
			cur = &out[len(out)-1]
		case sameStyle && near && (cur.kind != pdfList || s.x0 >= cur.itemX-2):
			last := len(cur.items) - 1
			cur.items[last] = append(cur.items[last], text)
		default:
			out = append(out, pdfBlock{kind: kind, items: [][]string{{text}}, page: page, end: page, top: s.y, x0: s.x0, size: s.size, firstW: s.x1 - s.x0, first: text})
			cur = &out[len(out)-1]
		}
		cur.bottom, cur.lastX1 = s.y, s.x1
	}
	return splitSignatures(out)
}

func (d *pdfDoc) kindOf(s pdfSeg) pdfKind {
	switch {
	case s.size >= d.bodySize+1.5:
		return pdfHeading
	case s.bold && math.Abs(s.size-d.bodySize) <= 1:
		return pdfHeadline
	}
	return pdfText
}

// bulletItem reports whether a line starts a bullet item, and its text.
// A dash starts one only when indented: a line of a paragraph may start
// with a dash the line break left there.
func (d *pdfDoc) bulletItem(s pdfSeg) (string, bool) {
	m := bulletRE.FindStringSubmatch(s.text)
	if m == nil {
		return "", false
	}
	switch m[1] {
	case "–", "-", "*", "·":
		if s.x0 < d.left+3 {
			return "", false
		}
	}
	item := strings.TrimSpace(s.text[len(m[0]):])
	return item, item != ""
}

// itemStart is where a bullet item's text starts, so that its wrapped
// lines (indented to it) are told from the next paragraph.
func (d *pdfDoc) itemStart(s pdfSeg) float64 {
	if len(s.runs) > 1 && isBulletText(s.runs[0].text) {
		return s.runs[1].x
	}
	return s.x0 + 2*s.size*0.5
}

// splitSignatures splits "Name / HM Inspector of Constabulary" set as one
// block into the two lines the parser reads as a signature.
func splitSignatures(blocks []pdfBlock) []pdfBlock {
	var out []pdfBlock
	for _, b := range blocks {
		if b.kind == pdfText && len(b.items) == 1 && len(b.items[0]) == 2 && signatureRE.MatchString(b.items[0][1]) && len(strings.Fields(b.items[0][0])) <= 5 {
			name, title := b, b
			name.items, title.items = [][]string{{b.items[0][0]}}, [][]string{{b.items[0][1]}}
			out = append(out, name, title)
			continue
		}
		out = append(out, b)
	}
	return out
}

// joinAcrossPages joins a paragraph or list that a page break cut: the
// last block of a page and the first of the next.
func (d *pdfDoc) joinAcrossPages(blocks []pdfBlock) []pdfBlock {
	var out []pdfBlock
	for _, b := range blocks {
		n := len(out)
		if n == 0 || out[n-1].end == b.page || !d.lastOnPage(out[n-1]) {
			out = append(out, b)
			continue
		}
		a := &out[n-1]
		switch {
		case a.kind == pdfText && b.kind == pdfText && math.Abs(a.size-b.size) < 0.6 && math.Abs(a.x0-b.x0) < 5 && d.runsOn(*a, b):
			a.items[0] = append(a.items[0], b.items[0]...)
		case a.kind == pdfList && b.kind == pdfText && b.x0 >= a.itemX-2 && math.Abs(a.size-b.size) < 0.6:
			last := len(a.items) - 1
			a.items[last] = append(a.items[last], b.items[0]...)
		case a.kind == pdfList && b.kind == pdfList && math.Abs(a.size-b.size) < 0.6:
			a.items = append(a.items, b.items...)
		default:
			out = append(out, b)
			continue
		}
		a.bottom, a.lastX1, a.end = b.bottom, b.lastX1, b.end
	}
	return out
}

// lastOnPage reports whether a block ends where the page's text ends: at
// the bottom of the text area, where a page break, not the writer, ended
// the line.
func (d *pdfDoc) lastOnPage(b pdfBlock) bool {
	return b.bottom <= d.bottom+1.1*d.leading
}

// runsOn reports whether paragraph a, cut at a page's end, runs on in b:
// its last line does not end a sentence, or is full, so that b's first
// word would not have fitted on it.
//
// A paragraph that ends a full line at a page's foot is so taken to run on
// into the next page's first paragraph. Nothing in a page's layout tells
// the two apart, and the other choice is wrong more often: a sentence ends
// at a full line's end inside a paragraph several times as often as a
// paragraph's last line is full. Loading the web page with the PDF
// settles it: its text is kept, with the PDF's pages.
func (d *pdfDoc) runsOn(a, b pdfBlock) bool {
	last := a.items[0][len(a.items[0])-1]
	if !endsSentence(last) {
		return true
	}
	word := firstWord(b.first)
	n := utf8.RuneCountInString(b.first)
	if n == 0 {
		return false
	}
	wordW := b.firstW * float64(utf8.RuneCountInString(word)) / float64(n)
	return a.lastX1+0.28*a.size+wordW > d.right+1
}

// emit turns a block into the parser's block.
func (b pdfBlock) emit(d *pdfDoc, vocab *vocabulary) block {
	out := block{line: d.loc(b.page), blanksAfter: 1, plain: true}
	switch b.kind {
	case pdfGrid:
		out.lines = b.grid
		return out
	case pdfList:
		for _, it := range b.items {
			out.lines = append(out.lines, "- "+joinLines(it, vocab))
		}
		return out
	case pdfHeading:
		out.role = roleHeading
	case pdfHeadline:
		out.role = roleHeadline
	case pdfCaption:
		out.role = roleCaption
	}
	out.lines = []string{joinLines(b.items[0], vocab)}
	return out
}
