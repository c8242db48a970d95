package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/pack"
	"github.com/peelbot/peelbot/tracker/pack/xlsx"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// tk is a bot tracking the embedded report and the synthetic 2023–25 one,
// served over HTTP against the validating fake Slack, on a store of its
// own, with a clock the test moves.
type tk struct {
	t     *testing.T
	slack *slacktest.Server
	bot   *Bot
	srv   *httptest.Server
	svc   *tracker.Service
	st    *store.Store
	mu    sync.Mutex
	now   time.Time
}

func (k *tk) clock() time.Time { k.mu.Lock(); defer k.mu.Unlock(); return k.now }

func withSynthetic(t testing.TB) *corpus.Library {
	t.Helper()
	emb, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	syn, err := corpus.Parse("synthetic-peel-2023-25.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.NewLibrary(append(slices.Clone(emb.Reports), syn))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func newTK(t *testing.T, db storetest.DB, policy tracker.Policy) *tk {
	t.Helper()
	lib := withSynthetic(t)
	k := &tk{t: t, now: time.Date(2025, 5, 20, 8, 0, 0, 0, time.UTC)}
	// The reports' links, and the PCC responses the tests record.
	k.slack = newSlack(t, func() []string { return append(reportLinks(lib), "https://pcc.example/") })
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: db.DatabaseURL, SQLitePath: db.SQLitePath, Now: k.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k.st = st
	k.svc = &tracker.Service{Repo: st, Library: lib, Policy: policy, Now: k.clock}
	if _, err := k.svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, ix := embeddedIndex(t)
	b, err := New(Config{Library: lib, Index: ix, BotToken: k.slack.BotToken(), APIURL: k.slack.APIURL(), SigningSecret: testSecret,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: k.clock, Tracker: k.svc, Store: st, DigestChannel: "CDIGEST",
		Location: time.UTC, NotifyPace: time.Nanosecond, Instance: "test:1",
		Export: func(ctx context.Context, f tracker.Filter, format, user string) (string, []byte, error) {
			entries, err := k.svc.Entries(ctx)
			if err != nil {
				return "", nil, err
			}
			events, _ := k.svc.Events(ctx, time.Time{})
			data, err := xlsx.Write(pack.Make(k.svc, f.Select(entries, k.svc.View(user)), f, events, k.clock()))
			return "board-pack.xlsx", data, err
		}})
	if err != nil {
		t.Fatal(err)
	}
	b.api.Backoff = 20 * time.Millisecond
	k.bot = b
	k.srv = httptest.NewServer(b.Handler())
	t.Cleanup(k.srv.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b.Shutdown(ctx)
	})
	return k
}

// settle waits for the bot's background work.
func (k *tk) settle() {
	k.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for k.bot.bg.running.Load() > 0 {
		if time.Now().After(deadline) {
			k.t.Fatal("background work still running after 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (k *tk) signed(path string, form url.Values) []byte {
	k.t.Helper()
	body := []byte(form.Encode())
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, k.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		k.t.Fatalf("%s: %d %s", path, resp.StatusCode, out)
	}
	return out
}

// command types /peel text as user in channel, and returns the private
// answer as Slack would show it (checked as Slack checks it).
func (k *tk) command(user, channel, text string) slacktest.Message {
	k.t.Helper()
	ru := k.slack.ResponseURL(slacktest.ResponseURLOptions{Channel: channel, User: user})
	body := k.signed(PathCommands, url.Values{"command": {"/peel"}, "text": {text}, "user_id": {user}, "channel_id": {channel},
		"team_id": {k.slack.TeamID()}, "response_url": {ru}, "trigger_id": {k.slack.TriggerID()}})
	if err := k.slack.CheckReply(body); err != nil {
		k.t.Fatalf("/peel %s: %v", text, err)
	}
	var reply struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal(body, &reply); err != nil {
		k.t.Fatal(err)
	}
	k.settle()
	return slacktest.Message{Text: reply.Text, Blocks: reply.Blocks, Ephemeral: true, To: user, Channel: channel}
}

// click clicks b in an ephemeral answer in channel, and returns the
// response URL the click came with.
func (k *tk) click(user, channel string, b slacktest.Button) string {
	k.t.Helper()
	ru := k.slack.ResponseURL(slacktest.ResponseURLOptions{Channel: channel, User: user, Ephemeral: true, Action: true, MessageTS: "1700000050.000100"})
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": k.slack.TeamID()}, "user": map[string]any{"id": user},
		"api_app_id": "A1", "trigger_id": k.slack.TriggerID(), "response_url": ru,
		"container": map[string]any{"type": "message", "message_ts": "1700000050.000100", "channel_id": channel, "is_ephemeral": true},
		"channel":   map[string]any{"id": channel},
		"actions": []any{map[string]any{"type": "button", "action_id": b.ActionID, "block_id": b.BlockID, "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000200.000001"}},
	})
	k.signed(PathActions, url.Values{"payload": {string(payload)}})
	k.settle()
	return ru
}

