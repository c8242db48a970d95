package index

import (
	"os"
	"os/exec"
	"testing"
)

// `peelbot ask dvpo` must stay under its memory budget (60 MB, about 2 MB
// of headroom), so a question of report words (an acronym the reports
// spell out in the plural) must not read the English word list, megabytes
// once unpacked; a new rule that asks the question's units for every word
// could do so unseen. The list is read once per process, so the search
// runs in a process of its own.
func TestReportWordsNeedNoWordList(t *testing.T) {
	if os.Getenv("PEEL_WORDLIST_CHILD") != "" {
		ix, _ := embeddedIndex(t)
		for _, q := range []string{"dvpo", "dvpos", "DVPOs"} {
			find(t, ix, q, 3)
		}
		if lex != nil {
			t.Fatal("the English word list was read")
		}
		return
	}
	if testing.Short() {
		t.Skip("runs the index build in a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReportWordsNeedNoWordList$")
	cmd.Env = append(os.Environ(), "PEEL_WORDLIST_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("searching report words: %v\n%s", err, out)
	}
}
