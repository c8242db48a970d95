package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

func TestCorrectEnglishIsNeverCorrected(t *testing.T) {
	ix, _ := embeddedIndex(t)
	// Each is a correct English word that the report never uses, within a
	// letter or two of one it does: none may be searched as that word.
	cases := map[string]string{
		"private company sitting with detained people": "sitting", "do they write that down": "write",
		"do officers ever hear back": "ever", "is there racism in who gets stopped": "racism",
		"occupational heath": "heath", "how many officers does herts employ": "employ",
		"what was the exact answer rate": "exact", "are officers knackered": "knackered",
		"does the workload multiply when staff leave": "multiply",
	}
	for q, word := range cases {
		res := find(t, ix, q, 3)
		for _, e := range res.Expanded {
			if form, ok := strings.CutSuffix(e, " (for "+word+")"); ok && len(strings.Fields(form)) == 1 && editDistance(form, word) <= 2 {
				t.Errorf("%q: the correctly spelt %q was corrected to %q", q, word, form)
			}
		}
	}
	// Misspellings still are, and a British spelling is searched for its
	// American one, each shown as what it was searched for.
	cases = map[string]string{
		"mental helth triage car":         "health (for helth)",
		"stop and serach scrutiny":        "search (for serach)",
		"antisocial behavior dashboard":   "behaviour (for behavior)",
		"community tensions in leicester": "leicestershire (for leicester)",
		// an adverb the report never uses, for the adjective it does
		"staff who feel treated unfairly": "unfair (for unfairly)",
	}
	for q, want := range cases {
		if res := find(t, ix, q, 3); !contains(res.Expanded, want) {
			t.Errorf("%q: expanded %q, want %q", q, res.Expanded, want)
		}
	}
}

func TestLexicon(t *testing.T) {
	lx, err := english()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"knackered", "sitting", "Heath", "well-being", "officers'", "999", "co-ordinate", "disproportionality", "webchat", "exec", "London's"} {
		if !lx.knows(w) {
			t.Errorf("%q is not known as English", w)
		}
	}
	for _, w := range []string{"helth", "safegaurding", "disproportionalty", "serach", "xqzzy"} {
		if lx.knows(w) {
			t.Errorf("misspelling %q is taken for English", w)
		}
	}
	if !lx.isName("london") || !lx.isName("Essex") || lx.isName("black") || lx.isName("helth") {
		t.Error("names are not told from other words")
	}
	if got := lx.shortening["exec"]; got != "executive" {
		t.Errorf("exec is short for %q", got)
	}
	if n := len(lx.starts); n < 100000 || !strings.Contains(lx.words, "\nsafeguarding\n") {
		t.Errorf("the word list holds %d words", n)
	}
}

func editDistance(a, b string) int {
	var e editRows
	return e.distance([]rune(a), []rune(b), 10)
}

// A misspelt word still says what the question asks: "improvment" asks
// for areas for improvement, although its stem is the right word's and
// nothing corrects it in the search, and "grde" for a grade.
func TestMisspeltQuestionAsksTheSame(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for typo, right := range map[string]string{
		"areas for improvment for responding to the public": "areas for improvement for responding to the public",
		"area for improvment on victim needs assesments":    "area for improvement on victim needs assessments",
		"what grde did herts get for investigating crime":   "what grade did herts get for investigating crime",
		"causes of concren": "causes of concern",
	} {
		got, want := find(t, ix, typo, 3), find(t, ix, right, 3)
		if (got.Intent == nil) != (want.Intent == nil) || got.Intent != nil && got.Intent.Kind != want.Intent.Kind {
			t.Errorf("%q is asked as %+v, %q as %+v", typo, got.Intent, right, want.Intent)
		}
		if len(want.Hits) > 0 && (len(got.Hits) == 0 || got.Hits[0].Text != want.Hits[0].Text) {
			t.Errorf("%q: first hit is not %q's: %v", typo, right, got.Hits)
		}
	}
}

