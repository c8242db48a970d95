package bot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
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
	body := []byte(slash(text).Encode())
	b.ReportAllocs()
	for b.Loop() {
		ts := time.Now().Unix()
		req := httptest.NewRequest(http.MethodPost, PathCommands, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	_ = bot.Shutdown(context.Background())
}

func BenchmarkPeelCommand(b *testing.B) { benchCommand(b, "dvpo") }

func BenchmarkPeelCommandLongQuestion(b *testing.B) {
	benchCommand(b, strings.Repeat("domestic abuse victims safeguarding ", 300)[:10000])
}
