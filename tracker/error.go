package tracker

import (
	"errors"
	"fmt"
	"strings"
)

// Code says which kind of refusal an Error is. A Code is an error itself,
// so a caller asks about a refusal with errors.Is:
//
//	if errors.Is(err, tracker.ErrEvidenceRequired) { … ask for evidence … }
type Code string

func (c Code) Error() string { return string(c) }

// The kinds of refusal. Anything that is not one of them is a failure (the
// database, the network), not a decision.
const (
	// ErrUnknownItem: no item with that id is in the reports, or tracked.
	ErrUnknownItem Code = "unknown item"
	// ErrAmbiguous: the end of an id that fits more than one item.
	ErrAmbiguous Code = "ambiguous id"
	// ErrEvidenceRequired: closure is proposed (or an item closed) only
	// with evidence saying what was done and where it is recorded.
	ErrEvidenceRequired Code = "evidence required"
	// ErrReasonRequired: sending back, reopening, revising a due date and
	// superseding each need the reason written down.
	ErrReasonRequired Code = "reason required"
	// ErrInvalidTransition: the item's status does not allow that change,
	// such as signing off an item nobody proposed for closure.
	ErrInvalidTransition Code = "status change not allowed"
	// ErrNotSuccessor: what was named to supersede an item cannot have
	// replaced it: it is of the item's own report, of another force, or
	// of a report not published after the item's (see Supersedes). The
	// message names which.
	ErrNotSuccessor Code = "not a later report of the same force"
	// ErrNoChange: the change would leave the item as it is, such as
	// assigning it to its current owner.
	ErrNoChange Code = "no change"
	// ErrInvalidInput: a required value is missing or malformed (a blank
	// actor or note, an owner that is not a member id, a day that is not
	// YYYY-MM-DD).
	ErrInvalidInput Code = "invalid input"
	// ErrForbidden: the policy does not let this actor make this change
	// (see Policy).
	ErrForbidden Code = "not allowed"
	// ErrNotClaimed: a digest is not claimed by that instance (or by
	// anyone), so it cannot be released or recorded.
	ErrNotClaimed Code = "digest not claimed"
	// ErrAlreadyPosted: the digest for that channel and day is already
	// recorded as posted.
	ErrAlreadyPosted Code = "digest already posted"
	// ErrUnavailable: the store did not answer in time or could not be
	// reached (refused, partitioned, busy), so nothing could be read, and
	// a change was very likely not made. It is not a decision about the
	// request: the same request may succeed once the store is back. The
	// error's Err says what failed, for the log.
	ErrUnavailable Code = "store unavailable"
)

// Error is a refusal: the request was not allowed or not well formed, and
// nothing changed. Message is written for the person who asked and can be
// shown to them as it is; Code says which refusal it is. Err, when set, is
// the failure behind it (ErrUnavailable's), for the log only.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap lets errors.Is match the Code, and the failure behind it.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Code, e.Err}
	}
	return []error{e.Code}
}

// Unavailable is the refusal of a request the store could not serve: err
// is what failed (a deadline, a refused connection), kept for the log.
func Unavailable(err error) *Error {
	return &Error{Code: ErrUnavailable, Message: "tracking is unavailable just now: its store is not answering", Err: err}
}

// Errorf makes a refusal with code and a message for the person who asked.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode is the code of the refusal in err's chain, or "" when err is
// not a refusal (nil, or a failure).
func ErrorCode(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return ""
}

// ErrorMessage is the message of the refusal in err's chain, written for
// the person who asked, or "" when err is not a refusal.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return ""
}

// Refusal is a refusal's message as the one sentence shown to the person
// who asked, in Slack and on the command line alike, saying once that
// nothing changed: a message that says so already (", so nothing was
// changed") or says what was not done ("… was not closed: …") ends there;
// any other gains "; nothing was changed". "" when err is not a refusal.
func Refusal(err error) string {
	msg := strings.TrimSuffix(ErrorMessage(err), ".")
	switch {
	case msg == "":
		return ""
	case strings.Contains(msg, "nothing was changed"), strings.Contains(msg, " was not "):
		return msg + "."
	}
	return msg + "; nothing was changed."
}
