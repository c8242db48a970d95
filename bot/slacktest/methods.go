package slacktest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// act carries out a valid, authorized call and answers as Slack does. The
// errors are those the methods' pages list.
func (s *Server) act(method string, args map[string]any) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := argReader(args)
	switch method {
	case "auth.test":
		return ok(map[string]any{
			"url": "https://slacktest.slack.com/", "team": "slacktest", "user": s.opts.BotName,
			"team_id": s.opts.TeamID, "user_id": s.opts.BotUserID, "bot_id": s.opts.BotID,
		})
	case "apps.connections.open":
		if s.opts.SocketModeURL == "" {
			return fail("invalid_auth")
		}
		return ok(map[string]any{"url": s.opts.SocketModeURL})
	case "chat.postMessage", "chat.postEphemeral":
		return s.post(method, a)
	case "chat.update":
		return s.update(a)
	case "chat.delete":
		m := s.find(a.str("channel"), a.str("ts"), "")
		switch {
		case a.str("channel") == "":
			return fail("channel_not_found")
		case m == nil || m.Ephemeral:
			return fail("message_not_found")
		case m.User != s.opts.BotUserID:
			return fail("cant_delete_message")
		}
		m.Deleted = true
		return ok(map[string]any{"channel": m.Channel, "ts": m.TS})
	case "chat.getPermalink":
		m := s.find(a.str("channel"), a.str("message_ts"), "")
		if m == nil || m.Ephemeral {
			return fail("message_not_found")
		}
		return ok(map[string]any{"channel": m.Channel, "permalink": s.permalink(m)})
	case "chat.unfurl":
		m := s.find(a.str("channel"), a.str("ts"), "")
		if m == nil {
			return fail("cannot_find_message")
		}
		if m.Unfurls == nil {
			m.Unfurls = map[string]map[string]any{}
		}
		unfurls, _ := args["unfurls"].(map[string]any)
		for link, u := range unfurls {
			if um, ok := u.(map[string]any); ok {
				m.Unfurls[link] = um
			}
		}
		return ok(nil)
	case "chat.startStream", "chat.appendStream", "chat.stopStream":
		return s.stream(method, a)
	case "views.open", "views.push":
		return s.openView(method, a)
	case "views.update":
		return s.updateView(a)
	case "views.publish":
		return s.publishView(a)
	case "conversations.open":
		return s.openConversation(a)
	case "conversations.history":
		return s.history(a)
	case "conversations.replies":
		return s.replies(a)
	case "users.info":
		u, found := s.users[a.str("user")]
		if !found && a.str("user") == s.opts.BotUserID {
			u, found = slack.User{ID: s.opts.BotUserID, Name: s.opts.BotName, IsBot: true, TeamID: s.opts.TeamID}, true
		}
		if !found {
			return fail("user_not_found")
		}
		return ok(map[string]any{"user": u})
	case "files.getUploadURLExternal":
		n, err := strconv.Atoi(a.str("length"))
		if a.str("filename") == "" || err != nil || n <= 0 {
			return fail("invalid_arguments")
		}
		f := &File{ID: s.nextID("F"), Name: a.str("filename"), Length: n}
		s.files[f.ID] = f
		return ok(map[string]any{"file_id": f.ID, "upload_url": s.URL + "/upload/" + f.ID})
	case "files.completeUploadExternal":
		return s.completeUpload(a)
	case "assistant.threads.setStatus":
		if a.str("channel_id") == "" || a.str("thread_ts") == "" {
			return fail("invalid_arguments")
		}
		as := s.assistant(a.str("channel_id"), a.str("thread_ts"))
		as.Status = a.str("status")
		as.Statuses = append(as.Statuses, as.Status)
		return ok(nil)
	case "assistant.threads.setTitle":
		if a.str("channel_id") == "" || a.str("thread_ts") == "" || a.str("title") == "" {
			return fail("invalid_arguments")
		}
		s.assistant(a.str("channel_id"), a.str("thread_ts")).Title = a.str("title")
		return ok(nil)
	case "assistant.threads.setSuggestedPrompts":
		if a.str("channel_id") == "" {
			return fail("channel_not_found")
		}
		as := s.assistant(a.str("channel_id"), a.str("thread_ts"))
		as.PromptsTitle = a.str("title")
		as.Prompts = nil
		for _, p := range objects(args["prompts"]) {
			title, _ := p["title"].(string)
			message, _ := p["message"].(string)
			as.Prompts = append(as.Prompts, slack.AssistantThreadsPrompt{Title: title, Message: message})
		}
		return ok(nil)
	}
	if s.t != nil {
		s.t.Errorf("slacktest: the fake does not answer %s; script its answer (Server.Fail with Fault{Body: …}) or add it to the fake", method)
	}
	return fail("unknown_method")
}

