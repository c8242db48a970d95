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

// Feedback is one person's vote on one answer (Slack's feedback buttons),
// or one click on the old Helpful / Not helpful buttons. The question and
// the passages shown are kept as they were, so that a miss can become an
// evaluation case even after the index changes.
type Feedback struct {
	ID int64 `json:"id"`
	// At is when the vote was first recorded; Updated when it or its
	// reason last changed. RecordFeedback sets both.
	At      time.Time `json:"at"`
	Updated time.Time `json:"updated"`
	// Answer names the answer voted on: a person has one vote on it,
	// which a second click changes. "" for an old click, each its own.
	Answer string `json:"answer,omitempty"`
	// Question is what the user asked; never blank.
	Question string `json:"question"`
	// PassageIDs are the corpus passage ids the answer showed, in order;
	// empty when the answer found nothing.
	PassageIDs []string `json:"passage_ids"`
	// User is the Slack user id of whoever voted; never blank.
	User string `json:"user"`
	// Channel is the Slack channel id of the answer, "" when unknown.
	Channel string `json:"channel,omitempty"`
	Helpful bool   `json:"helpful"`
	// Reason says why an answer did not help (one of Reasons), "" when
	// not given; Note is the voter's own words.
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
}

// The reasons an answer did not help, as the feedback form offers them.
const (
	ReasonWrongPassage = "wrong_passage" // the passages shown do not answer it
	ReasonNotCovered   = "not_covered"   // the reports loaded do not cover it
	ReasonOutOfDate    = "out_of_date"   // a newer report says otherwise
	ReasonOther        = "other"
)

// Reasons are the reasons, in the order the form offers them.
var Reasons = []string{ReasonWrongPassage, ReasonNotCovered, ReasonOutOfDate, ReasonOther}

// maxNote is how much of a voter's note is kept.
const maxNote = 2000

// RecordFeedback stores a vote or click, as Vote does.
func (s *Store) RecordFeedback(ctx context.Context, f Feedback) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.Vote(ctx, f)
	return err
}

// Vote stores a vote, timed by the store's clock. With an Answer, it is
// the user's one vote on that answer: a second vote replaces the first
// (and keeps its reason when it says the same), and changed reports
// whether anything changed. Without one it is an old click, stored as a
// row of its own. A blank question or user is refused with
// ErrInvalidInput.
func (s *Store) Vote(ctx context.Context, f Feedback) (changed bool, err error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	f.Question, f.User, f.Channel, f.Answer = strings.TrimSpace(f.Question), strings.TrimSpace(f.User), strings.TrimSpace(f.Channel), strings.TrimSpace(f.Answer)
	if f.Question == "" {
		return false, tracker.Errorf(tracker.ErrInvalidInput, "feedback must say which question it is about")
	}
	if f.User == "" {
		return false, tracker.Errorf(tracker.ErrInvalidInput, "feedback must say who gave it")
	}
	ids := f.PassageIDs
	if ids == nil {
		ids = []string{}
	}
	passages, err := json.Marshal(ids)
	if err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	now := timeArg(s.clock())
	err = s.write(ctx, func(tx *sql.Tx) error {
		if f.Answer == "" {
			_, err := tx.ExecContext(ctx, `INSERT INTO feedback (at, updated_at, question, passage_ids, user_id, channel, helpful)
				VALUES ($1, $1, $2, $3, $4, $5, $6)`, now, f.Question, string(passages), f.User, f.Channel, f.Helpful)
			changed = err == nil
			return err
		}
		// A vote the same as the one kept changes nothing; a changed one
		// drops the reason given for the old vote.
		res, err := tx.ExecContext(ctx, `INSERT INTO feedback (at, updated_at, answer, question, passage_ids, user_id, channel, helpful)
			VALUES ($1, $1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (answer, user_id) WHERE answer <> '' DO UPDATE
			SET helpful = excluded.helpful, updated_at = excluded.updated_at, reason = '', note = ''
			WHERE feedback.helpful <> excluded.helpful`,
			now, f.Answer, f.Question, string(passages), f.User, f.Channel, f.Helpful)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		changed = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	return changed, nil
}

// GiveReason records why user's vote on answer did not help: one of
// Reasons, and their note (trimmed, at most 2,000 characters). There must
// be such a vote, and it must be a "not helpful" one.
func (s *Store) GiveReason(ctx context.Context, answer, user, reason, note string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	answer, user, note = strings.TrimSpace(answer), strings.TrimSpace(user), strings.TrimSpace(note)
	known := false
	for _, r := range Reasons {
		known = known || r == reason
	}
	if !known {
		return tracker.Errorf(tracker.ErrInvalidInput, "choose why the answer did not help")
	}
	if r := []rune(note); len(r) > maxNote {
		note = string(r[:maxNote])
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE feedback SET reason = $1, note = $2, updated_at = $3
			WHERE answer = $4 AND user_id = $5 AND answer <> '' AND NOT helpful`, reason, note, timeArg(s.clock()), answer, user)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("give feedback reason: %w", err)
	}
	if n == 0 {
		return tracker.Errorf(tracker.ErrUnknownItem, "there is no “not helpful” vote of yours on that answer to give a reason for")
	}
	return nil
}

// ListFeedback returns every vote and click, the latest changed first.
func (s *Store) ListFeedback(ctx context.Context) ([]Feedback, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rows, err := s.query(ctx, `SELECT id, at, updated_at, answer, question, passage_ids, user_id, channel, helpful, reason, note
		FROM feedback ORDER BY COALESCE(updated_at, at) DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	out := []Feedback{}
	for rows.Next() {
		var f Feedback
		var at, updated dbTime
		var passages string
		if err := rows.Scan(&f.ID, &at, &updated, &f.Answer, &f.Question, &passages, &f.User, &f.Channel, &f.Helpful, &f.Reason, &f.Note); err != nil {
			return nil, fmt.Errorf("list feedback: %w", err)
		}
		if err := json.Unmarshal([]byte(passages), &f.PassageIDs); err != nil {
			return nil, fmt.Errorf("list feedback: passage ids of click %d: %w", f.ID, err)
		}
		f.At, f.Updated = at.Time, at.Time
		if updated.Valid {
			f.Updated = updated.Time
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}
