package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/index"
)

// command is one /peel invocation, whichever transport brought it.
type command struct {
	slack.SlashCommand
	// args is the text after the subcommand's name, as the user sees it.
	args string
}

// rawArgs is the text after the subcommand's name as Slack sent it, its
// markup kept, for the commands that read what a mention or a link points
// at (<@U…|name>, <https://…|label>) rather than what it shows.
func (c command) rawArgs() string {
	_, rest := cutWord(c.SlashCommand.Text)
	return rest
}

// subcommand answers "/peel <name> [args]" with a private message.
type subcommand struct {
	usage   string // "grades", "afi <id>": for /peel help
	summary string // one line for /peel help
	run     func(ctx context.Context, c command) render.Message
}

// newSubcommands is the table of /peel subcommands, by name; any other text
// is a question. A new subcommand is one entry here.
func (b *Bot) newSubcommands() map[string]subcommand {
	return map[string]subcommand{
		"help":      {usage: "help", summary: "this help", run: b.cmdHelp},
		"grades":    {usage: "grades [<force|report|round>]", summary: "the graded judgments, as a table: one report's grid, or force by area", run: b.cmdGrades},
		"summarise": {usage: "summarise <question>", summary: "the passages, then a short cited summary of them (when a model is configured)", run: b.cmdSummarise},
		"afi":       {usage: "afi [<id>|filters]", summary: "the outstanding AFIs, causes of concern and recommendations, most urgent first, or one with its history (`afi help`: filters, assign, propose, sign off)", run: b.cmdAFI},
		"export":    {usage: "export [xlsx|csv|md] [filters]", summary: "the board pack of the items, uploaded here", run: b.cmdExport},
		"reports":   {usage: "reports [respond <id> <link>]", summary: "the loaded reports and each PCC response (section 55)", run: b.cmdReports},
		"scope":     {usage: "scope [<force|report|round|area|all>]", summary: "keep this channel's questions to some reports or chapters, for everyone here; `all` undoes it", run: b.cmdScope},
	}
}

// handleCommand answers a slash command at once, privately.
func (b *Bot) handleCommand(ctx context.Context, sc slack.SlashCommand) render.Message {
	text := plainText(sc.Text)
	name, args, _ := strings.Cut(text, " ")
	name = strings.ToLower(name)
	switch name {
	case "", "?", "-h", "--help":
		name = "help"
	case "summarize", "summary":
		name = "summarise"
	}
	c := command{SlashCommand: sc, args: strings.TrimSpace(args)}
	if sub, ok := b.subcommands[name]; ok {
		return sub.run(ctx, c)
	}
	c.args = text
	return b.cmdSearch(ctx, c)
}

// commandReply is the immediate reply to a slash command: the HTTP
// response body, or the Socket Mode acknowledgement's payload.
type commandReply struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks"`
}

// commandResponse makes a message the private reply to a slash command.
func commandResponse(m render.Message) commandReply {
	return commandReply{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, Blocks: m.Blocks}
}

// cmdSearch answers a question with the top passages.
func (b *Bot) cmdSearch(ctx context.Context, c command) render.Message {
	a, err := b.search(ctx, render.ModeCommand, c.args, 0, b.scopeOf(ctx, c.ChannelID))
	if err != nil {
		return b.searchFailed(err)
	}
	return a.Message(b.answers.Summariser != nil)
}

// cmdSummarise answers at once with the passages, then replaces that answer
// with a summary of them and the passages it cites, or adds a note saying
// why there is none. The passages never wait for the model.
func (b *Bot) cmdSummarise(ctx context.Context, c command) render.Message {
	if c.args == "" {
		return b.cmdHelp(ctx, c)
	}
	a, err := b.search(ctx, render.ModeCommand, c.args, 0, b.scopeOf(ctx, c.ChannelID))
	if err != nil {
		return b.searchFailed(err)
	}
	switch {
	case b.answers.Summariser == nil:
		a.Extra = "Summaries are not turned on for this peelbot; here are the passages, in the reports' own words."
		return a.Message(false)
	case len(a.Passages) == 0 || c.ResponseURL == "":
		return a.Message(true)
	case a.ClosestOnly():
		a.Extra = "No summary: the loaded reports don't cover that, and a summary of the closest text would read as an answer."
		return a.Message(false)
	}
	passages := a.Message(true)
	a.Extra = "Summarising these passages…"
	now := a.Message(false)
	b.spawn("summarise", func(ctx context.Context) {
		m := b.summarised(ctx, a, c.UserID)
		if err := b.api.Respond(ctx, c.ResponseURL, m, true); err != nil {
			b.log.Error("summary reply failed", "error", err.Error())
			// The "Summarising…" note must not stay: put the plain passages back.
			if err := b.api.Respond(context.WithoutCancel(ctx), c.ResponseURL, passages, true); err != nil {
				b.log.Error("restoring passages failed", "error", err.Error())
			}
		}
	})
	return now
}

// search runs a question, kept to scope unless it names its own, and
// makes the answer to show, from offset.
func (b *Bot) search(ctx context.Context, mode render.Mode, question string, offset int, scope []index.Filter) (render.Reply, error) {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	start := time.Now()
	a, err := b.answers.Ask(ctx, answer.Request{Question: question, Limit: answerSize, Offset: offset, Scope: scope})
	b.metrics.search(time.Since(start), searchOutcome(a, err))
	if err != nil {
		return render.Reply{}, err
	}
	r := render.Reply{Answer: a, Mode: mode, Feedback: b.store != nil}
	if len(a.Scope) > 0 {
		r.ScopeLabel = b.answers.DescribeScope(a.Scope)
	}
	return r, nil
}

// searchOutcome names how a search went, for metrics.
func searchOutcome(a *answer.Answer, err error) string {
	switch {
	case err != nil:
		return "error"
	case a.Problem != "":
		return "problem"
	case len(a.Passages) == 0:
		return "no hits"
	}
	return "hits"
}

// searchFailed is the apology for a search that failed: short, and with
// nothing of the error but whether waiting might help.
func (b *Bot) searchFailed(err error) render.Message {
	b.log.Error("search failed", "error", err.Error())
	text := "Sorry, the search failed. Please try again in a moment."
	if errors.Is(err, context.DeadlineExceeded) {
		text = "Sorry, that search took too long. Try fewer words, or narrow it with a filter (`/peel help`)."
	}
	return render.Notice("error", text)
}

// cmdHelp explains /peel: syntax, subcommands, filters and examples.
func (b *Bot) cmdHelp(_ context.Context, c command) render.Message {
	var subs []render.HelpLine
	for _, s := range b.subcommands {
		subs = append(subs, render.HelpLine{Usage: s.usage, Summary: s.summary})
	}
	return render.Help(c.Command, subs)
}

// cmdGrades shows the graded judgments of the reports asked for
// (`grades herts`, `grades 2023`), else of the reports the channel's scope
// keeps to, else of every report.
func (b *Bot) cmdGrades(ctx context.Context, c command) render.Message {
	filters := b.scopeOf(ctx, c.ChannelID)
	if arg := strings.TrimSpace(readableText(c.args)); arg != "" {
		var problem string
		if filters, problem = b.answers.ResolveScope(ctx, arg); problem != "" {
			return render.Note(render.Escape(problem) + " `/peel grades` alone shows every report's.")
		}
	}
	return render.Grades(b.reportsIn(filters))
}
