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
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/peelbot/peelbot/corpus"
)

// ErrStale is returned by Open for an index that must be rebuilt: written
// by a binary with another mapping version, or from other reports.
var ErrStale = errors.New("index is stale")

// metaKey is where an index keeps its meta in bleve's internal storage.
var metaKey = []byte("peelbot-meta")

// batchSize bounds how many passages are written in one bleve batch when
// the index is on disk, where the segments are merged into one afterwards.
const batchSize = 256

// memBatchSize bounds a batch of an in-memory index. Scorch never merges
// in memory, so every batch stays a segment that each search reads (256
// passages a batch made 58 segments of 50 reports and doubled query
// time), but a batch holds the analysis of all its passages at once: the
// 50 reports in one batch peaked at 940 MB. 1024 keeps up to three
// reports in one segment and 50 in 15, peaking near 220 MB, with searches
// within a fifth of one segment's time.
const memBatchSize = 1024

// meta is what an index records about itself and the reports it holds, so
// that a persisted index can answer (and be checked) without the reports.
type meta struct {
	Version     int                 `json:"version"`
	Fingerprint string              `json:"fingerprint"`
	Reports     []reportMeta        `json:"reports"`
	Glossary    map[string][]string `json:"glossary"`
	Vocabulary  map[string]int      `json:"vocabulary"`
}

type reportMeta struct {
	ID       string        `json:"id"`
	Force    string        `json:"force"`
	Round    string        `json:"round"`
	URL      string        `json:"url"`
	Chapters []chapterMeta `json:"chapters"`
}

type chapterMeta struct {
	Title string `json:"title"`
	Area  string `json:"area,omitempty"`
}

// Index is a searchable bleve index of report passages. It is safe for
// concurrent searches.
type Index struct {
	bi       bleve.Index
	meta     meta
	analyzer analysis.Analyzer
	glossary *glossary
	// Weights tune ranking; DefaultWeights unless changed before searching.
	Weights Weights

	terms      map[string]bool     // every analysed term in text or headlines
	wordsByLen map[int][]vocabWord // the vocabulary by length, for typo lookups
}

// Fingerprint identifies the exact set of passages in a library, and what
// an index stores of them besides their text (page, link), so that an
// index built from other reports is recognised as stale.
func Fingerprint(lib *corpus.Library) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d\n", MappingVersion)
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
	ix := &Index{bi: bi, meta: newMeta(lib), Weights: DefaultWeights}
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
	ix := &Index{bi: bi, Weights: DefaultWeights}
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
	ix.wordsByLen = map[int][]vocabWord{}
	for w, n := range ix.meta.Vocabulary {
		l := len([]rune(w))
		ix.wordsByLen[l] = append(ix.wordsByLen[l], vocabWord{w, n})
	}
	return nil
}

// loadTerms reads every term of the text and headline fields once, so that
// asking whether a word occurs anywhere costs a map lookup, not a walk of
// the term dictionary for each word of each question.
func (ix *Index) loadTerms() error {
	ix.terms = map[string]bool{}
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
			ix.terms[e.Term] = true
		}
		if err := d.Close(); err != nil {
			return fmt.Errorf("read %s terms: %w", field, err)
		}
	}
	return nil
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
		rm := reportMeta{ID: r.ID, Force: r.Force, Round: r.Round, URL: r.URL}
		for _, c := range r.Chapters {
			if len(c.Sections) > 0 {
				rm.Chapters = append(rm.Chapters, chapterMeta{Title: c.Title, Area: c.Area})
			}
		}
		m.Reports = append(m.Reports, rm)
		for _, p := range r.Passages() {
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
	return m
}

// load writes every passage of the library in batches. On disk it then
// merges the segments they make into one. In memory, where scorch never
// merges, the batches are larger (memBatchSize), so that searches read
// few segments.
func (ix *Index) load(lib *corpus.Library, onDisk bool) error {
	size := memBatchSize
	if onDisk {
		size = batchSize
	}
	b := ix.bi.NewBatch()
	for _, r := range lib.Reports {
		areas := map[string]string{}
		for _, c := range r.Chapters {
			areas[c.Title] = c.Area
		}
		for _, p := range r.Passages() {
			d := document{
				Text: p.Text, Body: p.Heading + "\n" + p.Text, Heading: p.Heading, Chapter: p.Chapter, ChapterKey: chapterKey(r.ID, p.Chapter),
				Area: areas[p.Chapter], Section: p.Section, Report: r.ID, Force: r.Force, Round: r.Round,
				Kind: string(p.Kind), Page: float64(p.Page), Position: float64(p.Position), URL: r.Link(p),
				Figures: yesNo(givesFigures(p.Text)), Reasons: yesNo(givesReasons(p.Text)),
			}
			if err := b.Index(p.ID, d); err != nil {
				return fmt.Errorf("index passage %s: %w", p.ID, err)
			}
			if b.Size() >= size {
				if err := ix.bi.Batch(b); err != nil {
					return fmt.Errorf("index report %s: %w", r.ID, err)
				}
				b.Reset()
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

// reasonRE finds the words with which report text gives a reason.
var reasonRE = regexp.MustCompile(`(?i)\b(because|due to|reasons?|attribut\w+|as a result|caused|led to|means that|so that|in order to|prompted|contributed)\b`)

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
