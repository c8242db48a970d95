package slacktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// recorder is a TB that keeps what the server reports, for tests of the
// server's own reporting.
type recorder struct {
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}
func (r *recorder) done() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func client(s *Server) *slack.Client {
	return slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()))
}

func pt(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func TestAuthTestNeedsTheBotToken(t *testing.T) {
	s := NewServer(t)
	resp, err := client(s).AuthTest()
	if err != nil {
		t.Fatal(err)
	}
	if resp.UserID != s.BotUserID() || resp.TeamID != s.TeamID() || resp.BotID != s.BotID() {
		t.Errorf("auth.test answered %+v", resp)
	}
	for _, tc := range []struct{ token, want string }{{"xoxb-wrong", "invalid_auth"}, {"", "not_authed"}} {
		token, want := tc.token, tc.want
		_, _, err := slack.New(token, slack.OptionAPIURL(s.APIURL())).PostMessage("C1", slack.MsgOptionText("hi", false))
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) || se.Err != want {
			t.Errorf("token %q: got %v, want %s", token, err, want)
		}
	}
	if got := s.Messages("C1"); len(got) != 0 {
		t.Errorf("a call with a wrong token posted %d messages", len(got))
	}
	if calls := s.Calls("chat.postMessage"); len(calls) != 2 || !calls[0].Failed || calls[0].Error != "invalid_auth" {
		t.Errorf("refused calls recorded as %+v", calls)
	}
	any := NewServer(t, Options{AnyBotToken: true})
	if _, err := slack.New("xoxb-loadtest-placeholder", slack.OptionAPIURL(any.APIURL())).AuthTest(); err != nil {
		t.Errorf("AnyBotToken refuses a bot token: %v", err)
	}
}

func TestPostsAreShownAsSlackWouldShowThem(t *testing.T) {
	s := NewServer(t)
	api := client(s)
	ctx := context.Background()
	_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("1 passage", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(md("&gt;quoted"), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	_, reply, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("in thread", false), slack.MsgOptionTS(ts))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.PostEphemeralContext(ctx, "C1", "U7", slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}
	top := s.Messages("C1")
	if len(top) != 1 || top[0].TS != ts || top[0].AllText() != "&gt;quoted" || top[0].User != s.BotUserID() {
		t.Fatalf("top-level messages %+v", top)
	}
	if r := s.Replies("C1", ts); len(r) != 1 || r[0].TS != reply || r[0].Text != "in thread" || !tsLess(ts, reply) {
		t.Errorf("replies %+v", r)
	}
	if e := s.Ephemerals("U7"); len(e) != 1 || e[0].Text != "only you" || len(s.Ephemerals("U8")) != 0 {
		t.Errorf("ephemerals %+v", e)
	}

	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("2 passages", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(md("two"), nil, nil))); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message("C1", ts); m.Text != "2 passages" || m.AllText() != "two" || m.Edits != 1 {
		t.Errorf("after chat.update: %+v", m)
	}
	_, _, _, err = api.UpdateMessageContext(ctx, "C1", "1.000001", slack.MsgOptionText("x", false))
	if se := (slack.SlackErrorResponse{}); !errors.As(err, &se) || se.Err != "message_not_found" {
		t.Errorf("updating a message that does not exist: %v", err)
	}
	link, err := api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: "C1", Ts: reply})
	if err != nil || !strings.Contains(link, "/archives/C1/p"+strings.ReplaceAll(reply, ".", "")) {
		t.Errorf("permalink %q, %v", link, err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", ts); err != nil {
		t.Fatal(err)
	}
	if len(s.Messages("C1")) != 0 {
		t.Error("a deleted message is still shown")
	}
}

