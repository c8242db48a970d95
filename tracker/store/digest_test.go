package store

import (
	"github.com/peelbot/peelbot/tracker/digest"

	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

func TestThreeInstancesClaimTheSameDigestOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		stores := []*Store{db.open(t, clk), db.open(t, clk), db.open(t, clk)}
		for day := 3; day <= 7; day++ {
			date := fmt.Sprintf("2025-03-%02d", day)
			var wg sync.WaitGroup
			start := make(chan struct{})
			won := make([]bool, len(stores))
			errs := make([]error, len(stores))
			for i, s := range stores {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					won[i], errs[i] = s.ClaimDigest(ctx, "C-DIGEST", date, fmt.Sprintf("instance-%d", i))
				}()
			}
			close(start)
			wg.Wait()
			winners := 0
			for i := range stores {
				if errs[i] != nil {
					t.Fatalf("%s: instance %d: %v", date, i, errs[i])
				}
				if won[i] {
					winners++
				}
			}
			if winners != 1 {
				t.Fatalf("%s: %d instances claimed the digest, want exactly 1 (%v)", date, winners, won)
			}
		}
		// Another channel's digest that day is a claim of its own.
		if ok, err := stores[1].ClaimDigest(ctx, "C-OTHER", "2025-03-03", "instance-1"); err != nil || !ok {
			t.Errorf("other channel: %v, %v", ok, err)
		}
	})
}

func TestDigestClaimSurvivesRestart(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		first := db.open(t, clk)
		if ok, err := first.ClaimDigest(ctx, "C1", "2025-03-03", "host-a"); err != nil || !ok {
			t.Fatalf("claim: %v, %v", ok, err)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}

		clk.Advance(DefaultClaimLease / 2)
		second := db.open(t, clk)
		for _, inst := range []string{"host-a", "host-b"} {
			if ok, err := second.ClaimDigest(ctx, "C1", "2025-03-03", inst); err != nil || ok {
				t.Errorf("after restart, %s claimed again: %v, %v", inst, ok, err)
			}
		}
		postedAt := clk.Advance(time.Second)
		if err := second.RecordDigestPosted(ctx, "C1", "2025-03-03", "host-a", digest.Post{MessageTS: "1741000000.000100", Open: 9, Closed: 2}); err != nil {
			t.Fatal(err)
		}
		if err := second.Close(); err != nil {
			t.Fatal(err)
		}

		// Posted is posted: no lease ever hands it out again.
		clk.Advance(24 * time.Hour)
		third := db.open(t, clk)
		if ok, err := third.ClaimDigest(ctx, "C1", "2025-03-03", "host-c"); err != nil || ok {
			t.Errorf("a posted digest was claimed again: %v, %v", ok, err)
		}
		want := digest.Record{Channel: "C1", Day: "2025-03-03", Instance: "host-a", ClaimedAt: t0, FirstClaimedAt: t0, PostedAt: &postedAt,
			MessageTS: "1741000000.000100", Open: 9, Closed: 2, ComposedAt: &postedAt}
		last, err := third.LastDigest(ctx, "C1")
		if err != nil || last == nil || !reflect.DeepEqual(*last, want) {
			t.Errorf("LastDigest = %+v, %v\nwant %+v", last, err, want)
		}
		got, err := third.DigestFor(ctx, "C1", "2025-03-03")
		if err != nil || got == nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("DigestFor = %+v, %v", got, err)
		}
		wantRefusal(t, "record twice", third.RecordDigestPosted(ctx, "C1", "2025-03-03", "host-a", digest.Post{MessageTS: "1741000099.000100", Open: 1, Closed: 1}), tracker.ErrAlreadyPosted, "C1", "2025-03-03")
		wantRefusal(t, "release after posting", third.ReleaseDigest(ctx, "C1", "2025-03-03", "host-a"), tracker.ErrAlreadyPosted)
		if again, _ := third.LastDigest(ctx, "C1"); again == nil || again.MessageTS != want.MessageTS {
			t.Errorf("refused record changed the digest: %+v", again)
		}
	})
}

func TestDigestReleaseAndStaleClaimTakeover(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		const ch, day = "C1", "2025-03-04"
		claim := func(inst string) bool {
			t.Helper()
			ok, err := s.ClaimDigest(ctx, ch, day, inst)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim("a") || claim("b") || claim("a") {
			t.Fatal("want only the first claim to succeed")
		}
		wantRefusal(t, "release by another instance", s.ReleaseDigest(ctx, ch, day, "b"), tracker.ErrNotClaimed, "claimed by a")
		// Posting failed: a lets go, and the digest can go out the same day.
		if err := s.ReleaseDigest(ctx, ch, day, "a"); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.DigestFor(ctx, ch, day); d != nil {
			t.Errorf("released claim still recorded: %+v", d)
		}
		if !claim("b") {
			t.Fatal("claim after release failed")
		}
		// b dies without posting or releasing. Within the lease nobody else
		// may post; once it has run out, the next instance takes over.
		clk.Advance(DefaultClaimLease - time.Second)
		if claim("c") {
			t.Fatal("claim taken over before the lease ran out")
		}
		clk.Advance(time.Second)
		if !claim("c") {
			t.Fatal("stale claim was not taken over")
		}
		if claim("d") {
			t.Fatal("a fresh takeover was taken over at once")
		}
		d, err := s.DigestFor(ctx, ch, day)
		if err != nil || d == nil || d.Instance != "c" || !d.ClaimedAt.Equal(clk.Now()) || d.PostedAt != nil {
			t.Errorf("after takeover: %+v, %v", d, err)
		}
		wantRefusal(t, "release by the instance taken over", s.ReleaseDigest(ctx, ch, day, "b"), tracker.ErrNotClaimed, "claimed by c")
	})
}

