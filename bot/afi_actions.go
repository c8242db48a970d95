package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
)

// afiOrigin is where a change made with a button came from, so that the
// answer goes back there, and which change a modal makes. A modal carries
// it in its private metadata.
type afiOrigin struct {
	AFI         string         `json:"afi"`
	Action      tracker.Action `json:"a,omitempty"`
	View        string         `json:"v"`
	Page        int            `json:"p,omitempty"`
	Filter      string         `json:"f,omitempty"`
	Channel     string         `json:"ch,omitempty"`
	ResponseURL string         `json:"ru,omitempty"`
	MessageTS   string         `json:"ts,omitempty"`
	ThreadTS    string         `json:"th,omitempty"`
}

func originOf(ic *slack.InteractionCallback, r render.AFIRef) afiOrigin {
	o := afiOrigin{AFI: r.ID, View: r.View, Page: r.Page, Filter: r.Filter, ResponseURL: ic.ResponseURL,
		Channel: cmp.Or(ic.Container.ChannelID, ic.Channel.ID), MessageTS: ic.Container.MessageTs, ThreadTS: ic.Container.ThreadTs}
	if ic.View.Type == slack.VTHomeTab || ic.Container.Type == "view" {
		o.View, o.Channel = render.ViewHome, ""
	}
	if o.View == "" {
		o.View = render.ViewDetail
	}
	return o
}

func (o afiOrigin) encode() string {
	raw, _ := json.Marshal(o)
	return string(raw)
}

// afiButton reads an item button's click: the item, and where it was
// clicked. ok is false when the click was answered already (an unreadable
// button, an item no longer loaded, tracking off).
func (b *Bot) afiButton(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) (afiOrigin, bool) {
	r, err := render.DecodeAFIRef(act.Value)
	if err != nil {
		b.log.Warn("bad item button value", "action_id", act.ActionID)
	}
	o := originOf(ic, r)
	action := render.ActionOf(act.ActionID)
	paging := action == render.ActionAFIPage || action == render.ActionItemPrev || action == render.ActionItemNext
	switch {
	case b.afi.svc == nil:
		b.tellAFI(ctx, ic, o, noStoreText)
		return o, false
	case err != nil || (r.ID == "" && !paging):
		b.tellAFI(ctx, ic, o, "Sorry, I could not read that button. `/peel afi` shows the items again.")
		return o, false
	case r.ID != "":
		if _, err := b.afi.svc.Resolve(r.ID); err != nil {
			b.tellAFI(ctx, ic, o, buttonItemMissing(r.ID, err, b.refused(err, "button")))
			return o, false
		}
	}
	return o, true
}

// buttonItemMissing is the answer to a button whose item no loaded report
// has (a report removed since it was posted, or a tampered value): the
// item is not found. A button only names one item, so an id that fits
// several is answered as the tracker words it (otherwise).
func buttonItemMissing(id string, err error, otherwise string) string {
	if tracker.ErrorCode(err) != tracker.ErrUnknownItem {
		return otherwise
	}
	return "Item `" + render.Escape(render.Clip(id, 60)) + "` was not found in the loaded reports (it may have been removed since this message was posted). `/peel afi` lists the items with their ids."
}

// tellAFI answers the user who clicked, privately: on their Home tab when
// they clicked there, else next to the message.
func (b *Bot) tellAFI(ctx context.Context, ic *slack.InteractionCallback, o afiOrigin, text string) {
	if o.View == render.ViewHome {
		b.publishHomeFor(ctx, ic.User.ID, text)
		return
	}
	m := render.Note(text)
	err := b.api.Respond(ctx, ic.ResponseURL, m, false)
	if err != nil && o.Channel != "" {
		err = b.api.PostEphemeral(ctx, o.Channel, ic.User.ID, "", m)
	}
	if err != nil {
		b.log.Error("could not tell user", "user", ic.User.ID, "error", err.Error())
	}
}

