package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// A PEEL_INDEX_DIR that is empty, damaged or a file is one line naming
// the folder and how to rebuild it or do without. (One that does not exist
// yet is only a warning: see the first steps' tests.)
func TestUnusableIndexDirNamesTheFolderAndTheFix(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	damaged := filepath.Join(dir, "damaged")
	file := filepath.Join(dir, "a-file")
	for _, d := range []string{empty, damaged} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(damaged, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fix := func(d string) string {
		return `build it with "peelbot index --out ` + d + `", or unset PEEL_INDEX_DIR to index in memory at start` + "\n"
	}
	for _, c := range []struct{ dir, want string }{
		{empty, "peelbot ask: PEEL_INDEX_DIR " + empty + " does not hold a usable search index (metadata missing): " + fix(empty)},
		{damaged, "peelbot ask: PEEL_INDEX_DIR " + damaged + " does not hold a usable search index (metadata corrupt): " + fix(damaged)},
		{file, "peelbot ask: PEEL_INDEX_DIR " + file + ` is a file, not an index folder: name the folder "peelbot index --out DIR" wrote, or unset PEEL_INDEX_DIR to index in memory at start` + "\n"},
	} {
		code, out, stderr := runCmd(t, map[string]string{"PEEL_INDEX_DIR": c.dir}, "", "ask", "dvpo")
		if code != 1 || out != "" || stderr != c.want {
			t.Errorf("exit %d, stdout %q\n got %q\nwant %q", code, out, stderr, c.want)
		}
	}
}

// "peelbot index" counts the one embedded report in the singular.
func TestIndexCountsOneReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ix")
	code, stdout, stderr := runCmd(t, nil, "", "index", "--out", out)
	if code != 0 || !regexp.MustCompile(`^indexed \d+ passages from 1 report into `).MatchString(stdout) {
		t.Errorf("exit %d, %q %s", code, stdout, stderr)
	}
}
