package tracker

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/peelbot/peelbot/corpus"
)

// Suggestion offers one outstanding item of an earlier report for linking
// to the later report of the same force: carried forward to its likely
// successor (the later item whose words are most like its own), or
// superseded by the later report. It is only a suggestion: nothing changes
// until a reviewer or admin confirms it (supersede … --by).
type Suggestion struct {
	Earlier Entry
	// Later is the force's latest report, published after the earlier one.
	Later *corpus.Report
	// Candidates are the later report's items most like the earlier one,
	// best first, each with its similarity (0 to 1); at most three, and
	// only those above MinSimilarity.
	Candidates []Candidate
}

// Candidate is a later item and how like the earlier one its words are.
type Candidate struct {
	Source     *Source
	Similarity float64
}

// Best is the likely successor, or nil when no later item is alike enough.
func (s Suggestion) Best() *Candidate {
	if len(s.Candidates) == 0 {
		return nil
	}
	return &s.Candidates[0]
}

// MinSimilarity is the least similarity (cosine of the items' content
// words) that makes a later item a candidate: below it, the words share
// little beyond the report's vocabulary.
const MinSimilarity = 0.2

// Successors suggests, for every outstanding item of a report whose force
// has a later report loaded, the later items it may have become. entries
// are the catalog's items with their state.
func Successors(c *Catalog, entries []Entry) []Suggestion {
	latest := latestReports(c.Library())
	vectors := map[string]map[string]float64{}
	vec := func(s *Source) map[string]float64 {
		if v, ok := vectors[s.ID]; ok {
			return v
		}
		v := termVector(s.Text)
		vectors[s.ID] = v
		return v
	}
	var out []Suggestion
	for _, e := range entries {
		if !e.Item.Status.Outstanding() {
			continue
		}
		r := c.Report(e.Source)
		if r == nil {
			continue
		}
		later := latest[forceKey(r.Force)]
		if later == nil || later.ID == r.ID || !publishedAfter(later, r) {
			continue
		}
		sg := Suggestion{Earlier: e, Later: later}
		for _, s := range c.Sources() {
			if s.ReportID != later.ID {
				continue
			}
			if sim := cosine(vec(e.Source), vec(s)); sim >= MinSimilarity {
				sg.Candidates = append(sg.Candidates, Candidate{Source: s, Similarity: sim})
			}
		}
		slices.SortStableFunc(sg.Candidates, func(a, b Candidate) int {
			switch {
			case a.Similarity > b.Similarity:
				return -1
			case a.Similarity < b.Similarity:
				return 1
			}
			return 0
		})
		sg.Candidates = sg.Candidates[:min(len(sg.Candidates), 3)]
		out = append(out, sg)
	}
	return out
}

// forceKey names a force whatever the report calls it: "Hertfordshire
// Constabulary" and "hertfordshire constabulary" are one force.
func forceKey(force string) string { return strings.ToLower(strings.Join(strings.Fields(force), " ")) }

// latestReports is each force's latest report by publication (by round
// when publication is unknown).
func latestReports(lib *corpus.Library) map[string]*corpus.Report {
	out := map[string]*corpus.Report{}
	if lib == nil {
		return out
	}
	for _, r := range lib.Reports {
		k := forceKey(r.Force)
		if k == "" {
			continue
		}
		if cur := out[k]; cur == nil || publishedAfter(r, cur) {
			out[k] = r
		}
	}
	return out
}

// publishedAfter reports whether a was published after b: by publication
// date, else by round ("PEEL 2023–25" after "PEEL 2021/22").
func publishedAfter(a, b *corpus.Report) bool {
	pa, pb := PublishedOn(a), PublishedOn(b)
	if !pa.IsZero() && !pb.IsZero() && !pa.Equal(pb) {
		return pa.After(pb)
	}
	return roundYear(a) > roundYear(b)
}

// roundYear is the first year a report's round names.
func roundYear(r *corpus.Report) int {
	for _, f := range strings.FieldsFunc(r.Round+" "+r.ID, func(c rune) bool { return !unicode.IsDigit(c) }) {
		if len(f) == 4 {
			t, err := time.Parse("2006", f)
			if err == nil {
				return t.Year()
			}
		}
	}
	return 0
}

// stopWords are the words every finding uses, which say nothing of what
// it is about.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for that with this from are was were has have had its their they them
	should make sure force forces constabulary police service more than into all any can could will would which
	what when where who how not but also been being our out does doesn't don't isn't well enough within months
	month immediately three six twelve days week weeks year years must need needs area areas improvement
	concern concerns cause causes recommendation recommendations`) {
		stopWords[w] = true
	}
}

// termVector counts an item's content words, crudely stemmed, weighted
// by how long they are (a long word says more).
func termVector(text string) map[string]float64 {
	v := map[string]float64{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		w = strings.Trim(w, "'")
		if len(w) < 3 || stopWords[w] {
			continue
		}
		w = stem(w)
		v[w] += math.Log(float64(len(w)))
	}
	return v
}

// stem cuts common English endings, enough for "investigations" to meet
// "investigation" and "supervising" to meet "supervise".
func stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "e"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for k, x := range a {
		na += x * x
		if y, ok := b[k]; ok {
			dot += x * y
		}
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
