package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/peelbot/peelbot/corpus"
)

// ErrStale is returned by Open for an index that must be rebuilt: written
// by a binary with another mapping version, or from other reports.
var ErrStale = errors.New("index is stale")

// metaVersion changes whenever what an index records about its reports'
// structure (meta: chapters, grades, the items of structured questions)
// would change for the same reports, so that a prebuilt index is rebuilt.
// 3: the curated acronyms (kept in meta's glossary) grew. 4: each AFI's
// explanation paragraphs are recorded (chapterMeta.Explained).
const metaVersion = 4

// metaKey is where an index keeps its meta in bleve's internal storage.
var metaKey = []byte("peelbot-meta")

// batchSize bounds how many passages are written in one bleve batch when
// the index is on disk, where the segments are merged into one afterwards.
const batchSize = 256

// memBatchSize bounds a batch of an in-memory index. Scorch never merges
// in memory, so every batch stays a segment that each search reads (256
// passages a batch made 58 segments of 50 reports and doubled query
// time), but a batch holds the analysis of all its passages at once: the
// 50 reports in one batch peaked at 940 MB. 1024 keeps 50 reports in 15
// segments, peaking near 220 MB, with searches within a fifth of one
// segment's time.
const memBatchSize = 1024

// minMemBatchSize and memSegments size the batches of a small library:
// it is written in memSegments batches, none smaller than minMemBatchSize.
// A batch holds the analysis of all its passages until its segment is
// built, so halving it lowers the build's peak: `ask dvpo` (one report,
// about 370 passages) peaked at 54.9 MB of its 60 MB budget in one batch
// and 49.3 MB in two, while searching two segments took about a tenth
// longer, within the noise of a shared machine (docs/PERFORMANCE.md).
const (
	minMemBatchSize = 128
	memSegments     = 2
)

// memBatch is the batch size of an in-memory index of passages passages:
// a share of them (memSegments), within [minMemBatchSize, memBatchSize],
// so that a small library's build peaks low and a large one's still makes
// few segments.
func memBatch(passages int) int {
	return min(max((passages+memSegments-1)/memSegments, minMemBatchSize), memBatchSize)
}

// meta is what an index records about itself and the reports it holds, so
// that a persisted index can answer (and be checked) without the reports.
type meta struct {
	Version     int                 `json:"version"`
	Fingerprint string              `json:"fingerprint"`
	Reports     []reportMeta        `json:"reports"`
	Glossary    map[string][]string `json:"glossary"`
	Vocabulary  map[string]int      `json:"vocabulary"`
	// Templates are the ids of the passages that are the inspectorate's
	// standard wording (template.go).
	Templates []string `json:"templates,omitempty"`
}

type reportMeta struct {
	ID        string        `json:"id"`
	Force     string        `json:"force"`
	Round     string        `json:"round"`
	Published string        `json:"published,omitempty"`
	URL       string        `json:"url"`
	Chapters  []chapterMeta `json:"chapters"`
	// Judgments is the id of the passage that says how many areas the
	// report grades ("We make graded judgments in eight of these nine").
	Judgments string `json:"judgments,omitempty"`
	// Overview is the id of the report's opening verdict: the first
	// paragraph of the inspector's observations or summary.
	Overview string `json:"overview,omitempty"`
}

