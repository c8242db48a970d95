package slackclient

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
)

// DigestPoster is a Client as the daily digest's poster (a
// digest.Poster[render.Message]): its posts' refusals say what an
// operator can do about them.
type DigestPoster struct{ *Client }

// Post posts m as Client.Post does, explaining Slack's refusal of it.
func (p DigestPoster) Post(ctx context.Context, channel, thread string, m render.Message) (string, error) {
	ts, err := p.Client.Post(ctx, channel, thread, m)
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

// NotifyPoster is a Client as tracker/notify's Sender: a direct message
// is a post to the member's id, which Slack delivers in the app's
// Messages tab.
type NotifyPoster struct{ *Client }

// Send posts m to the member to, directly.
func (p NotifyPoster) Send(ctx context.Context, to string, m render.Message) (string, error) {
	return p.Client.Post(ctx, to, "", m)
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
