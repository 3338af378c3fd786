package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

// agreementFixture is a group with an organizer and members, on one
// database with a fake clock.
type agreementFixture struct {
	s       *sqlstore.Store
	c       *clock
	group   holdspace.Group
	org     int64
	members []int64 // approved members, named Member 1, Member 2... in the group
	outside int64   // signed up, in no group
}

func newAgreementFixture(t *testing.T, dsn, format string, members int) agreementFixture {
	t.Helper()
	c := newClock()
	return addAgreementGroup(t, sqlstoretest.Open(t, dsn, c.Now), c, format, members)
}

// addAgreementGroup adds a group with its own organizer, members and
// outsider to a store.
func addAgreementGroup(t *testing.T, s *sqlstore.Store, c *clock, format string, members int) agreementFixture {
	t.Helper()
	ctx := context.Background()
	n, _ := s.CountGroups(ctx)
	prefix := fmt.Sprintf("g%d ", n)
	f := agreementFixture{s: s, c: c}
	mk := func(name string) int64 {
		m, err := s.CreateMember(ctx, holdspace.Member{DisplayName: prefix + name, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	f.org = mk("Maria")
	g, err := s.CreateGroup(ctx, holdspace.Group{
		Slug: fmt.Sprintf("circle-%d", n), Name: "Circle", Category: "mental_health", Audience: "lived_experience", Format: format,
		Attendance: "online", Access: "open", Cost: "free", Venue: holdspace.Venue{Type: "online"}, Timezone: "Europe/London",
		Schedule:  holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-12-01"},
		CreatedBy: f.org,
	}, "Maria in the group")
	if err != nil {
		t.Fatal(err)
	}
	f.group = g
	for i := 1; i <= members; i++ {
		id := mk(fmt.Sprintf("Account %d", i))
		if err := s.AddGroupMember(ctx, g.ID, id, fmt.Sprintf("Member %d", i), holdspace.RoleMember); err != nil {
			t.Fatal(err)
		}
		f.members = append(f.members, id)
	}
	f.outside = mk("Outsider")
	return f
}

func TestAgreementVersionOneFromTheFormat(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		for format, template := range map[string]string{
			"sharing_circle": "sharing_circle", "twelve_step": "twelve_step", "psychoeducational": "psychoeducational", "open_discussion": "sharing_circle",
		} {
			f := addAgreementGroup(t, s, c, format, 0)
			v, err := s.Agreement(ctx, f.group.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := agreement.FromTemplate(template, 90)
			if v.Number != 1 || v.Template != template || v.Text != want || !v.CreatedAt.Equal(c.Now()) {
				t.Errorf("%s: version 1 = %d %q, made %v", format, v.Number, v.Template, v.CreatedAt)
			}
			// Asking again does not make another version.
			again, _ := s.Agreement(ctx, f.group.ID)
			if diff := cmp.Diff(v, again); diff != "" {
				t.Errorf("%s: second read (-first +second):\n%s", format, diff)
			}
		}
		if _, err := s.Agreement(ctx, 999999); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("agreement of no group: %v", err)
		}
	})
}

func TestAgreementVersionsAndConsent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newAgreementFixture(t, dsn, "sharing_circle", 2)
		s, g, james := f.s, f.group.ID, f.members[0]

		// Lazily made: a member who never read it has not agreed.
		ok, cur, err := s.HasAcceptedCurrent(ctx, g, james)
		if err != nil || ok || cur != 1 {
			t.Fatalf("before agreeing: %v %d %v", ok, cur, err)
		}
		if v, _, _ := s.AcceptedVersion(ctx, g, james); v != 0 {
			t.Errorf("AcceptedVersion before agreeing = %d", v)
		}
		first, err := s.AcceptAgreement(ctx, g, james, 1)
		if err != nil || !first.Equal(f.c.Now()) {
			t.Fatalf("accept v1: %v %v", first, err)
		}
		// Agreeing twice keeps the first time.
		f.c.Add(time.Minute)
		if again, err := s.AcceptAgreement(ctx, g, james, 1); err != nil || !again.Equal(first) {
			t.Errorf("accept again: %v %v, want %v", again, err, first)
		}
		if ok, cur, _ := s.HasAcceptedCurrent(ctx, g, james); !ok || cur != 1 {
			t.Errorf("after agreeing: %v %d", ok, cur)
		}

		// An organizer changes the agreement: version 2, and James must
		// agree again.
		f.c.Add(24 * time.Hour)
		v1, _ := s.Agreement(ctx, g)
		text := v1.Text
		text.GroundRules += "\nArrive on time if you can."
		v2, err := s.SaveAgreement(ctx, g, f.org, 1, text, v1.Template, "We kept starting late.")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.ChangeSummary != "We kept starting late." || v2.CreatedBy != f.org {
			t.Errorf("saved %+v", v2)
		}
		if got := agreement.Sentences(agreement.Diff(v1.Text, v2.Text)); !cmp.Equal(got, []string{"Added: Arrive on time if you can."}) {
			t.Errorf("what changed = %q", got)
		}
		if ok, cur, _ := s.HasAcceptedCurrent(ctx, g, james); ok || cur != 2 {
			t.Errorf("after a change: accepted %v, current %d; want false, 2", ok, cur)
		}
		if v, _, _ := s.AcceptedVersion(ctx, g, james); v != 1 {
			t.Errorf("AcceptedVersion after a change = %d, want 1", v)
		}
		// Agreeing to the old version now is stale.
		_, err = s.AcceptAgreement(ctx, g, james, 1)
		if holdspace.ErrorCode(err) != holdspace.EConflict || !strings.Contains(holdspace.ErrorMessage(err), "changed") {
			t.Errorf("stale accept: %v", err)
		}
		if _, err := s.AcceptAgreement(ctx, g, james, 3); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("accept a version that does not exist: %v", err)
		}
		if _, err := s.AcceptAgreement(ctx, g, james, 0); holdspace.ErrorCode(err) != holdspace.EInvalid {
			t.Errorf("accept version 0: %v", err)
		}
		second, err := s.AcceptAgreement(ctx, g, james, 2)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := s.HasAcceptedCurrent(ctx, g, james); !ok {
			t.Error("not accepted after agreeing to version 2")
		}
		// Someone outside the group cannot agree.
		if _, err := s.AcceptAgreement(ctx, g, f.outside, 2); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("outsider accepts: %v", err)
		}

		// The consent records keep both versions, with times and the name
		// James uses in the group.
		got, err := s.Consents(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		want := []agreement.Consent{
			{MemberID: james, DisplayName: "Member 1", Version: 1, AcceptedAt: first},
			{MemberID: james, DisplayName: "Member 1", Version: 2, AcceptedAt: second},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Consents (-want +got):\n%s", diff)
		}
		// Exported for organizers, both versions are in the CSV.
		var csv strings.Builder
		if err := agreement.WriteConsentsCSV(&csv, got); err != nil {
			t.Fatal(err)
		}
		wantCSV := fmt.Sprintf("member_id,display_name,version,accepted_at\n%d,Member 1,1,%s\n%d,Member 1,2,%s\n",
			james, first.Format(time.RFC3339), james, second.Format(time.RFC3339))
		if csv.String() != wantCSV {
			t.Errorf("CSV:\n%s\nwant:\n%s", csv.String(), wantCSV)
		}
		old, err := s.AgreementVersion(ctx, g, 1)
		if err != nil || old.Text != v1.Text {
			t.Errorf("version 1 changed: %v", err)
		}

		// Saving from a stale base, or saving nothing new, is refused.
		if _, err := s.SaveAgreement(ctx, g, f.org, 1, text, "", "x"); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("save from a stale base: %v", err)
		}
		same := text
		same.GroundRules = "  " + strings.ReplaceAll(text.GroundRules, "\n", "\n\n") + "\n"
		if _, err := s.SaveAgreement(ctx, g, f.org, 2, same, "", "x"); holdspace.ErrorCode(err) != holdspace.EInvalid {
			t.Errorf("save with nothing changed: %v", err)
		}
		// Starting again from a template is a new version too.
		twelve, _ := agreement.FromTemplate("twelve_step", 90)
		v3, err := s.SaveAgreement(ctx, g, f.org, 0, twelve, "twelve_step", "Started again from the 12-step template")
		if err != nil || v3.Number != 3 || v3.Template != "twelve_step" {
			t.Errorf("from a template: %+v %v", v3, err)
		}
		log, _ := s.AuditLog(ctx, g)
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action+" "+e.Details)
		}
		if diff := cmp.Diff([]string{"change_agreement version 2", "change_agreement version 3"}, actions); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestProposalsAndVoteRules(t *testing.T) {
	cases := []struct {
		rule   string
		votes  []string // one per member, "" for no vote
		passed bool
	}{
		{agreement.MajorityConfirmed, []string{"yes"}, true},
		{agreement.MajorityConfirmed, []string{"yes", "no"}, false},
		{agreement.MajorityConfirmed, []string{"yes", "yes", "no", "abstain"}, true},
		{agreement.MajorityConfirmed, []string{"", "abstain"}, false},
		{agreement.Majority, []string{"yes", "yes"}, false},
		{agreement.Majority, []string{"yes", "yes", "no"}, true},
		{agreement.Majority, []string{"yes", "yes", "abstain"}, false},
		{agreement.TwoThirds, []string{"yes", "yes", "no"}, true},
		{agreement.TwoThirds, []string{"yes", "yes", "no", "no"}, false},
		{agreement.TwoThirds, []string{"yes", "yes", "yes", "no", "abstain"}, true},
	}
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		for _, tc := range cases {
			t.Run(tc.rule+"_"+strings.Join(tc.votes, "_"), func(t *testing.T) {
				ctx := context.Background()
				f := addAgreementGroup(t, s, c, "sharing_circle", len(tc.votes))
				g := f.group.ID
				if err := s.SetVoteRule(ctx, g, f.org, tc.rule); err != nil {
					t.Fatal(err)
				}
				if got, _ := s.VoteRule(ctx, g); got != tc.rule {
					t.Fatalf("vote rule = %q", got)
				}
				v1, _ := s.Agreement(ctx, g)
				proposed := v1.GroundRules + "\nWe start and end on time."
				p, err := s.CreateProposal(ctx, g, f.members[0], proposed, "So people can plan their evening.")
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range tc.votes {
					if v == "" {
						continue
					}
					if _, err := s.Vote(ctx, g, p.ID, f.members[i], v); err != nil {
						t.Fatalf("member %d votes %s: %v", i+1, v, err)
					}
				}
				closed, outcome, v2, err := s.CloseProposal(ctx, g, p.ID, f.org)
				if err != nil {
					t.Fatal(err)
				}
				if outcome.Passed != tc.passed || outcome.Reason == "" {
					t.Errorf("outcome %+v, want passed %v", outcome, tc.passed)
				}
				wantStatus := map[bool]string{true: "passed", false: "rejected"}[tc.passed]
				if closed.Status != wantStatus || closed.ClosedBy != f.org || closed.DecidedAt.IsZero() {
					t.Errorf("closed proposal %+v", closed)
				}
				cur, _ := s.Agreement(ctx, g)
				if tc.passed {
					if v2.Number != 2 || cur.Number != 2 || cur.GroundRules != proposed || cur.Confidentiality != v1.Confidentiality {
						t.Errorf("after passing: saved v%d, current v%d %q", v2.Number, cur.Number, cur.GroundRules)
					}
					if !strings.Contains(cur.ChangeSummary, "So people can plan their evening.") || !strings.Contains(cur.ChangeSummary, "voted") {
						t.Errorf("change summary = %q", cur.ChangeSummary)
					}
					if got := agreement.Sentences(agreement.Diff(v1.Text, cur.Text)); !cmp.Equal(got, []string{"Added: We start and end on time."}) {
						t.Errorf("what changed = %q", got)
					}
				} else if v2.Number != 0 || cur.Number != 1 {
					t.Errorf("after failing: saved v%d, current v%d", v2.Number, cur.Number)
				}
			})
		}
	})
}

