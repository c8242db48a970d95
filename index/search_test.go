package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/peelbot/peelbot/corpus"
)

var (
	sharedOnce sync.Once
	sharedLib  *corpus.Library
	sharedIx   *Index
	sharedErr  error
)

// embeddedIndex builds the index of the embedded report once per test run.
func embeddedIndex(t testing.TB) (*Index, *corpus.Library) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedLib, sharedErr = corpus.Embedded()
		if sharedErr == nil {
			sharedIx, sharedErr = Build(sharedLib)
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedIx, sharedLib
}

func find(t *testing.T, ix *Index, q string, limit int) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), Request{Query: q, Limit: limit})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

func TestAcronymFindsItsExpansion(t *testing.T) {
	ix, _ := embeddedIndex(t)
	cases := []struct{ q, want string }{
		// The report writes "domestic violence protection notices" but never "DVPN".
		{"DVPN", "domestic violence protection notices"},
		// …and "multi-agency safeguarding hub" but never "MASH".
		{"MASH", "multi-agency safeguarding hub"},
		{"mash", "multi-agency safeguarding hub"},
		{"dvpo", "domestic violence protection orders (DVPOs)"},
		{"RSO visits", "visiting registered sex offenders regularly"},
	}
	for _, c := range cases {
		res := find(t, ix, c.q, 3)
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, c.want) {
			t.Errorf("%q: first hit does not contain %q: %+v", c.q, c.want, firstText(res))
		}
	}
}

func TestExpansionFindsItsAcronym(t *testing.T) {
	ix, _ := embeddedIndex(t)
	// "released under investigation" is written out once, defining RUI; the
	// passages that only say "RUI" must be found from the words too.
	res := find(t, ix, "released under investigation", 10)
	var acronymOnly int
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "RUI") && !strings.Contains(strings.ToLower(h.Text), "released under investigation") {
			acronymOnly++
		}
	}
	if acronymOnly == 0 {
		t.Errorf("no hit uses only the acronym RUI: %v", texts(res))
	}
	if !contains(res.Expanded, "rui") {
		t.Errorf("expansions = %q, want rui", res.Expanded)
	}
}

func TestEquivalences(t *testing.T) {
	ix, _ := embeddedIndex(t)
	// Fifteen: the headlines that say "999" come first.
	res := find(t, ix, "999", 15)
	found := false
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "emergency calls") && !strings.Contains(h.Text, "999") {
			found = true
		}
	}
	if !found {
		t.Errorf("999 did not find a passage about emergency calls that never says 999: %v", texts(res))
	}
	for _, q := range []string{"anti-social behaviour dashboard", "antisocial behaviour dashboard", "anti social behaviour dashboard"} {
		if res := find(t, ix, q, 1); len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "antisocial behaviour dashboard") {
			t.Errorf("%q: %v", q, firstText(res))
		}
	}
	for _, q := range []string{"wellbeing champions", "well-being champions", "well being champions"} {
		if res := find(t, ix, q, 1); len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "well-being champions") {
			t.Errorf("%q: %v", q, firstText(res))
		}
	}
}

func TestTypoTolerance(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "disproportionalty deep dive", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "deep dive") {
		t.Fatalf("misspelt query: %v", firstText(res))
	}
	if !contains(res.Expanded, "disproportionality (for disproportionalty)") {
		t.Errorf("no correction noted: %q", res.Expanded)
	}
	// A correction never outranks the exact word: "vetting" must rank
	// passages that say "vetting" above any fuzzy relative such as "setting".
	res = find(t, ix, "vetting", 5)
	for _, h := range res.Hits {
		if !strings.Contains(strings.ToLower(h.Text+h.Heading+h.Chapter), "vetting") {
			t.Errorf("exact query vetting returned %q", h.Text)
		}
	}
	if len(res.Expanded) != 0 {
		t.Errorf("a correctly spelt word was corrected: %q", res.Expanded)
	}
}

func TestShortenedWordsAreCompleted(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "ask the exec", 1)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "ask the executive panel") {
		t.Errorf("exec: %v", firstText(res))
	}
	if !contains(res.Expanded, "executive (for exec)") {
		t.Errorf("expansions = %q", res.Expanded)
	}
	// A misspelling is corrected only to a word with the same first letter:
	// "detention" is not "retention".
	if res := find(t, ix, "detention", 3); contains(res.Expanded, "retention (for detention)") {
		t.Errorf("detention corrected to retention: %q", res.Expanded)
	}
}

