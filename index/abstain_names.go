package index

// Names, places, people and bodies a question asks about: a town named
// as a place, a name asked for, a person by role, another body's view, a
// force named in passing. Part of the judgment in abstain.go.

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/peelbot/peelbot/corpus"
)

// placeUnmatched returns a name the question types with a capital after
// a preposition of place (placeAt), that
// the word lists know only as a name ("Stevenage"), or don't know and is
// not an acronym ("Watford"), and that a loaded report uses, when none of the top passages does (matched): the
// question is about that town, the passages about the county, or another
// town. The loaded forces' own places, named in every report's passages,
// are not it, nor the name of a post's holder (postHolderWords), whose
// view reports give in the first person. "" when there is none.
func (ix *Index) placeUnmatched(q *question, units []unit, matched []bool, holder map[string]bool) string {
	var loaded map[string]bool
	for i, u := range units {
		if matched[i] || !u.present || len(u.word) < 3 || !unicode.IsUpper([]rune(u.word)[0]) {
			continue
		}
		// The word list (megabytes) and the places are read only for a
		// capitalised word no top passage has: most questions have none.
		lx, err := english()
		if err != nil {
			return ""
		}
		if loaded == nil {
			loaded = ix.loadedPlaces()
		}
		lw := strings.ToLower(u.word)
		if calendarWords[lw] {
			continue // "in April", "on Fridays", "at Christmas": a time, not a place
		}
		name := lx.isName(lw) || !lx.knows(u.word) && strings.IndexFunc(u.word, unicode.IsLower) >= 0
		if loaded[lw] || loaded[shortPlace(u.word)] || holder[lw] || !name || len(q.parsed.Words) > 0 && q.parsed.Words[0] == u.word {
			continue
		}
		if len(corpus.NamedForces([]string{u.word})) > 0 || !placeAt(q.parsed.Raw, u.word) {
			continue
		}
		return u.word
	}
	return ""
}

// calendarWords are the names of months, days and holidays: capitalised
// after "in" or "at" like a town, but a time.
var calendarWords = func() map[string]bool {
	out := wordSet("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
		"christmas", "easter", "ramadan", "eid", "diwali", "halloween", "hanukkah", "whitsun")
	for m := range months {
		out[m] = true
	}
	return out
}()

// placePrepositions are the words a place follows: "in Watford", "around
// St Albans".
var placePrepositions = wordSet("in", "at", "around", "across", "near", "within", "throughout", "for")

// placeAt reports whether raw names w as a place: after a preposition
// of place, or as the first of two capitalised words after one ("in St
// Albans" has "Albans" after "St").
func placeAt(raw, w string) bool {
	words := strings.FieldsFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' })
	for i, x := range words {
		if x != w || i == 0 {
			continue
		}
		if placePrepositions[strings.ToLower(words[i-1])] {
			return true
		}
		if i >= 2 && placePrepositions[strings.ToLower(words[i-2])] && unicode.IsUpper([]rune(words[i-1])[0]) {
			return true
		}
	}
	return false
}

// postHolderRE finds a post written before a person's name: "HM
// Inspector Roy Wilsher", "Chief Constable Charlie Hall". Its last group
// is the name.
var postHolderRE = regexp.MustCompile(`(?i:\b(?:` + inspectors + `|` + roles + `|chief constables?|inspectors?)\s+)(?P<holder>[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)+)`)

