package web

import "net/http"

func (s *Server) groupNew(w http.ResponseWriter, r *http.Request)    { s.notFound(w, r) }
func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
func (s *Server) groupEdit(w http.ResponseWriter, r *http.Request)   { s.notFound(w, r) }
func (s *Server) groupUpdate(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
