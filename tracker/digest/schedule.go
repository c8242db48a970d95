package digest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// The digest's schedule when PEEL_DIGEST_AT, PEEL_DIGEST_TZ and
// PEEL_DIGEST_DAYS are not set.
const (
	DefaultAt   = "09:00"
	DefaultTZ   = "Europe/London"
	DefaultDays = "Mon-Fri"
)

// Schedule says when the daily digest is due: a time of day, on the clock
// of a time zone, on some days of the week. The time is kept in the zone's
// local time across daylight-saving changes: 09:00 in Europe/London is
// 09:00 GMT in winter and 09:00 BST in summer.
type Schedule struct {
	Hour, Minute int
	Location     *time.Location
	// Days are the digest days, indexed by time.Weekday (Sunday is 0).
	Days [7]bool
}

// ParseSchedule reads the values of PEEL_DIGEST_AT ("HH:MM", 24-hour),
// PEEL_DIGEST_TZ (an IANA zone such as Europe/London) and PEEL_DIGEST_DAYS
// ("Mon-Fri", "Mon,Wed,Fri", "daily", "weekdays", …); an empty value takes
// the default. It returns one error per bad value, each naming its
// variable and saying what would do.
func ParseSchedule(at, tz, days string) (Schedule, []error) {
	var s Schedule
	var problems []error
	var err error
	if s.Hour, s.Minute, err = parseClock(cmp.Or(strings.TrimSpace(at), DefaultAt)); err != nil {
		problems = append(problems, err)
	}
	zone := cmp.Or(strings.TrimSpace(tz), DefaultTZ)
	if s.Location, err = time.LoadLocation(zone); err != nil || zone == "Local" {
		problems = append(problems, fmt.Errorf("PEEL_DIGEST_TZ %q is not a time zone: give an IANA name such as Europe/London or UTC", zone))
	}
	if s.Days, err = parseDays(cmp.Or(strings.TrimSpace(days), DefaultDays)); err != nil {
		problems = append(problems, err)
	}
	return s, problems
}

