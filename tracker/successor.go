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

// Supersedes refuses what cannot have replaced item, of report earlier:
// named (a report's id, or an item's of report later) is a successor only
// when later is another report of the same force (by name, whatever its
// case or spacing), published after earlier (by publication date, else by
// round). An inspection replaces an item only by a later one of the same
// force: a report of another force, or the force's own earlier report,
// is a mistyped id. The refusal (ErrNotSuccessor) says which rule failed.
func Supersedes(item *Source, earlier, later *corpus.Report, named string) error {
	refuse := func(why string, args ...any) error {
		return Errorf(ErrNotSuccessor, "%s was not superseded: "+why+"; it is superseded by a later report of the same force, or an item of one",
			append([]any{item.ID}, args...)...)
	}
	switch {
	case earlier == nil || later == nil:
		return refuse("its report or %s's is not loaded", named)
	case later.ID == earlier.ID:
		return refuse("%s is of its own report, %s", named, earlier.ID)
	case forceKey(earlier.Force) == "" || forceKey(later.Force) != forceKey(earlier.Force):
		return refuse("%s is a report of %s, and %s one of %s", named, forceName(later), item.ID, forceName(earlier))
	case !publishedAfter(later, earlier):
		return refuse("%s (%s) was not published after %s (%s)", named, whenOf(later), earlier.ID, whenOf(earlier))
	}
	return nil
}

// forceName is a report's force as it names it, or a word saying it does
// not.
func forceName(r *corpus.Report) string {
	if f := strings.Join(strings.Fields(r.Force), " "); f != "" {
		return f
	}
	return "a force it does not name"
}

// whenOf is when a report was published as it says, else its round.
func whenOf(r *corpus.Report) string {
	for _, s := range []string{r.Published, r.Round} {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			return s
		}
	}
	return "undated"
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
