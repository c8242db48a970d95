package tracker

import "strings"

// Verbs are the changes people write, the same on the command line
// (peelbot afi VERB …) and in Slack (/peel afi VERB …), with what each
// takes after the item's id:
//
//	assign ID USER            a member (<@U…>, U…), me, or nobody
//	unassign ID
//	propose ID EVIDENCE…      the owner asks for sign-off
//	signoff ID [NOTE…]        a reviewer closes it
//	sendback ID REASON…       a reviewer returns it to its owner
//	close ID EVIDENCE…        propose and sign off at once
//	supersede ID --by ID|REPORT [NOTE…]   (or supersede ID LATER [NOTE…])
//	reopen ID REASON…
//	due ID YYYY-MM-DD|none [--reason …|REASON…] [--migrating]
//	note ID TEXT…
//
// The words after the id are the note; --note "…" is accepted instead,
// as before. Start (ID) is kept, and assigns the item to whoever asks.
var Verbs = []string{"assign", "unassign", "propose", "signoff", "sendback", "close", "supersede", "reopen", "due", "note", "start"}

// verbAliases are other ways people write a verb.
var verbAliases = map[string]string{
	"sign-off": "signoff", "approve": "signoff", "send-back": "sendback", "reject": "sendback",
	"address": "close", "addressed": "close", "carry": "supersede", "comment": "note",
}

// VerbOf reads a verb as people write it; false when it is none.
func VerbOf(word string) (string, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	if a, ok := verbAliases[w]; ok {
		w = a
	}
	for _, v := range Verbs {
		if v == w {
			return v, true
		}
	}
	return "", false
}

// ParseVerb reads the words after a verb (the item's id first) into the
// change actor asks for, or says for the person what is missing or wrong.
// It checks what the words say (a date, a member, a note present);
// whether the change is allowed is Policy's and Apply's to say.
func ParseVerb(verb string, words []string, actor string) (Change, error) {
	v, ok := VerbOf(verb)
	if !ok {
		return Change{}, Errorf(ErrInvalidInput, "%q is not a change: use one of %s", clip(verb, 30), strings.Join(Verbs[:10], ", "))
	}
	var rest []string
	var note, by, reason string
	migrating := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		flag, val, hasVal := strings.Cut(w, "=")
		switch strings.TrimLeft(flag, "-") {
		case "note", "evidence", "reason", "by":
			if !strings.HasPrefix(flag, "--") && !strings.HasPrefix(flag, "-") {
				break
			}
			if !hasVal {
				if i+1 >= len(words) {
					return Change{}, Errorf(ErrInvalidInput, "%s needs a value", flag)
				}
				// A note runs to the next flag (typed in Slack, it is
				// not quoted); --by takes one word.
				i++
				val = words[i]
				for strings.TrimLeft(flag, "-") != "by" && i+1 < len(words) && !strings.HasPrefix(words[i+1], "--") {
					i++
					val += " " + words[i]
				}
			}
			switch strings.TrimLeft(flag, "-") {
			case "by":
				by = val
			case "reason":
				reason = join(reason, val)
			default:
				note = join(note, val)
			}
			continue
		case "migrating":
			if strings.HasPrefix(flag, "-") {
				migrating = true
				continue
			}
		}
		rest = append(rest, w)
	}
	if len(rest) == 0 {
		return Change{}, Errorf(ErrInvalidInput, "which item? Give its id after %q, such as %s herts-2021-afi-3 (or the end of it, afi-3)", v, v)
	}
	c := Change{ItemID: rest[0], Actor: actor}
	args := rest[1:]
	text := func() string { return unquote(join(strings.Join(args, " "), join(note, reason))) }
	switch v {
	case "assign", "start":
		c.Action = ActionAssign
		if v == "start" {
			c.Owner = actor
			c.Note = text()
			break
		}
		if len(args) != 1 {
			return Change{}, Errorf(ErrInvalidInput, "give one person to assign %s to: a member (@name or U024BE7LH), me, or nobody", c.ItemID)
		}
		switch strings.ToLower(args[0]) {
		case "me", "myself":
			c.Owner = actor
		case "nobody", "none", "noone", "no-one":
		default:
			m, ok := ParseMember(args[0])
			if !ok {
				return Change{}, Errorf(ErrInvalidInput, "%q is not a Slack member; give their member id (their profile › ⋮ › Copy member ID), such as U024BE7LH", clip(args[0], 40))
			}
			c.Owner = m
		}
	case "unassign":
		c.Action = ActionAssign
	case "propose":
		c.Action, c.Note = ActionPropose, text()
	case "signoff":
		c.Action, c.Note = ActionSignoff, text()
	case "sendback":
		c.Action, c.Note = ActionSendback, text()
	case "close":
		c.Action, c.Note = ActionClose, text()
	case "reopen":
		c.Action, c.Note = ActionReopen, text()
	case "note":
		c.Action, c.Note = ActionNote, text()
	case "supersede":
		c.Action = ActionSupersede
		if by == "" && len(args) > 0 {
			by, args = args[0], args[1:]
		}
		if by == "" {
			return Change{}, Errorf(ErrInvalidInput, "say what supersedes %s: --by the later item it is carried forward to, or the later report's id", c.ItemID)
		}
		c.By, c.Note = by, text()
	case "due":
		c.Action, c.Migrating = ActionDue, migrating
		if len(args) == 0 {
			return Change{}, Errorf(ErrInvalidInput, "when is %s due? Give a date written YYYY-MM-DD, or none to clear it", c.ItemID)
		}
		if w := strings.ToLower(args[0]); w != "none" && w != "clear" {
			d, err := ParseDay(args[0])
			if err != nil {
				return Change{}, err
			}
			c.Due = &d
		}
		args = args[1:]
		c.Note = text()
	}
	return c, nil
}

func join(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// unquote takes off the quotes a note typed whole in Slack keeps.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}} {
		if len(s) >= 2 && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			return strings.TrimSpace(s[len(q[0]) : len(s)-len(q[1])])
		}
	}
	return s
}

// Words splits what someone typed into words, keeping a quoted part
// ("in progress") whole, as a shell would: so that Slack reads the words
// of a command as the command line does.
func Words(text string) []string {
	var out []string
	for _, w := range splitWords(text) {
		out = append(out, unquoteWord(w))
	}
	return out
}

// unquoteWord takes the quotes off a whole quoted word, and off the value
// of a flag (--note="…").
func unquoteWord(w string) string {
	if name, val, ok := strings.Cut(w, "="); ok && strings.HasPrefix(name, "-") {
		return name + "=" + unquote(val)
	}
	return unquote(w)
}
