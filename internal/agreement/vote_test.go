package agreement

import "testing"

func TestDecide(t *testing.T) {
	for _, tc := range []struct {
		rule      string
		tally     Tally
		confirmed bool
		passed    bool
		reason    string
	}{
		// Simple majority of those voting, then a facilitator confirms.
		{MajorityConfirmed, Tally{Yes: 1}, true, true, "Passed: the 1 person who voted said yes, and a facilitator confirmed it"},
		{MajorityConfirmed, Tally{Yes: 1}, false, false, "Waiting: the 1 person who voted said yes. A facilitator needs to confirm it"},
		{MajorityConfirmed, Tally{Yes: 2, No: 2}, true, false, "Not passed: 2 of the 4 people who voted said yes. It needed more than half"},
		{MajorityConfirmed, Tally{Yes: 3, No: 2, Abstain: 5}, true, true, "Passed: 3 of the 5 people who voted said yes, and a facilitator confirmed it"},
		{MajorityConfirmed, Tally{Abstain: 4}, true, false, "Not passed: nobody voted yes or no"},
		{MajorityConfirmed, Tally{No: 1}, true, false, "Not passed: the 1 person who voted said no. It needed more than half"},
		// Simple majority, at least 3 votes; abstaining is not a vote.
		{Majority, Tally{Yes: 2}, false, false, "Not passed: it needed at least 3 people to vote yes or no, and 2 did"},
		{Majority, Tally{Yes: 2, Abstain: 3}, false, false, "Not passed: it needed at least 3 people to vote yes or no, and 2 did"},
		{Majority, Tally{Yes: 2, No: 1}, false, true, "Passed: 2 of the 3 people who voted said yes, which is more than half"},
		{Majority, Tally{Yes: 2, No: 2}, false, false, "Not passed: 2 of the 4 people who voted said yes. It needed more than half"},
		{Majority, Tally{Yes: 3}, false, true, "Passed: 3 of the 3 people who voted said yes, which is more than half"},
		// Two thirds, at least 3 votes.
		{TwoThirds, Tally{Yes: 2, No: 1}, false, true, "Passed: 2 of the 3 people who voted said yes, which is at least two thirds"},
		{TwoThirds, Tally{Yes: 3, No: 2}, false, false, "Not passed: 3 of the 5 people who voted said yes. It needed two thirds"},
		{TwoThirds, Tally{Yes: 4, No: 2}, false, true, "Passed: 4 of the 6 people who voted said yes, which is at least two thirds"},
		{TwoThirds, Tally{Yes: 2}, true, false, "Not passed: it needed at least 3 people to vote yes or no, and 2 did"},
		{"coin_toss", Tally{Yes: 9}, true, false, "Not passed: the group has no vote rule we know"},
	} {
		got := Decide(tc.rule, tc.tally, tc.confirmed)
		if got.Passed != tc.passed || got.Reason != tc.reason {
			t.Errorf("Decide(%s, %+v, %v) = %+v, want passed %v, %q", tc.rule, tc.tally, tc.confirmed, got, tc.passed, tc.reason)
		}
	}
}

func TestRules(t *testing.T) {
	for _, r := range []string{MajorityConfirmed, Majority, TwoThirds} {
		if !ValidRule(r) || RuleLabel(r) == r {
			t.Errorf("rule %s is not offered with words", r)
		}
	}
	if ValidRule("") || ValidRule("unanimous") {
		t.Error("an unknown rule is valid")
	}
	for _, v := range []string{"yes", "no", "abstain"} {
		if !ValidVote(v) {
			t.Errorf("vote %q refused", v)
		}
	}
	if ValidVote("maybe") || ValidVote("YES") {
		t.Error("an unknown vote is valid")
	}
}
