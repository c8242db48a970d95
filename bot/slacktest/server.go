package slacktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Method names of the calls that are not Web API methods.
const (
	// MethodResponseURL is a post to a response_url handed out by
	// Server.ResponseURL.
	MethodResponseURL = "response_url"
	// MethodUpload is a file sent to an upload URL from
	// files.getUploadURLExternal.
	MethodUpload = "upload"
)

// TB is what the Server needs of a test: testing.TB has it. It reports
// invalid payloads with Errorf and closes the server with Cleanup.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Cleanup(func())
}

// Options configure a Server.
type Options struct {
	// BotToken is the bot token Web API calls must carry (in the form, or
	// as "Authorization: Bearer"); one is made when empty (Server.BotToken).
	BotToken string
	// AnyBotToken accepts every token that starts with "xoxb-", for a
	// process whose token the test does not choose (the load tool's
	// placeholder).
	AnyBotToken bool
	// AppToken is the app-level token (xapp-…) apps.connections.open
	// takes; without it, that call is refused with invalid_auth.
	AppToken string
	// SocketModeURL is the websocket URL apps.connections.open answers
	// with.
	SocketModeURL string

	// AllowInvalid keeps an invalid payload from failing the test. It is
	// still refused as Slack would refuse it, and recorded with its
	// problems (Call.Invalid): for tests that send invalid payloads on
	// purpose.
	AllowInvalid bool
	// Validator checks every payload; its zero value is Slack's rules,
	// except that a Validator without Intended refuses broadcasts
	// (NoBroadcast): set Intended to one that allows them, for a test
	// that means to notify a channel.
	Validator Validator

	// TeamID, BotUserID and BotID are who auth.test says the bot is.
	TeamID, BotUserID, BotID, BotName string
	// Now stamps messages (their ts) and calls; time.Now when nil.
	Now func() time.Time
}

// Server is a fake Slack on loopback: the Web API under APIURL(), response
// URLs, and the upload URLs of files.uploadV2. It answers as Slack does,
// records every call, keeps what was posted (Messages, Ephemerals, Views,
// Home…), refuses what Slack refuses and meets the faults scripted with
// Fail.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port.
	URL string

	t    TB
	opts Options
	srv  *httptest.Server

	closeOnce sync.Once
	closing   chan struct{}

	mu      sync.Mutex
	calls   []*Call
	notify  chan struct{} // closed and replaced whenever a call is recorded
	faults  map[string][]Fault
	always  map[string]*Fault
	secrets []string
	state
}

// NewServer starts a fake Slack for test t, closed when t ends. Invalid
// payloads fail t (with Errorf), unless Options.AllowInvalid. t may be nil
// outside tests (the load tool): then invalid payloads are only refused
// and recorded, and the caller must Close the server.
func NewServer(t TB, opts ...Options) *Server {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.BotToken == "" {
		o.BotToken = "xoxb-slacktest-" + randomHex(12)
	}
	if o.TeamID == "" {
		o.TeamID = "T0SLACKTEST"
	}
	if o.BotUserID == "" {
		o.BotUserID = "U0PEELBOT"
	}
	if o.BotID == "" {
		o.BotID = "B0PEELBOT"
	}
	if o.BotName == "" {
		o.BotName = "peelbot"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Validator.Intended == nil {
		o.Validator.Intended = NoBroadcast
	}
	s := &Server{
		t: t, opts: o, closing: make(chan struct{}), notify: make(chan struct{}),
		faults: map[string][]Fault{}, always: map[string]*Fault{},
		secrets: []string{o.BotToken},
		state:   newState(),
	}
	if o.AppToken != "" {
		s.secrets = append(s.secrets, o.AppToken)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	if t != nil {
		t.Cleanup(s.Close)
	}
	return s
}

// Close releases every hanging call and stops the server.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// APIURL is the Web API's base URL, for SLACK_API_URL and
// slack.OptionAPIURL: it ends in "/api/".
func (s *Server) APIURL() string { return s.URL + "/api/" }

// BotToken is the bot token calls must carry.
func (s *Server) BotToken() string { return s.opts.BotToken }

// TeamID, BotUserID and BotID are the workspace and the bot, as auth.test
// gives them.
func (s *Server) TeamID() string    { return s.opts.TeamID }
func (s *Server) BotUserID() string { return s.opts.BotUserID }
func (s *Server) BotID() string     { return s.opts.BotID }

// Secrets are every credential the server knows or handed out: the tokens
// and the secret part of each response URL. A test can check that none
// reached its logs.
func (s *Server) Secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.secrets...)
}

