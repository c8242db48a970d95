package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalReportsKindsAndAbstention(t *testing.T) {
	dir := t.TempDir()
	set := filepath.Join(dir, "set.jsonl")
	lines := `{"q": "dvpo", "expect": ["domestic violence protection orders (DVPOs)"], "kind": "acronym"}
{"q": "dvpo", "expect": ["a phrase no passage has"], "kind": "direct"}
{"q": "knife crime in London", "expect": [], "kind": "unanswerable", "answerable": false}
`
	if err := os.WriteFile(set, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, nil, "", "eval", "-v", set)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"questions  3 (2 answerable, 1 not)",
		"acronym             1     1.000     1.000   1.000  0",
		"direct              1     0.000     0.000   0.000  0",
		"unanswerable said not covered   1 of 1",
		"answerable wrongly said so      0 of 2",
		"not in the top 10 [direct]: dvpo",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "rank 0") {
		t.Errorf("a miss is still shown as rank 0:\n%s", out)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte("# nothing yet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, nil, "", "eval", empty); code == 0 || !strings.Contains(stderr, "has no questions") {
		t.Errorf("an empty set: exit %d, %q", code, stderr)
	}
}

func TestEvalReadsASetFromAnyPath(t *testing.T) {
	home := t.TempDir()
	set := `{"q": "dvpo", "expect": ["domestic violence protection orders (DVPOs)"], "kind": "acronym"}` + "\r\n"
	if err := os.WriteFile(filepath.Join(home, "set.jsonl"), []byte("\ufeff"+set), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, stdin string
		env         map[string]string
	}{
		{name: filepath.Join(home, "set.jsonl")},
		{name: "~/set.jsonl", env: map[string]string{"HOME": home}},
		{name: "-", stdin: set},
	} {
		code, out, stderr := runCmd(t, c.env, c.stdin, "eval", c.name)
		if code != 0 || !strings.Contains(out, "all                 1     1.000     1.000   1.000  0") {
			t.Errorf("eval %s: exit %d, %s%s", c.name, code, out, stderr)
		}
	}
	if code, _, stderr := runCmd(t, nil, "", "eval", filepath.Join(home, "missing.jsonl")); code == 0 || !strings.Contains(stderr, "missing.jsonl") {
		t.Errorf("a missing set: exit %d, %q", code, stderr)
	}
}

// A line of a question set that is not a JSON object of the right shape
// is named by its number, with what is wrong and what a line looks like,
// not as the JSON decoder's message.
func TestEvalNamesTheBadLine(t *testing.T) {
	const good = `{"q": "dvpo", "expect": ["domestic violence protection orders (DVPOs)"]}` + "\n"
	const shape = `; each line is one JSON object such as {"q": "dvpo", "expect": ["domestic violence protection orders"], "kind": "acronym"} (blank lines and lines starting with # are skipped)` + "\n"
	for _, c := range []struct{ stdin, want string }{
		{good + "\n# a comment\nnot json\n", "peelbot eval: question set on standard input, line 4: it is not valid JSON" + shape},
		{good + `{"q": "dvpo", "expect": "domestic"}`, `peelbot eval: question set on standard input, line 2: "expect" must be a list of phrases, not a JSON string` + shape},
		{`["dvpo"]`, "peelbot eval: question set on standard input, line 1: it is a JSON array, not an object" + shape},
		// Not a JSON error: the reader's own message names its line, not a later bad one.
		{"null\nnope\n", `peelbot eval: question set on standard input: line 1: needs a non-empty "q"` + "\n"},
	} {
		code, out, stderr := runCmd(t, nil, c.stdin, "eval", "-")
		if code != 1 || out != "" || stderr != c.want {
			t.Errorf("exit %d, stdout %q\n got %q\nwant %q", code, out, stderr, c.want)
		}
	}
}
