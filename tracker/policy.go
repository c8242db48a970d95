package tracker

import (
	"regexp"
	"slices"
	"strings"
)

// Role is what a person may do to an item.
type Role string

// The roles, from most to least allowed.
const (
	// RoleAdmin (PEEL_ADMINS) may make every change.
	RoleAdmin Role = "admin"
	// RoleReviewer (PEEL_REVIEWERS) signs off or sends back, with a
	// comment; and closes in one step, supersedes and reopens.
	RoleReviewer Role = "reviewer"
	// RoleOwner is the item's owner: they update it (notes, revised
	// dates) and propose closure with evidence.
	RoleOwner Role = "owner"
	// RoleReader is everyone else: they read every item and its history.
	RoleReader Role = "reader"
)

// Policy decides who may make which change, from PEEL_ADMINS and
// PEEL_REVIEWERS and the item's owner:
//
//	change                         admin  reviewer  owner  anyone else
//	assign, unassign (Start)       yes    —         —      —
//	due: target or revised date    yes    —         yes    —
//	note                           yes    yes       yes    —
//	propose closure (evidence)     yes    —         yes    —
//	sign off, send back            yes    yes¹      —      —
//	close (propose + sign off)     yes    yes¹      —      —
//	supersede, carry forward       yes    yes       —      —
//	reopen (reason)                yes    yes       —      —
//	record a PCC response          yes    yes       —      —
//
// ¹ not an item they own or whose closure they proposed: someone else
// must sign off what a person did themselves (an admin may).
//
// Everyone may read every item: its status, owner, RAG and history. With
// no admins (PEEL_ADMINS unset), anyone in the workspace may make every
// change, as before roles existed; reviewers are still the people asked
// to sign off. An operator on the command line is "cli:<login>", never
// an admin or reviewer: to change items there they act as a member id
// (peelbot afi … --as U…). A refusal is an *Error with ErrForbidden whose
// message says who may, and changes nothing.
//
// The zero Policy has no admins and no reviewers.
type Policy struct {
	admins    []string // sorted, distinct
	reviewers []string // sorted, distinct
}

// NewPolicy makes the policy with these admins, Slack member ids; blank
// entries are ignored.
func NewPolicy(admins ...string) Policy {
	return Policy{admins: members(admins)}
}

// WithReviewers is p with these reviewers, Slack member ids.
func (p Policy) WithReviewers(reviewers ...string) Policy {
	p.reviewers = members(reviewers)
	return p
}

func members(ids []string) []string {
	var out []string
	for _, a := range ids {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Admins are the member ids who may make every change, sorted; none means
// anyone may.
func (p Policy) Admins() []string { return slices.Clone(p.admins) }

// Reviewers are the member ids who sign off, sorted.
func (p Policy) Reviewers() []string { return slices.Clone(p.reviewers) }

// Open reports whether anyone may make every change: no admins are set.
func (p Policy) Open() bool { return len(p.admins) == 0 }

// IsAdmin reports whether actor is one of the admins.
func (p Policy) IsAdmin(actor string) bool {
	_, found := slices.BinarySearch(p.admins, actor)
	return found
}

// IsReviewer reports whether actor is one of the reviewers.
func (p Policy) IsReviewer(actor string) bool {
	_, found := slices.BinarySearch(p.reviewers, actor)
	return found
}

// RoleOf is the most a person may do to it.
func (p Policy) RoleOf(actor string, it Item) Role {
	switch {
	case p.Open() || p.IsAdmin(actor):
		return RoleAdmin
	case p.IsReviewer(actor):
		return RoleReviewer
	case actor != "" && actor == it.Owner:
		return RoleOwner
	}
	return RoleReader
}

// SignoffRecipients are who is asked to sign off: the reviewers, else the
// admins.
func (p Policy) SignoffRecipients() []string {
	if len(p.reviewers) > 0 {
		return p.Reviewers()
	}
	return p.Admins()
}

// MayChangeAny reports whether actor may make some change to some item:
// an admin, a reviewer, or anyone while the policy is open. Owners may
// change their own items besides.
func (p Policy) MayChangeAny(actor string) bool {
	return p.Open() || p.IsAdmin(actor) || p.IsReviewer(actor)
}

// Allow says whether actor may make a change of action to it, or refuses
// with ErrForbidden saying who may. It judges the person, not the item's
// status (Apply does that).
func (p Policy) Allow(actor string, action Action, it Item) error {
	if p.Open() || p.IsAdmin(actor) {
		return nil
	}
	reviewer, owner := p.IsReviewer(actor), actor != "" && actor == it.Owner
	ok := false
	switch action {
	case ActionAssign, ActionStart:
		return Errorf(ErrForbidden, "Only peelbot's admins can allocate items to an owner, so nothing was changed.")
	case ActionDue, ActionPropose:
		ok = owner
		if !ok {
			return Errorf(ErrForbidden, "Only %s's owner or an admin can %s, so nothing was changed.", it.ID, map[Action]string{
				ActionDue: "set its due date", ActionPropose: "propose it for closure"}[action])
		}
	case ActionNote:
		ok = owner || reviewer
		if !ok {
			return Errorf(ErrForbidden, "Only %s's owner, a reviewer or an admin can add a note to it, so nothing was changed.", it.ID)
		}
	case ActionSignoff, ActionSendback, ActionClose:
		if !reviewer {
			return Errorf(ErrForbidden, "Only reviewers and admins can sign items off or send them back, so nothing was changed.")
		}
		if action != ActionSendback && (owner || (it.Status == StatusPending && it.ProposedBy == actor)) {
			return Errorf(ErrForbidden, "You own %s or proposed its closure, so another reviewer (or an admin) must sign it off; nothing was changed.", it.ID)
		}
		ok = true
	case ActionSupersede, ActionReopen, ActionLink:
		ok = reviewer
		if !ok {
			return Errorf(ErrForbidden, "Only reviewers and admins can %s, so nothing was changed.", map[Action]string{
				ActionSupersede: "supersede items or carry them forward", ActionReopen: "reopen items", ActionLink: "link items to a later report"}[action])
		}
	default:
		return Errorf(ErrForbidden, "Only peelbot itself records that, so nothing was changed.")
	}
	if ok {
		return nil
	}
	return Errorf(ErrForbidden, "You may not change %s, so nothing was changed.", it.ID)
}

// Refusal is the message of the change refused to someone who may change
// nothing at all.
const RefusalText = "Only an item's owner, peelbot's reviewers and admins can change items, so nothing was changed."

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
