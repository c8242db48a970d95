package tracker

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

var (
	t0    = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	ctx   = context.Background()
	today = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
)

// memRepo is a Repository in memory that counts what it is asked to write.
type memRepo struct {
	mu        sync.Mutex
	items     map[string]Item
	history   map[string][]Event
	responses []Response
	writes    int
	nextID    int64
	fail      error // every call fails with it when set
}

func newMemRepo() *memRepo { return &memRepo{items: map[string]Item{}, history: map[string][]Event{}} }

func (r *memRepo) Track(_ context.Context, items []NewItem) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return 0, r.fail
	}
	r.writes++
	n := 0
	for _, ni := range items {
		if _, ok := r.items[ni.Item.ID]; !ok {
			r.nextID++
			ni.Event.ID = r.nextID
			r.items[ni.Item.ID], r.history[ni.Item.ID] = ni.Item, []Event{ni.Event}
			n++
		}
	}
	return n, nil
}

func (r *memRepo) Item(_ context.Context, id string) (Item, []Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return Item{}, nil, r.fail
	}
	it, ok := r.items[id]
	if !ok {
		return Item{}, nil, Errorf(ErrUnknownItem, "unknown item %q", id)
	}
	return it, slices.Clone(r.history[id]), nil
}

func (r *memRepo) Items(context.Context) ([]Item, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return nil, r.fail
	}
	var out []Item
	for _, it := range r.items {
		out = append(out, it)
	}
	return out, nil
}

func (r *memRepo) Events(_ context.Context, since time.Time, actions ...Action) ([]Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Event
	for _, h := range r.history {
		for _, e := range h {
			if !e.At.Before(since) && (len(actions) == 0 || slices.Contains(actions, e.Action)) {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b Event) int { return int(a.ID - b.ID) })
	return out, r.fail
}

func (r *memRepo) Update(_ context.Context, id string, change func(Item) (Item, Event, error)) (Item, Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return Item{}, Event{}, r.fail
	}
	cur, ok := r.items[id]
	if !ok {
		return Item{}, Event{}, Errorf(ErrUnknownItem, "unknown item %q", id)
	}
	next, ev, err := change(cur)
	if err != nil {
		return Item{}, Event{}, err
	}
	r.writes++
	r.nextID++
	ev.ID = r.nextID
	r.items[id], r.history[id] = next, append(r.history[id], ev)
	return next, ev, nil
}

func (r *memRepo) Responses(context.Context) ([]Response, error) { return r.responses, r.fail }

func (r *memRepo) RecordResponse(_ context.Context, resp Response) error {
	r.responses = append(r.responses, resp)
	return r.fail
}

// library is the embedded report with the synthetic 2023–25 one beside it.
func library(t testing.TB) *corpus.Library {
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

func TestCatalogListsEveryTypeWithTypableIDs(t *testing.T) {
	c := NewCatalog(library(t))
	n := map[Type]int{}
	for _, s := range c.Sources() {
		n[s.Type]++
		if s.ID != NormalizeID(s.ID) || strings.ContainsAny(s.ID, " _") {
			t.Errorf("id %q is not typable", s.ID)
		}
	}
	if n[TypeAFI] < 10 || n[TypeConcern] != 3 || n[TypeRecommendation] != 6 {
		t.Fatalf("types %v", n)
	}
	acc := c.Source("northmoor-2023-coc-1")
	if acc == nil || acc.Label != "Accelerated cause of concern" || acc.Type != TypeConcern {
		t.Fatalf("accelerated concern %+v", acc)
	}
	if aoc := c.Source("northmoor-2023-coc-3"); aoc == nil || aoc.Label != "Area of concern" {
		t.Errorf("area of concern %+v", aoc)
	}
	rec := c.Source("northmoor-2023-coc-2-rec-1")
	if rec == nil || rec.Parent != "northmoor-2023-coc-2" || !strings.HasPrefix(rec.Text, "Within three months, the force should") {
		t.Fatalf("recommendation %+v", rec)
	}
	// By the end of their id, when only one item's id ends so.
	for name, want := range map[string]string{"coc-2-rec-1": rec.ID, " AFI-7 ": "herts-2021-afi-7", "`herts-2021-afi-3`": "herts-2021-afi-3"} {
		if s, err := c.Resolve(name); err != nil || s.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, s, err, want)
		}
	}
	if _, err := c.Resolve("afi-1"); ErrorCode(err) != ErrAmbiguous || !strings.Contains(err.Error(), "herts-2021-afi-1") || !strings.Contains(err.Error(), "northmoor-2023-afi-1") {
		t.Errorf("an ambiguous end: %v", err)
	}
	for _, name := range []string{"fi-7", "afi-99", "rec"} {
		if _, err := c.Resolve(name); ErrorCode(err) != ErrUnknownItem {
			t.Errorf("Resolve(%q): %v", name, err)
		}
	}
}