// args reads a call's arguments.
type argReader map[string]any

func (a argReader) str(k string) string {
	switch v := a[k].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func (a argReader) flag(k string) bool {
	switch v := a[k].(type) {
	case bool:
		return v
	case string:
		return v == "true" || v == "1"
	}
	return false
}

func (s *Server) permalink(m *Message) string {
	p := fmt.Sprintf("https://slacktest.slack.com/archives/%s/p%s", m.Channel, strings.ReplaceAll(m.TS, ".", ""))
	if m.ThreadTS != "" && m.ThreadTS != m.TS {
		p += "?thread_ts=" + m.ThreadTS + "&cid=" + m.Channel
	}
	return p
}

// newMessage is a message posted by the bot from a call's arguments.
func (s *Server) newMessage(via string, a argReader) *Message {
	m := &Message{
		Channel: a.str("channel"), ThreadTS: a.str("thread_ts"), User: s.opts.BotUserID, BotID: s.opts.BotID,
		Text: a.str("text"), Blocks: objects(a["blocks"]), Attachments: objects(a["attachments"]),
		Via: via, ReplyBroadcast: a.flag("reply_broadcast"),
	}
	m.Metadata = metadataOf(a["metadata"])
	return m
}

func metadataOf(v any) *slack.SlackMetadata {
	md, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := &slack.SlackMetadata{}
	out.EventType, _ = md["event_type"].(string)
	out.EventPayload, _ = md["event_payload"].(map[string]any)
	return out
}

func (s *Server) post(method string, a argReader) reply {
	if a.str("channel") == "" {
		return fail("channel_not_found")
	}
	m := s.newMessage(method, a)
	if method == "chat.postMessage" && isUserID(m.Channel) {
		// A post to a member's id goes to the app's direct message with
		// them, and Slack answers with that conversation's id.
		// https://docs.slack.dev/reference/methods/chat.postMessage
		m.Channel = s.dm(m.Channel)
	}
	if method == "chat.postEphemeral" {
		if a.str("user") == "" {
			return fail("user_not_found")
		}
		m.Ephemeral, m.To = true, a.str("user")
	}
	m.TS = s.nextTS()
	s.messages = append(s.messages, m)
	if m.Ephemeral {
		return ok(map[string]any{"message_ts": m.TS})
	}
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "message": s.messageJSON(m, true)})
}

func (s *Server) update(a argReader) reply {
	if a.str("channel") == "" {
		return fail("channel_not_found")
	}
	m := s.find(a.str("channel"), a.str("ts"), "")
	switch {
	case m == nil || m.Ephemeral:
		return fail("message_not_found")
	case m.User != s.opts.BotUserID:
		return fail("cant_update_message")
	}
	// chat.update replaces what it is given: text, blocks, attachments,
	// metadata. https://docs.slack.dev/reference/methods/chat.update
	if _, ok := a["text"]; ok {
		m.Text = a.str("text")
	}
	if _, ok := a["blocks"]; ok {
		m.Blocks = objects(a["blocks"])
	}
	if _, ok := a["attachments"]; ok {
		m.Attachments = objects(a["attachments"])
	}
	if md := metadataOf(a["metadata"]); md != nil {
		m.Metadata = md
	}
	m.Edits++
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "text": m.Text, "message": s.messageJSON(m, true)})
}

