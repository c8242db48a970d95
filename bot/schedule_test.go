package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// scheduleRun is one digest run the scheduler made.
type scheduleRun struct {
	at     time.Time
	day    string
	result digest.Result
	err    error
}

// runScheduler runs a digest.Scheduler with the default schedule on h's bot,
// driven by clk from now until end, and returns its digest runs.
func runScheduler(t *testing.T, h *harness, clk *testClock, end time.Time, edit ...func(*digest.Scheduler)) []scheduleRun {
	t.Helper()
	sched, problems := digest.ParseSchedule("", "", "")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var mu sync.Mutex
	var runs []scheduleRun
	s := &digest.Scheduler{
		Schedule: sched, Now: clk.Now, After: clk.After, Logger: h.bot.log,
		Digest: func(ctx context.Context, day string) (digest.Outcome, error) {
			out, err := h.bot.RunDigest(ctx, day)
			mu.Lock()
			runs = append(runs, scheduleRun{at: clk.Now(), day: day, result: out.Result, err: err})
			mu.Unlock()
			return out, err
		},
	}
	for _, e := range edit {
		e(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	clk.runUntil(t, end)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h.settle()
	mu.Lock()
	defer mu.Unlock()
	return runs
}

// posted are the runs that posted.
func posted(runs []scheduleRun) []scheduleRun {
	var out []scheduleRun
	for _, r := range runs {
		if r.result == digest.Posted {
			out = append(out, r)
		}
	}
	return out
}

func TestSchedulerKeepsLondonTimeAcrossDaylightSavingAndSkipsWeekends(t *testing.T) {
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name       string
		start, end time.Time
		want       []time.Time // 09:00 in London, in UTC
		days       []string
	}{
		// Clocks go forward on Sunday 29 March 2026: 09:00 GMT, then 09:00 BST.
		{"spring", utc(2026, 3, 26, 0), utc(2026, 4, 1, 23),
			[]time.Time{utc(2026, 3, 26, 9), utc(2026, 3, 27, 9), utc(2026, 3, 30, 8), utc(2026, 3, 31, 8), utc(2026, 4, 1, 8)},
			[]string{"2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01"}},
		// Clocks go back on Sunday 25 October 2026: 09:00 BST, then 09:00 GMT.
		{"autumn", utc(2026, 10, 22, 0), utc(2026, 10, 28, 23),
			[]time.Time{utc(2026, 10, 22, 8), utc(2026, 10, 23, 8), utc(2026, 10, 26, 9), utc(2026, 10, 27, 9), utc(2026, 10, 28, 9)},
			[]string{"2026-10-22", "2026-10-23", "2026-10-26", "2026-10-27", "2026-10-28"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newTestClock(tc.start)
			h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
			runs := posted(runScheduler(t, h, clk, tc.end))
			if len(runs) != len(tc.want) {
				t.Fatalf("%d digests posted, want %d: %+v", len(runs), len(tc.want), runs)
			}
			for i, r := range runs {
				if !r.at.Equal(tc.want[i]) || r.day != tc.days[i] {
					t.Errorf("digest %d posted at %v for %s, want %v (09:00 London) for %s", i, r.at.UTC(), r.day, tc.want[i], tc.days[i])
				}
			}
			if n := len(h.slack.Calls("chat.postMessage")); n != len(tc.want) {
				t.Errorf("%d messages posted", n)
			}
		})
	}
}

func TestSchedulerSendsADigestMissedThatDayButNotOneMissedBefore(t *testing.T) {
	loc := london(t)
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, loc) }
	db := storetest.SQLite(t)
	clk := newTestClock(at(2, 11, 30)) // Monday 2 March, down at 09:00

	// Back at 11:30: Monday's digest goes out at once.
	h := digestHarness(t, db, clk, "host-a")
	runs := posted(runScheduler(t, h, clk, at(2, 11, 45)))
	if len(runs) != 1 || !runs[0].at.Equal(at(2, 11, 30)) || runs[0].day != "2026-03-02" {
		t.Fatalf("catch-up: %+v", runs)
	}

	// Restarted at noon (a new process on the same store): not again;
	// Tuesday's at 09:00.
	clk.Set(at(2, 12, 0))
	h2 := digestHarness(t, db, clk, "host-a")
	runs = posted(runScheduler(t, h2, clk, at(3, 10, 0)))
	if len(runs) != 1 || !runs[0].at.Equal(at(3, 9, 0)) || runs[0].day != "2026-03-03" {
		t.Fatalf("after a restart: %+v", runs)
	}

	// Down all Wednesday, back Thursday at 07:00: Thursday's at 09:00,
	// Wednesday's never.
	clk.Set(at(5, 7, 0))
	h3 := digestHarness(t, db, clk, "host-b")
	runs = posted(runScheduler(t, h3, clk, at(5, 23, 0)))
	if len(runs) != 1 || !runs[0].at.Equal(at(5, 9, 0)) || runs[0].day != "2026-03-05" {
		t.Fatalf("the day after a missed one: %+v", runs)
	}
	if rec := h3.record("2026-03-04"); rec != nil {
		t.Errorf("Wednesday's digest was sent late: %+v", rec)
	}

	// Back on Saturday morning: nothing until Monday.
	clk.Set(at(7, 10, 0))
	h4 := digestHarness(t, db, clk, "host-b")
	runs = posted(runScheduler(t, h4, clk, at(9, 8, 59)))
	if len(runs) != 0 {
		t.Errorf("a digest at the weekend: %+v", runs)
	}
	total := 0
	for _, x := range []*harness{h, h2, h3, h4} {
		total += len(x.slack.Calls("chat.postMessage"))
	}
	if total != 3 {
		t.Errorf("%d messages posted in all, want 3", total)
	}
}

