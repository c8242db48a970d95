package index

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

func TestGradeQuestionsQuoteTheGradeSentence(t *testing.T) {
	ix, _ := embeddedIndex(t)
	cases := map[string]string{
		"how was investigating crime graded":            "Hertfordshire Constabulary is adequate at investigating crime.",
		"what grade did responding to the public get":   "Hertfordshire Constabulary requires improvement at responding to the public.",
		"herts rating for the workforce":                "Hertfordshire Constabulary is adequate at building and developing its workforce.",
		"how were they graded on value for money":       "Hertfordshire Constabulary is adequate at operating efficiently.",
		"is herts good at protecting vulnerable people": "Hertfordshire Constabulary is adequate at protecting vulnerable people.",
	}
	for q, want := range cases {
		res := find(t, ix, q, 3)
		if res.Intent == nil || res.Intent.Kind != IntentGrade || len(res.Intent.Chapters) != 1 {
			t.Errorf("%q: intent %+v", q, res.Intent)
		}
		if len(res.Hits) == 0 || res.Hits[0].Text != want || res.Hits[0].Kind != "grade" || res.Hits[0].Page < 1 || !res.Answered {
			t.Errorf("%q: first hit %q, want %q", q, firstText(res), want)
		}
	}
	// "herts grades": the report's judgments, then every grade sentence.
	res := find(t, ix, "herts grades", 10)
	var grades int
	for _, h := range res.Hits {
		if h.Kind == "grade" {
			grades++
		}
	}
	if res.Intent == nil || res.Intent.Kind != IntentGrade || len(res.Intent.Chapters) != 0 || grades != 8 ||
		!strings.Contains(res.Hits[0].Text, "We make graded judgments in eight of these nine") {
		t.Errorf("herts grades: %d grade sentences, first %q", grades, firstText(res))
	}
	// An ungraded chapter says why it has no grade.
	res = find(t, ix, "how was vetting and counter corruption graded", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "didn't include a graded judgment") {
		t.Errorf("ungraded chapter: %q", firstText(res))
	}
	// Call grading is not the force's grade.
	if res := find(t, ix, "are calls graded correctly", 3); res.Intent != nil {
		t.Errorf("call grading read as a grade question: %+v", res.Intent)
	}
}

func TestAFIQuestionsListTheAreasHeadlines(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "AFIs for responding to the public", 5)
	want := []string{
		"The constabulary should attend incidents within its published time frames based on the prioritisation given to the call. Where there are delays, it should make sure the reasons are recorded and victims are updated",
		"The constabulary should make sure that repeat and vulnerable callers are routinely identified",
		"The constabulary needs to make sure that call takers give appropriate advice on crime prevention and the preservation of evidence",
	}
	if res.Intent == nil || res.Intent.Kind != IntentAFI || !slices.Equal(res.Intent.Chapters, []string{"Responding to the public"}) {
		t.Fatalf("intent %+v", res.Intent)
	}
	for i, w := range want {
		if i >= len(res.Hits) || res.Hits[i].Text != w || res.Hits[i].Kind != "afi" {
			t.Errorf("hit %d = %q, want %q", i+1, firstText(&Result{Hits: res.Hits[min(i, len(res.Hits)-1):]}), w)
		}
	}
	// A topic rather than an area: the AFI about it, by its headline.
	res = find(t, ix, "what must improve about problem solving", 3)
	if len(res.Hits) == 0 || !strings.HasPrefix(res.Hits[0].Text, "The constabulary should make sure that problem-solving plans are routinely assessed") {
		t.Errorf("AFI by topic: %q", firstText(res))
	}
}

func TestConcernsAndRecommendationsTheReportDoesNotRaise(t *testing.T) {
	ix, lib := embeddedIndex(t)
	for q, what := range map[string]string{"what are the causes of concern": "causes of concern", "any recommendations for herts": "recommendations"} {
		res := find(t, ix, q, 3)
		want := "The Hertfordshire Constabulary PEEL 2021/22 report raises no " + what + "."
		if res.Intent == nil || !res.Intent.None || res.Intent.Statement != want || res.Answered || res.Note != want {
			t.Errorf("%q: intent %+v, answered %v, note %q", q, res.Intent, res.Answered, res.Note)
		}
		for _, h := range res.Hits {
			if h.Context {
				t.Errorf("%q: standard wording shown: %q", q, h.Text)
			}
		}
	}
	// A report that raises some answers with them.
	more, err := Build(withSynthetic(t, lib))
	if err != nil {
		t.Fatal(err)
	}
	defer more.Close()
	res := find(t, more, "causes of concern northmoor", 5)
	if res.Intent == nil || res.Intent.None || len(res.Hits) == 0 || res.Hits[0].Kind != "cause of concern" ||
		res.Hits[0].Text != "The force is not answering emergency calls quickly enough" || !res.Answered {
		t.Errorf("northmoor concerns: %+v, first %q", res.Intent, firstText(res))
	}
}