func TestDeadlinesAreReadAndCountedFromPublication(t *testing.T) {
	published := time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)
	for text, want := range map[string]struct {
		written string
		due     string
		shown   string
	}{
		"Within three months, the force should make sure supervisors review every investigation": {"within three months", "2024-05-14", "due 14 May 2024 (within three months of publication)"},
		"The force should immediately make sure enough call handlers are on duty":                {"immediately", "2024-02-14", "due 14 February 2024 (immediately, on publication)"},
		"Within six months, the force should record skills":                                      {"within six months", "2024-08-14", ""},
		"By 31 March 2024, the force should review its approach":                                 {"by 31 March 2024", "2024-03-31", "due 31 March 2024 (by 31 March 2024)"},
		"The force should, by the end of June 2025, publish a plan":                              {"by June 2025", "2025-06-30", ""},
		"Within 28 days, chief officers should":                                                  {"within 28 days", "2024-03-13", ""},
		"Within 12 months the force should":                                                      {"within 12 months", "2025-02-14", ""},
	} {
		d := ParseDeadline(text)
		due, ok := d.DueFrom(published)
		if d.Written != want.written || !ok || due.Format(time.DateOnly) != want.due {
			t.Errorf("%q: %q due %v (%v); want %q due %s", text, d.Written, due, ok, want.written, want.due)
		}
		if want.shown != "" && d.Describe(due) != want.shown {
			t.Errorf("%q shown %q, want %q", text, d.Describe(due), want.shown)
		}
	}
	if d := ParseDeadline("The force should improve how it records crime."); !d.IsZero() {
		t.Errorf("no deadline read as %+v", d)
	}
	if due, ok := (Deadline{Written: "within one month", Months: 1}).DueFrom(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)); !ok || due.Format(time.DateOnly) != "2024-02-29" {
		t.Errorf("a month from 31 January = %v", due)
	}
	// The synthetic report: published March 2025, "within three months".
	c := NewCatalog(library(t))
	o, _ := c.Opening("northmoor-2023-coc-2-rec-1")
	if o.Target == nil || o.Target.Format(time.DateOnly) != "2025-06-01" || o.Type != TypeRecommendation {
		t.Errorf("the synthetic recommendation opens %+v", o)
	}
	if o, _ := c.Opening("northmoor-2023-coc-1-rec-1"); o.Target == nil || o.Target.Format(time.DateOnly) != "2025-03-01" {
		t.Errorf("an immediate recommendation opens %+v", o)
	}
	if o, _ := c.Opening("herts-2021-afi-1"); o.Target != nil {
		t.Errorf("an AFI has a deadline: %+v", o)
	}
}

func svcWith(t *testing.T, policy Policy) (*Service, *memRepo, *time.Time) {
	repo := newMemRepo()
	now := t0
	svc := &Service{Repo: repo, Library: library(t), Policy: policy, Now: func() time.Time { return now }}
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return svc, repo, &now
}

