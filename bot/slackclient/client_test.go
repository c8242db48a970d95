package slackclient

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
)

// client is a Client of the fake Slack s, quick to retry.
func client(s *slacktest.Server) *Client {
	c := New(s.BotToken(), s.APIURL(), &http.Client{Timeout: 300 * time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c.Backoff = 5 * time.Millisecond
	return c
}

func TestA5xxIsRetriedAndARefusalIsNot(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s)
	s.Fail("chat.postMessage", slacktest.Unavailable)
	ts, err := c.Post(context.Background(), "C1", "", render.Note("hi"))
	if err != nil || ts == "" || len(s.Calls("chat.postMessage")) != 2 || len(s.Messages("C1")) != 1 {
		t.Errorf("Post = %q, %v after %v", ts, err, s.Calls("chat.postMessage"))
	}
	s.FailAlways("chat.postMessage", slacktest.Refused("not_in_channel"))
	before := len(s.Calls("chat.postMessage"))
	_, err = c.Post(context.Background(), "C1", "", render.Note("hi"))
	if err == nil || !NothingDone(err) || !c.NothingDone(err) || len(s.Calls("chat.postMessage")) != before+1 {
		t.Errorf("refused Post: %v", err)
	}
	if _, err := (DigestPoster{c}).Post(context.Background(), "C1", render.Note("hi")); err == nil ||
		!strings.HasPrefix(err.Error(), "peelbot is not in that channel; invite it with /invite @peelbot: ") || !NothingDone(err) {
		t.Errorf("the digest's refused post: %v", err)
	}
}

// A post whose answer never came may have been posted: it is not sent
// again, and NothingDone says so.
func TestAPostThatTimedOutIsNotSentTwice(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s)
	s.Fail("chat.postMessage", slacktest.Slow(time.Second))
	_, err := c.Post(context.Background(), "C1", "", render.Note("hi"))
	if err == nil || NothingDone(err) || len(s.Calls("chat.postMessage")) != 1 {
		t.Errorf("Post = %v after %v; want one attempt that may have posted", err, s.Calls("chat.postMessage"))
	}
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("the timeout is lost from %v", err)
	}
}

// A stream is started and appended to once each (a repeat would show its
// text twice); its stop is repeated after a lost answer, and Slack saying
// the stream is already stopped is what was wanted.
func TestAStreamIsSentOnceAndStoppedForSure(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s)
	ctx := context.Background()
	ts, err := c.StartStream(ctx, "D1", "1700000000.000100", "", "", "One [1]. ")
	if err != nil {
		t.Fatal(err)
	}
	s.Fail("chat.appendStream", slacktest.LostAnswer)
	if err := c.AppendStream(ctx, "D1", ts, "Two [2]."); err == nil || NothingDone(err) || len(s.Calls("chat.appendStream")) != 1 {
		t.Errorf("an append whose answer was lost: %v after %d calls", err, len(s.Calls("chat.appendStream")))
	}
	s.Fail("chat.stopStream", slacktest.LostAnswer)
	blocks := []slack.Block{render.Context("by", "Written by a model.")}
	if err := c.StopStream(ctx, "D1", ts, "", blocks); err != nil || len(s.Calls("chat.stopStream")) != 2 {
		t.Errorf("a stop whose answer was lost: %v after %d calls", err, len(s.Calls("chat.stopStream")))
	}
	m, _ := s.Message("D1", ts)
	if m.Streaming || m.Text != "One [1]. Two [2]." || len(m.Blocks) != 1 {
		t.Errorf("the streamed message: %+v", m)
	}
	// Outside a direct message, Slack needs the recipient.
	if _, err := c.StartStream(ctx, "C1", "1700000000.000200", "U1", "T0SLACKTEST", "x"); err != nil {
		t.Errorf("a stream in a channel: %v", err)
	}
}

func TestAssistantCallsAndUnfurls(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s)
	ctx := context.Background()
	if err := c.SetStatus(ctx, "D1", "1.1", "is searching…"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetTitle(ctx, "D1", "1.1", "dvpo"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetSuggestedPrompts(ctx, "D1", "1.1", "Try", []slack.AssistantThreadsPrompt{{Title: "dvpo", Message: "dvpo"}}); err != nil {
		t.Fatal(err)
	}
	as := s.AssistantThread("D1", "1.1")
	if as.Status != "is searching…" || as.Title != "dvpo" || len(as.Prompts) != 1 {
		t.Errorf("assistant thread %+v", as)
	}
	ts := s.AddMessage(slacktest.Message{Channel: "C1", Text: "https://hmicfrs.justiceinspectorates.gov.uk/x/"})
	u := map[string]slack.Attachment{"https://hmicfrs.justiceinspectorates.gov.uk/x/": {Blocks: slack.Blocks{BlockSet: []slack.Block{render.Section("u", "*A report*")}}}}
	if err := c.Unfurl(ctx, "C1", ts, u); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message("C1", ts); len(m.Unfurls) != 1 {
		t.Errorf("unfurls %+v", m.Unfurls)
	}
}
