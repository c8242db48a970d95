package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/pack"
	"github.com/peelbot/peelbot/tracker/pack/xlsx"
)

func init() {
	register(&command{name: "export", order: 35, summary: "the board pack of the items: csv, xlsx (with a chart) or md", run: runExport})
}

const exportDescription = `Writes the board pack: every outstanding item the filters pick (status:all
for every item), most urgent first, with the columns a board or police and
crime panel reads: reference, report, published, type, area, text, deadline
as written, due and revised dates (with the reason), owner, status, RAG,
last update, evidence, signed off by and when.

  --format csv    comma-separated, for any spreadsheet (the default)
  --format md     a Markdown document with the counts and a table
  --format xlsx   an Excel workbook: the items (a filter on each column, the
                  header kept in view, RAG cells coloured), a chart of open
                  items by status over time as a picture with its numbers,
                  and a summary; it needs --out

Without --format, the --out file's extension (.csv, .xlsx, .md) picks the
format; with it, the extension must agree. Without --out it writes to
standard output. In Slack, /peel export
[xlsx|csv|md] [filters] uploads the same file to the channel.

`

func runExport(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("export", "peelbot export --format csv|xlsx|md [--out FILE] [--reports DIR] [filters]",
		exportDescription+filterHelp+"\n\n"+afiEnvHelp)
	format := fs.String("format", "csv", "csv, xlsx or md (default: as --out's extension says, else csv)")
	out := fs.String("out", "", "write to `FILE` instead of standard output (xlsx needs it)")
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	*format = strings.ToLower(strings.TrimSpace(*format))
	formatGiven := false
	fs.Visit(func(f *flag.Flag) { formatGiven = formatGiven || f.Name == "format" })
	switch {
	case *format != "csv" && *format != "xlsx" && *format != "md":
		fmt.Fprintf(a.stderr, "peelbot export: --format %q: give csv, xlsx or md\n", *format)
		return errUsage
	}
	if *out != "" {
		if *format, err = outFormat(*out, *format, formatGiven); err != nil {
			fmt.Fprintf(a.stderr, "peelbot export: %v\n", err)
			return errUsage
		}
	}
	switch {
	case *format == "xlsx" && *out == "":
		fmt.Fprintln(a.stderr, "peelbot export: an xlsx workbook is not text: give --out FILE (such as --out board-pack.xlsx)")
		return errUsage
	}
	f, err := tracker.ParseFilter(strings.Join(pos, " "))
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot export: %s\n", tracker.ErrorMessage(err))
		return errUsage
	}
	_, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	me, _ := a.env().cliActor(*as)
	_, data, err := makePack(ctx, svc, f, *format, me)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = a.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(a.stderr, "peelbot export: %s written (%d bytes)\n", *out, len(data))
	return nil
}

// outFormat is the format to write to the file out: the one its
// extension names when --format was not given (board-pack.xlsx is a
// workbook), else format, which the extension must then agree with, so
// that CSV never lands in a file named as a workbook. A file with no
// extension takes format.
func outFormat(out, format string, given bool) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(out), "."))
	if ext == "markdown" {
		ext = "md"
	}
	switch {
	case ext == "" || ext == format:
		return format, nil
	case !given && (ext == "csv" || ext == "xlsx" || ext == "md"):
		return ext, nil
	case !given:
		return "", fmt.Errorf("%s: the board pack is written as .csv, .xlsx or .md; name the file with one of them, or give --format", out)
	}
	instead := "or give --format " + ext
	if ext != "csv" && ext != "xlsx" && ext != "md" {
		instead = "the board pack is written as .csv, .xlsx or .md"
	}
	return "", fmt.Errorf("--format %s writes %s, but %s is named as .%s: name it %s (%s)", format, map[string]string{
		"csv": "comma-separated text", "xlsx": "an Excel workbook", "md": "a Markdown document"}[format], out, ext,
		strings.TrimSuffix(out, filepath.Ext(out))+"."+format, instead)
}

// makePack is the board pack of the items f picks, seen by me, in format:
// its file name and bytes. Serve's /peel export makes it the same way.
func makePack(ctx context.Context, svc *tracker.Service, f tracker.Filter, format, me string) (string, []byte, error) {
	entries, err := svc.Entries(ctx)
	if err != nil {
		return "", nil, err
	}
	events, err := svc.Events(ctx, time.Time{})
	if err != nil {
		return "", nil, err
	}
	now := time.Now().In(svc.Loc())
	p := pack.Make(svc, f.Select(entries, svc.View(me)), f, events, now)
	name := "board-pack-" + now.Format("2006-01-02") + "." + format
	var buf bytes.Buffer
	switch format {
	case "xlsx":
		data, err := xlsx.Write(p)
		return name, data, err
	case "md":
		err = pack.WriteMarkdown(&buf, p)
	default:
		err = pack.WriteCSV(&buf, p)
	}
	return name, buf.Bytes(), err
}