// submit submits the modal v as user with the values typed into it, and
// returns Slack's answer (empty when the modal closes).
func (k *tk) submit(user string, v slacktest.View, values map[string]map[string]any) string {
	k.t.Helper()
	payload, _ := json.Marshal(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": k.slack.TeamID()}, "user": map[string]any{"id": user},
		"view": map[string]any{"id": v.ID, "type": "modal", "callback_id": v.CallbackID, "private_metadata": v.PrivateMetadata,
			"state": map[string]any{"values": values}},
	})
	out := k.signed(PathActions, url.Values{"payload": {string(payload)}})
	k.settle()
	return string(out)
}

func buttonOf(t *testing.T, m slacktest.Message, actionID string) slacktest.Button {
	t.Helper()
	for _, b := range m.Buttons() {
		if render.ActionOf(b.ActionID) == actionID {
			return b
		}
	}
	t.Fatalf("no %s button among %v", actionID, m.Buttons())
	return slacktest.Button{}
}

func hasButton(m slacktest.Message, actionID string) bool {
	for _, b := range m.Buttons() {
		if render.ActionOf(b.ActionID) == actionID {
			return true
		}
	}
	return false
}

// The first two checks, in Slack, on SQLite and PostgreSQL: a
// recommendation "within three months" shows its due date; its owner is
// told once when assigned; the owner proposes closure with a form, the
// reviewer is told and signs it off; the item is closed, its history
// shows both, and the day's digest message is updated in place.
func TestARecommendationIsOwnedProposedAndSignedOffInSlack(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		k := newTK(t, db, tracker.NewPolicy("UADMIN").WithReviewers("UREV"))
		ctx := context.Background()
		const id = "northmoor-2023-coc-2-rec-1"
		if out, err := k.bot.RunDigest(ctx, "2025-05-20"); err != nil || out.MessageTS == "" {
			t.Fatalf("digest: %+v %v", out, err)
		}
		digests := k.slack.Messages("CDIGEST")
		if len(digests) != 1 || len(digests[0].Blocks) >= 50 || !strings.Contains(digests[0].AllText(), "`"+id+"`") {
			t.Fatalf("digest %v", digests)
		}

		list := k.command("UREV", "C1", "afi type:recommendation report:northmoor due:30d")
		if text := list.AllText(); !strings.Contains(text, "due 1 June 2025 (within three months of publication)") {
			t.Errorf("the recommendation's due date is not shown:\n%s", text)
		}

		// Only an admin allocates; a reader is refused and nothing changes.
		if m := k.command("UNOBODY", "C1", "afi assign coc-2-rec-1 <@UOWNER|olu>"); !strings.Contains(m.AllText(), "Only peelbot's admins can allocate") {
			t.Errorf("a reader assigned: %s", m.AllText())
		}
		m := k.command("UADMIN", "C1", "afi assign coc-2-rec-1 <@UOWNER|olu>")
		if !strings.Contains(m.AllText(), "You assigned `"+id+"` to <@UOWNER>") {
			t.Fatalf("assign: %s", m.AllText())
		}
		for range 3 { // however often the follow-ups run
			if err := k.bot.FollowUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		dms := k.slack.Messages("UOWNER")
		if len(dms) != 1 || !strings.Contains(dms[0].AllText(), "<@UADMIN> made you the owner of `"+id+"`") {
			t.Fatalf("the owner heard %d times: %v", len(dms), dms)
		}

		// The owner proposes closure from the item's buttons, with a form.
		detail := k.command("UOWNER", "C1", "afi coc-2-rec-1")
		if hasButton(detail, render.ActionItemSignoff) || hasButton(detail, render.ActionAFIAssign) {
			t.Errorf("the owner is shown buttons they may not use: %v", detail.Buttons())
		}
		k.click("UOWNER", "C1", buttonOf(t, detail, render.ActionItemPropose))
		views := k.slack.Views()
		if len(views) != 1 || views[0].Title != "Propose closure" {
			t.Fatalf("views %+v", views)
		}
		if got := k.submit("UOWNER", views[0], map[string]map[string]any{render.BlockEvidence: {render.InputEvidence: map[string]any{"type": "plain_text_input", "value": "  "}}}); !strings.Contains(got, "evidence") {
			t.Errorf("blank evidence was accepted: %s", got)
		}
		const evidence = "Supervision policy published; audit of 40 cases, 12 May"
		if got := k.submit("UOWNER", views[0], map[string]map[string]any{render.BlockEvidence: {render.InputEvidence: map[string]any{"type": "plain_text_input", "value": evidence}}}); got != "" {
			t.Fatalf("submit: %s", got)
		}
		if err := k.bot.FollowUp(ctx); err != nil {
			t.Fatal(err)
		}
		rev := k.slack.Messages("UREV")
		if len(rev) != 1 || !strings.Contains(rev[0].AllText(), "<@UOWNER> asks you to sign off `"+id+"`") || !strings.Contains(rev[0].AllText(), evidence) {
			t.Fatalf("the reviewer heard: %v", rev)
		}

		m = k.command("UREV", "C1", "afi signoff coc-2-rec-1 Checked the audit sample")
		if !strings.Contains(m.AllText(), "You signed `"+id+"` off (closed), commenting “Checked the audit sample”") {
			t.Errorf("sign-off banner: %s", m.AllText())
		}
		it, history, err := k.st.Item(ctx, id)
		if err != nil || it.Status != tracker.StatusClosed || it.SignedOffBy != "UREV" || it.Evidence != evidence {
			t.Fatalf("stored %+v %v", it, err)
		}
		var who []string
		for _, e := range history {
			who = append(who, string(e.Action)+":"+e.Actor)
		}
		if !slices.Contains(who, "propose:UOWNER") || !slices.Contains(who, "signoff:UREV") {
			t.Errorf("history %v", who)
		}

		// The day's digest message is brought up to date in place.
		if err := k.bot.FollowUp(ctx); err != nil {
			t.Fatal(err)
		}
		after := k.slack.Messages("CDIGEST")
		text := after[0].AllText()
		if len(after) != 1 || after[0].Edits == 0 || !strings.Contains(digests[0].AllText(), "• `"+id+"` ") || strings.Contains(text, "• `"+id+"` ") ||
			!strings.Contains(text, "signed `"+id+"` off (closed)") || !strings.Contains(text, "1 closed") {
			t.Errorf("digest after sign-off (%d edits):\n%s", after[0].Edits, after[0].AllText())
		}
		if n := len(k.slack.Messages("UOWNER")); n != 1 {
			t.Errorf("the owner heard %d times in all", n)
		}
	})
}

