package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a question may cost. User text is only ever split into
// words here and turned into term, match and phrase queries; it never
// reaches bleve's query-string parser, whose wildcard and regular
// expression syntax could be made to run for a very long time.
const (
	maxQueryRunes = 1000 // longer questions are cut, with a note
	maxWords      = 32   // words searched; more are dropped, with a note
	maxFilters    = 8
	maxWordRunes  = 40 // longer "words" are noise, and costly to look up as typos
)

// FilterHelp documents the filter syntax for --help texts and /peel help.
const FilterHelp = `Filters, anywhere in the question (quote values with spaces):
  kind:afi            only areas for improvement; also kind:practice,
                      kind:concern, kind:recommendation, kind:finding,
                      kind:grade
  area:investigating  only chapters whose title or graded area has these
                      words, e.g. area:"vulnerable people", area:workforce
  force:herts         only reports of forces whose name or id matches
  report:herts-2021   only this report
  round:2021          only reports of this inspection round (2021/22, 2023-25)
  "exact phrase"      passages must contain these words in this order
Examples: dvpo · 999 kind:afi · "voice of the child" · why do officers leave area:workforce`

// Query is a question as peelbot understood it.
type Query struct {
	// Raw is the question as given.
	Raw string `json:"raw"`
	// Words are the free words searched for, in order.
	Words []string `json:"words"`
	// Phrases are quoted phrases every hit must contain.
	Phrases []string `json:"phrases,omitempty"`
	// Filters restrict which passages may match.
	Filters []Filter `json:"filters,omitempty"`
	// Notes say what peelbot changed or ignored, for the asker.
	Notes []string `json:"notes,omitempty"`
}

// Filter is one key:value restriction typed in a question.
type Filter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (f Filter) String() string {
	if strings.ContainsRune(f.Value, ' ') {
		return fmt.Sprintf("%s:%q", f.Key, f.Value)
	}
	return f.Key + ":" + f.Value
}

// filterKeys maps each accepted key to its canonical name.
var filterKeys = map[string]string{
	"kind": "kind", "type": "kind",
	"area": "area", "chapter": "area",
	"force":  "force",
	"report": "report",
	"round":  "round", "year": "round",
}

// ParseQuery splits a question into words, quoted phrases and filters. It
// never fails: anything it cannot use is dropped with a note.
func ParseQuery(raw string) Query {
	q := Query{Raw: raw}
	text := cleanText(raw)
	if utf8.RuneCountInString(text) > maxQueryRunes {
		text = string([]rune(text)[:maxQueryRunes])
		q.Notes = append(q.Notes, fmt.Sprintf("Your question was very long; only its first %d characters were read.", maxQueryRunes))
	}
	toks := splitQuoted(text)
	if len(toks) == 1 && toks[0].quoted && toks[0].key == "" && wholeQuestion(toks[0].value) {
		// A question pasted in quotes ("what is the 999 answer time?")
		// is a question, not a phrase the reports must hold word for word.
		toks[0].quoted = false
	}
	for _, tok := range toks {
		switch {
		case tok.quoted && tok.key == "":
			if ws := words(tok.value); len(ws) > 0 {
				q.Phrases = append(q.Phrases, strings.Join(ws, " "))
			}
		case tok.key != "":
			key, ok := filterKeys[strings.ToLower(tok.key)]
			if !ok {
				q.Words = append(q.Words, words(tok.key+" "+tok.value)...)
				continue
			}
			v := strings.Join(strings.Fields(tok.value), " ")
			if v == "" {
				q.Notes = append(q.Notes, fmt.Sprintf("%s: needs a value, as in %s:%s; it was ignored.", key, key, filterExample[key]))
				continue
			}
			if len(q.Filters) == maxFilters {
				q.Notes = append(q.Notes, fmt.Sprintf("Only %d filters are used; %s:%s was ignored.", maxFilters, key, v))
				continue
			}
			q.Filters = append(q.Filters, Filter{Key: key, Value: v})
		default:
			q.Words = append(q.Words, words(tok.value)...)
		}
	}
	q.Words = q.dropLongWords(q.Words)
	if len(q.Words) > maxWords {
		q.Words = q.Words[:maxWords]
		q.Notes = append(q.Notes, fmt.Sprintf("Only the first %d words were searched.", maxWords))
	}
	return q
}

// dropLongWords drops words no report contains (40 letters or more),
// noting each.
func (q *Query) dropLongWords(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n > maxWordRunes {
			q.Notes = append(q.Notes, fmt.Sprintf("A word of %d letters was ignored.", n))
			continue
		}
		out = append(out, w)
	}
	return out
}

var filterExample = map[string]string{
	"kind": "afi", "area": "investigating", "force": "herts", "report": "herts-2021", "round": "2021",
}

// cleanText replaces control and other invisible characters with spaces.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '“' || r == '”':
			return '"'
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == unicode.ReplacementChar:
			return ' '
		}
		return r
	}, s)
}

type queryToken struct {
	key    string // before ':' when the token is key:value
	value  string
	quoted bool
}

// wholeQuestion reports whether quoted text is a question rather than a
// phrase: it ends in a question mark, or runs to more than six words.
func wholeQuestion(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "?") || len(strings.Fields(s)) > 6
}

// splitQuoted splits on spaces, keeping "quoted phrases" and key:"quoted
// values" whole. An unclosed quote runs to the end.
func splitQuoted(s string) []queryToken {
	var out []queryToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		start := i
		var tok queryToken
		for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != '"' {
			i++
		}
		word := string(rs[start:i])
		if k, v, ok := strings.Cut(word, ":"); ok && isKey(k) {
			tok.key, word = k, v
		}
		if i < len(rs) && rs[i] == '"' && word == "" {
			i++
			end := i
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			tok.value, tok.quoted = string(rs[i:end]), true
			i = min(end+1, len(rs))
		} else {
			tok.value = word
			if i < len(rs) && rs[i] == '"' && word != "" {
				// a quote glued to a word: treat the quote as a separator
				rs[i] = ' '
			}
		}
		out = append(out, tok)
	}
	return out
}

func isKey(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// words splits text into searchable words: letters and digits, keeping the
// hyphens, apostrophes, points and slashes inside a word ("well-being",
// "officers'", "71.8", "2021/22"). Everything else separates words.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		w := strings.Trim(b.String(), "-'’./")
		if w != "" {
			out = append(out, w)
		}
		b.Reset()
	}
	var last rune
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) && unicode.IsDigit(last), unicode.IsDigit(r) && unicode.IsLetter(last):
			// "PIP2" is "PIP 2", "24hrs" is "24 hrs"
			flush()
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case (r == '-' || r == '\'' || r == '’' || r == '.' || r == '/') && b.Len() > 0:
			b.WriteRune(r)
		default:
			flush()
		}
		last = r
	}
	flush()
	return out
}
