package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestRateLimitedPostWaitsForRetryAfterThenSucceeds(t *testing.T) {
	h := newHarness(t)
	h.slack.queue("chat.postMessage", fakeReply{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "1"}})
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d attempts, want a 429 then a success", len(posts))
	}
	if gap := posts[1].At.Sub(posts[0].At); gap < time.Second {
		t.Errorf("retried after %v, before Retry-After's second", gap)
	}
	if len(h.slack.Calls("response")) != 0 {
		t.Error("the user was told of a failure that was retried away")
	}
}

func TestServerErrorsAndDroppedConnectionsAreRetried(t *testing.T) {
	for _, fail := range []fakeReply{
		{status: http.StatusServiceUnavailable, body: "<html>down</html>"},
		{hangUp: true},
	} {
		h := newHarness(t)
		h.slack.queue("chat.postMessage", fail)
		h.click(firstShare(t, h), ephemeralIn(""))
		h.settle()
		posts := h.slack.Calls("chat.postMessage")
		if len(posts) != 2 || posts[1].get("channel") != "C1" {
			t.Errorf("after %+v: %d attempts, want a failure then a success", fail, len(posts))
		}
	}
}

func TestASlackOutageIsBoundedAndReported(t *testing.T) {
	h := newHarness(t)
	down := fakeReply{status: http.StatusInternalServerError}
	h.slack.queue("chat.postMessage", down, down, down, down, down)
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != h.bot.api.maxAttempts {
		t.Errorf("%d attempts, want %d", n, h.bot.api.maxAttempts)
	}
	resp := h.slack.Calls("response")
	if len(resp) != 1 || !strings.Contains(allText(resp[0].blocks(t)), "couldn't share that") {
		t.Errorf("the user is not told: %+v", resp)
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	h := newHarness(t)
	h.slack.queue("chat.postMessage", fakeReply{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "30"}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := h.bot.api.post(ctx, "C1", "", message{Text: "x"})
	if !errors.Is(err, errNoTime) {
		t.Errorf("err = %v, want errNoTime", err)
	}
	if _, ok := errors.AsType[*slack.RateLimitedError](err); !ok {
		t.Errorf("err = %v does not keep the 429", err)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d attempts", n)
	}
}

func TestBadTokenIsRecognised(t *testing.T) {
	h := newHarness(t)
	h.slack.queue("auth.test", fakeReply{body: `{"ok":false,"error":"invalid_auth"}`})
	if err := h.bot.Identify(context.Background()); !errors.Is(err, ErrBadToken) {
		t.Errorf("Identify = %v, want ErrBadToken", err)
	}
}

// A response_url is a credential for half an hour. When posting to one
// fails, net/http's error quotes the whole URL; none of it may reach the
// logs, on a retry or in the final failure.
func TestAnUnreachableResponseURLNeverReachesTheLogs(t *testing.T) {
	h := newHarness(t)
	const hook = "http://127.0.0.1:1/commands/T1/1/SECRETHOOK"
	h.slack.addSecret("SECRETHOOK")
	more := buttonsWith(h.command("police"), actionMore)
	if len(more) != 1 {
		t.Fatal("no More results button")
	}
	h.clickAnswering(more[0], ephemeralIn(""), hook)
	h.settle()
	logs := h.logs.String()
	if !strings.Contains(logs, "more results failed") || !strings.Contains(logs, "connection refused") {
		t.Fatalf("the failure is not logged with its cause:\n%s", logs)
	}
	// The harness checks every log line for SECRETHOOK when the test ends;
	// the error itself, which callers may show or wrap, is checked here.
	err := h.bot.api.respond(context.Background(), hook, message{Text: "x"}, false)
	if err == nil || strings.Contains(err.Error(), "SECRETHOOK") || strings.Contains(err.Error(), "/commands/") {
		t.Errorf("respond = %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("respond = %v, which no longer says the connection was refused", err)
	}
}
