package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// childEnv, when set, makes the test binary act as the child process of
// TestKilledMidChangeLosesNothing instead of running tests. It holds the
// store's Config as JSON.
const childEnv = "PEEL_STORE_TEST_CHILD"

// childConfig is the part of Config the child needs, as JSON.
type childConfig struct{ DatabaseURL, SQLitePath string }

// Lines the child prints so the parent knows where it is.
const (
	childCommitted = "PEEL-CHILD committed"
	childMidChange = "PEEL-CHILD mid-change"
)

// runChild commits two changes, then starts a third and stops inside its
// transaction, after the AFI's row is written and before its event is,
// waiting to be killed.
func runChild(cfgJSON string) int {
	var where childConfig
	if err := json.Unmarshal([]byte(cfgJSON), &where); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{DatabaseURL: where.DatabaseURL, SQLitePath: where.SQLitePath})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	if _, err := s.Address(ctx, "k-afi-1", "Evidence written before the kill", "U1", "C1"); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	if _, err := s.Assign(ctx, "k-afi-2", "U7", "U1", "C1"); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	fmt.Println(childCommitted)
	hookMidChange = func() {
		fmt.Println(childMidChange)
		select {} // wait for SIGKILL
	}
	_, err = s.Address(ctx, "k-afi-3", "Evidence that must never be half-written", "U1", "C1")
	fmt.Fprintln(os.Stderr, "child: the change finished instead of waiting to be killed:", err)
	return 3
}

func TestKilledMidChangeLosesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, db testDB) {
		clk := newClock()
		s := db.open(t, clk)
		ids := []string{"k-afi-1", "k-afi-2", "k-afi-3"}
		if _, err := s.Sync(ctx, unknownDates(ids...)); err != nil {
			t.Fatal(err)
		}
		killChildMidChange(t, db.cfg)

		// A fresh instance, as after a restart, finds every committed
		// change and nothing of the killed one.
		after := db.open(t, clk)
		a1, h1, err := after.Get(ctx, "k-afi-1")
		if err != nil || a1.Status != tracker.StatusClosed || a1.LastNote != "Evidence written before the kill" ||
			len(h1) != 2 || h1[1].Action != tracker.ActionClose || h1[1].Note != a1.LastNote {
			t.Errorf("committed close lost: %+v %+v %v", a1, h1, err)
		}
		a2, h2, err := after.Get(ctx, "k-afi-2")
		if err != nil || a2.Owner != "U7" || len(h2) != 2 || h2[1].Owner != "U7" {
			t.Errorf("committed assign lost: %+v %+v %v", a2, h2, err)
		}
		a3, h3, err := after.Get(ctx, "k-afi-3")
		if err != nil || a3.Status != tracker.StatusAwaiting || a3.LastNote != "" || a3.ClosedAt != nil || len(h3) != 1 {
			t.Errorf("the killed change left something behind: %+v %+v %v", a3, h3, err)
		}
		// Every AFI's state is its latest event's: no status without the
		// event that records it.
		for _, id := range ids {
			a, h, err := after.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			last := h[len(h)-1]
			if a.Status != last.To || !a.UpdatedAt.Equal(last.At) || a.UpdatedBy != last.Actor || a.Owner != last.Owner {
				t.Errorf("%s: state %+v disagrees with its latest event %+v", id, a, last)
			}
		}
		if db.backend == "sqlite" {
			var check string
			if err := after.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Errorf("integrity_check = %q, %v", check, err)
			}
		}
		// The lock the child held is gone: the AFI can be changed again.
		cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if _, err := after.Address(cctx, "k-afi-3", "Done properly this time", "U1", "C1"); err != nil {
			t.Errorf("change after the kill: %v", err)
		}
	})
}

// killChildMidChange runs runChild in a copy of the test binary and kills
// it with SIGKILL once it is inside its last change's transaction.
func killChildMidChange(t *testing.T, cfg Config) {
	t.Helper()
	cfgJSON, err := json.Marshal(childConfig{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(cfgJSON))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var seen []string
	timeout := time.After(30 * time.Second)
wait:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("child exited before its change (saw %q): %s", seen, stderr.String())
			}
			seen = append(seen, line)
			if line == childMidChange {
				break wait
			}
		case <-timeout:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child never reached the middle of its change (saw %q): %s", seen, stderr.String())
		}
	}
	if len(seen) < 2 || seen[len(seen)-2] != childCommitted {
		t.Errorf("child output %q: want its committed changes before the change in progress", seen)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("child ended with %v, want killed", err)
	}
}
