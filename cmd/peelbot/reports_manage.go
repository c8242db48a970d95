package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
	"github.com/peelbot/peelbot/tracker"
)

// "peelbot reports add|check|remove": the reports folder managed by
// peelbot, so that nobody copies files into it by hand and finds out at
// the next start that one cannot be read.

var reportsSubcommands = map[string]func(context.Context, *app, []string) error{
	"add":     runReportsAdd,
	"check":   runReportsCheck,
	"remove":  runReportsRemove,
	"respond": runReportsRespond,
}

const reportsSubcommandHelp = `Managing the reports folder ($PEEL_REPORTS_DIR or --reports):
  peelbot reports check FILE… [--json]   read reports without adding them
  peelbot reports add FILE|URL…          check, then copy or download into the folder
  peelbot reports remove ID              take a report's files out of the folder
  peelbot reports respond ID URL         record the PCC's published response (section 55)
"peelbot reports add --help" and the others say more.`

// Limits of a download by "reports add".
const (
	defaultDownloadTimeout = 60 * time.Second
	defaultMaxDownloadMB   = 100
)

func runReportsCheck(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("reports check", "peelbot reports check [--json] FILE…", `Reads each report file (a print PDF, a web page saved as .html, or the text
layout) as peelbot would load it, without adding it anywhere, and prints its
force, round and publication month, its grades, areas for improvement,
causes of concern and recommendations, how many passages it has and on which
pages, and what the readers warn about. Front matter in FILE.meta beside a
file is applied, as in the reports folder.

--json prints the parsed report as peelbot's model holds it (several files:
an array of them): "id", "force", "round", "published", "url", "pdf_url",
"chapters" [{"title", "grade", "page", "sections" [{"title", "findings"
[{"headline", "passages" [{"text", "kind", "page", "page_exact"}]}]}]}],
"grades", "afis", "concerns", "figures", "warnings".

It exits 1 when a file cannot be read, with the file and the page or line.`)
	asJSON := fs.Bool("json", false, "print the parsed reports as JSON")
	files, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(a.stderr, "peelbot reports check: give one or more report files")
		return errUsage
	}
	var reports []*corpus.Report
	failed := 0
	for _, f := range files {
		r, err := readReportFile(f)
		if err != nil {
			fmt.Fprintf(a.stderr, "peelbot reports check: %v\n", err)
			failed++
			continue
		}
		reports = append(reports, r)
	}
	if *asJSON {
		for _, r := range reports {
			fillEmpty(r)
		}
		var err error
		if len(files) == 1 && len(reports) == 1 {
			err = writeJSON(a, reports[0])
		} else if len(reports) > 0 || failed == 0 {
			err = writeJSON(a, reports)
		}
		if err != nil {
			return err
		}
	} else {
		for i, r := range reports {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			printCheck(a.stdout, r)
		}
	}
	if failed > 0 {
		return exitError{code: 1}
	}
	return nil
}

// readReportFile reads one report file, with the front matter beside it.
func readReportFile(name string) (*corpus.Report, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var meta map[string]string
	if m, err := os.ReadFile(name + corpus.MetaSuffix); err == nil {
		if meta, err = corpus.ReadMeta(name+corpus.MetaSuffix, m); err != nil {
			return nil, err
		}
	}
	return corpus.Read(name, data, meta)
}

// fillEmpty makes the model's lists [] rather than null in JSON.
func fillEmpty(r *corpus.Report) {
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	if r.Grades == nil {
		r.Grades = []corpus.Grade{}
	}
	if r.AFIs == nil {
		r.AFIs = []*corpus.AFI{}
	}
	if r.Concerns == nil {
		r.Concerns = []*corpus.CauseOfConcern{}
	}
	if r.Figures == nil {
		r.Figures = []corpus.Figure{}
	}
}

var formNames = map[corpus.Form]string{corpus.FormPDF: "a print PDF", corpus.FormHTML: "a web page", corpus.FormText: "the text layout"}

