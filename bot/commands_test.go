package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

const (
	hertsURL = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/"
	// dvpoLink and afi7Link go to the passage and the AFI's headline on
	// the report's web page, as text fragments.
	dvpoLink      = hertsURL + "#:~:text=To%20support%20the%20safeguarding%20of%20victims"
	afi7Link      = hertsURL + "#:~:text=The%20constabulary%20should%20make%20sure%20that%20protective%20orders%20are%20considered"
	dvpoCitation  = "Hertfordshire Constabulary PEEL 2021/22 · Protecting vulnerable people › Area for improvement › The constabulary should make sure that protective orders are considered in all appropriate cases · p. 30"
	dvpoSentence  = "domestic violence protection orders (DVPOs)"
	dvpoExpansion = "Also searched for: domestic violence protection order"
)

func TestPeelDVPOQuotesTheFindingWithItsCitation(t *testing.T) {
	h := newHarness(t)
	blocks := h.command("dvpo")

	text := allText(blocks)
	if !strings.Contains(text, "*You asked:* dvpo") {
		t.Errorf("the question is not echoed:\n%s", text)
	}
	if !strings.Contains(text, dvpoExpansion) {
		t.Errorf("the acronym's expansion is not shown:\n%s", text)
	}
	quotes := quoteTexts(blocks)
	if len(quotes) == 0 || !strings.Contains(quotes[0], dvpoSentence) || !strings.HasPrefix(quotes[0], ">") {
		t.Fatalf("first quote is not the DVPO finding as a block quote: %q", quotes)
	}
	if want := "<" + dvpoLink + "|" + dvpoCitation + ">"; !strings.Contains(text, want) {
		t.Errorf("citation %q, linked to the report, not found in:\n%s", want, text)
	}
	if got := len(buttonsWith(blocks, render.ActionShare)); got != len(quotes) {
		t.Errorf("%d Share in channel buttons for %d passages", got, len(quotes))
	}
	for _, b := range buttonsWith(blocks, render.ActionShare) {
		if b.Label != "Share in channel" {
			t.Errorf("share button labelled %q", b.Label)
		}
	}
	if len(buttonsWith(blocks, render.ActionSummarise)) != 0 {
		t.Error("a Summarise button without a summariser")
	}
	h.settle()
	if calls := h.slack.Calls(); len(calls) != 0 {
		t.Errorf("the answer should be the response body alone, but Slack got %d calls", len(calls))
	}
}

func TestMoreResultsReplacesTheAnswerWithTheNextThree(t *testing.T) {
	h := newHarness(t)
	_, ix := embeddedIndex(t)
	const q = "victims"
	all, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 6})
	if err != nil || all.Total <= 6 {
		t.Fatalf("need more than 6 hits for %q: %v, %v", q, all, err)
	}
	blocks := h.command(q)
	if got := len(quoteTexts(blocks)); got != 3 {
		t.Fatalf("%d passages shown, want 3", got)
	}
	if !strings.Contains(allText(blocks), fmt.Sprintf("Passages 1–3 of %d", all.Total)) {
		t.Errorf("position not shown:\n%s", allText(blocks))
	}
	more := buttonsWith(blocks, render.ActionMore)
	if len(more) != 1 {
		t.Fatalf("want one More results button, got %v", buttons(blocks))
	}

	h.click(more[0], ephemeralIn(""))
	h.settle()
	calls := h.slack.Calls(slacktest.MethodResponseURL)
	if len(calls) != 1 {
		t.Fatalf("%d responses, want 1", len(calls))
	}
	next := calls[0]
	if next.Args["replace_original"] != true {
		t.Error("More results does not replace the answer")
	}
	if next.Args["response_type"] != "ephemeral" {
		t.Errorf("More results is %v, not ephemeral", next.Args["response_type"])
	}
	nb := next.Blocks()
	shares := buttonsWith(nb, render.ActionShare)
	if len(shares) != 3 {
		t.Fatalf("%d passages on the second page, want 3", len(shares))
	}
	for i, b := range shares {
		r, err := render.DecodeRef(b.Value)
		if err != nil || len(r.IDs) != 1 || r.IDs[0] != all.Hits[3+i].ID {
			t.Errorf("passage %d of page 2 is %v, want hit %d (%s)", i, r.IDs, 4+i, all.Hits[3+i].ID)
		}
	}
	if !strings.Contains(allText(nb), fmt.Sprintf("Passages 4–6 of %d", all.Total)) {
		t.Errorf("page 2 position not shown:\n%s", allText(nb))
	}
}