func (s *Server) addSecret(secret string) { s.secrets = append(s.secrets, secret) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// CheckReply validates what peelbot answers Slack directly rather than
// through the Web API: the body of its reply to a slash command (a
// message, as a response_url takes it). A reply Slack would refuse
// fails the test as an invalid call does, unless Options.AllowInvalid;
// the problems are returned either way.
func (s *Server) CheckReply(body []byte) error {
	err := s.opts.Validator.ValidateResponseJSON(body)
	if err != nil && !s.opts.AllowInvalid && s.t != nil {
		s.t.Helper()
		s.t.Errorf("slacktest: Slack would refuse this reply: %v", err)
	}
	return err
}

// Call is one request the server received.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), MethodResponseURL
	// or MethodUpload.
	Method string
	Path   string
	// ContentType is the request's, and Body what it sent.
	ContentType string
	Body        []byte
	// Args are the arguments: a form's values (the first of each) or a
	// JSON body's fields, with the arguments that are JSON in a form
	// (blocks, view, metadata, unfurls, prompts, files, chunks…) decoded.
	// For MethodUpload, the multipart form's fields but the file.
	Args map[string]any
	At   time.Time
	// Fault is the fault the call met, if one was scripted.
	Fault *Fault
	// Invalid is what made the payload invalid, if it was.
	Invalid *Error
	// Failed is true when Slack did not act on the call: it answered with
	// an error status or ok:false, or hung up having done nothing. A call
	// with Failed false had its effect (a message posted), even if its
	// answer was late or lost.
	Failed bool
	// Error is the "error" Slack answered with, when it refused.
	Error string
}

// Arg is a string argument of the call ("" when absent or not a string).
func (c Call) Arg(key string) string {
	s, _ := c.Args[key].(string)
	return s
}

// Blocks are the blocks the call sent, as JSON objects: the blocks
// argument, or a view's.
func (c Call) Blocks() []map[string]any {
	v := c.Args["blocks"]
	if view, ok := c.Args["view"].(map[string]any); ok && v == nil {
		v = view["blocks"]
	}
	return objects(v)
}

// objects is a decoded JSON array of objects.
func objects(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Calls are the calls of the given methods, in the order received (every
// call but auth.test when none is named).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if (len(methods) == 0 && c.Method != "auth.test") || contains(methods, c.Method) {
			out = append(out, *c)
		}
	}
	return out
}

