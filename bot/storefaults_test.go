package bot

// These tests put internal/tcpproxy between the bot and the real
// PostgreSQL, then make the store refuse connections (a stopped server)
// or drop every packet (a partition), and drive the bot as Slack does,
// with signed requests: every request must be acknowledged within Slack's
// three seconds, tracking must say plainly that it is unavailable, a
// search must still answer, /readyz must turn 503, and all of it must
// come back by itself once the network heals.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/internal/tcpproxy"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// slackWaits is how long Slack waits for an acknowledgement before it
// gives up on a request (and retries an event).
const slackWaits = 3 * time.Second

// faultHarness is a harness whose bot keeps tracking, dedupe, scopes and
// feedback in PostgreSQL reached through a proxy, set up as serve sets it
// up (the store's deadline is serve's).
func faultHarness(t *testing.T) (*harness, *tcpproxy.Proxy) {
	t.Helper()
	db := storetest.Postgres(t)
	u, err := url.Parse(db.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := tcpproxy.Start(t, u.Host)
	via, err := proxy.RewriteURL(db.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: via, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := newHarness(t, func(c *Config) {
		c.Store = st
		c.Tracker = &tracker.Service{Repo: st, Library: c.Library}
		c.Deduper = st.EventDeduper(0)
		c.ReplayGuard = st.ReplayGuard()
	})
	syncAFIs(t, h.bot.afi.svc)
	return h, proxy
}

// timed runs fn and fails the test when it took as long as Slack waits.
func timed(t *testing.T, what string, fn func()) {
	t.Helper()
	start := time.Now()
	fn()
	took := time.Since(start)
	t.Logf("%s: %s", what, took.Round(time.Millisecond))
	if took >= slackWaits {
		t.Errorf("%s took %s: Slack gives up after %s", what, took.Round(time.Millisecond), slackWaits)
	}
}

// ready is /readyz's status and body.
func (h *harness) ready() (int, string) {
	h.t.Helper()
	resp, err := http.Get(h.srv.URL + PathReady)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestStoreOutageIsToldAndEveryRequestAcknowledgedInTime(t *testing.T) {
	for _, mode := range []tcpproxy.Mode{tcpproxy.Refuse, tcpproxy.Blackhole} {
		t.Run(mode.String(), func(t *testing.T) {
			h, proxy := faultHarness(t)
			// While the store answers: an item's Details button to click
			// later, and a working /readyz.
			list := h.command("afi")
			details := buttonsWith(list, render.ActionAFIShow)
			if len(details) == 0 {
				t.Fatalf("/peel afi shows no Details button: %q", allText(list))
			}
			if code, body := h.ready(); code != http.StatusOK {
				t.Fatalf("/readyz before the outage: %d %s", code, body)
			}

			if err := proxy.SetMode(mode); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"afi", "afi note afi-3 Board asked for an update", "afi herts-2021-afi-3", "reports"} {
				var reply string
				timed(t, "/peel "+cmd, func() { reply = allText(h.command(cmd)) })
				if !strings.Contains(reply, "Tracking is unavailable") {
					t.Errorf("/peel %s with the store %s answered %q; want it to say tracking is unavailable", cmd, mode, reply)
				}
			}
			var answer string
			timed(t, "a search", func() { answer = allText(h.command("how does the force respond to calls for service")) })
			if !strings.Contains(answer, "Passages") && !strings.Contains(answer, "page") {
				t.Errorf("a search with the store %s did not answer with passages: %q", mode, answer)
			}
			timed(t, "/slack/events", func() {
				if resp := h.event("Ev-outage-"+mode.String(), mention("<@UBOT> what about 999 calls", "1700000300.000100", "")); resp.StatusCode != http.StatusOK {
					t.Errorf("/slack/events: status %d", resp.StatusCode)
				}
			})
			container := ephemeralIn("")
			ru := h.clickURL("U1", container)
			timed(t, "a Details click", func() { h.clickAnswering(details[0], container, ru) })
			h.settle()
			if got := h.slack.ResponsesTo(ru); len(got) == 0 || !strings.Contains(allText(toBlocks(t, got[len(got)-1].Args["blocks"])), "Tracking is unavailable") {
				t.Errorf("a Details click with the store %s was not told tracking is unavailable: %v", mode, got)
			}
			view := map[string]any{"callback_id": render.CallbackItem, "private_metadata": `{"afi":"herts-2021-afi-3","a":"note","v":"detail"}`}
			var formAnswer map[string]any
			timed(t, "a Note… modal's submission", func() {
				formAnswer = h.submit("U1", view, map[string]map[string]any{
					render.BlockEvidence: {render.InputEvidence: map[string]any{"type": "plain_text_input", "value": "Board asked for an update"}}})
			})
			if errs, _ := formAnswer["errors"].(map[string]any); !strings.Contains(fmt.Sprint(errs[render.BlockEvidence]), "Tracking is unavailable") {
				t.Errorf("a Note… modal submitted with the store %s answered %v; want the form to say tracking is unavailable", mode, formAnswer)
			}
			var code int
			var body string
			timed(t, "/readyz", func() { code, body = h.ready() })
			if code != http.StatusServiceUnavailable || !strings.Contains(body, "store unreachable") {
				t.Errorf("/readyz with the store %s: %d %q; want 503 naming the store", mode, code, body)
			}

			// Healed: everything comes back without a restart.
			if err := proxy.SetMode(tcpproxy.Pass); err != nil {
				t.Fatal(err)
			}
			healed := time.Now()
			deadline := time.Now().Add(15 * time.Second)
			for code, body = h.ready(); code != http.StatusOK; code, body = h.ready() {
				if time.Now().After(deadline) {
					t.Fatalf("/readyz still %d 15s after the store came back: %s", code, body)
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Logf("ready %s after the store came back", time.Since(healed).Round(time.Millisecond))
			if reply := allText(h.command("afi note afi-3 Board asked again")); !strings.Contains(reply, "You added a note") {
				t.Errorf("/peel afi note after the store came back: %q", reply)
			}
		})
	}
}

// TestDetailsOfAnUnknownItemSaysItIsNotFound: a Details button whose item
// no loaded report has (a tampered value, or a report since removed) is
// answered with the item not being found, not with "nothing was changed",
// since Details changes nothing.
func TestDetailsOfAnUnknownItemSaysItIsNotFound(t *testing.T) {
	h := afiHarness(t)
	for _, id := range []string{"herts-2021-afi-999", "nosuch-2020-afi-1", "afi-9999"} {
		container := ephemeralIn("")
		ru := h.clickURL("U1", container)
		b := btn{ActionID: render.ActionAFIShow, Value: render.AFIRef{ID: id, View: render.ViewDetail}.Encode(), Label: "Details"}
		h.clickAnswering(b, container, ru)
		h.settle()
		got := h.slack.ResponsesTo(ru)
		if len(got) != 1 {
			t.Fatalf("Details of %s: %d replies", id, len(got))
		}
		text := allText(toBlocks(t, got[0].Args["blocks"]))
		if !strings.Contains(text, "not found") || strings.Contains(text, "changed") {
			t.Errorf("Details of %s answered %q; want it to say the item is not found, and nothing of changes", id, text)
		}
	}
}

// TestANoteAfterClosureIsShownAsANote: the evidence an item was closed
// with stays its evidence; a note written after is shown as the last note.
func TestANoteAfterClosureIsShownAsANote(t *testing.T) {
	h := afiHarness(t)
	h.command("afi assign afi-3 me")
	h.command("afi close afi-3 Policy rewritten; board minutes item 12")
	h.command("afi note afi-3 Follow-up audit booked for March")
	shown := allText(h.command("afi herts-2021-afi-3"))
	if !strings.Contains(shown, "*Evidence:* Policy rewritten; board minutes item 12") || !strings.Contains(shown, "*Last note:* Follow-up audit booked for March") {
		t.Errorf("after a note on a closed item, the item shows:\n%s", shown)
	}
	if strings.Contains(shown, "*Evidence:* Follow-up") {
		t.Errorf("the note after closure is shown as the evidence:\n%s", shown)
	}
}
