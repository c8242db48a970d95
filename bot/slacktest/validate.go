package slacktest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// Validator checks payloads as Slack does. Its zero value applies Slack's
// documented rules and accepts every well-formed control sequence; the
// package-level Validate functions use it.
type Validator struct {
	// Intended, when set, is asked about every well-formed control
	// sequence in mrkdwn and text (<@U123>, <#C123|general>, <!here>,
	// <https://…|label>, <!date^…|…>) and every mention or link element of
	// rich text; a sequence it refuses is a problem (RuleControlSequence).
	// Use it to prove that user, model and report text was escaped: a
	// payload that should mention nobody can refuse every mention, and one
	// that links only to reports can accept only their URLs. Broadcast and
	// Mention help write it.
	Intended func(seq string) bool

	// ActionIDsUniquePerSurface asks for every action_id to be unique in
	// the whole message or view. Slack asks only that it be unique in its
	// block ("Should be unique among all other action_ids in the
	// containing block"); a message listing items each with the same
	// buttons is valid to Slack, so this is off by default.
	ActionIDsUniquePerSurface bool
}

var defaultValidator Validator

// ValidateBlocks checks blocks built with slack-go as Slack would shown on
// surface s. It marshals them first: the JSON is what is checked.
func ValidateBlocks(s Surface, blocks ...slack.Block) error {
	return defaultValidator.ValidateBlocks(s, blocks...)
}

// ValidateBlocksJSON checks a JSON array of blocks shown on surface s.
func ValidateBlocksJSON(s Surface, raw []byte) error {
	return defaultValidator.ValidateBlocksJSON(s, raw)
}

// ValidateMessage checks a message as chat.postMessage takes it: its text
// (the notification fallback, required with blocks) and its blocks.
func ValidateMessage(text string, blocks ...slack.Block) error {
	return defaultValidator.ValidateMessage(text, blocks...)
}

// ValidateModal checks a modal view as views.open takes it.
func ValidateModal(v slack.ModalViewRequest) error { return defaultValidator.ValidateModal(v) }

// ValidateHomeTab checks an App Home view as views.publish takes it.
func ValidateHomeTab(v slack.HomeTabViewRequest) error { return defaultValidator.ValidateHomeTab(v) }

// ValidateViewJSON checks a view object; its type (modal or home) says
// which.
func ValidateViewJSON(raw []byte) error { return defaultValidator.ValidateViewJSON(raw) }

// ValidateResponse checks a message sent to a response_url.
func ValidateResponse(m slack.WebhookMessage) error { return defaultValidator.ValidateResponse(m) }

// ValidateResponseJSON checks a message posted to a response_url, or the
// body of a slash command's immediate reply (the same shape).
func ValidateResponseJSON(raw []byte) error { return defaultValidator.ValidateResponseJSON(raw) }

// ValidateText checks a message's top-level text: its length and that &,
// < and > are escaped except in Slack's control sequences.
func ValidateText(text string) error { return defaultValidator.ValidateText(text) }

// ValidateCall checks a Web API call's arguments as Slack checks them:
// the body as sent (form or JSON), for method.
func ValidateCall(method, contentType string, body []byte) error {
	return defaultValidator.ValidateCall(method, contentType, body)
}

// ValidateBlocks is the package-level ValidateBlocks with v's options.
func (v *Validator) ValidateBlocks(s Surface, blocks ...slack.Block) error {
	raw, err := json.Marshal(blocks)
	if err != nil {
		return fmt.Errorf("slacktest: marshal blocks: %w", err)
	}
	return v.ValidateBlocksJSON(s, raw)
}

// ValidateBlocksJSON is the package-level ValidateBlocksJSON with v's
// options.
func (v *Validator) ValidateBlocksJSON(s Surface, raw []byte) error {
	c := newChecker(v, s)
	val, err := decode(raw)
	if err != nil {
		c.add(RuleJSON, "blocks", "is not JSON: "+err.Error(), docBlocks)
	} else {
		c.blocks("blocks", val)
	}
	return c.err("blocks", "")
}

// ValidateMessage is the package-level ValidateMessage with v's options.
func (v *Validator) ValidateMessage(text string, blocks ...slack.Block) error {
	args := map[string]any{}
	if text != "" {
		args["text"] = text
	}
	if blocks != nil {
		raw, err := json.Marshal(blocks)
		if err != nil {
			return fmt.Errorf("slacktest: marshal blocks: %w", err)
		}
		val, _ := decode(raw)
		args["blocks"] = val
	}
	c := newChecker(v, InMessage)
	c.message("", args, true)
	return c.err("message", "")
}

