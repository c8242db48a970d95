package slacktest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Message is a message as its readers see it: the latest version of what
// was posted, updated or streamed.
type Message struct {
	Channel string
	TS      string
	// ThreadTS is the thread's parent for a reply; "" for a top-level
	// message.
	ThreadTS string
	// User is who posted it: the bot's user id for what the bot posted.
	User  string
	BotID string
	Text  string
	// Blocks are the blocks as sent, as JSON objects.
	Blocks      []map[string]any
	Attachments []map[string]any
	Metadata    *slack.SlackMetadata
	// Ephemeral messages are shown to To alone.
	Ephemeral bool
	To        string
	// Via is how it came: chat.postMessage, chat.postEphemeral,
	// response_url, chat.startStream, files.completeUploadExternal, or
	// "seed" for one a test added.
	Via string
	// Streaming is true between chat.startStream and chat.stopStream.
	Streaming bool
	// Edits counts the updates and replacements since it was posted.
	Edits          int
	Deleted        bool
	ReplyBroadcast bool
	Files          []File
	// Unfurls are the unfurls chat.unfurl attached, by URL.
	Unfurls map[string]map[string]any
}

// Texts are every text the message shows, in order: its text (when it has
// no blocks, the text is what is shown), then each text of its blocks.
func (m Message) Texts() []string {
	var out []string
	if len(m.Blocks) == 0 && m.Text != "" {
		out = append(out, m.Text)
	}
	for _, b := range m.Blocks {
		out = append(out, texts(b)...)
	}
	return out
}

// AllText is Texts joined by newlines: what a test searches for words.
func (m Message) AllText() string { return strings.Join(m.Texts(), "\n") }

// texts collects every "text" string of a decoded JSON value, in reading
// order: a block's own text, then its fields, elements and accessory.
func texts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["text"].(string); ok {
			out = append(out, s)
		}
		for _, k := range readingOrder(x) {
			if _, isString := x[k].(string); k == "text" && isString {
				continue
			}
			out = append(out, texts(x[k])...)
		}
	case []any:
		for _, e := range x {
			out = append(out, texts(e)...)
		}
	}
	return out
}

