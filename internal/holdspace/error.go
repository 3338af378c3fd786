// Package holdspace holds the domain types and error codes shared by every
// layer. It imports no net/http and no database/sql, so the web layer, the
// store and the command line can all speak the same language.
package holdspace

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to one HTTP status (web/errors.go);
// nothing else decides a status.
const (
	EInvalid      = "invalid"      // the input is wrong; Field names what
	EConflict     = "conflict"     // the thing already exists (a taken name)
	ENotFound     = "not_found"    // missing, or private to someone else
	EUnauthorized = "unauthorized" // not signed in, or wrong credentials
	EForbidden    = "forbidden"    // signed in but not allowed
	ERateLimited  = "rate_limited" // too many attempts; try later
	EInternal     = "internal"     // our fault; details go to the log only
)

// Error is an error a person can act on: a code, a plain message and, for
// input problems, the field it is about.
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EInvalid error about one field.
func FieldError(field, message string) *Error {
	return &Error{Code: EInvalid, Message: message, Field: field}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the human message of the first *Error in err's chain,
// or a generic one that reveals nothing about internals.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Try again in a few minutes."
}

// ErrorField returns the field of the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