// What a digest that was killed mid-way needs: the messages it posted,
// with their metadata, newest first, a page at a time.
func TestHistoryGivesBackWhatWasPostedWithItsMetadata(t *testing.T) {
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := day
	s := NewServer(t, Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
	api := client(s)
	old := s.AddMessage(Message{Channel: "C1", Text: "someone", User: "U1"})
	var posted []string
	for i := range 3 {
		_, ts, err := api.PostMessage("C1", slack.MsgOptionText(fmt.Sprintf("digest %d", i), false),
			slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "peel_digest", EventPayload: map[string]any{"day": "2026-03-02", "part": i}}))
		if err != nil {
			t.Fatal(err)
		}
		posted = append(posted, ts)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: old, IncludeAllMetadata: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 2 || h.Messages[0].Timestamp != posted[2] || !h.HasMore || h.ResponseMetaData.NextCursor == "" {
		t.Fatalf("first page: %d messages, has_more %v", len(h.Messages), h.HasMore)
	}
	if md := h.Messages[0].Metadata; md.EventType != "peel_digest" || md.EventPayload["day"] != "2026-03-02" {
		t.Errorf("metadata %+v", md)
	}
	h2, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: old, IncludeAllMetadata: true, Limit: 2, Cursor: h.ResponseMetaData.NextCursor})
	if err != nil || len(h2.Messages) != 1 || h2.Messages[0].Timestamp != posted[0] || h2.HasMore {
		t.Fatalf("second page: %+v, %v", h2, err)
	}
	plain, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if err != nil || len(plain.Messages) != 4 || plain.Messages[0].Metadata.EventType != "" {
		t.Errorf("without include_all_metadata: %d messages, metadata %+v, %v", len(plain.Messages), plain.Messages[0].Metadata, err)
	}
	_, replyTS, _ := api.PostMessage("C1", slack.MsgOptionText("reply", false), slack.MsgOptionTS(posted[0]))
	msgs, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: posted[0]})
	if err != nil || len(msgs) != 2 || msgs[0].Timestamp != posted[0] || msgs[1].Timestamp != replyTS {
		t.Errorf("replies: %+v, %v", msgs, err)
	}
}

func TestUsersUnfurlsFilesAndAssistantThreads(t *testing.T) {
	s := NewServer(t)
	api := client(s)
	ctx := context.Background()
	s.AddUser(slack.User{ID: "U1", Name: "alex", RealName: "Alex Smith"})
	if u, err := api.GetUserInfoContext(ctx, "U1"); err != nil || u.RealName != "Alex Smith" {
		t.Errorf("users.info: %+v, %v", u, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U404"); err == nil || !strings.Contains(err.Error(), "user_not_found") {
		t.Errorf("an unknown user: %v", err)
	}

	ts := s.AddMessage(Message{Channel: "C1", Text: "<https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/x/>", User: "U1"})
	unfurl := slack.Attachment{Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(md("Hertfordshire · PEEL 2021/22"), nil, nil)}}}
	if _, _, _, err := api.UnfurlMessageContext(ctx, "C1", ts, map[string]slack.Attachment{"https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/x/": unfurl}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message("C1", ts); len(m.Unfurls) != 1 {
		t.Errorf("unfurls %+v", m.Unfurls)
	}

	f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "afis.csv", FileSize: 11, Content: "id,status\n", Channel: "C1", Title: "AFIs", InitialComment: "The AFIs"})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 || files[0].ID != f.ID || string(files[0].Content) != "id,status\n" || !files[0].Completed || files[0].Title != "AFIs" {
		t.Fatalf("files %+v", files)
	}
	if msgs := s.Messages("C1"); len(msgs) != 2 || len(msgs[1].Files) != 1 || msgs[1].Text != "The AFIs" {
		t.Errorf("the shared file's message: %+v", msgs)
	}

	for _, err := range []error{
		api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: "D1", ThreadTS: "1.2", Status: "is searching the reports…"}),
		api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: "D1", ThreadTS: "1.2", Title: "dvpo"}),
		api.SetAssistantThreadsSuggestedPromptsContext(ctx, slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: "D1", ThreadTS: "1.2", Title: "Try",
			Prompts: []slack.AssistantThreadsPrompt{{Title: "dvpo", Message: "dvpo"}}}),
		api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: "D1", ThreadTS: "1.2", Status: ""}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	a := s.AssistantThread("D1", "1.2")
	if a.Title != "dvpo" || a.Status != "" || len(a.Statuses) != 2 || a.Statuses[0] != "is searching the reports…" || len(a.Prompts) != 1 || a.PromptsTitle != "Try" {
		t.Errorf("assistant thread %+v", a)
	}
}

