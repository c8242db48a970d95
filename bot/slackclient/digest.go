package slackclient

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/notify"
)

// DigestPoster is a Client as the daily digest's poster (a
// digest.Poster[render.Message]): its posts' refusals say what an
// operator can do about them, and it finds a digest posted before by the
// message metadata render.Digest gives it.
type DigestPoster struct{ *Client }

var _ digest.Poster[render.Message] = DigestPoster{}

// Post posts m to channel as Client.Post does, explaining Slack's refusal
// of it.
func (p DigestPoster) Post(ctx context.Context, channel string, m render.Message) (string, error) {
	ts, err := p.Client.Post(ctx, channel, "", m)
	if err == nil {
		return ts, nil
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		if why, ok := digestRefusals[se.Err]; ok {
			return "", &explained{why: why, err: err}
		}
	}
	return "", err
}

// Find looks among the bot's messages in channel since since for the
// digest of day (render.DigestEvent metadata naming the channel and
// day); when there are several (posted twice before peelbot looked), the
// first.
func (p DigestPoster) Find(ctx context.Context, channel, day string, since time.Time) (digest.Found, error) {
	var found digest.Found
	err := p.History(ctx, channel, since, func(m slack.Message) bool {
		if ch, d, through, ok := render.DigestMark(m.Metadata); ok && d == day && ch == channel {
			found = digest.Found{TS: m.Timestamp, Through: through}
		}
		return true
	})
	if err != nil {
		return digest.Found{}, lookError(err)
	}
	return found, nil
}

// CannotLook is the package's CannotLook.
func (p DigestPoster) CannotLook(err error) bool { return CannotLook(err) }

// NotifyPoster is a Client as tracker/notify's Sender: a direct message
// is a post to the member's id, which Slack delivers in the app's
// Messages tab, marked with its notifications' keys (render.Notification).
type NotifyPoster struct{ *Client }

var _ notify.Sender[render.Message] = NotifyPoster{}

// Send posts m to the member to, directly.
func (p NotifyPoster) Send(ctx context.Context, to string, m render.Message) (string, error) {
	return p.Client.Post(ctx, to, "", m)
}

// Sent looks among the bot's direct messages to the member to since
// since for notifications (render.NotificationEvent metadata), and
// returns the message of each key found.
func (p NotifyPoster) Sent(ctx context.Context, to string, since time.Time) (map[string]string, error) {
	dm, err := p.OpenDM(ctx, to)
	if err != nil {
		return nil, lookError(err)
	}
	found := map[string]string{}
	err = p.History(ctx, dm, since, func(m slack.Message) bool {
		keys, _ := render.NotificationKeys(m.Metadata)
		for _, k := range keys {
			found[k] = m.Timestamp // newest first: the first message that sent it wins
		}
		return true
	})
	if err != nil {
		return nil, lookError(err)
	}
	return found, nil
}

// CannotLook is the package's CannotLook.
func (p NotifyPoster) CannotLook(err error) bool { return CannotLook(err) }

// lookError says what to do about Slack refusing for good to show a
// conversation.
func lookError(err error) error {
	if CannotLook(err) {
		return &explained{why: lookHint(err), err: err}
	}
	return err
}

// digestRefusals say what to do about Slack refusing the digest.
var digestRefusals = map[string]string{
	"not_in_channel":    "peelbot is not in that channel; invite it with /invite @peelbot",
	"channel_not_found": "Slack knows no such channel; PEEL_DIGEST_CHANNEL should be the channel's id (C…, from its details)",
	"is_archived":       "the channel is archived",
}

// explained is a refusal with what to do about it.
type explained struct {
	why string
	err error
}

func (e *explained) Error() string { return e.why + ": " + e.err.Error() }
func (e *explained) Unwrap() error { return e.err }