// printCheck prints what a person checking a report wants to see.
func printCheck(w io.Writer, r *corpus.Report) {
	fmt.Fprintf(w, "%s: %s, %s (%s), published %s, read as %s\n", r.Source, r.Force, r.Round, r.ID, cmp.Or(r.Published, "—"), formNames[r.Form])
	fmt.Fprintf(w, "  web page %s\n", cmp.Or(r.URL, "—"))
	if r.PDFURL != "" {
		fmt.Fprintf(w, "  PDF      %s\n", r.PDFURL)
	}
	fmt.Fprintf(w, "  %d passages, %s\n", len(r.Passages()), pageRange(r))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  grades (%d):\n", len(r.Grades))
	for _, g := range r.Grades {
		fmt.Fprintf(tw, "    %s\t%s\n", g.Rating, g.Area)
	}
	tw.Flush()
	fmt.Fprintf(w, "  areas for improvement (%d):\n", len(r.AFIs))
	for _, a := range r.AFIs {
		fmt.Fprintf(w, "    %s  %s  %s\n", a.ID, pageLabel(a.Page), a.Text)
	}
	fmt.Fprintf(w, "  causes of concern (%d):\n", len(r.Concerns))
	for _, c := range r.Concerns {
		fmt.Fprintf(w, "    %s  %s  %s: %s\n", c.ID, pageLabel(c.Page), c.Label, c.Text)
		for _, rec := range c.Recommendations {
			fmt.Fprintf(w, "      recommendation %s: %s\n", rec.ID, rec.Text)
		}
	}
	if len(r.Figures) > 0 {
		fmt.Fprintf(w, "  figures (%d, captions only, never quoted):\n", len(r.Figures))
		for _, f := range r.Figures {
			fmt.Fprintf(w, "    %s  %s\n", pageLabel(f.Page), f.Caption)
		}
	}
	if len(r.Warnings) == 0 {
		fmt.Fprintln(w, "  warnings: none")
		return
	}
	fmt.Fprintf(w, "  warnings (%d):\n", len(r.Warnings))
	for _, m := range r.Warnings {
		fmt.Fprintf(w, "    %s\n", m)
	}
}

func pageLabel(p int) string {
	if p <= 0 {
		return "p. –"
	}
	return fmt.Sprintf("p. %d", p)
}

// pageRange says which pages the passages are on and how they are known.
func pageRange(r *corpus.Report) string {
	lo, hi := 0, 0
	for _, p := range r.Passages() {
		if p.Page <= 0 {
			continue
		}
		if lo == 0 || p.Page < lo {
			lo = p.Page
		}
		hi = max(hi, p.Page)
	}
	switch {
	case lo == 0:
		return "no pages (a web page has none; load its PDF too for them)"
	case r.PagesExact():
		return fmt.Sprintf("pages %d–%d, as printed", lo, hi)
	}
	return fmt.Sprintf("pages %d–%d, estimated within sections from the contents list", lo, hi)
}

// addedFile is one report file "reports add" is about to write.
type addedFile struct {
	arg    string // as given: a file or a URL
	report *corpus.Report
	data   []byte
	meta   map[string]string
	target string // where it goes in the folder
}

