package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"
)

func init() {
	register(&command{name: "feedback", order: 80, summary: "list the Helpful / Not helpful clicks on answers", run: runFeedback})
}

func runFeedback(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("feedback", "peelbot feedback [--json]",
		"Lists every Helpful / Not helpful click on a Slack answer, newest first: the\n"+
			"question, the passages the answer showed, who clicked and when, so that real\n"+
			"misses can become evaluation cases.\n"+
			"--json prints an array of {\"id\", \"at\", \"question\", \"passage_ids\", \"user\",\n"+
			"\"channel\", \"helpful\"}.\n\nEnvironment:\n"+storeEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(a.stderr, "peelbot feedback: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	clicks, err := st.ListFeedback(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a, clicks)
	}
	if len(clicks) == 0 {
		fmt.Fprintln(a.stdout, "No feedback yet: clicks on Helpful / Not helpful under Slack answers appear here.")
		return nil
	}
	helpful := 0
	for _, c := range clicks {
		if c.Helpful {
			helpful++
		}
	}
	fmt.Fprintf(a.stdout, "%d clicks: %d helpful, %d not helpful\n", len(clicks), helpful, len(clicks)-helpful)
	for _, c := range clicks {
		verdict := "not helpful"
		if c.Helpful {
			verdict = "helpful"
		}
		where := c.User
		if c.Channel != "" {
			where += " in " + c.Channel
		}
		fmt.Fprintf(a.stdout, "\n%s  %s  %s\n  question: %s\n  passages: %s\n",
			c.At.Local().Format(timeOfDay), verdict, where, c.Question, cmp.Or(strings.Join(c.PassageIDs, ", "), "none"))
	}
	return nil
}
