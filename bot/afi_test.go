package bot

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// testClock is a clock tests move by hand; its After fires when the clock
// passes the time waited for, so a digest.Scheduler can be driven through days in
// no time.
type testClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (forwards only) and fires the waits it passes.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

func (c *testClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

func (c *testClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// runUntil lets whatever waits on the clock run until end: whenever it
// waits, the clock jumps to the time it waits for.
func (c *testClock) runUntil(t *testing.T, end time.Time) {
	t.Helper()
	for {
		deadline := time.Now().Add(10 * time.Second)
		var next time.Time
		for {
			c.mu.Lock()
			if len(c.waiters) > 0 {
				next = c.waiters[0].at
				for _, w := range c.waiters[1:] {
					if w.at.Before(next) {
						next = w.at
					}
				}
			}
			c.mu.Unlock()
			if !next.IsZero() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("nothing waited on the clock for 10s (at %v)", c.Now())
			}
			time.Sleep(time.Millisecond)
		}
		if next.After(end) {
			c.Set(end)
			return
		}
		c.Set(next)
	}
}

// withStore gives the harness's bot a store on db, and AFI tracking on
// it, timed by now.
func withStore(t *testing.T, db storetest.DB, now func() time.Time) func(*Config) {
	st := openStore(t, db, now)
	return func(c *Config) {
		c.Store = st
		c.Tracker = &tracker.Service{Repo: st, Library: c.Library, Now: now}
		c.Now = now
	}
}

func openStore(t *testing.T, db storetest.DB, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// withAdmins lets only these people change AFIs.
func withAdmins(admins ...string) func(*Config) {
	return func(c *Config) { c.Tracker.Policy = tracker.NewPolicy(admins...) }
}

// afiHarness is a harness whose bot tracks the embedded report's AFIs in a
// SQLite store of its own.
func afiHarness(t *testing.T, edit ...func(*Config)) *harness {
	t.Helper()
	h := newHarness(t, append([]func(*Config){withStore(t, storetest.SQLite(t), time.Now)}, edit...)...)
	syncAFIs(t, h.bot.afi.svc)
	return h
}

// syncAFIs starts tracking every AFI of the embedded reports, as serve
// does when it starts.
func syncAFIs(t *testing.T, svc *tracker.Service) {
	t.Helper()
	if _, err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// state reads an AFI and its history from the bot's store.
func (h *harness) state(id string) (tracker.Item, []tracker.Event) {
	h.t.Helper()
	st, history, err := h.store().Item(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return st, history
}

// store is the harness's bot's store.
func (h *harness) store() *store.Store { return h.bot.store.(*store.Store) }

// afis changes AFIs through the tracker's one pipeline, as the bot does,
// under the names of the changes.
func (h *harness) afis() afiChanges { return afiChanges{h.bot.afi.svc} }

type afiChanges struct{ svc *tracker.Service }

func (a afiChanges) do(ctx context.Context, c tracker.Change) (tracker.Item, error) {
	it, _, err := a.svc.Do(ctx, c)
	return it, err
}

func (a afiChanges) Start(ctx context.Context, id, actor, channel, note string) (tracker.Item, error) {
	return a.do(ctx, tracker.Change{ItemID: id, Action: tracker.ActionStart, Actor: actor, Channel: channel, Note: note})
}

func (a afiChanges) Address(ctx context.Context, id, evidence, actor, channel string) (tracker.Item, error) {
	return a.do(ctx, tracker.Change{ItemID: id, Action: tracker.ActionClose, Actor: actor, Channel: channel, Note: evidence})
}

func (a afiChanges) Reopen(ctx context.Context, id, actor, channel, note string) (tracker.Item, error) {
	return a.do(ctx, tracker.Change{ItemID: id, Action: tracker.ActionReopen, Actor: actor, Channel: channel, Note: note})
}

func (a afiChanges) Assign(ctx context.Context, id, owner, actor, channel string) (tracker.Item, error) {
	return a.do(ctx, tracker.Change{ItemID: id, Action: tracker.ActionAssign, Actor: actor, Channel: channel, Owner: owner})
}

func (a afiChanges) AddNote(ctx context.Context, id, text, actor, channel string) (tracker.Item, error) {
	return a.do(ctx, tracker.Change{ItemID: id, Action: tracker.ActionNote, Actor: actor, Channel: channel, Note: text})
}

// commandBy runs /peel text as user in channel and returns the reply.
func (h *harness) commandBy(user, channel, text string) []map[string]any {
	h.t.Helper()
	form := slash(text)
	form.Set("user_id", user)
	form.Set("channel_id", channel)
	form.Set("response_url", h.slack.responseURL("cmd"))
	resp := h.post(PathCommands, formType, []byte(form.Encode()))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("/peel %.40q: status %d", text, resp.StatusCode)
	}
	var msg struct {
		ResponseType string `json:"response_type"`
		Blocks       any    `json:"blocks"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&msg); err != nil {
		h.t.Fatal(err)
	}
	if msg.ResponseType != "ephemeral" {
		h.t.Errorf("/peel %s answer is %q, not ephemeral", text, msg.ResponseType)
	}
	blocks := toBlocks(h.t, msg.Blocks)
	checkLimits(h.t, blocks)
	checkMarkup(h.t, blocks)
	return blocks
}

// slackMarkup is what may follow "<" in mrkdwn: a link, a mention, a
// channel or a broadcast. Any other "<" is text that should have been
// escaped, which Slack would mangle.
var slackMarkup = regexp.MustCompile(`^<(https?://[^<>|]+(\|[^<>]*)?|@[UW][A-Z0-9]+|#[CG][A-Z0-9]+)>`)

func checkMarkup(t *testing.T, blocks []map[string]any) {
	t.Helper()
	for _, s := range texts(blocks) {
		for i := strings.Index(s, "<"); i >= 0; i = strings.Index(s, "<") {
			m := slackMarkup.FindString(s[i:])
			if m == "" {
				t.Errorf("unescaped markup in %q", render.Clip(s[i:], 80))
				break
			}
			s = s[i+len(m):]
		}
	}
}

// clickBy clicks a button as user, in a message described by container
// (see ephemeralIn and publicIn).
func (h *harness) clickBy(user string, b btn, container map[string]any) {
	h.t.Helper()
	payload := map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T1"},
		"user": map[string]any{"id": user}, "api_app_id": "A1", "trigger_id": "trig.afi",
		"response_url": h.slack.responseURL("click"), "container": container,
		"channel": map[string]any{"id": container["channel_id"]},
		"actions": []any{map[string]any{"type": "button", "action_id": b.ActionID, "block_id": "afi-act", "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000200.000002"}},
	}
	if container["type"] == "view" {
		delete(payload, "response_url")
		delete(payload, "channel")
		payload["view"] = map[string]any{"id": container["view_id"], "type": "home"}
	}
	h.interact(payload)
}

// publicIn is the container of a public message (a digest) in channel.
func publicIn(channel, ts string) map[string]any {
	return map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false}
}

// submit submits the modal view (as views.open received it) as user with
// the given input values (block id → action id → value) and returns
// Slack's answer: nil for an empty 200 (the modal closes).
func (h *harness) submit(user string, view map[string]any, values map[string]map[string]any) map[string]any {
	h.t.Helper()
	payload := map[string]any{
		"type": "view_submission", "team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user},
		"api_app_id": "A1", "trigger_id": "trig.submit",
		"view": map[string]any{
			"id": "V1", "type": "modal", "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
			"state": map[string]any{"values": values},
		},
	}
	resp := h.interact(payload)
	body, _ := io.ReadAll(resp.Body)
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		h.t.Fatalf("submission answer %q: %v", body, err)
	}
	return out
}

// evidence is a modal's evidence field filled with text.
func evidence(text string) map[string]map[string]any {
	return map[string]map[string]any{render.BlockEvidence: {render.InputEvidence: map[string]any{"type": "plain_text_input", "value": text}}}
}

// lastModal is the view of the latest views.open call.
func (h *harness) lastModal() map[string]any {
	h.t.Helper()
	opens := h.slack.Calls("views.open")
	if len(opens) == 0 {
		h.t.Fatal("no modal was opened")
	}
	return opens[len(opens)-1].JSON["view"].(map[string]any)
}

// buttonFor is the button with actionID on the AFI id.
func buttonFor(t *testing.T, blocks []map[string]any, actionID, id string) btn {
	t.Helper()
	for _, b := range buttonsWith(blocks, actionID) {
		if r, err := render.DecodeAFIRef(b.Value); err == nil && r.ID == id {
			return b
		}
	}
	t.Fatalf("no %s button for %s among %v", actionID, id, buttons(blocks))
	return btn{}
}

func afiIDsWith(blocks []map[string]any, actionID string) []string {
	var ids []string
	for _, b := range buttonsWith(blocks, actionID) {
		if r, err := render.DecodeAFIRef(b.Value); err == nil {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

const (
	afi3Text     = "The constabulary should make sure that repeat and vulnerable callers are routinely identified"
	afi7Citation = "Hertfordshire Constabulary PEEL 2021/22 · Protecting vulnerable people · p. 30"
)

func TestHomeViewersAreBounded(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := newHomeViewers(3, time.Hour)
	for i, u := range []string{"U1", "U2", "U3", "U4"} {
		h.add(u, now.Add(time.Duration(i)*time.Minute))
	}
	if got := h.recent(now.Add(10 * time.Minute)); strings.Join(got, ",") != "U2,U3,U4" {
		t.Errorf("recent = %v, want the three latest", got)
	}
	if got := h.recent(now.Add(62 * time.Minute)); strings.Join(got, ",") != "U3,U4" {
		t.Errorf("after an hour, recent = %v", got)
	}
}
