package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"holdspace/internal/holdspace"
)

// statusFor is the one place an error code becomes an HTTP status.
func statusFor(code string) int {
	switch code {
	case holdspace.EInvalid:
		return http.StatusUnprocessableEntity
	case holdspace.EConflict:
		return http.StatusConflict
	case holdspace.ENotFound:
		return http.StatusNotFound
	case holdspace.EUnauthorized:
		return http.StatusUnauthorized
	case holdspace.EForbidden:
		return http.StatusForbidden
	case holdspace.ERateLimited:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// apiErrorBody is the shape of every JSON error.
type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// apiError writes err as a JSON error; internal details go to the log only.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := holdspace.ErrorCode(err)
	if code == holdspace.EInternal {
		s.log.Error("api request failed", "route", r.Pattern, "err", err)
	}
	s.apiErrorStatus(w, statusFor(code), code, holdspace.ErrorMessage(err), holdspace.ErrorField(err))
}

func (s *Server) apiErrorStatus(w http.ResponseWriter, status int, code, msg, field string) {
	writeJSON(w, status, apiErrorBody{Error: apiErrorDetail{Code: code, Message: msg, Field: field}})
}

// apiNotFound answers unknown API paths in JSON.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiErrorStatus(w, http.StatusNotFound, holdspace.ENotFound, "There is nothing at this address", "")
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 1 << 20

// decodeJSON reads one JSON object into dst, refusing unknown fields, wrong
// types, trailing data and oversize bodies, each with a message that names
// the field where it can.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	return decodeJSONLimit(w, r, dst, maxJSONBody)
}

// decodeJSONLimit is decodeJSON with its own size limit.
func decodeJSONLimit(w http.ResponseWriter, r *http.Request, dst any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if dec.More() {
			return holdspace.Errorf(holdspace.EInvalid, "The body must hold one JSON object and nothing after it")
		}
		if _, err := dec.Token(); err != io.EOF {
			return holdspace.Errorf(holdspace.EInvalid, "The body must hold one JSON object and nothing after it")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return holdspace.Errorf(holdspace.EInvalid, "The body is too large: the limit is %d bytes", limit)
	case errors.Is(err, io.EOF):
		return holdspace.Errorf(holdspace.EInvalid, "The body is empty: send a JSON object")
	case errors.As(err, &syn):
		return holdspace.Errorf(holdspace.EInvalid, "The body is not valid JSON (at byte %d): %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		if typ.Field == "" {
			return holdspace.Errorf(holdspace.EInvalid, "The body must be a JSON object")
		}
		return &holdspace.Error{Code: holdspace.EInvalid, Field: typ.Field, Message: fmt.Sprintf("%s must be a %s", typ.Field, jsonKind(typ.Type.Kind().String()))}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &holdspace.Error{Code: holdspace.EInvalid, Field: name, Message: fmt.Sprintf("%s is not a field this endpoint accepts", name)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return holdspace.Errorf(holdspace.EInvalid, "The body is not valid JSON: it ends too early")
	}
	return holdspace.Errorf(holdspace.EInvalid, "The body is not valid JSON")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "list"
	case "map", "struct":
		return "JSON object"
	}
	return "number"
}