func TestHeadlineCountsForItsParagraphs(t *testing.T) {
	ix, _ := embeddedIndex(t)
	// "ethics panels" is in the paragraph, "internal and external" too; but
	// "allocates incidents" is only in a headline: its paragraphs must come first.
	// The headline itself comes first, as the report's own statement of the
	// finding, then the paragraphs under it.
	const headline = "The constabulary should make sure it understands and tackles workforce perceptions of unfairness"
	res := find(t, ix, "workforce perceptions of unfairness", 3)
	if len(res.Hits) < 3 || res.Hits[0].Text != headline || res.Hits[0].Heading != "" {
		t.Fatalf("the headline is not first: %v", firstText(res))
	}
	for _, h := range res.Hits[1:] {
		if h.Heading != headline {
			t.Errorf("headline-only words did not find its paragraphs: %q under %q", h.Text, h.Heading)
		}
	}
}

func TestFilters(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "victims kind:afi", 10)
	if len(res.Hits) == 0 {
		t.Fatal("no AFI hits")
	}
	for _, h := range res.Hits {
		if h.Kind != string(corpus.KindAFI) || !strings.Contains(h.SectionTitle, "improvement") {
			t.Errorf("kind:afi returned %s %q", h.Kind, h.Section)
		}
	}
	res = find(t, ix, `training area:"vulnerable people"`, 10)
	for _, h := range res.Hits {
		if h.Chapter != "Protecting vulnerable people" {
			t.Errorf("area filter returned chapter %q", h.Chapter)
		}
	}
	if len(res.Hits) == 0 {
		t.Error("area filter found nothing")
	}
	res = find(t, ix, "leave area:workforce", 3)
	if len(res.Hits) == 0 || res.Hits[0].Chapter != "Building, supporting and protecting the workforce" {
		t.Errorf("area:workforce: %+v", res.Hits)
	}
	for _, q := range []string{"training force:herts", "training force:hertfordshire", "training round:2021/22", "training report:herts-2021", "training year:2021"} {
		if res := find(t, ix, q, 3); len(res.Hits) == 0 || res.Problem != "" {
			t.Errorf("%q found nothing: %q", q, res.Problem)
		}
	}
	// Only filters: a listing in report order.
	res = find(t, ix, "kind:afi", 20)
	if len(res.Hits) != 9+13 && res.Total != 22 {
		t.Logf("kind:afi lists %d passages", res.Total)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Kind != "afi" {
			t.Errorf("listing returned kind %q", res.Hits[i].Kind)
		}
	}
	if len(res.Hits) < 9 || !strings.HasPrefix(res.Hits[0].Heading, "The constabulary should make sure that problem-solving plans") {
		t.Errorf("AFI listing not in report order: %v", firstText(res))
	}
}

func TestFilterProblemsAreExplained(t *testing.T) {
	ix, _ := embeddedIndex(t)
	cases := map[string]string{
		"training force:narnia":  "No report matches force:narnia. Reports are: herts-2021",
		"training kind:gossip":   `I don't know the kind "gossip"`,
		"training area:cooking":  "No chapter matches area:cooking. Chapters are:",
		"training round:1999/00": "No report matches round:1999/00",
	}
	for q, want := range cases {
		res := find(t, ix, q, 3)
		if len(res.Hits) != 0 || !strings.HasPrefix(res.Problem, want) {
			t.Errorf("%q: problem %q, want prefix %q", q, res.Problem, want)
		}
	}
}

func TestHostileQueriesAnsweredQuicklyAndClearly(t *testing.T) {
	ix, _ := embeddedIndex(t)
	long := strings.Repeat("safeguarding ", 800)[:10000]
	cases := []struct {
		q       string
		problem bool   // no words: a problem, with suggestions
		note    string // a note the answer must carry
	}{
		{"/.*/", true, ""},
		{"*", true, ""},
		{"?~^&|!(){}[]", true, ""},
		{"\x00\x01\x1b\u200b\x7f\ufeff", true, ""},
		{"the and of why", true, ""},
		{long, false, "only its first 1000 characters were read"},
		{"dvpo\x00\x07 orders", false, ""},
		{`title:/.*/ +text:x* "unclosed`, false, ""},
		{strings.Repeat("ab", 3000), true, "only its first 1000 characters were read"},
		{"safeguarding " + strings.Repeat("x", 200), false, "A word of 200 letters was ignored"},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		res, err := ix.Search(ctx, Request{Query: c.q})
		cancel()
		if err != nil {
			t.Errorf("%.30q: error %v", c.q, err)
			continue
		}
		if c.problem && (res.Problem == "" || len(res.Suggestions) == 0) {
			t.Errorf("%.30q: want a problem and suggestions, got %+v", c.q, res)
		}
		if c.note != "" && !strings.Contains(strings.Join(res.Query.Notes, " "), c.note) {
			t.Errorf("%.30q: notes %q lack %q", c.q, res.Query.Notes, c.note)
		}
	}
}

func TestCancelledSearchFails(t *testing.T) {
	ix, _ := embeddedIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: "training"}); err == nil {
		t.Error("a cancelled search succeeded")
	}
}

