package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/peelbot/peelbot/cmd/peelbot/internal/cli"
	"github.com/peelbot/peelbot/tracker/store"
)

func init() {
	register(&command{name: "feedback", order: 80, summary: "list the votes on Slack answers, and why they did not help", run: runFeedback})
}

// reasonText is how a reason reads.
var reasonText = map[string]string{
	store.ReasonWrongPassage: "wrong passage",
	store.ReasonNotCovered:   "not covered",
	store.ReasonOutOfDate:    "out of date",
	store.ReasonOther:        "other",
}

func runFeedback(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("feedback", "peelbot feedback [--json | --cases]",
		"Lists every vote on a Slack answer (its 👍 / 👎 buttons, one vote per person\n"+
			"per answer, and the older Helpful / Not helpful buttons), the latest first:\n"+
			"the question, the passages the answer showed, who voted and when, and for a\n"+
			"👎 why (wrong passage, not covered, out of date, other) in their words, so\n"+
			"that real misses can become evaluation cases.\n"+
			"--json prints an array of {\"id\", \"at\", \"updated\", \"answer\", \"question\",\n"+
			"\"passage_ids\", \"user\", \"channel\", \"helpful\", \"reason\", \"note\"}.\n"+
			"--cases prints each question voted not helpful once, as a JSON line in the\n"+
			"form of peelbot eval's question sets ({\"q\": …, \"expect\": []}), with why and\n"+
			"the passages shown that did not answer it: fill in \"expect\" with a phrase\n"+
			"the right passage contains, and add the line to a set.\n\nEnvironment:\n"+storeEnvHelp)
	asJSON := fs.Bool("json", false, "print JSON")
	asCases := fs.Bool("cases", false, "print the misses as draft evaluation cases, one JSON line each")
	if err := a.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(a.stderr, "peelbot feedback: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *asJSON && *asCases {
		fmt.Fprintln(a.stderr, "peelbot feedback: give --json or --cases, not both")
		return errUsage
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	votes, err := st.ListFeedback(ctx)
	if err != nil {
		return err
	}
	switch {
	case *asJSON:
		return writeJSON(a, votes)
	case *asCases:
		return writeCases(a, votes)
	}
	if len(votes) == 0 {
		fmt.Fprintln(a.stdout, "No feedback yet: votes on Slack answers (👍 / 👎) appear here.")
		return nil
	}
	helpful, reasons := 0, map[string]int{}
	for _, v := range votes {
		if v.Helpful {
			helpful++
		} else if v.Reason != "" {
			reasons[v.Reason]++
		}
	}
	fmt.Fprintf(a.stdout, "%s: %d helpful, %d not helpful", cli.Count(len(votes), "vote", "votes"), helpful, len(votes)-helpful)
	var why []string
	for _, r := range store.Reasons {
		if reasons[r] > 0 {
			why = append(why, fmt.Sprintf("%d %s", reasons[r], reasonText[r]))
		}
	}
	if len(why) > 0 {
		fmt.Fprintf(a.stdout, " (%s)", strings.Join(why, ", "))
	}
	fmt.Fprintln(a.stdout)
	for _, v := range votes {
		verdict := "not helpful"
		if v.Helpful {
			verdict = "helpful"
		}
		if v.Reason != "" {
			verdict += ": " + reasonText[v.Reason]
		}
		where := v.User
		if v.Channel != "" {
			where += " in " + v.Channel
		}
		fmt.Fprintf(a.stdout, "\n%s  %s  %s\n  question: %s\n  passages: %s\n",
			v.Updated.Local().Format(timeOfDay), verdict, where, v.Question, cmp.Or(strings.Join(v.PassageIDs, ", "), "none"))
		if v.Note != "" {
			fmt.Fprintf(a.stdout, "  why:      %s\n", strings.ReplaceAll(v.Note, "\n", "\n            "))
		}
	}
	return nil
}

// draftCase is a question voted not helpful, in the form of an
// evaluation set's line: eval refuses it until "expect" is filled in.
type draftCase struct {
	Q      string   `json:"q"`
	Expect []string `json:"expect"`
	// Why is the reasons and notes given, Shown the passages that did
	// not answer it, and Votes how many people said so.
	Why   []string `json:"why,omitempty"`
	Shown []string `json:"shown,omitempty"`
	Votes int      `json:"votes"`
}

// writeCases prints each question voted not helpful once, the latest
// first, as a draft evaluation case.
func writeCases(a *app, votes []store.Feedback) error {
	var cases []*draftCase
	byQ := map[string]*draftCase{}
	for _, v := range votes {
		if v.Helpful {
			continue
		}
		key := strings.ToLower(strings.Join(strings.Fields(v.Question), " "))
		c, ok := byQ[key]
		if !ok {
			c = &draftCase{Q: v.Question, Expect: []string{}}
			byQ[key] = c
			cases = append(cases, c)
		}
		c.Votes++
		if v.Reason != "" {
			why := reasonText[v.Reason]
			if v.Note != "" {
				why += ": " + v.Note
			}
			c.Why = append(c.Why, why)
		}
		for _, id := range v.PassageIDs {
			if !contains(c.Shown, id) {
				c.Shown = append(c.Shown, id)
			}
		}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
