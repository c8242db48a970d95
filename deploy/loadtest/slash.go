package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loadConfig is one fixed-rate run of signed slash commands.
type loadConfig struct {
	URL      string        // the server's slash command endpoint
	Secret   string        // Slack signing secret the server checks
	Rate     float64       // requests per second
	Duration time.Duration // how long to send
	Timeout  time.Duration // a request not answered by then is an error
	Queries  []string      // the /peel texts, used round and round
	MaxP99   time.Duration // budget; 0 for none
	// MaxInFlight bounds open requests; a request due when it is reached
	// is not sent and counts as an error ("client saturated").
	MaxInFlight int
	// ResponseURL is put in every command; deploy's sink counts what the
	// server posts there.
	ResponseURL string
	Now         func() time.Time
}

// loadReport is what a run measured.
type loadReport struct {
	Sent, OK  int
	Errors    map[string]int // by cause: "status 401", "timeout", "client saturated", …
	Latencies []time.Duration
	Elapsed   time.Duration
}

func (r *loadReport) errorCount() int {
	n := 0
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// percentile by nearest rank of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

// sign returns the X-Slack-Signature of body sent at timestamp ts.
func sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// commandBody is the form Slack posts for "/peel text" (the fields of
// Slack's slash command payload; ids are made up but well formed).
func commandBody(text, responseURL string, n int) []byte {
	v := url.Values{
		"token":        {"loadtest-deprecated-verification-token"},
		"team_id":      {"T0LOADTEST"},
		"team_domain":  {"loadtest"},
		"channel_id":   {"C0LOADTEST"},
		"channel_name": {"peel-load"},
		"user_id":      {fmt.Sprintf("U0LOAD%04d", n%1000)},
		"user_name":    {"loadtest"},
		"command":      {"/peel"},
		"text":         {text},
		"api_app_id":   {"A0LOADTEST"},
		"response_url": {responseURL},
		"trigger_id":   {fmt.Sprintf("%d.%d.loadtest", 1000+n, n)},
	}
	return []byte(v.Encode())
}

// newRequest builds the signed POST of one slash command.
func (c *loadConfig) newRequest(ctx context.Context, n int) (*http.Request, error) {
	body := commandBody(c.Queries[n%len(c.Queries)], c.ResponseURL, n)
	ts := strconv.FormatInt(c.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sign(c.Secret, ts, body))
	return req, nil
}

// runLoad sends requests at the configured rate for the configured time,
// open loop, and waits for the last answers.
func runLoad(ctx context.Context, c loadConfig) (*loadReport, error) {
	if c.Rate <= 0 || c.Duration <= 0 || len(c.Queries) == 0 {
		return nil, errors.New("load: rate, duration and queries are required")
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	client := &http.Client{
		Timeout: c.Timeout,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: c.Timeout}).DialContext,
			MaxIdleConns:        c.MaxInFlight,
			MaxIdleConnsPerHost: c.MaxInFlight,
			IdleConnTimeout:     30 * time.Second,
		},
	}
	defer client.CloseIdleConnections()

	rep := &loadReport{Errors: map[string]int{}}
	var mu sync.Mutex
	record := func(d time.Duration, cause string) {
		mu.Lock()
		defer mu.Unlock()
		if cause != "" {
			rep.Errors[cause]++
			return
		}
		rep.OK++
		rep.Latencies = append(rep.Latencies, d)
	}

	interval := time.Duration(float64(time.Second) / c.Rate)
	total := int(c.Duration.Seconds() * c.Rate)
	var inFlight atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for n := 0; n < total; n++ {
		due := start.Add(time.Duration(n) * interval)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-ctx.Done():
				wg.Wait()
				return rep, ctx.Err()
			case <-time.After(wait):
			}
		}
		rep.Sent++
		if c.MaxInFlight > 0 && inFlight.Load() >= int64(c.MaxInFlight) {
			record(0, "client saturated (too many requests still open)")
			continue
		}
		inFlight.Add(1)
		wg.Add(1)
		go func(n int, due time.Time) {
			defer wg.Done()
			defer inFlight.Add(-1)
			// The latency is read once the answer is in: as an argument
			// beside the call, time.Since would be evaluated before it.
			cause := c.send(ctx, client, n)
			record(time.Since(due), cause)
		}(n, due)
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	slices.Sort(rep.Latencies)
	return rep, nil
}