// chapterMeta is what structured questions need of a chapter: its grade
// and the ids of its structured items, in report order.
type chapterMeta struct {
	Title string `json:"title"`
	Area  string `json:"area,omitempty"`
	Grade string `json:"grade,omitempty"`
	// Summary is the grade sentence; GradeID the id of its statement.
	Summary string `json:"summary,omitempty"`
	GradeID string `json:"grade_id,omitempty"`
	// Ungraded are, for a chapter with no grade, the ids of its passages
	// that say why it has none ("didn't include a graded judgment").
	Ungraded []string `json:"ungraded,omitempty"`
	// AFIs, Concerns and Practice are the ids of the headline statements
	// of the chapter's areas for improvement, causes of concern and
	// innovative practice; Recommendations the ids of its recommendation
	// passages.
	AFIs            []string `json:"afis,omitempty"`
	Concerns        []string `json:"concerns,omitempty"`
	Recommendations []string `json:"recommendations,omitempty"`
	Practice        []string `json:"practice,omitempty"`
	// Headlines are the ids of every headline statement of the chapter;
	// Improve those that say what the force must improve, in a chapter
	// with no areas for improvement of its own (the victim service
	// assessment states its findings that way).
	Headlines []string `json:"headlines,omitempty"`
	Improve   []string `json:"improve,omitempty"`
	// Explained are, by the id of each AFI's headline statement, the ids
	// of the paragraphs under it in report order: what the inspectorate
	// found (its evidence first) and what it expects.
	Explained map[string][]string `json:"explained,omitempty"`
}

// Index is a searchable bleve index of report passages. It is safe for
// concurrent searches.
type Index struct {
	bi       bleve.Index
	meta     meta
	analyzer analysis.Analyzer
	glossary *glossary
	// Weights tune ranking and Judgment the judgment of whether the
	// reports answer; the defaults unless changed before searching.
	Weights  Weights
	Judgment Judgment

	// oneStep turns off searching in two steps (searchCommon), and
	// costly, when not zero, replaces costlyPostings: for tests that
	// compare the two.
	oneStep bool
	costly  int

	terms      map[string]int      // every analysed term in text or headlines, with its document frequency
	docs       int                 // passages and statements indexed
	scoring    *search.BM25Stats   // the whole index's scoring statistics (scoringStats)
	wordsByLen map[int][]vocabWord // the vocabulary by length, for typo lookups
	templates  map[string]bool     // ids of standard wording
	// explanations are, by AFI headline id, the paragraphs under it in
	// report order (chapterMeta.Explained); explainedBy is the reverse.
	explanations map[string][]string
	explainedBy  map[string]string

	chapterOnce   sync.Once
	chapterVocab  map[string][]chapterWords // by report id: the words naming each chapter
	conceptOnce   sync.Once
	conceptForms  []conceptForm // the concept map, analysed
	conceptStarts map[string][]int
	// conceptWritten are the concepts with phrasings matched as written.
	conceptWritten []int
	topics         topics // the policing topics, and which the reports use
	placesOnce     sync.Once
	places         map[string]bool // the places and short names of the loaded forces
	analysed       sync.Map        // words analysed so far: string → []string
	nAnalysed      atomic.Int64
}

