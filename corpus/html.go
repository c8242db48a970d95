package corpus

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The web page reader takes a report's structure from the document's own
// elements: its headings, paragraphs, lists, tables and figures, never its
// class names, which change with every redesign of a site. Site chrome is
// left out by what it is: everything before the report's title (cookie
// banner, site header, breadcrumbs), navigation, search, forms, buttons,
// asides and footers, and the links that only act on the page ("Print
// this document").
//
// A web page has no printed pages: its passages carry none, unless the
// same report's PDF is loaded too (Load matches the two).

// chromeLinkRE matches the text of links and buttons that act on the page
// rather than say anything.
var chromeLinkRE = regexp.MustCompile(`(?i)^(print( this)?( document| page| report)?|back to top|skip to (main )?content|share( this page)?|download( this)? (report|pdf|document).*|(download|view) the (full )?report.*|copy link)$`)

// skipElements are never report text.
var skipElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Nav: true, atom.Aside: true, atom.Form: true, atom.Button: true,
	atom.Select: true, atom.Input: true, atom.Textarea: true, atom.Iframe: true,
	atom.Dialog: true, atom.Footer: true, atom.Object: true, atom.Canvas: true,
	atom.Head: true,
}

// skipRoles are ARIA landmarks and widgets that are site chrome.
var skipRoles = map[string]bool{
	"navigation": true, "search": true, "banner": true, "contentinfo": true,
	"complementary": true, "dialog": true, "alertdialog": true, "button": true,
	"menu": true, "menubar": true, "toolbar": true, "alert": true,
}

// htmlItem is one piece of a page's text, in document order.
type htmlItem struct {
	kind    htmlKind
	level   int // a heading's level
	text    string
	strong  bool // a paragraph that is all bold: a headline
	line    int
	terms   []string
	bullets []string
	grid    []string
}

type htmlKind int

const (
	htmlHeading htmlKind = iota
	htmlPara
	htmlList
	htmlGrid
	htmlCaption
)

type htmlReader struct {
	lines   map[*html.Node]int
	items   []htmlItem
	started bool // the report's title (its h1) has been met
	pdfLink string
	base    *url.URL
	skipped []string // tables that are not the grid, for warnings
}

// readHTML reads a report's web page into a layout.
func readHTML(name string, data []byte) (*layout, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, &ParseError{File: name, Line: 1, Msg: fmt.Sprintf("not a web page peelbot can read: %v", err)}
	}
	hr := &htmlReader{lines: elementLines(data, doc)}
	lay := &layout{form: FormHTML, meta: map[string]string{}, last: bytes.Count(data, []byte("\n")) + 1}
	if u := canonicalURL(doc); u != "" {
		lay.meta["url"] = u
		hr.base, _ = url.Parse(u)
	}
	root := findElement(doc, func(n *html.Node) bool { return n.DataAtom == atom.Main || attr(n, "role") == "main" })
	if root == nil {
		root = doc
	}
	if findElement(root, func(n *html.Node) bool { return n.DataAtom == atom.H1 }) == nil {
		hr.started = true // no title element: the content starts at once
	}
	findElement(root, func(n *html.Node) bool {
		hr.notePDFLink(n)
		return hr.pdfLink != ""
	})
	hr.walk(root)
	if hr.pdfLink != "" {
		lay.meta["pdf_url"] = hr.pdfLink
	}
	hr.toLayout(lay)
	for _, w := range hr.skipped {
		lay.warnings = append(lay.warnings, name+" "+w)
	}
	return lay, nil
}

// elementLines maps each start tag to its line, by walking the tokenizer
// alongside the tree the parser builds: the text elements (headings,
// paragraphs, list items, captions, cells) are never implied by the
// parser, so the n-th such tag is the n-th such element.
func elementLines(data []byte, doc *html.Node) map[*html.Node]int {
	// Lines of the text elements' start tags, in order, per element name.
	tagLines := map[atom.Atom][]int{}
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if lineTracked[a] {
				tagLines[a] = append(tagLines[a], line)
			}
		}
		line += bytes.Count(raw, []byte("\n"))
	}
	out := map[*html.Node]int{}
	next := map[atom.Atom]int{}
	last := 1 // the line of the latest tracked element, in document order
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && lineTracked[n.DataAtom] {
			// A damaged page can make the parser imply an element no tag
			// opened ("</p>" alone is a paragraph): it takes the line of
			// the element before it, so every error still names a line.
			if i := next[n.DataAtom]; i < len(tagLines[n.DataAtom]) {
				last = max(last, tagLines[n.DataAtom][i])
			}
			out[n] = last
			next[n.DataAtom]++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

var lineTracked = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.P: true, atom.Li: true, atom.Figcaption: true, atom.Table: true, atom.Div: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, match); f != nil {
			return f
		}
	}
	return nil
}

