package tracker

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
	// Events returns the events at or after since, oldest first, with an
	// action among actions (every action when none are given).
	Events(ctx context.Context, since time.Time, actions ...Action) ([]Event, error)
	// Update changes one item: it reads the item, locked against every
	// other change, lets change decide its next state and the event that
	// records it (or refuse), and writes both. It returns the item and the
	// event as stored (with its id). An unknown id is refused with
	// ErrUnknownItem.
	Update(ctx context.Context, id string, change func(Item) (Item, Event, error)) (Item, Event, error)
	// Responses returns the latest recorded PCC response of each report.
	Responses(ctx context.Context) ([]Response, error)
	// RecordResponse records a report's PCC response.
	RecordResponse(ctx context.Context, r Response) error
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
	// Location is the workspace's time zone (PEEL_DIGEST_TZ), in which
	// days are counted: overdue, due soon, a due date in the past. UTC
	// when nil.
	Location *time.Location
	// Rules are the RAG rules; DefaultRules when zero.
	Rules Rules
	// Now tells the time; time.Now when nil.
	Now func() time.Time
	// Timeout bounds each call the Service makes of Repo (Sync's
	// excepted: it runs when the library loads, not while someone waits),
	// so that a store that is slow or unreachable is refused with
	// ErrUnavailable in time to say so; zero leaves it to ctx and the
	// store's own deadline. The bot sets it for requests Slack waits on.
	Timeout time.Duration

	// catalog is the library's, made once (again if Library changes).
	mu      sync.Mutex
	catalog *Catalog
}

// bound is ctx limited by Timeout, for one call of Repo.
func (s *Service) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.Timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.Timeout)
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

// Catalog is every item of the library, listed once.
func (s *Service) Catalog() *Catalog {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.catalog == nil || s.catalog.Library() != s.Library {
		s.catalog = NewCatalog(s.Library)
	}
	return s.catalog
}

// Loc is the workspace's time zone.
func (s *Service) Loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// RAGRules are the rules in force.
func (s *Service) RAGRules() Rules {
	if s.Rules == (Rules{}) {
		return DefaultRules
	}
	return s.Rules
}

// View is how the items look to me now: today's day in the workspace's
// zone, the rules, the reports.
func (s *Service) View(me string) View {
	return View{Me: me, Today: Today(s.now(), s.Loc()), Loc: s.Loc(), Catalog: s.Catalog(), Rules: s.RAGRules()}
}

// Rate is an item's RAG rating today, and why.
func (s *Service) Rate(it Item) (RAG, string) {
	return s.RAGRules().Rate(it, Today(s.now(), s.Loc()), s.Loc())
}

// Sync begins tracking every item of the library not tracked yet, each
// awaiting allocation since its report was published (a recommendation
// due by its deadline), and says how many it began. Items already tracked
// are left as they are, and items no longer in the library are kept. Run
// it when the library is loaded, not when reading.
func (s *Service) Sync(ctx context.Context) (int, error) {
	return s.track(ctx, s.Catalog().Openings())
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
		return 0, wrapFailure(err, "track items")
	}
	return n, nil
}