func TestProposalVoting(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newAgreementFixture(t, dsn, "twelve_step", 3)
		s, g := f.s, f.group.ID
		a, b, c := f.members[0], f.members[1], f.members[2]
		v1, _ := s.Agreement(ctx, g)

		// A proposal must change something and give a reason.
		if _, err := s.CreateProposal(ctx, g, a, v1.GroundRules, "No change"); holdspace.ErrorCode(err) != holdspace.EInvalid {
			t.Errorf("proposal with no change: %v", err)
		}
		if _, err := s.CreateProposal(ctx, g, a, "Be kind.", " "); holdspace.ErrorField(err) != "reason" {
			t.Errorf("proposal with no reason: %v", err)
		}
		p, err := s.CreateProposal(ctx, g, a, "Be kind.\nBe brief.", "Shorter is easier to remember.")
		if err != nil {
			t.Fatal(err)
		}
		want := agreement.Proposal{ID: p.ID, GroupID: g, ProposedBy: a, ProposerName: "Member 1", GroundRules: "Be kind.\nBe brief.",
			Reason: "Shorter is easier to remember.", Status: "open", CreatedAt: f.c.Now(), ClosesAt: f.c.Now().Add(agreement.VotingPeriod)}
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("new proposal (-want +got):\n%s", diff)
		}
		// Once each, changeable while open; the tally counts each member once.
		for _, v := range []struct {
			who  int64
			vote string
		}{{a, "yes"}, {b, "no"}, {b, "yes"}, {c, "abstain"}} {
			if _, err := s.Vote(ctx, g, p.ID, v.who, v.vote); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Proposal(ctx, g, p.ID, b)
		if err != nil || got.Tally != (agreement.Tally{Yes: 2, Abstain: 1}) || got.MyVote != "yes" {
			t.Errorf("tally %+v, my vote %q, %v", got.Tally, got.MyVote, err)
		}
		if _, err := s.Vote(ctx, g, p.ID, a, "maybe"); holdspace.ErrorField(err) != "vote" {
			t.Errorf("unknown vote: %v", err)
		}
		if _, err := s.Vote(ctx, g, p.ID, f.outside, "no"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("outsider votes: %v", err)
		}
		if _, err := s.Vote(ctx, g, 999999, a, "no"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("vote on no proposal: %v", err)
		}
		// A member who leaves no longer counts.
		if err := s.Leave(ctx, g, b); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Proposal(ctx, g, p.ID, a); got.Tally != (agreement.Tally{Yes: 1, Abstain: 1}) || got.MyVote != "yes" {
			t.Errorf("after b left: %+v", got.Tally)
		}
		// Listing: open first, then closed, newest first.
		q, err := s.CreateProposal(ctx, g, c, "Be kind.", "Simplest.")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := s.CloseProposal(ctx, g, q.ID, f.org); err != nil {
			t.Fatal(err)
		}
		list, err := s.Proposals(ctx, g, a)
		if err != nil || len(list) != 2 || list[0].ID != p.ID || list[1].ID != q.ID || list[1].Status != "rejected" {
			t.Errorf("Proposals = %+v, %v", list, err)
		}
		// Closing twice, or voting on a closed proposal, is a conflict.
		if _, _, _, err := s.CloseProposal(ctx, g, q.ID, f.org); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("close twice: %v", err)
		}
		if _, err := s.Vote(ctx, g, q.ID, a, "yes"); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("vote on a closed proposal: %v", err)
		}
		// After the voting period nobody can vote, but a facilitator can
		// still count the votes.
		f.c.Add(agreement.VotingPeriod)
		if _, err := s.Vote(ctx, g, p.ID, c, "yes"); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("vote after the period: %v", err)
		}
		closed, outcome, v2, err := s.CloseProposal(ctx, g, p.ID, f.org)
		if err != nil || !outcome.Passed || closed.Tally != (agreement.Tally{Yes: 1, Abstain: 1}) || v2.Number != 2 {
			t.Errorf("close after the period: %+v %+v v%d %v", closed.Tally, outcome, v2.Number, err)
		}
		// A member may have only a few proposals open at once.
		for i := 0; i < sqlstore.MaxOpenProposals; i++ {
			if _, err := s.CreateProposal(ctx, g, a, "Rule "+string(rune('A'+i)), "Why not."); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateProposal(ctx, g, a, "One too many.", "Why not."); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("too many open proposals: %v", err)
		}
		if err := s.SetVoteRule(ctx, g, f.org, "unanimous"); holdspace.ErrorField(err) != "vote_rule" {
			t.Errorf("unknown vote rule: %v", err)
		}
	})
}
