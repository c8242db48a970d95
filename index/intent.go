package index

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/peelbot/peelbot/corpus"
)

// IntentKind is the kind of structured question: one a report answers from
// its structure (its grades, its areas for improvement, …) rather than from
// whichever paragraph shares the question's words.
type IntentKind string

// The structured questions search recognises.
const (
	IntentGrade          IntentKind = "grade"          // "how was investigating crime graded", "herts grades"
	IntentAFI            IntentKind = "afi"            // "what must improve in X", "AFIs for X"
	IntentConcern        IntentKind = "concern"        // "causes of concern"
	IntentRecommendation IntentKind = "recommendation" // "what did they recommend"
	IntentPractice       IntentKind = "practice"       // "innovative practice"
	IntentOverview       IntentKind = "overview"       // "tell me about the force"
)

// Intent is a structured question as understood: what it asks for, of
// which reports and chapters, and the report's own passages and
// statements that answer it.
type Intent struct {
	Kind IntentKind `json:"kind"`
	// Reports are the ids of the loaded reports asked about: those the
	// question names, or every loaded report.
	Reports []string `json:"reports,omitempty"`
	// Chapters are the titles of the chapters the question names; empty
	// when it names none (the whole report).
	Chapters []string `json:"chapters,omitempty"`
	// Topic is what else the question says, when it narrows the items by
	// subject ("the AFI on attendance times"): its words.
	Topic []string `json:"topic,omitempty"`
	// Items are the ids of the statements and passages that answer the
	// question, in report order; search puts them first (those about the
	// Topic, when it names a chapter and a topic in it, before the rest).
	// Empty when the reports hold none (see None) or when the items are
	// found by Topic alone.
	Items []string `json:"items,omitempty"`
	// None is true when the reports asked about hold nothing of the kind
	// asked for (this report raises no causes of concern), which is the
	// answer; Statement then says so, as peelbot's sentence, not a quote.
	None      bool   `json:"none,omitempty"`
	Statement string `json:"statement,omitempty"`
}

