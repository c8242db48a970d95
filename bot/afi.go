package bot

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// tracking is the bot's part in tracking items: the tracker's service, the
// digest, the notifier, and the Home tabs to keep current.
type tracking struct {
	svc      *tracker.Service // nil: tracking is off
	loc      *time.Location
	digest   *digester // nil without a digest channel
	notifier *notifier // nil without a store
	homes    *homeViewers
	// poke wakes the follow-ups (digest updates, notifications) after a
	// change, so that they need not wait for their next round.
	poke chan struct{}
}

// defaultLocation is Europe/London, or UTC where the zone database is
// missing.
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation(digest.DefaultTZ); err == nil {
		return loc
	}
	return time.UTC
}

// defaultInstance names this process: host name and process id.
func defaultInstance() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", cmp.Or(host, "peelbot"), os.Getpid())
}

// Answers to mistakes, shared by commands, buttons and modals.
const (
	noStoreText = "Tracking is not set up for this peelbot (it has no store), so there is nothing to show or change."
	saveFailed  = "Sorry, that could not be saved just now, so nothing was changed. Please try again in a moment."
	// unavailableText answers anything that needs the store while it is
	// down or not answering in time (tracker.ErrUnavailable). A change
	// cut off at its commit may still have been saved, so it says how to
	// check rather than promising nothing changed.
	unavailableText = "Tracking is unavailable just now: peelbot cannot reach its database, so items cannot be shown or changed. " +
		"Searching the reports still works. Please try again in a few minutes; if you were changing an item, check it with `/peel afi &lt;id&gt;` first."
)

// readFailed answers a failure to read the items: unavailableText when
// the store is down, else an apology for what could not be read.
func (b *Bot) readFailed(err error, what string) string {
	if tracker.ErrorCode(err) == tracker.ErrUnavailable {
		b.log.Warn("tracking unavailable", "reading", what, "error", err.Error())
		return unavailableText
	}
	b.log.Error("read failed", "reading", what, "error", err.Error())
	return "Sorry, I couldn't read the " + what + " just now. Please try again in a moment."
}

// refused explains, in mrkdwn, why a change was not made: a refusal as
// the tracker words it, anything else as a failure to save. Either way
// nothing changed.
func (b *Bot) refused(err error, what string) string {
	switch tracker.ErrorCode(err) {
	case "":
		b.log.Error("item change failed", "change", what, "error", err.Error())
		return saveFailed
	case tracker.ErrUnavailable:
		b.log.Warn("tracking unavailable", "change", what, "error", err.Error())
		return unavailableText
	case tracker.ErrUnknownItem, tracker.ErrAmbiguous:
		return render.Escape(strings.TrimSuffix(tracker.ErrorMessage(err), ".")) + ". `/peel afi` lists the items with their ids."
	}
	return render.Escape(tracker.Refusal(err))
}

// items is how items are drawn for user now.
func (b *Bot) items(user, where string, page int) render.Items {
	r := render.Items{View: b.afi.svc.View(user), Now: b.now(), Where: where, Page: page}
	r.May = func(a tracker.Action, it tracker.Item) bool { return b.afi.svc.Allowed(user, a, it) }
	return r
}

// cmdAFI answers /peel afi: a list (with filters), one item, the links to
// later reports, or a change.
func (b *Bot) cmdAFI(ctx context.Context, c command) render.Message {
	if b.afi.svc == nil {
		return render.Note(noStoreText)
	}
	ctx, cancel := context.WithTimeout(ctx, trackingBudget)
	defer cancel()
	_, raw := cutWord(c.SlashCommand.Text) // the text after "afi"
	verb, rest := cutWord(raw)
	switch low := strings.ToLower(verb); {
	case low == "" || low == "list" || low == "open":
		return b.itemList(ctx, c.UserID, rest, 1, "")
	case low == "help" || low == "?":
		return render.ItemHelp(c.Command, b.afi.svc.Policy)
	case low == "show":
		id, _ := cutWord(rest)
		return b.itemShow(ctx, c.UserID, id)
	case low == "links" || low == "successors":
		page, _ := strconv.Atoi(strings.TrimSpace(rest))
		return b.itemLinks(ctx, c.UserID, page)
	case tracker.LooksLikeFilter(verb):
		return b.itemList(ctx, c.UserID, raw, 1, "")
	}
	if v, ok := tracker.VerbOf(verb); ok {
		return b.itemCommand(ctx, c, v, rest)
	}
	if strings.TrimSpace(rest) != "" {
		return render.Note(fmt.Sprintf("I don't know `/peel afi %s`. %s", render.Escape(render.Clip(verb, 40)), afiUsageHint))
	}
	return b.itemShow(ctx, c.UserID, verb)
}

const afiUsageHint = "`/peel afi [filters]` lists the items, `/peel afi &lt;id&gt;` shows one, and `/peel afi help` lists the filters and the commands that change them."

