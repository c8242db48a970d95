package index

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// clauses builds the bleve query of one question, one kind of clause at a
// time. Each call of add is one clause of the question: the ways of
// matching one thing (the words in any field; one acronym's expansion in
// text or headline) are grouped, so that a passage is rewarded for
// matching more of the question, not more fields of the same thing. A
// passage that only uses an acronym then competes fairly with one that
// spells it out.
type clauses struct {
	w      Weights
	should []query.Query
	must   []query.Query
	// expanded lists what the question was also searched as, for the asker.
	expanded []string
	// alts maps a term of the question to the other forms searched for it,
	// analysed, so that a hit matching one of them counts as matching it.
	alts map[string][][]string
	// alone are the alts searched for a term by itself, not for a phrase
	// it is one word of ("non-emergency" for "101", but not "answering
	// calls" for "answer 101"): what stands for that word alone.
	alone map[string][][]string
	// phrasal are the terms that only a concept's phrasing of several
	// words analysing to one says ("hang" of "hang on to").
	phrasal map[string]bool
	// restated maps a term of a concept's second phrasing in the question
	// to the concept's vocabulary, analysed (conceptMatch.restated): not
	// searched for it, but a passage with the vocabulary says it.
	restated map[string][][]string
	analyze  func(string) []string
	// common reports whether an analysed term is common (commonShare),
	// to be left out of rare; costly is true when the whole query would
	// score too many passages (Index.commonTerms); df is how many passages
	// a term is in. Without common, no rare clauses are made.
	common func(string) bool
	costly bool
	df     func(string) int
	// spellsOut is true when the question asks what an acronym stands
	// for ("DVPO meaning"), which the passage spelling it out answers.
	spellsOut bool
	// rare are the clauses again, as the first step of a costly search
	// finds passages with them (searchRun.searchCommon): less their
	// common terms and the fields every passage of a chapter shares.
	rare []query.Query
}

func newClauses(w Weights, analyze func(string) []string) *clauses {
	return &clauses{w: w, analyze: analyze, alts: map[string][][]string{}, alone: map[string][][]string{}, phrasal: map[string]bool{}, restated: map[string][][]string{}}
}

// alt records that text was searched for the question's terms source.
func (c *clauses) alt(source []string, text string) {
	t := c.analyze(text)
	if len(t) == 0 {
		return
	}
	for _, s := range source {
		c.alts[s] = append(c.alts[s], t)
	}
	if len(source) == 1 {
		c.alone[source[0]] = append(c.alone[source[0]], t)
	}
}

// add adds one clause made of alternatives, leaving out those weighted zero.
func (c *clauses) add(alts ...query.Query) {
	var kept []query.Query
	for _, q := range alts {
		if q.(query.BoostableQuery).Boost() > 0 {
			kept = append(kept, q)
		}
	}
	c.should = appendClause(c.should, kept)
	if c.common == nil {
		return
	}
	// The rarer words find the passages to score: in the paragraph, the
	// headline and both as one text, not in the chapter's title, which
	// every paragraph of a chapter shares; the report a question names, so
	// that its passages are among them; not the preferences for passages
	// giving figures or reasons, which a third of all passages are.
	var rare []query.Query
	for _, q := range kept {
		switch fieldOf(q) {
		case fieldText, fieldHeading, fieldBody, fieldReport, "":
			if r := c.withoutCommon(q); r != nil {
				rare = append(rare, r)
			}
		}
	}
	c.rare = appendClause(c.rare, rare)
}

// fieldOf is the field a query of one field searches, "" for another.
func fieldOf(q query.Query) string {
	if fq, ok := q.(query.FieldableQuery); ok {
		return fq.Field()
	}
	return ""
}

func appendClause(to []query.Query, alts []query.Query) []query.Query {
	switch len(alts) {
	case 0:
		return to
	case 1:
		return append(to, alts[0])
	}
	return append(to, bleve.NewDisjunctionQuery(alts...))
}

