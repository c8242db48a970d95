package tracker

import (
	"regexp"
	"slices"
	"strings"
)

// Policy decides who may change items; it is read from PEEL_ADMINS.
//
//   - Anyone may read every item: its status, owner and history.
//   - With no admins, anyone in the workspace may change any item (the
//     workspace is the boundary: the bot serves its own workspace only).
//   - With admins, only they may; anyone else's change is refused with
//     ErrForbidden before anything is read or written. An operator on the
//     command line is "cli:<login>", never an admin: to change items there
//     they act as an admin's member id (peelbot afi … --as U…).
//
// The zero Policy has no admins.
type Policy struct {
	admins []string // sorted, distinct
}

// NewPolicy makes the policy with these admins, Slack member ids; blank
// entries are ignored.
func NewPolicy(admins ...string) Policy {
	var p Policy
	for _, a := range admins {
		if a = strings.TrimSpace(a); a != "" {
			p.admins = append(p.admins, a)
		}
	}
	slices.Sort(p.admins)
	p.admins = slices.Compact(p.admins)
	return p
}

// Admins are the member ids who may change items, sorted; none means
// anyone may.
func (p Policy) Admins() []string { return slices.Clone(p.admins) }

// MayChange reports whether actor may change items.
func (p Policy) MayChange(actor string) bool {
	if len(p.admins) == 0 {
		return true
	}
	_, found := slices.BinarySearch(p.admins, actor)
	return found
}

// RefusalText is the message of a change refused by the policy.
const RefusalText = "Only peelbot's admins can change areas for improvement, so nothing was changed."

// Check refuses, with ErrForbidden, an actor who may not change items.
func (p Policy) Check(actor string) error {
	if p.MayChange(actor) {
		return nil
	}
	return Errorf(ErrForbidden, "%s", RefusalText)
}

// memberID is a Slack member id: U024BE7LH, or W… on Enterprise Grid. It
// is the one pattern peelbot reads member ids with.
var memberID = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// IsMemberID reports whether s is a Slack member id, as it is stored and
// as PEEL_ADMINS lists them.
func IsMemberID(s string) bool { return memberID.MatchString(s) }

// ParseMember reads a member as people and Slack write one: U024BE7LH,
// @U024BE7LH, or the mention <@U024BE7LH> or <@U024BE7LH|name> that Slack
// puts in a command's text. It reports false for anything else, such as a
// name Slack did not resolve ("@bea").
func ParseMember(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if inner, ok := strings.CutPrefix(s, "<@"); ok {
		inner, ok = strings.CutSuffix(inner, ">")
		if !ok {
			return "", false
		}
		s, _, _ = strings.Cut(inner, "|")
	} else {
		s = strings.TrimPrefix(s, "@")
	}
	return s, IsMemberID(s)
}