// The lifecycle, through Do, with each role doing its part and nothing
// more.
func TestTheLifecycleGoesThroughSignOff(t *testing.T) {
	p := NewPolicy("UADMIN").WithReviewers("UREV", "UREV2")
	svc, repo, now := svcWith(t, p)
	id := "herts-2021-afi-2"
	do := func(actor string, a Action, c Change) (Item, Event, error) {
		c.ItemID, c.Actor, c.Action = id, actor, a
		*now = now.Add(time.Hour)
		return svc.Do(ctx, c)
	}
	refused := func(actor string, a Action, c Change, code Code) {
		t.Helper()
		writes := repo.writes
		if _, _, err := do(actor, a, c); ErrorCode(err) != code {
			t.Errorf("%s %s: %v, want %s", actor, a, err, code)
		}
		if repo.writes != writes {
			t.Errorf("a refusal wrote")
		}
	}
	refused("UOWNER", ActionAssign, Change{Owner: "UOWNER"}, ErrForbidden)
	refused("UREV", ActionAssign, Change{Owner: "UOWNER"}, ErrForbidden)
	it, _, err := do("UADMIN", ActionAssign, Change{Owner: "UOWNER"})
	if err != nil || it.Status != StatusInProgress || it.Owner != "UOWNER" {
		t.Fatalf("assign: %+v %v", it, err)
	}
	refused("USOMEONE", ActionNote, Change{Note: "hello"}, ErrForbidden)
	refused("UOWNER", ActionSignoff, Change{}, ErrForbidden)
	refused("UOWNER", ActionPropose, Change{Note: "  "}, ErrEvidenceRequired)
	refused("UREV", ActionSignoff, Change{}, ErrInvalidTransition)
	if _, _, err := do("UOWNER", ActionNote, Change{Note: "met the lead"}); err != nil {
		t.Fatal(err)
	}
	it, _, err = do("UOWNER", ActionPropose, Change{Note: "Policy published; minutes 12 March"})
	if err != nil || it.Status != StatusPending || it.Evidence != "Policy published; minutes 12 March" || it.ProposedBy != "UOWNER" {
		t.Fatalf("propose: %+v %v", it, err)
	}
	refused("UREV", ActionSendback, Change{}, ErrReasonRequired)
	it, _, err = do("UREV", ActionSendback, Change{Note: "no audit"})
	if err != nil || it.Status != StatusInProgress {
		t.Fatalf("send back: %+v %v", it, err)
	}
	if _, _, err := do("UOWNER", ActionPropose, Change{Note: "audit attached"}); err != nil {
		t.Fatal(err)
	}
	it, ev, err := do("UREV2", ActionSignoff, Change{Note: "good"})
	if err != nil || it.Status != StatusClosed || it.SignedOffBy != "UREV2" || it.ClosedAt == nil || ev.From != StatusPending || ev.To != StatusClosed {
		t.Fatalf("sign off: %+v %+v %v", it, ev, err)
	}
	if _, _, err := do("UOWNER", ActionNote, Change{Note: "x"}); err != nil { // notes are kept on a closed item too
		t.Fatal(err)
	}
	refused("UOWNER", ActionReopen, Change{Note: "gaps"}, ErrForbidden)
	refused("UREV", ActionReopen, Change{}, ErrReasonRequired)
	it, _, err = do("UREV", ActionReopen, Change{Note: "audit found gaps"})
	if err != nil || it.Status != StatusInProgress || it.ClosedAt != nil || it.SignedOffBy != "" {
		t.Fatalf("reopen: %+v %v", it, err)
	}
	_, history, _ := repo.Item(ctx, id)
	var actions []string
	for _, e := range history {
		actions = append(actions, string(e.Action)+":"+string(e.To))
	}
	want := "open:awaiting_allocation assign:in_progress note:in_progress propose:pending_signoff sendback:in_progress propose:pending_signoff signoff:closed note:closed reopen:in_progress"
	if strings.Join(actions, " ") != want {
		t.Errorf("history\n %s\nwant\n %s", strings.Join(actions, " "), want)
	}
}

// Someone may not sign off what they did themselves; an admin may.
func TestReviewersDoNotSignOffTheirOwnWork(t *testing.T) {
	svc, _, _ := svcWith(t, NewPolicy("UADMIN").WithReviewers("UREV"))
	id := "herts-2021-afi-4"
	mustDo := func(c Change) {
		t.Helper()
		c.ItemID = id
		if _, _, err := svc.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	mustDo(Change{Action: ActionAssign, Actor: "UADMIN", Owner: "UREV"})
	mustDo(Change{Action: ActionPropose, Actor: "UREV", Note: "done"})
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionSignoff, Actor: "UREV"}); ErrorCode(err) != ErrForbidden {
		t.Errorf("a reviewer signed off their own proposal: %v", err)
	}
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionSignoff, Actor: "UADMIN"}); err != nil {
		t.Errorf("an admin may: %v", err)
	}
	// Close in one step: for someone who may sign off, not the owner.
	id = "herts-2021-afi-5"
	mustDo(Change{Action: ActionAssign, Actor: "UADMIN", Owner: "UOWNER"})
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionClose, Actor: "UOWNER", Note: "done"}); ErrorCode(err) != ErrForbidden {
		t.Errorf("an owner closed at once: %v", err)
	}
	it, ev, err := svc.Do(ctx, Change{ItemID: id, Action: ActionClose, Actor: "UREV", Note: "seen at the board"})
	if err != nil || it.Status != StatusClosed || it.SignedOffBy != "UREV" || it.Evidence != "seen at the board" || ev.Action != ActionClose {
		t.Errorf("close: %+v %v", it, err)
	}
}