// withoutCommon is q less its common terms, or nil when it has none else:
// a question's words in one field without the common ones, a phrase as
// its rarest word (a passage with the phrase has that word).
func (c *clauses) withoutCommon(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.TermQuery:
		if c.common(q.Term) {
			return nil
		}
	case *query.MatchPhraseQuery:
		// A passage with the phrase has its rarest word: enough to find it.
		rarest := ""
		for _, t := range c.analyze(q.MatchPhrase) {
			if !c.common(t) && (rarest == "" || c.df(t) < c.df(rarest)) {
				rarest = t
			}
		}
		if rarest == "" {
			return nil
		}
		return term(rarest, q.FieldVal, q.BoostVal.Value())
	case *query.MatchQuery:
		var kept []query.Query
		all := true
		for _, t := range c.analyze(q.Match) {
			if c.common(t) {
				all = false
				continue
			}
			kept = append(kept, term(t, q.FieldVal, q.BoostVal.Value()))
		}
		switch {
		case all:
			return q
		case len(kept) == 0:
			return nil
		}
		d := bleve.NewDisjunctionQuery(kept...)
		d.SetBoost(q.BoostVal.Value())
		return d
	case *query.DisjunctionQuery:
		var kept []query.Query
		for _, d := range q.Disjuncts {
			if r := c.withoutCommon(d); r != nil {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			return nil
		}
		return bleve.NewDisjunctionQuery(kept...)
	}
	return q
}

// questionWords matches the question's own words in every field, and the
// whole question as a phrase.
func (c *clauses) questionWords(text string, terms []string) {
	if len(terms) == 0 {
		return
	}
	w := c.w
	c.add(match(text, fieldText, w.Text), match(text, fieldHeading, w.Heading), match(text, fieldChapter, w.Chapter), match(text, fieldBody, w.Body))
	if len(terms) > 1 {
		c.add(c.phrase(text, fieldText, w.Phrase))
	}
}

// joinedPairs matches two neighbouring words written as one word that the
// reports use ("safety net" → "safetynet", "back log" → "backlog"), as
// the words' other form, shown when the reports write it so.
func (c *clauses) joinedPairs(ix *Index, words []string) {
	for i := 0; i+1 < len(words); i++ {
		if joined := ix.analyze(words[i] + words[i+1]); len(joined) == 1 && ix.terms[joined[0]] > 0 {
			c.add(term(joined[0], fieldText, c.w.Joined), term(joined[0], fieldHeading, c.w.Joined*c.w.Heading))
			// "back log" is the reports' "backlog": a passage with it has both words.
			pair := words[i] + " " + words[i+1]
			c.alt(ix.analyze(pair), joined[0])
			if lw := strings.ToLower(words[i] + words[i+1]); ix.meta.Vocabulary[lw] > 0 && len(ix.analyze(pair)) == 2 {
				c.expanded = append(c.expanded, lw+" (for "+pair+")")
			}
		}
	}
}

// glossary matches what the question's acronyms stand for, the acronyms
// of phrases it spells out, and equivalent phrases.
func (c *clauses) glossary(exps []expansion) {
	w := c.w
	for _, e := range exps {
		boost := w.Acronym
		switch {
		case e.equivalent:
			boost = w.Equivalent
		case e.shortForm:
			// Passages that use only the acronym match nothing else of the
			// question, so it must weigh as much as the words spelt out.
			boost = w.ShortForm
		}
		// A chapter may be named by an acronym too ("HMI": "HM Inspector's
		// observations").
		c.add(c.phrase(e.text, fieldText, boost), c.phrase(e.text, fieldHeading, boost*w.Heading), c.phrase(e.text, fieldChapter, boost*w.Chapter))
		if c.spellsOut && !e.equivalent && !e.shortForm {
			// Reports spell an acronym out once, the acronym after it in
			// brackets: "joint child protection investigation team (JCPIT)".
			c.add(c.phrase(e.text+" "+e.reason, fieldText, w.Figures))
		}
		c.expanded = append(c.expanded, e.text)
		c.alt(e.source, e.text)
	}
}

