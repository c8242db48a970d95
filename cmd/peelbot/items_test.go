package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peelbot/peelbot/internal/synthetic"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/pack"
	"github.com/peelbot/peelbot/tracker/pack/xlsx"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// itemsEnv is an environment with the synthetic 2023–25 report loaded
// beside the embedded one, on db.
func itemsEnv(t *testing.T, db storetest.DB) map[string]string {
	t.Helper()
	dir := t.TempDir()
	raw, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "synthetic-peel-2023-25.txt"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PEEL_REPORTS_DIR": dir, "USER": "alice", "PEEL_DIGEST_TZ": "Europe/London"}
	if db.DatabaseURL != "" {
		env["DATABASE_URL"] = db.DatabaseURL
	} else {
		env["PEEL_DB_PATH"] = db.SQLitePath
	}
	return env
}

// listed is an item as afi list --json prints it.
type listed struct {
	ID, Report, Area, Text, Type, Status string
	Owner, Due, Deadline, RAG            *string
	UpdatedBy                            string `json:"updated_by"`
}

func list(t *testing.T, env map[string]string, filters ...string) []listed {
	t.Helper()
	code, out, stderr := runCmd(t, env, "", append([]string{"afi", "list", "--json"}, filters...)...)
	if code != 0 {
		t.Fatalf("afi list --json: exit %d: %s", code, stderr)
	}
	var items []listed
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return items
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

// The command line as a new user meets it, on SQLite and PostgreSQL: the
// items of both reports with their types and due dates; the verbs with
// the roles; the words after the id as the note; ids by their end; a date
// in the past refused.
func TestItemsOnTheCommandLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.DB) {
		env := itemsEnv(t, db)
		items := list(t, env)
		byID := map[string]listed{}
		n := map[string]int{}
		for _, it := range items {
			byID[it.ID] = it
			n[it.Type]++
		}
		if n["afi"] < 9 || n["concern"] != 3 || n["recommendation"] != 6 {
			t.Fatalf("types %v", n)
		}
		rec := byID["northmoor-2023-coc-2-rec-1"]
		if rec.Type != "recommendation" || rec.Status != "awaiting allocation" || str(rec.Due) != "2025-06-01" || str(rec.Deadline) != "within three months" || str(rec.RAG) != "red" || rec.Owner != nil {
			t.Errorf("the recommendation: %+v due %s deadline %s rag %s", rec, str(rec.Due), str(rec.Deadline), str(rec.RAG))
		}
		if afi := byID["herts-2021-afi-3"]; afi.Due != nil || afi.Deadline != nil || afi.Type != "afi" || afi.Text == "" || afi.Area == "" {
			t.Errorf("an AFI: %+v", afi)
		}

		env["PEEL_ADMINS"], env["PEEL_REVIEWERS"] = "UADMIN", "UREV"
		run := func(wantCode int, want string, args ...string) string {
			t.Helper()
			code, out, stderr := runCmd(t, env, "", args...)
			if code != wantCode || !strings.Contains(out+stderr, want) {
				t.Errorf("%s: exit %d, %q %q; want %d and %q", strings.Join(args, " "), code, out, stderr, wantCode, want)
			}
			return out
		}
		run(1, "give --as with your Slack member id", "afi", "assign", "coc-2-rec-1", "UOWNER")
		run(1, "Only peelbot's admins can allocate", "afi", "assign", "coc-2-rec-1", "UOWNER", "--as", "UREV")
		run(0, "assigned to UOWNER (awaiting allocation → in progress), recorded as UADMIN", "afi", "assign", "--as", "UADMIN", "coc-2-rec-1", "UOWNER")
		run(1, "needs evidence", "afi", "propose", "coc-2-rec-1", "--as", "UOWNER")
		run(0, "evidence: “Policy published; minutes 12 March”", "afi", "propose", "coc-2-rec-1", "Policy", "published;", "minutes", "12", "March", "--as", "UOWNER")
		run(1, "Only reviewers and admins can sign items off", "afi", "signoff", "coc-2-rec-1", "--as", "UOWNER")
		run(0, "signed off (pending sign-off → closed); comment: “checked”", "afi", "signoff", "coc-2-rec-1", "checked", "--as", "UREV")
		run(1, "could be any of 2 items", "afi", "note", "afi-1", "x", "--as", "UADMIN")
		run(0, "note: “met the lead”", "afi", "note", "herts-2021-afi-1", "--note", "met the lead", "--as", "UADMIN")
		run(1, "in the past", "afi", "due", "herts-2021-afi-1", "2020-01-31", "--as", "UADMIN")
		run(0, "target date 31 January 2020", "afi", "due", "herts-2021-afi-1", "2020-01-31", "--migrating", "--as", "UADMIN")
		run(0, "closed (awaiting allocation → closed); evidence: “seen at the board”", "afi", "close", "herts-2021-afi-2", "seen", "at", "the", "board", "--as", "UREV")
		// A refusal says once that nothing changed: a reviewer allocating,
		// a reviewer signing off what they proposed, a closed item closed.
		run(0, "assigned to UREV", "afi", "assign", "coc-1-rec-2", "UREV", "--as", "UADMIN")
		run(0, "evidence", "afi", "propose", "coc-1-rec-2", "Done;", "see", "minutes", "--as", "UREV")
		for _, args := range [][]string{
			{"afi", "assign", "coc-1-rec-1", "U0OTHER", "--as", "UREV"},
			{"afi", "signoff", "coc-1-rec-2", "--as", "UREV"},
			{"afi", "close", "coc-2-rec-1", "again", "--as", "UREV"},
		} {
			code, _, stderr := runCmd(t, env, "", args...)
			said := strings.Count(stderr, "nothing was changed") + strings.Count(stderr, "nothing changed") + strings.Count(stderr, " was not ")
			if code != 1 || said != 1 {
				t.Errorf("%s: exit %d, %q; want it said once that nothing changed", strings.Join(args, " "), code, stderr)
			}
		}
		// An item is superseded only by a later report of its own force.
		run(1, "herts-2021-afi-4 was not superseded: northmoor-2023 is a report of Northmoor Police", "afi", "supersede", "herts-2021-afi-4", "--by", "northmoor-2023", "--as", "UREV")
		run(1, "herts-2021 is a report of Hertfordshire Constabulary, and northmoor-2023-afi-2 one of Northmoor Police", "afi", "supersede", "northmoor-2023-afi-2", "herts-2021", "--as", "UREV")
		run(1, "northmoor-2023-afi-1 is a report of Northmoor Police", "afi", "supersede", "afi-9", "northmoor-2023-afi-1", "--as", "UREV")
		run(1, "is of its own report", "afi", "supersede", "afi-9", "herts-2021-afi-8", "--as", "UREV")
		if afi9 := list(t, env, "status:superseded"); len(afi9) != 0 {
			t.Errorf("superseded all the same: %+v", afi9)
		}
		run(1, "say why it needs more work", "afi", "reopen", "herts-2021-afi-2", "--as", "UREV")
		run(2, "is not a date", "afi", "due", "herts-2021-afi-5", "31/03/2027", "--as", "UADMIN")

		code, out, stderr := runCmd(t, env, "", "afi", "show", "coc-2-rec-1", "--json")
		var shown struct {
			Status  string
			History []struct{ At, Actor, Action, Status, Note string }
		}
		if err := json.Unmarshal([]byte(out), &shown); code != 0 || err != nil {
			t.Fatalf("show --json: %d %v %s", code, err, stderr)
		}
		var h []string
		for _, e := range shown.History {
			h = append(h, e.Action+"/"+e.Actor+"/"+e.Status+"/"+e.Note)
		}
		want := []string{"open/peelbot/awaiting allocation/due 1 June 2025 as its report sets", "assign/UADMIN/in progress/",
			"propose/UOWNER/pending sign-off/Policy published; minutes 12 March", "signoff/UREV/closed/checked"}
		if shown.Status != "closed" || !slices.Equal(h, want) {
			t.Errorf("history\n %s\nwant\n %s", strings.Join(h, "\n "), strings.Join(want, "\n "))
		}
		if got := list(t, env, "status:closed"); len(got) != 2 || got[0].RAG != nil {
			t.Errorf("closed: %+v", got)
		}
		if got := list(t, env, "owner:UOWNER"); len(got) != 1 || got[0].ID != "northmoor-2023-coc-2-rec-1" {
			t.Errorf("owner:UOWNER: %+v", got)
		}
		if got := list(t, env, "type:rec", "overdue"); len(got) != 5 {
			t.Errorf("overdue recommendations: %d", len(got))
		}

		// Taking a report away says what the store keeps of its items.
		all, outstanding := 0, 0
		for _, it := range list(t, env, "status:all", "report:northmoor-2023") {
			all++
			if it.Status != "closed" && it.Status != "superseded" {
				outstanding++
			}
		}
		want = []string{"removed northmoor-2023", fmt.Sprintf("The store keeps its %d tracked items (%d still outstanding) with their history", all, outstanding)}
		out = run(0, want[0], "reports", "remove", "northmoor-2023")
		if all == 0 || outstanding == all || !strings.Contains(out, want[1]) {
			t.Errorf("remove says %q; want %q", out, want[1])
		}
		if got := list(t, env, "status:all"); len(got) == 0 || slices.ContainsFunc(got, func(it listed) bool { return it.Report == "northmoor-2023" }) {
			t.Errorf("after remove, listed: %d items, northmoor's among them", len(got))
		}
	})
}

