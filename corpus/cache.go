package corpus

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// The parsed-model cache keeps the library that Load built, keyed by the
// hashes of the files it was built from, so that a start with many
// reports (PDFs above all, which take far longer to read than to decode)
// does not read them again. "peelbot index" writes it beside the index it
// prebuilds; every command that opens that index loads the library from
// it when the report files are the same.

// CacheFile is the cache's name in a prebuilt index's directory.
const CacheFile = "peelbot-reports.gob"

// ModelVersion changes whenever the readers or the parser would build a
// different model from the same files, or the model's types change, so
// that a cache written by another version is not used.
const ModelVersion = 1

type cacheData struct {
	Version  int
	Sources  []SourceFile
	Reports  []cachedReport
	Warnings []string
}

// cachedReport is a report with its AFIs' and concerns' passages as ids:
// they are the findings' own passages, and must stay the same values.
type cachedReport struct {
	Report          *Report
	AFIPassages     [][]string
	ConcernPassages [][]string
}

// WriteCache writes the library to path, replacing it atomically.
func (l *Library) WriteCache(path string) error {
	data := cacheData{Version: ModelVersion, Sources: l.Sources, Warnings: l.Warnings}
	for _, r := range l.Reports {
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
		data.Reports = append(data.Reports, cr)
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
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report cache: %w", err)
	}
	return nil
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
	CacheNone  CacheStatus = iota // no cache at path
	CacheHit                      // the library came from the cache
	CacheStale                    // the files or the version changed: parsed again
)

func (s CacheStatus) String() string {
	return [...]string{"no cache", "from the cache", "cache out of date"}[s]
}

// LoadCached loads what Load(dir) would, from the cache at path when it
// was written by this version from exactly the files there are now: the
// same names, and the same contents by SHA-256, front matter files
// included.
// Otherwise it loads as Load does and reports why. It never writes the
// cache: the index it sits beside may be read-only.
func LoadCached(dir, path string) (*Library, CacheStatus, error) {
	status := CacheStale
	lib, err := fromCache(dir, path)
	switch {
	case err == nil:
		return lib, CacheHit, nil
	case errors.Is(err, fs.ErrNotExist):
		status = CacheNone
	}
	lib, err = Load(dir)
	return lib, status, err
}

// errCacheStale is a cache that does not match the files.
var errCacheStale = errors.New("the report cache does not match the report files")

func fromCache(dir, path string) (*Library, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var data cacheData
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&data); err != nil {
		return nil, fmt.Errorf("%w: %v", errCacheStale, err)
	}
	if data.Version != ModelVersion {
		return nil, errCacheStale
	}
	if err := sameSources(dir, data.Sources); err != nil {
		return nil, err
	}
	reports := make([]*Report, len(data.Reports))
	for i, cr := range data.Reports {
		r := cr.Report
		byID := map[string]*Passage{}
		for _, p := range r.Passages() {
			byID[p.ID] = p
		}
		relink := func(ids []string) []*Passage {
			ps := make([]*Passage, len(ids))
			for j, id := range ids {
				ps[j] = byID[id]
			}
			return ps
		}
		if len(cr.AFIPassages) != len(r.AFIs) || len(cr.ConcernPassages) != len(r.Concerns) {
			return nil, errCacheStale
		}
		for j, a := range r.AFIs {
			a.Passages = relink(cr.AFIPassages[j])
		}
		for j, c := range r.Concerns {
			c.Passages = relink(cr.ConcernPassages[j])
		}
		reports[i] = r
	}
	lib, err := NewLibrary(reports)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCacheStale, err)
	}
	lib.Sources, lib.Warnings = data.Sources, data.Warnings
	return lib, nil
}

// sameSources checks that the files Load(dir) would read are those the
// cache was made from.
func sameSources(dir string, cached []SourceFile) error {
	type fileRef struct {
		fsys          fs.FS
		dir, prefix   string
		file, metaFor string
	}
	var refs []fileRef
	list := func(fsys fs.FS, d, prefix string) error {
		files, metas, err := reportFiles(fsys, d, prefix)
		if err != nil {
			return err
		}
		for _, e := range files {
			refs = append(refs, fileRef{fsys, d, prefix, e.Name(), metas[e.Name()]})
		}
		return nil
	}
	if err := list(embedded, "reports", ""); err != nil {
		return err
	}
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil || !info.IsDir() {
			return errCacheStale
		}
		if err := list(os.DirFS(dir), ".", dir); err != nil {
			return errCacheStale
		}
	}
	if len(refs) != len(cached) {
		return errCacheStale
	}
	for i, ref := range refs {
		c := cached[i]
		if joinName(ref.prefix, ref.file) != c.Name {
			return errCacheStale
		}
		info, err := fs.Stat(ref.fsys, path.Join(ref.dir, ref.file))
		if err != nil {
			return errCacheStale
		}
		if info.Size() != c.Size {
			return errCacheStale
		}
		data, err := fs.ReadFile(ref.fsys, path.Join(ref.dir, ref.file))
		if err != nil || int64(len(data)) != c.Size || hashBytes(data) != c.SHA256 {
			return errCacheStale
		}
		meta := ""
		if ref.metaFor != "" {
			data, err := fs.ReadFile(ref.fsys, path.Join(ref.dir, ref.metaFor))
			if err != nil {
				return errCacheStale
			}
			meta = hashBytes(data)
		}
		if meta != c.Meta {
			return errCacheStale
		}
	}
	return nil
}
