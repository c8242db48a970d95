package render

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/notify"
)

// The event types of the message metadata peelbot posts. A digest or a
// direct message carries what it is, so that an instance recovering from
// a crash (or from a post whose answer was lost) can find it in
// conversations.history and take it as posted rather than post it again.
// https://docs.slack.dev/messaging/message-metadata
const (
	// DigestEvent marks the day's digest: event_payload holds "channel",
	// "day" (YYYY-MM-DD) and "through_event", the latest item event the
	// message reflects.
	DigestEvent = "peel_digest"
	// NotificationEvent marks a direct message of notifications:
	// event_payload holds "to", the member, and "keys", the keys of the
	// notifications it carries, separated by spaces. (Slack takes arrays
	// of objects in a payload, not of strings.)
	NotificationEvent = "peel_notification"
)

// DigestMetadata is the metadata of d's message.
func DigestMetadata(d *digest.Digest) *slack.SlackMetadata {
	return &slack.SlackMetadata{EventType: DigestEvent, EventPayload: map[string]any{
		"channel": d.Channel, "day": d.Day, "through_event": d.Through,
	}}
}

// DigestMark reads a message's metadata as a digest's: its channel, day
// and the latest event it reflects, and false when it is not a digest's.
func DigestMark(md slack.SlackMetadata) (channel, day string, through int64, ok bool) {
	if md.EventType != DigestEvent {
		return "", "", 0, false
	}
	channel, _ = md.EventPayload["channel"].(string)
	day, _ = md.EventPayload["day"].(string)
	through, _ = payloadInt(md.EventPayload["through_event"])
	return channel, day, through, day != ""
}

// NotificationMetadata is the metadata of b's message.
func NotificationMetadata(b notify.Batch) *slack.SlackMetadata {
	return &slack.SlackMetadata{EventType: NotificationEvent, EventPayload: map[string]any{
		"to": b.To, "keys": strings.Join(b.Keys(), " "),
	}}
}

// NotificationKeys reads a message's metadata as a direct message of
// notifications: the keys it carries, and false when it is not one.
func NotificationKeys(md slack.SlackMetadata) ([]string, bool) {
	if md.EventType != NotificationEvent {
		return nil, false
	}
	keys, _ := md.EventPayload["keys"].(string)
	return strings.Fields(keys), true
}

// payloadInt reads a number of a payload as Slack gives it back (a JSON
// number, decoded as float64 or json.Number) or as a string.
func payloadInt(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}
