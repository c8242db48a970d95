package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
)

// A table block holds at most 100 rows of at most 20 cells, and a message
// one table: https://docs.slack.dev/reference/block-kit/blocks/table-block
const (
	maxTableRows = 100
	maxTableCols = 20
)

// gradeMark is what a cell of the judgments grid shows under its rating.
const gradeMark = "●"

// Grades shows the graded judgments as people read them, in a grid.
// One report is its judgments grid, as the report prints it: an area per
// row, the five ratings as columns, a mark under each area's rating.
// Several are force × area: a report per row, an area per column, each
// cell the rating. The message's text says the same in words, for
// notifications and for clients that show no tables.
func Grades(reports []*corpus.Report) Message {
	var graded []*corpus.Report
	for _, r := range reports {
		if len(r.Grades) > 0 {
			graded = append(graded, r)
		}
	}
	switch len(graded) {
	case 0:
		text := "No graded judgments are in the reports loaded."
		if len(reports) == 0 {
			text = "No reports are loaded."
		}
		return Notice("grades", text)
	case 1:
		return gradesGrid(graded[0])
	}
	return gradesAcross(graded)
}

// gradesFallback is every report's judgments in words: the message's text.
func gradesFallback(reports []*corpus.Report) string {
	var parts []string
	for _, r := range reports {
		var gs []string
		for _, g := range r.Grades {
			gs = append(gs, g.Area+": "+string(g.Rating))
		}
		parts = append(parts, corpus.ReportName(r)+" — "+strings.Join(gs, "; "))
	}
	return Escape(Clip("Graded judgments. "+strings.Join(parts, ". ")+".", 3900))
}

// gradesGrid is one report's judgments grid.
func gradesGrid(r *corpus.Report) Message {
	t := slack.NewTableBlock("grades-table")
	head := []slack.TableCell{slack.NewTableRawTextCell("Area")}
	for _, rating := range corpus.Ratings {
		head = append(head, slack.NewTableRawTextCell(string(rating)))
	}
	t.AddRow(head...)
	settings := []slack.ColumnSetting{{Align: slack.ColumnAlignmentLeft, IsWrapped: true}}
	for range corpus.Ratings {
		settings = append(settings, slack.ColumnSetting{Align: slack.ColumnAlignmentCenter, IsWrapped: true})
	}
	t.WithColumnSettings(settings...)
	for i, g := range r.Grades {
		if i == maxTableRows-1 {
			break
		}
		row := []slack.TableCell{slack.NewTableRawTextCell(g.Area)}
		for _, rating := range corpus.Ratings {
			mark := " "
			if g.Rating == rating {
				mark = gradeMark
			}
			row = append(row, slack.NewTableRawTextCell(mark))
		}
		t.AddRow(row...)
	}
	blocks := []slack.Block{
		Section("grades-table-title", "*Graded judgments* · "+Link(r.URL, corpus.ReportName(r))),
		t,
	}
	return Message{Text: gradesFallback([]*corpus.Report{r}), Blocks: blocks}
}

// gradesAcross is force × area for several reports: the areas in the order
// the reports first grade them, as many as a table's columns hold.
func gradesAcross(reports []*corpus.Report) Message {
	var areas []string
	col := map[string]int{}
	for _, r := range reports {
		for _, g := range r.Grades {
			if _, ok := col[g.Area]; !ok {
				col[g.Area] = len(areas)
				areas = append(areas, g.Area)
			}
		}
	}
	shownAreas := areas[:min(len(areas), maxTableCols-1)]
	t := slack.NewTableBlock("grades-table")
	head := []slack.TableCell{slack.NewTableRawTextCell("Report")}
	for _, a := range shownAreas {
		head = append(head, slack.NewTableRawTextCell(a))
	}
	t.AddRow(head...)
	settings := []slack.ColumnSetting{{Align: slack.ColumnAlignmentLeft, IsWrapped: true}}
	for range shownAreas {
		settings = append(settings, slack.ColumnSetting{Align: slack.ColumnAlignmentLeft, IsWrapped: true})
	}
	t.WithColumnSettings(settings...)
	shown := reports[:min(len(reports), maxTableRows-1)]
	for _, r := range shown {
		row := make([]slack.TableCell, 1+len(shownAreas))
		row[0] = slack.NewTableRawTextCell(corpus.ReportName(r))
		for i := range shownAreas {
			row[1+i] = slack.NewTableRawTextCell("—")
		}
		for _, g := range r.Grades {
			if i := col[g.Area]; i < len(shownAreas) {
				row[1+i] = slack.NewTableRawTextCell(string(g.Rating))
			}
		}
		t.AddRow(row...)
	}
	blocks := []slack.Block{Section("grades-table-title", fmt.Sprintf("*Graded judgments* of %s", plural(len(reports), "report", "reports"))), t}
	var left []string
	if n := len(reports) - len(shown); n > 0 {
		left = append(left, plural(n, "more report", "more reports"))
	}
	if n := len(areas) - len(shownAreas); n > 0 {
		left = append(left, plural(n, "more area", "more areas"))
	}
	if len(left) > 0 {
		blocks = append(blocks, Context("grades-more", "…and "+strings.Join(left, " and ")+" not shown: `/peel grades &lt;force&gt;` shows one force, `peelbot grades` every report."))
	}
	return Message{Text: gradesFallback(reports), Blocks: blocks}
}