// peelbot export --format xlsx opens with the pack's columns and the
// chart as a picture; csv and md go to standard output; xlsx needs --out.
func TestExportWritesTheBoardPack(t *testing.T) {
	env := itemsEnv(t, storetest.SQLite(t))
	out := filepath.Join(t.TempDir(), "pack.xlsx")
	if code, _, stderr := runCmd(t, env, "", "export", "--format", "xlsx", "--out", out); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{xlsx.SheetItems, xlsx.SheetChart, xlsx.SheetSummary}) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows(xlsx.SheetItems)
	if err != nil || len(rows) < 19 || !slices.Equal(rows[0], pack.Columns) {
		t.Fatalf("%d rows, %v: %v", len(rows), err, rows[0])
	}
	wantCols := []string{"Reference", "Report", "Published", "Type", "Area", "Text", "Deadline (as written)", "Due", "Revised due",
		"Owner", "Status", "RAG", "Last update", "Evidence", "Signed off by", "Signed off"}
	for _, c := range wantCols {
		if !slices.Contains(rows[0], c) {
			t.Errorf("no column %q", c)
		}
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	first := rows[1]
	if first[col("Reference")] != "northmoor-2023-coc-1-rec-1" || first[col("Deadline (as written)")] != "immediately" || first[col("RAG")] != "red" || first[col("Published")] != "March 2025" {
		t.Errorf("the most urgent row: %v", first)
	}
	pics, err := f.GetPictures(xlsx.SheetChart, "A3")
	if err != nil || len(pics) != 1 || !bytes.HasPrefix(pics[0].File, []byte("\x89PNG")) {
		t.Errorf("chart: %d pictures, %v", len(pics), err)
	}
	code, csv, _ := runCmd(t, env, "", "export", "type:recommendation")
	if code != 0 || !strings.HasPrefix(csv, strings.Join(pack.Columns, ",")+"\n") || strings.Count(csv, "\n") != 7 {
		t.Errorf("csv: %d\n%s", code, csv)
	}
	if code, md, _ := runCmd(t, env, "", "export", "--format", "md", "overdue"); code != 0 || !strings.Contains(md, "| Reference | Report |") {
		t.Errorf("md: %d\n%s", code, md)
	}
	if code, _, stderr := runCmd(t, env, "", "export", "--format", "xlsx"); code != 2 || !strings.Contains(stderr, "--out") {
		t.Errorf("xlsx to stdout: %d %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "export", "colour:red"); code != 2 || !strings.Contains(stderr, "not a filter") {
		t.Errorf("a bad filter: %d %s", code, stderr)
	}
}

// The file's name and the format agree: a name alone picks the format
// (board-pack.xlsx is a workbook), and a format the name contradicts is
// refused, writing nothing.
func TestExportFileNameAndFormatAgree(t *testing.T) {
	env := itemsEnv(t, storetest.SQLite(t))
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "csv", "--out", "board-pack.xlsx"}, "--format csv writes comma-separated text, but " + filepath.Join(dir, "board-pack.xlsx") + " is named as .xlsx: name it " + filepath.Join(dir, "board-pack.csv") + " (or give --format xlsx)"},
		{[]string{"--format", "md", "--out", "pack.csv"}, "is named as .csv"},
		{[]string{"--format", "csv", "--out", "pack.pdf"}, "the board pack is written as .csv, .xlsx or .md"},
		{[]string{"--out", "pack.pdf"}, "name the file with one of them, or give --format"},
	} {
		args := slices.Clone(c.args)
		args[len(args)-1] = filepath.Join(dir, args[len(args)-1])
		code, _, stderr := runCmd(t, env, "", append([]string{"export"}, args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("export %v: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("export %v wrote %v", c.args, entries)
		}
	}
	for name, magic := range map[string]string{"board-pack.xlsx": "PK", "pack.md": "# ", "pack.CSV": "Reference,", "pack": "Reference,"} {
		out := filepath.Join(dir, name)
		if code, _, stderr := runCmd(t, env, "", "export", "--out", out); code != 0 {
			t.Errorf("export --out %s: exit %d %s", name, code, stderr)
			continue
		}
		if data, _ := os.ReadFile(out); !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s begins %q, want %q", name, data[:min(len(data), 20)], magic)
		}
	}
}

