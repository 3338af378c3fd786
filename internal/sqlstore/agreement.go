package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

const agreementColumns = `group_id, version, template, ground_rules, confidentiality, limits, retention, change_summary, created_by, created_at`

func scanAgreement(row interface{ Scan(...any) error }) (agreement.Version, error) {
	var v agreement.Version
	var by sql.NullInt64
	var at int64
	err := row.Scan(&v.GroupID, &v.Number, &v.Template, &v.GroundRules, &v.Confidentiality, &v.Limits, &v.Retention,
		&v.ChangeSummary, &by, &at)
	v.CreatedBy, v.CreatedAt = by.Int64, fromUnix(at)
	return v, err
}

// ensureAgreement gives a group version 1 of its agreement, from the
// template that suits its format, the first time anyone asks for it. Two
// first asks at once both try; the second insert does nothing.
func (s *Store) ensureAgreement(ctx context.Context, groupID int64) error {
	var n int
	if err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM agreements WHERE group_id = ?`), groupID).Scan(&n); err != nil {
		return fmt.Errorf("find agreement: %w", err)
	}
	if n > 0 {
		return nil
	}
	var format string
	if err := s.read.QueryRowContext(ctx, s.q(`SELECT format FROM groups WHERE id = ?`), groupID).Scan(&format); err != nil {
		return notFound(err, "group")
	}
	name := agreement.TemplateFor(format)
	text, err := s.AgreementTemplate(ctx, groupID, name)
	if err != nil {
		return err
	}
	_, err = s.write.ExecContext(ctx, s.q(`INSERT INTO agreements (group_id, version, template, ground_rules, confidentiality, limits, retention,
		change_summary, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, '', ?) ON CONFLICT (group_id, version) DO NOTHING`),
		groupID, name, text.GroundRules, text.Confidentiality, text.Limits, text.Retention, unix(s.now()))
	if err != nil {
		return fmt.Errorf("create agreement: %w", err)
	}
	return nil
}

// AgreementTemplate returns a template's words for a group, stating how
// long the group keeps board posts. An unknown template is EInvalid.
func (s *Store) AgreementTemplate(ctx context.Context, groupID int64, name string) (agreement.Text, error) {
	if !agreement.ValidTemplate(name) {
		return agreement.Text{}, holdspace.FieldError("template", "Select one of the templates")
	}
	var days int
	if err := s.read.QueryRowContext(ctx, s.q(`SELECT retention_days FROM groups WHERE id = ?`), groupID).Scan(&days); err != nil {
		return agreement.Text{}, notFound(err, "group")
	}
	return agreement.FromTemplate(name, days)
}

// Agreement returns the current version of a group's agreement, making
// version 1 from a template if the group has none yet.
func (s *Store) Agreement(ctx context.Context, groupID int64) (agreement.Version, error) {
	if err := s.ensureAgreement(ctx, groupID); err != nil {
		return agreement.Version{}, err
	}
	v, err := scanAgreement(s.read.QueryRowContext(ctx, s.q(`SELECT `+agreementColumns+` FROM agreements WHERE group_id = ?
		ORDER BY version DESC LIMIT 1`), groupID))
	return v, notFound(err, "agreement")
}

// AgreementVersion returns one version of a group's agreement.
func (s *Store) AgreementVersion(ctx context.Context, groupID int64, version int) (agreement.Version, error) {
	v, err := scanAgreement(s.read.QueryRowContext(ctx, s.q(`SELECT `+agreementColumns+` FROM agreements WHERE group_id = ? AND version = ?`),
		groupID, version))
	return v, notFound(err, "agreement version")
}

// SaveAgreement saves a new version of a group's agreement, written by an
// organizer, and audits it. base is the version the organizer started
// from: if someone saved another version since, it is EConflict, so no
// change is lost. base 0 skips that check. A text that reads the same as
// the current version is EInvalid.
func (s *Store) SaveAgreement(ctx context.Context, groupID, byID int64, base int, text agreement.Text, template, summary string) (agreement.Version, error) {
	if err := s.ensureAgreement(ctx, groupID); err != nil {
		return agreement.Version{}, err
	}
	text = text.Normalize()
	var saved agreement.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := scanAgreement(tx.QueryRowContext(ctx, s.q(`SELECT `+agreementColumns+` FROM agreements WHERE group_id = ?
			ORDER BY version DESC LIMIT 1`), groupID))
		if err != nil {
			return notFound(err, "agreement")
		}
		if base != 0 && base != cur.Number {
			return holdspace.Errorf(holdspace.EConflict, "Someone saved a new version of the agreement while you were changing it. Read version %d, then make your change again", cur.Number)
		}
		if cur.Text.Equal(text) {
			return holdspace.FieldError("ground_rules", "Change at least one part of the agreement")
		}
		saved, err = s.insertVersion(ctx, tx, cur.Number+1, groupID, byID, template, text, summary)
		return err
	})
	if err != nil {
		return agreement.Version{}, err
	}
	return saved, nil
}

// insertVersion writes a new version and its audit line inside tx. Two
// versions saved at the same moment cannot both take the same number.
func (s *Store) insertVersion(ctx context.Context, tx *sql.Tx, number int, groupID, byID int64, template string, text agreement.Text, summary string) (agreement.Version, error) {
	now := s.now().UTC().Truncate(time.Second)
	var by any
	if byID != 0 {
		by = byID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO agreements (group_id, version, template, ground_rules, confidentiality, limits, retention,
		change_summary, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		groupID, number, template, text.GroundRules, text.Confidentiality, text.Limits, text.Retention, summary, by, unix(now))
	if isUniqueViolation(err) {
		return agreement.Version{}, holdspace.Errorf(holdspace.EConflict, "Someone saved a new version of the agreement at the same moment. Read it again, then make your change")
	}
	if err != nil {
		return agreement.Version{}, fmt.Errorf("save agreement: %w", err)
	}
	if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "change_agreement", Reason: summary,
		Details: fmt.Sprintf("version %d", number)}); err != nil {
		return agreement.Version{}, err
	}
	return agreement.Version{GroupID: groupID, Number: number, Template: template, Text: text, ChangeSummary: summary, CreatedBy: byID, CreatedAt: now}, nil
}

// staleAgreement is what a member hears when they agree to a version that
// is no longer the current one.
func staleAgreement() error {
	return holdspace.Errorf(holdspace.EConflict, "The group agreement has changed since you opened it. Read it again, then agree to the new version")
}

// AcceptAgreement records that an approved member agrees to version of
// the group's agreement. Only the current version can be agreed to: an
// older or unknown one is EConflict, so nobody agrees to words they did
// not read. Agreeing twice keeps the first time. It returns when they
// agreed.
func (s *Store) AcceptAgreement(ctx context.Context, groupID, memberID int64, version int) (time.Time, error) {
	if version < 1 {
		return time.Time{}, holdspace.FieldError("version", "Say which version of the agreement you agree to")
	}
	if err := s.ensureAgreement(ctx, groupID); err != nil {
		return time.Time{}, err
	}
	var at int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && status != holdspace.StatusApproved) {
			return holdspace.Errorf(holdspace.ENotFound, "No such group")
		}
		if err != nil {
			return err
		}
		var cur int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT MAX(version) FROM agreements WHERE group_id = ?`), groupID).Scan(&cur); err != nil {
			return err
		}
		if version != cur {
			return staleAgreement()
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO consents (group_id, member_id, version, accepted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_id, member_id, version) DO NOTHING`), groupID, memberID, version, unix(s.now())); err != nil {
			return fmt.Errorf("record consent: %w", err)
		}
		return tx.QueryRowContext(ctx, s.q(`SELECT accepted_at FROM consents WHERE group_id = ? AND member_id = ? AND version = ?`),
			groupID, memberID, version).Scan(&at)
	})
	if err != nil {
		return time.Time{}, err
	}
	return fromUnix(at), nil
}

// AcceptedVersion returns the newest version of the group's agreement the
// member agreed to and when, or 0 when they never have.
func (s *Store) AcceptedVersion(ctx context.Context, groupID, memberID int64) (int, time.Time, error) {
	var v, at sql.NullInt64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT version, accepted_at FROM consents WHERE group_id = ? AND member_id = ?
		ORDER BY version DESC LIMIT 1`), groupID, memberID).Scan(&v, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("accepted version: %w", err)
	}
	return int(v.Int64), fromUnix(at.Int64), nil
}