func TestHelpShowsSyntaxFiltersAndExamples(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"help", "", "  ", "HELP"} {
		blocks := h.command(text)
		got := allText(blocks)
		for _, want := range []string{"/peel &lt;question&gt;", "/peel grades", "kind:afi", "area:investigating", "Examples:", "Find in PEEL reports"} {
			if !strings.Contains(got, want) {
				t.Errorf("/peel %q: help lacks %q", text, want)
			}
		}
	}
}

// tableOf is the rows of the table block in blocks, as their cells'
// texts, or nil when there is none.
func tableOf(blocks []map[string]any) [][]string {
	for _, b := range blocks {
		if b["type"] != "table" {
			continue
		}
		var rows [][]string
		for _, r := range b["rows"].([]any) {
			var cells []string
			for _, c := range r.([]any) {
				text, _ := c.(map[string]any)["text"].(string)
				cells = append(cells, text)
			}
			rows = append(rows, cells)
		}
		return rows
	}
	return nil
}

// One report's grades are its judgments grid: an area a row, a mark
// under its rating.
func TestGradesOfOneReportAreItsJudgmentsGrid(t *testing.T) {
	h := newHarness(t)
	blocks := h.command("grades")
	if !strings.Contains(allText(blocks), "<"+hertsURL+"|Hertfordshire Constabulary PEEL 2021/22>") {
		t.Errorf("the report is not named and linked:\n%s", allText(blocks))
	}
	rows := tableOf(blocks)
	if len(rows) != 9 || strings.Join(rows[0], "|") != "Area|Outstanding|Good|Adequate|Requires improvement|Inadequate" {
		t.Fatalf("grid %q", rows)
	}
	for _, r := range rows[1:] {
		if r[0] == "Responding to the public" && r[4] != "●" {
			t.Errorf("Responding to the public is not marked Requires improvement: %q", r)
		}
		if r[0] == "Treatment of the public" && r[2] != "●" {
			t.Errorf("Treatment of the public is not marked Good: %q", r)
		}
	}
}

// twoReports is the embedded report and a second one of another force and
// round, indexed.
func twoReports(t *testing.T) (*corpus.Library, *index.Index) {
	t.Helper()
	emb, _ := embeddedIndex(t)
	raw, err := os.ReadFile("../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	other, err := corpus.Parse("synthetic-peel-2023-25.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	other.URL = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/northmoor-2023-25/"
	lib, err := corpus.NewLibrary(append(append([]*corpus.Report(nil), emb.Reports...), other))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return lib, ix
}

// With two reports loaded, /peel grades is force × area: a report a row,
// an area a column, the rating in each cell, and "—" for an area a
// round does not grade.
func TestGradesOfTwoReportsAreATable(t *testing.T) {
	lib, ix := twoReports(t)
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix })
	blocks := h.command("grades")
	rows := tableOf(blocks)
	if len(rows) != 3 || rows[0][0] != "Report" {
		t.Fatalf("table %q", rows)
	}
	col := map[string]int{}
	for i, a := range rows[0] {
		col[a] = i
	}
	herts, north := rows[1], rows[2]
	if herts[0] != "Hertfordshire Constabulary PEEL 2021/22" || north[0] != "Northmoor Police PEEL 2023–25" {
		t.Errorf("rows %q, %q", herts[0], north[0])
	}
	if herts[col["Responding to the public"]] != "Requires improvement" || north[col["Responding to the public"]] != "Inadequate" {
		t.Errorf("Responding to the public: %q, %q", herts, north)
	}
	if herts[col["Leadership and force management"]] != "—" || north[col["Treatment of the public"]] != "—" {
		t.Errorf("an area a round does not grade is not blank: %q, %q", herts, north)
	}
	// Clients that show no table read the text.
	form := slash("grades")
	form.Set("response_url", h.commandURL("U1", "C1"))
	resp := h.post(PathCommands, formType, []byte(form.Encode()))
	var reply struct{ Text string }
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hertfordshire Constabulary PEEL 2021/22 — ", "Responding to the public: Requires improvement", "Northmoor Police PEEL 2023–25 — ", "Responding to the public: Inadequate"} {
		if !strings.Contains(reply.Text, want) {
			t.Errorf("the fallback text lacks %q: %q", want, reply.Text)
		}
	}
}

func TestNoResultSaysSoAndSuggests(t *testing.T) {
	h := newHarness(t)
	got := allText(h.command("xyzzy"))
	if !strings.Contains(got, "The loaded reports don't cover xyzzy.") || !strings.Contains(got, "Try: `") || !strings.Contains(got, "/peel help") {
		t.Errorf("no-result answer:\n%s", got)
	}
	got = allText(h.command("kind:nonsense dvpo"))
	if !strings.Contains(got, "I don't know the kind") {
		t.Errorf("the index's problem is not explained:\n%s", got)
	}
}

