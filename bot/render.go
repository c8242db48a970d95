package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/answer/summary"
)

// quoteLimit is where an answer cuts a passage. Real findings are a few
// hundred characters; this keeps a freak paragraph from filling the screen
// while staying well inside Slack's 3,000.
const quoteLimit = 1500

// questionEchoLimit is how much of a question an answer repeats.
const questionEchoLimit = 300

// Action and callback ids. They are part of the messages already posted in
// Slack, so a new version must keep answering the old ones.
const (
	actionShare       = "peel_share"        // Share in channel (or the answer's thread)
	actionShareThread = "peel_share_thread" // Share in the searched message's thread
	actionMore        = "peel_more"         // next passages
	actionFullText    = "peel_full_text"    // modal with the whole passage
	actionSummarise   = "peel_summarise"    // summary of the passages shown
	callbackFind      = "find_in_peel"      // message shortcut "Find in PEEL reports"
	callbackPassage   = "peel_passage"      // the Full text modal
)

// ref is what a button carries: everything needed to act on the click
// without state on the server.
type ref struct {
	Q   string   `json:"q,omitempty"`   // the question
	Off int      `json:"o,omitempty"`   // offset of the first passage shown
	IDs []string `json:"ids,omitempty"` // passage ids: the one to act on, or those shown
	TS  string   `json:"ts,omitempty"`  // thread to share into
}

// encode makes r a button value of at most maxValueChars, shortening the
// question if it must (the index reads only its start anyway).
func (r ref) encode() string {
	enc := func(r ref) string {
		var buf bytes.Buffer
		e := json.NewEncoder(&buf)
		e.SetEscapeHTML(false)
		_ = e.Encode(r) // a struct of strings and ints always encodes
		return strings.TrimSpace(buf.String())
	}
	fits := func(s string) bool { return utf8.RuneCountInString(s) <= maxValueChars }
	if s := enc(r); fits(s) {
		return s
	}
	// Keep the longest start of the question that fits.
	q := []rune(r.Q)
	lo, hi := 0, len(q)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		r.Q = string(q[:mid])
		if fits(enc(r)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	r.Q = string(q[:lo])
	return enc(r)
}

func decodeRef(value string) (ref, error) {
	var r ref
	if err := json.Unmarshal([]byte(value), &r); err != nil {
		return ref{}, fmt.Errorf("read button value: %w", err)
	}
	return r, nil
}

// Text objects and blocks.

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, clip(s, maxTextChars), false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, clip(s, maxTextChars), false, false)
}

func section(id, text string) *slack.SectionBlock {
	var opts []slack.SectionBlockOption
	if id != "" {
		opts = append(opts, slack.SectionBlockOptionBlockID(id))
	}
	return slack.NewSectionBlock(mrkdwn(text), nil, nil, opts...)
}

func contextLine(id, text string) *slack.ContextBlock {
	return slack.NewContextBlock(id, mrkdwn(text))
}

func button(actionID, label string, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, clip(label, maxButtonChars), false, false))
}

// answerMode says where an answer is shown, which decides its buttons.
type answerMode int

const (
	// modeCommand is /peel's private answer: Share in channel, More results.
	modeCommand answerMode = iota
	// modeShortcut is the message shortcut's private answer: Share in
	// thread (the searched message's), More results.
	modeShortcut
	// modeThread is a public reply to a mention: no sharing, no paging.
	modeThread
)

// reply is an answer as it is shown: the answer, and where and how.
type reply struct {
	*answer.Answer
	mode     answerMode
	threadTS string // modeShortcut: the thread Share posts into
	extra    string // a note under the passages (e.g. summary unavailable)
	feedback bool   // offer Helpful / Not helpful (feedback.go)
}