// messageJSON is a message as Slack's API gives it back.
func (s *Server) messageJSON(m *Message, withMetadata bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "user": m.User}
	if m.BotID != "" {
		out["bot_id"] = m.BotID
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if len(m.Blocks) > 0 {
		out["blocks"] = m.Blocks
	}
	if len(m.Attachments) > 0 {
		out["attachments"] = m.Attachments
	}
	if withMetadata && m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	if m.Edits > 0 {
		out["edited"] = map[string]any{"user": m.User, "ts": m.TS}
	}
	if n := s.replyCount(m); n > 0 {
		out["reply_count"] = n
	}
	return out
}

func (s *Server) replyCount(parent *Message) int {
	n := 0
	for _, m := range s.messages {
		if m.Channel == parent.Channel && m.ThreadTS == parent.TS && m.TS != parent.TS && !m.Ephemeral && !m.Deleted {
			n++
		}
	}
	return n
}

// openConversation is conversations.open for a direct message: users
// names one member, whose DM with the app it opens (or resumes), or
// channel names a DM already open.
// https://docs.slack.dev/reference/methods/conversations.open
func (s *Server) openConversation(a argReader) reply {
	users := strings.Split(a.str("users"), ",")
	switch {
	case a.str("channel") != "":
		if _, open := s.dmUser(a.str("channel")); !open {
			return fail("channel_not_found")
		}
		return ok(map[string]any{"channel": map[string]any{"id": a.str("channel")}})
	case a.str("users") == "":
		return fail("users_list_not_supplied")
	case len(users) > 1:
		return fail("method_not_supported_for_channel_type") // group DMs are not modelled
	case !isUserID(users[0]):
		return fail("user_not_found")
	}
	return ok(map[string]any{"channel": map[string]any{"id": s.dm(users[0])}})
}

// dm is the id of the app's direct message with user, opened on first
// use. Called with s.mu held.
func (s *Server) dm(user string) string {
	if id, ok := s.dms[user]; ok {
		return id
	}
	id := s.nextID("D")
	s.dms[user] = id
	return id
}

// dmUser is the member a direct message is with.
func (s *Server) dmUser(channel string) (string, bool) {
	for u, id := range s.dms {
		if id == channel {
			return u, true
		}
	}
	return "", false
}

// isUserID reports whether id names a member (U…, or W… in Enterprise
// Grid) rather than a conversation.
func isUserID(id string) bool { return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") }

// history is conversations.history: the channel's top-level messages,
// newest first, between oldest and latest (exclusive unless inclusive),
// limit at a time (100 by default) with a cursor. Metadata is returned
// only with include_all_metadata.
// https://docs.slack.dev/reference/methods/conversations.history
func (s *Server) history(a argReader) reply {
	channel := a.str("channel")
	if channel == "" || isUserID(channel) {
		// A member's id is not a conversation: a DM's history needs its
		// id, from conversations.open.
		return fail("channel_not_found")
	}
	var msgs []*Message
	for _, m := range s.messages {
		if m.Channel == channel && !m.Ephemeral && !m.Deleted && (m.ThreadTS == "" || m.ThreadTS == m.TS || m.ReplyBroadcast) && inRange(m.TS, a) {
			msgs = append(msgs, m)
		}
	}
	sort.SliceStable(msgs, func(i, j int) bool { return tsLess(msgs[j].TS, msgs[i].TS) })
	return s.page(msgs, a, a.flag("include_all_metadata"))
}

// replies is conversations.replies: the thread's parent, then its
// replies, oldest first.
// https://docs.slack.dev/reference/methods/conversations.replies
func (s *Server) replies(a argReader) reply {
	channel, ts := a.str("channel"), a.str("ts")
	if channel == "" {
		return fail("channel_not_found")
	}
	var msgs []*Message
	for _, m := range s.messages {
		if m.Channel == channel && !m.Ephemeral && !m.Deleted && (m.TS == ts || m.ThreadTS == ts) && inRange(m.TS, a) {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		return fail("thread_not_found")
	}
	sort.SliceStable(msgs, func(i, j int) bool { return tsLess(msgs[i].TS, msgs[j].TS) })
	return s.page(msgs, a, a.flag("include_all_metadata"))
}

// inRange reports whether ts is between the call's oldest and latest: "If
// a message has the same timestamp as oldest or latest it will not be
// included in the list", unless inclusive.
func inRange(ts string, a argReader) bool {
	inclusive := a.flag("inclusive")
	if o := a.str("oldest"); o != "" && (tsLess(ts, o) || ts == o && !inclusive) {
		return false
	}
	if l := a.str("latest"); l != "" && (tsLess(l, ts) || ts == l && !inclusive) {
		return false
	}
	return true
}

// page answers a list of messages a page at a time.
func (s *Server) page(msgs []*Message, a argReader, metadata bool) reply {
	limit, err := strconv.Atoi(a.str("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	start := 0
	if c := a.str("cursor"); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		if n, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "next:")); err != nil || err2 != nil || n > len(msgs) {
			return fail("invalid_cursor")
		} else {
			start = n
		}
	}
	end := min(start+limit, len(msgs))
	out := make([]map[string]any, 0, end-start)
	for _, m := range msgs[start:end] {
		out = append(out, s.messageJSON(m, metadata))
	}
	fields := map[string]any{"messages": out, "has_more": end < len(msgs)}
	if end < len(msgs) {
		fields["response_metadata"] = map[string]any{"next_cursor": base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("next:%d", end)))}
	}
	return ok(fields)
}

