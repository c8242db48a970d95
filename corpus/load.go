package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// embedded holds the reports built into the binary, so that peelbot needs
// no files beside it.
//
//go:embed reports/*.txt
var embedded embed.FS

// Library is every report peelbot knows, with lookups by id.
type Library struct {
	Reports []*Report
	// Sources are the files the reports were read from (the embedded ones
	// first), with their hashes: what the parsed-model cache is keyed by.
	Sources []SourceFile
	// Warnings are about the files rather than one report (two forms of a
	// report that disagree, front matter beside no report).
	Warnings []string

	reports  map[string]*Report
	passages map[string]*Passage
	afis     map[string]*AFI
	// links are each report's links to its passages, by report id, made
	// from one pass over the report when one is first needed.
	links map[string]*reportLinks
	// parsed are the reports as read from each of Sources, before the
	// forms of one report were combined: what the cache keeps.
	parsed []*Report
}

// Embedded loads only the reports built into the binary.
func Embedded() (*Library, error) {
	return Load("")
}

// Load loads the embedded reports and, when dir is not empty, every
// report file in dir: print PDFs, web pages and the text layout (.txt,
// .md), each with the front matter kept beside it (MetaSuffix). A file
// that cannot be read as a report stops the load with an error naming the
// file and the line or page, and nothing is loaded: reports are never
// half-loaded. Hidden files and folders (a saved web page's "_files"
// folder) are passed over.
//
// One report in several forms (its PDF and its web page) is one report:
// the web page's text (else the text layout's) with the PDF's exact
// printed pages. Two files of the same form with the same id are an
// error: ids must stay unambiguous.
func Load(dir string) (*Library, error) {
	srcs, err := sources(dir)
	if err != nil {
		return nil, err
	}
	return loadSources(srcs, nil)
}

// source is one report file read into memory, with its front matter.
type source struct {
	SourceFile
	data []byte
	meta map[string]string
}

// SourceFile is a file reports are read from, as the cache records it.
type SourceFile struct {
	Name   string // as named in messages: the embedded file's name, or dir/name
	Size   int64
	SHA256 string
	// Meta is the hash of the front matter file beside it, "" when none.
	Meta string
	// ReportID is the report read from it, in Form.
	ReportID string
	Form     Form
}

// sources reads the embedded reports and the report files of dir.
func sources(dir string) ([]source, error) {
	out, err := readSources(embedded, "reports", "")
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return out, nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("reports directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("reports directory %s is not a directory", dir)
	}
	more, err := readSources(os.DirFS(dir), ".", dir)
	if err != nil {
		return nil, err
	}
	return append(out, more...), nil
}

// reportFiles lists the report files of one directory of fsys in name
// order, with the front matter file beside each (or "").
func reportFiles(fsys fs.FS, dir, prefix string) (files []fs.DirEntry, metas map[string]string, err error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read reports directory %s: %w", prefix, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	names := map[string]bool{}
	metas = map[string]string{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~$") || strings.HasSuffix(n, "~") {
			continue
		}
		if strings.HasSuffix(n, MetaSuffix) {
			metas[strings.TrimSuffix(n, MetaSuffix)] = n
			continue
		}
		names[n] = true
		files = append(files, e)
	}
	for base, m := range metas {
		if !names[base] {
			return nil, nil, fmt.Errorf("%s: front matter for %s, which is not in the folder; remove it or add the report", joinName(prefix, m), base)
		}
	}
	return files, metas, nil
}

