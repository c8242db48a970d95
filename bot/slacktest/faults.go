package slacktest

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a scripted failure of one call. The call is recorded first,
// where Slack would have received it, whatever the fault. The zero Fault
// is a normal answer, so that a script can let calls through:
//
//	s.Fail("chat.postMessage", slacktest.Fault{}, slacktest.Down, slacktest.Down)
//
// lets the first post through and answers the next two with a 500.
type Fault struct {
	// Status answers with this HTTP status (500, 503, 429…) and Body, or
	// Slack's {"ok":false,"error":…} for it. Slack did not act.
	Status int
	// RetryAfter is sent as the Retry-After header, in whole seconds, with
	// Status (429 when Status is 0). Without it a 429 has no header.
	RetryAfter time.Duration
	// Error answers HTTP 200 {"ok":false,"error":Error}: Slack refused.
	Error string
	// Body replaces the answer's body: with Status, Error or neither. With
	// neither, Slack acted (the call's effect is applied) and this is its
	// answer, unless it says "ok":false: script an answer the fake cannot
	// make, such as apps.connections.open's websocket URL, or one it would
	// not, such as a body that is not JSON.
	Body   string
	Header http.Header
	// Delay holds the answer back: Slack acted (unless Status, Error or
	// Acted false with Hang/Drop/Reset say otherwise) but is slow to say
	// so, and a client that gives up first never learns it did.
	Delay time.Duration
	// Hang never answers: the request is held until the client gives up
	// or the server closes.
	Hang bool
	// Drop closes the connection without an answer; Reset closes it with
	// a TCP reset (RST) instead of a FIN.
	Drop  bool
	Reset bool
	// Acted, with Hang, Drop or Reset, says Slack acted on the call before
	// the connection failed (the message was posted; only the answer was
	// lost). Without it, Slack did nothing.
	Acted bool
}

// Faults of everyday use.
var (
	// Down is Slack failing: a 500.
	Down = Fault{Status: http.StatusInternalServerError}
	// Unavailable is a 503.
	Unavailable = Fault{Status: http.StatusServiceUnavailable}
	// Hang holds the request until the client gives up.
	Hang = Fault{Hang: true}
	// DropConnection closes the connection without an answer, Slack
	// having done nothing.
	DropConnection = Fault{Drop: true}
	// ResetConnection resets the connection, Slack having done nothing.
	ResetConnection = Fault{Reset: true}
	// LostAnswer is Slack acting and the connection then dropping: the
	// message is posted but the client cannot know.
	LostAnswer = Fault{Drop: true, Acted: true}
)

// RateLimited is Slack's 429 with Retry-After.
func RateLimited(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// Refused is Slack answering {"ok":false,"error":err}.
func Refused(err string) Fault { return Fault{Error: err} }

// Slow is Slack acting and answering after d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// refuses reports whether Slack did not act on a call with this fault. A
// scripted Body saying "ok":false is a refusal too.
func (f Fault) refuses() bool {
	if f.Status != 0 || f.Error != "" || f.RetryAfter > 0 || strings.Contains(strings.ReplaceAll(f.Body, " ", ""), `"ok":false`) {
		return true
	}
	return (f.Hang || f.Drop || f.Reset) && !f.Acted
}

// none reports whether f is the zero Fault: a normal answer.
func (f Fault) none() bool {
	return f.Status == 0 && f.RetryAfter == 0 && f.Error == "" && f.Body == "" && f.Header == nil &&
		f.Delay == 0 && !f.Hang && !f.Drop && !f.Reset && !f.Acted
}

// cuts reports whether the fault ends the call without an answer.
func (f Fault) cuts() bool { return f.Hang || f.Drop || f.Reset }

func (f Fault) String() string {
	switch {
	case f.Hang:
		return "hang"
	case f.Drop:
		return "dropped connection"
	case f.Reset:
		return "TCP reset"
	case f.Status != 0:
		return "HTTP " + strconv.Itoa(f.Status)
	case f.RetryAfter > 0:
		return "HTTP 429"
	case f.Error != "":
		return "ok:false " + f.Error
	case f.Delay > 0:
		return "delay " + f.Delay.String()
	case f.Body != "":
		return "scripted answer"
	}
	return "none"
}

// Fail makes the next calls of method meet these faults, one each, in
// order, after any already queued. method is a Web API method
// ("chat.postMessage"), MethodResponseURL or MethodUpload.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// FailAlways makes every call of method meet f, until Recover.
func (s *Server) FailAlways(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.always[method] = &f
}

// Recover ends the faults scripted for method: queued and FailAlways.
func (s *Server) Recover(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults, method)
	delete(s.always, method)
}

// nextFault takes the fault scripted for the call of method, if any.
// Called with s.mu held.
func (s *Server) nextFault(method string) *Fault {
	if q := s.faults[method]; len(q) > 0 {
		f := q[0]
		s.faults[method] = q[1:]
		if f.none() {
			return nil
		}
		return &f
	}
	return s.always[method]
}

// wait holds the answer for d, or until the client gives up or the server
// closes; it reports whether there is still someone to answer.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

// cut ends a call as the fault says: hangs until the client gives up,
// or drops or resets the connection.
func (s *Server) cut(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Hang {
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok && f.Reset {
		_ = tc.SetLinger(0) // close sends RST, not FIN
	}
	_ = conn.Close()
}

// writeFault answers with the fault's status or error.
func writeFault(w http.ResponseWriter, f Fault) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	status := f.Status
	if status == 0 && f.RetryAfter > 0 {
		status = http.StatusTooManyRequests
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	}
	body := f.Body
	if body == "" {
		switch {
		case f.Error != "":
			body = fmt.Sprintf(`{"ok":false,"error":%q}`, f.Error)
		case status == http.StatusTooManyRequests:
			body = `{"ok":false,"error":"ratelimited"}`
		default:
			body = fmt.Sprintf(`{"ok":false,"error":"fatal_error","status":%d}`, status)
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
