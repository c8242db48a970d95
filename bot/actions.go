package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/tracker"
)

// actionFunc acts on a click of one button. It runs in the background,
// after Slack has been answered.
type actionFunc func(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction)

// newActions is the table of buttons, by action_id (render's Action…
// constants). A new button is one entry here.
func (b *Bot) newActions() map[string]actionFunc {
	return map[string]actionFunc{
		render.ActionShare:         b.actShare,
		render.ActionShareThread:   b.actShare,
		render.ActionMore:          b.actMore,
		render.ActionFullText:      b.actFullText,
		render.ActionSummarise:     b.actSummarise,
		render.ActionAFIClose:      b.formFor(tracker.ActionClose),
		render.ActionAFIStart:      b.actAFIStart,
		render.ActionAFIReopen:     b.formFor(tracker.ActionReopen),
		render.ActionAFIAssign:     b.formFor(tracker.ActionAssign),
		render.ActionAFIShow:       b.actAFIShow,
		render.ActionAFIPage:       b.actAFIPage,
		render.ActionItemPrev:      b.actAFIPage,
		render.ActionItemNext:      b.actAFIPage,
		render.ActionItemPropose:   b.formFor(tracker.ActionPropose),
		render.ActionItemSignoff:   b.formFor(tracker.ActionSignoff),
		render.ActionItemSendback:  b.formFor(tracker.ActionSendback),
		render.ActionItemDue:       b.formFor(tracker.ActionDue),
		render.ActionItemNote:      b.formFor(tracker.ActionNote),
		render.ActionItemSupersede: b.formFor(tracker.ActionSupersede),
		render.ActionItemCarry:     b.actItemCarry,
		render.ActionItemReplaced:  b.actItemCarry,
		render.ActionFeedback:      b.actVote,
		render.ActionHelpful:       b.actFeedback,
		render.ActionNotHelpful:    b.actFeedback,
	}
}

// handleInteraction schedules what an interaction payload asks for and
// returns at once. ack is what to answer Slack with: nil for an empty 200,
// or, for a modal's submission, the errors that keep it open
// (handleViewSubmission).
func (b *Bot) handleInteraction(ic slack.InteractionCallback) (ack any) {
	switch ic.Type {
	case slack.InteractionTypeBlockActions:
		if len(ic.ActionCallback.BlockActions) == 0 {
			b.log.Warn("block_actions payload without block actions")
		}
		for _, act := range ic.ActionCallback.BlockActions {
			fn, ok := b.actions[render.ActionOf(act.ActionID)]
			if !ok {
				// A button from a message posted by another version.
				b.log.Warn("unknown action", "action_id", act.ActionID)
				fn = func(ctx context.Context, ic *slack.InteractionCallback, _ *slack.BlockAction) {
					b.tell(ctx, ic, "That button no longer works. Please search again with /peel.")
				}
			}
			b.spawn("action "+render.ActionOf(act.ActionID), func(ctx context.Context) { fn(ctx, &ic, act) })
		}
	case slack.InteractionTypeMessageAction:
		if ic.CallbackID != render.CallbackFind {
			b.log.Warn("unknown shortcut", "callback_id", ic.CallbackID)
			return nil
		}
		b.spawn("shortcut "+ic.CallbackID, func(ctx context.Context) { b.shortcutFind(ctx, &ic) })
	case slack.InteractionTypeViewSubmission:
		return b.handleViewSubmission(ic)
	default:
		b.log.Debug("interaction ignored", "type", string(ic.Type), "callback_id", ic.CallbackID)
	}
	return nil
}

// tell answers the user who clicked, privately, without touching the
// message they clicked in.
func (b *Bot) tell(ctx context.Context, ic *slack.InteractionCallback, text string) {
	m := render.Note(render.Escape(text))
	err := b.api.Respond(ctx, ic.ResponseURL, m, false)
	if err != nil && ic.Channel.ID != "" {
		err = b.api.PostEphemeral(ctx, ic.Channel.ID, ic.User.ID, "", m)
	}
	if err != nil {
		b.log.Error("could not tell user", "user", ic.User.ID, "error", err.Error())
	}
}

// badButton tells the clicker, privately, that the button's value could
// not be used, and that nothing was done.
func (b *Bot) badButton(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction, err error) {
	b.log.Warn("bad button value", "action_id", act.ActionID, "error", firstLine(err.Error()))
	b.tell(ctx, ic, "Sorry, I could not read that button, so nothing was done. Please search again with /peel.")
}

