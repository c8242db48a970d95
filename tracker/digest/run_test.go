package digest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// text is a message of the fake chat service: what the digest shows.
type text string

func layout(d *digest.Digest) text {
	ids := func(es []tracker.Entry) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Item.ID)
		}
		return strings.Join(out, " ")
	}
	return text(fmt.Sprintf("%s | overdue %s | soon %s | pending %s | %d changes", d.Summary(), ids(d.Overdue), ids(d.DueSoon), ids(d.Pending), len(d.Changes)))
}

// poster is a chat service that fails the posts it is told to.
type poster struct {
	mu      sync.Mutex
	posted  []string
	updated map[string]string
	fail    map[int]error
	calls   int
}

var errRefused = errors.New("refused")
var errTimeout = errors.New("timed out")

func (p *poster) Post(_ context.Context, channel, thread string, m text) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if err := p.fail[p.calls]; err != nil {
		return "", err
	}
	p.posted = append(p.posted, string(m))
	return fmt.Sprintf("ts%d", p.calls), nil
}

func (p *poster) Update(_ context.Context, channel, ts string, m text) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.updated == nil {
		p.updated = map[string]string{}
	}
	p.updated[ts] = string(m)
	return nil
}

func (p *poster) NothingDone(err error) bool { return errors.Is(err, errRefused) }

