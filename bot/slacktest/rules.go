package slacktest

// Slack's documented limits, each beside the reference page that states
// it. Lengths are counted in Unicode code points of the string as sent
// (an "&amp;" counts five): Slack says "characters" and does not say how
// it counts them, and code points are what slack-go's own
// TextBlockObject.Validate counts.
const (
	// "You can include up to 50 blocks in each message, and 100 blocks in
	// modals or Home tabs." https://docs.slack.dev/reference/block-kit/blocks
	maxMessageBlocks = 50
	// https://docs.slack.dev/reference/views/modal-views ("Max of 100
	// blocks") and https://docs.slack.dev/reference/views/home-tab-views
	maxViewBlocks = 100

	// block_id: "Maximum length for this field is 255 characters. block_id
	// should be unique for each message and each iteration of a message."
	// https://docs.slack.dev/reference/block-kit/blocks/section-block (the
	// same sentence is on every block's page). Slack's own JSON schema for
	// blocks gives it a minimum length of 1: an empty block_id is refused
	// (see slack-go issue 823, "Block ID needs to be unique").
	maxBlockIDChars = 255
	// action_id: "Should be unique among all other action_ids in the
	// containing block. Maximum length is 255 characters."
	// https://docs.slack.dev/reference/block-kit/block-elements/button-element
	maxActionIDChars = 255

	// Text object: "The minimum length is 1 and maximum length is 3000
	// characters." https://docs.slack.dev/reference/block-kit/composition-objects/text-object
	maxTextObjectChars = 3000

	// Section: text "Maximum length for the text in this field is 3000
	// characters"; fields "Maximum number of items is 10. Maximum length for
	// the text in each item is 2000 characters."
	// https://docs.slack.dev/reference/block-kit/blocks/section-block
	maxSectionTextChars  = 3000
	maxSectionFields     = 10
	maxSectionFieldChars = 2000

	// Header: "in the form of a plain_text text object. Maximum length for
	// the text in this field is 150 characters."
	// https://docs.slack.dev/reference/block-kit/blocks/header-block
	maxHeaderChars = 150

	// Context: "An array of image elements and text objects. Maximum number
	// of items is 10." https://docs.slack.dev/reference/block-kit/blocks/context-block
	maxContextElements = 10

	// Actions: "There is a maximum of 25 elements in each action block."
	// https://docs.slack.dev/reference/block-kit/blocks/actions-block
	maxActionsElements = 25

	// Context actions: "An array of feedback buttons elements and icon
	// button elements. Maximum number of items is 5."
	// https://docs.slack.dev/reference/block-kit/blocks/context-actions-block
	maxContextActionsElements = 5

	// Button: text "Can only be of type: plain_text ... Maximum length for
	// the text in this field is 75 characters"; url "Maximum length is 3000
	// characters"; value "Maximum length is 2000 characters";
	// accessibility_label 75.
	// https://docs.slack.dev/reference/block-kit/block-elements/button-element
	// The feedback buttons' positive_button and negative_button have the
	// same text, value and accessibility_label limits:
	// https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element
	maxButtonTextChars  = 75
	maxButtonValueChars = 2000
	maxURLChars         = 3000
	maxA11yLabelChars   = 75

	// Option object: text 75, value 150, description 75, url 3000 (overflow
	// menus only).
	// https://docs.slack.dev/reference/block-kit/composition-objects/option-object
	maxOptionTextChars  = 75
	maxOptionValueChars = 150
	maxOptionDescChars  = 75
	// Option group: label plain_text 75, options "Maximum of 100 items";
	// "An option_groups array can have a maximum number of 100 option
	// groups". https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object
	maxOptionGroupLabelChars = 75
	maxOptionGroups          = 100
	// Static select: "Maximum number of options is 100"; placeholder
	// plain_text, 150.
	// https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element
	maxSelectOptions     = 100
	maxPlaceholderChars  = 150
	maxCheckboxOptions   = 10 // https://docs.slack.dev/reference/block-kit/block-elements/checkboxes-element
	maxOverflowOptions   = 5  // "An array of up to five option objects": https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element
	maxPlainInputLength  = 3000
	maxInputLabelChars   = 2000 // label and hint: https://docs.slack.dev/reference/block-kit/blocks/input-block
	maxModalTitleChars   = 24   // title, close and submit: https://docs.slack.dev/reference/views/modal-views
	maxPrivateMetaChars  = 3000 // modal and Home tab views
	maxCallbackIDChars   = 255
	maxMarkdownTotal     = 12000 // "The cumulative limit for all markdown blocks in a single payload is 12,000 characters." https://docs.slack.dev/reference/block-kit/blocks/markdown-block
	maxTableRows         = 100   // "Maximum 100 rows. Each row object is an array with a max of 20 table cells." https://docs.slack.dev/reference/block-kit/blocks/table-block
	maxTableCells        = 20
	maxTableColumnConfig = 20 // column_settings: "Maximum 20 items."
	maxStreamTextChars   = 12000

	// chat.postMessage: Slack truncates a text longer than 40,000
	// characters ("Truncating content"):
	// https://docs.slack.dev/reference/methods/chat.postMessage. A
	// truncated notification is a defect a user sees, so it is refused here
	// as msg_too_long, the error Slack gives for text it will not take.
	maxMessageTextChars = 40000

	// A response_url "can be used up to 5 times within 30 minutes":
	// https://docs.slack.dev/interactivity/handling-user-interaction
	// (section "Message responses").
	maxResponseURLUses = 5
)

// Rule names what a payload broke. Rules are stable strings so that tests
// can assert which rule a payload broke (errors.As to *Error, then
// Problems[i].Rule).
type Rule string

