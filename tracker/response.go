package tracker

import (
	"net/url"
	"strings"
	"time"

	"github.com/peelbot/peelbot/corpus"
)

// ResponseDays is how long a police and crime commissioner has to publish
// a response to an inspection report: 56 days from publication (section
// 55 of the Police Act 1996).
const ResponseDays = 56

// Response is a PCC's published response to a report, as recorded: the
// address it is published at, who recorded it and when. The latest
// recorded is the report's; earlier ones stay in the store.
type Response struct {
	ReportID string    `json:"report"`
	URL      string    `json:"url"`
	By       string    `json:"recorded_by"`
	At       time.Time `json:"recorded_at"`
}

// ResponseDue is the day the PCC's response to r is due, 56 days from its
// publication; false when the publication is unknown.
func ResponseDue(r *corpus.Report) (time.Time, bool) {
	p := PublishedOn(r)
	if p.IsZero() {
		return time.Time{}, false
	}
	return dayOf(p).AddDate(0, 0, ResponseDays), true
}

// ResponseState is where a report's section 55 response stands.
type ResponseState struct {
	Report *corpus.Report
	// Due is the day the response is due; zero when publication is
	// unknown.
	Due time.Time
	// Response is the recorded response, nil until one is.
	Response *Response
}

// Text says it for people: "PCC response due 14 April 2024", "PCC
// response overdue since 14 April 2024", "PCC response published:
// <url>".
func (s ResponseState) Text(today time.Time) string {
	switch {
	case s.Response != nil:
		return "PCC response published: " + s.Response.URL
	case s.Due.IsZero():
		return "PCC response due 56 days from publication (the report does not say when it was published)"
	case s.Due.Before(today):
		return "PCC response overdue since " + s.Due.Format("2 January 2006")
	}
	return "PCC response due " + s.Due.Format("2 January 2006")
}

// CheckResponseURL checks the address of a published response: an
// absolute http(s) URL of at most 500 characters, without credentials.
func CheckResponseURL(raw string) (string, error) {
	raw = strings.Trim(strings.TrimSpace(raw), "<>")
	if i := strings.IndexByte(raw, '|'); i >= 0 { // Slack's <url|label>
		raw = raw[:i]
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 500 || strings.ContainsAny(raw, " \t\n") {
		return "", Errorf(ErrInvalidInput, "%q is not the address of a published response; give the https:// link to the PCC's response", clip(raw, 80))
	}
	return u.String(), nil
}