// postHolderWords are the words, in lower case, of the person's names a
// question writes after their post (postHolderRE), and of those posts:
// the first name must be one the word lists know only as a name, or the
// last one they do not know ("Roy Wilsher", "Charlie Hall" is not).
func postHolderWords(raw string) map[string]bool {
	if !mayMatch(strings.ToLower(raw), "inspector", "hmi", "chief", "commissioner", "pcc", "superintendent", "commander", "chair", "director", "head of", "leader", "mayor", "minister", "in charge") {
		return nil
	}
	lx, err := english()
	if err != nil {
		return nil
	}
	h := postHolderRE.SubexpIndex("holder")
	var out map[string]bool
	for _, m := range postHolderRE.FindAllStringSubmatchIndex(raw, -1) {
		name := strings.Fields(raw[m[2*h]:m[2*h+1]])
		if !lx.isName(strings.ToLower(name[0])) && lx.knows(strings.ToLower(name[len(name)-1])) {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		for _, w := range strings.Fields(raw[m[0]:m[1]]) {
			out[strings.ToLower(withoutPossessive(w))] = true
		}
	}
	return out
}

// onlyHolder reports whether a name is made only of the words of posts
// and their holders' names (postHolderWords).
func onlyHolder(name string, holder map[string]bool) bool {
	if len(holder) == 0 {
		return false
	}
	for _, w := range strings.Fields(name) {
		if !holder[strings.ToLower(withoutPossessive(w))] {
			return false
		}
	}
	return true
}

// nameAskCue asks what something is called: "what was the name of the
// operation", "what is the scheme for young offenders called", "which
// company runs the contract", "what software do they use" (the kinds of
// thing only a name tells apart). A post's holder is asked for by
// personCues.
var nameAskCue = regexp.MustCompile(`(?i)\bwhat(?:'s|’s| is| was| are| were) the names? of\b|\bwhat(?:'s|’s| is| was| are| were) (?:the |their |its |this |that )?(?:\S+ ){1,6}?(?:called|named|known as)\W*$|^\W*(?:please )?name the\b|\b(?:which|what) (?:company|companies|firm|firms|supplier|suppliers|contractor|contractors|vendor|software|app|apps|brand|make|charity|charities|university|universities|college|hospital|hospitals|hotel|hotels|hotel chain|shop|shops|store|stores|retailer|retailers|bank|banks|pub|pubs|business|businesses)\b`)

// nameGivenRE finds a name given in a sentence: a word for naming
// ("called", "known as"), a quoted name ("a 'digi-van'"), a name's
// acronym ("investigation unit (DFIU)"), or two
// capitalised words after the sentence's first ("Operation Encompass").
var nameGivenRE = regexp.MustCompile(`(?i:\b(?:called|named|known as|dubbed|branded|titled)\b)|['‘"“][^'’"”]{2,40}['’"”]|\([A-Z][A-Za-z]*[A-Z]\)|\S\s+[A-Z][\w'’-]*\s+(?:of\s+|and\s+)?[A-Z][\w'’-]*`)

// appositiveRE finds a thing's name set between commas after what it is:
// "a customer feedback platform, echo, is used", "a private company,
// SecureCare, to".
var appositiveRE = regexp.MustCompile(`(?i)\b(?:company|firm|supplier|contractor|provider|platform|system|software|app|tool|programme|program|scheme|initiative|project|operation|charity|unit|team|service|trust|panel|board|group),\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*(?:,|\(|$)`)

// nameWords ask for a name; they are not what is named.
var nameWords = map[string]bool{"name": true, "names": true, "named": true, "called": true, "known": true}

// nameUnsaid names what a question asks the name of when no top passage
// has a sentence about it that gives a name (nameGivenRE); "" otherwise.
// "An ongoing operation that was tackling offending in local parks" does
// not say what the operation was called.
func (ix *Index) nameUnsaid(q *question, units []unit, when []bool, docs []scoredDoc) string {
	raw := q.parsed.Raw
	if !mayMatch(strings.ToLower(raw), "name", "called", "known as", "which", "what") || !nameAskCue.MatchString(raw) {
		return ""
	}
	rest := slices.Clone(when)
	for i, u := range units {
		rest[i] = rest[i] || nameWords[strings.ToLower(u.word)]
	}
	asked := map[string]bool{}
	for _, w := range q.parsed.Words {
		asked[strings.ToLower(w)] = true
	}
	// "St Albans" is the question's own name, not the one asked for.
	given := func(s string) bool {
		for _, m := range nameGivenRE.FindAllString(s, -1) {
			for _, w := range strings.Fields(m)[1:] {
				if r := []rune(w); unicode.IsUpper(r[0]) && !asked[strings.ToLower(strings.Trim(w, "'’,.;:"))] {
					return true
				}
			}
			if f := strings.Fields(m); !unicode.IsUpper([]rune(f[len(f)-1])[0]) && !namesAsked(s, m, asked) {
				return true // "called", a quoted name
			}
		}
		for _, m := range appositiveRE.FindAllString(s, -1) {
			// "a customer feedback platform, echo, is used", unless
			// echo is the question's own name for it
			if name := strings.Fields(m[strings.Index(m, ",")+1:]); len(name) == 0 || !asked[strings.ToLower(strings.Trim(name[0], nameTrim))] {
				return true
			}
		}
		// One word no word list has, capitalised after the sentence's
		// first: "contracted a private company, SecureCare"; not a place
		// ("a violent crime in Hoddesdon").
		lx, err := english()
		fields := strings.Fields(s)
		for i, w := range fields {
			w = strings.Trim(w, "'’,.;:()")
			if i > 0 && placePrepositions[strings.ToLower(fields[i-1])] {
				continue
			}
			if r := []rune(w); i > 0 && len(r) > 1 && unicode.IsUpper(r[0]) && !asked[strings.ToLower(w)] && (err != nil || !lx.knows(w) || strings.IndexFunc(string(r[1:]), unicode.IsUpper) >= 0 && strings.IndexFunc(w, unicode.IsLower) >= 0) {
				return true
			}
		}
		return false
	}
	return ix.sentenceGives(units, rest, docs, given)
}

// nameTrim are the quotes and punctuation round a name as a sentence
// writes it: "echo," of "a platform, echo, is used".
const nameTrim = "'’\"“”,.;:()"

// namesAsked reports whether the naming word m in sentence s ("called")
// is followed by a word the question has: "a platform called echo" names
// what "which company supplies echo" already names, not the company.
func namesAsked(s, m string, asked map[string]bool) bool {
	at := strings.Index(s, m)
	if at < 0 || !slices.Contains([]string{"called", "named", "known as", "dubbed", "branded", "titled"}, strings.ToLower(m)) {
		return false
	}
	next := strings.Fields(s[at+len(m):])
	return len(next) > 0 && asked[strings.ToLower(strings.Trim(next[0], nameTrim))]
}

// unseen marks, beside the words skip marks, those no top passage
// matches (matched): they cannot find the sentence a question is about
// ("met" of "when will the recruitment target be met").
func unseen(skip, matched []bool) []bool {
	out := slices.Clone(skip)
	for i := range out {
		out[i] = out[i] || !matched[i]
	}
	return out
}

// sentenceGives returns the rarest of the question's words (besides
// those skipped) when no top passage has a sentence about it, naming it
// or most of the others, with the sentences either side and its
// headline ("a 'digi-van'. This vehicle is used...", "a network of staff
// who support colleagues. They are called well-being champions"), of
// which gives holds; "" when one does, or the question has no such word.
func (ix *Index) sentenceGives(units []unit, skip []bool, docs []scoredDoc, gives func(sentence string) bool) string {
	key := -1
	var whole float64
	for i, u := range units {
		if u.present && !skip[i] && !quantityWord(u.word) {
			whole += u.weight
			if key < 0 || u.weight > units[key].weight {
				key = i
			}
		}
	}
	if key < 0 {
		return ""
	}
	// A sentence is about the subject when it names the rarest word or
	// most of the rest ("introduced a clear abstraction policy" is about
	// "when did they bring in the abstraction policy").
	about := func(terms string) bool {
		if units[key].matches(terms) {
			return true
		}
		var got float64
		for i, u := range units {
			if u.present && !skip[i] && !quantityWord(u.word) && u.matches(terms) {
				got += u.weight
			}
		}
		return got >= whole/2
	}
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if gives(p.sentence(i)) && about(p.window(ix, i)) {
				return ""
			}
		}
	}
	return units[key].word
}

