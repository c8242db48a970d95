package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/corpus"
)

// QuoteLimit is where an answer cuts a passage. Real findings are a few
// hundred characters; this keeps a freak paragraph from filling the screen
// while staying well inside Slack's 3,000.
const QuoteLimit = 1500

// questionEchoLimit is how much of a question an answer repeats.
const questionEchoLimit = 300

// Mode says where an answer is shown, which decides its buttons.
type Mode int

const (
	// ModeCommand is /peel's private answer: Share in channel, More results.
	ModeCommand Mode = iota
	// ModeShortcut is the message shortcut's private answer: Share in
	// thread (the searched message's), More results.
	ModeShortcut
	// ModeThread is a public reply to a mention: no sharing, no paging.
	ModeThread
)

// Reply is an answer as it is shown: the answer, and where and how.
type Reply struct {
	*answer.Answer
	Mode Mode
	// ThreadTS is, in ModeShortcut, the thread Share posts into.
	ThreadTS string
	// Extra is a note under the passages (e.g. summary unavailable).
	Extra string
	// Feedback offers Slack's feedback buttons.
	Feedback bool
	// Numbered shows each passage's number, [1] to [n], before its
	// citation, as a summary that follows cites them.
	Numbered bool
	// ScopeLabel says what the answer kept to without the question saying
	// so (the channel's or thread's scope): "Hertfordshire Constabulary
	// reports". Shown in one line with how to change it.
	ScopeLabel string
}

// scopeBlock is the answer's scope line, when it had one.
func (a Reply) scopeBlock() []slack.Block {
	if a.ScopeLabel == "" {
		return nil
	}
	return []slack.Block{Context("scope", "In "+Escape(a.ScopeLabel)+" · change with `/peel scope`")}
}

// Message lays the answer out as Block Kit; summarise offers the
// Summarise button.
func (a Reply) Message(summarise bool) Message {
	var blocks []slack.Block
	if a.long() {
		blocks = append(blocks, a.header())
	}
	switch a.Mode {
	case ModeCommand:
		blocks = append(blocks, Section("question", "*You asked:* "+Escape(Clip(a.Question, questionEchoLimit))))
	case ModeShortcut:
		blocks = append(blocks, Section("question", "*Searched the reports for:* "+Escape(Clip(a.Question, questionEchoLimit))))
	}
	blocks = append(blocks, a.scopeBlock()...)
	if notes := a.Notes(); len(notes) > 0 {
		blocks = append(blocks, Context("notes", "_"+Escape(strings.Join(notes, " · "))+"_"))
	}
	if a.Note != "" && a.Problem == "" {
		blocks = append(blocks, a.noteBlock())
	}
	if len(a.Passages) == 0 {
		blocks = append(blocks, a.nothingFound()...)
		blocks = append(blocks, a.feedbackBlock()...)
		return Message{Text: a.fallback(), Blocks: Distinct(blocks)}
	}
	if a.ClosestOnly() {
		blocks = append(blocks, Context("closest", "_Closest text found in the reports, not an answer:_"))
	}
	for i, q := range a.Passages {
		blocks = append(blocks, a.quoteBlocks(i, q)...)
	}
	if a.Extra != "" {
		blocks = append(blocks, Context("extra", Escape(a.Extra)))
	}
	blocks = append(blocks, a.footer(summarise)...)
	return Message{Text: a.fallback(), Blocks: Distinct(blocks)}
}

// longAnswer is how many characters of quotes make an answer long enough
// to open with a heading: more than a phone's screen.
const longAnswer = 1200

// long reports whether the answer's quotes run past a screen, so that a
// heading helps the reader find where it starts.
func (a Reply) long() bool {
	n := 0
	for _, q := range a.Passages {
		n += utf8.RuneCountInString(q.Text)
		if q.Explanation != nil {
			n += utf8.RuneCountInString(q.Explanation.Text)
		}
	}
	return n > longAnswer
}

// header is the answer's heading: the question, as plain text.
func (a Reply) header() slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, Clip(strings.Join(strings.Fields(a.Question), " "), MaxHeaderChars), false, false), slack.HeaderBlockOptionBlockID("heading"))
}