// canonicalURL is the page's own address, when it says it.
func canonicalURL(doc *html.Node) string {
	var out string
	findElement(doc, func(n *html.Node) bool {
		switch {
		case n.DataAtom == atom.Link && strings.EqualFold(attr(n, "rel"), "canonical"):
			out = attr(n, "href")
		case n.DataAtom == atom.Meta && attr(n, "property") == "og:url" && out == "":
			out = attr(n, "content")
		}
		return false
	})
	if u, err := url.Parse(out); err != nil || !u.IsAbs() {
		return ""
	}
	return out
}

// lineOf is the line of the nearest tracked element at or above n, or
// the page's first line when none is.
func (hr *htmlReader) lineOf(n *html.Node) int {
	for ; n != nil; n = n.Parent {
		if l, ok := hr.lines[n]; ok {
			return l
		}
	}
	return 1
}

func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if skipElements[n.DataAtom] || skipRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if attr(n, "hidden") != "" || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return true
	}
	if strings.Contains(strings.ToLower(attr(n, "aria-label")), "cookie") {
		return true
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// walk reads the report's elements in document order.
func (hr *htmlReader) walk(n *html.Node) {
	if isChrome(n) {
		return
	}
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			level := int(n.Data[1] - '0')
			if level == 1 {
				hr.started = true
			}
			if !hr.started {
				return
			}
			text, terms := hr.inlineText(n)
			if text != "" {
				hr.items = append(hr.items, htmlItem{kind: htmlHeading, level: level, text: text, line: hr.lineOf(n), terms: terms})
			}
			return
		case atom.P, atom.Blockquote, atom.Dd, atom.Dt, atom.Address:
			if hr.started {
				hr.paragraph(n)
			}
			return
		case atom.Ul, atom.Ol:
			if hr.started {
				hr.list(n)
			}
			return
		case atom.Table:
			if hr.started {
				hr.table(n)
			}
			return
		case atom.Figure:
			if hr.started {
				if c := findElement(n, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption }); c != nil {
					if text, _ := hr.inlineText(c); text != "" {
						hr.items = append(hr.items, htmlItem{kind: htmlCaption, text: text, line: hr.lineOf(c)})
					}
				}
			}
			return
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Hr:
			return
		}
	}
	// A container: its block children are walked; text directly in it
	// (a div used as a paragraph) is a paragraph of its own.
	var inline []*html.Node
	flush := func() {
		if len(inline) > 0 && hr.started {
			hr.inlineParagraph(inline)
		}
		inline = nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isInline(c) {
			inline = append(inline, c)
			continue
		}
		flush()
		hr.walk(c)
	}
	flush()
}

// notePDFLink remembers the first link to a PDF: the report's print form.
func (hr *htmlReader) notePDFLink(n *html.Node) {
	if n.Type != html.ElementNode || n.DataAtom != atom.A || hr.pdfLink != "" {
		return
	}
	href := attr(n, "href")
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || !strings.HasSuffix(strings.ToLower(u.Path), ".pdf") {
		return
	}
	if !u.IsAbs() {
		if hr.base == nil {
			return
		}
		u = hr.base.ResolveReference(u)
	}
	hr.pdfLink = u.String()
}

var inlineAtoms = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Strong: true, atom.Em: true, atom.I: true,
	atom.Span: true, atom.Sup: true, atom.Sub: true, atom.Small: true, atom.Code: true,
	atom.Br: true, atom.Time: true, atom.Mark: true, atom.Q: true, atom.Cite: true,
	atom.U: true, atom.S: true, atom.Dfn: true, atom.Wbr: true, atom.Data: true,
}

func isInline(n *html.Node) bool {
	return n.Type == html.TextNode || (n.Type == html.ElementNode && inlineAtoms[n.DataAtom] && !isChrome(n))
}