func TestPracticeAndOverview(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "innovative practice", 3)
	if len(res.Hits) == 0 || !strings.HasPrefix(res.Hits[0].Text, "The constabulary uses the echo customer feedback platform") || res.Hits[0].Kind != "innovative practice" {
		t.Errorf("innovative practice: %q", firstText(res))
	}
	for _, q := range []string{"tell me about the force", "how is herts doing overall"} {
		res := find(t, ix, q, 3)
		if res.Intent == nil || res.Intent.Kind != IntentOverview || len(res.Hits) == 0 ||
			!strings.HasPrefix(res.Hits[0].Text, "I am pleased with the performance of Hertfordshire Constabulary") {
			t.Errorf("%q: intent %+v, first %q", q, res.Intent, firstText(res))
		}
		for _, h := range res.Hits {
			if strings.Contains(h.Text, "use of force") {
				t.Errorf("%q answered with use of force: %q", q, h.Text)
			}
		}
	}
	// "use of force" is still a subject.
	if res := find(t, ix, "use of force scrutiny", 3); len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text+res.Hits[0].Heading, "use of force") {
		t.Errorf("use of force: %q", firstText(res))
	}
}

func TestGradeQuestionsByRating(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "which areas were rated adequate", 10)
	adequate := 0
	for _, h := range res.Hits {
		if h.Kind == "grade" && strings.Contains(h.Text, " is adequate at ") {
			adequate++
		}
	}
	if adequate != 5 || !strings.Contains(res.Hits[0].Text, " is adequate at ") {
		t.Errorf("adequate areas: %d, first %q", adequate, firstText(res))
	}
	res = find(t, ix, "any areas graded outstanding", 3)
	if want := "The Hertfordshire Constabulary PEEL 2021/22 report grades no area outstanding."; res.Answered || res.Note != want {
		t.Errorf("outstanding: answered %v, note %q, want %q", res.Answered, res.Note, want)
	}
}

func TestGradeKindFilterListsTheGrades(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "kind:grade", 10)
	if res.Total != 8 || len(res.Hits) != 8 || res.Hits[0].Text != "Hertfordshire Constabulary is good at treating people fairly and with respect." {
		t.Errorf("kind:grade lists %d (total %d), first %q", len(res.Hits), res.Total, firstText(res))
	}
}

// probe is a structured question asked in an everyday way, with the
// intent, the chapter and the first passage a reader should get.
type probe struct {
	q, kind, chapter, first string
}

