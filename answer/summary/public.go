package summary

import (
	"context"
	"errors"
)

// Public is a Summariser whose errors are only this package's own short
// reasons (ErrTimeout, ErrBudget, …), never the model server's words: what
// may be shown where others read it, such as a Slack thread.
type Public struct{ S *Summariser }

// Summarise is S.Summarise with its error reduced to a public reason.
func (p Public) Summarise(ctx context.Context, req Request) (*Summary, error) {
	s, err := p.S.Summarise(ctx, req)
	if err != nil {
		return nil, PublicReason(err)
	}
	return s, nil
}

// Stream is S.Stream with its error reduced to a public reason.
func (p Public) Stream(ctx context.Context, req Request, emit func(string) error) (*Summary, error) {
	s, err := p.S.Stream(ctx, req, emit)
	if err != nil {
		return nil, PublicReason(err)
	}
	return s, nil
}

// PublicReason is err as it may be shown to anyone: one of the package's
// own reasons, or "the model server failed".
func PublicReason(err error) error {
	for _, known := range []error{ErrDisabled, ErrBadRequest, ErrTimeout, ErrRateLimited, ErrBudget, ErrUngrounded, ErrTooLong, context.Canceled} {
		if errors.Is(err, known) {
			return known
		}
	}
	return errors.New("the model server failed")
}
