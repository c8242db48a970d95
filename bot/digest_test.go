package bot

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peelbot/peelbot/bot/render"
	"github.com/peelbot/peelbot/bot/slacktest"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/store"
	"github.com/peelbot/peelbot/tracker/store/storetest"
)

const digestChannel = "CDIGEST"

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// digestHarness is a bot that posts the digest to digestChannel, with a
// store on db, everything timed by clk.
func digestHarness(t *testing.T, db storetest.DB, clk *testClock, instance string, edit ...func(*Config)) *harness {
	t.Helper()
	cfg := []func(*Config){withStore(t, db, clk.Now), func(c *Config) {
		c.DigestChannel, c.Location, c.Instance = digestChannel, london(t), instance
	}}
	h := newHarness(t, append(cfg, edit...)...)
	syncAFIs(t, h.bot.afi.svc)
	return h
}

// record is the store's record of the digest channel's day.
func (h *harness) record(day string) *digest.Record {
	h.t.Helper()
	d, err := h.store().DigestFor(context.Background(), digestChannel, day)
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// metaOf is the line under an AFI in a message.
func metaOf(t *testing.T, blocks []map[string]any, id string) string {
	t.Helper()
	for _, b := range blocks {
		if b["block_id"] == "afi-meta-"+id {
			return strings.Join(texts([]map[string]any{b}), " | ")
		}
	}
	t.Fatalf("no line under %s", id)
	return ""
}

func TestDigestQuotesEachOpenAFIWithCitationDaysOwnerAndButtons(t *testing.T) {
	loc := london(t)
	clk := newTestClock(time.Date(2026, 2, 18, 10, 0, 0, 0, loc))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
	ctx := context.Background()
	st := h.afis()
	// Reopened, an AFI is open from the reopen.
	if _, err := st.Address(ctx, "herts-2021-afi-2", "Done", "U1", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reopen(ctx, "herts-2021-afi-2", "U1", "C1", "Not done after all"); err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 2, 25, 11, 0, 0, 0, loc))
	if _, err := st.Assign(ctx, "herts-2021-afi-7", "U7", "U1", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Start(ctx, "herts-2021-afi-5", "U2", "C1", ""); err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, loc))
	const day = "2026-03-02"

	// A preview neither posts nor records.
	p, err := h.bot.afi.digest.Compose(ctx, day)
	if err != nil || p.OpenCount != 9 || len(render.DigestPages(p)) != 1 {
		t.Fatalf("preview: %+v, %v", p, err)
	}
	if len(h.slack.Calls("chat.postMessage")) != 0 || h.record(day) != nil {
		t.Fatal("a preview posted or recorded")
	}

	out, err := h.bot.RunDigest(ctx, day)
	if err != nil || out.Result != digest.Posted || out.Open != 9 || out.Addressed != 0 || out.Replies != 0 {
		t.Fatalf("RunDigest = %+v, %v", out, err)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Arg("channel") != digestChannel || posts[0].Arg("thread_ts") != "" {
		t.Fatalf("want one post to %s, got %+v", digestChannel, posts)
	}
	blocks := posts[0].Blocks()
	text := allText(blocks)
	if !strings.Contains(text, "*Areas for improvement still open* — Monday 2 March 2026\n*9 open, 0 addressed since tracking began*.") {
		t.Errorf("no summary line:\n%s", text)
	}
	if !strings.HasPrefix(posts[0].Arg("text"), "Areas for improvement still open: 9 open") {
		t.Errorf("notification text %q", posts[0].Arg("text"))
	}
	lib, _ := embeddedIndex(t)
	pos := 0
	for _, x := range lib.AFIs() {
		at := strings.Index(text[pos:], ">"+x.Text)
		if at < 0 {
			t.Fatalf("%s is not quoted in the report's order", x.ID)
		}
		pos += at
	}
	if !strings.Contains(text, "<"+hertsURL+"|"+afi7Citation+">") {
		t.Errorf("AFI 7's citation is not linked:\n%s", text)
	}
	// An AFI is open from its report's publication (February 2023), not
	// from when peelbot began tracking it.
	for id, want := range map[string]string{
		"herts-2021-afi-7": "`herts-2021-afi-7` · *open* · open since Feb 2023 · owner <@U7> · updated 25 Feb 2026 by <@U1>",
		"herts-2021-afi-5": "`herts-2021-afi-5` · *in progress* · open since Feb 2023 · no owner · updated 25 Feb 2026 by <@U2>",
		"herts-2021-afi-1": "`herts-2021-afi-1` · *open* · open since Feb 2023 · no owner · updated 18 Feb 2026 by peelbot",
		"herts-2021-afi-2": "`herts-2021-afi-2` · *reopened* · 12 days open · no owner · updated 18 Feb 2026 by <@U1>",
	} {
		if got := metaOf(t, blocks, id); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if n := len(afiIDsWith(blocks, render.ActionAFIClose)); n != 9 {
		t.Errorf("%d Mark addressed buttons", n)
	}
	if starts := afiIDsWith(blocks, render.ActionAFIStart); len(starts) != 8 || contains(starts, "herts-2021-afi-5") {
		t.Errorf("Start buttons on %v", starts)
	}
	for _, b := range buttonsWith(blocks, render.ActionAFIClose) {
		if r, _ := render.DecodeAFIRef(b.Value); r.View != render.ViewDigest {
			t.Errorf("a digest button says it is in %q", r.View)
		}
	}
	rec := h.record(day)
	if rec == nil || rec.PostedAt == nil || rec.MessageTS != out.MessageTS || rec.Open != 9 || rec.Instance != "host-a" {
		t.Errorf("recorded %+v", rec)
	}

	// Again the same day: nothing more is posted.
	again, err := h.bot.RunDigest(ctx, day)
	if err != nil || again.Result != digest.AlreadyDone || again.MessageTS != out.MessageTS {
		t.Errorf("second run = %+v, %v", again, err)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts after a second run the same day", n)
	}
}

func TestClosingFromTheDigestRemovesTheAFIFromTheNext(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		loc := london(t)
		clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, loc))
		h := digestHarness(t, db, clk, "host-a")
		ctx := context.Background()
		first, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || first.Result != digest.Posted {
			t.Fatal(first, err)
		}
		const id = "herts-2021-afi-3"
		posted := h.slack.Calls("chat.postMessage")[0].Blocks()

		clk.Set(time.Date(2026, 3, 2, 14, 0, 0, 0, loc))
		h.clickBy("U1", buttonFor(t, posted, render.ActionAFIClose, id), publicIn(digestChannel, first.MessageTS))
		h.settle()
		if ans := h.submit("U1", h.lastModal(), evidence("Repeat callers flagged by the new system")); ans != nil {
			t.Fatalf("submission answered %v", ans)
		}
		h.settle()
		replies := h.slack.Calls("chat.postMessage")[1:]
		if len(replies) != 1 || replies[0].Arg("thread_ts") != first.MessageTS ||
			!strings.Contains(allText(replies[0].Blocks()), "<@U1> marked `"+id+"` addressed, with evidence: “Repeat callers flagged by the new system”") {
			t.Fatalf("the digest's thread did not hear of the close: %+v", replies)
		}

		// A note added later does not make its author the closer.
		if _, err := h.afis().AddNote(ctx, id, "Checked by audit", "U9", "C9"); err != nil {
			t.Fatal(err)
		}
		clk.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, loc))
		next, err := h.bot.RunDigest(ctx, "2026-03-03")
		if err != nil || next.Result != digest.Posted || next.Open != 8 || next.Addressed != 1 {
			t.Fatalf("next digest = %+v, %v", next, err)
		}
		posts := h.slack.Calls("chat.postMessage")
		nb := posts[len(posts)-1].Blocks()
		text := allText(nb)
		if !strings.Contains(text, "*8 open, 1 addressed since the last digest*") || !strings.Contains(text, "Addressed since the last digest: `"+id+"` by <@U1>.") {
			t.Errorf("next digest's summary:\n%s", text)
		}
		if ids := afiIDsWith(nb, render.ActionAFIClose); len(ids) != 8 || contains(ids, id) || strings.Contains(text, afi3Text) {
			t.Errorf("the closed AFI is still in the digest: %v", ids)
		}
		// Its history shows the close, by whom and where.
		shown := allText(h.commandBy("U2", "C2", "afi "+id))
		if !strings.Contains(shown, "<@U1> marked it addressed, with evidence: “Repeat callers flagged by the new system” in <#"+digestChannel+">") {
			t.Errorf("history:\n%s", shown)
		}
	})
}

