package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCmd runs peelbot in-process with the given environment and input and
// returns its exit status, standard output and standard error.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return env[k] },
	}
	code := run(context.Background(), a, args)
	return code, out.String(), errb.String()
}

func TestGradesJSON(t *testing.T) {
	code, out, _ := runCmd(t, nil, "", "grades", "--json")
	var grades []struct{ Report, Area, Grade string }
	if err := json.Unmarshal([]byte(out), &grades); err != nil || code != 0 {
		t.Fatalf("exit %d, %v", code, err)
	}
	got := map[string]string{}
	for _, g := range grades {
		got[g.Area] = g.Grade
	}
	if len(grades) != 8 || got["Responding to the public"] != "Requires improvement" || got["Treatment of the public"] != "Good" || grades[0].Report != "herts-2021" {
		t.Errorf("grades = %+v", grades)
	}
}

func TestReportsWithExtraDirectory(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "synthetic.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, map[string]string{"PEEL_REPORTS_DIR": dir}, "", "reports", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reps []struct {
		ID                      string
		AFIs, Grades, Passages  int
		Force, Round, Published string
	}
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].ID != "herts-2021" || reps[0].AFIs != 9 || reps[0].Grades != 8 || reps[0].Passages < 250 || reps[1].ID != "northmoor-2023" {
		t.Errorf("reports = %+v", reps)
	}
}

func TestBadReportStopsWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(bad, []byte("PEEL 2021/22\n\nAn inspection of X Police\n\nContents\n\nA\t1\n\nB\n\ntext.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, nil, "", "afi", "list", "--reports", dir)
	if code != 1 || out != "" || !strings.Contains(stderr, bad+" line ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, stderr := runCmd(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d %q", code, stderr)
	}
	if code, _, _ := runCmd(t, nil, "", "grades", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
	code, out, _ := runCmd(t, nil, "", "grades", "--help")
	if code != 0 || !strings.Contains(out, "PEEL_REPORTS_DIR") || !strings.Contains(out, "-json") {
		t.Errorf("grades --help: exit %d %q", code, out)
	}
}

// TestHelpNamesEveryEnvironmentVariable keeps --help honest: every
// setting the code reads is listed by "peelbot --help" and explained by
// some command's --help.
func TestHelpNamesEveryEnvironmentVariable(t *testing.T) {
	settingRE := regexp.MustCompile(`"((?:SLACK|PEEL|OPENAI|DATABASE)_[A-Z_]+|PORT)"`)
	vars := map[string]bool{}
	for _, dir := range []string{".", "../../bot", "../../answer", "../../answer/summary", "askcmd", "../../bot/render", "../../bot/slackclient", "../../tracker", "../../tracker/digest", "../../tracker/store", "../../index", "../../corpus"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range settingRE.FindAllStringSubmatch(string(src), -1) {
				if !strings.HasPrefix(m[1], "PEEL_TEST_") {
					vars[m[1]] = true
				}
			}
		}
	}
	if len(vars) < 15 {
		t.Fatalf("found only %d settings in the code: %v", len(vars), vars)
	}
	_, top, _ := runCmd(t, nil, "", "--help")
	var commandHelp strings.Builder
	for name := range commands {
		_, out, _ := runCmd(t, nil, "", name, "--help")
		commandHelp.WriteString(out)
	}
	for _, sub := range []string{"list", "show", "close"} {
		_, out, _ := runCmd(t, nil, "", "afi", sub, "--help")
		commandHelp.WriteString(out)
	}
	for v := range vars {
		if !strings.Contains(top, v) {
			t.Errorf("peelbot --help does not name %s", v)
		}
		if !strings.Contains(commandHelp.String(), v) {
			t.Errorf("no command's --help explains %s", v)
		}
	}
}