// roleRE finds a post (roles) in text; viewCue a question asking what a
// post-holder thinks or said: "what does the chief constable think about
// recruitment", "did the PCC comment on the report".
var (
	roleRE  = regexp.MustCompile(`(?i)\b` + roles + `\b`)
	viewCue = regexp.MustCompile(`(?i)\b` + roles + `(?:'s|’s)?\b(?: \S+){0,3}? (think|thinks|thought|say|says|said|believe|believes|feel|feels|view|views|opinion|opinions|comment|comments|commented|respond|responds|responded|response|react|reacts|reacted|reaction|told|tell|tells|want|wants|wanted|promise|promised|pledge|pledged)\b`)
	saidRE  = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|commented|responded|believes|thinks|wants|stated|explained|promised|pledged|set out|has written)\b`)
)

// postInPassing names the post a question asks the holder's view of
// ("what does the chief constable think about recruitment") when no top
// passage has a sentence, with those either side and its headline,
// naming the post and matching the rest of the question: a report that names the chief
// constable about one thing says nothing of their view on another; ""
// otherwise.
func (ix *Index) postInPassing(q *question, units []unit, docs []scoredDoc) string {
	if !mayMatch(strings.ToLower(q.parsed.Raw), roleWords...) {
		return "" // most questions name no post: skip the pattern
	}
	m := viewCue.FindStringSubmatch(q.parsed.Raw)
	if m == nil {
		return ""
	}
	post := strings.ToLower(m[1])
	// The post and the verb of the view ("think", "comment") are not
	// what the view is about.
	inPost := map[string]bool{strings.ToLower(m[2]): true}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		inPost[w] = true
	}
	var rest []unit
	var total float64
	for _, u := range units {
		if !inPost[strings.ToLower(withoutPossessive(u.word))] {
			rest = append(rest, u)
			total += u.weight
		}
	}
	if ix.viewGiven(docs, func(p *passageParts, i int) bool { return roleRE.MatchString(p.sentence(i)) }, rest, total) {
		return ""
	}
	return post
}

// viewGiven reports whether one of the passages has a sentence that
// names the holder of a view (names) and, with those either side and its
// headline, matches at least viewCoverage of the rest of the question
// (total, the weight of rest); when the question asks only whether they
// said anything (total 0), whether such a sentence says what they said.
func (ix *Index) viewGiven(docs []scoredDoc, names func(p *passageParts, i int) bool, rest []unit, total float64) bool {
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if !names(p, i) {
				continue
			}
			if total == 0 {
				if saidRE.MatchString(p.sentence(i)) {
					return true
				}
				continue
			}
			window := p.window(ix, i)
			var got float64
			for _, u := range rest {
				if u.matches(window) {
					got += u.weight
				}
			}
			if got/total >= viewCoverage {
				return true
			}
		}
	}
	return false
}

// bodyViewCue asks what a named organisation thinks or said: "what does
// UNISON think about workloads", "what did the Home Office say about
// recruitment". Its first group is the body.
var bodyViewCue = regexp.MustCompile(`(?i)\b(?:what|how) (?:does|did|do|has|have|would|will) ((?:the |a |an )?[\p{L}'’ -]{2,60}?) (?:` + bodyViewWords + `)\b`)

// organisationWord names a kind of organisation, written in lower case
// as often as not ("the county council", "the probation service").
var organisationWord = regexp.MustCompile(`(?i)\b(?:council|councils|service|services|office|trust|association|federation|union|commission|commissioner|authority|authorities|board|partnership|charity|charities|ombudsman|department|ministry|agency|agencies|network|networks|group|committee|panel|government|nhs|iopc|cps|unison)\b`)

// ownVoice are the words a question names the report's authors or the
// force itself by: the report says what they found and what the force
// told them throughout.
var ownVoice = map[string]bool{
	"inspectors": true, "inspector": true, "inspectorate": true, "hmicfrs": true, "hmi": true,
	"report": true, "reports": true, "constabulary": true, "force": true, "police": true,
	"they": true, "it": true, "we": true, "you": true, "i": true,
}

// bodyInPassing names the organisation a question asks the view of
// ("what does UNISON think about staff workloads") when no top passage
// has a sentence naming it that, with those either side and its
// headline, matches the rest of the question, or, when the question asks
// only what it said, that says what it said: a report that lists a staff
// network among others gives no view of it. "" otherwise, and for the
// report's authors, the force and posts (postInPassing).
func (ix *Index) bodyInPassing(q *question, units []unit, docs []scoredDoc) string {
	raw := q.parsed.Raw
	lr := strings.ToLower(raw)
	if !mayMatch(lr, "think", "thought", "say", "said", "feel", "felt", "believe", "comment", "want", "make", "view", "report", "recommend") {
		return ""
	}
	m := bodyViewCue.FindStringSubmatch(raw)
	if m == nil {
		return ""
	}
	body := strings.TrimSpace(m[1])
	words := strings.Fields(body)
	if len(words) == 0 {
		return "" // only spaces where the body would be
	}
	if a := strings.ToLower(words[0]); len(words) > 1 && (a == "the" || a == "a" || a == "an") {
		words = words[1:]
	}
	// A body is named as one ("UNISON", "the Home Office") or by its
	// kind ("the county council"); "residents of Hoddesdon" are people
	// the report may quote, not a body.
	named, capitals := organisationWord.MatchString(body), true
	for i, w := range words {
		lw := strings.ToLower(withoutPossessive(w))
		// "the Police Federation" is a body of its own: a word of the
		// force's own voice counts only when no kind of organisation
		// follows it ("the police", "the force's inspectors").
		if (ownVoice[lw] || ownVoice[ix.typoOf(lw)]) && !organisationWord.MatchString(strings.Join(words[i+1:], " ")) || ix.loadedPlaces()[lw] {
			return ""
		}
		if r := []rune(w); len(r) > 0 && !unicode.IsUpper(r[0]) && lw != "of" && lw != "and" && lw != "for" {
			capitals = false
		}
	}
	named = named || capitals && !typedInCapitals(raw) && namesSomething(words)
	if !named || roleRE.MatchString(body) {
		return ""
	}
	in := map[string]bool{}
	for _, w := range words {
		in[strings.ToLower(w)] = true
	}
	var own, rest []unit
	var total float64
	for _, u := range units {
		if in[strings.ToLower(u.word)] {
			own = append(own, u)
			continue
		}
		if !viewVerbs[strings.ToLower(u.word)] {
			rest = append(rest, u)
			total += u.weight
		}
	}
	if len(own) == 0 {
		return ""
	}
	namesBody := func(p *passageParts, i int) bool {
		terms := " " + p.terms(ix, i)
		return slices.ContainsFunc(own, func(u unit) bool { return u.matches(terms) })
	}
	if ix.viewGiven(docs, namesBody, rest, total) {
		return ""
	}
	return body
}

// bodyViewWords are the words asking for an organisation's view
// (bodyViewCue), as a regular expression's alternatives; viewVerbs the
// same as a set: they ask for a view, not what it is of.
const bodyViewWords = `think|thinks|thought|say|says|said|feel|feels|felt|believe|believes|comment|comments|commented|want|wants|wanted|make|view|views|report|reported|recommend|recommended`

var viewVerbs = wordSet(strings.Split(bodyViewWords, "|")...)

// viewCoverage is how much of what a question asks a post-holder's view
// of the sentences naming the post must match.
const viewCoverage = 0.5

// relationCue and withCue ask how forces work together ("the tri-force
// collaboration with Bedfordshire Police", "services shared with Essex",
// "how does Herts work with Beds"): the report of one of them answers it.
var (
	relationCue = regexp.MustCompile(`(?i)\bcollaborat\w*|\bpartner\w*|\btri-?force\b|\balliances?\b|\bshar(e|ed|es|ing)\b|\bjoint(ly)?\b|\btogether\b|\bregional\b`)
	withCue     = regexp.MustCompile(`(?i)\b(with|between|alongside)\b`)
)

// forceInPassing names the force a question asks about that no loaded
// report is of but whose name they use ("does Bedfordshire Police have a
// safeguarding hub", asked of Hertfordshire's report, which names
// Bedfordshire only as a partner in shared services), when no top
// passage has a sentence with both that force's name and the question's
// subject (its rarest other word); "" otherwise. A report is about its
// own force: a sentence that names another beside its subject is the
// least an answer about that force needs.
func (ix *Index) forceInPassing(q *question, units []unit, docs []scoredDoc) string {
	raw := q.parsed.Raw
	// "How does Herts compare with Bedfordshire" asks for the other
	// force's figures too: working "with" it is a relation, comparing
	// with it is not.
	if len(q.others) > 0 {
		return ""
	}
	words := make([]string, len(q.parsed.Words))
	for i, w := range q.parsed.Words {
		words[i] = withoutPossessive(w)
	}
	loaded := ix.loadedPlaces()
	for _, f := range corpus.NamedForces(words) {
		if loaded[f.Place] || loaded[f.Short] {
			continue
		}
		if relationCue.MatchString(raw) || withCue.MatchString(raw) && !compareCue.MatchString(raw) {
			return ""
		}
		name := map[string]bool{}
		for _, w := range words[f.Start:f.End] {
			name[strings.ToLower(w)] = true
		}
		key := -1
		for i, u := range units {
			lw := strings.ToLower(withoutPossessive(u.word))
			if u.present && !name[lw] && !forceSuffixWords[lw] && (key < 0 || u.weight > units[key].weight) {
				key = i
			}
		}
		if key < 0 || ix.sentenceNames(docs, f.Place, units[key]) {
			continue
		}
		as := f.As
		if f.End < len(words) && forceSuffixWords[strings.ToLower(words[f.End])] {
			as += " " + words[f.End]
		}
		return as
	}
	return ""
}

// sentenceNames reports whether one of the passages has a sentence that
// names the place and matches the unit.
func (ix *Index) sentenceNames(docs []scoredDoc, place string, u unit) bool {
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			if strings.Contains(strings.ToLower(p.sentence(i)), place) && u.matches(" "+p.terms(ix, i)) {
				return true
			}
		}
	}
	return false
}

