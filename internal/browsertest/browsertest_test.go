package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"holdspace/internal/browsertest"
)

// recorder is a testing.TB that keeps failures instead of failing the test,
// so a test can check that a helper fails when it should.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Log(...any)          {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Error(args ...any)   { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...); r.FailNow() }
func (r *recorder) FailNow()                          { runtime.Goexit() }
func (r *recorder) Failed() bool                      { return len(r.errors) > 0 }

// run calls f with the recorder on its own goroutine, since FailNow ends it.
func (r *recorder) run(f func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
}

// page serves one HTML page under the strict CSP the real site sends, so
// the test also shows that axe gets in despite it.
func page(html string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
}

func TestCheckAxe(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.NewContext(t)

	clean := page(`<!DOCTYPE html><html lang="en"><head><title>Clean</title></head>
<body><main><h1>Clean</h1><p><a href="/">Home</a></p></main></body></html>`)
	defer clean.Close()
	browsertest.Navigate(t, ctx, clean.URL)
	browsertest.CheckAxe(t, ctx)

	broken := page(`<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="/x.png"><a href="/"></a></main></body></html>`)
	defer broken.Close()
	browsertest.Navigate(t, ctx, broken.URL)
	rec := &recorder{TB: t}
	rec.run(func(tb testing.TB) { browsertest.CheckAxe(tb, ctx) })
	all := strings.Join(rec.errors, "\n")
	for _, rule := range []string{"image-alt", "link-name"} {
		if !strings.Contains(all, "axe "+rule+" [") {
			t.Errorf("CheckAxe on a page with an image without alt text and an empty link: no %s violation; got:\n%s", rule, all)
		}
	}
}

func TestKeyboard(t *testing.T) {
	b := browsertest.New(t)
	ctx := b.NewContext(t)
	srv := page(`<!DOCTYPE html><html lang="en"><head><title>Form</title></head>
<body><a id="first" href="#f">First</a><form id="f" action="/done" method="get">
<label for="a">A</label><input id="a" name="a"><label for="b">B</label><input id="b" name="b">
<button>Send</button></form></body></html>`)
	defer srv.Close()

	browsertest.Navigate(t, ctx, srv.URL)
	for _, want := range []string{"first", "a", "b"} {
		browsertest.Press(t, ctx, browsertest.Tab)
		if got := browsertest.Focused(t, ctx); got.ID != want {
			t.Fatalf("Tab: got focus on %v, want #%s", got, want)
		}
	}
	browsertest.ShiftTab(t, ctx)
	if got := browsertest.Focused(t, ctx); got.ID != "a" {
		t.Fatalf("Shift+Tab: got focus on %v, want #a", got)
	}
	browsertest.Press(t, ctx, "Ab c!")
	browsertest.PressAndWait(t, ctx, browsertest.Enter)
	if got, want := browsertest.URL(t, ctx), srv.URL+"/done?a=Ab+c%21&b="; got != want {
		t.Errorf("after typing and Enter: got %s, want %s", got, want)
	}
}