// wordForms matches, for each word no report uses, the report words it
// most likely means: two words run together ("digivan"), a shortening
// ("exec"), its British spelling ("behavior"), or a misspelling. Each weighs less than a word the reports use as typed.
func (c *clauses) wordForms(ix *Index, words []string) {
	w := c.w
	seen := map[string]bool{}
	for _, word := range words {
		lw := strings.ToLower(word)
		if seen[lw] {
			continue
		}
		seen[lw] = true
		form, kind := ix.wordForm(word)
		if kind != formNone {
			c.alt(ix.analyze(word), form)
		}
		switch kind {
		case formNone:
			continue
		case formSplit:
			c.add(c.phrase(form, fieldText, w.Joined), c.phrase(form, fieldHeading, w.Joined*w.Heading))
			c.expanded = append(c.expanded, form)
		case formVariant:
			// A right word the reports write another way ("organized":
			// organised) weighs as the word typed would, in every field; a
			// misspelling's guess weighs less.
			c.add(match(form, fieldText, w.Text), match(form, fieldHeading, w.Heading), match(form, fieldChapter, w.Chapter), match(form, fieldBody, w.Body))
			c.expanded = append(c.expanded, form+" (for "+word+")")
		default:
			c.add(c.phrase(form, fieldText, w.Typo), c.phrase(form, fieldHeading, w.Typo*w.Heading))
			shown := form
			bare := strings.TrimRight(withoutPossessive(word), "'’") // "PSCO's": PCSO
			if bare == strings.ToUpper(bare) && bare != strings.ToLower(bare) {
				shown = strings.ToUpper(form) // "RUI (for RIU)"
			} else if base, ok := strings.CutSuffix(bare, "s"); ok && base == strings.ToUpper(base) && base != strings.ToLower(base) {
				shown = strings.ToUpper(strings.TrimSuffix(form, "s")) + "s" // "PCSOs (for PSCOs)"
			}
			c.expanded = append(c.expanded, shown+" (for "+word+")")
			// A misspelt acronym stands for what the acronym does.
			exps := ix.glossary.expand([]string{form}, nil)
			for i := range exps {
				exps[i].source = ix.analyze(word)
			}
			c.glossary(exps)
		}
	}
}

// respelt matches the concepts and equivalent phrases the question names
// once its misspellings are read as corrected (wordForms): "call
// handelers" is the report's "call takers" too, "rasism" a question of
// disproportionality. Only those that a corrected word is part of, and
// the question as typed does not name already, are added, for the terms
// typed.
func (c *clauses) respelt(ix *Index, q *question) {
	words, terms, typed := ix.respell(q.parsed.Words, q.words)
	if typed == nil {
		return
	}
	fixed := func(source []string) bool {
		return slices.ContainsFunc(source, func(t string) bool { return typed[t] != "" })
	}
	back := func(source []string) []string {
		out := make([]string, len(source))
		for i, t := range source {
			out[i] = cmp.Or(typed[t], t)
		}
		return out
	}
	var exps []expansion
	for _, e := range ix.glossary.expand(words, terms) {
		if fixed(e.source) && !slices.Contains(c.expanded, e.text) {
			e.source = back(e.source)
			exps = append(exps, e)
		}
	}
	c.glossary(exps)
	had := map[string]bool{}
	for _, m := range ix.matchConcepts(q.parsed.Words, q.terms) {
		had[m.name] = true
	}
	var ms []conceptMatch
	for _, m := range ix.matchConcepts(words, terms) {
		if fixed(m.source) && !had[m.name] {
			m.source = back(m.source)
			ms = append(ms, m)
		}
	}
	c.concepts(ms)
}

