// Package digest is the daily digest of open items: when it is due
// (Schedule, Scheduler), what it says (Digest, composed from the
// tracker), and how it is posted exactly once per channel per day however
// many instances and restarts try: claim, post, record (Digester.Run, over
// Claims and a Poster).
//
// It owns the digest as a domain value, with no Block Kit in it: the chat
// service lays it out (a Layout; bot/render's for Slack) and posts it (a
// Poster; bot/slackclient's for Slack). It may import tracker, corpus and
// the standard library: no Slack, no SQL.
package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
)

// Digest is one channel's digest of one day, as composed: the open items
// and what was addressed since the last digest. It says what, never how it
// looks.
type Digest struct {
	Channel string
	// Day is the digest's day, YYYY-MM-DD in Location; Date is that day.
	Day  string
	Date time.Time
	// Now is when it was composed and Location the zone its dates are
	// shown in: days open count in that zone's calendar.
	Now      time.Time
	Location *time.Location
	// Open are the items to show: every outstanding item of the reports,
	// in their order; when the digest continues a thread, those its
	// posted messages did not show.
	Open []tracker.Entry
	// Addressed are the items addressed since Since, earliest first, with
	// who addressed each.
	Addressed []Addressed
	// Since is the channel's last posted digest, nil before the first.
	Since *Record
	// OpenCount and AddressedCount are the counts of the summary line: of
	// Open and Addressed, or for a thread continued the counts its first
	// message gave.
	OpenCount, AddressedCount int
	// Continues is, when the digest continues an unfinished thread, the
	// record of the messages posted; nil for a new digest.
	Continues *Record
	// Shown are the items the posted messages of the thread showed.
	Shown []*corpus.AFI
}

// Addressed is an item addressed since the last digest and who addressed
// it (not whoever touched it last: a note after the close does not make
// its writer the closer).
type Addressed struct {
	Item tracker.Item
	By   string
}

// Summary is the digest's summary line: "9 open, 1 addressed since the
// last digest".
func (d *Digest) Summary() string {
	since := "since tracking began"
	if d.Since != nil {
		since = "since the last digest"
	}
	return fmt.Sprintf("%d open, %d addressed %s", d.OpenCount, d.AddressedCount, since)
}

// Posted is how many of the digest's messages are already in Slack: none
// for a new digest, the first and its replies for a thread continued.
func (d *Digest) Posted() int {
	if d.Continues == nil {
		return 0
	}
	return 1 + d.Continues.RepliesPosted
}

// ParseDay reads a digest day, YYYY-MM-DD.
func ParseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, tracker.Errorf(tracker.ErrInvalidInput, "digest day %q is not a date written YYYY-MM-DD", day)
	}
	return t, nil
}

// compose reads the tracker and the records and composes the digest of
// day, posting or recording nothing.
func compose(ctx context.Context, svc *tracker.Service, claims Claims, channel, day string, now time.Time, loc *time.Location) (*Digest, error) {
	date, err := ParseDay(day)
	if err != nil {
		return nil, err
	}
	entries, err := svc.Entries(ctx)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	d := &Digest{Channel: channel, Day: day, Date: date, Now: now, Location: loc, Open: tracker.Outstanding(entries)}
	if channel != "" {
		if d.Since, err = claims.LastDigest(ctx, channel); err != nil {
			return nil, fmt.Errorf("compose digest: %w", err)
		}
	}
	var since time.Time
	if d.Since != nil {
		since = d.Since.ClaimedAt
	}
	addressed, err := svc.AddressedSince(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("compose digest: %w", err)
	}
	for _, it := range addressed {
		_, history, err := svc.Entry(ctx, it.ID)
		if err != nil {
			return nil, fmt.Errorf("compose digest: %w", err)
		}
		d.Addressed = append(d.Addressed, Addressed{Item: it, By: closer(it, history)})
	}
	d.OpenCount, d.AddressedCount = len(d.Open), len(d.Addressed)
	return d, nil
}

// closer is who last marked it addressed, by its history.
func closer(it tracker.Item, history []tracker.Event) string {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Action == tracker.ActionClose {
			return history[i].Actor
		}
	}
	return it.UpdatedBy
}
