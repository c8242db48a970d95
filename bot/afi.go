package bot

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker"
)

// tracking is the bot's part in tracking AFIs: the tracker's service, the
// digest, and the Home tabs to keep current.
type tracking struct {
	svc    *tracker.Service // nil: tracking is off
	loc    *time.Location
	digest *Digester // nil without a digest channel
	homes  *homeViewers
}

func newTracking(cfg Config, api *slackAPI) tracking {
	t := tracking{svc: cfg.Tracker, loc: cfg.Location, homes: newHomeViewers(homeViewersMax, homeViewerTTL)}
	if t.loc == nil {
		t.loc = defaultLocation()
	}
	if cfg.Tracker != nil && cfg.Store != nil && cfg.DigestChannel != "" {
		t.digest = &Digester{
			lib: cfg.Library, svc: cfg.Tracker, st: cfg.Store, api: api, channel: cfg.DigestChannel,
			instance: orText(cfg.Instance, defaultInstance()), loc: t.loc, now: cfg.Now, log: cfg.Logger,
		}
	}
	return t
}

// defaultLocation is Europe/London, or UTC where the zone database is
// missing.
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation(DefaultDigestTZ); err == nil {
		return loc
	}
	return time.UTC
}

// defaultInstance names this process: host name and process id.
func defaultInstance() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", orText(host, "peelbot"), os.Getpid())
}

// admins are the people who may change AFIs, none when anyone may.
func (t tracking) admins() []string { return t.svc.Policy.Admins() }

// refusal tells someone who may not change AFIs why nothing happened, in
// mrkdwn naming the admins.
func (t tracking) refusal() string {
	var names []string
	for _, a := range t.admins() {
		names = append(names, actorText(a))
	}
	return tracker.RefusalText + " Ask " + strings.Join(names, ", ") + "."
}

// Answers to mistakes, shared by commands, buttons and modals.
const (
	noStoreText = "AFI tracking is not set up for this peelbot (it has no store), so there is nothing to show or change."
	saveFailed  = "Sorry, that could not be saved just now, so nothing was changed. Please try again in a moment."
)

func unknownAFIText(id string) string {
	return fmt.Sprintf("I don't know an AFI “%s”, so nothing was changed. `/peel afi` lists the open ones with their ids (like `herts-2021-afi-3`).", escape(clip(id, 80)))
}

// note is a private answer of one line of mrkdwn (also its notification
// text, which Slack reads as mrkdwn too).
func note(text string) message {
	return message{Text: text, Blocks: []slack.Block{section("note", text)}}
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
		return b.afi.refusal()
	case tracker.ErrUnknownItem:
		return unknownAFIText(rawID)
	case tracker.ErrEvidenceRequired:
		return escape(msg) + "." // it says it was not closed
	}
	return escape(msg) + "; nothing was changed."
}

// cmdAFI answers /peel afi: the open AFIs, one AFI, or a change to one.
func (b *Bot) cmdAFI(ctx context.Context, c command) message {
	if b.afi.svc == nil {
		return note(noStoreText)
	}
	_, raw := cutWord(c.SlashCommand.Text) // the text after "afi"
	verb, rest := cutWord(raw)
	switch strings.ToLower(verb) {
	case "", "list", "open":
		return b.afiList(ctx, 1, "")
	case "help", "?":
		return b.afiHelp(c.Command)
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
		return note(fmt.Sprintf("I don't know `/peel afi %s`. %s", escape(clip(verb, 40)), afiUsageHint))
	}
	return b.afiShow(ctx, verb)
}

const afiUsageHint = "`/peel afi` lists the open AFIs, `/peel afi &lt;id&gt;` shows one, and `/peel afi help` lists the commands that change them."

// cutWord splits off the first word of s.
func cutWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t\n")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

// cleanID reads an AFI id as typed or pasted: `herts-2021-afi-3`, with
// quotes or a trailing comma.
func cleanID(s string) string {
	return strings.ToLower(strings.Trim(plainText(s), "`'\"“”‘’.,;:()[]"))
}

