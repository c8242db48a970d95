// Package crashtest kills peelbot serve in the middle of its daily digest
// and of a round of direct messages, as production does to it (kill -9,
// SIGTERM), and checks what Slack's users see once a restarted instance
// has recovered: exactly one digest for the day, showing the whole
// digest, and each notification sent exactly once. serve runs as a child
// process on loopback (internal/childproc) against the fake Slack
// (bot/slacktest), on SQLite and on the real PostgreSQL (a schema of the
// test's own, tracker/store/storetest), the two backends side by side.
// It holds tests only, run by go test ./... and CI.
//
// The claim lease is set short (PEEL_CLAIM_LEASE=3s) so that recovery is
// measured in seconds rather than the minute of the default: what the
// tests show is that recovery waits for the lease and nothing longer, and
// never posts twice. The default lease's bound (under two minutes) is
// checked without waiting by tracker/digest's and tracker/notify's tests,
// on a clock of their own.
package crashtest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/internal/childproc"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

func TestMain(m *testing.M) { childproc.Main(m) }

const (
	secret  = "crashtest-signing-secret-not-real"
	channel = "CDIGEST"
	// lease is the claim lease the tests run with.
	lease = 3 * time.Second
	// recoveryBound is how long a restarted instance may take to finish
	// what a killed one left, with the short lease: the lease, a retry
	// and the process's start, with room for a shared machine.
	recoveryBound = 30 * time.Second
	// grace is serve's shutdown grace period, which SIGTERM must keep,
	// with a margin for a loaded machine.
	grace = 25 * time.Second
)

// harness is one peelbot deployment: a fake Slack, a store, the reports,
// and the serve processes started on them.
type harness struct {
	t     *testing.T
	bin   string
	slack *slacktest.Server
	db    storetest.DB
	env   []string
	day   string
}

// newHarness makes a deployment on db whose digest (when digest is true)
// is due at once, with the claim lease given.
func newHarness(t *testing.T, db storetest.DB, lease time.Duration, digest bool) *harness {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	h := &harness{t: t, bin: childproc.Build(t, "github.com/peelbot/peelbot/cmd/peelbot"), slack: slacktest.NewServer(t), db: db}
	reports := t.TempDir()
	raw, err := os.ReadFile("../../corpus/testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(reports, "synthetic-peel-2023-25.txt"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	h.env = []string{
		"SLACK_BOT_TOKEN=" + h.slack.BotToken(), "SLACK_SIGNING_SECRET=" + secret, "SLACK_API_URL=" + h.slack.APIURL(),
		"PEEL_REPORTS_DIR=" + reports, "PEEL_DIGEST_TZ=UTC", "PEEL_DIGEST_AT=00:00", "PEEL_DIGEST_DAYS=daily",
		"PEEL_CLAIM_LEASE=" + lease.String(), "USER=crashtest",
	}
	if digest {
		h.env = append(h.env, "PEEL_DIGEST_CHANNEL="+channel)
	}
	if db.DatabaseURL != "" {
		h.env = append(h.env, "DATABASE_URL="+db.DatabaseURL)
	} else {
		h.env = append(h.env, "PEEL_DB_PATH="+db.SQLitePath)
	}
	h.day = time.Now().UTC().Format(time.DateOnly)
	return h
}

// serve starts peelbot serve and waits until it is healthy.
func (h *harness) serve() *childproc.Process {
	h.t.Helper()
	return childproc.Start(h.t, childproc.Config{Path: h.bin, Args: []string{"serve"}, Env: h.env})
}

// cli runs a peelbot command to its end and returns what it printed.
func (h *harness) cli(args ...string) string {
	h.t.Helper()
	p := childproc.Start(h.t, childproc.Config{Path: h.bin, Args: args, Env: h.env, NoWait: true})
	state, err := p.Wait(60 * time.Second)
	if err != nil || state.ExitCode() != 0 {
		h.t.Fatalf("peelbot %s: %v %v\n%s", strings.Join(args, " "), state, err, p.Stderr())
	}
	return p.Stdout()
}

// store opens the deployment's store, as another instance would.
func (h *harness) store() *store.Store {
	h.t.Helper()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: h.db.DatabaseURL, SQLitePath: h.db.SQLitePath})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	return st
}