// ValidateModal is the package-level ValidateModal with v's options.
func (v *Validator) ValidateModal(view slack.ModalViewRequest) error {
	if view.Type == "" {
		view.Type = slack.VTModal
	}
	return v.validateView(view, "modal")
}

// ValidateHomeTab is the package-level ValidateHomeTab with v's options.
func (v *Validator) ValidateHomeTab(view slack.HomeTabViewRequest) error {
	if view.Type == "" {
		view.Type = slack.VTHomeTab
	}
	return v.validateView(view, "home")
}

func (v *Validator) validateView(view any, want string) error {
	raw, err := json.Marshal(view)
	if err != nil {
		return fmt.Errorf("slacktest: marshal view: %w", err)
	}
	val, _ := decode(raw)
	c := newChecker(v, InMessage)
	c.view("view", val, want)
	return c.err("view", "invalid_arguments")
}

// ValidateViewJSON is the package-level ValidateViewJSON with v's options.
func (v *Validator) ValidateViewJSON(raw []byte) error {
	c := newChecker(v, InMessage)
	val, err := decode(raw)
	if err != nil {
		c.add(RuleJSON, "view", "is not JSON: "+err.Error(), docModal)
	} else {
		c.view("view", val, "")
	}
	return c.err("view", "invalid_arguments")
}

// ValidateResponse is the package-level ValidateResponse with v's
// options.
func (v *Validator) ValidateResponse(m slack.WebhookMessage) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("slacktest: marshal response: %w", err)
	}
	return v.ValidateResponseJSON(raw)
}

// ValidateResponseJSON is the package-level ValidateResponseJSON with v's
// options.
func (v *Validator) ValidateResponseJSON(raw []byte) error {
	c := newChecker(v, InMessage)
	val, err := decode(raw)
	if err != nil {
		c.add(RuleJSON, "", "the body is not JSON: "+err.Error(), docResponseURL)
		return c.err("response_url", "")
	}
	if m, ok := c.object("", val, docResponseURL); ok {
		c.response(m)
	}
	return c.err("response_url", "")
}

// ValidateText is the package-level ValidateText with v's options.
func (v *Validator) ValidateText(text string) error {
	c := newChecker(v, InMessage)
	c.topText("text", text)
	return c.err("text", "")
}

// ValidateCall is the package-level ValidateCall with v's options.
func (v *Validator) ValidateCall(method, contentType string, body []byte) error {
	c := newChecker(v, InMessage)
	args := c.callArgs(contentType, body)
	if args != nil {
		c.call(method, args)
	}
	slackError := ""
	if strings.HasPrefix(method, "views.") {
		slackError = "invalid_arguments"
	}
	if c.hasRule(RuleTextLength) && c.onlyTopText() {
		slackError = "msg_too_long"
	}
	return c.err(method, slackError)
}

func (c *checker) hasRule(r Rule) bool {
	for _, p := range c.problems {
		if p.Rule == r {
			return true
		}
	}
	return false
}

// onlyTopText reports whether every problem is with the top-level text.
func (c *checker) onlyTopText() bool {
	for _, p := range c.problems {
		if p.Path != "text" {
			return false
		}
	}
	return true
}

// jsonArgs are the arguments that are JSON even in a form post.
var jsonArgs = set("blocks", "attachments", "metadata", "view", "unfurls", "prompts", "files", "chunks", "user_auth_blocks")

// callArgs decodes a call's arguments: a form's values (the first of
// each), or a JSON object; the arguments that are JSON are decoded in
// either.
func (c *checker) callArgs(contentType string, body []byte) map[string]any {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	args := map[string]any{}
	switch {
	case len(strings.TrimSpace(string(body))) == 0:
		return args // a call without arguments (apps.connections.open)
	case mediaType == "application/json":
		v, err := decode(body)
		if err != nil {
			c.add(RuleJSON, "", "the body is not JSON: "+err.Error(), docPostMessage)
			return nil
		}
		m, ok := v.(map[string]any)
		if !ok {
			c.add(RuleJSON, "", "the body is not a JSON object", docPostMessage)
			return nil
		}
		args = m
	case mediaType == "multipart/form-data":
		return args // a file upload; its form is read by the server
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			c.add(RuleJSON, "", "the form cannot be read: "+err.Error(), docPostMessage)
			return nil
		}
		for k, vs := range form {
			if len(vs) > 0 {
				args[k] = vs[0]
			}
		}
	}
	for k := range jsonArgs {
		s, ok := args[k].(string)
		if !ok {
			continue
		}
		v, err := decode([]byte(s))
		if err != nil {
			c.add(RuleJSON, path(k), "is not JSON: "+err.Error(), docPostMessage)
			delete(args, k)
			continue
		}
		args[k] = v
	}
	return args
}