// Structured questions are recognised however they are phrased: the
// inspectorate's words, the judgments grid's names, chapter titles and
// everyday names of areas, in the voices of board members, analysts and
// officers. The probes were written from the PEEL framework and the
// College of Policing's vocabulary, not from the evaluation sets.
func TestStructuredQuestionsInEverydayWords(t *testing.T) {
	ix, _ := embeddedIndex(t)
	const (
		vfm       = "Strategic planning, organisational management and value for money"
		workforce = "Building, supporting and protecting the workforce"
		respond   = "Responding to the public"
		invest    = "Investigating crime"
		vulnerab  = "Protecting vulnerable people"
		offenders = "Managing offenders and suspects"
		treat     = "Engaging with and treating the public with fairness and respect"
		prevent   = "Preventing crime and antisocial behaviour"
	)
	probes := []probe{
		// grades
		{"how did they do on value for money", "grade", vfm, "Hertfordshire Constabulary is adequate at operating efficiently."},
		{"how were they marked on the workforce", "grade", workforce, "Hertfordshire Constabulary is adequate at building and developing its workforce."},
		{"what score did managing offenders get", "grade", offenders, "Hertfordshire Constabulary is adequate at managing offenders and suspects."},
		{"verdict on investigations", "grade", invest, "Hertfordshire Constabulary is adequate at investigating crime."},
		{"how did they get on with investigating crime", "grade", invest, "Hertfordshire Constabulary is adequate at investigating crime."},
		{"how did the inspectorate rate their treatment of the public", "grade", treat, "Hertfordshire Constabulary is good at treating people fairly and with respect."},
		{"what mark did they get for good use of resources", "grade", vfm, "Hertfordshire Constabulary is adequate at operating efficiently."},
		{"how good are they at dealing with domestic abuse", "grade", vulnerab, "Hertfordshire Constabulary is adequate at protecting vulnerable people."},
		{"how did they do with 999 calls", "grade", respond, "Hertfordshire Constabulary requires improvement at responding to the public."},
		{"is the force good at stop and search", "grade", treat, "Hertfordshire Constabulary is good at treating people fairly and with respect."},
		{"grade for developing a positive workplace", "grade", workforce, "Hertfordshire Constabulary is adequate at building and developing its workforce."},
		{"where did herts score worst", "grade", respond, "Hertfordshire Constabulary requires improvement at responding to the public."},
		{"did they get requires improvement anywhere", "grade", respond, "Hertfordshire Constabulary requires improvement at responding to the public."},
		{"rundown of the grades herts got", "grade", "", "We make graded judgments in eight of these nine"},
		{"show me the judgments grid", "grade", "", "We make graded judgments in eight of these nine"},
		{"how were they graded on tackling serious and organised crime", "grade", "Disrupting serious organised crime", "hasn't yet been completed"},
		// areas for improvement
		{"what do they need to sort out in investigations", "afi", invest, "The constabulary should set investigation plans where needed"},
		{"weak spots in responding to the public", "afi", respond, "The constabulary should attend incidents within its published time frames"},
		// how the inspectorate gave them is not what they are about: "set"
		// is no topic that an AFI of another area ("should set
		// investigation plans") answers
		{"list the areas for improvement the inspectorate set for how the force responds to the public", "afi", respond, "The constabulary should attend incidents within its published time frames"},
		{"what did the HMI say they should improve", "afi", "", "The constabulary should make sure that problem-solving plans are routinely assessed"},
		{"what should herts work on", "afi", "", "The constabulary should make sure that problem-solving plans are routinely assessed"},
		{"where is the force falling down on protecting vulnerable people", "afi", vulnerab, "The constabulary should make sure that protective orders are considered"},
		{"what needs improving in the workforce", "afi", workforce, "The constabulary should consider using up-to-date and accurate information about workforce skills"},
		{"improvements needed for value for money", "afi", vfm, "The constabulary should review its agreements under section 23"},
		{"what do call takers need to do better", "afi", respond, "call takers give appropriate advice on crime prevention"},
		{"what do the inspectors want changed about victim needs assessments", "afi", "", "victim needs assessments are routinely completed and recorded"},
		// improvement asked for as a noun, a passive or a possibility
		{"which improvements are required on value for money", "afi", vfm, "The constabulary should review its agreements under section 23"},
		{"what should be improved in the workforce", "afi", workforce, "The constabulary should consider using up-to-date and accurate information about workforce skills"},
		{"is there scope for improvement in investigations", "afi", invest, "The constabulary should set investigation plans where needed"},
		{"what could be improved about attendance times", "afi", "", "The constabulary should attend incidents within its published time frames"},
		{"which parts of protecting vulnerable people need more work?", "afi", vulnerab, "The constabulary should make sure that protective orders are considered"},
		{"where is the force underperforming in responding to the public", "afi", respond, "The constabulary should attend incidents within its published time frames"},
		// what the force is expected or told to do, what it must focus on
		{"what is the force expected to improve on victim needs assessments", "afi", "", "victim needs assessments are routinely completed and recorded"},
		{"what do they need to focus on in protecting vulnerable people", "afi", vulnerab, "The constabulary should make sure that protective orders are considered"},
		{"what more should be done about problem solving", "afi", "", "The constabulary should make sure that problem-solving plans are routinely assessed"},
		{"what should the force be doing differently on investigations", "afi", invest, "The constabulary should set investigation plans where needed"},
		{"what is lacking in the workforce chapter", "afi", workforce, "The constabulary should consider using up-to-date and accurate information about workforce skills"},
		// words naming a chapter that are part of another chapter's topic
		{"AFIs on crime prevention advice given by call handlers", "afi", "", "call takers give appropriate advice on crime prevention"},
		// the topic between the cue's words: "should … be doing better"
		{"what should call takers be doing better", "afi", "", "call takers give appropriate advice on crime prevention"},
		{"what went wrong with attendance times", "afi", "", "The constabulary should attend incidents within its published time frames"},
		{"what's the AFI about occupational health", "afi", "", "The constabulary should review its agreements under section 23"},
		{"what should they do about victim needs assessments", "afi", "", "victim needs assessments are routinely completed and recorded"},
		{"what are they bad at", "afi", "", "The constabulary should make sure that problem-solving plans are routinely assessed"},
		// a chapter without AFIs: what it says could be better
		{"what could they do better on managing offenders", "afi", offenders, "could improve how it monitors registered sex offenders"},
		{"areas for development in treatment of the public", "afi", treat, "doesn't always record the grounds for stop and search"},
		// causes of concern and recommendations the report doesn't raise
		{"any serious failings", "concern", "", ""},
		{"was there an accelerated cause of concern", "concern", "", ""},
		{"what did hmicfrs recommend", "recommendation", "", ""},
		// practice and the overall verdict
		{"what practice could other forces learn from", "practice", "", "The constabulary uses the echo customer feedback platform"},
		{"examples of innovation", "practice", "", "The constabulary uses the echo customer feedback platform"},
		{"innovative practice on engaging communities", "practice", "", "The constabulary uses the echo customer feedback platform"},
		{"any innovative practice on cybercrime", "practice", "", ""}, // the report mentions cybercrime, but no practice on it
		// the noun typed as the verb's British spelling
		{"any good practise in herts", "practice", "", "The constabulary uses the echo customer feedback platform"},
		{"any good practise on cybercrime", "practice", "", ""},
		{"give me the gist", "overview", "", "I am pleased with the performance of Hertfordshire Constabulary"},
		{"what did the inspector conclude", "overview", "", "I am pleased with the performance of Hertfordshire Constabulary"},
		{"sum up the report", "overview", "", "I am pleased with the performance of Hertfordshire Constabulary"},
		// whose verdict it is: the inspector's, not a topic
		{"what is the HM Inspector's overall view of the force", "overview", "", "I am pleased with the performance of Hertfordshire Constabulary"},
		{"what did the inspectors think of herts overall", "overview", "", "I am pleased with the performance of Hertfordshire Constabulary"},
	}
	checkProbes(t, ix, probes)
}

