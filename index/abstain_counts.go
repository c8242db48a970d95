package index

// Whether a passage gives the count a question asks for ("how many
// officers"): the counted thing's head words, matched without a pattern
// compiled per question. Part of the judgment in abstain.go.

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headcountCue asks how many of something a force has: "how many special
// constables does the constabulary have", "how many officers does herts
// employ in total" (up to seven words between: who has them is often
// named at length), "how many members does the Black Police
// Association have", "how many closure orders did the force apply for",
// "how many custody suites does the force run".
// Its first group is what is counted.
var headcountCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,40}?) (?:does|do|did) (?:\S+ ){0,7}?(?:have|has|employ|employs|employed|got|record|receive|make|issue|apply for|obtain|handle|arrest|charge|see|help|support|attend|refer|manage|monitor|supervise|visit|train|recruit|investigate|prosecute|stop|search|seize|detain|release|bail|caution|divert|assess|deal with|run|operate)\b`)

// tallyCue asks how many of something happened or were done: "how many
// hate crimes were recorded", "how many new officers have joined", "how
// many suspects were released", "how many officers is it required to
// recruit", "how many officers got disciplined" (got is the passive's
// everyday auxiliary). Its
// first group is what is counted; the report must give a number of it.
var tallyCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,60}?) (?:were|was|have|has|had|are|is|got|get|gets|getting)(?: been)? (?:\S+ ){0,5}?(recorded|reported|made|held|upheld|dismissed|sacked|disciplined|suspended|sanctioned|joined|recruited|hired|died|killed|injured|arrested|charged|convicted|issued|retained|reviewed|examined|submitted|received|seized|stopped|searched|assaulted|attacked|left|resigned|retired|carried out|conducted|performed|undertaken|detained|saved|opened|investigated|prosecuted|cautioned|referred|completed|trained|managed|monitored|supervised|supported|helped|safeguarded|visited|attended|assessed|diverted|dealt with|taken|given|decided|granted|awarded|approved|refused|promoted|tested|placed|withdrawn|filled|released|bailed|required|needed|expected)\b|\bhow many ([a-z0-9' -]{2,40}?) (left|quit|resigned|retired|joined|attended|completed|received|applied|responded|took part|signed up|died|visited|called|contacted|reported|complained|volunteered|graduated|passed|failed)\b`)

// breakdownCue asks how many of a whole were of one kind: "how many of
// the orders issued were criminal behaviour orders". Its first group is
// the kind, which the report must give a number of: the whole's number
// ("174 of these orders") does not answer.
var breakdownCue = regexp.MustCompile(`(?i)\bhow many of (?:the|these|those|its|their|all(?: the)?)\s+([^?]{2,60}?)\s+(?:were|was|are|is)\s+([a-z' -]{2,40}?)\s*(?:\?|$|\b(?:in|during|by|from|for|last|this)\b)`)

// clauseWord finds a word that makes what follows "how many of the" a
// clause ("the cases did the force check whether …") rather than the
// whole counted.
var clauseWord = regexp.MustCompile(`(?i)\b(?:did|does|do|has|have|had|can|could|will|would|whether|if|was|were|is|are)\b`)

// breakdownKind is the kind a question asks how many of a whole were
// (breakdownCue), or "".
func breakdownKind(raw string) string {
	m := breakdownCue.FindStringSubmatch(raw)
	if m == nil || clauseWord.MatchString(m[1]) || tallyCue.MatchString(raw) {
		return "" // a clause, or what was done to them ("were given advice")
	}
	kind := strings.TrimSpace(m[2])
	if first, _, _ := strings.Cut(kind, " "); strings.HasSuffix(strings.ToLower(first), "ed") {
		return "" // "were recorded properly"
	}
	return kind
}