func TestNoMatchSuggestsSomething(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "xylophone quasar", 3)
	if len(res.Hits) != 0 || len(res.Suggestions) == 0 {
		t.Fatalf("no-match answer: %+v", res)
	}
	// Every suggestion can be run as it is and finds something.
	for _, s := range res.Suggestions {
		if r := find(t, ix, s, 3); len(r.Hits) == 0 || r.Problem != "" {
			t.Errorf("suggestion %q finds nothing: %q", s, r.Problem)
		}
	}
	res = find(t, ix, "forenics kind:recommendation", 3)
	if len(res.Hits) != 0 || !contains(res.Suggestions, "forensics kind:recommendation") || !contains(res.Suggestions, "forenics") {
		t.Errorf("suggestions = %q", res.Suggestions)
	}
}

func TestPagingGivesTheNextHits(t *testing.T) {
	ix, _ := embeddedIndex(t)
	first := find(t, ix, "stop and search", 3)
	next, err := ix.Search(context.Background(), Request{Query: "stop and search", Limit: 3, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	all := find(t, ix, "stop and search", 6)
	got := append(append([]Hit{}, first.Hits...), next.Hits...)
	for i := range all.Hits {
		if got[i].ID != all.Hits[i].ID {
			t.Fatalf("page 2 is not hits 4-6: %v vs %v", ids(got), ids(all.Hits))
		}
	}
}

func TestHitsCarryTheirCitation(t *testing.T) {
	ix, lib := embeddedIndex(t)
	res := find(t, ix, "dvpo", 1)
	h := res.Hits[0]
	p := lib.Passage(h.ID)
	if p == nil {
		t.Fatalf("hit id %s is no passage", h.ID)
	}
	if h.Text != p.Text || h.Page != p.Page || h.Chapter != p.Chapter || h.Heading != p.Heading || h.SectionTitle != p.Section {
		t.Errorf("hit %+v differs from passage %+v", h, p)
	}
	want := "Hertfordshire Constabulary PEEL 2021/22 › Protecting vulnerable people › Area for improvement › The constabulary should make sure that protective orders are considered in all appropriate cases"
	// The link goes to the passage itself on the report's web page.
	const link = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/#:~:text=To%20support%20the%20safeguarding%20of%20victims"
	if h.Section != want || h.URL != link || h.Page != 30 || h.Report != "herts-2021" || h.Force != "Hertfordshire Constabulary" {
		t.Errorf("citation = %q p.%d %s %s", h.Section, h.Page, h.URL, h.Report)
	}
	if c := lib.CitePassage(p); h.Citation() != c {
		t.Errorf("the hit's citation %+v is not the library's %+v", h.Citation(), c)
	}
}

func TestPersistedIndexReopensReadOnly(t *testing.T) {
	_, lib := embeddedIndex(t)
	dir := filepath.Join(t.TempDir(), "idx")
	ix, err := Create(dir, lib)
	if err != nil {
		t.Fatal(err)
	}
	want := find(t, ix, "mental health triage car", 3)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(dir, lib)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got := find(t, ro, "mental health triage car", 3)
	if strings.Join(ids(got.Hits), ",") != strings.Join(ids(want.Hits), ",") || got.Hits[0].Text != want.Hits[0].Text {
		t.Errorf("reopened index answers differently: %v vs %v", ids(got.Hits), ids(want.Hits))
	}
	// Read-only opens share the files: a second process (or handle) can
	// open the same index while the first still has it.
	ro2, err := Open(dir, lib)
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	ro2.Close()
	// Creating over it replaces it; creating over a directory of other files is refused.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(other, lib); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Errorf("Create over a non-index directory: %v", err)
	}
}

func TestStaleIndexIsRefused(t *testing.T) {
	_, lib := embeddedIndex(t)
	dir := filepath.Join(t.TempDir(), "idx")
	ix, err := Create(dir, lib)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend an older binary wrote it.
	ix.meta.Version = MappingVersion - 1
	if err := writeMeta(ix); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Open(dir, lib); !errors.Is(err, ErrStale) {
		t.Errorf("old mapping version: err = %v, want ErrStale", err)
	}
	// An index of other reports is stale for this library.
	more := withSynthetic(t, lib)
	dir2 := filepath.Join(t.TempDir(), "idx")
	ix2, err := Create(dir2, lib)
	if err != nil {
		t.Fatal(err)
	}
	ix2.Close()
	if _, err := Open(dir2, more); !errors.Is(err, ErrStale) {
		t.Errorf("index of other reports: err = %v, want ErrStale", err)
	}
}

func TestSeveralReports(t *testing.T) {
	_, lib := embeddedIndex(t)
	ix, err := Build(withSynthetic(t, lib))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res := find(t, ix, "emergency calls force:northmoor", 5)
	if len(res.Hits) == 0 {
		t.Fatal("no hits in the second report")
	}
	for _, h := range res.Hits {
		if h.Report != "northmoor-2023" {
			t.Errorf("force filter let through %s", h.Report)
		}
	}
	res = find(t, ix, "call handlers kind:recommendation", 5)
	if len(res.Hits) == 0 || res.Hits[0].Kind != "recommendation" || res.Hits[0].Report != "northmoor-2023" {
		t.Errorf("recommendation filter: %+v", res.Hits)
	}
	// Naming the force in words prefers its report without filtering.
	res = find(t, ix, "northmoor stop and search", 1)
	if len(res.Hits) == 0 || res.Hits[0].Report != "northmoor-2023" {
		t.Errorf("force named in words: %+v", res.Hits)
	}
}

// TestEvaluationSetQuality guards against regressions in ranking and
// abstention: the figures are a floor a little below what the tuning sets
// measure today (peelbot eval index/testdata/eval-questions.jsonl: 0.866,
// 0.962, 0.920; index/testdata/tune-questions.jsonl: 0.778, 0.917, 0.858,
// 25 of 25 flagged; index/testdata/tune2-questions.jsonl: 0.808, 0.962,
// 0.881, 32 of 32 flagged; none answerable wrongly).
func TestEvaluationSetQuality(t *testing.T) {
	ix, _ := embeddedIndex(t)
	sets := []struct {
		file  string
		floor qualityFloor
	}{
		{"testdata/eval-questions.jsonl", qualityFloor{0.85, 0.95, 0.90, 0, 1}},
		{"testdata/tune-questions.jsonl", qualityFloor{0.75, 0.90, 0.83, 23, 2}},
		{"testdata/tune2-questions.jsonl", qualityFloor{0.78, 0.94, 0.86, 29, 2}},
	}
	for _, set := range sets {
		f, err := os.Open(set.file)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := ReadEvalCases(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) < 100 {
			t.Fatalf("%s has only %d questions", set.file, len(cases))
		}
		res, err := Evaluate(context.Background(), ix, cases)
		if err != nil {
			t.Fatal(err)
		}
		checkQuality(t, set.file, res, set.floor)
	}
}

func TestParseQuery(t *testing.T) {
	q := ParseQuery(`dvpo kind:afi area:"vulnerable people" "voice of the child" PIP2 10:30 “curly”`)
	if strings.Join(q.Words, "|") != "dvpo|PIP|2|10|30" {
		t.Errorf("words = %q", q.Words)
	}
	if len(q.Filters) != 2 || q.Filters[0] != (Filter{"kind", "afi"}) || q.Filters[1] != (Filter{"area", "vulnerable people"}) {
		t.Errorf("filters = %+v", q.Filters)
	}
	if len(q.Phrases) != 2 || q.Phrases[0] != "voice of the child" || q.Phrases[1] != "curly" {
		t.Errorf("phrases = %q", q.Phrases)
	}
	// A whole question pasted in quotes is a question; a short quoted
	// phrase alone is still a phrase.
	for _, raw := range []string{`"what is the 999 answer time?"`, `“how many officers have left the force this year”`} {
		if q := ParseQuery(raw); len(q.Phrases) != 0 || len(q.Words) < 5 {
			t.Errorf("%s: phrases %q, words %q", raw, q.Phrases, q.Words)
		}
	}
	if q := ParseQuery(`"voice of the child"`); len(q.Phrases) != 1 {
		t.Errorf("a quoted phrase alone: phrases %q", q.Phrases)
	}
	if q := ParseQuery("kind: afi"); len(q.Filters) != 0 || len(q.Notes) != 1 {
		t.Errorf("empty filter value: %+v", q)
	}
	if q := ParseQuery(strings.Repeat("word ", 50)); len(q.Words) != maxWords || len(q.Notes) != 1 {
		t.Errorf("long query: %d words, notes %q", len(q.Words), q.Notes)
	}
}

// withSynthetic is lib with the synthetic 2023-25 report added.
func withSynthetic(t *testing.T, lib *corpus.Library) *corpus.Library {
	t.Helper()
	fixture, err := os.ReadFile("../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.Parse("synthetic.txt", fixture)
	if err != nil {
		t.Fatal(err)
	}
	more, err := corpus.NewLibrary(append(append([]*corpus.Report{}, lib.Reports...), r))
	if err != nil {
		t.Fatal(err)
	}
	return more
}

func firstText(r *Result) string {
	if r == nil || len(r.Hits) == 0 {
		return "(no hits)"
	}
	return r.Hits[0].Text
}

func texts(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Text)
	}
	return out
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A passage that matches every part of a question ranks above one that
// repeats some of its words: BM25 alone put the sample of stop and search
// records, which says "records", "stop and search" and "use of force"
// often, above the sergeants' checks.
func TestPassageMatchingMoreOfTheQuestionFirst(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "how often do sergeants review stop and search and use of force records", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "Sergeants must check five stop and search records") {
		t.Errorf("first hit %q, want the sergeants' checks", firstText(res))
	}
}

