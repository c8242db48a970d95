// Package slackclient is every call peelbot makes to Slack's Web API and
// response URLs, each retried by one policy: 429 Retry-After is honoured,
// 5xx and failures to connect are retried with backoff, all within the
// caller's deadline. A timeout or a dropped connection is retried only for
// a call whose repeat changes nothing: a post may have gone out, and is
// never sent twice (NothingDone tells the caller which it was); whoever
// needs to know whether it went out after all reads the conversation's
// history (History), where the digest and notifications are known by
// their message metadata. Errors never carry a URL: a response_url is a
// credential.
//
// It owns the transport and the retry policy; it may import slack-go,
// bot/render (the messages it posts) and, for the interfaces it
// implements and the values they return, tracker/digest and
// tracker/notify.
package slackclient

import (
	"github.com/peelbot/peelbot/bot/render"

	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// Client is every call peelbot makes to Slack, each retried by one policy
// (see retryDelay), within the caller's context and MaxAttempts. It is
// safe for concurrent use once made.
type Client struct {
	client *slack.Client
	http   *http.Client
	log    *slog.Logger
	token  string // for Socket Mode's client; never logged
	apiURL string

	// self is who the token belongs to, once AuthTest has asked.
	self atomic.Pointer[slack.AuthTestResponse]

	// MaxAttempts bounds how often one call is sent.
	MaxAttempts int
	// Backoff is the first wait after a 5xx or a connection failure; it
	// doubles up to MaxBackoff. Tests shorten it.
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// New makes a client that calls the Web API at apiURL (ending in "/";
// slack.APIURL is Slack's own) with the bot token, over hc.
func New(token, apiURL string, hc *http.Client, log *slog.Logger) *Client {
	return &Client{
		// The library's own retries stay off: retrying here, in one place,
		// keeps the policy visible and bounded by our contexts.
		client:      slack.New(token, slack.OptionAPIURL(apiURL), slack.OptionHTTPClient(hc)),
		http:        hc,
		log:         log,
		token:       token,
		apiURL:      apiURL,
		MaxAttempts: 4,
		Backoff:     200 * time.Millisecond,
		MaxBackoff:  5 * time.Second,
	}
}

// Token is the bot token, for a Socket Mode client of the same app. Never
// log it.
func (s *Client) Token() string { return s.token }

// APIURL is the Web API base URL the client calls.
func (s *Client) APIURL() string { return s.apiURL }

// HTTP is the HTTP client the client calls Slack with.
func (s *Client) HTTP() *http.Client { return s.http }

// ErrNoTime is in the chain of a call that stopped because its retry
// would have had to wait past the caller's deadline.
var ErrNoTime = errors.New("no time left to retry")

// Whether a call may be sent twice.
const (
	// sendOnce: sent a second time, the call would act twice (a second
	// message posted).
	sendOnce = false
	// repeatable: a repeat changes nothing more (it replaces what the
	// first put there).
	repeatable = true
)

// failure is what a failed attempt tells about Slack's side of it.
type failure int

const (
	// refused: Slack answered and did not act (ok:false, a 4xx). A retry
	// would be refused too.
	refused failure = iota
	// unprocessed: Slack answered that it did not act this time (a 429, a
	// 5xx); a retry may work.
	unprocessed
	// unsent: the request never reached Slack (no address, no
	// connection), so it cannot have acted.
	unsent
	// ambiguous: the request may have reached Slack and been acted on (a
	// timeout, or a connection reset or dropped after it was written, or
	// an unreadable answer), so whether it did is unknown.
	ambiguous
)

// callError is a Slack call that failed for good: its last attempt's
// failure, and why no attempt followed when there was time for one.
type callError struct {
	op      string
	err     error // the last attempt's, without any URL
	stopped error // ErrNoTime or the context's error; nil when retries were spent or pointless
	note    string
	failure failure
}

func (e *callError) Error() string {
	if e.stopped != nil {
		return fmt.Sprintf("%s: %v%s: %v", e.op, e.stopped, e.note, e.err)
	}
	return e.op + ": " + e.err.Error()
}

func (e *callError) Unwrap() []error {
	if e.stopped != nil {
		return []error{e.stopped, e.err}
	}
	return []error{e.err}
}

// NothingDone reports whether a failed call certainly did nothing at
// Slack: it was refused, answered 429 or 5xx, or never sent. False means
// it may have been acted on (a timeout or a dropped connection), and
// whoever would act on the failure (release a claim, try again) must
// assume it was.
func NothingDone(err error) bool {
	if ce, ok := errors.AsType[*callError](err); ok {
		return ce.failure != ambiguous
	}
	return true // not a call: it was never sent
}

// do calls fn until it succeeds, fails for good, or runs out of attempts or
// time. op names the call in logs and errors; mayRepeat (sendOnce or
// repeatable) says whether a failure that may have reached Slack may be
// tried again.
func (s *Client) do(ctx context.Context, op string, mayRepeat bool, fn func(ctx context.Context) error) error {
	wait := s.Backoff
	for attempt := 1; ; attempt++ {
		err := withoutURL(fn(ctx))
		if err == nil {
			return nil
		}
		f := classify(err)
		fail := &callError{op: op, err: err, failure: f}
		delay, retry := retryDelay(err, f, mayRepeat, wait)
		if !retry || attempt >= s.MaxAttempts || ctx.Err() != nil {
			return fail
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			fail.stopped, fail.note = ErrNoTime, fmt.Sprintf(" (%s)", delay)
			return fail
		}
		s.log.Warn("slack call failed, retrying", "op", op, "attempt", attempt, "wait_ms", delay.Milliseconds(), "error", err.Error())
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			fail.stopped, fail.note = ctx.Err(), " while waiting to retry"
			return fail
		case <-t.C:
		}
		if _, limited := errors.AsType[*slack.RateLimitedError](err); !limited {
			wait = min(2*wait, s.MaxBackoff)
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
// error) stays in the chain, so classify and callers still see what went
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
	op  string // the HTTP method, as *url.Error has it: "Post"; "parse" for a bad URL
	msg string // the inner error's text, without the URL
	err error
}

func (e *urlFreeError) Error() string { return e.op + ": " + e.msg }
func (e *urlFreeError) Unwrap() error { return e.err }

// classify says what a failed attempt tells about Slack's side of it.
func classify(err error) failure {
	if _, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return unprocessed
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		if sc.Code == http.StatusTooManyRequests || sc.Code >= 500 {
			return unprocessed
		}
		return refused
	}
	if _, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return refused
	}
	if neverSent(err) {
		return unsent
	}
	return ambiguous
}

// neverSent reports whether err is a failure to reach Slack at all: the
// URL could not be read, its host not found, or no connection made. Only
// these say for sure that nothing was written. (A request that fails on a
// kept-alive connection before anything was written is retried by
// net/http itself, and reaches us only when that failed too.)
func neverSent(err error) bool {
	if ue, ok := errors.AsType[*urlFreeError](err); ok && ue.op == "parse" {
		return true
	}
	if oe, ok := errors.AsType[*net.OpError](err); ok && (oe.Op == "dial" || oe.Op == "proxyconnect") {
		return true
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// retryDelay says whether a failed attempt is worth another and after how
// long: Slack's Retry-After for a 429, else a backoff with jitter (so that
// instances do not retry in step).
//
// A 429 or a 5xx is Slack saying it did not act, and a request that never
// left cannot have acted, so those are always retried. A timeout, or a
// connection reset or dropped after the request was written, is retried
// only for a repeatable call: Slack may well have posted the message and
// lost only its answer, and posting again would put a second copy in
// front of everyone (Slack's API takes no idempotency key to prevent
// it). For those calls the failure is reported instead, as a failure
// that may have posted (see NothingDone).
func retryDelay(err error, f failure, mayRepeat bool, backoff time.Duration) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return max(rl.RetryAfter, time.Second), true
	}
	jittered := backoff + rand.N(backoff/4+1)
	switch f {
	case unprocessed, unsent:
		return jittered, true
	case ambiguous:
		return jittered, mayRepeat
	}
	return 0, false
}

func options(m render.Message) []slack.MsgOption {
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if m.Metadata != nil {
		opts = append(opts, slack.MsgOptionMetadata(*m.Metadata))
	}
	return opts
}

// NothingDone is the package's NothingDone, so that a Client is a
// digest.Poster.
func (s *Client) NothingDone(err error) bool { return NothingDone(err) }

// Post posts m publicly in channel, in the thread threadTS when set, and
// returns the new message's ts.
func (s *Client) Post(ctx context.Context, channel, threadTS string, m render.Message) (string, error) {
	opts := options(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	var ts string
	err := s.do(ctx, "chat.postMessage", sendOnce, func(ctx context.Context) error {
		var err error
		_, ts, err = s.client.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// Update replaces the message ts in channel, for everyone.
func (s *Client) Update(ctx context.Context, channel, ts string, m render.Message) error {
	return s.do(ctx, "chat.update", repeatable, func(ctx context.Context) error {
		_, _, _, err := s.client.UpdateMessageContext(ctx, channel, ts, options(m)...)
		return err
	})
}

// PostEphemeral shows m to user alone, in channel (in the thread threadTS
// when set).
func (s *Client) PostEphemeral(ctx context.Context, channel, user, threadTS string, m render.Message) error {
	opts := options(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return s.do(ctx, "chat.postEphemeral", sendOnce, func(ctx context.Context) error {
		_, err := s.client.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// Respond answers through a response_url, privately to the user who
// clicked or typed. With replace, it replaces the message the click came
// from.
func (s *Client) Respond(ctx context.Context, responseURL string, m render.Message, replace bool) error {
	if responseURL == "" {
		return errors.New("respond: no response_url")
	}
	msg := &slack.WebhookMessage{
		Text:            m.Text,
		Blocks:          &slack.Blocks{BlockSet: m.Blocks},
		ResponseType:    slack.ResponseTypeEphemeral,
		ReplaceOriginal: replace,
	}
	// Replacing the original message twice shows the same thing; a second
	// new ephemeral message would be a duplicate.
	mayRepeat := sendOnce
	if replace {
		mayRepeat = repeatable
	}
	return s.do(ctx, "response_url", mayRepeat, func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.http, msg)
	})
}

// OpenModal opens a modal for the user whose click gave triggerID. A
// trigger opens one modal only, so a repeat cannot open a second.
func (s *Client) OpenModal(ctx context.Context, triggerID string, v slack.ModalViewRequest) error {
	return s.do(ctx, "views.open", repeatable, func(ctx context.Context) error {
		_, err := s.client.OpenViewContext(ctx, triggerID, v)
		return err
	})
}

// PublishHome shows v as user's App Home tab.
func (s *Client) PublishHome(ctx context.Context, user string, v slack.HomeTabViewRequest) error {
	return s.do(ctx, "views.publish", repeatable, func(ctx context.Context) error {
		_, err := s.client.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: v})
		return err
	})
}

// Upload shares a file in channel (in the thread threadTS when set), with
// comment, as files.uploadV2 does: it asks for an upload address
// (files.getUploadURLExternal), sends the file there, then completes the
// upload into the channel (files.completeUploadExternal). The first two
// are retried freely; the last, which shares the file, is sent once.
func (s *Client) Upload(ctx context.Context, channel, threadTS, filename, title, comment string, data []byte) error {
	if len(data) == 0 {
		return errors.New("upload: the file is empty")
	}
	var u *slack.GetUploadURLExternalResponse
	err := s.do(ctx, "files.getUploadURLExternal", repeatable, func(ctx context.Context) error {
		var err error
		u, err = s.client.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: filename, FileSize: len(data)})
		return err
	})
	if err != nil {
		return err
	}
	err = s.do(ctx, "file upload", repeatable, func(ctx context.Context) error {
		return s.client.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader(data), Filename: filename})
	})
	if err != nil {
		return err
	}
	return s.do(ctx, "files.completeUploadExternal", sendOnce, func(ctx context.Context) error {
		_, err := s.client.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: []slack.FileSummary{{ID: u.FileID, Title: title}}, Channel: channel, ThreadTimestamp: threadTS, InitialComment: comment})
		return err
	})
}

