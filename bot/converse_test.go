package bot

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/internal/openaitest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// withModel gives the bot a real summariser on the fake model server m.
func withModel(t *testing.T, m *openaitest.Server) func(*Config) {
	t.Helper()
	s, err := summary.New(summary.Config{BaseURL: m.URL(), Model: "test-model", Timeout: 5 * time.Second, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return func(c *Config) { c.Summariser = summary.Public{S: s} }
}

// dm is a direct message from U1 to peelbot; in an assistant thread when
// thread is set.
func dm(text, ts, thread string) map[string]any {
	m := map[string]any{"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": text, "ts": ts, "event_ts": ts}
	if thread != "" {
		m["thread_ts"] = thread
		m["assistant_thread"] = map[string]any{"action_token": "not-a-real-token"}
	}
	return m
}

// assistantStarted is the event of U1 opening an assistant thread while
// viewing channel.
func assistantStarted(thread, channel string) map[string]any {
	return map[string]any{"type": "assistant_thread_started", "event_ts": thread, "assistant_thread": map[string]any{
		"user_id": "U1", "channel_id": "D1", "thread_ts": thread, "context": map[string]any{"channel_id": channel, "team_id": "T1"},
	}}
}

func TestAnAssistantThreadIsGreetedWithPromptsFromWhatIsLoaded(t *testing.T) {
	h := afiHarness(t)
	const thread = "1700000500.000100"
	h.event("EvAs1", assistantStarted(thread, "C1"))
	h.settle()
	replies := h.slack.Replies("D1", thread)
	if len(replies) != 1 || !strings.Contains(replies[0].AllText(), "Ask me what the PEEL inspection reports say") {
		t.Fatalf("greeting: %+v", replies)
	}
	as := h.slack.AssistantThread("D1", thread)
	var prompts []string
	for _, p := range as.Prompts {
		prompts = append(prompts, p.Message)
	}
	want := []string{"dvpo", "What must Hertfordshire improve in responding to the public?", "How was Hertfordshire graded?", "Open recommendations due this month"}
	if strings.Join(prompts, "|") != strings.Join(want, "|") {
		t.Errorf("prompts %q, want %q", prompts, want)
	}
	// Each prompt, sent, gets an answer.
	for i, p := range prompts {
		h.event("EvAsQ"+string(rune('a'+i)), dm(p, "1700000500.00020"+string(rune('0'+i)), thread))
		h.settle() // one at a time, as someone clicks them
	}
	got := h.slack.Replies("D1", thread)
	if len(got) != 1+len(prompts) {
		t.Fatalf("%d replies to %d prompts", len(got)-1, len(prompts))
	}
	all := ""
	for _, m := range got {
		all += m.AllText() + "\n"
	}
	if !strings.Contains(all, dvpoSentence) || !strings.Contains(all, "*Due by the end of ") || !strings.Contains(all, "type:recommendation due:") {
		t.Errorf("the prompts' answers:\n%s", all)
	}
	if as := h.slack.AssistantThread("D1", thread); as.Title != "dvpo" {
		t.Errorf("thread titled %q, want its first question", as.Title)
	}
}

// A question in a direct message: the cited passages at once, in the
// thread, numbered; then the summary streamed under them (chat.startStream,
// appendStream, stopStream), checked sentence by sentence, closed with
// who wrote it and the feedback buttons.
func TestADirectMessageGetsPassagesThenAStreamedSummary(t *testing.T) {
	m := openaitest.Start(t, openaitest.Text{Content: "The constabulary rarely used DVPOs [1]. It considered protective orders in only 2 of 20 cases [2][7].", ChunkBytes: 5})
	h := newHarness(t, withModel(t, m), withStore(t, storetest.SQLite(t), time.Now))
	const ts = "1700000600.000100"
	h.event("EvDm1", dm("dvpo", ts, ""))
	h.settle()
	replies := h.slack.Replies("D1", ts)
	if len(replies) != 2 {
		t.Fatalf("%d replies in the thread, want the passages then the summary: %+v", len(replies), replies)
	}
	passages, sum := replies[0], replies[1]
	if passages.Via != "chat.postMessage" || !strings.Contains(passages.AllText(), dvpoSentence) || !strings.Contains(passages.AllText(), "[1] <"+dvpoLink+"|"+dvpoCitation+">") {
		t.Errorf("passages:\n%s", passages.AllText())
	}
	for _, b := range passages.Blocks {
		if b["type"] == "context_actions" {
			t.Error("the passages carry the feedback buttons; the summary under them should")
		}
	}
	if sum.Via != "chat.startStream" || sum.Streaming {
		t.Fatalf("summary: via %s, still streaming %v", sum.Via, sum.Streaming)
	}
	if want := "**Summary:** The constabulary rarely used DVPOs [1]. It considered protective orders in only 2 of 20 cases [2]."; sum.Text != want {
		t.Errorf("streamed %q, want %q", sum.Text, want)
	}
	appends := h.slack.Calls("chat.appendStream")
	if len(appends) != 1 || !strings.Contains(appends[0].Arg("markdown_text"), "2 of 20 cases [2].") {
		t.Errorf("appended %v; want the second sentence whole, its invalid marker gone", appends)
	}
	for _, c := range append(h.slack.Calls("chat.startStream"), appends...) {
		if strings.Contains(c.Arg("markdown_text"), "[7]") {
			t.Errorf("an invalid marker was streamed: %q", c.Arg("markdown_text"))
		}
	}
	text := sum.AllText()
	if !strings.Contains(text, "Written by test-model from the passages quoted above ([1], [2])") {
		t.Errorf("the summary does not say who wrote it from what:\n%s", text)
	}
	feedbackOf(t, sum.Blocks)
	if starts := h.slack.Calls("chat.startStream"); len(starts) != 1 || starts[0].Arg("thread_ts") != ts || starts[0].Arg("recipient_user_id") != "" {
		t.Errorf("stream started %v", starts)
	}
	if as := h.slack.AssistantThread("D1", ts); len(as.Statuses) < 2 || as.Status != "" || as.Statuses[0] != "is searching the reports…" {
		t.Errorf("statuses %q, last %q: want searching, summarising, then cleared", as.Statuses, as.Status)
	}
}

// A hostile model's reply streams as text: no ping, no link, no
// formatting reaches Slack (the fake refuses a markdown link or a
// <!channel> peelbot did not mean, and fails the test).
func TestAHostileSummaryStreamsAsText(t *testing.T) {
	m := openaitest.Start(t, openaitest.Hostile())
	h := newHarness(t, withModel(t, m))
	h.event("EvDm2", dm("dvpo", "1700000600.000200", ""))
	h.settle()
	replies := h.slack.Replies("D1", "1700000600.000200")
	if len(replies) != 2 || replies[1].Via != "chat.startStream" {
		t.Fatalf("replies %+v", replies)
	}
	text := replies[1].Text
	for _, bad := range []string{"<!channel>", "<@U123>", "[the report](https://evil.example)", " *urgent*", "[99]"} {
		if strings.Contains(text, bad) {
			t.Errorf("streamed %q as is: %q", bad, text)
		}
	}
}

// Where Slack will not stream, the summary is posted whole once written.
func TestASummarySlackWillNotStreamIsPostedWhole(t *testing.T) {
	m := openaitest.Start(t, openaitest.Text{Content: "The constabulary rarely used DVPOs [1]."})
	h := newHarness(t, withModel(t, m))
	h.slack.FailAlways("chat.startStream", slacktest.Refused("not_allowed"))
	h.event("EvDm3", dm("dvpo", "1700000600.000300", ""))
	h.settle()
	replies := h.slack.Replies("D1", "1700000600.000300")
	if len(replies) != 2 || replies[1].Via != "chat.postMessage" || replies[1].Blocks[0]["type"] != "markdown" ||
		!strings.Contains(replies[1].AllText(), "The constabulary rarely used DVPOs [1].") {
		t.Fatalf("replies %+v", replies)
	}
}

// A follow-up in a thread keeps to what the thread's first question kept
// to, unless it names another force.
func TestAFollowUpKeepsTheThreadsScope(t *testing.T) {
	lib, ix := twoReports(t)
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix }, withStore(t, storetest.SQLite(t), time.Now))
	const thread = "1700000700.000100"
	h.event("EvAs2", assistantStarted(thread, "C9"))
	h.event("EvF1", dm("northmoor responding to the public", "1700000700.000200", thread))
	h.settle()
	h.event("EvF2", dm("what about victims", "1700000700.000300", thread))
	h.settle()
	h.event("EvF3", dm("herts victims", "1700000700.000400", thread))
	h.settle()
	replies := h.slack.Replies("D1", thread)
	if len(replies) != 4 { // the greeting, then three answers
		t.Fatalf("%d replies", len(replies))
	}
	follow, other := replies[2].AllText(), replies[3].AllText()
	if !strings.Contains(follow, "In Northmoor Police PEEL 2023–25 · change with `/peel scope`") || strings.Contains(follow, "Hertfordshire Constabulary PEEL 2021/22 ·") {
		t.Errorf("the follow-up did not keep to Northmoor:\n%s", follow)
	}
	if strings.Contains(other, "change with `/peel scope`") || !strings.Contains(other, "Hertfordshire Constabulary PEEL 2021/22") {
		t.Errorf("naming another force did not change the scope:\n%s", other)
	}
}

