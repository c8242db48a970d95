package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// Feedback is one click on an answer's Helpful / Not helpful button. The
// question and the passages shown are kept as they were, so that a miss can
// become an evaluation case even after the index changes.
type Feedback struct {
	ID int64 `json:"id"`
	// At is when the click was recorded; RecordFeedback sets it.
	At time.Time `json:"at"`
	// Question is what the user asked; never blank.
	Question string `json:"question"`
	// PassageIDs are the corpus passage ids the answer showed, in order;
	// empty when the answer found nothing.
	PassageIDs []string `json:"passage_ids"`
	// User is the Slack user id of whoever clicked; never blank.
	User string `json:"user"`
	// Channel is the Slack channel id of the answer, "" when unknown.
	Channel string `json:"channel,omitempty"`
	Helpful bool   `json:"helpful"`
}

// RecordFeedback stores a click, timed by the store's clock. A blank
// question or user is refused with ErrInvalidInput.
func (s *Store) RecordFeedback(ctx context.Context, f Feedback) error {
	f.Question, f.User, f.Channel = strings.TrimSpace(f.Question), strings.TrimSpace(f.User), strings.TrimSpace(f.Channel)
	if f.Question == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "feedback must say which question it is about")
	}
	if f.User == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "feedback must say who gave it")
	}
	ids := f.PassageIDs
	if ids == nil {
		ids = []string{}
	}
	passages, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feedback (at, question, passage_ids, user_id, channel, helpful)
			VALUES ($1, $2, $3, $4, $5, $6)`, timeArg(s.clock()), f.Question, string(passages), f.User, f.Channel, f.Helpful)
		return err
	})
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// ListFeedback returns every stored click, newest first.
func (s *Store) ListFeedback(ctx context.Context) ([]Feedback, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, question, passage_ids, user_id, channel, helpful
		FROM feedback ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	out := []Feedback{}
	for rows.Next() {
		var f Feedback
		var at dbTime
		var passages string
		if err := rows.Scan(&f.ID, &at, &f.Question, &passages, &f.User, &f.Channel, &f.Helpful); err != nil {
			return nil, fmt.Errorf("list feedback: %w", err)
		}
		if err := json.Unmarshal([]byte(passages), &f.PassageIDs); err != nil {
			return nil, fmt.Errorf("list feedback: passage ids of click %d: %w", f.ID, err)
		}
		f.At = at.Time
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}
