package tracker

import (
	"context"
	"fmt"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// Repository keeps items and their history; tracker/store is one, on
// SQLite or PostgreSQL. Every method is one transaction: it does all it
// should or nothing, and a refusal it returns is an *Error.
type Repository interface {
	// Track stores each new item with the event that opens its history,
	// skipping ids already stored (by this or any other instance, however
	// concurrently, which are left exactly as they are), and says how many
	// it stored.
	Track(ctx context.Context, items []NewItem) (int, error)
	// Item returns an item and its history, oldest event first; a refusal
	// with ErrUnknownItem when it is not stored.
	Item(ctx context.Context, id string) (Item, []Event, error)
	// Items returns every stored item, by id.
	Items(ctx context.Context) ([]Item, error)
	// AddressedSince returns the items addressed now that were addressed
	// at or after t, earliest first.
	AddressedSince(ctx context.Context, t time.Time) ([]Item, error)
	// Update changes one item: it reads the item, locked against every
	// other change, lets change decide its next state and the event that
	// records it (or refuse), and writes both. An unknown id is refused
	// with ErrUnknownItem.
	Update(ctx context.Context, id string, change func(Item) (Item, Event, error)) (Item, error)
}

// NewItem is an item to store for the first time: its state and the event
// that opens its history (see Open).
type NewItem struct {
	Item  Item
	Event Event
}

// Service is tracking as the rest of peelbot uses it: the library's items
// with their state, and Do, the one way an item changes.
type Service struct {
	// Repo keeps the items.
	Repo Repository
	// Library is every report loaded; only its items can be changed.
	Library *corpus.Library
	// Policy says who may change items.
	Policy Policy
	// Now tells the time; time.Now when nil.
	Now func() time.Time
}

// now is the current time as it is kept: UTC, to the microsecond (the
// precision of PostgreSQL), so that what is stored is what is returned.
func (s *Service) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Microsecond)
}

// Sync begins tracking every item of the library not tracked yet, each
// open since its report was published, and says how many it began. Items
// already tracked are left as they are, and items no longer in the library
// are kept. Run it when the library is loaded, not when reading.
func (s *Service) Sync(ctx context.Context) (int, error) {
	return s.track(ctx, Openings(s.Library))
}

func (s *Service) track(ctx context.Context, openings []Opening) (int, error) {
	now := s.now()
	items := make([]NewItem, 0, len(openings))
	for _, o := range openings {
		it, ev, err := Open(o, now)
		if err != nil {
			return 0, err
		}
		items = append(items, NewItem{it, ev})
	}
	n, err := s.Repo.Track(ctx, items)
	if err != nil {
		return 0, wrapFailure(err, "track AFIs")
	}
	return n, nil
}

// Entries returns every item of the library with its state, in the
// reports' order. An item not tracked yet (a dry run reads a store nobody
// synced) is shown open since its report's publication; reading tracks
// nothing.
func (s *Service) Entries(ctx context.Context) ([]Entry, error) {
	items, err := s.Repo.Items(ctx)
	if err != nil {
		return nil, wrapFailure(err, "list AFIs")
	}
	byID := make(map[string]Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	afis := s.Library.AFIs()
	out := make([]Entry, 0, len(afis))
	for _, a := range afis {
		it, ok := byID[a.ID]
		if !ok {
			it = s.untracked(a)
		}
		out = append(out, Entry{AFI: a, Cite: s.Library.CiteAFI(a), Item: it})
	}
	return out, nil
}

// untracked is how an item of the library that is not tracked yet stands:
// open since its report's publication.
func (s *Service) untracked(a *corpus.AFI) Item {
	return Item{ID: a.ID, Status: StatusOpen, OpenedAt: PublishedOn(s.Library.Report(a.ReportID))}
}

// Entry returns one item of the library with its state and history,
// oldest event first; ErrUnknownItem when the library has no such item.
func (s *Service) Entry(ctx context.Context, id string) (Entry, []Event, error) {
	a, err := s.find(id)
	if err != nil {
		return Entry{}, nil, err
	}
	e := Entry{AFI: a, Cite: s.Library.CiteAFI(a)}
	it, history, err := s.Repo.Item(ctx, a.ID)
	switch {
	case ErrorCode(err) == ErrUnknownItem:
		it, history = s.untracked(a), nil
	case err != nil:
		return Entry{}, nil, wrapFailure(err, "read AFI "+a.ID)
	}
	e.Item = it
	return e, history, nil
}

// AddressedSince returns the library's items addressed now that were
// addressed at or after t, earliest first.
func (s *Service) AddressedSince(ctx context.Context, t time.Time) ([]Item, error) {
	items, err := s.Repo.AddressedSince(ctx, t)
	if err != nil {
		return nil, wrapFailure(err, "list AFIs addressed since "+t.Format(time.RFC3339))
	}
	out := items[:0:0]
	for _, it := range items {
		if s.Library.AFI(it.ID) != nil {
			out = append(out, it)
		}
	}
	return out, nil
}

// Check is the first step of Do, for entry points that ask for more (a
// form) before making a change: it refuses an item the library does not
// have (ErrUnknownItem) and an actor the policy does not let change items
// (ErrForbidden). It reads and writes nothing.
func (s *Service) Check(id, actor string) error {
	if _, err := s.find(id); err != nil {
		return err
	}
	return s.Policy.Check(actor)
}

// Do makes one change, the same way whoever asks and from wherever: the
// item must be in the library, the actor allowed by the policy, and the
// change allowed by Apply from the item as it stands, read and written in
// one transaction. It returns the item as it now stands and the event that
// records the change, or a refusal (*Error) that changed nothing.
func (s *Service) Do(ctx context.Context, c Change) (Item, Event, error) {
	if err := s.Check(c.ItemID, c.Actor); err != nil {
		return Item{}, Event{}, err
	}
	a, _ := s.find(c.ItemID)
	var ev Event
	update := func() (Item, error) {
		return s.Repo.Update(ctx, a.ID, func(cur Item) (Item, Event, error) {
			next, e, err := Apply(cur, c, s.now())
			ev = e
			return next, e, err
		})
	}
	it, err := update()
	if ErrorCode(err) == ErrUnknownItem {
		// Its report was added since the store was synced (by another
		// instance with other reports, or a sync that failed): it starts
		// open now, then changes.
		if _, err := s.track(ctx, []Opening{{ID: a.ID, OpenedAt: PublishedOn(s.Library.Report(a.ReportID))}}); err != nil {
			return Item{}, Event{}, err
		}
		it, err = update()
	}
	if err != nil {
		return Item{}, Event{}, wrapFailure(err, fmt.Sprintf("%s AFI %s", c.Action, a.ID))
	}
	return it, ev, nil
}

// find is the library's item id names.
func (s *Service) find(id string) (*corpus.AFI, error) {
	a := s.Library.AFI(NormalizeID(id))
	if a == nil {
		return nil, Errorf(ErrUnknownItem, "unknown AFI %q", id)
	}
	return a, nil
}

// wrapFailure says what was being done when err failed; a refusal, whose
// message is already meant for the person who asked, is returned as it is.
func wrapFailure(err error, doing string) error {
	if err == nil || ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf("%s: %w", doing, err)
}