// Entries returns every item of the library with its state, in the
// reports' order. An item not tracked yet (a dry run reads a store nobody
// synced) is shown as it would start; reading tracks nothing.
func (s *Service) Entries(ctx context.Context) ([]Entry, error) {
	bctx, cancel := s.bound(ctx)
	items, err := s.Repo.Items(bctx)
	cancel()
	if err != nil {
		return nil, wrapFailure(err, "list items")
	}
	byID := make(map[string]Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	c := s.Catalog()
	out := make([]Entry, 0, len(c.Sources()))
	for _, src := range c.Sources() {
		it, ok := byID[src.ID]
		if !ok {
			it = s.untracked(src)
		}
		out = append(out, Entry{Source: src, Cite: c.Cite(src), Item: it})
	}
	return out, nil
}

// untracked is how an item of the library that is not tracked yet stands.
func (s *Service) untracked(src *Source) Item {
	if o, ok := s.Catalog().Opening(src.ID); ok {
		it, _, _ := Open(o, s.now())
		it.UpdatedAt, it.UpdatedBy = time.Time{}, ""
		return it
	}
	return Item{ID: src.ID, Type: src.Type, Status: StatusAwaiting}
}

// Resolve finds the item a person named, by its id or its end (see
// Catalog.Resolve).
func (s *Service) Resolve(name string) (*Source, error) { return s.Catalog().Resolve(name) }

// Entry returns one item of the library, named as Resolve reads it, with
// its state and history, oldest event first.
func (s *Service) Entry(ctx context.Context, name string) (Entry, []Event, error) {
	src, err := s.Resolve(name)
	if err != nil {
		return Entry{}, nil, err
	}
	c := s.Catalog()
	e := Entry{Source: src, Cite: c.Cite(src)}
	bctx, cancel := s.bound(ctx)
	it, history, err := s.Repo.Item(bctx, src.ID)
	cancel()
	switch {
	case ErrorCode(err) == ErrUnknownItem:
		it, history = s.untracked(src), nil
	case err != nil:
		return Entry{}, nil, wrapFailure(err, "read item "+src.ID)
	}
	e.Item = it
	return e, history, nil
}

// Events returns the changes to the library's items at or after since,
// oldest first, of the actions given (all when none).
func (s *Service) Events(ctx context.Context, since time.Time, actions ...Action) ([]Event, error) {
	bctx, cancel := s.bound(ctx)
	evs, err := s.Repo.Events(bctx, since, actions...)
	cancel()
	if err != nil {
		return nil, wrapFailure(err, "read the history since "+since.Format(time.RFC3339))
	}
	c := s.Catalog()
	out := evs[:0:0]
	for _, e := range evs {
		if c.Source(e.ItemID) != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Allowed reports whether actor may make a change of action to it as it
// stands now: the policy lets them, and its status allows it. It is what
// decides which buttons a person is shown.
func (s *Service) Allowed(actor string, action Action, it Item) bool {
	return s.Policy.Allow(actor, canonical(action), it) == nil && Possible(it, canonical(action))
}

// canonical is the action a legacy one is made as: Start assigns.
func canonical(a Action) Action {
	if a == ActionStart {
		return ActionAssign
	}
	return a
}

// Check is the first step of Do, for entry points that ask for more (a
// form) before making a change: it finds the item, and refuses an actor
// the policy does not let make the change (ErrForbidden) and a change its
// status does not allow (ErrInvalidTransition). It writes nothing.
func (s *Service) Check(ctx context.Context, name, actor string, action Action) (Entry, error) {
	e, _, err := s.Entry(ctx, name)
	if err != nil {
		return Entry{}, err
	}
	action = canonical(action)
	if err := s.Policy.Allow(actor, action, e.Item); err != nil {
		return e, err
	}
	if !Possible(e.Item, action) {
		return e, Errorf(ErrInvalidTransition, "%s is %s, so it cannot be %s now", e.Item.ID, e.Item.Status.Label(), pastTense[action])
	}
	return e, nil
}

var pastTense = map[Action]string{
	ActionAssign: "assigned", ActionPropose: "proposed for closure", ActionSignoff: "signed off", ActionSendback: "sent back",
	ActionClose: "closed", ActionSupersede: "superseded", ActionReopen: "reopened", ActionDue: "given a due date",
	ActionNote: "noted", ActionLink: "linked",
}

// Possible reports whether an item's status allows a change of action
// at all (what it needs besides, such as evidence, Apply checks).
func Possible(it Item, action Action) bool {
	st := it.Status
	switch canonical(action) {
	case ActionAssign, ActionDue, ActionSupersede:
		return st.Outstanding()
	case ActionPropose:
		return st == StatusInProgress
	case ActionSignoff, ActionSendback:
		return st == StatusPending
	case ActionClose:
		return st.Outstanding()
	case ActionReopen:
		return !st.Outstanding() && st != ""
	case ActionNote, ActionLink:
		return true
	}
	return false
}

// Do makes one change, the same way whoever asks and from wherever: the
// item must be in the library, the actor allowed by the policy to make it
// to the item as it stands, and the change allowed by Apply, read and
// written in one transaction. A Start (from buttons of before sign-off)
// assigns the item to the actor. Superseding names a later item (carried
// forward to it: its history records where it came from) or a later
// report. It returns the item as it now stands and the event that records
// the change, or a refusal (*Error) that changed nothing.
func (s *Service) Do(ctx context.Context, c Change) (Item, Event, error) {
	src, err := s.Resolve(c.ItemID)
	if err != nil {
		return Item{}, Event{}, err
	}
	if c.Action == ActionStart {
		c.Action, c.Owner = ActionAssign, c.Actor
	}
	var successor *Source
	if c.Action == ActionSupersede {
		if successor, c.By, err = s.supersededBy(src, c.By); err != nil {
			return Item{}, Event{}, err
		}
	}
	now, today := s.now(), Today(s.now(), s.Loc())
	update := func() (Item, Event, error) {
		ctx, cancel := s.bound(ctx)
		defer cancel()
		return s.Repo.Update(ctx, src.ID, func(cur Item) (Item, Event, error) {
			if err := s.Policy.Allow(c.Actor, c.Action, cur); err != nil {
				return cur, Event{}, err
			}
			return Apply(cur, c, now, today)
		})
	}
	it, ev, err := update()
	if ErrorCode(err) == ErrUnknownItem {
		// Its report was added since the store was synced (by another
		// instance with other reports, or a sync that failed): it starts
		// now, then changes.
		bctx, cancel := s.bound(ctx)
		_, serr := s.Sync(bctx)
		cancel()
		if serr != nil {
			return Item{}, Event{}, serr
		}
		it, ev, err = update()
	}
	if err != nil {
		return Item{}, Event{}, wrapFailure(err, fmt.Sprintf("%s item %s", c.Action, src.ID))
	}
	if successor != nil {
		link := Change{ItemID: successor.ID, Action: ActionLink, Actor: c.Actor, Channel: c.Channel, By: src.ID,
			Note: "carried forward from " + src.ID}
		if _, _, err := s.Do(ctx, link); err != nil {
			return it, ev, fmt.Errorf("%s is superseded, but %s could not record where it came from: %w", src.ID, successor.ID, err)
		}
	}
	return it, ev, nil
}

// supersededBy reads what supersedes src: a later item of the library
// (returned, to be linked) or a report, by id or the end of an item's id.
// Either must be of a later report of src's force (Supersedes).
func (s *Service) supersededBy(src *Source, by string) (*Source, string, error) {
	by = NormalizeID(by)
	if by == "" {
		return nil, "", Errorf(ErrInvalidInput, "say what supersedes %s: --by the later item it is carried forward to, or the later report's id", src.ID)
	}
	earlier := s.Library.Report(src.ReportID)
	if r := s.Library.Report(by); r != nil {
		if err := Supersedes(src, earlier, r, r.ID); err != nil {
			return nil, "", err
		}
		return nil, r.ID, nil
	}
	next, err := s.Resolve(by)
	if err != nil {
		return nil, "", Errorf(ErrUnknownItem, "%q is neither a loaded report nor an item, so %s was not superseded", clip(by, 60), src.ID)
	}
	if err := Supersedes(src, earlier, s.Library.Report(next.ReportID), next.ID); err != nil {
		return nil, "", err
	}
	return next, next.ID, nil
}

// Responses is every report's section 55 state, in the library's order.
func (s *Service) Responses(ctx context.Context) ([]ResponseState, error) {
	bctx, cancel := s.bound(ctx)
	recorded, err := s.Repo.Responses(bctx)
	cancel()
	if err != nil {
		return nil, wrapFailure(err, "read PCC responses")
	}
	byReport := map[string]Response{}
	for _, r := range recorded {
		byReport[r.ReportID] = r
	}
	var out []ResponseState
	for _, r := range s.Library.Reports {
		st := ResponseState{Report: r}
		st.Due, _ = ResponseDue(r)
		if resp, ok := byReport[r.ID]; ok {
			st.Response = &resp
		}
		out = append(out, st)
	}
	return out, nil
}

// RecordResponse records the address of the PCC's published response to
// a loaded report, as actor, who must be a reviewer or an admin.
func (s *Service) RecordResponse(ctx context.Context, reportID, rawURL, actor string) (Response, error) {
	r := s.Library.Report(NormalizeID(reportID))
	if r == nil {
		return Response{}, Errorf(ErrUnknownItem, "no loaded report is %q; list the reports to see their ids", clip(reportID, 60))
	}
	if !s.Policy.MayChangeAny(actor) {
		return Response{}, Errorf(ErrForbidden, "Only reviewers and admins can record a PCC response, so nothing was changed.")
	}
	u, err := CheckResponseURL(rawURL)
	if err != nil {
		return Response{}, err
	}
	resp := Response{ReportID: r.ID, URL: u, By: actor, At: s.now()}
	bctx, cancel := s.bound(ctx)
	defer cancel()
	if err := s.Repo.RecordResponse(bctx, resp); err != nil {
		return Response{}, wrapFailure(err, "record the PCC response to "+r.ID)
	}
	return resp, nil
}

// wrapFailure says what was being done when err failed; a refusal, whose
// message is already meant for the person who asked, is returned as it is.
// A deadline that ran out (Timeout's, or the caller's) means the store did
// not answer in time: ErrUnavailable, whatever the Repository made of it.
func wrapFailure(err error, doing string) error {
	if err == nil || ErrorCode(err) != "" {
		return err
	}
	err = fmt.Errorf("%s: %w", doing, err)
	if errors.Is(err, context.DeadlineExceeded) {
		return Unavailable(err)
	}
	return err
}
