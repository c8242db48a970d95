package tracker

import (
	"reflect"
	"testing"
)

func TestPolicy(t *testing.T) {
	anyone := NewPolicy()
	if !anyone.MayChange("U1") || !anyone.MayChange("cli:alice") || anyone.Check("U1") != nil || len(anyone.Admins()) != 0 {
		t.Error("without admins, anyone may change items")
	}
	p := NewPolicy(" UBOSS", "UADMIN", "", "UADMIN")
	if got := p.Admins(); !reflect.DeepEqual(got, []string{"UADMIN", "UBOSS"}) {
		t.Errorf("admins %v", got)
	}
	if !p.MayChange("UADMIN") || !p.MayChange("UBOSS") || p.Check("UBOSS") != nil {
		t.Error("an admin may not change items")
	}
	for _, who := range []string{"U1", "cli:alice", "", "uadmin"} {
		if p.MayChange(who) || ErrorCode(p.Check(who)) != ErrForbidden || ErrorMessage(p.Check(who)) != RefusalText {
			t.Errorf("%q may change items", who)
		}
	}
}

func TestParseMemberReadsEveryWaySlackAndPeopleWriteOne(t *testing.T) {
	for in, want := range map[string]string{
		"U024BE7LH": "U024BE7LH", " @U024BE7LH ": "U024BE7LH", "<@U024BE7LH>": "U024BE7LH",
		"<@U0BEA|bea>": "U0BEA", "W012A3CDE": "W012A3CDE",
	} {
		if got, ok := ParseMember(in); !ok || got != want {
			t.Errorf("ParseMember(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "bea", "@bea", "u024be7lh", "C0123ABCD", "<@U024BE7LH", "<#C1|general>", "U024 BE7LH"} {
		if got, ok := ParseMember(in); ok {
			t.Errorf("ParseMember(%q) = %q, true", in, got)
		}
	}
	if !IsMemberID("U1") || IsMemberID("@U1") || IsMemberID("cli:alice") {
		t.Error("IsMemberID reads more than a bare id")
	}
}
