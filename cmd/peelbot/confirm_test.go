package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// storeEnv is an environment with only the embedded report, on db.
func storeEnv(db storetest.DB) map[string]string {
	env := map[string]string{"USER": "alice", "PEEL_DIGEST_TZ": "Europe/London"}
	if db.DatabaseURL != "" {
		env["DATABASE_URL"] = db.DatabaseURL
	} else {
		env["PEEL_DB_PATH"] = db.SQLitePath
	}
	return env
}

// shownHistory is afi show --json's history.
func shownHistory(t *testing.T, env map[string]string, id string) []historyEntry {
	t.Helper()
	code, out, stderr := runCmd(t, env, "", "afi", "show", id, "--json")
	if code != 0 {
		t.Fatalf("afi show %s: exit %d: %s", id, code, stderr)
	}
	var shown struct {
		Evidence *string        `json:"evidence"`
		History  []historyEntry `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	return shown.History
}

var confirmedEvent = regexp.MustCompile(`recorded as (\S+) at [^(]+\(event (\d+)\)$`)

// TestEachConfirmationReportsItsOwnChange makes changes to one item from
// many command lines at once and checks that each one's confirmation is
// its own: the event it names records that actor's note, not whichever
// change happened to be the latest when it printed.
func TestEachConfirmationReportsItsOwnChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		env := storeEnv(db)
		if code, _, stderr := runCmd(t, env, "", "afi", "list"); code != 0 { // syncs the items once
			t.Fatalf("afi list: %s", stderr)
		}
		const writers, rounds = 6, 3
		type confirmed struct {
			actor, note string
			line        string
		}
		var mu sync.Mutex
		var got []confirmed
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				actor := fmt.Sprintf("U%d", 100+w)
				for r := range rounds {
					note := fmt.Sprintf("note %d of %s", r, actor)
					code, out, stderr := runCmd(t, env, "", "afi", "note", "afi-3", note, "--as", actor)
					if code != 0 {
						t.Errorf("afi note as %s: exit %d: %s", actor, code, stderr)
						continue
					}
					mu.Lock()
					got = append(got, confirmed{actor, note, strings.TrimSpace(out)})
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		byID := map[int64]historyEntry{}
		for _, e := range shownHistory(t, env, "afi-3") {
			byID[e.ID] = e
		}
		seen := map[int64]bool{}
		for _, c := range got {
			m := confirmedEvent.FindStringSubmatch(c.line)
			if m == nil {
				t.Errorf("confirmation %q does not name its event", c.line)
				continue
			}
			id, _ := strconv.ParseInt(m[2], 10, 64)
			e, ok := byID[id]
			switch {
			case !ok:
				t.Errorf("confirmation %q names event %d, which is not in the item's history", c.line, id)
			case m[1] != c.actor || e.Actor != c.actor || e.Note != c.note || !strings.Contains(c.line, "“"+c.note+"”"):
				t.Errorf("%s's confirmation %q is not its own change: event %d is %s's %q", c.actor, c.line, id, e.Actor, e.Note)
			case seen[id]:
				t.Errorf("two confirmations name event %d", id)
			}
			seen[id] = true
		}
		if len(got) != writers*rounds {
			t.Errorf("%d of %d changes confirmed", len(got), writers*rounds)
		}
	})
}

// TestSmallTrackingDefects: evidence must be visible, a note after closure
// is a note, and a date out of range is refused by name before it reaches
// either store.
func TestSmallTrackingDefects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		env := storeEnv(db)
		run := func(want int, args ...string) (string, string) {
			t.Helper()
			code, out, stderr := runCmd(t, env, "", args...)
			if code != want {
				t.Fatalf("%v: exit %d, want %d: %s%s", args, code, want, out, stderr)
			}
			return out, stderr
		}
		run(0, "afi", "assign", "afi-3", "U1")
		for _, blank := range []string{"\u200b", "\u200b \u2060\ufeff", "\u3164", " \u00a0 "} {
			_, stderr := run(1, "afi", "close", "afi-3", "--note", blank)
			if strings.Count(stderr, "herts-2021-afi-3 was not") != 1 || strings.Contains(stderr, "nothing") || strings.Contains(stderr, "closed (") {
				t.Errorf("close with evidence %q: %s", blank, stderr)
			}
		}
		if _, stderr := run(1, "afi", "close", "afi-3", "--note", "\u200b"); !strings.Contains(stderr, "visible") {
			t.Errorf("close with zero-width evidence does not say why: %s", stderr)
		}
		run(0, "afi", "close", "afi-3", "Policy rewritten; board minutes item 12")
		run(0, "afi", "note", "afi-3", "Follow-up audit booked for March")
		out, _ := run(0, "afi", "show", "afi-3")
		if !strings.Contains(out, "Evidence:    Policy rewritten; board minutes item 12") || !strings.Contains(out, "Last note:   Follow-up audit booked") {
			t.Errorf("a note after closure is not shown as a note, beside the evidence:\n%s", out)
		}
		var shown struct {
			Evidence string `json:"evidence"`
		}
		js, _ := run(0, "afi", "show", "afi-3", "--json")
		if err := json.Unmarshal([]byte(js), &shown); err != nil || shown.Evidence != "Policy rewritten; board minutes item 12" {
			t.Errorf("afi show --json evidence after a note: %q (%v)", shown.Evidence, err)
		}
		for _, day := range []string{"0000-01-01", "1999-12-31", "2100-01-01", "9999-12-31"} {
			_, stderr := run(2, "afi", "due", "afi-7", day, "--migrating")
			if !strings.Contains(stderr, "from 2000 to 2099") || strings.Contains(strings.ToLower(stderr), "sql") {
				t.Errorf("afi due %s: %q", day, stderr)
			}
		}
		if h := shownHistory(t, env, "afi-7"); len(h) != 1 {
			t.Errorf("a refused due date changed afi-7: %+v", h)
		}
	})
}
