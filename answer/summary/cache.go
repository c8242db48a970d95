package summary

import (
	"container/list"
	"strings"
	"sync"
)

// The cache's bounds: entries, and bytes of keys and summaries together.
// A summary is at most MaxSummaryChars characters (a few KB at most) and a
// key holds a question, so the byte bound is what holds when questions or
// answers are long; an entry bigger than an eighth of it is not kept.
const (
	cacheSize  = 1024
	cacheBytes = 4 << 20
)

// cache keeps the most recently used summaries, dropping the least recently
// used ones while it holds more than max entries or maxBytes bytes. It is
// safe for concurrent use.
type cache struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	bytes    int        // size of every entry held
	order    *list.List // of *cacheEntry, most recently used first
	byKey    map[string]*list.Element
}

type cacheEntry struct {
	key string
	sum Summary
}

// size is about what an entry holds in memory: its strings, its
// citations and the bookkeeping around them.
func (e *cacheEntry) size() int {
	return len(e.key) + len(e.sum.Text) + len(e.sum.Model) + 8*len(e.sum.Citations) + 200
}

func newCache(max, maxBytes int) *cache {
	return &cache{max: max, maxBytes: maxBytes, order: list.New(), byKey: make(map[string]*list.Element)}
}

// size is how many entries the cache holds, in about how many bytes.
func (c *cache) size() (entries, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int64(c.order.Len()), int64(c.bytes)
}

func (c *cache) get(key string) (Summary, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return Summary{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).sum, true
}

func (c *cache) put(key string, sum Summary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{key: key, sum: sum}
	if old, ok := c.byKey[key]; ok {
		c.remove(old)
	}
	if e.size() > c.maxBytes/8 {
		return // one entry must not push out most of the others
	}
	c.byKey[key] = c.order.PushFront(e)
	c.bytes += e.size()
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *cache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.order.Remove(el)
	delete(c.byKey, e.key)
	c.bytes -= e.size()
}

// cacheKey identifies a summary by what determines it: the model, the
// question as a person means it (letter case, spacing and closing
// punctuation aside) and the passages in the order they were numbered.
func cacheKey(model, question string, sources []Source) string {
	var b strings.Builder
	b.WriteString(model)
	b.WriteByte(0)
	b.WriteString(normaliseQuestion(question))
	for _, s := range sources {
		b.WriteByte(0)
		b.WriteString(s.ID)
	}
	return b.String()
}

func normaliseQuestion(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	return strings.TrimRight(q, "?!. ")
}
