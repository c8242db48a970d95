package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/internal/tcpproxy"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// ackLimit is how long Slack waits for an acknowledgement before it
// retries (and, for a command, shows the user an error).
const ackLimit = 3 * time.Second

// proxiedStore opens a fresh PostgreSQL store through a TCP proxy, so that
// the test can make the database refuse connections or drop packets; it
// returns the proxy, the store as the bot sees it, and the same database
// opened directly, to look at what the bot recorded.
func proxiedStore(t *testing.T) (*tcpproxy.Proxy, *store.Store, *store.Store) {
	t.Helper()
	p, via, direct := proxiedDB(t)
	return p, openStore(t, via, time.Now), direct
}

// proxiedDB is a fresh PostgreSQL database reached through a TCP proxy:
// the proxy, the database as reached through it (each open of it is an
// instance of its own), and the database opened directly.
func proxiedDB(t *testing.T) (*tcpproxy.Proxy, storetest.DB, *store.Store) {
	t.Helper()
	db := storetest.Postgres(t)
	direct := openStore(t, db, time.Now)
	u, err := url.Parse(db.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	p := tcpproxy.Start(t, u.Host)
	via, err := p.RewriteURL(db.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	return p, storetest.DB{Backend: "postgres", DatabaseURL: via}, direct
}

// timedEvent posts an Events API callback signed now and says how the
// acknowledgement went; see timedSend.
func (h *harness) timedEvent(eventID string, inner map[string]any, header ...string) (int, time.Duration) {
	h.t.Helper()
	body, err := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000, "event": inner,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	hdr := signedRequest("application/json", body, freshTimestamp(body))
	for i := 0; i+1 < len(header); i += 2 {
		hdr[header[i]] = header[i+1]
	}
	status, _, took := h.timedSend(PathEvents, hdr, body)
	return status, took
}

// timedSend sends a request with exactly these headers, with a client
// that gives up after 10 s (a hang is a failure, not a stuck test), and
// says how long the answer took.
func (h *harness) timedSend(path string, header map[string]string, body []byte) (status int, answer string, took time.Duration) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		took = time.Since(start)
		h.t.Errorf("%s not answered after %v: %v", path, took.Round(time.Millisecond), err)
		return 0, "", took
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), time.Since(start)
}

// With PostgreSQL refusing connections, or partitioned (packets dropped),
// a mention that Slack delivers and then retries three times is answered
// once, and every delivery is acknowledged well within Slack's 3 s: the
// bot's memory dedupes what the store cannot. Once the store is back,
// events are recorded there again.
func TestAMentionRetriedThriceWhileTheStoreIsDownIsAnsweredOnce(t *testing.T) {
	for _, mode := range []tcpproxy.Mode{tcpproxy.Refuse, tcpproxy.Blackhole} {
		t.Run(mode.String(), func(t *testing.T) {
			proxy, st, direct := proxiedStore(t)
			h := newHarness(t, func(c *Config) { c.Deduper, c.ReplayGuard = st.EventDeduper(0), st.ReplayGuard() })
			if err := proxy.SetMode(mode); err != nil {
				t.Fatal(err)
			}
			ev := mention("<@UBOT> dvpo", "1700000000.015000", "")
			for n := range 4 {
				var hdr []string
				if n > 0 {
					hdr = []string{"X-Slack-Retry-Num", strconv.Itoa(n), "X-Slack-Retry-Reason", "http_timeout"}
				}
				status, took := h.timedEvent("EvStoreDown", ev, hdr...)
				if status != http.StatusOK || took >= ackLimit {
					t.Errorf("delivery %d: status %d after %v, want 200 within %v", n, status, took.Round(time.Millisecond), ackLimit)
				}
			}
			h.settle()
			if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
				t.Fatalf("%d replies to one mention delivered four times while the store was down, want 1", n)
			}

			if err := proxy.SetMode(tcpproxy.Pass); err != nil {
				t.Fatal(err)
			}
			if status, _ := h.timedEvent("EvStoreBack", mention("<@UBOT> dvpo", "1700000000.016000", ""), nil...); status != http.StatusOK {
				t.Fatalf("after the store came back: status %d", status)
			}
			h.settle()
			if n := len(h.slack.Calls("chat.postMessage")); n != 2 {
				t.Errorf("%d replies in all once the store was back, want 2", n)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if first, err := direct.EventDeduper(0).FirstTime(ctx, "event:EvStoreBack"); err != nil || first {
				t.Errorf("the store does not know of the event handled after it came back: first %v, %v", first, err)
			}
		})
	}
}