func TestStreamsGrowAndStop(t *testing.T) {
	s := NewServer(t)
	api := client(s)
	ctx := context.Background()
	_, ts, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionTS("1.2"), slack.MsgOptionMarkdownText("**Summary** "))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.AppendStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText("The force must improve [1].")); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message("D1", ts); !m.Streaming || m.Text != "**Summary** The force must improve [1]." {
		t.Errorf("while streaming: %+v", m)
	}
	if _, _, err := api.StopStreamContext(ctx, "D1", ts, slack.MsgOptionBlocks(slack.NewContextActionsBlock("fb",
		slack.NewFeedbackButtonsBlockElement("peel_feedback", slack.NewFeedbackButton(pt("👍"), "up"), slack.NewFeedbackButton(pt("👎"), "down"))))); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message("D1", ts)
	if m.Streaming || len(m.Blocks) != 1 || m.ThreadTS != "1.2" {
		t.Errorf("after stopping: %+v", m)
	}
	_, _, err = api.AppendStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText("late"))
	if se := (slack.SlackErrorResponse{}); !errors.As(err, &se) || se.Err != "message_not_in_streaming_state" {
		t.Errorf("appending to a stopped stream: %v", err)
	}
	_, _, err = api.StartStreamContext(ctx, "C1", slack.MsgOptionTS("1.2"), slack.MsgOptionMarkdownText("x"))
	if se := (slack.SlackErrorResponse{}); !errors.As(err, &se) || se.Err != "invalid_arguments" {
		t.Errorf("streaming into a channel without a recipient: %v", err)
	}
}

func TestViewsOpenOncePerTriggerAndUpdateByHash(t *testing.T) {
	s := NewServer(t)
	api := client(s)
	ctx := context.Background()
	trigger := s.TriggerID()
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: pt("Mark addressed"), Submit: pt("Save"), CallbackID: "peel_afi_close_modal",
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewInputBlock("evidence", pt("Evidence"), nil, slack.NewPlainTextInputBlockElement(nil, "text"))}}}
	resp, err := api.OpenViewContext(ctx, trigger, modal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.OpenViewContext(ctx, trigger, modal); err == nil || !strings.Contains(err.Error(), "expired_trigger_id") {
		t.Errorf("a trigger opened a second view: %v", err)
	}
	modal.Title = pt("Addressed")
	if _, err := api.UpdateViewContext(ctx, modal, "", "stale-hash", resp.ID); err == nil || !strings.Contains(err.Error(), "hash_conflict") {
		t.Errorf("a stale hash updated the view: %v", err)
	}
	if _, err := api.UpdateViewContext(ctx, modal, "", resp.Hash, resp.ID); err != nil {
		t.Fatal(err)
	}
	views := s.Views()
	if len(views) != 1 || views[0].Title != "Addressed" || views[0].CallbackID != "peel_afi_close_modal" || views[0].Updates != 1 {
		t.Errorf("views %+v", views)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(md("12 open"), nil, nil)}}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home}); err != nil {
		t.Fatal(err)
	}
	if v, ok := s.Home("U1"); !ok || strings.Join(v.Texts(), "") != "12 open" {
		t.Errorf("home %+v", v)
	}
}

func postResponse(t *testing.T, url string, m slack.WebhookMessage) error {
	t.Helper()
	return slack.PostWebhookCustomHTTPContext(context.Background(), url, http.DefaultClient, &m)
}