// inlineText is the text of an element as a reader sees it, with the
// glossary terms its links mark. A link that acts on the page is left
// out.
func (hr *htmlReader) inlineText(n *html.Node) (string, []string) {
	var b strings.Builder
	var terms []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type != html.ElementNode:
			return
		case isChrome(n):
			return
		case n.DataAtom == atom.Br:
			b.WriteByte(' ')
			return
		case n.DataAtom == atom.Img:
			return
		}
		if n.DataAtom == atom.A {
			t := strings.Join(strings.Fields(nodeText(n)), " ")
			if chromeLinkRE.MatchString(t) {
				return
			}
			if strings.Contains(strings.ToLower(attr(n, "href")), "glossary") && t != "" {
				terms = append(terms, t)
			}
		}
		if !inlineAtoms[n.DataAtom] {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if !inlineAtoms[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c)
	}
	return cleanHTMLText(b.String()), terms
}

// cleanHTMLText collapses spacing and drops soft hyphens and zero-width
// characters, which a browser does not show.
func cleanHTMLText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff':
			return -1
		}
		return r
	}, s)
	return collapseSpaces(s)
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// allStrong reports whether all of an element's text is bold: a headline
// set as a paragraph.
func allStrong(n *html.Node) bool {
	var plain, strong int
	var walk func(n *html.Node, bold bool)
	walk = func(n *html.Node, bold bool) {
		if n.Type == html.TextNode {
			k := len(strings.TrimSpace(n.Data))
			if bold {
				strong += k
			} else {
				plain += k
			}
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Strong || n.DataAtom == atom.B) {
			bold = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, bold)
		}
	}
	walk(n, false)
	return strong > 0 && plain == 0
}

func (hr *htmlReader) paragraph(n *html.Node) {
	text, terms := hr.inlineText(n)
	if text == "" || chromeLinkRE.MatchString(text) {
		return
	}
	hr.items = append(hr.items, htmlItem{kind: htmlPara, text: text, strong: allStrong(n), line: hr.lineOf(n), terms: terms})
}

func (hr *htmlReader) inlineParagraph(nodes []*html.Node) {
	var b strings.Builder
	var terms []string
	line := 0
	for _, n := range nodes {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			if line == 0 {
				line = hr.lineOf(n.Parent)
			}
			continue
		}
		t, ts := hr.inlineText(n)
		if n.DataAtom == atom.A {
			t = strings.Join(strings.Fields(nodeText(n)), " ")
			if chromeLinkRE.MatchString(t) {
				continue
			}
			if strings.Contains(strings.ToLower(attr(n, "href")), "glossary") {
				ts = append(ts, t)
			}
		}
		b.WriteString(" " + t + " ")
		terms = append(terms, ts...)
	}
	text := cleanHTMLText(b.String())
	if text == "" || chromeLinkRE.MatchString(text) {
		return
	}
	if line == 0 && len(nodes) > 0 {
		line = hr.lineOf(nodes[0].Parent)
	}
	hr.items = append(hr.items, htmlItem{kind: htmlPara, text: text, line: line, terms: terms})
}

// list reads a bullet list: one item per list item, nested lists'
// items after their parent's.
func (hr *htmlReader) list(n *html.Node) {
	item := htmlItem{kind: htmlList, line: hr.lineOf(n)}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || isChrome(c) {
				continue
			}
			if c.DataAtom != atom.Li {
				walk(c)
				continue
			}
			if item.line == 0 {
				item.line = hr.lineOf(c)
			}
			// The item's own text, without its nested lists.
			var nested []*html.Node
			for g := c.FirstChild; g != nil; g = g.NextSibling {
				if g.Type == html.ElementNode && (g.DataAtom == atom.Ul || g.DataAtom == atom.Ol) {
					nested = append(nested, g)
				}
			}
			text, terms := hr.inlineTextExcept(c, nested)
			if text != "" && !chromeLinkRE.MatchString(text) {
				item.bullets = append(item.bullets, text)
				item.terms = append(item.terms, terms...)
			}
			for _, l := range nested {
				walk(l)
			}
		}
	}
	walk(n)
	if len(item.bullets) > 0 {
		hr.items = append(hr.items, item)
	}
}

// inlineTextExcept is inlineText leaving out some children.
func (hr *htmlReader) inlineTextExcept(n *html.Node, except []*html.Node) (string, []string) {
	var removed []*html.Node
	for _, e := range except {
		if e.Parent == n {
			removed = append(removed, e)
		}
	}
	// Detach, read, put back: the tree is ours.
	type place struct{ node, next *html.Node }
	var places []place
	for _, e := range removed {
		places = append(places, place{e, e.NextSibling})
		n.RemoveChild(e)
	}
	text, terms := hr.inlineText(n)
	for i := len(places) - 1; i >= 0; i-- {
		n.InsertBefore(places[i].node, places[i].next)
	}
	return text, terms
}

