package chart

import (
	"bytes"
	"image/png"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/pack"
)

// The value axis counts whole items: a board reading "0.4" open items
// would take the pack for wrong. From a handful of items to every force's,
// its labels are whole numbers from 0, no more than nine of them, and the
// top is at or above the highest stacked total.
func TestAxisCountsWholeItems(t *testing.T) {
	for _, peak := range []float64{0, 1, 2, 3, 7, 9, 12, 17, 40, 61, 143, 860, 9000, 123456} {
		ax := countAxis(peak)
		if *ax.Min != 0 || *ax.Max < peak || ax.LabelCount < 2 || ax.LabelCount > 9 {
			t.Errorf("peak %v: axis 0..%v in %d labels", peak, *ax.Max, ax.LabelCount)
			continue
		}
		step := *ax.Max / float64(ax.LabelCount-1)
		for i := range ax.LabelCount {
			v := float64(i) * step
			label := ax.ValueFormatter(v)
			if n, err := strconv.Atoi(label); err != nil || float64(n) != v {
				t.Errorf("peak %v: label %q at %v is not a whole count", peak, label, v)
			}
		}
	}
}

func TestPNGDrawsAFewItems(t *testing.T) {
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	h := pack.History{
		Dates: []time.Time{day, day.AddDate(0, 0, 7), day.AddDate(0, 0, 14)},
		Counts: map[tracker.Status][]int{
			tracker.StatusAwaiting:   {3, 2, 1},
			tracker.StatusInProgress: {0, 1, 1},
			tracker.StatusPending:    {0, 0, 1},
		},
	}
	b, err := PNG(h)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != Width || img.Bounds().Dy() != Height {
		t.Fatalf("not a %dx%d PNG: %v", Width, Height, err)
	}
	if out := os.Getenv("PEEL_CHART_OUT"); out != "" { // to look at it by hand
		os.WriteFile(out, b, 0o644)
	}
}