// Of two paragraphs under one headline, the one whose own text says what
// was asked matches more of the question.
func TestOwnTextCountsAboveTheHeadline(t *testing.T) {
	units := []unit{{term: "bail", weight: 1}, {term: "victim", weight: 1}}
	shared := " bail victim "
	own := map[string]any{fieldTerms: shared, fieldTextTerms: " bail victim "}
	under := map[string]any{fieldTerms: shared, fieldTextTerms: " victim "}
	if a, b := textShare(units, 2, own), textShare(units, 2, under); a != 1 || b >= a || b <= matchedShare(units[1:], 2, under) {
		t.Errorf("own text %.2f, headline only %.2f: want 1, then less but more than nothing for the headline", a, b)
	}
	if got := textShare(units, 2, map[string]any{fieldTerms: shared}); got != 1 {
		t.Errorf("an index without text terms: %.2f, want the headline and text share 1", got)
	}
}

// "What is the X programme" prefers the passage introducing X by name,
// which reports write without the generic noun: "a project called X".
func TestDefinitionWithoutItsGenericNoun(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "what is the Prevention First programme", 3)
	for _, h := range res.Hits[:min(2, len(res.Hits))] {
		if strings.Contains(h.Text, "called Prevention First") {
			return
		}
	}
	t.Errorf("no passage introducing Prevention First by name in the first two: %q", firstText(res))
}

