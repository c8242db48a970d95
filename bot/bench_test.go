package bot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// benchCommand measures a signed /peel request through the whole HTTP
// handler (cap, signature, parsing, search, rendering, JSON), in process.
func benchCommand(b *testing.B, text string) {
	lib, ix := embeddedIndex(b)
	bot, err := New(Config{Library: lib, Index: ix, BotToken: "xoxb-bench", APIURL: "http://127.0.0.1:1/",
		SigningSecret: testSecret, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := bot.Handler()
	form := slash(text)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// Slack gives every command a trigger_id of its own, so no two
		// requests have one signature: the bot takes such a pair for a
		// replay and does not answer the second.
		form.Set("trigger_id", "trig."+strconv.Itoa(i))
		body := []byte(form.Encode())
		ts := time.Now().Unix()
		req := httptest.NewRequest(http.MethodPost, PathCommands, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			b.Fatalf("status %d, %d bytes: not answered", w.Code, w.Body.Len())
		}
	}
	_ = bot.Shutdown(context.Background())
}

func BenchmarkPeelCommand(b *testing.B) { benchCommand(b, "dvpo") }

func BenchmarkPeelCommandLongQuestion(b *testing.B) {
	benchCommand(b, strings.Repeat("domestic abuse victims safeguarding ", 300)[:10000])
}

// BenchmarkPeelCommandMix is one slash command through the handler as
// "peelbot serve" builds it (metrics, a SQLite store that also remembers
// events and request signatures, a JSON log line per
// request), over the evaluation set's questions in turn: the per-request
// cost behind the load figures of docs/PERFORMANCE.md, and what a CPU
// profile of serve under load would show. p50-µs and p99-µs are
// percentiles over every request of a run.
func BenchmarkPeelCommandMix(b *testing.B) {
	lib, ix := embeddedIndex(b)
	st, err := store.Open(context.Background(), store.Config{SQLitePath: storetest.SQLite(b).SQLitePath})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bot, err := New(Config{Library: lib, Index: ix, BotToken: "xoxb-bench", APIURL: "http://127.0.0.1:1/",
		SigningSecret: testSecret, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Deduper: st.EventDeduper(0), ReplayGuard: st.ReplayGuard(), Metrics: NewMetrics()})
	if err != nil {
		b.Fatal(err)
	}
	h := bot.Handler()
	questions := evalQuestions(b)
	forms := make([]url.Values, len(questions))
	for i, q := range questions {
		forms[i] = slash(q)
	}
	times := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		form := forms[i%len(forms)]
		form.Set("trigger_id", "trig."+strconv.Itoa(i)) // one signature per request, as from Slack
		body := []byte(form.Encode())
		start := time.Now()
		ts := start.Unix()
		req := httptest.NewRequest(http.MethodPost, PathCommands, bytes.NewReader(body))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		times = append(times, time.Since(start))
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			b.Fatalf("status %d, %d bytes: not answered", w.Code, w.Body.Len())
		}
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(nearestRank(times, 50).Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(nearestRank(times, 99).Nanoseconds())/1e3, "p99-µs")
	_ = bot.Shutdown(context.Background())
}

// evalQuestions are the search evaluation set's questions: what people
// type, from one-word acronyms to half-questions with filters.
func evalQuestions(b *testing.B) []string {
	f, err := os.Open(filepath.Join("..", "index", "testdata", "eval-questions.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Q string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			b.Fatal(err)
		}
		qs = append(qs, c.Q)
	}
	if len(qs) == 0 {
		b.Fatal("no questions")
	}
	return qs
}

// nearestRank is the p-th percentile of sorted durations.
func nearestRank(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}