// AuthTest asks Slack who the token belongs to, and remembers it: History
// then keeps to the bot's own messages.
func (s *Client) AuthTest(ctx context.Context) (*slack.AuthTestResponse, error) {
	var resp *slack.AuthTestResponse
	err := s.do(ctx, "auth.test", repeatable, func(ctx context.Context) error {
		var err error
		resp, err = s.client.AuthTestContext(ctx)
		return err
	})
	if err == nil {
		s.self.Store(resp)
	}
	return resp, err
}

// StartStream starts a message streamed into the thread threadTS of
// channel, beginning with markdown (standard Markdown, as Slack's
// markdown block reads it), and returns its ts. Outside a direct message
// Slack needs to know whom the stream answers: recipient and team.
// https://docs.slack.dev/reference/methods/chat.startStream
func (s *Client) StartStream(ctx context.Context, channel, threadTS, recipient, team, markdown string) (string, error) {
	opts := []slack.MsgOption{slack.MsgOptionTS(threadTS), slack.MsgOptionMarkdownText(markdown)}
	if recipient != "" && team != "" {
		opts = append(opts, slack.MsgOptionRecipientUserID(recipient), slack.MsgOptionRecipientTeamID(team))
	}
	var ts string
	err := s.do(ctx, "chat.startStream", sendOnce, func(ctx context.Context) error {
		var err error
		_, ts, err = s.client.StartStreamContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// AppendStream adds markdown to the streamed message ts. Sent twice it
// would show twice, so it is not repeated after an ambiguous failure.
func (s *Client) AppendStream(ctx context.Context, channel, ts, markdown string) error {
	return s.do(ctx, "chat.appendStream", sendOnce, func(ctx context.Context) error {
		_, _, err := s.client.AppendStreamContext(ctx, channel, ts, slack.MsgOptionMarkdownText(markdown))
		return err
	})
}

// StopStream ends the streamed message ts, adding markdown (when set) and
// blocks under it. A repeat of a stop that went through is refused as not
// streaming, which is what was wanted, so it counts as done.
func (s *Client) StopStream(ctx context.Context, channel, ts, markdown string, blocks []slack.Block) error {
	var opts []slack.MsgOption
	if markdown != "" {
		opts = append(opts, slack.MsgOptionMarkdownText(markdown))
	}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	attempt := 0
	return s.do(ctx, "chat.stopStream", repeatable, func(ctx context.Context) error {
		attempt++
		_, _, err := s.client.StopStreamContext(ctx, channel, ts, opts...)
		if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok && attempt > 1 && se.Err == "message_not_in_streaming_state" {
			return nil
		}
		return err
	})
}

// SetStatus shows status under an assistant thread ("is searching the
// reports…"); "" clears it.
func (s *Client) SetStatus(ctx context.Context, channel, threadTS, status string) error {
	return s.do(ctx, "assistant.threads.setStatus", repeatable, func(ctx context.Context) error {
		return s.client.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: channel, ThreadTS: threadTS, Status: status})
	})
}

// SetTitle titles an assistant thread.
func (s *Client) SetTitle(ctx context.Context, channel, threadTS, title string) error {
	return s.do(ctx, "assistant.threads.setTitle", repeatable, func(ctx context.Context) error {
		return s.client.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: channel, ThreadTS: threadTS, Title: title})
	})
}

