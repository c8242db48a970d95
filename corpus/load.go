package corpus

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// embedded holds the reports built into the binary, so that peelbot needs
// no files beside it.
//
//go:embed reports/*.txt
var embedded embed.FS

// Library is every report peelbot knows, with lookups by id.
type Library struct {
	Reports []*Report

	reports  map[string]*Report
	passages map[string]*Passage
	afis     map[string]*AFI
}

// Embedded loads only the reports built into the binary.
func Embedded() (*Library, error) {
	return Load("")
}

// Load loads the embedded reports and, when dir is not empty, every report
// file (.txt or .md) in dir. The first file that fails to parse stops the
// load with an error naming the file and line. Two reports with the same id
// are an error too: ids must stay unambiguous.
func Load(dir string) (*Library, error) {
	var reports []*Report
	if err := loadFS(embedded, "reports", "", &reports); err != nil {
		return nil, err
	}
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("reports directory: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("reports directory %s is not a directory", dir)
		}
		if err := loadFS(os.DirFS(dir), ".", dir, &reports); err != nil {
			return nil, err
		}
	}
	return NewLibrary(reports)
}

// loadFS parses every report file in one directory of fsys, in name order.
// prefix is how the directory is named in messages.
func loadFS(fsys fs.FS, dir, prefix string, out *[]*Report) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return fmt.Errorf("read reports directory %s: %w", prefix, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || (ext != ".txt" && ext != ".md") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("read report %s: %w", e.Name(), err)
		}
		name := e.Name()
		if prefix != "" {
			name = filepath.Join(prefix, e.Name())
		}
		r, err := Parse(name, data)
		if err != nil {
			return err
		}
		*out = append(*out, r)
	}
	return nil
}

// NewLibrary indexes already-parsed reports by id.
func NewLibrary(reports []*Report) (*Library, error) {
	l := &Library{
		Reports:  reports,
		reports:  map[string]*Report{},
		passages: map[string]*Passage{},
		afis:     map[string]*AFI{},
	}
	for _, r := range reports {
		if prev, ok := l.reports[r.ID]; ok {
			return nil, fmt.Errorf("%s: report id %q is already used by %s; give one of them an \"id:\" in its front matter", r.Source, r.ID, prev.Source)
		}
		l.reports[r.ID] = r
		for _, p := range r.Passages() {
			l.passages[p.ID] = p
		}
		for _, a := range r.AFIs {
			l.afis[a.ID] = a
		}
	}
	return l, nil
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
