package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func herts(t testing.TB) *Report {
	t.Helper()
	l, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r := l.Report("herts-2021")
	if r == nil {
		t.Fatal("embedded library has no herts-2021")
	}
	return r
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReportMetadata(t *testing.T) {
	r := herts(t)
	want := Report{
		ID: "herts-2021", Force: "Hertfordshire Constabulary", Round: "PEEL 2021/22",
		Published: "February 2023", URL: "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/hertfordshire-2021-22/",
		Inspector: "Roy Wilsher",
	}
	if r.ID != want.ID || r.Force != want.Force || r.Round != want.Round || r.Published != want.Published || r.URL != want.URL || r.Inspector != want.Inspector {
		t.Errorf("metadata = %q %q %q %q %q %q", r.ID, r.Force, r.Round, r.Published, r.URL, r.Inspector)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings on the real report: %q", r.Warnings)
	}
}

func TestAllNineAFIHeadlines(t *testing.T) {
	want := []struct{ area, text string }{
		{"Preventing crime and antisocial behaviour", "The constabulary should make sure that problem-solving plans are routinely assessed and evaluated and that learning is made available to staff"},
		{"Responding to the public", "The constabulary should attend incidents within its published time frames based on the prioritisation given to the call. Where there are delays, it should make sure the reasons are recorded and victims are updated"},
		{"Responding to the public", "The constabulary should make sure that repeat and vulnerable callers are routinely identified"},
		{"Responding to the public", "The constabulary needs to make sure that call takers give appropriate advice on crime prevention and the preservation of evidence"},
		{"Investigating crime", "The constabulary should set investigation plans where needed, with supervisory oversight to make sure that all investigative opportunities are taken"},
		{"Investigating crime", "The constabulary needs to make sure that victim needs assessments are routinely completed and recorded"},
		{"Protecting vulnerable people", "The constabulary should make sure that protective orders are considered in all appropriate cases"},
		{"Building, supporting and protecting the workforce", "The constabulary should consider using up-to-date and accurate information about workforce skills to effectively enhance deployment throughout the workforce and meet any future skills gap"},
		{"Strategic planning, organisational management and value for money", "The constabulary should review its agreements under section 23 of the Police Act 1996 on the provision of collaborated occupational health to make sure it is doing what is agreed and that staff throughout the tri-force collaboration are supported by an effective occupational health unit"},
	}
	r := herts(t)
	if len(r.AFIs) != len(want) {
		t.Fatalf("got %d AFIs, want %d", len(r.AFIs), len(want))
	}
	for i, w := range want {
		a := r.AFIs[i]
		if a.Text != w.text || a.Area != w.area {
			t.Errorf("AFI %d = [%s] %q\nwant [%s] %q", i+1, a.Area, a.Text, w.area, w.text)
		}
		if wantID := "herts-2021-afi-" + string(rune('1'+i)); a.ID != wantID {
			t.Errorf("AFI %d id = %q, want %q", i+1, a.ID, wantID)
		}
		if len(a.Passages) == 0 {
			t.Errorf("AFI %s has no supporting passages", a.ID)
		}
		for _, p := range a.Passages {
			if p.Kind != KindAFI || p.Heading != a.Text {
				t.Errorf("AFI %s passage %s: kind %q heading %q", a.ID, p.ID, p.Kind, p.Heading)
			}
		}
	}
	// The DVPO AFI keeps all three of its paragraphs, not the chart caption.
	dvpo := r.AFIs[6]
	if len(dvpo.Passages) != 3 || !strings.Contains(dvpo.Passages[2].Text, "lowest rate of use of DVPOs") {
		t.Errorf("DVPO AFI passages = %d, last %q", len(dvpo.Passages), dvpo.Passages[len(dvpo.Passages)-1].Text)
	}
}

func TestAllEightGrades(t *testing.T) {
	want := map[string]Rating{
		"Preventing crime":                Good,
		"Treatment of the public":         Good,
		"Responding to the public":        RequiresImprovement,
		"Investigating crime":             Adequate,
		"Protecting vulnerable people":    Adequate,
		"Managing offenders":              Adequate,
		"Developing a positive workplace": Adequate,
		"Good use of resources":           Adequate,
	}
	r := herts(t)
	if len(r.Grades) != len(want) {
		t.Fatalf("got %d grades, want %d: %+v", len(r.Grades), len(want), r.Grades)
	}
	for _, g := range r.Grades {
		if want[g.Area] != g.Rating {
			t.Errorf("grade %q = %q, want %q", g.Area, g.Rating, want[g.Area])
		}
	}
	for _, c := range r.Chapters {
		if c.Title == "Victim service assessment" && c.Grade != "" {
			t.Errorf("victim service assessment graded %q; it is ungraded", c.Grade)
		}
		if c.Title == "Responding to the public" && c.Grade != RequiresImprovement {
			t.Errorf("the split grade line \"Requires / improvement\" read as %q", c.Grade)
		}
	}
}

func findPassage(t *testing.T, r *Report, contains string) *Passage {
	t.Helper()
	var found []*Passage
	for _, p := range r.Passages() {
		if strings.Contains(p.Text, contains) {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d passages contain %q, want 1", len(found), contains)
	}
	return found[0]
}

func TestPassageCitations(t *testing.T) {
	r := herts(t)
	cases := []struct {
		contains, chapter, section, heading string
		kind                                Kind
		minPage, maxPage                    int
	}{
		{"uses a customer feedback platform called echo", "Engaging with and treating the public with fairness and respect", "Innovative practice",
			"The constabulary uses the echo customer feedback platform to effectively engage with the communities of Hertfordshire", KindPractice, 8, 8},
		{"lowest rate of use of DVPOs", "Protecting vulnerable people", "Area for improvement",
			"The constabulary should make sure that protective orders are considered in all appropriate cases", KindAFI, 30, 31},
		{"answered 71.8 percent of 999 calls within 10 seconds", "Responding to the public", "Main findings",
			"The constabulary is improving how long it takes to answer 999 calls", KindPassage, 21, 24},
		{"oldest outstanding computer download was two months old", "Investigating crime", "Main findings",
			"The constabulary has improved its waiting times for analysing digital forensics", KindPassage, 26, 29},
		{"The constabulary has invested in software to produce analytical tools", "Preventing crime and antisocial behaviour", "Main findings",
			"The constabulary provides neighbourhood policing teams with analytical tools to help identify problem-solving opportunities", KindPassage, 14, 19},
		{"accredited detectives filled 61 percent", "Investigating crime", "Main findings",
			"The constabulary has a clear plan to address its shortage of detectives", KindPassage, 26, 29},
	}
	for _, c := range cases {
		p := findPassage(t, r, c.contains)
		if p.Chapter != c.chapter || p.Section != c.section || p.Heading != c.heading || p.Kind != c.kind {
			t.Errorf("%q cited as %q [%s], want %q › %q › %q [%s]", c.contains, p.Path(), p.Kind, c.chapter, c.section, c.heading, c.kind)
		}
		if p.Page < c.minPage || p.Page > c.maxPage {
			t.Errorf("%q on page %d, want %d–%d", c.contains, p.Page, c.minPage, c.maxPage)
		}
		if p.ReportID != "herts-2021" || !strings.HasPrefix(p.ID, "herts-2021-") {
			t.Errorf("%q: report %q id %q", c.contains, p.ReportID, p.ID)
		}
	}
}

func TestPagesNeverLeaveTheirSection(t *testing.T) {
	r := herts(t)
	for ci, c := range r.Chapters {
		next := 1 << 30
		if ci+1 < len(r.Chapters) {
			next = r.Chapters[ci+1].Page
		}
		for _, s := range c.Sections {
			for _, f := range s.Findings {
				for _, p := range f.Passages {
					if p.Page < s.Page || p.Page < c.Page || p.Page > next {
						t.Errorf("passage %s on page %d, outside %s (pages %d–%d)", p.ID, p.Page, c.Title, s.Page, next)
					}
				}
			}
		}
	}
}

func TestParagraphBrokenByPageIsRejoined(t *testing.T) {
	r := herts(t)
	p := findPassage(t, r, "isolated examples of this training not reaching some officers, but the constabulary is clearly committed")
	if p.Section != "Main findings" || p.Chapter != "Responding to the public" {
		t.Errorf("rejoined paragraph cited as %q", p.Path())
	}
	for _, q := range r.Passages() {
		if strings.HasPrefix(q.Text, "some officers, but") {
			t.Errorf("the second half of the broken paragraph is a passage of its own: %s", q.ID)
		}
	}
}

func TestBulletListStaysWithItsParagraph(t *testing.T) {
	r := herts(t)
	p := findPassage(t, r, "The constabulary provides a range of training on stop and search and use of force to its frontline staff.")
	lines := strings.Split(p.Text, "\n")
	if len(lines) != 9 {
		t.Fatalf("training passage has %d lines, want the paragraph and its 8 bullets:\n%s", len(lines), p.Text)
	}
	if lines[1] != "- sessions in probationer officer training;" || lines[8] != "- video resources covering key issues around stop and search, made available to all officers." {
		t.Errorf("bullets not kept in order:\n%s", p.Text)
	}
	for _, q := range r.Passages() {
		if strings.HasPrefix(q.Text, "- ") && q.Position > 0 {
			t.Errorf("passage %s is a bullet list cut from its paragraph: %.60q", q.ID, q.Text)
		}
	}
}

func TestNoFrontMatterOrCaptionsAsPassages(t *testing.T) {
	r := herts(t)
	for _, p := range r.Passages() {
		for _, bad := range []string{"Contents", "\t", "An inspection of Hertfordshire", "Police effectiveness, efficiency and legitimacy", "DVPO applications as a percentage", "Antisocial behaviour ancillary powers (criminal", "© HMICFRS", "](#)", `\(`, "Roy Wilsher"} {
			if strings.Contains(p.Text, bad) || p.Text == "PEEL 2021/22" {
				t.Errorf("passage %s holds front matter or markup %q: %.80q", p.ID, bad, p.Text)
			}
		}
	}
	if got := r.Passages()[0].Chapter; got != "Our judgments" {
		t.Errorf("first passage is in %q, want the first chapter after the contents", got)
	}
	var captions []string
	for _, f := range r.Figures {
		captions = append(captions, f.Caption)
	}
	if len(captions) != 2 || !strings.HasPrefix(captions[0], "Antisocial behaviour ancillary powers") || !strings.HasPrefix(captions[1], "DVPO applications") {
		t.Errorf("figure captions = %q", captions)
	}
}

func TestOneInnovativePractice(t *testing.T) {
	r := herts(t)
	var heads []string
	for _, c := range r.Chapters {
		for _, s := range c.Sections {
			if s.Title == "Innovative practice" {
				for _, f := range s.Findings {
					heads = append(heads, f.Headline)
				}
			}
		}
	}
	if len(heads) != 1 || !strings.Contains(heads[0], "echo") {
		t.Errorf("innovative practice = %q, want the echo platform", heads)
	}
}

func TestGlossary(t *testing.T) {
	r := herts(t)
	defs := map[string]string{}
	for _, a := range r.Glossary.Acronyms {
		defs[a.Short] = a.Long
	}
	for short, long := range map[string]string{
		"DVPO":  "domestic violence protection orders",
		"JCPIT": "joint child protection investigation team",
		"PCC":   "police and crime commissioner",
		"RUI":   "released under investigation",
		"DAISU": "domestic abuse investigation and safeguarding unit",
		"SOC":   "serious and organised crime",
	} {
		if defs[short] != long {
			t.Errorf("acronym %s = %q, want %q", short, defs[short], long)
		}
	}
	terms := strings.Join(r.Glossary.Terms, "|")
	for _, term := range []string{"police and crime commissioner (PCC)", "antisocial behaviour", "stalking protection orders", "key individual networks (KINs)"} {
		if !strings.Contains(terms, term) {
			t.Errorf("linked term %q missing from the glossary", term)
		}
	}
	p := findPassage(t, r, "supported by an effective relationship with the police and crime commissioner (PCC).")
	if strings.Contains(p.Text, "[") || strings.Contains(p.Text, `\`) {
		t.Errorf("link markup left in %q", p.Text)
	}
}

func TestFindAcronyms(t *testing.T) {
	cases := map[string]string{
		"applied for ten domestic violence protection orders (DVPOs) last year": "DVPO=domestic violence protection orders",
		"offers trauma risk management (TRiM) to staff":                         "TRiM=trauma risk management",
		"records on the violent and sex offender register (ViSOR) promptly":     "ViSOR=violent and sex offender register",
		"works with the multi-agency safeguarding hub (MASH) daily":             "MASH=multi-agency safeguarding hub",
		"the force (which is large) did well":                                   "",
	}
	for text, want := range cases {
		var got string
		if as := findAcronyms(text, 1); len(as) > 0 {
			got = as[0].Short + "=" + as[0].Long
		}
		if got != want {
			t.Errorf("findAcronyms(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestIDsAreUniqueAndStable(t *testing.T) {
	data, err := embedded.ReadFile("reports/hertfordshire-peel-2021-22.txt")
	if err != nil {
		t.Fatal(err)
	}
	before, err := Parse("herts.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range before.Passages() {
		if seen[p.ID] {
			t.Errorf("duplicate passage id %s", p.ID)
		}
		seen[p.ID] = true
	}
	// Add unrelated paragraphs early in the report, in a chapter with no AFIs.
	marker := "However, these changes mean that it isn't possible"
	edited := strings.Replace(string(data), marker, "An extra paragraph added by a later edition.\n\nAnother one, to shift every position.\n\n"+marker, 1)
	after, err := Parse("herts.txt", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, p := range after.Passages() {
		ids[p.Text] = p.ID
	}
	for _, p := range before.Passages() {
		if ids[p.Text] != p.ID {
			t.Errorf("passage id changed from %s to %s after unrelated text was added", p.ID, ids[p.Text])
		}
	}
	for i, a := range before.AFIs {
		if after.AFIs[i].ID != a.ID || after.AFIs[i].Text != a.Text {
			t.Errorf("AFI %s became %s", a.ID, after.AFIs[i].ID)
		}
	}
}

func TestLibraryLookups(t *testing.T) {
	l, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if a := l.AFI("HERTS-2021-AFI-3"); a == nil || !strings.Contains(a.Text, "repeat and vulnerable callers") {
		t.Errorf("AFI lookup ignoring case = %+v", a)
	}
	if l.AFI("herts-2021-afi-10") != nil {
		t.Error("found an AFI that does not exist")
	}
	p := l.Reports[0].Passages()[10]
	if l.Passage(p.ID) != p {
		t.Error("passage lookup by id failed")
	}
	if n := len(l.AFIs()); n != 9 {
		t.Errorf("library has %d AFIs", n)
	}
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]Rating{"good": Good, "Requires  improvement": RequiresImprovement, " INADEQUATE ": Inadequate} {
		if got, ok := ParseRating(in); !ok || got != want {
			t.Errorf("ParseRating(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseRating("Very good"); ok {
		t.Error("ParseRating accepted \"Very good\"")
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	good := string(readFixture(t, "synthetic-peel-2023-25.txt"))
	cases := []struct {
		name, text, want string
		line             int
	}{
		{"empty", "", "empty", 1},
		{"not a report", "Minutes of the meeting\n\nWe met.\n", "no \"Contents\" line", 1},
		{"grid disagrees", strings.Replace(good, "Investigating crime\n\nRequires\nimprovement", "Investigating crime\n\nGood", 1),
			"chapter \"Investigating crime\" is graded Good here but the judgments grid", 114},
		{"missing heading", strings.Replace(good, "\nCause of concern\n", "\nConcerns\n", 1),
			"contents lists \"Cause of concern\"", 24},
		{"paragraph before AFI headline", strings.Replace(good, "Area for improvement\n\nThe force should evaluate its problem-solving plans\n", "Area for improvement\n\n", 1),
			"a paragraph comes before any headline", 78},
		{"count disagrees", strings.Replace(good, "graded judgments in 5 of these 6", "graded judgments in 4 of these 6", 1),
			"the report says 4 areas are graded but the judgments grid", 35},
		{"no round", strings.Replace(good, "PEEL 2023–25", "Inspection", 1), "no PEEL round line", 3},
		{"text before first chapter", strings.Replace(good, "Overall summary\n\nOur judgments\n\nOur inspection", "Stray words here\n\nOverall summary\n\nOur judgments\n\nOur inspection", 1),
			"text before the first chapter heading", 31},
		{"not UTF-8", "PEEL 2021/22\n\n\xff\xfe\n", "not UTF-8", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("synthetic-broken.txt", []byte(c.text))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if pe.File != "synthetic-broken.txt" || !strings.Contains(pe.Msg, c.want) || pe.Line != c.line {
				t.Errorf("err = %v\nwant line %d and %q", err, c.line, c.want)
			}
			if !strings.HasPrefix(err.Error(), "synthetic-broken.txt line ") {
				t.Errorf("message does not start with file and line: %v", err)
			}
		})
	}
}