// table reads the judgments grid: columns headed by the ratings, or areas
// beside their grades. Any other table is left out, with a warning.
func (hr *htmlReader) table(n *html.Node) {
	var rows [][]string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || isChrome(c) {
				continue
			}
			if c.DataAtom == atom.Tr {
				var row []string
				for cell := c.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.DataAtom == atom.Td || cell.DataAtom == atom.Th) {
						t, _ := hr.inlineText(cell)
						row = append(row, t)
					}
				}
				rows = append(rows, row)
				continue
			}
			if c.DataAtom == atom.Caption {
				continue
			}
			walk(c)
		}
	}
	walk(n)
	line := hr.lineOf(n)
	if grid := gridFromRows(rows); grid != nil {
		hr.items = append(hr.items, htmlItem{kind: htmlGrid, grid: grid, line: line})
		return
	}
	hr.skipped = append(hr.skipped, fmt.Sprintf("line %d: a table that is not the judgments grid was left out", line))
}

// gridFromRows turns a table's rows into text-layout grid lines, or nil
// when the table is not a judgments grid.
func gridFromRows(rows [][]string) []string {
	if len(rows) == 0 {
		return nil
	}
	n := 0
	for _, c := range rows[0] {
		if _, ok := ParseRating(c); ok {
			n++
		}
	}
	if n >= 3 && n == len(rows[0]) {
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "\t"))
		}
		return out
	}
	// Areas beside their grades, perhaps under a heading row.
	pos := ratingIndex()
	out := []string{joinRatings()}
	for _, r := range rows {
		if len(r) != 2 {
			return nil
		}
		rt, ok := ParseRating(r[1])
		if !ok {
			if len(out) == 1 {
				continue // a heading row: "Area", "Grade"
			}
			return nil
		}
		row := make([]string, len(Ratings))
		row[pos[rt]] = r[0]
		out = append(out, strings.Join(row, "\t"))
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// toLayout decides which headings are chapters, sections and headlines,
// and lays the items out for the parser. Chapters are the headings of the
// highest level under the title; sections are the headings that name a
// PEEL section ("Areas for improvement") and those of their level;
// anything deeper is a finding's headline.
func (hr *htmlReader) toLayout(lay *layout) {
	chapterLevel, sectionLevel := 7, 0
	counts := map[int]int{}
	for _, it := range hr.items {
		if it.kind != htmlHeading || it.level == 1 {
			continue
		}
		chapterLevel = min(chapterLevel, it.level)
		if _, ok := sectionKindOf(it.text); ok {
			counts[it.level]++
		}
	}
	best := 0
	for l, c := range counts {
		if c > best || (c == best && l < sectionLevel) {
			sectionLevel, best = l, c
		}
	}
	if sectionLevel == 0 {
		sectionLevel = chapterLevel + 1
	}
	inTitle := true
	for _, it := range hr.items {
		if it.kind == htmlHeading && it.level > 1 && it.level <= sectionLevel {
			inTitle = false
		}
		if inTitle {
			if it.kind == htmlHeading || it.kind == htmlPara {
				lay.title = append(lay.title, layoutLine{text: it.text, line: it.line})
			}
			continue
		}
		b := block{line: it.line, blanksAfter: 1, plain: true, terms: it.terms}
		switch it.kind {
		case htmlHeading:
			b.lines = []string{it.text}
			b.role = roleHeadline
			if it.level <= sectionLevel {
				b.role = roleHeading
				if lay.contentsAt == 0 {
					lay.contentsAt = it.line
				}
				lay.contents = append(lay.contents, contentsEntry{title: it.text, line: it.line})
			}
		case htmlPara:
			b.lines = []string{it.text}
			if it.strong {
				b.role = roleHeadline
			}
		case htmlList:
			for _, t := range it.bullets {
				b.lines = append(b.lines, "- "+t)
			}
		case htmlGrid:
			b.lines = it.grid
		case htmlCaption:
			b.lines = []string{it.text}
			b.role = roleCaption
		}
		lay.blocks = append(lay.blocks, b)
	}
	if n := len(lay.blocks); n > 0 {
		lay.blocks[n-1].blanksAfter = -1
	}
}
