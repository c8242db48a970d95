package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/peelbot/peelbot/bot/slacktest"
)

// sink stands in for Slack on loopback: bot/slacktest's fake Slack, which
// takes any bot token (the server's is a placeholder), answers as Slack
// does, and refuses what Slack would refuse, so a server pointed at it
// (-child-env NAME={sink}) never reaches Slack and every payload it sends
// under load is still checked.
type sink struct {
	url string
	// responseURL is the one response_url every command carries; it
	// takes any number of posts.
	responseURL string
	srv         *slacktest.Server
}

func startSink() (*sink, error) {
	s := slacktest.NewServer(nil, slacktest.Options{
		AnyBotToken: true, TeamID: "T0LOADTEST", BotUserID: "U0LOADBOT", BotID: "B0LOADBOT", BotName: "peelbot",
	})
	return &sink{url: s.URL, srv: s,
		responseURL: s.ResponseURL(slacktest.ResponseURLOptions{Channel: "C0LOADTEST", User: "U0LOADUSER", MaxUses: -1})}, nil
}

// print says what reached the fake Slack, by method (a response URL's
// path is a credential, so never printed), and how much of it Slack would
// have refused.
func (s *sink) print(w io.Writer) {
	calls := s.srv.Calls()
	calls = append(calls, s.srv.Calls("auth.test")...)
	if len(calls) == 0 {
		fmt.Fprintln(w, "posts to the fake Slack: none")
		return
	}
	byPath := map[string]int{}
	invalid := 0
	for _, c := range calls {
		byPath[c.Method]++
		if c.Invalid != nil {
			invalid++
		}
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(w, "posts to the fake Slack: %s × %d\n", p, byPath[p])
	}
	fmt.Fprintf(w, "payloads Slack would refuse: %d\n", invalid)
}

func (s *sink) close() { s.srv.Close() }