// HasAcceptedCurrent reports whether the member agreed to the current
// version of the group's agreement, and which version that is. Call it
// before a member joins a group session or the live circle: a member who
// has not agreed is asked to read the agreement first. It makes version 1
// if the group has none yet.
func (s *Store) HasAcceptedCurrent(ctx context.Context, groupID, memberID int64) (bool, int, error) {
	cur, err := s.Agreement(ctx, groupID)
	if err != nil {
		return false, 0, err
	}
	var n int
	err = s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM consents WHERE group_id = ? AND member_id = ? AND version = ?`),
		groupID, memberID, cur.Number).Scan(&n)
	if err != nil {
		return false, cur.Number, fmt.Errorf("find consent: %w", err)
	}
	return n > 0, cur.Number, nil
}

// Consents lists every consent record of a group, oldest first, with the
// name each member uses in the group.
func (s *Store) Consents(ctx context.Context, groupID int64) ([]agreement.Consent, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT c.member_id, COALESCE(gm.display_name, ''), c.version, c.accepted_at
		FROM consents c LEFT JOIN group_members gm ON gm.group_id = c.group_id AND gm.member_id = c.member_id
		WHERE c.group_id = ? ORDER BY c.accepted_at, c.version, c.member_id`), groupID)
	if err != nil {
		return nil, fmt.Errorf("list consents: %w", err)
	}
	defer rows.Close()
	var out []agreement.Consent
	for rows.Next() {
		var c agreement.Consent
		var at int64
		if err := rows.Scan(&c.MemberID, &c.DisplayName, &c.Version, &at); err != nil {
			return nil, err
		}
		c.AcceptedAt = fromUnix(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// VoteRule returns how the group decides on proposed changes.
func (s *Store) VoteRule(ctx context.Context, groupID int64) (string, error) {
	var rule string
	err := s.read.QueryRowContext(ctx, s.q(`SELECT vote_rule FROM groups WHERE id = ?`), groupID).Scan(&rule)
	return rule, notFound(err, "group")
}

// SetVoteRule changes how the group decides on proposed changes, audited.
func (s *Store) SetVoteRule(ctx context.Context, groupID, byID int64, rule string) error {
	if !agreement.ValidRule(rule) {
		return holdspace.FieldError("vote_rule", "Select how the group decides on a proposed change")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT vote_rule FROM groups WHERE id = ?`), groupID).Scan(&old); err != nil {
			return notFound(err, "group")
		}
		if old == rule {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE groups SET vote_rule = ? WHERE id = ?`), rule, groupID); err != nil {
			return fmt.Errorf("set vote rule: %w", err)
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "set_vote_rule", Details: old + " -> " + rule})
	})
}