func runReportsAdd(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("reports add", "peelbot reports add [--reports DIR] [flags] FILE|URL…", `Reads each report (a print PDF, a web page, or the text layout), from a file
or downloaded from an http(s) URL, checks it as "peelbot reports check" does,
and only when every one reads cleanly copies them into the reports folder as
ID.pdf, ID.html or ID.txt, with the address a download came from kept beside
it in ID.pdf.meta or ID.html.meta (pdf_url or url). The folder is then read
as a whole, and with PEEL_INDEX_DIR the prebuilt index and the parsed
reports beside it are rebuilt and swapped in. If anything fails, nothing is
added.

A report's PDF and its web page are one report: add both, and peelbot quotes
the web page's text with the PDF's printed pages. A second file of the same
form for a report already in the folder is refused: remove the old one first.

A download must answer within --timeout, be no larger than --max-mb, and be
served as a PDF (application/pdf), a web page (text/html) or text.

Environment:
  PEEL_REPORTS_DIR   default for --reports (required: the folder must exist)
  PEEL_INDEX_DIR     the prebuilt index to rebuild (peelbot index --out DIR)`)
	dir := a.reportsFlag(fs)
	timeout := fs.Duration("timeout", defaultDownloadTimeout, "give up a download after `D`")
	maxMB := fs.Int64("max-mb", defaultMaxDownloadMB, "refuse a download larger than `N` megabytes")
	id := fs.String("id", "", "front matter for a single report: its `ID`")
	pageURL := fs.String("url", "", "front matter for a single report: its web page's `URL`")
	pdfURL := fs.String("pdf-url", "", "front matter for a single report: its PDF's `URL`, for links to a page")
	published := fs.String("published", "", "front matter for a single report: its publication `MONTH` (\"February 2023\")")
	args, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		fmt.Fprintln(a.stderr, "peelbot reports add: give one or more report files or URLs")
		return errUsage
	}
	flagMeta := map[string]string{"id": *id, "url": *pageURL, "pdf_url": *pdfURL, "published": *published}
	for k, v := range flagMeta {
		if v == "" {
			delete(flagMeta, k)
		}
	}
	if len(flagMeta) > 0 && len(args) > 1 {
		fmt.Fprintln(a.stderr, "peelbot reports add: --id, --url, --pdf-url and --published describe one report; add the others separately")
		return errUsage
	}
	if *maxMB < 1 {
		fmt.Fprintln(a.stderr, "peelbot reports add: --max-mb must be at least 1")
		return errUsage
	}
	folder, err := reportsFolder(*dir, true)
	if err != nil {
		return err
	}
	before, err := a.folderLibrary(folder)
	if err != nil {
		return fmt.Errorf("the reports folder already holds a file peelbot cannot read; fix or remove it first: %w", err)
	}
	client := &http.Client{Timeout: *timeout}
	var adds []*addedFile
	var problems []string
	for _, arg := range args {
		f, err := prepareAdd(ctx, client, arg, *maxMB<<20, flagMeta)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		adds = append(adds, f)
	}
	if len(problems) == 0 {
		problems = placeAdds(folder, before, adds)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(a.stderr, "peelbot reports add: %s\n", p)
		}
		fmt.Fprintln(a.stderr, "peelbot reports add: nothing was added")
		return exitError{code: 1}
	}
	var written []string
	rollback := func() {
		for i := len(written) - 1; i >= 0; i-- {
			os.Remove(written[i])
		}
	}
	for _, f := range adds {
		if f.target == "" {
			continue // already in the folder
		}
		if err := writeAtomic(f.target, f.data); err != nil {
			rollback()
			return fmt.Errorf("%w; nothing was added", err)
		}
		written = append(written, f.target)
		if len(f.meta) > 0 {
			if err := writeAtomic(f.target+corpus.MetaSuffix, metaFile(f.meta)); err != nil {
				rollback()
				return fmt.Errorf("%w; nothing was added", err)
			}
			written = append(written, f.target+corpus.MetaSuffix)
		}
	}
	lib, done, err := a.refresh(folder)
	if err != nil {
		rollback()
		return fmt.Errorf("%w; nothing was added", err)
	}
	for _, f := range adds {
		r := lib.Report(f.report.ID)
		if f.target == "" {
			fmt.Fprintf(a.stdout, "%s is already in %s as %s\n", f.arg, folder, f.report.ID)
			continue
		}
		fmt.Fprintf(a.stdout, "added %s: %s, %s, read as %s, %d areas for improvement, %d causes of concern, %d passages, %s\n  as %s\n",
			r.ID, r.Force, r.Round, formNames[f.report.Form], len(r.AFIs), len(r.Concerns), len(r.Passages()), pageRange(r), f.target)
	}
	fmt.Fprintln(a.stdout, done)
	a.printWarnings(lib, adds)
	return nil
}

