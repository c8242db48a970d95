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
