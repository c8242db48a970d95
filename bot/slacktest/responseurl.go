package slacktest

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"
)

// ResponseURLOptions describe the interaction a response URL answers.
type ResponseURLOptions struct {
	// Channel and User are where and who the interaction came from: a new
	// ephemeral response is shown to User in Channel, an in_channel one is
	// posted in Channel.
	Channel, User string
	// ThreadTS is the thread the interaction was in, if any.
	ThreadTS string
	// MessageTS is the message a button was clicked in, which
	// replace_original replaces and delete_original deletes. For a slash
	// command leave it empty: its original is the URL's own first reply.
	MessageTS string
	// Ephemeral says the message clicked in was ephemeral (shown to User).
	Ephemeral bool
	// Action makes a block_actions URL (/actions/…) rather than a slash
	// command's (/commands/…).
	Action bool
	// MaxUses is how many posts the URL takes: 0 is Slack's 5; a negative
	// number takes any number (the load tool's one URL for every command).
	MaxUses int
}

// responseURL is a response URL handed out, and what it has been used
// for.
type responseURL struct {
	ResponseURLOptions
	url    string
	issued time.Time
	uses   int
	// own is the last message the URL posted: a slash command's original.
	own *Message
}

// ResponseURL hands out a response URL shaped like Slack's
// (/commands/T…/…/secret, /actions/T…/…/secret). Its last part is a
// credential (Secrets lists it). Posts to it are recorded as
// MethodResponseURL calls, validated as messages, and shown: a new
// message as an ephemeral to User (or in Channel with response_type
// in_channel), replace_original and delete_original acting on the
// original. It takes 5 posts within 30 minutes, as Slack's do.
func (s *Server) ResponseURL(o ResponseURLOptions) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind := "commands"
	if o.Action {
		kind = "actions"
	}
	secret := randomHex(12)
	s.addSecret(secret)
	path := fmt.Sprintf("/%s/%s/%d/%s", kind, s.opts.TeamID, 1000+len(s.responses), secret)
	s.responses[path] = &responseURL{ResponseURLOptions: o, url: s.URL + path, issued: s.opts.Now()}
	return s.URL + path
}

