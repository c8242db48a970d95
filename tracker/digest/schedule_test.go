package digest

import (
	"strings"
	"testing"
)

func TestParseSchedule(t *testing.T) {
	for _, tc := range []struct{ at, tz, days, want string }{
		{"", "", "", "09:00 Europe/London, Mon–Fri"},
		{"7:30", "UTC", "Mon,Wed,Fri", "07:30 UTC, Mon, Wed, Fri"},
		{"17:05", "Europe/London", "daily", "17:05 Europe/London, every day"},
		{"09:00", "", "Mon-Sun", "09:00 Europe/London, every day"},
		{"", "", "every day", "09:00 Europe/London, every day"},
		{"", "", "weekdays", "09:00 Europe/London, Mon–Fri"},
		{"", "", "Monday–Friday", "09:00 Europe/London, Mon–Fri"},
		{"", "", " fri - mon ", "09:00 Europe/London, Mon, Fri–Sun"},
		{"", "", "Tue, Thu", "09:00 Europe/London, Tue, Thu"},
		{"", "", "weekends", "09:00 Europe/London, Sat, Sun"},
		{"00:00", "America/New_York", "Sun", "00:00 America/New_York, Sun"},
	} {
		s, problems := ParseSchedule(tc.at, tc.tz, tc.days)
		if len(problems) > 0 || s.String() != tc.want {
			t.Errorf("ParseSchedule(%q, %q, %q) = %q, %v; want %q", tc.at, tc.tz, tc.days, s.String(), problems, tc.want)
		}
	}
	for _, tc := range []struct {
		at, tz, days string
		want         []string
	}{
		{"9am", "", "", []string{`PEEL_DIGEST_AT "9am" is not a time of day: write it HH:MM`}},
		{"25:00", "Europe/Londn", "Mon-Fry", []string{`PEEL_DIGEST_AT "25:00"`, `PEEL_DIGEST_TZ "Europe/Londn" is not a time zone`, `PEEL_DIGEST_DAYS "Mon-Fry" has "mon-fry", which is not a day`}},
		{"09:60", "Local", ",", []string{`PEEL_DIGEST_AT "09:60"`, `PEEL_DIGEST_TZ "Local"`, `PEEL_DIGEST_DAYS "," names no day`}},
		{"-1:00", "", "Mon,,Funday", []string{`PEEL_DIGEST_AT "-1:00"`, `"funday", which is not a day`}},
	} {
		_, problems := ParseSchedule(tc.at, tc.tz, tc.days)
		if len(problems) != len(tc.want) {
			t.Errorf("ParseSchedule(%q, %q, %q): %d problems %v, want %d", tc.at, tc.tz, tc.days, len(problems), problems, len(tc.want))
			continue
		}
		for i, p := range problems {
			if !strings.Contains(p.Error(), tc.want[i]) || strings.Contains(p.Error(), "\n") {
				t.Errorf("problem %q, want one line with %q", p, tc.want[i])
			}
		}
	}
}