// Cues of each kind of structured question, matched on the question in
// lower case. They are the ways people ask for what a PEEL report
// structures (its graded judgments, areas for improvement, causes of
// concern and their recommendations, innovative and notable practice, the
// inspector's summary), in the inspectorate's words and in everyday ones,
// so that any area asked about in any everyday way reaches its items.
var (
	// gradeCue asks for a graded judgment: "how was X graded", "what
	// rating", "what score", "how were they marked on X", "is herts good
	// at X", "scorecard", "how did the inspectorate rate X" (the rater
	// named: "how did the arrest rate change" asks for a figure).
	gradeCue = regexp.MustCompile(`\bgrade[sd]?\b|\bgrading\b|\brat(ed|ing|ings)\b|\bjudge?(d|ments?)\b|\bscor(e|ed|es|ing)\b|\bscorecard\b|\breport card\b|\bmark(s|ed)?\b|\bhow good (is|are|were|was)\b|\b(is|are|was|were)\b.{0,30}\b(outstanding|good|adequate|inadequate|requires improvement|poor) (at|in|on)\b|\bwhat did .{0,30}\bget (for|in|on)\b|\bhow (did|does|do|would) (the )?(inspectorate|inspectors?|hmicfrs|hmi|hm inspector|peel) rate\b`)
	// ratingCue asks which areas got a rating ("did they get requires
	// improvement anywhere"); the rating stays in the topic (ratingAsked).
	ratingCue = regexp.MustCompile(`\brequires improvement\b|\b(get|got|given|receive|received|awarded)\b.{0,25}\b(inadequate|outstanding|good|adequate)\b`)
	// performanceCue asks how the force did: a grade when it names an
	// area ("how did they do on value for money"), the overall verdict
	// when it names none ("how is herts doing").
	performanceCue = regexp.MustCompile(`\bhow (is|are|did|does|do|was|were)\b.{0,40}\b(do|doing|did|perform|performing|performed|fare|fared|faring|get on|getting on|got on)\b|\bhow (good|well)\b|\bverdict\b|\bperformance\b`)
	// callGrading is the grading of calls and incidents, not a grade of the force.
	callGrading = regexp.MustCompile(`\b(calls?|incidents?|risk|priority)( are| is| were| was| being)? grad|\bgrad\w* (of )?(calls?|incidents?|risk)\b`)
	// superlativeCue asks for the best or worst graded area.
	superlativeCue = regexp.MustCompile(`\b(worst|lowest|weakest|poorest|best|highest|strongest|top)\b`)
	areaWords      = regexp.MustCompile(`\b(areas?|parts?|bits?|aspects?|chapters?|sections?)\b`)
	// afiCue asks what the force must improve: the inspectorate's "areas
	// for improvement", and the everyday "what do they need to sort out",
	// "weak spots", "what's not working", "what should they work on".
	afiCue = regexp.MustCompile(`\bafis?\b|\bareas? (for|of) (improvement|development)\b|\b(improvement|development) (areas?|points?|actions?)\b|\bpriorit(y|ies) for improvement\b|\baction points?\b|\b(room|scope) for improvement\b|\bimprovements? (is |are |was |were )?(needed|required|wanted|necessary|expected)\b|\bareas? to (improve|work on|develop)\b` +
		`|\b(must|should|need|needs|needed|has to|have to|had to|got to|ought to)\b(?P<between>(?: \S+){0,4}?) (improve|improving|do better|doing better|get better|be better|be improved|change|fix|sort|address|tackle|work on|do (about|on|with)|(do|be doing) (things )?differently)\b` +
		`|\bneeds? (improving|improvement|fixing|sorting|changing|to be (improved|fixed|sorted|addressed|changed))\b|\b(could|can)\b(?: \S+){0,3}? (improve|do better|be better|be improved)\b` +
		`|\bneeds? (more |some |further )?(work|attention)( (on|in|at|for|around|with)\b|[,.?!]|$)|\bimprovements?\b(?: \S+){0,4}? (need|needs|needed|must|should)\b|\bnot (good|strong|effective) enough\b|\bnot doing (well|enough|so well)\b|\bunderperform(s|ing|ed|ance)?\b|\bwent (badly|poorly)\b` +
		`|\b(expected|told|asked|required|urged)( \S+){0,2} to (improve|change|do better|address|fix)\b|\bneeds? to (get right|do more|focus on|happen( next)?)\b|\bneeds? (more )?focus\b` +
		`|\bwhat more (should|could|must|can|needs? to|has to|have to)( be done)?\b|\bactions? (is |are |was |were )?(needed|required)\b|\bwhat (is|are|was|were)( \S+)? lacking\b|\b(to )?do better\b|\bbe doing better\b|\bget better\b` +
		`|\bwant(s|ed)? (\S+ )?(done|changed|improved|fixed|sorted)\b|\bweak(ness|nesses| spots?| points?)\b|\bshortcomings?\b|\bfailings?\b|\bfall(s|ing|en)? (short|down)\b|\bwhat( (went|goes|is|are|was|were)|'s|’s|s)( going)? wrong\b|\b(find|found|finds) (\S+ )?wrong\b|\b(anything|something|much) wrong with\b|\bnot working\b|\bsort(ed)? out\b|\bcriticis(m|ms|ed|es|e)\b|\b(bad|worse) (at|on|in)\b|\bstruggl(e|es|ed|ing)\b`)
	// concernCue asks for causes of concern: the inspectorate's serious
	// failings, with their recommendations.
	concernCue = regexp.MustCompile(`\bcauses? (of|for) concern\b|\bareas? of concern\b|\bcocs?\b|\baccelerated causes?( (of|for) concern)?\b|\bserious (failings?|concerns?|shortcomings?|weakness(es)?)\b|\bred flags?\b`)
	recCue     = regexp.MustCompile(`\brecommendations?\b|\brecommend(ed|s)?\b`)
	// practiceCue asks for innovative, promising or notable practice: what
	// other forces could copy. The noun is often typed as the verb's
	// British spelling ("good practise").
	practiceCue = regexp.MustCompile(`\b(innovative|promising|notable|good|best|interesting|effective) practi[cs]es?\b|\binnovations?\b|\binnovative\b|\bpractice examples?\b|\b(others|other forces)( \S+){0,2} (copy|adopt|follow|learn from)\b|\bworth (copying|sharing)\b`)
	// overviewCue asks for the inspector's overall verdict.
	overviewCue = regexp.MustCompile(`\boverall\b|\bsummar(y|ise|ize)\b|\bsum (it |this |that |the \S+ )?up\b|\boverview\b|\bin (a )?nutshell\b|\bverdict\b|\bbottom line\b|\bheadlines?\b|\bkey (findings|messages|points)\b|\bbig picture\b|\bgist\b|\bconclu(de|ded|sions?)\b|\bhow (is|are|did|does|do|was|were)\b.{0,30}\b(do|doing|perform|performing|performed|fare|fared|faring|get on|getting on|got on)\b|\btell me about\b|\bwhat (is|was) .{0,20}\blike\b`)
)

// failingCue is the everyday way of saying a force does something
// badly ("struggling to keep call handlers", "falling short"), one of
// afiCue's ways of asking what it must improve.
var failingCue = regexp.MustCompile(`^(struggl(e|es|ed|ing)|fall(s|ing|en)? (short|down)|failings?|shortcomings?|not working|what( (went|goes|is|are|was|were)|'s|’s|s)( going)? wrong|(bad|worse) (at|on|in)|weak(ness|nesses| spots?| points?))$`)