// eventually polls cond until it holds or within has passed, and says how
// long it took.
func (h *harness) eventually(within time.Duration, what string, cond func() (bool, string)) time.Duration {
	h.t.Helper()
	start := time.Now()
	for {
		ok, why := cond()
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > within {
			h.t.Fatalf("%s: not within %v: %s", what, within, why)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitCall waits for the n-th call of method.
func (h *harness) waitCall(method string, n int) {
	h.t.Helper()
	if calls := h.slack.WaitFor(method, n, 60*time.Second); len(calls) < n {
		h.t.Fatalf("%d calls of %s, waited for %d", len(calls), method, n)
	}
}

// command sends /peel text to p from user as Slack does, signed, and
// returns the immediate answer.
func (h *harness) command(p *childproc.Process, user, text string) string {
	h.t.Helper()
	form := url.Values{
		"team_id": {h.slack.TeamID()}, "channel_id": {"C1"}, "user_id": {user}, "command": {"/peel"}, "text": {text},
		"response_url": {h.slack.ResponseURL(slacktest.ResponseURLOptions{Channel: "C1", User: user})},
		"trigger_id":   {h.slack.TriggerID()}, "api_app_id": {"A1"},
	}
	body := []byte(form.Encode())
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req, err := http.NewRequest(http.MethodPost, p.URL()+"/slack/commands", strings.NewReader(string(body)))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("/peel %s: %d %s", text, resp.StatusCode, answer)
	}
	return string(answer)
}

// digests are the channel's top-level messages that are the digest of
// the harness's day, by their metadata; and how many messages the
// channel has in all.
func (h *harness) digests() (found []slacktest.Message, all int) {
	msgs := h.slack.Messages(channel)
	for _, m := range msgs {
		if m.Metadata != nil && m.Metadata.EventType == "peel_digest" && m.Metadata.EventPayload["day"] == h.day &&
			m.Metadata.EventPayload["channel"] == channel {
			found = append(found, m)
		}
	}
	return found, len(msgs)
}

// fullDigest is the day's digest as it should now read: what peelbot
// digest --dry-run --json says, its text and blocks.
func (h *harness) fullDigest() (string, any) {
	h.t.Helper()
	var msgs []struct {
		Text   string          `json:"text"`
		Blocks json.RawMessage `json:"blocks"`
	}
	out := h.cli("digest", "--dry-run", "--json", "--date", h.day)
	if err := json.Unmarshal([]byte(out), &msgs); err != nil || len(msgs) != 1 {
		h.t.Fatalf("digest --dry-run --json: %v, %d messages:\n%s", err, len(msgs), out)
	}
	return msgs[0].Text, canonical(h.t, msgs[0].Blocks)
}

// canonical decodes JSON into plain values, so that two encodings of the
// same blocks compare equal.
func canonical(t *testing.T, raw []byte) any {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// digestRecovered reports whether the channel holds exactly one digest
// of the day, recorded as posted in the store, reading as the whole
// digest reads now.
func (h *harness) digestRecovered(st *store.Store) (bool, string) {
	found, all := h.digests()
	if len(found) != 1 || all != 1 {
		return false, fmt.Sprintf("%d digests of %s among %d messages in %s", len(found), h.day, all, channel)
	}
	rec, err := st.DigestFor(context.Background(), channel, h.day)
	if err != nil || rec == nil || rec.PostedAt == nil || rec.MessageTS != found[0].TS {
		return false, fmt.Sprintf("record %+v, %v; message %s", rec, err, found[0].TS)
	}
	last, err := st.LastEventID(context.Background())
	if err != nil || rec.Through != last {
		return false, fmt.Sprintf("the record reflects event %d, the latest is %d (%v)", rec.Through, last, err)
	}
	return true, ""
}

// checkFullDigest fails the test unless the day's one digest reads as the
// whole digest now does.
func (h *harness) checkFullDigest() {
	h.t.Helper()
	found, _ := h.digests()
	if len(found) != 1 {
		h.t.Fatalf("%d digests of %s", len(found), h.day)
	}
	text, blocks := h.fullDigest()
	raw, _ := json.Marshal(found[0].Blocks)
	if got := canonical(h.t, raw); found[0].Text != text || !reflect.DeepEqual(got, blocks) {
		h.t.Errorf("the digest in Slack is not the whole digest:\n got %s\n%s\nwant %s\n%v", found[0].Text, raw, text, blocks)
	}
}

// settle waits two leases, then checks that nothing more was posted.
func (h *harness) settle(p *childproc.Process, posts int) {
	h.t.Helper()
	time.Sleep(2 * lease)
	if n := len(h.slack.Acted("chat.postMessage")); n != posts {
		h.t.Errorf("%d messages posted once recovered, then %d a few leases later", posts, n)
	}
	if _, err := p.Stop(grace); err != nil {
		h.t.Error(err)
	}
}
