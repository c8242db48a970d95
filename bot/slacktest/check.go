package slacktest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/slack-go/slack"
)

// checker collects the problems of one payload: the limits that span the
// payload (block ids, markdown characters, tables) are counted across all
// of it.
type checker struct {
	v        *Validator
	surface  Surface
	problems []Problem

	blockIDs      map[string]path // block_id → where first used
	actionIDs     map[string]path // with ActionIDsUniquePerSurface: action_id → where first used
	markdownChars int
	tables        []path
}

func newChecker(v *Validator, s Surface) *checker {
	return &checker{v: v, surface: s, blockIDs: map[string]path{}, actionIDs: map[string]path{}}
}

func (c *checker) add(rule Rule, p path, detail, doc string) {
	c.problems = append(c.problems, Problem{Rule: rule, Path: string(p), Detail: detail, Doc: doc})
}

// err is the problems found as an *Error, or nil.
func (c *checker) err(method, slackError string) error {
	if len(c.problems) == 0 {
		return nil
	}
	if slackError == "" {
		slackError = "invalid_blocks"
		for _, p := range c.problems {
			if e, ok := slackErrors[p.Rule]; ok {
				slackError = e
				break
			}
		}
	}
	return &Error{Method: method, Problems: c.problems, SlackError: slackError}
}

// object is v as a JSON object, or a problem.
func (c *checker) object(p path, v any, doc string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			c.add(RuleRequired, p, "missing", doc)
		} else {
			c.add(RuleFieldType, p, fmt.Sprintf("is a JSON %s, not an object", jsonKind(v)), doc)
		}
	}
	return m, ok
}

// array is v as a JSON array, or a problem.
func (c *checker) array(p path, v any, doc string) ([]any, bool) {
	a, ok := v.([]any)
	if !ok {
		if v == nil {
			c.add(RuleRequired, p, "missing", doc)
		} else {
			c.add(RuleFieldType, p, fmt.Sprintf("is a JSON %s, not an array", jsonKind(v)), doc)
		}
	}
	return a, ok
}

// count checks that a list has from min to max items.
func (c *checker) count(p path, list []any, min, max int, what, doc string) {
	switch {
	case len(list) > max:
		c.add(RuleElementCount, p, fmt.Sprintf("has %d %s, over the %d allowed", len(list), what, max), doc)
	case len(list) < min:
		c.add(RuleElementCount, p, fmt.Sprintf("has %d %s; at least %d are required", len(list), what, min), doc)
	}
}

// optString is m[key] when it is a string; a problem when it is there and
// is not one. The value is checked against max when max > 0.
func (c *checker) optString(p path, m map[string]any, key string, max int, doc string) (string, bool) {
	v, present := m[key]
	if !present {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.add(RuleFieldType, p.key(key), fmt.Sprintf("is a JSON %s, not a string", jsonKind(v)), doc)
		return "", false
	}
	if max > 0 {
		c.length(p.key(key), s, max, doc)
	}
	return s, true
}

// reqString is optString for a required field.
func (c *checker) reqString(p path, m map[string]any, key string, max int, doc string) (string, bool) {
	if _, present := m[key]; !present {
		c.add(RuleRequired, p.key(key), "missing", doc)
		return "", false
	}
	s, ok := c.optString(p, m, key, max, doc)
	if ok && s == "" {
		c.add(RuleRequired, p.key(key), "is empty", doc)
	}
	return s, ok
}

// optBool checks that m[key], when there, is a boolean.
func (c *checker) optBool(p path, m map[string]any, key, doc string) bool {
	v, present := m[key]
	if !present {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		c.add(RuleFieldType, p.key(key), fmt.Sprintf("is a JSON %s, not a boolean", jsonKind(v)), doc)
	}
	return b
}

// optInt is m[key] as an integer, when it is there and is one.
func (c *checker) optInt(p path, m map[string]any, key, doc string) (int, bool) {
	v, present := m[key]
	if !present {
		return 0, false
	}
	n, ok := v.(json.Number)
	if ok {
		if i, err := n.Int64(); err == nil {
			return int(i), true
		}
	}
	c.add(RuleFieldType, p.key(key), fmt.Sprintf("is %v, not an integer", v), doc)
	return 0, false
}

// oneOf checks that m[key], when there, is one of the values.
func (c *checker) oneOf(p path, m map[string]any, key, doc string, values ...string) {
	s, ok := c.optString(p, m, key, 0, doc)
	if !ok {
		return
	}
	for _, v := range values {
		if s == v {
			return
		}
	}
	c.add(RuleFieldType, p.key(key), fmt.Sprintf("is %q, not one of %s", s, strings.Join(values, ", ")), doc)
}

