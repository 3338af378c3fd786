package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/holdspace"
)

// auditActions are the audit log's actions in plain words, for the page.
// An action missing here is shown as its name with spaces.
var auditActions = map[string]string{
	"approve_request":    "Accepted a request to join",
	"decline_request":    "Declined a request to join",
	"remove_member":      "Removed from the group",
	"set_role":           "Changed role",
	"pair_buddy":         "Paired with a welcome buddy",
	"dismiss_report":     "Dismissed a report",
	"warn_member":        "Sent a warning",
	"hide_content":       "Hid a message or post",
	"mute_member":        "Muted in group sessions",
	"ban_member":         "Banned from the site",
	"update_safety_plan": "Changed the safety plan",
}

// auditRow is one audit line with the names people use in the group.
type auditRow struct {
	holdspace.AuditEntry
	What       string
	ActorName  string
	TargetName string
}

// auditRows reads the group's audit log, oldest first. Someone acting who
// never had a place in the group is a site admin.
func (s *Server) auditRows(r *http.Request, c groupCtx) ([]auditRow, error) {
	list, err := s.store.AuditLog(r.Context(), c.Group.ID)
	if err != nil {
		return nil, err
	}
	names, err := s.store.GroupNames(r.Context(), c.Group.ID)
	if err != nil {
		return nil, err
	}
	out := make([]auditRow, len(list))
	for i, e := range list {
		row := auditRow{AuditEntry: e, What: auditActions[e.Action], TargetName: names[e.TargetID]}
		if row.What == "" {
			row.What = strings.ReplaceAll(e.Action, "_", " ")
		}
		switch n, ok := names[e.ActorID]; {
		case ok:
			row.ActorName = n
		case e.ActorID != 0:
			row.ActorName = "A site admin"
		}
		out[i] = row
	}
	return out, nil
}

// auditCSVHeader is the first row of the audit log download.
var auditCSVHeader = []string{"id", "at", "actor_id", "actor_name", "action", "target_id", "target_name", "reason", "details"}

// apiAuditCSV downloads the group's audit log as CSV (organizers): who,
// what, to whom, when and why, with the names people use in the group.
func (s *Server) apiAuditCSV(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	rows, err := s.auditRows(r, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(auditCSVHeader)
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	for _, e := range rows {
		cw.Write([]string{id(e.ID), e.CreatedAt.UTC().Format(time.RFC3339), id(e.ActorID), auditCSVSafe(e.ActorName), e.Action,
			id(e.TargetID), auditCSVSafe(e.TargetName), auditCSVSafe(e.Reason), auditCSVSafe(e.Details)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.apiError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+c.Group.Slug+`-audit-log.csv"`)
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// auditCSVSafe keeps text a person typed from being read as a formula
// when the file is opened in a spreadsheet program.
func auditCSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// auditView is the audit page's view model.
type auditView struct {
	Group holdspace.Group
	Rows  []auditRow // newest first
}

// auditShow is the group's audit log for organizers, newest first, with a
// link to the CSV.
func (s *Server) auditShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	rows, err := s.auditRows(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	s.render(w, r, "moderation_audit", page{Title: "Audit log of " + c.Group.Name, Section: "groups", Data: auditView{Group: c.Group, Rows: rows}})
}