// afiHelp lists the /peel afi commands.
func (b *Bot) afiHelp(name string) message {
	name = escape(orText(name, "/peel"))
	lines := []string{
		"*Track the reports' areas for improvement (AFIs)*",
		fmt.Sprintf("`%s afi` — the open AFIs by report and area, with buttons to act on each", name),
		fmt.Sprintf("`%s afi &lt;id&gt;` — one AFI quoted with its citation, its supporting passages and its history", name),
		fmt.Sprintf("`%s afi close &lt;id&gt; &lt;evidence&gt;` — mark it addressed; the evidence (what was done, where it is recorded) is required", name),
		fmt.Sprintf("`%s afi reopen &lt;id&gt; [why]` — put an addressed AFI back to work", name),
		fmt.Sprintf("`%s afi start &lt;id&gt; [note]` — record that work on it has begun", name),
		fmt.Sprintf("`%s afi assign &lt;id&gt; @someone` — make someone responsible (`me`; `nobody` removes the owner)", name),
		fmt.Sprintf("`%s afi due &lt;id&gt; &lt;YYYY-MM-DD|none&gt;` — the day it should be addressed by", name),
		fmt.Sprintf("`%s afi note &lt;id&gt; &lt;text&gt;` — add a note to its history", name),
		"Every change is recorded with who made it, when, and in which channel.",
	}
	if admins := b.afi.admins(); len(admins) > 0 {
		var names []string
		for _, a := range admins {
			names = append(names, actorText(a))
		}
		lines = append(lines, "Only these people may change them: "+strings.Join(names, ", ")+".")
	}
	return message{Text: "How to track areas for improvement", Blocks: []slack.Block{section("afi-help", strings.Join(lines, "\n"))}}
}

// afiCommandChange makes the change a /peel afi command asks for, as the
// user who typed it, in the channel it was typed in, and answers with the
// AFI as it now stands; or explains why nothing changed.
func (b *Bot) afiCommandChange(ctx context.Context, c command, rest string, action tracker.Action) message {
	rawID, arg := cutWord(rest)
	id := cleanID(rawID)
	if id == "" {
		return note(fmt.Sprintf("Which AFI? Give its id: `/peel afi %s herts-2021-afi-3 …`. `/peel afi` lists them.", action))
	}
	user, channel := c.UserID, c.ChannelID
	// Who may change what is settled before the arguments are read, so
	// that a refusal says so whatever else is wrong.
	if err := b.afi.svc.Check(id, user); err != nil {
		return note(b.refused(err, "check", rawID))
	}
	change := tracker.Change{ItemID: id, Action: action, Actor: user, Channel: channel}
	switch action {
	case tracker.ActionClose:
		change.Note = readableText(arg)
		if change.Note == "" {
			return note(fmt.Sprintf("`%s` was not closed: closing an AFI needs evidence, a note saying what was done and where it is recorded. Write it after the id: `/peel afi close %s New policy published; board minutes 12 March`, or use the *Mark addressed* button.", id, id))
		}
	case tracker.ActionReopen, tracker.ActionStart:
		change.Note = readableText(arg)
	case tracker.ActionNote:
		change.Note = readableText(arg)
		if change.Note == "" {
			return note(fmt.Sprintf("The note for `%s` is empty, so nothing was changed. Write it after the id: `/peel afi note %s Met the control room lead`.", id, id))
		}
	case tracker.ActionAssign:
		owner, problem := ownerFrom(arg, user)
		if problem != "" {
			return note(strings.ReplaceAll(problem, "<id>", id))
		}
		change.Owner = owner
	case tracker.ActionDue:
		due, problem := dueFrom(arg)
		if problem != "" {
			return note(strings.ReplaceAll(problem, "<id>", id))
		}
		change.Due = due
	}
	st, ev, err := b.afi.svc.Do(ctx, change)
	if err != nil {
		return note(b.refused(err, string(action), rawID))
	}
	banner := "✅ You " + describeChange(ev, "`"+id+"`") + "."
	b.log.Info("AFI changed", "afi", id, "action", string(action), "user", user, "channel", channel)
	b.spawn("refresh home tabs", func(ctx context.Context) { b.refreshHomes(ctx, "", user, st.Owner) })
	m, err := b.afiDetail(ctx, id, banner)
	if err != nil {
		b.log.Error("AFI view failed", "afi", id, "error", err.Error())
		return note(banner)
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
		"(their profile › ⋮ › Copy member ID): `/peel afi assign <id> U024BE7LH`.", escape(clip(plainText(word), 60)))
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
		return nil, fmt.Sprintf("“%s” is not a date, so nothing was changed. Write it YYYY-MM-DD, like `/peel afi due <id> 2026-03-31`, or `none` to clear it.", escape(clip(word, 40)))
	}
	return &d, ""
}

// readableText turns slash-command text into what the user meant to write:
// mentions as @name, channels as #name, links as their address, entities
// decoded. Notes and evidence are kept this way.
func readableText(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		target, label, hasLabel := strings.Cut(tok[1:len(tok)-1], "|")
		switch {
		case strings.HasPrefix(target, "@"):
			return "@" + firstOf(label, target[1:])
		case strings.HasPrefix(target, "#"):
			return "#" + firstOf(label, target[1:])
		case strings.HasPrefix(target, "!"):
			return "@" + strings.TrimPrefix(firstOf(label, target[1:]), "@")
		}
		target = strings.TrimPrefix(target, "mailto:")
		if hasLabel && label != target {
			return label + " (" + target + ")"
		}
		return target
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.TrimSpace(s)
}

