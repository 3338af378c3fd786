package web

import "net/http"

// agreementRoutes registers the group agreement's pages and API: reading
// and agreeing to the current version, organizers' changes and consent
// records, and members' proposed changes with their votes.
func (s *Server) agreementRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/groups/{slug}/agreement", s.apiAgreementShow)
	mux.HandleFunc("PUT /api/v1/groups/{slug}/agreement", s.apiAgreementUpdate)
	mux.HandleFunc("POST /api/v1/groups/{slug}/agreement/accept", s.apiAgreementAccept)
	mux.HandleFunc("GET /api/v1/groups/{slug}/agreement/consents", s.apiAgreementConsents)
	mux.HandleFunc("GET /api/v1/groups/{slug}/proposals", s.apiProposalList)
	mux.HandleFunc("POST /api/v1/groups/{slug}/proposals", s.apiProposalCreate)
	mux.HandleFunc("POST /api/v1/groups/{slug}/proposals/{id}/vote", s.apiProposalVote)
	mux.HandleFunc("POST /api/v1/groups/{slug}/proposals/{id}/close", s.apiProposalClose)

	mux.HandleFunc("GET /groups/{slug}/agreement", s.agreementShow)
	mux.HandleFunc("POST /groups/{slug}/agreement/accept", s.agreementAccept)
	mux.HandleFunc("GET /groups/{slug}/agreement/edit", s.agreementEdit)
	mux.HandleFunc("POST /groups/{slug}/agreement/edit", s.agreementUpdate)
	mux.HandleFunc("GET /groups/{slug}/agreement/consents", s.agreementConsents)
	mux.HandleFunc("GET /groups/{slug}/agreement/propose", s.proposalNew)
	mux.HandleFunc("POST /groups/{slug}/agreement/propose", s.proposalCreate)
	mux.HandleFunc("POST /groups/{slug}/proposals/{id}/vote", s.proposalVote)
	mux.HandleFunc("POST /groups/{slug}/proposals/{id}/close", s.proposalClose)
}