// An assistant thread opened beside a scoped channel keeps to its scope.
func TestAnAssistantThreadBorrowsTheChannelsScope(t *testing.T) {
	lib, ix := twoReports(t)
	h := newHarness(t, func(c *Config) { c.Library, c.Index = lib, ix }, withStore(t, storetest.SQLite(t), time.Now))
	h.commandBy("U1", "C1", "scope northmoor")
	const thread = "1700000800.000100"
	h.event("EvAs3", assistantStarted(thread, "C1"))
	h.settle()
	var prompts []string
	for _, p := range h.slack.AssistantThread("D1", thread).Prompts {
		prompts = append(prompts, p.Message)
	}
	if !strings.Contains(strings.Join(prompts, "|"), "What must Northmoor improve in responding to the public?") {
		t.Errorf("prompts %q do not keep to the channel's force", prompts)
	}
	h.event("EvF4", dm("responding to the public", "1700000800.000200", thread))
	h.settle()
	if r := h.slack.Replies("D1", thread); len(r) != 2 || !strings.Contains(r[1].AllText(), "In Northmoor Police PEEL 2023–25") {
		t.Errorf("the thread's answer: %+v", r)
	}
}

// @peelbot help, grades and afi act as /peel does: privately, in the
// thread.
func TestMentionsUnderstandSubcommands(t *testing.T) {
	lib, ix := twoReports(t)
	h := afiHarness(t, func(c *Config) { c.Library, c.Index = lib, ix })
	h.event("EvS1", mention("<@UBOT> help", "1700000900.000100", ""))
	h.event("EvS2", mention("<@UBOT> grades", "1700000900.000200", ""))
	h.event("EvS3", mention("<@UBOT> afi herts-2021-afi-7", "1700000900.000300", "1700000900.000001"))
	h.settle()
	if posts := h.slack.Calls("chat.postMessage"); len(posts) != 0 {
		t.Errorf("subcommands answered in public: %v", posts)
	}
	eph := h.slack.Ephemerals("U1")
	if len(eph) != 3 {
		t.Fatalf("%d private answers", len(eph))
	}
	byThread := map[string]slacktest.Message{}
	for _, e := range eph {
		byThread[e.ThreadTS] = e
	}
	if help := byThread["1700000900.000100"].AllText(); !strings.Contains(help, "kind:afi") || !strings.Contains(help, "/peel grades") {
		t.Errorf("@peelbot help:\n%s", help)
	}
	grades := byThread["1700000900.000200"]
	if rows := tableOf(grades.Blocks); len(rows) != 3 {
		t.Errorf("@peelbot grades with two reports: %q", rows)
	}
	if afi := byThread["1700000900.000001"].AllText(); !strings.Contains(afi, "`herts-2021-afi-7`") || !strings.Contains(afi, "*History*") {
		t.Errorf("@peelbot afi herts-2021-afi-7 in a thread:\n%s", afi)
	}
}

