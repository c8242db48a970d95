// Package index is peelbot's search: a bleve index of report passages and
// statements, and the query understanding that puts the passage answering
// a question first and says when the reports don't answer it. It imports
// corpus and bleve only.
//
// A question is read (query.go, question.go) into words, filters and the
// forces it names; structured questions (a grade, an area's AFIs, causes
// of concern, recommendations, practice, the overall verdict) are
// recognised (intent.go); acronyms, equivalences, the concept map
// (concepts.go) and spelling (spelling.go, against an English word list)
// add what else to search for, one kind of clause at a time (clauses.go).
// Ranking puts a structured question's answer first and the
// inspectorate's standard wording (template.go) below findings (rank.go);
// the judgment of whether the hits answer rests on evidence (abstain.go,
// topics.go). Evaluate measures all of it on question sets (eval.go).
//
// The mapping is explicit. Only the passage document type is indexed, the
// default and _all mappings are disabled and nothing is mapped dynamically,
// so nothing is indexed by accident. Every field an answer needs is stored,
// so an answer renders from the index alone. MappingVersion is recorded in
// the index; an index written by a binary with another version is refused
// by Open and must be rebuilt (a golden test of the mapping keeps the
// version honest).
//
// It owns the mapping, building, opening, query understanding and search;
// it may import corpus and bleve, and is used through the answer layer.
package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// MappingVersion changes whenever the mapping, the analyzer or the document
// fields change, so that an index persisted by an older binary is rebuilt
// rather than misread. 5: more ways of giving a reason mark a passage as
// giving reasons (fieldReasons). 6: so do the ways of saying why something
// matters. 7: and of saying where something came from ("came from",
// "stems from"). 8: the body field keeps no positions (it is only ever
// matched word by word) and the section path is stored, not searched,
// which a build holds in memory for every passage of a batch at once.
const MappingVersion = 8

const (
	docType      = "passage"
	analyzerName = "peel_en"
	// joinCompounds makes spelling variants one token, in documents and
	// queries alike: "well-being", "well being" and "wellbeing" all become
	// "wellbeing"; "co-ordinate" becomes "coordinate".
	joinCompounds = "peel_compounds"
)

// Field names of the passage document.
const (
	fieldText     = "text"
	fieldBody     = "body" // headline and paragraph together
	fieldHeading  = "heading"
	fieldChapter  = "chapter"
	fieldSection  = "section"
	fieldReport   = "report"
	fieldForce    = "force"
	fieldRound    = "round"
	fieldKind     = "kind"
	fieldPage     = "page"
	fieldPosition = "position"
	fieldURL      = "url"
	fieldArea     = "area"
	fieldChapterK = "chapter_key" // exact chapter title, for filters
	fieldFigures  = "figures"     // "yes" when the passage gives figures
	fieldReasons  = "reasons"     // "yes" when the passage gives reasons
	// fieldStatement is "yes" for a report's one-sentence statements (grade
	// sentences, finding headlines), indexed beside the paragraphs.
	fieldStatement = "statement"
	// fieldTerms holds the analysed terms of a passage's headline and text,
	// stored only: it tells which of a question's words a hit matches.
	fieldTerms = "terms"
	// fieldTextTerms holds the analysed terms of the passage's own text,
	// stored only: a paragraph that says what was asked ranks above the
	// others under the same headline (rerankCoverage).
	fieldTextTerms = "text_terms"
)

// document is what is indexed for one passage.
type document struct {
	Text       string  `json:"text"`
	Body       string  `json:"body"`
	Heading    string  `json:"heading"`
	Chapter    string  `json:"chapter"`
	ChapterKey string  `json:"chapter_key"`
	Area       string  `json:"area"`
	Section    string  `json:"section"`
	Report     string  `json:"report"`
	Force      string  `json:"force"`
	Round      string  `json:"round"`
	Kind       string  `json:"kind"`
	Page       float64 `json:"page"`
	Position   float64 `json:"position"`
	URL        string  `json:"url"`
	Figures    string  `json:"figures"`
	Reasons    string  `json:"reasons"`
	Statement  string  `json:"statement"`
	Terms      string  `json:"terms"`
	TextTerms  string  `json:"text_terms"`
}

// BleveType tells bleve which document mapping applies.
func (document) BleveType() string { return docType }

func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	if err := addAnalyzer(m); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	m.DefaultAnalyzer = analyzerName

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = true // phrase queries need positions
		return f
	}
	words := func() *mapping.FieldMapping {
		f := text(false)
		f.IncludeTermVectors = false
		return f
	}
	keywordField := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		return f
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text(true))
	dm.AddFieldMappingsAt(fieldHeading, text(true))
	dm.AddFieldMappingsAt(fieldBody, words())
	dm.AddFieldMappingsAt(fieldChapter, text(true))
	dm.AddFieldMappingsAt(fieldSection, stored())
	dm.AddFieldMappingsAt(fieldArea, stored())
	dm.AddFieldMappingsAt(fieldChapterK, keywordField(false))
	dm.AddFieldMappingsAt(fieldReport, keywordField(true))
	dm.AddFieldMappingsAt(fieldForce, stored())
	dm.AddFieldMappingsAt(fieldRound, stored())
	dm.AddFieldMappingsAt(fieldKind, keywordField(true))
	dm.AddFieldMappingsAt(fieldPage, number())
	dm.AddFieldMappingsAt(fieldPosition, number())
	dm.AddFieldMappingsAt(fieldURL, stored())
	dm.AddFieldMappingsAt(fieldFigures, keywordField(false))
	dm.AddFieldMappingsAt(fieldReasons, keywordField(false))
	dm.AddFieldMappingsAt(fieldStatement, keywordField(false))
	dm.AddFieldMappingsAt(fieldTerms, stored())
	dm.AddFieldMappingsAt(fieldTextTerms, stored())

	m.AddDocumentMapping(docType, dm)
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	m.DefaultType = docType
	return m, nil
}

// addAnalyzer registers peelbot's English analyzer: bleve's "en" chain
// (unicode words, possessives, lower case, stop words, Porter stemming)
// after a character filter that writes compounds' spelling variants as one
// word (joins.go).
func addAnalyzer(m *mapping.IndexMappingImpl) error {
	if err := m.AddCustomCharFilter(joinCompounds, map[string]any{"type": joinsFilterType}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{joinCompounds},
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	})
}
