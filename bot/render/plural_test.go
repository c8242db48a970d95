package render_test

import (
	"strings"
	"testing"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
)

// One of something is said in the singular: "1 report loaded", not
// "1 reports loaded".
func TestOneOfSomethingIsSingular(t *testing.T) {
	one := []tracker.ResponseState{{Report: &corpus.Report{ID: "herts-2021", Force: "Hertfordshire Constabulary"}}}
	if got := render.Reports(one, render.Items{}, false).Text; got != "1 report loaded" {
		t.Errorf("Reports text %q", got)
	}
	two := append(one, tracker.ResponseState{Report: &corpus.Report{ID: "kent-2023", Force: "Kent Police"}})
	if got := render.Reports(two, render.Items{}, false).Text; got != "2 reports loaded" {
		t.Errorf("Reports text %q", got)
	}
	d := &digest.Digest{Outstanding: 1, Links: 1}
	if got := render.DigestText(d); !strings.Contains(got, "\n1 outstanding item of earlier reports may be carried forward") {
		t.Errorf("digest text:\n%s", got)
	}
}
