package corpus

import (
	"os"
	"strings"
	"testing"
)

func TestStatementsQuoteGradesAndHeadlines(t *testing.T) {
	lib, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Reports[0]
	st := r.Statements()
	var grade, afi *Passage
	headlines := 0
	for _, s := range st {
		if s.Text == "Hertfordshire Constabulary is adequate at investigating crime." {
			grade = s
		}
		if strings.HasPrefix(s.Text, "The constabulary should set investigation plans where needed") {
			afi = s
		}
		if s.Kind != KindGrade {
			headlines++
		}
		if got := lib.Quotable(s.ID); got == nil || got.Text != s.Text || got.Page != s.Page || got.Kind != s.Kind {
			t.Errorf("statement %s does not look itself up: %+v", s.ID, got)
		}
		if lib.Passage(s.ID) != nil || !IsStatement(s.ID) {
			t.Errorf("statement id %s is taken for a paragraph's", s.ID)
		}
	}
	if grade == nil || grade.Kind != KindGrade || grade.Chapter != "Investigating crime" || grade.Page != 25 || grade.ID != "herts-2021-grade-investigating-crime" {
		t.Errorf("grade statement = %+v", grade)
	}
	if afi == nil || afi.Kind != KindAFI || afi.Section != "Areas for improvement" || afi.Heading != "" || afi.Page != 25 {
		t.Errorf("AFI headline statement = %+v", afi)
	}
	if headlines < 60 {
		t.Errorf("only %d headline statements", headlines)
	}
	for _, p := range r.Passages() {
		if IsStatement(p.ID) {
			t.Errorf("paragraph id %s reads as a statement's", p.ID)
		}
	}
	if lib.Statement("herts-2021-grade-cooking") != nil || lib.Statement("nope-headline") != nil {
		t.Error("an unknown statement id was found")
	}
}

func TestStatementsOfAnotherForce(t *testing.T) {
	data, err := os.ReadFile("testdata/synthetic-peel-2023-25.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse("synthetic.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, s := range r.Statements() {
		kinds[s.Kind]++
	}
	// Five graded chapters; concerns, AFIs and practice each headed.
	if kinds[KindGrade] != 5 || kinds[KindConcern] != 3 || kinds[KindAFI] != 3 || kinds[KindPractice] != 1 {
		t.Errorf("statement kinds = %v", kinds)
	}
}

func TestNamedForces(t *testing.T) {
	cases := map[string][]string{
		"how did Essex Police do":                 {"essex"},
		"what grades did Bedfordshire get":        {"beds"},
		"avon & somerset and west midlands":       {"avon-somerset", "west-midlands"},
		"herts grades":                            {"herts"},
		"we met the city team in north yorkshire": {"north-yorks"},
		"knife crime in london":                   nil,
		"who staffs the triage car":               nil,
		"how do staffs police compare":            {"staffs"},
		"Staffs the best force?":                  {"staffs"},
		"how did staffs this year compare":        {"staffs"},
		"how is Beds this round":                  {"beds"},
		"who staffs custody suites":               nil,
		"how many beds are there in the cells":    nil,
		"are the beds in custody clean":           nil,
	}
	for text, want := range cases {
		var got []string
		for _, f := range NamedForces(strings.Fields(text)) {
			got = append(got, f.Short)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q names %v, want %v", text, got, want)
		}
	}
}
