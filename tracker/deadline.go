package tracker

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Deadline is the deadline a recommendation's text sets, as written:
// "immediately", "within three months", "by 31 March 2024". The zero
// Deadline is none.
type Deadline struct {
	// Written is the words that set it, as the report has them, lower case
	// but for a month's name: "within three months", "by 31 March 2024".
	Written string
	// Immediate: due on publication.
	Immediate bool
	// Within is the period from publication (months, weeks, days of it),
	// for "within …".
	Months, Days int
	// By is the day it is due, for "by …" (the month's last day for "by
	// March 2024").
	By *time.Time
}

// IsZero reports whether there is no deadline.
func (d Deadline) IsZero() bool { return d.Written == "" }

var (
	deadlineImmediate = regexp.MustCompile(`(?i)\bimmediately\b`)
	deadlineWithin    = regexp.MustCompile(`(?i)\bwithin\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|\d{1,3})\s+(day|week|month|year)s?\b`)
	deadlineBy        = regexp.MustCompile(`(?i)\bby\s+(?:the\s+end\s+of\s+)?(\d{1,2}\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})\b`)
)

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}

// ParseDeadline reads the deadline a recommendation's text sets: the
// first of "immediately", "within <n> days|weeks|months|years" and "by
// [<day>] <Month> <year>" it says; none when it says none of them.
func ParseDeadline(text string) Deadline {
	type hit struct {
		at int
		d  Deadline
	}
	var hits []hit
	if loc := deadlineImmediate.FindStringIndex(text); loc != nil {
		hits = append(hits, hit{loc[0], Deadline{Written: "immediately", Immediate: true}})
	}
	if m := deadlineWithin.FindStringSubmatchIndex(text); m != nil {
		word := strings.ToLower(text[m[2]:m[3]])
		n, ok := numberWords[word]
		if !ok {
			n, _ = strconv.Atoi(word)
		}
		unit := strings.ToLower(text[m[4]:m[5]])
		d := Deadline{Written: strings.ToLower(strings.Join(strings.Fields(text[m[0]:m[1]]), " "))}
		switch unit {
		case "day":
			d.Days = n
		case "week":
			d.Days = 7 * n
		case "month":
			d.Months = n
		case "year":
			d.Months = 12 * n
		}
		if n > 0 {
			hits = append(hits, hit{m[0], d})
		}
	}
	if m := deadlineBy.FindStringSubmatchIndex(text); m != nil {
		year, _ := strconv.Atoi(text[m[6]:m[7]])
		month, _ := time.Parse("January", strings.ToUpper(text[m[4]:m[4]+1])+strings.ToLower(text[m[4]+1:m[5]]))
		var by time.Time
		if m[2] >= 0 {
			dayN, _ := strconv.Atoi(strings.TrimSpace(text[m[2]:m[3]]))
			by = time.Date(year, month.Month(), dayN, 0, 0, 0, 0, time.UTC)
			if by.Day() != dayN { // 31 April
				by = time.Time{}
			}
		} else {
			by = time.Date(year, month.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		}
		if !by.IsZero() && SaneDate(by) {
			start := m[4]
			if m[2] >= 0 {
				start = m[2]
			}
			written := "by " + text[start:m[1]]
			hits = append(hits, hit{m[0], Deadline{Written: strings.Join(strings.Fields(written), " "), By: &by}})
		}
	}
	if len(hits) == 0 {
		return Deadline{}
	}
	first := hits[0]
	for _, h := range hits[1:] {
		if h.at < first.at {
			first = h
		}
	}
	return first.d
}

// DueFrom is the day the deadline falls on for a report published on
// published: publication itself when immediate, publication plus the
// period for "within" (a month from 31 January is 28 or 29 February), the
// day named for "by". False when there is no deadline, or the publication
// it counts from is unknown.
func (d Deadline) DueFrom(published time.Time) (time.Time, bool) {
	switch {
	case d.IsZero():
		return time.Time{}, false
	case d.By != nil:
		return *d.By, true
	case published.IsZero():
		return time.Time{}, false
	}
	p := dayOf(published)
	switch {
	case d.Immediate:
		return p, true
	case d.Months > 0:
		return addMonths(p, d.Months), true
	}
	return p.AddDate(0, 0, d.Days), true
}

// Describe says a due date the deadline set, for people: "due 14 May
// 2024 (within three months of publication)", "due 1 March 2025
// (immediately, on publication)".
func (d Deadline) Describe(due time.Time) string {
	date := due.Format("2 January 2006")
	switch {
	case d.Immediate:
		return "due " + date + " (immediately, on publication)"
	case d.By != nil:
		return "due " + date + " (" + d.Written + ")"
	case d.Written != "":
		return "due " + date + " (" + d.Written + " of publication)"
	}
	return "due " + date
}

// addMonths is t plus n months, kept within the month it lands in.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

// dayOf is t's calendar day, in t's own location, as midnight UTC: how
// days are kept.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// The range of dates peelbot accepts anywhere (a due date, a date read
// from a report): PEEL reports began in 2014, and nothing is planned a
// lifetime ahead.
var (
	earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestDate   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// SaneDate reports whether a calendar day is within the range peelbot
// accepts (2000 to 2099): a typo such as 0202-03-01 or 20250-01-01 is
// refused before anything is stored.
func SaneDate(t time.Time) bool { return !t.Before(earliestDate) && t.Before(latestDate) }

// ParseDay reads a calendar day written YYYY-MM-DD and checks it is sane,
// or says what is wrong for the person who wrote it.
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, Errorf(ErrInvalidInput, "%q is not a date; write it YYYY-MM-DD, such as 2026-03-31", clip(s, 40))
	}
	if !SaneDate(t) {
		return time.Time{}, Errorf(ErrInvalidInput, "%s is not a date peelbot can use: give one from 2000 to 2099", s)
	}
	return t, nil
}
