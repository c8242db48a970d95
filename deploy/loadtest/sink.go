package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// sink stands in for Slack on loopback: it accepts what the server posts to
// a command's response_url, and answers any Web API method with ok, so a
// server pointed at it (-child-env NAME={sink}) never reaches Slack.
type sink struct {
	url string
	srv *http.Server

	mu    sync.Mutex
	posts map[string]int // by path
}

func startSink() (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start sink: %w", err)
	}
	s := &sink{url: "http://" + ln.Addr().String(), posts: map[string]int{}}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *sink) serveHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.posts[r.URL.Path]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if strings.HasSuffix(r.URL.Path, "/auth.test") {
		// Who the bot token belongs to: a server checks it at start.
		fmt.Fprint(w, `{"ok":true,"url":"https://loadtest.slack.com/","team":"loadtest","user":"peelbot","team_id":"T0LOADTEST","user_id":"U0LOADBOT","bot_id":"B0LOADBOT"}`)
		return
	}
	fmt.Fprint(w, `{"ok":true,"channel":"C0LOADTEST","ts":"1700000000.000100"}`)
}

func (s *sink) print(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.posts) == 0 {
		fmt.Fprintln(w, "posts to the fake Slack: none")
		return
	}
	for path, n := range s.posts {
		fmt.Fprintf(w, "posts to the fake Slack: %s × %d\n", path, n)
	}
}

func (s *sink) close() { s.srv.Close() }
