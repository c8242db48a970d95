package index

import (
	"slices"
	"strings"
	"unicode"
)

// equivalences are words and phrases that mean the same in police
// inspection reports but share no stem, so stemming cannot join them.
// Whenever a question holds one member of a group, the others are searched
// for too, weighted below the question's own words. The list is short on
// purpose: a broader thesaurus (cut/reduce, told/inform, …) was measured on
// the evaluation set and made answers worse, by matching loosely related
// passages more often than it found the right one.
var equivalences = [][]string{
	{"999", "emergency call", "emergency calls"},
	{"101", "non-emergency", "non-emergency calls"},
	{"antisocial", "anti-social"},
	{"wellbeing", "well-being"},
	{"domestic abuse", "domestic violence"},
	{"sex offender", "sexual offender"},
	{"call handler", "call taker"},
	{"quit", "leaver", "leaving"},
	// stemming parts a word from its family: "refer" is not "referr"
	{"refer", "referral", "referred"},
	{"percentage", "percent"},
	{"women", "female"}, {"woman", "female"}, {"men", "male"},
}

// fillerWords are conversational words that say nothing about a subject
// ("what did the HMI say about …"); bleve's English stop list keeps them.
var fillerWords = map[string]bool{
	"say": true, "says": true, "said": true, "tell": true, "tells": true,
	"happen": true, "happens": true, "happened": true, "actually": true,
	"really": true, "ok": true, "okay": true, "please": true, "anything": true,
	"something": true, "stuff": true, "whats": true, "what's": true,
	"hows": true, "how's": true, "whys": true, "anyone": true, "somebody": true,
	// words of asking that say nothing of the subject
	"many": true, "much": true, "often": true, "get": true, "gets": true, "getting": true,
	"got": true, "know": true, "think": true, "thing": true, "things": true, "lot": true,
	"lots": true, "kind": true, "sort": true, "currently": true, "nowadays": true, "these": true,
	// modal and linking words that say how, not what, something is asked
	"can": true, "could": true, "would": true, "instead": true, "even": true, "just": true,
	"still": true, "ever": true,
	// contractions typed without their apostrophe
	"dont": true, "doesnt": true, "didnt": true, "isnt": true, "arent": true, "wasnt": true,
	"werent": true, "cant": true, "wont": true, "havent": true, "hasnt": true, "shouldnt": true,
	"wouldnt": true, "couldnt": true, "im": true, "ive": true, "youre": true, "theyre": true,
	"thats": true, "theres": true, "whos": true,
	// words of talk that say how strongly, not what, something is asked
	"anymore": true, "bother": true, "bothered": true, "honestly": true, "basically": true,
	"literally": true,
	// light verbs that carry a phrase's meaning in the words around them
	// ("how is the case going", "where does the money go", "did they end
	// up drafting in officers"): rare in reports, so weighed as if they
	// named the subject
	"go": true, "goes": true, "going": true, "went": true, "gone": true,
	"come": true, "comes": true, "coming": true, "came": true,
	"put": true, "puts": true, "done": true, "whose": true,
	"look": true, "looks": true, "looking": true, "looked": true,
	// words of casual asking that say when or of whom, not what: "has it
	// already made a difference", "does anyone check", "even acting ones";
	// rare in reports, so weighed as the subject's rarest words ("yet" is
	// not one of them: "not yet completed" is what a report says of a
	// thing not done)
	"already": true, "afterwards": true, "someone": true,
	"everyone": true, "everybody": true, "anybody": true, "ones": true,
	// "are they able to": how, not what, is asked
	"able": true,
}

