package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/corpus"
)

// childEnv makes the test binary a stand-in server for "loadtest run".
const childEnv = "LOADTEST_FAKE_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(fakeServer())
	}
	os.Exit(m.Run())
}

// verifier checks requests the way Slack's documentation says a server
// must: the timestamp is recent and the signature is the HMAC of
// "v0:timestamp:body" with the signing secret.
func verifier(secret string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts := r.Header.Get("X-Slack-Request-Timestamp")
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute ||
			!hmac.Equal([]byte(r.Header.Get("X-Slack-Signature")), []byte(sign(secret, ts, body))) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r)
	}
}

// fakeServer serves /healthz and signed slash commands on $PORT until
// SIGTERM, like peelbot serve is expected to.
func fakeServer() int {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("POST /slack/commands", verifier(os.Getenv("SLACK_SIGNING_SECRET"), func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("command") != "/peel" || r.FormValue("text") == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, `{"response_type":"ephemeral","text":%q}`, r.FormValue("text"))
	}))
	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: mux}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go func() { <-stop; srv.Shutdown(context.Background()) }()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestSignatureMatchesSlacksAlgorithm(t *testing.T) {
	// A signed request from slack-go's own tests (security_test.go).
	body := `{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}`
	got := sign("e6b19c573432dcc6b075501d51b51bb8", "1531431954", []byte(body))
	if want := "v0=adada4ed31709aef585c2580ca3267678c6a8eaeb7e0c1aca3ee57b656886b2c"; got != want {
		t.Errorf("sign = %s, want %s", got, want)
	}
}