// stream is chat.startStream, chat.appendStream and chat.stopStream: a
// message that grows as markdown_text is appended, then is finished with
// optional blocks and metadata. Streaming to a channel (not a DM) needs
// recipient_user_id and recipient_team_id.
// https://docs.slack.dev/reference/methods/chat.startStream
func (s *Server) stream(method string, a argReader) reply {
	channel := a.str("channel")
	if channel == "" {
		return fail("channel_not_found")
	}
	if method == "chat.startStream" {
		if !strings.HasPrefix(channel, "D") && (a.str("recipient_user_id") == "" || a.str("recipient_team_id") == "") {
			return fail("invalid_arguments")
		}
		m := &Message{Channel: channel, ThreadTS: a.str("thread_ts"), User: s.opts.BotUserID, BotID: s.opts.BotID,
			Text: a.str("markdown_text") + chunkText(a["chunks"]), Via: method, Streaming: true}
		m.TS = s.nextTS()
		s.messages = append(s.messages, m)
		return ok(map[string]any{"channel": channel, "ts": m.TS})
	}
	m := s.find(channel, a.str("ts"), "")
	switch {
	case m == nil:
		return fail("message_not_found")
	case m.User != s.opts.BotUserID:
		return fail("message_not_owned_by_app")
	case !m.Streaming:
		return fail("message_not_in_streaming_state")
	}
	m.Text += a.str("markdown_text") + chunkText(a["chunks"])
	if method == "chat.appendStream" {
		return ok(map[string]any{"channel": channel, "ts": m.TS})
	}
	m.Streaming = false
	m.Blocks = append(m.Blocks, objects(a["blocks"])...)
	if md := metadataOf(a["metadata"]); md != nil {
		m.Metadata = md
	}
	return ok(map[string]any{"channel": channel, "ts": m.TS, "message": s.messageJSON(m, true)})
}

// chunkText is the markdown of a stream's markdown_text chunks.
func chunkText(v any) string {
	var b strings.Builder
	for _, ch := range objects(v) {
		if ch["type"] == "markdown_text" {
			t, _ := ch["text"].(string)
			b.WriteString(t)
		}
	}
	return b.String()
}

// openView is views.open and views.push. A trigger opens one view: it is
// refused once used ("expired_trigger_id"); Server.TriggerID makes fresh
// ones.
func (s *Server) openView(method string, a argReader) reply {
	trigger := a.str("trigger_id")
	switch {
	case trigger == "":
		return fail("invalid_trigger_id")
	case s.triggers[trigger]:
		return fail("expired_trigger_id")
	}
	s.triggers[trigger] = true
	v := s.newView(a["view"])
	v.TriggerID = trigger
	s.views[v.ID] = v
	return ok(map[string]any{"view": s.viewJSON(v)})
}

func (s *Server) newView(raw any) *View {
	m, _ := raw.(map[string]any)
	v := &View{ID: s.nextID("V"), Raw: m}
	v.RootID = v.ID
	s.fillView(v, m)
	return v
}