// An acronym typed with its letters in another order is searched as the
// acronym, and for what it stands for, rather than taken for a name no
// report mentions; an acronym the glossary knows is never "corrected".
func TestAcronymLettersOutOfOrder(t *testing.T) {
	ix, _ := embeddedIndex(t)
	cases := []struct{ q, want, hit string }{
		{"RIU", "RUI (for RIU)", "released under investigation"},
		{"What did the CIFPA audit find about the force's finances?", "CIPFA (for CIFPA)", "Chartered Institute of Public Finance"},
		{"DAUSI workload", "DAISU (for DAUSI)", "DAISU"},
	}
	for _, c := range cases {
		res := find(t, ix, c.q, 3)
		if !contains(res.Expanded, c.want) {
			t.Errorf("%q: expanded %q, want %q", c.q, res.Expanded, c.want)
		}
		if !res.Answered || len(res.Hits) == 0 || !strings.Contains(strings.ToLower(res.Hits[0].Text), strings.ToLower(c.hit)) {
			t.Errorf("%q: answered %v, first hit does not mention %q: %v", c.q, res.Answered, c.hit, res.Hits)
		}
	}
	// A plural, and an acronym the concept map knows, are found the same
	// way.
	for q, want := range map[string]string{"PSCOs for schools": "PCSOs (for PSCOs)", "whats the AIF on attendance times": "AFI (for AIF)"} {
		if res := find(t, ix, q, 3); !contains(res.Expanded, want) || !res.Answered {
			t.Errorf("%q: answered %v, expanded %q, want %q", q, res.Answered, res.Expanded, want)
		}
	}
	for _, q := range []string{"does the CPS give charging advice", "CSP meetings", "PCSOs for schools", "what are the AFIs on attendance"} {
		for _, e := range find(t, ix, q, 3).Expanded {
			if form, _, ok := strings.Cut(e, " (for "); ok && !strings.Contains(form, " ") {
				t.Errorf("%q: a known acronym was corrected: %q", q, e)
			}
		}
	}
}

// The inspectorate's own acronyms typed out of order are theirs too
// ("AIF": AFI), though no report's glossary defines them; other letters
// are still a name no report mentions.
func TestInspectionAcronymLettersOutOfOrder(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "whats the AIF on attendance times", 3)
	if !contains(res.Expanded, "AFI (for AIF)") || !res.Answered {
		t.Errorf("AIF: expanded %q, answered %v, note %q", res.Expanded, res.Answered, res.Note)
	}
	if res := find(t, ix, "whats the AXF on attendance times", 3); res.Answered || !strings.Contains(res.Note, "“AXF”") {
		t.Errorf("AXF: answered %v, note %q", res.Answered, res.Note)
	}
}

// A misspelling two letters from any report word but one from the stem of
// one ("forcasting": "forecast") is searched as that word; a short stem,
// a letter from too many others, is not corrected by its stem.
func TestMisspeltStemIsCorrected(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "demand forcasting", 3)
	if !contains(res.Expanded, "forecast (for forcasting)") {
		t.Errorf("expanded %q, want forecast (for forcasting)", res.Expanded)
	}
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "forecast future demand") {
		t.Errorf("first hit is not about forecasting demand: %v", res.Hits)
	}
	// "seper" is a letter from "sever": only the whole word says which.
	if form, kind := ix.wordForm("seperate"); kind != formNone && form != "separate" {
		t.Errorf("seperate was read as %q", form)
	}
}

// A word the reports write as one, typed as two ("back log"), is searched
// as the one word, shown, and counts for both words typed.
func TestSplitWordIsSearchedJoined(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "digital forensics back log reduction", 3)
	if !contains(res.Expanded, "backlog (for back log)") {
		t.Errorf("expanded %q, want backlog (for back log)", res.Expanded)
	}
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "backlog had been reduced") {
		t.Errorf("first hit does not give the backlog's reduction: %v", res.Hits)
	}
}

