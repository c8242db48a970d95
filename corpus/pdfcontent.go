package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// This file reads what a PDF draws on each page: runs of text with their
// font, size, weight and position, and the boxes of what it paints (charts,
// table cells, images). github.com/ledongthuc/pdf parses the file (cross
// references, object and compressed streams, standard encryption) and
// decodes fonts' text encodings; the content of each page is walked here,
// because its own walker gives no glyph widths for the standard fonts or
// two-byte (Type0) fonts and nothing of images: without widths the end of
// a line, and so whether a paragraph runs on, cannot be known.

// pdfRun is one string a page draws.
type pdfRun struct {
	text   string
	x, y   float64 // start of the baseline, in points from the bottom left
	w      float64 // advance width, in points
	size   float64 // font size as drawn, in points
	font   string  // the font's name without its subset prefix
	bold   bool
	italic bool
}

// pdfBox is the bounding box of something painted: a filled or stroked
// path, or an image.
type pdfBox struct {
	x0, y0, x1, y1 float64
	image          bool
	filled         bool
}

func (b pdfBox) width() float64  { return b.x1 - b.x0 }
func (b pdfBox) height() float64 { return b.y1 - b.y0 }

// pdfPage is what one page draws.
type pdfPage struct {
	n             int // 1-based, as a viewer counts
	width, height float64
	runs          []pdfRun
	boxes         []pdfBox
}

// errPDFPassword is a PDF that cannot be opened without a password.
var errPDFPassword = errors.New("password")

// openPDF opens a PDF held in memory, repairing what commonly stops the
// parser but not a viewer: a PDF 2.0 header and bytes after the last
// %%EOF.
func openPDF(data []byte) (r *pdf.Reader, encrypted bool, err error) {
	data = trimAfterEOF(data)
	if bytes.HasPrefix(data, []byte("%PDF-2.")) {
		data = append([]byte("%PDF-1.7"), data[8:]...)
	}
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, fmt.Errorf("malformed PDF: %v", x)
		}
	}()
	r, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return nil, true, errPDFPassword
		}
		if strings.Contains(err.Error(), "encryption") {
			return nil, true, err
		}
		return nil, false, err
	}
	return r, !r.Trailer().Key("Encrypt").IsNull(), nil
}

// trimAfterEOF drops anything after the last %%EOF line, which some tools
// append and which the parser refuses.
func trimAfterEOF(data []byte) []byte {
	i := bytes.LastIndex(data, []byte("%%EOF"))
	if i < 0 || len(bytes.TrimSpace(data[i+5:])) == 0 {
		return data
	}
	return data[:i+5]
}

// readPDFPages reads every page of a PDF. An error names the page.
func readPDFPages(r *pdf.Reader) ([]pdfPage, error) {
	n := r.NumPage()
	pages := make([]pdfPage, 0, n)
	fonts := map[string]*pdfFont{} // shared by pages: a report uses a few fonts throughout
	for i := 1; i <= n; i++ {
		pg, err := readPDFPage(r.Page(i), i, fonts)
		if err != nil {
			return nil, err
		}
		pages = append(pages, pg)
	}
	return pages, nil
}

func readPDFPage(p pdf.Page, n int, fonts map[string]*pdfFont) (pg pdfPage, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = &ParseError{PDFPage: n, Msg: fmt.Sprintf("cannot read the page's content: %v", x)}
		}
	}()
	pg = pdfPage{n: n, width: 595, height: 842}
	box := inherited(p.V, "MediaBox")
	if cb := inherited(p.V, "CropBox"); cb.Kind() == pdf.Array && cb.Len() == 4 {
		box = cb
	}
	var ox, oy float64
	if box.Kind() == pdf.Array && box.Len() == 4 {
		ox, oy = box.Index(0).Float64(), box.Index(1).Float64()
		pg.width, pg.height = box.Index(2).Float64()-ox, box.Index(3).Float64()-oy
	}
	w := &contentWalker{page: &pg, fonts: fonts, origin: [2]float64{ox, oy}}
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return pg, nil
	}
	w.walk(contents, p.Resources(), identity, 0)
	return pg, nil
}

