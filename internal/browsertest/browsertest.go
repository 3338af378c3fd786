// Package browsertest drives Debian's Chromium, headless, from Go tests with
// chromedp: one browser per test (or per package, under Main), a separate
// browser context (own cookies) for each person in a test, small helpers
// that fail the test instead of returning errors, and an accessibility check
// with axe-core.
//
// The environment decides what runs:
//
//	HOLDSPACE_TEST_CHROMIUM  the Chromium binary (default /usr/bin/chromium)
//	HOLDSPACE_TEST_AXE       axe.min.js, for CheckAxe
//	HOLDSPACE_TEST_REQUIRE=1 a missing browser or axe fails the test
//	                         instead of skipping it (scripts/test sets it)
//
// Every helper waits at most Timeout, so a broken page fails the test rather
// than hanging CI.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Timeout bounds every single helper call: a navigation, a click that loads
// a page, a wait for an element, an axe run.
var Timeout = 15 * time.Second

// startTimeout bounds starting Chromium and opening a tab.
const startTimeout = 30 * time.Second

// Keys for Press, as chromedp's kb package spells them.
const (
	Tab   = kb.Tab
	Enter = kb.Enter
)

// Browser is one headless Chromium.
type Browser struct {
	ctx context.Context // the first tab; its children share the browser
}

// required reports whether missing tools fail the test instead of skipping.
func required() bool { return os.Getenv("HOLDSPACE_TEST_REQUIRE") == "1" }

// skipOrFail skips the test, or fails it when HOLDSPACE_TEST_REQUIRE=1.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if required() {
		t.Fatalf(format+" (HOLDSPACE_TEST_REQUIRE=1)", args...)
	}
	t.Skipf(format, args...)
}

