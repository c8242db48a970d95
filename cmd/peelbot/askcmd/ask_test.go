package askcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), Config{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Library:    corpus.Load,
		OpenIndex:  index.Build,
		Summariser: func() (*summary.Summariser, []string) { return nil, nil },
		User:       "cli:test",
	}, args)
	return out.String(), err
}

func TestAskPrintsEachPassageWithItsCitationAndLink(t *testing.T) {
	out, err := run(t, "", "dvpo")
	if err != nil {
		t.Fatal(err)
	}
	const cite = "[1] Hertfordshire Constabulary PEEL 2021/22 · Protecting vulnerable people › Area for improvement › " +
		"The constabulary should make sure that protective orders are considered in all appropriate cases · p. 30\n" +
		"   https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/#:~:text=To%20support%20the%20safeguarding%20of%20victims\n"
	if !strings.Contains(out, cite) || !strings.Contains(out, "(also searched for: domestic violence protection order)") {
		t.Errorf("ask dvpo:\n%s", out)
	}
}

func TestAskJSONKeepsTheIndexsFieldsOneLinePerQuery(t *testing.T) {
	out, err := run(t, "dvpo\nzzzqqq\n", "--json", "--limit", "2")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var first struct {
		Query string           `json:"query"`
		Hits  []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Query != "dvpo" || len(first.Hits) != 2 {
		t.Fatalf("%v: %s", err, lines[0])
	}
	for _, k := range []string{"id", "report", "force", "round", "chapter", "section", "section_title", "heading", "kind", "page", "url", "text", "score"} {
		if _, ok := first.Hits[0][k]; !ok {
			t.Errorf("a hit lacks %q: %v", k, first.Hits[0])
		}
	}
	if !strings.Contains(lines[1], `"hits":[]`) {
		t.Errorf("no hits are not an empty list: %s", lines[1])
	}
}

func TestAskSaysWhetherTheReportsAnswer(t *testing.T) {
	out, err := run(t, "knife crime in London\nhow was investigating crime graded\n", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	type answer struct {
		Answered *bool `json:"answered"`
		Note     *string
		Hits     []struct {
			Text    string `json:"text"`
			Closest bool   `json:"closest"`
		} `json:"hits"`
	}
	var miss, grade answer
	if err := json.Unmarshal([]byte(lines[0]), &miss); err != nil || miss.Answered == nil || *miss.Answered || miss.Note == nil ||
		!strings.HasPrefix(*miss.Note, "The loaded reports don't cover knife crime in London.") {
		t.Fatalf("%v: %s", err, lines[0])
	}
	for _, h := range miss.Hits {
		if !h.Closest {
			t.Errorf("a passage shown for a miss is not marked closest: %s", lines[0])
		}
	}
	if err := json.Unmarshal([]byte(lines[1]), &grade); err != nil || grade.Answered == nil || !*grade.Answered || grade.Note == nil || *grade.Note != "" ||
		len(grade.Hits) == 0 || grade.Hits[0].Text != "Hertfordshire Constabulary is adequate at investigating crime." {
		t.Fatalf("%v: %s", err, lines[1])
	}

	text, err := run(t, "", "knife", "crime", "in", "London")
	if err != nil {
		t.Fatal(err)
	}
	if note, label := strings.Index(text, "The loaded reports don't cover knife crime in London."), strings.Index(text, "Closest text found (not an answer):"); note < 0 || label < note || label > strings.Index(text, "[1]") {
		t.Errorf("the note and the label are not above the passages:\n%s", text)
	}
	text, err = run(t, "", "how was investigating crime graded")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "[1] Hertfordshire Constabulary PEEL 2021/22 · Investigating crime · p. 25\n") || !strings.Contains(text, "> Hertfordshire Constabulary is adequate at investigating crime.") || strings.Contains(text, "Closest text") {
		t.Errorf("the grade is not quoted first with its page:\n%s", text)
	}
}

// runErr is run that also returns what was printed on stderr.
func runErr(t *testing.T, stdin string, args ...string) (out, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = Run(context.Background(), Config{
		Stdin: strings.NewReader(stdin), Stdout: &o, Stderr: &e,
		Library: corpus.Load, OpenIndex: index.Build,
		Summariser: func() (*summary.Summariser, []string) { return nil, nil },
		User:       "cli:test",
	}, args)
	return o.String(), e.String(), err
}

// A flag's bad value is said in words, in one line, with the way to help.
func TestAskSaysWhatAFlagTakes(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--limit", "abc", "dvpo"}, "peelbot ask: --limit takes a whole number such as 5, not \"abc\"\nRun \"peelbot ask --help\" for its flags.\n"},
		{[]string{"dvpo", "--limit"}, "peelbot ask: --limit needs a value: a whole number such as 5\nRun \"peelbot ask --help\" for its flags.\n"},
		{[]string{"dvpo", "-x"}, "peelbot ask: there is no flag --x (an argument that starts with - goes after --)\nRun \"peelbot ask --help\" for its flags.\n"},
	} {
		out, stderr, err := runErr(t, "", c.args...)
		if !errors.Is(err, cli.ErrUsage) || out != "" || stderr != c.want {
			t.Errorf("ask %q: %v, stdout %q\n got %q\nwant %q", c.args, err, out, stderr, c.want)
		}
	}
}