// eachDB runs fn on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, db storetest.DB)) { storetest.Each(t, fn) }

// manyAFIs is a library of n AFIs across two reports and several areas,
// with one AFI far longer than Slack's text limit.
func manyAFIs(t *testing.T, n int) *corpus.Library {
	t.Helper()
	var reports []*corpus.Report
	for ri, force := range []string{"Northmoor Police", "Southdale Constabulary"} {
		id := fmt.Sprintf("test%d-2025", ri)
		r := &corpus.Report{ID: id, Force: force, Round: "PEEL 2025", URL: fmt.Sprintf("https://example.org/%s/", id)}
		for i := range n / 2 {
			text := fmt.Sprintf("The force should improve practice number %d of report %d, so that victims get a consistent service", i+1, ri+1)
			if ri == 0 && i == 3 {
				text = strings.Repeat("The force should make sure that every call is answered well. ", 80)
			}
			r.AFIs = append(r.AFIs, &corpus.AFI{ID: fmt.Sprintf("%s-afi-%d", id, i+1), ReportID: id,
				Area: fmt.Sprintf("Area %c", 'A'+i%5), Text: text, Page: 10 + i})
		}
		reports = append(reports, r)
	}
	lib, err := corpus.NewLibrary(reports)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestALongDigestContinuesInItsThreadWithoutDroppingAny(t *testing.T) {
	lib := manyAFIs(t, 40)
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a", func(c *Config) { c.Library = lib })
	out, err := h.bot.RunDigest(context.Background(), "2026-03-02")
	if err != nil || out.Result != digest.Posted || out.Open != 40 || out.Replies < 2 {
		t.Fatalf("RunDigest = %+v, %v", out, err)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1+out.Replies {
		t.Fatalf("%d posts for %d replies", len(posts), out.Replies)
	}
	seen := map[string]int{}
	for i, p := range posts {
		blocks := p.Blocks()
		switch {
		case i == 0 && p.Arg("thread_ts") != "":
			t.Error("the digest's first message is in a thread")
		case i > 0 && p.Arg("thread_ts") != out.MessageTS:
			t.Errorf("post %d is not in the digest's thread: %q", i, p.Arg("thread_ts"))
		case i > 0 && !strings.Contains(allText(blocks), fmt.Sprintf("continued (%d of %d)", i+1, len(posts))):
			t.Errorf("post %d does not say it continues the digest", i)
		}
		for _, id := range afiIDsWith(blocks, render.ActionAFIClose) {
			seen[id]++
		}
		if i > 0 && !strings.Contains(allText(blocks), "(continued)") {
			t.Errorf("post %d repeats no heading as continued:\n%.300s", i, allText(blocks))
		}
	}
	var missing []string
	for _, x := range lib.AFIs() {
		if seen[x.ID] != 1 {
			missing = append(missing, fmt.Sprintf("%s×%d", x.ID, seen[x.ID]))
		}
	}
	if len(missing) > 0 || len(seen) != 40 {
		t.Errorf("AFIs not shown exactly once: %v", missing)
	}
	if rec := h.record("2026-03-02"); rec == nil || rec.MessageTS != out.MessageTS {
		t.Errorf("recorded %+v", rec)
	}
}

func TestNothingOpenPostsNothingButTheDayIsDone(t *testing.T) {
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
	ctx := context.Background()
	lib, _ := embeddedIndex(t)
	for _, x := range lib.AFIs() {
		if _, err := h.afis().Address(ctx, x.ID, "Done", "U1", ""); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		out, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || (out.Result != digest.NothingOpen && out.Result != digest.AlreadyDone) {
			t.Fatalf("RunDigest = %+v, %v", out, err)
		}
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d posts with nothing open", n)
	}
	if rec := h.record("2026-03-02"); rec == nil || rec.PostedAt == nil || rec.MessageTS != "" || rec.Open != 0 || rec.Addressed != 9 {
		t.Errorf("the day is not recorded as done: %+v", rec)
	}
}

func TestThreeInstancesPostEachDaysDigestOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		loc := london(t)
		clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, loc))
		var hs []*harness
		for i := range 3 {
			hs = append(hs, digestHarness(t, db, clk, fmt.Sprintf("instance-%d", i)))
		}
		for day := 2; day <= 4; day++ {
			date := fmt.Sprintf("2026-03-%02d", day)
			var wg sync.WaitGroup
			start := make(chan struct{})
			results := make([]digest.Result, len(hs))
			for i, h := range hs {
				wg.Go(func() {
					<-start
					out, err := h.bot.RunDigest(context.Background(), date)
					if err != nil {
						t.Errorf("%s instance %d: %v", date, i, err)
					}
					results[i] = out.Result
				})
			}
			close(start)
			wg.Wait()
			posts := 0
			for _, h := range hs {
				posts += len(h.slack.Calls("chat.postMessage"))
			}
			sort.Slice(results, func(i, j int) bool { return results[i] > results[j] })
			if posts != day-1 || results[0] != digest.Posted || results[1] == digest.Posted || results[2] == digest.Posted {
				t.Fatalf("%s: %d posts in all (want %d), results %v", date, posts, day-1, results)
			}
		}
	})
}

