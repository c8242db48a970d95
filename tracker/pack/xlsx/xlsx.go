// Package xlsx writes the board pack as an Excel workbook with
// github.com/xuri/excelize/v2: a sheet of the items (the pack's columns,
// a header that stays in view, a filter on every column, the RAG cells
// coloured), a sheet with the chart of open items by status over time as
// a picture and the numbers it draws, and a summary.
//
// It owns the workbook's layout. It may import tracker, tracker/pack,
// tracker/pack/chart and excelize.
package xlsx

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/pack"
	"github.com/peelbot/peelbot/tracker/pack/chart"
)

// The sheets, in order.
const (
	SheetItems   = "Items"
	SheetChart   = "Chart"
	SheetSummary = "Summary"
)

// widths are the columns' widths, in characters.
var widths = map[string]float64{"Text": 70, "Evidence": 50, "Reference": 28, "Report": 34, "Area": 28, "Reason revised": 30, "Deadline (as written)": 22}

// Write makes the workbook of p.
func Write(p pack.Pack) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetItems); err != nil {
		return nil, err
	}
	if err := items(f, p); err != nil {
		return nil, fmt.Errorf("xlsx: items: %w", err)
	}
	if err := chartSheet(f, p); err != nil {
		return nil, fmt.Errorf("xlsx: chart: %w", err)
	}
	if err := summary(f, p); err != nil {
		return nil, fmt.Errorf("xlsx: summary: %w", err)
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func items(f *excelize.File, p pack.Pack) error {
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D3557"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	rag := map[tracker.RAG]int{}
	for g, colour := range map[tracker.RAG]string{tracker.Red: "F4B6B6", tracker.Amber: "FFD8A8", tracker.Green: "C6E9C6"} {
		if rag[g], err = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
			return err
		}
	}
	header := make([]any, len(pack.Columns))
	for i, c := range pack.Columns {
		header[i] = c
		col, _ := excelize.ColumnNumberToName(i + 1)
		w := 14.0
		if v, ok := widths[c]; ok {
			w = v
		}
		if err := f.SetColWidth(SheetItems, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(SheetItems, "A1", &header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(pack.Columns))
	if err := f.SetCellStyle(SheetItems, "A1", last+"1", head); err != nil {
		return err
	}
	ragCol := 0
	for i, c := range pack.Columns {
		if c == "RAG" {
			ragCol = i + 1
		}
	}
	for i, r := range p.Rows {
		row := make([]any, 0, len(pack.Columns))
		for _, v := range r.Fields() {
			row = append(row, v) // strings only: a cell never holds a formula
		}
		cell := fmt.Sprintf("A%d", i+2)
		if err := f.SetSheetRow(SheetItems, cell, &row); err != nil {
			return err
		}
		if err := f.SetCellStyle(SheetItems, cell, fmt.Sprintf("%s%d", last, i+2), wrap); err != nil {
			return err
		}
		if s, ok := rag[r.RAGValue]; ok && ragCol > 0 {
			c, _ := excelize.CoordinatesToCellName(ragCol, i+2)
			if err := f.SetCellStyle(SheetItems, c, c, s); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(SheetItems, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.AutoFilter(SheetItems, fmt.Sprintf("A1:%s%d", last, max(len(p.Rows)+1, 2)), nil)
}

// chartSheet puts the chart's picture on its sheet, with the numbers it
// draws beside it for anyone who cannot see it.
func chartSheet(f *excelize.File, p pack.Pack) error {
	if _, err := f.NewSheet(SheetChart); err != nil {
		return err
	}
	if err := f.SetCellValue(SheetChart, "A1", "Open items by status over time"); err != nil {
		return err
	}
	if len(p.History.Dates) > 0 {
		png, err := chart.PNG(p.History)
		if err != nil {
			return err
		}
		if err := f.AddPictureFromBytes(SheetChart, "A3", &excelize.Picture{Extension: ".png", File: png,
			Format: &excelize.GraphicOptions{AltText: "Open items by status over time: the table below gives the numbers"}}); err != nil {
			return err
		}
	}
	start := 30 // below the picture
	header := []any{"Date"}
	for _, st := range pack.Statuses {
		header = append(header, st.Label())
	}
	if err := f.SetSheetRow(SheetChart, fmt.Sprintf("A%d", start), &header); err != nil {
		return err
	}
	for i, d := range p.History.Dates {
		row := []any{d.Format("2006-01-02")}
		for _, st := range pack.Statuses {
			row = append(row, p.History.Counts[st][i])
		}
		if err := f.SetSheetRow(SheetChart, fmt.Sprintf("A%d", start+1+i), &row); err != nil {
			return err
		}
	}
	return nil
}

func summary(f *excelize.File, p pack.Pack) error {
	if _, err := f.NewSheet(SheetSummary); err != nil {
		return err
	}
	filter := "every outstanding item"
	if !p.Filter.IsZero() {
		filter = p.Filter.Text
	}
	rows := [][]any{{p.Title}, {"Made", p.Made.Format("2006-01-02 15:04 MST")}, {"Items", filter}, {"Count", len(p.Rows)}, {}}
	for _, s := range tracker.Statuses {
		rows = append(rows, []any{s.Label(), p.ByStatus[s]})
	}
	for _, g := range tracker.RAGs {
		rows = append(rows, []any{string(g), p.ByRAG[g]})
	}
	rows = append(rows, []any{}, []any{"RAG rules", "red when overdue or without an owner for 14 days; amber when due within 30 days or pending sign-off for more than 14 days; green otherwise"})
	for i, r := range rows {
		if err := f.SetSheetRow(SheetSummary, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	return f.SetColWidth(SheetSummary, "A", "A", 22)
}