// A banner quotes the note just given, never an earlier one; an id is
// read by the end of it; the CLI's --note is accepted in Slack too.
func TestABannerQuotesTheNoteJustGiven(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy())
	first := k.command("U1", "C1", "afi note herts-2021-afi-7 Met the control room lead")
	second := k.command("U1", "C1", `afi note afi-7 --note "Second meeting, with the force's lead"`)
	if !strings.Contains(first.AllText(), "“Met the control room lead”") {
		t.Errorf("first banner: %s", first.AllText())
	}
	banner := second.Blocks[0]
	if text := strings.Join(slacktest.TextsOf([]map[string]any{banner}), " "); !strings.Contains(text, "Second meeting, with the force's lead") || strings.Contains(text, "control room") {
		t.Errorf("second banner: %s", text)
	}
	if m := k.command("U1", "C1", "afi note afi-1 x"); !strings.Contains(m.AllText(), "could be any of 2 items") {
		t.Errorf("an ambiguous id: %s", m.AllText())
	}
	if m := k.command("U1", "C1", "afi due afi-7 2020-01-01"); !strings.Contains(m.AllText(), "is in the past") {
		t.Errorf("a due date in the past: %s", m.AllText())
	}
}

// Lists page with their own action ids and keep their filter.
func TestListsPageKeepingTheirFilter(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy())
	m := k.command("U1", "C1", "afi status:all")
	next := buttonOf(t, m, render.ActionItemNext)
	if hasButton(m, render.ActionItemPrev) {
		t.Error("the first page goes back")
	}
	ru := k.click("U1", "C1", next)
	replies := k.slack.ResponsesTo(ru)
	if len(replies) != 1 || !strings.Contains(strings.Join(slacktest.TextsOf(replies[0].Blocks()), " "), "Page 2 of") {
		t.Fatalf("page 2: %v", replies)
	}
	var back bool
	for _, b := range slacktest.ButtonsOf(replies[0].Blocks()) {
		back = back || b.ActionID == render.ActionItemPrev && strings.Contains(b.Value, `"f":"status:all"`)
	}
	if !back {
		t.Errorf("page 2 has no way back with its filter")
	}
}

