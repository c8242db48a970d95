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
	"time"
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
	return parse(fs, args)
}

// parse parses args with fs, reporting a mistake in one line of its own
// (see flagMistake) instead of the flag package's message and the whole
// usage.
func parse(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if err != nil {
		fmt.Fprintf(out, "%s: %s\nRun \"%s --help\" for its flags.\n", fs.Name(), flagMistake(fs, err), fs.Name())
		return ErrUsage
	}
	return nil
}

// ParseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns the positional ones, in order.
// Everything after "--" is positional, even what starts with "-".
func ParseInterspersed(fs *flag.FlagSet, stdout io.Writer, args []string) ([]string, error) {
	var tail []string
	for i, arg := range args {
		if arg == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	if err := Parse(fs, stdout, args); err != nil {
		return nil, err
	}
	var pos []string
	for rest := fs.Args(); len(rest) > 0; rest = fs.Args() {
		pos = append(pos, rest[0])
		if err := parse(fs, rest[1:]); err != nil {
			return nil, err
		}
	}
	return append(pos, tail...), nil
}

// flagMistake says what is wrong with how a flag was given, in words: the
// flag package's "invalid value "abc" for flag -limit: parse error" becomes
// "--limit takes a whole number such as 5, not "abc"".
func flagMistake(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Sprintf("there is no flag --%s (an argument that starts with - goes after --)", strings.TrimPrefix(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value: %s", name, wants(fs.Lookup(name)))
	}
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		return msg
	}
	quoted, rest, ok := strings.Cut(rest, " for flag -")
	name, _, ok2 := strings.Cut(rest, ": ")
	if !ok || !ok2 || fs.Lookup(name) == nil {
		return msg
	}
	return fmt.Sprintf("--%s takes %s, not %s", name, wants(fs.Lookup(name)), quoted)
}

// wants says what a flag's value must be, from its type.
func wants(f *flag.Flag) string {
	if f == nil {
		return "a value"
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return "a value (see --help)"
	}
	switch g.Get().(type) {
	case int, int64, uint, uint64:
		return "a whole number such as 5"
	case float64:
		return "a number such as 0.5"
	case time.Duration:
		return "a length of time such as 30s or 2h"
	case bool:
		return "true or false"
	}
	return "a value (see --help)"
}

// Count is "1 report" or "3 reports": n with the noun that agrees with it.
func Count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
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
