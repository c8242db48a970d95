package corpus

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Deep links take a reader to the passage quoted, not to the top of the
// report: on the report's web page, a URL text fragment of the passage's
// opening words, which browsers scroll to and highlight (the WICG URL
// Fragment Text Directives specification, "#:~:text="); in a PDF whose
// address is known, the page ("#page=N", which PDF viewers open at).

// LinkVersion changes whenever the links made to the same passages would
// change (how a passage's words are picked, which address wins), so that
// a search index, which stores every passage's link, is rebuilt.
const LinkVersion = 2

// Opening words are at most openingMax words and at least openingMin,
// enough to be found once on a page and short enough to survive small
// differences between the page and the report's text.
const (
	openingMin = 4
	openingMax = 10
)

// TextFragmentURL returns pageURL with a text fragment that scrolls to the
// opening words of text ("…/hertfordshire-2021-22/#:~:text=In%20the%20year%20ending%2031%20March%202022").
// A fragment pageURL already has is replaced. It returns pageURL as it is
// when either is empty.
func TextFragmentURL(pageURL, text string) string {
	words := OpeningWords(text)
	if pageURL == "" || words == "" {
		return pageURL
	}
	base, _, _ := strings.Cut(pageURL, "#")
	return base + "#:~:text=" + EncodeTextDirective(words)
}

// PDFPageURL returns the address of a page of a PDF ("report.pdf#page=12"),
// or pdfURL as it is when it is empty or the page is not known.
func PDFPageURL(pdfURL string, page int) string {
	if pdfURL == "" || page < 1 {
		return pdfURL
	}
	base, _, _ := strings.Cut(pdfURL, "#")
	return base + "#page=" + strconv.Itoa(page)
}

// DeepLink returns the link to a passage (or statement) of the report on
// its web page: a text fragment of words of the passage that no earlier
// text of the report has, so that the browser stops at this passage and
// not at an earlier one that starts alike. It is the page's address as it
// is when the report has none or the passage is not the report's.
//
// It reads the whole report; to link many passages, use Links (or a
// Library's Link, which keeps each report's links), which reads it once.
func (r *Report) DeepLink(p *Passage) string {
	if r.URL == "" || p == nil || p.ReportID != r.ID {
		return r.URL
	}
	if l, ok := r.webLinks()[p.ID]; ok {
		return l
	}
	return r.URL
}

// Links returns the link of every passage and statement of the report, by
// id (see Link), from one pass over its text.
func (r *Report) Links() map[string]string {
	web := r.webLinks()
	out := make(map[string]string, len(web))
	add := func(p *Passage) {
		out[p.ID] = r.linkWith(p, web[p.ID])
	}
	for _, p := range r.Passages() {
		add(p)
	}
	for _, p := range r.Statements() {
		add(p)
	}
	return out
}

// linkWith is Link, given the passage's web page link ("" when none).
func (r *Report) linkWith(p *Passage, web string) string {
	switch {
	case web != "":
		return web
	case r.URL == "" && r.PDFURL != "" && p.PDFPage > 0:
		return PDFPageURL(r.PDFURL, p.PDFPage)
	case r.URL == "":
		return r.PDFURL
	}
	return r.URL
}

// webLinks are the text fragment links of every passage and statement of
// the report on its web page, by id: each the first run of the item's
// words (OpeningWords, run after run) that no text before it has as
// whole words, as a browser matches a text fragment. The report's text is
// read once, in document order (chapter titles, grade sentences, section
// titles, headlines, paragraphs), and every word's positions are kept, so
// a run is checked against the places its rarest word occurs, not against
// all the text before it. Empty when the report has no web page.
func (r *Report) webLinks() map[string]string {
	if r.URL == "" {
		return nil
	}
	var t wordStream
	size := 0
	for _, p := range r.Passages() {
		size += len(p.Text)
	}
	t.words = make([]uint64, 0, size/5) // about one word in six bytes of report text
	t.joined = make([]bool, 0, size/5)
	type item struct {
		id, text string
		at       int // the position of its first word
	}
	var items []item
	add := func(id, text string) {
		if id != "" {
			items = append(items, item{id, text, len(t.words)})
		}
		t.addText(text)
	}
	for _, c := range r.Chapters {
		add("", c.Title)
		if g := r.gradeStatement(c); g != nil {
			add(g.ID, c.Summary)
		} else {
			add("", c.Summary)
		}
		for _, s := range c.Sections {
			add("", s.Title)
			for _, f := range s.Findings {
				if h := headlineStatement(f); h != nil {
					add(h.ID, f.Headline)
				} else {
					add("", f.Headline)
				}
				for _, p := range f.Passages {
					add(p.ID, p.Text)
				}
			}
		}
	}
	t.index()
	base, _, _ := strings.Cut(r.URL, "#")
	out := make(map[string]string, len(items))
	for _, it := range items {
		link := r.URL
		if words := t.firstUniqueRun(it.text, it.at); words != "" {
			link = base + "#:~:text=" + EncodeTextDirective(words)
		}
		out[it.id] = link
	}
	return out
}

