package slacktest

import (
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
)

// Surface is where blocks are shown; it sets how many a payload may have.
type Surface int

const (
	// InMessage is a message: chat.postMessage, chat.postEphemeral,
	// chat.update, a response_url reply, a slash command's reply.
	InMessage Surface = iota
	// InModal is a modal view: views.open, views.update, views.push.
	InModal
	// InHomeTab is an App Home tab: views.publish.
	InHomeTab
)

func (s Surface) String() string {
	switch s {
	case InModal:
		return "modal"
	case InHomeTab:
		return "Home tab"
	}
	return "message"
}

func (s Surface) maxBlocks() (int, string) {
	if s == InMessage {
		return maxMessageBlocks, docBlocks
	}
	if s == InModal {
		return maxViewBlocks, docModal
	}
	return maxViewBlocks, docHome
}

// Block types Slack documents that this package does not check yet:
// a payload using one is refused (RuleUnmodelledBlock), so that nobody
// relies on a fake that waved it through. Add its rules here before using
// it. https://docs.slack.dev/reference/block-kit/blocks
var unmodelledBlocks = map[string]bool{
	"alert": true, "card": true, "carousel": true, "container": true, "data_table": true,
	"data_visualization": true, "file": true, "plan": true, "task_card": true, "video": true,
	"call": true, "auth_provider": true, "layout": true,
}

// blockTypes are the blocks this package checks.
var blockTypes = map[string]bool{
	"section": true, "divider": true, "header": true, "context": true, "actions": true, "image": true,
	"input": true, "rich_text": true, "markdown": true, "table": true, "context_actions": true,
}

// blocks checks a blocks array shown on the checker's surface.
func (c *checker) blocks(p path, v any) {
	list, ok := c.array(p, v, docBlocks)
	if !ok {
		return
	}
	if max, doc := c.surface.maxBlocks(); len(list) > max {
		c.add(RuleBlocksMax, p, fmt.Sprintf("has %d blocks; a %s may have %d", len(list), c.surface, max), doc)
	}
	for i, b := range list {
		c.block(p.idx(i), b)
	}
	c.slackGoDecodes(p, v)
}

// slackGoDecodes checks that slack-go can decode the blocks: peelbot reads
// blocks back with it (messages in conversations.history, views in
// payloads), and a shape it cannot read is one Slack would not have sent.
func (c *checker) slackGoDecodes(p path, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		return
	}
	var b slack.Blocks
	if err := json.Unmarshal(raw, &b); err != nil {
		c.add(RuleSlackGoDecode, p, "cannot be decoded by slack-go: "+err.Error(), docSlackGo)
	}
}

// block checks one block.
func (c *checker) block(p path, v any) {
	b, ok := c.object(p, v, docBlocks)
	if !ok {
		return
	}
	typ, _ := b["type"].(string)
	if typ == "" {
		c.add(RuleRequired, p.key("type"), "missing: every block has a type", docBlocks)
		return
	}
	if unmodelledBlocks[typ] {
		c.add(RuleUnmodelledBlock, p.key("type"), fmt.Sprintf("%q is a block Slack has that slacktest does not check yet: add its rules before using it", typ), docBlocks)
		return
	}
	if !blockTypes[typ] {
		c.add(RuleUnknownBlock, p.key("type"), fmt.Sprintf("%q is not a Block Kit block", typ), docBlocks)
		return
	}
	c.blockID(p, b, typ)
	actionIDs := map[string]path{} // action_id is unique within its block
	switch typ {
	case "section":
		c.knownFields(p, b, fieldsOf("section"), docSection)
		c.section(p, b, actionIDs)
	case "divider":
		c.knownFields(p, b, fieldsOf("divider"), docBlocks)
	case "header":
		c.knownFields(p, b, fieldsOf("header"), docHeader)
		c.textObject(p.key("text"), b["text"], textRule{max: maxHeaderChars, plainOnly: true, doc: docHeader})
	case "context":
		c.knownFields(p, b, fieldsOf("context"), docContext)
		c.context(p, b)
	case "actions":
		c.knownFields(p, b, fieldsOf("actions"), docActions)
		if list, ok := c.array(p.key("elements"), b["elements"], docActions); ok {
			c.count(p.key("elements"), list, 1, maxActionsElements, "elements", docActions)
			for i, e := range list {
				c.element(p.key("elements").idx(i), e, inActions, actionIDs)
			}
		}
	case "context_actions":
		c.knownFields(p, b, fieldsOf("context_actions"), docContextActions)
		if list, ok := c.array(p.key("elements"), b["elements"], docContextActions); ok {
			c.count(p.key("elements"), list, 1, maxContextActionsElements, "elements", docContextActions)
			for i, e := range list {
				c.element(p.key("elements").idx(i), e, inContextActions, actionIDs)
			}
		}
	case "image":
		c.knownFields(p, b, fieldsOf("image"), docImage)
		c.image(p, b, docImage)
		if t, ok := b["title"]; ok {
			c.textObject(p.key("title"), t, textRule{plainOnly: true, doc: docImage})
		}
	case "input":
		c.knownFields(p, b, fieldsOf("input"), docInput)
		c.input(p, b, actionIDs)
	case "rich_text":
		c.knownFields(p, b, fieldsOf("rich_text"), docRichText)
		c.richText(p, b)
	case "markdown":
		c.knownFields(p, b, fieldsOf("markdown"), docMarkdown)
		if text, ok := c.reqString(p, b, "text", 0, docMarkdown); ok {
			c.markdown(p.key("text"), text)
			c.markdownChars += len([]rune(text))
			if c.markdownChars > maxMarkdownTotal && c.markdownChars-len([]rune(text)) <= maxMarkdownTotal {
				c.add(RuleMarkdownTotal, p.key("text"), fmt.Sprintf("brings the payload's markdown blocks to %d characters; their cumulative limit is %d", c.markdownChars, maxMarkdownTotal), docMarkdown)
			}
		}
	case "table":
		c.knownFields(p, b, fieldsOf("table"), docTable)
		c.table(p, b)
	}
}