// With no admins, anyone may do anything, as before roles.
func TestWithoutAdminsAnyoneMayDoAnything(t *testing.T) {
	svc, _, _ := svcWith(t, NewPolicy())
	for _, c := range []Change{
		{Action: ActionAssign, Actor: "cli:alice", Owner: "U1"},
		{Action: ActionPropose, Actor: "U2", Note: "done"},
		{Action: ActionSignoff, Actor: "U1"},
	} {
		c.ItemID = "herts-2021-afi-1"
		if _, _, err := svc.Do(ctx, c); err != nil {
			t.Errorf("%s by %s: %v", c.Action, c.Actor, err)
		}
	}
}

func TestDueDatesTargetThenRevisedWithAReasonNeverInThePast(t *testing.T) {
	svc, repo, _ := svcWith(t, NewPolicy("UADMIN"))
	id := "herts-2021-afi-3"
	day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionDue, Actor: "UADMIN", Due: day("2025-03-02")}); ErrorCode(err) != ErrInvalidInput || !strings.Contains(err.Error(), "in the past") {
		t.Errorf("a day in the past: %v", err)
	}
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionDue, Actor: "UADMIN", Due: day("2225-03-02")}); ErrorCode(err) != ErrInvalidInput {
		t.Errorf("a day out of range: %v", err)
	}
	it, ev, err := svc.Do(ctx, Change{ItemID: id, Action: ActionDue, Actor: "UADMIN", Due: day("2025-03-02"), Migrating: true})
	if err != nil || it.Target == nil || it.Revised != nil || ev.Detail != "target" {
		t.Fatalf("migrating a past target: %+v %v", it, err)
	}
	if _, _, err := svc.Do(ctx, Change{ItemID: id, Action: ActionDue, Actor: "UADMIN", Due: day("2025-06-30")}); ErrorCode(err) != ErrReasonRequired {
		t.Errorf("a revision without reason: %v", err)
	}
	it, ev, err = svc.Do(ctx, Change{ItemID: id, Action: ActionDue, Actor: "UADMIN", Due: day("2025-06-30"), Note: "waiting for the new system"})
	if err != nil || it.Target.Format(time.DateOnly) != "2025-03-02" || it.Due().Format(time.DateOnly) != "2025-06-30" || it.RevisedReason != "waiting for the new system" || ev.Detail != "revised" {
		t.Fatalf("revise: %+v %+v %v", it, ev, err)
	}
	if _, h, _ := repo.Item(ctx, id); len(h) != 3 || h[2].Note != "waiting for the new system" || h[1].Due.Format(time.DateOnly) != "2025-03-02" {
		t.Errorf("history keeps both: %+v", h)
	}
}

func TestRAGIsDerivedByTheRules(t *testing.T) {
	d := func(s string) *time.Time { x, _ := time.Parse(time.DateOnly, s); return &x }
	r := DefaultRules
	for _, tc := range []struct {
		it   Item
		want RAG
	}{
		{Item{Status: StatusInProgress, Owner: "U1", Target: d("2025-03-02")}, Red},                                   // overdue
		{Item{Status: StatusAwaiting, StatusSince: t0.AddDate(0, 0, -14)}, Red},                                       // unowned 14 days
		{Item{Status: StatusAwaiting, StatusSince: t0.AddDate(0, 0, -13)}, Green},                                     // unowned 13 days
		{Item{Status: StatusInProgress, Owner: "U1", Target: d("2025-04-02")}, Amber},                                 // due within 30 days
		{Item{Status: StatusInProgress, Owner: "U1", Target: d("2025-04-03")}, Green},                                 // 31 days
		{Item{Status: StatusPending, Owner: "U1", StatusSince: t0.AddDate(0, 0, -15)}, Amber},                         // pending > 14 days
		{Item{Status: StatusPending, Owner: "U1", StatusSince: t0.AddDate(0, 0, -14)}, Green},                         // 14 days
		{Item{Status: StatusInProgress, Owner: "U1", Target: d("2025-03-01"), Revised: d("2025-09-01")}, Green},       // revised
		{Item{Status: StatusClosed, Target: d("2020-01-01"), ClosedAt: &t0}, ""},                                      // closed: none
		{Item{Status: StatusSuperseded, StatusSince: t0.AddDate(-1, 0, 0), SupersededAt: &t0, SupersededBy: "x"}, ""}, // superseded
	} {
		if got, why := r.Rate(tc.it, today, time.UTC); got != tc.want || (got != "" && why == "") {
			t.Errorf("%+v: %q (%s), want %q", tc.it, got, why, tc.want)
		}
	}
	// Overdue counts in the workspace's zone: 00:30 on 3 March in London
	// (BST is not in force in March; use a zone ahead of UTC).
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	late := time.Date(2025, 3, 2, 16, 0, 0, 0, time.UTC) // 01:00 on 3 March in Tokyo
	it := Item{Status: StatusInProgress, Owner: "U1", Target: d("2025-03-02")}
	if got, _ := r.Rate(it, Today(late, time.UTC), time.UTC); got != Amber {
		t.Errorf("due today in UTC: %s", got)
	}
	if got, _ := r.Rate(it, Today(late, tokyo), tokyo); got != Red {
		t.Errorf("already tomorrow in Tokyo, so overdue: %s", got)
	}
}

