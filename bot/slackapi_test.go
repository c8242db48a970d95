package bot

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/bot/slacktest"
)

func TestRateLimitedPostWaitsForRetryAfterThenSucceeds(t *testing.T) {
	h := newHarness(t)
	h.slack.Fail("chat.postMessage", slacktest.RateLimited(1*time.Second))
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d attempts, want a 429 then a success", len(posts))
	}
	if gap := posts[1].At.Sub(posts[0].At); gap < time.Second {
		t.Errorf("retried after %v, before Retry-After's second", gap)
	}
	if len(h.slack.Calls(slacktest.MethodResponseURL)) != 0 {
		t.Error("the user was told of a failure that was retried away")
	}
}

// refusingDialer connects to the address asked for, except that the next
// refuse connections go to a port nobody listens on and are refused, as
// when Slack (or the way to it) is down. Every request makes a connection
// of its own, so each attempt dials.
type refusingDialer struct {
	closed string // an address with no listener
	refuse atomic.Int32
	dials  atomic.Int32
}

func newRefusingDialer(t *testing.T) *refusingDialer {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &refusingDialer{closed: l.Addr().String()}
	l.Close()
	return d
}

func (d *refusingDialer) client(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true, DialContext: d.dial}}
}

func (d *refusingDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.dials.Add(1)
	if d.refuse.Add(-1) >= 0 {
		addr = d.closed
	}
	return (&net.Dialer{}).DialContext(ctx, network, addr)
}

// Slack saying it did not act (429, 5xx), or a request that never reached
// it, is retried even for a post: no second copy can come of it.
func TestFailuresThatPostedNothingAreRetried(t *testing.T) {
	for name, fail := range map[string]slacktest.Fault{
		"503":                 {Status: http.StatusServiceUnavailable, Body: "<html>down</html>"},
		"429 without a delay": {Status: http.StatusTooManyRequests},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.slack.Fail("chat.postMessage", fail)
			h.click(firstShare(t, h), ephemeralIn(""))
			h.settle()
			posts := h.slack.Calls("chat.postMessage")
			if len(posts) != 2 || posts[1].Arg("channel") != "C1" {
				t.Errorf("%d attempts, want a failure then a success", len(posts))
			}
			if n := len(h.slack.Calls(slacktest.MethodResponseURL)); n != 0 {
				t.Errorf("the user was told of a failure that was retried away")
			}
		})
	}
	t.Run("connection refused", func(t *testing.T) {
		d := newRefusingDialer(t)
		h := newHarness(t, func(c *Config) { c.HTTPClient = d.client(5 * time.Second) })
		share := firstShare(t, h)
		d.refuse.Store(1)
		before := d.dials.Load()
		h.click(share, ephemeralIn(""))
		h.settle()
		posts := h.slack.Calls("chat.postMessage")
		if len(posts) != 1 || posts[0].Arg("channel") != "C1" {
			t.Errorf("%d posts arrived, want the retry's one", len(posts))
		}
		if n := d.dials.Load() - before; n != 2 {
			t.Errorf("%d connections tried, want a refused one then one that posted", n)
		}
	})
}

// A post that may have reached Slack (a timeout, a connection dropped
// after the request was sent) is not sent again: Slack may have posted it
// and lost only its answer. The user hears that it may have gone through.
func TestAPostThatMayHaveArrivedIsNotSentAgain(t *testing.T) {
	for name, fail := range map[string]slacktest.Fault{
		"timeout":                    {Delay: 2 * time.Second},
		"connection dropped":         slacktest.DropConnection,
		"connection reset":           slacktest.ResetConnection,
		"answer that cannot be read": {Body: "<html>proxy error</html>"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond} })
			h.slack.Fail("chat.postMessage", fail)
			h.click(firstShare(t, h), ephemeralIn(""))
			h.settle()
			if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
				t.Errorf("%d attempts to post, want 1", n)
			}
			resp := h.slack.Calls(slacktest.MethodResponseURL)
			if len(resp) != 1 || !strings.Contains(allText(resp[0].Blocks()), "may have gone through") {
				t.Errorf("the user is not told the share may have gone through: %+v", resp)
			}
		})
	}
}

// A call whose repeat changes nothing (the App Home view is replaced
// whole) is retried after a timeout or a dropped connection too.
func TestARepeatableCallIsRetriedAfterATimeout(t *testing.T) {
	for name, fail := range map[string]slacktest.Fault{
		"timeout":            {Delay: 2 * time.Second},
		"connection dropped": slacktest.DropConnection,
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond} })
			h.slack.Fail("views.publish", fail)
			h.event("EvHome", map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1700000000.1"})
			h.settle()
			if n := len(h.slack.Calls("views.publish")); n != 2 {
				t.Errorf("%d attempts to publish the home tab, want 2", n)
			}
		})
	}
}

func TestASlackOutageIsBoundedAndReported(t *testing.T) {
	h := newHarness(t)
	down := slacktest.Fault{Status: http.StatusInternalServerError}
	h.slack.Fail("chat.postMessage", down, down, down, down, down)
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != h.bot.api.MaxAttempts {
		t.Errorf("%d attempts, want %d", n, h.bot.api.MaxAttempts)
	}
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 || !strings.Contains(allText(resp[0].Blocks()), "couldn't share that") {
		t.Errorf("the user is not told: %+v", resp)
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	h := newHarness(t)
	h.slack.Fail("chat.postMessage", slacktest.RateLimited(30*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := h.bot.api.Post(ctx, "C1", "", render.Message{Text: "x"})
	if !errors.Is(err, slackclient.ErrNoTime) {
		t.Errorf("err = %v, want slackclient.ErrNoTime", err)
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
	h.slack.Fail("auth.test", slacktest.Refused("invalid_auth"))
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
	h.addSecret("SECRETHOOK")
	more := buttonsWith(h.command("police"), render.ActionMore)
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
	err := h.bot.api.Respond(context.Background(), hook, render.Message{Text: "x"}, false)
	if err == nil || strings.Contains(err.Error(), "SECRETHOOK") || strings.Contains(err.Error(), "/commands/") {
		t.Errorf("respond = %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("respond = %v, which no longer says the connection was refused", err)
	}
}
