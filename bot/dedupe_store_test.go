package bot

import (
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/store/storetest"
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