// kindAsked is the kind a breakdown question asks the number of
// (breakdownKind), less the words before it ("on long-term sickness
// absence" is of long-term sickness absence), or "".
func kindAsked(raw string) string {
	kind := strings.Fields(breakdownKind(raw))
	for len(kind) > 1 && kindLeaders[strings.ToLower(kind[0])] {
		kind = kind[1:]
	}
	return strings.Join(kind, " ")
}

// kindCounted reports whether, for the kind a question asks how many of
// a whole were (kindAsked), a passage has a sentence with the
// kind's first word and a number ("12 criminal behaviour orders", "72
// percent of respondents were confident").
// "174 of these orders", a sentence after the one naming criminal
// behaviour orders among others, counts the whole.
func kindCounted(kindAsked string, docs []scoredDoc) bool {
	kind := strings.Fields(strings.ToLower(kindAsked))
	if len(kind) == 0 {
		return true
	}
	first := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(kind[0]) + `\b`)
	for _, d := range docs {
		for _, sen := range sentences(str(d.fields, fieldText)) {
			if first.MatchString(sen) && countNumberRE.MatchString(sen) {
				return true
			}
		}
	}
	return false
}

// kindLeaders are the words before the kind a breakdown asks of: "were
// on long-term sickness", "were a criminal behaviour order".
var kindLeaders = wordSet("on", "in", "at", "of", "a", "an", "the", "from", "for", "with")

// askedHeadcount returns what a question asks the number of a force has,
// or of what happened, or "".
func askedHeadcount(raw string) string {
	if !strings.Contains(strings.ToLower(raw), "how many") {
		return ""
	}
	if m := headcountCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1])
	}
	if m := tallyCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1] + m[3])
	}
	if m := servingCue.FindStringSubmatch(raw); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// tallyDone is what a question asking how many of something happened or
// were done (tallyCue) asks was done to them or by them: "referred" of
// "how many potential leavers were referred into the process", or "".
func tallyDone(raw string) string {
	if m := tallyCue.FindStringSubmatch(raw); m != nil {
		return strings.ToLower(m[2] + m[4])
	}
	return ""
}

// servingCue asks how many people do a job: "how many special constables
// volunteer in the county", "how many detectives work there", "how many
// people sit on the panel", "how many kiosks are currently in the
// stations", "how many schools take part". Its first group is who is
// counted.
var servingCue = regexp.MustCompile(`(?i)\bhow many ([a-z0-9' -]{2,40}?) (?:work|works|serve|serves|volunteer|volunteers|are employed|(?:are|were) (?:currently |now |still |presently )?(?:there|in)|operate|operates|are active|exist|make up|staff|sit on|sat on|belong to|belonged to|are members of|were members of|take part|takes part|took part|participate|participates|participated|(?:are|were) involved|(?:are|were) part of|(?:are|were) signed up|sign up)\b`)

// countNumberRE finds where a count begins: a number in digits or words
// and the space after it. Up to two words and the word counted follow
// (countHeads.after).
var countNumberRE = regexp.MustCompile(`(?i)\b(?:\d[\d,.]*|` + numberWords + `|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands)\s+`)

// yearFirst finds a count that is a year ("2021 the constabulary").
var yearFirst = regexp.MustCompile(`^(?:19|20)\d\d\b`)

// countKey is the rarest word of a count question besides what is
// counted and the period ("SecureCare" of "how many officer hours has the
// SecureCare contract saved so far"), or nil when it has none.
func countKey(counted string, units []unit, when []bool) *unit {
	in := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(counted)) {
		in[w] = true
	}
	var key *unit
	for i := range units {
		u := &units[i]
		lw := strings.ToLower(u.word)
		// "compared with the year before" frames the count as a change,
		// as the period frames it in time: neither is what it is of.
		if u.present && !when[i] && !in[lw] && !quantityWord(u.word) && !trendWords[lw] && !lightVerbs[lw] && !keepingVerbs[lw] && !asideWords[lw] && (key == nil || u.weight > key.weight) {
			key = u
		}
	}
	return key
}

