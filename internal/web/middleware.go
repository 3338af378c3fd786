package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
)

// Cookie names. Both are essential and listed on /cookies.
const (
	sessionCookie = "hs_session"
	csrfCookie    = "hs_csrf"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; manifest-src 'self'"

// secureHeaders sets the headers every response carries.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.isTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and counts it in the metrics, by route pattern
// rather than path so that nothing private (a slug, a token) is logged, and
// without the client's address.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		route := r.Pattern
		if route == "" || route == "/" {
			route = "other"
		}
		d := time.Since(start)
		s.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		s.duration.WithLabelValues(route).Observe(d.Seconds())
		if route != "GET /healthz" && route != "GET /metrics" && !strings.HasPrefix(route, "GET /static/") {
			s.log.LogAttrs(r.Context(), levelFor(sw.code), "request",
				slog.String("method", r.Method), slog.String("route", route), slog.Int("status", sw.code), slog.Duration("duration", d))
		}
	})
}

// recoverPanics turns a panic into the 500 page and a log line.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", r.Pattern, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// guardStateChanges refuses a state-changing request from another site. A
// form must carry the CSRF token that matches its cookie; a JSON request must
// say it is JSON (which a cross-site form cannot) and any Origin it names
// must be ours.
func (s *Server) guardStateChanges(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/unsubscribe/") {
			// One-click unsubscribe (RFC 8058): mail programs post here
			// with no cookie and no form token. The unguessable token in
			// the address is the proof, and all the post can do is turn
			// that member's email off.
			next.ServeHTTP(w, r)
			return
		}
		api := strings.HasPrefix(r.URL.Path, "/api/")
		origin := r.Header.Get("Origin")
		if origin == "null" && !api {
			// Browsers send "Origin: null" for a form post from a page with
			// Referrer-Policy: no-referrer; the form's CSRF token, checked
			// below, is what proves it came from our page.
			origin = ""
		}
		if origin != "" && !s.sameOrigin(r, origin) {
			if api {
				s.apiError(w, r, holdspace.Errorf(holdspace.EForbidden, "Requests from another site are not accepted"))
			} else {
				s.renderStatus(w, r, http.StatusForbidden, "forbidden", nil)
			}
			return
		}
		if api {
			ct := r.Header.Get("Content-Type")
			if r.ContentLength != 0 || ct != "" {
				if mt, _, _ := strings.Cut(ct, ";"); strings.TrimSpace(strings.ToLower(mt)) != "application/json" {
					w.Header().Set("Accept", "application/json")
					s.apiErrorStatus(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json", "")
					return
				}
			}
			next.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		cookie, err := r.Cookie(csrfCookie)
		token := r.PostFormValue("csrf")
		if err != nil || token == "" || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(token)) != 1 {
			s.renderStatus(w, r, http.StatusForbidden, "expired", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether an Origin header names this site.
func (s *Server) sameOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	host := r.Host
	if s.cfg.TrustProxy {
		if fh := r.Header.Get("X-Forwarded-Host"); fh != "" {
			host = fh
		}
	}
	return strings.EqualFold(u.Host, host)
}

type ctxKey int

const (
	memberKey ctxKey = iota
	sessionKey
)

// loadSession finds the signed-in member, if any, and keeps a sign-in that is
// in use from expiring.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		hash := auth.HashToken(c.Value)
		m, a, err := s.store.SessionMember(r.Context(), hash)
		if err != nil {
			if holdspace.ErrorCode(err) != holdspace.ENotFound {
				s.fail(w, r, err)
				return
			}
			// Gone or expired: forget the cookie.
			http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
			next.ServeHTTP(w, r)
			return
		}
		if now := s.now(); a.ExpiresAt.Sub(now) < s.cfg.SessionTTL/2 {
			exp := now.Add(s.cfg.SessionTTL)
			if err := s.store.ExtendAuthSession(r.Context(), hash, exp); err != nil {
				s.log.Warn("extend session", "err", err)
			} else {
				http.SetCookie(w, s.cookie(r, sessionCookie, c.Value, int(s.cfg.SessionTTL.Seconds())))
			}
		}
		ctx := context.WithValue(r.Context(), memberKey, &m)
		ctx = context.WithValue(ctx, sessionKey, hash)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// currentMember returns the signed-in member or nil.
func currentMember(r *http.Request) *holdspace.Member {
	m, _ := r.Context().Value(memberKey).(*holdspace.Member)
	return m
}

// currentSession returns the hash of the signed-in session's token or "".
func currentSession(r *http.Request) string {
	h, _ := r.Context().Value(sessionKey).(string)
	return h
}

// cookie builds an essential cookie: HttpOnly, SameSite=Lax, Secure over TLS.
// maxAge < 0 deletes it.
func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || s.isTLS(r),
	}
}

// isTLS reports whether the visitor reached us over TLS.
func (s *Server) isTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientAddr is the address rate limits count by: the connection's, or the
// first hop of X-Forwarded-For behind a trusted proxy.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// csrfToken returns the visitor's CSRF token, setting the cookie the first
// time. Forms carry it in a hidden field.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := auth.NewToken()
	c := s.cookie(r, csrfCookie, tok, 0)
	c.SameSite = http.SameSiteStrictMode
	http.SetCookie(w, c)
	// Later reads in this request see the new token too.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// levelFor logs server errors as errors and everything else as info.
func levelFor(code int) slog.Level {
	if code >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
