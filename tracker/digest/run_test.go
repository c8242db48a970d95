package digest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

// text is a message of the fake chat service: the items it shows.
type text string

// layout pages a digest two items a message, as a chat service with small
// messages would.
func layout(d *digest.Digest) []digest.Page[text] {
	var pages []digest.Page[text]
	for i := 0; i < len(d.Open); i += 2 {
		var ids []string
		for _, e := range d.Open[i:min(i+2, len(d.Open))] {
			ids = append(ids, e.AFI.ID)
		}
		pages = append(pages, digest.Page[text]{Message: text(fmt.Sprintf("%d: %s", d.Posted()+len(pages)+1, strings.Join(ids, " "))), Items: ids})
	}
	return pages
}

// poster is a chat service that fails the posts it is told to.
type poster struct {
	mu     sync.Mutex
	posted []string // "thread|message"
	fail   map[int]error
	calls  int
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
	p.posted = append(p.posted, thread+"|"+string(m))
	return fmt.Sprintf("ts%d", p.calls), nil
}

func (p *poster) NothingDone(err error) bool { return errors.Is(err, errRefused) }

func setup(t *testing.T, fail map[int]error) (*digest.Digester[text], *poster, *store.Store) {
	t.Helper()
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLite(t)
	st, err := store.Open(context.Background(), store.Config{SQLitePath: db.SQLitePath})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &tracker.Service{Repo: st, Library: lib}
	if _, err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := &poster{fail: fail}
	return &digest.Digester[text]{Tracker: svc, Claims: st, Layout: layout, Poster: p, Channel: "C1", Instance: "host-a",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, p, st
}

// The protocol over any chat service: claim, post, record; once a day.
func TestRunPostsOnceAndContinuesAThreadAfterAFailedReply(t *testing.T) {
	d, p, st := setup(t, map[int]error{4: errRefused})
	ctx := context.Background()
	const day = "2026-03-02"
	out, err := d.Run(ctx, day)
	if err == nil || !strings.Contains(err.Error(), "2 of its 4 thread replies could not be; the next run posts them") {
		t.Fatalf("first run: %+v, %v", out, err)
	}
	if out.Result != digest.Posted || out.Replies != 2 || out.MessageTS != "ts1" || out.Open != 9 {
		t.Errorf("first run: %+v", out)
	}
	rec, _ := st.DigestFor(ctx, "C1", day)
	if rec == nil || !rec.ThreadPending || len(rec.AFIs) != 6 || rec.RepliesPosted != 2 {
		t.Fatalf("record %+v", rec)
	}
	out, err = d.Run(ctx, day)
	if err != nil || out.Result != digest.Continued || out.Replies != 2 {
		t.Fatalf("second run: %+v, %v", out, err)
	}
	want := []string{"|1: herts-2021-afi-1 herts-2021-afi-2", "ts1|2: herts-2021-afi-3 herts-2021-afi-4",
		"ts1|3: herts-2021-afi-5 herts-2021-afi-6", "ts1|4: herts-2021-afi-7 herts-2021-afi-8", "ts1|5: herts-2021-afi-9"}
	if strings.Join(p.posted, "\n") != strings.Join(want, "\n") {
		t.Errorf("posted:\n%s\nwant:\n%s", strings.Join(p.posted, "\n"), strings.Join(want, "\n"))
	}
	if out, err := d.Run(ctx, day); err != nil || out.Result != digest.AlreadyDone || p.calls != 6 {
		t.Errorf("third run: %+v, %v after %d calls", out, err, p.calls)
	}
}

// A first message that certainly posted nothing gives the day back; one
// that may have been posted keeps it, so it is not posted twice at once.
func TestRunReleasesTheDayOnlyWhenNothingWasPosted(t *testing.T) {
	ctx := context.Background()
	d, _, st := setup(t, map[int]error{1: errRefused})
	if _, err := d.Run(ctx, "2026-03-02"); !errors.Is(err, errRefused) || !strings.Contains(err.Error(), "post the digest to C1") {
		t.Fatalf("refused: %v", err)
	}
	if rec, _ := st.DigestFor(ctx, "C1", "2026-03-02"); rec != nil {
		t.Errorf("a refused post kept the claim: %+v", rec)
	}
	d, p, st := setup(t, map[int]error{1: errTimeout})
	if _, err := d.Run(ctx, "2026-03-02"); !errors.Is(err, errTimeout) || !strings.Contains(err.Error(), "may have been posted") {
		t.Fatalf("timed out: %v", err)
	}
	if out, err := d.Run(ctx, "2026-03-02"); err != nil || out.Result != digest.HeldElsewhere || p.calls != 1 {
		t.Errorf("within the lease: %+v, %v after %d calls", out, err, p.calls)
	}
	if rec, _ := st.DigestFor(ctx, "C1", "2026-03-02"); rec == nil || rec.PostedAt != nil {
		t.Errorf("claim %+v", rec)
	}
}

func TestComposeSaysWhoAddressedWhatSinceTheLastDigest(t *testing.T) {
	d, _, _ := setup(t, nil)
	ctx := context.Background()
	for _, c := range []tracker.Change{
		{ItemID: "herts-2021-afi-2", Action: tracker.ActionClose, Actor: "U1", Note: "Done"},
		{ItemID: "herts-2021-afi-2", Action: tracker.ActionNote, Actor: "U9", Note: "Checked"},
	} {
		if _, _, err := d.Tracker.Do(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	dg, err := d.Compose(ctx, "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	if dg.OpenCount != 8 || len(dg.Open) != 8 || len(dg.Addressed) != 1 || dg.Addressed[0].By != "U1" || dg.Since != nil ||
		dg.Summary() != "8 open, 1 addressed since tracking began" || !dg.Date.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("digest %+v (%s)", dg, dg.Summary())
	}
	if _, err := d.Compose(ctx, "2 March"); tracker.ErrorCode(err) != tracker.ErrInvalidInput {
		t.Errorf("a bad day: %v", err)
	}
}
