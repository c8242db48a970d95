package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker/store"
)

// The Helpful / Not helpful buttons under every answer. Each click is kept
// in the store with the question and the passages shown, so that real
// misses can become evaluation cases (`peelbot feedback`).
const (
	actionHelpful    = "peel_helpful"
	actionNotHelpful = "peel_not_helpful"
)

// feedbackButtons are the answer's Helpful / Not helpful buttons, when
// feedback is kept. Their value is the question and the passages shown,
// within the button value limit (the question is shortened if it must be).
func (a reply) feedbackButtons() []slack.BlockElement {
	if !a.feedback {
		return nil
	}
	v := ref{Q: a.Question, IDs: a.IDs()}.encode()
	return []slack.BlockElement{button(actionHelpful, "Helpful", v), button(actionNotHelpful, "Not helpful", v)}
}

// feedbackBlock is the buttons in a block of their own, for an answer that
// has no footer (nothing was found).
func (a reply) feedbackBlock() []slack.Block {
	if bs := a.feedbackButtons(); len(bs) > 0 {
		return []slack.Block{slack.NewActionBlock("feedback", bs...)}
	}
	return nil
}

// actFeedback records a click on Helpful or Not helpful and thanks the
// user privately.
func (b *Bot) actFeedback(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, err := decodeRef(act.Value)
	if err != nil || r.Q == "" {
		b.log.Warn("bad feedback button value")
		b.tell(ctx, ic, "Sorry, I could not read that button.")
		return
	}
	if b.store == nil {
		b.tell(ctx, ic, "Thanks, but this peelbot keeps no feedback (it has no store).")
		return
	}
	helpful := act.ActionID == actionHelpful
	f := store.Feedback{Question: r.Q, PassageIDs: r.IDs, User: ic.User.ID,
		Channel: firstOf(ic.Container.ChannelID, ic.Channel.ID), Helpful: helpful}
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