// ResponsesTo are the posts made to a response URL, in order.
func (s *Server) ResponsesTo(responseURL string) []Call {
	var out []Call
	for _, c := range s.Calls(MethodResponseURL) {
		if s.URL+c.Path == responseURL {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request, body []byte) {
	contentType := r.Header.Get("Content-Type")
	c := &Call{Method: MethodResponseURL, Path: r.URL.Path, ContentType: contentType, Body: body, At: s.opts.Now(),
		Args: formOrJSON("application/json", body)}
	if err := s.opts.Validator.ValidateResponseJSON(body); err != nil {
		c.Invalid = err.(*Error)
	}
	s.mu.Lock()
	s.record(c)
	f := s.nextFault(MethodResponseURL)
	c.Fault = f
	ru := s.responses[r.URL.Path]
	s.mu.Unlock()
	if c.Invalid != nil && !s.opts.AllowInvalid && s.t != nil {
		s.t.Errorf("slacktest: Slack would refuse this response_url post: %v", c.Invalid)
	}
	if f != nil && f.refuses() {
		s.setFailed(c, f.Error)
		if s.wait(r, f.Delay) {
			if f.cuts() {
				s.cut(w, r, *f)
			} else {
				writeFault(w, *f)
			}
		}
		return
	}
	status, answer := s.respond(ru, c)
	if status != http.StatusOK {
		s.setFailed(c, answer)
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
	// Response URLs answer in plain text: "ok", or the error.
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

// respond applies a post to a response URL, and answers with a status
// and Slack's word for it.
func (s *Server) respond(ru *responseURL, c *Call) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case ru == nil:
		return http.StatusNotFound, "no_service"
	case c.Invalid != nil:
		return http.StatusBadRequest, c.Invalid.SlackError
	case s.opts.Now().Sub(ru.issued) > 30*time.Minute:
		return http.StatusNotFound, "expired_url"
	}
	max := ru.MaxUses
	if max == 0 {
		max = maxResponseURLUses
	}
	if max > 0 && ru.uses >= max {
		return http.StatusNotFound, "used_url"
	}
	ru.uses++
	a := argReader(c.Args)
	switch {
	case a.flag("delete_original"):
		if orig := s.original(ru); orig != nil {
			orig.Deleted = true
		}
		return http.StatusOK, "ok"
	case a.flag("replace_original"):
		if orig := s.original(ru); orig != nil {
			orig.Text, orig.Blocks, orig.Attachments = a.str("text"), objects(a["blocks"]), objects(a["attachments"])
			orig.Edits++
			return http.StatusOK, "ok"
		}
	}
	m := s.newMessage(MethodResponseURL, a)
	m.Channel = ru.Channel
	if m.ThreadTS == "" {
		m.ThreadTS = ru.ThreadTS
	}
	if a.str("response_type") != "in_channel" {
		m.Ephemeral, m.To = true, ru.User
	}
	if a.flag("replace_original") && ru.MessageTS != "" {
		m.TS = ru.MessageTS // the original, unknown to the fake, is replaced
	} else {
		m.TS = s.nextTS()
	}
	s.messages = append(s.messages, m)
	ru.own = m
	return http.StatusOK, "ok"
}

// original is the message a response URL's replace_original and
// delete_original act on: the message clicked in, or the URL's own last
// reply. Called with s.mu held.
func (s *Server) original(ru *responseURL) *Message {
	if ru.MessageTS != "" {
		user := ""
		if ru.Ephemeral {
			user = ru.User
		}
		return s.find(ru.Channel, ru.MessageTS, user)
	}
	if ru.own != nil && !ru.own.Deleted {
		return ru.own
	}
	return nil
}

// serveUpload is the upload URL of files.getUploadURLExternal: it takes
// the file's content as a multipart form ("file") or a raw body, and
// answers "OK - <bytes>" as Slack's does.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request, body []byte) {
	id := r.URL.Path[len("/upload/"):]
	c := &Call{Method: MethodUpload, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), At: s.opts.Now(), Args: map[string]any{"file_id": id}}
	name, content, fields, err := multipartFile(r, body)
	if err == errNotMultipart {
		content, err = body, nil
	}
	for k, vs := range fields {
		if len(vs) > 0 {
			c.Args[k] = vs[0]
		}
	}
	if name != "" {
		c.Args["filename"] = name
	}
	c.Body = content
	s.mu.Lock()
	s.record(c)
	f := s.nextFault(MethodUpload)
	c.Fault = f
	file := s.files[id]
	s.mu.Unlock()
	if f != nil && f.refuses() {
		s.setFailed(c, f.Error)
		if s.wait(r, f.Delay) {
			if f.cuts() {
				s.cut(w, r, *f)
			} else {
				writeFault(w, *f)
			}
		}
		return
	}
	status, answer := http.StatusOK, fmt.Sprintf("OK - %d", len(content))
	s.mu.Lock()
	switch {
	case file == nil:
		status, answer = http.StatusNotFound, "file_not_found"
	case err != nil:
		status, answer = http.StatusBadRequest, "invalid_multipart: "+err.Error()
	default:
		file.Content, file.Uploaded = content, true
	}
	s.mu.Unlock()
	if status != http.StatusOK {
		s.setFailed(c, answer)
	}
	if f != nil {
		if !s.wait(r, f.Delay) {
			return
		}
		if f.cuts() {
			s.cut(w, r, *f)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

// readMultipart reads a multipart form's fields and its "file" part.
func readMultipart(body []byte, boundary string) (name string, content []byte, fields map[string][]string, err error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	fields = map[string][]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return name, content, fields, nil
		}
		if err != nil {
			return "", nil, nil, err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return "", nil, nil, err
		}
		if part.FormName() == "file" {
			name, content = part.FileName(), data
			continue
		}
		fields[part.FormName()] = append(fields[part.FormName()], string(data))
	}
}
