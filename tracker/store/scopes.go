package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// Scope is the default filters of a place in Slack: a channel's, set with
// /peel scope, or what a thread keeps to between questions. Every
// instance sharing the store applies the same.
type Scope struct {
	// Place is a channel id, or a channel id, "/" and a thread's ts.
	Place   string        `json:"place"`
	Filters []ScopeFilter `json:"filters"`
	// SetBy is who set it ("" when a thread kept it); SetAt when.
	SetBy string    `json:"set_by,omitempty"`
	SetAt time.Time `json:"set_at"`
}

// ScopeFilter is one filter, as typed in a question (force:herts).
type ScopeFilter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// maxScopeFilters bounds a scope, as a question's filters are bounded.
const maxScopeFilters = 8

// SetScope makes filters the scope of place, set by by; no filters clears
// it. A blank place is refused with ErrInvalidInput.
func (s *Store) SetScope(ctx context.Context, place string, filters []ScopeFilter, by string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	place = strings.TrimSpace(place)
	if place == "" {
		return tracker.Errorf(tracker.ErrInvalidInput, "a scope must say which channel it is for")
	}
	if len(filters) > maxScopeFilters {
		return tracker.Errorf(tracker.ErrInvalidInput, "a scope has at most %d filters", maxScopeFilters)
	}
	raw, err := json.Marshal(filters)
	if err != nil {
		return fmt.Errorf("set scope: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if len(filters) == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM scopes WHERE place = $1`, place)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO scopes (place, filters, set_by, set_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (place) DO UPDATE SET filters = excluded.filters, set_by = excluded.set_by, set_at = excluded.set_at`,
			place, string(raw), strings.TrimSpace(by), timeArg(s.clock()))
		return err
	})
	if err != nil {
		return fmt.Errorf("set scope of %s: %w", place, err)
	}
	return nil
}

// Scope is place's scope, nil when it has none.
func (s *Store) Scope(ctx context.Context, place string) (*Scope, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	sc := &Scope{Place: place}
	var raw string
	var at dbTime
	err := s.db.QueryRowContext(ctx, `SELECT filters, set_by, set_at FROM scopes WHERE place = $1`, place).Scan(&raw, &sc.SetBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read scope of %s: %w", place, failed(err))
	}
	if err := json.Unmarshal([]byte(raw), &sc.Filters); err != nil {
		return nil, fmt.Errorf("read scope of %s: %w", place, err)
	}
	sc.SetAt = at.Time
	return sc, nil
}