// readingOrder is the keys of a Block Kit object in the order a reader
// meets them; keys it does not know come last, sorted, so that the order
// never depends on Go's map order.
func readingOrder(m map[string]any) []string {
	rank := map[string]int{"title": 1, "label": 2, "text": 3, "fields": 4, "elements": 5, "rows": 6, "element": 7,
		"accessory": 8, "hint": 9, "positive_button": 10, "negative_button": 11, "submit": 12, "close": 13}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 {
			ri = 100
		}
		if rj == 0 {
			rj = 100
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// TextsOf is every text of blocks (decoded JSON, as Call.Blocks gives
// them), in order: what Message.Texts gives for a message's blocks.
func TextsOf(blocks []map[string]any) []string {
	var out []string
	for _, b := range blocks {
		out = append(out, texts(b)...)
	}
	return out
}

// ButtonsOf are the buttons of blocks, as Message.Buttons.
func ButtonsOf(blocks []map[string]any) []Button { return buttons(blocks) }

// Button is a button as shown.
type Button struct {
	BlockID, ActionID, Value, Label, URL, Style string
}

// Buttons are the message's buttons: in actions blocks and as section
// accessories, in order.
func (m Message) Buttons() []Button { return buttons(m.Blocks) }

func buttons(blocks []map[string]any) []Button {
	var out []Button
	add := func(blockID string, e any) {
		el, ok := e.(map[string]any)
		if !ok || el["type"] != "button" {
			return
		}
		b := Button{BlockID: blockID}
		b.ActionID, _ = el["action_id"].(string)
		b.Value, _ = el["value"].(string)
		b.URL, _ = el["url"].(string)
		b.Style, _ = el["style"].(string)
		if t, ok := el["text"].(map[string]any); ok {
			b.Label, _ = t["text"].(string)
		}
		out = append(out, b)
	}
	for _, bl := range blocks {
		id, _ := bl["block_id"].(string)
		if els, ok := bl["elements"].([]any); ok && bl["type"] == "actions" {
			for _, e := range els {
				add(id, e)
			}
		}
		if acc, ok := bl["accessory"]; ok {
			add(id, acc)
		}
	}
	return out
}

// SlackBlocks are the blocks decoded with slack-go.
func (m Message) SlackBlocks() ([]slack.Block, error) {
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		return nil, err
	}
	var b slack.Blocks
	err = json.Unmarshal(raw, &b)
	return b.BlockSet, err
}

// View is a modal or Home tab view as last opened, updated or published.
type View struct {
	ID, Hash, Type     string
	User               string // the Home tab's user
	TriggerID          string // the trigger that opened the modal
	CallbackID         string
	ExternalID         string
	PrivateMetadata    string
	Title, Submit      string
	Close              string
	Blocks             []map[string]any
	Raw                map[string]any // the view object as sent
	Updates            int
	RootID, PreviousID string
}

// Texts are every text of the view's blocks, in order.
func (v View) Texts() []string {
	var out []string
	for _, b := range v.Blocks {
		out = append(out, texts(b)...)
	}
	return out
}

// Buttons are the view's buttons.
func (v View) Buttons() []Button { return buttons(v.Blocks) }

// File is a file uploaded with files.uploadV2 (getUploadURLExternal, the
// upload, completeUploadExternal).
type File struct {
	ID, Name, Title string
	Length          int // as declared to getUploadURLExternal
	Content         []byte
	Uploaded        bool // its content reached the upload URL
	Completed       bool // completeUploadExternal finished it
	Channel         string
	ThreadTS        string
}

// Assistant is what an assistant thread shows beside its messages.
type Assistant struct {
	// Status is the latest status ("" once cleared); Statuses every one
	// set, in order.
	Status   string
	Statuses []string
	Title    string
	// Prompts are the suggested prompts last set, under PromptsTitle.
	Prompts      []slack.AssistantThreadsPrompt
	PromptsTitle string
}

// state is the workspace as the fake holds it.
type state struct {
	messages   []*Message // in the order posted
	views      map[string]*View
	homes      map[string]*View
	triggers   map[string]bool // used trigger ids
	users      map[string]slack.User
	files      map[string]*File
	assistants map[string]*Assistant // by channel and thread
	responses  map[string]*responseURL
	dms        map[string]string // a member's direct message with the app, by member id
	lastTS     string
	seq        int
}

func newState() state {
	return state{
		views: map[string]*View{}, homes: map[string]*View{}, triggers: map[string]bool{},
		users: map[string]slack.User{}, files: map[string]*File{}, assistants: map[string]*Assistant{},
		responses: map[string]*responseURL{}, dms: map[string]string{},
	}
}

// nextTS is a new message timestamp: the clock's time in Slack's form
// (seconds.microseconds), always after the last one. Called with s.mu
// held.
func (s *Server) nextTS() string {
	now := s.opts.Now()
	ts := fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
	if s.lastTS != "" && !tsLess(s.lastTS, ts) {
		sec, micro := splitTS(s.lastTS)
		micro++
		if micro == 1000000 {
			sec, micro = sec+1, 0
		}
		ts = fmt.Sprintf("%d.%06d", sec, micro)
	}
	s.lastTS = ts
	return ts
}

func splitTS(ts string) (sec, micro int64) {
	a, b, _ := strings.Cut(ts, ".")
	sec, _ = strconv.ParseInt(a, 10, 64)
	micro, _ = strconv.ParseInt((b + "000000")[:6], 10, 64)
	return sec, micro
}

// tsLess orders Slack timestamps.
func tsLess(a, b string) bool {
	as, am := splitTS(a)
	bs, bm := splitTS(b)
	return as < bs || as == bs && am < bm
}

// nextID is a new id with a prefix: "V", "F", "T".
func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%08d", prefix, s.seq)
}

// find is the message (channel, ts) shown to user (public messages are
// shown to all), or nil. Called with s.mu held.
func (s *Server) find(channel, ts, user string) *Message {
	for i := len(s.messages) - 1; i >= 0; i-- {
		m := s.messages[i]
		if m.Channel == channel && m.TS == ts && !m.Deleted && (!m.Ephemeral || user == "" || m.To == user) {
			return m
		}
	}
	return nil
}

func cloneMessage(m *Message) Message {
	c := *m
	c.Blocks = append([]map[string]any(nil), m.Blocks...)
	c.Files = append([]File(nil), m.Files...)
	return c
}

