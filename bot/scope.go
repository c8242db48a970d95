package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/index"
	"github.com/peelbot/peelbot/tracker/store"
)

// A channel's scope (`/peel scope herts`) is the filters every question
// asked in it gets unless it names its own; an assistant thread or a
// direct message thread keeps the scope of its last question the same
// way. Both are kept in the store, so every instance applies the same.

// threadPlace names a thread as a place with a scope of its own.
func threadPlace(channel, threadTS string) string { return channel + "/" + threadTS }

// scopeOf is place's scope, none when there is no store or it cannot be
// read (an answer without its scope beats no answer).
func (b *Bot) scopeOf(ctx context.Context, place string) []index.Filter {
	if b.store == nil || place == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, scopeTimeout)
	defer cancel()
	sc, err := b.store.Scope(ctx, place)
	if err != nil {
		b.log.Error("scope not read; answering without it", "place", place, "error", err.Error())
		return nil
	}
	if sc == nil {
		return nil
	}
	out := make([]index.Filter, 0, len(sc.Filters))
	for _, f := range sc.Filters {
		out = append(out, index.Filter{Key: f.Key, Value: f.Value})
	}
	return out
}

// keepScope records filters as place's scope (a thread's), logging a
// failure: the next question then simply has none.
func (b *Bot) keepScope(ctx context.Context, place string, filters []index.Filter, by string) {
	if b.store == nil {
		return
	}
	if err := b.store.SetScope(ctx, place, storeFilters(filters), by); err != nil {
		b.log.Error("scope not kept", "place", place, "error", err.Error())
	}
}

func storeFilters(filters []index.Filter) []store.ScopeFilter {
	out := make([]store.ScopeFilter, 0, len(filters))
	for _, f := range filters {
		out = append(out, store.ScopeFilter{Key: f.Key, Value: f.Value})
	}
	return out
}

func filterText(filters []index.Filter) string {
	parts := make([]string, len(filters))
	for i, f := range filters {
		parts[i] = f.String()
	}
	return strings.Join(parts, " ")
}

// cmdScope answers /peel scope: the channel's scope shown, set or cleared.
func (b *Bot) cmdScope(ctx context.Context, c command) render.Message {
	name := c.Command
	if name == "" {
		name = "/peel"
	}
	usage := fmt.Sprintf("`%s scope herts` (a force), `%s scope herts-2021` (a report), `%s scope 2023` (a round), `%s scope area:\"vulnerable people\"` (a chapter), or `%s scope all` to search every report.",
		render.Escape(name), render.Escape(name), render.Escape(name), render.Escape(name), render.Escape(name))
	if b.store == nil {
		return render.Note("This peelbot has no store, so a channel cannot keep a scope. Add a filter to a question instead, like `force:herts`.")
	}
	current := b.scopeOf(ctx, c.ChannelID)
	arg := strings.TrimSpace(readableText(c.args))
	if arg == "" {
		if len(current) == 0 {
			return render.Note("Questions here search every loaded report. Keep them to some: " + usage)
		}
		return render.Note(fmt.Sprintf("Questions here keep to %s (`%s`), unless they name another. Change it: %s",
			render.Escape(b.answers.DescribeScope(current)), render.Escape(filterText(current)), usage))
	}
	if b.afi.svc != nil {
		if p := b.afi.svc.Policy; !p.Open() && !p.IsAdmin(c.UserID) {
			admins := p.Admins()
			names := make([]string, len(admins))
			for i, a := range admins {
				names[i] = render.ActorText(a)
			}
			return render.Note("Only peelbot's admins can change a channel's scope, so nothing was changed. Ask " + strings.Join(names, ", ") + ".")
		}
	}
	var filters []index.Filter
	switch strings.ToLower(arg) {
	case "all", "none", "clear", "off", "everything", "reset":
	default:
		var problem string
		filters, problem = b.answers.ResolveScope(ctx, arg)
		if problem != "" {
			return render.Note(render.Escape(problem) + " Nothing was changed. " + usage)
		}
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	if err := b.store.SetScope(sctx, c.ChannelID, storeFilters(filters), c.UserID); err != nil {
		return render.Note(b.refused(err, "scope"))
	}
	b.log.Info("scope set", "channel", c.ChannelID, "user", c.UserID, "filters", filterText(filters))
	if len(filters) == 0 {
		return render.Note("✅ Questions in this channel now search every loaded report, for everyone here.")
	}
	return render.Note(fmt.Sprintf("✅ Questions in this channel now keep to %s (`%s`), for everyone here, unless a question names another (`force:…`, `area:…`). `%s scope all` undoes it.",
		render.Escape(b.answers.DescribeScope(filters)), render.Escape(filterText(filters)), render.Escape(name)))
}