// "No match" is the asker's business: to a mention in a channel it goes
// to them alone; a direct message is private anyway.
func TestNoMatchToAMentionIsPrivate(t *testing.T) {
	h := newHarness(t)
	h.event("EvN1", mention("<@UBOT> xyzzy", "1700001000.000100", ""))
	h.event("EvN2", mention("<@UBOT> kind:nonsense dvpo", "1700001000.000200", ""))
	h.settle()
	if posts := h.slack.Calls("chat.postMessage"); len(posts) != 0 {
		t.Errorf("a no-match answer was posted in the channel: %v", posts)
	}
	byThread := map[string]string{}
	for _, e := range h.slack.Ephemerals("U1") {
		byThread[e.ThreadTS] = e.AllText()
	}
	if len(byThread) != 2 || !strings.Contains(byThread["1700001000.000100"], "The loaded reports don't cover xyzzy.") ||
		!strings.Contains(byThread["1700001000.000200"], "I don't know the kind") {
		t.Errorf("private answers %v", byThread)
	}
	// A question that finds passages is for everyone in the thread.
	h.event("EvN3", mention("<@UBOT> dvpo", "1700001000.000300", ""))
	h.settle()
	if posts := h.slack.Acted("chat.postMessage"); len(posts) != 1 || posts[0].Arg("thread_ts") != "1700001000.000300" {
		t.Errorf("an answer to a mention: %v", posts)
	}
}

