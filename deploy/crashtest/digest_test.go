package crashtest

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// kill -9 at each point of the day's digest, then a restart: within the
// bound the channel holds exactly one digest of the day, recorded, reading
// as the whole digest does; and nothing more is posted after.
func TestDigestKilledMidwayIsFinishedOnceByTheNextInstance(t *testing.T) {
	points := []struct {
		name string
		// fault is what Slack does to the digest's first post, which is
		// in flight when serve is killed.
		fault slacktest.Fault
	}{
		// Slack has not acted on the post: the next instance must post.
		{"first post in flight", slacktest.Hang},
		// Slack posted it, and its answer is held: the next instance must
		// find the message and take it as the day's digest.
		{"posted but not recorded", slacktest.Fault{Hang: true, Acted: true}},
	}
	for _, pt := range points {
		t.Run(pt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db storetest.DB) {
				t.Parallel()
				h := newHarness(t, db, lease, true)
				h.slack.Fail("chat.postMessage", pt.fault)
				a := h.serve()
				h.waitCall("chat.postMessage", 1)
				a.Kill()
				killed := time.Now()
				b := h.serve()
				st := h.store()
				h.eventually(recoveryBound, "one digest of the day, recorded", func() (bool, string) { return h.digestRecovered(st) })
				t.Logf("%s: recovered %v after the kill", pt.name, time.Since(killed).Round(100*time.Millisecond))
				h.checkFullDigest()
				h.settle(b, len(h.slack.Acted("chat.postMessage")))
			})
		})
	}
}

// kill -9 while the day's digest is being updated in place (an item it
// shows was assigned): the restarted instance brings the one message up
// to date.
func TestDigestKilledMidUpdateIsBroughtUpToDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		t.Parallel()
		h := newHarness(t, db, lease, true)
		a := h.serve()
		st := h.store()
		h.eventually(recoveryBound, "the day's digest", func() (bool, string) { return h.digestRecovered(st) })
		h.slack.Fail("chat.update", slacktest.Hang)
		h.command(a, "U0LEAD", "afi assign northmoor-2023-coc-1-rec-2 <@U0LEAD>")
		h.waitCall("chat.update", 1)
		a.Kill()
		killed := time.Now()
		b := h.serve()
		h.eventually(recoveryBound, "the digest updated", func() (bool, string) {
			if ok, why := h.digestRecovered(st); !ok {
				return false, why
			}
			if found, _ := h.digests(); found[0].Edits == 0 {
				return false, "not updated"
			}
			// U0LEAD now owns an overdue item, and is told so once.
			return h.notified(st, map[string][]string{"U0LEAD": nil})
		})
		t.Logf("mid-update: recovered %v after the kill", time.Since(killed).Round(100*time.Millisecond))
		h.checkFullDigest()
		h.settle(b, len(h.slack.Acted("chat.postMessage")))
	})
}

// SIGTERM while Slack holds the digest's post: serve gives it up within
// its grace period and releases the day's claim, so the next instance
// posts at once rather than after the lease (ten minutes here).
func TestDigestSIGTERMReleasesTheClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		t.Parallel()
		h := newHarness(t, db, 10*time.Minute, true)
		h.slack.Fail("chat.postMessage", slacktest.Hang)
		a := h.serve()
		h.waitCall("chat.postMessage", 1)
		if err := a.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		stopped := time.Now()
		state, err := a.Wait(grace)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("SIGTERM: serve exited %v after the signal (%s)", time.Since(stopped).Round(100*time.Millisecond), state)
		if state.ExitCode() != 0 {
			t.Errorf("serve exited with %s", state)
		}
		st := h.store()
		if rec, err := st.DigestFor(context.Background(), channel, h.day); err != nil || rec != nil {
			t.Errorf("after SIGTERM the day's digest is still claimed: %+v, %v", rec, err)
		}
		b := h.serve()
		h.eventually(recoveryBound, "one digest of the day, recorded", func() (bool, string) { return h.digestRecovered(st) })
		t.Logf("SIGTERM: the next instance posted %v after the signal", time.Since(stopped).Round(100*time.Millisecond))
		h.checkFullDigest()
		h.settle(b, len(h.slack.Acted("chat.postMessage")))
	})
}
