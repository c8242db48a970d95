package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker/store"
)

// TestMain fails the run if a test let a command create ./peelbot.db: every
// test that touches the store must choose its own file with PEEL_DB_PATH.
func TestMain(m *testing.M) {
	_, err := os.Stat("peelbot.db")
	existed := err == nil
	code := m.Run()
	if _, err := os.Stat("peelbot.db"); err == nil && !existed {
		fmt.Fprintln(os.Stderr, "FAIL: a test created ./peelbot.db; set PEEL_DB_PATH in its environment")
		os.Remove("peelbot.db")
		code = 1
	}
	os.Exit(code)
}

// trackingEnv is an environment with a fresh SQLite store of the test's own.
func trackingEnv(t *testing.T) map[string]string {
	return map[string]string{"PEEL_DB_PATH": filepath.Join(t.TempDir(), "peelbot.db"), "USER": "alice"}
}

func embedded(t *testing.T) *corpus.Library {
	t.Helper()
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestFeedbackCommand(t *testing.T) {
	env := trackingEnv(t)
	if code, out, _ := runCmd(t, env, "", "feedback"); code != 0 || !strings.Contains(out, "No feedback yet") {
		t.Errorf("empty feedback: exit %d %q", code, out)
	}
	if code, out, _ := runCmd(t, env, "", "feedback", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty feedback --json: exit %d %q", code, out)
	}
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(context.Background(), store.Config{SQLitePath: env["PEEL_DB_PATH"], Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	clicks := []store.Feedback{
		{Question: "dvpo", PassageIDs: []string{"herts-2021-aaaa", "herts-2021-bbbb"}, User: "U1", Channel: "C1", Helpful: true},
		{Question: "stalking protection orders", User: "U2", Channel: "C1", Helpful: false},
	}
	for _, c := range clicks {
		if err := st.RecordFeedback(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
	}
	st.Close()

	code, out, stderr := runCmd(t, env, "", "feedback", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []store.Feedback
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Question != "stalking protection orders" || got[0].Helpful || len(got[0].PassageIDs) != 0 ||
		got[1].Question != "dvpo" || !got[1].Helpful || !reflect.DeepEqual(got[1].PassageIDs, clicks[0].PassageIDs) ||
		got[1].User != "U1" || !got[1].At.Equal(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("feedback --json = %+v", got)
	}
	_, text, _ := runCmd(t, env, "", "feedback")
	for _, w := range []string{"2 clicks: 1 helpful, 1 not helpful", "question: dvpo", "passages: herts-2021-aaaa, herts-2021-bbbb", "not helpful  U2 in C1", "passages: none"} {
		if !strings.Contains(text, w) {
			t.Errorf("feedback lacks %q:\n%s", w, text)
		}
	}
	if strings.Index(text, "stalking") > strings.Index(text, "dvpo") {
		t.Errorf("feedback is not newest first:\n%s", text)
	}
}

func TestAFIAndFeedbackHelpListFlagsAndEnvironment(t *testing.T) {
	env := trackingEnv(t)
	helps := map[string][]string{
		"afi list":        {"-json", "-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi show":        {"-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi close":       {"--note", "-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH", "USER", "PEEL_REVIEWERS"},
		"afi reopen":      {"--note", "-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER"},
		"afi propose":     {"EVIDENCE", "-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER"},
		"afi assign":      {"-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER", "member"},
		"afi unassign":    {"-reports", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi due":         {"-reports", "DATABASE_URL", "PEEL_DB_PATH", "none"},
		"afi note":        {"-reports", "DATABASE_URL", "PEEL_DB_PATH"},
		"feedback":        {"-json", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi":             {"list", "show", "close", "reopen", "assign", "note", "signoff", "sendback", "supersede", "DATABASE_URL", "PEEL_DB_PATH", "PEEL_REPORTS_DIR", "PEEL_REVIEWERS", "RAG"},
		"export":          {"-format", "-out", "xlsx", "PEEL_DB_PATH"},
		"reports respond": {"section 55", "PEEL_DB_PATH"},
	}
	for cmd, wants := range helps {
		args := append(strings.Fields(cmd), "--help")
		code, out, stderr := runCmd(t, env, "", args...)
		if code != 0 || stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q", cmd, code, stderr)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, out)
			}
		}
	}
	if _, err := os.Stat(env["PEEL_DB_PATH"]); !os.IsNotExist(err) {
		t.Error("--help opened the store")
	}
}

func TestAFIRefusesAnotherKindOfDatabaseURL(t *testing.T) {
	env := trackingEnv(t)
	env["DATABASE_URL"] = "mysql://peel@db/peel"
	code, _, stderr := runCmd(t, env, "", "afi", "list")
	if code != 1 || !strings.Contains(stderr, "DATABASE_URL must be a postgres:// or postgresql:// URL") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(env["PEEL_DB_PATH"]); !os.IsNotExist(err) {
		t.Error("fell back to SQLite despite DATABASE_URL")
	}
}