// MaxOpenProposals is how many open proposals one member may have in a
// group at once.
const MaxOpenProposals = 3

// CreateProposal opens a member's proposed change to the group's ground
// rules for votes.
func (s *Store) CreateProposal(ctx context.Context, groupID, memberID int64, groundRules, reason string) (agreement.Proposal, error) {
	cur, err := s.Agreement(ctx, groupID)
	if err != nil {
		return agreement.Proposal{}, err
	}
	groundRules = agreement.Text{GroundRules: groundRules}.Normalize().GroundRules
	if errs := agreement.ValidateProposal(groundRules, reason, cur.GroundRules); len(errs) > 0 {
		return agreement.Proposal{}, errs[0]
	}
	now := s.now()
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM proposals WHERE group_id = ? AND proposed_by = ? AND status = 'open'`),
			groupID, memberID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxOpenProposals {
			return holdspace.Errorf(holdspace.EConflict, "You already have %d proposals open for votes. Wait until one is closed", n)
		}
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO proposals (group_id, proposed_by, ground_rules, reason, status, created_at, closes_at)
			VALUES (?, ?, ?, ?, 'open', ?, ?) RETURNING id`), groupID, memberID, groundRules, reason, unix(now),
			unix(now.Add(agreement.VotingPeriod))).Scan(&id)
		if err != nil {
			return fmt.Errorf("create proposal: %w", err)
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: memberID, Action: "propose_change", Reason: reason,
			Details: fmt.Sprintf("proposal %d", id)})
	})
	if err != nil {
		return agreement.Proposal{}, err
	}
	return s.Proposal(ctx, groupID, id, memberID)
}