// Three words run together ("stopandsearch") are searched as the three;
// a misspelling close to a report word is still read as that word.
func TestThreeWordsRunTogether(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for typed, want := range map[string]string{"stopandsearch": "stop and search", "useofforce": "use of force"} {
		if form, kind := ix.wordForm(typed); form != want || kind != formSplit {
			t.Errorf("%q read as %q (%d), want %q", typed, form, kind, want)
		}
	}
	res := find(t, ix, "how do sergeants review stopandsearch", 3)
	if !contains(res.Expanded, "stop and search") || len(res.Hits) == 0 || !strings.Contains(strings.ToLower(res.Hits[0].Text), "stop and search") {
		t.Errorf("expanded %q, hits %v", res.Expanded, res.Hits)
	}
	if form, kind := ix.wordForm("safegaurding"); form != "safeguarding" || kind != formTypo {
		t.Errorf("safegaurding read as %q (%d)", form, kind)
	}
}

// The inspectorate misspelt is still the report's own voice, not another
// body whose view the report gives only in passing.
func TestMisspeltInspectorateIsTheReportsVoice(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"What did HMICFRS say needs improving about problem-solving plans?", "What did HMICFSR say needs improving about problem-solving plans?"} {
		if res := find(t, ix, q, 3); !res.Answered || !strings.Contains(firstText(res), "problem-solving plans") {
			t.Errorf("%q: answered %v, note %q", q, res.Answered, res.Note)
		}
	}
}

// Units of time shortened as people type them are searched in full.
func TestShortenedTimeUnits(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for q, want := range map[string]string{
		"who signs it off when a 136 goes past 24 hrs": "hours (for hrs)",
		"999 calls answered within 10 mins":            "minutes (for mins)",
	} {
		if res := find(t, ix, q, 3); !contains(res.Expanded, want) {
			t.Errorf("%q: expanded %q, want %q", q, res.Expanded, want)
		}
	}
}

// A report word typed with an ending more or less ("dvpo" for the report's
// "DVPOs") is that word and is not corrected, which also keeps the English
// word list unread for such a question; a misspelling sharing a report
// word's stem ("improvment") still is.
func TestReportWordWithAnEndingIsNotMisspelt(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, w := range []string{"dvpo", "DVPO"} {
		if c := ix.misspelling(w); c != "" {
			t.Errorf("%q was read as the misspelling of %q", w, c)
		}
	}
	if c := ix.misspelling("improvment"); c != "improvement" {
		t.Errorf("improvment was read as %q, want improvement", c)
	}
	for _, w := range []string{"dvpo", "searche"} {
		if !ix.inflectionUsed(w) {
			t.Errorf("%q is a report word with an ending more or less", w)
		}
	}
	for _, w := range []string{"improvment", "sexting", "bedding"} {
		if ix.inflectionUsed(w) {
			t.Errorf("%q was read as a report word with an ending more or less", w)
		}
	}
}

// A misspelling of an everyday word the reports never use, spelt as it
// sounds or with its letters swapped, is read as that word, for the
// concept map to find what the reports call it; a word merely a letter
// from one, sounding otherwise, is not.
func TestMisspeltEverydayWord(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for typed, want := range map[string]string{"rasism": "racism", "blaim": "blame", "burgalrs": "burglars"} {
		if form, kind := ix.wordForm(typed); form != want || kind != formTypo {
			t.Errorf("%q read as %q (%d), want %q", typed, form, kind, want)
		}
	}
	// "perps" (perpetrators) is a letter from "perks".
	if form, kind := ix.wordForm("perps"); kind != formNone {
		t.Errorf("perps, a letter from perks but sounding otherwise, was read as %q", form)
	}
}

