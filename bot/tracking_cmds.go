package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
)

// exportFormats are the board pack's formats.
var exportFormats = []string{"xlsx", "csv", "md"}

// cmdExport answers /peel export [format:xlsx|csv|md] [filters]: the board
// pack of the items the filters pick, uploaded to the channel (files
// uploadV2) in the background; the answer says it is on its way, or why
// not.
func (b *Bot) cmdExport(ctx context.Context, c command) render.Message {
	if b.afi.svc == nil || b.export == nil {
		return render.Note(noStoreText)
	}
	format := "xlsx"
	var words []string
	fields := strings.Fields(readableMentions(c.rawArgs()))
	if len(fields) > 0 && !strings.Contains(fields[0], ":") && !tracker.LooksLikeFilter(fields[0]) && !slices.Contains(exportFormats, strings.ToLower(fields[0])) {
		// A first word that is no filter is most likely a format asked
		// for ("pdf"): say which there are, not that it is no filter.
		return render.Note("The board pack comes as `xlsx` (with the chart), `csv` or `md`, not `" + render.Escape(render.Clip(fields[0], 20)) +
			"`; filters follow it: `/peel export csv force:herts`, with the filters of `/peel afi help`.")
	}
	for _, w := range fields {
		low := strings.ToLower(w)
		if v, ok := strings.CutPrefix(low, "format:"); ok {
			format = v
			continue
		}
		if slices.Contains(exportFormats, low) {
			format = low
			continue
		}
		words = append(words, w)
	}
	if !slices.Contains(exportFormats, format) {
		return render.Note("The board pack comes as `xlsx` (with the chart), `csv` or `md`: `/peel export csv force:herts`.")
	}
	f, err := tracker.ParseFilter(strings.Join(words, " "))
	if err != nil {
		return render.Note(b.refused(err, "filter") + " `/peel export [xlsx|csv|md] [filters]`, with the filters of `/peel afi help`.")
	}
	user, channel, thread, responseURL := c.UserID, c.ChannelID, "", c.ResponseURL
	b.spawn("export", func(ctx context.Context) {
		name, data, err := b.export(ctx, f, format, user)
		if err == nil {
			comment := fmt.Sprintf("Board pack of %s, for %s.", f.Describe(), render.ActorText(user))
			err = b.api.Upload(ctx, channel, thread, name, name, comment, data)
		}
		if err == nil {
			b.log.Info("board pack uploaded", "channel", channel, "user", user, "format", format, "bytes", len(data))
			return
		}
		b.log.Error("board pack failed", "channel", channel, "error", err.Error())
		why := "Sorry, the board pack could not be made or uploaded just now. `peelbot export` makes it on the command line."
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found") {
			why = "I can't upload files to this conversation: invite me to the channel (`/invite @peelbot`), or run `/peel export` in a channel I'm in."
		}
		if rerr := b.api.Respond(context.WithoutCancel(ctx), responseURL, render.Note(why), false); rerr != nil {
			b.log.Error("could not tell user", "user", user, "error", rerr.Error())
		}
	})
	return render.Note(fmt.Sprintf("Making the board pack (%s) of %s; it will be uploaded here in a moment.", format, render.Escape(f.Describe())))
}

// cmdReports answers /peel reports: every loaded report with its PCC
// response (section 55), and /peel reports respond ID URL, which records
// one.
func (b *Bot) cmdReports(ctx context.Context, c command) render.Message {
	if b.afi.svc == nil {
		return render.Note(noStoreText)
	}
	ctx, cancel := context.WithTimeout(ctx, trackingBudget)
	defer cancel()
	verb, rest := cutToken(c.rawArgs())
	if strings.EqualFold(verb, "respond") || strings.EqualFold(verb, "response") {
		id, link := cutToken(rest)
		link, _ = cutToken(link)
		if id == "" || link == "" {
			return render.Note("Give the report and the link to the PCC's published response: `/peel reports respond herts-2021 https://…`.")
		}
		resp, err := b.afi.svc.RecordResponse(ctx, cleanID(id), linkTarget(link), c.UserID)
		if err != nil {
			return render.Note(b.refused(err, "respond"))
		}
		b.log.Info("PCC response recorded", "report", resp.ReportID, "user", c.UserID)
		b.followUp(c.UserID)
		return b.reportsMessage(ctx, c.UserID, "✅ You recorded the PCC's response to `"+render.Escape(resp.ReportID)+"`: "+render.Link(resp.URL, resp.URL))
	}
	return b.reportsMessage(ctx, c.UserID, "")
}

func (b *Bot) reportsMessage(ctx context.Context, user, banner string) render.Message {
	states, err := b.afi.svc.Responses(ctx)
	if err != nil {
		return render.Note(b.readFailed(err, "reports' responses"))
	}
	m := render.Reports(states, b.items(user, render.ViewList, 0), b.afi.svc.Policy.MayChangeAny(user))
	if banner != "" {
		m.Blocks = append([]slack.Block{render.Section("banner", banner)}, m.Blocks...)
	}
	return m
}