// personalStruggle is people struggling in their own lives ("staff
// struggling with their wellbeing", "officers struggling to cope", "help
// only once they're already struggling": a time clause of the state a
// person reaches): a hardship asked about, not the force doing something
// badly, so it is no cue for the areas for improvement.
var personalStruggle = regexp.MustCompile(`\bstruggl(e|es|ed|ing) (with (their|his|her|my|your|our) |to cope\b)` +
	`|\b(once|until|till|before) (they're|they are|you're|you are|we're|we are|i'm|i am|he's|she's|someone is|someone's|people are|staff are|officers are)( already| really| still| properly)? struggl(e|es|ed|ing)\b`)

// whyCue asks for a reason.
var whyCue = regexp.MustCompile(`\bwhy\b|\bhow come\b|\bwhat (is|are) the reasons?\b`)

// failingAskedWhy reports whether a question asks why the force does
// something badly ("why is the force struggling to keep call handlers"):
// it asks for the report's reasons, which its text gives, not for the
// areas for improvement. A question that also asks what must improve
// ("why must they improve X") is still about them.
func failingAskedWhy(raw string) bool {
	if !whyCue.MatchString(raw) {
		return false
	}
	for _, m := range afiCue.FindAllString(raw, -1) {
		if !failingCue.MatchString(strings.TrimSpace(m)) {
			return false
		}
	}
	return true
}

// recognise returns the structured question q asks, or nil.
func (ix *Index) recognise(q *question) *Intent {
	raw := strings.ToLower(q.parsed.Raw)
	afiRaw := personalStruggle.ReplaceAllString(raw, " ")
	var kind IntentKind
	var cue *regexp.Regexp
	switch {
	case mayMatch(raw, "concern", "coc", "serious", "red flag") && concernCue.MatchString(raw):
		kind, cue = IntentConcern, concernCue
	case strings.Contains(raw, "recommend") && recCue.MatchString(raw):
		kind, cue = IntentRecommendation, recCue
	case mayMatch(raw, "afi", "improv", "develop", "action", "better", "change", "fix", "sort", "address", "tackle", "work on", "do about", "do on", "do with", "weak", "shortcoming", "short", "failing", "wrong", "falling", "not working", "criticis", "bad", "worse", "struggl", "want", "attention", "need work", "needs work", "more work", "some work", "further work", "enough", "not doing", "underperform", "poorly", "to get right", "to do more", "focus", "to happen", "what more", "lacking", "differently") && afiCue.MatchString(afiRaw) && !failingAskedWhy(raw):
		kind, cue = IntentAFI, afiCue
	case mayMatch(raw, "practice", "practis", "innovat", "copy", "adopt", "follow", "learn from", "worth") && practiceCue.MatchString(raw):
		kind, cue = IntentPractice, practiceCue
	case mayMatch(raw, "grad", "rat", "judg", "scor", "mark", "report card", "get", "got", "given", "receive", "awarded", "good", "adequate", "outstanding", "requires improvement", "poor") && (gradeCue.MatchString(raw) || ratingCue.MatchString(raw)) && !callGrading.MatchString(raw) && !ix.forcesCountedBeyond(raw):
		kind, cue = IntentGrade, gradeCue
	case mayMatch(raw, "how", "verdict", "performance") && performanceCue.MatchString(raw):
		// a grade if it names an area, else the overall verdict (below)
		cue = performanceCue
	default:
		cue = overviewCue
	}
	topic := q.words
	if kind != "" || cue == performanceCue || mayMatch(raw, "overall", "summar", "sum ", "overview", "nutshell", "verdict", "bottom line", "headline", "key", "big picture", "gist", "conclu", "how", "tell", "like") {
		// The words between "should" and "do better" are what is asked
		// about ("what should call handlers be doing better"): the cue
		// is cut out, they are kept.
		topic = ix.topicWords(cue.ReplaceAllString(raw, " ${between} "))
	}
	reports := ix.reportsAsked(q)
	if cue == performanceCue {
		if chapters, _ := ix.namedChapters(reports, topic); len(chapters) > 0 {
			kind = IntentGrade
		} else {
			topic = ix.topicWords(overviewCue.ReplaceAllString(raw, " "))
		}
	}
	if kind == "" && (superlativeCue.MatchString(raw) && areaWords.MatchString(raw)) {
		kind = IntentGrade // "what was their best area"
	}
	if kind == "" {
		// "tell me about the force", "herts", "how is herts doing": nothing
		// asked but the report's verdict.
		onlyForce := len(q.terms) == 0 && q.namesForce
		// "the HM Inspector's overall view": whose verdict it is, not what
		// it is about.
		topic = slices.DeleteFunc(slices.Clone(topic), func(w string) bool { return inspectorWords[strings.ToLower(w)] })
		overall := len(ix.analyze(strings.Join(topic, " "))) == 0 && (overviewCue.MatchString(raw) || cue == performanceCue)
		if !onlyForce && !overall {
			return nil
		}
		kind = IntentOverview
	}
	in := &Intent{Kind: kind, Reports: reports}
	if kind == IntentGrade {
		// "which areas were rated adequate": the chapters with that grade;
		// "where did they score worst": those with the lowest.
		var rating string
		if rating, topic = ratingAsked(topic); rating != "" {
			if in.Chapters = ix.chaptersGraded(in.Reports, rating); len(in.Chapters) == 0 {
				in.None = true
				in.Statement = ix.reportsSubject(in.Reports, "grades", "grade") + " no area " + rating + "."
				return in
			}
			ix.fillItems(in)
			return in
		}
		if best, worst := superlativeAsked(topic); best || worst {
			if in.Chapters = ix.chaptersRanked(in.Reports, best); len(in.Chapters) > 0 {
				ix.fillItems(in)
				return in
			}
		}
	}
	chapters, rest := ix.namedChapters(in.Reports, topic)
	in.Chapters = chapters
	// "what did the inspectors say we need to fix about X", "failings
	// flagged by HMICFRS": who asks for the improvement, not what it is
	// about, once the words have named no chapter.
	rest = slices.DeleteFunc(rest, func(w string) bool { return inspectorWords[strings.ToLower(w)] })
	if len(ix.analyze(strings.Join(rest, " "))) > 0 {
		in.Topic = rest
	}
	ix.fillItems(in)
	if in.None && ix.earlierYearAsked(q) {
		in.None, in.Statement = false, ""
	}
	return in
}