// blockID checks a block's block_id: 1 to 255 characters, unique in the
// message or view. (A markdown block's block_id "is ignored … and will
// not be retained", so it is only checked for type.)
func (c *checker) blockID(p path, b map[string]any, typ string) {
	id, ok := c.optString(p, b, "block_id", 0, docSection)
	if !ok || typ == "markdown" {
		return
	}
	switch n := len([]rune(id)); {
	case n == 0:
		c.add(RuleBlockIDLength, p.key("block_id"), "is empty; leave it out for Slack to make one", docSection)
		return
	case n > maxBlockIDChars:
		c.add(RuleBlockIDLength, p.key("block_id"), fmt.Sprintf("is %d characters, over the %d allowed", n, maxBlockIDChars), docSection)
	}
	if first, dup := c.blockIDs[id]; dup {
		c.add(RuleBlockIDUnique, p.key("block_id"), fmt.Sprintf("%q repeated (first at %s); block_id is unique in a message or view", id, first), docSection)
		return
	}
	c.blockIDs[id] = p
}

// actionID checks an element's action_id: up to 255 characters, unique in
// its block (Slack's rule), or in the whole surface with
// Validator.ActionIDsUniquePerSurface.
func (c *checker) actionID(p path, e map[string]any, inBlock map[string]path, doc string) {
	id, ok := c.optString(p, e, "action_id", 0, doc)
	if !ok {
		return
	}
	switch n := len([]rune(id)); {
	case n == 0:
		c.add(RuleActionIDLength, p.key("action_id"), "is empty; leave it out for Slack to make one", doc)
		return
	case n > maxActionIDChars:
		c.add(RuleActionIDLength, p.key("action_id"), fmt.Sprintf("is %d characters, over the %d allowed", n, maxActionIDChars), doc)
	}
	if first, dup := inBlock[id]; dup {
		c.add(RuleActionIDUnique, p.key("action_id"), fmt.Sprintf("%q repeated (first at %s); action_id is unique among the action_ids of its block", id, first), doc)
		return
	}
	inBlock[id] = p
	if !c.v.ActionIDsUniquePerSurface {
		return
	}
	if first, dup := c.actionIDs[id]; dup {
		c.add(RuleActionIDUnique, p.key("action_id"), fmt.Sprintf("%q repeated (first at %s); this Validator wants action_id unique in the whole %s", id, first, c.surface), doc)
		return
	}
	c.actionIDs[id] = p
}

func (c *checker) section(p path, b map[string]any, actionIDs map[string]path) {
	text, hasText := b["text"]
	fields, hasFields := b["fields"]
	if !hasText && !hasFields {
		c.add(RuleRequired, p.key("text"), "missing: a section needs text or fields", docSection)
	}
	if hasText {
		c.textObject(p.key("text"), text, textRule{max: maxSectionTextChars, doc: docSection})
	}
	if hasFields {
		if list, ok := c.array(p.key("fields"), fields, docSection); ok {
			c.count(p.key("fields"), list, 1, maxSectionFields, "fields", docSection)
			for i, f := range list {
				c.textObject(p.key("fields").idx(i), f, textRule{max: maxSectionFieldChars, doc: docSection})
			}
		}
	}
	if acc, ok := b["accessory"]; ok {
		c.element(p.key("accessory"), acc, inSection, actionIDs)
	}
	c.optBool(p, b, "expand", docSection)
}

