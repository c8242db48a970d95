package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/peelbot/peelbot/answer/summary"
)

// Action and callback ids. They are part of the messages already posted in
// Slack (digests especially), so a new version must keep answering the old
// ones.
const (
	ActionShare       = "peel_share"        // Share in channel (or the answer's thread)
	ActionShareThread = "peel_share_thread" // Share in the searched message's thread
	ActionMore        = "peel_more"         // next passages
	ActionFullText    = "peel_full_text"    // modal with the whole passage
	ActionSummarise   = "peel_summarise"    // summary of the passages shown
	ActionHelpful     = "peel_helpful"      // the answer helped (the buttons before feedback_buttons)
	ActionNotHelpful  = "peel_not_helpful"  // it did not (the same)
	ActionFeedback    = "peel_feedback"     // Slack's 👍 / 👎 feedback buttons on an answer
	CallbackFind      = "find_in_peel"      // message shortcut "Find in PEEL reports"
	CallbackPassage   = "peel_passage"      // the Full text modal
	CallbackReason    = "peel_feedback_why" // the modal 👎 opens: why the answer did not help

	// Item buttons. The first six were posted before items had sign-off
	// and are still answered: Mark addressed (peel_afi_close) opens the
	// form of closure the clicker may use (close, or propose), Start
	// assigns the item to whoever clicked.
	ActionAFIClose      = "peel_afi_close"      // Close… (a reviewer: propose and sign off at once)
	ActionAFIStart      = "peel_afi_start"      // (old) take the item on
	ActionAFIReopen     = "peel_afi_reopen"     // Reopen…: asks the reason
	ActionAFIAssign     = "peel_afi_assign"     // Assign…: opens the owner modal
	ActionAFIShow       = "peel_afi_show"       // Details: the item with its history, privately
	ActionAFIPage       = "peel_afi_page"       // (old) another page of /peel afi
	ActionItemPropose   = "peel_item_propose"   // Propose closure…: asks the evidence
	ActionItemSignoff   = "peel_item_signoff"   // Sign off…: an optional comment
	ActionItemSendback  = "peel_item_sendback"  // Send back…: asks the reason
	ActionItemDue       = "peel_item_due"       // Due date…: a date, and the reason of a revision
	ActionItemNote      = "peel_item_note"      // Note…
	ActionItemSupersede = "peel_item_supersede" // Supersede…: by a later item or report
	ActionItemPrev      = "peel_items_prev"     // the previous page of a list
	ActionItemNext      = "peel_items_next"     // the next page of a list
	ActionItemCarry     = "peel_item_carry"     // carry an earlier item forward to the suggested later one (confirmed)
	ActionItemReplaced  = "peel_item_replaced"  // mark an earlier item superseded by the later report (confirmed)
	ActionExportFile    = "peel_export_file"    // (reserved) a board pack file

	CallbackAFIClose  = "peel_afi_close_modal"  // (old) the evidence modal
	CallbackAFIAssign = "peel_afi_assign_modal" // the owner modal
	CallbackItem      = "peel_item_modal"       // every other change's modal; its metadata names the change
)

// The inputs of the item modals and the feedback form: block id, then
// action id.
const (
	BlockEvidence = "evidence"
	InputEvidence = "evidence_input"
	BlockOwner    = "owner"
	InputOwner    = "owner_input"
	BlockDue      = "due"
	InputDue      = "due_input"
	BlockBy       = "by"
	InputBy       = "by_input"
	BlockReason   = "reason"
	InputReason   = "reason_input"
	BlockWhy      = "why"
	InputWhy      = "why_input"
)

// The feedback buttons' votes, as Ref.Vote carries them.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// Where an AFI's buttons are shown, which decides how a click is answered.
const (
	ViewList   = "list"   // /peel afi, private
	ViewDetail = "detail" // /peel afi <id>, private
	ViewDigest = "digest" // the digest, public
	ViewHome   = "home"   // the App Home tab
)

// Ref is what an answer's button carries: everything needed to act on the
// click without state on the server.
type Ref struct {
	Q   string   `json:"q,omitempty"`   // the question
	Off int      `json:"o,omitempty"`   // offset of the first passage shown
	IDs []string `json:"ids,omitempty"` // passage ids: the one to act on, or those shown
	// Found are, beside IDs, the ids of what the inspectors found shown
	// with each AFI ("" for a passage shown alone), so that a summary of
	// the passages shows them as they were (answer.Passage.Explanation).
	Found []string `json:"f,omitempty"`
	TS    string   `json:"ts,omitempty"` // thread to share into
	// Vote is what a feedback button says: VoteUp or VoteDown.
	Vote string `json:"v,omitempty"`
}