// forcesInEnglandAndWales is how many police forces HMICFRS inspects in
// PEEL.
const forcesInEnglandAndWales = 43

// countedForces finds a count of forces asked for: "how many forces were
// graded outstanding", "the number of police forces rated good".
var countedForces = regexp.MustCompile(`\b(?:how many|number of)\s+(?:other\s+|english\s+|welsh\s+)?(?:police\s+)?forces\b`)

// gradeValueRE finds a grade named: "which force was graded outstanding"
// asks for the forces given it, "what force got these grades" for the
// loaded one.
var gradeValueRE = regexp.MustCompile(`\b(?:outstanding|good|adequate|requires improvement|inadequate)\b`)

// whichForces finds forces asked to be named: "which force was graded
// outstanding", "which other forces got good".
var whichForces = regexp.MustCompile(`\b(?:which|what)\s+(?:other\s+|english\s+|welsh\s+)?(?:police\s+)?forces?\s+(?:was|were|is|are|got|get|gets|received|achieved|has|have|had|did|scored|earned)\b`)

// forcesCountedBeyond reports whether a question (raw, in lower case)
// counts forces, or asks which got a grade, when the loaded reports are
// not every force's: they count only their own forces, so the count is
// not theirs to give.
func (ix *Index) forcesCountedBeyond(raw string) bool {
	if !countedForces.MatchString(raw) && !(whichForces.MatchString(raw) && gradeValueRE.MatchString(raw)) {
		return false
	}
	return len(ix.forcesLoaded()) < forcesInEnglandAndWales
}

// forcesLoaded are the forces of the loaded reports, each once, in the
// reports' order.
func (ix *Index) forcesLoaded() []string {
	var names []string
	for _, r := range ix.meta.Reports {
		if !slices.Contains(names, r.Force) {
			names = append(names, r.Force)
		}
	}
	return names
}

// forcesRanked finds forces asked to be ranked against each other:
// "which police force is the best at investigating crime", "which forces
// have the lowest charge rates". It takes in a word after the superlative
// that makes it no ranking ("best placed"), for notRanked to see.
var forcesRanked = regexp.MustCompile(`\b(?:which|what)\s+(?:other\s+|english\s+|welsh\s+)?(?:police\s+)?forces?\s+(?:is|are|was|were|has|have|had|does|do|did|gets?|got)\s+(?:the\s+)?(?:best|worst|top|highest|lowest|most|least|fastest|slowest|strongest|weakest)\b(?:\s+(?:placed|able|positioned|suited)\b)?`)

// forcesRankedBeyond reports whether a question (raw, in lower case)
// ranks forces against each other when the loaded reports are not every
// force's.
func (ix *Index) forcesRankedBeyond(raw string) bool {
	m := forcesRanked.FindString(raw)
	// "which forces are best placed to learn from it" ranks nothing
	return m != "" && !notRanked.MatchString(m) && len(ix.forcesLoaded()) < forcesInEnglandAndWales
}