func TestAFailedPostReleasesTheDayForARetry(t *testing.T) {
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a")
	h.slack.Fail("chat.postMessage", slacktest.Refused("not_in_channel"))
	ctx := context.Background()
	_, err := h.bot.RunDigest(ctx, "2026-03-02")
	if err == nil || !strings.Contains(err.Error(), "/invite @peelbot") {
		t.Fatalf("want an error saying to invite peelbot, got %v", err)
	}
	if rec := h.record("2026-03-02"); rec != nil {
		t.Fatalf("a failed post left a claim: %+v", rec)
	}
	out, err := h.bot.RunDigest(ctx, "2026-03-02")
	if err != nil || out.Result != digest.Posted {
		t.Fatalf("retry = %+v, %v", out, err)
	}
}

// A first message that certainly posted nothing (Slack rate limiting to
// the end, Slack unreachable) gives the day back at once.
func TestADigestThatCertainlyPostedNothingReleasesTheDay(t *testing.T) {
	limited := slacktest.Fault{Status: http.StatusTooManyRequests}
	for name, setup := range map[string]func(h *harness, d *refusingDialer){
		"rate limited to the end": func(h *harness, _ *refusingDialer) {
			h.slack.Fail("chat.postMessage", limited, limited, limited, limited)
		},
		"Slack unreachable": func(_ *harness, d *refusingDialer) { d.refuse.Store(100) },
	} {
		t.Run(name, func(t *testing.T) {
			clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
			d := newRefusingDialer(t)
			h := digestHarness(t, storetest.SQLite(t), clk, "host-a", func(c *Config) { c.HTTPClient = d.client(5 * time.Second) })
			setup(h, d)
			ctx := context.Background()
			if _, err := h.bot.RunDigest(ctx, "2026-03-02"); err == nil {
				t.Fatal("a failed post reported no error")
			}
			if rec := h.record("2026-03-02"); rec != nil {
				t.Fatalf("a post that certainly failed left a claim: %+v", rec)
			}
			d.refuse.Store(0)
			if out, err := h.bot.RunDigest(ctx, "2026-03-02"); err != nil || out.Result != digest.Posted {
				t.Fatalf("retry = %+v, %v", out, err)
			}
		})
	}
}