// render lays the answer out as Block Kit.
func (a reply) render(summarise bool) message {
	var blocks []slack.Block
	switch a.mode {
	case modeCommand:
		blocks = append(blocks, section("question", "*You asked:* "+escape(clip(a.Question, questionEchoLimit))))
	case modeShortcut:
		blocks = append(blocks, section("question", "*Searched the reports for:* "+escape(clip(a.Question, questionEchoLimit))))
	}
	if len(a.Notes()) > 0 {
		blocks = append(blocks, contextLine("notes", "_"+escape(strings.Join(a.Notes(), " · "))+"_"))
	}
	if len(a.Passages) == 0 {
		blocks = append(blocks, a.nothingFound()...)
		blocks = append(blocks, a.feedbackBlock()...)
		return message{Text: "No passage in the reports matches that.", Blocks: blocks}
	}
	for i, q := range a.Passages {
		blocks = append(blocks, a.quoteBlocks(i, q)...)
	}
	if a.extra != "" {
		blocks = append(blocks, contextLine("extra", escape(a.extra)))
	}
	blocks = append(blocks, a.footer(summarise)...)
	return message{Text: a.fallback(), Blocks: blocks}
}

// quoteBlocks shows one passage: the quote, its linked citation, and its
// buttons.
func (a reply) quoteBlocks(i int, q answer.Passage) []slack.Block {
	text, cut := quoteWithin(q.Text, quoteLimit)
	n := fmt.Sprint(i)
	out := []slack.Block{
		section("quote-"+n, text),
		contextLine("cite-"+n, link(q.Cite.Link, q.Cite.String())),
	}
	var buttons []slack.BlockElement
	switch a.mode {
	case modeCommand:
		buttons = append(buttons, button(actionShare, "Share in channel", ref{IDs: []string{q.ID}}.encode()))
	case modeShortcut:
		buttons = append(buttons, button(actionShareThread, "Share in thread", ref{IDs: []string{q.ID}, TS: a.threadTS}.encode()))
	}
	if cut {
		buttons = append(buttons, button(actionFullText, "Full text", ref{IDs: []string{q.ID}}.encode()))
	}
	if len(buttons) > 0 {
		out = append(out, slack.NewActionBlock("act-"+n, buttons...))
	}
	return out
}

// footer says where in the results the answer is and offers the next
// step, and asks whether the answer helped.
func (a reply) footer(summarise bool) []slack.Block {
	var out []slack.Block
	var buttons []slack.BlockElement
	if a.mode != modeThread {
		first, last := a.Offset+1, a.Offset+len(a.Passages)
		out = append(out, contextLine("position", fmt.Sprintf("Passages %d–%d of %d", first, last, max(a.Total, last))))
		if a.Total > last {
			buttons = append(buttons, button(actionMore, "More results", ref{Q: a.Question, Off: last, TS: a.threadTS}.encode()))
		}
	}
	if summarise {
		buttons = append(buttons, button(actionSummarise, "Summarise", ref{Q: a.Question, Off: a.Offset, IDs: a.IDs(), TS: a.threadTS}.encode()))
	}
	buttons = append(buttons, a.feedbackButtons()...)
	if len(buttons) > 0 {
		out = append(out, slack.NewActionBlock("next", buttons...))
	}
	return out
}

// nothingFound says so, why when the index knows, and what to try.
func (a reply) nothingFound() []slack.Block {
	text := "No passage in the reports matches that."
	if a.Problem != "" {
		text = escape(a.Problem)
	}
	if len(a.Suggestions) > 0 {
		var tries []string
		for _, s := range a.Suggestions {
			tries = append(tries, "`"+escape(s)+"`")
		}
		text += "\nTry: " + strings.Join(tries, " · ")
	}
	return []slack.Block{
		section("nothing", text),
		contextLine("help", "`/peel help` shows the filters and examples."),
	}
}

// fallback is the answer's notification text.
func (a reply) fallback() string {
	if len(a.Passages) == 0 {
		return "No passage in the reports matches that."
	}
	return clip(fmt.Sprintf("%s: %s", a.Passages[0].Cite.String(), a.Passages[0].Text), 300)
}

