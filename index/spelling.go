package index

import "strings"

// formKind says how a word no report uses was read.
type formKind int

const (
	formNone       formKind = iota // spelt right, or nothing close
	formSplit                      // two words run together: "digivan" → "digi van"
	formCompletion                 // a shortening: "exec" → "executive"
	formTypo                       // a misspelling: "safegaurding" → "safeguarding"
)

// wordForm returns the report word (or two words) a question's word most
// likely means when no report uses the word as typed, and how it was read.
// A shortening and a split are tried before a misspelling, since they keep
// every letter typed.
func (ix *Index) wordForm(word string) (string, formKind) {
	if parts := ix.splitCompound(word); parts != "" {
		return parts, formSplit
	}
	if full := ix.completion(word); full != "" {
		return full, formCompletion
	}
	if !ix.unknown(word) {
		return "", formNone
	}
	if fix := ix.nearestWord(word); fix != "" {
		return fix, formTypo
	}
	return "", formNone
}

// splitCompound splits a word found nowhere in the reports into two words
// that are there ("digivan" → "digi van"), or returns "".
func (ix *Index) splitCompound(word string) string {
	lw := strings.ToLower(word)
	if len(lw) < 6 || ix.meta.Vocabulary[lw] > 0 || strings.ContainsAny(lw, "-'’./") {
		return ""
	}
	best, bestCount := "", 0
	for i := 2; i <= len(lw)-2; i++ {
		a, b := lw[:i], lw[i:]
		na, nb := ix.meta.Vocabulary[a], ix.meta.Vocabulary[b]
		if na > 0 && nb > 0 && (best == "" || min(na, nb) > bestCount) {
			best, bestCount = a+" "+b, min(na, nb)
		}
	}
	if best != "" && len(ix.analyze(best)) < 2 {
		return "" // a stop word on one side ("whatever" → "what ever")
	}
	return best
}

// unknown reports whether a word of five letters or more appears nowhere
// in the reports, as misspellings do.
func (ix *Index) unknown(w string) bool {
	t := ix.analyze(w)
	return len([]rune(w)) >= 5 && len(t) == 1 && !ix.terms[t[0]]
}

// completion returns the commonest report word that a word of four
// letters or more, found nowhere in the reports, is the start of: people
// shorten ("exec" for executive, "stats" for statistics).
func (ix *Index) completion(w string) string {
	lw := strings.ToLower(w)
	n := len([]rune(lw))
	if n < 4 || ix.meta.Vocabulary[lw] > 0 || strings.ContainsAny(lw, "0123456789-'’./") {
		return ""
	}
	if t := ix.analyze(lw); len(t) != 1 || ix.terms[t[0]] {
		return ""
	}
	best, bestCount := "", 0
	for l := n + 2; l <= n+12; l++ {
		for _, v := range ix.wordsByLen[l] {
			if strings.HasPrefix(v.word, lw) && (v.count > bestCount || v.count == bestCount && v.word < best) {
				best, bestCount = v.word, v.count
			}
		}
	}
	return best
}

// nearestWord finds the most common report word within the edit distance a
// typo allows, or "" when the word is known or nothing is close.
func (ix *Index) nearestWord(w string) string {
	lw := strings.ToLower(w)
	if ix.meta.Vocabulary[lw] > 0 || len([]rune(lw)) < 4 {
		return ""
	}
	allowed := 1
	if len([]rune(lw)) >= 8 {
		allowed = 2
	}
	best, bestDist, bestCount := "", allowed+1, 0
	rw := []rune(lw)
	n := len(rw)
	var ed editRows
	var rv []rune
	for l := n - allowed; l <= n+allowed; l++ {
		for _, v := range ix.wordsByLen[l] {
			if v.word[0] != lw[0] {
				continue // people rarely mistype a word's first letter
			}
			rv = rv[:0]
			for _, r := range v.word {
				rv = append(rv, r)
			}
			d := ed.distance(rw, rv, allowed)
			if d < bestDist || (d == bestDist && (v.count > bestCount || v.count == bestCount && v.word < best)) {
				best, bestDist, bestCount = v.word, d, v.count
			}
		}
	}
	if bestDist > allowed {
		return ""
	}
	return best
}

// editRows holds the rows of an edit distance computation, reused from one
// comparison to the next: nearestWord compares a word with thousands, and
// allocating rows for each was most of the time of a question with a typo.
type editRows struct{ prev2, prev, cur []int }

// distance is the Damerau–Levenshtein (optimal string alignment) distance
// between a and b, or limit+1 once it must exceed limit.
func (e *editRows) distance(a, b []rune, limit int) int {
	n := len(b) + 1
	if cap(e.cur) < n {
		e.prev2, e.prev, e.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := e.prev2[:n], e.prev[:n], e.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
