package summary

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	openai "github.com/sashabaranov/go-openai"
)

// Errors Summarise returns. Each is something the caller can turn into a short
// note under the passages, which it shows whatever happened. Test with
// errors.Is.
var (
	// ErrDisabled: no model server is configured.
	ErrDisabled = errors.New("summaries are not configured")
	// ErrBadRequest: the request lacks a question or passages, or has more
	// passages than a summary can cite. Nothing was charged.
	ErrBadRequest = errors.New("nothing to summarise")
	// ErrTimeout: the model did not answer within Config.Timeout.
	ErrTimeout = errors.New("summary unavailable: the model did not answer in time")
	// ErrRateLimited: the user's requests have called the model
	// Config.PerUserPerHour times in the last hour.
	ErrRateLimited = errors.New("hourly summary limit reached")
	// ErrBudget: the bot's daily token budget is spent (or the next call
	// could overrun it); it resets at midnight UTC.
	ErrBudget = errors.New("daily summary budget spent")
	// ErrUngrounded: the model's answer cited none of the passages, so it is
	// not shown as a summary.
	ErrUngrounded = errors.New("the summary cited none of the passages")
	// ErrUpstream: the model server failed or could not be reached. The
	// error is an *UpstreamError with the details.
	ErrUpstream = errors.New("model server error")
)

// UpstreamError is a failure of the model server: an error status, an
// unreadable answer or no answer at all. errors.Is(err, ErrUpstream) holds.
type UpstreamError struct {
	// StatusCode is the HTTP status, or 0 when no status was received.
	StatusCode int
	// Message is one short line: the server's own error message, from an
	// OpenAI-style JSON body, another JSON shape, or plain text or HTML.
	Message string
	// Err is the underlying error, for logs.
	Err error
}

func (e *UpstreamError) Error() string {
	var b strings.Builder
	b.WriteString(ErrUpstream.Error())
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrUpstream) true.
func (e *UpstreamError) Is(target error) bool { return target == ErrUpstream }

func (e *UpstreamError) Unwrap() error { return e.Err }

// retryable reports whether the same request may succeed if sent again:
// the server was busy (429), timed out (408) or failed (5xx), or it could not
// be reached. An answer that is not a chat completion is not retried.
func (e *UpstreamError) retryable() bool {
	switch {
	case e.StatusCode == 0:
		_, unreached := errors.AsType[*url.Error](e.Err)
		return unreached
	case e.StatusCode == http.StatusTooManyRequests, e.StatusCode == http.StatusRequestTimeout:
		return true
	default:
		return e.StatusCode >= 500
	}
}

// upstreamError turns an error from go-openai into an *UpstreamError with a
// short message. go-openai gives an *openai.APIError for OpenAI-style JSON
// bodies and an *openai.RequestError, holding the raw body, for anything
// else, such as plain text from a proxy or an HTML error page.
func upstreamError(err error) *UpstreamError {
	// RequestError first: when a body such as {"error": "..."} half-parses,
	// go-openai wraps an empty APIError inside it.
	if reqErr, ok := errors.AsType[*openai.RequestError](err); ok {
		return &UpstreamError{StatusCode: reqErr.HTTPStatusCode, Message: bodyMessage(reqErr.Body), Err: err}
	}
	if apiErr, ok := errors.AsType[*openai.APIError](err); ok {
		return &UpstreamError{StatusCode: apiErr.HTTPStatusCode, Message: shorten(apiErr.Message), Err: err}
	}
	_, syntax := errors.AsType[*json.SyntaxError](err)
	_, shape := errors.AsType[*json.UnmarshalTypeError](err)
	if syntax || shape {
		return &UpstreamError{Message: "the answer is not a chat completion", Err: err}
	}
	return &UpstreamError{Message: shorten(err.Error()), Err: err}
}

// bodyMessage finds the message in an error body that is not OpenAI-style:
// {"error": "..."} (Ollama), {"message": "..."} (vLLM), {"detail": "..."}
// (FastAPI servers), or failing those, the text itself with any HTML tags
// taken out.
func bodyMessage(body []byte) string {
	var shapes struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &shapes) == nil {
		var s string
		switch {
		case json.Unmarshal(shapes.Error, &s) == nil && s != "":
			return shorten(s)
		case shapes.Message != "":
			return shorten(shapes.Message)
		case json.Unmarshal(shapes.Detail, &s) == nil && s != "":
			return shorten(s)
		}
	}
	return shorten(stripTags(htmlTitle(string(body))))
}

// htmlTitle returns the title of an HTML page, which says what went wrong
// ("502 Bad Gateway") without the page's styles and scripts, or the whole
// text when it has no title.
func htmlTitle(s string) string {
	lower := asciiLower(s) // same length as s, unlike strings.ToLower
	start := strings.Index(lower, "<title>")
	if start < 0 {
		return s
	}
	start += len("<title>")
	end := strings.Index(lower[start:], "</title>")
	if end < 0 {
		return s
	}
	return s[start : start+end]
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// stripTags removes anything between < and >, enough to read the title and
// text of a proxy's HTML error page.
func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxMessageRunes keeps a server's message short enough for a log line or
// a note in Slack.
const maxMessageRunes = 200

// shorten makes s one line of at most maxMessageRunes runes.
func shorten(s string) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	return truncate(s, maxMessageRunes)
}