// A summary of a mention's answer streams into the channel's thread for
// the asker: Slack needs the recipient named outside a direct message.
func TestAMentionsSummaryStreamsToTheAsker(t *testing.T) {
	m := openaitest.Start(t, openaitest.Text{Content: "The constabulary rarely used DVPOs [1]."})
	h := newHarness(t, withModel(t, m))
	h.event("EvM1", mention("<@UBOT> dvpo", "1700001100.000100", ""))
	h.settle()
	starts := h.slack.Calls("chat.startStream")
	if len(starts) != 1 || starts[0].Arg("channel") != "C1" || starts[0].Arg("thread_ts") != "1700001100.000100" ||
		starts[0].Arg("recipient_user_id") != "U1" || starts[0].Arg("recipient_team_id") != "T1" {
		t.Fatalf("stream started %+v", starts)
	}
	if r := h.slack.Replies("C1", "1700001100.000100"); len(r) != 2 || r[1].Streaming || !strings.Contains(r[1].Text, "rarely used DVPOs [1]") {
		t.Errorf("thread %+v", r)
	}
	// The model being down leaves the passages, and says why in a line.
	m.Script(openaitest.ServerError())
	h.event("EvM2", mention("<@UBOT> repeat callers", "1700001100.000200", ""))
	h.settle()
	r := h.slack.Replies("C1", "1700001100.000200")
	if len(r) != 2 || !strings.Contains(r[1].AllText(), "Summary unavailable") || len(quoteTexts(r[0].Blocks)) == 0 {
		t.Errorf("with the model down: %+v", r)
	}
}

func TestDirectMessagesUnderstandSubcommandsToo(t *testing.T) {
	h := afiHarness(t)
	h.event("EvD1", dm("help", "1700001200.000100", ""))
	h.event("EvD2", dm("scope herts", "1700001200.000200", ""))
	h.settle()
	r1, r2 := h.slack.Replies("D1", "1700001200.000100"), h.slack.Replies("D1", "1700001200.000200")
	if len(r1) != 1 || !strings.Contains(r1[0].AllText(), "kind:afi") {
		t.Errorf("help in a direct message: %+v", r1)
	}
	if len(r2) != 1 || !strings.Contains(r2[0].AllText(), "now keep to Hertfordshire Constabulary PEEL 2021/22") {
		t.Errorf("scope in a direct message: %+v", r2)
	}
	if n := len(h.slack.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d ephemeral posts in a direct message", n)
	}
}

// A model that stalls mid-answer: what was checked and streamed stays,
// the stream is closed with a line saying it was cut short, and the
// feedback buttons are still there.
func TestASummaryCutShortSaysSo(t *testing.T) {
	m := openaitest.Start(t, openaitest.Hang{AfterContent: "The constabulary rarely used DVPOs [1]. It consid"})
	s, err := summary.New(summary.Config{BaseURL: m.URL(), Model: "test-model", Timeout: 300 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) { c.Summariser = summary.Public{S: s} }, withStore(t, storetest.SQLite(t), time.Now))
	h.event("EvCut1", dm("dvpo", "1700001300.000100", ""))
	h.settle()
	r := h.slack.Replies("D1", "1700001300.000100")
	if len(r) != 2 || r[1].Streaming || !strings.Contains(r[1].Text, "rarely used DVPOs [1].") || strings.Contains(r[1].Text, "consid") ||
		!strings.Contains(r[1].Text, "The summary was cut short. Summary unavailable: the model did not answer in time.") {
		t.Fatalf("thread %+v", r)
	}
	feedbackOf(t, r[1].Blocks)
}

// A report's structure answering with no passage ("raises no causes of
// concern") is said once, with no summary to follow.
func TestAStatementInADirectMessageHasNoSummaryToFollow(t *testing.T) {
	m := openaitest.Start(t, openaitest.Text{Content: "Nothing [1]."})
	h := newHarness(t, withModel(t, m), withStore(t, storetest.SQLite(t), time.Now))
	const ts = "1700000700.000100"
	h.event("EvDm7", dm("what are the causes of concern", ts, ""))
	h.settle()
	replies := h.slack.Replies("D1", ts)
	if len(replies) != 1 || !strings.Contains(replies[0].AllText(), "raises no causes of concern") {
		t.Fatalf("want the statement alone, got %d replies: %+v", len(replies), replies)
	}
}