// citeLine is a passage's citation as shown under it: the full path the
// first time a finding is quoted, and only its page after that, so that
// passages of one finding do not repeat the same long line. prev is the
// passage shown just before, nil for the first.
func citeLine(q answer.Passage, prev *answer.Passage) string {
	if prev != nil && sameFinding(q.Cite, prev.Cite) {
		label := "Same finding as above"
		if q.Cite.Page > 0 {
			label += fmt.Sprintf(" · p. %d", q.Cite.Page)
		}
		return "_" + Link(q.Cite.Link, label) + "_"
	}
	return Link(q.Cite.Link, q.Cite.String())
}

// whyCite is the citation of what the inspectors found under an AFI,
// shown just below the AFI's own: the path would repeat the headline
// quoted above it, so it says where and links the paragraph.
func whyCite(e answer.Passage) string {
	label := "Found under this area for improvement"
	if e.Cite.Page > 0 {
		label += fmt.Sprintf(" · p. %d", e.Cite.Page)
	}
	return "_" + Link(e.Cite.Link, label) + "_"
}

// sameFinding reports whether two citations are of one finding of one
// report.
func sameFinding(a, b corpus.Citation) bool {
	return a.Report == b.Report && a.Chapter == b.Chapter && a.Section == b.Section && a.Finding == b.Finding && a.Finding != ""
}

// quoteBlocks shows one passage: the quote, its linked citation, and its
// buttons.
func (a Reply) quoteBlocks(i int, q answer.Passage) []slack.Block {
	text, cut := QuoteWithin(q.Text, QuoteLimit)
	n := fmt.Sprint(i)
	var prev *answer.Passage
	if i > 0 && i <= len(a.Passages) {
		prev = &a.Passages[i-1]
	}
	cite := citeLine(q, prev)
	if a.Numbered {
		cite = fmt.Sprintf("[%d] %s", a.Offset+i+1, cite)
	}
	out := []slack.Block{
		Section("quote-"+n, text),
		Context("cite-"+n, cite),
	}
	var buttons []slack.BlockElement
	if e := q.Explanation; e != nil {
		// What must improve, then what the inspectors found: the report's
		// reason, quoted and cited on its own.
		why, whyCut := QuoteWithin(e.Text, QuoteLimit)
		out = append(out, Section("why-"+n, "_What the inspectors found:_\n"+why), Context("whycite-"+n, whyCite(*e)))
		if whyCut {
			buttons = append(buttons, Button(ActionFullText, "Full text of what was found", Ref{IDs: []string{e.ID}}.Encode()))
		}
	}
	shared := []string{q.ID}
	if q.Explanation != nil {
		shared = append(shared, q.Explanation.ID) // shared as shown
	}
	switch a.Mode {
	case ModeCommand:
		buttons = append(buttons, Button(ActionShare, "Share in channel", Ref{IDs: shared}.Encode()))
	case ModeShortcut:
		buttons = append(buttons, Button(ActionShareThread, "Share in thread", Ref{IDs: shared, TS: a.ThreadTS}.Encode()))
	}
	if cut {
		buttons = append(buttons, Button(ActionFullText, "Full text", Ref{IDs: []string{q.ID}}.Encode()))
	}
	if len(buttons) > 0 {
		out = append(out, slack.NewActionBlock("act-"+n, buttons...))
	}
	return out
}

// footer says where in the results the answer is and offers the next
// step, and asks whether the answer helped.
func (a Reply) footer(summarise bool) []slack.Block {
	var out []slack.Block
	var buttons []slack.BlockElement
	if a.Mode != ModeThread {
		first, last := a.Offset+1, a.Offset+len(a.Passages)
		out = append(out, Context("position", fmt.Sprintf("Passages %d–%d of %d", first, last, max(a.Total, last))))
		if a.Total > last {
			buttons = append(buttons, Button(ActionMore, "More results", Ref{Q: a.Question, Off: last, TS: a.ThreadTS}.Encode()))
		}
	}
	if summarise && !a.ClosestOnly() {
		buttons = append(buttons, Button(ActionSummarise, "Summarise", Ref{Q: a.Question, Off: a.Offset, IDs: a.IDs(), Found: a.found(), TS: a.ThreadTS}.Encode()))
	}
	if len(buttons) > 0 {
		out = append(out, slack.NewActionBlock("next", buttons...))
	}
	return append(out, a.feedbackBlock()...)
}

// found are the ids of what was found shown with each passage, "" for a
// passage shown alone; nil when no passage has any.
func (a Reply) found() []string {
	var out []string
	for i, q := range a.Passages {
		if q.Explanation != nil {
			if out == nil {
				out = make([]string, len(a.Passages))
			}
			out[i] = q.Explanation.ID
		}
	}
	return out
}

