// Package chart draws the board pack's chart, open items by status over
// time, as a PNG, in pure Go with github.com/go-analyze/charts: chosen over
// gonum.org/v1/plot for its stacked area charts and far smaller
// dependencies (freetype and x/image, no LaTeX or PDF backends), and over
// drawing with image/png by hand for its axes, legend and text.
//
// It owns how the chart looks. It may import tracker/pack and
// go-analyze/charts.
package chart

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-analyze/charts"

	"github.com/peelbot/peelbot/tracker/pack"
)

// Size is the chart's size in pixels.
const Width, Height = 960, 480

// PNG draws h as a stacked area chart, one layer per outstanding status,
// and returns the PNG's bytes.
func PNG(h pack.History) ([]byte, error) {
	if len(h.Dates) == 0 {
		return nil, fmt.Errorf("chart: no history to draw")
	}
	var values [][]float64
	var names []string
	for _, st := range pack.Statuses {
		row := make([]float64, len(h.Dates))
		for i, n := range h.Counts[st] {
			row[i] = float64(n)
		}
		values = append(values, row)
		names = append(names, st.Label())
	}
	labels := make([]string, len(h.Dates))
	for i, d := range h.Dates {
		labels[i] = d.Format("2 Jan 06")
	}
	if len(labels) == 1 { // a line needs two points
		labels = append(labels, labels[0])
		for i := range values {
			values[i] = append(values[i], values[i][0])
		}
	}
	opt := charts.NewLineChartOptionWithData(values)
	opt.StackSeries = charts.Ptr(true)
	opt.Title = charts.TitleOption{Text: "Open items by status over time"}
	opt.XAxis.Labels = labels
	opt.XAxis.BoundaryGap = charts.Ptr(false)
	opt.Legend = charts.LegendOption{SeriesNames: names, Offset: charts.OffsetRight}
	opt.Padding = charts.NewBox(20, 40, 40, 20)
	opt.Symbol = charts.Symbol{Shape: charts.SymbolNone}
	opt.YAxis = []charts.YAxisOption{countAxis(peak(values))}
	p := charts.NewPainter(charts.PainterOptions{OutputFormat: charts.ChartOutputPNG, Width: Width, Height: Height})
	if err := p.LineChart(opt); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return p.Bytes()
}

// peak is the highest stacked total of any date: the top of the chart.
func peak(values [][]float64) float64 {
	top := 0.0
	for i := range values[0] {
		sum := 0.0
		for _, row := range values {
			sum += row[i]
		}
		top = max(top, sum)
	}
	return top
}

// countAxis labels the value axis in whole items from 0 to a round top
// at or above peak, at most eight steps: left to itself the axis divides
// small counts into fractions ("0.4 items"), which a board reads as an
// error in the pack.
func countAxis(peak float64) charts.YAxisOption {
	step := 1.0
	for k := 0; peak > 8*step; k++ {
		step = []float64{2, 5, 10}[k%3] * math.Pow(10, float64(k/3)) // 2, 5, 10, 20, 50, 100, …
	}
	top := step * math.Max(1, math.Ceil(peak/step))
	return charts.YAxisOption{
		Min:                 charts.Ptr(0.0),
		Max:                 charts.Ptr(top),
		LabelCount:          int(top/step) + 1,
		PreferNiceIntervals: charts.Ptr(false),
		ValueFormatter:      func(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) },
	}
}