// longestNames drops the names that repeat, or are part of, a longer one
// ("Clare's" beside "Clare's Law"), ignoring case, keeping their order.
func longestNames(names []string) []string {
	var out []string
	for i, n := range names {
		ln := strings.ToLower(n)
		covered := false
		for j, m := range names {
			lm := strings.ToLower(m)
			if i != j && strings.Contains(lm, ln) && (len(lm) > len(ln) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, n)
		}
	}
	return out
}

// roles are the posts a question may ask the holder of by name.
const roles = `(chief constables?|police and crime commissioners?|crime commissioners?|commissioners?|pccs?|chief officers?|chief executives?|deputy chief constables?|superintendents?|commanders?|chairs?|chairman|chairwoman|chairperson|directors?|head of \w+|leaders?|mayors?|ministers?|officers? in charge)`

// roleWords are in every post of roles, in lower case: a question
// without one names no post.
var roleWords = []string{"chief", "commissioner", "pcc", "superintendent", "commander", "chair", "director", "head of", "leader", "mayor", "minister", "in charge"}

// askingName asks who holds a post named after it, within a few words:
// "who is the", "the name of our"; nameOfPost asks the name of the post
// named before it: "'s full name".
const (
	askingName = `(?:who(?:'s|’s| is| was| are| were)|names? of|what(?:'s|’s| is| was) the name of)\b.{0,30}?\b`
	nameOfPost = `(?:'s|’s|s'|s’)? (?:full )?names?\b`
)

