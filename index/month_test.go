package index

import "testing"

// A question about a month is answered by the paragraph telling of that
// month, not one telling of a later one.
func TestSaysMonth(t *testing.T) {
	q := "How many officers were on restricted duties in March  2021?"
	m := monthYearRE.FindString(q)
	if m == "" {
		t.Fatalf("no month found in %q", q)
	}
	if !saysMonth("In march 2021, 40 officers were on restricted duties.", m) {
		t.Errorf("saysMonth missed the same month")
	}
	if saysMonth("By October 2021, the number had fallen to 25.", m) {
		t.Errorf("saysMonth fired on another month")
	}
	if monthYearRE.FindString("May we see how many officers there are?") != "" {
		t.Errorf("monthYearRE fired on 'may' without a year")
	}
}
