package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// reportsQuoted are the reports an answer's citations name.
func reportsQuoted(blocks []map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, b := range blocks {
		id, _ := b["block_id"].(string)
		if !strings.HasPrefix(id, "cite-") {
			continue
		}
		text := allText([]map[string]any{b})
		for _, r := range []string{"Hertfordshire Constabulary PEEL 2021/22", "Northmoor Police PEEL 2023–25"} {
			if strings.Contains(text, r) {
				out[r] = true
			}
		}
	}
	return out
}

// A channel's scope keeps every question asked there to its reports,
// says so in one line, gives way to a filter in the question, and is
// the same for every instance sharing the store.
func TestAChannelsScopeIsKeptSharedAndOverridden(t *testing.T) {
	lib, ix := twoReports(t)
	db := storetest.SQLite(t)
	two := func(c *Config) { c.Library, c.Index = lib, ix }
	h := newHarness(t, two, withStore(t, db, time.Now))
	other := newHarness(t, two, withStore(t, db, time.Now)) // another instance

	if got := allText(h.commandBy("U1", "C1", "scope")); !strings.Contains(got, "Questions here search every loaded report") {
		t.Errorf("/peel scope with none: %s", got)
	}
	if got := allText(h.commandBy("U1", "C1", "scope atlantis")); !strings.Contains(got, "No loaded report, force, round or chapter is called “atlantis”") || !strings.Contains(got, "Nothing was changed") {
		t.Errorf("/peel scope atlantis: %s", got)
	}
	got := allText(h.commandBy("U1", "C1", "scope northmoor"))
	if !strings.Contains(got, "✅ Questions in this channel now keep to Northmoor Police PEEL 2023–25 (`force:northmoor`), for everyone here") {
		t.Fatalf("/peel scope northmoor: %s", got)
	}

	q := "responding to the public"
	for _, inst := range []*harness{h, other} {
		blocks := inst.commandBy("U2", "C1", q)
		if r := reportsQuoted(blocks); len(r) != 1 || !r["Northmoor Police PEEL 2023–25"] {
			t.Errorf("a scoped question quoted %v", r)
		}
		if !strings.Contains(allText(blocks), "In Northmoor Police PEEL 2023–25 · change with `/peel scope`") {
			t.Errorf("no scope line:\n%s", allText(blocks))
		}
	}
	// Another channel has its own scope: none.
	elsewhere := h.commandBy("U2", "C2", q)
	if r := reportsQuoted(elsewhere); !r["Hertfordshire Constabulary PEEL 2021/22"] || strings.Contains(allText(elsewhere), "change with `/peel scope`") {
		t.Errorf("C2 is scoped too: %v", r)
	}
	// A filter in the question wins, and no scope line is shown.
	own := h.commandBy("U2", "C1", q+" force:herts")
	if r := reportsQuoted(own); len(r) != 1 || !r["Hertfordshire Constabulary PEEL 2021/22"] || strings.Contains(allText(own), "change with `/peel scope`") {
		t.Errorf("a question's own filter did not override the scope: %v", r)
	}
	if got := allText(other.commandBy("U2", "C1", "scope")); !strings.Contains(got, "Questions here keep to Northmoor Police PEEL 2023–25 (`force:northmoor`)") {
		t.Errorf("the other instance's /peel scope: %s", got)
	}
	if got := allText(other.commandBy("U2", "C1", "scope all")); !strings.Contains(got, "now search every loaded report") {
		t.Errorf("/peel scope all: %s", got)
	}
	if r := reportsQuoted(h.commandBy("U2", "C1", q)); !r["Hertfordshire Constabulary PEEL 2021/22"] {
		t.Errorf("the cleared scope still applies: %v", r)
	}
}

func TestOnlyAdminsSetAScopeWhenThereAreAdmins(t *testing.T) {
	h := afiHarness(t, func(c *Config) { c.Tracker.Policy = tracker.NewPolicy("UADMIN") })
	if got := allText(h.commandBy("U1", "C1", "scope herts")); !strings.Contains(got, "Only peelbot's admins can change a channel's scope, so nothing was changed. Ask <@UADMIN>.") {
		t.Errorf("a non-admin's /peel scope: %s", got)
	}
	if got := allText(h.commandBy("U1", "C1", "scope")); !strings.Contains(got, "search every loaded report") {
		t.Errorf("anyone may look: %s", got)
	}
	if got := allText(h.commandBy("UADMIN", "C1", "scope herts")); !strings.Contains(got, "✅") {
		t.Errorf("an admin's /peel scope: %s", got)
	}
}
