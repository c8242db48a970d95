package render

import (
	"cmp"
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// HelpLine is one subcommand as /peel help lists it.
type HelpLine struct {
	Usage   string // "grades", "afi [<id>]"
	Summary string // one line
}

// Help explains the slash command name: syntax, subcommands, filters and
// examples.
func Help(name string, subs []HelpLine) Message {
	name = cmp.Or(name, "/peel")
	var lines []string
	for _, s := range subs {
		lines = append(lines, fmt.Sprintf("`%s %s` — %s", Escape(name), Escape(s.Usage), Escape(s.Summary)))
	}
	sort.Strings(lines)
	intro := fmt.Sprintf("*Ask the PEEL inspection reports.* `%s &lt;question&gt;` finds the passages that answer it, each quoted with its source: report · chapter › section › finding · page. Only you see the answer; *Share in channel* posts a passage for everyone.\n%s",
		Escape(name), strings.Join(lines, "\n"))
	where := "Mention @peelbot with a question in a channel or thread and it answers there, for everyone (`@peelbot help`, `grades`, `afi`, `scope` answer you alone, as here). Write to peelbot directly, or open it beside any channel, and it answers in your thread, following on from your last question. On any message, *⋮ More actions › Find in PEEL reports* searches with the message's text."
	blocks := []slack.Block{
		Section("intro", intro),
		Section("filters", "```"+Escape(index.FilterHelp)+"```"),
		Context("where", where),
	}
	return Message{Text: "How to use " + name, Blocks: blocks}
}

// GradesList lists each report's graded judgments as lines of mrkdwn:
// for the Home tab, where a table is not shown.
func GradesList(reports []*corpus.Report) Message {
	var lines []string
	for _, r := range reports {
		lines = append(lines, "*"+Link(r.URL, corpus.ReportName(r))+"*")
		for _, g := range r.Grades {
			lines = append(lines, fmt.Sprintf("• %s — %s", Escape(string(g.Rating)), Escape(g.Area)))
		}
		if len(r.Grades) == 0 {
			lines = append(lines, "_No graded judgments._")
		}
	}
	if len(lines) == 0 {
		lines = []string{"No reports are loaded."}
	}
	return Message{Text: "Graded judgments of each report", Blocks: PackSections("grades", lines, MaxBlocks)}
}
