package store

import (
	"errors"
	"fmt"
)

// Error is a refusal: the request was not allowed or not well formed, and
// nothing changed. Its message is written for the person who asked and can
// be shown to them as is; Code says which kind of refusal it is, for
// errors.Is:
//
//	if errors.Is(err, store.ErrEvidenceRequired) { … ask for evidence … }
//
// Any error that is not an *Error is a failure of the database itself.
type Error struct {
	Code    error
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is match the Code.
func (e *Error) Unwrap() error { return e.Code }

// The kinds of refusal.
var (
	// ErrUnknownAFI: no AFI with that id is tracked (Sync adds the corpus's).
	ErrUnknownAFI = errors.New("unknown AFI")
	// ErrEvidenceRequired: an AFI is marked addressed only with a non-blank
	// evidence note saying what was done.
	ErrEvidenceRequired = errors.New("evidence required")
	// ErrInvalidTransition: the AFI's status does not allow that change,
	// such as closing an AFI that is already addressed.
	ErrInvalidTransition = errors.New("status change not allowed")
	// ErrNoChange: the request would leave the AFI as it is, such as
	// assigning it to its current owner.
	ErrNoChange = errors.New("no change")
	// ErrInvalidInput: a required value is missing or malformed (a blank
	// actor, note, channel, or a day that is not YYYY-MM-DD).
	ErrInvalidInput = errors.New("invalid input")
	// ErrNotClaimed: the digest is not claimed by that instance (or by
	// anyone), so it cannot be released or recorded.
	ErrNotClaimed = errors.New("digest not claimed")
	// ErrAlreadyPosted: the digest for that channel and day is already
	// recorded as posted.
	ErrAlreadyPosted = errors.New("digest already posted")
)

func refuse(code error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
