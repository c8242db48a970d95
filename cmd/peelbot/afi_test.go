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
	ctx := context.Background()
	votes := []store.Feedback{
		{Answer: "a1", Question: "dvpo", PassageIDs: []string{"herts-2021-aaaa", "herts-2021-bbbb"}, User: "U1", Channel: "C1", Helpful: true},
		{Question: "stalking protection orders", User: "U2", Channel: "C1", Helpful: false}, // an old button's click
		{Answer: "a3", Question: "Repeat callers", PassageIDs: []string{"herts-2021-cccc"}, User: "U1", Channel: "C1", Helpful: false},
		{Answer: "a4", Question: "repeat  callers", PassageIDs: []string{"herts-2021-dddd"}, User: "U2", Helpful: false},
	}
	for _, v := range votes {
		if _, err := st.Vote(ctx, v); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
	}
	if err := st.GiveReason(ctx, "a3", "U1", store.ReasonWrongPassage, "It quotes the 101 figures"); err != nil {
		t.Fatal(err)
	}
	if err := st.GiveReason(ctx, "a4", "U2", store.ReasonNotCovered, ""); err != nil {
		t.Fatal(err)
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
	if len(got) != 4 || got[0].Reason != store.ReasonNotCovered || got[1].Reason != store.ReasonWrongPassage || got[1].Note != "It quotes the 101 figures" ||
		got[3].Question != "dvpo" || !got[3].Helpful || !reflect.DeepEqual(got[3].PassageIDs, votes[0].PassageIDs) ||
		got[3].User != "U1" || !got[3].At.Equal(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("feedback --json = %+v", got)
	}
	_, text, _ := runCmd(t, env, "", "feedback")
	for _, w := range []string{"4 votes: 1 helpful, 3 not helpful (1 wrong passage, 1 not covered)", "question: dvpo", "passages: herts-2021-aaaa, herts-2021-bbbb",
		"not helpful  U2 in C1", "passages: none", "not helpful: wrong passage  U1 in C1", "why:      It quotes the 101 figures"} {
		if !strings.Contains(text, w) {
			t.Errorf("feedback lacks %q:\n%s", w, text)
		}
	}
	if strings.Index(text, "stalking") > strings.Index(text, "dvpo") {
		t.Errorf("feedback is not latest first:\n%s", text)
	}

	// --cases: each question voted down once, as an evaluation set's line
	// that eval refuses until "expect" is filled in.
	_, cases, _ := runCmd(t, env, "", "feedback", "--cases")
	lines := strings.Split(strings.TrimSpace(cases), "\n")
	if len(lines) != 2 {
		t.Fatalf("feedback --cases:\n%s", cases)
	}
	var first struct {
		Q      string   `json:"q"`
		Expect []string `json:"expect"`
		Why    []string `json:"why"`
		Shown  []string `json:"shown"`
		Votes  int      `json:"votes"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Q != "repeat  callers" || first.Expect == nil || len(first.Expect) != 0 || first.Votes != 2 ||
		!reflect.DeepEqual(first.Why, []string{"not covered", "wrong passage: It quotes the 101 figures"}) || !reflect.DeepEqual(first.Shown, []string{"herts-2021-dddd", "herts-2021-cccc"}) {
		t.Errorf("first case %+v", first)
	}
	if !strings.Contains(lines[1], `"q":"stalking protection orders"`) {
		t.Errorf("second case %s", lines[1])
	}
	casesFile := filepath.Join(t.TempDir(), "misses.jsonl")
	if err := os.WriteFile(casesFile, []byte(cases), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, env, "", "eval", casesFile); code == 0 || !strings.Contains(stderr, "expect") {
		t.Errorf("eval took a draft case as it is: exit %d, %s", code, stderr)
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
		"feedback":        {"-json", "-cases", "DATABASE_URL", "PEEL_DB_PATH"},
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

// One vote is "1 vote", not "1 votes".
func TestFeedbackCountsOneVote(t *testing.T) {
	env := trackingEnv(t)
	st, err := store.Open(context.Background(), store.Config{SQLitePath: env["PEEL_DB_PATH"]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Vote(context.Background(), store.Feedback{Answer: "a1", Question: "dvpo", User: "U1", Channel: "C1", Helpful: true}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out, stderr := runCmd(t, env, "", "feedback"); code != 0 || !strings.Contains(out, "1 vote: 1 helpful, 0 not helpful\n") {
		t.Errorf("exit %d, %s%s", code, out, stderr)
	}
}