// call checks a Web API call's arguments.
func (c *checker) call(method string, args map[string]any) {
	switch method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage":
		c.message("", args, true)
	case "chat.startStream", "chat.appendStream":
		if text, ok := c.optString("", args, "markdown_text", maxStreamTextChars, docStartStream); ok {
			c.markdown("markdown_text", text)
		}
		c.chunks(args)
		if method == "chat.appendStream" {
			if _, md := args["markdown_text"]; !md && args["chunks"] == nil {
				c.add(RuleRequired, "markdown_text", "missing: chat.appendStream needs markdown_text or chunks", docStartStream)
			}
		}
	case "chat.stopStream":
		if text, ok := c.optString("", args, "markdown_text", maxStreamTextChars, docStopStream); ok {
			c.markdown("markdown_text", text)
		}
		c.chunks(args)
		if b, ok := args["blocks"]; ok {
			c.blocks("blocks", b)
		}
		c.metadata(args)
	case "chat.unfurl":
		c.unfurls(args)
	case "views.open", "views.push", "views.update":
		c.view("view", args["view"], "modal")
	case "views.publish":
		c.view("view", args["view"], "home")
	case "files.completeUploadExternal":
		if text, ok := c.optString("", args, "initial_comment", 0, docPostMessage); ok {
			c.topText("initial_comment", text)
		}
		if b, ok := args["blocks"]; ok {
			c.blocks("blocks", b)
		}
	case "assistant.threads.setSuggestedPrompts":
		c.suggestedPrompts(args)
	}
}

// message checks a message's text, blocks, attachments and metadata.
// fallback asks for a text beside blocks.
func (c *checker) message(p path, m map[string]any, fallback bool) {
	text, hasText := c.optString(p, m, "text", 0, docPostMessage)
	if hasText {
		c.topText(p.key("text"), text)
	}
	blocks, hasBlocks := m["blocks"]
	if hasBlocks {
		c.blocks(p.key("blocks"), blocks)
	}
	nBlocks := 0
	if list, ok := blocks.([]any); ok {
		nBlocks = len(list)
	}
	if att, ok := m["attachments"]; ok {
		if list, ok := c.array(p.key("attachments"), att, docPostMessage); ok {
			for i, a := range list {
				if am, ok := a.(map[string]any); ok {
					if b, ok := am["blocks"]; ok {
						c.blocks(p.key("attachments").idx(i).key("blocks"), b)
					}
				}
			}
			nBlocks += len(list)
		}
	}
	switch {
	case strings.TrimSpace(text) == "" && nBlocks == 0:
		c.add(RuleNoText, p.key("text"), "missing: a message needs text or blocks", docPostMessage)
	case fallback && strings.TrimSpace(text) == "":
		c.add(RuleFallbackText, p.key("text"), "missing beside blocks: it is the notification, and what screen readers and clients without blocks show", docPostMessage)
	}
	c.metadata(m)
}

// topText checks a message's top-level text, which Slack parses as mrkdwn.
func (c *checker) topText(p path, text string) {
	c.length(p, text, maxMessageTextChars, docPostMessage)
	c.mrkdwn(p, text)
}

// metadata checks a message's metadata: an event_type and an object
// event_payload.
func (c *checker) metadata(m map[string]any) {
	v, ok := m["metadata"]
	if !ok {
		return
	}
	md, ok := c.object("metadata", v, docMetadata)
	if !ok {
		c.problems[len(c.problems)-1].Rule = RuleMetadata
		return
	}
	if s, _ := md["event_type"].(string); s == "" {
		c.add(RuleMetadata, "metadata.event_type", "missing", docMetadata)
	}
	if _, ok := md["event_payload"].(map[string]any); !ok {
		c.add(RuleMetadata, "metadata.event_payload", "missing or not an object", docMetadata)
	}
}

// response checks a response_url message, or a slash command's reply.
func (c *checker) response(m map[string]any) {
	c.knownFields("", m, fieldsOf("webhook"), docResponseURL)
	c.oneOf("", m, "response_type", docResponseURL, "ephemeral", "in_channel")
	replace := c.optBool("", m, "replace_original", docResponseURL)
	del := c.optBool("", m, "delete_original", docResponseURL)
	if replace && del {
		c.add(RuleFieldType, "delete_original", "is true with replace_original", docResponseURL)
	}
	if del {
		return // nothing is shown, so nothing else matters
	}
	c.message("", m, true)
}

