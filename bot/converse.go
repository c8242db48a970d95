package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/tracker"
)

// A conversation is a question, or a subcommand, written to peelbot
// rather than typed after /peel: an @peelbot mention in a channel or
// thread, a direct message, or a message in an assistant thread. Each is
// answered where it was asked, in the thread of the message that asked:
//
//   - a subcommand (`help`, `grades`, `afi …`, `scope …`) as /peel answers
//     it, and as privately: in a channel, to the asker alone;
//   - a question with its passages at once, in the thread for everyone
//     there, then, with a model configured, a summary streamed under them;
//   - a question the reports loaded do not answer privately to the asker
//     in a channel: "no match" is nobody else's business;
//   - a follow-up in the same thread keeps the thread's scope (the force,
//     report or chapter the last question kept to) unless it names another.

// convKind is where a conversation happens, which decides what is
// private and what Slack offers there.
type convKind int

const (
	convMention   convKind = iota // @peelbot in a channel or its thread: others read the thread
	convDirect                    // a direct message to peelbot: only the asker reads it
	convAssistant                 // an assistant thread: a direct message with a status and a title
)

// conversation is one message to peelbot.
type conversation struct {
	kind    convKind
	channel string
	thread  string // the thread answers go in: the message's own, or the one it starts
	ts      string // the message
	user    string
	team    string
	text    string // as Slack sent it, markup and all
	// keys are the dedupe keys to give up when nothing was posted for
	// certain, so that Slack's retry of the event is answered.
	keys []string
}

// private reports whether a reply meant for the asker alone needs to be
// posted as such: in a channel it does; in a direct message everything is.
func (cv conversation) private() bool { return cv.kind == convMention }

// leadingMention is a mention of someone (peelbot) at the start of a
// message: "<@U0PEELBOT> help".
var leadingMention = regexp.MustCompile(`^\s*(<@[A-Z0-9]+(\|[^>]*)?>\s*)+`)

// converse answers one conversation.
func (b *Bot) converse(ctx context.Context, cv conversation) {
	raw := strings.TrimSpace(leadingMention.ReplaceAllString(cv.text, ""))
	question := plainText(raw)
	if question == "" {
		b.reply(ctx, cv, render.Notice("hello", "Ask me about the PEEL inspection reports, like `@peelbot dvpo`. `@peelbot help` (or `/peel help`) shows the filters and examples."), false)
		return
	}
	name, args, _ := strings.Cut(question, " ")
	name = strings.ToLower(name)
	switch name {
	case "?", "-h", "--help":
		name = "help"
	case "summarize", "summary":
		name = "summarise"
	}
	if sub, ok := b.subcommands[name]; ok && name != "summarise" {
		_, rawArgs, _ := strings.Cut(raw, " ")
		c := command{SlashCommand: slack.SlashCommand{Command: "/peel", Text: raw, ChannelID: cv.channel, UserID: cv.user, TeamID: cv.team}, args: strings.TrimSpace(rawArgs)}
		b.reply(ctx, cv, sub.run(ctx, c), true)
		return
	}
	if name == "summarise" {
		question = strings.TrimSpace(args)
		if question == "" {
			b.reply(ctx, cv, b.cmdHelp(ctx, command{}), true)
			return
		}
	}
	if m, ok := b.openDueThisMonth(ctx, cv.user, question); ok {
		b.reply(ctx, cv, m, true)
		return
	}
	b.answerIn(ctx, cv, question)
}

// reply posts m in the conversation's thread: to the asker alone when it
// is private and others read the thread. A failure that certainly posted
// nothing gives the event up, so that Slack's retry answers it.
func (b *Bot) reply(ctx context.Context, cv conversation, m render.Message, private bool) bool {
	var err error
	if private && cv.private() {
		err = b.api.PostEphemeral(ctx, cv.channel, cv.user, cv.thread, m)
	} else {
		_, err = b.api.Post(ctx, cv.channel, cv.thread, m)
	}
	if err != nil {
		b.log.Error("conversation reply failed", "channel", cv.channel, "error", err.Error())
		if slackclient.NothingDone(err) {
			b.forget(ctx, cv.keys...)
		}
		return false
	}
	return true
}