// personCues ask for a person by their role: "who is the chief
// constable", "the name of the PCC", "the chief constable's name", "name
// the PCC", "what is the PCC called"; the last group of each is the role.
var personCues = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b` + askingName + roles + `\b`),
	regexp.MustCompile(`(?i)\b` + roles + nameOfPost),
	regexp.MustCompile(`(?i)^\W*(?:please )?(?:name|identify) (?:the |their |its |your |our )?(?:\S+ ){0,2}?` + roles + `\b`),
	regexp.MustCompile(`(?i)\bwhat(?:'s|’s| is| was| are| were) (?:the |their |its )?(?:\S+ ){0,2}?` + roles + ` called\b`),
	regexp.MustCompile(`(?i)\bwho(?:'s|’s| is| was) (in charge|at the helm|the boss|the head)\b`),
	// The inspector who signs a report: not among roles, as "what did
	// the HMI say" asks what the report's observations say, in the
	// first person, not a sentence naming the post.
	regexp.MustCompile(`(?i)\b` + askingName + inspectors + `\b`),
	regexp.MustCompile(`(?i)\b` + inspectors + nameOfPost),
	// A rank held by one officer on a shift or in a place ("who is the
	// duty inspector", "who's my sergeant"): the one holding it, whom a
	// report never names.
	regexp.MustCompile(`(?i)\bwho(?:'s|’s| is| was| will be) (?:the|my|our|your|their|this|today's|tonight's) (?:[\p{L}-]+ ){0,2}?(inspector|sergeant)\b`),
}

