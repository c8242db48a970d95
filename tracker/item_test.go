package tracker

import (
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

func TestPublishedOnReadsTheReportsMonth(t *testing.T) {
	for published, want := range map[string]time.Time{
		"February 2023":    time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC),
		" Sep  2021 ":      time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC),
		"14 March 2024":    time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC),
		"2022-11":          time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC),
		"":                 {},
		"spring last year": {},
	} {
		if got := PublishedOn(&corpus.Report{Published: published}); !got.Equal(want) {
			t.Errorf("PublishedOn(%q) = %v, want %v", published, got, want)
		}
	}
	if got := PublishedOn(nil); !got.IsZero() {
		t.Errorf("PublishedOn(nil) = %v", got)
	}
}