// answerIn answers a question in the conversation's thread.
func (b *Bot) answerIn(ctx context.Context, cv conversation, question string) {
	place := threadPlace(cv.channel, cv.thread)
	scope := b.scopeOf(ctx, place)
	if scope == nil {
		scope = b.scopeOf(ctx, cv.channel)
	}
	b.status(ctx, cv, "is searching the reports…")
	defer b.status(context.WithoutCancel(ctx), cv, "")
	b.title(ctx, cv, place, question)
	a, err := b.search(ctx, render.ModeThread, question, 0, scope)
	if err != nil {
		b.reply(ctx, cv, b.searchFailed(err), true)
		return
	}
	if a.NotCovered() {
		b.reply(ctx, cv, a.Message(false), true)
		b.log.Info("conversation answered: not covered", "channel", cv.channel, "user", cv.user)
		return
	}
	// A report's structure may answer with no passage ("raises no causes
	// of concern"): nothing to summarise.
	summarise := b.answers.Summariser != nil && len(a.Passages) > 0
	a.Numbered = summarise
	feedback := a.Feedback
	a.Feedback = feedback && !summarise // the summary, last, carries them
	if !b.reply(ctx, cv, a.Message(false), false) {
		return
	}
	b.keepScope(ctx, place, b.answers.ThreadScope(a.Answer), "")
	b.log.Info("conversation answered", "channel", cv.channel, "user", cv.user, "passages", len(a.Passages))
	if summarise {
		a.Feedback = feedback
		b.streamSummary(ctx, cv, a)
	}
}

// status shows status under an assistant thread (or a direct message
// thread, where Slack may refuse it, which changes nothing).
func (b *Bot) status(ctx context.Context, cv conversation, status string) {
	if cv.kind == convMention {
		return
	}
	if err := b.api.SetStatus(ctx, cv.channel, cv.thread, status); err != nil {
		b.log.Debug("assistant status not set", "error", err.Error())
	}
}

// titleLimit is how much of a question titles a thread.
const titleLimit = 80

// title titles an assistant thread with its first question.
func (b *Bot) title(ctx context.Context, cv conversation, place, question string) {
	if cv.kind == convMention || !b.firstTime(ctx, "title:"+place) {
		return
	}
	if err := b.api.SetTitle(ctx, cv.channel, cv.thread, render.Clip(question, titleLimit)); err != nil {
		b.log.Debug("assistant thread title not set", "error", err.Error())
	}
}

// streamSummary streams a summary of the answer's passages under them:
// nothing until a sentence citing a passage is whole, then sentence by
// sentence, closed with who wrote it and the answer's feedback buttons.
// Where Slack will not stream, the summary is posted whole once written;
// where there is none, a line says why.
func (b *Bot) streamSummary(ctx context.Context, cv conversation, a render.Reply) {
	b.status(ctx, cv, "is summarising the passages…")
	recipient, team := "", ""
	if !strings.HasPrefix(cv.channel, "D") {
		recipient, team = cv.user, cv.team // Slack must know whom a stream in a channel answers
	}
	s := &summaryStream{b: b, ctx: ctx, cv: cv, recipient: recipient, team: team}
	sum, err := b.answers.SummariseStream(ctx, a.Question, cv.user, a.Passages, s.emit)
	var feedback []slack.Block
	if a.Feedback {
		feedback = []slack.Block{render.Feedback(a.Question, a.IDs())}
	}
	if err != nil {
		b.log.Warn("no summary", "user", cv.user, "error", err.Error())
		note := summaryNote(err)
		if s.ts != "" {
			s.stop(ctx, "\n\n_"+render.MarkdownText("The summary was cut short. "+note)+"_", feedback)
			return
		}
		b.postAfter(ctx, cv, render.SummaryFailed(note, feedback))
		return
	}
	end := render.SummaryEnd(sum.Model, sum.Citations, feedback)
	if s.ts != "" {
		s.stop(ctx, "", end)
		return
	}
	m := render.Message{Text: render.FallbackText("Summary: " + sum.Text), Blocks: append([]slack.Block{
		slack.NewMarkdownBlock("", render.StreamHead+render.MarkdownText(sum.Text)),
	}, end...)}
	b.postAfter(ctx, cv, m)
}

