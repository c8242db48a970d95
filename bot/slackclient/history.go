package slackclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// historyPages bounds how many pages of historyPage messages History
// reads: what peelbot looks for was posted minutes before, and a channel
// busier than this since is not worth reading to the end.
const (
	historyPage  = 200
	historyPages = 10
)

// History calls each with the bot's own messages in channel posted since
// since, newest first, with their metadata, until each returns false
// (conversations.history, scope channels:history, groups:history or
// im:history by the conversation's kind). The bot's messages are told by
// who auth.test says it is; before that is known, every message is.
func (s *Client) History(ctx context.Context, channel string, since time.Time, each func(slack.Message) bool) error {
	if s.self.Load() == nil {
		_, _ = s.AuthTest(ctx) // best effort: without it, metadata alone tells
	}
	self := s.self.Load()
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Oldest: slackTS(since), IncludeAllMetadata: true, Limit: historyPage}
	for range historyPages {
		var page *slack.GetConversationHistoryResponse
		err := s.do(ctx, "conversations.history", repeatable, func(ctx context.Context) error {
			var err error
			page, err = s.client.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return err
		}
		for _, m := range page.Messages {
			if self != nil && m.BotID != self.BotID && m.User != self.UserID {
				continue
			}
			if !each(m) {
				return nil
			}
		}
		if !page.HasMore || page.ResponseMetaData.NextCursor == "" {
			return nil
		}
		params.Cursor = page.ResponseMetaData.NextCursor
	}
	return nil
}

// OpenDM is the id of the bot's direct message with the member user
// (D…), which conversations.history needs (conversations.open, scope
// im:write). Opening one already open changes nothing.
func (s *Client) OpenDM(ctx context.Context, user string) (string, error) {
	var id string
	err := s.do(ctx, "conversations.open", repeatable, func(ctx context.Context) error {
		ch, _, _, err := s.client.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// slackTS writes t as a Slack timestamp, seconds.microseconds.
func slackTS(t time.Time) string {
	if t.IsZero() || t.Before(time.Unix(0, 0)) {
		return "0"
	}
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

// cannotLook are Slack's refusals to show a conversation's history that
// asking again will not change.
var cannotLook = map[string]bool{
	"missing_scope":                         true, // the app was installed without the history scopes
	"not_in_channel":                        true, // peelbot posts with chat:write.public but was never invited
	"channel_not_found":                     true,
	"not_allowed_token_type":                true,
	"method_not_supported_for_channel_type": true,
}

// CannotLook reports whether err is Slack refusing, for good, to show a
// conversation's history (a digest.Poster's and notify.Sender's
// CannotLook).
func CannotLook(err error) bool {
	se, ok := errors.AsType[slack.SlackErrorResponse](err)
	return ok && cannotLook[se.Err]
}

// lookHint says what an operator can do about CannotLook.
func lookHint(err error) string {
	se, _ := errors.AsType[slack.SlackErrorResponse](err)
	switch {
	case se.Err == "missing_scope":
		return "add the scopes channels:history, groups:history, im:history and im:write (deploy/slack-app-manifest.yaml) and reinstall the app"
	case se.Err == "not_in_channel":
		return "invite peelbot to the channel with /invite @peelbot"
	}
	return strings.ReplaceAll(se.Err, "_", " ")
}
