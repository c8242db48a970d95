package index

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/peelbot/peelbot/corpus"
)

// Template text is the inspectorate's standard wording, which every report
// of a round carries with only the force's name changed: what PEEL is, how
// to read the report, what a section is about, what good looks like. It is
// kept, since it is sometimes what a question is about ("is the victim
// service assessment graded"), but it is not a finding about the force,
// so search ranks it as context below the findings (see templateFactor).
//
// It is found two ways, both of which work for any force's report:
//   - by rule: the standard explainer sections, signposting sentences, and
//     chapter introductions written in the inspectorate's voice about its
//     own assessment;
//   - by repetition: sentences that the reports of two or more forces
//     share once each force's name is set aside. This needs more than one
//     force's report loaded, and finds what no rule foresaw.

// templateSections are the titles of the standard sections that explain
// the inspection rather than report on the force.
var templateSections = regexp.MustCompile(`(?i)^(important changes to peel|terminology in this report|data in this report|about the data|about this (inspection|report)|our approach|methodology)$`)

// signposting finds the sentences that tell a reader where things are.
var signposting = regexp.MustCompile(`(?i)\b(in this section,? we set out|we set out our (detailed|main) findings|please view this report on our website|select the .?about the data.? section|this section (describes|sets out)|these are the findings i consider most important)\b`)

// inspectorateVoice and assessmentWords together mark text in which the
// inspectorate speaks about its own assessment ("We have identified seven
// themes…", "While this assessment is ungraded…"): in a chapter's
// introduction, that is standard wording.
var (
	inspectorateVoice = regexp.MustCompile(`(?i)\b(we|our)( have| also| now| don't| do not)? (identified|assess|assessed|inspect|inspected|introduced|make|use|used|set out|reviewed|inspection|assessment)\b`)
	assessmentWords   = regexp.MustCompile(`(?i)\b(assessments?|inspections?|judgments?|framework|themes|graded|ungraded|this section)\b`)
)

// ruleTemplate reports whether a passage is standard wording by rule alone.
func ruleTemplate(p *corpus.Passage) bool {
	if templateSections.MatchString(strings.TrimSpace(p.Chapter)) || templateSections.MatchString(strings.TrimSpace(p.Heading)) {
		return true
	}
	if signposting.MatchString(p.Text) {
		return true
	}
	// A chapter's or section's introduction: text before any headline.
	if p.Heading == "" && inspectorateVoice.MatchString(p.Text) && assessmentWords.MatchString(p.Text) {
		return true
	}
	return false
}

// templateShare is how much of a passage's text must be shared sentences
// for the passage to count as standard wording.
const templateShare = 0.5

// templatePassages returns the ids of the passages of lib that are
// standard wording, by rule or by repetition across forces.
func templatePassages(lib *corpus.Library) map[string]bool {
	out := map[string]bool{}
	// forcesOf counts, for each normalised sentence, the forces whose
	// reports have it.
	forcesOf := map[string]map[string]bool{}
	type sentenceOf struct {
		p    *corpus.Passage
		keys []string
		lens []int
	}
	var all []sentenceOf
	for _, r := range lib.Reports {
		names := forceNames(r.Force)
		for _, p := range r.Passages() {
			if ruleTemplate(p) {
				out[p.ID] = true
			}
			so := sentenceOf{p: p}
			for _, s := range sentences(p.Text) {
				k := normaliseSentence(s, names)
				if len(k) < 20 {
					continue // "This is an area for improvement." says nothing on its own
				}
				if forcesOf[k] == nil {
					forcesOf[k] = map[string]bool{}
				}
				forcesOf[k][strings.ToLower(r.Force)] = true
				so.keys = append(so.keys, k)
				so.lens = append(so.lens, len(s))
			}
			all = append(all, so)
		}
	}
	for _, so := range all {
		shared, total := 0, 0
		for i, k := range so.keys {
			total += so.lens[i]
			if len(forcesOf[k]) >= 2 {
				shared += so.lens[i]
			}
		}
		if total > 0 && float64(shared) >= templateShare*float64(total) {
			out[so.p.ID] = true
		}
	}
	return out
}

// forceNames are the ways a report names its force, longest first, to be
// set aside when comparing its sentences with another force's.
func forceNames(force string) []string {
	f := strings.ToLower(strings.TrimSpace(force))
	names := []string{f}
	for _, suffix := range []string{" constabulary", " police service", " police force", " police"} {
		if place, ok := strings.CutSuffix(f, suffix); ok {
			names = append(names, place)
			break
		}
	}
	return append(names, "the constabulary", "the force", "constabulary", "force")
}

// normaliseSentence is a sentence as every force's report would write it:
// lower case, the force named as "§", figures as "#", single-spaced.
func normaliseSentence(s string, names []string) string {
	s = strings.ToLower(s)
	for _, n := range names {
		s = strings.ReplaceAll(s, n, "§")
	}
	var b strings.Builder
	lastSpace, lastDigit := false, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			if !lastDigit {
				b.WriteByte('#')
			}
			lastDigit, lastSpace = true, false
		case unicode.IsSpace(r):
			if !lastSpace {
				b.WriteByte(' ')
			}
			lastSpace, lastDigit = true, false
		default:
			if lastDigit && (r == '.' || r == ',') {
				continue // "71.8", "1,207"
			}
			b.WriteRune(r)
			lastSpace, lastDigit = false, false
		}
	}
	return strings.TrimSpace(b.String())
}

// sentences splits text into sentences: at a full stop, question or
// exclamation mark followed by a space and a capital, and at each line
// (an introduced bullet list has one item a line).
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		rs := []rune(line)
		start := 0
		for i := 0; i < len(rs); i++ {
			if (rs[i] == '.' || rs[i] == '?' || rs[i] == '!') && i+2 < len(rs) && rs[i+1] == ' ' && unicode.IsUpper(rs[i+2]) {
				out = append(out, strings.TrimSpace(string(rs[start:i+1])))
				start = i + 2
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}
