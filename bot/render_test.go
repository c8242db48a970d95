package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// longText is a passage of many sentences, longer than Slack's 3,000
// characters, with a bullet list and characters that must be escaped.
func longText() string {
	var b strings.Builder
	for i := 1; b.Len() < 4200; i++ {
		fmt.Fprintf(&b, "Sentence %d says the force's zeppelin unit & its <partners> reviewed case files, and some of them were late. ", i)
	}
	b.WriteString("The findings were:\n- first, a list item\n- second, another.")
	return b.String()
}

// longPassageLibrary is a library of one made-up report holding a passage
// longer than 3,000 characters, indexed for real.
func longPassageLibrary(t *testing.T) (*corpus.Library, *index.Index, string) {
	t.Helper()
	long := longText()
	p := &corpus.Passage{
		ID: "test-2024-5eaf00d5", ReportID: "test-2024", Chapter: "Investigating crime",
		Section: "Main findings", Heading: "The force investigates crime well", Kind: corpus.KindPassage,
		Page: 12, Text: long,
	}
	short := &corpus.Passage{
		ID: "test-2024-0b5e55ed", ReportID: "test-2024", Chapter: "Investigating crime",
		Section: "Main findings", Heading: "The force investigates crime well", Kind: corpus.KindPassage,
		Page: 13, Position: 1, Text: "A short passage about the zeppelin unit.",
	}
	r := &corpus.Report{
		ID: "test-2024", Force: "Testshire Police", Round: "PEEL 2024", URL: "https://example.org/testshire-2024/",
		Chapters: []*corpus.Chapter{{Title: "Investigating crime", Page: 10, Sections: []*corpus.Section{{
			Title: "Main findings", Page: 11,
			Findings: []*corpus.Finding{{Headline: "The force investigates crime well", Passages: []*corpus.Passage{p, short}}},
		}}}},
	}
	lib, err := corpus.NewLibrary([]*corpus.Report{r})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return lib, ix, long
}

func TestLongPassageIsCutAtASentenceWithinSlackLimits(t *testing.T) {
	lib, ix, long := longPassageLibrary(t)
	if n := utf8.RuneCountInString(long); n <= maxTextChars {
		t.Fatalf("test passage is only %d characters", n)
	}
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix })
	blocks := h.command("zeppelin unit")
	quotes := quoteTexts(blocks)
	var cut string
	for _, q := range quotes {
		if strings.Contains(q, "Sentence 1 says") {
			cut = q
		}
	}
	if cut == "" {
		t.Fatalf("the long passage is not quoted: %q", quotes)
	}
	if !strings.HasSuffix(cut, ". …") {
		t.Errorf("the cut does not end a sentence with …: %q", cut[max(0, len(cut)-60):])
	}
	if !strings.Contains(cut, "&amp; its &lt;partners&gt;") {
		t.Error("passage text is not escaped")
	}
	if n := utf8.RuneCountInString(cut); n > quoteLimit || n < quoteLimit/2 {
		t.Errorf("cut quote is %d characters", n)
	}
	if len(buttonsWith(blocks, actionFullText)) != 1 {
		t.Errorf("want one Full text button (for the long passage only), got %v", buttons(blocks))
	}
	if !strings.Contains(allText(blocks), "<https://example.org/testshire-2024/|Testshire Police PEEL 2024 · Investigating crime › Main findings › The force investigates crime well · p. 12>") {
		t.Errorf("citation of the made-up report:\n%s", allText(blocks))
	}

	// Shared, it is cut the same way and keeps within the limits.
	h.click(buttonsWith(blocks, actionShare)[0], ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	checkLimits(t, posts[0].blocks(t))
}

func TestCutAtSentence(t *testing.T) {
	for _, tc := range []struct {
		text  string
		limit int
		want  string
		cut   bool
	}{
		{"Short.", 100, "Short.", false},
		{"One two three. Four five six seven.", 20, "One two three. …", true},
		{"One two. Three four five six seven.", 20, "One two. Three …", true}, // no sentence ends in the second half
		{"Officers (not staff.) left. Then more text follows here.", 40, "Officers (not staff.) left. …", true},
		{"He said “stop.” Then a long tail of words follows", 30, "He said “stop.” …", true},
		{"no sentence ends here at all in this text", 20, "no sentence ends …", true},
		{strings.Repeat("x", 50), 20, strings.Repeat("x", 19) + " …", true},
	} {
		got, cut := cutAtSentence(tc.text, tc.limit)
		if got != tc.want || cut != tc.cut {
			t.Errorf("cutAtSentence(%q, %d) = %q, %v; want %q, %v", tc.text, tc.limit, got, cut, tc.want, tc.cut)
		}
	}
}

func TestQuoteWithinKeepsEscapedTextUnderTheLimit(t *testing.T) {
	text := strings.Repeat("A & B < C. ", 600) // escaping more than doubles it
	q, cut := quoteWithin(text, maxTextChars)
	if !cut || utf8.RuneCountInString(q) > maxTextChars || !strings.HasSuffix(q, ". …") {
		t.Errorf("quote of %d characters, cut %v, ends %q", utf8.RuneCountInString(q), cut, q[len(q)-10:])
	}
}

func TestButtonValuesStayUnderTheLimit(t *testing.T) {
	q := strings.Repeat("ü\"\\", 3000)
	v := ref{Q: q, Off: 3, IDs: []string{"herts-2021-01b2aa05", "herts-2021-3b028eeb", "herts-2021-0000aaaa"}, TS: "1700000000.000100"}.encode()
	if n := utf8.RuneCountInString(v); n > maxValueChars {
		t.Fatalf("value of %d characters", n)
	}
	r, err := decodeRef(v)
	if err != nil || len(r.IDs) != 3 || r.Off != 3 || r.TS == "" || !strings.HasPrefix(q, r.Q) || len(r.Q) < 500 {
		t.Errorf("decoded %+v, %v", r, err)
	}
}

func TestGradesOfManyReportsStayWithinFiftyBlocks(t *testing.T) {
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("*Report %d*\n• Good — An area with a fairly long name that takes room %d", i, i))
	}
	blocks := jsonBlocks(t, packSections("grades", lines, maxBlocks))
	checkLimits(t, blocks)
	if len(blocks) != maxBlocks {
		t.Errorf("%d blocks, want the room used", len(blocks))
	}
	if last := texts(blocks[len(blocks)-1:]); len(last) != 1 || !strings.Contains(last[0], "more not shown here") {
		t.Errorf("no note of what is left out: %q", last)
	}
}

// jsonBlocks is blocks as Slack receives them.
func jsonBlocks(t *testing.T, blocks []slack.Block) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return toBlocks(t, v)
}

func TestDaysOpenCountsDaysThenSaysTheMonth(t *testing.T) {
	loc := london(t)
	r := afiRender{now: time.Date(2026, 3, 2, 9, 0, 0, 0, loc), loc: loc}
	for _, c := range []struct {
		since time.Time
		want  string
	}{
		{time.Date(2026, 3, 2, 0, 30, 0, 0, loc), "opened today"},
		{time.Date(2026, 3, 1, 23, 59, 0, 0, loc), "1 day open"},
		{time.Date(2025, 12, 2, 9, 0, 0, 0, loc), "90 days open"},
		{time.Date(2025, 12, 1, 9, 0, 0, 0, loc), "open since Dec 2025"},
		{time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), "open since Feb 2023"},
	} {
		if got := r.daysOpen(c.since); got != c.want {
			t.Errorf("daysOpen(%v) = %q, want %q", c.since, got, c.want)
		}
	}
}