// fillerPairs are two words that together say nothing of a subject, though
// one of them alone may: "round here" is not the inspection's round, "these
// days" not a figure of days.
var fillerPairs = map[string]bool{
	"round here": true, "around here": true, "these days": true, "any more": true,
	"or what": true, "or not": true, "at all": true,
	"end up": true, "ended up": true, "ends up": true,
	// a speaker's aside, not the subject: "be honest, how often …", "I
	// heard they …"
	"be honest": true, "be fair": true, "i heard": true, "i hear": true, "ive heard": true,
	// asking for a failing: what kind of answer, not what it is about
	"fall short": true, "falls short": true, "falling short": true, "fell short": true,
	"fall down": true, "falls down": true, "falling down": true, "fell down": true,
}

// meaningPairs are a filler word and the word after it that together
// name a subject: "looking after staff" is welfare, though "look" alone
// says how something is asked ("do they look at it").
var meaningPairs = map[string]bool{
	"look after": true, "looks after": true, "looking after": true, "looked after": true,
}

// fillerAt reports whether words[i] is a filler word where it stands: not
// one of meaningPairs with the word after it.
func fillerAt(words []string, i int) bool {
	w := strings.ToLower(words[i])
	return fillerWords[w] && (i+1 == len(words) || !meaningPairs[w+" "+strings.ToLower(words[i+1])])
}

// glossary expands a question's acronyms and equivalent phrases, both ways.
type glossary struct {
	// acronyms maps a lower-case acronym to what it may stand for.
	acronyms map[string][]string
	analyze  func(string) []string
	// phrases maps an analysed phrase ("domest violenc protect order") to
	// the other forms to search for ("dvpo").
	phrases []phraseForm
}

type phraseForm struct {
	terms   []string // analysed terms of the phrase
	also    []string // other forms, as text
	acronym bool     // also holds the acronym of terms, not mere equivalents
}

func newGlossary(acronyms map[string][]string, analyze func(string) []string) *glossary {
	g := &glossary{acronyms: acronyms, analyze: analyze}
	for short, longs := range acronyms {
		for _, long := range longs {
			if t := analyze(long); len(t) > 0 {
				g.phrases = append(g.phrases, phraseForm{terms: t, also: []string{short}, acronym: true})
			}
		}
	}
	for _, group := range equivalences {
		for i, member := range group {
			t := analyze(member)
			if len(t) == 0 {
				continue
			}
			var others []string
			for j, o := range group {
				if j != i {
					others = append(others, o)
				}
			}
			g.phrases = append(g.phrases, phraseForm{terms: t, also: others})
		}
	}
	return g
}

// expansion is something to search for besides the question's own words.
type expansion struct {
	text   string   // words to search for as a phrase
	reason string   // what it expands, for notes: "dvpo"
	source []string // the analysed terms of the question it stands for
	// equivalent marks an equivalent phrase rather than an acronym or its
	// expansion; shortForm marks an acronym found from its expansion.
	equivalent, shortForm bool
}

// expand returns the expansions of a question: what its acronyms stand for,
// the acronyms of phrases it spells out, and equivalent phrases.
func (g *glossary) expand(words []string, terms []string) []expansion {
	var out []expansion
	seen := map[string]bool{}
	add := func(text, reason string, source []string, equivalent, shortForm bool) {
		t := g.analyze(text)
		k := strings.Join(t, " ")
		if containsRun(terms, t) {
			return // the question says it already
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, expansion{text: text, reason: reason, source: source, equivalent: equivalent, shortForm: shortForm})
		}
	}
	for _, w := range words {
		// "DVPO's", "PCSOs'": an acronym's possessive is the acronym.
		lw := strings.TrimSuffix(strings.TrimSuffix(withoutPossessive(strings.ToLower(w)), "'"), "’")
		longs, ok := g.acronyms[lw]
		if !ok && strings.HasSuffix(lw, "s") {
			longs = g.acronyms[strings.TrimSuffix(lw, "s")]
		}
		for _, long := range longs {
			add(long, w, g.analyze(w), false, false)
		}
	}
	for _, pf := range g.phrases {
		if containsRun(terms, pf.terms) {
			for _, a := range pf.also {
				add(a, strings.Join(pf.terms, " "), pf.terms, !pf.acronym, pf.acronym)
			}
		}
	}
	return out
}

