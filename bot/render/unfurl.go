package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
)

// Unfurl is the preview of a loaded report's web address, shown to
// everyone in the conversation the link was posted in: the force and
// round, its grades in one line, and how many of the items it raised
// (areas for improvement, causes of concern, recommendations) are still
// outstanding, of the tracked; open < 0 when nothing is tracked: then
// what it raises. Nothing tracked about an item beyond that count
// (owners, notes, evidence) is shown: an unfurl is read by everyone there.
func Unfurl(r *corpus.Report, open, tracked int) slack.Attachment {
	title := "*" + Link(r.URL, corpus.ReportName(r)) + "*"
	if r.Published != "" {
		title += " · published " + Escape(r.Published)
	}
	lines := []string{title}
	if g := gradesLine(r); g != "" {
		lines = append(lines, g)
	}
	if open >= 0 {
		lines = append(lines, fmt.Sprintf("%d of its %s still outstanding · `/peel afi report:%s` lists them", open, plural(tracked, "tracked item", "tracked items"), Escape(r.ID)))
	} else if raised := raisedLine(r); raised != "" {
		lines = append(lines, raised)
	}
	blocks := []slack.Block{
		Section("unfurl", strings.Join(lines, "\n")),
		Context("unfurl-by", "From the PEEL reports peelbot has loaded: `/peel &lt;question&gt;` quotes them."),
	}
	return slack.Attachment{Blocks: slack.Blocks{BlockSet: blocks}, Fallback: FallbackText(corpus.ReportName(r))}
}

// gradesLine is a report's grades in one line, best first: how many areas
// got each rating, naming those that need to improve.
func gradesLine(r *corpus.Report) string {
	count := map[corpus.Rating]int{}
	named := map[corpus.Rating][]string{}
	for _, g := range r.Grades {
		count[g.Rating]++
		if g.Rating == corpus.RequiresImprovement || g.Rating == corpus.Inadequate {
			named[g.Rating] = append(named[g.Rating], lowerArea(g.Area))
		}
	}
	var parts []string
	for _, rt := range corpus.Ratings {
		if count[rt] == 0 {
			continue
		}
		part := fmt.Sprintf("%d %s", count[rt], strings.ToLower(string(rt)))
		if len(named[rt]) > 0 {
			part += " (" + Escape(strings.Join(named[rt], ", ")) + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Graded: " + strings.Join(parts, " · ")
}

func lowerArea(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// raisedLine says what a report asks of its force: "9 areas for
// improvement · 1 cause of concern (2 recommendations)".
func raisedLine(r *corpus.Report) string {
	var parts []string
	if n := len(r.AFIs); n > 0 {
		parts = append(parts, plural(n, "area for improvement", "areas for improvement"))
	}
	if n := len(r.Concerns); n > 0 {
		recs := 0
		for _, c := range r.Concerns {
			recs += len(c.Recommendations)
		}
		part := plural(n, "cause of concern", "causes of concern")
		if recs > 0 {
			part += " (" + plural(recs, "recommendation", "recommendations") + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " · ")
}
