package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
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

type listedAFI struct {
	ID, Report, Area, Text, Status, Owner, Due string
	UpdatedBy                                  string    `json:"updated_by"`
	UpdatedAt                                  time.Time `json:"updated_at"`
}

func listAFIs(t *testing.T, env map[string]string) []listedAFI {
	t.Helper()
	code, out, stderr := runCmd(t, env, "", "afi", "list", "--json")
	if code != 0 {
		t.Fatalf("afi list --json: exit %d: %s", code, stderr)
	}
	var items []listedAFI
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("afi list --json: %v\n%s", err, out)
	}
	return items
}

func statusOf(t *testing.T, env map[string]string, id string) listedAFI {
	t.Helper()
	for _, it := range listAFIs(t, env) {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("%s not listed", id)
	return listedAFI{}
}

// tracked is everything the store holds about every AFI, read directly.
type tracked map[string]struct {
	State   tracker.Item
	History []tracker.Event
}

func readStore(t *testing.T, env map[string]string) tracked {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: env["DATABASE_URL"], SQLitePath: env["PEEL_DB_PATH"]})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.Items(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := tracked{}
	for _, a := range list {
		state, history, err := st.Item(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[a.ID] = struct {
			State   tracker.Item
			History []tracker.Event
		}{state, history}
	}
	return out
}

func embedded(t *testing.T) *corpus.Library {
	t.Helper()
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestAFIListJSON(t *testing.T) {
	env := trackingEnv(t)
	code, out, stderr := runCmd(t, env, "", "afi", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 9 {
		t.Fatalf("%d AFIs, want 9", len(items))
	}
	for _, it := range items {
		for _, k := range []string{"id", "report", "area", "text", "status", "updated_at", "updated_by"} {
			if s, _ := it[k].(string); s == "" {
				t.Errorf("AFI %v lacks %q", it, k)
			}
		}
		if it["status"] != "open" {
			t.Errorf("a new store lists %v as %v, want open", it["id"], it["status"])
		}
		if _, ok := it["owner"]; ok {
			t.Errorf("unassigned AFI %v has an owner field", it["id"])
		}
	}
	if items[2]["id"] != "herts-2021-afi-3" || items[2]["area"] != "Responding to the public" {
		t.Errorf("third AFI = %v", items[2])
	}
}

func TestAFIListTextIsGroupedByArea(t *testing.T) {
	env := trackingEnv(t)
	code, out, stderr := runCmd(t, env, "", "afi", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "herts-2021 — Hertfordshire Constabulary, PEEL 2021/22: 9 AFIs: 9 open") {
		t.Errorf("no report line with counts:\n%s", out)
	}
	// Each area is a heading once, followed by exactly its AFIs.
	pos := -1
	area := ""
	for _, x := range embedded(t).AFIs() {
		if x.Area != area {
			area = x.Area
			if strings.Count(out, "\n"+area+"\n") != 1 {
				t.Errorf("area %q is not a heading exactly once:\n%s", area, out)
			}
			pos = strings.Index(out, "\n"+area+"\n")
		}
		at := strings.Index(out, x.ID+" ")
		if at < pos || !strings.Contains(out[at:], "[open] "+x.Text) {
			t.Errorf("%s is not listed under %q with its status and text", x.ID, area)
		}
		pos = at
	}
}

func TestAFICloseAndReopenFromTheCommandLine(t *testing.T) {
	env := trackingEnv(t)
	const id = "herts-2021-afi-3"
	evidence := "New call-handling policy, board minutes 12/3"
	code, out, stderr := runCmd(t, env, "", "afi", "close", id, "--note", evidence)
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "addressed") || !strings.Contains(out, "cli:alice") {
		t.Fatalf("close: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for _, it := range listAFIs(t, env) {
		want := "open"
		if it.ID == id {
			want = "addressed"
		}
		if it.Status != want {
			t.Errorf("after close, %s is %s, want %s", it.ID, it.Status, want)
		}
	}
	got := readStore(t, env)[id]
	last := got.History[len(got.History)-1]
	if got.State.Status != tracker.StatusAddressed || got.State.LastNote != evidence || len(got.History) != 2 ||
		last.Action != tracker.ActionClose || last.Actor != "cli:alice" || last.Note != evidence || last.Channel != "" {
		t.Errorf("stored after close: %+v", got)
	}
	code, out, _ = runCmd(t, env, "", "afi", "show", id)
	for _, want := range []string{id + " [addressed]", evidence, "cli:alice", "tracking began (open)", "addressed (open → addressed)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show after close lacks %q:\n%s", want, out)
		}
	}

	// Flags may also come first; without USER the actor is plain "cli".
	noUser := map[string]string{"PEEL_DB_PATH": env["PEEL_DB_PATH"]}
	if code, out, stderr := runCmd(t, noUser, "", "afi", "reopen", "--note", "Audit found gaps", id); code != 0 || !strings.Contains(out, "reopened") {
		t.Fatalf("reopen: exit %d, %q, %q", code, out, stderr)
	}
	if it := statusOf(t, env, id); it.Status != "reopened" || it.UpdatedBy != "cli" {
		t.Errorf("after reopen: %+v", it)
	}
	before := readStore(t, env)
	code, _, stderr = runCmd(t, env, "", "afi", "reopen", id)
	if code != 1 || !strings.Contains(stderr, "only an addressed AFI can be reopened") || !strings.Contains(stderr, "nothing changed") {
		t.Errorf("second reopen: exit %d, %q", code, stderr)
	}
	if after := readStore(t, env); !reflect.DeepEqual(after, before) {
		t.Errorf("refused reopen changed the store")
	}
}

func TestAFIRefusalsChangeNothing(t *testing.T) {
	env := trackingEnv(t)
	const id = "herts-2021-afi-3"

	// Refused before anything is opened: not even a database file appears.
	for _, args := range [][]string{
		{"afi", "close", id},
		{"afi", "close", id, "--note", "  \t "},
		{"afi", "close", "herts-2021-afi-99", "--note", "evidence"},
	} {
		runCmd(t, env, "", args...)
	}
	if _, err := os.Stat(env["PEEL_DB_PATH"]); !os.IsNotExist(err) {
		t.Errorf("refused commands created the store (%v)", err)
	}

	if code, _, stderr := runCmd(t, env, "", "afi", "close", id, "--note", "first evidence"); code != 0 {
		t.Fatalf("close: %s", stderr)
	}
	before := readStore(t, env)
	cases := []struct {
		args     []string
		code     int
		mentions []string
	}{
		{[]string{"afi", "close", "herts-2021-afi-2"}, 2, []string{"herts-2021-afi-2", "was not closed", "--note"}},
		{[]string{"afi", "close", "herts-2021-afi-2", "--note", " "}, 2, []string{"evidence"}},
		{[]string{"afi", "close", "herts-2021-afi-2", "done", "it"}, 2, []string{"--note"}},
		{[]string{"afi", "close", "herts-2021-afi-99", "--note", "x"}, 1, []string{`unknown AFI "herts-2021-afi-99"`, "peelbot afi list"}},
		{[]string{"afi", "show", "nope"}, 1, []string{`unknown AFI "nope"`, "peelbot afi list"}},
		{[]string{"afi", "close", id, "--note", "again"}, 1, []string{"already addressed", "nothing changed"}},
		{[]string{"afi", "start", id}, 1, []string{"reopen it first"}},
		{[]string{"afi", "close"}, 2, []string{"which AFI", "peelbot afi list"}},
		{[]string{"afi", "assign", id, "alice"}, 2, []string{`"alice" is not a Slack member id`}},
		{[]string{"afi", "assign", id}, 2, []string{"<slack-user-id>"}},
		{[]string{"afi", "unassign", id}, 1, []string{"no owner"}},
		{[]string{"afi", "due", id, "30/4/2025"}, 2, []string{"YYYY-MM-DD"}},
		{[]string{"afi", "due", id, "none"}, 1, []string{"no due date"}},
		{[]string{"afi", "note", id, " "}, 2, []string{"empty"}},
		{[]string{"afi", "frobnicate", id}, 2, []string{`unknown subcommand "frobnicate"`}},
		{[]string{"afi", "close", id, "--nite", "x"}, 2, []string{"-nite"}},
	}
	for _, c := range cases {
		code, out, stderr := runCmd(t, env, "", c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, stderr)
		}
		if out != "" && c.args[1] != "frobnicate" {
			t.Errorf("%v: printed %q on standard output", c.args, out)
		}
		for _, m := range c.mentions {
			if !strings.Contains(stderr, m) {
				t.Errorf("%v: stderr %q does not mention %q", c.args, stderr, m)
			}
		}
	}
	if after := readStore(t, env); !reflect.DeepEqual(after, before) {
		t.Errorf("refused commands changed the store:\nbefore %+v\n after %+v", before, after)
	}
}

