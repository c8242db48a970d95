package summary_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/internal/openaitest"
)

// The reply a new user's fake model gave: an invented sentence citing
// nothing, one citing passage 1, and an invented figure citing a passage
// that does not exist.
const inventedAroundACitation = "Hertfordshire is the best force in England and its chief constable is Jane Smith. " +
	"Investigators considered protective orders in only 2 of 20 cases [1]. " +
	"Also, 45% of DVPOs were breached [9]."

const keptOfInvented = "Investigators considered protective orders in only 2 of 20 cases [1]. (2 sentences without a valid citation left out)"

// A sentence that cites no passage is left out of a summary, however many
// other sentences cite one, and the summary says that something was.
func TestSentencesCitingNothingAreLeftOut(t *testing.T) {
	t.Parallel()
	f := newFakeLLM(t, answer(inventedAroundACitation, 100, 40))
	s, _ := setup(t, f, nil)
	sum, err := s.Summarise(context.Background(), ask("How often were protective orders considered?"))
	if err != nil {
		t.Fatalf("Summarise: %v", err)
	}
	if sum.Text != keptOfInvented || !slices.Equal(sum.Citations, []int{0}) || sum.Removed != 1 || sum.Dropped != 2 {
		t.Errorf("got %q %v removed %d dropped %d, want %q [0] removed 1 dropped 2", sum.Text, sum.Citations, sum.Removed, sum.Dropped, keptOfInvented)
	}
	for _, invented := range []string{"Jane Smith", "best force", "45%"} {
		if strings.Contains(sum.Text, invented) {
			t.Errorf("the summary says %q, which no passage does: %q", invented, sum.Text)
		}
	}
	if st := s.Stats(); st.DroppedSentences != 2 || st.RemovedMarkers != 1 {
		t.Errorf("stats dropped %d removed %d, want 2 and 1", st.DroppedSentences, st.RemovedMarkers)
	}
}

// Streamed, the same reply shows only its cited sentence, then the note:
// the uncited first sentence never reaches the reader, however the stream
// is cut into chunks.
func TestAStreamNeverShowsASentenceCitingNothing(t *testing.T) {
	t.Parallel()
	for _, chunk := range []int{1, 2, 3, 5, 8, 13, 1000} {
		s, _ := streamer(t, openaitest.Text{Content: inventedAroundACitation, ChunkBytes: chunk})
		var got []string
		sum, err := s.Stream(context.Background(), ask("How often were protective orders considered?"), collect(&got))
		if err != nil {
			t.Fatalf("chunks of %d: %v", chunk, err)
		}
		want := []string{"Investigators considered protective orders in only 2 of 20 cases [1]. ", "(2 sentences without a valid citation left out)"}
		if !slices.Equal(got, want) {
			t.Errorf("chunks of %d: emitted %q, want %q", chunk, got, want)
		}
		if sum.Text != keptOfInvented || !slices.Equal(sum.Citations, []int{0}) || sum.Removed != 1 || sum.Dropped != 2 {
			t.Errorf("chunks of %d: summary %+v", chunk, sum)
		}
		if st := s.Stats(); st.DroppedSentences != 2 {
			t.Errorf("chunks of %d: stats dropped %d, want 2", chunk, st.DroppedSentences)
		}
	}
}

// A reply of which no sentence cites a passage is refused, plain and
// streamed, and nothing of it is shown.
func TestAReplyOfUncitedSentencesIsRefused(t *testing.T) {
	t.Parallel()
	const reply = "Hertfordshire is the best force in England. Also, 45% of DVPOs were breached [9].\nThe passages do not say."
	f := newFakeLLM(t, answer(reply, 100, 20))
	s, _ := setup(t, f, nil)
	if sum, err := s.Summarise(context.Background(), ask("dvpo")); !errors.Is(err, summary.ErrUngrounded) || sum != nil {
		t.Errorf("Summarise = %+v, %v; want ErrUngrounded", sum, err)
	} else if !strings.Contains(err.Error(), "1 invalid markers removed, 3 sentences without a valid citation left out") {
		t.Errorf("error %q does not count what was removed and left out", err)
	}
	st, _ := streamer(t, openaitest.Text{Content: reply, ChunkBytes: 4})
	var got []string
	if sum, err := st.Stream(context.Background(), ask("dvpo"), collect(&got)); !errors.Is(err, summary.ErrUngrounded) || sum != nil || len(got) != 0 {
		t.Errorf("Stream = %+v, %v, emitted %q; want ErrUngrounded and nothing shown", sum, err, got)
	}
}

