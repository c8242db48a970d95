package index

import (
	"context"
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// topicList is peelbot's list of policing topics (data/topics.txt): what a
// question may be about that the loaded reports either cover or don't.
//
//go:embed data/topics.txt
var topicList string

// topic is one policing topic and the forms it is written in.
type topic struct {
	forms    []string   // lower case, as written in the list
	analysed [][]string // each form analysed
}

// topics holds the topic list as one index reads it, and whether the
// loaded reports use each topic, found out on first need.
type topics struct {
	once    sync.Once
	list    []topic
	mu      sync.Mutex
	present map[int]bool
}

func (ix *Index) topicList() []topic {
	ix.topics.once.Do(func() {
		for _, line := range strings.Split(topicList, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			var t topic
			for _, f := range splitList(line) {
				if a := ix.analyze(f); len(a) > 0 {
					t.forms = append(t.forms, strings.ToLower(f))
					t.analysed = append(t.analysed, a)
				}
			}
			if len(t.forms) > 0 {
				ix.topics.list = append(ix.topics.list, t)
			}
		}
		ix.topics.present = map[int]bool{}
	})
	return ix.topics.list
}

// isTopicForm reports whether a word is one of the forms of a policing
// topic (data/topics.txt), ignoring case.
func (ix *Index) isTopicForm(w string) bool {
	lw := strings.ToLower(w)
	for _, t := range ix.topicList() {
		if slices.Contains(t.forms, lw) {
			return true
		}
	}
	return false
}

// namedTopics returns the topics a question names, each as the question
// words it was named with, and whether any loaded report uses the topic.
func (ix *Index) namedTopics(ctx context.Context, q *question) []string {
	var absent, covered []string
	list := ix.topicList()
	lower := make([]string, len(q.words))
	for i, w := range q.words {
		lower[i] = strings.ToLower(w)
	}
	for i, t := range list {
		said := ""
		for j, a := range t.analysed {
			if !containsRun(q.terms, a) {
				continue
			}
			if len(a) == 1 && !containsWordForm(lower, t.forms[j]) {
				continue // the same stem, another word: "speed" is not "speeding"
			}
			said = t.forms[j]
			break
		}
		if said == "" {
			continue
		}
		if ix.topicPresent(ctx, i, t) {
			covered = append(covered, said)
		} else {
			absent = append(absent, said)
		}
	}
	lraw := strings.Join(strings.Fields(strings.ToLower(q.parsed.Raw)), " ")
	out := absent[:0]
	for _, said := range absent {
		if !eitherOf(lraw, said, covered) {
			out = append(out, asTyped(q.parsed.Raw, said))
		}
	}
	return out
}

// eitherOf reports whether a question offers a topic as the alternative
// of one the reports cover ("a cell for drugs or knives"): it asks about
// either, and the reports answer about the one they cover. Topics joined
// by "and" are each asked about.
func eitherOf(lraw, said string, covered []string) bool {
	for _, c := range covered {
		if strings.Contains(lraw, c+" or "+said) || strings.Contains(lraw, said+" or "+c) {
			return true
		}
	}
	return false
}

// containsWordForm reports whether words hold form, or form with or
// without a plural s.
func containsWordForm(words []string, form string) bool {
	for _, w := range words {
		if w == form || w == form+"s" || w+"s" == form {
			return true
		}
	}
	return false
}

// topicPresent reports whether any loaded report uses a form of topic i:
// a word as written (or with a plural s), a phrase as a phrase.
func (ix *Index) topicPresent(ctx context.Context, i int, t topic) bool {
	ix.topics.mu.Lock()
	p, ok := ix.topics.present[i]
	ix.topics.mu.Unlock()
	if ok {
		return p
	}
	for j, f := range t.forms {
		if len(t.analysed[j]) == 1 && !strings.ContainsAny(f, " -") {
			if ix.meta.Vocabulary[f] > 0 || ix.meta.Vocabulary[f+"s"] > 0 || ix.meta.Vocabulary[strings.TrimSuffix(f, "s")] > 0 {
				p = true
				break
			}
			continue
		}
		if ix.containsPhrase(ctx, f) {
			p = true
			break
		}
	}
	if ctx.Err() != nil {
		return true // not found out: remember nothing, claim nothing
	}
	ix.topics.mu.Lock()
	ix.topics.present[i] = p
	ix.topics.mu.Unlock()
	return p
}

// asTyped returns the words of text that are phrase, ignoring case, as the
// question typed them ("Knife crime"), or phrase.
func asTyped(text, phrase string) string {
	lt := strings.ToLower(text)
	if i := strings.Index(lt, phrase); i >= 0 && len(lt) == len(text) {
		return text[i : i+len(phrase)]
	}
	return phrase
}