// A first message that may have been posted (Slack took it but its answer
// never came) keeps the day claimed, so the next run cannot post a second
// copy; only once the claim's lease has run out may another run try.
func TestADigestThatMayHaveBeenPostedKeepsTheDayClaimed(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
		h := digestHarness(t, db, clk, "host-a", func(c *Config) { c.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond} })
		h.slack.Fail("chat.postMessage", slacktest.Slow(2*time.Second))
		ctx := context.Background()
		_, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err == nil || !strings.Contains(err.Error(), "may have been posted") {
			t.Fatalf("RunDigest = %v, want an error saying it may have been posted", err)
		}
		if rec := h.record("2026-03-02"); rec == nil || rec.Instance != "host-a" || rec.PostedAt != nil {
			t.Fatalf("the claim was not kept: %+v", rec)
		}
		again, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || again.Result != digest.HeldElsewhere {
			t.Fatalf("second run = %+v, %v", again, err)
		}
		if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
			t.Fatalf("%d attempts to post, want 1", n)
		}
		clk.Set(clk.Now().Add(store.DefaultDigestLease))
		late, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || late.Result != digest.Posted {
			t.Errorf("after the lease = %+v, %v", late, err)
		}
	})
}

// checkThread checks a digest's messages as posted: the first in the
// channel, the rest in its thread numbered "k of n" (n the number of posts
// when whole), and returns how often each AFI was shown.
func checkThread(t *testing.T, posts []slacktest.Call, whole bool) map[string]int {
	t.Helper()
	if len(posts) == 0 {
		t.Fatal("nothing posted")
	}
	seen := map[string]int{}
	for i, p := range posts {
		blocks := p.Blocks()
		switch {
		case i == 0 && p.Arg("thread_ts") != "":
			t.Error("the digest's first message is in a thread")
		case i > 0 && p.Arg("thread_ts") == "":
			t.Errorf("post %d is not in the digest's thread", i)
		case i > 0 && !strings.Contains(allText(blocks), fmt.Sprintf("continued (%d of ", i+1)):
			t.Errorf("post %d does not say it continues the digest as message %d:\n%.200s", i, i+1, allText(blocks))
		case i > 0 && whole && !strings.Contains(allText(blocks), fmt.Sprintf("continued (%d of %d)", i+1, len(posts))):
			t.Errorf("post %d does not say it continues the digest as %d of %d:\n%.200s", i, i+1, len(posts), allText(blocks))
		}
		for _, id := range afiIDsWith(blocks, render.ActionAFIClose) {
			seen[id]++
		}
	}
	return seen
}

