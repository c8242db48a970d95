package index

// A passage split into sentences once, for every check of the judgment
// that reads one.

import (
	"strings"
	"unicode"
)

// passageParts is a passage's text split into sentences (sentenceSpans),
// with each sentence's analysed terms and its headline's worked out when
// first needed: the judgment's checks read the same few passages
// sentence by sentence, and split and analyse each once.
type passageParts struct {
	text  string
	spans [][2]int
	// analysed are each sentence's terms with a space after, "" until
	// needed.
	analysed []string
	headline string
	// headTerms are the headline's terms, once headRead.
	headTerms string
	headRead  bool
}

// split is the passage's text in sentences, split when first asked for:
// a judgment's checks are given the same passages (one slice of them) and
// share it.
func (d *scoredDoc) split() *passageParts {
	if d.parts == nil {
		t, _ := d.fields[fieldText].(string)
		spans := sentenceSpans(t)
		d.parts = &passageParts{text: t, spans: spans, analysed: make([]string, len(spans)), headline: str(d.fields, fieldHeading)}
	}
	return d.parts
}

// sentence is the passage's i'th sentence.
func (p *passageParts) sentence(i int) string { return p.text[p.spans[i][0]:p.spans[i][1]] }

// terms are the analysed terms of the i'th sentence, space-separated,
// with a space after.
func (p *passageParts) terms(ix *Index, i int) string {
	if p.analysed[i] == "" {
		p.analysed[i] = ix.wordTerms(p.sentence(i)) + " "
	}
	return p.analysed[i]
}

// heading is the analysed terms of the passage's headline.
func (p *passageParts) heading(ix *Index) string {
	if !p.headRead {
		p.headTerms, p.headRead = ix.wordTerms(p.headline), true
	}
	return p.headTerms
}

// window is the analysed terms, " a b c ", of the i'th sentence with the
// ones either side of it and the paragraph's headline: a figure may be
// given a sentence after its subject is named ("The board was set up in
// 2020. It meets every quarter."), and the headline names the subject of
// every sentence under it.
func (p *passageParts) window(ix *Index, i int) string {
	var b strings.Builder
	h := p.heading(ix)
	b.WriteString(" " + h + " ")
	for k := max(i-1, 0); k < min(i+2, len(p.spans)); k++ {
		b.WriteString(p.terms(ix, k))
	}
	return b.String()
}

// wordTerms are the analysed terms of text, space-separated, analysed a
// word at a time: single words' analyses are remembered, so a passage's
// sentences cost a lookup a word rather than the analyser's run.
func (ix *Index) wordTerms(text string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	}) {
		for _, t := range ix.analyze(w) {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// sentenceSpans are where text's sentences start and end: a full stop,
// question or exclamation mark or semicolon followed by a space ends one
// ("4.5 percent" does not).
func sentenceSpans(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i+1 < len(text); i++ {
		switch text[i] {
		case '.', '!', '?', ';':
			if c := text[i+1]; c == ' ' || c == '\n' || c == '\t' {
				out = append(out, [2]int{start, i + 1})
				start = i + 1
			}
		}
	}
	return append(out, [2]int{start, len(text)})
}

// spanOf is the index of the sentence holding byte at.
func spanOf(spans [][2]int, at int) int {
	for i, s := range spans {
		if at < s[1] {
			return i
		}
	}
	return len(spans) - 1
}