// Splitting into sentences keeps abbreviations, numbers and decimals
// inside their sentence, takes a marker after the stop into the sentence
// before it, and reads each line of a list as a sentence; plain and
// streamed, in chunks of any size, summaries agree.
func TestSentencesAreSplitWhereTheyEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, reply, text string
		citations         []int
	}{
		{"abbreviations and numbers",
			"Officers used orders, e.g. DVPOs, in No. 5 area and Dr. Lee saw 6.5 percent more (p. 30) [1]. It was approx. half [2].",
			"Officers used orders, e.g. DVPOs, in No. 5 area and Dr. Lee saw 6.5 percent more (p. 30) [1]. It was approx. half [2].",
			[]int{0, 1}},
		{"marker after the stop",
			"Supervisors review breaches late. [2] The force is the best in England. Calls are answered fast.[3] Nobody says why.",
			"Supervisors review breaches late. [2] Calls are answered fast.[3] (2 sentences without a valid citation left out)",
			[]int{1, 2}},
		{"marker after the stop, then a stop",
			"Supervisors review breaches late. [2]. It is the best force.",
			"Supervisors review breaches late. [2]. (1 sentence without a valid citation left out)",
			[]int{1}},
		{"bullet lines",
			"Key points:\n- DVPOs are used well [1]\n- Breaches are not reviewed\n* Calls are answered fast [3]\n• The chief constable is Jane Smith",
			"- DVPOs are used well [1] * Calls are answered fast [3] (3 sentences without a valid citation left out)",
			[]int{0, 2}},
		{"numbered list",
			"1. DVPOs are used well [1]\n2. Breaches wait\n3) Calls are answered [3]",
			"1. DVPOs are used well [1] 3) Calls are answered [3] (1 sentence without a valid citation left out)",
			[]int{0, 2}},
		{"a closing sentence citing nothing",
			"DVPOs are used well [1]. Supervisors review breaches late [2]. The passages do not say more.",
			"DVPOs are used well [1]. Supervisors review breaches late [2]. (1 sentence without a valid citation left out)",
			[]int{0, 1}},
		{"a line that goes on",
			"The force considered protective orders\nin only 2 of\n20 cases [1].",
			"The force considered protective orders\nin only 2 of\n20 cases [1].",
			[]int{0}},
		{"a unit ends a sentence",
			"Calls are answered within 500 ms. Officers apply in most cases [1].",
			"Officers apply in most cases [1]. (1 sentence without a valid citation left out)",
			[]int{0}},
		{"an annex letter ends a sentence",
			"The figures are in Annex C. 45% of DVPOs were breached. Officers apply in most cases [1].",
			"Officers apply in most cases [1]. (2 sentences without a valid citation left out)",
			[]int{0}},
		{"a question and a quote",
			`Does the force use DVPOs? It "applies for them in most cases." [1] Why? Nobody knows!`,
			`It "applies for them in most cases." [1] (3 sentences without a valid citation left out)`,
			[]int{0}},
		{"stops inside brackets and a stray bracket",
			"A finding [1. 2] is here [2]. A stray [ bracket. Breaches wait [1].",
			"A finding [1. 2] is here [2]. Breaches wait [1]. (1 sentence without a valid citation left out)",
			[]int{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeLLM(t, answer(tt.reply, 100, 20))
			s, _ := setup(t, f, nil)
			sum, err := s.Summarise(context.Background(), ask("dvpo"))
			if err != nil {
				t.Fatalf("Summarise: %v", err)
			}
			if sum.Text != tt.text || !slices.Equal(sum.Citations, tt.citations) {
				t.Errorf("Summarise: %q %v, want %q %v", sum.Text, sum.Citations, tt.text, tt.citations)
			}
			for _, chunk := range []int{1, 2, 3, 7, 1000} {
				st, _ := streamer(t, openaitest.Text{Content: tt.reply, ChunkBytes: chunk})
				var got []string
				streamed, err := st.Stream(context.Background(), ask("dvpo"), collect(&got))
				if err != nil {
					t.Fatalf("Stream in chunks of %d: %v", chunk, err)
				}
				if streamed.Text != tt.text || strings.TrimSpace(strings.Join(got, "")) != tt.text {
					t.Errorf("Stream in chunks of %d: %q, emitted %q; want %q", chunk, streamed.Text, got, tt.text)
				}
			}
		})
	}
}

// A first sentence too long to show is cut to the words that fit; if
// that cuts off its only marker it is not shown at all, streamed or not.
func TestALongSentenceCutBeforeItsMarkerIsNotShown(t *testing.T) {
	t.Parallel()
	reply := strings.Repeat("the force makes good use of protective orders and ", 40) + "so it says [1]."
	f := newFakeLLM(t, answer(reply, 100, 20))
	s, _ := setup(t, f, nil)
	if _, err := s.Summarise(context.Background(), ask("dvpo")); !errors.Is(err, summary.ErrUngrounded) {
		t.Errorf("Summarise: %v, want ErrUngrounded", err)
	}
	st, _ := streamer(t, openaitest.Text{Content: reply, ChunkBytes: 64})
	var got []string
	if _, err := st.Stream(context.Background(), ask("dvpo"), collect(&got)); !errors.Is(err, summary.ErrUngrounded) || len(got) != 0 {
		t.Errorf("Stream: %v, emitted %q; want ErrUngrounded and nothing shown", err, got)
	}
}

// The note of what was left out fits in MaxSummaryChars with the rest.
func TestTheNoteFitsTheBound(t *testing.T) {
	t.Parallel()
	reply := strings.Repeat("The force makes good use of protective orders [1]. It is the best. ", 40)
	for _, stream := range []bool{false, true} {
		s, _ := streamer(t, openaitest.Text{Content: reply, ChunkBytes: 50})
		var sum *summary.Summary
		var err error
		if stream {
			var got []string
			sum, err = s.Stream(context.Background(), ask("q"), collect(&got))
		} else {
			sum, err = s.Summarise(context.Background(), ask("q"))
		}
		if err != nil {
			t.Fatalf("stream %v: %v", stream, err)
		}
		if n := len([]rune(sum.Text)); n > summary.MaxSummaryChars || n < summary.MaxSummaryChars/2 || !strings.HasSuffix(sum.Text, "sentences without a valid citation left out)") || strings.Contains(sum.Text, "best") {
			t.Errorf("stream %v: %d characters: %q", stream, n, sum.Text)
		}
	}
}