// ageNouns matches, for each of the question's terms, the noun the
// reports make of it with "-age", or the word such a noun is made of
// ("short": "shortage", "percentage": "percent"), weighted as a spelling's
// correction: the stemmer keeps the ending, so "are they still short of
// detectives" never met "its shortage of detectives". The other endings
// the stemmer keeps were measured too: "-ure" ("seizure") and "-ly"
// ("correctly") moved the right passage down as often as up. A word in a
// compound ("short-term") is not the noun's root.
func (c *clauses) ageNouns(ix *Index, raw string, terms []string) {
	seen := map[string]bool{}
	lower := strings.ToLower(raw)
	for _, t := range terms {
		if strings.Contains(lower, t+"-") || strings.Contains(lower, "-"+t) {
			continue
		}
		for _, f := range ix.ageForms(t) {
			if seen[f] || slices.Contains(terms, f) {
				continue
			}
			seen[f] = true
			c.add(term(f, fieldText, c.w.Typo), term(f, fieldHeading, c.w.Typo*c.w.Heading))
			c.alts[t] = append(c.alts[t], []string{f})
			c.alone[t] = append(c.alone[t], []string{f})
		}
	}
}

// ageForms are the analysed report terms that are t with the "-age" of a
// noun ("shortag") or t without it, when what is left is one of
// ageNounRoots.
func (ix *Index) ageForms(t string) []string {
	var out []string
	if ageNounRoots[t] && ix.terms[t+"ag"] > 0 {
		out = append(out, t+"ag")
	}
	if r, ok := strings.CutSuffix(t, "ag"); ok && ageNounRoots[r] && ix.terms[r] > 0 {
		out = append(out, r)
	}
	return out
}

// ageNounRoots are the English words whose "-age" noun is the amount or
// state of the word ("short": "shortage", "cover": "coverage"). Most
// "-age" nouns mean something else than the word they end ("footage",
// "package", "message", "postage", "manage"), so the roots are listed
// rather than found.
var ageNounRoots = wordSet("short", "percent", "cover", "leak", "break", "block", "link", "drain", "wreck", "mile", "shrink", "seep", "spill")

// concepts matches the report vocabulary of the concepts the question
// names in everyday words ("burnt out": wellbeing, fatigue, workload), one
// clause a concept, weighted below the question's own words.
func (c *clauses) concepts(ms []conceptMatch) {
	w := c.w
	for _, m := range ms {
		var alts []query.Query
		for _, v := range m.vocab {
			alts = append(alts, c.phrase(v, fieldText, w.Concept), c.phrase(v, fieldHeading, w.Concept*w.Heading))
			c.alt(m.source, v)
		}
		for _, v := range m.already {
			c.alt(m.source, v)
		}
		if m.phrasal && len(m.source) == 1 {
			c.phrasal[m.source[0]] = true
		}
		for _, t := range m.restated {
			for _, v := range append(slices.Clone(m.vocab), m.already...) {
				if vt := c.analyze(v); len(vt) > 0 {
					c.restated[t] = append(c.restated[t], vt)
				}
			}
		}
		c.add(alts...)
		c.expanded = append(c.expanded, m.name+" (for "+m.said+")")
	}
}

// policeYears reads a police or financial year as reports write it:
// "2021/22" is "the year ending 31 March 2022".
func (c *clauses) policeYears(words []string) {
	for _, w := range words {
		m := policeYearRE.FindStringSubmatch(w)
		if m == nil {
			continue
		}
		text := "year ending 31 March " + m[1][:2] + m[2]
		c.add(c.phrase(text, fieldText, c.w.Equivalent))
		c.alt(c.analyze(w), text)
		c.expanded = append(c.expanded, text+" (for "+w+")")
	}
}

// policeYearRE is a year written "2021/22" or "2021-22".
var policeYearRE = regexp.MustCompile(`^((?:19|20)\d\d)[/-](\d\d)$`)

