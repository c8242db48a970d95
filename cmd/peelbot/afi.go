package main

import (
	"context"
	"fmt"
	"strings"
)

func init() {
	register(&command{name: "afi", order: 30, summary: "list and track the reports' areas for improvement", run: runAFI})
}

const afiUsage = `Usage: peelbot afi <subcommand> [flags]

Subcommands:
  list [--json]   every area for improvement with its status

` + reportsHelp + "\n"

// afiItem is one line of "peelbot afi list --json".
type afiItem struct {
	ID     string `json:"id"`
	Report string `json:"report"`
	Area   string `json:"area"`
	Text   string `json:"text"`
	Status string `json:"status"`
}

func runAFI(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(a.stdout, afiUsage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "list":
		return runAFIList(ctx, a, args[1:])
	}
	fmt.Fprintf(a.stderr, "peelbot afi: unknown subcommand %q\n\n%s", args[0], afiUsage)
	return errUsage
}

func runAFIList(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("afi list", "peelbot afi list [--json] [--reports DIR]",
		"Lists every area for improvement (AFI) in every report, with its status.\n"+
			"--json prints an array of {\"id\", \"report\", \"area\", \"text\", \"status\"}.\n\n"+reportsHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	dir := a.reportsFlag(fs)
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	lib, err := a.library(*dir)
	if err != nil {
		return err
	}
	items := []afiItem{}
	for _, x := range lib.AFIs() {
		items = append(items, afiItem{ID: x.ID, Report: x.ReportID, Area: x.Area, Text: x.Text, Status: "open"})
	}
	if *asJSON {
		return writeJSON(a, items)
	}
	area := ""
	for _, it := range items {
		if it.Area != area {
			area = it.Area
			fmt.Fprintf(a.stdout, "\n%s\n", strings.ToUpper(area[:1])+area[1:])
		}
		fmt.Fprintf(a.stdout, "  %-18s [%s] %s\n", it.ID, it.Status, it.Text)
	}
	return nil
}