// The same questions reach a 2023–25 report's areas, named as that
// round names them.
func TestStructuredQuestionsOfAnotherRoundAndForce(t *testing.T) {
	_, lib := embeddedIndex(t)
	ix, err := Build(withSynthetic(t, lib))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkProbes(t, ix, []probe{
		{"how did northmoor do on leadership", "grade", "Leadership and force management", "Northmoor Police is adequate at leadership and force management."},
		{"northmoor grade for stop and search", "grade", "Police powers and public treatment", "Northmoor Police is good at police powers and public treatment."},
		{"where did northmoor score worst", "grade", "Responding to the public", "Northmoor Police is inadequate at responding to the public."},
		{"what does northmoor need to sort out in investigations", "afi", "Investigating crime", "The force should improve how it records victims' wishes"},
		{"northmoor weak spots on evidence-led prosecutions", "afi", "", "The force should make more use of evidence-led prosecutions"},
		{"northmoor serious failings", "concern", "", "The force is not answering emergency calls quickly enough"},
		{"what did they recommend to northmoor about 999 calls", "recommendation", "", "make sure enough call handlers are on duty at busy times"},
		{"northmoor notable practice", "practice", "", "The force uses a youth advisory board to test its stop and search policy"},
	})
	// Its AFIs come with what its inspectors found, as the embedded
	// report's do.
	res := find(t, ix, "what does northmoor need to sort out in investigations", 3)
	if why := explanations(res.Hits[:min(1, len(res.Hits))]); len(why) == 0 || !strings.Contains(why[0], "In 12 of 30 cases") {
		t.Errorf("northmoor's AFI is explained by %q", why)
	}
}

func checkProbes(t *testing.T, ix *Index, probes []probe) {
	t.Helper()
	for _, p := range probes {
		res := find(t, ix, p.q, 3)
		in := res.Intent
		switch {
		case in == nil || string(in.Kind) != p.kind:
			t.Errorf("%q: intent %+v, want %s", p.q, in, p.kind)
			continue
		case p.chapter != "" && !slices.Contains(in.Chapters, p.chapter):
			t.Errorf("%q: chapters %q, want %q", p.q, in.Chapters, p.chapter)
		}
		if p.first == "" {
			if !in.None || in.Statement == "" {
				t.Errorf("%q: want a statement that the report raises none, got %+v", p.q, in)
			}
			continue
		}
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, p.first) {
			t.Errorf("%q: first hit %q, want %q", p.q, firstText(res), p.first)
		}
	}
}

// A question asking what must improve about a topic that no area for
// improvement says in its words gets the AFIs of the area the passages
// about the topic are in; the judgment rests on those passages.
func TestAFIOfATopicIsItsAreasAFIs(t *testing.T) {
	ix, _ := embeddedIndex(t)
	cases := map[string][]string{
		// the workforce's AFI, or the one on the occupational health that
		// supports staff
		"what should they improve about looking after their staff": {"information about workforce skills", "occupational health"},
		"what needs fixing in how they spend their money":          {"section 23 of the Police Act"},
	}
	for q, want := range cases {
		res := find(t, ix, q, 3)
		if len(res.Hits) == 0 || res.Hits[0].Kind != "afi" || !matchesAny(res.Hits[0].Text+" "+res.Hits[0].Heading, want) || !res.Answered {
			t.Errorf("%q: first hit %q (answered %v), want the AFI on %q", q, firstText(res), res.Answered, want)
		}
	}
	// A narrow topic that passages are wholly about is answered by them,
	// not by the area's AFIs on other things.
	if res := find(t, ix, "is anything not working in the safeguarding hub", 3); len(res.Hits) == 0 || res.Hits[0].Kind == "afi" || !strings.Contains(res.Hits[0].Text, "safeguarding hub") {
		t.Errorf("safeguarding hub: first hit %q, want a passage about the hub", firstText(res))
	}
	// An area's AFIs that say none of the topic are about something else
	// in the area: the passages about the topic answer, not an AFI on
	// another subject with its evidence.
	for _, q := range []string{
		"what should the force do about officers who feel work is handed out unfairly",
		"what must improve for staff who feel jobs are handed out unfairly",
	} {
		res := find(t, ix, q, 3)
		if len(res.Hits) == 0 || !strings.Contains(strings.ToLower(res.Hits[0].Text+" "+res.Hits[0].Heading), "unfair") && !strings.Contains(res.Hits[0].Text, "perception") {
			t.Errorf("%q: first hit %q, want a passage about perceptions of unfairness", q, firstText(res))
		}
	}
	// A year the report's text mentions, in a question about what it
	// followed up from then, is not another inspection's round.
	res := find(t, ix, "What was the 2019 area for improvement on skills and has it been addressed?", 3)
	if !res.Answered || res.Evidence.Reason == "other round" {
		t.Errorf("the 2019 AFI on skills: %s, %q", res.Evidence.Reason, res.Note)
	}
	// Words of asking are no topic: the report's practice is the answer.
	for _, q := range []string{"What innovative practice was identified in the Hertfordshire PEEL report?",
		"what notable practice did HMICFRS highlight", "which innovative practice does the report mention"} {
		res = find(t, ix, q, 3)
		if res.Intent == nil || res.Intent.None || !res.Answered || len(res.Hits) == 0 || res.Hits[0].Kind != "innovative practice" {
			t.Errorf("%q: intent %+v, first %q", q, res.Intent, firstText(res))
		}
	}
}