func TestSchedulerRetriesAFailedDigestAndTakesOverADeadClaim(t *testing.T) {
	loc := london(t)
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, loc) }
	t.Run("slack refuses twice", func(t *testing.T) {
		clk := newTestClock(at(8, 0))
		h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
		refused := slacktest.Refused("not_in_channel")
		h.slack.Fail("chat.postMessage", refused, refused)
		runs := runScheduler(t, h, clk, at(12, 0))
		if len(runs) != 3 || runs[0].err == nil || runs[1].err == nil || runs[2].result != digest.Posted {
			t.Fatalf("runs: %+v", runs)
		}
		// A minute, then two: the backoff doubles.
		if !runs[0].at.Equal(at(9, 0)) || !runs[1].at.Equal(at(9, 1)) || !runs[2].at.Equal(at(9, 3)) {
			t.Errorf("runs at %v, %v, %v", runs[0].at, runs[1].at, runs[2].at)
		}
	})
	t.Run("another instance died holding the claim", func(t *testing.T) {
		died := at(9, 0).Add(-30 * time.Second)
		clk := newTestClock(died)
		h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
		if ok, err := h.store().ClaimDigest(context.Background(), digestChannel, "2026-03-02", "host-dead"); err != nil || !ok {
			t.Fatal(ok, err)
		}
		runs := runScheduler(t, h, clk, at(12, 0))
		// The claim lapses at 09:00:30 (the minute's lease): the check at
		// 09:00 finds it held and looks again as it lapses, not a backoff
		// later, so the digest is late by the lease and a second.
		if len(runs) != 2 || runs[0].result != digest.HeldElsewhere || runs[1].result != digest.Posted ||
			!runs[1].at.Equal(died.Add(time.Minute+time.Second)) {
			t.Errorf("runs: %+v", runs)
		}
		if late := runs[len(runs)-1].at.Sub(died); late >= 2*time.Minute {
			t.Errorf("the digest of a dead instance's claim was posted %v late", late)
		}
		if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
			t.Errorf("%d posts", n)
		}
	})
}
