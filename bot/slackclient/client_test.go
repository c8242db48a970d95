package slackclient

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
)

// slackAnswering is a Web API that answers every call with answer(n), n
// counting the calls from 1.
func slackAnswering(t *testing.T, answer func(n int32, w http.ResponseWriter)) (*Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer(calls.Add(1), w)
	}))
	t.Cleanup(srv.Close)
	c := New("xoxb-test", srv.URL+"/api/", &http.Client{Timeout: 300 * time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c.Backoff = 5 * time.Millisecond
	return c, &calls
}

func ok(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
}

func TestA5xxIsRetriedAndARefusalIsNot(t *testing.T) {
	c, calls := slackAnswering(t, func(n int32, w http.ResponseWriter) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		ok(w)
	})
	if ts, err := c.Post(context.Background(), "C1", "", render.Note("hi")); err != nil || ts != "1700000000.000100" || calls.Load() != 2 {
		t.Errorf("Post = %q, %v after %d calls", ts, err, calls.Load())
	}
	c, calls = slackAnswering(t, func(_ int32, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":false,"error":"not_in_channel"}`)
	})
	_, err := c.Post(context.Background(), "C1", "", render.Note("hi"))
	if err == nil || !NothingDone(err) || !c.NothingDone(err) || calls.Load() != 1 {
		t.Errorf("refused Post: %v after %d calls", err, calls.Load())
	}
	if _, err := (DigestPoster{c}).Post(context.Background(), "C1", render.Note("hi")); err == nil ||
		!strings.HasPrefix(err.Error(), "peelbot is not in that channel; invite it with /invite @peelbot: ") || !NothingDone(err) {
		t.Errorf("the digest's refused post: %v", err)
	}
}

// A post whose answer never came may have been posted: it is not sent
// again, and NothingDone says so.
func TestAPostThatTimedOutIsNotSentTwice(t *testing.T) {
	c, calls := slackAnswering(t, func(_ int32, w http.ResponseWriter) { time.Sleep(time.Second); ok(w) })
	_, err := c.Post(context.Background(), "C1", "", render.Note("hi"))
	if err == nil || NothingDone(err) || calls.Load() != 1 {
		t.Errorf("Post = %v after %d calls; want one attempt that may have posted", err, calls.Load())
	}
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("the timeout is lost from %v", err)
	}
}
