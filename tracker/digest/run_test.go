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

// msg is a message of the fake chat service: what the digest shows, and
// the mark Find reads back.
type msg struct {
	Text         string
	Channel, Day string
	Through      int64
}

func layout(d *digest.Digest) msg {
	ids := func(es []tracker.Entry) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Item.ID)
		}
		return strings.Join(out, " ")
	}
	return msg{Text: fmt.Sprintf("%s | overdue %s | soon %s | pending %s | %d changes", d.Summary(), ids(d.Overdue), ids(d.DueSoon), ids(d.Pending), len(d.Changes)),
		Channel: d.Channel, Day: d.Day, Through: d.Through}
}

// poster is a chat service that fails the posts it is told to: fail
// answers call n with an error, having posted nothing; lost posts call n
// and then answers with errTimeout, as a dropped answer does; hang holds
// call n until its context ends, posting nothing.
type poster struct {
	mu      sync.Mutex
	posted  []string
	updated map[string]string
	fail    map[int]error
	lost    map[int]bool
	hang    map[int]bool
	calls   int
	// channel is what the channel shows, by ts.
	channel map[string]msg
	finds   int
	findErr error
}

var errRefused = errors.New("refused")
var errTimeout = errors.New("timed out")
var errNoScope = errors.New("missing_scope")

func (p *poster) Post(ctx context.Context, channel string, m msg) (string, error) {
	p.mu.Lock()
	p.calls++
	n := p.calls
	if p.hang[n] {
		p.mu.Unlock()
		<-ctx.Done()
		return "", fmt.Errorf("%w: %w", errTimeout, ctx.Err())
	}
	defer p.mu.Unlock()
	if err := p.fail[n]; err != nil {
		return "", err
	}
	ts := fmt.Sprintf("ts%d", n)
	p.posted = append(p.posted, m.Text)
	if p.channel == nil {
		p.channel = map[string]msg{}
	}
	p.channel[ts] = m
	if p.lost[n] {
		return "", errTimeout
	}
	return ts, nil
}

func (p *poster) Update(_ context.Context, channel, ts string, m msg) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.updated == nil {
		p.updated = map[string]string{}
	}
	p.updated[ts] = m.Text
	p.channel[ts] = m
	return nil
}

func (p *poster) Find(_ context.Context, channel, day string, _ time.Time) (digest.Found, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finds++
	if p.findErr != nil {
		return digest.Found{}, p.findErr
	}
	for ts, m := range p.channel {
		if m.Channel == channel && m.Day == day {
			return digest.Found{TS: ts, Through: m.Through}, nil
		}
	}
	return digest.Found{}, nil
}

func (p *poster) NothingDone(err error) bool { return errors.Is(err, errRefused) }

func (p *poster) CannotLook(err error) bool { return errors.Is(err, errNoScope) }

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

