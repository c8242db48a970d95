package summary

import (
	"errors"
	"sync"
)

// Stats are running totals since the Summariser was made, for logs and
// metrics.
type Stats struct {
	// Requests counts Summarise calls, whatever their outcome.
	Requests int64
	// Summaries counts summaries the model made and the check accepted.
	Summaries int64
	// CacheHits counts requests answered from the cache, at no cost.
	CacheHits int64
	// Calls counts HTTP requests sent to the model, retries included.
	Calls int64
	// Retries counts the calls that were retries.
	Retries int64
	// PromptTokens and CompletionTokens are the tokens used by all calls
	// (estimated for servers that report none).
	PromptTokens     int64
	CompletionTokens int64
	// TokensToday is what the daily budget has counted since midnight UTC.
	TokensToday int64
	// RemovedMarkers counts citation markers taken out of answers because
	// they named no passage.
	RemovedMarkers int64
	// DroppedSentences counts sentences left out of summaries because
	// they cited no passage.
	DroppedSentences int64
	// CacheEntries and CacheBytes are what the cache holds now: at most
	// 1,024 summaries in about 4 MB.
	CacheEntries, CacheBytes int64
	// Errors counts failed requests by kind.
	Errors ErrorCounts
}

// ErrorCounts counts failed Summarise calls by the error they returned.
type ErrorCounts struct {
	BadRequest  int64 // ErrBadRequest
	RateLimited int64 // ErrRateLimited
	Budget      int64 // ErrBudget
	Timeout     int64 // ErrTimeout
	Ungrounded  int64 // ErrUngrounded
	Upstream    int64 // *UpstreamError
	TooLong     int64 // ErrTooLong
	Canceled    int64 // the caller's context ended
}

// Stats returns the running totals. A nil or disabled Summariser has none.
func (s *Summariser) Stats() Stats {
	if !s.Enabled() {
		return Stats{}
	}
	s.stats.mu.Lock()
	st := s.stats.Stats
	s.stats.mu.Unlock()
	st.TokensToday = int64(s.limits.usedToday())
	st.CacheEntries, st.CacheBytes = s.cache.size()
	return st
}

// counters holds the Stats under a lock.
type counters struct {
	mu sync.Mutex
	Stats
}

func (c *counters) record(sum *Summary, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Requests++
	e := &c.Errors
	switch {
	case err == nil:
		if !sum.Cached { // cache hits are counted where they happen
			c.Summaries++
		}
	case errors.Is(err, ErrBadRequest):
		e.BadRequest++
	case errors.Is(err, ErrRateLimited):
		e.RateLimited++
	case errors.Is(err, ErrBudget):
		e.Budget++
	case errors.Is(err, ErrTimeout):
		e.Timeout++
	case errors.Is(err, ErrUngrounded):
		e.Ungrounded++
	case errors.Is(err, ErrUpstream):
		e.Upstream++
	case errors.Is(err, ErrTooLong):
		e.TooLong++
	default:
		e.Canceled++
	}
}

func (c *counters) cacheHit() {
	c.mu.Lock()
	c.CacheHits++
	c.mu.Unlock()
}

func (c *counters) call(retry bool) {
	c.mu.Lock()
	c.Calls++
	if retry {
		c.Retries++
	}
	c.mu.Unlock()
}

func (c *counters) tokens(u Usage) {
	c.mu.Lock()
	c.PromptTokens += int64(u.PromptTokens)
	c.CompletionTokens += int64(u.CompletionTokens)
	c.mu.Unlock()
}

func (c *counters) removed(markers, sentences int) {
	c.mu.Lock()
	c.RemovedMarkers += int64(markers)
	c.DroppedSentences += int64(sentences)
	c.mu.Unlock()
}
