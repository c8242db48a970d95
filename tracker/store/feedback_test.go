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
