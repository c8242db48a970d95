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
func (r *Report) DeepLink(p *Passage) string {
	if r.URL == "" || p == nil || p.ReportID != r.ID {
		return r.URL
	}
	var earlier strings.Builder
	for _, c := range r.Chapters {
		earlier.WriteString(strings.ToLower(c.Title) + "\n")
		if c.Summary != "" && c.Summary == p.Text {
			return TextFragmentURL(r.URL, wordsUniqueAfter(p.Text, earlier.String()))
		}
		earlier.WriteString(strings.ToLower(c.Summary) + "\n")
		for _, s := range c.Sections {
			earlier.WriteString(strings.ToLower(s.Title) + "\n")
			for _, f := range s.Findings {
				if f.Headline != "" && f.Headline == p.Text && len(f.Passages) > 0 && f.Passages[0].ID+headlineSuffix == p.ID {
					return TextFragmentURL(r.URL, wordsUniqueAfter(p.Text, earlier.String()))
				}
				earlier.WriteString(strings.ToLower(f.Headline) + "\n")
				for _, q := range f.Passages {
					if q.ID == p.ID {
						return TextFragmentURL(r.URL, wordsUniqueAfter(p.Text, earlier.String()))
					}
					earlier.WriteString(strings.ToLower(q.Text) + "\n")
				}
			}
		}
	}
	return r.URL
}

// wordsUniqueAfter returns the first run of words of text (see
// OpeningWords) that earlier does not contain, ignoring case; or the
// first run when every run is found earlier.
func wordsUniqueAfter(text, earlier string) string {
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
			if !strings.Contains(earlier, strings.ToLower(words)) {
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
	for _, w := range strings.Fields(line) {
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
