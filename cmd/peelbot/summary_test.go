package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeModel is an OpenAI-compatible chat completions server that answers
// with the given content and counts its calls.
func fakeModel(t *testing.T, content string, delay time.Duration) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") || !strings.Contains(string(body), "domestic violence protection") {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"fake-model-1","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}`, content)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

type summaryJSON struct {
	Query   string `json:"query"`
	Hits    []struct{ ID, Text string }
	Summary *struct {
		Text      string `json:"text"`
		Citations []int  `json:"citations"`
		Model     string `json:"model"`
	} `json:"summary"`
	SummaryError *string `json:"summary_error"`
}

func TestAskSummaryJSON(t *testing.T) {
	srv, calls := fakeModel(t, "The force made the least use of DVPOs in England and Wales [2]; see also [99].", 0)
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "fake-model"}
	code, out, stderr := runCmd(t, env, "", "ask", "--summary", "--json", "dvpo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got summaryJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Summary == nil || len(got.Hits) != 2 {
		t.Fatalf("summary %+v, %d hits", got.Summary, len(got.Hits))
	}
	if strings.Contains(got.Summary.Text, "[99]") || !strings.Contains(got.Summary.Text, "[2]") {
		t.Errorf("invented citation kept or real one lost: %q", got.Summary.Text)
	}
	if len(got.Summary.Citations) != 1 || got.Summary.Citations[0] != 1 || got.Summary.Model != "fake-model-1" {
		t.Errorf("citations %v model %q", got.Summary.Citations, got.Summary.Model)
	}
	if !strings.Contains(got.Hits[1].Text, "lowest rate of use of DVPOs") {
		t.Errorf("citation 1 does not point at the passage it names: %q", got.Hits[1].Text)
	}
	if got.SummaryError != nil {
		t.Errorf("summary_error %q with a summary", *got.SummaryError)
	}
	if calls.Load() != 1 {
		t.Errorf("%d model calls", calls.Load())
	}

	// Text output: the passages first, numbered, then the summary naming
	// the one it cites (issue 15: the passages never wait for the model).
	_, text, _ := runCmd(t, env, "", "ask", "--summary", "dvpo")
	si, p1, p2 := strings.Index(text, "The force made the least use"), strings.Index(text, "[1] Hertfordshire"), strings.Index(text, "[2] Hertfordshire")
	if si < 0 || p1 < 0 || p2 < p1 || si < p2 || !strings.Contains(text, "citing [2]") {
		t.Errorf("text answer:\n%s", text)
	}
}

func TestAskSummaryUnavailableStillAnswers(t *testing.T) {
	slow, _ := fakeModel(t, "too late [1]", 5*time.Second)
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()
	cases := map[string]map[string]string{
		"not configured": {},
		"server down":    {"OPENAI_BASE_URL": downURL + "/v1", "OPENAI_TIMEOUT": "2s"},
		"too slow":       {"OPENAI_BASE_URL": slow.URL + "/v1", "OPENAI_TIMEOUT": "300ms"},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			code, out, stderr := runCmd(t, env, "dvpo\n999\n", "ask", "--summary", "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 2 {
				t.Fatalf("%d lines for 2 queries", len(lines))
			}
			for i, line := range lines {
				if !strings.Contains(line, `"summary":null`) {
					t.Errorf("line %d lacks \"summary\": null: %.200s", i, line)
				}
				var got summaryJSON
				if err := json.Unmarshal([]byte(line), &got); err != nil {
					t.Fatal(err)
				}
				if got.SummaryError == nil || *got.SummaryError == "" || len(got.Hits) == 0 {
					t.Errorf("line %d: error %v, %d hits", i, got.SummaryError, len(got.Hits))
				}
			}
			if name == "too slow" && time.Since(start) > 4*time.Second {
				t.Errorf("a hanging model held the answer for %s", time.Since(start))
			}
		})
	}
}

func TestAskSummaryRefusesBadSettings(t *testing.T) {
	code, _, stderr := runCmd(t, map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_TIMEOUT": "20"}, "", "ask", "--summary", "dvpo")
	if code != 2 || !strings.Contains(stderr, "OPENAI_TIMEOUT") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestSummarySettingsAreCheckedOneLineEach(t *testing.T) {
	code, _, stderr := runCmd(t, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
		"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_TIMEOUT": "soon", "PEEL_SUMMARY_PER_USER_HOUR": "many",
		"DATABASE_URL": "mysql://root@localhost/peel",
	}, "", "serve")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"peelbot serve: OPENAI_TIMEOUT", "peelbot serve: PEEL_SUMMARY_PER_USER_HOUR", "peelbot serve: DATABASE_URL"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestAskGivesTheModelTheCitationSlackShows: the model is asked to cite
// passages under the citation a reader sees beside them, whichever surface
// asked (issue 10: one citation type).
func TestAskGivesTheModelTheCitationSlackShows(t *testing.T) {
	var prompt atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		prompt.Store(string(body))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Few DVPOs [1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`)
	}))
	defer srv.Close()
	code, _, stderr := runCmd(t, map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1"}, "", "ask", "--summary", "--json", "dvpo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := prompt.Load().(string)
	const slackCitation = "Hertfordshire Constabulary PEEL 2021/22 · Protecting vulnerable people › Area for improvement › " +
		"The constabulary should make sure that protective orders are considered in all appropriate cases · p. 30"
	if !strings.Contains(got, slackCitation) {
		t.Errorf("the model was not given the citation Slack shows (%q):\n%.1500s", slackCitation, got)
	}
}

// A model server that cannot be reached is one sentence under the
// passages naming its host and OPENAI_BASE_URL, with no log line in the
// text (the base URL's password is never shown).
func TestAskSummaryModelServerRefusing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connections are refused
	code, out, stderr := runCmd(t, map[string]string{"OPENAI_BASE_URL": "http://user:s3cret@" + addr + "/v1"}, "", "ask", "--summary", "dvpo")
	want := "(No summary: the model server at " + addr + " refused the connection (OPENAI_BASE_URL). The passages are the reports' own words.)"
	if code != 0 || !strings.Contains(out, want) || stderr != "" || strings.Contains(out+stderr, "s3cret") || strings.Contains(out, "level=") {
		t.Errorf("exit %d; want %q on stdout and nothing on stderr\nstdout:\n%s\nstderr:\n%s", code, want, out, stderr)
	}
}