// notRanked ends a forcesRanked match that ranks nothing: "best placed".
var notRanked = regexp.MustCompile(`\b(?:placed|able|positioned|suited)$`)

// forcesLoadedShort names the loaded forces for a note: the force, or
// how many of the forces of England and Wales.
func (ix *Index) forcesLoadedShort() string {
	forces := ix.forcesLoaded()
	if len(forces) == 1 {
		return forces[0]
	}
	return fmt.Sprintf("%d of the %d forces", len(forces), forcesInEnglandAndWales)
}

// forcesRankedNote says why a ranking of forces is not the loaded
// reports' to give.
func (ix *Index) forcesRankedNote() string {
	who := ix.forcesLoadedShort()
	return fmt.Sprintf("The loaded reports are of only %s, so they can't say which force does best or worst.", who)
}

// forcesGradedNote says why a count of forces by grade, or which forces
// got one (raw, in lower case), is not the loaded reports' to give.
func (ix *Index) forcesGradedNote(raw string) string {
	who := ix.forcesLoadedShort()
	if whichForces.MatchString(raw) && !strings.Contains(raw, "how many") && !strings.Contains(raw, "number of") {
		return fmt.Sprintf("The loaded reports grade only %s, so they can't say which forces got a grade.", who)
	}
	return fmt.Sprintf("The loaded reports grade only %s, so they can't count how many forces got a grade.", who)
}

// forcesCountedByGrade reports whether a question counts the forces given
// a grade ("how many forces were rated outstanding") beyond the loaded
// reports' (forcesCountedBeyond).
func (ix *Index) forcesCountedByGrade(raw string) bool {
	return (gradeCue.MatchString(raw) || ratingCue.MatchString(raw)) && ix.forcesCountedBeyond(raw)
}

// earlierYearAsked reports whether a question names a year that is not
// of the asked reports' round or publication but that their text names
// ("what was the 2019 workforce recommendation"): a report follows up
// its last inspection's recommendations and causes of concern in its
// text, so one it raises none of its own may still answer about those.
func (ix *Index) earlierYearAsked(q *question) bool {
	for _, y := range yearRE.FindAllString(q.parsed.Raw, -1) {
		if ix.meta.Vocabulary[y] > 0 && !ix.reportsYear(q, y) {
			return true
		}
	}
	return false
}

// superlativeAsked reports whether a grade question's topic words ask
// for the best or the worst graded areas ("where did they score worst");
// neither when they ask for both.
func superlativeAsked(topic []string) (best, worst bool) {
	for _, w := range topic {
		switch strings.ToLower(w) {
		case "best", "highest", "strongest", "top":
			best = true
		case "worst", "lowest", "weakest", "poorest":
			worst = true
		}
	}
	if best && worst {
		return false, false
	}
	return best, worst
}

// chaptersRanked are the titles of the chapters with the best (or the
// worst) grade among the reports asked about.
func (ix *Index) chaptersRanked(reports []string, best bool) []string {
	rank := func(g string) int {
		for i, r := range corpus.Ratings {
			if strings.EqualFold(g, string(r)) {
				return i
			}
		}
		return -1
	}
	top := -1
	for _, r := range ix.meta.Reports {
		if !slices.Contains(reports, r.ID) {
			continue
		}
		for _, c := range r.Chapters {
			if k := rank(c.Grade); k >= 0 && (top < 0 || best && k < top || !best && k > top) {
				top = k
			}
		}
	}
	var out []string
	for _, r := range ix.meta.Reports {
		if !slices.Contains(reports, r.ID) {
			continue
		}
		for _, c := range r.Chapters {
			if top >= 0 && rank(c.Grade) == top && !slices.Contains(out, c.Title) {
				out = append(out, c.Title)
			}
		}
	}
	return out
}

