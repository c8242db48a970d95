package bot

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// eventFunc acts on one Events API event. It runs in the background, after
// Slack has been answered, and at most once per event, unless it gives the
// event's dedupe key up (Bot.forget) because acting failed for certain.
type eventFunc func(ctx context.Context, cb *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent)

// newEvents is the table of Events API events acted on, by type. The Slack
// app subscribes to exactly these (deploy/slack-app-manifest.yaml).
func (b *Bot) newEvents() map[string]eventFunc {
	return map[string]eventFunc{
		string(slackevents.AppMention):                    b.onMention,
		string(slackevents.AppHomeOpened):                 b.onHomeOpened,
		string(slackevents.Message):                       b.onMessage,
		string(slackevents.AssistantThreadStarted):        b.onAssistantThreadStarted,
		string(slackevents.AssistantThreadContextChanged): b.onAssistantContextChanged,
		string(slackevents.LinkShared):                    b.onLinkShared,
	}
}

// handleEvent schedules the work an Events API event asks for and returns
// at once. An event is acted on once, however often Slack delivers it,
// and never when a bot (this one included) wrote it.
func (b *Bot) handleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	switch ev.Type {
	case slackevents.CallbackEvent:
	case slackevents.AppRateLimited:
		b.log.Warn("slack is rate limiting this app's events")
		return
	default:
		b.log.Debug("event ignored", "type", ev.Type)
		return
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	inner := ev.InnerEvent
	fn, ok := b.events[inner.Type]
	if !ok {
		b.log.Debug("event ignored", "type", inner.Type)
		return
	}
	if b.fromBot(inner) {
		b.log.Debug("event from a bot ignored", "type", inner.Type, "event_id", cb.EventID)
		return
	}
	if cb.EventID != "" && !b.firstTime(ctx, "event:"+cb.EventID) {
		b.log.Info("repeated event ignored", "type", inner.Type, "event_id", cb.EventID)
		return
	}
	b.spawn("event "+inner.Type, func(ctx context.Context) { fn(ctx, cb, inner) })
}

// firstTime asks the Deduper whether key is new. The bot's Deduper falls
// back to memory when the store fails (fallbackDeduper), so it answers
// without error; should it fail anyway, the event is not acted on: a
// reply posted once per delivery is what the dedupe exists to prevent.
func (b *Bot) firstTime(ctx context.Context, key string) bool {
	first, err := b.dedupe.FirstTime(ctx, key)
	if err != nil {
		b.log.Error("dedupe failed; not acting", "key", key, "error", err.Error())
		return false
	}
	return first
}

// forget gives dedupe keys up after acting on them failed for certain. A
// key that cannot be forgotten only means a retry is ignored, as before.
func (b *Bot) forget(ctx context.Context, keys ...string) {
	// The work's own time may be what ran out.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, key := range keys {
		if strings.HasSuffix(key, ":") {
			continue // an event without an id was never recorded
		}
		if err := b.dedupe.Forget(ctx, key); err != nil {
			b.log.Error("dedupe: could not forget a failed event; Slack's retry of it will be ignored", "key", key, "error", err.Error())
		}
	}
}

// fromBot reports whether a bot wrote the message an event is about.
func (b *Bot) fromBot(inner slackevents.EventsAPIInnerEvent) bool {
	switch e := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		return e.BotID != "" || b.isSelf(e.User, "")
	case *slackevents.MessageEvent:
		return e.BotID != "" || e.SubType == slack.MsgSubTypeBotMessage || b.isSelf(e.User, "")
	}
	return false
}

// onMention answers "@peelbot <question>" in the thread of the message
// that asked (the asker chose the place), and "@peelbot help" and the
// other subcommands as /peel does; see converse. A message is answered
// once, even if it is edited or its event delivered again.
func (b *Bot) onMention(ctx context.Context, cb *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	e, ok := inner.Data.(*slackevents.AppMentionEvent)
	if !ok {
		return
	}
	msgKey := "mention:" + e.Channel + ":" + e.TimeStamp
	if !b.firstTime(ctx, msgKey) {
		b.log.Info("mention already answered", "channel", e.Channel)
		return
	}
	b.converse(ctx, conversation{
		kind: convMention, channel: e.Channel, thread: cmp.Or(e.ThreadTimeStamp, e.TimeStamp), ts: e.TimeStamp,
		user: e.User, team: cmp.Or(cb.TeamID, e.SourceTeam), text: e.Text, keys: []string{"event:" + cb.EventID, msgKey},
	})
}

// onMessage answers a direct message to peelbot, in the messages tab or
// an assistant thread, as a mention is answered: in its thread, once.
// Other messages (edits, deletions, joins; peelbot's own) are ignored.
func (b *Bot) onMessage(ctx context.Context, cb *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	e, ok := inner.Data.(*slackevents.MessageEvent)
	if !ok || e.ChannelType != "im" || e.SubType != "" || e.User == "" {
		return
	}
	msgKey := "message:" + e.Channel + ":" + e.TimeStamp
	if !b.firstTime(ctx, msgKey) {
		b.log.Info("message already answered", "channel", e.Channel)
		return
	}
	kind := convDirect
	if e.AssistantThread != nil {
		kind = convAssistant
	}
	b.converse(ctx, conversation{
		kind: kind, channel: e.Channel, thread: cmp.Or(e.ThreadTimeStamp, e.TimeStamp), ts: e.TimeStamp,
		user: e.User, team: cmp.Or(cb.TeamID, e.UserTeam), text: e.Text, keys: []string{"event:" + cb.EventID, msgKey},
	})
}