// chromiumPath is the browser binary the environment names, or Debian's.
func chromiumPath() string {
	if p := os.Getenv("HOLDSPACE_TEST_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// New returns the test's Chromium. Under Main, every test of the package
// shares one browser (starting Chromium takes seconds); otherwise the test
// gets its own, with a fresh profile in t.TempDir(), stopped when it ends.
// Either way each NewContext is a fresh browser context. New skips the test
// when Chromium is missing, unless HOLDSPACE_TEST_REQUIRE=1.
func New(t testing.TB) *Browser {
	t.Helper()
	path := chromiumPath()
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		skipOrFail(t, "browsertest: no Chromium at %s; set HOLDSPACE_TEST_CHROMIUM or run ./scripts/test", path)
	}
	if b, ok, err := sharedBrowser(path); ok {
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The profile folder is removed after the browser has exited: cleanups
	// run last-registered first, and TempDir registered its own before ours.
	b, stop, err := start(path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return b
}

// start runs Chromium headless with a profile folder, and returns it with
// the func that stops it.
func start(path, profile string) (*Browser, func(), error) {
	var out syncBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(&out),
	)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelTab()
		cancelAlloc()
	}
	// The first Do starts the browser and ties it to ctx, so it must not get
	// a context with a deadline; a timer guards it instead.
	if err := guarded(ctx, cancelTab, startTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		stop()
		return nil, nil, fmt.Errorf("browsertest: start Chromium %s: %v\nbrowser output:\n%s", path, err, out.String())
	}
	return &Browser{ctx: ctx}, stop, nil
}

// shared is the one browser of a test binary run under Main.
var shared struct {
	mu      sync.Mutex
	enabled bool
	b       *Browser
	stop    func()
	dir     string
}

// Main runs a package's tests with one Chromium for all of them, started by
// the first New, and stops it afterwards. Call it from the package's TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
func Main(m *testing.M) int {
	shared.mu.Lock()
	shared.enabled = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	stopShared()
	shared.enabled = false
	return code
}

// sharedBrowser returns the shared browser, starting it (again, if an
// earlier test's failure ended it) as needed. It reports false when the
// tests do not run under Main.
func sharedBrowser(path string) (*Browser, bool, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.enabled {
		return nil, false, nil
	}
	if shared.b != nil && shared.b.ctx.Err() == nil {
		return shared.b, true, nil
	}
	stopShared()
	dir, err := os.MkdirTemp("", "holdspace-chromium-")
	if err != nil {
		return nil, true, fmt.Errorf("browsertest: profile folder: %w", err)
	}
	b, stop, err := start(path, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, true, err
	}
	shared.b, shared.stop, shared.dir = b, stop, dir
	return b, true, nil
}

// stopShared stops the shared browser, if any, and removes its profile.
// shared.mu must be held.
func stopShared() {
	if shared.stop != nil {
		shared.stop()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	shared.b, shared.stop, shared.dir = nil, nil, ""
}

// NewContext opens a tab in a new browser context: its own cookies and
// storage, like a separate person on a separate device. The tab closes when
// the test ends.
func (b *Browser) NewContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := guarded(ctx, cancel, startTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	return ctx
}

// guarded runs f, and cancels (ending the tab or browser) if it takes longer
// than d.
func guarded(ctx context.Context, cancel context.CancelFunc, d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cancel()
		return fmt.Errorf("gave up after %v", d)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do runs actions with the helper timeout and fails the test on an error.
func do(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	defer slow(t, what, time.Now())
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		t.Fatalf("browsertest: %s: %v%s", what, err, where(ctx))
	}
}

// run runs one action with the helper timeout and fails the test on an error.
func run[T any](t testing.TB, ctx context.Context, what string, action chromedp.Action[T]) T {
	t.Helper()
	defer slow(t, what, time.Now())
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(tctx, action)
	if err != nil {
		t.Fatalf("browsertest: %s: %v%s", what, err, where(ctx))
	}
	return v
}

// slow logs a helper call that took long enough to matter for the suite's
// running time.
func slow(t testing.TB, what string, start time.Time) {
	t.Helper()
	if d := time.Since(start); d > 2*time.Second {
		t.Logf("browsertest: %s took %.1fs", what, d.Seconds())
	}
}

// where names the page a failure happened on, for the failure message.
func where(ctx context.Context) string {
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	u, err := chromedp.Run(tctx, chromedp.Location())
	if err != nil {
		return ""
	}
	return " (on " + u + ")"
}

// loadAndWait runs actions that make the tab load a page, waits for that
// page's load event, and returns its HTTP status (after redirects).
func loadAndWait(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) int {
	t.Helper()
	defer slow(t, what, time.Now())
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(tctx, actions...)
	if err != nil {
		t.Fatalf("browsertest: %s: %v%s", what, err, where(ctx))
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Navigate loads url, waits for the page to load, and returns the HTTP status.
func Navigate(t testing.TB, ctx context.Context, url string) int {
	t.Helper()
	defer slow(t, "navigate to "+url, time.Now())
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("browsertest: navigate to %s: %v", url, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Click clicks the first element matching the CSS selector, without waiting
// for anything it might load.
func Click(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickAndWait clicks the first element matching the CSS selector, waits for
// the page it loads (a link or a form submission) and returns its HTTP status.
func ClickAndWait(t testing.TB, ctx context.Context, sel string) int {
	t.Helper()
	return loadAndWait(t, ctx, "click "+sel+" and wait for the next page", chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Type focuses the first element matching the CSS selector, empties it if it
// is a text field, and types text into it key by key.
func Type(t testing.TB, ctx context.Context, sel, text string) {
	t.Helper()
	sj, _ := json.Marshal(sel)
	do(t, ctx, "type into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(el => { if ('value' in el) el.value = ''; })(document.querySelector(`+string(sj)+`))`),
		chromedp.SendKeys(chromedp.CSS(sel), text))
}

// Press sends keys to whatever has focus, as a keyboard would: text, or Tab
// and Enter. It does not wait for a page to load; see PressAndWait.
func Press(t testing.TB, ctx context.Context, keys string) {
	t.Helper()
	do(t, ctx, fmt.Sprintf("press %q", keys), typeKeys(keys, 0))
}

// ShiftTab moves focus backwards, as Shift+Tab does.
func ShiftTab(t testing.TB, ctx context.Context) {
	t.Helper()
	do(t, ctx, "press Shift+Tab", typeKeys(Tab, shift))
}

// PressAndWait sends keys that load a page (Enter on a link or in a form),
// waits for it, and returns its HTTP status.
func PressAndWait(t testing.TB, ctx context.Context, keys string) int {
	t.Helper()
	return loadAndWait(t, ctx, fmt.Sprintf("press %q and wait for the next page", keys), typeKeys(keys, 0))
}

// shift is the Shift bit of a key event's modifiers.
const shift = int64(chromedp.ModifierShift)

// typeKeys presses and releases a key for each rune. A printable key is one
// "keyDown" event carrying its text, as a real keyboard's is: Chromium then
// sends keypress only if nothing handled keydown. (chromedp's KeyEvent sends
// a separate "char" event, which reaches the element that has focus after
// keydown: Enter on a link that moves focus into a form would also submit
// the form, which no real keyboard does.) Runes the keyboard table lacks are
// inserted as text.
func typeKeys(keys string, modifiers int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, r := range keys {
			if r == '\n' {
				r = '\r'
			}
			k, ok := kb.Keys[r]
			if !ok {
				if _, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: string(r)}); err != nil {
					return err
				}
				continue
			}
			down := input.DispatchKeyEventParams{
				Type: input.DispatchKeyEventTypeRawKeyDown, Modifiers: modifiers,
				Key: k.Key, Code: k.Code, WindowsVirtualKeyCode: k.Windows, NativeVirtualKeyCode: k.Native,
			}
			if k.Shift {
				down.Modifiers |= shift
			}
			if k.Print {
				down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, k.Text, k.Unmodified
			}
			up := down
			up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
			for _, ev := range []input.DispatchKeyEventParams{down, up} {
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Element describes an element on the page.
type Element struct {
	Tag  string `json:"tag"`  // lower case, like "a"; "body" when nothing has focus
	ID   string `json:"id"`   // the id attribute
	Text string `json:"text"` // the visible text, spaces collapsed
	Href string `json:"href"` // the href attribute as written, for links
}

func (e Element) String() string {
	s := "<" + e.Tag
	if e.ID != "" {
		s += " id=" + e.ID
	}
	if e.Href != "" {
		s += " href=" + e.Href
	}
	return s + "> " + e.Text
}

// Focused returns document.activeElement.
func Focused(t testing.TB, ctx context.Context) Element {
	t.Helper()
	return run(t, ctx, "read the focused element", chromedp.Evaluate[Element](`(() => {
		const el = document.activeElement || document.body;
		return {
			tag: el.tagName.toLowerCase(),
			id: el.id || "",
			text: (el.innerText || el.value || "").replace(/\s+/g, " ").trim(),
			href: el.getAttribute("href") || "",
		};
	})()`))
}

// Text waits for the first element matching the CSS selector and returns its
// visible text, spaces collapsed.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	s := run(t, ctx, "read the text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
	return strings.Join(strings.Fields(s), " ")
}

// Exists reports whether an element matches the CSS selector now, without
// waiting.
func Exists(t testing.TB, ctx context.Context, sel string) bool {
	t.Helper()
	sj, _ := json.Marshal(sel)
	return run(t, ctx, "look for "+sel, chromedp.Evaluate[bool](`document.querySelector(`+string(sj)+`) !== null`))
}

// WaitVisible waits until an element matching the CSS selector is on the
// page and visible.
func WaitVisible(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, "wait for "+sel+" to be visible", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// URL returns the tab's current address.
func URL(t testing.TB, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, "read the address", chromedp.Location())
}

// Title returns the document title.
func Title(t testing.TB, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, "read the title", chromedp.Title())
}

// Eval evaluates a JavaScript expression in the page and decodes its value.
// DevTools evaluation is not subject to the page's Content-Security-Policy.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	return run(t, ctx, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// SetDarkMode makes the tab report prefers-color-scheme: dark (or light).
// It lasts until changed, across navigations.
func SetDarkMode(t testing.TB, ctx context.Context, dark bool) {
	t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	do(t, ctx, "emulate prefers-color-scheme: "+scheme, call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}))
}

// DisableJavaScript stops the pages in the tab from running scripts, as a
// browser with JavaScript turned off does. Helpers that evaluate JavaScript
// through DevTools (Text, Focused, CheckAxe) still work.
func DisableJavaScript(t testing.TB, ctx context.Context) {
	t.Helper()
	do(t, ctx, "disable JavaScript", call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
}

// SetViewport sets the tab's window size in CSS pixels. A phone (mobile
// true, like 390 wide) has overlay scrollbars and honours the viewport meta
// tag; a desktop (1280) has classic scrollbars that take up width.
func SetViewport(t testing.TB, ctx context.Context, width, height int64, mobile bool) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	do(t, ctx, fmt.Sprintf("set the viewport to %dx%d", width, height), chromedp.EmulateViewport(width, height, opts...))
}

// call wraps one protocol command as an action.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// Screenshot saves a PNG of the whole page to path, creating its folder.
// It is for debugging and for looking at pages; it checks nothing.
func Screenshot(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	buf := run(t, ctx, "take a screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: screenshot: %v", err)
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatalf("browsertest: screenshot: %v", err)
	}
}

// axeSource caches axe.min.js, read once per test binary.
var axeSource = struct {
	once sync.Once
	src  string
	err  error
}{}

// axeViolation is the part of an axe-core result the report needs.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs axe on the page for WCAG 2.0 and 2.1, A and AA, and keeps only
// what the report needs (the full result is large).
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
})
.then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
		summary: n.failureSummary || '',
	})),
})))`

// CheckAxe runs axe-core on the current page and fails the test for every
// violation with impact "serious" or "critical", listing its rule, help text
// and the elements; "moderate" and "minor" ones are logged. axe.min.js comes
// from HOLDSPACE_TEST_AXE; without it the test is skipped, unless
// HOLDSPACE_TEST_REQUIRE=1.
func CheckAxe(t testing.TB, ctx context.Context) {
	t.Helper()
	path := os.Getenv("HOLDSPACE_TEST_AXE")
	if path == "" {
		skipOrFail(t, "browsertest: HOLDSPACE_TEST_AXE is not set; run ./scripts/test, or npm ci --prefix tools and point it at tools/node_modules/axe-core/axe.min.js")
	}
	axeSource.once.Do(func() {
		b, err := os.ReadFile(path)
		axeSource.src, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		skipOrFail(t, "browsertest: read axe-core: %v", axeSource.err)
	}
	// Runtime.evaluate runs outside the page's CSP, so the strict policy
	// (no inline script) does not stop the injection.
	if !Eval[bool](t, ctx, `typeof window.axe === 'object'`) {
		tctx, cancel := context.WithTimeout(ctx, Timeout)
		err := chromedp.Do(tctx, chromedp.Evaluate[chromedp.Void](axeSource.src+"\n;undefined"))
		cancel()
		if err != nil {
			t.Fatalf("browsertest: inject axe-core: %v%s", err, where(ctx))
		}
	}
	vs := run(t, ctx, "run axe-core", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	page := URL(t, ctx)
	if dark := Eval[bool](t, ctx, `matchMedia('(prefers-color-scheme: dark)').matches`); dark {
		page += " (dark)"
	}
	failed := false
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s [%s] on %s: %s (%s)", v.ID, v.Impact, page, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s", strings.Join(n.Target, ", "))
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n\t\t%s", strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
			}
		}
		switch v.Impact {
		case "serious", "critical":
			t.Error(b.String())
			failed = true
		default:
			t.Log(b.String())
		}
	}
	if failed {
		t.FailNow()
	}
}

// syncBuffer collects the browser's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 64<<10 { // enough to see why it did not start
		return len(p), nil
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
