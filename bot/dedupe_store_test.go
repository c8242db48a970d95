package bot

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// Instances sharing a store share its memory of events, so an event Slack
// delivers to one and retries on another is answered once.
func TestAnEventIsAnsweredOnceByInstancesSharingAStore(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		var hs []*harness
		for range 2 {
			st := openStore(t, db, time.Now)
			hs = append(hs, newHarness(t, func(c *Config) { c.Store, c.Deduper = st, st.EventDeduper(0) }))
		}
		ev := mention("<@UBOT> dvpo", "1700000000.003000", "")
		hs[0].event("EvShared", ev)
		hs[1].event("EvShared", ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
		// The same message, as a new event (edited), on the other instance.
		hs[0].event("EvShared2", ev)
		posts := 0
		for _, h := range hs {
			h.settle()
			posts += len(h.slack.Calls("chat.postMessage"))
		}
		if posts != 1 {
			t.Errorf("%d replies from two instances, want 1", posts)
		}
	})
}

// When the reply to a mention certainly failed (Slack answered 500 to
// every attempt), the event is not marked done: Slack's retry of it is
// answered, once, whichever deduper the bot uses.
func TestAMentionWhoseReplyFailedIsAnsweredOnSlacksRetry(t *testing.T) {
	for name, dedupe := range map[string]func(t *testing.T) func(*Config){
		"memory": func(t *testing.T) func(*Config) { return func(*Config) {} },
		"sqlite": func(t *testing.T) func(*Config) { return storeDeduper(t, storetest.SQLite(t)) },
		"postgres": func(t *testing.T) func(*Config) {
			return storeDeduper(t, storetest.Postgres(t))
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, dedupe(t))
			down := slacktest.Fault{Status: http.StatusInternalServerError}
			for range h.bot.api.MaxAttempts {
				h.slack.Fail("chat.postMessage", down)
			}
			ev := mention("<@UBOT> dvpo", "1700000000.004000", "")
			h.event("EvOutage", ev)
			h.settle()
			if n := len(h.slack.Calls("chat.postMessage")); n != h.bot.api.MaxAttempts {
				t.Fatalf("%d attempts during the outage, want %d", n, h.bot.api.MaxAttempts)
			}
			for _, n := range []string{"1", "2", "3"} {
				h.event("EvOutage", ev, "X-Slack-Retry-Num", n, "X-Slack-Retry-Reason", "http_error")
				h.settle()
			}
			posts := h.slack.Calls("chat.postMessage")
			if len(posts) != h.bot.api.MaxAttempts+1 {
				t.Fatalf("%d attempts in all, want the outage's %d and one answer", len(posts), h.bot.api.MaxAttempts)
			}
			answer := posts[len(posts)-1]
			if answer.Arg("thread_ts") != "1700000000.004000" || !strings.Contains(allText(answer.Blocks()), dvpoSentence) {
				t.Errorf("the retry's answer is not the DVPO finding in the mention's thread")
			}
		})
	}
}

// When the reply may have been posted (Slack took it, but its answer
// never came), Slack's retry is not answered: a second answer in the
// thread is worse than the small chance of none.
func TestAMentionWhoseReplyMayHaveBeenPostedIsNotAnsweredAgain(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond} })
	h.slack.Fail("chat.postMessage", slacktest.Slow(2*time.Second))
	ev := mention("<@UBOT> dvpo", "1700000000.005000", "")
	h.event("EvSlow", ev)
	h.settle()
	h.event("EvSlow", ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d attempts to answer, want 1", n)
	}
}

// storeDeduper makes the bot remember events in a store on db.
func storeDeduper(t *testing.T, db storetest.DB) func(*Config) {
	st := openStore(t, db, time.Now)
	return func(c *Config) { c.Deduper = st.EventDeduper(0) }
}
