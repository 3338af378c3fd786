package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every /api/v1 endpoint. It is written by hand
// and kept honest by TestOpenAPIMatchesResponses, which checks it against
// the route table and against real answers.
//
//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI serves the OpenAPI 3.1 document. It changes only with a new
// release, so caches may keep it for a few minutes.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDocument)
}