// containsRun reports whether seq occurs contiguously in terms.
func containsRun(terms, seq []string) bool {
	if len(seq) == 0 || len(seq) > len(terms) {
		return false
	}
outer:
	for i := 0; i+len(seq) <= len(terms); i++ {
		for j := range seq {
			if terms[i+j] != seq[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// quantityWords mark a question that asks for a figure ("how many", "what
// percentage"): passages that give figures answer it best.
var quantityWords = []string{
	"how many", "how much", "how long", "how often", "how fast", "how quickly",
	"percent", "percentage", "proportion", "rate", "number of", "figures",
	"statistics", "stats", "%", "average", "median", "total", "how old",
	"how big", "how large",
}

// asksForFigure reports whether a question asks for a number: one of
// quantityWords as whole words ("rate", not the "rate" of "strategy").
func asksForFigure(raw string) bool {
	l := " " + strings.Join(strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '%'
	}), " ") + " "
	for _, w := range quantityWords {
		if w == "%" && strings.Contains(l, "%") || strings.Contains(l, " "+w+" ") && !(w == "rate" && rateIsVerb(l)) {
			return true
		}
	}
	return false
}

// reasonForFigure reports whether a question asks why a figure is what
// it is ("what explains the high number of stops", "why is the charge
// rate low") rather than for the figure: it names one ("number of",
// "rate") but asks no "how many" or "how much". A passage giving the
// reason answers it, with or without the number.
func reasonForFigure(raw string) bool {
	if !asksWhy(raw) {
		return false
	}
	l := " " + strings.ToLower(raw) + " "
	for _, w := range quantityWords {
		if strings.HasPrefix(w, "how ") && strings.Contains(l, " "+w+" ") {
			return false
		}
	}
	return true
}

// rateVerbBefore are the words after which "rate" is the verb of
// judging ("get to rate how they were treated", "can victims rate"),
// not a figure: no detection rate follows "to" or a modal.
var rateVerbBefore = []string{"to", "can", "could", "would", "will", "do", "did", "they", "we", "you", "i"}

// rateIsVerb reports whether every "rate" of l (the question's words in
// lower case, each between spaces) is the verb.
func rateIsVerb(l string) bool {
	words := strings.Fields(l)
	for i, w := range words {
		if w != "rate" {
			continue
		}
		if (i == 0 || !slices.Contains(rateVerbBefore, words[i-1])) && !rateObject(words[i+1:]) {
			return false
		}
	}
	return true
}

// rateObjects are the words that begin what "rate" as a verb judges
// ("did the leads rate how it went", "rate their service"); no figure's
// name is followed by them.
var rateObjects = wordSet("how", "them", "it", "their", "its", "his", "her", "our", "your", "my", "us", "me")

// rateObject reports whether the words after a "rate" (as rateIsVerb
// splits them: "hertfordshire s" for "Hertfordshire's") begin what it
// judges: one of rateObjects, or a possessive ("rate Hertfordshire's
// recruitment", "rate the force's process"), which a rate's name never
// takes after it ("the charge rate for rape").
func rateObject(after []string) bool {
	if len(after) > 0 && rateObjects[after[0]] {
		return true
	}
	if len(after) > 2 && after[0] == "the" {
		after = after[1:]
	}
	return len(after) > 1 && after[1] == "s"
}

// notAReason drops the words that start as "reason" does but ask for
// none: "had reasonable grounds recorded".
var notAReason = strings.NewReplacer("reasonable", "", "reasonably", "")

// asksWhy reports whether a question asks for a reason.
func asksWhy(raw string) bool {
	l := " " + notAReason.Replace(strings.ToLower(raw)) + " "
	for _, w := range []string{" why ", " reason", " cause", " how come ", " explains ", " explanation", " what's behind ", " what is behind ", " what lies behind "} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
