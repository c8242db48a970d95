package bot

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/corpus"
)

// onLinkShared previews the web address of a loaded PEEL report posted in
// a message (or being written in one): force, round, grades and how many
// areas for improvement are still open. An address of the inspectorate
// that is not loaded is left to Slack's own preview.
func (b *Bot) onLinkShared(ctx context.Context, cb *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	e, ok := inner.Data.(*slackevents.LinkSharedEvent)
	if !ok {
		return
	}
	open, tracked := b.itemsByReport(ctx)
	unfurls := map[string]slack.Attachment{}
	for _, l := range e.Links {
		if r := b.reportAt(l.URL); r != nil {
			n := -1
			if tracked != nil {
				n = open[r.ID]
			}
			unfurls[l.URL] = render.Unfurl(r, n, tracked[r.ID])
		}
	}
	if len(unfurls) == 0 {
		return
	}
	var err error
	if id, source := composerUnfurl(cb); id != "" {
		err = b.api.UnfurlComposer(ctx, id, source, unfurls)
	} else {
		err = b.api.Unfurl(ctx, e.Channel, e.MessageTimeStamp, unfurls)
	}
	if err != nil {
		b.log.Error("unfurl failed", "channel", e.Channel, "error", err.Error())
		return
	}
	b.log.Info("unfurled", "channel", e.Channel, "links", len(unfurls))
}

// composerUnfurl is the unfurl id and source of links still being
// written (Slack names them so, not by a message), which slack-go's
// LinkSharedEvent does not read.
func composerUnfurl(cb *slackevents.EventsAPICallbackEvent) (id, source string) {
	if cb == nil || cb.InnerEvent == nil {
		return "", ""
	}
	var raw struct {
		UnfurlID string `json:"unfurl_id"`
		Source   string `json:"source"`
	}
	if json.Unmarshal(*cb.InnerEvent, &raw) != nil || raw.Source != "composer" {
		return "", ""
	}
	return raw.UnfurlID, raw.Source
}

// reportAt is the loaded report whose page or PDF is at address, nil when
// none is: the scheme, a trailing slash, the query and the fragment (a
// PDF's #page=) do not matter.
func (b *Bot) reportAt(address string) *corpus.Report {
	want := sameAddress(address)
	if want == "" {
		return nil
	}
	for _, r := range b.lib.Reports {
		for _, u := range []string{r.URL, r.PDFURL} {
			if u != "" && sameAddress(u) == want {
				return r
			}
		}
	}
	return nil
}

// sameAddress is address as compared: host and path, lower case, without a
// trailing slash.
func sameAddress(address string) string {
	u, err := url.Parse(strings.TrimSpace(address))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(u.Host, "www.")) + strings.TrimSuffix(strings.ToLower(u.Path), "/")
}

// itemsByReport counts each report's outstanding tracked items, and all
// its tracked items; nil when nothing is tracked (or it cannot be read:
// the preview then says what the report raises).
func (b *Bot) itemsByReport(ctx context.Context) (open, tracked map[string]int) {
	if b.afi.svc == nil {
		return nil, nil
	}
	entries, err := b.afi.svc.Entries(ctx)
	if err != nil {
		b.log.Error("unfurl: list items failed", "error", err.Error())
		return nil, nil
	}
	open, tracked = map[string]int{}, map[string]int{}
	for _, x := range entries {
		tracked[x.Source.ReportID]++
		if x.Item.Status.Outstanding() {
			open[x.Source.ReportID]++
		}
	}
	return open, tracked
}
