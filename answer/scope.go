package answer

import (
	"context"
	"fmt"
	"strings"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/index"
)

// A scope is the filters a place (a Slack channel, a thread) applies to
// every question asked in it, unless the question says otherwise: the
// reports (force, report, round) and the chapters (area) it keeps to.
// Scopes are filters of the index's own syntax, so a scope does exactly
// what the same filters typed in a question do.

// scopeKeys are the filters a scope may hold, each in its group: a
// question naming a filter of a group (or, for reports, a force by name)
// overrides the scope's filters of that group.
var scopeKeys = map[string]string{"force": "reports", "report": "reports", "round": "reports", "area": "chapters"}

// ScopeKey reports whether a filter key may be part of a scope.
func ScopeKey(key string) bool { _, ok := scopeKeys[key]; return ok }

// scoped is the question to search: question, with the filters of scope
// whose group the question does not name itself. applied are those
// filters.
func (s *Service) scoped(question string, scope []index.Filter) (query string, applied []index.Filter) {
	if len(scope) == 0 {
		return question, nil
	}
	named := s.groupsNamed(index.ParseQuery(question))
	query = question
	for _, f := range scope {
		if g, ok := scopeKeys[f.Key]; !ok || named[g] {
			continue
		}
		applied = append(applied, f)
		query += " " + f.String()
	}
	return query, applied
}

// groupsNamed are the scope groups a question names: "reports" when it
// has a force, report or round filter or names a loaded force in its
// words ("what about herts"), "chapters" when it has an area filter.
func (s *Service) groupsNamed(q index.Query) map[string]bool {
	named := map[string]bool{}
	for _, f := range q.Filters {
		if g, ok := scopeKeys[f.Key]; ok {
			named[g] = true
		}
	}
	if s.Library != nil && len(s.forcesIn(q.Words)) > 0 {
		named["reports"] = true
	}
	return named
}

// forcesIn are the short names of the loaded forces that words name, as
// the index reads a force in a question: a report id's first part
// ("herts") or a force's first word ("Hertfordshire").
func (s *Service) forcesIn(words []string) []string {
	var out []string
	for _, w := range words {
		lw := strings.ToLower(w)
		for _, r := range s.Library.Reports {
			short, _, _ := strings.Cut(r.ID, "-2")
			if first, _, _ := strings.Cut(r.Force, " "); lw == short || lw == strings.ToLower(first) {
				out = append(out, short)
				break
			}
		}
	}
	return out
}

// ThreadScope is the scope a thread keeps after a question was answered in
// it: the scope groups the question named (its filters, and a force named
// in its words as force:<name>), and for the others the scope that was
// applied. A follow-up in the thread then keeps to it unless it names
// another.
func (s *Service) ThreadScope(a *Answer) []index.Filter {
	q := index.ParseQuery(a.Question)
	named := s.groupsNamed(q)
	var out []index.Filter
	for _, f := range q.Filters {
		if ScopeKey(f.Key) {
			out = append(out, f)
		}
	}
	if named["reports"] && !hasGroup(q.Filters, "reports") && s.Library != nil {
		for _, force := range s.forcesIn(q.Words) {
			out = append(out, index.Filter{Key: "force", Value: force})
		}
	}
	for _, f := range a.Scope {
		if !named[scopeKeys[f.Key]] {
			out = append(out, f)
		}
	}
	return out
}

func hasGroup(filters []index.Filter, group string) bool {
	for _, f := range filters {
		if scopeKeys[f.Key] == group {
			return true
		}
	}
	return false
}

// ResolveScope reads what someone typed after "/peel scope": filters
// (force:herts area:"vulnerable people"), or words naming a report, a
// force, a round or a chapter, tried in that order. It returns the
// filters, or a problem to show them (already plain text) that says what
// would work.
func (s *Service) ResolveScope(ctx context.Context, text string) ([]index.Filter, string) {
	q := index.ParseQuery(text)
	var out []index.Filter
	for _, f := range q.Filters {
		if !ScopeKey(f.Key) {
			return nil, fmt.Sprintf("A scope keeps to reports or chapters: force:, report:, round: or area:, not %s:.", f.Key)
		}
		if problem := s.matches(ctx, f); problem != "" {
			return nil, problem
		}
		out = append(out, f)
	}
	if words := strings.Join(q.Words, " "); words != "" {
		f, ok := s.guessScope(ctx, words)
		if !ok {
			return nil, fmt.Sprintf("No loaded report, force, round or chapter is called “%s”. Loaded: %s.", words, s.reportList())
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, "Say what to keep to: a force, a report, a round or a chapter."
	}
	return out, ""
}

// guessScope is the first of report, force, round and area that words
// name and that keeps something.
func (s *Service) guessScope(ctx context.Context, words string) (index.Filter, bool) {
	for _, key := range []string{"report", "force", "round", "area"} {
		f := index.Filter{Key: key, Value: words}
		if key == "report" {
			f.Value = strings.ToLower(strings.ReplaceAll(words, " ", "-"))
		}
		if s.matches(ctx, f) == "" {
			return f, true
		}
	}
	return index.Filter{}, false
}

// matches says why filter f keeps nothing, or "" when it keeps passages:
// the index is asked, so a scope means what the filter means in a
// question.
func (s *Service) matches(ctx context.Context, f index.Filter) string {
	res, err := s.Index.Search(ctx, index.Request{Query: f.String(), Limit: 1})
	switch {
	case err != nil:
		return "Sorry, the reports could not be searched just now; please try again in a moment."
	case res.Problem != "":
		return res.Problem
	case res.Total == 0:
		return fmt.Sprintf("Nothing in the loaded reports matches %s.", f)
	}
	return ""
}

// reportList names the loaded reports, for a problem.
func (s *Service) reportList() string {
	var names []string
	for i, r := range s.Library.Reports {
		if i == 10 {
			names = append(names, fmt.Sprintf("and %d more", len(s.Library.Reports)-i))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", corpus.ReportName(r), r.ID))
	}
	return strings.Join(names, ", ")
}

// DescribeScope says in a few words what filters keep to, as an answer's
// scope line shows it: "Hertfordshire Constabulary reports", "the
// “investigating” chapters".
func (s *Service) DescribeScope(filters []index.Filter) string {
	var parts []string
	for _, f := range filters {
		parts = append(parts, s.describe(f))
	}
	return strings.Join(parts, ", ")
}

func (s *Service) describe(f index.Filter) string {
	if f.Key == "area" {
		return fmt.Sprintf("the “%s” chapters", f.Value)
	}
	m, ok := s.Index.(interface{ ReportsMatching(index.Filter) []string })
	if !ok || s.Library == nil {
		return f.String()
	}
	ids := m.ReportsMatching(f)
	forces := map[string]bool{}
	var reports []*corpus.Report
	for _, id := range ids {
		if r := s.Library.Report(id); r != nil {
			reports = append(reports, r)
			forces[r.Force] = true
		}
	}
	switch {
	case len(reports) == 1:
		return corpus.ReportName(reports[0])
	case len(forces) == 1:
		return reports[0].Force + " reports"
	case f.Key == "round":
		return fmt.Sprintf("the %s reports", f.Value)
	case len(reports) > 1:
		return fmt.Sprintf("%d reports (%s)", len(reports), f)
	}
	return f.String()
}
