package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/index"
)

// command is one /peel invocation, whichever transport brought it.
type command struct {
	slack.SlashCommand
	// args is the text after the subcommand's name, as the user sees it.
	args string
}

// subcommand answers "/peel <name> [args]" with a private message.
type subcommand struct {
	usage   string // "grades", "afi <id>": for /peel help
	summary string // one line for /peel help
	run     func(ctx context.Context, c command) message
}

// newSubcommands is the table of /peel subcommands; any other text is a
// question. Issue 5's "afi" and issue 6's "summarise" belong here.
func (b *Bot) newSubcommands() map[string]subcommand {
	return map[string]subcommand{
		"help":      {usage: "help", summary: "this help", run: b.cmdHelp},
		"grades":    {usage: "grades", summary: "the graded judgments of each report", run: b.cmdGrades},
		"summarise": {usage: "summarise <question>", summary: "the passages, then a short cited summary of them (when a model is configured)", run: b.cmdSummarise},
		"afi":       {usage: "afi [<id>]", summary: "the open areas for improvement, or one with its history (`afi help`: close, reopen, assign, note)", run: b.cmdAFI},
	}
}

// handleCommand answers a slash command at once, privately.
func (b *Bot) handleCommand(ctx context.Context, sc slack.SlashCommand) message {
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
func commandResponse(m message) commandReply {
	return commandReply{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, Blocks: m.Blocks}
}

// cmdSearch answers a question with the top passages.
func (b *Bot) cmdSearch(ctx context.Context, c command) message {
	a, err := b.search(ctx, modeCommand, c.args, 0)
	if err != nil {
		return b.searchFailed(err)
	}
	return a.render(b.answers.Summariser != nil)
}

// cmdSummarise answers at once with the passages, then replaces that answer
// with a summary of them and the passages it cites, or adds a note saying
// why there is none. The passages never wait for the model.
func (b *Bot) cmdSummarise(ctx context.Context, c command) message {
	if c.args == "" {
		return b.cmdHelp(ctx, c)
	}
	a, err := b.search(ctx, modeCommand, c.args, 0)
	if err != nil {
		return b.searchFailed(err)
	}
	switch {
	case b.answers.Summariser == nil:
		a.extra = "Summaries are not turned on for this peelbot; here are the passages, in the reports' own words."
		return a.render(false)
	case len(a.Passages) == 0 || c.ResponseURL == "":
		return a.render(true)
	}
	passages := a.render(true)
	a.extra = "Summarising these passages…"
	now := a.render(false)
	b.spawn("summarise", func(ctx context.Context) {
		m := b.summarised(ctx, a, c.UserID)
		if err := b.api.respond(ctx, c.ResponseURL, m, true); err != nil {
			b.log.Error("summary reply failed", "error", err.Error())
			// The "Summarising…" note must not stay: put the plain passages back.
			if err := b.api.respond(context.WithoutCancel(ctx), c.ResponseURL, passages, true); err != nil {
				b.log.Error("restoring passages failed", "error", err.Error())
			}
		}
	})
	return now
}

// search runs a question and makes the answer to show, from offset.
func (b *Bot) search(ctx context.Context, mode answerMode, question string, offset int) (reply, error) {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	start := time.Now()
	a, err := b.answers.Ask(ctx, answer.Request{Question: question, Limit: answerSize, Offset: offset})
	b.metrics.search(time.Since(start), searchOutcome(a, err))
	if err != nil {
		return reply{}, err
	}
	return reply{Answer: a, mode: mode, feedback: b.store != nil}, nil
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
func (b *Bot) searchFailed(err error) message {
	b.log.Error("search failed", "error", err.Error())
	text := "Sorry, the search failed. Please try again in a moment."
	if errors.Is(err, context.DeadlineExceeded) {
		text = "Sorry, that search took too long. Try fewer words, or narrow it with a filter (`/peel help`)."
	}
	return message{Text: text, Blocks: []slack.Block{section("error", text)}}
}

// cmdHelp explains /peel: syntax, subcommands, filters and examples.
func (b *Bot) cmdHelp(_ context.Context, c command) message {
	name := c.Command
	if name == "" {
		name = "/peel"
	}
	var subs []string
	for _, s := range b.subcommands {
		subs = append(subs, fmt.Sprintf("`%s %s` — %s", escape(name), escape(s.usage), escape(s.summary)))
	}
	sort.Strings(subs)
	intro := fmt.Sprintf("*Ask the PEEL inspection reports.* `%s &lt;question&gt;` finds the passages that answer it, each quoted with its source: report · chapter › section › finding · page. Only you see the answer; *Share in channel* posts a passage for everyone.\n%s",
		escape(name), strings.Join(subs, "\n"))
	where := "Mention @peelbot with a question in a channel or thread and it answers there, for everyone. On any message, *⋮ More actions › Find in PEEL reports* searches with the message's text."
	blocks := []slack.Block{
		section("intro", intro),
		section("filters", "```"+escape(index.FilterHelp)+"```"),
		contextLine("where", where),
	}
	return message{Text: "How to use " + name, Blocks: blocks}
}

// cmdGrades lists each report's graded judgments.
func (b *Bot) cmdGrades(_ context.Context, _ command) message {
	var lines []string
	for _, r := range b.lib.Reports {
		lines = append(lines, "*"+link(r.URL, strings.TrimSpace(r.Force+" "+r.Round))+"*")
		for _, g := range r.Grades {
			lines = append(lines, fmt.Sprintf("• %s — %s", escape(string(g.Rating)), escape(g.Area)))
		}
		if len(r.Grades) == 0 {
			lines = append(lines, "_No graded judgments._")
		}
	}
	if len(lines) == 0 {
		lines = []string{"No reports are loaded."}
	}
	return message{Text: "Graded judgments of each report", Blocks: packSections("grades", lines, maxBlocks)}
}
