package web

import "net/http"

// safetyRoutes registers reports and the moderation queue, blocks, site
// bans, the audit log's page and CSV, and each group's safety plan.
func (s *Server) safetyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/reports", s.apiReportCreate)
	mux.HandleFunc("GET /api/v1/groups/{slug}/reports", s.apiReportList)
	mux.HandleFunc("POST /api/v1/groups/{slug}/reports/{id}/action", s.apiReportAction)
	mux.HandleFunc("POST /api/v1/admin/members/{id}/ban", s.apiMemberBan)
	mux.HandleFunc("GET /api/v1/blocks", s.apiBlockList)
	mux.HandleFunc("POST /api/v1/blocks", s.apiBlockCreate)
	mux.HandleFunc("DELETE /api/v1/blocks/{member_id}", s.apiBlockDelete)
	mux.HandleFunc("GET /api/v1/groups/{slug}/audit.csv", s.apiAuditCSV)
	mux.HandleFunc("GET /api/v1/groups/{slug}/safety-plan", s.apiSafetyPlanShow)
	mux.HandleFunc("PUT /api/v1/groups/{slug}/safety-plan", s.apiSafetyPlanUpdate)

	mux.HandleFunc("GET /groups/{slug}/report", s.reportNew)
	mux.HandleFunc("POST /groups/{slug}/report", s.reportCreate)
	mux.HandleFunc("GET /groups/{slug}/moderation", s.moderationShow)
	mux.HandleFunc("POST /groups/{slug}/moderation/{id}", s.moderationDecide)
	mux.HandleFunc("GET /groups/{slug}/audit", s.auditShow)
	mux.HandleFunc("GET /groups/{slug}/safety-plan", s.safetyPlanShow)
	mux.HandleFunc("GET /groups/{slug}/safety-plan/edit", s.safetyPlanEdit)
	mux.HandleFunc("POST /groups/{slug}/safety-plan/edit", s.safetyPlanUpdate)
}
