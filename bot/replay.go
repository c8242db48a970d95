package bot

import (
	"context"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Slack request's signature covers its timestamp and body, and the
// signature check takes a timestamp up to replayWindow either side of now;
// so whoever copies a signed request (a log, a proxy, a browser's network
// tab) can send it again, and have it act again, for as long as that.
// Slack itself never sends one request twice: a retry of an event is
// signed afresh, with a new timestamp (and X-Slack-Retry-Num), and is the
// Deduper's to recognise by its event id.
const (
	replayWindow = 5 * time.Minute
	// replayMargin keeps a signature a little past its window, for clocks
	// of instances that disagree by less than that.
	replayMargin = time.Minute
	// replayStoreTimeout bounds the shared guard's answer, given while
	// Slack waits for its acknowledgement: past it, memory decides.
	replayStoreTimeout = 500 * time.Millisecond
)

// ReplayGuard remembers the signatures of the requests accepted, shared by
// instances; tracker/store's *ReplayGuard is one.
type ReplayGuard interface {
	// FirstUse records signature as used until expires and reports
	// whether it was not already recorded and unexpired. It is atomic: of
	// two concurrent calls with one signature, exactly one gets true.
	FirstUse(ctx context.Context, signature string, expires time.Time) (bool, error)
}

// replays is how the bot recognises a replayed request: this instance's
// memory first, then the shared guard within replayStoreTimeout. A store
// that fails or is slow leaves the decision to memory, so a replay to the
// same instance is always recognised, and one to another instance while
// the store is down is not.
type replays struct {
	shared ReplayGuard // nil: memory alone
	log    *slog.Logger

	mu        sync.Mutex
	seen      map[string]time.Time // signature → when it expires
	nextSweep time.Time
}

func newReplays(shared ReplayGuard, log *slog.Logger) *replays {
	return &replays{shared: shared, log: log, seen: map[string]time.Time{}}
}

// firstUse reports whether a request signed with signature at timestamp
// (both as the signature check accepted them) was not accepted before.
func (p *replays) firstUse(ctx context.Context, signature, timestamp string) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false // the signature check accepts none such; be safe
	}
	expires := time.Unix(ts, 0).Add(replayWindow + replayMargin)
	signature = replayKey(signature)
	if !p.remember(signature, expires) {
		return false
	}
	if p.shared == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, replayStoreTimeout)
	defer cancel()
	first, err := p.shared.FirstUse(ctx, signature, expires)
	if err != nil {
		p.log.Warn("replay check: the store did not answer in time; this instance's memory decides", "error", err.Error())
		return true
	}
	return first
}

// replayKey is the signature as the bytes it stands for: the check
// hex-decodes it, so "v0=ABCD…" passes as "v0=abcd…" does, and a copier
// could otherwise send one request as 2^24 spellings of its signature,
// each new to memory and to the store.
func replayKey(signature string) string {
	hexed, ok := strings.CutPrefix(signature, "v0=")
	raw, err := hex.DecodeString(hexed)
	if !ok || err != nil {
		return signature // the signature check accepts none such
	}
	return "v0=" + hex.EncodeToString(raw)
}

// remember records signature in memory until expires, reporting whether
// it was new there. Expired signatures are swept once a minute, so memory
// holds the requests of a dozen minutes at most, every one of them signed
// with the secret (at 200 requests a second, some 150,000 short strings).
func (p *replays) remember(signature string, expires time.Time) bool {
	now := time.Now() // the signature check's clock
	p.mu.Lock()
	defer p.mu.Unlock()
	if !now.Before(p.nextSweep) {
		for sig, exp := range p.seen {
			if !now.Before(exp) {
				delete(p.seen, sig)
			}
		}
		p.nextSweep = now.Add(time.Minute)
	}
	if exp, ok := p.seen[signature]; ok && now.Before(exp) {
		return false
	}
	p.seen[signature] = expires
	return true
}

// refuseReplays acknowledges (200, empty) a request whose signature was
// accepted before, and does nothing else: Slack would show an error for
// anything but 200, and the request did what it asked the first time.
func (b *Bot) refuseReplays(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !b.replays.firstUse(r.Context(), r.Header.Get("X-Slack-Signature"), r.Header.Get("X-Slack-Request-Timestamp")) {
			setOutcome(r, "replay")
			w.WriteHeader(http.StatusOK)
			return
		}
		next.ServeHTTP(w, r)
	})
}
