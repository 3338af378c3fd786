package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"holdspace/internal/holdspace"
)

// fieldError is one problem with a form, in page order. FieldID is the id of
// the input the error summary links to.
type fieldError struct {
	FieldID string
	Message string
}

// page is what every template gets. Data holds the page's own view model.
type page struct {
	Title   string
	Section string
	Member  *holdspace.Member
	CSRF    string
	Errors  []fieldError
	Err     map[string]string // by field id
	Form    map[string]string // what the visitor typed, to show again
	Notice  string            // a success banner after a redirect
	Data    any
}

// HasErrors reports whether the page shows an error summary.
func (p page) HasErrors() bool { return len(p.Errors) > 0 }

// addError records a problem with a field.
func (p *page) addError(fieldID, msg string) {
	if p.Err == nil {
		p.Err = map[string]string{}
	}
	if _, dup := p.Err[fieldID]; dup {
		return
	}
	p.Err[fieldID] = msg
	p.Errors = append(p.Errors, fieldError{FieldID: fieldID, Message: msg})
}

var funcs = template.FuncMap{
	"label": holdspace.Label,
	"date":  func(t time.Time) string { return t.Format("2 January 2006") },
	"describedby": func(ids ...string) string {
		var out []string
		for _, id := range ids {
			if id != "" {
				out = append(out, id)
			}
		}
		return strings.Join(out, " ")
	},
	// errid is the id of a field's inline error, or "" when it has none.
	"errid": func(errs map[string]string, id string) string {
		if errs[id] != "" {
			return id + "-error"
		}
		return ""
	},
	// hintid is a field's hint id when it has a hint.
	"hintid": func(id string, hint any) string {
		if h, _ := hint.(string); h != "" {
			return id + "-hint"
		}
		return ""
	},
	// errid2 is a field's error id when it has an error message.
	"errid2": func(id string, msg any) string {
		if m, _ := msg.(string); m != "" {
			return id + "-error"
		}
		return ""
	},
	// deref reads a *bool.
	"deref": func(b *bool) bool { return b != nil && *b },
	// dict builds a map for passing several values to a partial.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// parsePages parses each page template together with the layout and the
// shared partials, once, at start.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials.html", "templates/form_partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	s.renderCode(w, r, http.StatusOK, name, p)
}

// renderCode fills in what every page needs and writes the page with code.
// It renders into a buffer first so a template error becomes the 500 page,
// not half a page.
func (s *Server) renderCode(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	if p.Member == nil {
		p.Member = currentMember(r)
	}
	if p.CSRF == "" {
		p.CSRF = s.csrfToken(w, r)
	}
	if p.HasErrors() && code == http.StatusOK {
		code = http.StatusUnprocessableEntity
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		if name != "error" {
			s.renderStatus(w, r, http.StatusInternalServerError, "internal", nil)
		} else {
			http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// errorPage is the view model of the plain-words error pages.
type errorPage struct {
	Kind    string // not_found, forbidden, expired, internal, rate_limited, invalid
	Message string // for invalid: what to put right
	Back    string // for invalid: where to go back to
}

// renderStatus writes one of the plain-words error pages.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, kind string, _ error) {
	titles := map[string]string{
		"not_found":    "Page not found",
		"forbidden":    "You cannot do that here",
		"expired":      "This form has expired",
		"internal":     "Sorry, something went wrong",
		"rate_limited": "Too many tries",
	}
	s.renderCode(w, r, code, "error", page{Title: titles[kind], Data: errorPage{Kind: kind}})
}

// notFound is the 404 page, also what outsiders get for anything private.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiNotFound(w, r)
		return
	}
	s.renderStatus(w, r, http.StatusNotFound, "not_found", nil)
}

// fail logs err and shows the 500 page; the visitor sees no details.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "route", r.Pattern, "err", err)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiErrorStatus(w, http.StatusInternalServerError, holdspace.EInternal, holdspace.ErrorMessage(nil), "")
		return
	}
	s.renderStatus(w, r, http.StatusInternalServerError, "internal", err)
}

// pageError shows err on the page that caused it: a field error goes into
// the form; anything else gets its status page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	switch holdspace.ErrorCode(err) {
	case holdspace.ENotFound:
		s.notFound(w, r)
	case holdspace.ERateLimited:
		s.renderStatus(w, r, http.StatusTooManyRequests, "rate_limited", err)
	case holdspace.EForbidden:
		s.renderStatus(w, r, http.StatusForbidden, "forbidden", err)
	default:
		s.fail(w, r, err)
	}
}

// seeOther redirects after a successful POST, so refresh and Back never post
// again.
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}
