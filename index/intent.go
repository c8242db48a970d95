package index

import (
	"math"
	"regexp"
	"slices"
	"strings"
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
	// question, in report order; search puts them first. Empty when the
	// reports hold none (see None) or when the items are found by Topic.
	Items []string `json:"items,omitempty"`
	// None is true when the reports asked about hold nothing of the kind
	// asked for (this report raises no causes of concern), which is the
	// answer; Statement then says so, as peelbot's sentence, not a quote.
	None      bool   `json:"none,omitempty"`
	Statement string `json:"statement,omitempty"`
}

// Cues of each kind of structured question, matched on the question in
// lower case.
var (
	gradeCue = regexp.MustCompile(`\bgrade[sd]?\b|\bgrading\b|\brat(ed|ing|ings)\b|\bjudge?ments?\b|\bhow good (is|are|were|was)\b|\b(is|are|was|were)\b.{0,30}\b(outstanding|good|adequate|inadequate|requires improvement) (at|in)\b|\bwhat did .{0,30}\bget (for|in|on)\b`)
	// callGrading is the grading of calls and incidents, not a grade of the force.
	callGrading = regexp.MustCompile(`\b(calls?|incidents?|risk|priority)( are| is| were| was| being)? grad|\bgrad\w* (of )?(calls?|incidents?|risk)\b`)
	afiCue      = regexp.MustCompile(`\bafis?\b|\bareas? for improvement\b|\bimprovement areas?\b|\b(must|should|needs?|has to|have to|got to|ought to) (to )?improve\b|\bneeds? (improving|improvement)\b|\b(to )?do better\b|\bweakness(es)?\b|\bshortcomings?\b|\bfailings?\b|\bfall(s|ing)? short\b|\bwhat (went|goes|is|are) wrong\b`)
	concernCue  = regexp.MustCompile(`\bcauses? (of|for) concern\b|\bareas? of concern\b|\bcocs?\b|\baccelerated causes?\b`)
	recCue      = regexp.MustCompile(`\brecommendations?\b|\brecommend(ed|s)?\b`)
	practiceCue = regexp.MustCompile(`\b(innovative|promising|notable|good|best|interesting) practices?\b|\binnovations?\b|\binnovative\b|\bpractice examples?\b`)
	overviewCue = regexp.MustCompile(`\boverall\b|\bsummary\b|\boverview\b|\bin (a )?nutshell\b|\bverdict\b|\bhow (is|are|did|does|do)\b.{0,30}\b(do|doing|perform|performing|get on|getting on)\b|\btell me about\b|\bwhat (is|was) .{0,20}\blike\b`)
)

// recognise returns the structured question q asks, or nil.
func (ix *Index) recognise(q *question) *Intent {
	raw := strings.ToLower(q.parsed.Raw)
	var kind IntentKind
	var cue *regexp.Regexp
	switch {
	case mayMatch(raw, "concern", "coc") && concernCue.MatchString(raw):
		kind, cue = IntentConcern, concernCue
	case strings.Contains(raw, "recommend") && recCue.MatchString(raw):
		kind, cue = IntentRecommendation, recCue
	case mayMatch(raw, "afi", "improv", "better", "weakness", "shortcoming", "short", "failing", "wrong") && afiCue.MatchString(raw):
		kind, cue = IntentAFI, afiCue
	case mayMatch(raw, "practice", "innovat") && practiceCue.MatchString(raw):
		kind, cue = IntentPractice, practiceCue
	case mayMatch(raw, "grad", "rat", "judg", "get", "good", "adequate", "outstanding", "requires improvement") && gradeCue.MatchString(raw) && !callGrading.MatchString(raw):
		kind, cue = IntentGrade, gradeCue
	default:
		cue = overviewCue
	}
	topic := q.words
	if kind != "" || mayMatch(raw, "overall", "summar", "overview", "nutshell", "verdict", "how", "tell", "like") {
		topic = ix.topicWords(cue.ReplaceAllString(raw, " "))
	}
	if kind == "" {
		// "tell me about the force", "herts", "how is herts doing": nothing
		// asked but the report's verdict.
		onlyForce := len(q.terms) == 0 && q.namesForce
		overall := len(ix.analyze(strings.Join(topic, " "))) == 0 && overviewCue.MatchString(raw)
		if !onlyForce && !overall {
			return nil
		}
		kind = IntentOverview
	}
	in := &Intent{Kind: kind, Reports: ix.reportsAsked(q)}
	if kind == IntentGrade {
		// "which areas were rated adequate": the chapters with that grade.
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
	}
	chapters, rest := ix.namedChapters(in.Reports, topic)
	in.Chapters = chapters
	if len(ix.analyze(strings.Join(rest, " "))) > 0 {
		in.Topic = rest
	}
	ix.fillItems(in)
	return in
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
	for _, w := range words {
		lw := strings.ToLower(w)
		if frameWords[lw] || reportWords[lw] || orgWords[lw] || fillerWords[lw] || askingWords[lw] {
			continue
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
			if named && len(in.Topic) == 0 {
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
// 2023–25) use for each area, for chapters whose titles do not say them:
// "calls" is what "Responding to the public" is about.
var areaTopics = []struct {
	re    *regexp.Regexp
	words string
}{
	{regexp.MustCompile(`(?i)investigat`), "investigation investigations investigators detectives inquiries"},
	{regexp.MustCompile(`(?i)respond`), "calls call 999 101 contact response attendance"},
	{regexp.MustCompile(`(?i)vulnerab`), "safeguarding vulnerability abuse exploitation"},
	{regexp.MustCompile(`(?i)offender|suspect`), "offenders offender suspects wanted"},
	{regexp.MustCompile(`(?i)prevent|deter|antisocial`), "prevention deterrence antisocial asb neighbourhood"},
	{regexp.MustCompile(`(?i)workforce|workplace`), "workforce workplace staff wellbeing recruitment"},
	{regexp.MustCompile(`(?i)fairness|treat|respect|police powers`), "legitimacy fairness respect powers treatment"},
	{regexp.MustCompile(`(?i)value for money|resources|efficien|leadership|force management`), "efficiency efficient money finances resources"},
	{regexp.MustCompile(`(?i)organised crime`), "soc organised"},
	{regexp.MustCompile(`(?i)vetting|corruption`), "vetting corruption"},
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
	own := map[string]bool{}
	for _, id := range reports {
		for _, cw := range vocab[id] {
			if cw.title == top.title {
				for t := range cw.own {
					own[t] = true
				}
				for t := range cw.topic {
					own[t] = true
				}
			}
		}
	}
	// Every word of the topic must be one of the chapter's: "victim needs
	// assessments" names no chapter, though "victim" and "assessment" are
	// words of the victim service assessment's title.
	for _, t := range terms {
		if !own[t] {
			return nil, topic
		}
	}
	return []string{top.title}, nil
}
