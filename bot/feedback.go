package bot

import (
	"cmp"
	"context"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker/store"
)

// The Helpful / Not helpful buttons under every answer (render.Reply's
// Feedback) are answered here. Each click is kept in the store with the
// question and the passages shown, so that real misses can become
// evaluation cases (`peelbot feedback`).

// actFeedback records a click on Helpful or Not helpful and thanks the
// user privately.
func (b *Bot) actFeedback(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, err := render.DecodeRef(act.Value)
	if err != nil || r.Q == "" {
		b.log.Warn("bad feedback button value")
		b.tell(ctx, ic, "Sorry, I could not read that button.")
		return
	}
	if b.store == nil {
		b.tell(ctx, ic, "Thanks, but this peelbot keeps no feedback (it has no store).")
		return
	}
	helpful := render.ActionOf(act.ActionID) == render.ActionHelpful
	f := store.Feedback{Question: r.Q, PassageIDs: r.IDs, User: ic.User.ID,
		Channel: cmp.Or(ic.Container.ChannelID, ic.Channel.ID), Helpful: helpful}
	if err := b.store.RecordFeedback(ctx, f); err != nil {
		b.log.Error("feedback not recorded", "error", err.Error())
		b.tell(ctx, ic, "Sorry, your feedback could not be saved just now. Please click again in a moment.")
		return
	}
	b.log.Info("feedback", "helpful", helpful, "user", ic.User.ID, "passages", len(r.IDs))
	text := "Thanks — noted."
	if !helpful {
		text = "Thanks — noted. It helps make peelbot's answers better; rephrasing, or a filter (`/peel help`), may find what you need."
	}
	b.tell(ctx, ic, text)
}
