package corpus

import (
	"math"
	"sort"
	"strings"
)

// The judgments grid is a table. Reports set it in two ways: five columns
// headed by the ratings, each holding the areas given that rating (2021/22),
// or the areas in one column beside their grades in the next. Either is
// read from where its text sits, helped by the cells' borders or fills
// when the PDF paints them, and handed to the parser as the text layout's
// grid lines.

// tableRun is a run of a table: its text and box.
type tableRun struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
}

func (r tableRun) cx() float64 { return (r.x0 + r.x1) / 2 }

// tableRuns are a page's runs, top to bottom and left to right, grouped in
// lines by baseline.
func tableRuns(pg *pdfPage) [][]tableRun {
	var runs []tableRun
	for _, r := range pg.runs {
		if t := collapseSpaces(r.text); t != "" {
			runs = append(runs, tableRun{text: t, x0: r.x, x1: r.x + r.w, y: r.y, size: r.size})
		}
	}
	sort.SliceStable(runs, func(i, j int) bool {
		if math.Abs(runs[i].y-runs[j].y) > 1 {
			return runs[i].y > runs[j].y
		}
		return runs[i].x0 < runs[j].x0
	})
	var lines [][]tableRun
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) && math.Abs(runs[j].y-runs[i].y) <= 1 {
			j++
		}
		lines = append(lines, runs[i:j])
		i = j
	}
	return lines
}

// findGrid finds the judgments grid on a page.
func (d *pdfDoc) findGrid(pg *pdfPage, page int) (pdfBlock, pdfRegion, bool) {
	lines := tableRuns(pg)
	b, r, ok := d.ratingColumns(pg, lines, page)
	if !ok {
		b, r, ok = d.gradeColumn(pg, lines, page)
	}
	if ok {
		r = growToBoxes(r, pg.boxes)
	}
	return b, r, ok
}

// growToBoxes widens a table's region to the painted cells it mostly
// covers, so that their borders are not taken for a figure.
func growToBoxes(r pdfRegion, boxes []pdfBox) pdfRegion {
	for grew := true; grew; {
		grew = false
		for _, b := range boxes {
			if b.image {
				continue
			}
			ix := math.Min(r.x1, b.x1) - math.Max(r.x0, b.x0)
			iy := math.Min(r.y1, b.y1) - math.Max(r.y0, b.y0)
			if ix <= 0 || iy < -0.5 {
				continue
			}
			inside := b.y0 >= r.y0-1 && b.y1 <= r.y1+1
			if !inside && ix*math.Max(iy, 0) < 0.5*b.width()*b.height() {
				continue
			}
			n := pdfRegion{math.Min(r.x0, b.x0), math.Min(r.y0, b.y0), math.Max(r.x1, b.x1), math.Max(r.y1, b.y1)}
			if n != r {
				r, grew = n, true
			}
		}
	}
	return r
}

// headerCell is one rating heading of a five-column grid.
type headerCell struct {
	rating  Rating
	x0, x1  float64
	topY    float64
	bottomY float64
}

// ratingColumns reads a grid whose columns are headed by the ratings.
func (d *pdfDoc) ratingColumns(pg *pdfPage, lines [][]tableRun, page int) (pdfBlock, pdfRegion, bool) {
	for li, line := range lines {
		seen := map[Rating]bool{}
		for _, r := range line {
			if rt, ok := ParseRating(r.text); ok {
				seen[rt] = true
			} else if strings.EqualFold(r.text, "Requires") {
				seen[RequiresImprovement] = true
			}
		}
		if len(seen) < 3 {
			continue
		}
		// The heading cells: rating names near this line, a name wrapped
		// over two lines ("Requires / improvement") made one.
		size := line[0].size
		var cells []headerCell
		for lj := max(0, li-2); lj < len(lines) && lj <= li+3; lj++ {
			if math.Abs(lines[lj][0].y-line[0].y) > 2.5*size {
				continue
			}
			for _, r := range lines[lj] {
				merged := false
				for k := range cells {
					c := &cells[k]
					if r.x0 < c.x1 && c.x0 < r.x1 && (c.rating == "" || c.rating == RequiresImprovement) {
						if rt, ok := ParseRating(string(c.rating) + " " + r.text); ok || strings.EqualFold(r.text, "improvement") {
							if ok {
								c.rating = rt
							}
							c.x0, c.x1, c.bottomY = math.Min(c.x0, r.x0), math.Max(c.x1, r.x1), math.Min(c.bottomY, r.y)
							merged = true
						}
					}
				}
				if merged {
					continue
				}
				rt, ok := ParseRating(r.text)
				if !ok && strings.EqualFold(r.text, "Requires") {
					rt, ok = RequiresImprovement, true
				}
				if ok {
					cells = append(cells, headerCell{rating: rt, x0: r.x0, x1: r.x1, topY: r.y, bottomY: r.y})
				}
			}
		}
		sort.Slice(cells, func(i, j int) bool { return cells[i].x0 < cells[j].x0 })
		if len(cells) < 3 {
			continue
		}
		return d.readRatingColumns(pg, lines, cells, page, size)
	}
	return pdfBlock{}, pdfRegion{}, false
}