// printWarnings prints the readers' warnings about the files just added.
func (a *app) printWarnings(lib *corpus.Library, adds []*addedFile) {
	for _, f := range adds {
		for _, w := range f.report.Warnings {
			fmt.Fprintf(a.stderr, "warning: %s\n", w)
		}
	}
	for _, w := range lib.Warnings {
		fmt.Fprintf(a.stderr, "warning: %s\n", w)
	}
}

// reportsFolder checks the folder that add and remove manage. Adding
// creates it (and its parents) when it does not exist yet, as the README's
// first steps expect; removing from a folder that does not exist says so.
func reportsFolder(dir string, create bool) (string, error) {
	if dir == "" {
		return "", errors.New("no reports folder: set PEEL_REPORTS_DIR or give --reports DIR")
	}
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		if !create {
			return "", fmt.Errorf("the reports folder %s does not exist, so it holds no report to remove", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("create the reports folder: %w", err)
		}
		return dir, nil
	}
	if err != nil {
		return "", fmt.Errorf("reports directory: %w", err)
	}
	if !info.IsDir() {
		return "", fmt.Errorf("reports directory %s is not a directory", dir)
	}
	return dir, nil
}

// folderLibrary loads the folder as every command does.
func (a *app) folderLibrary(dir string) (*corpus.Library, error) {
	if ix := a.getenv("PEEL_INDEX_DIR"); ix != "" {
		lib, _, err := corpus.LoadCached(dir, filepath.Join(ix, corpus.CacheFile))
		return lib, err
	}
	return corpus.Load(dir)
}

// refresh reads the folder as a whole and, with a prebuilt index, rebuilds
// it and the parsed reports beside it. It returns what it did, to say
// last.
func (a *app) refresh(dir string) (*corpus.Library, string, error) {
	lib, err := a.folderLibrary(dir)
	if err != nil {
		return nil, "", err
	}
	ix := a.getenv("PEEL_INDEX_DIR")
	if ix == "" {
		return lib, "no prebuilt index (PEEL_INDEX_DIR) to rebuild: every command indexes the reports as it starts", nil
	}
	start := time.Now()
	err = index.Replace(ix, lib, func(newDir string) error {
		return lib.WriteCache(filepath.Join(newDir, corpus.CacheFile))
	})
	if err != nil {
		return nil, "", fmt.Errorf("rebuild the index in %s: %w", ix, err)
	}
	return lib, fmt.Sprintf("rebuilt the index in %s (%d reports, %s); restart peelbot serve to use it", ix, len(lib.Reports), time.Since(start).Round(time.Millisecond)), nil
}

// prepareAdd reads or downloads one report and checks it.
func prepareAdd(ctx context.Context, client *http.Client, arg string, maxBytes int64, flagMeta map[string]string) (*addedFile, error) {
	f := &addedFile{arg: arg, meta: map[string]string{}}
	name := arg
	if isURL(arg) {
		d, err := download(ctx, client, arg, maxBytes)
		if err != nil {
			return nil, err
		}
		f.data, name = d.data, d.url
		switch d.form {
		case corpus.FormPDF:
			f.meta["pdf_url"] = d.url
		case corpus.FormHTML:
			f.meta["url"] = d.url
		}
	} else {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		f.data = data
		if m, err := os.ReadFile(arg + corpus.MetaSuffix); err == nil {
			meta, err := corpus.ReadMeta(arg+corpus.MetaSuffix, m)
			if err != nil {
				return nil, err
			}
			for k, v := range meta {
				f.meta[k] = v
			}
		}
	}
	for k, v := range flagMeta {
		f.meta[k] = v
	}
	r, err := corpus.Read(name, f.data, f.meta)
	if err != nil {
		return nil, err
	}
	f.report = r
	return f, nil
}