func TestTenThousandCharacterQuestionIsAnsweredWithANote(t *testing.T) {
	h := newHarness(t)
	q := strings.Repeat("domestic abuse victims safeguarding ", 300)[:10000]
	blocks := h.command(q)
	text := allText(blocks)
	if !strings.Contains(text, "only its first 1000 characters were read") {
		t.Errorf("no note that the question was cut:\n%.600s", text)
	}
	if len(quoteTexts(blocks)) == 0 {
		t.Error("no passages for a long but sensible question")
	}
	for _, b := range buttons(blocks) {
		if _, err := render.DecodeRef(b.Value); err != nil {
			t.Errorf("button %s: %v", b.ActionID, err)
		}
	}
}

// failingSearcher is an index that cannot search.
type failingSearcher struct{ err error }

func (f failingSearcher) Search(context.Context, index.Request) (*index.Result, error) {
	return nil, f.err
}

func TestSearchFailureIsAShortApology(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("search: bleve: %w", errors.New("segment file missing /var/x/store/000.zap")), "Sorry, the search failed."},
		{fmt.Errorf("search %q: took too long: %w", "x", context.DeadlineExceeded), "Sorry, that search took too long."},
	} {
		h := newHarness(t, func(c *Config) { c.Index = failingSearcher{tc.err} })
		got := allText(h.command("dvpo"))
		if !strings.Contains(got, tc.want) || strings.Contains(got, "zap") || strings.Contains(got, "bleve") {
			t.Errorf("error %v answered with:\n%s", tc.err, got)
		}
	}
}

func TestSlackMarkupInQuestionsIsReadAsText(t *testing.T) {
	for in, want := range map[string]string{
		"<@U123> dvpo": "dvpo",
		"what about <#C1|general> &amp; stalking": "what about general & stalking",
		"see <https://example.org/x|this page>":   "see this page",
		"<!channel> 999 &lt;calls&gt;":            "999 <calls>",
		"  lots   of\tspace ":                     "lots of space",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
	h := newHarness(t)
	got := allText(h.command("<!channel> dvpo"))
	if strings.Contains(got, "<!channel>") {
		t.Error("a broadcast in the question reached the answer")
	}
}

// panickingSearcher is an index with a bug.
type panickingSearcher struct{}

func (panickingSearcher) Search(context.Context, index.Request) (*index.Result, error) {
	panic("index bug")
}

func TestAPanicIsContained(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Index = panickingSearcher{} })
	form := slash("dvpo")
	resp := h.post(PathCommands, formType, []byte(form.Encode()))
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("command with a panicking index: status %d", resp.StatusCode)
	}
	h.event("EvPanic", mention("<@UBOT> dvpo", "1700000000.009000", ""))
	h.settle()
	if !strings.Contains(h.logs.String(), "work panicked") || !strings.Contains(h.logs.String(), "handler panicked") {
		t.Errorf("panics not logged:\n%s", h.logs.String())
	}
	if r, err := http.Get(h.srv.URL + PathHealth); err != nil || r.StatusCode != http.StatusOK {
		t.Errorf("the bot is down after a panic: %v", err)
	}
}

func TestAQuestionTheReportsDontCoverSaysSoAboveTheClosestText(t *testing.T) {
	h := newHarness(t)
	blocks := h.command("knife crime in London")
	text := allText(blocks)
	for _, want := range []string{
		"The loaded reports don't cover knife crime in London. No loaded report mentions “knife crime” or “London”. The closest",
		"_Closest text found in the reports, not an answer:_",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the answer lacks %q:\n%s", want, text)
		}
	}
	if note, label := strings.Index(text, "don't cover"), strings.Index(text, "Closest text found"); note > label || len(quoteTexts(blocks)) == 0 || label > strings.Index(text, quoteTexts(blocks)[0]) {
		t.Errorf("the note and the label must come before the passages:\n%s", text)
	}

	blocks = h.command("what are the causes of concern")
	text = allText(blocks)
	if !strings.Contains(text, "The Hertfordshire Constabulary PEEL 2021/22 report raises no causes of concern.") || !strings.Contains(text, "not a quotation") {
		t.Errorf("no statement that the report raises none, as peelbot's:\n%s", text)
	}
	if q := quoteTexts(blocks); len(q) != 0 {
		t.Errorf("passages quoted as if they were causes of concern: %q", q)
	}
}
