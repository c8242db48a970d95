// Package cli holds the conventions every peelbot command keeps, so that
// commands in packages of their own (askcmd) behave like those in main:
// flags with a --help that goes to standard output and names the
// environment, usage mistakes exiting 2, JSON lines for batch use.
//
// It may import the standard library only.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrUsage marks a mistake in how a command was called; the command has
// already printed what is wrong. peelbot exits 2.
var ErrUsage = errors.New("usage")

// NewFlagSet makes a command's flag set whose --help prints the command's
// usage line, its description (which names the environment variables it
// reads) and its flags; mistakes are reported on stderr.
func NewFlagSet(stderr io.Writer, name, usage, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("peelbot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s\n\n%s\n", usage, strings.TrimSpace(description))
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprint(w, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// Parse parses args, sending --help to stdout (and returning
// flag.ErrHelp); a bad flag is ErrUsage.
func Parse(fs *flag.FlagSet, stdout io.Writer, args []string) error {
	for _, arg := range args {
		if arg == "--" {
			break
		}
		if arg == "-h" || arg == "--help" || arg == "-help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return ErrUsage
	}
	return nil
}

// IsTerminal reports whether r is an interactive terminal, where waiting
// for input on it would only puzzle the user.
func IsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// WriteJSONLine writes v as one line of JSON, with <, > and & as they are.
func WriteJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
