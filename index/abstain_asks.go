package index

// What a question asks for that no report states: how-tos and contact
// details, findings reported elsewhere, topics the top passages only
// touch. Part of the judgment in abstain.go.

import (
	"context"
	"regexp"
	"strings"
)

// askingCueWords are the words, in lower case, of the cue by which a
// question asks for a kind of structured item ("fall short", "areas for
// improvement", "causes of concern", "recommend"), less the words the
// cue leaves as its subject ("what should call handlers do better").
func askingCueWords(in *Intent, raw string) map[string]bool {
	if in == nil {
		return nil
	}
	var cue *regexp.Regexp
	switch in.Kind {
	case IntentAFI:
		cue = afiCue
	case IntentConcern:
		cue = concernCue
	case IntentRecommendation:
		cue = recCue
	case IntentPractice:
		cue = practiceCue
	default:
		return nil
	}
	lraw := strings.ToLower(raw)
	between := cue.SubexpIndex("between")
	out := map[string]bool{}
	for _, m := range cue.FindAllStringSubmatchIndex(lraw, -1) {
		text := lraw[m[0]:m[1]]
		if between > 0 && m[2*between] >= 0 {
			text = lraw[m[0]:m[2*between]] + " " + lraw[m[2*between+1]:m[1]]
		}
		for _, w := range strings.Fields(text) {
			out[w] = true
		}
	}
	return out
}

// elsewhereRE finds a report saying an area's findings are published in
// another report ("we now grade and report on forces' performance
// separately", "you can access the report on our website", "a link to
// the regional report"); findingsAskCue a question asking what an
// inspection found. The best passage saying the findings are elsewhere
// does not give them.
var (
	elsewhereRE    = regexp.MustCompile(`(?i)\b(?:report(?:ed|s)? on (?:\S+ ){0,4}?separately|access the report on our website|(?:in|a link to) (?:the |a |their )?(?:regional|separate) (?:\S+ )?reports?\b|will update our website)`)
	findingsAskCue = regexp.MustCompile(`(?i)\b(?:find|found|findings|conclude|concluded|conclusions?|identify|identified|discover|discovered|uncover|uncovered|reveal|revealed)\b`)
)

// reportedElsewhere reports whether the best passage's section (its
// chapter's introduction: "We now inspect serious and organised crime on
// a regional basis") says, in one of the top passages, that its findings
// are published in another report, and whether that section is what the
// question asks about: one of its words, other than the asking ones, is
// in the chapter's or section's title or the passage. "What did the
// inspection find" names no area, so a passage on one area reported
// elsewhere is no reason to say the reports don't answer.
func (ix *Index) reportedElsewhere(units []unit, docs []scoredDoc) bool {
	if len(docs) == 0 {
		return false
	}
	report, section := str(docs[0].fields, fieldReport), str(docs[0].fields, fieldSection)
	for _, d := range docs {
		text := str(d.fields, fieldText)
		if str(d.fields, fieldReport) == report && str(d.fields, fieldSection) == section && elsewhereRE.MatchString(text) {
			return ix.asksAbout(units, str(d.fields, fieldChapter)+" "+section+" "+str(d.fields, fieldHeading)+" "+text)
		}
	}
	return false
}

// asksAbout reports whether a unit of the question that is not a way of
// asking what was found has its term among text's.
func (ix *Index) asksAbout(units []unit, text string) bool {
	terms := map[string]bool{}
	for _, t := range ix.analyze(text) {
		terms[t] = true
	}
	for _, u := range units {
		if u.term != "" && terms[u.term] && !findingsAskCue.MatchString(u.word) {
			return true
		}
	}
	return false
}

// howToCue asks how the asker can use a police service: "how can I sign
// up as a special constable", "how do you apply for a firearms
// certificate", "where do I report a lost phone", "can I volunteer with
// the police". An inspection report
// judges the force; it gives no such instructions. Staff asking how the
// force can improve ("how can we ...") are not asking this, nor is one
// addressing the force as "you" about its work ("do you contact victims
// quickly", "can you get a summary of the AFIs"): with "you" only the
// verbs of using a service count. Asking the steps the asker should
// follow ("what steps should I follow to use the webchat") is asking
// the same; the steps the force has taken are its work.
var howToCue = regexp.MustCompile(`(?i)\b(?:steps|instructions) (?:(?:should|do|must|can|would) (?:i|someone|anyone|one)|(?:for|to) (?:me|someone|anyone)) (?:\S+ ){0,3}?(?:follow|take|use)\b|(?:\b(?:how|where|who) (?:can|do|could|should|would|shall|must)|^\W*(?:can|could|may|do)) (?:(?:i|someone|anyone|one)\b(?: \S+){0,2}? (?:` + howToVerbs + `|report (?:a|an|my|the)|pay|request|get in touch|get (?:a|an|my)|set up|start (?:a|an|my)|organi[sz]e (?:a|an|my)|contact)|you\b(?: \S+){0,2}? (?:` + howToVerbs + `))\b`)