// The rules, each with the page that documents it (Doc) and the error
// Slack answers a Web API call with when it is broken.
const (
	RuleBlocksMax          Rule = "blocks_max"            // 50 per message, 100 per modal or Home tab
	RuleBlockIDUnique      Rule = "block_id_unique"       // within one message or view
	RuleBlockIDLength      Rule = "block_id_length"       // 1 to 255
	RuleActionIDUnique     Rule = "action_id_unique"      // within its block (or the whole surface, with ActionIDsUniquePerSurface)
	RuleActionIDLength     Rule = "action_id_length"      // up to 255
	RuleTextLength         Rule = "text_length"           // a length limit of a text or string field
	RuleTextEmpty          Rule = "text_empty"            // a text object's text is at least 1 character
	RulePlainTextRequired  Rule = "plain_text_required"   // a field Slack takes only as plain_text
	RuleTextType           Rule = "text_type"             // a text object of no known type, or emoji/verbatim on the wrong one
	RuleElementCount       Rule = "element_count"         // fields, elements, options, rows… over (or under) their count
	RuleFallbackText       Rule = "fallback_text"         // blocks sent with no top-level text
	RuleNoText             Rule = "no_text"               // a message with neither text nor blocks
	RuleEscape             Rule = "escape"                // a bare &, < or > in mrkdwn or text
	RuleControlSequence    Rule = "control_sequence"      // a <…> Slack does not parse, or one the caller did not intend
	RuleMarkdownTotal      Rule = "markdown_total"        // 12,000 characters of markdown blocks per payload
	RuleTableOnePerMessage Rule = "table_one_per_message" // one table block per message
	RuleUnknownBlock       Rule = "unknown_block"         // a block type Slack does not have
	RuleUnmodelledBlock    Rule = "unmodelled_block"      // a block type Slack has but this package does not check yet
	RuleUnknownElement     Rule = "unknown_element"       // an element type not allowed where it is (or not known)
	RuleUnknownField       Rule = "unknown_field"         // a field Slack's (and slack-go's) model of the object does not have
	RuleOptionValueUnique  Rule = "option_value_unique"   // option values within one element
	RuleRequired           Rule = "required"              // a required field is missing
	RuleFieldType          Rule = "field_type"            // a field of the wrong JSON type, or a value outside its set
	RuleSubmitRequired     Rule = "submit_required"       // a modal with input blocks has no submit
	RuleSlackGoDecode      Rule = "slack_go_decode"       // slack-go cannot decode what was sent
	RuleMetadata           Rule = "metadata"              // message metadata without event_type or an object payload
	RuleJSON               Rule = "json"                  // not JSON at all
)

// slackErrors are the errors Slack answers a Web API call breaking a rule
// with, where it is not invalid_blocks (views.* answer invalid_arguments
// for every block problem; see viewError).
var slackErrors = map[Rule]string{
	RuleFallbackText: "no_text", // Slack only warns; for our tests it is an error, named as Slack names no text at all
	RuleNoText:       "no_text",
	RuleMetadata:     "invalid_metadata_format",
	RuleJSON:         "invalid_json",
}

// Pages of Slack's documentation cited by the checks.
const (
	docBlocks         = "https://docs.slack.dev/reference/block-kit/blocks"
	docSection        = "https://docs.slack.dev/reference/block-kit/blocks/section-block"
	docHeader         = "https://docs.slack.dev/reference/block-kit/blocks/header-block"
	docContext        = "https://docs.slack.dev/reference/block-kit/blocks/context-block"
	docActions        = "https://docs.slack.dev/reference/block-kit/blocks/actions-block"
	docContextActions = "https://docs.slack.dev/reference/block-kit/blocks/context-actions-block"
	docInput          = "https://docs.slack.dev/reference/block-kit/blocks/input-block"
	docMarkdown       = "https://docs.slack.dev/reference/block-kit/blocks/markdown-block"
	docTable          = "https://docs.slack.dev/reference/block-kit/blocks/table-block"
	docRichText       = "https://docs.slack.dev/reference/block-kit/blocks/rich-text-block"
	docRichTextList   = "https://docs.slack.dev/reference/block-kit/block-elements/rich-text-list-element"
	docImage          = "https://docs.slack.dev/reference/block-kit/blocks/image-block"
	docButton         = "https://docs.slack.dev/reference/block-kit/block-elements/button-element"
	docFeedback       = "https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element"
	docSelect         = "https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element"
	docCheckboxes     = "https://docs.slack.dev/reference/block-kit/block-elements/checkboxes-element"
	docOverflow       = "https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element"
	docPlainInput     = "https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element"
	docElements       = "https://docs.slack.dev/reference/block-kit/block-elements"
	docTextObject     = "https://docs.slack.dev/reference/block-kit/composition-objects/text-object"
	docOption         = "https://docs.slack.dev/reference/block-kit/composition-objects/option-object"
	docOptionGroup    = "https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object"
	docModal          = "https://docs.slack.dev/reference/views/modal-views"
	docHome           = "https://docs.slack.dev/reference/views/home-tab-views"
	docFormatting     = "https://docs.slack.dev/messaging/formatting-message-text"
	docPostMessage    = "https://docs.slack.dev/reference/methods/chat.postMessage"
	docStartStream    = "https://docs.slack.dev/reference/methods/chat.startStream"
	docStopStream     = "https://docs.slack.dev/reference/methods/chat.stopStream"
	docMetadata       = "https://api.slack.com/metadata/publishing"
	docResponseURL    = "https://docs.slack.dev/interactivity/handling-user-interaction"
	docSlackGo        = "https://pkg.go.dev/github.com/slack-go/slack"
)