// describeChange says what an event did, after the actor: "marked
// `herts-2021-afi-3` addressed, with evidence: “…”". subject names the AFI.
func describeChange(e tracker.Event, subject string) string {
	switch e.Action {
	case tracker.ActionOpen:
		return "began tracking " + subject + " (open)"
	case tracker.ActionStart:
		return "started work on " + subject + " (in progress)" + withNote(e.Note)
	case tracker.ActionClose:
		return "marked " + subject + " addressed, with evidence: “" + escape(e.Note) + "”"
	case tracker.ActionReopen:
		return "reopened " + subject + withNote(e.Note)
	case tracker.ActionAssign:
		if e.Owner == "" {
			return "removed the owner of " + subject
		}
		return "assigned " + subject + " to " + actorText(e.Owner)
	case tracker.ActionDue:
		if e.Due == nil {
			return "cleared the due date of " + subject
		}
		return "set " + subject + " due by " + e.Due.Format("2 Jan 2006")
	case tracker.ActionNote:
		return "added a note to " + subject + ": “" + escape(e.Note) + "”"
	}
	return string(e.Action) + " " + subject
}

func withNote(n string) string {
	if n == "" {
		return ""
	}
	return ", noting “" + escape(n) + "”"
}

// render is how AFIs are drawn now, in the bot's zone.
func (b *Bot) render(view string, page int) afiRender {
	return afiRender{now: b.now(), loc: b.afi.loc, view: view, page: page}
}

// afiList is /peel afi: the open AFIs by report and area, page by page.
func (b *Bot) afiList(ctx context.Context, page int, banner string) message {
	items, err := b.afi.svc.Entries(ctx)
	if err != nil {
		b.log.Error("list AFIs failed", "error", err.Error())
		return note("Sorry, I couldn't read the AFIs just now. Please try again in a moment.")
	}
	open := tracker.Outstanding(items)
	var head []slack.Block
	if banner != "" {
		head = append(head, section("banner", banner))
	}
	if len(open) == 0 {
		text := "No area for improvement is open."
		if len(items) > 0 {
			text = fmt.Sprintf("No area for improvement is open: all %s are addressed. `/peel afi &lt;id&gt;` shows any of them with its history.", plural(len(items), "AFI", "AFIs"))
		}
		return message{Text: "No area for improvement is open.", Blocks: append(head, section("afi-summary", text))}
	}
	summary := fmt.Sprintf("*Open areas for improvement:* %d%s. `/peel afi &lt;id&gt;` shows one with its history; `/peel afi help` lists the commands.",
		len(open), statusBreakdown(open))
	head = append(head, section("afi-summary", summary))
	room := maxBlocks - len(head) - 2 // the page line and its buttons
	pages := b.render(viewList, 0).afiPages("", groupAFIs(open), room, room)
	page = min(max(page, 1), len(pages))
	// The buttons must carry the page they are on, so render that page
	// again knowing it.
	pages = b.render(viewList, page).afiPages("", groupAFIs(open), room, room)
	blocks := append(head, pages[page-1]...)
	if len(pages) > 1 {
		blocks = append(blocks, contextLine("afi-page", fmt.Sprintf("Page %d of %d", page, len(pages))))
		var nav []slack.BlockElement
		if page > 1 {
			nav = append(nav, button(actionAFIPage, "Previous page", afiRef{View: viewList, Page: page - 1}.encode()))
		}
		if page < len(pages) {
			nav = append(nav, button(actionAFIPage, "Next page", afiRef{View: viewList, Page: page + 1}.encode()))
		}
		blocks = append(blocks, slack.NewActionBlock("afi-nav", nav...))
	}
	return message{Text: fmt.Sprintf("%s open", plural(len(open), "area for improvement", "areas for improvement")), Blocks: blocks}
}

// afiShow is /peel afi <id>.
func (b *Bot) afiShow(ctx context.Context, rawID string) message {
	id := cleanID(rawID)
	if id == "" {
		return note("Which AFI? `/peel afi &lt;id&gt;`; `/peel afi` lists them.")
	}
	if b.lib.AFI(id) == nil {
		return note(strings.Replace(unknownAFIText(rawID), ", so nothing was changed", "", 1))
	}
	m, err := b.afiDetail(ctx, id, "")
	if err != nil {
		b.log.Error("AFI view failed", "afi", id, "error", err.Error())
		return note("Sorry, I couldn't read that AFI just now. Please try again in a moment.")
	}
	return m
}

// afiDetail shows one AFI: its words quoted with its linked citation, its
// status, owner and due date, its buttons, the passages that support it and
// its history. It fits one message; passages that do not fit are named.
func (b *Bot) afiDetail(ctx context.Context, id, banner string) (message, error) {
	entry, history, err := b.afi.svc.Entry(ctx, id)
	if err != nil {
		return message{}, err
	}
	return b.detailMessage(entry, history, banner, viewDetail, maxBlocks), nil
}