// /peel export uploads the board pack to the channel with files.uploadV2:
// the items' columns and the chart.
func TestExportUploadsTheBoardPack(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy())
	m := k.command("U1", "C1", "export xlsx type:recommendation")
	if !strings.Contains(m.AllText(), "Making the board pack") {
		t.Fatalf("export: %s", m.AllText())
	}
	files := k.slack.Files()
	if len(files) != 1 || !files[0].Completed || files[0].Channel != "C1" || files[0].Name != "board-pack.xlsx" {
		t.Fatalf("files %+v", files)
	}
	f, err := excelize.OpenReader(bytes.NewReader(files[0].Content))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsx.SheetItems)
	if err != nil || len(rows) != 7 || !slices.Equal(rows[0], pack.Columns) || rows[1][3] != "Recommendation" {
		t.Errorf("rows %v, %v", rows, err)
	}
	pics, err := f.GetPictures(xlsx.SheetChart, "A3")
	if err != nil || len(pics) != 1 || !bytes.HasPrefix(pics[0].File, []byte("\x89PNG")) {
		t.Errorf("chart: %d pictures, %v", len(pics), err)
	}
}

// Slack posts the digest and a direct message but their answers are lost
// (the connection drops after Slack acted): peelbot finds each in its
// conversation's history by its message metadata and records it, and
// never posts either again, however often it runs.
func TestPostsWhoseAnswerWasLostAreFoundNotPostedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		k := newTK(t, db, tracker.NewPolicy("UADMIN"))
		ctx := context.Background()
		k.slack.Fail("chat.postMessage", slacktest.LostAnswer)
		out, err := k.bot.RunDigest(ctx, "2025-05-20")
		digests := k.slack.Messages("CDIGEST")
		if err != nil || out.Result != digest.Recovered || len(digests) != 1 || out.MessageTS != digests[0].TS {
			t.Fatalf("digest: %+v, %v; %d messages", out, err, len(digests))
		}
		if md := digests[0].Metadata; md == nil || md.EventType != render.DigestEvent || md.EventPayload["day"] != "2025-05-20" || md.EventPayload["channel"] != "CDIGEST" {
			t.Errorf("the digest's metadata: %+v", md)
		}
		if rec, _ := k.st.DigestFor(ctx, "CDIGEST", "2025-05-20"); rec == nil || rec.PostedAt == nil || rec.MessageTS != digests[0].TS {
			t.Errorf("record %+v", rec)
		}

		k.command("UADMIN", "C1", "afi assign coc-2-rec-1 <@UOWNER|olu>")
		k.slack.Fail("chat.postMessage", slacktest.LostAnswer)
		if err := k.bot.FollowUp(ctx); err != nil {
			t.Fatalf("follow-ups: %v", err)
		}
		k.mu.Lock()
		k.now = k.now.Add(2 * store.DefaultClaimLease)
		k.mu.Unlock()
		for range 2 {
			if err := k.bot.FollowUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if out, err := k.bot.RunDigest(ctx, "2025-05-20"); err != nil || out.Result != digest.AlreadyDone {
			t.Errorf("the digest again: %+v, %v", out, err)
		}
		dms := k.slack.Messages("UOWNER")
		if len(dms) != 1 || dms[0].Metadata == nil || dms[0].Metadata.EventType != render.NotificationEvent {
			t.Fatalf("the owner has %d messages: %+v", len(dms), dms)
		}
		recorded, _ := k.st.Notifications(ctx)
		if len(recorded) == 0 {
			t.Fatal("nothing recorded")
		}
		for _, n := range recorded {
			if n.SentAt == nil || n.MessageTS != dms[0].TS || !strings.Contains(dms[0].Metadata.EventPayload["keys"].(string), n.Key) {
				t.Errorf("recorded %+v; the message %s carries %v", n, dms[0].TS, dms[0].Metadata.EventPayload)
			}
		}
		if n := len(k.slack.Calls("chat.postMessage")); n != 2 {
			t.Errorf("%d posts, want the digest and the direct message once each", n)
		}
		if len(k.slack.Calls("conversations.open")) == 0 || len(k.slack.Calls("conversations.history")) < 2 {
			t.Errorf("peelbot did not look: %d opens, %d histories", len(k.slack.Calls("conversations.open")), len(k.slack.Calls("conversations.history")))
		}
	})
}