// noteBlock is the sentence about whether the reports answer: what they
// don't cover, or peelbot's own statement from a report's structure
// (marked as peelbot's, since it is not the report's words).
func (a Reply) noteBlock() slack.Block {
	if a.Statement != "" {
		return Section("note", Escape(a.Statement)+"\n_peelbot, from the report's structure; not a quotation_")
	}
	return Section("note", Escape(a.Note))
}

// nothingFound says so (unless the note above already says what the
// reports don't cover), why when the index knows, and what to try.
func (a Reply) nothingFound() []slack.Block {
	var lines []string
	switch {
	case a.Problem != "":
		lines = append(lines, Escape(a.Problem))
	case a.Note == "":
		lines = append(lines, "No passage in the reports matches that.")
	}
	if len(a.Suggestions) > 0 {
		var tries []string
		for _, s := range a.Suggestions {
			tries = append(tries, "`"+Escape(s)+"`")
		}
		lines = append(lines, "Try: "+strings.Join(tries, " · "))
	}
	var out []slack.Block
	if len(lines) > 0 {
		out = append(out, Section("nothing", strings.Join(lines, "\n")))
	}
	return append(out, Context("help", "`/peel help` shows the filters and examples."))
}

// fallback is the answer's notification text.
func (a Reply) fallback() string {
	switch {
	case a.Note != "" && a.Problem == "":
		return FallbackText(a.Note) // it repeats what was asked
	case len(a.Passages) == 0:
		return "No passage in the reports matches that."
	}
	return FallbackText(a.Passages[0].Cite.String() + ": " + a.Passages[0].Text)
}

// Shared is a passage posted publicly by a user.
func Shared(q answer.Passage, user string) Message {
	text, cut := QuoteWithin(q.Text, QuoteLimit)
	blocks := []slack.Block{
		Section("quote", text),
		Context("cite", Link(q.Cite.Link, q.Cite.String())),
	}
	var buttons []slack.BlockElement
	if cut {
		buttons = append(buttons, Button(ActionFullText, "Full text", Ref{IDs: []string{q.ID}}.Encode()))
	}
	if e := q.Explanation; e != nil {
		why, whyCut := QuoteWithin(e.Text, QuoteLimit)
		blocks = append(blocks, Section("why", "_What the inspectors found:_\n"+why), Context("whycite", whyCite(*e)))
		if whyCut {
			buttons = append(buttons, Button(ActionFullText, "Full text of what was found", Ref{IDs: []string{e.ID}}.Encode()))
		}
	}
	blocks = append(blocks, Context("shared", fmt.Sprintf("Shared by <@%s> from the PEEL reports with peelbot", Escape(user))))
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("act", buttons...))
	}
	return Message{Text: FallbackText(q.Cite.String() + ": " + q.Text), Blocks: Distinct(blocks)}
}

// PassageModal shows a whole passage, however long, in a modal.
func PassageModal(q answer.Passage) slack.ModalViewRequest {
	blocks := []slack.Block{Context("cite", Link(q.Cite.Link, q.Cite.String()))}
	for i, part := range SplitAtSentences(q.Text, 2400) {
		if len(blocks) == 99 {
			blocks = append(blocks, Context("rest", "The passage continues in the report."))
			break
		}
		blocks = append(blocks, Section(fmt.Sprintf("part-%d", i), Clip(QuoteText(part), MaxTextChars)))
	}
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: CallbackPassage,
		Title:      Plain("PEEL report passage"),
		Close:      Plain("Close"),
		Blocks:     slack.Blocks{BlockSet: blocks},
	}
}