// formFor opens the modal that asks what a change needs, for the user who
// clicked, once the tracker says they may make it to the item as it
// stands; a refusal is said instead and nothing opens.
func (b *Bot) formFor(action tracker.Action) actionFunc {
	return func(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
		o, ok := b.afiButton(ctx, ic, act)
		if !ok {
			return
		}
		if render.ActionOf(act.ActionID) == render.ActionAFIClose {
			// Posted before sign-off as "Mark addressed" for everyone: a
			// reviewer closes, an owner proposes.
			if e, _, err := b.afi.svc.Entry(ctx, o.AFI); err == nil && !b.afi.svc.Allowed(ic.User.ID, tracker.ActionClose, e.Item) &&
				b.afi.svc.Allowed(ic.User.ID, tracker.ActionPropose, e.Item) {
				action = tracker.ActionPropose
			}
		}
		entry, err := b.afi.svc.Check(ctx, o.AFI, ic.User.ID, action)
		if err != nil {
			if tracker.ErrorCode(err) == tracker.ErrForbidden {
				b.log.Info("item change refused", "user", ic.User.ID, "item", o.AFI, "action", string(action))
			}
			b.tellAFI(ctx, ic, o, b.refused(err, "check"))
			return
		}
		o.AFI, o.Action = entry.Item.ID, action
		form := render.ChangeForm{Action: action}
		if action == tracker.ActionSupersede {
			form.Suggest = b.likelySuccessor(ctx, entry.Item.ID)
		}
		if err := b.api.OpenModal(ctx, ic.TriggerID, render.ChangeModal(entry, form, o.encode())); err != nil {
			b.log.Error("item modal failed", "item", entry.Item.ID, "error", err.Error())
			b.tellAFI(ctx, ic, o, fmt.Sprintf("Sorry, I couldn't open the form. Please click again, or type `/peel afi %s %s …`.", verbOf(action), entry.Item.ID))
		}
	}
}

// verbOf is the command that makes a change of action.
func verbOf(a tracker.Action) string {
	if a == tracker.ActionAssign {
		return "assign"
	}
	return string(a)
}

// likelySuccessor is the later item the item most likely became, for the
// Supersede form; "" when there is none.
func (b *Bot) likelySuccessor(ctx context.Context, id string) string {
	entries, err := b.afi.svc.Entries(ctx)
	if err != nil {
		return ""
	}
	for _, s := range tracker.Successors(b.afi.svc.Catalog(), entries) {
		if s.Earlier.Item.ID == id {
			if best := s.Best(); best != nil {
				return best.Source.ID
			}
			return s.Later.ID
		}
	}
	return ""
}

// actAFIStart (a button of before sign-off) assigns the item to whoever
// clicked, if they may.
func (b *Bot) actAFIStart(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	b.changeFromButton(ctx, ic, act, tracker.Change{Action: tracker.ActionStart})
}

// actItemCarry carries an earlier item forward to the later one its
// button names; Slack asked the clicker to confirm first.
func (b *Bot) actItemCarry(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, _ := render.DecodeAFIRef(act.Value)
	b.changeFromButton(ctx, ic, act, tracker.Change{Action: tracker.ActionSupersede, By: r.By})
}

// changeFromButton makes a change that needs no form for the user who
// clicked, if they may, and reports it.
func (b *Bot) changeFromButton(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction, c tracker.Change) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok {
		return
	}
	c.ItemID, c.Actor, c.Channel = o.AFI, ic.User.ID, o.Channel
	it, ev, err := b.afi.svc.Do(ctx, c)
	if err != nil {
		b.tellAFI(ctx, ic, o, b.refused(err, string(c.Action)))
		return
	}
	o.AFI = it.ID
	b.afterChange(ctx, ic.User.ID, o, ev)
}

// actAFIShow shows the item with its history, privately: next to the
// message, or in a modal on the Home tab.
func (b *Bot) actAFIShow(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok {
		return
	}
	if o.View == render.ViewHome {
		m, err := b.itemDetailIn(ctx, ic.User.ID, o.AFI, "", "", 100)
		if err != nil {
			b.tellAFI(ctx, ic, o, b.refused(err, "read"))
			return
		}
		if err := b.api.OpenModal(ctx, ic.TriggerID, render.DetailModal(m)); err != nil {
			b.log.Error("item modal failed", "item", o.AFI, "error", err.Error())
		}
		return
	}
	m, err := b.itemDetail(ctx, ic.User.ID, o.AFI, "")
	if err != nil {
		b.tellAFI(ctx, ic, o, b.refused(err, "read"))
		return
	}
	if err := b.api.Respond(ctx, ic.ResponseURL, m, false); err != nil {
		b.log.Error("item details failed", "item", o.AFI, "error", err.Error())
	}
}

// actAFIPage shows another page of /peel afi, with its filter, in place
// of the one shown.
func (b *Bot) actAFIPage(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok {
		return
	}
	if err := b.api.Respond(ctx, ic.ResponseURL, b.itemList(ctx, ic.User.ID, o.Filter, o.Page, ""), true); err != nil {
		b.log.Error("item page failed", "error", err.Error())
	}
}

// handleViewSubmission answers a modal's submission: nil closes the modal,
// a *slack.ViewSubmissionResponse with errors keeps it open showing them.
// The change is made before answering, so that a refusal can be shown in
// the modal; what follows from it runs in the background.
func (b *Bot) handleViewSubmission(ic slack.InteractionCallback) any {
	switch ic.View.CallbackID {
	case render.CallbackItem:
		return b.submitItemChange(ic, "")
	case render.CallbackAFIClose: // a form opened before sign-off
		return b.submitItemChange(ic, tracker.ActionClose)
	case render.CallbackAFIAssign:
		return b.submitItemChange(ic, tracker.ActionAssign)
	case render.CallbackReason:
		return b.submitReason(ic)
	}
	b.log.Debug("view submission ignored", "callback_id", ic.View.CallbackID)
	return nil
}