// proposalQuery selects proposals with their tallies and the asking
// member's vote. While a proposal is open only the votes of current
// members count; closing it drops the others for good.
const proposalQuery = `SELECT p.id, p.group_id, p.proposed_by, COALESCE(gm.display_name, ''), p.ground_rules, p.reason, p.status,
	p.created_at, p.closes_at, p.decided_at, p.confirmed_by,
	COALESCE(SUM(CASE WHEN v.vote = 'yes' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN v.vote = 'no' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN v.vote = 'abstain' THEN 1 ELSE 0 END), 0),
	COALESCE(MAX(CASE WHEN v.member_id = ? THEN v.vote END), '')
	FROM proposals p
	LEFT JOIN group_members gm ON gm.group_id = p.group_id AND gm.member_id = p.proposed_by
	LEFT JOIN votes v ON v.proposal_id = p.id AND (p.status <> 'open' OR EXISTS (
		SELECT 1 FROM group_members vm WHERE vm.group_id = p.group_id AND vm.member_id = v.member_id AND vm.status = 'approved'))
	WHERE p.group_id = ?`

const proposalGroupBy = ` GROUP BY p.id, p.group_id, p.proposed_by, gm.display_name, p.ground_rules, p.reason, p.status,
	p.created_at, p.closes_at, p.decided_at, p.confirmed_by`

func scanProposal(row interface{ Scan(...any) error }) (agreement.Proposal, error) {
	var p agreement.Proposal
	var by, decided, confirmed sql.NullInt64
	var created, closes int64
	err := row.Scan(&p.ID, &p.GroupID, &by, &p.ProposerName, &p.GroundRules, &p.Reason, &p.Status, &created, &closes, &decided, &confirmed,
		&p.Tally.Yes, &p.Tally.No, &p.Tally.Abstain, &p.MyVote)
	p.ProposedBy, p.ClosedBy = by.Int64, confirmed.Int64
	p.CreatedAt, p.ClosesAt = fromUnix(created), fromUnix(closes)
	if decided.Valid {
		p.DecidedAt = fromUnix(decided.Int64)
	}
	return p, err
}

// Proposal returns one of a group's proposals, with the votes so far and
// the asking member's own vote.
func (s *Store) Proposal(ctx context.Context, groupID, id, memberID int64) (agreement.Proposal, error) {
	p, err := scanProposal(s.read.QueryRowContext(ctx, s.q(proposalQuery+` AND p.id = ?`+proposalGroupBy), memberID, groupID, id))
	return p, notFound(err, "proposal")
}