func (s *Server) fillView(v *View, m map[string]any) {
	v.Raw = m
	v.Type, _ = m["type"].(string)
	v.CallbackID, _ = m["callback_id"].(string)
	v.ExternalID, _ = m["external_id"].(string)
	v.PrivateMetadata, _ = m["private_metadata"].(string)
	v.Blocks = objects(m["blocks"])
	text := func(k string) string {
		if t, ok := m[k].(map[string]any); ok {
			s, _ := t["text"].(string)
			return s
		}
		return ""
	}
	v.Title, v.Submit, v.Close = text("title"), text("submit"), text("close")
	v.Hash = s.nextID("H")
}

func (s *Server) viewJSON(v *View) map[string]any {
	out := map[string]any{}
	for k, val := range v.Raw {
		out[k] = val
	}
	out["id"], out["hash"], out["team_id"], out["root_view_id"] = v.ID, v.Hash, s.opts.TeamID, v.RootID
	out["state"] = map[string]any{"values": map[string]any{}}
	out["bot_id"] = s.opts.BotID
	return out
}

// updateView is views.update: by view_id or external_id, refused with
// hash_conflict when a hash is given that is not the view's latest.
func (s *Server) updateView(a argReader) reply {
	var v *View
	if id := a.str("view_id"); id != "" {
		v = s.views[id]
	} else if ext := a.str("external_id"); ext != "" {
		for _, cand := range s.views {
			if cand.ExternalID == ext {
				v = cand
			}
		}
	}
	if v == nil {
		return fail("not_found")
	}
	if h := a.str("hash"); h != "" && h != v.Hash {
		return fail("hash_conflict")
	}
	m, _ := a["view"].(map[string]any)
	s.fillView(v, m)
	v.Updates++
	return ok(map[string]any{"view": s.viewJSON(v)})
}

func (s *Server) publishView(a argReader) reply {
	user := a.str("user_id")
	if user == "" {
		return fail("invalid_arguments")
	}
	v, exists := s.homes[user]
	if h := a.str("hash"); exists && h != "" && h != v.Hash {
		return fail("hash_conflict")
	}
	if !exists {
		v = &View{ID: s.nextID("V"), User: user}
		v.RootID = v.ID
		s.homes[user] = v
	} else {
		v.Updates++
	}
	m, _ := a["view"].(map[string]any)
	s.fillView(v, m)
	return ok(map[string]any{"view": s.viewJSON(v)})
}

// TriggerID makes a trigger_id for an interaction payload: each opens one
// view.
func (s *Server) TriggerID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("%d.%s.%s", s.opts.Now().Unix(), strings.TrimPrefix(s.opts.TeamID, "T"), randomHex(8))
}

// completeUpload is files.completeUploadExternal: each file must have
// been uploaded; with a channel_id it is shared there (in thread_ts) in a
// new message carrying the initial comment or blocks.
func (s *Server) completeUpload(a argReader) reply {
	var done []map[string]any
	var shared []File
	for _, fm := range objects(a["files"]) {
		id, _ := fm["id"].(string)
		f, found := s.files[id]
		if !found || !f.Uploaded {
			return fail("file_not_found")
		}
		if title, ok := fm["title"].(string); ok && title != "" {
			f.Title = title
		}
		if f.Title == "" {
			f.Title = f.Name
		}
		f.Completed = true
		f.Channel, f.ThreadTS = a.str("channel_id"), a.str("thread_ts")
		done = append(done, map[string]any{"id": f.ID, "title": f.Title})
		shared = append(shared, *f)
	}
	if len(done) == 0 {
		return fail("invalid_arguments")
	}
	if ch := a.str("channel_id"); ch != "" {
		m := &Message{Channel: ch, ThreadTS: a.str("thread_ts"), User: s.opts.BotUserID, BotID: s.opts.BotID,
			Text: a.str("initial_comment"), Blocks: objects(a["blocks"]), Via: "files.completeUploadExternal", Files: shared}
		m.TS = s.nextTS()
		s.messages = append(s.messages, m)
	}
	return ok(map[string]any{"files": done})
}