func TestLoadSendsEverySignedCommandAtTheRate(t *testing.T) {
	var mu sync.Mutex
	texts := map[string]int{}
	srv := httptest.NewServer(verifier("s3cret", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		texts[r.FormValue("text")]++
		mu.Unlock()
		if r.FormValue("response_url") != "http://sink/response" {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer srv.Close()
	c := loadConfig{URL: srv.URL, Secret: "s3cret", Rate: 100, Duration: time.Second, Timeout: time.Second,
		Queries: []string{"dvpo", "999 kind:afi"}, MaxInFlight: 50, ResponseURL: "http://sink/response"}
	rep, err := runLoad(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 100 || rep.OK != 100 || rep.errorCount() != 0 {
		t.Fatalf("sent %d, ok %d, errors %v; want 100 sent and answered", rep.Sent, rep.OK, rep.Errors)
	}
	if texts["dvpo"] != 50 || texts["999 kind:afi"] != 50 {
		t.Errorf("server saw %v, want each question 50 times", texts)
	}
	// The last of 100 requests at 100/s is due after 990 ms: sending them
	// faster would load the server at another rate than asked. (No upper
	// bound: a busy machine may be slow, and that is not the tool's fault.)
	if rep.Elapsed < 990*time.Millisecond {
		t.Errorf("100 requests at 100/s were all sent in %v: the rate was not kept", rep.Elapsed)
	}
	var out strings.Builder
	if !rep.print(&out, c) {
		t.Errorf("a clean run was reported as failing:\n%s", out.String())
	}
}

func TestLatencyCountsTheWholeAnswer(t *testing.T) {
	// A server that takes 30 ms to answer: no request can have taken less.
	srv := httptest.NewServer(verifier("s3cret", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond)
	}))
	defer srv.Close()
	c := loadConfig{URL: srv.URL, Secret: "s3cret", Rate: 50, Duration: 200 * time.Millisecond, Timeout: 5 * time.Second,
		Queries: []string{"dvpo"}, MaxInFlight: 50}
	rep, err := runLoad(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK == 0 || rep.errorCount() != 0 {
		t.Fatalf("ok %d, errors %v", rep.OK, rep.Errors)
	}
	if fastest := rep.Latencies[0]; fastest < 30*time.Millisecond {
		t.Errorf("fastest latency %v, but every answer took at least 30 ms", fastest)
	}
}

func TestWrongSecretIsCountedAsErrors(t *testing.T) {
	srv := httptest.NewServer(verifier("right", func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := loadConfig{URL: srv.URL, Secret: "wrong", Rate: 50, Duration: 200 * time.Millisecond, Timeout: time.Second,
		Queries: []string{"dvpo"}, MaxInFlight: 50}
	rep, err := runLoad(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != 0 || rep.Errors["status 401"] != rep.Sent || rep.Sent == 0 {
		t.Fatalf("ok %d, errors %v of %d sent; want every request refused with 401", rep.OK, rep.Errors, rep.Sent)
	}
	var out strings.Builder
	if rep.print(&out, c) || !strings.Contains(out.String(), "status 401") {
		t.Errorf("a refused run must fail and say why:\n%s", out.String())
	}
}

func TestRunTimesStartLoadsAndStopsTheServer(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	queries := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(queries, []byte("dvpo\n{\"q\": \"why do officers leave\", \"expect\": [\"x\"]}\n"), 0o644)
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"run", "-port", strconv.Itoa(freePort(t)), "-rate", "50", "-duration", "1s",
		"-settle", "0", "-max-start", "0", "-max-rss-mb", "0", "-max-p99", "0", "-queries", queries,
		"-child-log", filepath.Join(t.TempDir(), "serve.log"), "-child-env", childEnv + "=1", "--", exe}, &out, &errOut)
	if err != nil {
		t.Fatalf("run: %v\n%s%s", err, out.String(), errOut.String())
	}
	for _, want := range []string{"start to /healthz 200:", "50 sent", "50 ok, 0 errors", "steady RSS", "stopped by SIGTERM"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunReportsAServerThatNeverComesUp(t *testing.T) {
	queries := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(queries, []byte("dvpo\n"), 0o644)
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"run", "-port", strconv.Itoa(freePort(t)), "-start-timeout", "2s", "-queries", queries,
		"-child-log", filepath.Join(t.TempDir(), "serve.log"), "--", "sh", "-c", "echo no such command: serve; exit 2"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "exited before") || !strings.Contains(out.String(), "no such command: serve") {
		t.Errorf("err %v, output %q: want the exit and the server's own words", err, out.String())
	}
}

func TestReportsCountTheEmbeddedOne(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	var out bytes.Buffer
	err := run(context.Background(), []string{"reports", "-out", dir, "-n", "5", "-src", filepath.Join("..", "..", "corpus", "reports", "hertfordshire-peel-2021-22.txt")}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// internal/synthetic tests the full 50; a few keep this test quick.
	if len(lib.Reports) != 5 {
		t.Errorf("peelbot would load %d reports, want 5: four written and the embedded one", len(lib.Reports))
	}
	if err := run(context.Background(), []string{"reports", "-out", dir, "-src", filepath.Join("..", "..", "corpus", "reports", "hertfordshire-peel-2021-22.txt")}, &out, io.Discard); err == nil {
		t.Error("writing into a non-empty directory was not refused")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestRunRefusesAPortInUse(t *testing.T) {
	// Another server on the port would answer /healthz and the load, and
	// every figure would be its own.
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	marker := filepath.Join(t.TempDir(), "started")
	queries := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(queries, []byte("dvpo\n"), 0o644)
	var out bytes.Buffer
	err = run(context.Background(), []string{"run", "-port", strconv.Itoa(port), "-queries", queries,
		"-child-log", filepath.Join(t.TempDir(), "serve.log"), "--", "touch", marker}, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("err %v: want the port in use refused", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the server was started on a port already in use")
	}
}

func TestSinkAnswersAuthTestAsSlackWould(t *testing.T) {
	s, err := startSink()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	resp, err := slack.New("xoxb-loadtest", slack.OptionAPIURL(s.url+"/api/")).AuthTest()
	if err != nil {
		t.Fatal(err)
	}
	if resp.UserID == "" || resp.TeamID == "" || resp.BotID == "" {
		t.Errorf("auth.test answered %+v: a server checking its token learns no identity", resp)
	}
	var out strings.Builder
	s.print(&out)
	if !strings.Contains(out.String(), "auth.test × 1") || !strings.Contains(out.String(), "payloads Slack would refuse: 0") {
		t.Errorf("sink counted %q, want the auth.test call", out.String())
	}
}

func TestCPUTimeGrowsWithWork(t *testing.T) {
	before, ok := cpuTime(os.Getpid())
	if !ok {
		t.Fatal("cannot read this process's CPU time")
	}
	// Work until /proc has counted 50 ms of it; a machine too busy to give
	// this process that in 10 s of trying is not one to measure on either.
	sum := 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		for i := range 1_000_000 {
			sum += i
		}
		if after, _ := cpuTime(os.Getpid()); after-before >= 50*time.Millisecond {
			return
		}
	}
	t.Errorf("10 s of work (%d) did not add 50 ms to the CPU time read from /proc", sum)
}