// A concept's phrasing of one word counts as written, or as its plural or
// singular: stemming joins words whose meanings part.
func TestOneWordPhrasingsCountAsWritten(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, e := range find(t, ix, "are residents complaining about antisocial behaviour", 3).Expanded {
		if strings.HasPrefix(e, "victims ") {
			t.Errorf("\"complaining\" matched the victims concept (its phrasing \"complainants\"): %q", e)
		}
	}
	for _, c := range []struct {
		words  []string
		phrase string
		want   bool
	}{
		{[]string{"local", "bobbies"}, "bobby", true},
		{[]string{"cops"}, "cops", true},
		{[]string{"cop"}, "cops", true},
		{[]string{"complaining"}, "complainants", false},
	} {
		if got := saidAsWritten(c.words, c.phrase); got != c.want {
			t.Errorf("saidAsWritten(%q, %q) = %v", c.words, c.phrase, got)
		}
	}
}

// Naming the report, by its force's name or a filter, prefers its
// passages but finds only those about what is asked: "herts dvpo" is the
// DVPO passages, not every passage of the report with the DVPO ones
// first (a new user saw "Passages 1–3 of 372" and a random third one).
func TestNamingTheReportFindsOnlyWhatIsAsked(t *testing.T) {
	ix, _ := embeddedIndex(t)
	plain := find(t, ix, "dvpo", 100)
	if plain.Total == 0 {
		t.Fatal("dvpo: nothing found")
	}
	for _, q := range []string{"herts dvpo", "dvpo force:herts", "Hertfordshire dvpo"} {
		res := find(t, ix, q, 100)
		if res.Total != plain.Total || len(res.Hits) != len(plain.Hits) {
			t.Errorf("%q: %d passages (%d shown), want dvpo's %d", q, res.Total, len(res.Hits), plain.Total)
		}
		for _, h := range res.Hits {
			if h.Score <= 0 {
				t.Errorf("%q: a passage scoring %v, about nothing asked: %.80s", q, h.Score, h.Text)
			}
		}
	}
}

// Asked what a team, a hub or a board is, does or how often it does it,
// the passage describing it, with it as the subject of its first
// sentence, comes first, before passages that only mention it.
func TestWhatAThingDoesIsAnsweredByItsDescription(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, c := range []struct{ q, lead string }{
		{"what is the positive action team", "The positive action team "},
		{"what is the safeguarding hub?", "The constabulary's safeguarding hub "},
		{"what is the police powers board", "The police powers board"},
		// what it does: the sentence with it as the subject says so
		{"when does the police powers board meet", "The police powers board"},
		// what it is for: its role, purpose or remit is what it is
		{"what is the role of the positive action team", "The positive action team "},
		{"what's the purpose of the police powers board?", "The police powers board"},
		// what it is used for is what it is; "also" is no part of its name
		{"what are staff councils used for in the constabulary?", "The constabulary also has staff councils"},
		// asked as new, it is described as what the force set up
		{"what's this new prevention hub", "The constabulary is investing in a prevention hub"},
		// what it is responsible for, or in charge of, is what it does
		{"what is the police powers board responsible for", "The police powers board"},
		{"what is the positive action team in charge of", "The positive action team "},
	} {
		res := find(t, ix, c.q, 3)
		if !strings.HasPrefix(firstText(res), c.lead) {
			t.Errorf("%q: first %.80q, want the passage beginning %q", c.q, firstText(res), c.lead)
		}
	}
}

