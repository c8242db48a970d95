package tracker

import (
	"fmt"
	"time"
)

// RAG is an item's red, amber or green rating. It is derived from the
// facts by the rules below, never set by hand, so no rating can say what
// the dates and statuses contradict.
type RAG string

// The ratings.
const (
	Red   RAG = "red"
	Amber RAG = "amber"
	Green RAG = "green"
)

// RAGs lists the ratings, worst first.
var RAGs = []RAG{Red, Amber, Green}

// Rules are the RAG rules, in one place. An outstanding item is
//
//	red    when it is overdue (its due date is before today), or it has
//	       awaited an owner for UnownedDays days or more;
//	amber  when it is due within DueSoonDays days (today included), or
//	       it has been pending sign-off for more than PendingDays days;
//	green  otherwise.
//
// A closed or superseded item has no rating. Days are calendar days in
// the workspace's time zone (PEEL_DIGEST_TZ): an item due on 14 May is
// overdue from 00:00 on 15 May there.
type Rules struct {
	UnownedDays int
	DueSoonDays int
	PendingDays int
}

// DefaultRules are the rules peelbot applies: red when overdue or unowned
// for 14 days; amber when due within 30 days or pending sign-off for more
// than 14 days; green otherwise.
var DefaultRules = Rules{UnownedDays: 14, DueSoonDays: 30, PendingDays: 14}

// Today is now's calendar day in loc, as days are kept (midnight UTC).
func Today(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return dayOf(now.In(loc))
}

// daysSince is how many calendar days in loc have passed from t to today.
func daysSince(t, today time.Time, loc *time.Location) int {
	if loc == nil {
		loc = time.UTC
	}
	return int(today.Sub(dayOf(t.In(loc))).Hours() / 24)
}

// Rate is the item's rating on today (Today's day in loc) and the reason,
// in words ("overdue since 1 June 2025"); "" and "" once it is closed or
// superseded.
func (r Rules) Rate(it Item, today time.Time, loc *time.Location) (RAG, string) {
	if !it.Status.Outstanding() {
		return "", ""
	}
	due := it.Due()
	if due != nil && due.Before(today) {
		return Red, "overdue since " + due.Format("2 January 2006")
	}
	if it.Status == StatusAwaiting && !it.StatusSince.IsZero() {
		if n := daysSince(it.StatusSince, today, loc); n >= r.UnownedDays {
			return Red, fmt.Sprintf("no owner for %d days", n)
		}
	}
	if due != nil && !due.After(today.AddDate(0, 0, r.DueSoonDays)) {
		return Amber, "due " + due.Format("2 January 2006")
	}
	if it.Status == StatusPending && !it.StatusSince.IsZero() {
		if n := daysSince(it.StatusSince, today, loc); n > r.PendingDays {
			return Amber, fmt.Sprintf("pending sign-off for %d days", n)
		}
	}
	return Green, "on track"
}

// Overdue reports whether an outstanding item's due date is before today.
func Overdue(it Item, today time.Time) bool {
	d := it.Due()
	return it.Status.Outstanding() && d != nil && d.Before(today)
}

// DueWithin reports whether an outstanding item is due from today to
// today plus days, both included (not yet overdue).
func DueWithin(it Item, today time.Time, days int) bool {
	d := it.Due()
	return it.Status.Outstanding() && d != nil && !d.Before(today) && !d.After(today.AddDate(0, 0, days))
}