// itemCommand makes the change a /peel afi command asks for, as the user
// who typed it, in the channel it was typed in, read word for word as the
// command line reads it, and answers with the item as it now stands and
// a banner that quotes the note just given; or explains why nothing
// changed.
func (b *Bot) itemCommand(ctx context.Context, c command, verb, rest string) render.Message {
	change, err := tracker.ParseVerb(verb, tracker.Words(readableMentions(rest)), c.UserID)
	if err != nil {
		return render.Note(b.refused(err, verb))
	}
	change.Channel = c.ChannelID
	it, ev, err := b.afi.svc.Do(ctx, change)
	if err != nil {
		return render.Note(b.refused(err, verb))
	}
	banner := "✅ You " + render.DescribeChange(ev, "`"+it.ID+"`") + "."
	b.log.Info("item changed", "item", it.ID, "action", string(ev.Action), "user", c.UserID, "channel", c.ChannelID)
	b.followUp(c.UserID, it.Owner)
	m, err := b.itemDetail(ctx, c.UserID, it.ID, banner)
	if err != nil {
		b.log.Error("item view failed", "item", it.ID, "error", err.Error())
		return render.Note(banner)
	}
	return m
}

// readableMentions keeps a command's mentions as Slack sends them
// (<@U…|name>, which ParseMember reads) and turns the rest of its markup
// into what the user wrote.
func readableMentions(s string) string {
	return slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		if strings.HasPrefix(tok, "<@") {
			return tok
		}
		return readableText(tok)
	})
}

// followUp, after a change, brings the Home tabs that show it up to date
// and wakes the digest's update and the notifications.
func (b *Bot) followUp(users ...string) {
	b.spawn("refresh home tabs", func(ctx context.Context) {
		actor := ""
		if len(users) > 0 {
			actor, users = users[0], users[1:]
		}
		b.refreshHomes(ctx, "", actor, users...)
	})
	select {
	case b.afi.poke <- struct{}{}:
	default:
	}
}

// itemList is /peel afi [filters]: the items the filter picks, most
// urgent first, page by page.
func (b *Bot) itemList(ctx context.Context, user, filterText string, page int, banner string) render.Message {
	f, err := tracker.ParseFilter(plainFilter(filterText))
	if err != nil {
		return render.Note(b.refused(err, "filter") + " " + afiUsageHint)
	}
	entries, err := b.afi.svc.Entries(ctx)
	if err != nil {
		return render.Note(b.readFailed(err, "items"))
	}
	r := b.items(user, render.ViewList, page)
	return render.ItemList(r, f.Select(entries, r.View), f, page, banner)
}

// plainFilter reads a filter typed in Slack: mentions kept as <@U…>
// (owner:@bea), other markup as its text.
func plainFilter(s string) string { return readableMentions(s) }

// itemShow is /peel afi <id>.
func (b *Bot) itemShow(ctx context.Context, user, rawID string) render.Message {
	id := cleanID(rawID)
	if id == "" {
		return render.Note("Which item? `/peel afi &lt;id&gt;`; `/peel afi` lists them.")
	}
	m, err := b.itemDetail(ctx, user, id, "")
	if err != nil {
		if code := tracker.ErrorCode(err); code != "" && code != tracker.ErrUnavailable {
			return render.Note(b.refused(err, "show"))
		}
		return render.Note(b.readFailed(err, "item "+id))
	}
	return m
}

// itemDetail shows one item with the buttons user may use, the passages
// that support it and its history, in one message.
func (b *Bot) itemDetail(ctx context.Context, user, id, banner string) (render.Message, error) {
	return b.itemDetailIn(ctx, user, id, banner, render.ViewDetail, render.MaxBlocks)
}

// itemDetailIn lays one item out for view in at most room blocks.
func (b *Bot) itemDetailIn(ctx context.Context, user, id, banner, view string, room int) (render.Message, error) {
	entry, history, err := b.afi.svc.Entry(ctx, id)
	if err != nil {
		return render.Message{}, err
	}
	ids := make([]string, len(entry.Source.Passages))
	for i, p := range entry.Source.Passages {
		ids[i] = p.ID
	}
	return render.ItemDetail(b.items(user, view, 0), entry, history, b.answers.Passages(ids), banner, room), nil
}

// itemLinks is /peel afi links: the earlier reports' items to link to the
// later report of their force, with the suggested successor.
func (b *Bot) itemLinks(ctx context.Context, user string, page int) render.Message {
	entries, err := b.afi.svc.Entries(ctx)
	if err != nil {
		return render.Note(b.readFailed(err, "items"))
	}
	sugg := tracker.Successors(b.afi.svc.Catalog(), entries)
	may := len(sugg) > 0 && b.afi.svc.Allowed(user, tracker.ActionSupersede, sugg[0].Earlier.Item)
	return render.Links(b.items(user, render.ViewList, page), sugg, may, page)
}