// reports prefers the reports of the forces the question names.
func (c *clauses) reports(ids []string) {
	for _, id := range ids {
		c.add(term(id, fieldReport, c.w.Force))
	}
}

// definitions prefers, for "what is X", the passage that introduces X by
// name: reports write "a programme called X", "known as X".
func (c *clauses) definitions(raw string, words []string) {
	if !definitionRE.MatchString(raw) {
		return
	}
	for len(words) > 0 && frameWords[strings.ToLower(words[0])] {
		words = words[1:]
	}
	// "what is echo and how does the public use it": what it is asks
	// about echo; the second question follows "and".
	for i := 1; i+1 < len(words); i++ {
		if strings.EqualFold(words[i], "and") && secondQuestion[strings.ToLower(words[i+1])] {
			words = words[:i]
			break
		}
	}
	for len(words) > 0 && frameWords[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 || len(words) > 4 {
		return
	}
	x := strings.Join(words, " ")
	alts := []query.Query{c.phrase("called "+x, fieldText, c.w.Figures), c.phrase("known as "+x, fieldText, c.w.Figures)}
	if n := len(words); n > 1 && namedThings[strings.ToLower(words[n-1])] {
		// "what is the Prevention First programme": reports introduce
		// it as "a project called Prevention First".
		short := strings.Join(words[:n-1], " ")
		alts = append(alts, c.phrase("called "+short, fieldText, c.w.Figures), c.phrase("known as "+short, fieldText, c.w.Figures))
	}
	c.add(alts...)
}

// meaningAsked finds a question asking what an acronym or term stands
// for: "DVPO meaning", "what does MASH stand for", "what does CSE mean".
var meaningAsked = regexp.MustCompile(`(?i)\b(meaning|stands? for|short for|abbreviation|acronym|spel(t|led) out)\b|\bmean\W*$`)

// namedThings are what a named programme, team or tool is: "the echo
// platform", "the Prevention First programme".
var namedThings = map[string]bool{
	"programme": true, "program": true, "project": true, "scheme": true, "initiative": true,
	"platform": true, "team": true, "unit": true, "system": true, "tool": true, "app": true,
	"operation": true, "strategy": true, "plan": true, "service": true, "panel": true, "board": true,
}

// secondQuestion are the words that start a second question after "and".
var secondQuestion = wordSet("how", "why", "what", "who", "when", "where", "which", "does", "do", "did", "is", "are", "can")

// definitionRE finds a question asking what something is.
var definitionRE = regexp.MustCompile(`(?i)^\s*(what|who)('s| is| are| was)\b`)

// wants prefers passages that give what the question asks for: figures
// for "how many", reasons for "why".
func (c *clauses) wants(raw string) {
	if asksForFigure(raw) {
		c.add(term("yes", fieldFigures, c.w.Figures))
	}
	if asksWhy(raw) {
		c.add(term("yes", fieldReasons, c.w.Reasons))
	}
}

// phrases requires every quoted phrase, in text or headline, and ranks
// passages that have it in their text higher.
func (c *clauses) phrases(ps []string) {
	for _, p := range ps {
		c.must = append(c.must, bleve.NewDisjunctionQuery(c.phrase(p, fieldText, 1), c.phrase(p, fieldHeading, c.w.Heading)))
		c.add(c.phrase(p, fieldText, c.w.Phrase))
	}
}

// query is the question's query: any clause may match, every quoted
// phrase must.
func (c *clauses) query() query.Query {
	return c.build(c.should)
}

// aboutSomething is should less the clauses naming a report: what the
// question is about.
func aboutSomething(should []query.Query) []query.Query {
	var out []query.Query
	for _, q := range should {
		if fieldOf(q) != fieldReport {
			out = append(out, q)
		}
	}
	return out
}

// rareQuery is the question's query less its common terms (rare), to
// find the passages for the whole query to score, or nil when the whole
// query is cheap enough to run as it is.
func (c *clauses) rareQuery() query.Query {
	if len(aboutSomething(c.rare)) == 0 || !c.costly {
		return nil
	}
	return c.build(c.rare)
}

// build is the query of these clauses, one at least matching. A clause
// naming a report ("herts dvpo", force:herts) prefers that report's
// passages but matches none by itself: else every passage of the report
// would be a result, the ones about nothing asked for scoring zero. The
// filter holds the rest of the clauses again, so the scores are as they
// were.
func (c *clauses) build(should []query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	b.AddShould(should...)
	b.SetMinShould(1)
	if len(c.must) > 0 {
		b.AddMust(c.must...)
	}
	if about := aboutSomething(should); len(about) > 0 && len(about) < len(should) {
		b.AddFilter(bleve.NewDisjunctionQuery(about...))
	}
	return b
}

func match(text, field string, boost float64) query.Query {
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// phrase matches text as a phrase in field; a text of one word is
// matched as its term: bleve's phrase searcher would read the word's
// positions in every passage it is in, for nothing.
func (c *clauses) phrase(text, field string, boost float64) query.Query {
	if t := c.analyze(text); len(t) == 1 {
		return term(t[0], field, boost)
	}
	return phrase(text, field, boost)
}

func phrase(text, field string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func term(t, field string, boost float64) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// needsChecked matches, for a question about checking or assessing what
// someone needs ("do officers check what support a victim needs",
// "assess whether callers need help"), the reports' name for that check,
// a needs assessment, as the other form of the words from the checking
// to the needing: a passage on "victim needs assessments" is about it,
// though it says neither "check" nor "help". "Needs to" is a duty, not a
// need assessed ("check what it needs to improve").
func (c *clauses) needsChecked(raw string) {
	for _, m := range needsCheckedRE.FindAllStringSubmatchIndex(raw, -1) {
		if strings.HasPrefix(strings.ToLower(strings.TrimLeft(raw[m[1]:], " ")), "to ") {
			continue
		}
		between := strings.ToLower(raw[m[2]:m[3]])
		if !needsAskedRE.MatchString(between) && !strings.HasSuffix(between, "'") && !strings.HasSuffix(between, "’") && !strings.HasSuffix(between, "'s") && !strings.HasSuffix(between, "’s") && !strings.HasSuffix(between, " their") {
			continue // "check the records they need" names no need assessed
		}
		source := c.analyze(raw[m[0]:m[1]])
		if len(source) < 2 {
			continue
		}
		c.add(c.phrase(needsAssessment, fieldText, c.w.Concept), c.phrase(needsAssessment, fieldHeading, c.w.Concept*c.w.Heading))
		for _, s := range source {
			c.alts[s] = append(c.alts[s], c.analyze(needsAssessment))
		}
		c.expanded = append(c.expanded, needsAssessment+" (for "+raw[m[0]:m[1]]+")")
		return
	}
}

// needsAssessment is what reports call the check of what someone needs.
const needsAssessment = "needs assessment"

// needsCheckedRE finds a checking or assessing of a need: the checking
// word, up to six words (group 1), and the need.
var needsCheckedRE = regexp.MustCompile(`(?i)\b(?:check(?:s|ed|ing)?|assess(?:es|ed|ing|ments?)?|ask(?:s|ed|ing)?|(?:find|finds|found|finding|work|works|worked|working) out|establish(?:es|ed|ing)?|identif(?:y|ies|ied|ying)|review(?:s|ed|ing)?)\b((?:\s+[\p{L}'’-]+){0,6}?)\s+(?:needs|need|needed|requires|require|required)\b`)

// needsAskedRE finds, between the checking and the need, the word that
// makes the need what is asked: "what", "whether", "which", "if", "any".
var needsAskedRE = regexp.MustCompile(`(?i)\b(?:what|whether|which|if|any|how much|how many)\b`)
