package bot

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// tracking is the bot's part in tracking AFIs: the tracker's service, the
// digest, and the Home tabs to keep current.
type tracking struct {
	svc    *tracker.Service // nil: tracking is off
	loc    *time.Location
	digest *digester // nil without a digest channel
	homes  *homeViewers
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

// admins are the people who may change AFIs, none when anyone may.
func (t tracking) admins() []string { return t.svc.Policy.Admins() }

// Answers to mistakes, shared by commands, buttons and modals.
const (
	noStoreText = "AFI tracking is not set up for this peelbot (it has no store), so there is nothing to show or change."
	saveFailed  = "Sorry, that could not be saved just now, so nothing was changed. Please try again in a moment."
)

func unknownAFIText(id string) string {
	return fmt.Sprintf("I don't know an AFI “%s”, so nothing was changed. `/peel afi` lists the open ones with their ids (like `herts-2021-afi-3`).", render.Escape(render.Clip(id, 80)))
}

// refused explains, in mrkdwn, why a change was not made: a refusal as
// the tracker words it, anything else as a failure to save. Either way
// nothing changed. rawID is the AFI as the user named it.
func (b *Bot) refused(err error, what, rawID string) string {
	msg := strings.TrimSuffix(tracker.ErrorMessage(err), ".")
	switch tracker.ErrorCode(err) {
	case "":
		b.log.Error("AFI change failed", "change", what, "error", err.Error())
		return saveFailed
	case tracker.ErrForbidden:
		return render.Refusal(b.afi.admins())
	case tracker.ErrUnknownItem:
		return unknownAFIText(rawID)
	case tracker.ErrEvidenceRequired:
		return render.Escape(msg) + "." // it says it was not closed
	}
	return render.Escape(msg) + "; nothing was changed."
}

// cmdAFI answers /peel afi: the open AFIs, one AFI, or a change to one.
func (b *Bot) cmdAFI(ctx context.Context, c command) render.Message {
	if b.afi.svc == nil {
		return render.Note(noStoreText)
	}
	_, raw := cutWord(c.SlashCommand.Text) // the text after "afi"
	verb, rest := cutWord(raw)
	switch strings.ToLower(verb) {
	case "", "list", "open":
		return b.afiList(ctx, 1, "")
	case "help", "?":
		return render.AFIHelp(c.Command, b.afi.admins())
	case "show":
		id, _ := cutWord(rest)
		return b.afiShow(ctx, id)
	case "close", "address", "addressed":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionClose)
	case "reopen":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionReopen)
	case "start":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionStart)
	case "assign":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionAssign)
	case "unassign":
		if id, _ := cutWord(rest); id != "" {
			rest = id + " nobody"
		}
		return b.afiCommandChange(ctx, c, rest, tracker.ActionAssign)
	case "note":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionNote)
	case "due":
		return b.afiCommandChange(ctx, c, rest, tracker.ActionDue)
	}
	if strings.TrimSpace(rest) != "" {
		return render.Note(fmt.Sprintf("I don't know `/peel afi %s`. %s", render.Escape(render.Clip(verb, 40)), afiUsageHint))
	}
	return b.afiShow(ctx, verb)
}

const afiUsageHint = "`/peel afi` lists the open AFIs, `/peel afi &lt;id&gt;` shows one, and `/peel afi help` lists the commands that change them."

// afiCommandChange makes the change a /peel afi command asks for, as the
// user who typed it, in the channel it was typed in, and answers with the
// AFI as it now stands; or explains why nothing changed.
func (b *Bot) afiCommandChange(ctx context.Context, c command, rest string, action tracker.Action) render.Message {
	rawID, arg := cutWord(rest)
	id := cleanID(rawID)
	if id == "" {
		return render.Note(fmt.Sprintf("Which AFI? Give its id: `/peel afi %s herts-2021-afi-3 …`. `/peel afi` lists them.", action))
	}
	user, channel := c.UserID, c.ChannelID
	// Who may change what is settled before the arguments are read, so
	// that a refusal says so whatever else is wrong.
	if err := b.afi.svc.Check(id, user); err != nil {
		return render.Note(b.refused(err, "check", rawID))
	}
	change := tracker.Change{ItemID: id, Action: action, Actor: user, Channel: channel}
	switch action {
	case tracker.ActionClose:
		change.Note = readableText(arg)
		if change.Note == "" {
			return render.Note(fmt.Sprintf("`%s` was not closed: closing an AFI needs evidence, a note saying what was done and where it is recorded. Write it after the id: `/peel afi close %s New policy published; board minutes 12 March`, or use the *Mark addressed* button.", id, id))
		}
	case tracker.ActionReopen, tracker.ActionStart:
		change.Note = readableText(arg)
	case tracker.ActionNote:
		change.Note = readableText(arg)
		if change.Note == "" {
			return render.Note(fmt.Sprintf("The note for `%s` is empty, so nothing was changed. Write it after the id: `/peel afi note %s Met the control room lead`.", id, id))
		}
	case tracker.ActionAssign:
		owner, problem := ownerFrom(arg, user)
		if problem != "" {
			return render.Note(strings.ReplaceAll(problem, "<id>", id))
		}
		change.Owner = owner
	case tracker.ActionDue:
		due, problem := dueFrom(arg)
		if problem != "" {
			return render.Note(strings.ReplaceAll(problem, "<id>", id))
		}
		change.Due = due
	}
	st, ev, err := b.afi.svc.Do(ctx, change)
	if err != nil {
		return render.Note(b.refused(err, string(action), rawID))
	}
	banner := "✅ You " + render.DescribeChange(ev, "`"+id+"`") + "."
	b.log.Info("AFI changed", "afi", id, "action", string(action), "user", user, "channel", channel)
	b.spawn("refresh home tabs", func(ctx context.Context) { b.refreshHomes(ctx, "", user, st.Owner) })
	m, err := b.afiDetail(ctx, id, banner)
	if err != nil {
		b.log.Error("AFI view failed", "afi", id, "error", err.Error())
		return render.Note(banner)
	}
	return m
}