// readSources reads every report file in one directory of fsys, in name
// order. prefix is how the directory is named in messages.
func readSources(fsys fs.FS, dir, prefix string) ([]source, error) {
	files, metas, err := reportFiles(fsys, dir, prefix)
	if err != nil {
		return nil, err
	}
	var out []source
	for _, e := range files {
		s, err := readSource(fsys, dir, prefix, e.Name(), metas[e.Name()])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func readSource(fsys fs.FS, dir, prefix, file, metaFile string) (source, error) {
	name := joinName(prefix, file)
	data, err := fs.ReadFile(fsys, path.Join(dir, file))
	if err != nil {
		return source{}, fmt.Errorf("read report %s: %w", name, err)
	}
	s := source{data: data, SourceFile: SourceFile{Name: name, Size: int64(len(data)), SHA256: hashBytes(data)}}
	if metaFile != "" {
		mdata, err := fs.ReadFile(fsys, path.Join(dir, metaFile))
		if err != nil {
			return source{}, fmt.Errorf("read front matter %s: %w", joinName(prefix, metaFile), err)
		}
		if s.meta, err = ReadMeta(joinName(prefix, metaFile), mdata); err != nil {
			return source{}, err
		}
		s.Meta = hashBytes(mdata)
	}
	return s, nil
}

func joinName(prefix, file string) string {
	if prefix == "" {
		return file
	}
	return filepath.Join(prefix, file)
}

func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// loadSources parses every source (or takes the report reuse already has
// for it) and combines them into a library.
func loadSources(srcs []source, reuse func(SourceFile) *Report) (*Library, error) {
	parsed := make([]*Report, 0, len(srcs))
	files := make([]SourceFile, 0, len(srcs))
	for _, s := range srcs {
		var r *Report
		if reuse != nil {
			r = reuse(s.SourceFile)
		}
		if r == nil {
			var err error
			if r, err = Read(s.Name, s.data, s.meta); err != nil {
				return nil, err
			}
		}
		parsed = append(parsed, r)
		f := s.SourceFile
		f.ReportID, f.Form = r.ID, r.Form
		files = append(files, f)
	}
	reports, warnings, err := combineForms(parsed)
	if err != nil {
		return nil, err
	}
	l, err := NewLibrary(reports)
	if err != nil {
		return nil, err
	}
	l.Sources, l.Warnings, l.parsed = files, warnings, parsed
	return l, nil
}

// NewLibrary indexes already-parsed reports by id.
func NewLibrary(reports []*Report) (*Library, error) {
	l := &Library{
		Reports:  reports,
		reports:  map[string]*Report{},
		passages: map[string]*Passage{},
		afis:     map[string]*AFI{},
		links:    map[string]*reportLinks{},
	}
	for _, r := range reports {
		if prev, ok := l.reports[r.ID]; ok {
			return nil, fmt.Errorf("%s: report id %q is already used by %s; give one of them an \"id:\" in its front matter", r.Source, r.ID, prev.Source)
		}
		l.reports[r.ID] = r
		l.links[r.ID] = &reportLinks{}
		for _, p := range r.Passages() {
			l.passages[p.ID] = p
		}
		for _, a := range r.AFIs {
			l.afis[a.ID] = a
		}
	}
	return l, nil
}

// reportLinks are one report's links, made once.
type reportLinks struct {
	once sync.Once
	byID map[string]string
}

// Link returns the link that shows a passage or statement of one of the
// library's reports itself (Report.Link): a text fragment on the report's
// web page, or the PDF's page. Each report's links are made together, in
// one pass over its text, the first time one is needed, and kept: the
// search index asks for every passage's when it is built, a button for
// one when a passage is shared. A passage of a report the library does
// not hold has no link.
func (l *Library) Link(p *Passage) string {
	r, rl := l.reports[p.ReportID], l.links[p.ReportID]
	if r == nil || rl == nil {
		return ""
	}
	rl.once.Do(func() { rl.byID = r.Links() })
	if link, ok := rl.byID[p.ID]; ok {
		return link
	}
	return r.linkWith(p, "") // a passage made after the library (none is)
}

// Report returns the report with the given id, or nil.
func (l *Library) Report(id string) *Report { return l.reports[id] }

// Passage returns the passage with the given id, or nil.
func (l *Library) Passage(id string) *Passage { return l.passages[id] }

// AFI returns the area for improvement with the given id (any letter case),
// or nil.
func (l *Library) AFI(id string) *AFI { return l.afis[strings.ToLower(strings.TrimSpace(id))] }

// AFIs returns every area for improvement, report by report, in order.
func (l *Library) AFIs() []*AFI {
	var out []*AFI
	for _, r := range l.Reports {
		out = append(out, r.AFIs...)
	}
	return out
}

// Grades returns every graded judgment, report by report.
func (l *Library) Grades() []Grade {
	var out []Grade
	for _, r := range l.Reports {
		out = append(out, r.Grades...)
	}
	return out
}

// Passages returns every passage, report by report.
func (l *Library) Passages() []*Passage {
	var out []*Passage
	for _, r := range l.Reports {
		out = append(out, r.Passages()...)
	}
	return out
}