func (d *pdfDoc) readRatingColumns(pg *pdfPage, lines [][]tableRun, cells []headerCell, page int, size float64) (pdfBlock, pdfRegion, bool) {
	// Column bounds: the heading cells' painted boxes, else halfway
	// between neighbouring headings.
	type column struct{ x0, x1 float64 }
	cols := make([]column, len(cells))
	headTop, headBottom := math.Inf(-1), math.Inf(1)
	regionTop, boxBottom := math.Inf(-1), math.Inf(1)
	for i, c := range cells {
		headTop, headBottom = math.Max(headTop, c.topY), math.Min(headBottom, c.bottomY)
		regionTop = math.Max(regionTop, c.topY+size)
		cx := (c.x0 + c.x1) / 2
		if b := smallestBox(pg.boxes, cx, c.topY+size/3, 0); b != nil && b.width() < 3*(c.x1-c.x0)+40 {
			cols[i] = column{b.x0, b.x1}
			regionTop, boxBottom = math.Max(regionTop, b.y1), math.Min(boxBottom, b.y0)
			continue
		}
		var lo, hi float64
		if i > 0 {
			lo = (cx + (cells[i-1].x0+cells[i-1].x1)/2) / 2
		}
		if i+1 < len(cells) {
			hi = (cx + (cells[i+1].x0+cells[i+1].x1)/2) / 2
		}
		if i == 0 {
			lo = cx - (hi - cx)
		}
		if i+1 == len(cells) {
			hi = cx + (cx - lo)
		}
		cols[i] = column{lo, hi}
	}
	left, right := cols[0].x0, cols[len(cols)-1].x1
	colOf := func(r tableRun) int {
		for i, c := range cols {
			if r.cx() >= c.x0-1 && r.cx() <= c.x1+1 {
				return i
			}
		}
		return -1
	}
	// The table's body: lines below the headings whose runs all sit in a
	// column, down to the end of the painted cells joined to the
	// headings' or, unpainted, a paragraph's gap.
	cellBottom := boxBottom
	for grew := !math.IsInf(cellBottom, 1); grew; {
		grew = false
		for _, b := range pg.boxes {
			if !b.image && b.x0 >= left-2 && b.x1 <= right+2 && b.y1 >= cellBottom-2 && b.y0 < cellBottom-0.5 {
				cellBottom, grew = b.y0, true
			}
		}
	}
	boxed := !math.IsInf(cellBottom, 1)
	var body []tableRun
	prevY := headBottom
	for _, line := range lines {
		if line[0].y >= headBottom-0.5 {
			continue
		}
		if boxed && line[0].y < cellBottom {
			break
		}
		inTable := true
		for _, r := range line {
			if colOf(r) < 0 || r.x1-r.x0 > 1.3*(right-left)/float64(len(cols)) {
				inTable = false
			}
		}
		if !inTable || (!boxed && prevY-line[0].y > 3*size) {
			break
		}
		body = append(body, line...)
		prevY = line[0].y
	}
	// Cells: the painted box each run is in, else runs of one column close
	// enough to be one wrapped name.
	colCells := make([][]string, len(cols))
	type cellKey struct {
		col int
		box *pdfBox
	}
	lastKey := make([]*cellKey, len(cols))
	lastY := make([]float64, len(cols))
	for _, r := range body {
		c := colOf(r)
		var box *pdfBox
		if boxed {
			box = smallestBox(pg.boxes, r.cx(), r.y+r.size/3, headBottom)
		}
		k := lastKey[c]
		same := k != nil && ((boxed && box != nil && k.box == box) || (!boxed && lastY[c]-r.y <= 1.3*r.size && startsLower(r.text)))
		if same {
			colCells[c][len(colCells[c])-1] += " " + r.text
		} else {
			colCells[c] = append(colCells[c], r.text)
			lastKey[c] = &cellKey{c, box}
		}
		lastY[c] = r.y
	}
	rows := 0
	for _, cc := range colCells {
		rows = max(rows, len(cc))
	}
	if rows == 0 {
		return pdfBlock{}, pdfRegion{}, false
	}
	head := make([]string, len(cells))
	for i, c := range cells {
		head[i] = string(c.rating)
	}
	grid := []string{strings.Join(head, "\t")}
	for r := 0; r < rows; r++ {
		row := make([]string, len(cols))
		for c := range cols {
			if r < len(colCells[c]) {
				row[c] = colCells[c][r]
			}
		}
		grid = append(grid, strings.Join(row, "\t"))
	}
	bottom := prevY - size
	if boxed {
		bottom = cellBottom
	}
	region := pdfRegion{left, bottom, right, regionTop}
	return pdfBlock{kind: pdfGrid, grid: grid, page: page, end: page, top: headTop, bottom: bottom, size: size}, region, true
}

