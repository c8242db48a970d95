package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
)

// firstShare is the Share in channel button of /peel dvpo's first passage.
func firstShare(t *testing.T, h *harness) btn {
	t.Helper()
	shares := buttonsWith(h.command("dvpo"), render.ActionShare)
	if len(shares) == 0 {
		t.Fatal("no Share in channel button")
	}
	return shares[0]
}

func TestShareInChannelPostsThePassageWithCitationAndSharer(t *testing.T) {
	h := newHarness(t)
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1: %v", len(posts), h.slack.Calls())
	}
	p := posts[0]
	if p.Arg("channel") != "C1" || p.Arg("thread_ts") != "" {
		t.Errorf("posted to channel %q thread %q, want C1 and no thread", p.Arg("channel"), p.Arg("thread_ts"))
	}
	blocks := p.Blocks()
	text := allText(blocks)
	for _, want := range []string{dvpoSentence, "<" + dvpoLink + "|" + dvpoCitation + ">", "Shared by <@U1>"} {
		if !strings.Contains(text, want) {
			t.Errorf("shared message lacks %q:\n%s", want, text)
		}
	}
	if len(buttonsWith(blocks, render.ActionShare)) != 0 {
		t.Error("a shared passage should not offer to be shared again")
	}
	if p.Arg("text") == "" {
		t.Error("shared message has no notification text")
	}
}

func TestShareFromAnAnswerInAThreadPostsInThatThread(t *testing.T) {
	h := newHarness(t)
	const thread = "1700000000.000100"
	h.click(firstShare(t, h), ephemeralIn(thread))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Arg("channel") != "C1" || posts[0].Arg("thread_ts") != thread {
		t.Fatalf("want one post in C1's thread %s, got %+v", thread, posts)
	}
}

func TestShareWhereTheBotCannotPostExplainsPrivately(t *testing.T) {
	h := newHarness(t)
	h.slack.Fail("chat.postMessage", slacktest.Refused("not_in_channel"))
	h.click(firstShare(t, h), ephemeralIn(""))
	h.settle()
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 {
		t.Fatalf("%d private replies, want 1", len(resp))
	}
	if resp[0].Args["replace_original"] != false || !strings.Contains(allText(resp[0].Blocks()), "/invite @peelbot") {
		t.Errorf("reply: %v", resp[0].Args)
	}
	if len(h.slack.Calls("chat.postMessage")) != 1 {
		t.Error("a refused post was retried")
	}
}

func TestFullTextOpensTheWholePassage(t *testing.T) {
	lib, ix, long := longPassageLibrary(t)
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix })
	blocks := h.command("zeppelin")
	full := buttonsWith(blocks, render.ActionFullText)
	if len(full) != 1 {
		t.Fatalf("want a Full text button for the long passage, got %v", buttons(blocks))
	}
	h.click(full[0], ephemeralIn(""))
	h.settle()
	opens := h.slack.Calls("views.open")
	if len(opens) != 1 {
		t.Fatalf("%d views.open calls", len(opens))
	}
	if opens[0].Args["trigger_id"] != h.lastTrigger() {
		t.Errorf("modal opened with trigger %v", opens[0].Args["trigger_id"])
	}
	view := opens[0].Args["view"].(map[string]any)
	vb := toBlocks(t, view["blocks"])
	var shown []string
	for _, s := range texts(vb) {
		if strings.HasPrefix(s, ">") {
			for _, line := range strings.Split(s, "\n") {
				line = strings.TrimPrefix(line, ">")
				line = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(line)
				if rest, ok := strings.CutPrefix(line, "• "); ok {
					line = "- " + rest
				}
				shown = append(shown, line)
			}
		}
	}
	if got := strings.Join(strings.Fields(strings.Join(shown, " ")), " "); got != strings.Join(strings.Fields(long), " ") {
		t.Errorf("the modal does not show the whole passage: %d characters of %d", len(got), len(long))
	}
}

// fakeSummariser summarises by quoting the question, citing what it is
// told to. It records its requests.
type fakeSummariser struct {
	mu       sync.Mutex
	requests []summary.Request
	cite     []int
	err      error
}

func (f *fakeSummariser) Summarise(_ context.Context, req summary.Request) (*summary.Summary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, req)
	if f.err != nil {
		return nil, f.err
	}
	return &summary.Summary{Text: "The force rarely used protective orders <!channel> [1].", Citations: f.cite, Model: "test-model"}, nil
}

