package summary

import (
	"container/list"
	"strings"
	"sync"
)

// cacheSize bounds the cache. A summary is a few hundred bytes, so this is
// well under a megabyte.
const cacheSize = 1024

// cache keeps the most recently used summaries, dropping the least recently
// used one when full. It is safe for concurrent use.
type cache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recently used first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	sum Summary
}

func newCache(max int) *cache {
	return &cache{max: max, order: list.New(), byKey: make(map[string]*list.Element)}
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
	if el, ok := c.byKey[key]; ok {
		el.Value.(*cacheEntry).sum = sum
		c.order.MoveToFront(el)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, sum: sum})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.byKey, oldest.Value.(*cacheEntry).key)
	}
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
