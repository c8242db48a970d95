package tracker

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// memRepo is a Repository in memory that counts what it is asked to write.
type memRepo struct {
	mu      sync.Mutex
	items   map[string]Item
	history map[string][]Event
	writes  int
	fail    error // every call fails with it when set
}

func newMemRepo() *memRepo {
	return &memRepo{items: map[string]Item{}, history: map[string][]Event{}}
}

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
		return Item{}, nil, Errorf(ErrUnknownItem, "unknown AFI %q", id)
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

func (r *memRepo) AddressedSince(_ context.Context, t time.Time) ([]Item, error) {
	items, err := r.Items(context.Background())
	var out []Item
	for _, it := range items {
		if it.AddressedAt != nil && !it.AddressedAt.Before(t) {
			out = append(out, it)
		}
	}
	return out, err
}

func (r *memRepo) Update(_ context.Context, id string, change func(Item) (Item, Event, error)) (Item, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return Item{}, r.fail
	}
	cur, ok := r.items[id]
	if !ok {
		return Item{}, Errorf(ErrUnknownItem, "unknown AFI %q", id)
	}
	next, ev, err := change(cur)
	if err != nil {
		return Item{}, err
	}
	r.writes++
	r.items[id], r.history[id] = next, append(r.history[id], ev)
	return next, nil
}

func embedded(t *testing.T) *corpus.Library {
	t.Helper()
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestReadingTracksNothing(t *testing.T) {
	lib := embedded(t)
	repo := newMemRepo()
	svc := &Service{Repo: repo, Library: lib, Now: func() time.Time { return t0 }}
	ctx := context.Background()
	entries, err := svc.Entries(ctx)
	if err != nil || len(entries) != len(lib.AFIs()) {
		t.Fatalf("Entries = %d, %v", len(entries), err)
	}
	published := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC) // the report's "February 2023"
	for i, e := range entries {
		if e.AFI != lib.AFIs()[i] || e.Item.Status != StatusOpen || !e.Item.OpenedAt.Equal(published) || e.Cite != lib.CiteAFI(e.AFI) {
			t.Errorf("untracked entry %d: %+v", i, e)
		}
	}
	if e, history, err := svc.Entry(ctx, "HERTS-2021-AFI-3"); err != nil || e.Item.ID != "herts-2021-afi-3" || len(history) != 0 {
		t.Errorf("Entry of an untracked AFI = %+v, %v, %v", e, history, err)
	}
	if _, err := svc.AddressedSince(ctx, t0); err != nil {
		t.Fatal(err)
	}
	if repo.writes != 0 || len(repo.items) != 0 {
		t.Errorf("reading wrote %d times", repo.writes)
	}
	if n, err := svc.Sync(ctx); err != nil || n != 9 || repo.writes != 1 {
		t.Errorf("Sync = %d, %v after %d writes", n, err, repo.writes)
	}
	if n, err := svc.Sync(ctx); err != nil || n != 0 {
		t.Errorf("second Sync = %d, %v", n, err)
	}
}

// Do is the one pipeline: unknown items and actors the policy refuses are
// turned away before the repository is touched, then the rules decide.
func TestDoChecksTheItemThePolicyThenTheRules(t *testing.T) {
	lib := embedded(t)
	repo := newMemRepo()
	clock := t0.Add(123456789 * time.Nanosecond).In(time.FixedZone("BST", 3600))
	svc := &Service{Repo: repo, Library: lib, Policy: NewPolicy("UADMIN"), Now: func() time.Time { return clock }}
	ctx := context.Background()
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	writes := repo.writes
	for _, tc := range []struct {
		c    Change
		code Code
	}{
		{Change{ItemID: "herts-2021-afi-99", Action: ActionStart, Actor: "UADMIN"}, ErrUnknownItem},
		{Change{ItemID: "herts-2021-afi-1", Action: ActionStart, Actor: "U1"}, ErrForbidden},
		{Change{ItemID: "herts-2021-afi-1", Action: ActionStart, Actor: "cli:alice"}, ErrForbidden},
		{Change{ItemID: "herts-2021-afi-1", Action: ActionClose, Actor: "UADMIN"}, ErrEvidenceRequired},
	} {
		if _, _, err := svc.Do(ctx, tc.c); ErrorCode(err) != tc.code {
			t.Errorf("%+v: %v, want %q", tc.c, err, tc.code)
		}
		if err := svc.Check(tc.c.ItemID, tc.c.Actor); tc.code != ErrEvidenceRequired && ErrorCode(err) != tc.code {
			t.Errorf("Check %+v: %v, want %q", tc.c, err, tc.code)
		}
	}
	if repo.writes != writes {
		t.Fatalf("refused changes wrote %d times", repo.writes-writes)
	}
	it, ev, err := svc.Do(ctx, Change{ItemID: " HERTS-2021-AFI-1", Action: ActionClose, Actor: "UADMIN", Channel: "C1", Note: "Done"})
	want := clock.UTC().Truncate(time.Microsecond)
	if err != nil || it.Status != StatusAddressed || !it.UpdatedAt.Equal(want) || it.UpdatedAt.Location() != time.UTC ||
		ev.ItemID != "herts-2021-afi-1" || ev.Action != ActionClose || ev.From != StatusOpen || ev.To != StatusAddressed || !ev.At.Equal(want) {
		t.Errorf("Do = %+v, %+v, %v", it, ev, err)
	}
	if _, history, _ := repo.Item(ctx, "herts-2021-afi-1"); len(history) != 2 || history[1] != ev {
		t.Errorf("history %+v, want the event Do returned last", history)
	}
}

// An item of the library the store does not track yet (its report was
// added since the store was synced) starts open, then changes.
func TestDoTracksAnItemTheStoreDoesNotHaveYet(t *testing.T) {
	lib := embedded(t)
	repo := newMemRepo()
	svc := &Service{Repo: repo, Library: lib, Now: func() time.Time { return t1 }}
	ctx := context.Background()
	it, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-4", Action: ActionStart, Actor: "U1"})
	if err != nil || it.Status != StatusInProgress {
		t.Fatalf("Do = %+v, %v", it, err)
	}
	_, history, _ := repo.Item(ctx, "herts-2021-afi-4")
	if len(history) != 2 || history[0].Action != ActionOpen || history[1].Action != ActionStart || len(repo.items) != 1 {
		t.Errorf("history %+v, %d items tracked", history, len(repo.items))
	}
}

// A failure of the store is a failure, said with what was being done; it
// is not taken for a refusal.
func TestStoreFailuresAreNotRefusals(t *testing.T) {
	repo := newMemRepo()
	repo.fail = errors.New("connection refused")
	svc := &Service{Repo: repo, Library: embedded(t)}
	ctx := context.Background()
	_, _, err := svc.Do(ctx, Change{ItemID: "herts-2021-afi-1", Action: ActionStart, Actor: "U1"})
	if !errors.Is(err, repo.fail) || ErrorCode(err) != "" || ErrorMessage(err) != "" {
		t.Errorf("Do: %v", err)
	}
	if _, err := svc.Entries(ctx); !errors.Is(err, repo.fail) {
		t.Errorf("Entries: %v", err)
	}
	if _, _, err := svc.Entry(ctx, "herts-2021-afi-1"); !errors.Is(err, repo.fail) {
		t.Errorf("Entry: %v", err)
	}
}