// Flags after the question are flags, as for afi; after --, everything is
// the question.
func TestAskTakesFlagsAfterTheQuestion(t *testing.T) {
	out, err := run(t, "", "dvpo", "--json", "--limit", "1")
	var got struct {
		Query string           `json:"query"`
		Hits  []map[string]any `json:"hits"`
	}
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.Query != "dvpo" || len(got.Hits) != 1 {
		t.Errorf("ask dvpo --json --limit 1: %v\n%.300s", err, out)
	}
	out, err = run(t, "", "--json", "--", "dvpo", "--limit")
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.Query != "dvpo --limit" {
		t.Errorf("ask --json -- dvpo --limit: %v\n%.300s", err, out)
	}
}

// Blank lines of standard input are skipped, not asked: in text and JSON.
func TestAskSkipsBlankLines(t *testing.T) {
	out, err := run(t, "\ndvpo\n   \n\r\n\t\nvictims\n\n", "--json", "--limit", "1")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != 2 || !strings.Contains(lines[0], `"query":"dvpo"`) || !strings.Contains(lines[1], `"query":"victims"`) {
		t.Errorf("%v; want two answers, dvpo and victims:\n%.600s", err, out)
	}
	out, err = run(t, "\n  \n", "--limit", "1")
	if err != nil || out != "" {
		t.Errorf("blank lines only: %v, printed %q", err, out)
	}
	out, err = run(t, "dvpo\n\n", "--limit", "1")
	if err != nil || strings.Count(out, "Q: ") != 1 || strings.Contains(out, "There are no words") {
		t.Errorf("a blank line after a question was asked: %v\n%s", err, out)
	}
}

// In --json, what the inspectors found under an AFI is cited as the AFI
// is: with the page of the report's PDF beside its link.
func TestAskJSONGivesWhatWasFoundItsPDFPage(t *testing.T) {
	var out, errb bytes.Buffer
	err := Run(context.Background(), Config{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Library: func(string) (*corpus.Library, error) {
			lib, err := corpus.Embedded()
			if err != nil {
				return nil, err
			}
			for _, r := range lib.Reports {
				r.PDFURL = "https://example.org/" + r.ID + ".pdf"
				for _, p := range r.Passages() {
					p.PDFPage = p.Page + 2
				}
			}
			return lib, nil
		},
		OpenIndex:  index.Build,
		Summariser: func() (*summary.Summariser, []string) { return nil, nil },
		User:       "cli:test",
	}, []string{"--json", "what must improve in investigating crime"})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Hits []struct {
			PDFURL      string `json:"pdf_url"`
			Explanation *struct {
				Page   int    `json:"page"`
				PDFURL string `json:"pdf_url"`
			} `json:"explanation"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Hits) == 0 || got.Hits[0].Explanation == nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	e := got.Hits[0].Explanation
	if got.Hits[0].PDFURL == "" || !strings.HasSuffix(e.PDFURL, fmt.Sprintf("#page=%d", e.Page+2)) {
		t.Errorf("the AFI's PDF page %q, what was found under it %q (page %d)", got.Hits[0].PDFURL, e.PDFURL, e.Page)
	}
}
