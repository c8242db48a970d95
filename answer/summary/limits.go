package summary

import (
	"sync"
	"time"
)

// limits enforces the two cost bounds: summaries per user per sliding hour
// and tokens per UTC day for the whole bot. Both are checked, and charged,
// together before the model is called, so a refused request charges neither.
// It is safe for concurrent use.
type limits struct {
	perUserPerHour int // 0: no limit
	dailyTokens    int // 0: no limit
	now            func() time.Time

	mu       sync.Mutex
	calls    map[string][]time.Time // per user, oldest first, within the last hour
	day      string                 // UTC date the token count is for
	used     int                    // tokens counted today, settled calls
	reserved int                    // tokens reserved by calls in flight
}

func newLimits(perUserPerHour, dailyTokens int, now func() time.Time) *limits {
	return &limits{
		perUserPerHour: perUserPerHour,
		dailyTokens:    dailyTokens,
		now:            now,
		calls:          make(map[string][]time.Time),
	}
}

// sweepAbove is how many users' windows may be kept before expired ones are
// swept out, so the map cannot grow without bound.
const sweepAbove = 1024

// reserve admits one call by user expected to cost about estimate tokens,
// or returns ErrRateLimited or ErrBudget without charging anything. An
// admitted call must be settled with its real usage.
func (l *limits) reserve(user string, estimate int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.rollDay(now)
	recent := l.recent(user, now)
	if l.perUserPerHour > 0 && len(recent) >= l.perUserPerHour {
		return ErrRateLimited
	}
	if l.dailyTokens > 0 && l.used+l.reserved+estimate > l.dailyTokens {
		return ErrBudget
	}
	l.calls[user] = append(recent, now)
	l.reserved += estimate
	if len(l.calls) > sweepAbove {
		for u := range l.calls {
			l.recent(u, now) // forgets users with no call in the hour
		}
	}
	return nil
}

// settle replaces a call's reservation by the tokens it really used (zero
// when the server never answered).
func (l *limits) settle(estimate, used int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reserved -= estimate
	l.rollDay(l.now())
	l.used += used
}

// usedToday is the number of tokens counted since midnight UTC.
func (l *limits) usedToday() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollDay(l.now())
	return l.used
}

// recent returns user's calls within the hour before now, forgetting older ones.
func (l *limits) recent(user string, now time.Time) []time.Time {
	times := l.calls[user]
	cut := 0
	for cut < len(times) && !times[cut].After(now.Add(-time.Hour)) {
		cut++
	}
	times = times[cut:]
	if len(times) == 0 {
		delete(l.calls, user)
		return nil
	}
	l.calls[user] = times
	return times
}

// rollDay starts a new token count at midnight UTC. UTC, not local time, so
// the budget resets at the same moment whatever the server's time zone, and
// on the day boundary model providers bill by.
func (l *limits) rollDay(now time.Time) {
	day := now.UTC().Format(time.DateOnly)
	if day != l.day {
		l.day = day
		l.used = 0
	}
}
