package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/synthetic"
)

// Ten forces' reports filled the Home tab to 99 of its 100 blocks; it must
// stay within Slack's limits (the fake refuses it otherwise) and still
// show every part: AFIs, the grades and how to ask.
func TestTheHomeTabOfTenReportsKeepsWithinSlacksLimits(t *testing.T) {
	emb, _ := embeddedIndex(t)
	src, err := os.ReadFile(filepath.Join("..", "corpus", "reports", emb.Reports[0].Source))
	if err != nil {
		t.Fatal(err)
	}
	files, err := synthetic.Corpus(src, 10)
	if err != nil {
		t.Fatal(err)
	}
	var reports []*corpus.Report
	for _, f := range files {
		r, err := corpus.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	lib, err := corpus.NewLibrary(reports)
	if err != nil {
		t.Fatal(err)
	}
	h := afiHarness(t, func(c *Config) { c.Library = lib })
	h.event("EvHome10", map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1700000000.1"})
	h.settle()
	home, ok := h.slack.Home("U1")
	if !ok {
		t.Fatalf("no Home tab published: %v", h.slack.Calls())
	}
	text := allText(home.Blocks)
	for _, want := range []string{"*Inspection findings:* 90 of 90 outstanding", "more: `/peel afi ` lists them all", "Graded judgments", "kind:afi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Home tab lacks %q", want)
		}
	}
	if len(home.Blocks) > 100 {
		t.Errorf("%d blocks", len(home.Blocks))
	}
}