// inherited finds a page attribute on the page or the first of its
// ancestors in the page tree that has it.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; i < 32 && !v.IsNull(); i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m then n: a point is transformed by m, then by n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// textState is the part of the graphics state that text uses.
type textState struct {
	ctm                  matrix
	charSpace, wordSpace float64
	scale, leading, rise float64
	font                 *pdfFont
	size                 float64
	render               int
	tm, tlm              matrix
	pathStarted          bool
	px0, py0, px1, py1   float64 // the current path's box, in user space
}

type contentWalker struct {
	page   *pdfPage
	fonts  map[string]*pdfFont
	origin [2]float64
}

// walk interprets one content stream (a page's, or a form XObject's).
func (w *contentWalker) walk(strm pdf.Value, res pdf.Value, ctm matrix, depth int) {
	g := textState{ctm: ctm, scale: 1, tm: identity, tlm: identity}
	var stack []textState
	resetPath := func() { g.pathStarted = false }
	addPoint := func(x, y float64) {
		if !g.pathStarted {
			g.px0, g.py0, g.px1, g.py1 = x, y, x, y
			g.pathStarted = true
			return
		}
		g.px0, g.py0 = math.Min(g.px0, x), math.Min(g.py0, y)
		g.px1, g.py1 = math.Max(g.px1, x), math.Max(g.py1, y)
	}
	paint := func(filled bool) {
		if g.pathStarted {
			w.addBox(g.ctm, g.px0, g.py0, g.px1, g.py1, false, filled)
		}
		resetPath()
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if k := len(stack); k > 0 {
				g, stack = stack[k-1], stack[:k-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
			}
		case "re":
			x, y, rw, rh := num(0), num(1), num(2), num(3)
			addPoint(x, y)
			addPoint(x+rw, y+rh)
		case "m", "l":
			addPoint(num(0), num(1))
		case "c":
			addPoint(num(0), num(1))
			addPoint(num(2), num(3))
			addPoint(num(4), num(5))
		case "v", "y":
			addPoint(num(0), num(1))
			addPoint(num(2), num(3))
		case "f", "F", "f*", "B", "B*", "b", "b*":
			paint(true)
		case "S", "s":
			paint(false)
		case "n":
			resetPath()
		case "Do":
			if len(args) == 1 {
				w.xobject(res.Key("XObject").Key(args[0].Name()), res, g.ctm, depth)
			}
		case "BT":
			g.tm, g.tlm = identity, identity
		case "Tc":
			g.charSpace = num(0)
		case "Tw":
			g.wordSpace = num(0)
		case "Tz":
			g.scale = num(0) / 100
		case "TL":
			g.leading = num(0)
		case "Ts":
			g.rise = num(0)
		case "Tr":
			g.render = int(num(0))
		case "Tf":
			if len(args) == 2 {
				g.font = w.font(res.Key("Font").Key(args[0].Name()))
				g.size = num(1)
			}
		case "Td", "TD":
			if op == "TD" {
				g.leading = -num(1)
			}
			g.tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(g.tlm)
			g.tm = g.tlm
		case "Tm":
			if len(args) == 6 {
				g.tm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				g.tlm = g.tm
			}
		case "T*":
			g.tlm = matrix{1, 0, 0, 1, 0, -g.leading}.mul(g.tlm)
			g.tm = g.tlm
		case "Tj":
			if len(args) == 1 {
				w.show(&g, args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.wordSpace, g.charSpace = num(0), num(1)
				args = args[2:]
			}
			g.tlm = matrix{1, 0, 0, 1, 0, -g.leading}.mul(g.tlm)
			g.tm = g.tlm
			if len(args) == 1 {
				w.show(&g, args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			arr := args[0]
			for i := 0; i < arr.Len(); i++ {
				v := arr.Index(i)
				if v.Kind() == pdf.String {
					w.show(&g, v.RawString())
				} else {
					tx := -v.Float64() / 1000 * g.size * g.scale
					g.tm = matrix{1, 0, 0, 1, tx, 0}.mul(g.tm)
				}
			}
		}
	})
}

// xobject draws a form (its content, walked) or an image (its box).
func (w *contentWalker) xobject(x pdf.Value, res pdf.Value, ctm matrix, depth int) {
	switch x.Key("Subtype").Name() {
	case "Image":
		w.addBox(ctm, 0, 0, 1, 1, true, true)
	case "Form":
		if depth >= 8 {
			return
		}
		m := identity
		if mv := x.Key("Matrix"); mv.Kind() == pdf.Array && mv.Len() == 6 {
			for i := range m {
				m[i] = mv.Index(i).Float64()
			}
		}
		r := x.Key("Resources")
		if r.IsNull() {
			r = res
		}
		w.walk(x, r, m.mul(ctm), depth+1)
	}
}

// addBox records a painted box in page coordinates. A box that covers the
// page (a background) says nothing about the layout and is left out.
func (w *contentWalker) addBox(ctm matrix, x0, y0, x1, y1 float64, image, filled bool) {
	ax, ay := ctm.apply(x0, y0)
	bx, by := ctm.apply(x1, y1)
	cx, cy := ctm.apply(x0, y1)
	dx, dy := ctm.apply(x1, y0)
	b := pdfBox{
		x0: math.Min(math.Min(ax, bx), math.Min(cx, dx)) - w.origin[0], y0: math.Min(math.Min(ay, by), math.Min(cy, dy)) - w.origin[1],
		x1: math.Max(math.Max(ax, bx), math.Max(cx, dx)) - w.origin[0], y1: math.Max(math.Max(ay, by), math.Max(cy, dy)) - w.origin[1],
		image: image, filled: filled,
	}
	if !image && b.width() > 0.9*w.page.width && b.height() > 0.9*w.page.height {
		return // a page's background
	}
	w.page.boxes = append(w.page.boxes, b)
}

// show draws one string: one run, with its advance computed from the
// font's glyph widths.
func (w *contentWalker) show(g *textState, raw string) {
	f := g.font
	if f == nil {
		f = &pdfFont{name: "unknown", enc: nil, codeLen: 1}
	}
	trm := matrix{g.size * g.scale, 0, 0, g.size, 0, g.rise}.mul(g.tm).mul(g.ctm)
	var text strings.Builder
	var adv float64 // in text space units
	for i := 0; i < len(raw); i += f.codeLen {
		end := min(i+f.codeLen, len(raw))
		code := raw[i:end]
		c := 0
		for _, b := range []byte(code) {
			c = c<<8 | int(b)
		}
		text.WriteString(f.decode(code))
		tx := f.width(c)/1000*g.size + g.charSpace
		if f.codeLen == 1 && code == " " {
			tx += g.wordSpace
		}
		adv += tx * g.scale
	}
	x, y := trm.apply(0, 0)
	// The run's direction: text that is not set left to right (rotated
	// labels on a chart's axis) is no part of the report's text.
	ux, uy := g.tm.mul(g.ctm).apply(1, 0)
	ox, oy := g.tm.mul(g.ctm).apply(0, 0)
	dx, dy := ux-ox, uy-oy
	if dx <= 0 || math.Abs(dy) > 0.01*math.Abs(dx) {
		g.tm = matrix{1, 0, 0, 1, adv, 0}.mul(g.tm)
		return
	}
	size := math.Hypot(trm[2], trm[3])
	xscale := math.Hypot(dx, dy)
	s := text.String()
	if s != "" {
		w.page.runs = append(w.page.runs, pdfRun{
			text: s, x: x - w.origin[0], y: y - w.origin[1], w: adv * xscale, size: size,
			font: f.name, bold: f.bold, italic: f.italic,
		})
	}
	g.tm = matrix{1, 0, 0, 1, adv, 0}.mul(g.tm)
}

// pdfFont is what the reader needs of a font: its text encoding, its
// widths and whether it is bold.
type pdfFont struct {
	name         string
	enc          pdf.TextEncoding
	codeLen      int // bytes per character code: 2 for Type0 fonts
	first        int
	widths       []float64
	std          *[256]uint16
	cidWidths    map[int]float64
	defaultWidth float64
	bold, italic bool
}

func (f *pdfFont) decode(code string) string {
	if f.enc == nil {
		return code
	}
	s := f.enc.Decode(code)
	if strings.ContainsRune(s, 0) || strings.ContainsRune(s, '\uFFFD') {
		return ""
	}
	return s
}

func (f *pdfFont) width(c int) float64 {
	if f.cidWidths != nil {
		if w, ok := f.cidWidths[c]; ok {
			return w
		}
		return f.defaultWidth
	}
	if i := c - f.first; f.widths != nil && i >= 0 && i < len(f.widths) {
		if w := f.widths[i]; w > 0 {
			return w
		}
	}
	if f.std != nil && c < 256 {
		return float64(f.std[c])
	}
	return f.defaultWidth
}

// font reads a font dictionary once per document.
func (w *contentWalker) font(v pdf.Value) *pdfFont {
	key := v.String()
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := newPDFFont(v)
	w.fonts[key] = f
	return f
}

func newPDFFont(v pdf.Value) *pdfFont {
	name := v.Key("BaseFont").Name()
	if i := strings.IndexByte(name, '+'); i >= 0 {
		name = name[i+1:]
	}
	pf := pdf.Font{V: v}
	f := &pdfFont{name: name, enc: pf.Encoder(), codeLen: 1, defaultWidth: 500}
	desc := v.Key("FontDescriptor")
	if v.Key("Subtype").Name() == "Type0" {
		f.codeLen = 2
		d := v.Key("DescendantFonts").Index(0)
		desc = d.Key("FontDescriptor")
		f.defaultWidth = 1000
		if dw := d.Key("DW"); !dw.IsNull() {
			f.defaultWidth = dw.Float64()
		}
		f.cidWidths = cidWidths(d.Key("W"))
	} else {
		f.first = int(v.Key("FirstChar").Int64())
		if ws := v.Key("Widths"); ws.Kind() == pdf.Array {
			f.widths = make([]float64, ws.Len())
			for i := range f.widths {
				f.widths[i] = ws.Index(i).Float64()
			}
		}
		f.std = standardFontWidths(name)
		if mw := desc.Key("MissingWidth"); !mw.IsNull() && mw.Float64() > 0 {
			f.defaultWidth = mw.Float64()
		}
	}
	lower := strings.ToLower(name)
	for _, s := range []string{"bold", "black", "heavy", "semibold", "demi", "extrabold", "ultrabold"} {
		if strings.Contains(lower, s) {
			f.bold = true
		}
	}
	if fw := desc.Key("FontWeight"); !fw.IsNull() && fw.Float64() >= 600 {
		f.bold = true
	}
	if flags := desc.Key("Flags").Int64(); flags&(1<<18) != 0 {
		f.bold = true // ForceBold
	}
	f.italic = strings.Contains(lower, "italic") || strings.Contains(lower, "oblique") || desc.Key("ItalicAngle").Float64() != 0
	return f
}

// cidWidths reads a Type0 font's W array: [c [w1 w2 …]] and [c1 c2 w].
func cidWidths(wv pdf.Value) map[int]float64 {
	out := map[int]float64{}
	for i := 0; i < wv.Len(); {
		c := int(wv.Index(i).Int64())
		if i+1 >= wv.Len() {
			break
		}
		next := wv.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len(); j++ {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= wv.Len() {
			break
		}
		last, width := int(next.Int64()), wv.Index(i+2).Float64()
		for k := c; k <= last && k-c < 65536; k++ {
			out[k] = width
		}
		i += 3
	}
	return out
}

// standardFontWidths finds the metrics of a standard font, or of a font
// made to its metrics (Arial is Helvetica's).
func standardFontWidths(name string) *[256]uint16 {
	n := strings.ReplaceAll(name, ",", "-")
	lower := strings.ToLower(n)
	bold := strings.Contains(lower, "bold")
	italic := strings.Contains(lower, "italic") || strings.Contains(lower, "oblique")
	family := ""
	switch {
	case strings.HasPrefix(lower, "helvetica"), strings.HasPrefix(lower, "arial"):
		family = "Helvetica"
	case strings.HasPrefix(lower, "times"):
		family = "Times"
	case strings.HasPrefix(lower, "courier"):
		return &courierWidths
	default:
		return nil
	}
	key := family
	switch {
	case family == "Helvetica" && bold && italic:
		key += "-BoldOblique"
	case family == "Helvetica" && bold:
		key += "-Bold"
	case family == "Helvetica" && italic:
		key += "-Oblique"
	case bold && italic:
		key += "-BoldItalic"
	case bold:
		key += "-Bold"
	case italic:
		key += "-Italic"
	case family == "Times":
		key += "-Roman"
	}
	return standardWidths[key]
}

// courierWidths: every glyph of Courier is 600 wide.
var courierWidths = func() (w [256]uint16) {
	for i := range w {
		w[i] = 600
	}
	return
}()
