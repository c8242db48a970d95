package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
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
	if n := utf8.RuneCountInString(long); n <= render.MaxTextChars {
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
	if n := utf8.RuneCountInString(cut); n > render.QuoteLimit || n < render.QuoteLimit/2 {
		t.Errorf("cut quote is %d characters", n)
	}
	if len(buttonsWith(blocks, render.ActionFullText)) != 1 {
		t.Errorf("want one Full text button (for the long passage only), got %v", buttons(blocks))
	}
	// Both passages are of one finding: its full path is shown once, and
	// the second passage says only its page.
	text := allText(blocks)
	if strings.Count(text, "Testshire Police PEEL 2024 · Investigating crime › Main findings › The force investigates crime well") != 1 ||
		!strings.Contains(text, "<https://example.org/testshire-2024/#:~:text=A%20short%20passage%20about%20the%20zeppelin%20unit|Testshire Police PEEL 2024 · Investigating crime › Main findings › The force investigates crime well · p. 13>") ||
		!strings.Contains(text, "_<https://example.org/testshire-2024/#:~:text=Sentence%201%20says%20the%20force|Same finding as above · p. 12>_") {
		t.Errorf("citations of the made-up report:\n%s", text)
	}
	if len(blocks) == 0 || blocks[0]["type"] != "header" || !strings.Contains(allText(blocks[:1]), "zeppelin unit") {
		t.Errorf("a long answer does not open with a heading: %v", blocks[0])
	}

	// Shared, it is cut the same way and keeps within the limits.
	h.click(buttonsWith(blocks, render.ActionShare)[0], ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
}

// An area for improvement is shown with what the inspectors found under
// it, quoted and cited on its own, inside Slack's limits (the fake Slack
// rejects what Slack would); that paragraph is not quoted a second time.
func TestAFIIsShownWithWhatTheInspectorsFound(t *testing.T) {
	afi := investigationAFI(t)
	h := newHarness(t)
	blocks := h.command("what must improve in investigating crime")
	found := render.QuoteText(afi.Passages[0].Text)
	var why, whyCite string
	for _, b := range blocks {
		switch id, _ := b["block_id"].(string); id {
		case "why-0":
			why = b["text"].(map[string]any)["text"].(string)
		case "whycite-0":
			whyCite = allText([]map[string]any{b})
		}
	}
	quotes := quoteTexts(blocks)
	if len(quotes) == 0 || !strings.Contains(quotes[0], render.QuoteText(afi.Text)) {
		t.Fatalf("first quote %q, want the AFI %q", quotes, afi.Text)
	}
	if !strings.HasPrefix(why, "_What the inspectors found:_\n") || !strings.Contains(why, found) {
		t.Errorf("shown under the AFI: %q, want what was found: %q", why, found)
	}
	if !strings.Contains(whyCite, fmt.Sprintf("p. %d", afi.Passages[0].Page)) || !strings.Contains(whyCite, "#:~:text=") {
		t.Errorf("what was found is cited as %q", whyCite)
	}
	for _, q := range quotes {
		if strings.Contains(q, found) {
			t.Errorf("what was found is quoted again on its own: %q", q)
		}
	}

	// Shared, the AFI goes with what was found, as it was shown.
	h.click(buttonsWith(blocks, render.ActionShare)[0], ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	text := allText(posts[0].Blocks())
	if !strings.Contains(text, render.QuoteText(afi.Text)) || !strings.Contains(text, found) || !strings.Contains(text, "What the inspectors found") {
		t.Errorf("shared:\n%s", text)
	}
}

// Summarised, an answer of AFIs keeps what the inspectors found under
// each: the model is given it, and the passages shown under the summary
// still show it.
func TestSummarisedAFIKeepsWhatTheInspectorsFound(t *testing.T) {
	afi := investigationAFI(t)
	fs := &fakeSummariser{cite: []int{0}}
	h := newHarness(t, func(c *Config) { c.Summariser = fs })
	blocks := h.command("what must improve in investigating crime")
	found := render.QuoteText(afi.Passages[0].Text)
	if !strings.Contains(allText(blocks), found) {
		t.Fatalf("the answer does not show what was found:\n%s", allText(blocks))
	}
	h.click(buttonsWith(blocks, render.ActionSummarise)[0], ephemeralIn(""))
	h.settle()
	if len(fs.requests) != 1 || len(fs.requests[0].Sources) == 0 || !strings.Contains(fs.requests[0].Sources[0].Text, afi.Passages[0].Text) {
		t.Errorf("the model was not given what was found: %+v", fs.requests)
	}
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 {
		t.Fatalf("%d responses", len(resp))
	}
	if text := allText(resp[0].Blocks()); !strings.Contains(text, "Summary:") || !strings.Contains(text, found) || !strings.Contains(text, "What the inspectors found") {
		t.Errorf("summarised:\n%s", text)
	}
}

// investigationAFI is the embedded report's first AFI in investigating
// crime, which has paragraphs under it.
func investigationAFI(t *testing.T) *corpus.AFI {
	t.Helper()
	lib, _ := embeddedIndex(t)
	for _, a := range lib.AFIs() {
		if a.Area == "Investigating crime" && len(a.Passages) > 0 {
			return a
		}
	}
	t.Fatal("no AFI with paragraphs under it in investigating crime")
	return nil
}