// send posts one command and returns why it failed, or "".
func (c *loadConfig) send(ctx context.Context, client *http.Client, n int) string {
	req, err := c.newRequest(ctx, n)
	if err != nil {
		return "build request: " + err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "timeout"
		}
		return "transport: " + shortError(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return "read body: " + shortError(err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "status " + strconv.Itoa(resp.StatusCode)
	}
	return ""
}

// shortError drops the URL from a transport error, so causes group.
func shortError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// print writes the figures of a run and says whether they meet the budget.
func (r *loadReport) print(w io.Writer, c loadConfig) bool {
	rate := float64(r.Sent) / r.Elapsed.Seconds()
	fmt.Fprintf(w, "slash commands: %d sent in %v (%.1f/s, asked %.0f/s), %d ok, %d errors\n",
		r.Sent, r.Elapsed.Round(time.Millisecond), rate, c.Rate, r.OK, r.errorCount())
	causes := make([]string, 0, len(r.Errors))
	for cause := range r.Errors {
		causes = append(causes, cause)
	}
	slices.Sort(causes)
	for _, cause := range causes {
		fmt.Fprintf(w, "  error: %s × %d\n", cause, r.Errors[cause])
	}
	p99 := percentile(r.Latencies, 99)
	fmt.Fprintf(w, "latency: p50 %v  p90 %v  p99 %v  max %v\n",
		ms(percentile(r.Latencies, 50)), ms(percentile(r.Latencies, 90)), ms(p99), ms(percentile(r.Latencies, 100)))
	ok := r.errorCount() == 0 && r.OK > 0
	if c.MaxP99 > 0 {
		verdict := "within"
		if p99 >= c.MaxP99 {
			verdict, ok = "OVER", false
		}
		fmt.Fprintf(w, "p99 budget %v: %s (%.0f%% of budget)\n", c.MaxP99, verdict, 100*float64(p99)/float64(c.MaxP99))
	}
	return ok
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

// slashFlags declares the flags of a load run on fs.
func slashFlags(fs *flag.FlagSet, c *loadConfig, queriesFile *string) {
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080/slack/commands", "slash command `URL` of the server")
	fs.StringVar(&c.Secret, "secret", os.Getenv("SLACK_SIGNING_SECRET"), "Slack signing `secret` the server checks (default $SLACK_SIGNING_SECRET)")
	fs.Float64Var(&c.Rate, "rate", 200, "requests per second")
	fs.DurationVar(&c.Duration, "duration", 30*time.Second, "how long to send")
	fs.DurationVar(&c.Timeout, "timeout", 5*time.Second, "a request not answered within this is an error")
	fs.DurationVar(&c.MaxP99, "max-p99", 50*time.Millisecond, "p99 budget; exit 1 when missed (0: none)")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", 1000, "most requests open at once")
	fs.StringVar(queriesFile, "queries", "index/testdata/eval-questions.jsonl", "`FILE` of questions: JSON lines with \"q\", or plain lines")
}

func runSlash(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest slash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c loadConfig
	var queriesFile string
	slashFlags(fs, &c, &queriesFile)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.prepare(queriesFile); err != nil {
		return err
	}
	sink, err := startSink()
	if err != nil {
		return err
	}
	defer sink.close()
	c.ResponseURL = sink.responseURL
	rep, err := runLoad(ctx, c)
	if err != nil {
		return err
	}
	ok := rep.print(stdout, c)
	sink.print(stdout)
	if !ok {
		return errFailed
	}
	return nil
}

// prepare checks the configuration and reads the questions.
func (c *loadConfig) prepare(queriesFile string) error {
	if c.Secret == "" {
		return errors.New("no signing secret: set -secret or SLACK_SIGNING_SECRET")
	}
	qs, err := readQueries(queriesFile)
	if err != nil {
		return err
	}
	c.Queries = qs
	return nil
}

// readQueries reads questions, one a line: JSON objects with "q" (the
// evaluation set's format) or plain text.
func readQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasPrefix(t, "{") {
			var v struct{ Q string }
			if err := json.Unmarshal([]byte(t), &v); err != nil || v.Q == "" {
				return nil, fmt.Errorf("questions %s line %d: not {\"q\": ...}", path, line)
			}
			t = v.Q
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("questions %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("questions %s: none", path)
	}
	return out, nil
}