func TestAFIShowQuotesCitesAndTellsHistory(t *testing.T) {
	env := trackingEnv(t)
	lib := embedded(t)
	x := lib.AFI("herts-2021-afi-5")
	r := lib.Report(x.ReportID)
	if len(x.Passages) == 0 {
		t.Fatal("test needs an AFI with supporting passages")
	}
	runCmd(t, env, "", "afi", "assign", x.ID, "<@U024BE7LH>")
	code, out, stderr := runCmd(t, env, "", "afi", "show", strings.ToUpper(x.ID))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wants := []string{
		x.ID + " [open]",
		"“" + x.Text + "”",
		fmt.Sprintf("%s %s · %s · p. %d", r.Force, r.Round, x.Area, x.Page), // corpus.Citation, as Slack shows it
		r.URL,
		"Owner:       U024BE7LH",
		"Due:         not set",
		"Supporting passages:",
		"History:",
		"peelbot    tracking began (open)",
		"cli:alice  assigned to U024BE7LH",
	}
	for _, p := range x.Passages {
		wants = append(wants, fmt.Sprintf("[%s] page %d", p.ID, p.Page), strings.SplitN(p.Text, "\n", 2)[0])
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("show lacks %q:\n%s", w, out)
		}
	}
}

func TestAFIOwnerDueNotesAndStart(t *testing.T) {
	env := trackingEnv(t)
	const id = "herts-2021-afi-7"
	steps := [][]string{
		{"afi", "assign", id, "<@U024BE7LH>"},
		{"afi", "start", id, "--note", "Looking at protective orders"},
		{"afi", "note", id, "Training", "booked", "for", "May"},
		{"afi", "due", id, "2025-04-30"},
	}
	for _, s := range steps {
		if code, _, stderr := runCmd(t, env, "", s...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, stderr)
		}
	}
	it := statusOf(t, env, id)
	if it.Status != "in_progress" || it.Owner != "U024BE7LH" || it.Due != "2025-04-30" || it.UpdatedBy != "cli:alice" {
		t.Errorf("listed as %+v", it)
	}
	_, text, _ := runCmd(t, env, "", "afi", "list")
	if !strings.Contains(text, id+"   [in progress]") || !strings.Contains(text, "owner U024BE7LH · due 30 April 2025") {
		t.Errorf("text list does not show status, owner and due:\n%s", text)
	}
	got := readStore(t, env)[id]
	if got.State.LastNote != "Training booked for May" {
		t.Errorf("last note = %q", got.State.LastNote)
	}
	for _, s := range [][]string{{"afi", "due", id, "none"}, {"afi", "unassign", id}} {
		if code, _, stderr := runCmd(t, env, "", s...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, stderr)
		}
	}
	if it := statusOf(t, env, id); it.Owner != "" || it.Due != "" || it.Status != "in_progress" {
		t.Errorf("after clearing: %+v", it)
	}
	_, show, _ := runCmd(t, env, "", "afi", "show", id)
	for _, w := range []string{"assigned to U024BE7LH", "work started (open → in progress); note: “Looking at protective orders”",
		"note: “Training booked for May”", "due by 30 April 2025", "due date cleared", "owner removed", "Owner:       nobody"} {
		if !strings.Contains(show, w) {
			t.Errorf("show lacks %q:\n%s", w, show)
		}
	}
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
		"afi list":     {"-json", "-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi show":     {"-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi close":    {"-note", "-reports", "PEEL_REPORTS_DIR", "DATABASE_URL", "PEEL_DB_PATH", "USER"},
		"afi reopen":   {"-note", "-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER"},
		"afi start":    {"-note", "-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER"},
		"afi assign":   {"-reports", "DATABASE_URL", "PEEL_DB_PATH", "USER", "member id"},
		"afi unassign": {"-reports", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi due":      {"-reports", "DATABASE_URL", "PEEL_DB_PATH", "none"},
		"afi note":     {"-reports", "DATABASE_URL", "PEEL_DB_PATH"},
		"feedback":     {"-json", "-cases", "DATABASE_URL", "PEEL_DB_PATH"},
		"afi":          {"list", "show", "close", "reopen", "assign", "note", "DATABASE_URL", "PEEL_DB_PATH", "PEEL_REPORTS_DIR"},
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

// The same commands work on PostgreSQL when DATABASE_URL says so; this
// uses the real server, in a schema of its own.
func TestAFIOnPostgres(t *testing.T) {
	base := os.Getenv("PEEL_TEST_DATABASE_URL")
	if base == "skip" {
		t.Skip("PEEL_TEST_DATABASE_URL=skip: PostgreSQL tests skipped on request")
	}
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		t.Fatalf("PostgreSQL (PEEL_TEST_DATABASE_URL) is unreachable: %v; set PEEL_TEST_DATABASE_URL=skip to skip it deliberately", err)
	}
	schema := fmt.Sprintf("peeltest_cli_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	env := trackingEnv(t)
	env["DATABASE_URL"] = u.String()
	if code, _, stderr := runCmd(t, env, "", "afi", "close", "herts-2021-afi-1", "--note", "Evaluation framework in place"); code != 0 {
		t.Fatalf("close on PostgreSQL: %s", stderr)
	}
	if it := statusOf(t, env, "herts-2021-afi-1"); it.Status != "addressed" || it.UpdatedBy != "cli:alice" {
		t.Errorf("listed as %+v", it)
	}
	if got := readStore(t, env)["herts-2021-afi-1"]; got.State.LastNote != "Evaluation framework in place" || len(got.History) != 2 {
		t.Errorf("stored on PostgreSQL: %+v", got)
	}
	if _, err := os.Stat(env["PEEL_DB_PATH"]); !os.IsNotExist(err) {
		t.Error("wrote the SQLite file although DATABASE_URL was set")
	}
}

// The command line changes AFIs through the same checks as Slack: with
// PEEL_ADMINS set, an operator acts as an admin (--as, PEEL_CLI_ACTOR) or
// changes nothing.
func TestAFIChangesOnTheCommandLineKeepToTheAdmins(t *testing.T) {
	env := trackingEnv(t)
	env["PEEL_ADMINS"] = "UADMIN,UBOSS"
	const id = "herts-2021-afi-4"
	code, out, stderr := runCmd(t, env, "", "afi", "start", id)
	if code != 1 || out != "" || !strings.Contains(stderr, "Only peelbot's admins can change areas for improvement") ||
		!strings.Contains(stderr, "cli:alice") || !strings.Contains(stderr, "--as with one of UADMIN, UBOSS") {
		t.Errorf("start by a non-admin: exit %d, %q, %q", code, out, stderr)
	}
	if _, err := os.Stat(env["PEEL_DB_PATH"]); !os.IsNotExist(err) {
		t.Error("a refused change opened the store")
	}
	if code, _, stderr := runCmd(t, env, "", "afi", "start", id, "--as", "U0NOBODY"); code != 1 || !strings.Contains(stderr, "Only peelbot's admins") {
		t.Errorf("--as a non-admin: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "afi", "start", id, "--as", "bob"); code != 2 || !strings.Contains(stderr, `"bob" is not a Slack member id`) {
		t.Errorf("--as a name: exit %d, %q", code, stderr)
	}

	code, out, stderr = runCmd(t, env, "", "afi", "start", "--as", "<@UADMIN>", id, "--note", "Begun")
	if code != 0 || !strings.Contains(out, "recorded as UADMIN") {
		t.Fatalf("start as an admin: exit %d, %q, %q", code, out, stderr)
	}
	env["PEEL_CLI_ACTOR"] = "UBOSS"
	if code, _, stderr := runCmd(t, env, "", "afi", "close", id, "--note", "Done"); code != 0 {
		t.Fatalf("close as PEEL_CLI_ACTOR: %q", stderr)
	}
	history := readStore(t, env)[id].History
	if len(history) != 3 || history[1].Actor != "UADMIN" || history[1].Note != "Begun" || history[2].Actor != "UBOSS" ||
		history[2].Action != tracker.ActionClose || history[2].Channel != "" {
		t.Errorf("history %+v", history)
	}
	if code, _, stderr := runCmd(t, map[string]string{"PEEL_DB_PATH": env["PEEL_DB_PATH"], "PEEL_ADMINS": "bob"}, "", "afi", "list"); code == 0 || !strings.Contains(stderr, "PEEL_ADMINS") {
		t.Errorf("a bad PEEL_ADMINS: exit %d, %q", code, stderr)
	}
}