// A misspelling a letter further than a typo allows is still corrected
// when it keeps every letter typed ("upflit": uplift); one that neither
// keeps them nor sounds the same is not ("upflot"). Of two words as
// close, the one with the letters typed is the likelier.
func TestLettersMovedAreCorrected(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for typed, want := range map[string]string{"upflit": "uplift", "contarcts": "contracts", "contcts": "contacts"} {
		if form, kind := ix.wordForm(typed); form != want || kind != formTypo {
			t.Errorf("%q read as %q (%d), want %q", typed, form, kind, want)
		}
	}
	if form, kind := ix.wordForm("upflot"); kind != formNone {
		t.Errorf("upflot was read as %q", form)
	}
}

// A misspelt question is searched for the concepts and equivalent phrases
// its right spelling names ("rasism": disproportionality, "call
// handelers": call takers), each once; a misspelling of no concept's word
// adds none.
func TestMisspeltQuestionNamesItsConcepts(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for typo, want := range map[string]string{
		"is there rasism in who gets stopped":    "disproportionality (for racism)",
		"blaim culture":                          "learning from mistakes (for blame culture)",
		"why can't we hang on to call handelers": "call taker",
	} {
		if res := find(t, ix, typo, 3); !contains(res.Expanded, want) {
			t.Errorf("%q: expanded %q, want %q", typo, res.Expanded, want)
		}
	}
	res := find(t, ix, "How does the constabulary handle regsitered sex offendors?", 3)
	seen := map[string]bool{}
	for _, e := range res.Expanded {
		if seen[e] {
			t.Errorf("%q searched twice: %q", e, res.Expanded)
		}
		seen[e] = true
	}
	if res := find(t, ix, "stop and serach scrutiny", 3); len(res.Expanded) != 1 {
		t.Errorf("stop and serach scrutiny: expanded %q, want only its correction", res.Expanded)
	}
}

// A four-letter misspelling is corrected when one report word only is a
// letter from it ("ecco": echo); not when several are ("stap": stop,
// step, stay), nor in capitals, as an acronym is typed.
func TestFourLetterMisspelling(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "What is ecco and how does the public use it?", 3)
	if !contains(res.Expanded, "echo (for ecco)") || !strings.Contains(firstText(res), "echo") {
		t.Errorf("expanded %q, first hit %q", res.Expanded, firstText(res))
	}
	for _, w := range []string{"stap", "ECCO"} {
		if form, kind := ix.wordForm(w); kind != formNone {
			t.Errorf("%q was read as %q", w, form)
		}
	}
}

// A word the reports spell another right way is searched as they spell
// it, "advisors" as "advisers", and a word they never spell so as typed.
func TestOtherRightSpelling(t *testing.T) {
	ix, _ := embeddedIndex(t)
	if res := find(t, ix, "how often are community advisors contacted", 3); !contains(res.Expanded, "advisers (for advisors)") {
		t.Errorf("expanded %q, want advisers (for advisors)", res.Expanded)
	}
	// The reports never write "improviser": it is searched as typed.
	if form, kind := ix.wordForm("improvisor"); kind != formNone {
		t.Errorf("improvisor was read as %q", form)
	}
}

// An acronym typed with its letters moved is read as the acronym when
// the question's kind is told, as it is when searched ("AIFs": the areas
// for improvement asked for); a right word or a known acronym is not.
func TestMovedAcronymLettersTellTheQuestion(t *testing.T) {
	ix, _ := embeddedIndex(t)
	if got := ix.misspelling("AIFs"); got != "afis" {
		t.Errorf("misspelling(AIFs) = %q, want afis", got)
	}
	for _, w := range []string{"air", "CPS", "afi"} {
		if got := ix.misspelling(w); got != "" {
			t.Errorf("misspelling(%s) = %q, want none", w, got)
		}
	}
	res := find(t, ix, "which AIFs did the inspection give on 999 calls", 3)
	if res.Intent == nil || res.Intent.Kind != IntentAFI {
		t.Errorf("AIFs: intent %+v, want the areas for improvement", res.Intent)
	}
}

