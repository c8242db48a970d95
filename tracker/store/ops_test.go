package store

import (
	"context"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// The tests drive the store as tracker.Service does: the domain decides
// (tracker.Open, tracker.Apply), the store keeps its decision in one
// transaction. These methods, in the tests only, are that pairing with the
// store's own clock, under the names the tests were written with.

func (s *Store) Sync(ctx context.Context, openings []tracker.Opening) (int, error) {
	now := s.clock()
	items := make([]tracker.NewItem, 0, len(openings))
	for _, o := range openings {
		it, ev, err := tracker.Open(o, now)
		if err != nil {
			return 0, err
		}
		items = append(items, tracker.NewItem{Item: it, Event: ev})
	}
	return s.Track(ctx, items)
}

func (s *Store) Get(ctx context.Context, id string) (tracker.Item, []tracker.Event, error) {
	return s.Item(ctx, id)
}

func (s *Store) List(ctx context.Context) ([]tracker.Item, error) { return s.Items(ctx) }

func (s *Store) change(ctx context.Context, c tracker.Change) (tracker.Item, error) {
	it, _, err := s.Update(ctx, c.ItemID, func(cur tracker.Item) (tracker.Item, tracker.Event, error) {
		return tracker.Apply(cur, c, s.clock(), time.Time{})
	})
	return it, err
}

func (s *Store) Address(ctx context.Context, id, evidence, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionClose, Note: evidence, Actor: actor, Channel: channel})
}

func (s *Store) Reopen(ctx context.Context, id, actor, channel, note string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionReopen, Note: note, Actor: actor, Channel: channel})
}

func (s *Store) Propose(ctx context.Context, id, evidence, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionPropose, Note: evidence, Actor: actor, Channel: channel})
}

func (s *Store) Signoff(ctx context.Context, id, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionSignoff, Actor: actor, Channel: channel})
}

func (s *Store) Assign(ctx context.Context, id, owner, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionAssign, Owner: owner, Actor: actor, Channel: channel})
}

func (s *Store) SetDue(ctx context.Context, id string, due *time.Time, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionDue, Due: due, Migrating: true, Note: "moved", Actor: actor, Channel: channel})
}

func (s *Store) AddNote(ctx context.Context, id, text, actor, channel string) (tracker.Item, error) {
	return s.change(ctx, tracker.Change{ItemID: id, Action: tracker.ActionNote, Note: text, Actor: actor, Channel: channel})
}