func library(t *testing.T) *corpus.Library {
	emb, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
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

var now = time.Date(2025, 5, 20, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T, fail map[int]error) (*digest.Digester[text], *poster, *store.Store) {
	t.Helper()
	db := storetest.SQLite(t)
	st, err := store.Open(context.Background(), store.Config{SQLitePath: db.SQLitePath, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &tracker.Service{Repo: st, Library: library(t), Now: func() time.Time { return now }}
	if _, err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := &poster{fail: fail}
	return &digest.Digester[text]{Tracker: svc, Claims: st, Layout: layout, Poster: p, Channel: "C1", Instance: "host-a",
		Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, p, st
}

// The protocol over any chat service: claim, post, record; once a day,
// one message.
func TestRunPostsOneMessageOnceADay(t *testing.T) {
	d, p, st := setup(t, nil)
	ctx := context.Background()
	const day = "2025-05-20"
	out, err := d.Run(ctx, day)
	if err != nil || out.Result != digest.Posted || out.MessageTS != "ts1" || out.Open != 21 {
		t.Fatalf("first run: %+v, %v", out, err)
	}
	want := "21 outstanding: 21 red, 0 amber, 0 green; 0 closed since tracking began | overdue northmoor-2023-coc-1-rec-1 northmoor-2023-coc-1-rec-2 | soon northmoor-2023-coc-2-rec-1 northmoor-2023-coc-2-rec-2 northmoor-2023-coc-2-rec-3 | pending  | 0 changes"
	if len(p.posted) != 1 || p.posted[0] != want {
		t.Errorf("posted %q\nwant %q", p.posted, want)
	}
	rec, _ := st.DigestFor(ctx, "C1", day)
	if rec == nil || len(rec.Items) != 5 || rec.Through == 0 {
		t.Fatalf("record %+v", rec)
	}
	if out, err := d.Run(ctx, day); err != nil || out.Result != digest.AlreadyDone || p.calls != 1 {
		t.Errorf("second run: %+v, %v after %d calls", out, err, p.calls)
	}
}

// A first message that certainly posted nothing gives the day back; one
// that may have been posted keeps it, so it is not posted twice at once.
func TestRunReleasesTheDayOnlyWhenNothingWasPosted(t *testing.T) {
	ctx := context.Background()
	d, _, st := setup(t, map[int]error{1: errRefused})
	if _, err := d.Run(ctx, "2025-05-20"); !errors.Is(err, errRefused) || !strings.Contains(err.Error(), "post the digest to C1") {
		t.Fatalf("refused: %v", err)
	}
	if rec, _ := st.DigestFor(ctx, "C1", "2025-05-20"); rec != nil {
		t.Errorf("a refused post kept the claim: %+v", rec)
	}
	d, p, st := setup(t, map[int]error{1: errTimeout})
	if _, err := d.Run(ctx, "2025-05-20"); !errors.Is(err, errTimeout) || !strings.Contains(err.Error(), "may have been posted") {
		t.Fatalf("timed out: %v", err)
	}
	if out, err := d.Run(ctx, "2025-05-20"); err != nil || out.Result != digest.HeldElsewhere || p.calls != 1 {
		t.Errorf("within the lease: %+v, %v after %d calls", out, err, p.calls)
	}
	if rec, _ := st.DigestFor(ctx, "C1", "2025-05-20"); rec == nil || rec.PostedAt != nil {
		t.Errorf("claim %+v", rec)
	}
}

// When an item the day's message shows changes, the message is composed
// again and replaced; a change to an item it does not show leaves it.
func TestRefreshUpdatesTheMessageWhenAnItemShownChanges(t *testing.T) {
	d, p, _ := setup(t, nil)
	ctx := context.Background()
	const day = "2025-05-20"
	if _, err := d.Run(ctx, day); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Refresh(ctx, day); err != nil || ok {
		t.Errorf("nothing changed, yet refreshed: %v %v", ok, err)
	}
	now = now.Add(time.Minute)
	if _, _, err := d.Tracker.Do(ctx, tracker.Change{ItemID: "herts-2021-afi-9", Action: tracker.ActionNote, Actor: "U1", Note: "x"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Refresh(ctx, day); err != nil || ok || len(p.updated) != 0 {
		t.Errorf("an item not shown changed, yet refreshed: %v %v", ok, err)
	}
	for _, c := range []tracker.Change{
		{Action: tracker.ActionAssign, Owner: "UOWNER"},
		{Action: tracker.ActionPropose, Note: "rota published"},
		{Action: tracker.ActionSignoff, Note: "checked"},
	} {
		c.ItemID, c.Actor = "coc-1-rec-1", "U1"
		if _, _, err := d.Tracker.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := d.Refresh(ctx, day); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	want := "20 outstanding: 20 red, 0 amber, 0 green; 1 closed since tracking began | overdue northmoor-2023-coc-1-rec-2 | soon northmoor-2023-coc-2-rec-1 northmoor-2023-coc-2-rec-2 northmoor-2023-coc-2-rec-3 | pending  | 1 changes"
	if p.updated["ts1"] != want {
		t.Errorf("updated to %q\nwant %q", p.updated["ts1"], want)
	}
	if ok, err := d.Refresh(ctx, day); err != nil || ok {
		t.Errorf("refreshed again with nothing new: %v %v", ok, err)
	}
	if len(p.posted) != 1 {
		t.Errorf("posted %d messages", len(p.posted))
	}
}

func TestComposeSaysWhatChangedSinceTheLastDigest(t *testing.T) {
	d, _, _ := setup(t, nil)
	ctx := context.Background()
	for _, c := range []tracker.Change{
		{ItemID: "herts-2021-afi-2", Action: tracker.ActionClose, Actor: "U1", Note: "Done"},
		{ItemID: "herts-2021-afi-2", Action: tracker.ActionNote, Actor: "U9", Note: "Checked"},
		{ItemID: "herts-2021-afi-3", Action: tracker.ActionAssign, Actor: "U1", Owner: "U5"},
	} {
		if _, _, err := d.Tracker.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	dg, err := d.Compose(ctx, "2025-05-20")
	if err != nil {
		t.Fatal(err)
	}
	if dg.Outstanding != 20 || dg.Closed() != 1 || len(dg.Changes) != 2 || dg.Changes[0].Event.Actor != "U1" || dg.ByStatus[tracker.StatusInProgress] != 1 ||
		dg.Since != nil || len(dg.Responses) != 2 {
		t.Errorf("digest %+v (%s)", dg, dg.Summary())
	}
	if _, err := d.Compose(ctx, "2 March"); tracker.ErrorCode(err) != tracker.ErrInvalidInput {
		t.Errorf("a bad day: %v", err)
	}
}
