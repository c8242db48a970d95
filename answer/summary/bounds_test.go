package summary_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/internal/openaitest"
)

// quiet is a Summariser on a fake model server that logs nothing.
func quiet(t *testing.T, replies ...openaitest.Reply) (*summary.Summariser, *openaitest.Server) {
	t.Helper()
	m := openaitest.Start(t, replies...)
	s, err := summary.New(summary.Config{BaseURL: m.URL(), Model: "test-model", Timeout: 20 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}

// allocated is how many bytes f allocates on the heap, all goroutines
// together: what reading a reply costs, whatever the machine's speed.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// readBudget is what a summary may allocate however long the reply: the
// bounded body and its decoding, several times over, and nothing like the
// reply's own size.
const readBudget = 16 << 20

// A reply of 20 MB or 200 MB is read no further than MaxReplyBytes: the
// summary fails at once with ErrTooLong, is not retried, and costs a few
// megabytes, not the reply's size.
func TestAHugeReplyIsReadNoFurtherThanTheBound(t *testing.T) {
	for _, size := range []int64{20 << 20, 200 << 20} {
		for _, stream := range []bool{false, true} {
			// Events of 2 MB, each past the bound, as a hostile stream
			// might send (the fake's own memory is one event's, counted
			// here too), as well as a plain body.
			s, m := quiet(t, openaitest.Huge{Bytes: size, ChunkBytes: 2 << 20})
			var err error
			var got []string
			n := allocated(func() {
				if stream {
					_, err = s.Stream(context.Background(), ask("q"), collect(&got))
				} else {
					_, err = s.Summarise(context.Background(), ask("q"))
				}
			})
			if n > readBudget {
				t.Errorf("%d MB reply (stream %v): %d MB allocated, want under %d MB", size>>20, stream, n>>20, readBudget>>20)
			}
			switch {
			case !stream && !errors.Is(err, summary.ErrTooLong):
				t.Errorf("%d MB plain reply: %v, want ErrTooLong", size>>20, err)
			case stream && (!errors.Is(err, summary.ErrTooLong) || len(got) > 0):
				t.Errorf("%d MB in events of 2 MB: emitted %d parts, %v; want nothing shown and ErrTooLong", size>>20, len(got), err)
			}
			if reqs := m.Requests(); len(reqs) != 1 {
				t.Errorf("%d MB reply (stream %v): %d requests; a reply too long must not be asked for again", size>>20, stream, len(reqs))
			}
			if got := summary.PublicReason(err); got != summary.ErrTooLong {
				t.Errorf("public reason %v, want %v", got, summary.ErrTooLong)
			}
		}
	}
}

// A stream of 20 MB in ordinary events ends at the bound and still gives
// a summary, cut to MaxSummaryChars.
func TestAHugeStreamEndsWithABoundedSummary(t *testing.T) {
	s, m := quiet(t, openaitest.Huge{Bytes: 20 << 20})
	var got []string
	var sum *summary.Summary
	var err error
	n := allocated(func() { sum, err = s.Stream(context.Background(), ask("q"), collect(&got)) })
	if err != nil {
		t.Fatal(err)
	}
	if n > readBudget {
		t.Errorf("%d MB allocated for a 20 MB stream", n>>20)
	}
	if c := utf8.RuneCountInString(sum.Text); c == 0 || c > summary.MaxSummaryChars || strings.Join(got, "") != sum.Text+" " && strings.Join(got, "") != sum.Text {
		t.Errorf("summary of %d characters (bound %d); emitted %d", c, summary.MaxSummaryChars, len(strings.Join(got, "")))
	}
	if r := m.Requests(); len(r) != 1 || r[0].MaxTokens <= 0 || r[0].MaxTokens > 1000 {
		t.Errorf("the stream asked for max_tokens %v, want a small bound", r)
	}
}

// A summary is at most MaxSummaryChars characters: whole sentences, or
// the words of one long sentence and "…"; it cites only what it kept.
func TestASummaryIsKeptToItsDocumentedLength(t *testing.T) {
	long := strings.Repeat("The force makes good use of protective orders [1]. ", 40) + "Breaches are reviewed late [2]."
	run := strings.Repeat("and the force makes good use of protective orders [1] ", 40) + "then [2]."
	for name, content := range map[string]string{"sentences": long, "one sentence": run} {
		for _, stream := range []bool{false, true} {
			s, _ := quiet(t, openaitest.Text{Content: content, ChunkBytes: 64})
			var sum *summary.Summary
			var err error
			var got []string
			if stream {
				sum, err = s.Stream(context.Background(), ask("q"), collect(&got))
			} else {
				sum, err = s.Summarise(context.Background(), ask("q"))
			}
			if err != nil {
				t.Fatalf("%s (stream %v): %v", name, stream, err)
			}
			if c := utf8.RuneCountInString(sum.Text); c > summary.MaxSummaryChars || c < summary.MaxSummaryChars/2 {
				t.Errorf("%s (stream %v): %d characters, want up to %d", name, stream, c, summary.MaxSummaryChars)
			}
			if strings.Contains(sum.Text, "[2]") || len(sum.Citations) != 1 || sum.Citations[0] != 0 {
				t.Errorf("%s (stream %v): cites %v from what was cut: %q", name, stream, sum.Citations, sum.Text[max(0, len(sum.Text)-60):])
			}
			wantEnd := "[1]."
			if name == "one sentence" {
				wantEnd = "…"
			}
			if !strings.HasSuffix(sum.Text, wantEnd) {
				t.Errorf("%s (stream %v): ends %q, want %q", name, stream, sum.Text[max(0, len(sum.Text)-20):], wantEnd)
			}
		}
	}
}

// The cache is bounded by bytes as well as entries: long questions do not
// make it hold megabytes.
func TestTheSummaryCacheIsBoundedByBytes(t *testing.T) {
	s, _ := quiet(t, openaitest.Text{Content: "The force makes good use of protective orders [1]."})
	for i := range 150 {
		q := strings.Repeat("x", 60<<10) + " " + string(rune('a'+i%26)) + strings.Repeat("y", i)
		if _, err := s.Summarise(context.Background(), ask(q)); err != nil {
			t.Fatal(err)
		}
	}
	st := s.Stats()
	if st.CacheBytes > 4<<20 || st.CacheEntries == 0 || st.CacheEntries >= 150 {
		t.Errorf("cache holds %d entries in %d bytes after 150 questions of 60 KB; want fewer, within 4 MB", st.CacheEntries, st.CacheBytes)
	}
}

// An error answer with a body of megabytes (a proxy's page, say) is read
// no further than the bound either, and still says what went wrong.
func TestAHugeErrorBodyIsReadNoFurtherThanTheBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><title>502 Bad Gateway</title>")
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 8 << 20 / len(chunk) { // 8 MB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	s, err := summary.New(summary.Config{BaseURL: srv.URL + "/v1", Model: "test-model", Timeout: 20 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var sumErr error
	n := allocated(func() { _, sumErr = s.Summarise(context.Background(), ask("q")) })
	var up *summary.UpstreamError
	if !errors.As(sumErr, &up) || up.StatusCode != http.StatusBadGateway || !strings.Contains(up.Message, "502 Bad Gateway") {
		t.Errorf("error %v, want the 502 with its title", sumErr)
	}
	if n > readBudget {
		t.Errorf("%d MB allocated for error bodies of 8 MB (retried), want under %d MB", n>>20, readBudget>>20)
	}
}