func TestResponseURLsShowReplaceAndDeleteAsSlackDoes(t *testing.T) {
	s := NewServer(t)
	cmd := s.ResponseURL(ResponseURLOptions{Channel: "C1", User: "U1"})
	if err := postResponse(t, cmd, slack.WebhookMessage{Text: "Searching…"}); err != nil {
		t.Fatal(err)
	}
	if err := postResponse(t, cmd, slack.WebhookMessage{Text: "3 passages", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if e := s.Ephemerals("U1"); len(e) != 1 || e[0].Text != "3 passages" || e[0].Edits != 1 {
		t.Fatalf("after replace_original: %+v", e)
	}
	if err := postResponse(t, cmd, slack.WebhookMessage{Text: "shared", ResponseType: slack.ResponseTypeInChannel}); err != nil {
		t.Fatal(err)
	}
	if m := s.Messages("C1"); len(m) != 1 || m[0].Text != "shared" || m[0].Via != MethodResponseURL {
		t.Errorf("in_channel: %+v", m)
	}
	if err := postResponse(t, cmd, slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if err := postResponse(t, cmd, slack.WebhookMessage{Text: "fifth"}); err != nil {
		t.Fatal(err)
	}
	err := postResponse(t, cmd, slack.WebhookMessage{Text: "sixth"})
	if sc := (slack.StatusCodeError{}); !errors.As(err, &sc) || sc.Code != http.StatusNotFound {
		t.Errorf("a sixth use was taken: %v", err)
	}

	// A button in a public message: replace_original edits it for all.
	ts := s.AddMessage(Message{Channel: "C1", Text: "digest", User: s.BotUserID()})
	click := s.ResponseURL(ResponseURLOptions{Channel: "C1", User: "U1", MessageTS: ts, Action: true})
	if !strings.Contains(click, "/actions/") {
		t.Errorf("an action's URL %s", click)
	}
	if err := postResponse(t, click, slack.WebhookMessage{Text: "digest (1 addressed)", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message("C1", ts); m.Text != "digest (1 addressed)" {
		t.Errorf("the clicked message: %+v", m)
	}
	if got := s.ResponsesTo(click); len(got) != 1 {
		t.Errorf("%d posts recorded to the URL", len(got))
	}
	secrets := s.Secrets()
	if !contains(secrets, s.BotToken()) || !contains(secrets, click[strings.LastIndex(click, "/")+1:]) {
		t.Errorf("Secrets lacks the token or a response URL's secret")
	}
}

func TestAnInvalidPayloadIsRefusedAndFailsItsTest(t *testing.T) {
	rec := &recorder{}
	s := NewServer(rec)
	defer rec.done()
	nav := slack.NewActionBlock("afi-nav",
		slack.NewButtonBlockElement("peel_afi_page", `{"p":1}`, pt("Previous page")),
		slack.NewButtonBlockElement("peel_afi_page", `{"p":3}`, pt("Next page")))
	_, _, err := client(s).PostMessage("C1", slack.MsgOptionText("24 open", false), slack.MsgOptionBlocks(nav))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" || len(se.ResponseMetadata.Messages) != 1 ||
		!strings.Contains(se.ResponseMetadata.Messages[0], "json-pointer:/blocks/0/elements/1/action_id") {
		t.Fatalf("Slack's answer: %v (%+v)", err, se.ResponseMetadata)
	}
	if len(s.Messages("C1")) != 0 {
		t.Error("the invalid message was posted")
	}
	errs := rec.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0], `blocks[0].elements[1].action_id "peel_afi_page" repeated`) {
		t.Errorf("the test was told %q", errs)
	}
	c := s.Calls("chat.postMessage")[0]
	if !c.Failed || c.Invalid == nil || !c.Invalid.Has(RuleActionIDUnique) {
		t.Errorf("the call is recorded as %+v", c)
	}

	// Through a response URL, as the AFI list really sends its pages.
	url := s.ResponseURL(ResponseURLOptions{Channel: "C1", User: "U1", Action: true, MessageTS: "1700000050.000100", Ephemeral: true})
	err = postResponse(t, url, slack.WebhookMessage{Text: "page 2", ReplaceOriginal: true, Blocks: &slack.Blocks{BlockSet: []slack.Block{nav}}})
	if sc := (slack.StatusCodeError{}); !errors.As(err, &sc) || sc.Code != http.StatusBadRequest {
		t.Errorf("response_url answered %v, want 400", err)
	}
	if len(rec.Errors()) != 2 {
		t.Errorf("the response_url post did not fail the test")
	}

	// AllowInvalid: refused the same, without failing the test.
	quiet := &recorder{}
	q := NewServer(quiet, Options{AllowInvalid: true})
	defer quiet.done()
	if _, _, err := client(q).PostMessage("C1", slack.MsgOptionBlocks(nav)); err == nil {
		t.Error("AllowInvalid let an invalid payload through")
	}
	if len(quiet.Errors()) != 0 {
		t.Errorf("AllowInvalid still failed the test: %q", quiet.Errors())
	}
}

func TestAnUnknownMethodFailsTheTestUnlessItsAnswerIsScripted(t *testing.T) {
	rec := &recorder{}
	s := NewServer(rec)
	defer rec.done()
	if _, err := client(s).GetReactions(slack.ItemRef{Channel: "C1", Timestamp: "1.2"}, slack.NewGetReactionsParameters()); err == nil {
		t.Error("an unknown method succeeded")
	}
	if len(rec.Errors()) != 1 {
		t.Errorf("the test was told %q", rec.Errors())
	}
	s.Fail("reactions.get", Fault{Body: `{"ok":true,"type":"message","message":{"reactions":[]}}`})
	if _, err := client(s).GetReactions(slack.ItemRef{Channel: "C1", Timestamp: "1.2"}, slack.NewGetReactionsParameters()); err != nil {
		t.Errorf("a scripted answer: %v", err)
	}
}

func TestFaultsMeetCallsAfterSlackReceivedThem(t *testing.T) {
	post := func(s *Server, ctx context.Context) (string, error) {
		_, ts, err := client(s).PostMessageContext(ctx, "C1", slack.MsgOptionText("digest", false))
		return ts, err
	}
	t.Run("a 500 posts nothing", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Down)
		_, err := post(s, context.Background())
		if sc := (slack.StatusCodeError{}); !errors.As(err, &sc) || sc.Code != 500 {
			t.Errorf("got %v", err)
		}
		if c := s.Calls("chat.postMessage"); len(c) != 1 || !c[0].Failed || len(s.Messages("C1")) != 0 {
			t.Errorf("calls %+v, messages %d", c, len(s.Messages("C1")))
		}
	})
	t.Run("429 with Retry-After", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", RateLimited(3*time.Second))
		_, err := post(s, context.Background())
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
			t.Errorf("got %v", err)
		}
		if len(s.Messages("C1")) != 0 {
			t.Error("a rate-limited post was posted")
		}
	})
	t.Run("ok:false", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Refused("not_in_channel"))
		_, err := post(s, context.Background())
		if se := (slack.SlackErrorResponse{}); !errors.As(err, &se) || se.Err != "not_in_channel" {
			t.Errorf("got %v", err)
		}
		if c := s.Calls("chat.postMessage")[0]; !c.Failed || c.Error != "not_in_channel" {
			t.Errorf("recorded %+v", c)
		}
	})
	t.Run("a slow answer to a client that gives up: posted all the same", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Slow(time.Minute))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := post(s, ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v", err)
		}
		if c := s.Calls("chat.postMessage"); len(c) != 1 || c[0].Failed || len(s.Messages("C1")) != 1 {
			t.Errorf("Slack acted on a slow call, but: calls %+v, %d messages", c, len(s.Messages("C1")))
		}
	})
	t.Run("a slow answer that comes", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Slow(100*time.Millisecond))
		start := time.Now()
		if _, err := post(s, context.Background()); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) < 100*time.Millisecond {
			t.Error("the answer was not held back")
		}
	})
	t.Run("a hang lasts until the client gives up", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Hang)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if _, err := post(s, ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v", err)
		}
		if c := s.Calls("chat.postMessage"); len(c) != 1 || !c[0].Failed || len(s.Messages("C1")) != 0 {
			t.Errorf("calls %+v", c)
		}
	})
	t.Run("closing the server ends a hang", func(t *testing.T) {
		s := NewServer(t)
		s.FailAlways("chat.postMessage", Hang)
		done := make(chan error, 1)
		go func() { _, err := post(s, context.Background()); done <- err }()
		s.WaitFor("chat.postMessage", 1, 10*time.Second)
		s.Close()
		if err := <-done; err == nil {
			t.Error("a hung call succeeded")
		}
	})
	t.Run("a dropped connection", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", DropConnection)
		if _, err := post(s, context.Background()); err == nil || !strings.Contains(err.Error(), "EOF") {
			t.Errorf("got %v", err)
		}
		if len(s.Messages("C1")) != 0 || !s.Calls("chat.postMessage")[0].Failed {
			t.Error("a dropped call is recorded as acted on")
		}
	})
	t.Run("a TCP reset", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", ResetConnection)
		if _, err := post(s, context.Background()); !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("got %v, want a connection reset", err)
		}
	})
	t.Run("an answer lost after Slack posted", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", LostAnswer)
		if _, err := post(s, context.Background()); err == nil {
			t.Error("a lost answer reached the client")
		}
		if len(s.Messages("C1")) != 1 || s.Calls("chat.postMessage")[0].Failed {
			t.Error("Slack acted before the connection dropped, but nothing was posted")
		}
	})
	t.Run("faults meet calls in order", func(t *testing.T) {
		s := NewServer(t)
		s.Fail("chat.postMessage", Fault{}, Down)
		var errs []error
		for range 3 {
			_, err := post(s, context.Background())
			errs = append(errs, err)
		}
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Errorf("got %v", errs)
		}
		s.FailAlways("chat.postMessage", Unavailable)
		_, err1 := post(s, context.Background())
		_, err2 := post(s, context.Background())
		s.Recover("chat.postMessage")
		_, err3 := post(s, context.Background())
		if err1 == nil || err2 == nil || err3 != nil {
			t.Errorf("FailAlways then Recover: %v, %v, %v", err1, err2, err3)
		}
		if n := len(s.Acted("chat.postMessage")); n != 3 {
			t.Errorf("%d calls acted on, want 3", n)
		}
	})
	t.Run("response URLs fail too", func(t *testing.T) {
		s := NewServer(t)
		url := s.ResponseURL(ResponseURLOptions{Channel: "C1", User: "U1"})
		s.Fail(MethodResponseURL, Down)
		if err := postResponse(t, url, slack.WebhookMessage{Text: "x"}); err == nil {
			t.Error("a failing response URL took the post")
		}
		if err := postResponse(t, url, slack.WebhookMessage{Text: "x"}); err != nil {
			t.Errorf("the next post: %v", err)
		}
		if len(s.Ephemerals("U1")) != 1 {
			t.Error("want one ephemeral shown")
		}
	})
}