// passageOf reads the passage a button names; when it cannot, it tells the
// user why.
func (b *Bot) passageOf(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) (answer.Passage, render.Ref, bool) {
	r, err := render.DecodeRef(act.Value)
	if err == nil && len(r.IDs) == 0 {
		err = errors.New("no passage id")
	}
	if err != nil {
		b.badButton(ctx, ic, act, err)
		return answer.Passage{}, r, false
	}
	q, ok := b.answers.Passage(r.IDs[0])
	if !ok {
		b.tell(ctx, ic, "That passage is no longer in the reports I have loaded. Please search again with /peel.")
		return answer.Passage{}, r, false
	}
	return q, r, true
}

// actShare posts a passage publicly with its citation and who shared it:
// into the searched message's thread (Share in thread), or where the
// answer was shown, in its thread when it was given in one.
func (b *Bot) actShare(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	q, r, ok := b.passageOf(ctx, ic, act)
	if !ok {
		return
	}
	if len(r.IDs) > 1 {
		q = b.answers.WithExplanation(q, r.IDs[1]) // an AFI, shared as shown
	}
	channel := cmp.Or(ic.Container.ChannelID, ic.Channel.ID)
	thread := r.TS
	if render.ActionOf(act.ActionID) == render.ActionShare {
		thread = cmp.Or(ic.Container.ThreadTs, ic.Message.ThreadTimestamp)
	}
	if _, err := b.api.Post(ctx, channel, thread, render.Shared(q, ic.User.ID)); err != nil {
		b.log.Error("share failed", "channel", channel, "error", err.Error())
		b.tell(ctx, ic, shareFailed(err))
		return
	}
	b.log.Info("shared", "passage", q.ID, "channel", channel, "thread", thread != "", "user", ic.User.ID)
}

// shareFailed explains a refused post in terms the user can act on.
func shareFailed(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "not_in_channel", "channel_not_found":
			return "I can't post in this conversation. Add me to the channel (type /invite @peelbot) and share again."
		case "is_archived":
			return "This channel is archived, so nothing can be posted in it."
		case "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel":
			return "This channel's settings don't let apps post here."
		}
	}
	if !slackclient.NothingDone(err) {
		// Slack may have posted it and lost only its answer; sharing again
		// blindly could show it twice.
		return "Slack did not confirm the share in time, so it may have gone through: check the conversation before sharing again."
	}
	return "Sorry, I couldn't share that just now: Slack did not accept the message. Please try again."
}

// actMore replaces the answer with the next passages.
func (b *Bot) actMore(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	r, err := render.DecodeRef(act.Value)
	if err != nil {
		b.badButton(ctx, ic, act, err)
		return
	}
	mode := render.ModeCommand
	if r.TS != "" {
		mode = render.ModeShortcut
	}
	a, err := b.search(ctx, mode, r.Q, r.Off, b.scopeOf(ctx, clickChannel(ic)))
	if err != nil {
		m := b.searchFailed(err)
		b.tell(ctx, ic, m.Text)
		return
	}
	if r.Off > 0 && r.Off >= a.Total {
		// The reports changed since, or the value was not one of ours:
		// the answer shown stays as it is.
		b.tell(ctx, ic, fmt.Sprintf("There are no more results: the search now finds %d passages. Please search again with /peel.", a.Total))
		return
	}
	a.ThreadTS = r.TS
	if err := b.api.Respond(ctx, ic.ResponseURL, a.Message(b.answers.Summariser != nil), true); err != nil {
		b.log.Error("more results failed", "error", err.Error())
	}
}

// actFullText opens the whole passage in a modal.
func (b *Bot) actFullText(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	q, _, ok := b.passageOf(ctx, ic, act)
	if !ok {
		return
	}
	if err := b.api.OpenModal(ctx, ic.TriggerID, render.PassageModal(q)); err != nil {
		b.log.Error("full text failed", "passage", q.ID, "error", err.Error())
		b.tell(ctx, ic, "Sorry, I couldn't open the full passage. Please click Full text again.")
	}
}

