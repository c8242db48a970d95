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
// answer goes back there. A modal carries it in its private metadata.
type afiOrigin struct {
	AFI         string `json:"afi"`
	View        string `json:"v"`
	Page        int    `json:"p,omitempty"`
	Channel     string `json:"ch,omitempty"`
	ResponseURL string `json:"ru,omitempty"`
	MessageTS   string `json:"ts,omitempty"`
	ThreadTS    string `json:"th,omitempty"`
}

func originOf(ic *slack.InteractionCallback, r render.AFIRef) afiOrigin {
	o := afiOrigin{AFI: r.ID, View: r.View, Page: r.Page, ResponseURL: ic.ResponseURL,
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

// afiButton reads an AFI button's click: the AFI, and where it was
// clicked. ok is false when the click was answered already (an unreadable
// button, an AFI no longer loaded, tracking off).
func (b *Bot) afiButton(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) (afiOrigin, bool) {
	r, err := render.DecodeAFIRef(act.Value)
	if err != nil {
		b.log.Warn("bad AFI button value", "action_id", act.ActionID)
	}
	o := originOf(ic, r)
	switch {
	case b.afi.svc == nil:
		b.tellAFI(ctx, ic, o, noStoreText)
		return o, false
	case err != nil || (r.ID == "" && render.ActionOf(act.ActionID) != render.ActionAFIPage):
		b.tellAFI(ctx, ic, o, "Sorry, I could not read that button. `/peel afi` shows the AFIs again.")
		return o, false
	case r.ID != "" && b.lib.AFI(r.ID) == nil:
		b.tellAFI(ctx, ic, o, unknownAFIText(r.ID))
		return o, false
	}
	return o, true
}

// mayAct checks, before a form is opened or a change made, that the user
// who clicked may change the AFI, and tells them when not.
func (b *Bot) mayAct(ctx context.Context, ic *slack.InteractionCallback, o afiOrigin) bool {
	err := b.afi.svc.Check(o.AFI, ic.User.ID)
	if err == nil {
		return true
	}
	if tracker.ErrorCode(err) == tracker.ErrForbidden {
		b.log.Info("AFI change refused: not an admin", "user", ic.User.ID, "afi", o.AFI)
	}
	b.tellAFI(ctx, ic, o, b.refused(err, "check", o.AFI))
	return false
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

// actAFIClose opens the modal that asks for the evidence.
func (b *Bot) actAFIClose(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok || !b.mayAct(ctx, ic, o) {
		return
	}
	x := b.lib.AFI(o.AFI)
	view := render.CloseModal(tracker.Entry{AFI: x, Cite: b.lib.CiteAFI(x)}, o.encode())
	if err := b.api.OpenModal(ctx, ic.TriggerID, view); err != nil {
		b.log.Error("evidence modal failed", "afi", x.ID, "error", err.Error())
		b.tellAFI(ctx, ic, o, fmt.Sprintf("Sorry, I couldn't open the form. Please click again, or type `/peel afi close %s &lt;evidence&gt;`.", x.ID))
	}
}

// actAFIAssign opens the modal that asks whom to assign the AFI to.
func (b *Bot) actAFIAssign(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok || !b.mayAct(ctx, ic, o) {
		return
	}
	x := b.lib.AFI(o.AFI)
	entry, _, err := b.afi.svc.Entry(ctx, x.ID)
	if err != nil {
		b.tellAFI(ctx, ic, o, b.refused(err, "read", x.ID))
		return
	}
	view := render.AssignModal(entry, o.encode())
	if err := b.api.OpenModal(ctx, ic.TriggerID, view); err != nil {
		b.log.Error("assign modal failed", "afi", x.ID, "error", err.Error())
		b.tellAFI(ctx, ic, o, fmt.Sprintf("Sorry, I couldn't open the form. Please click again, or type `/peel afi assign %s @someone`.", x.ID))
	}
}

// actAFIStart records that work on the AFI has begun.
func (b *Bot) actAFIStart(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	b.changeFromButton(ctx, ic, act, tracker.ActionStart)
}

// actAFIReopen puts an addressed AFI back to work.
func (b *Bot) actAFIReopen(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	b.changeFromButton(ctx, ic, act, tracker.ActionReopen)
}

// changeFromButton makes a status change that needs no form (start,
// reopen) for the user who clicked, if they may, and reports it.
func (b *Bot) changeFromButton(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction, action tracker.Action) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok || !b.mayAct(ctx, ic, o) {
		return
	}
	_, ev, err := b.afi.svc.Do(ctx, tracker.Change{ItemID: o.AFI, Action: action, Actor: ic.User.ID, Channel: o.Channel})
	if err != nil {
		b.tellAFI(ctx, ic, o, b.refused(err, string(action), o.AFI))
		return
	}
	b.afterChange(ctx, ic.User.ID, o, ev)
}

// actAFIShow shows the AFI with its history, privately: next to the
// message, or in a modal on the Home tab.
func (b *Bot) actAFIShow(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok {
		return
	}
	if o.View == render.ViewHome {
		m, err := b.afiDetailIn(ctx, o.AFI, "", "", 100)
		if err != nil {
			b.tellAFI(ctx, ic, o, b.refused(err, "read", o.AFI))
			return
		}
		if err := b.api.OpenModal(ctx, ic.TriggerID, render.DetailModal(m)); err != nil {
			b.log.Error("AFI modal failed", "afi", o.AFI, "error", err.Error())
		}
		return
	}
	m, err := b.afiDetail(ctx, o.AFI, "")
	if err != nil {
		b.tellAFI(ctx, ic, o, b.refused(err, "read", o.AFI))
		return
	}
	if err := b.api.Respond(ctx, ic.ResponseURL, m, false); err != nil {
		b.log.Error("AFI details failed", "afi", o.AFI, "error", err.Error())
	}
}

// actAFIPage shows another page of /peel afi in place of the one shown.
func (b *Bot) actAFIPage(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	o, ok := b.afiButton(ctx, ic, act)
	if !ok {
		return
	}
	if err := b.api.Respond(ctx, ic.ResponseURL, b.afiList(ctx, o.Page, ""), true); err != nil {
		b.log.Error("AFI page failed", "error", err.Error())
	}
}

// handleViewSubmission answers a modal's submission: nil closes the modal,
// a *slack.ViewSubmissionResponse with errors keeps it open showing them.
// The change is made before answering, so that a refusal can be shown in
// the modal; what follows from it runs in the background.
func (b *Bot) handleViewSubmission(ic slack.InteractionCallback) any {
	switch ic.View.CallbackID {
	case render.CallbackAFIClose:
		return b.submitAFIChange(ic, render.BlockEvidence, tracker.ActionClose)
	case render.CallbackAFIAssign:
		return b.submitAFIChange(ic, render.BlockOwner, tracker.ActionAssign)
	case render.CallbackReason:
		return b.submitReason(ic)
	}
	b.log.Debug("view submission ignored", "callback_id", ic.View.CallbackID)
	return nil
}

// submitTimeout bounds the change a modal's submission makes while Slack
// waits (it allows three seconds).
const submitTimeout = 2500 * time.Millisecond

func (b *Bot) submitAFIChange(ic slack.InteractionCallback, block string, action tracker.Action) any {
	fail := func(text string) any {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: render.Clip(text, 500)})
	}
	var o afiOrigin
	if err := json.Unmarshal([]byte(ic.View.PrivateMetadata), &o); err != nil || o.AFI == "" {
		return fail("Sorry, this form is out of date. Close it and click the button again.")
	}
	if b.afi.svc == nil {
		return fail(noStoreText)
	}
	user := ic.User.ID
	if err := b.afi.svc.Check(o.AFI, user); err != nil {
		if tracker.ErrorCode(err) == tracker.ErrForbidden {
			b.log.Info("AFI change refused: not an admin", "user", user, "afi", o.AFI)
			return fail(tracker.RefusalText)
		}
		return fail(plainText(b.refused(err, "check", o.AFI)))
	}
	ctx, cancel := context.WithTimeout(b.bg.ctx, submitTimeout)
	defer cancel()
	var values map[string]slack.BlockAction
	if ic.View.State != nil {
		values = ic.View.State.Values[block]
	}
	change := tracker.Change{ItemID: o.AFI, Action: action, Actor: user, Channel: o.Channel}
	switch action {
	case tracker.ActionClose:
		change.Note = strings.TrimSpace(values[render.InputEvidence].Value)
		if change.Note == "" {
			return fail("Write the evidence: what was done, and where it is recorded. Nothing has been changed.")
		}
	case tracker.ActionAssign:
		change.Owner = values[render.InputOwner].SelectedUser
		if change.Owner == "" {
			return fail("Choose who is responsible. Nothing has been changed.")
		}
	}
	_, ev, err := b.afi.svc.Do(ctx, change)
	if err != nil {
		return fail(plainText(b.refused(err, string(action), o.AFI)))
	}
	b.log.Info("AFI changed", "afi", o.AFI, "action", string(action), "user", user, "channel", o.Channel)
	b.spawn("after "+string(action), func(ctx context.Context) { b.afterChange(ctx, user, o, ev) })
	return nil
}

