package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
)

// Digester composes the daily digest of open AFIs and posts it to one
// channel, exactly once per channel per day however many instances and
// restarts try (see store.Digest). The Bot makes one for its scheduled
// digests; `peelbot digest` makes one with NewDigester.
type Digester struct {
	lib      *corpus.Library
	svc      *tracker.Service
	st       *store.Store
	api      *slackAPI // nil: Preview only
	channel  string
	instance string
	loc      *time.Location
	now      func() time.Time
	log      *slog.Logger
}

// DigesterConfig is what a Digester needs. Library, Tracker and Store are
// required; Channel and BotToken are needed to post but not to preview.
type DigesterConfig struct {
	Library *corpus.Library
	Tracker *tracker.Service
	Store   *store.Store
	// Channel is the channel id (C…) the digest goes to.
	Channel string
	// BotToken is the bot token (xoxb-…). Never logged.
	BotToken string
	// APIURL is the Slack Web API base URL, ending in "/"; Slack's own when
	// empty.
	APIURL string
	// HTTPClient calls Slack; a client with a 15 s timeout when nil.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Location is the zone days and times are shown in; Europe/London when
	// nil.
	Location *time.Location
	// Instance names this process in the digest's claim; host name and
	// process id when empty.
	Instance string
}

// NewDigester makes a Digester from cfg.
func NewDigester(cfg DigesterConfig) (*Digester, error) {
	if cfg.Library == nil || cfg.Tracker == nil || cfg.Store == nil {
		return nil, errors.New("new digester: a report library, a tracker and a store are required")
	}
	d := &Digester{lib: cfg.Library, svc: cfg.Tracker, st: cfg.Store, channel: strings.TrimSpace(cfg.Channel),
		instance: orText(cfg.Instance, defaultInstance()), loc: cfg.Location, now: cfg.Now, log: cfg.Logger}
	if d.loc == nil {
		d.loc = defaultLocation()
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	if cfg.BotToken != "" {
		hc := cfg.HTTPClient
		if hc == nil {
			hc = &http.Client{Timeout: 15 * time.Second}
		}
		d.api = newSlackAPI(cfg.BotToken, firstOf(cfg.APIURL, slack.APIURL), hc, d.log)
	}
	return d, nil
}

// DigestResult is what became of a digest run.
type DigestResult string

const (
	// DigestPosted: this run posted the digest and recorded it.
	DigestPosted DigestResult = "posted"
	// DigestNothingOpen: nothing was open, so nothing was posted; the day
	// is recorded as done.
	DigestNothingOpen DigestResult = "nothing open"
	// DigestAlreadyDone: the day's digest was already posted (or the day
	// done) by this or another instance; nothing was posted.
	DigestAlreadyDone DigestResult = "already done"
	// DigestHeldElsewhere: another instance has claimed the day's digest and
	// not yet recorded it (or its unfinished thread); nothing was posted.
	// If that instance dies, the claim lapses after the store's digest
	// lease and a later run posts.
	DigestHeldElsewhere DigestResult = "claimed by another instance"
	// DigestContinued: the day's digest was posted before but some of its
	// thread replies were not; this run posted them.
	DigestContinued DigestResult = "thread continued"
)

// DigestOutcome is what a digest run did.
type DigestOutcome struct {
	Channel string
	Day     string
	Result  DigestResult
	// MessageTS is the posted message's ts (DigestPosted), or the recorded
	// one (DigestAlreadyDone, DigestContinued).
	MessageTS string
	// Replies is how many thread replies continued the digest in this
	// run.
	Replies int
	// Open and Addressed are the summary line's counts.
	Open, Addressed int
	// Record is the store's record of the day's digest for
	// DigestAlreadyDone and DigestHeldElsewhere.
	Record *store.Digest
}

// Done reports whether the day's digest needs nothing more.
func (o DigestOutcome) Done() bool { return o.Result != DigestHeldElsewhere && o.Result != "" }

func (o DigestOutcome) String() string {
	switch o.Result {
	case DigestPosted:
		s := fmt.Sprintf("posted to %s (message %s): %d open, %d addressed", o.Channel, o.MessageTS, o.Open, o.Addressed)
		if o.Replies > 0 {
			s += fmt.Sprintf("; continued in %s in its thread", plural(o.Replies, "reply", "replies"))
		}
		return s
	case DigestContinued:
		if o.Replies == 0 {
			return fmt.Sprintf("the digest in %s (message %s) needed no more replies: what they would have shown is no longer open", o.Channel, o.MessageTS)
		}
		return fmt.Sprintf("continued the digest in %s (message %s) with %s in its thread", o.Channel, o.MessageTS, plural(o.Replies, "missing reply", "missing replies"))
	case DigestNothingOpen:
		return fmt.Sprintf("nothing open, so nothing posted to %s; the day is marked done", o.Channel)
	case DigestAlreadyDone:
		if o.Record != nil && o.Record.PostedAt != nil {
			if o.Record.MessageTS == "" {
				return fmt.Sprintf("already done at %s (nothing was open); nothing posted", o.Record.PostedAt.Format(time.RFC3339))
			}
			return fmt.Sprintf("already posted at %s by %s (message %s); nothing posted", o.Record.PostedAt.Format(time.RFC3339), o.Record.Instance, o.Record.MessageTS)
		}
		return "already posted; nothing posted"
	case DigestHeldElsewhere:
		if o.Record != nil && o.Record.ThreadPending {
			return fmt.Sprintf("its thread is unfinished and held by %s; nothing posted", o.Record.Instance)
		}
		if o.Record != nil {
			return fmt.Sprintf("being posted by %s since %s; nothing posted", o.Record.Instance, o.Record.ClaimedAt.Format(time.RFC3339))
		}
		return "being posted by another instance; nothing posted"
	}
	return string(o.Result)
}

// DigestPreview is a digest as it would be posted: its messages (the
// first, then its thread replies) and its counts.
type DigestPreview struct {
	Channel string
	Day     string
	// Open is how many AFIs are open (not addressed).
	Open int
	// Addressed are the AFIs addressed since Since, earliest first.
	Addressed []tracker.Item
	// Since is the channel's last posted digest, nil when there was none.
	Since *store.Digest

	closedBy map[string]string // AFI id → who marked it addressed
	messages []message
	afis     [][]string // the ids of the AFIs each message shows
	text     string
}

// Text is the digest as readable text.
func (p *DigestPreview) Text() string { return p.text }

// Messages is how many Slack messages the digest takes (0 when nothing is
// open).
func (p *DigestPreview) Messages() int { return len(p.messages) }

// BlockKit is the digest's messages as Slack would receive them: a JSON
// array of {"text", "blocks"}, the first message then its thread replies.
func (p *DigestPreview) BlockKit() ([]byte, error) {
	type msg struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}
	out := []msg{}
	for _, m := range p.messages {
		out = append(out, msg(m))
	}
	return json.MarshalIndent(out, "", "  ")
}

