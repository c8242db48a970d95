package bot

import (
	"context"
	"encoding/json"
	"errors"
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
			if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok && badTokenErrors[se.Err] {
				return fmt.Errorf("%w (%s)", ErrBadToken, se.Err)
			}
			return fmt.Errorf("socket mode: %w", err)
		}
	}
}

// acker acknowledges a Socket Mode request; *socketmode.Client is one.
type acker interface {
	Ack(req socketmode.Request, payload ...any) error
}

// handleSocketEvent adapts one Socket Mode event to the handlers that
// serve HTTP: commands are answered in the acknowledgement, everything
// else is acknowledged first and worked on after. Each kind of event has
// its method; every request gets one log line and survives a panic.
func (b *Bot) handleSocketEvent(ctx context.Context, client acker, evt socketmode.Event) {
	r := &socketRequest{b: b, client: client, evt: evt, route: "socket " + string(evt.Type), start: time.Now()}
	defer r.done()
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		b.socketEvent(ctx, r)
	case socketmode.EventTypeSlashCommand:
		b.socketCommand(ctx, r)
	case socketmode.EventTypeInteractive:
		b.socketInteraction(r)
	default:
		b.socketState(evt)
	}
}

// socketRequest is one Socket Mode event being answered: how to
// acknowledge it (once), and how it went, for its log line.
type socketRequest struct {
	b       *Bot
	client  acker
	evt     socketmode.Event
	route   string
	outcome string
	start   time.Time
	acked   bool
}

// ack acknowledges the request, with payload as the answer; only the first
// call does anything, and an event that is no request needs none.
func (r *socketRequest) ack(payload ...any) {
	if r.evt.Request == nil || r.acked {
		return
	}
	r.acked = true
	if err := r.client.Ack(*r.evt.Request, payload...); err != nil {
		r.b.log.Error("socket mode ack failed", "route", r.route, "error", err.Error())
	}
}

// done logs the request, and a panic in its handling instead of crashing.
func (r *socketRequest) done() {
	if p := recover(); p != nil {
		r.b.log.Error("socket mode handler panicked", "route", r.route, "panic", p)
		return
	}
	if r.evt.Request != nil {
		r.b.log.Info("request", "route", r.route, "outcome", r.outcome, "ms", float64(time.Since(r.start).Microseconds())/1000)
	}
}

// fromTeam is the workspace check, the same for every kind of payload: a
// payload from another workspace than SLACK_TEAM_ID is acknowledged (so
// Slack does not send it again) and not acted on.
func (r *socketRequest) fromTeam(team string) bool {
	if r.b.allowTeam(team) {
		return true
	}
	r.outcome = "other workspace"
	r.ack()
	return false
}

// unreadable acknowledges a payload that could not be read, saying what it
// should have been.
func (r *socketRequest) unreadable(what string) {
	r.outcome = "unreadable " + what
	r.ack()
}

// socketEvent acknowledges an Events API event at once, then acts on it.
func (b *Bot) socketEvent(ctx context.Context, r *socketRequest) {
	r.ack()
	ev, ok := r.evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		r.unreadable("event")
		return
	}
	if !r.fromTeam(ev.TeamID) {
		return
	}
	if r.evt.Request.RetryAttempt > 0 {
		r.outcome = fmt.Sprintf("retry %d (%s)", r.evt.Request.RetryAttempt, r.evt.Request.RetryReason)
	}
	b.handleEvent(ctx, ev)
}

// socketCommand answers a slash command in its acknowledgement, or, when
// the answer is too big for one, through its response_url.
func (b *Bot) socketCommand(ctx context.Context, r *socketRequest) {
	sc, ok := r.evt.Data.(slack.SlashCommand)
	if !ok {
		r.unreadable("command")
		return
	}
	if !r.fromTeam(sc.TeamID) {
		return
	}
	resp := commandResponse(b.handleCommand(ctx, sc))
	if raw, err := json.Marshal(resp); err == nil && len(raw) < maxAckBytes {
		r.ack(resp)
		return
	}
	r.ack()
	r.outcome = "answered through response_url"
	m := render.Message{Text: resp.Text, Blocks: resp.Blocks}
	b.spawn("command response", func(ctx context.Context) {
		if err := b.api.Respond(ctx, sc.ResponseURL, m, false); err != nil {
			b.log.Error("command response failed", "error", err.Error())
		}
	})
}

// socketInteraction acknowledges a click, shortcut or submission with
// what handleInteraction answers.
func (b *Bot) socketInteraction(r *socketRequest) {
	ic, ok := r.evt.Data.(slack.InteractionCallback)
	if !ok {
		r.unreadable("interaction")
		return
	}
	if !r.fromTeam(ic.Team.ID) {
		return
	}
	if payload := b.handleInteraction(ic); payload != nil {
		r.ack(payload)
		return
	}
	r.ack()
}

// socketState logs how the connection is doing.
func (b *Bot) socketState(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnected, socketmode.EventTypeHello:
		b.log.Info("socket mode", "state", string(evt.Type))
	case socketmode.EventTypeDisconnect:
		b.log.Info("socket mode: Slack asked to reconnect")
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("socket mode: Slack refused the app-level token (SLACK_APP_TOKEN)")
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