// renderShared is a passage posted publicly by a user.
func renderShared(q answer.Passage, user string) message {
	text, cut := quoteWithin(q.Text, quoteLimit)
	blocks := []slack.Block{
		section("quote", text),
		contextLine("cite", link(q.Cite.Link, q.Cite.String())),
		contextLine("shared", fmt.Sprintf("Shared by <@%s> from the PEEL reports with peelbot", escape(user))),
	}
	if cut {
		blocks = append(blocks, slack.NewActionBlock("act", button(actionFullText, "Full text", ref{IDs: []string{q.ID}}.encode())))
	}
	return message{Text: clip(fmt.Sprintf("%s: %s", q.Cite.String(), q.Text), 300), Blocks: blocks}
}

// passageModal shows a whole passage, however long, in a modal.
func passageModal(q answer.Passage) slack.ModalViewRequest {
	blocks := []slack.Block{contextLine("cite", link(q.Cite.Link, q.Cite.String()))}
	for i, part := range splitAtSentences(q.Text, 2400) {
		if len(blocks) == 99 {
			blocks = append(blocks, contextLine("rest", "The passage continues in the report."))
			break
		}
		blocks = append(blocks, section(fmt.Sprintf("part-%d", i), clip(quoteText(part), maxTextChars)))
	}
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: callbackPassage,
		Title:      plain("PEEL report passage"),
		Close:      plain("Close"),
		Blocks:     slack.Blocks{BlockSet: blocks},
	}
}

// splitAtSentences splits text into parts of at most limit characters,
// each ending at a sentence where one fits.
func splitAtSentences(text string, limit int) []string {
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

// withSummary shows a summary and, under it, the passages it cites,
// so nothing it says is untraceable. ok is false when it cites none.
func (a reply) withSummary(sum *summary.Summary) (m message, ok bool) {
	var cited []int
	seen := map[int]bool{}
	for _, c := range sum.Citations {
		if c >= 0 && c < len(a.Passages) && !seen[c] {
			seen[c] = true
			cited = append(cited, c)
		}
	}
	if len(cited) == 0 || strings.TrimSpace(sum.Text) == "" {
		return message{}, false
	}
	var blocks []slack.Block
	if a.mode != modeThread {
		blocks = append(blocks, section("question", "*You asked:* "+escape(clip(a.Question, questionEchoLimit))))
	}
	blocks = append(blocks,
		section("summary", "*Summary:* "+escape(clip(sum.Text, maxTextChars-200))),
		contextLine("model", escape(fmt.Sprintf("Written by %s from the passages quoted below, which are the reports' own words; check them before relying on it.", sum.Model))),
	)
	for i, c := range cited {
		q := a.Passages[c]
		qb := a.quoteBlocks(i, q)
		// Number each citation as the summary's [n] markers do.
		qb[1] = contextLine(fmt.Sprintf("cite-%d", i), fmt.Sprintf("[%d] %s", c+1, link(q.Cite.Link, q.Cite.String())))
		blocks = append(blocks, qb...)
	}
	blocks = append(blocks, a.feedbackBlock()...)
	return message{Text: clip("Summary: "+sum.Text, 300), Blocks: blocks}, true
}

// packSections packs lines of mrkdwn into as few section blocks as fit the
// text limit, and says so when the message's block limit cuts them short.
func packSections(prefix string, lines []string, room int) []slack.Block {
	var out []slack.Block
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, section(fmt.Sprintf("%s-%d", prefix, len(out)), cur.String()))
			cur.Reset()
		}
	}
	for i, l := range lines {
		l = clip(l, maxTextChars)
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(l) > maxTextChars {
			if len(out) >= room-2 {
				// One block for what is packed, one for the note.
				flush()
				return append(out, contextLine(prefix+"-more", fmt.Sprintf("…and %d more not shown here.", len(lines)-i)))
			}
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	flush()
	return out
}