// wordStream is a report's text as a browser's find matches it: whole
// words, in order, ignoring case, each kept as a hash. A word is a token
// between spaces with the punctuation at its ends taken off; a match
// cannot run across punctuation or the end of a line. Two words with the
// same 64-bit hash are taken as the same word: at worst a link then uses
// a later run of its passage's words.
type wordStream struct {
	words []uint64
	// joined[i] is true when word i and word i+1 are separated by spaces
	// only, on one line.
	joined []bool
	// at lists, for each word, the positions it occurs at in ascending
	// order: positions[at[w][0]:at[w][1]].
	at        map[uint64][2]int32
	positions []int32
}

// addText adds text's words, ending at a line end.
func (t *wordStream) addText(text string) {
	for _, line := range strings.Split(text, "\n") {
		for tok := range strings.FieldsSeq(line) {
			w := strings.TrimFunc(tok, notWordRune)
			if n := len(t.joined); n > 0 && w != "" && !strings.HasPrefix(tok, w) {
				t.joined[n-1] = false
			}
			t.words = append(t.words, hashWord(w))
			t.joined = append(t.joined, w != "" && strings.HasSuffix(tok, w))
		}
		if n := len(t.joined); n > 0 {
			t.joined[n-1] = false
		}
	}
}

// index lists where each word occurs, once every text is added: counted
// first, so that the positions fill one slice.
func (t *wordStream) index() {
	t.at = make(map[uint64][2]int32, len(t.words)/4)
	for _, w := range t.words {
		r := t.at[w]
		r[1]++
		t.at[w] = r
	}
	next := int32(0)
	for w, r := range t.at {
		t.at[w] = [2]int32{next, next}
		next += r[1]
	}
	t.positions = make([]int32, len(t.words))
	for i, w := range t.words {
		r := t.at[w]
		t.positions[r[1]] = int32(i)
		r[1]++
		t.at[w] = r
	}
}

// hashWord is FNV-1a of a word in lower case.
func hashWord(w string) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		for v := uint32(r); ; v >>= 8 {
			h ^= uint64(v & 0xff)
			h *= 1099511628211
			if v < 0x100 {
				break
			}
		}
	}
	return h
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// occursBefore reports whether the words of run occur, one after another,
// wholly before position end.
func (t *wordStream) occursBefore(run []uint64, end int) bool {
	rarest, j := int32(-1), 0
	for i, w := range run {
		r := t.at[w]
		if n := r[1] - r[0]; rarest < 0 || n < rarest {
			rarest, j = n, i
		}
	}
	r := t.at[run[j]]
	for _, pos := range t.positions[r[0]:r[1]] {
		start := int(pos) - j
		if start+len(run) > end {
			break // positions ascend
		}
		if start >= 0 && t.matchAt(run, start) {
			return true
		}
	}
	return false
}

func (t *wordStream) matchAt(run []uint64, start int) bool {
	for k, w := range run {
		if t.words[start+k] != w || k < len(run)-1 && !t.joined[start+k] {
			return false
		}
	}
	return true
}

// firstUniqueRun returns the first run of words of text (see
// OpeningWords) that does not occur before position at; or the first run
// when every run does.
func (t *wordStream) firstUniqueRun(text string, at int) string {
	first := ""
	for _, line := range strings.Split(text, "\n") {
		rest := line
		for rest != "" {
			words, after := nextRun(rest)
			if words == "" {
				break
			}
			if first == "" {
				first = words
			}
			var run []uint64
			for w := range strings.FieldsSeq(words) {
				run = append(run, hashWord(w))
			}
			if !t.occursBefore(run, at) {
				return words
			}
			rest = after
		}
	}
	return first
}

// nextRun returns the opening words of text and the text after them.
func nextRun(text string) (string, string) {
	words := OpeningWords(text)
	if words == "" {
		return "", ""
	}
	last := words[strings.LastIndexByte(words, ' ')+1:]
	i := strings.Index(text, last)
	if i < 0 {
		return words, ""
	}
	return words, text[i+len(last):]
}

// OpeningWords returns the words of text to find it by on a page: the
// first run, on its first line, of at least openingMin words (at most
// openingMax) with no punctuation between them and none that a web page
// may write differently (quotes and apostrophes, dashes, symbols); or the
// longest such run when none is that long. The words are the text's own,
// in order, so that the page has them exactly. A list item's "- " is not
// a word.
func OpeningWords(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	line = strings.TrimPrefix(line, "- ")
	var run, best []string
	for w := range strings.FieldsSeq(line) {
		plain := strings.TrimRight(w, ".,;:!?")
		if !plainWord(plain) {
			if lead := leadingPlain(plain); lead != "" {
				run = append(run, lead)
			}
			if len(run) > len(best) {
				best = run
			}
			if len(best) >= openingMin {
				break
			}
			run = nil
			continue
		}
		run = append(run, plain)
		if len(run) == openingMax || plain != w {
			// punctuation ends a run
			if len(run) > len(best) {
				best = run
			}
			if len(best) >= openingMin {
				break
			}
			run = nil
		}
	}
	if len(run) > len(best) {
		best = run
	}
	return strings.Join(best, " ")
}

// plainWord reports whether a word is only letters and digits, which every
// rendering of the report writes alike.
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// leadingPlain is the letters and digits a word starts with.
func leadingPlain(w string) string {
	for i, r := range w {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return w[:i]
		}
	}
	return w
}

// EncodeTextDirective percent-encodes text for a text directive: every
// byte but ASCII letters, digits and ".", "_", "~" is encoded, so that
// the directive's own syntax characters ("-", ",", "&") and spaces can
// appear in the text, as the specification requires.
func EncodeTextDirective(text string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