// keepingVerbs say that a force has something it keeps going ("how many
// custody suites does the force run"): how it has them, as "have" says,
// not what they are of.
var keepingVerbs = wordSet("run", "runs", "running", "operate", "operates", "operating")

// givesCount reports whether one of the passages gives a number of what
// is counted: a number just before its last word ("150 special
// constables"), or the last word of one of the things counted alike
// (countedHeads), beside the question's key word (countKey, nil for
// none) in the sentence or those either side or their headline. A
// percentage or a rate is not a headcount; "24 hours" of a detained
// person's wait is no count of the hours a contract named a sentence
// earlier saved, and 177 searches reviewed across the county none of
// those in a town the report names about something else.
func (ix *Index) givesCount(docs []scoredDoc, counted string, units []unit, key *unit) bool {
	heads := countHeadsOf(counted, units)
	if heads == nil {
		return true // not text that can be matched: claim nothing
	}
	for k := range docs {
		p := docs[k].split()
		t, spans := p.text, p.spans
		near := func(i int) bool {
			return key == nil || key.matches(p.window(ix, i))
		}
		for at := heads.counts(t, 0); at[0] >= 0; at = heads.counts(t, at[1]) {
			if headcount(t[at[0]:at[1]], units) && near(spanOf(spans, at[0])) {
				return true
			}
		}
		// "the panel examined 4.5 percent of the stop and search
		// records (337 out of a possible 7,461)": a count out of a
		// whole, in a sentence with what is counted.
		for i, sp := range spans {
			if sen := t[sp[0]:sp[1]]; outOfRE.MatchString(sen) && heads.begin(sen) && near(i) {
				return true
			}
		}
	}
	return false
}

// headcount reports whether a count found (countHeads.counts) is a
// number of things: not a percentage, a year, or the number that names
// them (namesByNumber).
func headcount(m string, units []unit) bool {
	return !strings.Contains(strings.ToLower(m), "percent") && !strings.Contains(m, "%") && !yearFirst.MatchString(m) && !namesByNumber(m, units)
}

// givesTally reports whether a passage gives a count of what is counted
// followed by what the question asks was done ("79 potential leavers
// referred into the process" for "how many potential leavers were
// referred into the retention process"): the count is of that doing,
// however else the question names where it was done, so the question's
// key word (countKey) need not be beside it.
func (ix *Index) givesTally(docs []scoredDoc, counted, done string, units []unit) bool {
	heads, verb := countHeadsOf(counted, units), ix.analyze(done)
	if done == "" || heads == nil || len(verb) == 0 {
		return false
	}
	for k := range docs {
		t := docs[k].split().text
		for at := heads.counts(t, 0); at[0] >= 0; at = heads.counts(t, at[1]) {
			if headcount(t[at[0]:at[1]], units) && ix.doneNext(t[at[1]:], verb[0]) {
				return true
			}
		}
	}
	return false
}

// doneNext reports whether text begins, after any auxiliaries ("were",
// "had been"), with a word whose analysed term is verb.
func (ix *Index) doneNext(text, verb string) bool {
	for _, w := range strings.Fields(text) {
		lw := strings.ToLower(strings.Trim(w, ",.;:()"))
		if tallyAuxiliaries[lw] {
			continue
		}
		t := ix.analyze(lw)
		return len(t) > 0 && t[0] == verb
	}
	return false
}

// tallyAuxiliaries are the words that may stand between a count and
// what was done to it ("60 officers were dismissed").
var tallyAuxiliaries = wordSet("were", "was", "had", "have", "has", "been", "being", "are", "is", "then", "later")