// What is asked of a thing ends the question: "what is the board
// responsible for" asks about the board, while "who is responsible for
// the board" asks no thing to be described.
func TestWhatAThingIsResponsibleForAsksAboutIt(t *testing.T) {
	ix, _ := embeddedIndex(t)
	if x := ix.subjectsAsked("what is the police powers board responsible for"); len(x) != 1 || !slices.Equal(x[0], ix.analyze("police powers board")) {
		t.Errorf("what the board is responsible for: subject %q, want the board's terms", x)
	}
	if x := ix.subjectsAsked("who is responsible for the police powers board"); len(x) != 0 {
		t.Errorf("who is responsible for the board: subject %q, want none", x)
	}
}

// A thing asked about as new ("what's the new triage car") is described
// by the sentence that says the force set it up, with the thing as the
// verb's object, as well as by one with the thing as its subject.
func TestNewThingIsDescribedAsSetUp(t *testing.T) {
	ix, _ := embeddedIndex(t)
	x := ix.subjectsAsked("what's the new triage car")
	if len(x) != 1 || !slices.Equal(x[0], ix.analyze("triage car")) {
		t.Fatalf("subject %q, want triage car's terms", x)
	}
	for text, want := range map[string]bool{
		"The force has introduced a triage car, which attends mental health calls.": true,
		"The constabulary is investing in a triage car staffed with nurses.":        true,
		"The triage car attends mental health calls.":                               true,
		"The force has praised a triage car run by another force.":                  false,
		"The force is investing in training for the triage car's staff.":            false,
	} {
		lead := leadTerms{ix: ix, text: text}
		if got := lead.leadsWith(x[0]); got != want {
			t.Errorf("%q leads with the triage car: %v, want %v", text, got, want)
		}
	}
}

// Of the paragraphs under one headline that match a question alike, the
// one that says its words together, as it says them, comes first: the
// inspectorate's own count of stop and searches with "reasonable grounds
// recorded", not the panel's paragraph that has "grounds" and "recording"
// apart.
func TestParagraphSayingTheWordsTogetherFirst(t *testing.T) {
	ix, _ := embeddedIndex(t)
	q := "how often were reasonable grounds recorded for stop and search"
	if res := find(t, ix, q, 3); !strings.Contains(firstText(res), "had reasonable grounds recorded") {
		t.Errorf("%q: first %.80q", q, firstText(res))
	}
}

// Who asks is not what is asked: a question introduced by its asker's
// role ("As a councillor, …", "sergeant asking: …") gets the passages
// the question alone gets, not those about councillors or sergeants.
func TestTheAskersRoleIsNotSearched(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, c := range []struct{ with, without string }{
		{"As a councillor I want to know: how long do 999 calls take to answer?", "how long do 999 calls take to answer?"},
		{"neighbourhood sergeant asking: are officers pulled off their patch to cover response?", "are officers pulled off their patch to cover response?"},
		{"I'm a victims' advocate, do officers tell victims when their case is closed?", "do officers tell victims when their case is closed?"},
	} {
		got, want := ids(find(t, ix, c.with, 3).Hits), ids(find(t, ix, c.without, 3).Hits)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v as for %q", c.with, got, want, c.without)
		}
	}
	// The role is what is asked about when little else is.
	if q := withoutAsker(ParseQuery("As a response officer, what about our workload?")); !slices.Contains(q.Words, "response") {
		t.Errorf("the asker's role was left out of a question about it: %q", q.Words)
	}
	// "As a percentage" says how, not who.
	if q := withoutAsker(ParseQuery("As a percentage, how many 999 calls were answered in time?")); !slices.Contains(q.Words, "percentage") {
		t.Errorf("the opening was taken for an asker: %q", q.Words)
	}
}

// The seventh set's odd lines are a tuning set (its even lines are kept
// back as a check, and not read here): a floor a little below what they
// measure today (0.773, 0.970, 0.866; 19 of 19 unanswerable flagged, none
// answerable wrongly).
func TestTune7OddLinesQuality(t *testing.T) {
	res := evaluateOddLines(t, "tune7-questions.jsonl")
	if res.Questions < 80 {
		t.Fatalf("only %d questions on the odd lines", res.Questions)
	}
	checkQuality(t, "tune7 odd lines", res, qualityFloor{0.74, 0.95, 0.85, 15, 2})
}

