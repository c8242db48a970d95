package corpus

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The parsed-model cache keeps each report file's model as it was read,
// keyed by the file's name and SHA-256 (and its front matter file's), so
// that a start with many reports (PDFs above all, which take far longer
// to read than to decode) reads only the files that changed. "peelbot
// index" and "peelbot reports add|remove" write it beside the index they
// build; every command that opens that index loads through it.

// CacheFile is the cache's name in a prebuilt index's directory.
const CacheFile = "peelbot-reports.gob"

// ModelVersion changes whenever the readers or the parser would build a
// different model from the same files, or the model's types change, so
// that a cache written by another version is not used.
const ModelVersion = 1

type cacheData struct {
	Version int
	Entries []cacheEntry
}

type cacheEntry struct {
	Source SourceFile
	Report cachedReport
}

// cachedReport is a report with its AFIs' and concerns' passages as ids:
// they are the findings' own passages, and must stay the same values.
type cachedReport struct {
	Report          *Report
	AFIPassages     [][]string
	ConcernPassages [][]string
}

// WriteCache writes the model of each of the library's files to path,
// replacing it atomically.
func (l *Library) WriteCache(path string) error {
	if len(l.parsed) != len(l.Sources) {
		return errors.New("write report cache: the library was not loaded from files")
	}
	data := cacheData{Version: ModelVersion}
	for i, r := range l.parsed {
		data.Entries = append(data.Entries, cacheEntry{Source: l.Sources[i], Report: toCached(r)})
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".reports-*.tmp")
	if err != nil {
		return fmt.Errorf("write report cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := gob.NewEncoder(w).Encode(&data); err != nil {
		tmp.Close()
		return fmt.Errorf("write report cache: %w", err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write report cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report cache: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // as readable as the index beside it
		return fmt.Errorf("write report cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report cache: %w", err)
	}
	return nil
}

func toCached(r *Report) cachedReport {
	c := *r
	cr := cachedReport{Report: &c}
	c.AFIs = make([]*AFI, len(r.AFIs))
	for i, a := range r.AFIs {
		ac := *a
		ac.Passages = nil
		c.AFIs[i] = &ac
		cr.AFIPassages = append(cr.AFIPassages, passageIDs(a.Passages))
	}
	c.Concerns = make([]*CauseOfConcern, len(r.Concerns))
	for i, k := range r.Concerns {
		kc := *k
		kc.Passages = nil
		c.Concerns[i] = &kc
		cr.ConcernPassages = append(cr.ConcernPassages, passageIDs(k.Passages))
	}
	return cr
}

// fromCached restores a report, its AFIs' and concerns' passages the
// findings' own again.
func (cr cachedReport) fromCached() (*Report, bool) {
	r := cr.Report
	if r == nil || len(cr.AFIPassages) != len(r.AFIs) || len(cr.ConcernPassages) != len(r.Concerns) {
		return nil, false
	}
	byID := map[string]*Passage{}
	for _, p := range r.Passages() {
		byID[p.ID] = p
	}
	relink := func(ids []string) ([]*Passage, bool) {
		ps := make([]*Passage, len(ids))
		for j, id := range ids {
			if ps[j] = byID[id]; ps[j] == nil {
				return nil, false
			}
		}
		return ps, true
	}
	ok := true
	for j, a := range r.AFIs {
		if a.Passages, ok = relink(cr.AFIPassages[j]); !ok {
			return nil, false
		}
	}
	for j, c := range r.Concerns {
		if c.Passages, ok = relink(cr.ConcernPassages[j]); !ok {
			return nil, false
		}
	}
	return r, true
}

func passageIDs(ps []*Passage) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// CacheStatus says how LoadCached loaded the library.
type CacheStatus int

const (
	CacheNone    CacheStatus = iota // no usable cache at path: every file parsed
	CacheHit                        // every file's model came from the cache
	CachePartial                    // files changed since the cache was written: those were parsed
)

func (s CacheStatus) String() string {
	return [...]string{"no cache", "from the cache", "partly from the cache"}[s]
}

// LoadCached loads what Load(dir) would, taking the model of each file
// from the cache at path when the cache was written by this version and
// holds that file under the same name with the same SHA-256 (and the
// same front matter beside it); other files are parsed. It never writes
// the cache: the index it sits beside may be read-only.
func LoadCached(dir, path string) (*Library, CacheStatus, error) {
	srcs, err := sources(dir)
	if err != nil {
		return nil, CacheNone, err
	}
	entries := readCache(path)
	if entries == nil {
		lib, err := loadSources(srcs, nil)
		return lib, CacheNone, err
	}
	reused := 0
	lib, err := loadSources(srcs, func(f SourceFile) *Report {
		e, ok := entries[f.Name]
		if !ok || e.Source.SHA256 != f.SHA256 || e.Source.Meta != f.Meta || e.Source.Size != f.Size {
			return nil
		}
		r, ok := e.Report.fromCached()
		if !ok {
			return nil
		}
		reused++
		return r
	})
	if err != nil {
		return nil, CacheNone, err
	}
	if reused == len(srcs) {
		return lib, CacheHit, nil
	}
	return lib, CachePartial, nil
}

// readCache reads the cache's entries by file name, or nil when there is
// no cache of this version at path.
func readCache(path string) map[string]cacheEntry {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var data cacheData
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&data); err != nil || data.Version != ModelVersion {
		return nil
	}
	out := make(map[string]cacheEntry, len(data.Entries))
	for _, e := range data.Entries {
		out[e.Source.Name] = e
	}
	return out
}