// mayMatch reports whether s holds one of the words a cue needs, so that
// the cue's regular expression runs only on questions it may match.
func mayMatch(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// topicWords are the words of a structured question, its cue cut out,
// that say what it is about: less the names of loaded forces, words that
// refer to the force or the report, and the words of asking.
func (ix *Index) topicWords(text string) []string {
	words, _ := ix.splitForceWords(words(text))
	var out []string
	for i, w := range words {
		lw := strings.ToLower(w)
		if frameWords[lw] || reportWords[lw] || orgWords[lw] || fillerAt(words, i) || askingWords[lw] || givingWords[lw] {
			continue
		}
		if yearRE.MatchString(lw) && len(strings.Trim(lw, "0123456789/-–")) == 0 {
			continue // "how did herts do in 2017": which report, not what about
		}
		out = append(out, w)
	}
	return out
}

// askingWords are words of asking for a structured answer, beside
// frameWords: "list the AFIs", "what grade did they get", "what's HMI's take".
var askingWords = map[string]bool{
	"did": true, "get": true, "got": true, "were": true, "they": true, "them": true, "their": true,
	"all": true, "main": true, "key": true, "raise": true, "raised": true, "made": true, "make": true,
	"say": true, "overall": true, "take": true, "view": true, "views": true, "opinion": true,
	"think": true, "thoughts": true, "doing": true, "do": true, "does": true, "how": true,
	"perform": true, "performing": true, "performance": true, "verdict": true, "like": true,
	"area": true, "areas": true, "chapter": true, "chapters": true, "section": true, "sections": true,
	"part": true, "example": true, "examples": true, "instance": true, "instances": true,
	"bit": true, "bits": true, "aspect": true, "aspects": true, "anywhere": true, "where": true,
	"which": true, "wise": true, "policing": true, "inspection": true, "given": true,
	"come": true, "came": true, "off": true, "on": true, "at": true, "in": true, "for": true,
	"force's": true, "findings": true, "finding": true, "well": true, "job": true, "with": true,
	// a list of them: "a rundown of the grades", "the judgments grid"
	"rundown": true, "breakdown": true, "grid": true, "table": true, "full": true,
	"complete": true, "every": true, "each": true,
	// what a force does about an area: "how good are they at tackling X"
	"tackling": true, "tackle": true, "tackles": true, "dealing": true, "deal": true,
	"deals": true, "handling": true, "handle": true, "handles": true,
	// what the report did with them: "any practice flagged in the report"
	"flagged": true, "highlighted": true, "mentioned": true, "noted": true, "listed": true,
	"cited": true, "practice": true, "practices": true,
	"identified": true, "identify": true, "found": true, "seen": true, "saw": true,
	"spotted": true, "described": true, "reported": true, "recognised": true,
	"included": true, "named": true, "there": true, "any": true, "has": true,
	"highlight": true, "highlights": true, "flag": true, "flags": true, "mention": true,
	"mentions": true, "note": true, "notes": true, "cite": true, "cites": true,
	"describe": true, "describes": true, "recognise": true, "recognises": true,
	"praise": true, "praised": true, "praises": true, "commend": true, "commended": true,
	"have": true, "had": true, "was": true, "been": true,
	// how the question refers to the report: "according to the AFI"
	"according": true, "matter": true, "matters": true,
}

// givingWords say how the inspectorate gave a structured question's items
// ("the AFIs the inspectorate set for X"), not what they are about. They
// are left out of a structured question's topic only: elsewhere they can
// be what is asked ("how many orders were issued", "do they give victims
// updates").
var givingWords = map[string]bool{
	"set": true, "sets": true, "gave": true, "give": true, "gives": true, "issued": true,
}

// inspectorWords name who gives a report's verdict: "the HM Inspector's
// overall view", "what did the inspectors conclude". In a question about
// other things they name the chapter of the inspector's observations,
// which says what the force must improve first ("HM Inspector's
// worries"), so they are taken out only of the overall verdict's topic.
var inspectorWords = map[string]bool{
	"hm": true, "hmi": true, "hmi's": true, "inspector": true, "inspector's": true, "inspectors": true,
	"inspectors'": true, "inspectorate": true, "inspectorate's": true, "hmicfrs": true, "hmicfrs's": true,
	"majesty's": true, "his": true, "her": true,
}

// ratingAsked takes a grade out of a grade question's topic words
// ("adequate", "requires improvement"), returning it in lower case.
func ratingAsked(topic []string) (string, []string) {
	text := strings.ToLower(strings.Join(topic, " "))
	for _, r := range []string{"requires improvement", "outstanding", "inadequate", "adequate", "good"} {
		if strings.Contains(" "+text+" ", " "+r+" ") {
			var rest []string
			for _, w := range topic {
				if lw := strings.ToLower(w); !strings.Contains(r, lw) {
					rest = append(rest, w)
				}
			}
			if len(rest) == 0 {
				return r, nil
			}
		}
	}
	return "", topic
}

// chaptersGraded are the titles of the chapters the reports give a rating.
func (ix *Index) chaptersGraded(reports []string, rating string) []string {
	var out []string
	for _, r := range ix.meta.Reports {
		if !slices.Contains(reports, r.ID) {
			continue
		}
		for _, c := range r.Chapters {
			if strings.EqualFold(c.Grade, rating) && !slices.Contains(out, c.Title) {
				out = append(out, c.Title)
			}
		}
	}
	return out
}

// reportsAsked are the loaded reports a question is about.
func (ix *Index) reportsAsked(q *question) []string {
	if len(q.reports) > 0 {
		return q.reports
	}
	return ix.Reports()
}

// fillItems finds the passages and statements that answer the intent, or
// says that the reports hold none.
func (ix *Index) fillItems(in *Intent) {
	any := false // the reports hold something of the kind asked for
	for _, r := range ix.meta.Reports {
		if !slices.Contains(in.Reports, r.ID) {
			continue
		}
		if len(in.Chapters) == 0 && len(in.Topic) == 0 {
			switch in.Kind {
			case IntentGrade:
				in.addItem(r.Judgments)
			case IntentOverview:
				in.addItem(r.Overview)
				in.addItem(r.Judgments)
			}
		}
		for _, c := range r.Chapters {
			named := len(in.Chapters) == 0 || slices.Contains(in.Chapters, c.Title)
			var items []string
			switch in.Kind {
			case IntentGrade, IntentOverview:
				items = []string{c.GradeID}
				if c.GradeID == "" && len(in.Chapters) > 0 {
					items = c.Ungraded
				}
			case IntentAFI:
				items = c.AFIs
				if len(items) == 0 && len(in.Chapters) > 0 {
					items = c.Improve
				}
			case IntentConcern:
				items = c.Concerns
			case IntentRecommendation:
				items = c.Recommendations
			case IntentPractice:
				items = c.Practice
			}
			if len(items) > 0 && items[0] != "" {
				any = true
			}
			if named && (len(in.Topic) == 0 || len(in.Chapters) > 0) {
				for _, id := range items {
					in.addItem(id)
				}
			}
		}
	}
	if !any && (in.Kind == IntentConcern || in.Kind == IntentRecommendation) {
		in.None = true
		in.Statement = ix.noneStatement(in)
	}
}

func (in *Intent) addItem(id string) {
	if id != "" && !slices.Contains(in.Items, id) {
		in.Items = append(in.Items, id)
	}
}

// noneStatement says that the reports asked about hold nothing of the
// kind asked for.
func (ix *Index) noneStatement(in *Intent) string {
	what := "causes of concern"
	if in.Kind == IntentRecommendation {
		what = "recommendations"
	}
	return ix.reportsSubject(in.Reports, "raises", "raise") + " no " + what + "."
}

// reportsSubject names the reports asked about as a sentence's subject,
// with its verb: "The Hertfordshire Constabulary PEEL 2021/22 report
// raises", "The loaded reports raise".
func (ix *Index) reportsSubject(reports []string, one, many string) string {
	var names []string
	for _, r := range ix.meta.Reports {
		if slices.Contains(reports, r.ID) {
			names = append(names, strings.TrimSpace(r.Force+" "+r.Round))
		}
	}
	switch {
	case len(names) == 1:
		return "The " + names[0] + " report " + one
	case len(names) <= 3:
		return "The reports of " + strings.Join(names, ", ") + " " + many
	}
	return "The loaded reports " + many
}

// chapterWords are the words that name a chapter: those of its title, its
// graded area and its grade sentence, with the PEEL framework's words for
// the area at half weight (areaTopics).
type chapterWords struct {
	title string
	own   map[string]bool
	topic map[string]bool
}

// areaTopics are the words the PEEL assessment frameworks (2021/22,
// 2023–25) and the College of Policing's APP use for what each area
// covers, and the everyday names of those things, for chapters whose
// titles do not say them: "calls" and "the control room" are what
// "Responding to the public" is about, "value for money" and "budgets"
// what "Good use of resources" is.
var areaTopics = []struct {
	re    *regexp.Regexp
	words string
}{
	{regexp.MustCompile(`(?i)investigat`), "investigation investigations investigators investigating detectives detective cid inquiries enquiries caseloads casework outcomes charging prosecutions solve solving solved catching caught criminals detection"},
	{regexp.MustCompile(`(?i)respond`), "calls call 999 101 contact response responses attendance attending answering answer emergency control room handlers handling takers dispatch incidents phone phones ringing arrive arriving arrival"},
	{regexp.MustCompile(`(?i)vulnerab`), "safeguarding vulnerability vulnerable abuse exploitation domestic child children missing mental health mash referrals safe kids stalking harassment"},
	{regexp.MustCompile(`(?i)offender|suspect`), "offenders offender suspects wanted arrests arrest bail sex registered iom paedophiles predators"},
	{regexp.MustCompile(`(?i)prevent|deter|antisocial`), "prevention preventing deterrence deterring antisocial asb neighbourhood neighbourhoods community problem bobbies beat patrols hotspots nuisance"},
	{regexp.MustCompile(`(?i)workforce|workplace`), "workforce workplace staff staffing wellbeing welfare recruitment retention culture training diversity hr personnel people employees morale sickness workload"},
	{regexp.MustCompile(`(?i)fairness|treat|respect|police powers`), "legitimacy fairness fair respect powers treatment treating stop search searches use force complaints engagement treat treated racism race ethnicity bias disproportionality"},
	{regexp.MustCompile(`(?i)value for money|resources|efficien|leadership|force management`), "efficiency efficient efficiently money finances financial budget budgets resources planning value vfm leadership demand collaboration savings spend spending spent cost costs"},
	{regexp.MustCompile(`(?i)organised crime`), "soc organised ocg ocgs gangs"},
	{regexp.MustCompile(`(?i)vetting|corruption`), "vetting corruption corrupt professional standards"},
}

// gradeWords are the words of a grade sentence that say the grade or name
// the force, not the area.
var gradeWords = regexp.MustCompile(`(?i)\b(is|are|outstanding|good|adequate|inadequate|requires|improvement|at|in)\b`)

// chapterVocabulary reads, once per index, the words naming each chapter.
func (ix *Index) chapterVocabulary() map[string][]chapterWords {
	ix.chapterOnce.Do(func() {
		ix.chapterVocab = map[string][]chapterWords{}
		for _, r := range ix.meta.Reports {
			place := strings.Fields(strings.ToLower(r.Force))
			for _, c := range r.Chapters {
				cw := chapterWords{title: c.Title, own: map[string]bool{}, topic: map[string]bool{}}
				summary := gradeWords.ReplaceAllString(c.Summary, " ")
				for _, t := range ix.analyze(c.Title + " " + c.Area + " " + summary) {
					if !slices.Contains(place, t) {
						cw.own[t] = true
					}
				}
				for _, at := range areaTopics {
					if at.re.MatchString(c.Title + " " + c.Area) {
						for _, t := range ix.analyze(at.words) {
							if !cw.own[t] {
								cw.topic[t] = true
							}
						}
					}
				}
				ix.chapterVocab[r.ID] = append(ix.chapterVocab[r.ID], cw)
			}
		}
	})
	return ix.chapterVocab
}

// namedChapters returns the chapter a structured question's topic words
// name, or nil and the topic. A chapter is named when every word of the
// topic is a word of its title, area or grade sentence (or of the PEEL
// framework for its area), and it scores clearly above any other chapter.
func (ix *Index) namedChapters(reports []string, topic []string) (chapters []string, rest []string) {
	if len(topic) == 0 {
		return nil, nil
	}
	vocab := ix.chapterVocabulary()
	type scored struct {
		title string
		score float64
	}
	best := map[string]float64{}
	terms := ix.analyze(strings.Join(topic, " "))
	for _, id := range reports {
		chs := vocab[id]
		for _, t := range terms {
			cf := 0
			for _, cw := range chs {
				if cw.own[t] || cw.topic[t] {
					cf++
				}
			}
			if cf == 0 {
				continue
			}
			idf := math.Log(1 + float64(len(chs))/float64(cf))
			for _, cw := range chs {
				switch {
				case cw.own[t]:
					best[cw.title] += idf
				case cw.topic[t]:
					best[cw.title] += idf / 2
				}
			}
		}
	}
	var top scored
	second := 0.0
	for title, s := range best {
		if s > top.score || s == top.score && title < top.title {
			second = max(second, top.score)
			top = scored{title, s}
		} else {
			second = max(second, s)
		}
	}
	if top.score == 0 || second >= 0.8*top.score {
		return nil, topic
	}
	words, named := map[string]bool{}, map[string]bool{} // all its words; those of its name
	for _, id := range reports {
		for _, cw := range vocab[id] {
			if cw.title == top.title {
				for t := range cw.own {
					words[t], named[t] = true, true
				}
				for t := range cw.topic {
					words[t] = true
				}
			}
		}
	}
	// Every word of the topic is one of the chapter's name ("AFIs for value
	// for money"), or of what the chapter covers ("call takers": a topic in
	// "Responding to the public"), or the topic names the chapter by two or
	// more words of its name together and says what else it is about
	// ("responding to the public: attendance times"). "Victim needs
	// assessments" names no chapter, though "victim" and "assessment" are
	// words of the victim service assessment's title: they are not
	// together. Beyond the chapter's name, the words are a topic in it,
	// which its items are ordered by.
	run, longest := 0, 0
	all, allNamed := true, true
	for _, t := range terms {
		all = all && words[t]
		allNamed = allNamed && named[t]
		if named[t] {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	switch {
	case allNamed:
		return []string{top.title}, nil
	case !all && longest < 2:
		return nil, topic
	}
	for _, w := range topic {
		of := false
		for _, t := range ix.analyze(w) {
			of = of || named[t]
		}
		if !of {
			rest = append(rest, w)
		}
	}
	return []string{top.title}, rest
}