// detailMessage lays out one AFI in at most room blocks. view is viewDetail
// (with buttons) or "" (read only, as in a modal).
func (b *Bot) detailMessage(item tracker.Entry, history []tracker.Event, banner, view string, room int) message {
	r := b.render(view, 0)
	st := item.Item
	var blocks []slack.Block
	if banner != "" {
		blocks = append(blocks, section("banner", banner))
	}
	text, _ := quoteWithin(item.AFI.Text, afiLimit)
	blocks = append(blocks,
		section("afi-title", fmt.Sprintf("*Area for improvement* `%s` · %s", escape(item.AFI.ID), statusText(st.Status))),
		section("afi-text", text),
		contextLine("afi-cite", link(item.Cite.Link, item.Cite.String())),
		section("afi-state", b.stateLines(r, st)),
	)
	if view == viewDetail {
		blocks = append(blocks, slack.NewActionBlock("afi-act", r.afiButtons(item)...))
	}

	var lines []string
	for _, e := range history {
		line := fmt.Sprintf("• %s — %s %s", r.dateTime(e.At), actorText(e.Actor), describeChange(e, "it"))
		if e.Channel != "" {
			line += " in " + channelText(e.Channel)
		}
		lines = append(lines, line)
	}
	historyBlocks := packSections("afi-history", lines, maxBlocks)
	// Passages get what is left after the history and two headings.
	left := room - len(blocks) - len(historyBlocks) - 3
	passages := item.AFI.Passages
	shown := min(len(passages), max(left/2, 0))
	if len(passages) > 0 {
		blocks = append(blocks, section("afi-passages", "*Supporting passages*"))
	}
	for i, p := range passages[:shown] {
		q, ok := b.answers.Passage(p.ID)
		if !ok {
			continue
		}
		qt, _ := quoteWithin(q.Text, quoteLimit)
		blocks = append(blocks, section(fmt.Sprintf("afi-p-%d", i), qt), contextLine(fmt.Sprintf("afi-p-cite-%d", i), link(q.Cite.Link, q.Cite.String())))
	}
	if shown < len(passages) {
		blocks = append(blocks, contextLine("afi-p-more", fmt.Sprintf("…and %d more in the report, p. %d onwards (`peelbot afi show %s` prints them all).", len(passages)-shown, item.AFI.Page, escape(item.AFI.ID))))
	}
	blocks = append(blocks, section("afi-history-title", "*History*"))
	blocks = append(blocks, latestHistory(lines, room-len(blocks), item.AFI.ID)...)
	return message{Text: clip(fmt.Sprintf("%s (%s): %s", item.AFI.ID, st.Status.Label(), item.AFI.Text), 300), Blocks: blocks}
}

// latestHistory packs history lines into at most room blocks. When they do
// not all fit, the latest are kept, as they matter most, and a line says
// where the rest are.
func latestHistory(lines []string, room int, id string) []slack.Block {
	for first := 0; first < len(lines); first++ {
		var out []slack.Block
		if first > 0 {
			out = append(out, contextLine("afi-history-earlier", fmt.Sprintf("%s not shown: `peelbot afi show %s` prints them all.",
				plural(first, "earlier change", "earlier changes"), escape(id))))
		}
		packed := packSections("afi-history", lines[first:], maxBlocks)
		if len(out)+len(packed) <= room {
			return append(out, packed...)
		}
	}
	return nil
}

// stateLines are an AFI's status, owner, due date and last note.
func (b *Bot) stateLines(r afiRender, st tracker.Item) string {
	status := "*Status:* " + st.Status.Label()
	switch {
	case st.AddressedAt != nil:
		status += " since " + r.dateTime(*st.AddressedAt)
	case !st.OpenedAt.IsZero():
		status += " · " + r.daysOpen(st.OpenedAt)
	}
	lines := []string{status}
	if st.Owner != "" {
		lines = append(lines, "*Owner:* "+actorText(st.Owner))
	} else {
		lines = append(lines, "*Owner:* nobody yet")
	}
	if st.Due != nil {
		lines = append(lines, "*Due:* "+st.Due.Format("2 January 2006"))
	}
	if st.LastNote != "" {
		label := "*Last note:* "
		if st.Status == tracker.StatusAddressed {
			label = "*Evidence:* "
		}
		lines = append(lines, label+escape(clip(st.LastNote, 1200)))
	}
	return strings.Join(lines, "\n")
}

// channelText shows a channel: a channel id as a link Slack names, anything
// else as text.
func channelText(ch string) string {
	if len(ch) > 1 && (ch[0] == 'C' || ch[0] == 'G') && strings.ToUpper(ch) == ch && !strings.ContainsAny(ch, " #") {
		return "<#" + ch + ">"
	}
	return escape(ch)
}