// inspectors are the posts of the inspectors who sign a report.
const inspectors = `(hm inspectors?(?: of constabulary)?|hmis?|(?:his|her) majesty's inspectors?(?: of constabulary)?|inspectors? of constabulary|lead inspectors?)`

// personVerbCue asks who does a job ("who leads the control room"); the
// report may answer with a role ("led by a superintendent") as well as a
// name.
var personVerbCue = regexp.MustCompile(`(?i)\b(?:who|which (?:officer|person|manager|rank|senior officer|leader)) (leads|heads|runs|chairs|commands|manages|oversees|signed)\b`)

// whichRoleCue asks which holder of a post does a job: "which
// superintendent is responsible for the programme", "which chief officer
// leads on vetting". Its group is the post.
var whichRoleCue = regexp.MustCompile(`(?i)\bwhich ` + roles + ` (?:is |was )?(?:responsible for|in charge of|accountable for|leads|led|heads|headed|runs|ran|chairs|chaired|commands|manages|oversees|oversaw)\b`)

// doneBy finds a role said to do a job: "chaired by", "led by".
var doneBy = regexp.MustCompile(`(?i)\b(led|headed|run|chaired|commanded|managed|overseen|signed|signed off) by\b`)

// doerSaid reports whether, for a question asking who does a job ("who
// leads the regional response"), a top passage has a sentence about the
// rest of the question saying what does it with the question's own verb
// ("these units lead the regional response"): a body answers as a
// person's name would. Any other question is not this one's to decide.
func (ix *Index) doerSaid(raw string, units []unit, docs []scoredDoc) bool {
	m := personVerbCue.FindStringSubmatch(raw)
	if m == nil {
		return false
	}
	verb := strings.ToLower(m[1])
	base := strings.TrimSuffix(verb, "s")
	skip := make([]bool, len(units))
	subject := false
	for i, u := range units {
		lw := strings.ToLower(u.word)
		skip[i] = lw == verb || lw == base
		subject = subject || u.present && !skip[i] && !quantityWord(u.word)
	}
	if !subject {
		// "who leads" names no job: any sentence using the verb would
		// do, so it is not this check's to settle.
		return false
	}
	// The verb takes its object ("lead the regional response"); the
	// noun of the same word does not ("an independent chair", "the
	// chair of the panels").
	says := func(sentence string) bool {
		words := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool { return !unicode.IsLetter(r) })
		for i := 0; i+1 < len(words); i++ {
			if (words[i] == base || words[i] == verb) && objectStarts[words[i+1]] {
				return true
			}
		}
		return false
	}
	return ix.sentenceGives(units, skip, docs, says) == ""
}

// objectStarts are the words a verb's object begins with.
var objectStarts = wordSet("the", "a", "an", "its", "their", "this", "these", "that", "those", "all", "each", "every", "our")

// askedPerson returns the role a question asks the name of ("" when it
// asks none), and whether a passage saying who does the job answers it.
func askedPerson(raw string) (role string, byRole bool) {
	if !mayMatch(strings.ToLower(raw), "who", "name", "called", "identify", "which") {
		return "", false
	}
	for _, cue := range personCues {
		if m := cue.FindStringSubmatch(raw); m != nil {
			role := strings.ToLower(m[1])
			if strings.HasPrefix(role, "in charge") || strings.HasPrefix(role, "at the") || strings.HasPrefix(role, "the ") {
				// "who is in charge of vetting": "led by a
				// superintendent" answers it as a name would.
				return "one", true
			}
			return role, false
		}
	}
	if m := whichRoleCue.FindStringSubmatch(raw); m != nil {
		// "which superintendent is responsible for the programme": a
		// name answers, as does "led by the head of crime".
		return strings.ToLower(m[1]), true
	}
	if personVerbCue.MatchString(raw) {
		return "one", true
	}
	return "", false
}