// SetSuggestedPrompts offers prompts, under title, in an assistant thread.
func (s *Client) SetSuggestedPrompts(ctx context.Context, channel, threadTS, title string, prompts []slack.AssistantThreadsPrompt) error {
	return s.do(ctx, "assistant.threads.setSuggestedPrompts", repeatable, func(ctx context.Context) error {
		return s.client.SetAssistantThreadsSuggestedPromptsContext(ctx, slack.AssistantThreadsSetSuggestedPromptsParameters{
			Title: title, ChannelID: channel, ThreadTS: threadTS, Prompts: prompts,
		})
	})
}

// Unfurl shows previews of the links of the message ts in channel, each
// as blocks; a repeat replaces them with the same.
func (s *Client) Unfurl(ctx context.Context, channel, ts string, unfurls map[string]slack.Attachment) error {
	return s.do(ctx, "chat.unfurl", repeatable, func(ctx context.Context) error {
		_, _, _, err := s.client.UnfurlMessageContext(ctx, channel, ts, unfurls)
		return err
	})
}

// UnfurlComposer shows previews of links still being written, which Slack
// names by an unfurl id and source rather than a message.
func (s *Client) UnfurlComposer(ctx context.Context, unfurlID, source string, unfurls map[string]slack.Attachment) error {
	return s.do(ctx, "chat.unfurl", repeatable, func(ctx context.Context) error {
		_, _, _, err := s.client.SendMessageContext(ctx, "", slack.MsgOptionUnfurlByID(unfurlID, source, unfurls))
		return err
	})
}