// countHeadsOf are the heads of what is counted (countedHeads) and of
// the forms searched for it, or nil when one is not text that can be
// matched.
func countHeadsOf(counted string, units []unit) countHeads {
	var heads countHeads
	for _, last := range countedHeads(counted) {
		// "constables" and "constable" are the same word, "constabulary"
		// is not: it is in every passage ("in 2021 the constabulary").
		heads = append(heads, strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(last), "s"), "e"))
		// "CSPs" are counted as "ten community safety partnerships": the
		// forms searched for the word count it too.
		for _, u := range units {
			if strings.EqualFold(u.word, last) {
				for _, a := range u.alts {
					if len(a) > 0 && len(a[len(a)-1]) > 3 {
						heads = append(heads, strings.TrimRight(a[len(a)-1], "ie"))
					}
				}
			}
		}
	}
	for _, h := range heads {
		if !utf8.ValidString(h) {
			return nil
		}
	}
	return heads
}

// countHeads are the beginnings of the word a count question counts and
// of the forms searched for it ("constabl", "partnersh"), each matched
// ignoring case and followed by the rest of its word.
type countHeads []string

// counts is where text, from byte from, next gives a count of a head: a
// number (countNumberRE), up to two words, then a head and the rest of
// its word ("150 special constables"); {-1, -1} when it gives none
// further. The most words between are tried first, then fewer, and the
// first head that matches decides where the count ends; a count is
// looked for after the end of the one before.
func (h countHeads) counts(text string, from int) [2]int {
	for from < len(text) {
		m := countNumberRE.FindStringIndex(text[from:])
		if m == nil {
			break
		}
		if end := h.after(text, from+m[1]); end >= 0 {
			return [2]int{from + m[0], end}
		}
		from += m[1] // a number later in the same one has the same words after it
	}
	return [2]int{-1, -1}
}

// after is where a count's word counted ends, given the byte after its
// number and space: up to two words, each followed by space, then a
// head, besides "of these" before them ("2,500 of these prospective
// candidates"); -1 when no head follows.
func (h countHeads) after(text string, i int) int {
	if n := ofThese(text[i:]); n > 0 {
		if end := h.upToTwo(text, i+n); end >= 0 {
			return end
		}
	}
	return h.upToTwo(text, i)
}

// ofThese is the length of "of these " (or those, the, its, their) at
// the start of text, ignoring case, or 0.
func ofThese(text string) int {
	if foldPrefix(text, "of ") < 0 {
		return 0
	}
	for _, w := range []string{"these ", "those ", "the ", "its ", "their "} {
		if n := foldPrefix(text[3:], w); n >= 0 {
			return 3 + n
		}
	}
	return 0
}

// upToTwo is after without "of these": up to two words, each followed by
// space, then a head; -1 when no head follows.
func (h countHeads) upToTwo(text string, i int) int {
	var at [3]int
	at[0] = i
	k := 0
	for ; k < 2; k++ {
		j := at[k]
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !countWordRune(r) && r != '\'' && r != '-' {
				break
			}
			j += n
		}
		if j == at[k] || j == len(text) || !countSpace(text[j]) {
			break
		}
		for j < len(text) && countSpace(text[j]) {
			j++
		}
		at[k+1] = j
	}
	for ; k >= 0; k-- {
		if end := h.at(text, at[k]); end >= 0 {
			return end
		}
	}
	return -1
}

// at is the end of the first head that text has at byte i, with the rest
// of its word, or -1.
func (h countHeads) at(text string, i int) int {
	for _, w := range h {
		n := foldPrefix(text[i:], w)
		if n < 0 {
			continue
		}
		end := i + n
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !countWordRune(r) {
				break
			}
			end += size
		}
		return end
	}
	return -1
}

