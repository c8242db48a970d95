package store

import (
	"reflect"
	"testing"

	"github.com/peelbot/peelbot/tracker"
)

func TestScopesAreSharedReplacedAndCleared(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		a, b := db.open(t, clk), db.open(t, clk) // two instances
		if sc, err := a.Scope(ctx, "C1"); err != nil || sc != nil {
			t.Fatalf("no scope yet: %+v, %v", sc, err)
		}
		herts := []ScopeFilter{{Key: "force", Value: "herts"}, {Key: "area", Value: "vulnerable people"}}
		if err := a.SetScope(ctx, "C1", herts, "U1"); err != nil {
			t.Fatal(err)
		}
		sc, err := b.Scope(ctx, "C1")
		if err != nil || sc == nil || !reflect.DeepEqual(sc.Filters, herts) || sc.SetBy != "U1" || !sc.SetAt.Equal(t0) {
			t.Fatalf("the other instance reads %+v, %v", sc, err)
		}
		kent := []ScopeFilter{{Key: "force", Value: "kent"}}
		if err := b.SetScope(ctx, "C1", kent, "U2"); err != nil {
			t.Fatal(err)
		}
		if sc, _ := a.Scope(ctx, "C1"); sc == nil || !reflect.DeepEqual(sc.Filters, kent) || sc.SetBy != "U2" {
			t.Errorf("replaced: %+v", sc)
		}
		if sc, _ := a.Scope(ctx, "C2"); sc != nil {
			t.Errorf("another channel has %+v", sc)
		}
		if err := a.SetScope(ctx, "C1", nil, "U1"); err != nil {
			t.Fatal(err)
		}
		if sc, _ := b.Scope(ctx, "C1"); sc != nil {
			t.Errorf("cleared, yet %+v", sc)
		}
		wantRefusal(t, "no place", a.SetScope(ctx, " ", kent, "U1"), tracker.ErrInvalidInput, "channel")
	})
}