// The odd lines of the ninth, tenth, thirteenth and fourteenth sets are
// tuning sets of everyday paraphrases and questions on what must improve
// (their even lines are kept back, and not read here): a floor a little
// below what they measure today (recall@1, recall@3, MRR@10; unanswerable
// flagged; answerable wrongly): tune9 0.750, 0.882, 0.827, 17 of 17, none;
// tune10 0.578, 0.822, 0.705, 20 of 20, none; tune13 0.767, 0.867, 0.828,
// 15 of 15, none; tune14 0.700, 0.800, 0.771, 14 of 15, 1.
func TestTunedSetsOddLinesQuality(t *testing.T) {
	for _, set := range []struct {
		file  string
		floor qualityFloor
	}{
		{"tune9-questions.jsonl", qualityFloor{0.71, 0.85, 0.79, 15, 2}},
		{"tune10-questions.jsonl", qualityFloor{0.55, 0.80, 0.68, 18, 2}},
		{"tune13-questions.jsonl", qualityFloor{0.75, 0.85, 0.81, 14, 1}},
		{"tune14-questions.jsonl", qualityFloor{0.68, 0.78, 0.75, 13, 2}},
		{"tune16-questions.jsonl", qualityFloor{0.86, 0.92, 0.89, 13, 2}},
		{"tune17-questions.jsonl", qualityFloor{0.90, 0.96, 0.94, 36, 1}},
	} {
		res := evaluateOddLines(t, set.file)
		if res.Questions < 60 {
			t.Fatalf("%s: only %d questions on the odd lines", set.file, res.Questions)
		}
		checkQuality(t, set.file+" odd lines", res, set.floor)
	}
}

// A question about a shortfall is answered by the paragraph saying what
// is not done, of a finding's paragraphs that match it alike: what the
// neighbourhood dashboards don't show, not what they do.
func TestShortfallAskedShortfallFirst(t *testing.T) {
	ix, _ := embeddedIndex(t)
	q := "is anything missing from the neighbourhood dashboards?"
	if res := find(t, ix, q, 3); !strings.HasPrefix(firstText(res), "The dashboards don't list everything") {
		t.Errorf("%q: first %.80q", q, firstText(res))
	}
}

// A word and the noun the reports make of it with "-age" are one word to
// the asker: "are they still short" is answered by the finding about the
// force's shortage of detectives, which the stemmer keeps apart from
// "short".
func TestAWordFindsItsAgeNoun(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "we never had enough detectives, are they still short?", 3)
	if !strings.Contains(firstText(res), "shortage of detectives") {
		t.Errorf("first %.80q, want the finding about the shortage of detectives", firstText(res))
	}
	// In a compound the word is not the noun's root, and most "-age"
	// nouns mean something else than the word they end.
	if res := find(t, ix, "what is the short-term plan", 3); strings.Contains(firstText(res), "shortage of detectives") {
		t.Errorf("short-term plan: first is the shortage finding")
	}
	for _, w := range []string{"foot", "mess"} { // the report has "footage" and "messages"
		if forms := ix.ageForms(w); len(forms) > 0 {
			t.Errorf("%q made into %q", w, forms)
		}
	}
}

// Asked how long something takes, the paragraph giving the time ("wait for
// up to nine months") comes before the one under the same headline that
// only says how long it takes was looked at.
func TestTheParagraphGivingTheFigureAskedFirst(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"how long does it take to get a phone examined", "how long do computers wait for forensic examination"} {
		if res := find(t, ix, q, 3); !strings.Contains(firstText(res), "nine months") {
			t.Errorf("%q: first %.80q, want the paragraph giving the wait", q, firstText(res))
		}
	}
}

// Asked for an example of something, the paragraph of the finding that
// gives one comes before the one that describes it in general.
func TestExampleAskedGivesTheExample(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "what's an example of a problem raised at the ask the executive panel that got fixed", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "For example") {
		t.Errorf("first hit gives no example: %q", firstText(res))
	}
}

// Misspelt, the words a question says together still pick the paragraph
// that says them together: "reasonable grouds recordd" is the one saying
// searches "had reasonable grounds recorded".
func TestMisspeltWordsTogetherFindThemTogether(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "stop and serch reasonable grouds recordd percentage", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "had reasonable grounds recorded") {
		t.Errorf("first hit %q", firstText(res))
	}
}

// "What is X and how …" asks what X is as well: the passage introducing X
// by name comes first, as it does for "what is X" alone.
func TestWhatIsXAndASecondQuestion(t *testing.T) {
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "what is echo and how does the public use it", 3)
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Text, "called echo") {
		t.Errorf("first hit %q", firstText(res))
	}
}