// view checks a view object; want is "modal" or "home", or "" for either.
func (c *checker) view(p path, v any, want string) {
	m, ok := c.object(p, v, docModal)
	if !ok {
		return
	}
	typ, _ := m["type"].(string)
	if want != "" && typ != want {
		c.add(RuleFieldType, p.key("type"), fmt.Sprintf("is %q; this call takes a %s view", typ, want), docModal)
		return
	}
	c.optString(p, m, "private_metadata", maxPrivateMetaChars, docModal)
	c.optString(p, m, "callback_id", maxCallbackIDChars, docModal)
	c.optString(p, m, "external_id", 0, docModal)
	switch typ {
	case "modal":
		c.surface = InModal
		c.knownFields(p, m, fieldsOf("modal"), docModal)
		c.textObject(p.key("title"), m["title"], textRule{max: maxModalTitleChars, plainOnly: true, doc: docModal})
		for _, k := range []string{"close", "submit"} {
			if t, ok := m[k]; ok {
				c.textObject(p.key(k), t, textRule{max: maxModalTitleChars, plainOnly: true, doc: docModal})
			}
		}
		c.optBool(p, m, "clear_on_close", docModal)
		c.optBool(p, m, "notify_on_close", docModal)
		if _, ok := m["submit"]; !ok && hasInput(m["blocks"]) {
			c.add(RuleSubmitRequired, p.key("submit"), "missing: submit is required when an input block is in the blocks", docModal)
		}
	case "home":
		c.surface = InHomeTab
		c.knownFields(p, m, fieldsOf("home"), docHome)
	default:
		c.add(RuleFieldType, p.key("type"), fmt.Sprintf("is %q, not modal or home", typ), docModal)
		return
	}
	c.blocks(p.key("blocks"), m["blocks"])
}

func hasInput(blocks any) bool {
	list, _ := blocks.([]any)
	for _, b := range list {
		if m, ok := b.(map[string]any); ok && m["type"] == "input" {
			return true
		}
	}
	return false
}

// chunks checks the chunks of a streamed message: markdown_text chunks
// have the 12,000 character limit of markdown_text, blocks chunks are
// checked as blocks (50 of them, apart from chat.stopStream's own
// blocks: see https://docs.slack.dev/reference/methods/chat.stopStream).
func (c *checker) chunks(args map[string]any) {
	v, ok := args["chunks"]
	if !ok {
		return
	}
	list, ok := c.array("chunks", v, docStartStream)
	if !ok {
		return
	}
	sub := newChecker(c.v, InMessage)
	for i, ch := range list {
		p := path("chunks").idx(i)
		m, ok := c.object(p, ch, docStartStream)
		if !ok {
			continue
		}
		switch m["type"] {
		case "markdown_text":
			if text, ok := c.reqString(p, m, "text", maxStreamTextChars, docStartStream); ok {
				c.markdown(p.key("text"), text)
			}
		case "blocks":
			sub.blocks(p.key("blocks"), m["blocks"])
		case "task_update", "plan_update":
			c.reqString(p, m, "title", 0, docStartStream)
		default:
			c.add(RuleFieldType, p.key("type"), fmt.Sprintf("%v is not markdown_text, blocks, task_update or plan_update", m["type"]), docStartStream)
		}
	}
	c.problems = append(c.problems, sub.problems...)
}

// unfurls checks chat.unfurl's unfurls: each is shown like a message
// attachment, so each is checked as one message's blocks.
func (c *checker) unfurls(args map[string]any) {
	v, ok := args["unfurls"]
	if !ok {
		return
	}
	m, ok := c.object("unfurls", v, docPostMessage)
	if !ok {
		return
	}
	for link, u := range m {
		p := path("unfurls").key(fmt.Sprintf("%q", link))
		um, ok := c.object(p, u, docPostMessage)
		if !ok {
			continue
		}
		if b, ok := um["blocks"]; ok {
			sub := newChecker(c.v, InMessage)
			sub.blocks(p.key("blocks"), b)
			c.problems = append(c.problems, sub.problems...)
		}
		if text, ok := c.optString(p, um, "text", 0, docPostMessage); ok {
			c.topText(p.key("text"), text)
		}
	}
}

// suggestedPrompts checks assistant.threads.setSuggestedPrompts: "up to
// four suggested prompts", each with a title and a message.
// https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts
func (c *checker) suggestedPrompts(args map[string]any) {
	const doc = "https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts"
	list, ok := c.array("prompts", args["prompts"], doc)
	if !ok {
		return
	}
	c.count("prompts", list, 1, 4, "prompts", doc)
	for i, p := range list {
		pp := path("prompts").idx(i)
		m, ok := c.object(pp, p, doc)
		if !ok {
			continue
		}
		c.knownFields(pp, m, fieldsOf("suggested_prompt"), doc)
		c.reqString(pp, m, "title", 0, doc)
		c.reqString(pp, m, "message", 0, doc)
	}
}