// An acronym's possessive is the acronym: it is expanded ("DVPO's"), and
// its letters moved are corrected ("PSCO's"); a word's possessive is not
// an acronym's.
func TestAcronymPossessive(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for q, want := range map[string]string{
		"the DVPO's conditions": "domestic violence protection order",
		"a PSCO's patrols":      "PCSO (for PSCO's)",
	} {
		if res := find(t, ix, q, 3); !contains(res.Expanded, want) {
			t.Errorf("%q: expanded %q, want %q", q, res.Expanded, want)
		}
	}
	if res := find(t, ix, "the police's own patrols", 3); len(res.Expanded) > 0 {
		t.Errorf("police's: expanded %q, want nothing", res.Expanded)
	}
}

// Asked what a misspelt thing is, the definition searched is of the word
// meant ("safegaurding": "a hub called safeguarding"); words spelt right
// are kept as they are.
func TestSpelledWords(t *testing.T) {
	ix, _ := embeddedIndex(t)
	got := ix.spelledWords([]string{"what", "is", "safegaurding", "hub"})
	if strings.Join(got, " ") != "what is safeguarding hub" {
		t.Errorf("spelledWords = %q", got)
	}
	right := []string{"what", "is", "echo"}
	if got := ix.spelledWords(right); strings.Join(got, " ") != "what is echo" {
		t.Errorf("spelledWords(right) = %q", got)
	}
}

// An American spelling names the report's phrases and concepts as its
// British one does ("organized crime": serious and organised crime, SOC);
// the British spelling needs no respelling.
func TestAmericanSpellingIsRespelt(t *testing.T) {
	ix, _ := embeddedIndex(t)
	ws := []string{"serious", "organized", "crime"}
	words, _, typed := ix.respell(ws, ws)
	if typed == nil || strings.Join(words, " ") != "serious organised crime" {
		t.Errorf("respell(organized) = %q, %v", words, typed)
	}
	ws = []string{"serious", "organised", "crime"}
	if _, _, typed := ix.respell(ws, ws); typed != nil {
		t.Errorf("respell(organised) = %v, want nothing", typed)
	}
}

// A right word the reports spell another way ("behavior") is searched in
// every field, as a word the reports use is; a misspelling's correction
// only in passages and headlines, weighing less.
func TestOtherSpellingWeighsAsTheWord(t *testing.T) {
	ix, _ := embeddedIndex(t)
	inBody := func(word string) bool {
		c := newClauses(ix.Weights, ix.analyze)
		c.wordForms(ix, []string{word})
		for _, q := range c.should {
			d, ok := q.(*query.DisjunctionQuery)
			if !ok {
				continue
			}
			for _, x := range d.Disjuncts {
				if m, ok := x.(*query.MatchQuery); ok && m.FieldVal == fieldBody {
					return true
				}
			}
		}
		return false
	}
	if !inBody("behavior") {
		t.Error("behavior: behaviour not searched in every field")
	}
	if inBody("safegaurding") {
		t.Error("safegaurding: a correction searched as a word typed")
	}
}

// An acronym people type is never a misspelling of itself or of another
// acronym ("HMIs" is HM Inspectors, not "HMIs (for HMIs)"), while one
// with its letters moved still is.
func TestKnownAcronymIsNoTypo(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"what did the HMIs say", "the HMI's view"} {
		res := find(t, ix, q, 3)
		for _, e := range res.Expanded {
			if strings.Contains(e, "(for ") {
				t.Errorf("%q: expanded %q, want no correction", q, res.Expanded)
			}
		}
	}
	if res := find(t, ix, "a PSCO's patrols", 3); !contains(res.Expanded, "PCSO (for PSCO's)") {
		t.Errorf("PSCO's: expanded %q, want the correction", res.Expanded)
	}
}