// A thread reply that failed is posted by the next run, into the same
// thread, and nothing is shown twice or dropped.
func TestAFailedThreadReplyIsPostedByTheNextRun(t *testing.T) {
	eachDB(t, func(t *testing.T, db storetest.DB) {
		lib := manyAFIs(t, 40)
		clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
		h := digestHarness(t, db, clk, "host-a", func(c *Config) { c.Library = lib })
		down := slacktest.Fault{Status: http.StatusInternalServerError}
		h.slack.Fail("chat.postMessage", slacktest.Fault{}, down, down, down, down) // the first reply, every attempt
		ctx := context.Background()
		first, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err == nil || first.Result != digest.Posted || first.Replies != 0 || !strings.Contains(err.Error(), "the next run posts them") {
			t.Fatalf("RunDigest = %+v, %v; want posted with an error about the replies", first, err)
		}
		if rec := h.record("2026-03-02"); rec == nil || !rec.ThreadPending || rec.RepliesPosted != 0 {
			t.Fatalf("the unfinished thread is not recorded: %+v", rec)
		}

		next, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || next.Result != digest.Continued || next.Replies < 2 || next.MessageTS != first.MessageTS {
			t.Fatalf("next run = %+v, %v", next, err)
		}
		posts := h.slack.Acted("chat.postMessage")
		if len(posts) != 1+next.Replies {
			t.Fatalf("%d messages posted, want the first and %d replies", len(posts), next.Replies)
		}
		for _, p := range posts[1:] {
			if p.Arg("thread_ts") != first.MessageTS {
				t.Fatalf("a reply went to %q, not the digest's thread %s", p.Arg("thread_ts"), first.MessageTS)
			}
		}
		seen := checkThread(t, posts, true)
		for _, x := range lib.AFIs() {
			if seen[x.ID] != 1 {
				t.Errorf("%s shown %d times, want once", x.ID, seen[x.ID])
			}
		}
		if len(seen) != 40 {
			t.Errorf("%d AFIs shown, want 40", len(seen))
		}
		// The day is done now.
		if rec := h.record("2026-03-02"); rec == nil || rec.ThreadPending || rec.RepliesPosted != next.Replies {
			t.Errorf("recorded %+v", rec)
		}
		again, err := h.bot.RunDigest(ctx, "2026-03-02")
		if err != nil || again.Result != digest.AlreadyDone || len(h.slack.Acted("chat.postMessage")) != len(posts) {
			t.Errorf("a third run = %+v, %v", again, err)
		}
	})
}

// The missing replies are laid out from the AFIs' state when they are
// posted: an AFI closed meanwhile is left out, and every other is shown
// once.
func TestMissingRepliesLeaveOutWhatWasClosedMeanwhile(t *testing.T) {
	lib := manyAFIs(t, 40)
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
	h := digestHarness(t, storetest.SQLite(t), clk, "host-a", func(c *Config) { c.Library = lib })
	down := slacktest.Fault{Status: http.StatusInternalServerError}
	h.slack.Fail("chat.postMessage", slacktest.Fault{}, slacktest.Fault{}, down, down, down, down) // the second reply
	ctx := context.Background()
	if _, err := h.bot.RunDigest(ctx, "2026-03-02"); err == nil {
		t.Fatal("the failed reply was not reported")
	}
	posted := checkThread(t, h.slack.Acted("chat.postMessage"), false)
	var closed string
	for _, x := range lib.AFIs() {
		if posted[x.ID] == 0 {
			closed = x.ID // one the failed reply would have shown
			break
		}
	}
	if closed == "" {
		t.Fatal("every AFI was shown before the failure")
	}
	if _, err := h.afis().Address(ctx, closed, "Done", "U1", ""); err != nil {
		t.Fatal(err)
	}
	next, err := h.bot.RunDigest(ctx, "2026-03-02")
	if err != nil || next.Result != digest.Continued {
		t.Fatalf("next run = %+v, %v", next, err)
	}
	seen := checkThread(t, h.slack.Acted("chat.postMessage"), false)
	for _, x := range lib.AFIs() {
		want := 1
		if x.ID == closed {
			want = 0
		}
		if seen[x.ID] != want {
			t.Errorf("%s shown %d times, want %d", x.ID, seen[x.ID], want)
		}
	}
}