// Proposals lists a group's proposals, open ones first, newest first.
func (s *Store) Proposals(ctx context.Context, groupID, memberID int64) ([]agreement.Proposal, error) {
	rows, err := s.read.QueryContext(ctx, s.q(proposalQuery+proposalGroupBy+`
		ORDER BY CASE WHEN p.status = 'open' THEN 0 ELSE 1 END, p.id DESC`), memberID, groupID)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	defer rows.Close()
	var out []agreement.Proposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Vote records an approved member's vote on an open proposal. A member
// votes once; voting again changes their vote while the proposal is open.
func (s *Store) Vote(ctx context.Context, groupID, proposalID, memberID int64, vote string) (agreement.Proposal, error) {
	if !agreement.ValidVote(vote) {
		return agreement.Proposal{}, holdspace.FieldError("vote", "Choose yes, no or abstain")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		var closes int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT status, closes_at FROM proposals WHERE id = ? AND group_id = ?`), proposalID, groupID).Scan(&status, &closes)
		if err != nil {
			return notFound(err, "proposal")
		}
		if status != agreement.StatusOpen || !s.now().Before(fromUnix(closes)) {
			return holdspace.Errorf(holdspace.EConflict, "Voting on this proposal has ended")
		}
		var member string
		err = tx.QueryRowContext(ctx, s.q(`SELECT status FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&member)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && member != holdspace.StatusApproved) {
			return holdspace.Errorf(holdspace.ENotFound, "No such group")
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO votes (proposal_id, member_id, vote, voted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (proposal_id, member_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`),
			proposalID, memberID, vote, unix(s.now()))
		if err != nil {
			return fmt.Errorf("vote: %w", err)
		}
		return nil
	})
	if err != nil {
		return agreement.Proposal{}, err
	}
	return s.Proposal(ctx, groupID, proposalID, memberID)
}

// CloseProposal counts the votes on an open proposal by the group's vote
// rule and closes it. byID is the facilitator who closes it; under
// majority_confirmed closing is their confirmation. A proposal that
// passes becomes a new version of the agreement, which every member must
// agree to again; that version is returned, or a zero Version when
// nothing changed. Everything happens in one transaction.
func (s *Store) CloseProposal(ctx context.Context, groupID, proposalID, byID int64) (agreement.Proposal, agreement.Outcome, agreement.Version, error) {
	if err := s.ensureAgreement(ctx, groupID); err != nil {
		return agreement.Proposal{}, agreement.Outcome{}, agreement.Version{}, err
	}
	var outcome agreement.Outcome
	var saved agreement.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status, rules, reason, rule string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status, ground_rules, reason FROM proposals WHERE id = ? AND group_id = ?`),
			proposalID, groupID).Scan(&status, &rules, &reason)
		if err != nil {
			return notFound(err, "proposal")
		}
		if status != agreement.StatusOpen {
			return holdspace.Errorf(holdspace.EConflict, "This proposal is already closed")
		}
		// Votes of people who have left the group do not count.
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM votes WHERE proposal_id = ? AND member_id NOT IN (
			SELECT member_id FROM group_members WHERE group_id = ? AND status = 'approved')`), proposalID, groupID); err != nil {
			return fmt.Errorf("drop votes of former members: %w", err)
		}
		var t agreement.Tally
		err = tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(CASE WHEN vote = 'yes' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN vote = 'no' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN vote = 'abstain' THEN 1 ELSE 0 END), 0)
			FROM votes WHERE proposal_id = ?`), proposalID).Scan(&t.Yes, &t.No, &t.Abstain)
		if err != nil {
			return fmt.Errorf("count votes: %w", err)
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT vote_rule FROM groups WHERE id = ?`), groupID).Scan(&rule); err != nil {
			return notFound(err, "group")
		}
		outcome = agreement.Decide(rule, t, true)
		status = agreement.StatusRejected
		if outcome.Passed {
			status = agreement.StatusPassed
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE proposals SET status = ?, decided_at = ?, confirmed_by = ? WHERE id = ?`),
			status, unix(s.now()), byID, proposalID); err != nil {
			return fmt.Errorf("close proposal: %w", err)
		}
		if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "close_proposal", Reason: outcome.Reason,
			Details: fmt.Sprintf("proposal %d %s: %d yes, %d no, %d abstain", proposalID, status, t.Yes, t.No, t.Abstain)}); err != nil {
			return err
		}
		if !outcome.Passed {
			return nil
		}
		cur, err := scanAgreement(tx.QueryRowContext(ctx, s.q(`SELECT `+agreementColumns+` FROM agreements WHERE group_id = ?
			ORDER BY version DESC LIMIT 1`), groupID))
		if err != nil {
			return notFound(err, "agreement")
		}
		next := cur.Text
		next.GroundRules = rules
		if next.Equal(cur.Text) {
			return nil // the rules already say this: nothing to agree to again
		}
		summary := fmt.Sprintf("The group voted for this change: %d yes, %d no, %d abstained. The reason given: %s", t.Yes, t.No, t.Abstain, reason)
		saved, err = s.insertVersion(ctx, tx, cur.Number+1, groupID, byID, cur.Template, next.Normalize(), summary)
		return err
	})
	if err != nil {
		return agreement.Proposal{}, agreement.Outcome{}, agreement.Version{}, err
	}
	p, err := s.Proposal(ctx, groupID, proposalID, byID)
	return p, outcome, saved, err
}