// Answer names the answer r's feedback buttons are on: the question and
// the passages shown, hashed. The same answer shown again (the same
// question finding the same passages) is the same answer, so a person
// has one vote on it, however often they ask.
func (r Ref) Answer() string {
	h := sha256.New()
	h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(r.Q), " "))))
	for _, id := range r.IDs {
		h.Write([]byte{0})
		h.Write([]byte(id))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// Encode makes r a button value of at most MaxValueChars, shortening the
// question if it must (the index reads only its start anyway).
func (r Ref) Encode() string {
	enc := func(r Ref) string {
		var buf bytes.Buffer
		e := json.NewEncoder(&buf)
		e.SetEscapeHTML(false)
		_ = e.Encode(r) // a struct of strings and ints always encodes
		return strings.TrimSpace(buf.String())
	}
	fits := func(s string) bool { return utf8.RuneCountInString(s) <= MaxValueChars }
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

// Bounds on what an answer button may carry. A value comes back from
// Slack as the client sent it, so anyone can click with a value of their
// own: one past these is refused before anything acts on it.
const (
	// MaxOffset is the furthest into a search's results More results
	// goes: a thousand passages, three at a time, is past anyone's
	// reading, and a search is asked for no more than that many hits.
	MaxOffset = 1000
	// MaxRefIDs is the most passages one button names: those a summary
	// may cite.
	MaxRefIDs = summary.MaxSources
)

// ErrBadRef is what DecodeRef returns for a value no button of peelbot's
// carries.
var ErrBadRef = errors.New("not a value peelbot's buttons carry")

// DecodeRef reads an answer button's value, refusing (ErrBadRef) one no
// peelbot button carries: an offset outside 0 to MaxOffset, more than
// MaxRefIDs ids, an empty id or an unknown vote. Whether the offset is
// within the results, and the ids in the reports, is for the caller to
// check against the search and the library.
func DecodeRef(value string) (Ref, error) {
	var r Ref
	if err := json.Unmarshal([]byte(value), &r); err != nil {
		return Ref{}, fmt.Errorf("read button value: %w", err)
	}
	switch {
	case r.Off < 0 || r.Off > MaxOffset:
		return Ref{}, fmt.Errorf("button value: offset %d outside 0 to %d: %w", r.Off, MaxOffset, ErrBadRef)
	case len(r.IDs) > MaxRefIDs:
		return Ref{}, fmt.Errorf("button value: %d passages, at most %d: %w", len(r.IDs), MaxRefIDs, ErrBadRef)
	case r.Vote != "" && r.Vote != VoteUp && r.Vote != VoteDown:
		return Ref{}, fmt.Errorf("button value: vote %.20q: %w", r.Vote, ErrBadRef)
	}
	for _, id := range r.IDs {
		if strings.TrimSpace(id) == "" {
			return Ref{}, fmt.Errorf("button value: an empty passage id: %w", ErrBadRef)
		}
	}
	return r, nil
}

// AFIRef is what an AFI button carries.
type AFIRef struct {
	ID   string `json:"afi,omitempty"`
	View string `json:"v,omitempty"`
	Page int    `json:"p,omitempty"` // ViewList: the page shown
	// Filter is the list's filter (ViewList), so that a page and a
	// change shown again keep it.
	Filter string `json:"f,omitempty"`
	// By is what a Carry or Replaced button supersedes the item by.
	By string `json:"b,omitempty"`
}

// Encode makes r a button value within Slack's limit: an id, a view, a
// page and a filter of the length people type always fit; a longer filter
// is cut.
func (r AFIRef) Encode() string {
	r.Filter = Clip(r.Filter, 1500)
	raw, _ := json.Marshal(r) // strings and an int always encode
	return string(raw)
}

// DecodeAFIRef reads an AFI button's value.
func DecodeAFIRef(value string) (AFIRef, error) {
	var r AFIRef
	if err := json.Unmarshal([]byte(value), &r); err != nil {
		return AFIRef{}, fmt.Errorf("read AFI button value: %w", err)
	}
	if r.Page < 0 || r.Page > MaxOffset {
		return AFIRef{}, fmt.Errorf("AFI button value: page %d outside 0 to %d: %w", r.Page, MaxOffset, ErrBadRef)
	}
	return r, nil
}