// An instance slower than the lease, whose claim was taken over, may not
// record the digest as its own: the record is the new holder's to make.
func TestADigestIsRecordedOnlyByItsClaimHolder(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		const ch, day = "C1", "2025-03-04"
		if ok, err := s.ClaimDigest(ctx, ch, day, "slow"); err != nil || !ok {
			t.Fatalf("claim: %v, %v", ok, err)
		}
		clk.Advance(DefaultClaimLease)
		if ok, err := s.ClaimDigest(ctx, ch, day, "fresh"); err != nil || !ok {
			t.Fatalf("takeover: %v, %v", ok, err)
		}
		before, err := s.DigestFor(ctx, ch, day)
		if err != nil || before == nil {
			t.Fatal(before, err)
		}
		clk.Advance(time.Second)
		wantRefusal(t, "record by the instance taken over", s.RecordDigestPosted(ctx, ch, day, "slow", digest.Post{MessageTS: "100.1", Open: 9, Closed: 0}), tracker.ErrNotClaimed, "claimed by fresh")
		if after, err := s.DigestFor(ctx, ch, day); err != nil || !reflect.DeepEqual(after, before) {
			t.Errorf("a refused record changed the digest: %+v, %v; was %+v", after, err, before)
		}
		wantRefusal(t, "record by nobody", s.RecordDigestPosted(ctx, ch, day, " ", digest.Post{MessageTS: "100.1", Open: 9, Closed: 0}), tracker.ErrInvalidInput)
		if err := s.RecordDigestPosted(ctx, ch, day, "fresh", digest.Post{MessageTS: "200.1", Open: 9, Closed: 0}); err != nil {
			t.Fatalf("the holder's record: %v", err)
		}
		if d, _ := s.DigestFor(ctx, ch, day); d == nil || d.MessageTS != "200.1" || d.Instance != "fresh" {
			t.Errorf("recorded %+v", d)
		}
	})
}

func TestDigestRecordsAndRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		if last, err := s.LastDigest(ctx, "C1"); err != nil || last != nil {
			t.Errorf("LastDigest before any = %+v, %v", last, err)
		}
		wantRefusal(t, "record unclaimed", s.RecordDigestPosted(ctx, "C1", "2025-03-03", "a", digest.Post{MessageTS: "1.2", Open: 1, Closed: 0}), tracker.ErrNotClaimed, "not claimed")
		wantRefusal(t, "release unclaimed", s.ReleaseDigest(ctx, "C1", "2025-03-03", "a"), tracker.ErrNotClaimed)
		_, err := s.ClaimDigest(ctx, "C1", "3/3/2025", "a")
		wantRefusal(t, "bad day", err, tracker.ErrInvalidInput, "3/3/2025", "YYYY-MM-DD")
		_, err = s.ClaimDigest(ctx, " ", "2025-03-03", "a")
		wantRefusal(t, "no channel", err, tracker.ErrInvalidInput)
		_, err = s.ClaimDigest(ctx, "C1", "2025-03-03", "")
		wantRefusal(t, "no instance", err, tracker.ErrInvalidInput)

		post := func(day, ts string) time.Time {
			t.Helper()
			at := clk.Advance(24 * time.Hour)
			if ok, err := s.ClaimDigest(ctx, "C1", day, "a"); err != nil || !ok {
				t.Fatalf("claim %s: %v, %v", day, ok, err)
			}
			if err := s.RecordDigestPosted(ctx, "C1", day, "a", digest.Post{MessageTS: ts, Open: 3, Closed: 1}); err != nil {
				t.Fatal(err)
			}
			return at
		}
		post("2025-03-04", "100.1")
		tuesday := post("2025-03-05", "200.1")
		// Nothing open on Thursday: the day is done, but no message was posted.
		post("2025-03-06", "")
		if ok, _ := s.ClaimDigest(ctx, "C1", "2025-03-06", "b"); ok {
			t.Error("a day done without a message was claimed again")
		}
		last, err := s.LastDigest(ctx, "C1")
		if err != nil || last == nil || last.Day != "2025-03-05" || last.MessageTS != "200.1" || !last.ClaimedAt.Equal(tuesday) {
			t.Errorf("LastDigest = %+v, %v; want the 2025-03-05 message", last, err)
		}
		if other, err := s.LastDigest(ctx, "C2"); err != nil || other != nil {
			t.Errorf("LastDigest of another channel = %+v, %v", other, err)
		}
	})
}