// A question for one report's grades without naming an area shows every
// graded judgment's sentence, cited, however few passages a page holds;
// the next page carries on after them.
func TestWholeReportGradesShowEveryGradeWhateverThePageSize(t *testing.T) {
	ix, _ := embeddedIndex(t)
	var want []string // the grade sentences the index holds
	for _, r := range ix.meta.Reports {
		for _, c := range r.Chapters {
			if c.GradeID != "" {
				want = append(want, c.GradeID)
			}
		}
	}
	if len(want) < 4 {
		t.Fatalf("the embedded report has %d grade sentences", len(want))
	}
	for _, q := range []string{"herts grades", "what grades did they get", "how were they rated overall"} {
		for _, limit := range []int{0, 1, 3} {
			res := find(t, ix, q, limit)
			var got []string
			for _, h := range res.Hits {
				if h.Kind == "grade" {
					got = append(got, h.ID)
					if h.Page < 1 || h.URL == "" {
						t.Errorf("%q: grade %q uncited (page %d, url %q)", q, h.Text, h.Page, h.URL)
					}
				}
			}
			if !slices.Equal(got, want) || !res.Answered {
				t.Errorf("%q limit %d: grades %v, want %v (answered %v)", q, limit, got, want, res.Answered)
			}
			next, err := ix.Search(context.Background(), Request{Query: q, Limit: 3, Offset: len(res.Hits)})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range next.Hits {
				if slices.ContainsFunc(res.Hits, func(s Hit) bool { return s.ID == h.ID }) {
					t.Errorf("%q: the next page repeats %q", q, h.Text)
				}
			}
		}
	}
	// One area's grade keeps the page size.
	if res := find(t, ix, "how was investigating crime graded", 1); len(res.Hits) != 1 {
		t.Errorf("one area's grade: %d hits on a page of 1", len(res.Hits))
	}
}

// An area's AFIs are answered by their headlines, as the report states
// them, each shown with what the inspectorate found that makes it an area
// for improvement (Hit.Explanation): the first paragraph under it, its
// evidence, before the paragraphs that restate what the force should do;
// or, when that paragraph says how it was raised at the last inspection,
// what this one found. The paragraph shown with its headline is not shown
// again on its own.
func TestAFIAnswerGivesEachHeadlinesEvidenceWithIt(t *testing.T) {
	ix, lib := embeddedIndex(t)
	byArea := map[string][]*corpus.AFI{}
	var areas []string
	for _, a := range lib.AFIs() {
		if byArea[a.Area] == nil {
			areas = append(areas, a.Area)
		}
		byArea[a.Area] = append(byArea[a.Area], a)
	}
	if len(areas) < 3 {
		t.Fatalf("%d areas with AFIs", len(areas))
	}
	for _, area := range areas {
		afis := byArea[area]
		q := "what must improve in " + strings.ToLower(area)
		res := find(t, ix, q, 2*len(afis))
		var want, wantWhy []string
		for _, a := range afis {
			want = append(want, a.Text)
			wantWhy = append(wantWhy, failingFound(a).Text)
		}
		got := texts(res)
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("%q:\n got %q\nwant %q first", q, got, want)
			continue
		}
		if why := explanations(res.Hits[:len(want)]); !slices.Equal(why, wantWhy) {
			t.Errorf("%q: explained by\n %q\nwant %q", q, why, wantWhy)
		}
		for _, h := range res.Hits {
			if slices.Contains(wantWhy, h.Text) {
				t.Errorf("%q: %q is shown with its headline and again on its own", q, h.Text)
			}
		}
	}
	// A topic within an area: its headline, with the evidence for it.
	a := byArea["Investigating crime"][0]
	q := "what needs to improve about investigation plans and supervisory oversight of investigations"
	res := find(t, ix, q, 3)
	if got := texts(res); len(got) < 1 || got[0] != a.Text || explanations(res.Hits[:1])[0] != a.Passages[0].Text {
		t.Errorf("%q: got %q explained by %q, want the headline %q with %q", q, got, explanations(res.Hits), a.Text, a.Passages[0].Text)
	}
	// Asked what they must still improve, the paragraph on the last
	// inspection is the evidence.
	carried := 0
	for _, a := range lib.AFIs() {
		if !strings.HasPrefix(a.Passages[0].Text, "In our last inspection") {
			continue
		}
		carried++
		q := "what must they still improve in " + strings.ToLower(a.Area)
		res := find(t, ix, q, 2)
		if why := explanations(res.Hits[:1]); why[0] != a.Passages[0].Text {
			t.Errorf("%q: explained by %q, want %q", q, why, a.Passages[0].Text)
		}
	}
	if carried == 0 {
		t.Error("no AFI raised at the last inspection to ask about")
	}
}

// A question why the force does something badly asks for the report's
// reasons, not for its areas for improvement, and one about what
// officers are told to do is not about them either; one why it must
// improve is still about them.
func TestWhyAFailingIsNotAnAFIQuestion(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"why is the force struggling to recruit detectives", "why are they bad at answering 999 calls",
		// what officers are told or asked to do is not what the force must improve
		"officers told to do more paperwork", "are officers asked to do overtime in the control room"} {
		if res := find(t, ix, q, 3); res.Intent != nil && res.Intent.Kind == IntentAFI {
			t.Errorf("%q read as an AFI question: %+v", q, res.Intent)
		}
	}
	if res := find(t, ix, "why must they improve investigations", 3); res.Intent == nil || res.Intent.Kind != IntentAFI {
		t.Errorf("why they must improve: intent %+v, want afi", res.Intent)
	}
}