func TestSummariseReplacesTheAnswerWithACitedSummary(t *testing.T) {
	fs := &fakeSummariser{cite: []int{1, 0, 7}}
	h := newHarness(t, func(c *Config) { c.Summariser = fs })
	blocks := h.command("dvpo")
	sum := buttonsWith(blocks, render.ActionSummarise)
	if len(sum) != 1 {
		t.Fatalf("want a Summarise button with a summariser, got %v", buttons(blocks))
	}
	h.click(sum[0], ephemeralIn(""))
	h.settle()

	if len(fs.requests) != 1 {
		t.Fatalf("%d summary requests", len(fs.requests))
	}
	req := fs.requests[0]
	if req.Question != "dvpo" || req.User != "U1" || len(req.Sources) != 2 {
		t.Fatalf("request %+v", req)
	}
	if s := req.Sources[0]; s.Citation != dvpoCitation || s.URL != dvpoLink || !strings.Contains(s.Text, dvpoSentence) || s.ID == "" {
		t.Errorf("source 1 = %+v", s)
	}
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 || resp[0].Args["replace_original"] != true {
		t.Fatalf("want the answer replaced once, got %v", resp)
	}
	rb := resp[0].Blocks()
	text := allText(rb)
	if !strings.Contains(text, "*Summary:* The force rarely used protective orders &lt;!channel&gt; [1].") {
		t.Errorf("summary not shown, or not escaped:\n%s", text)
	}
	if !strings.Contains(text, "test-model") {
		t.Error("the model is not named")
	}
	quotes := quoteTexts(rb)
	if len(quotes) != 2 || !strings.Contains(quotes[1], dvpoSentence) {
		t.Errorf("want the cited passages in citation order (2 then 1), got %q", quotes)
	}
	if !strings.Contains(text, "[2] <"+hertsURL) || !strings.Contains(text, "|"+dvpoCitation) || !strings.Contains(text, "[1] _<"+dvpoLink+"|Same finding as above · p. 30>_") {
		t.Errorf("citations are not numbered as the summary's markers:\n%s", text)
	}
}

func TestNoSummaryKeepsThePassagesWithANote(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   *fakeSummariser
		note string
	}{
		{"timeout", &fakeSummariser{err: summary.ErrTimeout}, "Summary unavailable: the model did not answer in time."},
		{"limit", &fakeSummariser{err: errors.New("hourly summary limit reached")}, "Summary unavailable: hourly summary limit reached."},
		{"invented citations", &fakeSummariser{cite: []int{5, -1}}, "Summary unavailable: the summary cited none of the passages."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.Summariser = tc.fs })
			h.click(buttonsWith(h.command("dvpo"), render.ActionSummarise)[0], ephemeralIn(""))
			h.settle()
			resp := h.slack.Calls(slacktest.MethodResponseURL)
			if len(resp) != 1 {
				t.Fatalf("%d responses", len(resp))
			}
			rb := resp[0].Blocks()
			text := allText(rb)
			if strings.Contains(text, "*Summary:*") || !strings.Contains(text, tc.note) {
				t.Errorf("want the note %q and no summary:\n%s", tc.note, text)
			}
			if q := quoteTexts(rb); len(q) != 2 || !strings.Contains(q[0], dvpoSentence) {
				t.Errorf("the passages are not kept: %q", q)
			}
		})
	}
}

func TestMessageShortcutOffersResultsToShareInTheThread(t *testing.T) {
	h := newHarness(t)
	const msgTS = "1700000000.000200"
	payload := map[string]any{
		"type": "message_action", "callback_id": render.CallbackFind,
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1", "name": "alex"},
		"channel":      map[string]any{"id": "C1", "name": "general"},
		"trigger_id":   "trig.3",
		"response_url": h.commandURL("U1", "C1"),
		"message_ts":   msgTS,
		"message":      map[string]any{"type": "message", "user": "U2", "ts": msgTS, "text": "What did HMICFRS say about our use of <https://example.org|DVPOs>?"},
	}
	h.interact(payload)
	h.settle()
	eph := h.slack.Calls("chat.postEphemeral")
	if len(eph) != 1 {
		t.Fatalf("%d ephemeral posts, want 1: %v", len(eph), h.slack.Calls())
	}
	if eph[0].Arg("channel") != "C1" || eph[0].Arg("user") != "U1" || eph[0].Arg("thread_ts") != "" {
		t.Errorf("ephemeral to %q/%q thread %q", eph[0].Arg("channel"), eph[0].Arg("user"), eph[0].Arg("thread_ts"))
	}
	blocks := eph[0].Blocks()
	quotes := quoteTexts(blocks)
	if len(quotes) == 0 || !strings.Contains(quotes[0], dvpoSentence) {
		t.Fatalf("shortcut did not find the DVPO finding: %q", quotes)
	}
	if len(buttonsWith(blocks, render.ActionShare)) != 0 {
		t.Error("shortcut results offer Share in channel")
	}
	shares := buttonsWith(blocks, render.ActionShareThread)
	if len(shares) != len(quotes) || shares[0].Label != "Share in thread" {
		t.Fatalf("Share in thread buttons: %v", shares)
	}

	h.click(shares[0], map[string]any{"type": "message", "message_ts": "1700000100.000001", "channel_id": "C1", "is_ephemeral": true})
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Arg("channel") != "C1" || posts[0].Arg("thread_ts") != msgTS {
		t.Fatalf("want one post in the message's thread %s, got %+v", msgTS, posts)
	}
	if text := allText(posts[0].Blocks()); !strings.Contains(text, dvpoSentence) || !strings.Contains(text, "Shared by <@U1>") {
		t.Errorf("shared:\n%s", text)
	}
}

