package agreement

import "fmt"

// Vote rules: how a group decides on a proposed change to its ground rules.
// "Those voting" are the members who voted yes or no; abstaining counts for
// neither side and toward no minimum.
const (
	// MajorityConfirmed passes with more yes than no votes, once a
	// facilitator confirms it. The facilitator who closes the vote is the
	// one who confirms.
	MajorityConfirmed = "majority_confirmed"
	// Majority passes with more yes than no votes and at least 3 votes.
	Majority = "majority"
	// TwoThirds passes when at least two thirds of at least 3 votes are yes.
	TwoThirds = "two_thirds"
)

// MinVotes is the fewest yes and no votes that Majority and TwoThirds
// accept, so that one or two people cannot change the rules for everyone.
const MinVotes = 3

// Rule is a vote rule with the words members see.
type Rule struct {
	Value string
	Label string
	Hint  string
}

// Rules lists the vote rules in the order forms show them.
var Rules = []Rule{
	{MajorityConfirmed, "More than half of those who vote, then a facilitator confirms", "Good for small groups"},
	{Majority, "More than half of those who vote, with at least 3 votes", "Nobody needs to confirm it"},
	{TwoThirds, "Two thirds of those who vote, with at least 3 votes", "For groups that want most people to agree"},
}

// ValidRule reports whether r is one of the vote rules.
func ValidRule(r string) bool {
	for _, x := range Rules {
		if x.Value == r {
			return true
		}
	}
	return false
}

// RuleLabel is the words for a vote rule.
func RuleLabel(r string) string {
	for _, x := range Rules {
		if x.Value == r {
			return x.Label
		}
	}
	return r
}

// Tally counts the votes on a proposal.
type Tally struct {
	Yes, No, Abstain int
}

// Voting is how many people voted yes or no.
func (t Tally) Voting() int { return t.Yes + t.No }

// Outcome is what a count of the votes decided, with the reason in plain
// words.
type Outcome struct {
	Passed bool
	Reason string
}

// Decide counts a tally by a vote rule. confirmed says whether a
// facilitator confirmed the result, which MajorityConfirmed needs.
func Decide(rule string, t Tally, confirmed bool) Outcome {
	voting := t.Voting()
	said := saidYes(t)
	switch rule {
	case Majority, TwoThirds:
		if voting < MinVotes {
			return Outcome{false, fmt.Sprintf("Not passed: it needed at least %d people to vote yes or no, and %d did", MinVotes, voting)}
		}
	case MajorityConfirmed:
	default:
		return Outcome{false, "Not passed: the group has no vote rule we know"}
	}
	if voting == 0 {
		return Outcome{false, "Not passed: nobody voted yes or no"}
	}
	if rule == TwoThirds {
		if t.Yes*3 < voting*2 {
			return Outcome{false, "Not passed: " + said + ". It needed two thirds"}
		}
		return Outcome{true, "Passed: " + said + ", which is at least two thirds"}
	}
	if t.Yes <= t.No {
		return Outcome{false, "Not passed: " + said + ". It needed more than half"}
	}
	if rule == MajorityConfirmed {
		if !confirmed {
			return Outcome{false, "Waiting: " + said + ". A facilitator needs to confirm it"}
		}
		return Outcome{true, "Passed: " + said + ", and a facilitator confirmed it"}
	}
	return Outcome{true, "Passed: " + said + ", which is more than half"}
}

// saidYes says how many of those voting said yes.
func saidYes(t Tally) string {
	if t.Voting() == 1 {
		if t.Yes == 1 {
			return "the 1 person who voted said yes"
		}
		return "the 1 person who voted said no"
	}
	return fmt.Sprintf("%d of the %d people who voted said yes", t.Yes, t.Voting())
}