func setup(t *testing.T, fail map[int]error) (*digest.Digester[msg], *poster, *store.Store) {
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
	return &digest.Digester[msg]{Tracker: svc, Claims: st, Layout: layout, Poster: p, Channel: "C1", Instance: "host-a",
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

// A post Slack made but whose answer was lost (a dropped connection) is
// found in the channel and recorded at once: one message, and no second
// one when the lease has run out.
func TestRunFindsAPostWhoseAnswerWasLost(t *testing.T) {
	d, p, st := setup(t, nil)
	p.lost = map[int]bool{1: true}
	ctx := context.Background()
	const day = "2025-05-20"
	out, err := d.Run(ctx, day)
	if err != nil || out.Result != digest.Recovered || out.MessageTS != "ts1" || out.Open != 21 {
		t.Fatalf("run: %+v, %v", out, err)
	}
	rec, _ := st.DigestFor(ctx, "C1", day)
	if rec == nil || rec.PostedAt == nil || rec.MessageTS != "ts1" || len(rec.Items) != 5 {
		t.Fatalf("record %+v", rec)
	}
	later(t, 2*store.DefaultClaimLease)
	if out, err := d.Run(ctx, day); err != nil || out.Result != digest.AlreadyDone || p.calls != 1 || len(p.updated) != 0 {
		t.Errorf("after the lease: %+v, %v, %d posts, %d updates", out, err, p.calls, len(p.updated))
	}
}

// later moves the clock on by d for the rest of the test.
func later(t *testing.T, d time.Duration) {
	was := now
	now = now.Add(d)
	t.Cleanup(func() { now = was })
}

// An instance that died after posting, before recording: the next run
// finds its claim held and says when it lapses (the lease, under two
// minutes), and then finds the message, brings it up to date in place
// (an item it shows changed meanwhile) and records it, posting nothing.
func TestADeadInstancesDigestIsFoundWhenItsClaimLapses(t *testing.T) {
	d, p, st := setup(t, nil)
	ctx := context.Background()
	const day = "2025-05-20"
	if ok, err := st.ClaimDigest(ctx, "C1", day, "host-dead"); err != nil || !ok {
		t.Fatal(ok, err)
	}
	claimed := now
	dg, err := d.Compose(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Post(ctx, "C1", layout(dg)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Tracker.Do(ctx, tracker.Change{ItemID: "coc-1-rec-1", Action: tracker.ActionAssign, Actor: "U1", Owner: "UOWNER"}); err != nil {
		t.Fatal(err)
	}
	out, err := d.Run(ctx, day)
	if err != nil || out.Result != digest.HeldElsewhere || !out.RetryAt.Equal(claimed.Add(st.Lease())) || st.Lease() >= 2*time.Minute {
		t.Fatalf("within the lease: %+v, %v (lease %v)", out, err, st.Lease())
	}
	later(t, out.RetryAt.Sub(now)+time.Second)
	out, err = d.Run(ctx, day)
	if err != nil || out.Result != digest.Recovered || out.MessageTS != "ts1" || p.calls != 1 {
		t.Fatalf("once the claim lapsed: %+v, %v after %d posts", out, err, p.calls)
	}
	last, _ := st.LastEventID(ctx)
	rec, _ := st.DigestFor(ctx, "C1", day)
	if rec == nil || rec.PostedAt == nil || rec.MessageTS != "ts1" || rec.Through != last || rec.Instance != "host-a" || !rec.FirstClaimedAt.Equal(claimed) {
		t.Errorf("record %+v, latest event %d", rec, last)
	}
	if m := p.channel["ts1"]; m.Through != last || !strings.Contains(m.Text, "overdue northmoor-2023-coc-1-rec-1") || p.updated["ts1"] == "" {
		t.Errorf("the message was not brought up to date: %+v", m)
	}
}

// Stopped (SIGTERM) while Slack holds the post: the post gets StopGrace,
// the run looks, finds nothing and releases the day, so the next run
// posts at once rather than after the lease.
func TestRunStoppedWithThePostUnansweredReleasesTheDay(t *testing.T) {
	d, p, st := setup(t, nil)
	p.hang = map[int]bool{1: true}
	d.StopGrace = 20 * time.Millisecond
	const day = "2025-05-20"
	ctx, stop := context.WithCancel(context.Background())
	go func() {
		for {
			p.mu.Lock()
			n := p.calls
			p.mu.Unlock()
			if n == 1 {
				stop()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if _, err := d.Run(ctx, day); err == nil || !strings.Contains(err.Error(), "released") {
		t.Fatalf("stopped: %v", err)
	}
	if rec, err := st.DigestFor(context.Background(), "C1", day); rec != nil || err != nil {
		t.Fatalf("the day is still claimed: %+v, %v", rec, err)
	}
	if _, err := d.Run(ctx, day); err == nil {
		t.Error("a stopped run started again")
	}
	if out, err := d.Run(context.Background(), day); err != nil || out.Result != digest.Posted || p.calls != 2 || len(p.posted) != 1 {
		t.Errorf("the next run: %+v, %v after %d calls", out, err, p.calls)
	}
}

// Stopped while Slack is slow to answer a post it made: the post in
// flight finishes within StopGrace and is recorded.
func TestRunStoppedFinishesThePostInFlight(t *testing.T) {
	d, p, st := setup(t, nil)
	ctx, stop := context.WithCancel(context.Background())
	stop()
	if _, err := d.Run(ctx, "2025-05-20"); err == nil || p.calls != 0 {
		t.Fatalf("a run begun after stopping: %v, %d posts", err, p.calls)
	}
	slow := &slowPoster{poster: p, delay: 50 * time.Millisecond}
	d2 := *d
	d2.Poster = slow
	ctx, stop = context.WithCancel(context.Background())
	slow.began = stop // stopping begins as the post is sent
	out, err := d2.Run(ctx, "2025-05-20")
	if err != nil || out.Result != digest.Posted {
		t.Fatalf("stopped mid-post: %+v, %v", out, err)
	}
	if rec, _ := st.DigestFor(context.Background(), "C1", "2025-05-20"); rec == nil || rec.PostedAt == nil {
		t.Errorf("not recorded: %+v", rec)
	}
}

// slowPoster posts after delay, whatever its context says, calling began
// first.
type slowPoster struct {
	*poster
	delay time.Duration
	began func()
}

func (s *slowPoster) Post(ctx context.Context, channel string, m msg) (string, error) {
	s.began()
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return s.poster.Post(context.WithoutCancel(ctx), channel, m)
}

// A channel peelbot may not read (a missing scope): the digest is posted
// without looking, and the log says why.
func TestRunPostsWithoutLookingWhenTheChannelCannotBeRead(t *testing.T) {
	d, p, _ := setup(t, nil)
	p.findErr = errNoScope
	var logged strings.Builder
	d.Log = slog.New(slog.NewTextHandler(&logged, nil))
	if out, err := d.Run(context.Background(), "2025-05-20"); err != nil || out.Result != digest.Posted {
		t.Fatalf("run: %+v, %v", out, err)
	}
	if !strings.Contains(logged.String(), "cannot read the channel") {
		t.Errorf("log: %s", logged.String())
	}
	d2, p2, st := setup(t, nil)
	p2.findErr = errTimeout
	if _, err := d2.Run(context.Background(), "2025-05-20"); err == nil || p2.calls != 0 {
		t.Errorf("a look that failed: %v, %d posts", err, p2.calls)
	}
	if rec, _ := st.DigestFor(context.Background(), "C1", "2025-05-20"); rec != nil {
		t.Errorf("a look that failed kept the claim: %+v", rec)
	}
}