func TestFiltersPickAndSortByUrgency(t *testing.T) {
	svc, _, now := svcWith(t, NewPolicy())
	*now = time.Date(2025, 5, 20, 9, 0, 0, 0, time.UTC)
	day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
	for _, c := range []Change{
		{ItemID: "herts-2021-afi-1", Action: ActionAssign, Owner: "UME"},
		{ItemID: "herts-2021-afi-1", Action: ActionDue, Due: day("2025-06-10")},
		{ItemID: "herts-2021-afi-2", Action: ActionAssign, Owner: "UYOU"},
		{ItemID: "herts-2021-afi-3", Action: ActionDue, Due: day("2025-05-01"), Migrating: true},
	} {
		c.Actor = "U1"
		if _, _, err := svc.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := svc.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v := svc.View("UME")
	pick := func(text string) []string {
		t.Helper()
		f, err := ParseFilter(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var ids []string
		for _, e := range f.Select(entries, v) {
			ids = append(ids, e.Item.ID)
		}
		return ids
	}
	all := pick("")
	if len(all) != len(entries) {
		t.Errorf("no filter lists %d of %d", len(all), len(entries))
	}
	// Overdue first (the synthetic immediate recommendations, due 1 March,
	// then herts-2021-afi-3 due 1 May), then due soon (1 June, 10 June).
	if got := strings.Join(all[:6], " "); got != "northmoor-2023-coc-1-rec-1 northmoor-2023-coc-1-rec-2 herts-2021-afi-3 northmoor-2023-coc-2-rec-1 northmoor-2023-coc-2-rec-2 northmoor-2023-coc-2-rec-3" {
		t.Errorf("first %s", got)
	}
	for text, want := range map[string]string{
		"owner:me":          "herts-2021-afi-1",
		"owner:<@UYOU|you>": "herts-2021-afi-2",
		`status:"in progress" force:hertfordshire`: "herts-2021-afi-1 herts-2021-afi-2",
		"type:rec report:northmoor due:14d":        "northmoor-2023-coc-1-rec-1 northmoor-2023-coc-1-rec-2 northmoor-2023-coc-2-rec-1 northmoor-2023-coc-2-rec-2 northmoor-2023-coc-2-rec-3",
		"overdue force:herts":                      "herts-2021-afi-3",
		"type:concern area:leadership":             "northmoor-2023-coc-3",
		"rag:amber owner:me":                       "herts-2021-afi-1",
	} {
		if got := strings.Join(pick(text), " "); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
	for _, bad := range []string{"colour:red", "type:memo", "status:finished", "owner:bea", "due:soon", "rag:blue", "herts"} {
		if _, err := ParseFilter(bad); ErrorCode(err) != ErrInvalidInput {
			t.Errorf("%q: %v", bad, err)
		}
	}
	f, _ := ParseFilter(`Status:"In progress"  owner:me due:2w`)
	if f.Text != `status:in-progress owner:me due:14d` {
		t.Errorf("normal form %q", f.Text)
	}
}

// laterHerts is the embedded report as if inspected again: the same
// findings, the next round, published March 2025, as "herts-later".
func laterHerts(t testing.TB) *corpus.Report {
	t.Helper()
	raw, err := os.ReadFile("../corpus/reports/hertfordshire-peel-2021-22.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("PEEL 2021/22", "PEEL 2023–25", "February 2023", "March 2025", "© HMICFRS 2023", "© HMICFRS 2025").Replace(string(raw))
	later, err := corpus.Parse("herts-later.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return later
}

func TestSupersedingCarriesForwardToANamedItem(t *testing.T) {
	lib := library(t)
	later := laterHerts(t)
	lib, err := corpus.NewLibrary(append(slices.Clone(lib.Reports), later))
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Repo: newMemRepo(), Library: lib, Policy: NewPolicy("UADMIN").WithReviewers("UREV"), Now: func() time.Time { return t0 }}
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	repo := svc.Repo.(*memRepo)
	laterAFI := later.ID + "-afi-1"
	if _, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-1", Action: ActionSupersede, Actor: "UOWNER", By: laterAFI}); ErrorCode(err) != ErrForbidden {
		t.Errorf("a reader superseded: %v", err)
	}
	// Only a later report of the same force, or an item of one, replaces
	// an item; each refusal says why.
	for _, c := range []struct{ item, by, want string }{
		{"herts-2021-afi-1", "herts-2021", "is of its own report"},
		{"herts-2021-afi-1", "herts-2021-afi-2", "is of its own report"},
		{"herts-2021-afi-9", "northmoor-2023-afi-1", "is a report of Northmoor Police, and herts-2021-afi-9 one of Hertfordshire Constabulary"},
		{"herts-2021-afi-6", "northmoor-2023", "is a report of Northmoor Police"},
		{"northmoor-2023-afi-2", "herts-2021", "is a report of Hertfordshire Constabulary"},
		{laterAFI, "herts-2021", "herts-2021 (February 2023) was not published after " + later.ID + " (March 2025)"},
		{laterAFI, "herts-2021-afi-3", "was not published after"},
	} {
		_, _, err := svc.Do(ctx, Change{ItemID: c.item, Action: ActionSupersede, Actor: "UREV", By: c.by})
		if ErrorCode(err) != ErrNotSuccessor || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s by %s: %v, want %s saying %q", c.item, c.by, err, ErrNotSuccessor, c.want)
		}
		if it, _, _ := repo.Item(ctx, c.item); it.Status == StatusSuperseded {
			t.Errorf("%s by %s: superseded all the same", c.item, c.by)
		}
	}
	for by, code := range map[string]Code{"": ErrInvalidInput, "nowhere-9": ErrUnknownItem} {
		if _, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-1", Action: ActionSupersede, Actor: "UREV", By: by}); ErrorCode(err) != code {
			t.Errorf("by %q: %v, want %s", by, err, code)
		}
	}
	it, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-1", Action: ActionSupersede, Actor: "UREV", By: laterAFI})
	if err != nil || it.Status != StatusSuperseded || it.SupersededBy != laterAFI {
		t.Fatalf("carry forward: %+v %v", it, err)
	}
	_, h, _ := repo.Item(ctx, laterAFI)
	if last := h[len(h)-1]; last.Action != ActionLink || last.Detail != "herts-2021-afi-1" || last.Actor != "UREV" {
		t.Errorf("the later item does not say where it came from: %+v", last)
	}
	it, _, err = svc.Do(ctx, Change{ItemID: "herts-2021-afi-2", Action: ActionSupersede, Actor: "UREV", By: later.ID})
	if err != nil || it.SupersededBy != later.ID {
		t.Errorf("superseded by a report: %+v %v", it, err)
	}
}

func TestSuccessorsAreSuggestedByTextForTheSameForce(t *testing.T) {
	emb, _ := corpus.Embedded()
	raw, err := os.ReadFile("../corpus/reports/hertfordshire-peel-2021-22.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The same force's next round: the same findings, a later round.
	text := strings.NewReplacer("PEEL 2021/22", "PEEL 2023–25", "February 2023", "March 2025", "© HMICFRS 2023", "© HMICFRS 2025").Replace(string(raw))
	later, err := corpus.Parse("herts-later.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.NewLibrary(append(slices.Clone(emb.Reports), later))
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Repo: newMemRepo(), Library: lib, Now: func() time.Time { return t0 }}
	entries, _ := svc.Entries(ctx)
	sugg := Successors(svc.Catalog(), entries)
	if len(sugg) != len(emb.Reports[0].AFIs) {
		t.Fatalf("%d suggestions, want one per earlier AFI", len(sugg))
	}
	for _, s := range sugg {
		best := s.Best()
		wantID := strings.Replace(s.Earlier.Item.ID, "herts-2021", later.ID, 1)
		if s.Later.ID != later.ID || best == nil || best.Source.ID != wantID || best.Similarity < 0.99 {
			t.Errorf("%s: best %+v, want %s", s.Earlier.Item.ID, best, wantID)
		}
	}
	// Another force's later report is not this one's successor.
	if got := Successors(NewCatalog(library(t)), entriesOf(t, library(t))); len(got) != 0 {
		t.Errorf("suggestions across forces: %d", len(got))
	}
}

func entriesOf(t *testing.T, lib *corpus.Library) []Entry {
	svc := &Service{Repo: newMemRepo(), Library: lib, Now: func() time.Time { return t0 }}
	e, err := svc.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestSection55ResponsesAreDue56DaysAfterPublication(t *testing.T) {
	svc, repo, _ := svcWith(t, NewPolicy("UADMIN"))
	states, err := svc.Responses(ctx)
	if err != nil || len(states) != 2 {
		t.Fatal(states, err)
	}
	if got := states[1].Text(today); got != "PCC response due 26 April 2025" { // 1 March 2025 + 56 days
		t.Errorf("%q", got)
	}
	if _, err := svc.RecordResponse(ctx, "northmoor-2023", "https://pcc.example.org/response", "UNOBODY"); ErrorCode(err) != ErrForbidden {
		t.Errorf("a reader recorded: %v", err)
	}
	for _, bad := range []string{"", "javascript:alert(1)", "pcc.example.org", "https://user:pw@pcc.example.org/"} {
		if _, err := svc.RecordResponse(ctx, "northmoor-2023", bad, "UADMIN"); ErrorCode(err) != ErrInvalidInput {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if len(repo.responses) != 0 {
		t.Fatal("a refusal recorded")
	}
	if _, err := svc.RecordResponse(ctx, "NORTHMOOR-2023", "<https://pcc.example.org/response|the response>", "UADMIN"); err != nil {
		t.Fatal(err)
	}
	states, _ = svc.Responses(ctx)
	if got := states[1].Text(today); got != "PCC response published: https://pcc.example.org/response" {
		t.Errorf("%q", got)
	}
}

func TestStoreFailuresAreNotRefusals(t *testing.T) {
	repo := newMemRepo()
	repo.fail = errors.New("connection refused")
	svc := &Service{Repo: repo, Library: library(t)}
	if _, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-1", Action: ActionNote, Actor: "U1", Note: "x"}); !errors.Is(err, repo.fail) || ErrorCode(err) != "" {
		t.Errorf("Do: %v", err)
	}
	if _, err := svc.Entries(ctx); !errors.Is(err, repo.fail) {
		t.Errorf("Entries: %v", err)
	}
}

func TestParseMemberReadsEveryWaySlackAndPeopleWriteOne(t *testing.T) {
	for in, want := range map[string]string{
		"U024BE7LH": "U024BE7LH", " @U024BE7LH ": "U024BE7LH", "<@U024BE7LH>": "U024BE7LH",
		"<@U0BEA|bea>": "U0BEA", "W012A3CDE": "W012A3CDE",
	} {
		if got, ok := ParseMember(in); !ok || got != want {
			t.Errorf("ParseMember(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "bea", "@bea", "u024be7lh", "C0123ABCD", "<@U024BE7LH", "U024 BE7LH"} {
		if got, ok := ParseMember(in); ok {
			t.Errorf("ParseMember(%q) = %q, true", in, got)
		}
	}
}

// One syntax: the words after a verb mean the same wherever they are
// typed, --note still accepted.
func TestVerbsReadTheSameWordsEverywhere(t *testing.T) {
	for _, tc := range []struct {
		verb  string
		words string
		want  Change
	}{
		{"close", "afi-7 New policy published; minutes 12 March", Change{ItemID: "afi-7", Action: ActionClose, Note: "New policy published; minutes 12 March"}},
		{"close", `afi-7 --note "New policy published"`, Change{ItemID: "afi-7", Action: ActionClose, Note: "New policy published"}},
		{"note", "herts-2021-afi-2 Met the control room lead", Change{ItemID: "herts-2021-afi-2", Action: ActionNote, Note: "Met the control room lead"}},
		{"assign", "afi-2 <@U0BEA|bea>", Change{ItemID: "afi-2", Action: ActionAssign, Owner: "U0BEA"}},
		{"assign", "afi-2 me", Change{ItemID: "afi-2", Action: ActionAssign, Owner: "UME"}},
		{"unassign", "afi-2", Change{ItemID: "afi-2", Action: ActionAssign}},
		{"start", "afi-2", Change{ItemID: "afi-2", Action: ActionAssign, Owner: "UME"}},
		{"signoff", "afi-2", Change{ItemID: "afi-2", Action: ActionSignoff}},
		{"sign-off", "afi-2 checked the minutes", Change{ItemID: "afi-2", Action: ActionSignoff, Note: "checked the minutes"}},
		{"sendback", "afi-2 no audit attached", Change{ItemID: "afi-2", Action: ActionSendback, Note: "no audit attached"}},
		{"supersede", "afi-2 --by northmoor-2023-afi-1 same finding", Change{ItemID: "afi-2", Action: ActionSupersede, By: "northmoor-2023-afi-1", Note: "same finding"}},
		{"supersede", "afi-2 northmoor-2023", Change{ItemID: "afi-2", Action: ActionSupersede, By: "northmoor-2023"}},
		{"due", "afi-2 2026-03-31 --reason the audit moved", Change{ItemID: "afi-2", Action: ActionDue, Due: dayPtr("2026-03-31"), Note: "the audit moved"}},
		{"due", "afi-2 2020-03-31 --migrating", Change{ItemID: "afi-2", Action: ActionDue, Due: dayPtr("2020-03-31"), Migrating: true}},
		{"due", "afi-2 none because", Change{ItemID: "afi-2", Action: ActionDue, Note: "because"}},
	} {
		got, err := ParseVerb(tc.verb, splitWords(tc.words), "UME")
		tc.want.Actor = "UME"
		if err != nil || !sameChange(got, tc.want) {
			t.Errorf("%s %s = %+v, %v; want %+v", tc.verb, tc.words, got, err, tc.want)
		}
	}
	for verb, words := range map[string]string{"assign": "afi-2 bea", "due": "afi-2 31/03/2026", "supersede": "afi-2", "close": "", "frobnicate": "afi-2"} {
		if _, err := ParseVerb(verb, splitWords(words), "UME"); ErrorCode(err) != ErrInvalidInput {
			t.Errorf("%s %s: %v", verb, words, err)
		}
	}
}

func dayPtr(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }

func sameChange(a, b Change) bool {
	if (a.Due == nil) != (b.Due == nil) || (a.Due != nil && !a.Due.Equal(*b.Due)) {
		return false
	}
	a.Due, b.Due = nil, nil
	return a == b
}

func TestInvisibleEvidenceReasonsAndNotesAreRefused(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	it := Item{ID: "herts-2021-afi-3", Type: TypeAFI, Status: StatusInProgress, Owner: "U1"}
	for _, blank := range []string{"\u200b", "\u200b\u200c\u200d\u2060\ufeff", " \u00a0\u3000 ", "\u3164\u115f", "\u0301", "\u2800"} {
		for action, code := range map[Action]Code{ActionPropose: ErrEvidenceRequired, ActionClose: ErrEvidenceRequired, ActionNote: ErrInvalidInput} {
			got, _, err := Apply(it, Change{Action: action, Actor: "U1", Note: blank}, now, now)
			// Spaces alone are trimmed to nothing, and refused as missing.
			if ErrorCode(err) != code || (strings.TrimSpace(blank) != "" && !strings.Contains(ErrorMessage(err), "visible")) {
				t.Errorf("%s with %q: %v (code %q), want %q saying it is not visible", action, blank, err, ErrorCode(err), code)
			}
			if got.Status != it.Status || got.Evidence != "" {
				t.Errorf("%s with %q changed the item: %+v", action, blank, got)
			}
		}
	}
	if _, _, err := Apply(it, Change{Action: ActionPropose, Actor: "U1", Note: "\u200bSee minutes, item 12\u200b"}, now, now); err != nil {
		t.Errorf("visible evidence with zero-width characters around it refused: %v", err)
	}
}

func TestAStoreDeadlineIsUnavailableNotAFailure(t *testing.T) {
	svc := &Service{Repo: hangingRepo{}, Library: &corpus.Library{}, Timeout: 20 * time.Millisecond}
	_, err := svc.Entries(context.Background())
	if ErrorCode(err) != ErrUnavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a store past Timeout: %v (code %q), want ErrUnavailable keeping the deadline", err, ErrorCode(err))
	}
}

// hangingRepo is a store that never answers before the deadline.
type hangingRepo struct{ Repository }

func (hangingRepo) Items(ctx context.Context) ([]Item, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestAChangeToAnItemNotYetTrackedTracksItThenChangesIt: an item whose
// report was loaded after the store was synced starts, then changes, and
// the change is reported as made.
func TestAChangeToAnItemNotYetTrackedTracksItThenChangesIt(t *testing.T) {
	svc := &Service{Repo: newMemRepo(), Library: library(t)}
	it, ev, err := svc.Do(context.Background(), Change{ItemID: "herts-2021-afi-3", Action: ActionNote, Actor: "U1", Note: "first words"})
	if err != nil || it.LastNote != "first words" || ev.Action != ActionNote {
		t.Fatalf("a note on an item not yet tracked: %v, %+v, %+v", err, it, ev)
	}
}