// Fingerprint identifies the exact set of passages in a library, and what
// an index stores of them besides their text (page, link), so that an
// index built from other reports is recognised as stale.
func Fingerprint(lib *corpus.Library) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d meta %d links %d\n", MappingVersion, metaVersion, corpus.LinkVersion)
	for _, r := range lib.Reports {
		fmt.Fprintf(h, "%s %s %s\n", r.ID, r.URL, r.PDFURL)
		for _, p := range r.Passages() {
			fmt.Fprintf(h, "%s %d %d\n", p.ID, p.Page, p.PDFPage)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Build indexes a library in memory, with the scorch engine (bleve's
// in-memory default is the older upsidedown engine, on which BM25 scoring
// silently does nothing).
func Build(lib *corpus.Library) (*Index, error) {
	return create("", lib)
}

// Create writes a persistent index of the library to dir, replacing an
// index already there. It refuses to overwrite a directory that holds
// anything but a bleve index.
func Create(dir string, lib *corpus.Library) (*Index, error) {
	if dir == "" {
		return nil, errors.New("create index: no directory given")
	}
	if err := clearIndexDir(dir); err != nil {
		return nil, err
	}
	return create(dir, lib)
}

func create(dir string, lib *corpus.Library) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	ix := &Index{bi: bi, meta: newMeta(lib), Weights: DefaultWeights, Judgment: DefaultJudgment}
	if ix.analyzer = bi.Mapping().AnalyzerNamed(analyzerName); ix.analyzer == nil {
		bi.Close()
		return nil, fmt.Errorf("create index %s: no %s analyzer", dir, analyzerName)
	}
	if err := ix.load(lib, dir != ""); err != nil {
		bi.Close()
		return nil, err
	}
	if err := writeMeta(ix); err != nil {
		bi.Close()
		return nil, err
	}
	if err := ix.prepare(); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

// writeMeta records the index's meta in bleve's internal storage.
func writeMeta(ix *Index) error {
	raw, err := json.Marshal(ix.meta)
	if err != nil {
		return fmt.Errorf("encode index meta: %w", err)
	}
	if err := ix.bi.SetInternal(metaKey, raw); err != nil {
		return fmt.Errorf("write index meta: %w", err)
	}
	return nil
}

// Replace writes a persistent index of the library beside dir and then
// puts it in dir's place, so that dir holds the old index or the new one,
// never half of one, and a process that has the old one open keeps
// reading it. before, when not nil, is called with the new index's
// directory once it is written and closed, to add files beside it (the
// parsed-model cache) before it takes dir's place.
func Replace(dir string, lib *corpus.Library, before func(newDir string) error) error {
	if dir == "" {
		return errors.New("replace index: no directory given")
	}
	parent := filepath.Dir(filepath.Clean(dir))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Remove(tmp); err != nil { // create makes it again
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	ix, err := create(tmp, lib)
	if err != nil {
		return err
	}
	if err := ix.Close(); err != nil {
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	if before != nil {
		if err := before(tmp); err != nil {
			return err
		}
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		if err := clearableIndex(dir); err != nil {
			return err
		}
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("replace index %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// clearableIndex refuses a directory that holds anything but an index.
func clearableIndex(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("replace index %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("replace index: %s is not empty and holds no index; refusing to overwrite it", dir)
	}
	return nil
}

// clearIndexDir removes an earlier index at dir so that it can be rebuilt.
func clearIndexDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create index %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return os.Remove(dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("create index: %s is not empty and holds no index; refusing to overwrite it", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove old index %s: %w", dir, err)
	}
	return nil
}

// Open opens a persisted index read-only. It returns ErrStale (wrapped) when
// the index was written with another mapping version or, when lib is not
// nil, from other reports than lib's.
func Open(dir string, lib *corpus.Library) (*Index, error) {
	bi, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix := &Index{bi: bi, Weights: DefaultWeights, Judgment: DefaultJudgment}
	if err := ix.readMeta(dir, lib); err != nil {
		bi.Close()
		return nil, err
	}
	if err := ix.prepare(); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) readMeta(dir string, lib *corpus.Library) error {
	raw, err := ix.bi.GetInternal(metaKey)
	if err != nil {
		return fmt.Errorf("open index %s: read meta: %w", dir, err)
	}
	if raw == nil {
		return fmt.Errorf("open index %s: no peelbot meta: %w", dir, ErrStale)
	}
	if err := json.Unmarshal(raw, &ix.meta); err != nil {
		return fmt.Errorf("open index %s: read meta: %w", dir, err)
	}
	if ix.meta.Version != MappingVersion {
		return fmt.Errorf("open index %s: mapping version %d, this binary uses %d: %w", dir, ix.meta.Version, MappingVersion, ErrStale)
	}
	if lib != nil && ix.meta.Fingerprint != Fingerprint(lib) {
		return fmt.Errorf("open index %s: built from other reports than those loaded: %w", dir, ErrStale)
	}
	return nil
}

// prepare readies what searching needs beyond the bleve index.
func (ix *Index) prepare() error {
	a := ix.bi.Mapping().AnalyzerNamed(analyzerName)
	if a == nil {
		return fmt.Errorf("index has no %s analyzer: %w", analyzerName, ErrStale)
	}
	ix.analyzer = a
	ix.glossary = newGlossary(ix.meta.Glossary, ix.analyze)
	if err := ix.loadTerms(); err != nil {
		return err
	}
	ix.templates = make(map[string]bool, len(ix.meta.Templates))
	for _, id := range ix.meta.Templates {
		ix.templates[id] = true
	}
	ix.explanations, ix.explainedBy = map[string][]string{}, map[string]string{}
	for _, r := range ix.meta.Reports {
		for _, c := range r.Chapters {
			for h, ps := range c.Explained {
				ix.explanations[h] = ps
				for _, p := range ps {
					ix.explainedBy[p] = h
				}
			}
		}
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return fmt.Errorf("count passages: %w", err)
	}
	ix.docs = int(n)
	if ix.scoring, err = ix.scoringStats(); err != nil {
		return err
	}
	ix.wordsByLen = map[int][]vocabWord{}
	for w, n := range ix.meta.Vocabulary {
		l := len([]rune(w))
		ix.wordsByLen[l] = append(ix.wordsByLen[l], vocabWord{w, n})
	}
	return nil
}

// loadTerms reads every term of the text and headline fields once, with
// the number of passages it occurs in (the larger of the two fields), so
// that asking whether and how often a word occurs costs a map lookup, not
// a walk of the term dictionary for each word of each question.
func (ix *Index) loadTerms() error {
	ix.terms = map[string]int{}
	for _, field := range []string{fieldText, fieldHeading} {
		d, err := ix.bi.FieldDict(field)
		if err != nil {
			return fmt.Errorf("read %s terms: %w", field, err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return fmt.Errorf("read %s terms: %w", field, err)
			}
			if e == nil {
				break
			}
			ix.terms[e.Term] = max(ix.terms[e.Term], int(e.Count))
		}
		if err := d.Close(); err != nil {
			return fmt.Errorf("read %s terms: %w", field, err)
		}
	}
	return nil
}

// scoringStats are the statistics BM25 scores with, counted over the
// whole index. Left to itself, bleve takes a field's average length from
// the sum of its segments' term counts, so a word in two segments counts
// twice and the same passages score differently in memory, where every
// batch stays a segment, than in a prebuilt index merged into one: and a
// question could be answered in one and not the other. Counting each
// field's distinct terms once makes scores independent of segmenting.
func (ix *Index) scoringStats() (*search.BM25Stats, error) {
	fields, err := ix.bi.Fields()
	if err != nil {
		return nil, fmt.Errorf("list fields: %w", err)
	}
	st := &search.BM25Stats{DocCount: float64(ix.docs), FieldCardinality: make(map[string]int, len(fields))}
	for _, field := range fields {
		d, err := ix.bi.FieldDict(field)
		if err != nil {
			return nil, fmt.Errorf("count %s terms: %w", field, err)
		}
		n := 0
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("count %s terms: %w", field, err)
			}
			if e == nil {
				break
			}
			n++
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("count %s terms: %w", field, err)
		}
		st.FieldCardinality[field] = n
	}
	// bleve searches an unscored disjunction of terms as one term of the
	// field "*", which no document has (search_disjunction.go), and asks
	// for its statistics like any other.
	st.FieldCardinality["*"] = 0
	return st, nil
}

// searchBleve runs sr with the whole index's scoring statistics.
func (ix *Index) searchBleve(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	sr.PreSearchData = map[string]any{search.BM25PreSearchDataKey: ix.scoring}
	return ix.bi.SearchInContext(ctx, sr)
}

// vocabWord is a word of the reports with how often it occurs.
type vocabWord struct {
	word  string
	count int
}

// Close releases the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// DocCount is the number of passages indexed.
func (ix *Index) DocCount() (uint64, error) { return ix.bi.DocCount() }

func newMeta(lib *corpus.Library) meta {
	m := meta{
		Version:     MappingVersion,
		Fingerprint: Fingerprint(lib),
		Glossary:    corpus.Expansions(lib.Reports),
		Vocabulary:  map[string]int{},
	}
	for _, r := range lib.Reports {
		m.Reports = append(m.Reports, newReportMeta(r))
		for _, p := range append(r.Passages(), r.Statements()...) {
			for _, w := range words(p.Heading + " " + p.Text) {
				w = strings.ToLower(w)
				m.Vocabulary[w]++
				if parts := strings.Split(w, "-"); len(parts) > 1 {
					for _, part := range parts {
						m.Vocabulary[part]++
					}
				}
			}
		}
	}
	for id := range templatePassages(lib) {
		m.Templates = append(m.Templates, id)
	}
	sort.Strings(m.Templates)
	return m
}

// newReportMeta records a report's chapters and structured items.
func newReportMeta(r *corpus.Report) reportMeta {
	rm := reportMeta{ID: r.ID, Force: r.Force, Round: r.Round, Published: r.Published, URL: r.URL}
	lookup := map[string]*corpus.Passage{}
	for _, p := range r.Passages() {
		lookup[p.ID] = p
	}
	grades := map[string]*corpus.Passage{}
	headlines := map[string]*corpus.Passage{} // by the id of the paragraph it heads
	for _, s := range r.Statements() {
		if s.Kind == corpus.KindGrade {
			grades[s.Chapter] = s
		} else {
			headlines[strings.TrimSuffix(s.ID, "-headline")] = s
		}
	}
	for _, c := range r.Chapters {
		if len(c.Sections) == 0 {
			continue
		}
		cm := chapterMeta{Title: c.Title, Area: c.Area, Grade: string(c.Grade), Summary: c.Summary}
		if g := grades[c.Title]; g != nil {
			cm.GradeID = g.ID
		}
		for _, s := range c.Sections {
			for _, f := range s.Findings {
				for i, p := range f.Passages {
					if c.Grade == "" && gradingRE.MatchString(p.Text) {
						cm.Ungraded = append(cm.Ungraded, p.ID)
					}
					if p.Kind == corpus.KindRecommendation {
						cm.Recommendations = append(cm.Recommendations, p.ID)
					}
					h := headlines[p.ID]
					if i > 0 || h == nil {
						continue
					}
					cm.Headlines = append(cm.Headlines, h.ID)
					if improveRE.MatchString(h.Text) {
						cm.Improve = append(cm.Improve, h.ID)
					}
					for _, q := range f.Passages {
						if q.Kind == corpus.KindPassage && improveRE.MatchString(firstSentence(q.Text)) {
							cm.Improve = append(cm.Improve, q.ID)
						}
					}
					switch p.Kind {
					case corpus.KindAFI:
						cm.AFIs = append(cm.AFIs, h.ID)
						if cm.Explained == nil {
							cm.Explained = map[string][]string{}
						}
						for _, q := range f.Passages {
							cm.Explained[h.ID] = append(cm.Explained[h.ID], q.ID)
						}
					case corpus.KindConcern:
						cm.Concerns = append(cm.Concerns, h.ID)
					case corpus.KindPractice:
						cm.Practice = append(cm.Practice, h.ID)
					}
				}
				if rm.Judgments == "" && strings.Contains(strings.ToLower(c.Title), "judgment") {
					for _, p := range f.Passages {
						if gradedCountRE.MatchString(p.Text) {
							rm.Judgments = p.ID
							break
						}
					}
				}
				if rm.Overview == "" && overviewChapterRE.MatchString(c.Title) && len(f.Passages) > 0 && f.Headline == "" {
					rm.Overview = f.Passages[0].ID
				}
			}
		}
		if len(cm.AFIs) > 0 {
			cm.Improve = nil
		}
		// The force's own sentence first, the inspectorate's standard one after.
		sort.SliceStable(cm.Ungraded, func(i, j int) bool {
			return !ruleTemplate(lookup[cm.Ungraded[i]]) && ruleTemplate(lookup[cm.Ungraded[j]])
		})
		rm.Chapters = append(rm.Chapters, cm)
	}
	return rm
}

// firstSentence is text up to its first full stop.
func firstSentence(text string) string {
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+1]
	}
	return text
}

// gradedCountRE finds the sentence of a report's judgments that says how
// many areas it grades; overviewChapterRE the chapter that opens with the
// inspector's verdict on the force as a whole.
var (
	// improveRE finds the inspectorate's wording of a shortfall in a
	// finding it makes no area for improvement of: what the force "could
	// improve", "should make sure", "doesn't always" do.
	improveRE         = regexp.MustCompile(`(?i)\b(needs? to|should|must|could) (improve|do more|make sure|make more|be better|better)\b|\b(doesn't|does not|isn't|is not|aren't|are not|don't|do not) always\b|\bbut (could|needs? to|should|must)\b|\bfurther improvement\b`)
	gradingRE         = regexp.MustCompile(`(?i)\bgrade[sd]?\b|\bgraded judgments?\b`)
	gradedCountRE     = regexp.MustCompile(`(?i)\b(make|made|give|gave) graded judgments? in\b|\bareas? of policing\b`)
	overviewChapterRE = regexp.MustCompile(`(?i)^(hm inspector's (observations|summary)|overall summary|summary)$`)
)

// buildGCPercent is the garbage collector's growth target while an index
// is built. A build makes garbage fast (each batch's analysis) and keeps
// little of it; collecting at a quarter of the default growth keeps `ask
// dvpo`'s peak memory, whose budget is 60 MB, about 2 MB lower than at
// half, whose margin a loaded machine used up, for no build time that
// could be told from the noise (docs/PERFORMANCE.md).
const buildGCPercent = 25

// lowerGCPercent sets the collector's target to pct unless it is already
// lower (GOGC set by the operator), and returns what puts it back.
func lowerGCPercent(pct int) (restore func()) {
	old := debug.SetGCPercent(pct)
	if old >= 0 && old < pct {
		debug.SetGCPercent(old)
	}
	return func() { debug.SetGCPercent(old) }
}

// load writes every passage of the library in batches. On disk it then
// merges the segments they make into one. In memory, where scorch never
// merges, the batches are larger (memBatch), so that searches read few
// segments.
func (ix *Index) load(lib *corpus.Library, onDisk bool) error {
	defer lowerGCPercent(buildGCPercent)()
	// Every passage's link is stored. A report's links are made together
	// (Library.Link); make them before any passage is batched, so that
	// what making them takes is garbage before a batch's analysis, the
	// build's peak, holds the heap.
	for _, r := range lib.Reports {
		if ps := r.Passages(); len(ps) > 0 {
			lib.Link(ps[0])
		}
	}
	type reportDocs struct {
		r                    *corpus.Report
		passages, statements []*corpus.Passage
	}
	var reports []reportDocs
	docs := 0
	for _, r := range lib.Reports {
		rd := reportDocs{r, r.Passages(), r.Statements()}
		reports = append(reports, rd)
		docs += len(rd.passages) + len(rd.statements)
	}
	size := memBatch(docs)
	if onDisk {
		size = batchSize
	}
	b := ix.bi.NewBatch()
	for _, rd := range reports {
		r := rd.r
		areas := map[string]string{}
		for _, c := range r.Chapters {
			areas[c.Title] = c.Area
		}
		for _, p := range rd.passages {
			if err := ix.add(b, ix.newDocument(lib, r, p, areas, false)); err != nil {
				return err
			}
			if err := ix.flushFull(b, size, r.ID); err != nil {
				return err
			}
		}
		for _, p := range rd.statements {
			if err := ix.add(b, ix.newDocument(lib, r, p, areas, true)); err != nil {
				return err
			}
			if err := ix.flushFull(b, size, r.ID); err != nil {
				return err
			}
		}
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if onDisk {
		return ix.mergeSegments()
	}
	return nil
}

// idDocument is a document with the id it is indexed under.
type idDocument struct {
	id string
	document
}

// newDocument is what is indexed for a passage or statement of r, one of
// lib's reports.
func (ix *Index) newDocument(lib *corpus.Library, r *corpus.Report, p *corpus.Passage, areas map[string]string, statement bool) idDocument {
	pos := float64(p.Position)
	if statement {
		pos -= 0.5 // before the paragraphs it heads, in a listing
	}
	return idDocument{p.ID, document{
		Text: p.Text, Body: p.Heading + "\n" + p.Text, Heading: p.Heading, Chapter: p.Chapter, ChapterKey: chapterKey(r.ID, p.Chapter),
		Area: areas[p.Chapter], Section: p.Section, Report: r.ID, Force: r.Force, Round: r.Round,
		Kind: string(p.Kind), Page: float64(p.Page), Position: pos, URL: lib.Link(p),
		Figures: yesNo(givesFigures(p.Text)), Reasons: yesNo(givesReasons(p.Text)),
		Statement: yesNo(statement), Terms: ix.termSet(p.Heading, p.Text), TextTerms: ix.termSet("", p.Text),
	}}
}

// termSet is the distinct analysed terms of a passage's headline and text,
// sorted, space-separated, with a space at each end (so that a term is
// found as " term "). It analyses word by word, after joining compounds as
// the analyzer does: each distinct word is analysed once and remembered
// (analyze), which costs a fraction of analysing every paragraph whole.
func (ix *Index) termSet(heading, text string) string {
	var terms []string
	for _, part := range []string{heading, text} {
		joined := string(joinsFilter{}.Filter([]byte(part)))
		for _, w := range words(joined) {
			terms = append(terms, ix.analyze(w)...)
		}
	}
	slices.Sort(terms)
	return " " + strings.Join(slices.Compact(terms), " ") + " "
}

func (ix *Index) add(b *bleve.Batch, d idDocument) error {
	if err := b.Index(d.id, d.document); err != nil {
		return fmt.Errorf("index passage %s: %w", d.id, err)
	}
	return nil
}

// flushFull writes the batch once it holds size passages.
func (ix *Index) flushFull(b *bleve.Batch, size int, report string) error {
	if b.Size() < size {
		return nil
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index report %s: %w", report, err)
	}
	b.Reset()
	return nil
}

// mergeSegments merges an on-disk index's segments into one.
func (ix *Index) mergeSegments() error {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("merge index segments: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := sc.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return fmt.Errorf("merge index segments: %w", err)
	}
	return nil
}

// figureRE finds a figure: a number that is not a year or a date's day.
var figureRE = regexp.MustCompile(`\b\d[\d,.]*\b( percent|%)?`)

// givesFigures reports whether a passage states figures (counts,
// percentages), not just years and dates.
func givesFigures(text string) bool {
	for _, m := range figureRE.FindAllString(text, -1) {
		n := strings.TrimRight(m, ".,")
		if strings.HasSuffix(m, "percent") || strings.HasSuffix(m, "%") {
			return true
		}
		if len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) {
			continue // a year
		}
		return true
	}
	return false
}

// reasonRE finds the words with which report text gives a reason, or
// says why something matters: what is lost by it ("missing out on
// opportunities to …"). "It is important" was measured too: it is said
// of too much that is no reason for what is asked.
var reasonRE = regexp.MustCompile(`(?i)\b(because|due to|owing to|reasons?|attribut\w+|as a result|result of|caused|led to|leads? to|leading to|driven by|came from|(stem|stems|stemmed|stemming) from|(arose|arise|arises|arising) from|explained by|accounted for by|means that|(this|which|can|could|would) mean|so that|in order to|prompted|contributed|miss(es|ed|ing)? (out on )?(the |an )?opportunit\w*)\b`)

// givesReasons reports whether a passage explains why something is so.
func givesReasons(text string) bool { return reasonRE.MatchString(text) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// chapterKey is the exact key filters use for a report's chapter.
func chapterKey(reportID, chapter string) string {
	return reportID + "/" + strings.ToLower(chapter)
}

// Reports lists the reports an index holds, in order.
func (ix *Index) Reports() []string {
	out := make([]string, 0, len(ix.meta.Reports))
	for _, r := range ix.meta.Reports {
		out = append(out, r.ID)
	}
	return out
}

// chapterTitles lists distinct chapter titles across reports, in order.
func (ix *Index) chapterTitles() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range ix.meta.Reports {
		for _, c := range r.Chapters {
			if !seen[c.Title] {
				seen[c.Title] = true
				out = append(out, c.Title)
			}
		}
	}
	return out
}