// submitTimeout bounds the change a modal's submission makes while Slack
// waits (it allows three seconds).
const submitTimeout = 2500 * time.Millisecond

func (b *Bot) submitItemChange(ic slack.InteractionCallback, action tracker.Action) any {
	block := render.BlockEvidence
	fail := func(text string) any {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: render.Clip(text, 500)})
	}
	var o afiOrigin
	if err := json.Unmarshal([]byte(ic.View.PrivateMetadata), &o); err != nil || o.AFI == "" {
		return fail("Sorry, this form is out of date. Close it and click the button again.")
	}
	action = cmp.Or(o.Action, action)
	switch action {
	case tracker.ActionAssign:
		block = render.BlockOwner
	case tracker.ActionSupersede:
		block = render.BlockBy
	}
	if b.afi.svc == nil {
		return fail(noStoreText)
	}
	values := map[string]map[string]slack.BlockAction{}
	if ic.View.State != nil {
		values = ic.View.State.Values
	}
	change := tracker.Change{ItemID: o.AFI, Action: action, Actor: ic.User.ID, Channel: o.Channel,
		Note: strings.TrimSpace(values[render.BlockEvidence][render.InputEvidence].Value)}
	switch action {
	case tracker.ActionAssign:
		change.Owner = values[render.BlockOwner][render.InputOwner].SelectedUser
		if change.Owner == "" {
			return fail("Choose who is responsible. Nothing has been changed.")
		}
	case tracker.ActionSupersede:
		change.By = strings.TrimSpace(values[render.BlockBy][render.InputBy].Value)
	case tracker.ActionDue:
		raw := values[render.BlockDue][render.InputDue].SelectedDate
		d, err := tracker.ParseDay(raw)
		if err != nil {
			block = render.BlockDue
			return fail("Choose the date it is due by. Nothing has been changed.")
		}
		change.Due = &d
	}
	ctx, cancel := context.WithTimeout(b.bg.ctx, submitTimeout)
	defer cancel()
	it, ev, err := b.afi.svc.Do(ctx, change)
	if err != nil {
		if action == tracker.ActionDue && strings.Contains(tracker.ErrorMessage(err), "past") {
			block = render.BlockDue
		}
		return fail(plainText(b.refused(err, string(action))))
	}
	o.AFI = it.ID
	b.log.Info("item changed", "item", it.ID, "action", string(action), "user", ic.User.ID, "channel", o.Channel)
	b.spawn("after "+string(action), func(ctx context.Context) { b.afterChange(ctx, ic.User.ID, o, ev) })
	return nil
}

// afterChange answers a change made with a button where it was made: the
// private list or item is shown again with the change and a banner that
// quotes the note just given; a Home tab is published again. Then every
// Home tab that shows the item, the day's digest and the notifications
// are brought up to date.
func (b *Bot) afterChange(ctx context.Context, user string, o afiOrigin, ev tracker.Event) {
	banner := "✅ You " + render.DescribeChange(ev, "`"+o.AFI+"`") + "."
	if err := b.showChange(ctx, user, o, banner); err != nil {
		b.log.Error("could not show the change", "item", o.AFI, "view", o.View, "error", err.Error())
	}
	if o.View == render.ViewHome {
		b.refreshHomes(ctx, banner, user, ev.Owner)
	} else {
		b.refreshHomes(ctx, "", user, ev.Owner)
	}
	select {
	case b.afi.poke <- struct{}{}:
	default:
	}
}

// showChange shows a change where it was made (the Home tab is left to
// refreshHomes).
func (b *Bot) showChange(ctx context.Context, user string, o afiOrigin, banner string) error {
	var m render.Message
	var err error
	switch o.View {
	case render.ViewList:
		m = b.itemList(ctx, user, o.Filter, o.Page, banner)
	case render.ViewDetail:
		if m, err = b.itemDetail(ctx, user, o.AFI, banner); err != nil {
			m = render.Note(banner)
		}
	case render.ViewDigest:
		// A button of a digest posted before sign-off: the digest is
		// brought up to date in place; the clicker hears privately.
		return b.api.Respond(ctx, o.ResponseURL, render.Note(banner), false)
	default:
		return nil
	}
	if err = b.api.Respond(ctx, o.ResponseURL, m, true); err == nil || o.Channel == "" {
		return err
	}
	// A response_url lapses after half an hour; say so next to the message
	// instead.
	b.log.Warn("could not show the change in place", "item", o.AFI, "error", err.Error())
	return b.api.PostEphemeral(ctx, o.Channel, user, o.ThreadTS, render.Note(banner))
}