// postAfter posts m in the conversation's thread after its answer: a
// failure is logged, and the event stays answered.
func (b *Bot) postAfter(ctx context.Context, cv conversation, m render.Message) {
	if _, err := b.api.Post(ctx, cv.channel, cv.thread, m); err != nil {
		b.log.Error("conversation follow-up failed", "channel", cv.channel, "error", err.Error())
	}
}

// summaryStream is a summary on its way into Slack: the streamed message
// once started, and what Slack did not take.
type summaryStream struct {
	b               *Bot
	ctx             context.Context // the conversation's work, and its deadline
	cv              conversation
	recipient, team string
	ts              string          // the streamed message, "" until started
	failed          bool            // Slack refused to start or continue the stream
	rest            strings.Builder // what could not be appended, for the stop
}

// emit hands one checked sentence to Slack. It never fails: when Slack
// will not stream, the summary is posted or finished whole instead.
func (s *summaryStream) emit(sentence string) error {
	md := render.MarkdownText(sentence)
	if strings.HasSuffix(sentence, " ") {
		md += " "
	}
	ctx := s.ctx
	switch {
	case s.failed:
		s.rest.WriteString(md)
	case s.ts == "":
		ts, err := s.b.api.StartStream(ctx, s.cv.channel, s.cv.thread, s.recipient, s.team, render.StreamHead+md)
		if err != nil {
			s.b.log.Warn("summary stream not started; posting it whole", "error", err.Error())
			s.failed = true
			return nil
		}
		s.ts = ts
	default:
		if err := s.b.api.AppendStream(ctx, s.cv.channel, s.ts, md); err != nil {
			s.b.log.Warn("summary stream broke; finishing it whole", "error", err.Error())
			s.failed = true
			s.rest.WriteString(md)
		}
	}
	return nil
}

// stop ends the stream with what is left of it, more markdown, and
// blocks.
func (s *summaryStream) stop(ctx context.Context, more string, blocks []slack.Block) {
	md := s.rest.String() + more
	if utf8.RuneCountInString(md) > render.MaxStreamChars {
		md = render.Clip(md, render.MaxStreamChars)
	}
	if err := s.b.api.StopStream(ctx, s.cv.channel, s.ts, md, blocks); err != nil {
		s.b.log.Error("summary stream not stopped", "error", err.Error())
	}
}

// dueThisMonth is how people ask what falls due soon: "open
// recommendations due this month", "AFIs due this month".
var dueThisMonth = regexp.MustCompile(`(?i)^(what'?s |which |show |list )?(open |outstanding )?(recommendations?|areas? for improvement|afis?|causes? of concern|items?|actions?)? ?(are )?due this month\??$`)

// openDueThisMonth answers a question about what falls due this month
// with /peel afi's list of the outstanding items due by the month's end
// (overdue ones included), of the type asked about; ok is false for any
// other question.
func (b *Bot) openDueThisMonth(ctx context.Context, user, question string) (render.Message, bool) {
	m := dueThisMonth.FindStringSubmatch(strings.TrimSpace(question))
	if m == nil {
		return render.Message{}, false
	}
	if b.afi.svc == nil {
		return render.Note(noStoreText), true
	}
	now := b.now().In(b.afi.loc)
	end := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, b.afi.loc)
	days := int(end.Sub(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, b.afi.loc)).Hours()/24 + 0.5)
	filter := fmt.Sprintf("due:%dd", days)
	if t, ok := tracker.ParseType(strings.ToLower(strings.TrimSpace(m[3]))); ok {
		filter = "type:" + string(t) + " " + filter
	}
	return b.itemList(ctx, user, filter, 1, "*Due by the end of "+now.Format("January 2006")+"*"), true
}
