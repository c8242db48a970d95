package summary_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
)

// TestSlackSeesNoModelServerWords: what a public thread may show of a
// failed summary is one of the package's own reasons, never the server's.
func TestSlackSeesNoModelServerWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream broke: internal host db-7.corp", http.StatusBadRequest)
	}))
	defer srv.Close()
	s, err := summary.New(summary.Config{BaseURL: srv.URL + "/v1", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("summariser: %v", err)
	}
	_, err = summary.Public{S: s}.Summarise(context.Background(), summary.Request{
		Question: "dvpo", User: "U1",
		Sources: []summary.Source{{ID: "p1", Citation: "c", Text: "domestic violence protection orders"}},
	})
	if err == nil || strings.Contains(err.Error(), "db-7") || err.Error() != "the model server failed" {
		t.Errorf("error shown in Slack: %v", err)
	}
	for _, known := range []error{summary.ErrTimeout, summary.ErrBudget, context.Canceled} {
		if got := summary.PublicReason(known); got != known {
			t.Errorf("PublicReason(%v) = %v", known, got)
		}
	}
}