// afterChange answers a change made with a button where it was made: the
// private list or AFI is shown again with the change; a digest's thread
// hears who did what; a Home tab is published again. Then every Home tab
// that shows the AFI is brought up to date.
func (b *Bot) afterChange(ctx context.Context, user string, o afiOrigin, ev tracker.Event) {
	banner := "✅ You " + render.DescribeChange(ev, "`"+o.AFI+"`") + "."
	if err := b.showChange(ctx, user, o, ev, banner); err != nil {
		b.log.Error("could not show the change", "afi", o.AFI, "view", o.View, "error", err.Error())
	}
	showBanner := ""
	if o.View == render.ViewHome {
		showBanner = banner
	}
	b.refreshHomes(ctx, showBanner, user, ev.Owner)
}

// showChange shows a change where it was made (the Home tab is left to
// refreshHomes).
func (b *Bot) showChange(ctx context.Context, user string, o afiOrigin, ev tracker.Event, banner string) error {
	var m render.Message
	var err error
	switch o.View {
	case render.ViewDigest:
		text := render.ActorText(user) + " " + render.DescribeChange(ev, "`"+o.AFI+"`") + "."
		_, err = b.api.Post(ctx, o.Channel, cmp.Or(o.ThreadTS, o.MessageTS), render.Notice("afi-change", text))
		if err == nil {
			return nil
		}
		// The change is made; say so privately rather than not at all.
		b.log.Warn("could not tell the digest's thread", "afi", o.AFI, "error", err.Error())
		return b.api.Respond(ctx, o.ResponseURL, render.Note(banner), false)
	case render.ViewList:
		m = b.afiList(ctx, o.Page, banner)
	case render.ViewDetail:
		if m, err = b.afiDetail(ctx, o.AFI, banner); err != nil {
			m = render.Note(banner)
		}
	default:
		return nil
	}
	if err = b.api.Respond(ctx, o.ResponseURL, m, true); err == nil || o.Channel == "" {
		return err
	}
	// A response_url lapses after half an hour; say so next to the message
	// instead.
	b.log.Warn("could not show the change in place", "afi", o.AFI, "error", err.Error())
	return b.api.PostEphemeral(ctx, o.Channel, user, o.ThreadTS, render.Note(banner))
}
