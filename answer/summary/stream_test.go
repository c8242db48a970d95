package summary_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/internal/openaitest"
)

// streamer is a Summariser on a fake model server that streams.
func streamer(t *testing.T, replies ...openaitest.Reply) (*summary.Summariser, *openaitest.Server) {
	t.Helper()
	m := openaitest.Start(t, replies...)
	s, err := summary.New(summary.Config{BaseURL: m.URL(), Model: "test-model", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}

// collect is an emit that keeps what it was given.
func collect(into *[]string) func(string) error {
	return func(s string) error { *into = append(*into, s); return nil }
}

// A streamed summary arrives a whole sentence at a time, each with its
// invalid markers already gone: no marker is ever shown that proves
// invalid, however the model's stream cuts the text.
func TestAStreamedSummaryArrivesASentenceAtATimeChecked(t *testing.T) {
	s, m := streamer(t, openaitest.Text{Content: "The force makes good use of DVPOs [1]. Supervisors do not always review breaches [9][2]. See also [4].", ChunkBytes: 3})
	var got []string
	sum, err := s.Stream(context.Background(), ask("How are DVPOs used?"), collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"The force makes good use of DVPOs [1]. ", "Supervisors do not always review breaches [2]. ", "(1 sentence without a valid citation left out)"}
	if !slices.Equal(got, want) {
		t.Errorf("emitted %q, want %q", got, want)
	}
	if sum.Text != strings.TrimSpace(strings.Join(want, "")) || !slices.Equal(sum.Citations, []int{0, 1}) || sum.Removed != 2 || sum.Dropped != 1 || sum.Model == "" {
		t.Errorf("summary %+v", sum)
	}
	if reqs := m.Requests(); len(reqs) != 1 || !reqs[0].Stream {
		t.Errorf("the model was not asked to stream: %+v", reqs)
	}
	// Asked again, it comes from the cache, whole, by sentences.
	got = nil
	again, err := s.Stream(context.Background(), ask("How are DVPOs used?"), collect(&got))
	if err != nil || !again.Cached || strings.Join(got, "") != sum.Text || len(got) != 3 || len(m.Requests()) != 1 {
		t.Errorf("from the cache: %q, %+v, %v", got, again, err)
	}
}

// No sentence citing nothing is ever shown: a summary citing nothing is
// not shown at all, and one that starts uncited is shown from its first
// cited sentence, with a note that something was left out.
func TestNoUncitedSentenceIsStreamed(t *testing.T) {
	s, _ := streamer(t, openaitest.Text{Content: "Here is what the passages say. None of it is cited [7].", ChunkBytes: 4})
	var got []string
	if _, err := s.Stream(context.Background(), ask("q one"), collect(&got)); !errors.Is(err, summary.ErrUngrounded) || len(got) != 0 {
		t.Errorf("an uncited summary: emitted %q, %v", got, err)
	}
	s, _ = streamer(t, openaitest.Text{Content: "In short. The force uses DVPOs well [1].", ChunkBytes: 4})
	got = nil
	if _, err := s.Stream(context.Background(), ask("q two"), collect(&got)); err != nil || !slices.Equal(got, []string{"The force uses DVPOs well [1].", " (1 sentence without a valid citation left out)"}) {
		t.Errorf("emitted %q, %v", got, err)
	}
}

// A model that ignores its token bound cannot fill a thread.
func TestAStreamIsBounded(t *testing.T) {
	s, _ := streamer(t, openaitest.Huge{Bytes: 20 << 20})
	var got []string
	if _, err := s.Stream(context.Background(), ask("q"), collect(&got)); err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Join(got, "")); n == 0 || n > 4000 {
		t.Errorf("%d bytes emitted of a 20 MB answer", n)
	}
}

// A hostile answer's invented markers never reach emit; the rest is the
// renderer's to escape.
func TestAHostileStreamLosesItsInventedMarkers(t *testing.T) {
	s, _ := streamer(t, openaitest.Hostile())
	var got []string
	if _, err := s.Stream(context.Background(), ask("q"), collect(&got)); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(got, "")
	for _, bad := range []string{"[0]", "[99]", "[1-999]", "[18446744073709551616]"} { // "[-1]" is text, not a marker, to Summarise too
		if strings.Contains(text, bad) {
			t.Errorf("emitted the invented marker %s: %q", bad, text)
		}
	}
}

// When the reader goes away (emit fails), the stream stops and says why.
func TestAFailingEmitStopsTheStream(t *testing.T) {
	s, _ := streamer(t, openaitest.Text{Content: "One [1]. Two [2]. Three [1].", ChunkBytes: 2})
	gone := errors.New("slack went away")
	calls := 0
	_, err := s.Stream(context.Background(), ask("q"), func(string) error { calls++; return gone })
	if !errors.Is(err, gone) || calls != 1 {
		t.Errorf("after the reader went: %v, %d emits", err, calls)
	}
}

// A model server that refuses to stream still gives a summary, emitted
// whole once it is checked.
func TestAServerThatWillNotStreamStillSummarises(t *testing.T) {
	s, m := streamer(t, openaitest.ServerError(), openaitest.Text{Content: "The force uses DVPOs well [1]."})
	var got []string
	sum, err := s.Stream(context.Background(), ask("q"), collect(&got))
	if err != nil || sum.Text != "The force uses DVPOs well [1]." || strings.Join(got, "") != sum.Text {
		t.Errorf("%q, %+v, %v", got, sum, err)
	}
	if n := len(m.Requests()); n != 2 {
		t.Errorf("%d requests", n)
	}
}

func TestSentences(t *testing.T) {
	for text, want := range map[string][]string{
		"One [1]. Two? Three!":               {"One [1]. ", "Two? ", "Three!"},
		"About 71.8% [1]. e.g. [2] more.":    {"About 71.8% [1]. e.g. [2] more."},
		`He said "stop." Then [1][2]. Done.`: {`He said "stop." `, "Then [1][2]. ", "Done."},
		"A [1. 2] bracket. B.":               {"A [1. 2] bracket. ", "B."},
	} {
		if got := summary.Sentences(text); !slices.Equal(got, want) {
			t.Errorf("Sentences(%q) = %q, want %q", text, got, want)
		}
	}
}
