package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/peelbot/peelbot/internal/synthetic"
)

// runReports writes the synthetic corpus, less the source report itself:
// peelbot already embeds it, and "--reports DIR" adds these to it.
func runReports(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest reports", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the reports into `DIR` (created; must be empty)")
	n := fs.Int("n", 50, "reports in all, counting the embedded one")
	src := fs.String("src", "corpus/reports/hertfordshire-peel-2021-22.txt", "the embedded report's `FILE`")
	forms := fs.String("forms", "text", "write them as `FORMS`: text, pdf, html, or mix (a third of each)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("reports: -out DIR is required")
	}
	data, err := os.ReadFile(*src)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	files, err := synthetic.Corpus(data, *n)
	if err != nil {
		return err
	}
	rest, err := synthetic.InForms(files[1:], *forms)
	if err != nil {
		return err
	}
	files = append(files[:1], rest...)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if entries, _ := os.ReadDir(*out); len(entries) > 0 {
		return fmt.Errorf("reports: %s is not empty", *out)
	}
	for _, f := range files[1:] {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d synthetic reports (%s) to %s (with the embedded one: %d)\n", len(files)-1, *forms, *out, len(files))
	return nil
}
