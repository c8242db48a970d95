package tracker

import (
	"fmt"
	"strings"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// Source is an item as its report gives it: its id, type, words, place
// and deadline. Everything here comes from the report word for word.
type Source struct {
	// ID is the corpus id: "herts-2021-afi-3" (an AFI),
	// "northmoor-2023-coc-1" (a cause or area of concern),
	// "northmoor-2023-coc-1-rec-2" (its second recommendation).
	ID       string
	ReportID string
	Type     Type
	// Label is the report's own word for it: "Area for improvement",
	// "Accelerated cause of concern", "Area of concern", "Recommendation".
	Label string
	// Area is the chapter it was raised in.
	Area string
	// Text is its words: an AFI's or concern's headline, a
	// recommendation's sentence with its lead-in.
	Text string
	Page int
	// Passages are the report's passages that support it, in order (a
	// recommendation has its concern's).
	Passages []*corpus.Passage
	// Parent is a recommendation's cause of concern; "" otherwise.
	Parent string
	// Deadline is the deadline the text sets, if any (recommendations).
	Deadline Deadline
}

// Catalog is every item the loaded reports raise, in the reports' order:
// each AFI, each cause or area of concern followed by its
// recommendations. It is built once per library and read only.
type Catalog struct {
	lib      *corpus.Library
	sources  []*Source
	byID     map[string]*Source
	openings []Opening
	opening  map[string]Opening
}

// NewCatalog lists the items of lib.
func NewCatalog(lib *corpus.Library) *Catalog {
	c := &Catalog{lib: lib, byID: map[string]*Source{}}
	if lib == nil {
		return c
	}
	for _, r := range lib.Reports {
		for _, a := range r.AFIs {
			c.add(&Source{ID: a.ID, ReportID: r.ID, Type: TypeAFI, Label: "Area for improvement", Area: a.Area, Text: a.Text, Page: a.Page, Passages: a.Passages})
		}
		for _, k := range r.Concerns {
			label := strings.TrimSpace(k.Label)
			if label == "" {
				label = "Cause of concern"
			}
			c.add(&Source{ID: k.ID, ReportID: r.ID, Type: TypeConcern, Label: singular(label), Area: k.Area, Text: k.Text, Page: k.Page, Passages: k.Passages})
			for _, rec := range k.Recommendations {
				c.add(&Source{ID: rec.ID, ReportID: r.ID, Type: TypeRecommendation, Label: "Recommendation", Area: k.Area, Text: rec.Text,
					Page: k.Page, Passages: k.Passages, Parent: k.ID, Deadline: ParseDeadline(rec.Text)})
			}
		}
	}
	c.opening = make(map[string]Opening, len(c.sources))
	for _, s := range c.sources {
		o := Opening{ID: s.ID, Type: s.Type, OpenedAt: c.Published(s)}
		if due, ok := s.Deadline.DueFrom(o.OpenedAt); ok {
			o.Target = &due
		}
		c.openings = append(c.openings, o)
		c.opening[s.ID] = o
	}
	return c
}

// singular turns a section's title into the label of one of its items:
// "Causes of concern" → "Cause of concern".
func singular(label string) string {
	return strings.NewReplacer("Causes of", "Cause of", "causes of", "cause of", "Areas of", "Area of", "areas of", "area of").Replace(label)
}

func (c *Catalog) add(s *Source) {
	s.ID = NormalizeID(s.ID)
	if s.ID == "" || c.byID[s.ID] != nil {
		return
	}
	c.sources = append(c.sources, s)
	c.byID[s.ID] = s
}

// Library is the reports the catalog was made from.
func (c *Catalog) Library() *corpus.Library { return c.lib }

// Sources lists every item, in the reports' order.
func (c *Catalog) Sources() []*Source { return c.sources }

// Source is the item with exactly this id (any letter case), or nil.
func (c *Catalog) Source(id string) *Source { return c.byID[NormalizeID(id)] }

// Report is the item's report, or nil.
func (c *Catalog) Report(s *Source) *corpus.Report {
	if c.lib == nil || s == nil {
		return nil
	}
	return c.lib.Report(s.ReportID)
}

// Published is the day the item's report was published, zero when the
// report does not say.
func (c *Catalog) Published(s *Source) time.Time { return PublishedOn(c.Report(s)) }

// Cite cites the item: its report, area and page, linked to its words in
// the report (its headline, else the passage it is raised in).
func (c *Catalog) Cite(s *Source) corpus.Citation {
	cite := corpus.Citation{Report: s.ReportID, Chapter: s.Area, Page: s.Page}
	if r := c.Report(s); r != nil {
		cite.Report, cite.Link = corpus.ReportName(r), r.URL
		if len(s.Passages) > 0 {
			at := s.Passages[0]
			if h := c.lib.Headline(at); h != nil && h.Text == s.Text {
				at = h
			}
			cite.Link, cite.PDFLink = c.lib.Link(at), r.PDFLink(at)
		}
	}
	return cite
}

// Resolve finds the item a person named: its whole id in any letter case,
// or the end of it when only one item's id ends so ("afi-7" for
// "herts-2021-afi-7", "coc-1-rec-2"). The end must start at a part of the
// id (after a "-"). A name that fits none is refused with ErrUnknownItem,
// one that fits several with ErrAmbiguous, naming them.
func (c *Catalog) Resolve(name string) (*Source, error) {
	id := NormalizeID(name)
	if id == "" {
		return nil, Errorf(ErrInvalidInput, "which item? Give its id, such as herts-2021-afi-3, or the end of it (afi-3)")
	}
	if s := c.byID[id]; s != nil {
		return s, nil
	}
	var found []*Source
	for _, s := range c.sources {
		if strings.HasSuffix(s.ID, "-"+id) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return nil, Errorf(ErrUnknownItem, "no item of the loaded reports is %q; list them to see their ids", clip(name, 60))
	case 1:
		return found[0], nil
	}
	ids := make([]string, 0, 5)
	for _, s := range found[:min(len(found), 5)] {
		ids = append(ids, s.ID)
	}
	more := ""
	if len(found) > 5 {
		more = fmt.Sprintf(" and %d more", len(found)-5)
	}
	return nil, Errorf(ErrAmbiguous, "%q could be any of %d items (%s%s); give more of the id", clip(name, 60), len(found), strings.Join(ids, ", "), more)
}

// Children are a concern's recommendations, in order.
func (c *Catalog) Children(id string) []*Source {
	var out []*Source
	for _, s := range c.sources {
		if s.Parent == NormalizeID(id) {
			out = append(out, s)
		}
	}
	return out
}

// Openings are the items to track, each open since its report was
// published, a recommendation due by the date its deadline sets.
func (c *Catalog) Openings() []Opening { return c.openings }

// Opening is how the item named by id starts; false when the catalog has
// no such item.
func (c *Catalog) Opening(id string) (Opening, bool) {
	o, ok := c.opening[NormalizeID(id)]
	return o, ok
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