// placeAdds chooses where each report goes and refuses what would clash
// with the folder or with another file being added.
func placeAdds(dir string, lib *corpus.Library, adds []*addedFile) []string {
	var problems []string
	taken := map[string]string{} // report id + form → file
	for _, s := range lib.Sources {
		if inFolder(s.Name, dir) {
			taken[s.ReportID+"/"+string(s.Form)] = s.Name
		}
	}
	for _, f := range adds {
		r := f.report
		target := filepath.Join(dir, r.ID+extFor(r.Form, f.arg))
		key := r.ID + "/" + string(r.Form)
		if prev, ok := taken[key]; ok {
			if old, err := os.ReadFile(prev); err == nil && string(old) == string(f.data) {
				continue // the same file again: nothing to do
			}
			problems = append(problems, fmt.Sprintf("%s: %s (%s, %s) is already in the folder as %s; remove it first (peelbot reports remove %s)", f.arg, r.ID, r.Force, r.Round, prev, r.ID))
			continue
		}
		if embedded := lib.Report(r.ID); embedded != nil && !inFolder(embedded.Source, dir) && embedded.Form == r.Form && r.Form == corpus.FormText {
			problems = append(problems, fmt.Sprintf("%s: %s is built into peelbot in the text layout already; add its PDF or web page instead", f.arg, r.ID))
			continue
		}
		taken[key] = f.arg
		f.target = target
	}
	return problems
}

// inFolder reports whether a loaded file is in the reports folder (not
// built into peelbot).
func inFolder(name, dir string) bool {
	return filepath.Clean(filepath.Dir(name)) == filepath.Clean(dir)
}

// extFor is the extension a report of a form is kept under.
func extFor(form corpus.Form, arg string) string {
	switch form {
	case corpus.FormPDF:
		return ".pdf"
	case corpus.FormHTML:
		return ".html"
	}
	if strings.EqualFold(path.Ext(arg), ".md") {
		return ".md"
	}
	return ".txt"
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// downloaded is a report fetched from the web.
type downloaded struct {
	data []byte
	url  string // after redirects
	form corpus.Form
}

// download fetches a report: an http(s) URL without credentials, within
// the client's timeout, at most maxBytes, served as a PDF, a web page or
// text.
func download(ctx context.Context, client *http.Client, raw string, maxBytes int64) (*downloaded, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: not an http(s) URL", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s: a URL with a user name or password is refused; download the file yourself and add it", u.Redacted())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", raw, err)
	}
	req.Header.Set("User-Agent", "peelbot (reports add)")
	req.Header.Set("Accept", "application/pdf, text/html;q=0.9, text/plain;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, fmt.Errorf("%s: no answer within %s (--timeout)", raw, client.Timeout)
		}
		return nil, fmt.Errorf("%s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: the server answered %s", raw, resp.Status)
	}
	final := resp.Request.URL.String()
	if resp.ContentLength > maxBytes {
		return nil, fmt.Errorf("%s: %d MB, larger than the %d MB allowed (--max-mb)", raw, resp.ContentLength>>20, maxBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
			return nil, fmt.Errorf("%s: not downloaded within %s (--timeout)", raw, client.Timeout)
		}
		return nil, fmt.Errorf("%s: %w", raw, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("%s: larger than the %d MB allowed (--max-mb)", raw, maxBytes>>20)
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	sniffed, sniffErr := corpus.Sniff(path.Base(u.Path), data)
	var form corpus.Form
	switch ct {
	case "application/pdf", "application/x-pdf":
		form = corpus.FormPDF
	case "text/html", "application/xhtml+xml":
		form = corpus.FormHTML
	case "text/plain", "text/markdown", "text/x-markdown":
		form = corpus.FormText
	case "application/octet-stream", "binary/octet-stream", "":
		if sniffErr != nil || sniffed != corpus.FormPDF {
			return nil, fmt.Errorf("%s: served as %q and not a PDF; peelbot adds a report's PDF, web page or text", raw, cmp.Or(ct, "—"))
		}
		form = corpus.FormPDF
	default:
		return nil, fmt.Errorf("%s: served as %q, not a PDF, web page or text; peelbot adds a report's PDF, web page or text", raw, ct)
	}
	if sniffErr != nil || sniffed != form {
		return nil, fmt.Errorf("%s: served as %q but its content is not that", raw, ct)
	}
	return &downloaded{data: data, url: final, form: form}, nil
}

// writeAtomic writes a file whole or not at all.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func metaFile(meta map[string]string) []byte {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# front matter for the report beside this file (peelbot reports add)\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, meta[k])
	}
	return []byte(b.String())
}

