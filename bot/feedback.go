package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
)

// Slack's feedback buttons (👍 / 👎) under every answer (render.Feedback)
// are answered here. Each person has one vote on an answer, which a
// second click changes; a 👎 opens a short form asking why. The vote is
// kept with the question and the passages shown, so that real misses can
// become evaluation cases (`peelbot feedback`).

// reasonOrigin is what the reason form carries: the answer voted on and
// where.
type reasonOrigin struct {
	Answer  string `json:"a"`
	Channel string `json:"c,omitempty"`
}

// actVote records a click on a feedback button; a 👎 opens the form that
// asks why.
func (b *Bot) actVote(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, err := render.DecodeRef(act.Value)
	if err != nil || r.Q == "" || (r.Vote != render.VoteUp && r.Vote != render.VoteDown) {
		b.log.Warn("bad feedback button value")
		b.tell(ctx, ic, "Sorry, I could not read that button, so your vote was not kept.")
		return
	}
	helpful := r.Vote == render.VoteUp
	if !b.vote(ctx, ic, r, helpful) {
		return
	}
	if helpful {
		return // Slack shows the 👍 chosen; nothing more to say
	}
	meta, _ := json.Marshal(reasonOrigin{Answer: r.Answer(), Channel: clickChannel(ic)})
	if err := b.api.OpenModal(ctx, ic.TriggerID, render.ReasonModal(r.Q, string(meta))); err != nil {
		b.log.Error("feedback form failed", "error", err.Error())
		b.tell(ctx, ic, "Thanks — noted that this did not help. (I couldn't open the form asking why; rephrasing, or a filter such as `kind:afi`, may find what you need.)")
	}
}

// clickChannel is the channel of the message clicked in.
func clickChannel(ic *slack.InteractionCallback) string {
	return cmp.Or(ic.Container.ChannelID, ic.Channel.ID)
}

// vote keeps the clicker's vote on the answer r names, telling them when
// it cannot be kept.
func (b *Bot) vote(ctx context.Context, ic *slack.InteractionCallback, r render.Ref, helpful bool) bool {
	if b.store == nil {
		b.tell(ctx, ic, "Thanks, but this peelbot keeps no feedback (it has no store).")
		return false
	}
	if len(b.answers.Passages(r.IDs)) != len(r.IDs) {
		b.tell(ctx, ic, "That answer's passages are no longer in the reports I have loaded, so your vote was not kept. Please search again with /peel.")
		return false
	}
	f := store.Feedback{Answer: r.Answer(), Question: r.Q, PassageIDs: r.IDs, User: ic.User.ID, Channel: clickChannel(ic), Helpful: helpful}
	changed, err := b.store.Vote(ctx, f)
	if err != nil {
		b.log.Error("feedback not recorded", "error", err.Error())
		b.tell(ctx, ic, "Sorry, your feedback could not be saved just now. Please click again in a moment.")
		return false
	}
	b.log.Info("feedback", "helpful", helpful, "changed", changed, "user", ic.User.ID, "passages", len(r.IDs))
	return true
}

// actFeedback answers a click on the Helpful / Not helpful buttons of
// answers posted before the feedback buttons: a vote as well, thanked
// privately.
func (b *Bot) actFeedback(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, err := render.DecodeRef(act.Value)
	if err != nil || r.Q == "" {
		b.log.Warn("bad feedback button value")
		b.tell(ctx, ic, "Sorry, I could not read that button, so your vote was not kept.")
		return
	}
	helpful := render.ActionOf(act.ActionID) == render.ActionHelpful
	if !b.vote(ctx, ic, r, helpful) {
		return
	}
	text := "Thanks — noted."
	if !helpful {
		text = "Thanks — noted. It helps make peelbot's answers better; rephrasing, or a filter (`/peel help`), may find what you need."
	}
	b.tell(ctx, ic, text)
}

// submitReason keeps why an answer did not help, from the form a 👎
// opened. It answers Slack: nil closes the form, errors keep it open.
func (b *Bot) submitReason(ic slack.InteractionCallback) any {
	fail := func(block, text string) any {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{block: text})
	}
	var o reasonOrigin
	if err := json.Unmarshal([]byte(ic.View.PrivateMetadata), &o); err != nil || o.Answer == "" {
		return fail(render.BlockReason, "Sorry, this form is out of date. Close it and click 👎 again.")
	}
	if b.store == nil {
		return fail(render.BlockReason, "This peelbot keeps no feedback (it has no store).")
	}
	var reason, why string
	if ic.View.State != nil {
		if v, ok := ic.View.State.Values[render.BlockReason][render.InputReason]; ok {
			reason = v.SelectedOption.Value
		}
		why = strings.TrimSpace(ic.View.State.Values[render.BlockWhy][render.InputWhy].Value)
	}
	if reason == "" {
		return fail(render.BlockReason, "Choose what was wrong with the answer.")
	}
	ctx, cancel := context.WithTimeout(b.bg.ctx, submitTimeout)
	defer cancel()
	if err := b.store.GiveReason(ctx, o.Answer, ic.User.ID, reason, why); err != nil {
		if tracker.ErrorCode(err) == "" {
			b.log.Error("feedback reason not recorded", "error", err.Error())
			return fail(render.BlockReason, "Sorry, that could not be saved just now. Please send it again in a moment.")
		}
		return fail(render.BlockReason, render.Clip(tracker.ErrorMessage(err), 500))
	}
	b.log.Info("feedback reason", "reason", reason, "user", ic.User.ID, "with_note", why != "")
	return nil
}
