package tracker

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Filter picks items, from the words people write after /peel afi,
// peelbot afi list and peelbot export:
//
//	force:herts          the force's name or short name (herts, hertfordshire)
//	report:herts-2021    one report, by id (or the start of it)
//	type:afi             afi, concern or recommendation (rec, coc too)
//	status:"in progress" one status; status:open is every outstanding one
//	                     (the default), status:all every item
//	owner:me             a member (<@U…>, U…), me, or nobody
//	area:investigating   words of the area (chapter) it was raised in
//	rag:red              red, amber or green
//	overdue              due before today
//	due:30d              due by 30 days from today, overdue included
//	                     (also 2w, 3m)
//
// Several filters all apply; a filter given twice (type:afi type:rec)
// accepts either value. Words that are no filter are refused, so that a
// typo never silently lists everything.
type Filter struct {
	Force, Report, Area string
	Types               []Type
	Statuses            []Status
	// AllStatuses (status:all) lists closed and superseded items too;
	// without statuses, only outstanding items are listed.
	AllStatuses bool
	// Owners are member ids; Me stands for whoever asks; Nobody for no
	// owner.
	Owners      []string
	Me, Nobody  bool
	RAGs        []RAG
	Overdue     bool
	DueWithin   int // days; 0 for no due: filter
	hasDueLimit bool
	// Text is the filter written back in its normal form, for paging
	// buttons and file names; "" for no filter.
	Text string
}

// IsZero reports whether the filter picks every outstanding item.
func (f Filter) IsZero() bool { return f.Text == "" }

// FilterWords are the names of the filters, for help and for telling a
// filter from an id.
var FilterWords = []string{"force", "report", "type", "status", "owner", "area", "rag", "due", "overdue"}

// LooksLikeFilter reports whether word is a filter (a name before a
// colon, or "overdue"), rather than an item's id.
func LooksLikeFilter(word string) bool {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "overdue" {
		return true
	}
	name, _, ok := strings.Cut(w, ":")
	return ok && slices.Contains(FilterWords, name)
}

// ParseFilter reads filters written as above, or explains, for the person
// who wrote them, the first that is wrong.
func ParseFilter(text string) (Filter, error) {
	var f Filter
	var norm []string
	for _, tok := range splitWords(text) {
		low := strings.ToLower(tok)
		if low == "overdue" {
			f.Overdue = true
			norm = append(norm, "overdue")
			continue
		}
		name, value, ok := strings.Cut(tok, ":")
		name = strings.ToLower(name)
		value = strings.TrimSpace(strings.Trim(value, `"“”'`))
		if !ok || !slices.Contains(FilterWords, name) {
			return Filter{}, Errorf(ErrInvalidInput, "%q is not a filter; filters are force:, report:, type:, status:, owner:, area:, rag:, due:30d and overdue", clip(tok, 40))
		}
		if value == "" && name != "overdue" {
			return Filter{}, Errorf(ErrInvalidInput, "%s: needs a value, such as %s", name, filterExample[name])
		}
		lv := strings.ToLower(value)
		switch name {
		case "force":
			f.Force = lv
		case "report":
			f.Report = lv
		case "area":
			f.Area = lv
		case "type":
			t, ok := ParseType(value)
			if !ok {
				return Filter{}, Errorf(ErrInvalidInput, "type:%s is not a type; use type:afi, type:concern or type:recommendation", clip(value, 30))
			}
			f.Types = append(f.Types, t)
		case "status":
			switch lv {
			case "open", "outstanding":
				f.Statuses = append(f.Statuses, StatusAwaiting, StatusInProgress, StatusPending)
			case "all", "any":
				f.AllStatuses = true
			default:
				st, ok := ParseStatus(value)
				if !ok {
					return Filter{}, Errorf(ErrInvalidInput, "status:%s is not a status; use awaiting-allocation, in-progress, pending-signoff, closed, superseded, open or all", clip(value, 30))
				}
				f.Statuses = append(f.Statuses, st)
			}
			value = strings.ReplaceAll(lv, " ", "-")
		case "owner":
			switch lv {
			case "me", "mine", "myself":
				f.Me, value = true, "me"
			case "nobody", "none", "noone", "no-one":
				f.Nobody, value = true, "nobody"
			default:
				m, ok := ParseMember(value)
				if !ok {
					return Filter{}, Errorf(ErrInvalidInput, "owner:%s is not a person peelbot can tell; mention them (owner:@name), or write owner:me or owner:nobody", clip(value, 30))
				}
				f.Owners, value = append(f.Owners, m), m
			}
		case "rag":
			r := RAG(lv)
			if !slices.Contains(RAGs, r) {
				return Filter{}, Errorf(ErrInvalidInput, "rag:%s is not a rating; use rag:red, rag:amber or rag:green", clip(value, 30))
			}
			f.RAGs = append(f.RAGs, r)
		case "due":
			n, err := parseDays(lv)
			if err != nil {
				return Filter{}, err
			}
			f.DueWithin, f.hasDueLimit = n, true
			value = strconv.Itoa(n) + "d"
		}
		if strings.ContainsAny(value, " \t") {
			value = `"` + value + `"`
		}
		norm = append(norm, name+":"+value)
	}
	f.Text = strings.Join(norm, " ")
	return f, nil
}

var filterExample = map[string]string{
	"force": "force:herts", "report": "report:herts-2021", "type": "type:recommendation", "status": `status:"in progress"`,
	"owner": "owner:me", "area": "area:investigating", "rag": "rag:red", "due": "due:30d",
}