// With 100 synthetic reports loaded, the digest is one message under 50
// blocks.
func TestTheDigestOfAHundredReportsIsOneMessage(t *testing.T) {
	emb := embedded(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "corpus", "reports", emb.Reports[0].Source))
	if err != nil {
		t.Fatal(err)
	}
	files, err := synthetic.Corpus(src, 100)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files[1:] { // the first is the embedded report itself
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"PEEL_REPORTS_DIR": dir, "PEEL_DB_PATH": filepath.Join(t.TempDir(), "p.db")}
	code, out, stderr := runCmd(t, env, "", "digest", "--dry-run", "--json")
	var msgs []struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &msgs); code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	if len(msgs) != 1 || len(msgs[0].Blocks) >= 50 || !strings.Contains(msgs[0].Text, "900 outstanding") {
		t.Errorf("%d messages, %d blocks: %.200s", len(msgs), len(msgs[0].Blocks), msgs[0].Text)
	}
}

// Section 55: each report shows its PCC response due until one is
// recorded.
func TestReportsShowThePCCResponseUntilRecorded(t *testing.T) {
	env := itemsEnv(t, storetest.SQLite(t))
	if code, out, _ := runCmd(t, env, "", "reports"); code != 0 || !strings.Contains(out, "PCC response overdue since 26 April 2025") {
		t.Errorf("reports: %s", out)
	}
	if code, _, stderr := runCmd(t, env, "", "reports", "respond", "northmoor-2023", "not a link"); code != 1 || !strings.Contains(stderr, "not the address") {
		t.Errorf("a bad link: %d %s", code, stderr)
	}
	if code, out, stderr := runCmd(t, env, "", "reports", "respond", "northmoor-2023", "https://pcc.example.org/response.pdf"); code != 0 || !strings.Contains(out, "PCC response recorded") {
		t.Fatalf("respond: %d %s %s", code, out, stderr)
	}
	code, out, _ := runCmd(t, env, "", "reports", "--json")
	var reps []struct {
		ID          string
		ResponseDue *string           `json:"pcc_response_due"`
		Response    *tracker.Response `json:"pcc_response"`
	}
	if err := json.Unmarshal([]byte(out), &reps); code != 0 || err != nil || len(reps) != 2 || str(reps[0].ResponseDue) != "2023-03-29" ||
		reps[1].Response == nil || reps[1].Response.URL != "https://pcc.example.org/response.pdf" || reps[1].Response.By != "cli:alice" {
		t.Errorf("reports --json: %v %s", err, out)
	}
}