// People struggling in their own lives ask about the help they get, not
// about what the force must improve; the force struggling at something
// still asks what it must improve.
func TestPeopleStrugglingIsNotAnAFIQuestion(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"is there anyone at work staff can turn to if they are struggling with their wellbeing",
		"what help is there for officers struggling to cope",
		// a time clause: the state a person reaches before help comes
		"do staff only find out about wellbeing help once they're already struggling"} {
		if res := find(t, ix, q, 3); res.Intent != nil && res.Intent.Kind == IntentAFI {
			t.Errorf("%q read as an AFI question: %+v", q, res.Intent)
		}
		res := find(t, ix, q, 3)
		if len(res.Hits) == 0 || res.Hits[0].Kind == string(corpus.KindAFI) {
			t.Errorf("%q: top hit is an AFI, want the support the report describes", q)
		}
	}
	for _, q := range []string{"is the force struggling with its call answering", "is the control room still struggling"} {
		if res := find(t, ix, q, 3); res.Intent == nil || res.Intent.Kind != IntentAFI {
			t.Errorf("%q: intent %+v, want afi", q, res.Intent)
		}
	}
}

// failingFound is the paragraph under an AFI's headline that says what
// was found wrong this time: not why it was raised at the last inspection,
// nor what works before a "But": the first that says something isn't
// done, or how many of the cases reviewed were.
func failingFound(a *corpus.AFI) *corpus.Passage {
	ps := a.Passages
	if strings.HasPrefix(ps[0].Text, "In our last inspection") && len(ps) > 1 {
		ps = ps[1:]
	}
	failing := regexp.MustCompile(`\bBut\b|n't\b|\bnot\b|\blimited\b|\b\d+ of (the )?\d+\b|\bin \d+ cases\b`)
	for _, p := range ps[:min(len(ps), 2)] {
		if failing.MatchString(p.Text) {
			return p
		}
	}
	return ps[0]
}

// Asked about a topic, each AFI headline found about it comes with its
// own evidence next; asked for an area's AFIs, the headlines stay
// together, as the report lists them, and the evidence follows.
func TestTopicAFIsEachFollowedByItsEvidence(t *testing.T) {
	ix, lib := embeddedIndex(t)
	var two []*corpus.AFI
	for _, a := range lib.AFIs() {
		if !strings.HasPrefix(a.Passages[0].Text, "In our last inspection") && len(two) < 2 {
			two = append(two, a)
		}
	}
	headline := func(a *corpus.AFI) string { return a.Passages[0].ID + "-headline" }
	ev0, ev1 := failingFound(two[0]).ID, failingFound(two[1]).ID
	first := []candidate{{id: headline(two[0]), score: 2}, {id: headline(two[1]), score: 1}}
	s := &searchRun{ix: ix, q: ix.understand(ParseQuery("what must improve")), docs: map[string]map[string]any{}}
	for _, c := range []struct {
		interleave bool
		want       []string
	}{
		{true, []string{headline(two[0]), ev0, headline(two[1]), ev1}},
		{false, []string{headline(two[0]), headline(two[1]), ev0, ev1}},
	} {
		got, err := s.withExplanations(slices.Clone(first), c.interleave)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range got {
			ids = append(ids, g.id)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("interleave %v: %q, want %q", c.interleave, ids, c.want)
		}
	}
}

// "Hertfordshire Police" names the force, as "Hertfordshire Constabulary"
// does: "police" is not what the question is about.
func TestForceNameWithPoliceIsTheForce(t *testing.T) {
	ix, _ := embeddedIndex(t)
	want := find(t, ix, "what does the force need to sort out", 3)
	got := find(t, ix, "what do Hertfordshire Police need to sort out", 3)
	if got.Intent == nil || want.Intent == nil || len(got.Intent.Topic) > 0 || !slices.Equal(got.Intent.Items, want.Intent.Items) {
		t.Errorf("intent %+v, want %+v", got.Intent, want.Intent)
	}
}

// Asked what the inspectors found wrong in an area, rather than for its
// AFIs, each headline is shown with the failing found.
func TestWhatWasFoundWrongGivesEachHeadlinesEvidenceWithIt(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"what did the inspectors find wrong with responding to the public", "what are the weaknesses in responding to the public"} {
		res := find(t, ix, q, 3)
		if res.Intent == nil || res.Intent.Kind != IntentAFI || !slices.Equal(res.Intent.Chapters, []string{"Responding to the public"}) || len(res.Hits) < 3 {
			t.Errorf("%q: intent %+v", q, res.Intent)
			continue
		}
		for i, h := range res.Hits {
			if h.Explanation == nil || !slices.Contains(ix.explained(h.ID), h.Explanation.ID) {
				t.Errorf("%q: hit %d %q is not shown with its evidence (%+v)", q, i+1, h.Text, h.Explanation)
			} else if !shortfall.MatchString(h.Explanation.Text) {
				t.Errorf("%q: hit %d is explained by %q, which states no failing", q, i+1, h.Explanation.Text)
			}
		}
	}
}