// ownerFrom reads whom "assign" names: a mention, a member id, "me", or
// "nobody". problem explains anything else; "<id>" in it stands for the AFI.
func ownerFrom(arg, user string) (owner, problem string) {
	word, extra := cutWord(arg)
	switch {
	case word == "":
		return "", "Whom should `<id>` be assigned to? Mention them: `/peel afi assign <id> @someone`, or `me`."
	case extra != "":
		return "", "Give one person, so nothing was changed: `/peel afi assign <id> @someone`."
	}
	switch strings.ToLower(word) {
	case "me", "myself":
		return user, ""
	case "nobody", "none", "noone", "no-one":
		return "", ""
	}
	if member, ok := tracker.ParseMember(word); ok {
		return member, ""
	}
	return "", fmt.Sprintf("I can't tell who “%s” is, so nothing was changed: Slack sent me a name, not a member. "+
		"Use the *Assign…* button on `/peel afi <id>` to pick them, or give their member ID "+
		"(their profile › ⋮ › Copy member ID): `/peel afi assign <id> U024BE7LH`.", render.Escape(render.Clip(plainText(word), 60)))
}

// dueFrom reads a due date: YYYY-MM-DD, or "none" to clear it.
func dueFrom(arg string) (*time.Time, string) {
	word, _ := cutWord(arg)
	switch strings.ToLower(word) {
	case "none", "clear", "nothing":
		return nil, ""
	case "":
		return nil, "When is `<id>` due? `/peel afi due <id> 2026-03-31`, or `none` to clear it."
	}
	d, err := time.Parse(time.DateOnly, word)
	if err != nil {
		return nil, fmt.Sprintf("“%s” is not a date, so nothing was changed. Write it YYYY-MM-DD, like `/peel afi due <id> 2026-03-31`, or `none` to clear it.", render.Escape(render.Clip(word, 40)))
	}
	return &d, ""
}

// afis is how AFIs are drawn now, in the bot's zone.
func (b *Bot) afis(view string, page int) render.AFIs {
	return render.AFIs{Now: b.now(), Loc: b.afi.loc, View: view, Page: page}
}

// afiList is /peel afi: the open AFIs by report and area, page by page.
func (b *Bot) afiList(ctx context.Context, page int, banner string) render.Message {
	entries, err := b.afi.svc.Entries(ctx)
	if err != nil {
		b.log.Error("list AFIs failed", "error", err.Error())
		return render.Note("Sorry, I couldn't read the AFIs just now. Please try again in a moment.")
	}
	return render.AFIList(b.afis(render.ViewList, page), entries, page, banner)
}

// afiShow is /peel afi <id>.
func (b *Bot) afiShow(ctx context.Context, rawID string) render.Message {
	id := cleanID(rawID)
	if id == "" {
		return render.Note("Which AFI? `/peel afi &lt;id&gt;`; `/peel afi` lists them.")
	}
	if b.lib.AFI(id) == nil {
		return render.Note(strings.Replace(unknownAFIText(rawID), ", so nothing was changed", "", 1))
	}
	m, err := b.afiDetail(ctx, id, "")
	if err != nil {
		b.log.Error("AFI view failed", "afi", id, "error", err.Error())
		return render.Note("Sorry, I couldn't read that AFI just now. Please try again in a moment.")
	}
	return m
}

// afiDetail shows one AFI with its buttons, the passages that support it
// and its history, in one message.
func (b *Bot) afiDetail(ctx context.Context, id, banner string) (render.Message, error) {
	return b.afiDetailIn(ctx, id, banner, render.ViewDetail, render.MaxBlocks)
}

// afiDetailIn lays one AFI out for view in at most room blocks.
func (b *Bot) afiDetailIn(ctx context.Context, id, banner, view string, room int) (render.Message, error) {
	entry, history, err := b.afi.svc.Entry(ctx, id)
	if err != nil {
		return render.Message{}, err
	}
	ids := make([]string, len(entry.AFI.Passages))
	for i, p := range entry.AFI.Passages {
		ids[i] = p.ID
	}
	return render.AFIDetail(b.afis(view, 0), entry, history, b.answers.Passages(ids), banner, room), nil
}
