package render_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/synthetic"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/notify"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

var ctx = context.Background()

var now = time.Date(2025, 5, 20, 9, 0, 0, 0, time.UTC)

// hundredReports is 100 synthetic reports (every force, later rounds too)
// and the synthetic 2023–25 one with causes of concern and
// recommendations.
func hundredReports(t testing.TB) *corpus.Library {
	t.Helper()
	emb, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "corpus", "reports", emb.Reports[0].Source))
	if err != nil {
		t.Fatal(err)
	}
	files, err := synthetic.Corpus(src, 100)
	if err != nil {
		t.Fatal(err)
	}
	var reports []*corpus.Report
	for _, f := range files {
		r, err := corpus.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	raw, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	syn, err := corpus.Parse("synthetic-peel-2023-25.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.NewLibrary(append(reports, syn))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// busy is a tracker of the hundred reports with much going on: hundreds
// of items owned, overdue, due soon and waiting for sign-off.
func busy(t testing.TB) (*tracker.Service, *store.Store) {
	t.Helper()
	db := storetest.SQLite(t)
	clock := func() time.Time { return now }
	st, err := store.Open(ctx, store.Config{SQLitePath: db.SQLitePath, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &tracker.Service{Repo: st, Library: hundredReports(t), Policy: tracker.NewPolicy("UADMIN").WithReviewers("UREV"), Now: clock}
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for i, src := range svc.Catalog().Sources() {
		if i%3 != 0 || src.Type != tracker.TypeAFI {
			continue
		}
		owner := "UOWNER" + string(rune('A'+i%5))
		due := now.AddDate(0, 0, i%40-20) // from 20 days ago to 19 ahead
		for _, c := range []tracker.Change{
			{Action: tracker.ActionAssign, Actor: "UADMIN", Owner: owner},
			{Action: tracker.ActionDue, Actor: "UADMIN", Due: &due, Migrating: true},
		} {
			c.ItemID = src.ID
			if _, _, err := svc.Do(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			if _, _, err := svc.Do(ctx, tracker.Change{ItemID: src.ID, Action: tracker.ActionPropose, Actor: owner, Note: "done <!channel> & more"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return svc, st
}

func blocksJSON(t testing.TB, blocks []slack.Block) []map[string]any {
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// noBroadcast is a validator that refuses every broadcast and link but the
// reports': report and user text must have been escaped.
var noBroadcast = slacktest.Validator{ActionIDsUniquePerSurface: true, Intended: func(seq string) bool {
	return !strings.HasPrefix(seq, "<!") || strings.HasPrefix(seq, "<!date")
}}

// The digest of a hundred reports is one valid message under 50 blocks,
// whatever is going on.
func TestTheDigestOfAHundredReportsIsOneMessageUnderFiftyBlocks(t *testing.T) {
	svc, st := busy(t)
	d := &digest.Digester[render.Message]{Tracker: svc, Claims: st, Layout: render.Digest, Channel: "C1", Now: func() time.Time { return now }}
	dg, err := d.Compose(ctx, "2025-05-20")
	if err != nil {
		t.Fatal(err)
	}
	if len(svc.Catalog().Sources()) < 900 || len(dg.Overdue) < 100 || len(dg.DueSoon) < 50 || len(dg.Pending) < 100 {
		t.Fatalf("not busy enough: %d items, %d overdue, %d due soon, %d pending", len(svc.Catalog().Sources()), len(dg.Overdue), len(dg.DueSoon), len(dg.Pending))
	}
	m := render.Digest(dg)
	if err := noBroadcast.ValidateMessage(m.Text, m.Blocks...); err != nil {
		t.Fatal(err)
	}
	if len(m.Blocks) >= 50 {
		t.Errorf("%d blocks", len(m.Blocks))
	}
	text := strings.Join(textsOf(blocksJSON(t, m.Blocks)), "\n")
	for _, want := range []string{"Overdue* (", "Due within 14 days* (", "Waiting for sign-off* (", "more: `/peel afi overdue`", "PCC responses", "<@UOWNERA>", "may be carried forward to their force's later report: `/peel afi links`"} {
		if !strings.Contains(text, want) {
			t.Errorf("the digest lacks %q", want)
		}
	}
	for _, b := range m.Blocks {
		if _, ok := b.(*slack.ActionBlock); ok {
			t.Error("a public digest has buttons everyone would see")
		}
	}
}

func textsOf(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "text" {
				out = append(out, s)
			} else {
				out = append(out, textsOf(e)...)
			}
		}
	case []map[string]any:
		for _, e := range x {
			out = append(out, textsOf(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, textsOf(e)...)
		}
	}
	return out
}

// actionIDs are the action ids of a message's buttons, in order.
func actionIDs(blocks []map[string]any) []string {
	var out []string
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if m, ok := e.(map[string]any); ok {
				if id, ok := m["action_id"].(string); ok {
					out = append(out, render.ActionOf(id)) // what the click does, not the suffix that keeps it unique
				}
			}
		}
	}
	return out
}

// A long list pages with distinct action ids, most urgent first, and
// shows each person only the buttons they may use.
func TestListsPageWithDistinctActionIDsAndTheButtonsYouMayUse(t *testing.T) {
	svc, _ := busy(t)
	entries, err := svc.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"UREV", "UOWNERA", "UNOBODY"} {
		r := render.Items{View: svc.View(who), Now: now, Where: render.ViewList,
			May: func(a tracker.Action, it tracker.Item) bool { return svc.Allowed(who, a, it) }}
		f, _ := tracker.ParseFilter("")
		sel := f.Select(entries, r.View)
		for _, page := range []int{1, 2} {
			m := render.ItemList(r, sel, f, page, "")
			if err := noBroadcast.ValidateMessage(m.Text, m.Blocks...); err != nil {
				t.Fatalf("%s page %d: %v", who, page, err)
			}
			blocks := blocksJSON(t, m.Blocks)
			ids := actionIDs(blocks)
			nav := blocks[len(blocks)-1]
			navIDs := actionIDs([]map[string]any{nav})
			if page == 1 && !slices.Equal(navIDs, []string{render.ActionItemNext}) || page == 2 && !slices.Equal(navIDs, []string{render.ActionItemPrev, render.ActionItemNext}) {
				t.Errorf("%s page %d: navigation %v", who, page, navIDs)
			}
			if page == 1 && !strings.Contains(strings.Join(textsOf(blocks[:3]), " "), "*Overdue*") {
				t.Errorf("the first page does not begin with what is overdue: %v", textsOf(blocks[:3]))
			}
			switch who {
			case "UNOBODY":
				for _, id := range ids {
					if id != render.ActionAFIShow && id != render.ActionItemNext && id != render.ActionItemPrev {
						t.Errorf("a reader is shown %s", id)
					}
				}
			case "UREV":
				if !slices.Contains(ids, render.ActionItemSignoff) || slices.Contains(ids, render.ActionAFIAssign) {
					t.Errorf("a reviewer's buttons: %v", ids)
				}
			}
		}
	}
}

// Every form, Home tab and direct message is what Slack accepts.
func TestFormsHomeAndMessagesAreValidBlockKit(t *testing.T) {
	svc, st := busy(t)
	e, history, err := svc.Entry(ctx, "northmoor-2023-coc-2-rec-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []tracker.Action{tracker.ActionAssign, tracker.ActionPropose, tracker.ActionSignoff, tracker.ActionSendback,
		tracker.ActionClose, tracker.ActionDue, tracker.ActionNote, tracker.ActionReopen, tracker.ActionSupersede} {
		v := render.ChangeModal(e, render.ChangeForm{Action: a, Suggest: "northmoor-2023"}, `{"afi":"x"}`)
		if err := slacktest.ValidateModal(v); err != nil {
			t.Errorf("%s form: %v", a, err)
		}
	}
	r := render.Items{View: svc.View("UADMIN"), Now: now, Where: render.ViewDetail,
		May: func(a tracker.Action, it tracker.Item) bool { return svc.Allowed("UADMIN", a, it) }}
	m := render.ItemDetail(r, e, history, nil, "✅ You noted “x”", render.MaxBlocks)
	if err := noBroadcast.ValidateMessage(m.Text, m.Blocks...); err != nil {
		t.Errorf("detail: %v", err)
	}
	if text := strings.Join(textsOf(blocksJSON(t, m.Blocks)), "\n"); !strings.Contains(text, "1 June 2025 (within three months of publication)") {
		t.Errorf("the recommendation's due date is not shown: %s", text)
	}
	entries, _ := svc.Entries(ctx)
	home := render.HomeBlocks(r, render.Home{User: "UOWNERA", Reviewer: false, Tracking: true, Entries: entries, DigestChannel: "C1",
		Help: render.Help("/peel", nil), Grades: render.GradesList(svc.Library.Reports[:3])})
	if err := slacktest.ValidateHomeTab(slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: home}}); err != nil {
		t.Errorf("home: %v", err)
	}
	n := &notify.Notifier[render.Message]{Tracker: svc, Claims: st}
	batches, err := n.Pending(ctx)
	if err != nil || len(batches) == 0 {
		t.Fatalf("pending %d, %v", len(batches), err)
	}
	for _, b := range batches {
		m := render.Notification(b)
		if err := noBroadcast.ValidateMessage(m.Text, m.Blocks...); err != nil {
			t.Errorf("notification to %s: %v", b.To, err)
		}
	}
	states, _ := svc.Responses(ctx)
	rep := render.Reports(states, r, true)
	if err := slacktest.ValidateMessage(rep.Text, rep.Blocks...); err != nil {
		t.Errorf("reports: %v", err)
	}
	links := render.Links(r, tracker.Successors(svc.Catalog(), entries), true, 1)
	if err := slacktest.ValidateMessage(links.Text, links.Blocks...); err != nil {
		t.Errorf("links: %v", err)
	}
}