func runReportsRemove(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("reports remove", "peelbot reports remove [--reports DIR] ID", `Takes every file of report ID (each form, with the front matter beside it)
out of the reports folder, then, with PEEL_INDEX_DIR, rebuilds the prebuilt
index without it. "peelbot reports --reports DIR" lists the ids. A report
built into peelbot cannot be removed. The store keeps the tracking history
of the report's items, and says how many of them are still outstanding;
adding the report again picks them up.

Environment:
  PEEL_REPORTS_DIR   default for --reports
  PEEL_INDEX_DIR     the prebuilt index to rebuild
`+storeEnvHelp)
	dir := a.reportsFlag(fs)
	rest, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(a.stderr, "peelbot reports remove: give one report id")
		return errUsage
	}
	id := strings.ToLower(strings.TrimSpace(rest[0]))
	folder, err := reportsFolder(*dir, false)
	if err != nil {
		return err
	}
	lib, err := a.folderLibrary(folder)
	if err != nil {
		return err
	}
	var files []string
	for _, s := range lib.Sources {
		if s.ReportID == id && inFolder(s.Name, folder) {
			files = append(files, s.Name)
			if _, err := os.Stat(s.Name + corpus.MetaSuffix); err == nil {
				files = append(files, s.Name+corpus.MetaSuffix)
			}
		}
	}
	if len(files) == 0 {
		if lib.Report(id) != nil {
			return fmt.Errorf("%s is built into peelbot and cannot be removed", id)
		}
		return fmt.Errorf("no report %q in %s (peelbot reports --reports %s lists them)", id, folder, folder)
	}
	r := lib.Report(id)
	kept := a.trackedOf(ctx, lib, id)
	// Move the files aside first, so that a failed rebuild can put them back.
	trash, err := os.MkdirTemp(folder, ".removed-")
	if err != nil {
		return err
	}
	var moved [][2]string
	restore := func() {
		for _, m := range moved {
			os.Rename(m[1], m[0])
		}
		os.RemoveAll(trash)
	}
	for _, f := range files {
		to := filepath.Join(trash, filepath.Base(f))
		if err := os.Rename(f, to); err != nil {
			restore()
			return fmt.Errorf("remove %s: %w", f, err)
		}
		moved = append(moved, [2]string{f, to})
	}
	_, done, err := a.refresh(folder)
	if err != nil {
		restore()
		return fmt.Errorf("%w; nothing was removed", err)
	}
	os.RemoveAll(trash)
	fmt.Fprintf(a.stdout, "removed %s (%s, %s): %s\n%s\n", id, r.Force, r.Round, strings.Join(files, ", "), done)
	if kept != "" {
		fmt.Fprintln(a.stdout, kept)
	}
	return nil
}

// trackedOf says what the store holds of report id's items, for a user
// about to take the report away: they are kept with their history but no
// longer listed, so an improvement team removing the wrong report learns
// before its board pack loses them. It reads the store without writing to
// it, and says nothing when there is no store or nothing in it.
func (a *app) trackedOf(ctx context.Context, lib *corpus.Library, id string) string {
	st, err := a.openPreview(ctx)
	if err != nil {
		return ""
	}
	defer st.Close()
	entries, err := (&tracker.Service{Library: lib, Repo: st}).Entries(ctx)
	if err != nil {
		return ""
	}
	tracked, outstanding := 0, 0
	for _, e := range entries {
		if e.Source.ReportID != id || e.Item.UpdatedAt.IsZero() {
			continue // another report's, or never tracked
		}
		tracked++
		if e.Item.Status.Outstanding() {
			outstanding++
		}
	}
	if tracked == 0 {
		return ""
	}
	return fmt.Sprintf("The store keeps its %s (%d still outstanding) with their history; they are no longer listed, and return if the report is added again.",
		cli.Count(tracked, "tracked item", "tracked items"), outstanding)
}