// explanations are the texts of the paragraphs shown with hits, "" for a
// hit shown alone.
func explanations(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		if h.Explanation != nil {
			out[i] = h.Explanation.Text
		}
	}
	return out
}

// Asked what must improve about a topic, of the paragraphs under one
// finding about it the one that states the failing comes first, not the
// one crediting what works: that is what makes it something to improve.
func TestWhatMustImproveIsAnsweredByTheFailing(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{
		"what should improve about the early intervention work with young people",
	} {
		res := find(t, ix, q, 3)
		if len(res.Hits) == 0 || !saysShortfall(res.Hits[0].Text) {
			t.Errorf("%q: first hit %q, want the paragraph stating what falls short", q, firstText(res))
		}
	}
}

// No paragraph is shown twice on a page: once with its headline and again
// on its own, or under two headlines.
func TestExplainedParagraphIsShownOnce(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"what must improve in responding to the public", "where is the force falling short on investigations",
		"victim needs assessments", "problem-solving plans evaluation", "what are the areas for improvement", "herts kind:afi"} {
		res := find(t, ix, q, 10)
		seen := map[string]bool{}
		for _, h := range res.Hits {
			ids := []string{h.ID}
			if h.Explanation != nil {
				ids = append(ids, h.Explanation.ID)
			}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("%q: %s is shown twice", q, id)
				}
				seen[id] = true
			}
		}
	}
}

// A question is answered by what the user is shown with a hit: an AFI's
// headline, and what was found under it.
func TestEvalReadsWhatIsShownWithAHit(t *testing.T) {
	hits := []Hit{{Text: "The force should do X"}, {Text: "The force should do Y", Explanation: &Hit{Text: "In 3 of 9 cases Y was done."}}}
	if got := firstRightRank(hits, []string{"3 of 9 cases"}); got != 2 {
		t.Errorf("rank %d, want 2", got)
	}
	if got := firstRightRank(hits[:1], []string{"3 of 9 cases"}); got != 0 {
		t.Errorf("rank %d, want 0", got)
	}
}

// A paragraph under an AFI that ranks above the AFI's own headline brings
// the headline up to its place, shown with it: the headline is not shown
// further down without what was found.
func TestExplanationAboveItsHeadlineBringsItUp(t *testing.T) {
	ix, _ := embeddedIndex(t)
	s := &searchRun{ix: ix, ctx: context.Background(), q: ix.understand(ParseQuery("x")), docs: map[string]map[string]any{}}
	var head string
	for h := range ix.explanations {
		if len(ix.explanations[h]) >= 2 {
			head = h
			break
		}
	}
	if head == "" {
		t.Fatal("no AFI with two paragraphs under it")
	}
	para := ix.explanations[head][1]
	cands := []candidate{{id: "other-1", score: 5}, {id: para, score: 4}, {id: "other-2", score: 3}, {id: head, score: 2}}
	out, folded, err := s.foldExplanations(cands, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range out {
		ids = append(ids, c.id)
	}
	if want := []string{"other-1", head, "other-2"}; !slices.Equal(ids, want) || folded[head] != para {
		t.Errorf("got %q folded %q, want %q with %s under %s", ids, folded, want, para, head)
	}
}

// Pages of an answer are cut from one list: the AFIs and what was found
// under them, page after page, are what one long page shows.
func TestPagesOfExplainedAFIsAreOneList(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"what must improve in responding to the public", "where is the force falling short"} {
		whole := find(t, ix, q, 6)
		var paged []Hit
		for off := 0; off < 6; off += 2 {
			res, err := ix.Search(context.Background(), Request{Query: q, Limit: 2, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, res.Hits...)
		}
		if got, want := append(texts(&Result{Hits: paged}), explanations(paged)...), append(texts(whole), explanations(whole.Hits)...); !slices.Equal(got, want) {
			t.Errorf("%q: pages of 2 give\n %q\nwant\n %q", q, got, want)
		}
	}
}

// Paged as Slack's More results pages (each page starting after the last
// passage shown), an answer of AFIs ends where its count says: no page
// before Total is empty, and none is offered after the last. A paragraph
// shown with its headline is not counted again as a passage of its own.
func TestPagedAFIsEndAtTheirCount(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"afi", "herts kind:afi", "afis", "herts afi"} {
		first := find(t, ix, q, 3)
		if first.Total == 0 || first.Total > 60 {
			t.Errorf("%q: total %d", q, first.Total)
			continue
		}
		off, seen := 0, 0
		for off < first.Total && seen < 30 {
			res, err := ix.Search(context.Background(), Request{Query: q, Limit: 3, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Errorf("%q: the page at %d of %d is empty", q, off, first.Total)
				break
			}
			off += len(res.Hits)
			seen++
		}
		if off != first.Total {
			t.Errorf("%q: paging ends at %d, its count is %d", q, off, first.Total)
		}
	}
}

// Paged as Slack pages, a question the reports say much about fills each
// page it offers: the paragraphs folded under their headlines do not leave
// later pages short (and, cut short, the next would start past passages
// never shown).
func TestLaterPagesAreFullWithAFIsFolded(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"supervision of investigations", "investigation plans", "what must improve in investigating crime"} {
		off := 0
		var sizes []int
		for range 10 {
			res, err := ix.Search(context.Background(), Request{Query: q, Limit: 3, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(res.Hits))
			off += len(res.Hits)
			if len(res.Hits) == 0 || off >= res.Total {
				break
			}
		}
		for _, n := range sizes {
			if n != 3 {
				t.Errorf("%q: pages of %v", q, sizes)
				break
			}
		}
	}
}

// What the reports don't answer shows the closest text, marked so: what
// was found under an AFI shown for a miss is the closest text too, not an
// answer (ask --json prints it as "explanation" in the hit).
func TestWhatWasFoundUnderAClosestAFIIsClosestToo(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"what must improve about drones", "what must improve about investigating wildlife crime"} {
		res := find(t, ix, q, 3)
		explained := 0
		for _, h := range res.Hits {
			if e := h.Explanation; e != nil {
				explained++
				if res.Answered || !h.Closest || !e.Closest {
					t.Errorf("%q (answered %v): %s closest %v, what was found under it closest %v", q, res.Answered, h.ID, h.Closest, e.Closest)
				}
			}
		}
		if explained == 0 {
			t.Errorf("%q: no AFI shown with what was found", q)
		}
	}
}