// An item is superseded only by a later report of its own force: in
// Slack, as on the command line, another force's report is refused with
// the reason, and the item stays as it was.
func TestSupersedingByAnotherForcesReportIsRefusedInSlack(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		k := newTK(t, db, tracker.NewPolicy("UADMIN").WithReviewers("UREV"))
		for text, want := range map[string]string{
			"afi supersede afi-6 northmoor-2023":              "herts-2021-afi-6 was not superseded: northmoor-2023 is a report of Northmoor Police",
			"afi supersede northmoor-2023-afi-2 herts-2021":   "herts-2021 is a report of Hertfordshire Constabulary",
			"afi supersede afi-9 --by northmoor-2023-afi-1 x": "northmoor-2023-afi-1 is a report of Northmoor Police",
		} {
			if m := k.command("UREV", "C1", text); !strings.Contains(m.AllText(), want) {
				t.Errorf("/peel %s:\n%s\nwant %q", text, m.AllText(), want)
			}
		}
		entries, err := k.svc.Entries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Item.Status == tracker.StatusSuperseded {
				t.Errorf("%s superseded by %s all the same", e.Item.ID, e.Item.SupersededBy)
			}
		}
	})
}

// A refusal in Slack says once that nothing changed, whichever rule
// refused it: the policy, the item's status, a missing reason.
func TestARefusalSaysOnceThatNothingChanged(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy("UADMIN").WithReviewers("UREV"))
	k.command("UADMIN", "C1", "afi assign coc-1-rec-2 <@UREV|rev>")
	k.command("UREV", "C1", "afi propose coc-1-rec-2 Done; see the minutes")
	k.command("UADMIN", "C1", "afi due herts-2021-afi-1 2025-09-30")
	for _, c := range []struct{ user, text string }{
		{"UREV", "afi assign coc-1-rec-1 <@U0OTHER|other>"},
		{"UREV", "afi signoff coc-1-rec-2"},
		{"UADMIN", "afi due herts-2021-afi-1 2025-10-31"},
		{"UREV", "afi reopen herts-2021-afi-2"},
		{"UREV", "afi close afi-9 \u200b"},
	} {
		got := k.command(c.user, "C1", c.text).AllText()
		said := strings.Count(got, "nothing was changed") + strings.Count(got, "nothing changed") + strings.Count(got, " was not ")
		if said != 1 {
			t.Errorf("/peel %s: %q; want it said once that nothing changed", c.text, got)
		}
	}
}

