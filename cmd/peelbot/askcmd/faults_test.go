package askcmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
	"github.com/peelbot/peelbot/internal/openaitest"
)

// watched is a writer that tells, as soon as it has been written, what
// it holds: what a terminal shows.
type watched struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func newWatched() *watched { return &watched{changed: make(chan struct{}, 1)} }

func (w *watched) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return w.b.Write(p)
}

func (w *watched) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// waitFor waits up to limit (a bound on a hang, not a measure of speed)
// for text to be written.
func (w *watched) waitFor(t *testing.T, text string, limit time.Duration) bool {
	t.Helper()
	deadline := time.After(limit)
	for !strings.Contains(w.String(), text) {
		select {
		case <-w.changed:
		case <-deadline:
			return false
		}
	}
	return true
}

// runWith runs ask with a summariser on the fake model server m whose
// whole call is bounded by timeout, in the background; done is closed
// when it returns.
func runWith(t *testing.T, m *openaitest.Server, timeout time.Duration, stdin string, out, errOut io.Writer, args ...string) (done chan struct{}, err *error) {
	t.Helper()
	done, err = make(chan struct{}), new(error)
	cfg := Config{
		Stdin: strings.NewReader(stdin), Stdout: out, Stderr: errOut,
		Library: corpus.Load, OpenIndex: index.Build, User: "cli:test", SummaryTimeout: timeout,
		Summariser: func() (*summary.Summariser, []string) {
			s, e := summary.New(summary.Config{BaseURL: m.URL(), Model: "test-model", Timeout: timeout,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if e != nil {
				return nil, []string{e.Error()}
			}
			return s, nil
		},
	}
	go func() {
		defer close(done)
		*err = Run(context.Background(), cfg, args)
	}()
	return done, err
}

// With the model hanging, `ask --summary` prints the passages before the
// summary's timeout, then the note once the model is given up on.
func TestAskSummaryPrintsThePassagesWhileTheModelHangs(t *testing.T) {
	m := openaitest.Start(t, openaitest.Hang{})
	out := newWatched()
	done, err := runWith(t, m, time.Minute, "", out, io.Discard, "--summary", "dvpo")
	if !out.waitFor(t, "[2] Hertfordshire", 30*time.Second) {
		t.Fatalf("no passages printed while the model hangs (its timeout is a minute):\n%s", out)
	}
	for len(m.Requests()) == 0 { // the model is asked after the passages are out
		select {
		case <-done:
			t.Fatalf("ask returned without asking the model: %v\n%s", *err, out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if strings.Contains(out.String(), "Summary") {
		t.Fatalf("a summary before the model answered:\n%s", out)
	}
	m.Close() // the model goes away: ask gives up on it
	<-done
	if *err != nil {
		t.Fatal(*err)
	}
	text := out.String()
	if p, note := strings.Index(text, "[2] Hertfordshire"), strings.Index(text, "(No summary:"); note < p {
		t.Errorf("want the passages, then the note:\n%s", text)
	}

	// Past the timeout, the note says so, under the passages.
	m = openaitest.Start(t, openaitest.Hang{})
	out = newWatched()
	done, err = runWith(t, m, 300*time.Millisecond, "", out, io.Discard, "--summary", "dvpo")
	<-done
	text = out.String()
	if p, note := strings.Index(text, "[1] Hertfordshire"), strings.Index(text, "(No summary: the model did not answer within 300ms (OPENAI_TIMEOUT). The passages"); *err != nil || p < 0 || note < p {
		t.Errorf("%v; want the passages, then the timeout's note:\n%s", *err, text)
	}
}

// --json still prints one object per question, summary and all.
func TestAskSummaryJSONIsOneObjectPerQuestion(t *testing.T) {
	m := openaitest.Start(t, openaitest.Text{Content: "The force rarely used DVPOs [1]."}, openaitest.Hang{})
	var out bytes.Buffer
	done, err := runWith(t, m, 300*time.Millisecond, "dvpo\nvictims\n", &out, io.Discard, "--summary", "--json")
	<-done
	if *err != nil {
		t.Fatal(*err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per question:\n%s", len(lines), out.String())
	}
	var first, second struct {
		Query        string           `json:"query"`
		Hits         []map[string]any `json:"hits"`
		Summary      *summary.Summary `json:"summary"`
		SummaryError string           `json:"summary_error"`
	}
	if e := json.Unmarshal([]byte(lines[0]), &first); e != nil || first.Query != "dvpo" || first.Summary == nil || len(first.Hits) == 0 {
		t.Errorf("%v: %s", e, lines[0])
	}
	if e := json.Unmarshal([]byte(lines[1]), &second); e != nil || second.Query != "victims" || second.Summary != nil || second.SummaryError != "the model did not answer within 300ms (OPENAI_TIMEOUT)" || len(second.Hits) == 0 {
		t.Errorf("%v: %s", e, lines[1])
	}
}

// A line of standard input over 1 MiB is refused by its number and the
// limit, without stopping the others; ask then says so in its error.
func TestAskRefusesALongStdinLineByName(t *testing.T) {
	stdin := "dvpo\n" + strings.Repeat("x", 2<<20) + "\nvictims\n" + strings.Repeat("y", MaxLineBytes+1)
	var out, errOut bytes.Buffer
	done, err := runWith(t, openaitest.Start(t), time.Second, stdin, &out, &errOut, "--json")
	<-done
	if *err == nil || !strings.Contains((*err).Error(), "line 2, 4") || strings.Contains((*err).Error(), "token too long") {
		t.Errorf("error %v, want one naming lines 2 and 4", *err)
	}
	if e := errOut.String(); !strings.Contains(e, "line 2 is longer than 1048576 bytes") || !strings.Contains(e, "line 4 is longer") {
		t.Errorf("stderr does not name the long lines:\n%s", e)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"query":"dvpo"`) || !strings.Contains(lines[1], `"query":"victims"`) {
		t.Errorf("the other lines were not all answered:\n%.500s", out.String())
	}
	// A line of exactly the limit is a query like any other.
	if line, long, _ := readLine(bufioReader(strings.Repeat("z", MaxLineBytes)+"\r\n"), MaxLineBytes); long || len(line) != MaxLineBytes {
		t.Errorf("a line of %d bytes: long %v, %d bytes read", MaxLineBytes, long, len(line))
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReaderSize(strings.NewReader(s), 64<<10) }

// What the model server answered is said in a line naming the setting to
// check, not as go-openai's error.
func TestAskSummaryNamesTheSettingForAServerError(t *testing.T) {
	for _, c := range []struct {
		reply openaitest.Reply
		want  string
	}{
		{openaitest.Status{Code: 401, Message: "Incorrect API key provided"},
			"(No summary: the model server refused the key (401 Unauthorized: Incorrect API key provided; check OPENAI_API_KEY). The passages"},
		{openaitest.Status{Code: 404, Message: "model 'nope' not found"},
			"(No summary: the model server answered 404 Not Found: model 'nope' not found (check OPENAI_BASE_URL and OPENAI_MODEL). The passages"},
		{openaitest.Status{Code: 400, Message: "bad"}, "(No summary: the model server answered 400 Bad Request: bad. The passages"},
	} {
		var out bytes.Buffer
		done, err := runWith(t, openaitest.Start(t, c.reply), 10*time.Second, "", &out, io.Discard, "--summary", "dvpo")
		<-done
		if *err != nil || !strings.Contains(out.String(), c.want) {
			t.Errorf("%v; want %q in:\n%s", *err, c.want, out.String())
		}
	}
}

// A summary that cites no passage is refused in a sentence, not as the
// summariser's count of "1 invalid markers removed".
func TestAskSummaryCitingNothingIsOneSentence(t *testing.T) {
	var out bytes.Buffer
	done, err := runWith(t, openaitest.Start(t, openaitest.Text{Content: "The force did well [9]."}), 10*time.Second, "", &out, io.Discard, "--summary", "dvpo")
	<-done
	want := "(No summary: the model's summary cited none of the passages, so it is not shown. The passages are the reports' own words.)"
	if *err != nil || !strings.Contains(out.String(), want) || strings.Contains(out.String(), "markers") {
		t.Errorf("%v; want %q in:\n%s", *err, want, out.String())
	}
}
