package corpus

import (
	"sort"
	"strings"
)

// areaHints tie a judgments-grid area to its chapter where the grid's short
// name shares no words with the chapter's title. They are the names the PEEL
// assessment frameworks themselves use (2021/22 and 2023–25).
var areaHints = map[string][]string{
	"developing a positive workplace":    {"workforce", "workplace"},
	"good use of resources":              {"value for money", "resources", "operating efficiently", "efficien"},
	"treatment of the public":            {"treating the public", "treatment of the public", "fairness and respect", "public treatment"},
	"police powers and public treatment": {"police powers", "public treatment", "treating the public"},
	"leadership and force management":    {"leadership", "force management"},
	"recording data about crime":         {"crime data", "recording data", "data integrity"},
	"preventing crime":                   {"prevent"},
	"managing offenders":                 {"offenders"},
}

// numberWords reads the small numbers reports write in words.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

func readCount(s string) (int, bool) {
	s = strings.ToLower(s)
	if n, ok := numberWords[s]; ok {
		return n, true
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, s != ""
}

// areaWords are the words of an area or chapter name that say what it is
// about, cut to a common stem ("treatment" and "treating" both give "treat").
func areaWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if glueWords[w] || len(w) < 3 || w == "good" || w == "public" {
			continue
		}
		if len(w) > 5 {
			w = w[:5]
		}
		out[w] = true
	}
	return out
}

// matchScore says how well a grid area names a chapter.
func matchScore(area string, ch *Chapter) int {
	about := strings.ToLower(ch.Title + " " + ch.Summary)
	score := 0
	for _, h := range areaHints[strings.ToLower(area)] {
		if strings.Contains(about, h) {
			score += 10
		}
	}
	chw := areaWords(about)
	for w := range areaWords(area) {
		if chw[w] {
			score++
		}
	}
	if sameTitle(area, ch.Title) {
		score += 100
	}
	return score
}

// reconcileGrades pairs each area of the judgments grid with its chapter
// and requires the two to give the same rating. It also checks the grid
// against the number of graded areas the report states.
func (p *parser) reconcileGrades() error {
	var graded []*Chapter
	for _, c := range p.rep.Chapters {
		if c.Grade != "" {
			graded = append(graded, c)
		}
	}
	if p.grid == nil {
		for _, c := range graded {
			p.rep.Grades = append(p.rep.Grades, Grade{ReportID: p.rep.ID, Area: c.Title, Rating: c.Grade, Chapter: c.Title})
			c.Area = c.Title
		}
		if len(graded) > 0 {
			p.warnf(graded[0].line, "no judgments grid; grades are taken from the chapters' grade lines")
		}
		return nil
	}
	if p.gradedWord != "" {
		if n, ok := readCount(p.gradedWord); ok && n != len(p.grid) {
			return p.errorf(p.gradedLine, "the report says %s areas are graded but the judgments grid (line %d) grades %d", p.gradedWord, p.gridLine, len(p.grid))
		}
	}

	type pair struct{ area, chapter, score int }
	var pairs []pair
	for a, g := range p.grid {
		for c, ch := range graded {
			if s := matchScore(g.Area, ch); s > 0 {
				pairs = append(pairs, pair{a, c, s})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].score > pairs[j].score })
	chapterOf := make([]int, len(p.grid))
	for i := range chapterOf {
		chapterOf[i] = -1
	}
	taken := make([]bool, len(graded))
	for _, pr := range pairs {
		if chapterOf[pr.area] < 0 && !taken[pr.chapter] {
			chapterOf[pr.area], taken[pr.chapter] = pr.chapter, true
		}
	}
	var freeAreas, freeChapters []int
	for a, c := range chapterOf {
		if c < 0 {
			freeAreas = append(freeAreas, a)
		}
	}
	for c, t := range taken {
		if !t {
			freeChapters = append(freeChapters, c)
		}
	}
	if len(freeAreas) == 1 && len(freeChapters) == 1 {
		chapterOf[freeAreas[0]] = freeChapters[0]
		freeAreas, freeChapters = nil, nil
	}
	if len(freeAreas) > 0 {
		return p.errorf(p.gridLine, "the judgments grid grades %q but no graded chapter matches it", p.grid[freeAreas[0]].Area)
	}
	if len(freeChapters) > 0 {
		ch := graded[freeChapters[0]]
		return p.errorf(ch.line, "chapter %q is graded %s but the judgments grid (line %d) does not grade it", ch.Title, ch.Grade, p.gridLine)
	}
	for a, g := range p.grid {
		ch := graded[chapterOf[a]]
		if ch.Grade != g.Rating {
			return p.errorf(ch.line, "chapter %q is graded %s here but the judgments grid (line %d) grades %q %s", ch.Title, ch.Grade, p.gridLine, g.Area, g.Rating)
		}
		ch.Area = g.Area
		p.rep.Grades = append(p.rep.Grades, Grade{ReportID: p.rep.ID, Area: g.Area, Rating: g.Rating, Chapter: ch.Title})
	}
	// Keep grades in report order, as a reader meets them.
	order := map[string]int{}
	for i, c := range p.rep.Chapters {
		order[c.Title] = i
	}
	sort.SliceStable(p.rep.Grades, func(i, j int) bool { return order[p.rep.Grades[i].Chapter] < order[p.rep.Grades[j].Chapter] })
	return nil
}
