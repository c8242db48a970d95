package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

func TestFeedbackRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if got, err := s.ListFeedback(ctx); err != nil || len(got) != 0 {
			t.Fatalf("ListFeedback on an empty store = %+v, %v", got, err)
		}
		first := Feedback{Question: "what about dvpos?", PassageIDs: []string{"herts-2021-p-9f2c", "herts-2021-p-01ab"}, User: "U1", Channel: "C1", Helpful: true}
		second := Feedback{Question: "  stalking protection orders ", PassageIDs: nil, User: "U2", Helpful: false}
		if err := s.RecordFeedback(ctx, first); err != nil {
			t.Fatal(err)
		}
		later := clk.Advance(time.Minute)
		if err := s.RecordFeedback(ctx, second); err != nil {
			t.Fatal(err)
		}
		wantRefusal(t, "no question", s.RecordFeedback(ctx, Feedback{Question: " ", User: "U1"}), tracker.ErrInvalidInput, "question")
		wantRefusal(t, "no user", s.RecordFeedback(ctx, Feedback{Question: "q"}), tracker.ErrInvalidInput, "who")

		got, err := db.open(t, clk).ListFeedback(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("ListFeedback = %+v, want the 2 recorded clicks", got)
		}
		first.At, second.At = t0, later
		first.Updated, second.Updated = t0, later
		second.Question, second.PassageIDs = "stalking protection orders", []string{}
		for i, want := range []Feedback{second, first} { // newest first
			if got[i].ID == 0 {
				t.Errorf("click %d has no id", i)
			}
			got[i].ID = 0
			if !reflect.DeepEqual(got[i], want) {
				t.Errorf("click %d\n got %+v\nwant %+v", i, got[i], want)
			}
		}
	})
}

// One vote per person per answer: a second click that says the same
// changes nothing, one that says otherwise replaces the vote (and drops
// the reason given for it); another person's vote is their own.
func TestOneVotePerPersonPerAnswer(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		vote := Feedback{Answer: "a1b2c3", Question: "dvpo", PassageIDs: []string{"herts-2021-p-1"}, User: "U1", Channel: "C1", Helpful: false}
		for i, want := range []bool{true, false} {
			changed, err := s.Vote(ctx, vote)
			if err != nil || changed != want {
				t.Fatalf("vote %d: changed %v, %v; want %v", i+1, changed, err, want)
			}
		}
		if err := s.GiveReason(ctx, "a1b2c3", "U1", ReasonWrongPassage, "  It quotes the stalking orders, not DVPOs.  "); err != nil {
			t.Fatal(err)
		}
		wantRefusal(t, "unknown reason", s.GiveReason(ctx, "a1b2c3", "U1", "bored", ""), tracker.ErrInvalidInput, "choose why")
		wantRefusal(t, "no such vote", s.GiveReason(ctx, "a1b2c3", "U2", ReasonOther, ""), tracker.ErrUnknownItem, "no “not helpful” vote")
		got, err := s.ListFeedback(ctx)
		if err != nil || len(got) != 1 || got[0].Reason != ReasonWrongPassage || got[0].Note != "It quotes the stalking orders, not DVPOs." || got[0].Helpful {
			t.Fatalf("after a vote and its reason: %+v, %v", got, err)
		}

		clk.Advance(time.Minute)
		vote.Helpful = true
		if changed, err := s.Vote(ctx, vote); err != nil || !changed {
			t.Fatalf("a changed vote: %v, %v", changed, err)
		}
		other := vote
		other.User, other.Helpful = "U2", false
		if changed, err := s.Vote(ctx, other); err != nil || !changed {
			t.Fatalf("another person's vote: %v, %v", changed, err)
		}
		got, err = s.ListFeedback(ctx)
		if err != nil || len(got) != 2 {
			t.Fatalf("two people's votes: %+v, %v", got, err)
		}
		var u1 Feedback
		for _, f := range got {
			if f.User == "U1" {
				u1 = f
			}
		}
		if !u1.Helpful || u1.Reason != "" || u1.Note != "" || !u1.At.Equal(t0) || !u1.Updated.After(u1.At) {
			t.Errorf("U1's changed vote: %+v", u1)
		}
		wantRefusal(t, "reason for a helpful vote", s.GiveReason(ctx, "a1b2c3", "U1", ReasonOther, ""), tracker.ErrUnknownItem, "")
	})
}