// Acted are the calls of the given methods that Slack acted on: all but
// those it refused or hung up on without acting.
func (s *Server) Acted(methods ...string) []Call {
	var out []Call
	for _, c := range s.Calls(methods...) {
		if !c.Failed {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits up to timeout for n calls of method and returns the calls
// made by then (fewer than n when it timed out).
func (s *Server) WaitFor(method string, n int, timeout time.Duration) []Call {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		notify := s.notify
		s.mu.Unlock()
		calls := s.Calls(method)
		if len(calls) >= n {
			return calls
		}
		select {
		case <-notify:
		case <-deadline.C:
			return s.Calls(method)
		case <-s.closing:
			return s.Calls(method)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// record adds c to the calls. Called with s.mu held.
func (s *Server) record(c *Call) {
	s.calls = append(s.calls, c)
	close(s.notify)
	s.notify = make(chan struct{})
}

// reply is what a method's handler answers.
type reply struct {
	status int
	body   any // marshalled as JSON
	err    string
}

func ok(fields map[string]any) reply {
	body := map[string]any{"ok": true}
	for k, v := range fields {
		body[k] = v
	}
	return reply{body: body}
}

func fail(err string) reply {
	return reply{body: map[string]any{"ok": false, "error": err}, err: err}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return // the client went away
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, "/api/"), body)
	case strings.HasPrefix(r.URL.Path, "/commands/"), strings.HasPrefix(r.URL.Path, "/actions/"):
		s.serveResponseURL(w, r, body)
	case strings.HasPrefix(r.URL.Path, "/upload/"):
		s.serveUpload(w, r, body)
	default:
		http.NotFound(w, r)
	}
}

// serveAPI serves a Web API call: it is recorded, validated, met with
// any scripted fault, authenticated, and acted on.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, method string, body []byte) {
	contentType := r.Header.Get("Content-Type")
	if r.Method == http.MethodGet {
		body, contentType = []byte(r.URL.RawQuery), "application/x-www-form-urlencoded"
	}
	c := &Call{Method: method, Path: r.URL.Path, ContentType: contentType, Body: body, At: s.opts.Now()}
	checker := newChecker(&s.opts.Validator, InMessage)
	c.Args = checker.callArgs(contentType, body)
	if c.Args == nil {
		c.Args = map[string]any{}
	}
	if err := s.opts.Validator.ValidateCall(method, contentType, body); err != nil {
		c.Invalid = err.(*Error)
	}

	s.mu.Lock()
	s.record(c)
	f := s.nextFault(method)
	c.Fault = f
	s.mu.Unlock()
	if c.Invalid != nil && !s.opts.AllowInvalid && s.t != nil {
		s.t.Errorf("slacktest: Slack would refuse this %s: %v", method, c.Invalid)
	}

	if f != nil && f.refuses() {
		s.setFailed(c, f.Error)
		if !s.wait(r, f.Delay) {
			return
		}
		if f.cuts() {
			s.cut(w, r, *f)
			return
		}
		writeFault(w, *f)
		return
	}

	var rep reply
	switch {
	case !s.authorized(method, r, c.Args):
		rep = fail(s.authError(method, r, c.Args))
	case c.Invalid != nil:
		rep = invalidReply(c.Invalid)
	default:
		rep = s.act(method, c.Args)
	}
	if rep.err != "" {
		s.setFailed(c, rep.err)
	}
	if f != nil {
		if !s.wait(r, f.Delay) {
			return
		}
		if f.cuts() {
			s.cut(w, r, *f)
			return
		}
		if f.Body != "" {
			writeFault(w, *f)
			return
		}
	}
	writeJSON(w, rep)
}

func (s *Server) setFailed(c *Call, err string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Failed, c.Error = true, err
}

// invalidReply is Slack's answer to an invalid payload: the error, and
// each problem in response_metadata.messages.
func invalidReply(e *Error) reply {
	return reply{err: e.SlackError, body: map[string]any{
		"ok": false, "error": e.SlackError, "errors": e.Messages(),
		"response_metadata": map[string]any{"messages": e.Messages()},
	}}
}

func writeJSON(w http.ResponseWriter, rep reply) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	status := rep.status
	if status == 0 {
		status = http.StatusOK
	}
	raw, err := json.Marshal(rep.body)
	if err != nil {
		status, raw = http.StatusInternalServerError, []byte(`{"ok":false,"error":"slacktest_cannot_encode"}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// token is the token a call carries: "Authorization: Bearer", or the
// token argument.
func token(r *http.Request, args map[string]any) string {
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		return strings.TrimPrefix(auth, "Bearer ")
	}
	t, _ := args["token"].(string)
	return t
}

// authorized reports whether the call carries the token its method takes:
// the app token for apps.connections.open, the bot token for the rest.
func (s *Server) authorized(method string, r *http.Request, args map[string]any) bool {
	tok := token(r, args)
	if method == "apps.connections.open" {
		return s.opts.AppToken != "" && tok == s.opts.AppToken
	}
	if s.opts.AnyBotToken && strings.HasPrefix(tok, "xoxb-") {
		return true
	}
	return tok != "" && tok == s.opts.BotToken
}

// authError is Slack's error for a call without the right token:
// not_authed when it has none, invalid_auth when it has a wrong one.
// https://docs.slack.dev/reference/methods/chat.postMessage (Errors)
func (s *Server) authError(method string, r *http.Request, args map[string]any) string {
	if token(r, args) == "" {
		return "not_authed"
	}
	return "invalid_auth"
}

// formOrJSON reads a request's arguments the way callArgs does, for the
// endpoints that are not Web API methods.
func formOrJSON(contentType string, body []byte) map[string]any {
	c := newChecker(&Validator{}, InMessage)
	args := c.callArgs(contentType, body)
	if args == nil {
		return map[string]any{}
	}
	return args
}

var errNotMultipart = errors.New("not a multipart form")

// multipartFile reads the file field of a multipart upload.
func multipartFile(r *http.Request, body []byte) (name string, content []byte, fields url.Values, err error) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		return "", nil, nil, errNotMultipart
	}
	return readMultipart(body, params["boundary"])
}

// String names a call for a test's failure message.
func (c Call) String() string {
	s := c.Method
	if ch := c.Arg("channel"); ch != "" {
		s += " to " + ch
	}
	if c.Failed {
		s += fmt.Sprintf(" (failed: %s)", c.Error)
	}
	return s
}