// parseClock reads "HH:MM" or "H:MM", 24-hour.
func parseClock(s string) (int, int, error) {
	bad := fmt.Errorf("PEEL_DIGEST_AT %q is not a time of day: write it HH:MM on the 24-hour clock, such as 09:00 or 17:30", s)
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 {
		return 0, 0, bad
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || hh[0] == '+' || hh[0] == '-' {
		return 0, 0, bad
	}
	return h, m, nil
}

// dayNames are the ways to write a day, by time.Weekday.
var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// parseDays reads a list of days: names and ranges separated by commas
// ("Mon-Fri", "Mon,Wed,Fri", "Fri-Mon" wraps round the weekend), or one of
// "daily", "every day", "weekdays", "weekends".
func parseDays(s string) ([7]bool, error) {
	var days [7]bool
	bad := func(why string) error {
		return fmt.Errorf("PEEL_DIGEST_DAYS %q %s: write days such as Mon-Fri, Mon,Wed,Fri or daily", s, why)
	}
	norm := strings.ToLower(strings.NewReplacer("–", "-", "—", "-", ";", ",").Replace(s))
	switch strings.Join(strings.Fields(norm), " ") {
	case "daily", "every day", "everyday", "all", "mon-sun", "sun-sat":
		return [7]bool{true, true, true, true, true, true, true}, nil
	case "weekdays":
		norm = "mon-fri"
	case "weekends", "weekend":
		norm = "sat-sun"
	}
	for _, part := range strings.Split(norm, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		first, ok1 := dayNames[strings.TrimSpace(from)]
		last, ok2 := first, true
		if isRange {
			last, ok2 = dayNames[strings.TrimSpace(to)]
		}
		if !ok1 || !ok2 {
			return days, bad(fmt.Sprintf("has %q, which is not a day", part))
		}
		for d := first; ; d = (d + 1) % 7 {
			days[d] = true
			if d == last {
				break
			}
		}
	}
	if days == [7]bool{} {
		return days, bad("names no day")
	}
	return days, nil
}

// String says the schedule as people write it: "09:00 Europe/London, Mon–Fri".
func (s Schedule) String() string {
	return fmt.Sprintf("%02d:%02d %s, %s", s.Hour, s.Minute, s.Location, s.daysString())
}

func (s Schedule) daysString() string {
	short := [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	if s.Days == [7]bool{true, true, true, true, true, true, true} {
		return "every day"
	}
	// Runs of consecutive days, Monday first, as "Mon–Fri".
	var parts []string
	order := []time.Weekday{1, 2, 3, 4, 5, 6, 0}
	for i := 0; i < len(order); {
		if !s.Days[order[i]] {
			i++
			continue
		}
		j := i
		for j+1 < len(order) && s.Days[order[j+1]] {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, short[order[i]])
		case j == i+1:
			parts = append(parts, short[order[i]], short[order[j]])
		default:
			parts = append(parts, short[order[i]]+"–"+short[order[j]])
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Day is t's calendar day in the schedule's zone, written YYYY-MM-DD: the
// day a digest run at t is for.
func (s Schedule) Day(t time.Time) string { return t.In(s.Location).Format(time.DateOnly) }

// DueOn returns when the digest is due on t's calendar day in the zone, and
// whether that day is a digest day at all. The instant is made in the zone,
// so it is the same wall-clock time whatever the offset that day.
func (s Schedule) DueOn(t time.Time) (time.Time, bool) {
	l := t.In(s.Location)
	due := time.Date(l.Year(), l.Month(), l.Day(), s.Hour, s.Minute, 0, 0, s.Location)
	return due, s.Days[time.Date(l.Year(), l.Month(), l.Day(), 12, 0, 0, 0, s.Location).Weekday()]
}

// Next returns the first time the digest is due after t.
func (s Schedule) Next(t time.Time) time.Time {
	l := t.In(s.Location)
	for i := 0; i <= 7; i++ {
		noon := time.Date(l.Year(), l.Month(), l.Day()+i, 12, 0, 0, 0, s.Location)
		if due, ok := s.DueOn(noon); ok && due.After(t) {
			return due
		}
	}
	return t.Add(24 * time.Hour) // no digest day: Days is empty
}

// Scheduler runs the digest at each due time of its schedule. A digest that
// was missed (the process was down at the time) is run as soon as the
// scheduler starts or wakes on that day; one missed on an earlier day is
// not sent late. Whether a day's digest is done is the store's to say, so
// a restart or a second instance never sends it twice. A day claimed by
// an instance that died is tried again as soon as its claim lapses.
type Scheduler struct {
	Schedule Schedule
	// Digest runs the digest of day (YYYY-MM-DD in the schedule's zone);
	// Digester.Run is one, and the bot's RunDigest, which counts it.
	Digest func(ctx context.Context, day string) (Outcome, error)
	// Now tells the time; time.Now when nil.
	Now func() time.Time
	// After waits; time.After when nil. Tests drive time through Now and
	// After.
	After func(d time.Duration) <-chan time.Time
	// Logger receives a line per run; slog.Default() when nil.
	Logger *slog.Logger
	// Retry is the first wait before trying a failed or contended digest
	// again the same day, doubling up to 30 minutes; a minute when zero.
	Retry time.Duration
	// MaxSleep bounds each wait, so that a wall clock that jumps (a
	// suspended machine) is noticed; an hour when zero.
	MaxSleep time.Duration
	// RunTimeout bounds one digest run; two minutes when zero. When the
	// scheduler is stopped, the run in flight is told (its context ends)
	// and finishes only the message it is posting (see Digester.Run).
	RunTimeout time.Duration
}

// retryMargin is how long after a claim held elsewhere lapses the
// scheduler tries to take it over: the store's times are the
// microsecond's, the clocks of two instances a little apart.
const retryMargin = time.Second

// Run runs digests until ctx ends, then returns once the digest in flight,
// if any, is done.
func (s *Scheduler) Run(ctx context.Context) error {
	if s.Digest == nil || s.Schedule.Location == nil {
		return errors.New("digest scheduler: no digest to run or no time zone")
	}
	now, after, log := s.Now, s.After, s.Logger
	if now == nil {
		now = time.Now
	}
	if after == nil {
		after = time.After
	}
	if log == nil {
		log = slog.Default()
	}
	retry := cmp.Or(max(s.Retry, 0), time.Minute)
	maxSleep := cmp.Or(max(s.MaxSleep, 0), time.Hour)
	runTimeout := cmp.Or(max(s.RunTimeout, 0), 2*time.Minute)
	log.Info("digest scheduled", "schedule", s.Schedule.String(), "next", s.Schedule.Next(now()).Format(time.RFC3339))

	doneDay := ""   // the last day whose digest needs nothing more
	failedDay := "" // the day the backoff belongs to
	backoff := retry
	for {
		t := now()
		day := s.Schedule.Day(t)
		wait := s.Schedule.Next(t).Sub(t)
		if due, ok := s.Schedule.DueOn(t); ok && !t.Before(due) && doneDay != day {
			if failedDay != day {
				failedDay, backoff = day, retry
			}
			runCtx, cancel := context.WithTimeout(ctx, runTimeout)
			out, err := s.Digest(runCtx, day)
			cancel()
			switch {
			case err != nil:
				log.Error("digest failed; will retry", "day", day, "retry_in", backoff.String(), "error", err.Error())
			case out.Done():
				doneDay = day
				log.Info("digest done", "day", day, "outcome", out.String())
			default:
				log.Info("digest claimed by another instance; will check again", "day", day, "outcome", out.String())
			}
			if doneDay != day {
				wait = backoff
				if !out.RetryAt.IsZero() {
					// A claim held elsewhere lapses at RetryAt: its holder
					// has died, or records it before then. Look again
					// then, not a backoff later, so that a crash delays
					// the digest by the lease and no more.
					wait = min(wait, max(out.RetryAt.Sub(now())+retryMargin, retryMargin))
				}
				backoff = min(2*backoff, 30*time.Minute)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-after(min(wait, maxSleep)):
		}
	}
}