func (c *checker) context(p path, b map[string]any) {
	list, ok := c.array(p.key("elements"), b["elements"], docContext)
	if !ok {
		return
	}
	c.count(p.key("elements"), list, 1, maxContextElements, "elements", docContext)
	for i, v := range list {
		ep := p.key("elements").idx(i)
		e, ok := c.object(ep, v, docContext)
		if !ok {
			continue
		}
		switch e["type"] {
		case "plain_text", "mrkdwn":
			c.textObject(ep, e, textRule{doc: docContext})
		case "image":
			c.knownFields(ep, e, fieldsOf("image_element"), docContext)
			c.image(ep, e, docContext)
		default:
			c.add(RuleUnknownElement, ep.key("type"), fmt.Sprintf("%v: a context block holds only image elements and text objects", e["type"]), docContext)
		}
	}
}

// image checks what an image block and an image element share: an
// image_url or a slack_file, and alt_text.
func (c *checker) image(p path, m map[string]any, doc string) {
	_, hasURL := c.optString(p, m, "image_url", maxURLChars, doc)
	if _, hasFile := m["slack_file"]; !hasURL && !hasFile {
		c.add(RuleRequired, p.key("image_url"), "missing: an image needs image_url or slack_file", doc)
	}
	c.reqString(p, m, "alt_text", 0, doc)
}

func (c *checker) input(p path, b map[string]any, actionIDs map[string]path) {
	c.textObject(p.key("label"), b["label"], textRule{max: maxInputLabelChars, plainOnly: true, doc: docInput})
	if h, ok := b["hint"]; ok {
		c.textObject(p.key("hint"), h, textRule{max: maxInputLabelChars, plainOnly: true, doc: docInput})
	}
	c.optBool(p, b, "optional", docInput)
	dispatch := c.optBool(p, b, "dispatch_action", docInput)
	c.element(p.key("element"), b["element"], inInput, actionIDs)
	if e, ok := b["element"].(map[string]any); ok && dispatch && e["type"] == "file_input" {
		c.add(RuleFieldType, p.key("dispatch_action"), "is true with a file_input element, which Slack refuses", docInput)
	}
}

func (c *checker) table(p path, b map[string]any) {
	c.tables = append(c.tables, p)
	if len(c.tables) == 2 {
		c.add(RuleTableOnePerMessage, p, fmt.Sprintf("is a second table block (the first is at %s); a message may have one", c.tables[0]), docTable)
	}
	rows, ok := c.array(p.key("rows"), b["rows"], docTable)
	if ok {
		c.count(p.key("rows"), rows, 1, maxTableRows, "rows", docTable)
		for i, r := range rows {
			rp := p.key("rows").idx(i)
			cells, ok := c.array(rp, r, docTable)
			if !ok {
				continue
			}
			c.count(rp, cells, 1, maxTableCells, "cells", docTable)
			for j, cell := range cells {
				c.tableCell(rp.idx(j), cell)
			}
		}
	}
	if cs, ok := b["column_settings"]; ok {
		if list, ok := c.array(p.key("column_settings"), cs, docTable); ok {
			c.count(p.key("column_settings"), list, 0, maxTableColumnConfig, "column settings", docTable)
			for i, s := range list {
				sp := p.key("column_settings").idx(i)
				if s == nil {
					continue // a null keeps a column's default
				}
				if m, ok := c.object(sp, s, docTable); ok {
					c.knownFields(sp, m, fieldsOf("column_setting"), docTable)
					c.oneOf(sp, m, "align", docTable, "left", "center", "right")
					c.optBool(sp, m, "is_wrapped", docTable)
				}
			}
		}
	}
}

// tableCell checks a table cell: "Table cells can have a type of raw_text
// or rich_text." Slack's own SDK (@slack/types 3.2) also allows raw_number,
// as does slack-go v0.35, so it is accepted.
func (c *checker) tableCell(p path, v any) {
	m, ok := c.object(p, v, docTable)
	if !ok {
		return
	}
	switch m["type"] {
	case "raw_text":
		c.knownFields(p, m, fieldsOf("table_raw_text_cell"), docTable)
		if _, present := m["text"]; !present {
			c.add(RuleRequired, p.key("text"), "missing", docTable)
		}
		c.optString(p, m, "text", maxTextObjectChars, docTable)
	case "raw_number":
		c.knownFields(p, m, fieldsOf("table_raw_number_cell"), docTable)
		if _, ok := m["value"].(json.Number); !ok {
			c.add(RuleFieldType, p.key("value"), "is not a number", docTable)
		}
		c.optString(p, m, "text", maxTextObjectChars, docTable)
	case "rich_text":
		c.knownFields(p, m, fieldsOf("rich_text"), docTable)
		c.richText(p, m)
	default:
		c.add(RuleFieldType, p.key("type"), fmt.Sprintf("%v: a table cell is raw_text or rich_text", m["type"]), docTable)
	}
}
