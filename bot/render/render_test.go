package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/slacktest"
)

// jsonBlocks is blocks as Slack receives them.
func jsonBlocks(t *testing.T, blocks []slack.Block) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	return list
}

// texts collects every text of blocks, in order.
func texts(blocks []map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for k, e := range x {
				if _, isString := e.(string); k != "text" || !isString {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, b := range blocks {
		walk(map[string]any(b))
	}
	return out
}

func allText(blocks []map[string]any) string { return strings.Join(texts(blocks), "\n") }

// strict is Slack's rules as peelbot keeps them: every action_id unique
// in its message, and nothing pinged or linked but what a test means.
var strict = slacktest.Validator{ActionIDsUniquePerSurface: true, Intended: slacktest.Allow{
	Members: []string{"U1", "U2", "C1"},
	Links:   []string{"https://hmicfrs.justiceinspectorates.gov.uk/", "https://example.org/"},
}.Intended}

// checkLimits fails when blocks break one of Slack's rules.
func checkLimits(t *testing.T, blocks []map[string]any) {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if err := strict.ValidateBlocksJSON(slacktest.InMessage, raw); err != nil {
		t.Error(err)
	}
}

// checkMessage fails when Slack would refuse m as a message.
func checkMessage(t *testing.T, m Message) {
	t.Helper()
	if err := strict.ValidateMessage(m.Text, m.Blocks...); err != nil {
		t.Error(err)
	}
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
		got, cut := CutAtSentence(tc.text, tc.limit)
		if got != tc.want || cut != tc.cut {
			t.Errorf("CutAtSentence(%q, %d) = %q, %v; want %q, %v", tc.text, tc.limit, got, cut, tc.want, tc.cut)
		}
	}
}

func TestQuoteWithinKeepsEscapedTextUnderTheLimit(t *testing.T) {
	text := strings.Repeat("A & B < C. ", 600) // escaping more than doubles it
	q, cut := QuoteWithin(text, MaxTextChars)
	if !cut || utf8.RuneCountInString(q) > MaxTextChars || !strings.HasSuffix(q, ". …") {
		t.Errorf("quote of %d characters, cut %v, ends %q", utf8.RuneCountInString(q), cut, q[len(q)-10:])
	}
}

func TestButtonValuesStayUnderTheLimit(t *testing.T) {
	q := strings.Repeat("ü\"\\", 3000)
	v := Ref{Q: q, Off: 3, IDs: []string{"herts-2021-01b2aa05", "herts-2021-3b028eeb", "herts-2021-0000aaaa"}, TS: "1700000000.000100"}.Encode()
	if n := utf8.RuneCountInString(v); n > MaxValueChars {
		t.Fatalf("value of %d characters", n)
	}
	r, err := DecodeRef(v)
	if err != nil || len(r.IDs) != 3 || r.Off != 3 || r.TS == "" || !strings.HasPrefix(q, r.Q) || len(r.Q) < 500 {
		t.Errorf("decoded %+v, %v", r, err)
	}
}

func TestGradesOfManyReportsStayWithinFiftyBlocks(t *testing.T) {
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("*Report %d*\n• Good — An area with a fairly long name that takes room %d", i, i))
	}
	blocks := jsonBlocks(t, PackSections("grades", lines, MaxBlocks))
	checkLimits(t, blocks)
	if len(blocks) != MaxBlocks {
		t.Errorf("%d blocks, want the room used", len(blocks))
	}
	if last := texts(blocks[len(blocks)-1:]); len(last) != 1 || !strings.Contains(last[0], "more not shown here") {
		t.Errorf("no note of what is left out: %q", last)
	}
}

func TestALongHistoryKeepsItsLatestChanges(t *testing.T) {
	var lines []string
	for i := range 200 {
		lines = append(lines, fmt.Sprintf("• change %03d — %s", i, strings.Repeat("words ", 60)))
	}
	blocks := LatestHistory(lines, 10, "herts-2021-afi-1")
	if len(blocks) == 0 || len(blocks) > 10 {
		t.Fatalf("%d blocks for a room of 10", len(blocks))
	}
	raw, _ := json.Marshal(blocks)
	var decoded []map[string]any
	json.Unmarshal(raw, &decoded)
	checkLimits(t, decoded)
	text := allText(decoded)
	if !strings.Contains(text, "change 199") || strings.Contains(text, "change 000") || !strings.Contains(text, "earlier changes not shown: `peelbot afi show herts-2021-afi-1`") {
		t.Errorf("history kept:\n%.300s", text)
	}
	// A short one is kept whole.
	if got := allText(func() []map[string]any {
		raw, _ := json.Marshal(LatestHistory(lines[:3], 10, "x"))
		var d []map[string]any
		json.Unmarshal(raw, &d)
		return d
	}()); !strings.Contains(got, "change 000") || strings.Contains(got, "not shown") {
		t.Errorf("short history: %s", got)
	}
}