// doItMyselfCue asks how the asker does something ("how do I reset my
// home broadband router", "how can I renew a permit", "how do I lose
// weight"): instructions, whatever is done, which an inspection report
// never gives. Asking how to read or find out what the reports say
// ("how can I find a grade", "how do I check my force's results") is
// not, nor is asking how to improve, which staff ask of what the
// reports recommend ("how can I improve our response to 999 calls").
var doItMyselfCue = regexp.MustCompile(`(?i)^\W*how (?:do|can|could|should|shall) i ([a-z]+)\b`)

// readingVerbs are what an asker does to learn what the reports say,
// and improving, which they recommend.
var readingVerbs = wordSet("know", "tell", "find", "see", "read", "learn", "understand", "check", "compare", "look", "access", "search", "ask", "interpret", "view", "get", "improve")

// doItMyself reports whether the question asks how the asker does
// something for themselves (doItMyselfCue) other than reading.
func doItMyself(raw string) bool {
	m := doItMyselfCue.FindStringSubmatch(raw)
	return m != nil && !readingVerbs[strings.ToLower(m[1])]
}

// howToVerbs are the ways of using a police service that a question
// asks how to do whoever it names as doing them.
const howToVerbs = `apply|applying|sign up|signup|enrol|enroll|register|volunteer|become|join|complain|make a complaint|book|renew|appeal|obtain|claim`

// howToStartCue asks how to use a police service, whoever does it: "how
// to complain about a police officer", "how do you become a special".
var howToStartCue = regexp.MustCompile(`(?i)^\W*how (?:to|do you|can you|does one|do people|can people|would you|would someone) (?:` + howToVerbs + `)\b`)

// channelAskCue asks whether the public can contact the force a certain
// way: "can I contact the police through an online chat instead of
// phoning", "could someone report it by email". Which ways in the force
// offers is part of its service to the public, which reports judge
// ("has a webchat function"): asking whether one exists asks no
// instructions, as "how can I contact the police online" does.
var channelAskCue = regexp.MustCompile(`(?i)^\W*(?:can|could|may) (?:i|you|someone|anyone|one|people|the public)(?: \S+){0,2}? (?:contact|reach|message|report|speak to|talk to|get in touch|get hold of)\b.*?(?:\b(?:through|by|via|using|over|on) (?:an? |the |their |its )?(?:online|web ?chat|live chat|chat|e-?mail|social media|text|app|website|internet)\b|\bonline\b|\binstead of (?:phoning|calling|ringing)\b)`)

// contactCue asks for a police service's contact details: "what's the
// phone number for the control room", "where can I find the opening
// hours", "the chief constable's email", "the web address for
// reporting a crime". It asks for them, not about
// them: "do officers update victims' contact details" and "what happens
// to a victim's phone" are questions about the force's work.
var contactCue = regexp.MustCompile(`(?i)^\W*(?:what(?:'s| is| are)|where(?:'s| is| are| can i find| do i find)|how (?:do|can) i (?:find|get)|(?:can|could) (?:you|i) (?:tell me|give me|have|get)|give me|tell me|i need)\b(?: \S+){0,5}? (?:(?:phone|telephone|mobile|contact) numbers?|e-?mail(?: address)?|web ?(?:site )?address|url|web ?link|opening (?:hours|times)|postcode|postal address|contact details)\b|(?:'s|’s) e-?mail(?: address)?\b`)

// topicOffTop returns a policing topic (data/topics.txt) the question
// names, as it names it, in a word no loaded report uses though they use
// another of the topic's, when none of the top passages uses any:
// "how does the force police protests", where the report names public
// disorder once, about another force's area, and the top passages match
// only "police" and "public". An absent everyday word weighs little
// (Judgment.Absent), as it is often the asker's own for what reports say
// otherwise; a topic's other forms say what that is. "" when there is
// none.
func (ix *Index) topicOffTop(ctx context.Context, q *question, docs []scoredDoc) string {
	lower := make([]string, len(q.words))
	for i, w := range q.words {
		lower[i] = strings.ToLower(w)
	}
	for i, t := range ix.topicList() {
		said := ""
		for j, a := range t.analysed {
			if containsRun(q.terms, a) && (len(a) > 1 || containsWordForm(lower, t.forms[j])) {
				said = t.forms[j]
				break
			}
		}
		if said == "" || !ix.topicPresent(ctx, i, t) || ix.usesForm(ctx, said) {
			continue // not named; no report uses it (namedTopics); or they use the word asked, which search weighs
		}
		if !ix.anyPassageUses(docs, t) {
			return asTyped(q.parsed.Raw, said)
		}
	}
	return ""
}