// Slack sends a link as <url|label> (a titled link, or an address it
// shortened for show): the address recorded is the link's, not its label;
// a mention is read by its member id, in every command that takes one.
func TestLinksAndMentionsAreReadByWhatTheyPointAt(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		k := newTK(t, db, tracker.NewPolicy("UADMIN").WithReviewers("UREV"))
		ctx := context.Background()
		for text, want := range map[string]string{
			"reports respond herts-2021 <https://pcc.example/resp|pcc.example/resp>":                "https://pcc.example/resp",
			"reports respond <https://x.example/herts-2021|herts-2021> <https://pcc.example/plain>": "https://pcc.example/plain",
			"reports respond northmoor-2023 <https://pcc.example/r?a=1&amp;b=2|the PCC's response>": "https://pcc.example/r?a=1&b=2",
		} {
			id := "herts-2021"
			if strings.Contains(text, "northmoor") {
				id = "northmoor-2023"
			}
			m := k.command("UREV", "C1", text)
			if !strings.Contains(m.AllText(), "You recorded the PCC's response to `"+id+"`") {
				t.Errorf("/peel %s:\n%s", text, m.AllText())
				continue
			}
			states, err := k.svc.Responses(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range states {
				if st.Report.ID == id && (st.Response == nil || st.Response.URL != want) {
					t.Errorf("/peel %s recorded %+v, want %s", text, st.Response, want)
				}
			}
		}
		if m := k.command("UADMIN", "C1", "afi assign coc-2-rec-1 <@UOWNER>"); !strings.Contains(m.AllText(), "to <@UOWNER>") {
			t.Errorf("assign to a mention without its name: %s", m.AllText())
		}
		if m := k.command("UREV", "C1", "export csv owner:<@UOWNER|olu>"); !strings.Contains(m.AllText(), "Making the board pack") {
			t.Errorf("export owned by a mention: %s", m.AllText())
		}
		if files := k.slack.Files(); len(files) != 1 {
			t.Errorf("%d files uploaded", len(files))
		}
	})
}

// /peel export with a format it does not make says which it makes, and
// uploads nothing; a filter after a format still works.
func TestExportInAFormatItDoesNotMakeSaysWhichItMakes(t *testing.T) {
	k := newTK(t, storetest.SQLite(t), tracker.NewPolicy())
	for _, text := range []string{"export pdf", "export PDF type:afi", "export format:docx"} {
		got := k.command("U1", "C1", text).AllText()
		if !strings.Contains(got, "`xlsx`") || !strings.Contains(got, "`csv`") || !strings.Contains(got, "`md`") || strings.Contains(got, "not a filter") {
			t.Errorf("/peel %s: %s", text, got)
		}
	}
	if files := k.slack.Files(); len(files) != 0 {
		t.Errorf("uploaded %+v", files)
	}
	for _, text := range []string{"export overdue", "export md type:afi"} {
		if got := k.command("U1", "C1", text).AllText(); !strings.Contains(got, "Making the board pack") {
			t.Errorf("/peel %s: %s", text, got)
		}
	}
}
