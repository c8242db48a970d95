package summary

import (
	"errors"
	"io"
	"net/http"
	"strings"
)

// Bounds on what a model may make peelbot hold or show. A model server is
// outside peelbot: a reply of 20 MB or 200 MB, whether from a server that
// ignores max_tokens or from a hostile proxy, must cost no more than a
// normal one.
const (
	// MaxReplyBytes is the most of any reply's body that is read: a plain
	// answer, a stream (all its events together) or an error body. A
	// summary of 400 tokens is under 2 KB of JSON, and its stream, an
	// event of about 250 bytes a token, under 100 KB; past this bound a
	// plain answer fails with ErrTooLong, a stream ends where it was cut
	// and an error body is read no further (nor past maxErrorBytes). Nothing is buffered beyond
	// it: the connection is closed instead of drained.
	MaxReplyBytes = 1 << 20
	// MaxSummaryChars is the most characters a Summary's Text has, "…"
	// and the note of sentences left out included: four long sentences.
	// A longer answer keeps its whole sentences that fit in this less the
	// room of the longest note (or, when even the first does not, the
	// words of it that do, ending in "…"), and cites what they cite.
	MaxSummaryChars = 1000
	// maxErrorBytes is how much of an error answer's body is read: an
	// OpenAI error or a proxy's page says what went wrong in far less.
	maxErrorBytes = 64 << 10
	// maxModelChars bounds the model name a server reports, shown under
	// every summary.
	maxModelChars = 100
)

// ErrTooLong: the model's answer was longer than MaxReplyBytes. It is not
// retried (the same request would get the same answer).
var ErrTooLong = errors.New("the model's answer was too long")

// limitTransport reads at most max bytes of each reply's body.
type limitTransport struct {
	base http.RoundTripper
	max  int64
}

// boundedClient is an HTTP client whose replies are cut at MaxReplyBytes.
// Deadlines come from each request's context.
func boundedClient() *http.Client {
	return &http.Client{Transport: limitTransport{base: http.DefaultTransport, max: MaxReplyBytes}}
}

func (t limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	// An error body cut short still says what went wrong (its first
	// maxErrorBytes are plenty); a cut answer is not an answer.
	past, left := io.EOF, min(t.max, maxErrorBytes)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		past, left = ErrTooLong, t.max
	}
	resp.Body = &limitedBody{rc: resp.Body, left: left, past: past}
	resp.ContentLength = -1
	return resp, nil
}

// limitedBody is a reply's body that gives past instead of any byte
// beyond its bound.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	past error
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more says whether the body really went on.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, b.past
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

// Close closes the body without reading the rest of it: a connection
// with megabytes still to come is dropped, not drained.
func (b *limitedBody) Close() error { return b.rc.Close() }

// clipWords cuts text to its words that fit in n characters with "…",
// leaving out a marker the cut would split.
func clipWords(text string, n int) string {
	r := []rune(text)
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	if open := strings.LastIndexByte(cut, '['); open >= 0 && !strings.Contains(cut[open:], "]") {
		cut = cut[:open]
	}
	return strings.TrimRight(cut, " ") + "…"
}
