package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/peelbot/peelbot/bot/render"
)

// maxAckBytes is the largest acknowledgement peelbot sends over Socket
// Mode; Slack silently drops one of 20 KB or more, so a bigger answer goes
// through the response_url instead.
const maxAckBytes = 16 << 10

// RunSocketMode serves Slack over Socket Mode, with the app-level token
// (xapp-…), until ctx ends. Payloads go to the same handlers as over HTTP.
// It reconnects by itself; an error wrapping ErrBadToken means Slack
// refused the app-level token.
func (b *Bot) RunSocketMode(ctx context.Context, appToken string) error {
	api := slack.New(b.api.Token(),
		slack.OptionAppLevelToken(appToken),
		slack.OptionAPIURL(b.api.APIURL()),
		slack.OptionHTTPClient(b.api.HTTP()))
	client := socketmode.New(api, socketmode.OptionLog(slogOutput{b.log}))
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case evt := <-client.Events:
			b.handleSocketEvent(ctx, client, evt)
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			if badTokenErrors[err.Error()] {
				return fmt.Errorf("%w (%s)", ErrBadToken, err)
			}
			return fmt.Errorf("socket Mode: %w", err)
		}
	}
}

// acker acknowledges a Socket Mode request; *socketmode.Client is one.
type acker interface {
	Ack(req socketmode.Request, payload ...any) error
}

// handleSocketEvent adapts one Socket Mode event to the handlers that
// serve HTTP: commands are answered in the acknowledgement, everything
// else is acknowledged first and worked on after.
func (b *Bot) handleSocketEvent(ctx context.Context, client acker, evt socketmode.Event) {
	start := time.Now()
	route := "socket " + string(evt.Type)
	outcome := ""
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("socket mode handler panicked", "route", route, "panic", p)
			return
		}
		if evt.Request != nil {
			b.log.Info("request", "route", route, "outcome", outcome, "ms", float64(time.Since(start).Microseconds())/1000)
		}
	}()
	ack := func(payload ...any) {
		if evt.Request == nil {
			return
		}
		if err := client.Ack(*evt.Request, payload...); err != nil {
			b.log.Error("socket mode ack failed", "route", route, "error", err.Error())
		}
	}

	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		ack()
		switch {
		case !ok:
			outcome = "unreadable event"
		case !b.allowTeam(ev.TeamID):
			outcome = "other workspace"
		default:
			if evt.Request.RetryAttempt > 0 {
				outcome = fmt.Sprintf("retry %d (%s)", evt.Request.RetryAttempt, evt.Request.RetryReason)
			}
			b.handleEvent(ctx, ev)
		}
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		switch {
		case !ok:
			outcome = "unreadable command"
			ack()
		case !b.allowTeam(sc.TeamID):
			outcome = "other workspace"
			ack()
		default:
			resp := commandResponse(b.handleCommand(ctx, sc))
			if raw, err := json.Marshal(resp); err == nil && len(raw) < maxAckBytes {
				ack(resp)
				return
			}
			ack()
			outcome = "answered through response_url"
			m := render.Message{Text: resp.Text, Blocks: resp.Blocks}
			b.spawn("command response", func(ctx context.Context) {
				if err := b.api.Respond(ctx, sc.ResponseURL, m, false); err != nil {
					b.log.Error("command response failed", "error", err.Error())
				}
			})
		}
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slack.InteractionCallback)
		switch {
		case !ok:
			outcome = "unreadable interaction"
			ack()
		case !b.allowTeam(ic.Team.ID):
			outcome = "other workspace"
			ack()
		default:
			if payload := b.handleInteraction(ic); payload != nil {
				ack(payload)
			} else {
				ack()
			}
		}
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnected, socketmode.EventTypeHello:
		b.log.Info("socket mode", "state", string(evt.Type))
	case socketmode.EventTypeDisconnect:
		b.log.Info("socket Mode: Slack asked to reconnect")
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("socket Mode: Slack refused the app-level token (SLACK_APP_TOKEN)")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode trouble", "state", string(evt.Type), "error", describe(evt.Data))
	default:
		b.log.Debug("socket mode event ignored", "type", string(evt.Type))
	}
}

// describe renders a Socket Mode error event's data for a log line.
func describe(data any) string {
	switch d := data.(type) {
	case error:
		return d.Error()
	case *socketmode.ErrorBadMessage:
		return d.Cause.Error()
	case *socketmode.ErrorWriteFailed:
		return d.Cause.Error()
	case nil:
		return ""
	}
	return fmt.Sprintf("%T", data)
}

// slogOutput sends the Socket Mode client's own log lines to slog.
type slogOutput struct{ log *slog.Logger }

func (s slogOutput) Output(_ int, line string) error {
	s.log.Debug(line, "source", "socketmode")
	return nil
}