func TestRecordedCallsCarryTheirArguments(t *testing.T) {
	s := NewServer(t)
	_, _, err := client(s).PostMessage("C1", slack.MsgOptionText("hi", false), slack.MsgOptionBlocks(slack.NewSectionBlock(md("*b*"), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls("chat.postMessage")[0]
	if c.Arg("channel") != "C1" || c.Arg("text") != "hi" || len(c.Blocks()) != 1 || c.Blocks()[0]["type"] != "section" {
		t.Errorf("call %+v", c)
	}
	if got := s.WaitFor("chat.postMessage", 1, time.Second); len(got) != 1 {
		t.Errorf("WaitFor gave %d calls", len(got))
	}
	// A JSON body is read the same way.
	body, _ := json.Marshal(map[string]any{"channel": "C2", "text": "json"})
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"chat.postMessage", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.BotToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(raw), `"ok":true`) || len(s.Messages("C2")) != 1 {
		t.Errorf("a JSON post answered %s", raw)
	}
}

func TestSocketModeNeedsTheAppToken(t *testing.T) {
	s := NewServer(t, Options{AppToken: "xapp-1-test", SocketModeURL: "ws://127.0.0.1:1/link"})
	_, url, err := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-1-test")).StartSocketModeContext(context.Background())
	if err != nil || url != "ws://127.0.0.1:1/link" {
		t.Errorf("apps.connections.open: %q, %v", url, err)
	}
	_, _, err = slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-1-wrong")).StartSocketModeContext(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("a wrong app token: %v", err)
	}
	if !contains(s.Secrets(), "xapp-1-test") {
		t.Error("the app token is not among the secrets")
	}
}

func TestCheckReplyJudgesASlashCommandsAnswer(t *testing.T) {
	rec := &recorder{}
	s := NewServer(rec)
	defer rec.done()
	good := []byte(`{"response_type":"ephemeral","text":"1 passage","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"&gt;quoted"}},{"type":"actions","elements":[{"type":"button","action_id":"peel_share","text":{"type":"plain_text","text":"Share in channel"},"value":"p1"}]}]}`)
	if err := s.CheckReply(good); err != nil || len(rec.Errors()) != 0 {
		t.Errorf("a valid reply: %v %q", err, rec.Errors())
	}
	var m map[string]any
	_ = json.Unmarshal(good, &m)
	blocks := objects(m["blocks"])
	if b := ButtonsOf(blocks); len(b) != 1 || b[0].ActionID != "peel_share" || b[0].Label != "Share in channel" {
		t.Errorf("buttons %+v", b)
	}
	if got := TextsOf(blocks); len(got) != 2 || got[0] != "&gt;quoted" || got[1] != "Share in channel" {
		t.Errorf("texts %q", got)
	}
	if err := s.CheckReply([]byte(`{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]}`)); err == nil || len(rec.Errors()) != 1 {
		t.Errorf("a reply without fallback text: %v %q", err, rec.Errors())
	}
}

func TestTextsReadInTheOrderAReaderMeetsThem(t *testing.T) {
	blocks := []map[string]any{{
		"type": "section", "text": mrkdwn("first"), "fields": []any{mrkdwn("second")},
		"accessory": button("b", "third", "v"),
	}, {"type": "context", "elements": []any{mrkdwn("fourth")}}}
	if got := strings.Join(TextsOf(blocks), " "); got != "first second third fourth" {
		t.Errorf("texts in the order %q", got)
	}
}

// A direct message is a conversation of its own, as in Slack: a post to a
// member's id lands in it and answers with its id, conversations.open
// gives the same id, and its history is read by that id, never the
// member's.
func TestDirectMessagesAreAConversationOfTheirOwn(t *testing.T) {
	s := NewServer(t)
	api := client(s)
	ch, _, err := api.PostMessage("U1", slack.MsgOptionText("you own herts-2021-afi-3", false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "peel_notification", EventPayload: map[string]any{"keys": "assigned:7"}}))
	if err != nil || !strings.HasPrefix(ch, "D") {
		t.Fatalf("post to U1: channel %q, %v", ch, err)
	}
	open, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || open.ID != ch || s.DM("U1") != ch {
		t.Fatalf("conversations.open: %+v, %v; want %s", open, err, ch)
	}
	if _, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{}); err == nil || !strings.Contains(err.Error(), "users_list_not_supplied") {
		t.Errorf("conversations.open without users: %v", err)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch, IncludeAllMetadata: true})
	if err != nil || len(h.Messages) != 1 || h.Messages[0].Metadata.EventPayload["keys"] != "assigned:7" {
		t.Fatalf("the DM's history: %+v, %v", h, err)
	}
	if _, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "U1"}); err == nil || !strings.Contains(err.Error(), "channel_not_found") {
		t.Errorf("history by a member's id: %v", err)
	}
	if got := s.Messages("U1"); len(got) != 1 || got[0].Channel != ch {
		t.Errorf("Messages(U1): %+v", got)
	}
	if other := s.DM("U2"); other == ch {
		t.Errorf("two members share the DM %s", ch)
	}
}