// AddMessage puts a message in the workspace as if someone had posted it
// (a user's question, a message from before the test), so that
// conversations.history, conversations.replies, chat.update and
// chat.getPermalink find it. It returns the message's ts, made when
// m.TS is empty.
func (s *Server) AddMessage(m Message) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.TS == "" {
		m.TS = s.nextTS()
	} else if tsLess(s.lastTS, m.TS) {
		s.lastTS = m.TS
	}
	if m.User == "" {
		m.User = "U0SOMEONE"
	}
	if m.Via == "" {
		m.Via = "seed"
	}
	s.messages = append(s.messages, &m)
	return m.TS
}

// AddUser makes users.info know a user.
func (s *Server) AddUser(u slack.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// Messages are the top-level messages of channel everyone sees, in order:
// their current version, without those deleted. A member's id (U…) names
// the app's direct message with them.
func (s *Server) Messages(channel string) []Message {
	if isUserID(channel) {
		channel = s.DM(channel)
	}
	return s.messagesWhere(func(m *Message) bool {
		return m.Channel == channel && !m.Ephemeral && (m.ThreadTS == "" || m.ThreadTS == m.TS || m.ReplyBroadcast)
	}, false)
}

// DM is the id of the app's direct message with user (D…), as
// conversations.open gives it; posts to the member's id go there.
func (s *Server) DM(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dm(user)
}

// Replies are the replies in the thread threadTS of channel everyone
// sees, in order, without the parent.
func (s *Server) Replies(channel, threadTS string) []Message {
	return s.messagesWhere(func(m *Message) bool {
		return m.Channel == channel && !m.Ephemeral && m.ThreadTS == threadTS && m.TS != threadTS
	}, false)
}

// Ephemerals are the ephemeral messages shown to user, in any channel, in
// order: chat.postEphemeral's and the response URLs'.
func (s *Server) Ephemerals(user string) []Message {
	return s.messagesWhere(func(m *Message) bool { return m.Ephemeral && m.To == user }, false)
}

// Message is the message (channel, ts), including one deleted, and
// whether there is one.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.messages) - 1; i >= 0; i-- {
		if m := s.messages[i]; m.Channel == channel && m.TS == ts {
			return cloneMessage(m), true
		}
	}
	return Message{}, false
}

// AllMessages are every message, public and ephemeral, deleted or not, in
// the order posted.
func (s *Server) AllMessages() []Message {
	return s.messagesWhere(func(*Message) bool { return true }, true)
}

func (s *Server) messagesWhere(keep func(*Message) bool, withDeleted bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if keep(m) && (withDeleted || !m.Deleted) {
			out = append(out, cloneMessage(m))
		}
	}
	return out
}

// Views are the modals opened, pushed or updated, in the order opened.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, v := range s.views {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Home is the Home tab last published for user.
func (s *Server) Home(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.homes[user]
	if !ok {
		return View{}, false
	}
	return *v, true
}

// Files are the files uploaded, in the order their URLs were handed out.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, f := range s.files {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// AssistantThread is what the assistant calls set on the thread threadTS
// of channel (threadTS "" for calls that named no thread).
func (s *Server) AssistantThread(channel, threadTS string) Assistant {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.assistants[channel+"/"+threadTS]; ok {
		c := *a
		c.Statuses = append([]string(nil), a.Statuses...)
		c.Prompts = append([]slack.AssistantThreadsPrompt(nil), a.Prompts...)
		return c
	}
	return Assistant{}
}

func (s *Server) assistant(channel, threadTS string) *Assistant {
	key := channel + "/" + threadTS
	a, ok := s.assistants[key]
	if !ok {
		a = &Assistant{}
		s.assistants[key] = a
	}
	return a
}

// WaitForMessages waits up to timeout until channel has n top-level
// messages, and returns them.
func (s *Server) WaitForMessages(channel string, n int, timeout time.Duration) []Message {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		notify := s.notify
		s.mu.Unlock()
		msgs := s.Messages(channel)
		if len(msgs) >= n || time.Now().After(deadline) {
			return msgs
		}
		t := time.NewTimer(time.Until(deadline))
		select {
		case <-notify:
		case <-t.C:
		case <-s.closing:
		}
		t.Stop()
	}
}
