package slacktest

import "fmt"

// container is where an element is, which decides which elements may be
// there. Each block's reference page lists its elements.
type container int

const (
	inSection container = iota // a section's accessory
	inActions
	inInput
	inContextActions
)

var allowedElements = map[container]map[string]bool{
	inSection: set("button", "checkboxes", "datepicker", "image", "overflow", "radio_buttons", "timepicker",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select", "multi_channels_select"),
	inActions: set("button", "checkboxes", "datepicker", "datetimepicker", "overflow", "radio_buttons", "timepicker",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select", "multi_channels_select",
		"rich_text_input"),
	inInput: set("checkboxes", "datepicker", "datetimepicker", "email_text_input", "number_input", "plain_text_input",
		"radio_buttons", "rich_text_input", "timepicker", "url_text_input",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select", "multi_channels_select"),
	inContextActions: set("feedback_buttons", "icon_button"),
}

var containerDoc = map[container]string{inSection: docSection, inActions: docActions, inInput: docInput, inContextActions: docContextActions}

// Elements Slack has that this package does not check yet.
var unmodelledElements = set("file_input", "workflow_button")

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// element checks an interactive element in its container. actionIDs holds
// the action_ids already used in the same block.
func (c *checker) element(p path, v any, where container, actionIDs map[string]path) {
	e, ok := c.object(p, v, containerDoc[where])
	if !ok {
		return
	}
	typ, _ := e["type"].(string)
	switch {
	case typ == "":
		c.add(RuleRequired, p.key("type"), "missing: every element has a type", docElements)
		return
	case unmodelledElements[typ]:
		c.add(RuleUnknownElement, p.key("type"), fmt.Sprintf("%q is an element Slack has that slacktest does not check yet: add its rules before using it", typ), docElements)
		return
	case !allowedElements[where][typ]:
		c.add(RuleUnknownElement, p.key("type"), fmt.Sprintf("%q is not an element this block may hold", typ), containerDoc[where])
		return
	}
	if typ != "image" {
		doc := docElements
		switch typ {
		case "button":
			doc = docButton
		case "feedback_buttons":
			doc = docFeedback
		case "plain_text_input":
			doc = docPlainInput
		}
		c.actionID(p, e, actionIDs, doc)
	}
	switch typ {
	case "button":
		c.knownFields(p, e, fieldsOf("button"), docButton)
		c.button(p, e)
	case "static_select", "external_select", "users_select", "conversations_select", "channels_select":
		c.knownFields(p, e, fieldsOf("select"), docSelect)
		c.selectMenu(p, e, typ == "static_select", false)
	case "multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select", "multi_channels_select":
		c.knownFields(p, e, fieldsOf("multi_select"), docSelect)
		c.selectMenu(p, e, typ == "multi_static_select", true)
	case "overflow":
		c.knownFields(p, e, fieldsOf("overflow"), docOverflow)
		c.options(p, e, "options", 1, maxOverflowOptions, optionRule{plainOnly: true, urlAllowed: true, doc: docOverflow})
		c.confirm(p, e)
	case "checkboxes":
		c.knownFields(p, e, fieldsOf("checkboxes"), docCheckboxes)
		c.options(p, e, "options", 1, maxCheckboxOptions, optionRule{doc: docCheckboxes})
		c.confirm(p, e)
	case "radio_buttons":
		c.knownFields(p, e, fieldsOf("radio_buttons"), docElements)
		// Slack's radio button page could not be read for a maximum; only
		// the options themselves are checked.
		c.options(p, e, "options", 1, 1<<30, optionRule{doc: docElements})
		c.confirm(p, e)
	case "datepicker", "timepicker", "datetimepicker":
		c.knownFields(p, e, fieldsOf(typ), docElements)
		c.placeholder(p, e, docElements)
		c.confirm(p, e)
	case "plain_text_input":
		c.knownFields(p, e, fieldsOf("plain_text_input"), docPlainInput)
		c.plainTextInput(p, e)
	case "email_text_input", "url_text_input", "number_input", "rich_text_input":
		c.knownFields(p, e, fieldsOf(typ), docElements)
		c.placeholder(p, e, docElements)
		if typ == "number_input" {
			if _, ok := e["is_decimal_allowed"]; !ok {
				c.add(RuleRequired, p.key("is_decimal_allowed"), "missing", docElements)
			}
			c.optBool(p, e, "is_decimal_allowed", docElements)
		}
	case "image":
		c.knownFields(p, e, fieldsOf("image_element"), docImage)
		c.image(p, e, docImage)
	case "feedback_buttons":
		c.knownFields(p, e, fieldsOf("feedback_buttons"), docFeedback)
		for _, k := range []string{"positive_button", "negative_button"} {
			bp := p.key(k)
			fb, ok := c.object(bp, e[k], docFeedback)
			if !ok {
				continue
			}
			c.knownFields(bp, fb, fieldsOf("feedback_button"), docFeedback)
			c.textObject(bp.key("text"), fb["text"], textRule{max: maxButtonTextChars, plainOnly: true, doc: docFeedback})
			c.reqString(bp, fb, "value", maxButtonValueChars, docFeedback)
			c.optString(bp, fb, "accessibility_label", maxA11yLabelChars, docFeedback)
		}
	case "icon_button":
		c.knownFields(p, e, fieldsOf("icon_button"), docContextActions)
		c.reqString(p, e, "icon", 0, docContextActions)
		c.textObject(p.key("text"), e["text"], textRule{max: maxButtonTextChars, plainOnly: true, doc: docContextActions})
		c.optString(p, e, "value", maxButtonValueChars, docContextActions)
		c.optString(p, e, "accessibility_label", maxA11yLabelChars, docContextActions)
		c.confirm(p, e)
	}
}

func (c *checker) button(p path, e map[string]any) {
	c.textObject(p.key("text"), e["text"], textRule{max: maxButtonTextChars, plainOnly: true, doc: docButton})
	c.optString(p, e, "value", maxButtonValueChars, docButton)
	c.optString(p, e, "url", maxURLChars, docButton)
	c.optString(p, e, "accessibility_label", maxA11yLabelChars, docButton)
	c.oneOf(p, e, "style", docButton, "primary", "danger")
	c.confirm(p, e)
}

// placeholder checks an element's optional placeholder: plain_text, at
// most 150 characters.
func (c *checker) placeholder(p path, e map[string]any, doc string) {
	if ph, ok := e["placeholder"]; ok {
		c.textObject(p.key("placeholder"), ph, textRule{max: maxPlaceholderChars, plainOnly: true, doc: doc})
	}
}

func (c *checker) selectMenu(p path, e map[string]any, static, multi bool) {
	c.placeholder(p, e, docSelect)
	c.confirm(p, e)
	if !static {
		return
	}
	_, hasOptions := e["options"]
	_, hasGroups := e["option_groups"]
	r := optionRule{plainOnly: true, doc: docSelect}
	switch {
	case hasOptions && hasGroups:
		c.add(RuleFieldType, p.key("option_groups"), "is set with options: a static select has one or the other", docSelect)
	case hasGroups:
		groups, ok := c.array(p.key("option_groups"), e["option_groups"], docOptionGroup)
		if !ok {
			return
		}
		c.count(p.key("option_groups"), groups, 1, maxOptionGroups, "option groups", docOptionGroup)
		for i, g := range groups {
			gp := p.key("option_groups").idx(i)
			gm, ok := c.object(gp, g, docOptionGroup)
			if !ok {
				continue
			}
			c.knownFields(gp, gm, fieldsOf("option_group"), docOptionGroup)
			c.textObject(gp.key("label"), gm["label"], textRule{max: maxOptionGroupLabelChars, plainOnly: true, doc: docOptionGroup})
			c.options(gp, gm, "options", 1, maxSelectOptions, r)
		}
	default:
		c.options(p, e, "options", 1, maxSelectOptions, r)
	}
	initial := []string{"initial_option"}
	if multi {
		initial = []string{"initial_options"}
	}
	for _, k := range initial {
		if v, ok := e[k]; ok {
			c.initialOptions(p.key(k), v, multi, e, r)
		}
	}
}

// initialOptions checks that a select's initial option is one of its
// options: Slack takes "a single option that exactly matches one of the
// options within options or option_groups".
func (c *checker) initialOptions(p path, v any, multi bool, e map[string]any, r optionRule) {
	var list []any
	if multi {
		l, ok := c.array(p, v, docSelect)
		if !ok {
			return
		}
		list = l
	} else {
		list = []any{v}
	}
	offered := map[string]bool{}
	collect := func(opts any) {
		if l, ok := opts.([]any); ok {
			for _, o := range l {
				if m, ok := o.(map[string]any); ok {
					if v, ok := m["value"].(string); ok {
						offered[v] = true
					}
				}
			}
		}
	}
	collect(e["options"])
	if groups, ok := e["option_groups"].([]any); ok {
		for _, g := range groups {
			if gm, ok := g.(map[string]any); ok {
				collect(gm["options"])
			}
		}
	}
	for i, o := range list {
		op := p
		if multi {
			op = p.idx(i)
		}
		m, ok := c.object(op, o, docSelect)
		if !ok {
			continue
		}
		c.option(op, m, r)
		if v, ok := m["value"].(string); ok && !offered[v] {
			c.add(RuleFieldType, op.key("value"), fmt.Sprintf("%q is not one of the menu's options", v), docSelect)
		}
	}
}

// optionRule says what an element's options may be.
type optionRule struct {
	plainOnly  bool // select and overflow menus take only plain_text options
	urlAllowed bool // only overflow menus' options may have a url
	doc        string
}

// options checks an element's list of options: its count, each option, and
// that their values are unique.
func (c *checker) options(p path, e map[string]any, key string, min, max int, r optionRule) {
	list, ok := c.array(p.key(key), e[key], r.doc)
	if !ok {
		return
	}
	c.count(p.key(key), list, min, max, "options", r.doc)
	seen := map[string]path{}
	for i, o := range list {
		op := p.key(key).idx(i)
		m, ok := c.object(op, o, docOption)
		if !ok {
			continue
		}
		c.option(op, m, r)
		if v, ok := m["value"].(string); ok {
			if first, dup := seen[v]; dup {
				c.add(RuleOptionValueUnique, op.key("value"), fmt.Sprintf("%q repeated (first at %s); an option's value is unique", v, first), docOption)
			}
			seen[v] = op
		}
	}
}

// option checks one option object.
func (c *checker) option(p path, m map[string]any, r optionRule) {
	c.knownFields(p, m, fieldsOf("option"), docOption)
	c.textObject(p.key("text"), m["text"], textRule{max: maxOptionTextChars, plainOnly: r.plainOnly, doc: docOption})
	c.reqString(p, m, "value", maxOptionValueChars, docOption)
	if d, ok := m["description"]; ok {
		c.textObject(p.key("description"), d, textRule{max: maxOptionDescChars, plainOnly: r.plainOnly, doc: docOption})
	}
	if _, ok := m["url"]; ok {
		if !r.urlAllowed {
			c.add(RuleFieldType, p.key("url"), "is only available in overflow menus", docOption)
		}
		c.optString(p, m, "url", maxURLChars, docOption)
	}
}

// confirm checks an element's optional confirmation dialog. Its fields'
// limits are not checked: Slack's confirm object page could not be read.
func (c *checker) confirm(p path, e map[string]any) {
	v, ok := e["confirm"]
	if !ok {
		return
	}
	cp := p.key("confirm")
	m, ok := c.object(cp, v, docElements)
	if !ok {
		return
	}
	c.knownFields(cp, m, fieldsOf("confirm"), docElements)
	for _, k := range []string{"title", "confirm", "deny"} {
		if t, ok := m[k]; ok || k != "deny" {
			c.textObject(cp.key(k), t, textRule{plainOnly: true, doc: docElements})
		}
	}
	c.textObject(cp.key("text"), m["text"], textRule{doc: docElements})
	c.oneOf(cp, m, "style", docElements, "primary", "danger")
}

func (c *checker) plainTextInput(p path, e map[string]any) {
	c.placeholder(p, e, docPlainInput)
	c.optBool(p, e, "multiline", docPlainInput)
	c.optBool(p, e, "focus_on_load", docPlainInput)
	minLen, hasMin := c.optInt(p, e, "min_length", docPlainInput)
	maxLen, hasMax := c.optInt(p, e, "max_length", docPlainInput)
	if hasMin && (minLen < 0 || minLen > maxPlainInputLength) {
		c.add(RuleFieldType, p.key("min_length"), fmt.Sprintf("is %d; it is between 0 and %d", minLen, maxPlainInputLength), docPlainInput)
	}
	if hasMax && (maxLen < 1 || maxLen > maxPlainInputLength) {
		c.add(RuleFieldType, p.key("max_length"), fmt.Sprintf("is %d; it is between 1 and %d", maxLen, maxPlainInputLength), docPlainInput)
	}
	if hasMin && hasMax && minLen > maxLen {
		c.add(RuleFieldType, p.key("min_length"), fmt.Sprintf("is %d, over max_length %d", minLen, maxLen), docPlainInput)
	}
	if iv, ok := c.optString(p, e, "initial_value", 0, docPlainInput); ok && hasMax {
		c.length(p.key("initial_value"), iv, maxLen, docPlainInput)
	}
	if dc, ok := e["dispatch_action_config"]; ok {
		dp := p.key("dispatch_action_config")
		if m, ok := c.object(dp, dc, docPlainInput); ok {
			c.knownFields(dp, m, fieldsOf("dispatch_action_config"), docPlainInput)
			if list, ok := c.array(dp.key("trigger_actions_on"), m["trigger_actions_on"], docPlainInput); ok {
				for i, t := range list {
					if s, _ := t.(string); s != "on_enter_pressed" && s != "on_character_entered" {
						c.add(RuleFieldType, dp.key("trigger_actions_on").idx(i), fmt.Sprintf("%v is not on_enter_pressed or on_character_entered", t), docPlainInput)
					}
				}
			}
		}
	}
}