// Two instances share a store that then goes down: a retry reaching the
// instance that saw the store give the event to the other one is not
// acted on there, nor one reaching the instance that acted. Once.
func TestARetrySeenTakenElsewhereIsNotActedOnWhileTheStoreIsDown(t *testing.T) {
	proxy, db, _ := proxiedDB(t)
	st, via := openStore(t, db, time.Now), openStore(t, db, time.Now)
	a := newHarness(t, func(c *Config) { c.Deduper, c.ReplayGuard = st.EventDeduper(0), st.ReplayGuard() })
	b := newHarness(t, func(c *Config) { c.Deduper, c.ReplayGuard = via.EventDeduper(0), via.ReplayGuard() })
	ev := mention("<@UBOT> dvpo", "1700000000.018000", "")
	retry := func(h *harness, n int) {
		t.Helper()
		status, took := h.timedEvent("EvShared", ev, "X-Slack-Retry-Num", strconv.Itoa(n), "X-Slack-Retry-Reason", "http_timeout")
		if status != http.StatusOK || took >= ackLimit {
			t.Errorf("retry %d: status %d after %v, want 200 within %v", n, status, took.Round(time.Millisecond), ackLimit)
		}
		h.settle()
	}
	if status, _ := a.timedEvent("EvShared", ev); status != http.StatusOK {
		t.Fatalf("first delivery: status %d", status)
	}
	a.settle()
	retry(b, 1) // the store says a took it
	if err := proxy.SetMode(tcpproxy.Refuse); err != nil {
		t.Fatal(err)
	}
	retry(b, 2)
	retry(a, 3)
	if n := len(a.slack.Calls("chat.postMessage")) + len(b.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d replies from two instances to one mention retried while the store went down, want 1", n)
	}
}

// An instance remembers in memory only the keys it took: one the store
// says another instance took stays that instance's to give up, and once
// given up, Slack's retry of it may be acted on here.
func TestAKeyAnotherInstanceTookAndGaveUpIsActedOnHere(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		ctx := context.Background()
		a := newFallbackDeduper(openStore(t, db, time.Now).EventDeduper(0), time.Now, slog.New(slog.DiscardHandler))
		b := newFallbackDeduper(openStore(t, db, time.Now).EventDeduper(0), time.Now, slog.New(slog.DiscardHandler))
		for _, step := range []struct {
			d    *fallbackDeduper
			name string
			want bool
		}{{a, "a", true}, {b, "b", false}, {a, "a again", false}} {
			if first, err := step.d.FirstTime(ctx, "event:EvGiven"); err != nil || first != step.want {
				t.Fatalf("%s: first %v, %v; want %v", step.name, first, err, step.want)
			}
		}
		if err := a.Forget(ctx, "event:EvGiven"); err != nil {
			t.Fatal(err)
		}
		if first, _ := b.FirstTime(ctx, "event:EvGiven"); !first {
			t.Error("the key a gave up is still refused by b")
		}
		if first, _ := a.FirstTime(ctx, "event:EvGiven"); first {
			t.Error("a takes the key b now holds")
		}
	})
}

// With PostgreSQL refusing connections or partitioned, a replayed
// command is still recognised by the instance that accepted it (its
// memory), and both are acknowledged well within Slack's 3 s.
func TestAReplayWhileTheStoreIsDownIsRecognisedInMemory(t *testing.T) {
	for _, mode := range []tcpproxy.Mode{tcpproxy.Refuse, tcpproxy.Blackhole} {
		t.Run(mode.String(), func(t *testing.T) {
			proxy, st, _ := proxiedStore(t)
			h := newHarness(t, func(c *Config) { c.Deduper, c.ReplayGuard = st.EventDeduper(0), st.ReplayGuard() })
			if err := proxy.SetMode(mode); err != nil {
				t.Fatal(err)
			}
			body := h.commandForm("dvpo")
			hdr := signedRequest(formType, body, freshTimestamp(body))
			var answers []string
			for i := range 2 {
				status, answer, took := h.timedSend(PathCommands, hdr, body)
				if status != http.StatusOK || took >= ackLimit {
					t.Errorf("request %d: status %d after %v, want 200 within %v", i, status, took.Round(time.Millisecond), ackLimit)
				}
				answers = append(answers, strings.TrimSpace(answer))
			}
			if !strings.Contains(answers[0], "domestic") || answers[1] != "" {
				t.Errorf("answers %.80q, want the first answered and its replay not", answers)
			}
		})
	}
}