// Paging through an answer shows each passage once: the inspectorate's
// standard wording, ranked down, does not end every later page.
func TestMoreResultsShowEachPassageOnce(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"supervision of investigations", "victim updates", "neighbourhood policing"} {
		seen := map[string]int{}
		for off := 0; off < 45; off += 3 {
			res, err := ix.Search(context.Background(), Request{Query: q, Limit: 3, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range res.Hits {
				if at, ok := seen[h.ID]; ok {
					t.Errorf("%q: %s shown at %d and again at %d", q, h.ID, at+1, off+i+1)
				}
				seen[h.ID] = off + i
			}
		}
	}
}

// Who asks for an improvement ("what did the inspectors say", "flagged
// by HMICFRS") is not what it is about: the topic is the rest, and its
// area for improvement comes first.
func TestInspectorsAskingAreNotTheTopic(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for q, want := range map[string]string{
		"what did the inspectors say we need to fix about getting to calls": "attend incidents within its published time frames",
		"what did HMICFRS say needs fixing on victim needs assessments":     "victim needs assessments are routinely completed",
	} {
		res := find(t, ix, q, 3)
		if res.Intent == nil || res.Intent.Kind != IntentAFI {
			t.Fatalf("%q: intent %+v", q, res.Intent)
		}
		for _, w := range res.Intent.Topic {
			if inspectorWords[strings.ToLower(w)] {
				t.Errorf("%q: topic %q holds %q", q, res.Intent.Topic, w)
			}
		}
		if len(res.Hits) == 0 || res.Hits[0].Kind != "afi" || !strings.Contains(res.Hits[0].Text, want) {
			t.Errorf("%q: first %q, want the AFI saying %q", q, firstText(res), want)
		}
	}
}

// Asked about a thing only a later paragraph under an AFI's headline
// says, that paragraph is the headline's evidence; asked for an area's
// AFIs, the first failing stays its evidence.
func TestEvidenceSaysWhatTheHeadlineLacks(t *testing.T) {
	ix, lib := embeddedIndex(t)
	for _, a := range lib.AFIs() {
		ps := a.Passages
		if strings.HasPrefix(ps[0].Text, "In our last inspection") || len(ps) < 2 {
			continue
		}
		first := failingFound(a)
		head := " " + strings.Join(ix.analyze(a.Text), " ") + " "
		var ids []string
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		for _, p := range ps[1:min(len(ps), evidenceDepth+1)] {
			if p.ID == first.ID {
				continue
			}
			// A word of the paragraph no other says, nor the headline.
			word := ""
			for _, w := range strings.Fields(p.Text) {
				w = strings.Trim(strings.ToLower(w), ".,;:()'\"")
				ts := ix.analyze(w)
				if len(w) < 6 || len(ts) != 1 || strings.Contains(head, " "+ts[0]+" ") || ix.terms[ts[0]] > 3 {
					continue
				}
				alone := true
				for _, o := range ps[:min(len(ps), evidenceDepth+1)] {
					if o.ID != p.ID && slices.Contains(ix.analyze(o.Text), ts[0]) {
						alone = false
					}
				}
				if alone {
					word = w
					break
				}
			}
			if word == "" {
				continue
			}
			q := "what must improve about " + word
			for _, c := range []struct {
				in   *Intent
				want string
			}{
				{&Intent{Kind: IntentAFI, Topic: []string{word}}, p.ID},
				{&Intent{Kind: IntentAFI, Chapters: []string{"x"}}, first.ID},
			} {
				s := &searchRun{ix: ix, q: ix.understand(ParseQuery(q)), res: &Result{Intent: c.in}, docs: map[string]map[string]any{}}
				got, err := s.evidence(ids, false)
				if err != nil {
					t.Fatal(err)
				}
				if got != c.want {
					t.Errorf("%q (topic %v): evidence %s, want %s", q, c.in.Topic, got, c.want)
				}
			}
			return
		}
	}
	t.Skip("no AFI with a later paragraph saying a word of its own")
}
