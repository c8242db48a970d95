package tracker

import (
	"strings"
	"testing"

	"github.com/peelbot/peelbot/corpus"
)

// An item's citation links its own words on the report's web page.
func TestAnItemsCitationLinksItsWords(t *testing.T) {
	lib, err := corpus.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := NewCatalog(lib)
	s := c.Source("herts-2021-afi-7")
	if s == nil {
		t.Fatal("no AFI 7")
	}
	want := lib.Reports[0].URL + "#:~:text=The%20constabulary%20should%20make%20sure%20that%20protective%20orders%20are%20considered"
	if got := c.Cite(s); got.Link != want || !strings.HasSuffix(got.String(), "· p. 30") {
		t.Errorf("citation %s linked %s, want %s", got, got.Link, want)
	}
}
