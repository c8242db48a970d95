package index

import (
	"slices"
	"strings"
	"testing"
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