// checkDay reads a digest day, YYYY-MM-DD.
func checkDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, fmt.Errorf("digest day %q is not a date written YYYY-MM-DD", day)
	}
	return t, nil
}

// Preview composes the digest of day without posting or recording
// anything.
func (d *Digester) Preview(ctx context.Context, day string) (*DigestPreview, error) {
	if _, err := checkDay(day); err != nil {
		return nil, err
	}
	return d.compose(ctx, day)
}

// compose reads the store and lays the digest out.
func (d *Digester) compose(ctx context.Context, day string) (*DigestPreview, error) {
	date, _ := checkDay(day)
	items, err := d.svc.Entries(ctx)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	p := &DigestPreview{Channel: d.channel, Day: day}
	if d.channel != "" {
		if p.Since, err = d.st.LastDigest(ctx, d.channel); err != nil {
			return nil, fmt.Errorf("compose digest: %w", err)
		}
	}
	var since time.Time
	if p.Since != nil {
		since = p.Since.ClaimedAt
	}
	addressed, err := d.svc.AddressedSince(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	p.closedBy = map[string]string{}
	for _, a := range addressed {
		p.Addressed = append(p.Addressed, a)
		// Whoever touched it last may have only added a note since; the
		// summary names who closed it.
		_, history, err := d.svc.Entry(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("compose digest: %w", err)
		}
		for i := len(history) - 1; i >= 0; i-- {
			if history[i].Action == tracker.ActionClose {
				p.closedBy[a.ID] = history[i].Actor
				break
			}
		}
	}
	open := tracker.Outstanding(items)
	p.Open = len(open)
	r := afiRender{now: d.now(), loc: d.loc, view: viewDigest}
	p.messages, p.afis = d.blocks(r, p, date, open)
	p.text = d.plainText(r, p, date, open)
	return p, nil
}

// summaryLine is "9 open, 1 addressed since the last digest".
func (p *DigestPreview) summaryLine() string {
	since := "since tracking began"
	if p.Since != nil {
		since = "since the last digest"
	}
	return fmt.Sprintf("%d open, %d addressed %s", p.Open, len(p.Addressed), since)
}

// blocks lays the digest out in messages within Slack's limits: the first
// with the summary, the rest as its thread replies, so nothing is dropped.
// It returns the messages and the ids of the AFIs each shows.
func (d *Digester) blocks(r afiRender, p *DigestPreview, date time.Time, open []tracker.Entry) ([]message, [][]string) {
	if len(open) == 0 {
		return nil, nil
	}
	title := fmt.Sprintf("*Areas for improvement still open* — %s\n*%s*.", date.Format("Monday 2 January 2006"), p.summaryLine())
	head := []slack.Block{section("digest-title", title)}
	if len(p.Addressed) > 0 {
		var done []string
		for i, a := range p.Addressed {
			if i == 10 {
				done = append(done, fmt.Sprintf("and %d more", len(p.Addressed)-i))
				break
			}
			done = append(done, "`"+escape(a.ID)+"` by "+actorText(firstOf(p.closedBy[a.ID], a.UpdatedBy)))
		}
		head = append(head, contextLine("digest-addressed", "Addressed since the last digest: "+strings.Join(done, ", ")+"."))
	}
	head = append(head, contextLine("digest-how", "*Mark addressed* asks for the evidence; `/peel afi &lt;id&gt;` shows an AFI's history."))
	pages := r.layoutAFIs("", groupAFIs(open), maxBlocks-len(head), maxBlocks-1, nil)
	fallback := fmt.Sprintf("Areas for improvement still open: %s", p.summaryLine())
	msgs := []message{{Text: fallback, Blocks: append(head, pages[0].blocks...)}}
	afis := [][]string{pages[0].ids}
	for i, page := range pages[1:] {
		msgs = append(msgs, continuation(date, fallback, i+2, len(pages), page.blocks))
		afis = append(afis, page.ids)
	}
	return msgs, afis
}

// continuation is the k-th of the n messages of the digest of date: a
// reply in the first one's thread.
func continuation(date time.Time, fallback string, k, n int, page []slack.Block) message {
	cont := contextLine("digest-cont", fmt.Sprintf("Digest of %s, continued (%d of %d)", date.Format("2 January 2006"), k, n))
	return message{Text: fmt.Sprintf("%s (continued, %d of %d)", fallback, k, n), Blocks: append([]slack.Block{cont}, page...)}
}

// plainText is the digest as text, for a terminal.
func (d *Digester) plainText(r afiRender, p *DigestPreview, date time.Time, open []tracker.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Areas for improvement still open — %s\n%s.\n", date.Format("Monday 2 January 2006"), p.summaryLine())
	for _, a := range p.Addressed {
		fmt.Fprintf(&b, "  addressed: %s, %s by %s\n", a.ID, r.date(*a.AddressedAt), firstOf(p.closedBy[a.ID], a.UpdatedBy))
	}
	if len(open) == 0 {
		b.WriteString("\nNothing is open, so nothing would be posted.\n")
		return b.String()
	}
	report := ""
	for _, g := range groupAFIs(open) {
		if g.report != report {
			report = g.report
			fmt.Fprintf(&b, "\n%s\n", g.report)
			if g.url != "" {
				fmt.Fprintf(&b, "%s\n", g.url)
			}
		}
		fmt.Fprintf(&b, "\n  %s\n", orText(g.area, "Other"))
		for _, x := range g.items {
			fmt.Fprintf(&b, "\n    %s\n", r.metaPlain(x))
			fmt.Fprintf(&b, "    “%s”\n", x.AFI.Text)
			fmt.Fprintf(&b, "    %s\n", x.Cite.String())
		}
	}
	return b.String()
}

// Run posts the digest of day to the channel unless the day's digest is
// already done or claimed: it claims the day, composes the digest, posts
// the first message and records it at once, then continues in the thread.
// When posting the first message certainly posted nothing (Slack refused
// it, was rate limiting or down, or could not be reached), the claim is
// released so a later run may post the same day. When it may have posted
// (a timeout, a dropped connection), the claim is kept: the store's lease
// decides when another run may try, which risks a late second copy rather
// than an immediate one. Nothing is posted when nothing is open, but the
// day is recorded as done.
func (d *Digester) Run(ctx context.Context, day string) (DigestOutcome, error) {
	out := DigestOutcome{Channel: d.channel, Day: day}
	switch {
	case d.channel == "":
		return out, errors.New("digest: no channel (PEEL_DIGEST_CHANNEL) to post to")
	case d.api == nil:
		return out, errors.New("digest: no bot token (SLACK_BOT_TOKEN) to post with")
	}
	if _, err := checkDay(day); err != nil {
		return out, err
	}
	claimed, err := d.st.ClaimDigest(ctx, d.channel, day, d.instance)
	if err != nil {
		return out, err
	}
	if !claimed {
		rec, err := d.st.DigestFor(ctx, d.channel, day)
		if err != nil {
			return out, err
		}
		if rec != nil && rec.ThreadPending {
			return d.continueThread(ctx, day, rec)
		}
		out.Record, out.Result = rec, DigestHeldElsewhere
		if rec != nil && rec.PostedAt != nil {
			out.Result, out.MessageTS, out.Open, out.Addressed = DigestAlreadyDone, rec.MessageTS, rec.Open, rec.Addressed
		}
		return out, nil
	}
	p, err := d.compose(ctx, day)
	if err != nil {
		return out, d.release(ctx, day, err)
	}
	out.Open, out.Addressed = p.Open, len(p.Addressed)
	if len(p.messages) == 0 {
		if err := d.st.RecordDigestPosted(ctx, d.channel, day, d.instance, store.DigestPost{Open: out.Open, Addressed: out.Addressed}); err != nil {
			return out, d.release(ctx, day, err)
		}
		out.Result = DigestNothingOpen
		d.log.Info("digest: nothing open", "channel", d.channel, "day", day)
		return out, nil
	}
	ts, err := d.api.post(ctx, d.channel, "", p.messages[0])
	if err != nil {
		if nothingDone(err) {
			return out, d.release(ctx, day, digestPostFailed(d.channel, err))
		}
		// Slack may have posted it and lost only its answer. Releasing
		// the claim would let the next run post a second copy at once;
		// kept, it blocks every run until the store's lease runs out.
		return out, fmt.Errorf("post the digest to %s: Slack did not confirm it, so it may have been posted; the day stays claimed, and the digest is posted again only once the claim's lease has run out: %w", d.channel, err)
	}
	out.Result, out.MessageTS = DigestPosted, ts
	// Recorded before the thread replies: from here, no run may post the
	// first message again, and a run after a failed reply posts the rest.
	keep := context.WithoutCancel(ctx)
	recErr := d.st.RecordDigestPosted(keep, d.channel, day, d.instance, store.DigestPost{MessageTS: ts,
		Open: out.Open, Addressed: out.Addressed, AFIs: p.afis[0], ThreadPending: len(p.messages) > 1})
	if recErr != nil {
		recErr = fmt.Errorf("digest posted (message %s) but not recorded; another run may post it again after the claim's lease: %w", ts, recErr)
	}
	var replyErr error
	for i, m := range p.messages[1:] {
		if _, err := d.api.post(keep, d.channel, ts, m); err != nil {
			later := "unrecorded, the thread cannot be continued"
			if recErr == nil {
				later = d.replyFailed(keep, day, err)
			}
			replyErr = fmt.Errorf("digest posted (message %s), but %d of its %d thread replies could not be; %s: %w",
				ts, len(p.messages)-1-out.Replies, len(p.messages)-1, later, err)
			break
		}
		out.Replies++
		if recErr != nil {
			continue // an unrecorded digest has no thread to record
		}
		if err := d.st.RecordDigestReply(keep, d.channel, day, d.instance, p.afis[i+1], i+2 < len(p.messages)); err != nil {
			replyErr = fmt.Errorf("digest posted (message %s), but its thread replies could not be recorded; %d were posted: %w", ts, out.Replies, err)
			break
		}
	}
	d.log.Info("digest posted", "channel", d.channel, "day", day, "ts", ts, "open", out.Open, "addressed", out.Addressed, "replies", out.Replies)
	return out, errors.Join(recErr, replyErr)
}

// continueThread posts the replies still missing from the thread of the
// day's digest rec, when this run may claim the unfinished thread (see
// store.ClaimDigestThread). The missing replies are laid out again from
// the AFIs' current state: the AFIs open now that the posted messages did
// not show, paged as the digest pages them. So every AFI open now is shown
// once across the day's messages, an AFI closed since is not shown, and
// one reopened since is. Their numbering continues the thread's ("4 of
// 5"), counting the messages already posted.
func (d *Digester) continueThread(ctx context.Context, day string, rec *store.Digest) (DigestOutcome, error) {
	out := DigestOutcome{Channel: d.channel, Day: day, Record: rec, Result: DigestHeldElsewhere}
	held, err := d.st.ClaimDigestThread(ctx, d.channel, day, d.instance)
	if err != nil || held == nil {
		return out, err
	}
	out.Record, out.Result, out.MessageTS, out.Open, out.Addressed = held, DigestContinued, held.MessageTS, held.Open, held.Addressed
	date, _ := checkDay(day)
	items, err := d.svc.Entries(ctx)
	if err != nil {
		return out, fmt.Errorf("continue the digest's thread: %w", err)
	}
	posted := map[string]bool{}
	var shown []*corpus.AFI
	for _, id := range held.AFIs {
		posted[id] = true
		if a := d.lib.AFI(id); a != nil {
			shown = append(shown, a)
		}
	}
	var rest []tracker.Entry
	for _, x := range tracker.Outstanding(items) {
		if !posted[x.AFI.ID] {
			rest = append(rest, x)
		}
	}
	keep := context.WithoutCancel(ctx)
	if len(rest) == 0 {
		err := d.st.FinishDigestThread(keep, d.channel, day, d.instance)
		return out, err
	}
	r := afiRender{now: d.now(), loc: d.loc, view: viewDigest}
	pages := r.layoutAFIs("", groupAFIs(rest), maxBlocks-1, maxBlocks-1, shown)
	before := 1 + held.RepliesPosted // the messages already in the thread
	fallback := fmt.Sprintf("Areas for improvement still open: %d open, %d addressed", held.Open, held.Addressed)
	for i, page := range pages {
		m := continuation(date, fallback, before+i+1, before+len(pages), page.blocks)
		if _, err := d.api.post(keep, d.channel, held.MessageTS, m); err != nil {
			return out, fmt.Errorf("continue the digest's thread (message %s): %d of %d missing replies could not be posted; %s: %w",
				held.MessageTS, len(pages)-i, len(pages), d.replyFailed(keep, day, err), err)
		}
		out.Replies++
		if err := d.st.RecordDigestReply(keep, d.channel, day, d.instance, page.ids, i+1 < len(pages)); err != nil {
			return out, fmt.Errorf("continue the digest's thread (message %s): a reply was posted but not recorded: %w", held.MessageTS, err)
		}
	}
	d.log.Info("digest thread continued", "channel", d.channel, "day", day, "ts", held.MessageTS, "replies", out.Replies)
	return out, nil
}

// replyFailed lets the unfinished thread go after a reply failed, and says
// when a later run will post the rest. A reply that certainly posted
// nothing releases the thread, so the next run continues it; one that may
// have been posted leaves it to the store's lease, so that it is not
// posted twice at once.
func (d *Digester) replyFailed(ctx context.Context, day string, err error) string {
	if !nothingDone(err) {
		return "Slack did not confirm the last, so a run after the claim's lease posts the rest"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if rerr := d.st.ReleaseDigestThread(ctx, d.channel, day, d.instance); rerr != nil {
		return fmt.Sprintf("a run after the claim's lease posts them (the thread could not be released: %v)", rerr)
	}
	return "the next run posts them"
}

// release gives the day's claim back after a failure, so that a later run
// may post, and returns the failure.
func (d *Digester) release(ctx context.Context, day string, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.st.ReleaseDigest(ctx, d.channel, day, d.instance); err != nil {
		return errors.Join(cause, fmt.Errorf("release the digest's claim: %w", err))
	}
	return cause
}

// digestPostFailed explains a refused post in terms an operator can act on.
func digestPostFailed(channel string, err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "not_in_channel":
			return fmt.Errorf("post the digest to %s: peelbot is not in that channel; invite it with /invite @peelbot: %w", channel, err)
		case "channel_not_found":
			return fmt.Errorf("post the digest to %s: Slack knows no such channel; PEEL_DIGEST_CHANNEL should be the channel's id (C…, from its details): %w", channel, err)
		case "is_archived":
			return fmt.Errorf("post the digest to %s: the channel is archived: %w", channel, err)
		}
	}
	return fmt.Errorf("post the digest to %s: %w", channel, err)
}

// RunDigest runs the digest of day (YYYY-MM-DD in the bot's zone) in the
// digest channel, exactly once per day across instances; see
// Digester.Run. Scheduler.Digest takes it.
func (b *Bot) RunDigest(ctx context.Context, day string) (DigestOutcome, error) {
	if b.afi.digest == nil {
		return DigestOutcome{Day: day}, errors.New("digest: no digest channel or no store configured")
	}
	out, err := b.afi.digest.Run(ctx, day)
	b.metrics.digest(out, err)
	if out.Result == DigestPosted {
		// Home tabs show the last digest.
		b.spawn("refresh home tabs", func(ctx context.Context) { b.refreshHomes(ctx, "", "") })
	}
	return out, err
}