// personName finds a person's name: a courtesy title and a name, or a
// forename the English word lists give only as a name followed by a
// capitalised word they do not know ("Roy Wilsher").
var personName = regexp.MustCompile(`\b(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Professor)\.? [A-Z][a-z]+|([A-Z][a-z]+) ([A-Z][a-z'’-]+))\b`)

// namesAPerson reports whether one of the passages names a person, or,
// byRole, says who does a job ("chaired by a member of the public").
func namesAPerson(docs []scoredDoc, byRole bool) bool {
	lx, err := english()
	if err != nil {
		return true // not found out: claim nothing
	}
	for _, d := range docs {
		t, _ := d.fields[fieldText].(string)
		if byRole && doneBy.MatchString(t) {
			return true
		}
		for _, m := range personName.FindAllStringSubmatch(t, -1) {
			if m[1] == "" || lx.isName(m[1]) && !lx.knows(strings.ToLower(m[2])) {
				return true
			}
		}
	}
	return false
}

// nearRE finds a place named as what something is near: "working near
// London", "the towns close to Luton". Its group is the place.
var nearRE = regexp.MustCompile(`\b(?i:near|nearby|close to|next to|bordering)\s+((?:[A-Z][\p{L}'’-]*\s*)+)`)

// nearPlace reports whether a name no report uses is named in the
// question only as a place something is near (nearRE): it locates the
// subject, which is not the place ("the extra allowance for working near
// London" is the South East allowance of forces bordering it), as "in
// London" or "compared with London" would be.
func nearPlace(raw, name string) bool {
	for _, m := range nearRE.FindAllStringSubmatch(raw, -1) {
		if strings.HasPrefix(strings.TrimSpace(m[1]), name) {
			return true
		}
	}
	return false
}

// keptAwayFromRE finds what people are kept or steered away from ("keep
// teenagers away from knife crime and trouble"), or stopped getting
// drawn into ("stop kids getting mixed up in gangs and knives"): its
// group is the list of things, up to a few words. Being drawn into
// something is the harm only when stopped: "are kids getting involved
// in knife crime" asks about it.
var keptAwayFromRE = regexp.MustCompile(`(?i)\b(?:(?:away|out) (?:from|of)|(?:stop|stops|stopping|prevent|prevents|preventing|deter|deters|deterring)\b(?: [\p{L}'’-]+){0,3}? (?:from )?(?:getting |becoming |being )?(?:mixed up|caught up|involved|drawn) (?:in|into|with)) ((?:[\p{L}'’-]+ ?){1,6})`)

// keptAwayFrom reports whether a question names a topic as what people
// are kept away from ("keep kids away from gangs and knives"): it is
// the harm the work it asks about prevents, not its subject, so the
// reports not naming it is no evidence they don't cover the work, as
// they are for "what is the force doing about knife crime".
func keptAwayFrom(raw, topic string) bool {
	lt := " " + strings.ToLower(topic) + " "
	for _, m := range keptAwayFromRE.FindAllStringSubmatch(strings.Join(strings.Fields(raw), " "), -1) {
		if strings.Contains(" "+strings.ToLower(m[1])+" ", lt) {
			return true
		}
	}
	return false
}

// absentNames returns the capitalised phrases of a question ("Right Care
// Right Person", "Clare's Law") that no loaded report contains: names of
// programmes, laws and places carry a question's meaning as a whole,
// though each of their words may be common. It returns too the words of
// those a report contains but for a slip of one word ("Police
// Federaton", "Domestic Abuse Maters"): a name is copied from what the
// asker has read, so one a letter or two from a report's is that name
// misspelt, not another; those words name nothing absent either.
func (ix *Index) absentNames(ctx context.Context, q *question) (absent []string, slipped map[string]bool) {
	slipped = map[string]bool{}
	for _, name := range capitalisedRuns(q.parsed.Words) {
		if strings.TrimSpace(name) == "" || ix.containsPhrase(ctx, name) {
			continue
		}
		if w := ix.slipInName(ctx, name); w != "" {
			slipped[w] = true
			continue
		}
		absent = append(absent, name)
	}
	return absent, slipped
}

// slipInName is the word of a name no report contains that, spelt as a
// report word a slip away (nearVocabulary), makes a phrase one does
// contain ("Maters" of "Domestic Abuse Maters"), or "". Only one word is
// taken for misspelt: the others must be the report's as typed.
func (ix *Index) slipInName(ctx context.Context, name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		lw := strings.ToLower(withoutPossessive(w))
		if ix.meta.Vocabulary[lw] > 0 {
			continue
		}
		for _, near := range ix.nearVocabulary(lw) {
			fixed := slices.Clone(words)
			fixed[i] = near
			if ix.containsPhrase(ctx, strings.Join(fixed, " ")) {
				return w
			}
		}
	}
	return ""
}