// gradeColumn reads a grid of two columns: each area beside its grade.
func (d *pdfDoc) gradeColumn(pg *pdfPage, lines [][]tableRun, page int) (pdfBlock, pdfRegion, bool) {
	// Runs that are a rating and nothing else, with text to their left.
	type gradeRun struct {
		run    tableRun
		rating Rating
	}
	byX := map[int][]gradeRun{}
	for _, line := range lines {
		for k, r := range line {
			rt, ok := ParseRating(r.text)
			if !ok || k == 0 || line[k-1].x1 > r.x0-3 {
				continue
			}
			key := int(math.Round(r.x0 / 4))
			byX[key] = append(byX[key], gradeRun{r, rt})
		}
	}
	var grades []gradeRun
	for _, g := range byX {
		if len(g) > len(grades) {
			grades = g
		}
	}
	if len(grades) < 3 {
		return pdfBlock{}, pdfRegion{}, false
	}
	gx := grades[0].run.x0
	size := grades[0].run.size
	left := math.Inf(1)
	// Each row runs from its grade's line down to the next row; an area's
	// name may wrap over several lines of its cell.
	colPos := ratingIndex()
	grid := []string{joinRatings()}
	var top, bottom float64
	for i, g := range grades {
		hi := g.run.y + 1.5*g.run.size
		lo := math.Inf(-1)
		if b := smallestBox(pg.boxes, g.run.cx(), g.run.y+g.run.size/3, 0); b != nil {
			hi, lo = b.y1, b.y0
		} else if i+1 < len(grades) {
			lo = grades[i+1].run.y + 1.5*g.run.size
		}
		var area []string
		prev := g.run.y
		for _, line := range lines {
			for _, r := range line {
				if r.x1 > gx-3 || r.y > hi || r.y <= lo {
					continue
				}
				if math.IsInf(lo, -1) && prev-r.y > 1.6*r.size {
					continue
				}
				area = append(area, r.text)
				prev = r.y
				left = math.Min(left, r.x0)
			}
		}
		if len(area) == 0 {
			return pdfBlock{}, pdfRegion{}, false
		}
		row := make([]string, len(Ratings))
		row[colPos[g.rating]] = strings.Join(area, " ")
		grid = append(grid, strings.Join(row, "\t"))
		if i == 0 {
			top = hi
		}
		bottom = math.Min(prev, g.run.y) - 0.5*size
		if !math.IsInf(lo, -1) {
			bottom = lo
		}
	}
	// A heading row ("Area", "Grade") above the first row belongs to the
	// table, not to the text.
	for _, line := range lines {
		y := line[0].y
		if y > top-size && y-top < 2.5*size && len(line) <= 3 {
			top = math.Max(top, y+size)
			if b := smallestBox(pg.boxes, line[0].cx(), y+size/3, 0); b != nil {
				top = math.Max(top, b.y1)
			}
		}
	}
	right := 0.0
	for _, g := range grades {
		right = math.Max(right, g.run.x1)
	}
	region := pdfRegion{left, bottom, right, top}
	return pdfBlock{kind: pdfGrid, grid: grid, page: page, end: page, top: top, bottom: bottom, size: size}, region, true
}

func ratingIndex() map[Rating]int {
	m := map[Rating]int{}
	for i, r := range Ratings {
		m[r] = i
	}
	return m
}

func joinRatings() string {
	names := make([]string, len(Ratings))
	for i, r := range Ratings {
		names[i] = string(r)
	}
	return strings.Join(names, "\t")
}

// smallestBox is the smallest painted box holding the point, at or below
// the height below (a table's heading row is not one of its cells).
func smallestBox(boxes []pdfBox, x, y, below float64) *pdfBox {
	var best *pdfBox
	for i := range boxes {
		b := &boxes[i]
		if b.image || x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1 {
			continue
		}
		if below != 0 && b.y1 > below+1 {
			continue
		}
		if best == nil || b.width()*b.height() < best.width()*best.height() {
			best = b
		}
	}
	return best
}
