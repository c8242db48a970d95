package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// Slack's assistant surface (the app's agent view): a user opens a thread
// with peelbot from anywhere in Slack and asks in it as in a direct
// message (onMessage answers). A new thread is greeted, with suggested
// prompts made from what is loaded; the channel the user was in lends
// the thread its scope.

// onAssistantThreadStarted greets a new assistant thread with suggested
// prompts, and keeps to the scope of the channel the user opened it from.
func (b *Bot) onAssistantThreadStarted(ctx context.Context, _ *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	e, ok := inner.Data.(*slackevents.AssistantThreadStartedEvent)
	if !ok {
		return
	}
	th := e.AssistantThread
	if th.ChannelID == "" || th.ThreadTimeStamp == "" {
		return
	}
	scope := b.lendScope(ctx, th)
	if _, err := b.api.Post(ctx, th.ChannelID, th.ThreadTimeStamp, render.Greeting(th.UserID)); err != nil {
		b.log.Error("assistant greeting failed", "channel", th.ChannelID, "error", err.Error())
	}
	prompts := b.suggestedPrompts(ctx, scope)
	if err := b.api.SetSuggestedPrompts(ctx, th.ChannelID, th.ThreadTimeStamp, "Try asking", prompts); err != nil {
		b.log.Error("suggested prompts failed", "channel", th.ChannelID, "error", err.Error())
	}
	b.log.Info("assistant thread started", "channel", th.ChannelID, "user", th.UserID, "prompts", len(prompts))
}

// onAssistantContextChanged follows the user to another channel: its
// scope, if it has one, becomes the thread's.
func (b *Bot) onAssistantContextChanged(ctx context.Context, _ *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	if e, ok := inner.Data.(*slackevents.AssistantThreadContextChangedEvent); ok {
		b.lendScope(ctx, e.AssistantThread)
	}
}

// lendScope makes the scope of the channel the user is viewing the
// thread's, when it has one, and returns the thread's scope.
func (b *Bot) lendScope(ctx context.Context, th slackevents.AssistantThread) []index.Filter {
	place := threadPlace(th.ChannelID, th.ThreadTimeStamp)
	if sc := b.scopeOf(ctx, th.Context.ChannelID); len(sc) > 0 {
		b.keepScope(ctx, place, sc, "")
		return sc
	}
	return b.scopeOf(ctx, place)
}

// acronyms are tried, in order, for the prompt that looks one up: the
// first the loaded reports use is offered.
var acronyms = []string{"dvpo", "mash", "asb", "dvpn", "cse", "vawg"}

// suggestedPrompts are at most four questions worth asking of what is
// loaded, kept to scope when it names a force: an acronym the reports
// use, what the force must improve in its worst-graded area, how it was
// graded, and (with tracking) what is due this month.
func (b *Bot) suggestedPrompts(ctx context.Context, scope []index.Filter) []slack.AssistantThreadsPrompt {
	var out []slack.AssistantThreadsPrompt
	add := func(text string) { out = append(out, slack.AssistantThreadsPrompt{Title: text, Message: text}) }
	for _, a := range acronyms {
		if b.finds(ctx, a) {
			add(a)
			break
		}
	}
	if r := b.promptReport(scope); r != nil {
		force := shortForce(r)
		if g, ok := worstGrade(r); ok {
			add(fmt.Sprintf("What must %s improve in %s?", force, lowerFirst(g.Area)))
		}
		add(fmt.Sprintf("How was %s graded?", force))
	}
	if b.afi.svc != nil {
		add("Open recommendations due this month")
	}
	return out[:min(len(out), 4)]
}

// finds reports whether a question finds any passage.
func (b *Bot) finds(ctx context.Context, question string) bool {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	res, err := b.ix.Search(ctx, index.Request{Query: question, Limit: 1})
	return err == nil && res.Total > 0
}

// promptReport is the report the prompts ask about: the latest graded one
// of the force scope keeps to, else the latest graded one loaded.
func (b *Bot) promptReport(scope []index.Filter) *corpus.Report {
	pool := b.lib.Reports
	if len(scope) > 0 {
		if in := b.reportsIn(scope); len(in) > 0 {
			pool = in
		}
	}
	var best *corpus.Report
	for _, r := range pool {
		if len(r.Grades) > 0 && (best == nil || r.Round > best.Round) {
			best = r
		}
	}
	return best
}

// reportsIn are the loaded reports the report filters (force, report,
// round) of filters keep, in the library's order; all of them when
// filters has none.
func (b *Bot) reportsIn(filters []index.Filter) []*corpus.Report {
	m, ok := b.ix.(interface{ ReportsMatching(index.Filter) []string })
	keep := map[string]bool{}
	narrowed := false
	for _, f := range filters {
		if f.Key == "area" || !ok {
			continue
		}
		ids := map[string]bool{}
		for _, id := range m.ReportsMatching(f) {
			ids[id] = true
		}
		if !narrowed {
			keep, narrowed = ids, true
			continue
		}
		for id := range keep {
			if !ids[id] {
				delete(keep, id)
			}
		}
	}
	if !narrowed {
		return b.lib.Reports
	}
	var out []*corpus.Report
	for _, r := range b.lib.Reports {
		if keep[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// shortForce is a force as people name it in a question: "Hertfordshire"
// for Hertfordshire Constabulary.
func shortForce(r *corpus.Report) string {
	name := strings.TrimSpace(r.Force)
	for _, suffix := range []string{" Constabulary", " Police Service", " Police"} {
		name = strings.TrimSuffix(name, suffix)
	}
	if name == "" {
		return r.ID
	}
	return name
}

// worstGrade is r's lowest graded judgment, the first of equals.
func worstGrade(r *corpus.Report) (corpus.Grade, bool) {
	rank := map[corpus.Rating]int{}
	for i, rt := range corpus.Ratings {
		rank[rt] = i
	}
	var worst corpus.Grade
	found := false
	for _, g := range r.Grades {
		if !found || rank[g.Rating] > rank[worst.Rating] {
			worst, found = g, true
		}
	}
	return worst, found
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