// actSummarise replaces the answer with a summary of its passages and the
// passages it cites; when there is no summary to show, the passages stay,
// with a note saying why.
func (b *Bot) actSummarise(ctx context.Context, ic *slack.InteractionCallback, act *slack.BlockAction) {
	if b.answers.Summariser == nil {
		// The button is from before summaries were turned off.
		b.tell(ctx, ic, "Summaries are not turned on for this peelbot. The passages are the reports' own words.")
		return
	}
	r, err := render.DecodeRef(act.Value)
	if err == nil && len(r.IDs) == 0 {
		err = errors.New("no passage ids")
	}
	if err != nil {
		b.badButton(ctx, ic, act, err)
		return
	}
	a := render.Reply{Answer: &answer.Answer{Question: r.Q, Offset: r.Off, Passages: b.answers.Passages(r.IDs)},
		Mode: render.ModeCommand, ThreadTS: r.TS, Feedback: b.store != nil}
	switch {
	case !ic.Container.IsEphemeral:
		a.Mode = render.ModeThread
	case r.TS != "":
		a.Mode = render.ModeShortcut
	}
	if len(a.Passages) != len(r.IDs) {
		// Every passage must be one the reports hold, or the summary
		// would cover less than the answer it replaces.
		b.tell(ctx, ic, "Those passages are no longer in the reports I have loaded, so nothing was summarised. Please search again with /peel.")
		return
	}
	for i, id := range r.Found {
		if i < len(a.Passages) && id != "" {
			// An AFI with what was found under it, as shown; the library
			// says whether the one explains the other.
			a.Passages[i] = b.answers.WithExplanation(a.Passages[i], id)
		}
	}
	a.Total = a.Offset + len(a.Passages)
	b.replace(ctx, ic, b.summarised(ctx, a, ic.User.ID))
}

// summarised is an answer with a summary of its passages above the ones
// the summary cites; when there is no summary to show, it is the passages
// with a note saying why. The passages are looked up by the renderer, never
// chosen by the model.
func (b *Bot) summarised(ctx context.Context, a render.Reply, user string) render.Message {
	sum, err := b.answers.Summarise(ctx, a.Question, user, a.Passages)
	if err == nil {
		if m, ok := a.WithSummary(sum); ok {
			return m
		}
		err = errors.New("the summary cited none of the passages")
	}
	b.log.Warn("no summary", "user", user, "error", err.Error())
	a.Extra = summaryNote(err)
	return a.Message(false)
}

// summaryNote says, in one line, why there is no summary.
func summaryNote(err error) string {
	why := strings.TrimSuffix(firstLine(err.Error()), ".")
	if errors.Is(err, summary.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
		why = "the model did not answer in time"
	}
	return "Summary unavailable: " + why + ". The passages above are the reports' own words."
}

// replace replaces the message a button was clicked in: through the
// response_url for a private message, with chat.update for a public one.
func (b *Bot) replace(ctx context.Context, ic *slack.InteractionCallback, m render.Message) {
	var err error
	if ic.Container.IsEphemeral || ic.Container.MessageTs == "" {
		err = b.api.Respond(ctx, ic.ResponseURL, m, true)
	} else {
		err = b.api.Update(ctx, cmp.Or(ic.Container.ChannelID, ic.Channel.ID), ic.Container.MessageTs, m)
	}
	if err != nil {
		b.log.Error("replace message failed", "error", err.Error())
	}
}

// shortcutFind answers "Find in PEEL reports" on a message: the passages
// its text finds, privately, with buttons that share into its thread.
func (b *Bot) shortcutFind(ctx context.Context, ic *slack.InteractionCallback) {
	msg := ic.Message
	text := plainText(msg.Text)
	if text == "" {
		b.tell(ctx, ic, "That message has no text to search the reports for.")
		return
	}
	a, err := b.search(ctx, render.ModeShortcut, text, 0, b.scopeOf(ctx, ic.Channel.ID))
	if err != nil {
		b.tell(ctx, ic, b.searchFailed(err).Text)
		return
	}
	// Sharing goes into the message's thread: the thread it is in, or the
	// one it starts.
	a.ThreadTS = cmp.Or(msg.ThreadTimestamp, msg.Timestamp, ic.MessageTs)
	m := a.Message(b.answers.Summariser != nil)
	// The answer is shown where the user is looking: in the thread when
	// the message is a render.Reply in one, else in the channel.
	where := ""
	if msg.ThreadTimestamp != "" && msg.ThreadTimestamp != msg.Timestamp {
		where = msg.ThreadTimestamp
	}
	err = b.api.PostEphemeral(ctx, ic.Channel.ID, ic.User.ID, where, m)
	if err != nil {
		// chat.postEphemeral needs the bot in the channel; the
		// response_url works anywhere.
		b.log.Warn("ephemeral post failed; using response_url", "error", err.Error())
		err = b.api.Respond(ctx, ic.ResponseURL, m, false)
	}
	if err != nil {
		b.log.Error("shortcut answer failed", "error", err.Error())
	}
}

// firstLine is the first line of s, at most 200 characters.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return render.Clip(s, 200)
}