// Asked what an acronym stands for, the passage spelling it out with the
// acronym after it answers; asked what it is used for, the question is
// not one of meaning.
func TestAcronymMeaningFindsItsSpellingOut(t *testing.T) {
	for _, q := range []string{"DVPO meaning", "what does DVPO stand for", "what does a DVPO mean?"} {
		if !meaningAsked.MatchString(q) {
			t.Errorf("%q: not read as asking what it means", q)
		}
	}
	for _, q := range []string{"what are DVPOs used for", "what does this mean for victims", "are the means of reporting clear"} {
		if meaningAsked.MatchString(q) {
			t.Errorf("%q: read as asking what an acronym means", q)
		}
	}
	ix, _ := embeddedIndex(t)
	res := find(t, ix, "what does JCPIT stand for", 3)
	if len(res.Hits) == 0 || !strings.Contains(strings.ToLower(res.Hits[0].Text), "investigation team (jcpit)") {
		t.Errorf("JCPIT: first hit does not spell it out: %v", res.Hits)
	}
}

// Two words typed apart that the reports write as one are matched in
// headlines too, as the one word typed would be; two words the reports
// never write as one add nothing.
func TestSplitWordMatchesHeadlines(t *testing.T) {
	ix, _ := embeddedIndex(t)
	inHeadline := func(words ...string) bool {
		c := newClauses(ix.Weights, ix.analyze)
		c.joinedPairs(ix, words)
		for _, q := range c.should {
			d, ok := q.(*query.DisjunctionQuery)
			if !ok {
				continue
			}
			for _, x := range d.Disjuncts {
				if tq, ok := x.(*query.TermQuery); ok && tq.FieldVal == fieldHeading {
					return true
				}
			}
		}
		return false
	}
	if !inHeadline("safe", "guarding") {
		t.Error("safe guarding: not matched as safeguarding in headlines")
	}
	if inHeadline("police", "officers") {
		t.Error("police officers: matched as one word")
	}
}

// Asked what a thing is, when no passage opens with it as the subject,
// the passage whose sentence says what it is ("a scheme called …", "The
// … unit is part of …") comes first, before one that only names it.
func TestWhatAThingIsAnsweredByTheSentenceSayingWhatItIs(t *testing.T) {
	ix, _ := embeddedIndex(t)
	q := "what's the forensic imaging unit"
	if res := find(t, ix, q, 3); !strings.Contains(firstText(res), "The forensic imaging unit is part of") {
		t.Errorf("%q: first %.80q", q, firstText(res))
	}
	for _, c := range []struct {
		text, subject string
		says          bool
	}{
		{"The force runs a volunteer scheme called Street Watch.", "street watch scheme", true},
		{"It has a team known as the rural crime team, which works with farmers.", "rural crime team", true},
		{"The custody suite is part of a regional collaboration.", "custody suite", true},
		// a call to someone, or something about the thing's staff, says
		// nothing of what the thing is
		{"Officers called the victim back within a day.", "victim support", false},
		{"The custody suite's staff are well trained.", "custody suite", false},
		{"We saw a scheme called Street Watch in another force.", "rural crime team", false},
	} {
		if got := ix.defines(c.text, ix.analyze(c.subject)) > 0; got != c.says {
			t.Errorf("%q says what %q is: %v, want %v", c.text, c.subject, got, c.says)
		}
	}
}

// Asked what the HM Inspector said, one person, the passage of the HM
// Inspector's observations about it comes first; asked what the
// inspectors said, or what must improve, the AFI does.
func TestTheInspectorsOwnWordFirstWhenTheInspectorIsNamed(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for q, hmi := range map[string]bool{
		"what did HM Inspector say the constabulary must improve about repeat and vulnerable callers":   true,
		"what did the inspectors say the constabulary must improve about repeat and vulnerable callers": false,
		"what must improve about repeat and vulnerable callers":                                         false,
	} {
		res := find(t, ix, q, 3)
		if len(res.Hits) == 0 {
			t.Errorf("%q: no hits", q)
			continue
		}
		if got := overviewChapterRE.MatchString(res.Hits[0].Chapter); got != hmi {
			t.Errorf("%q: first from %q, want the inspector's observations: %v", q, res.Hits[0].Chapter, hmi)
		}
	}
	for q, want := range map[string]bool{
		"what did HMI say":                                 true,
		"the inspector's view on call handling":            true,
		"what did the inspector flag":                      true,
		"what did the inspectors find":                     false,
		"the inspectorate's report":                        false,
		"a chief inspector asking":                         false,
		"the duty inspector's shift":                       false,
		"who is the inspector for my area":                 false,
		"the detective inspector’s caseload":               false,
		"what did HM Inspector say to the chief inspector": true,
	} {
		if got := inspectorAsked(q); got != want {
			t.Errorf("%q names the HM Inspector: %v, want %v", q, got, want)
		}
	}
}