// SplitAtSentences splits text into parts of at most limit characters,
// each ending at a sentence where one fits.
func SplitAtSentences(text string, limit int) []string {
	var parts []string
	for utf8.RuneCountInString(text) > limit {
		r := []rune(text)
		end := -1
		for i := limit - 1; i >= limit/2; i-- {
			if isSentenceEnd(r, i) {
				end = i + 1
				break
			}
		}
		if end < 0 {
			end = limit
		}
		parts = append(parts, strings.TrimSpace(string(r[:end])))
		text = strings.TrimSpace(string(r[end:]))
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

// WithSummary shows a summary and, under it, the passages it cites,
// so nothing it says is untraceable. ok is false when it cites none.
func (a Reply) WithSummary(sum *summary.Summary) (m Message, ok bool) {
	var cited []int
	seen := map[int]bool{}
	for _, c := range sum.Citations {
		if c >= 0 && c < len(a.Passages) && !seen[c] {
			seen[c] = true
			cited = append(cited, c)
		}
	}
	if len(cited) == 0 || strings.TrimSpace(sum.Text) == "" {
		return Message{}, false
	}
	blocks := []slack.Block{a.header()}
	if a.Mode != ModeThread {
		blocks = append(blocks, Section("question", "*You asked:* "+Escape(Clip(a.Question, questionEchoLimit))))
	}
	blocks = append(blocks, a.scopeBlock()...)
	blocks = append(blocks,
		Section("summary", "*Summary:* "+Escape(Clip(sum.Text, MaxTextChars-200))),
		Context("model", Escape(fmt.Sprintf("Written by %s from the passages quoted below, which are the reports' own words; check them before relying on it.", sum.Model))),
	)
	for i, c := range cited {
		q := a.Passages[c]
		qb := a.quoteBlocks(i, q)
		// Number each citation as the summary's [n] markers do.
		var prev *answer.Passage
		if i > 0 {
			prev = &a.Passages[cited[i-1]]
		}
		qb[1] = Context(fmt.Sprintf("cite-%d", i), fmt.Sprintf("[%d] %s", c+1, citeLine(q, prev)))
		blocks = append(blocks, qb...)
	}
	blocks = append(blocks, a.feedbackBlock()...)
	return Message{Text: FallbackText("Summary: " + sum.Text), Blocks: Distinct(blocks)}, true
}

// FeedbackLabels are the feedback buttons' labels.
const (
	FeedbackUp   = "Helpful"
	FeedbackDown = "Not helpful"
)

// Feedback is Slack's own feedback buttons (👍 / 👎) for the answer to
// question that showed the passages ids, in a context_actions block.
// Each button's value is the question and the passages shown, within the
// value limit (the question is shortened if it must be), and its vote.
func Feedback(question string, ids []string) slack.Block {
	ref := Ref{Q: question, IDs: ids}
	up, down := ref, ref
	up.Vote, down.Vote = VoteUp, VoteDown
	fb := slack.NewFeedbackButtonsBlockElement(ActionFeedback,
		slack.NewFeedbackButton(slack.NewTextBlockObject(slack.PlainTextType, FeedbackUp, false, false), up.Encode()).WithAccessibilityLabel("This answer helped"),
		slack.NewFeedbackButton(slack.NewTextBlockObject(slack.PlainTextType, FeedbackDown, false, false), down.Encode()).WithAccessibilityLabel("This answer did not help"))
	return slack.NewContextActionsBlock("feedback", fb)
}

// feedbackBlock is the answer's feedback buttons, when feedback is kept.
func (a Reply) feedbackBlock() []slack.Block {
	if !a.Feedback {
		return nil
	}
	return []slack.Block{Feedback(a.Question, a.IDs())}
}

// ReasonModal asks why an answer did not help: the passage was wrong, the
// reports do not cover it, it is out of date, or something else, with
// the voter's own words. metadata says which answer, for the submission.
func ReasonModal(question, metadata string) slack.ModalViewRequest {
	var options []*slack.OptionBlockObject
	for _, r := range []struct{ value, label, hint string }{
		{"wrong_passage", "Wrong passage", "The passages shown do not answer the question"},
		{"not_covered", "Not covered", "The reports loaded do not cover it"},
		{"out_of_date", "Out of date", "A newer report or update says otherwise"},
		{"other", "Something else", "Say what in the box below"},
	} {
		options = append(options, slack.NewOptionBlockObject(r.value, Plain(r.label), Plain(r.hint)))
	}
	reasons := slack.NewRadioButtonsBlockElement(InputReason, options...)
	why := slack.NewPlainTextInputBlockElement(Plain("What were you looking for? What should it have said?"), InputWhy)
	why.Multiline = true
	why.MaxLength = 2000
	whyBlock := slack.NewInputBlock(BlockWhy, Plain("In your words"), Plain("Optional. It helps turn this into a test of peelbot's answers."), why)
	whyBlock.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackReason,
		Title:           Plain("Why not helpful?"),
		Submit:          Plain("Send"),
		Close:           Plain("Cancel"),
		PrivateMetadata: metadata,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			Context("question", "You asked: "+Escape(Clip(question, questionEchoLimit))),
			slack.NewInputBlock(BlockReason, Plain("What was wrong with the answer?"), nil, reasons),
			whyBlock,
		}},
	}
}