// knownFields reports every field of m that is not in known.
func (c *checker) knownFields(p path, m map[string]any, known map[string]bool, doc string) {
	var unknown []string
	for k := range m {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		c.add(RuleUnknownField, p.key(k), "is not a field of this object (in Slack's documentation or slack-go's model of it)", doc)
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// decode parses JSON keeping numbers as json.Number, so that 1.5 is not an
// integer and large ids stay exact.
func decode(raw []byte) (any, error) {
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// The fields of each Block Kit object are those of slack-go's type for it
// (its JSON names), so that a field Slack has and slack-go models is
// accepted, and a misspelt or invented one is caught: slack-go's decoder
// would drop it silently, and Slack refuses it. extraFields adds the
// fields Slack documents that slack-go v0.35 does not model.
var (
	modelTypes = map[string]any{
		"section":                slack.SectionBlock{},
		"divider":                slack.DividerBlock{},
		"header":                 slack.HeaderBlock{},
		"context":                slack.ContextBlock{},
		"actions":                slack.ActionBlock{},
		"image":                  slack.ImageBlock{},
		"input":                  slack.InputBlock{},
		"rich_text":              slack.RichTextBlock{},
		"markdown":               slack.MarkdownBlock{},
		"table":                  slack.TableBlock{},
		"context_actions":        slack.ContextActionsBlock{},
		"text":                   slack.TextBlockObject{},
		"option":                 slack.OptionBlockObject{},
		"option_group":           slack.OptionGroupBlockObject{},
		"confirm":                slack.ConfirmationBlockObject{},
		"button":                 slack.ButtonBlockElement{},
		"select":                 slack.SelectBlockElement{},
		"multi_select":           slack.MultiSelectBlockElement{},
		"overflow":               slack.OverflowBlockElement{},
		"datepicker":             slack.DatePickerBlockElement{},
		"timepicker":             slack.TimePickerBlockElement{},
		"datetimepicker":         slack.DateTimePickerBlockElement{},
		"plain_text_input":       slack.PlainTextInputBlockElement{},
		"email_text_input":       slack.EmailTextInputBlockElement{},
		"url_text_input":         slack.URLTextInputBlockElement{},
		"number_input":           slack.NumberInputBlockElement{},
		"rich_text_input":        slack.RichTextInputBlockElement{},
		"checkboxes":             slack.CheckboxGroupsBlockElement{},
		"radio_buttons":          slack.RadioButtonsBlockElement{},
		"image_element":          slack.ImageBlockElement{},
		"feedback_buttons":       slack.FeedbackButtonsBlockElement{},
		"feedback_button":        slack.FeedbackButton{},
		"icon_button":            slack.IconButtonBlockElement{},
		"modal":                  slack.ModalViewRequest{},
		"home":                   slack.HomeTabViewRequest{},
		"column_setting":         slack.ColumnSetting{},
		"dispatch_action_config": slack.DispatchActionConfig{},
		"conversation_filter":    slack.SelectBlockElementFilter{},
		"metadata":               slack.SlackMetadata{},
		"suggested_prompt":       slack.AssistantThreadsPrompt{},
		"webhook":                slack.WebhookMessage{},
		"table_rich_text_cell":   slack.TableRichTextCell{},
		"table_raw_text_cell":    slack.TableRawTextCell{},
		"table_raw_number_cell":  slack.TableRawNumberCell{},
	}
	extraFields = map[string][]string{
		// A response_url message may carry metadata like any message:
		// slack-go's WebhookMessage does not model it.
		"webhook": {"metadata"},
	}
	fieldCache sync.Map // model name → map[string]bool
)

// fieldsOf is the set of JSON field names of the model named.
func fieldsOf(model string) map[string]bool {
	if f, ok := fieldCache.Load(model); ok {
		return f.(map[string]bool)
	}
	t, ok := modelTypes[model]
	if !ok {
		panic("slacktest: no model " + model)
	}
	fields := map[string]bool{}
	addJSONFields(reflect.TypeOf(t), fields)
	for _, f := range extraFields[model] {
		fields[f] = true
	}
	fieldCache.Store(model, fields)
	return fields
}

func addJSONFields(t reflect.Type, fields map[string]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addJSONFields(ft, fields)
				continue
			}
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = true
	}
}