func TestMessageShortcutOnAReplyAnswersInItsThread(t *testing.T) {
	h := newHarness(t)
	h.slack.Fail("chat.postEphemeral", slacktest.Refused("channel_not_found"))
	payload := map[string]any{
		"type": "message_action", "callback_id": render.CallbackFind,
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"},
		"channel": map[string]any{"id": "C1"}, "response_url": h.commandURL("U1", "C1"),
		"message": map[string]any{"ts": "1700000000.000300", "thread_ts": "1700000000.000100", "text": "dvpo"},
	}
	h.interact(payload)
	h.settle()
	eph := h.slack.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Arg("thread_ts") != "1700000000.000100" {
		t.Fatalf("want the ephemeral answer in the reply's thread, got %+v", eph)
	}
	// Not in the channel: the response_url answers instead.
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 1 || len(quoteTexts(resp[0].Blocks())) == 0 {
		t.Fatalf("want the answer through the response_url, got %+v", resp)
	}
	var r render.Ref
	if err := json.Unmarshal([]byte(buttonsWith(resp[0].Blocks(), render.ActionShareThread)[0].Value), &r); err != nil || r.TS != "1700000000.000100" {
		t.Errorf("Share in thread targets %q, want the reply's thread", r.TS)
	}
}

func TestOldButtonsGetAnAnswer(t *testing.T) {
	h := newHarness(t) // no summariser
	h.click(btn{ActionID: render.ActionSummarise, Value: render.Ref{Q: "dvpo", IDs: []string{"herts-2021-01b2aa05"}}.Encode()}, ephemeralIn(""))
	h.click(btn{ActionID: "peel_retired_button", Value: "{}"}, ephemeralIn(""))
	h.settle()
	resp := h.slack.Calls(slacktest.MethodResponseURL)
	if len(resp) != 2 {
		t.Fatalf("%d replies, want 2", len(resp))
	}
	got := allText(resp[0].Blocks()) + allText(resp[1].Blocks())
	if !strings.Contains(got, "Summaries are not turned on") || !strings.Contains(got, "That button no longer works") {
		t.Errorf("replies:\n%s", got)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d posts", n)
	}
}

// A passage's words reach the notification (the message's text, which
// Slack reads as mrkdwn) escaped, as they do in the blocks: a report's
// "&" or "<" must not break the message or make markup.
func TestNotificationTextsEscapeTheReportsWords(t *testing.T) {
	lib, ix, _ := longPassageLibrary(t)
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix })
	blocks := h.command("partners reviewed case files")
	shares := buttonsWith(blocks, render.ActionShare)
	if len(shares) == 0 {
		t.Fatal("no Share button")
	}
	h.click(shares[0], ephemeralIn(""))
	h.settle()
	posts := h.slack.Acted("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d shares posted: %v", len(posts), h.slack.Calls())
	}
	if text := posts[0].Arg("text"); !strings.Contains(text, "&amp; its &lt;partners&gt;") {
		t.Errorf("the shared passage's notification is not escaped: %q", text)
	}
}

func TestAGradeSentenceFoundCanBeShared(t *testing.T) {
	h := newHarness(t)
	shares := buttonsWith(h.command("how was investigating crime graded"), render.ActionShare)
	if len(shares) == 0 {
		t.Fatal("no Share in channel button")
	}
	h.click(shares[0], ephemeralIn(""))
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts, want the grade sentence shared: %v", len(posts), h.slack.Calls())
	}
	text := allText(posts[0].Blocks())
	for _, want := range []string{"Hertfordshire Constabulary is adequate at investigating crime.", "Hertfordshire Constabulary PEEL 2021/22 · Investigating crime · p. 25", "Shared by <@U1>"} {
		if !strings.Contains(text, want) {
			t.Errorf("shared grade lacks %q:\n%s", want, text)
		}
	}
}
