package slacktest

import "fmt"

// rich_text blocks: "An array of rich text objects - rich_text_section,
// rich_text_list, rich_text_preformatted, and rich_text_quote."
// https://docs.slack.dev/reference/block-kit/blocks/rich-text-block
//
// Rich text needs no escaping: its text elements are shown as written. Its
// mentions and links are structured elements instead, and they are put to
// Validator.Intended as the control sequences they stand for, so a test
// that refuses an unintended <!channel> refuses a broadcast element too.

// Leaf elements of a section, list item or quote: the rich text list
// element's page lists them. Those with a required field name it.
// https://docs.slack.dev/reference/block-kit/block-elements/rich-text-list-element
var richTextLeaves = map[string]string{
	"text": "text", "link": "url", "emoji": "name", "user": "user_id", "channel": "channel_id",
	"usergroup": "usergroup_id", "broadcast": "range", "date": "timestamp", "color": "value", "team": "team_id",
	"attachment_mention": "", "canvas": "", "canvas_user_mention": "", "canvas_message_unfurl": "",
	"citation": "", "file": "", "list_record": "", "message_mention": "", "salesforce_data_field": "",
	"tag": "", "work_object_mention": "", "workflow_mention": "",
}

func (c *checker) richText(p path, b map[string]any) {
	list, ok := c.array(p.key("elements"), b["elements"], docRichText)
	if !ok {
		return
	}
	c.count(p.key("elements"), list, 1, 1<<30, "elements", docRichText)
	for i, v := range list {
		c.richTextObject(p.key("elements").idx(i), v)
	}
}

// richTextObject checks one of a rich_text block's sub-elements.
func (c *checker) richTextObject(p path, v any) {
	m, ok := c.object(p, v, docRichText)
	if !ok {
		return
	}
	switch typ, _ := m["type"].(string); typ {
	case "rich_text_section", "rich_text_preformatted", "rich_text_quote":
		c.richTextLeaves(p, m)
	case "rich_text_list":
		c.oneOf(p, m, "style", docRichTextList, "bullet", "ordered")
		if _, ok := m["style"]; !ok {
			c.add(RuleRequired, p.key("style"), "missing: bullet or ordered", docRichTextList)
		}
		if indent, ok := c.optInt(p, m, "indent", docRichTextList); ok && (indent < 0 || indent > 8) {
			c.add(RuleFieldType, p.key("indent"), fmt.Sprintf("is %d; it is from 0 to 8", indent), docRichTextList)
		}
		c.optInt(p, m, "offset", docRichTextList)
		c.border(p, m)
		items, ok := c.array(p.key("elements"), m["elements"], docRichTextList)
		if !ok {
			return
		}
		for i, it := range items {
			ip := p.key("elements").idx(i)
			if im, ok := c.object(ip, it, docRichTextList); ok {
				if im["type"] != "rich_text_section" {
					c.add(RuleFieldType, ip.key("type"), fmt.Sprintf("%v: a list's items are rich_text_section", im["type"]), docRichTextList)
					continue
				}
				c.richTextLeaves(ip, im)
			}
		}
	default:
		c.add(RuleUnknownElement, p.key("type"), fmt.Sprintf("%q is not rich_text_section, rich_text_list, rich_text_preformatted or rich_text_quote", typ), docRichText)
	}
}

func (c *checker) border(p path, m map[string]any) {
	if b, ok := c.optInt(p, m, "border", docRichText); ok && b != 0 && b != 1 {
		c.add(RuleFieldType, p.key("border"), fmt.Sprintf("is %d, not 0 or 1", b), docRichText)
	}
}

// richTextLeaves checks the leaf elements of a section, quote or
// preformatted block.
func (c *checker) richTextLeaves(p path, m map[string]any) {
	c.border(p, m)
	list, ok := c.array(p.key("elements"), m["elements"], docRichText)
	if !ok {
		return
	}
	for i, v := range list {
		lp := p.key("elements").idx(i)
		leaf, ok := c.object(lp, v, docRichText)
		if !ok {
			continue
		}
		typ, _ := leaf["type"].(string)
		required, known := richTextLeaves[typ]
		if !known {
			c.add(RuleUnknownElement, lp.key("type"), fmt.Sprintf("%q is not a rich text element", typ), docRichTextList)
			continue
		}
		if required != "" {
			c.reqString(lp, leaf, required, 0, docRichTextList)
		}
		if typ == "broadcast" {
			c.oneOf(lp, leaf, "range", docRichTextList, "here", "channel", "everyone")
		}
		if s, ok := leaf["style"]; ok {
			c.object(lp.key("style"), s, docRichText)
		}
		c.intendedElement(lp, typ, leaf)
	}
}

// intendedElement puts a rich text mention or link to Validator.Intended
// as the control sequence it stands for.
func (c *checker) intendedElement(p path, typ string, leaf map[string]any) {
	if c.v.Intended == nil {
		return
	}
	var seq string
	switch typ {
	case "user":
		seq = fmt.Sprintf("<@%v>", leaf["user_id"])
	case "channel":
		seq = fmt.Sprintf("<#%v>", leaf["channel_id"])
	case "usergroup":
		seq = fmt.Sprintf("<!subteam^%v>", leaf["usergroup_id"])
	case "broadcast":
		seq = fmt.Sprintf("<!%v>", leaf["range"])
	case "link":
		seq = fmt.Sprintf("<%v>", leaf["url"])
		if t, ok := leaf["text"].(string); ok {
			seq = fmt.Sprintf("<%v|%s>", leaf["url"], t)
		}
	default:
		return
	}
	if !c.v.Intended(seq) {
		c.add(RuleControlSequence, p, fmt.Sprintf("is a %s element standing for %s, which the sender did not intend", typ, abbrev(seq)), docRichText)
	}
}
