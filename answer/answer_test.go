package answer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/peelbot/peelbot/answer/summary"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

var (
	once   sync.Once
	lib    *corpus.Library
	ix     *index.Index
	libErr error
)

func service(t *testing.T) *Service {
	t.Helper()
	once.Do(func() {
		if lib, libErr = corpus.Embedded(); libErr == nil {
			ix, libErr = index.Build(lib)
		}
	})
	if libErr != nil {
		t.Fatal(libErr)
	}
	return &Service{Index: ix, Library: lib}
}

// recorder is a Summariser that records what it was asked.
type recorder struct{ req summary.Request }

func (r *recorder) Summarise(_ context.Context, req summary.Request) (*summary.Summary, error) {
	r.req = req
	return &summary.Summary{Text: "Few DVPOs [1].", Citations: []int{0}, Model: "m"}, nil
}

func TestAskCitesEveryPassageAsTheCorpusDoes(t *testing.T) {
	s := service(t)
	a, err := s.Ask(context.Background(), Request{Question: "dvpo", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) != 2 || len(a.Hits) != 2 || a.Total < 2 || a.Question != "dvpo" {
		t.Fatalf("answer %+v", a)
	}
	for i, p := range a.Passages {
		cp := lib.Passage(p.ID)
		if cp == nil || p.Cite != lib.CitePassage(cp) || p.Text != cp.Text || p.Kind != cp.Kind || p.ID != a.Hits[i].ID || p.Score != a.Hits[i].Score {
			t.Errorf("passage %d %+v is not the corpus's %+v", i, p, cp)
		}
	}
	if notes := strings.Join(a.Notes(), " | "); !strings.Contains(notes, "Also searched for: domestic violence protection order") {
		t.Errorf("notes %q", notes)
	}
	if ids := a.IDs(); len(ids) != 2 || ids[0] != a.Passages[0].ID {
		t.Errorf("ids %v", ids)
	}
	if a.Summary != nil || a.SummaryErr != nil {
		t.Error("a summary nobody asked for")
	}
}

func TestAskSummarisesWithTheCitationsTheReaderSees(t *testing.T) {
	s := service(t)
	a, err := s.Ask(context.Background(), Request{Question: "dvpo", Summary: true, User: "cli:alice"})
	if err != nil || !errors.Is(a.SummaryErr, ErrNoSummaries) || len(a.Passages) == 0 {
		t.Fatalf("without a summariser: %v, %v", a.SummaryErr, err)
	}
	rec := &recorder{}
	s.Summariser = rec
	a, err = s.Ask(context.Background(), Request{Question: "dvpo", Summary: true, User: "cli:alice"})
	if err != nil || a.Summary == nil || a.SummaryErr != nil {
		t.Fatalf("summary %+v, %v, %v", a.Summary, a.SummaryErr, err)
	}
	if rec.req.Question != "dvpo" || rec.req.User != "cli:alice" || len(rec.req.Sources) != len(a.Passages) {
		t.Fatalf("asked %+v", rec.req)
	}
	for i, src := range rec.req.Sources {
		p := a.Passages[i]
		if src.ID != p.ID || src.Citation != p.Cite.String() || src.URL != p.Cite.Link || src.Text != p.Text {
			t.Errorf("source %d %+v for passage %+v", i, src, p)
		}
	}
	if _, err := s.Summarise(context.Background(), "dvpo", "U1", nil); err == nil {
		t.Error("a summary of no passages")
	}
}

func TestPassagesByIDLeaveOutWhatTheLibraryNoLongerHolds(t *testing.T) {
	s := service(t)
	x := lib.AFI("herts-2021-afi-7")
	got := s.Passages([]string{x.Passages[0].ID, "gone-2020-deadbeef", x.Passages[1].ID})
	if len(got) != 2 || got[0].ID != x.Passages[0].ID || got[1].Cite != lib.CitePassage(x.Passages[1]) || got[0].Score != 0 {
		t.Errorf("passages %+v", got)
	}
}

func TestAnAnswerSaysWhetherTheReportsCoverTheQuestion(t *testing.T) {
	s := service(t)
	ctx := context.Background()
	miss, err := s.Ask(ctx, Request{Question: "knife crime in London"})
	if err != nil {
		t.Fatal(err)
	}
	if miss.Answered || miss.Covered() || !miss.ClosestOnly() || len(miss.Closest) == 0 {
		t.Fatalf("a miss: answered %v, covered %v, closest %v", miss.Answered, miss.Covered(), miss.Closest)
	}
	if !strings.HasPrefix(miss.Note, "The loaded reports don't cover knife crime in London.") || !strings.Contains(miss.Note, miss.Closest[0]) {
		t.Errorf("note %q does not say so and name the closest chapter %q", miss.Note, miss.Closest[0])
	}
	for _, p := range miss.Passages {
		if !p.Closest {
			t.Errorf("passage %s of a miss is not marked as the closest text", p.ID)
		}
	}

	grade, err := s.Ask(ctx, Request{Question: "how was investigating crime graded"})
	if err != nil {
		t.Fatal(err)
	}
	if !grade.Answered || !grade.Covered() || grade.Note != "" || grade.Intent == nil || grade.Intent.Kind != index.IntentGrade {
		t.Fatalf("a grade question: answered %v, note %q, intent %+v", grade.Answered, grade.Note, grade.Intent)
	}
	first := grade.Passages[0]
	if first.Text != "Hertfordshire Constabulary is adequate at investigating crime." || first.Closest || first.Cite.Page != 25 {
		t.Errorf("the grade sentence is not first, cited with its page: %+v", first)
	}

	none, err := s.Ask(ctx, Request{Question: "what are the causes of concern"})
	if err != nil {
		t.Fatal(err)
	}
	const statement = "The Hertfordshire Constabulary PEEL 2021/22 report raises no causes of concern."
	if none.Statement != statement || none.Note != statement || !none.Covered() || len(none.Passages) != 0 {
		t.Errorf("no causes of concern: statement %q, note %q, covered %v, %d passages", none.Statement, none.Note, none.Covered(), len(none.Passages))
	}

	bad, err := s.Ask(ctx, Request{Question: "kind:nonsense dvpo"})
	if err != nil {
		t.Fatal(err)
	}
	if bad.Covered() || bad.Note != "" || bad.Problem == "" {
		t.Errorf("a question that cannot be searched: covered %v, note %q, problem %q", bad.Covered(), bad.Note, bad.Problem)
	}
}

func TestAStatementFoundCanBeLookedUpByItsID(t *testing.T) {
	s := service(t)
	a, err := s.Ask(context.Background(), Request{Question: "how was investigating crime graded"})
	if err != nil {
		t.Fatal(err)
	}
	id := a.Passages[0].ID
	if !corpus.IsStatement(id) {
		t.Fatalf("the grade answer %s is not a statement", id)
	}
	p, ok := s.Passage(id)
	if !ok || p.Text != a.Passages[0].Text || p.Cite != a.Passages[0].Cite {
		t.Errorf("statement %s looked up: %v %+v, want %+v", id, ok, p, a.Passages[0])
	}
}

func TestTheClosestTextIsNotSummarised(t *testing.T) {
	s := service(t)
	rec := &recorder{}
	s.Summariser = rec
	a, err := s.Ask(context.Background(), Request{Question: "knife crime in London", Summary: true, User: "cli:alice"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Summary != nil || !errors.Is(a.SummaryErr, ErrNotCovered) || len(rec.req.Sources) != 0 || len(a.Passages) == 0 {
		t.Errorf("a miss was summarised: %+v, %v, asked %+v", a.Summary, a.SummaryErr, rec.req)
	}
}

// An AFI's headline is answered with what the inspectors found under it;
// a button naming the two by id gets the same, and a paragraph from
// elsewhere is never passed off as its explanation. The model is given
// both, as one source, with the reader's numbers.
func TestAnAFIIsAnsweredWithWhatWasFound(t *testing.T) {
	s := service(t)
	rec := &recorder{}
	s.Summariser = rec
	a, err := s.Ask(context.Background(), Request{Question: "what must improve in investigating crime", Summary: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) < 2 || a.Passages[0].Explanation == nil || a.Passages[1].Explanation == nil {
		t.Fatalf("passages %+v", a.Passages)
	}
	first, e := a.Passages[0], a.Passages[0].Explanation
	if e.Cite != lib.CitePassage(lib.Passage(e.ID)) {
		t.Errorf("what was found is cited %+v", e.Cite)
	}
	if len(rec.req.Sources) != len(a.Passages) || !strings.Contains(rec.req.Sources[0].Text, first.Text) || !strings.Contains(rec.req.Sources[0].Text, e.Text) {
		t.Errorf("the model was given %+v", rec.req.Sources)
	}
	bare, ok := s.Passage(first.ID)
	if !ok {
		t.Fatalf("%s not found", first.ID)
	}
	if got := s.WithExplanation(bare, e.ID); got.Explanation == nil || got.Explanation.ID != e.ID || got.Explanation.Text != e.Text {
		t.Errorf("by id: %+v", got.Explanation)
	}
	for _, other := range []string{a.Passages[1].Explanation.ID, first.ID, "gone-2020-deadbeef"} {
		if got := s.WithExplanation(bare, other); got.Explanation != nil {
			t.Errorf("%s is passed off as explaining %s", other, first.ID)
		}
	}
}

// A share button names an AFI and what was found under it by id; the
// library says whether the one explains the other. Every paragraph under
// an AFI's headline does; a paragraph under any other finding's headline
// (a strength, an innovative practice, a cause of concern) is not shared
// as what was found under an area for improvement.
func TestOnlyAParagraphUnderAnAFIIsSharedAsWhatWasFound(t *testing.T) {
	s := service(t)
	afis, others := 0, 0
	for _, r := range lib.Reports {
		for _, c := range r.Chapters {
			for _, sec := range c.Sections {
				for _, f := range sec.Findings {
					if f.Headline == "" || len(f.Passages) == 0 {
						continue
					}
					head, ok := s.Passage(f.Passages[0].ID + "-headline")
					if !ok {
						t.Fatalf("no headline statement for %s", f.Passages[0].ID)
					}
					for _, p := range f.Passages {
						got := s.WithExplanation(head, p.ID).Explanation
						switch {
						case head.Kind == corpus.KindAFI:
							afis++
							if got == nil || got.ID != p.ID {
								t.Errorf("%s under the AFI %q is not shared with it", p.ID, f.Headline)
							}
						default:
							others++
							if got != nil {
								t.Errorf("%s under the %s %q is shared as what was found under an area for improvement", p.ID, head.Kind, f.Headline)
							}
						}
					}
				}
			}
		}
	}
	if afis == 0 || others == 0 {
		t.Fatalf("%d paragraphs under AFIs, %d under other headlines", afis, others)
	}
}