// parseDays reads a period: "30d", "30", "2w", "3m".
func parseDays(s string) (int, error) {
	unit := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "w"):
		s, unit = strings.TrimSuffix(s, "w"), 7
	case strings.HasSuffix(s, "m"):
		s, unit = strings.TrimSuffix(s, "m"), 30
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n*unit > 3660 {
		return 0, Errorf(ErrInvalidInput, "due:%s is not a period; write due:30d (days), due:2w (weeks) or due:3m (months)", clip(s, 20))
	}
	return n * unit, nil
}

// splitWords splits text at spaces, keeping a quoted value ("in
// progress", “in progress”) whole.
func splitWords(text string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range text {
		switch {
		case r == '"' || r == '“' || r == '”':
			quoted = !quoted
			cur.WriteRune('"')
		case (r == ' ' || r == '\t' || r == '\n') && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// View is what a filter and a list are judged against: who asks, the
// workspace's day and zone, and the reports.
type View struct {
	Me      string
	Today   time.Time
	Loc     *time.Location
	Catalog *Catalog
	Rules   Rules
}

// Match reports whether the filter picks e, as seen from v.
func (f Filter) Match(e Entry, v View) bool {
	it, src := e.Item, e.Source
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, it.Status):
		return false
	case len(f.Statuses) == 0 && !f.AllStatuses && !it.Status.Outstanding():
		return false
	case len(f.Types) > 0 && !slices.Contains(f.Types, src.Type):
		return false
	case f.Report != "" && src.ReportID != f.Report && !strings.HasPrefix(src.ReportID, f.Report):
		return false
	case f.Area != "" && !strings.Contains(strings.ToLower(src.Area), f.Area):
		return false
	case f.Overdue && !Overdue(it, v.Today):
		return false
	case f.hasDueLimit && (!it.Status.Outstanding() || it.Due() == nil || it.Due().After(v.Today.AddDate(0, 0, f.DueWithin))):
		return false
	}
	if f.Force != "" && !forceMatches(f.Force, src, v.Catalog) {
		return false
	}
	if f.Me || f.Nobody || len(f.Owners) > 0 {
		ok := (f.Me && it.Owner != "" && it.Owner == v.Me) || (f.Nobody && it.Owner == "") || slices.Contains(f.Owners, it.Owner)
		if !ok {
			return false
		}
	}
	if len(f.RAGs) > 0 {
		r, _ := v.Rules.Rate(it, v.Today, v.Loc)
		if !slices.Contains(f.RAGs, r) {
			return false
		}
	}
	return true
}

// forceMatches reports whether the item's report is of the force named:
// its name contains the words ("hertfordshire"), or its id starts with
// them ("herts").
func forceMatches(name string, src *Source, c *Catalog) bool {
	if strings.HasPrefix(src.ReportID, name) {
		return true
	}
	r := c.Report(src)
	return r != nil && strings.Contains(strings.ToLower(r.Force), name)
}

// Select keeps the entries the filter picks, most urgent first (see
// SortByUrgency).
func (f Filter) Select(entries []Entry, v View) []Entry {
	var out []Entry
	for _, e := range entries {
		if f.Match(e, v) {
			out = append(out, e)
		}
	}
	SortByUrgency(out, v)
	return out
}

// Urgency is how soon an item needs attention, most urgent first:
// overdue (the longest overdue first), due within the RAG rules' due-soon
// days (the soonest first), red for want of an owner, amber for a
// sign-off waiting, the rest outstanding, then closed and superseded.
type Urgency int

// The urgencies.
const (
	UrgencyOverdue Urgency = iota
	UrgencyDueSoon
	UrgencyUnowned
	UrgencySignoff
	UrgencyOutstanding
	UrgencyDone
)

// Label says an urgency as a list's heading does.
func (u Urgency) Label() string {
	return [...]string{"Overdue", "Due soon", "Awaiting an owner", "Waiting for sign-off", "Outstanding", "Closed or superseded"}[u]
}

// UrgencyOf says how urgent it is on v's day.
func UrgencyOf(it Item, v View) Urgency {
	switch {
	case !it.Status.Outstanding():
		return UrgencyDone
	case Overdue(it, v.Today):
		return UrgencyOverdue
	case DueWithin(it, v.Today, v.Rules.DueSoonDays):
		return UrgencyDueSoon
	}
	switch r, _ := v.Rules.Rate(it, v.Today, v.Loc); {
	case r == Red:
		return UrgencyUnowned
	case r == Amber || it.Status == StatusPending:
		return UrgencySignoff
	}
	return UrgencyOutstanding
}

// SortByUrgency orders entries most urgent first; within an urgency, by
// due date, then as the reports order them.
func SortByUrgency(entries []Entry, v View) {
	pos := make(map[string]int, len(entries))
	for i, e := range entries {
		pos[e.Item.ID] = i
	}
	slices.SortStableFunc(entries, func(a, b Entry) int {
		ua, ub := UrgencyOf(a.Item, v), UrgencyOf(b.Item, v)
		if ua != ub {
			return int(ua) - int(ub)
		}
		da, db := a.Item.Due(), b.Item.Due()
		switch {
		case da != nil && db != nil && !da.Equal(*db):
			return da.Compare(*db)
		case da != nil && db == nil:
			return -1
		case da == nil && db != nil:
			return 1
		}
		return pos[a.Item.ID] - pos[b.Item.ID]
	})
}

// Describe says what the filter picks, for a heading: "overdue
// recommendations of herts", "every outstanding item".
func (f Filter) Describe() string {
	if f.IsZero() {
		return "outstanding items"
	}
	return fmt.Sprintf("items matching %s", f.Text)
}
