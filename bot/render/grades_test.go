package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

// Every force's reports in three rounds are more rows than a table holds,
// and rounds grading different areas more columns: the table keeps to
// Slack's limits and says what it leaves out.
func TestGradesOfManyReportsKeepToATablesLimits(t *testing.T) {
	var reports []*corpus.Report
	for i := range 132 {
		r := &corpus.Report{ID: fmt.Sprintf("f%d-2025", i), Force: fmt.Sprintf("Force %d & Co <x>", i), Round: "PEEL 2025", URL: "https://example.org/r/"}
		for a := range 8 {
			r.Grades = append(r.Grades, corpus.Grade{ReportID: r.ID, Area: fmt.Sprintf("Area %d", (i%4)*6+a), Rating: corpus.Ratings[(i+a)%5]})
		}
		reports = append(reports, r)
	}
	m := Grades(reports)
	checkMessage(t, m)
	text := allText(jsonBlocks(t, m.Blocks))
	if !strings.Contains(text, "and 33 more reports and 7 more areas not shown") {
		t.Errorf("what is left out is not said:\n%.400s", text)
	}
	if !strings.Contains(m.Text, "Force 131 &amp; Co &lt;x&gt; PEEL 2025 — ") && !strings.HasSuffix(m.Text, "…") {
		t.Errorf("the fallback is neither whole nor cut: %.200q", m.Text)
	}
	if one := Grades(reports[:1]); !strings.Contains(one.Text, "Force 0 &amp; Co &lt;x&gt; PEEL 2025 — Area 0: Outstanding") {
		t.Errorf("one report's fallback: %q", one.Text)
	}
	if none := Grades(nil); !strings.Contains(none.Text, "No reports are loaded") {
		t.Errorf("no reports: %q", none.Text)
	}
}
