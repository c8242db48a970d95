package crashtest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// owners are who the notification tests assign items to, on the command
// line before serve starts: each is then told, in one direct message, of
// the assignment and that the item is overdue.
var owners = map[string][]string{
	"U0OWNER1": {"northmoor-2023-coc-1-rec-1"},
	"U0OWNER2": {"northmoor-2023-coc-2-rec-1"},
	"U0OWNER3": {"northmoor-2023-coc-3-rec-1"},
}

func (h *harness) assignOwners() {
	h.t.Helper()
	for owner, ids := range owners {
		for _, id := range ids {
			h.cli("afi", "assign", id, owner)
		}
	}
}

// notified reports whether every notification is sent exactly once: each
// recipient of want has one direct message, which says once of each
// assignment want lists; every notification the store holds is recorded
// sent, in a message whose metadata names it and no other message does;
// and nobody else was messaged.
func (h *harness) notified(st *store.Store, want map[string][]string) (bool, string) {
	recorded, err := st.Notifications(context.Background())
	if err != nil {
		return false, err.Error()
	}
	in := map[string]string{} // notification key → the ts of the DM naming it
	for to, assigned := range want {
		dms := h.slack.Messages(to)
		if len(dms) != 1 {
			return false, fmt.Sprintf("%s has %d direct messages", to, len(dms))
		}
		text := dms[0].AllText()
		for _, id := range assigned {
			if n := strings.Count(text, "the owner of `"+id+"`"); n != 1 {
				return false, fmt.Sprintf("%s is told %d times of %s:\n%s", to, n, id, text)
			}
		}
		md := dms[0].Metadata
		if md == nil || md.EventType != "peel_notification" {
			return false, fmt.Sprintf("the direct message to %s carries no notification metadata: %+v", to, md)
		}
		keys, _ := md.EventPayload["keys"].(string)
		for _, k := range strings.Fields(keys) {
			if ts, dup := in[k]; dup {
				return false, fmt.Sprintf("%s is in the messages %s and %s", k, ts, dms[0].TS)
			}
			in[k] = dms[0].TS
		}
	}
	var to []string
	for _, n := range recorded {
		if n.SentAt == nil {
			return false, fmt.Sprintf("%s is not recorded sent (claimed by %s at %s)", n.Key, n.Instance, n.ClaimedAt.Format(time.RFC3339))
		}
		if in[n.Key] != n.MessageTS || n.MessageTS == "" {
			return false, fmt.Sprintf("%s is recorded sent in %q, and its message in Slack is %q", n.Key, n.MessageTS, in[n.Key])
		}
		if _, ok := want[n.Recipient]; !ok {
			to = append(to, n.Recipient)
		}
		delete(in, n.Key)
	}
	if len(to) > 0 || len(in) > 0 {
		return false, fmt.Sprintf("unexpected recipients %v; sent but not recorded %v", to, in)
	}
	for r := range want {
		found := false
		for _, n := range recorded {
			found = found || n.Recipient == r
		}
		if !found {
			return false, r + " was never notified"
		}
	}
	return true, ""
}

// kill -9 with the first direct message of a round in flight, then a
// restart: within the bound each owner has had exactly one message, each
// notification recorded sent once.
func TestNotificationsKilledMidRoundAreEachSentOnce(t *testing.T) {
	points := []struct {
		name  string
		fault slacktest.Fault
	}{
		{"first message in flight", slacktest.Hang},
		{"sent but not recorded", slacktest.Fault{Hang: true, Acted: true}},
	}
	for _, pt := range points {
		t.Run(pt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db storetest.DB) {
				t.Parallel()
				h := newHarness(t, db, lease, false)
				h.assignOwners()
				h.slack.Fail("chat.postMessage", pt.fault)
				a := h.serve()
				h.waitCall("chat.postMessage", 1)
				a.Kill()
				killed := time.Now()
				b := h.serve()
				st := h.store()
				h.eventually(recoveryBound, "each notification sent once", func() (bool, string) { return h.notified(st, owners) })
				t.Logf("%s: recovered %v after the kill", pt.name, time.Since(killed).Round(100*time.Millisecond))
				h.settle(b, len(h.slack.Acted("chat.postMessage")))
			})
		})
	}
}

// SIGTERM with a direct message in flight (Slack slow to answer): serve
// finishes that message and records it, starts no other, releases what
// it holds and exits within its grace period; the next instance sends the
// rest at once, not after the lease (ten minutes here).
func TestNotificationsSIGTERMFinishesTheMessageInFlight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		t.Parallel()
		h := newHarness(t, db, 10*time.Minute, false)
		h.assignOwners()
		h.slack.Fail("chat.postMessage", slacktest.Slow(3*time.Second))
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
		recorded, err := st.Notifications(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var sent, held []string
		for _, n := range recorded {
			if n.SentAt != nil {
				sent = append(sent, n.Recipient)
			} else {
				held = append(held, n.Key)
			}
		}
		sort.Strings(sent)
		first := h.slack.Calls("chat.postMessage")[0]
		if len(held) > 0 || len(sent) == 0 || len(h.slack.Acted("chat.postMessage")) != 1 || !strings.HasPrefix(sent[0], "U0OWNER") {
			t.Errorf("after SIGTERM: sent to %v, still claimed %v, %d messages in Slack (the first to %s)", sent, held, len(h.slack.Acted("chat.postMessage")), first.Arg("channel"))
		}
		b := h.serve()
		h.eventually(recoveryBound, "each notification sent once", func() (bool, string) { return h.notified(st, owners) })
		t.Logf("SIGTERM: every owner told %v after the signal", time.Since(stopped).Round(100*time.Millisecond))
		h.settle(b, len(h.slack.Acted("chat.postMessage")))
	})
}