// usesForm reports whether a loaded report uses a topic's form: a word
// in any of its forms, a phrase as a phrase.
func (ix *Index) usesForm(ctx context.Context, f string) bool {
	if !strings.ContainsAny(f, " -") {
		// "burglary" is used where a report writes "burglaries".
		a := ix.analyze(f)
		return len(a) == 1 && ix.terms[a[0]] > 0
	}
	return ix.containsPhrase(ctx, f)
}

// anyPassageUses reports whether one of the passages uses one of a
// topic's forms: a word in any of its forms, a phrase as a phrase. A
// passage with "public" in one sentence and "orders" in another says
// nothing of public order.
func (ix *Index) anyPassageUses(docs []scoredDoc, t topic) bool {
	for _, d := range docs {
		terms := termsOf(d.fields)
		var seqs [][]string // each sentence's terms in order, read once
		for _, a := range t.analysed {
			if !hasAllTerms(terms, a) {
				continue
			}
			if len(a) == 1 {
				return true
			}
			if seqs == nil {
				seqs = ix.sentenceTerms(str(d.fields, fieldHeading), str(d.fields, fieldText))
			}
			for _, seq := range seqs {
				if containsRun(seq, a) {
					return true
				}
			}
		}
	}
	return false
}

// sentenceTerms are the terms of each sentence of the texts, in order,
// so that a phrase is found only within one sentence: a heading ending
// "the public" and a text opening "Orders were" make no "public order".
func (ix *Index) sentenceTerms(texts ...string) [][]string {
	var out [][]string
	for _, t := range texts {
		for _, s := range sentences(t) {
			if seq := strings.Fields(ix.wordTerms(s)); len(seq) > 0 {
				out = append(out, seq)
			}
		}
	}
	return out
}

// listAskCue asks what a number of things are: "what were the three
// concerns the panel raised", "what are its two priorities". Its groups
// are the number and what is counted, a plural: a number of three or
// more digits is a name or a year ("the 999 call answering times", "the
// 2021 figures"), not how many things there are.
var listAskCue = regexp.MustCompile(`(?i)^\W*what (?:are|were) (?:the|its|their) (two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) ([\p{L}-]{2,}s|people|children|men|women)\b`)

// listStarts say, after things are numbered, what they are: a colon, "including",
// "such as", "namely", a dash.
var listStarts = []string{":", " including ", " such as ", " namely ", " – ", " - ", " were ", " are "}

// listUnsaid reports whether the question asks what a number of things
// are and a top passage numbers them ("two issues that it then
// escalated") but none says what they are, there or in the sentence
// after ("These were …", "The first …"). A passage that numbers none of
// them is left to the other checks.
func listUnsaid(raw string, docs []scoredDoc) bool {
	m := listAskCue.FindStringSubmatch(raw)
	if m == nil {
		return false
	}
	numbered := strings.ToLower(m[1]) + " " + strings.TrimSuffix(strings.ToLower(m[2]), "s")
	mentioned := false
	for k := range docs {
		p := docs[k].split()
		for i := range p.spans {
			sen := strings.ToLower(p.sentence(i))
			at := strings.Index(sen, numbered)
			if at < 0 {
				continue
			}
			mentioned = true
			if mayMatch(sen[at+len(numbered):], listStarts...) {
				return false
			}
			if i+1 < len(p.spans) && opensList(p.sentence(i+1)) {
				return false
			}
		}
	}
	return mentioned
}

// listOpenings begin a sentence that goes on to say what things just
// numbered are: "These were …", "The first …", "One was …".
var listOpenings = []string{"these ", "they ", "the first ", "first", "one ", "both "}

// opensList reports whether a sentence begins with one of listOpenings:
// "someone" or "they" in its middle says nothing of a list.
func opensList(sentence string) bool {
	s := strings.ToLower(strings.TrimLeft(sentence, " \t\n\"'“‘("))
	for _, o := range listOpenings {
		if strings.HasPrefix(s, o) {
			return true
		}
	}
	return false
}