// A reply that may have been posted (Slack took it, but its answer never
// came) is not followed at once by the rest: the next run could post it
// again. The thread waits out the store's lease, then any instance
// continues it.
func TestAThreadReplyThatMayHaveBeenPostedWaitsForTheLease(t *testing.T) {
	lib := manyAFIs(t, 40)
	clk := newTestClock(time.Date(2026, 3, 2, 9, 0, 0, 0, london(t)))
	db := storetest.SQLite(t)
	slow := func(c *Config) { c.Library, c.HTTPClient = lib, &http.Client{Timeout: 300 * time.Millisecond} }
	h := digestHarness(t, db, clk, "host-a", slow)
	h.slack.Fail("chat.postMessage", slacktest.Fault{}, slacktest.Slow(2*time.Second))
	ctx := context.Background()
	if _, err := h.bot.RunDigest(ctx, "2026-03-02"); err == nil || !strings.Contains(err.Error(), "after the claim's lease") {
		t.Fatalf("RunDigest = %v, want an error saying the rest waits for the lease", err)
	}
	if out, err := h.bot.RunDigest(ctx, "2026-03-02"); err != nil || out.Result != digest.HeldElsewhere {
		t.Fatalf("a run within the lease = %+v, %v", out, err)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 2 {
		t.Fatalf("%d posts, want the first message and the reply that timed out", n)
	}
	clk.Set(clk.Now().Add(store.DefaultDigestLease))
	other := digestHarness(t, db, clk, "host-b", func(c *Config) { c.Library = lib })
	out, err := other.bot.RunDigest(ctx, "2026-03-02")
	if err != nil || out.Result != digest.Continued || out.Replies == 0 {
		t.Fatalf("after the lease = %+v, %v", out, err)
	}
	ts := h.record("2026-03-02").MessageTS
	for _, p := range other.slack.Acted("chat.postMessage") {
		if p.Arg("thread_ts") != ts {
			t.Errorf("host-b posted outside the digest's thread: %q", p.Arg("thread_ts"))
		}
	}
	if rec := h.record("2026-03-02"); rec == nil || rec.ThreadPending || rec.Instance != "host-b" {
		t.Errorf("recorded %+v", rec)
	}
}

// A preview from a read-only store (a dry run on PostgreSQL) shows an AFI
// the store does not track yet as open, without tracking it.
func TestAPreviewFromAReadOnlyStoreTracksNothing(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	live := openStore(t, db, time.Now)
	lib, _ := embeddedIndex(t)
	tracked := tracker.Openings(lib)[1:] // the first is not tracked yet
	var items []tracker.NewItem
	for _, o := range tracked {
		it, ev, err := tracker.Open(o, time.Now().UTC().Truncate(time.Microsecond))
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, tracker.NewItem{Item: it, Event: ev})
	}
	if _, err := live.Track(ctx, items); err != nil {
		t.Fatal(err)
	}
	if _, err := (afiChanges{&tracker.Service{Repo: live, Library: lib}}).Address(ctx, tracked[0].ID, "Done", "U1", ""); err != nil {
		t.Fatal(err)
	}
	dry, err := store.Open(ctx, store.Config{DatabaseURL: db.DatabaseURL, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dry.Close()
	d := &digester{Tracker: &tracker.Service{Repo: dry, Library: lib}, Claims: dry, Layout: render.DigestPages, Location: london(t)}
	p, err := d.Compose(ctx, "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	untracked := lib.AFIs()[0].ID
	if text := render.DigestText(p); p.OpenCount != 8 || len(p.Addressed) != 1 || !strings.Contains(text, untracked+" · open") {
		t.Errorf("preview: %d open, %d addressed:\n%s", p.OpenCount, len(p.Addressed), text)
	}
	if _, _, err := live.Item(ctx, untracked); err == nil {
		t.Error("a preview from a read-only store tracked an AFI")
	}
}