// begin reports whether a head begins a word of text: "constabl" in
// "constables", not in "unconstabled".
func (h countHeads) begin(text string) bool {
	for i := 0; ; {
		if asciiWord(text, i-1) != asciiWord(text, i) {
			for _, w := range h {
				if foldPrefix(text[i:], w) >= 0 {
					return true
				}
			}
		}
		if i >= len(text) {
			return false
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
}

// asciiWord reports whether text's byte i is a letter, digit or
// underscore of ASCII: the word characters a word boundary is between.
func asciiWord(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	c := text[i]
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// countWordRune reports whether r is a word character of a count's
// words: an ASCII letter, digit or underscore, or a letter that is one of
// them ignoring case (ſ is s, the Kelvin sign k).
func countWordRune(r rune) bool {
	return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == 'ſ' || r == '\u212a'
}

// countSpace reports whether c is the space between a count's words.
func countSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// foldPrefix is the length in bytes of w at the start of s, ignoring case
// (Unicode simple folding), or -1 when s does not start with it.
func foldPrefix(s, w string) int {
	n := 0
	for _, r := range w {
		if n >= len(s) {
			return -1
		}
		c, size := utf8.DecodeRuneInString(s[n:])
		if c != r && !sameFold(c, r) {
			return -1
		}
		n += size
	}
	return n
}

// sameFold reports whether two runes are one letter ignoring case.
func sameFold(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// countedHeads are the words that name what is counted: the last word,
// and the last word before each "and" or "or" joining things counted
// alike ("orders and notices", "arrests or charges"), so that "174 of
// these orders" counts "orders and notices" as "60 notices" would.
//
// What is counted may end with where it is ("police forces in England
// and Wales"): the last word before the place counts it too ("all 43
// police forces in England and Wales").
func countedHeads(counted string) []string {
	f := strings.Fields(counted)
	heads := []string{f[len(f)-1]}
	for i := 1; i+1 < len(f); i++ {
		if lw := strings.ToLower(f[i]); lw == "and" || lw == "or" {
			heads = append(heads, f[i-1])
		}
	}
	for i := 1; i+1 < len(f); i++ {
		if countedPlaceWords[strings.ToLower(f[i])] {
			heads = append(heads, f[i-1])
			break
		}
	}
	// "of the appropriate cases reviewed by inspectors": what is
	// counted ends before what was done to it, said with what follows
	// ("by inspectors"). A word before it that is no noun ("of the
	// registered offenders") is no head.
	for i := 2; i+1 < len(f); i++ {
		lw := strings.ToLower(f[i])
		if strings.HasSuffix(lw, "ed") && len(lw) > 4 {
			if prev := strings.ToLower(f[i-1]); !objectStarts[prev] && !headlessWords[prev] {
				heads = append(heads, f[i-1])
			}
			break
		}
	}
	return heads
}

// headlessWords are the prepositions and conjunctions that can stand
// before a participle and count nothing.
var headlessWords = wordSet("of", "for", "to", "in", "on", "by", "with", "and", "or", "not", "been", "being", "were", "was")

// countedPlaceWords begin where the things counted are ("in the county",
// "across England and Wales"), never what they are.
var countedPlaceWords = wordSet("in", "across", "within", "throughout", "under", "who", "that", "which", "where", "whose")

// namesByNumber reports whether a count's number is, or is named with,
// a number of three or more digits the question has: "999 or 101 calls"
// names the calls by their numbers, as the question "how many 101 calls"
// does, and counts none of them; "250,000 101 calls" counts them.
func namesByNumber(m string, units []unit) bool {
	words := strings.Fields(m)
	for _, u := range units {
		if len(u.word) < 3 || strings.IndexFunc(u.word, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
			continue
		}
		if slices.Contains(strings.Split(words[0], "/"), u.word) {
			return true
		}
		if len(words) > 2 && (words[1] == "or" || words[1] == "and") && words[2] == u.word {
			return true
		}
	}
	return false
}

// outOfRE finds a count out of a whole: "337 out of a possible 7,461",
// "in 24 of 52 cases".
var outOfRE = regexp.MustCompile(`(?i)\b\d[\d,]*\s+(?:out\s+)?of\s+(?:a\s+possible\s+|the\s+|all\s+)?\d`)
