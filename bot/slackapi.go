package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// slackAPI is every call peelbot makes to Slack, each retried the same
// way: a 429 waits for Retry-After, a 5xx or a failed connection waits a
// doubling backoff, all within the caller's context and maxAttempts.
type slackAPI struct {
	client *slack.Client
	http   *http.Client
	log    *slog.Logger
	token  string // for Socket Mode's client; never logged
	apiURL string

	maxAttempts int
	backoff     time.Duration // first wait after a 5xx or connection failure
	maxBackoff  time.Duration
}

func newSlackAPI(token, apiURL string, hc *http.Client, log *slog.Logger) *slackAPI {
	return &slackAPI{
		// The library's own retries stay off: retrying here, in one place,
		// keeps the policy visible and bounded by our contexts.
		client:      slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(hc)),
		http:        hc,
		log:         log,
		token:       token,
		apiURL:      apiURL,
		maxAttempts: 4,
		backoff:     200 * time.Millisecond,
		maxBackoff:  5 * time.Second,
	}
}

// errNoTime is returned when a retry would have to wait past the deadline.
var errNoTime = errors.New("no time left to retry")

// do calls fn until it succeeds, fails for good, or runs out of attempts or
// time. op names the call in logs and errors.
func (s *slackAPI) do(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	wait := s.backoff
	for attempt := 1; ; attempt++ {
		err := withoutURL(fn(ctx))
		if err == nil {
			return nil
		}
		delay, retry := retryDelay(err, wait)
		if !retry || attempt >= s.maxAttempts {
			return fmt.Errorf("%s: %w", op, err)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return fmt.Errorf("%s: %w (%s): %w", op, errNoTime, delay, err)
		}
		s.log.Warn("slack call failed, retrying", "op", op, "attempt", attempt, "wait_ms", delay.Milliseconds(), "error", err.Error())
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w (after %v)", op, ctx.Err(), err)
		case <-t.C:
		}
		if _, limited := errors.AsType[*slack.RateLimitedError](err); !limited {
			wait = min(2*wait, s.maxBackoff)
		}
	}
}

// withoutURL returns err with the URL of the request that failed taken
// out. net/http puts the whole URL into its *url.Error (Post
// "https://hooks.slack.com/commands/T…/…/…": …), and a response_url is a
// credential for half an hour: whoever reads it can post as the bot into
// the user's conversation. slack-go wraps that error in text of its own
// that quotes it, so the error is rebuilt from the url.Error's Op and inner
// error alone, dropping the wrappers. The inner error (a dial or timeout
// error) stays in the chain, so retryDelay and callers still see what went
// wrong; its text is scrubbed of the URL too, in case it quotes it.
func withoutURL(err error) error {
	ue, ok := errors.AsType[*url.Error](err)
	if !ok {
		return err
	}
	msg := ue.Err.Error()
	if ue.URL != "" {
		msg = strings.ReplaceAll(msg, ue.URL, "…")
	}
	return &urlFreeError{op: ue.Op, msg: msg, err: ue.Err}
}

// urlFreeError is a failed HTTP request, without its URL.
type urlFreeError struct {
	op  string // the HTTP method, as *url.Error has it: "Post"
	msg string // the inner error's text, without the URL
	err error
}

func (e *urlFreeError) Error() string { return e.op + ": " + e.msg }
func (e *urlFreeError) Unwrap() error { return e.err }

// retryDelay says whether err is worth retrying and after how long: Slack's
// Retry-After for a 429, backoff (with jitter, so that instances do not
// retry in step) for a 5xx or a connection that failed.
func retryDelay(err error, backoff time.Duration) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return max(rl.RetryAfter, time.Second), true
	}
	jittered := backoff + rand.N(backoff/4+1)
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return jittered, sc.Code >= 500
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return jittered, true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return jittered, true
	}
	return 0, false
}

// message is something to post: blocks, and the plain text notifications
// and screen readers use.
type message struct {
	Text   string
	Blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
}

// post posts m publicly in channel, in the thread threadTS when set, and
// returns the new message's ts.
func (s *slackAPI) post(ctx context.Context, channel, threadTS string, m message) (string, error) {
	opts := m.options()
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	var ts string
	err := s.do(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = s.client.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// update replaces the message ts in channel, for everyone.
func (s *slackAPI) update(ctx context.Context, channel, ts string, m message) error {
	return s.do(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := s.client.UpdateMessageContext(ctx, channel, ts, m.options()...)
		return err
	})
}

// postEphemeral shows m to user alone, in channel (in the thread threadTS
// when set).
func (s *slackAPI) postEphemeral(ctx context.Context, channel, user, threadTS string, m message) error {
	opts := m.options()
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return s.do(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := s.client.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// respond answers through a response_url, privately to the user who
// clicked or typed. With replace, it replaces the message the click came
// from.
func (s *slackAPI) respond(ctx context.Context, responseURL string, m message, replace bool) error {
	if responseURL == "" {
		return errors.New("respond: no response_url")
	}
	msg := &slack.WebhookMessage{
		Text:            m.Text,
		Blocks:          &slack.Blocks{BlockSet: m.Blocks},
		ResponseType:    slack.ResponseTypeEphemeral,
		ReplaceOriginal: replace,
	}
	return s.do(ctx, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.http, msg)
	})
}

// openModal opens a modal for the user whose click gave triggerID.
func (s *slackAPI) openModal(ctx context.Context, triggerID string, v slack.ModalViewRequest) error {
	return s.do(ctx, "views.open", func(ctx context.Context) error {
		_, err := s.client.OpenViewContext(ctx, triggerID, v)
		return err
	})
}

// publishHome shows v as user's App Home tab.
func (s *slackAPI) publishHome(ctx context.Context, user string, v slack.HomeTabViewRequest) error {
	return s.do(ctx, "views.publish", func(ctx context.Context) error {
		_, err := s.client.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: v})
		return err
	})
}

// authTest asks Slack who the token belongs to.
func (s *slackAPI) authTest(ctx context.Context) (*slack.AuthTestResponse, error) {
	var resp *slack.AuthTestResponse
	err := s.do(ctx, "auth.test", func(ctx context.Context) error {
		var err error
		resp, err = s.client.AuthTestContext(ctx)
		return err
	})
	return resp, err
}