// nearVocabulary are the report words, commonest first and at most
// nameSlipCandidates, that a word of a name could be misspelt from: of
// four letters or more, the same first letter, and one edit away, or two
// from six letters ("Upflit": "Uplift"). Within a name the rest of the
// phrase must match too, which allows more than a word on its own does.
func (ix *Index) nearVocabulary(lw string) []string {
	rw := []rune(lw)
	n := len(rw)
	if n < 4 {
		return nil
	}
	allowed := 1
	if n >= 6 {
		allowed = 2
	}
	type near struct {
		word      string
		dist, cnt int
	}
	var found []near
	var ed editRows
	for l := n - allowed; l <= n+allowed; l++ {
		for _, v := range ix.wordsByLen[l] {
			if v.word[0] != lw[0] {
				continue
			}
			if d := ed.distance(rw, []rune(v.word), allowed); d <= allowed {
				found = append(found, near{v.word, d, v.count})
			}
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.cnt, a.cnt), strings.Compare(a.word, b.word))
	})
	var out []string
	for _, f := range found[:min(len(found), nameSlipCandidates)] {
		out = append(out, f.word)
	}
	return out
}

// nameSlipCandidates is how many report words nearVocabulary offers for
// a misspelt word of a name: each costs a phrase search.
const nameSlipCandidates = 3

// capitalisedRuns are the runs of two or more capitalised words of a
// question, leaving out acronyms (all capitals) and the question's first
// word, which is capitalised anyway.
func capitalisedRuns(words []string) []string {
	caps := 0
	for _, w := range words {
		if r := []rune(w); len(r) > 0 && unicode.IsUpper(r[0]) {
			caps++
		}
	}
	if caps*10 >= len(words)*7 && len(words) >= 3 {
		return nil // Every Word Capitalised: capitals name nothing here
	}
	var out []string
	var run []string
	flush := func() {
		if len(run) >= 2 {
			out = append(out, strings.Join(run, " "))
		}
		run = nil
	}
	capital := func(i int) bool {
		r := []rune(words[i])
		return len(r) > 1 && unicode.IsUpper(r[0]) && strings.IndexFunc(string(r[1:]), unicode.IsLower) >= 0
	}
	for i, w := range words {
		// "St Albans Black people": an ethnic group is written with a
		// capital, and one ending a run describes the people after it.
		group := ethnicGroups[strings.ToLower(w)] && (i+1 == len(words) || !capital(i+1))
		if i == 0 || !capital(i) || group {
			flush()
			continue
		}
		run = append(run, w)
	}
	flush()
	return out
}

// ethnicGroups are the broad ethnic groups of the census, which reports
// (as style guides ask) capitalise: "Black people", "White people".
var ethnicGroups = wordSet("black", "white", "asian", "mixed")

// containsPhrase reports whether any loaded report has the words of text
// in this order. It runs within the search's deadline; a check that fails
// or runs out of time never claims a name is absent.
func (ix *Index) containsPhrase(ctx context.Context, text string) bool {
	sr := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(phrase(text, fieldText, 1), phrase(text, fieldHeading, 1)), 0, 0, false)
	out, err := ix.searchBleve(ctx, sr)
	return err != nil || out.Total > 0
}

// shortPlace is the place a word names as the police service's short
// name for a force ("cambs": cambridgeshire, "beds": bedfordshire), or ""
// when it is the place itself or no force's name.
func shortPlace(w string) string {
	f := corpus.NamedForces([]string{w})
	if len(f) != 1 || strings.EqualFold(f[0].Place, w) {
		return ""
	}
	return f[0].Place
}

// typedInCapitals reports whether a question capitalises its words
// whatever they are: all in capitals, or every word of three letters or
// more begun with one ("What Do Call Handlers Think About Training").
// Its capitals then say nothing of names.
func typedInCapitals(raw string) bool {
	if strings.ToUpper(raw) == raw {
		return true
	}
	long, upper := 0, 0
	for _, w := range strings.Fields(raw) {
		r := []rune(strings.Trim(w, `"'“”‘’?!.,:;()`))
		if len(r) < 3 {
			continue
		}
		long++
		if unicode.IsUpper(r[0]) {
			upper++
		}
	}
	return long > 1 && upper == long
}

// namesSomething reports whether words typed with capitals are a name
// rather than people written with them ("Call Handlers"): one of them is
// not an English word, or is an acronym ("PFEW").
func namesSomething(words []string) bool {
	lx, err := english()
	for _, w := range words {
		lw := strings.ToLower(withoutPossessive(w))
		if lw == "of" || lw == "and" || lw == "for" {
			continue
		}
		if len(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			return true
		}
		if err != nil || !lx.knows(lw) {
			return true
		}
	}
	return false
}
