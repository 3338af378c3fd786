package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

// The live circle end to end: the real server, real WebSocket clients over
// loopback. Maria organizes every demo group; James ("Jay" there) is a
// member of the anxiety circle.

const liveSlug = "tuesday-evening-anxiety-circle"

// liveBoth runs fn on SQLite and on PostgreSQL with the DSN the server
// uses ("" for SQLite in srv.DataDir).
func liveBoth(t *testing.T, fn func(t *testing.T, srv *testserver.Server, dsn string), args ...string) {
	t.Run("sqlite", func(t *testing.T) { fn(t, testserver.Start(t, args...), "") })
	t.Run("postgres", func(t *testing.T) {
		dsn := sqlstoretest.PostgresDSN(t)
		fn(t, testserver.Start(t, append([]string{"--db", dsn}, args...)...), dsn)
	})
}

// openStore opens the store the server uses, to read what it kept.
func liveStore(t *testing.T, srv *testserver.Server, dsn string) *sqlstore.Store {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(srv.DataDir, "holdspace.db")
	}
	return sqlstoretest.Open(t, dsn, nil)
}

// newSession adds a group session starting soon (Maria, as organizer) and
// returns its id.
func liveNewSession(t *testing.T, srv *testserver.Server, maria *http.Client) int64 {
	t.Helper()
	start := time.Now().Add(10 * time.Minute).UTC().Format(time.RFC3339)
	r := call(t, maria, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/sessions", map[string]string{"starts_at": start})
	if r.Status != 201 {
		t.Fatalf("create session: %d %s", r.Status, r.Raw)
	}
	return int64(r.Body["id"].(float64))
}

func liveStartSession(t *testing.T, srv *testserver.Server, c *http.Client, id int64) {
	t.Helper()
	r := call(t, c, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/start", srv.URL, id), nil)
	if r.Status != 200 || r.Body["status"] != "live" {
		t.Fatalf("start: %d %s", r.Status, r.Raw)
	}
}

func liveAgree(t *testing.T, srv *testserver.Server, c *http.Client, slug string) {
	t.Helper()
	u := srv.URL + "/api/v1/groups/" + slug + "/agreement"
	r := call(t, c, "GET", u, nil)
	if r.Status != 200 {
		t.Fatalf("agreement: %d %s", r.Status, r.Raw)
	}
	if r := call(t, c, "POST", u+"/accept", map[string]any{"version": r.Body["version"]}); r.Status != 200 {
		t.Fatalf("accept agreement: %d %s", r.Status, r.Raw)
	}
}

func liveAccountID(t *testing.T, srv *testserver.Server, c *http.Client) int64 {
	t.Helper()
	return int64(call(t, c, "GET", srv.URL+"/api/v1/me", nil).Body["id"].(float64))
}

// liveClient is a test client on the live socket: a goroutine reads every
// frame onto frames, then the read error onto closed.
type liveClient struct {
	t      *testing.T
	conn   *websocket.Conn
	frames chan map[string]any
	closed chan error
	last   int64 // the last seq seen
	raw    []string
}

func liveURL(srv *testserver.Server, id int64, since int64) string {
	u := fmt.Sprintf("ws%s/api/v1/sessions/%d/live", strings.TrimPrefix(srv.URL, "http"), id)
	if since >= 0 {
		u += "?since=" + strconv.FormatInt(since, 10)
	}
	return u
}

// dialLive connects c and reads in the background; the socket must open.
func dialLive(t *testing.T, srv *testserver.Server, c *http.Client, id int64, since int64) *liveClient {
	t.Helper()
	lc, resp, err := tryLive(t, srv, &websocket.DialOptions{HTTPClient: c}, id, since)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial live: %d %v", status, err)
	}
	go lc.readAll()
	return lc
}

// tryLive dials without reading.
func tryLive(t *testing.T, srv *testserver.Server, opts *websocket.DialOptions, id, since int64) (*liveClient, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, liveURL(srv, id, since), opts)
	if err != nil {
		return nil, resp, err
	}
	conn.SetReadLimit(1 << 20)
	t.Cleanup(func() { conn.CloseNow() })
	return &liveClient{t: t, conn: conn, frames: make(chan map[string]any, 20000), closed: make(chan error, 1), last: since}, resp, nil
}

// refused dials and returns the HTTP status the server refused it with.
func liveRefused(t *testing.T, srv *testserver.Server, opts *websocket.DialOptions, id int64) int {
	t.Helper()
	_, resp, err := tryLive(t, srv, opts, id, -1)
	if err == nil {
		t.Fatal("the socket opened; want a refusal")
	}
	if resp == nil {
		t.Fatalf("refused without an answer: %v", err)
	}
	return resp.StatusCode
}

func (c *liveClient) readAll() {
	for {
		_, data, err := c.conn.Read(context.Background())
		if err != nil {
			c.closed <- err
			return
		}
		var f map[string]any
		if err := json.Unmarshal(data, &f); err != nil {
			c.closed <- fmt.Errorf("frame is not JSON: %s", data)
			return
		}
		f["_raw"] = string(data)
		c.frames <- f
	}
}

// next returns the next frame and checks its seq is one more than the last.
func (c *liveClient) next() map[string]any {
	c.t.Helper()
	var f map[string]any
	select {
	case f = <-c.frames:
	default:
		select {
		case f = <-c.frames:
		case err := <-c.closed:
			c.closed <- err
			select {
			case f = <-c.frames:
			default:
				c.t.Fatalf("socket closed while waiting for a frame: %v", err)
			}
		case <-time.After(20 * time.Second):
			c.t.Fatal("no frame in 20s")
		}
	}
	seq, ok := f["seq"].(float64)
	if !ok {
		c.t.Fatalf("frame without seq: %v", f["_raw"])
	}
	if c.last >= 0 && int64(seq) != c.last+1 {
		c.t.Fatalf("seq %d after %d: %v", int64(seq), c.last, f["_raw"])
	}
	c.last = int64(seq)
	return f
}

// until reads until a frame of type typ and returns it.
func (c *liveClient) until(typ string) map[string]any {
	c.t.Helper()
	for {
		if f := c.next(); f["type"] == typ {
			return f
		}
	}
}

func (c *liveClient) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	c.sendRaw(string(b))
}

func (c *liveClient) sendRaw(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// closedWith waits for the socket to end and returns its close status
// (-1 when it ended without a close frame).
func (c *liveClient) closedWith() websocket.StatusCode {
	c.t.Helper()
	for {
		select {
		case <-c.frames:
		case err := <-c.closed:
			return websocket.CloseStatus(err)
		case <-time.After(20 * time.Second):
			c.t.Fatal("the socket is still open after 20s")
		}
	}
}

// untilTurn reads until the queue event of a give_turn to member.
func (c *liveClient) untilTurn(member string) map[string]any {
	c.t.Helper()
	for {
		if f := c.until("queue"); f["member_id"] == member {
			return f
		}
	}
}

// liveYou is the member id the session gave the client, from a state frame.
func liveYou(t *testing.T, st map[string]any) string {
	t.Helper()
	id, _ := st["you"].(string)
	if !strings.HasPrefix(id, "m-") {
		t.Fatalf("state without a session member id: %v", st["_raw"])
	}
	return id
}

// liveCircle is Maria and Jay, both agreed, in a started session.
type liveCircle struct {
	srv          *testserver.Server
	id           int64
	maria, james *http.Client
	m, j         *liveClient
	mID, jID     string // their member ids in the session
}

func openLiveCircle(t *testing.T, srv *testserver.Server) *liveCircle {
	t.Helper()
	c := &liveCircle{srv: srv, maria: login(t, srv, "Maria", "demo-maria-facilitator"), james: login(t, srv, "James", "demo-james-member")}
	c.id = liveNewSession(t, srv, c.maria)
	liveStartSession(t, srv, c.maria, c.id)
	liveAgree(t, srv, c.maria, liveSlug)
	liveAgree(t, srv, c.james, liveSlug)
	c.m = dialLive(t, srv, c.maria, c.id, -1)
	c.mID = liveYou(t, c.m.until("state"))
	c.j = dialLive(t, srv, c.james, c.id, -1)
	c.jID = liveYou(t, c.j.until("state"))
	if f := c.m.until("joined"); f["member_id"] != c.jID || f["name"] != "Jay" {
		t.Fatalf("Maria sees %v", f["_raw"])
	}
	return c
}

func TestLiveAccess(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		james := login(t, srv, "James", "demo-james-member")
		jamesID := liveAccountID(t, srv, james)
		id := liveNewSession(t, srv, maria)
		opts := func(c *http.Client) *websocket.DialOptions { return &websocket.DialOptions{HTTPClient: c} }

		// Not started: members are told so, after the agreement.
		liveAgree(t, srv, maria, liveSlug)
		if got := liveRefused(t, srv, opts(maria), id); got != 409 {
			t.Errorf("before the start: %d, want 409", got)
		}
		// Only facilitators start and end.
		if r := call(t, james, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/start", srv.URL, id), nil); r.Status != 404 {
			t.Errorf("member starts: %d %s", r.Status, r.Raw)
		}
		liveStartSession(t, srv, maria, id)
		liveStartSession(t, srv, maria, id) // again: harmless

		// Who is refused, and how.
		visitor := testserver.Client()
		outsider := signup(t, srv, "Robin Outsider")
		keiko := login(t, srv, "Keiko", "demo-keiko-member")
		for _, tt := range []struct {
			name string
			opts *websocket.DialOptions
			id   int64
			want int
		}{
			{"visitor", opts(visitor), id, 401},
			{"outsider", opts(outsider), id, 404},
			{"member of another group", opts(keiko), id, 404},
			{"no such session", opts(maria), id + 1000, 404},
			{"not agreed", opts(james), id, 403},
			{"another site's page", &websocket.DialOptions{HTTPClient: maria, HTTPHeader: http.Header{"Origin": {"https://evil.example"}}}, id, 403},
		} {
			if got := liveRefused(t, srv, tt.opts, tt.id); got != tt.want {
				t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
			}
		}
		if got := liveRefused(t, srv, opts(maria), 0); got != 404 {
			t.Errorf("session 0: %d", got)
		}

		// Agreed: in, under the group's name, with a session id that is no
		// account id; our own Origin is fine.
		liveAgree(t, srv, james, liveSlug)
		m := dialLive(t, srv, maria, id, -1)
		mID := liveYou(t, m.until("state"))
		self, _, err := tryLive(t, srv, &websocket.DialOptions{HTTPClient: james, HTTPHeader: http.Header{"Origin": {srv.URL}}}, id, -1)
		if err != nil {
			t.Fatalf("same-origin dial: %v", err)
		}
		go self.readAll()
		st := self.until("state")
		jID := liveYou(t, st)
		if mID == jID || strings.Contains(st["_raw"].(string), "James") || !strings.Contains(st["_raw"].(string), `"name":"Jay"`) {
			t.Errorf("state: %s", st["_raw"])
		}
		if f := m.until("joined"); f["member_id"] != jID || f["name"] != "Jay" {
			t.Errorf("joined: %v", f["_raw"])
		}
		// A member cannot do a facilitator's part; the facilitator can.
		self.send(map[string]string{"op": "advance", "ref": "a1"})
		if f := self.until("error"); f["code"] != "not_allowed" || f["ref"] != "a1" || f["message"] == "" {
			t.Errorf("member advances: %v", f["_raw"])
		}
		m.send(map[string]string{"op": "advance", "phase": "sharing"})
		if f := self.until("phase"); f["phase"] != "sharing" {
			t.Errorf("phase: %v", f["_raw"])
		}
		m.send(map[string]string{"op": "give_turn", "member_id": jID})
		if f := self.untilTurn(jID); f["queue"].([]any)[0] != jID {
			t.Errorf("give_turn: %v", f["_raw"])
		}

		// Removal from the group closes the socket at once and for good.
		r := call(t, maria, "DELETE", fmt.Sprintf("%s/api/v1/groups/%s/members/%d", srv.URL, liveSlug, jamesID), map[string]string{"reason": "Test removal"})
		if r.Status != 204 {
			t.Fatalf("remove: %d %s", r.Status, r.Raw)
		}
		if f := self.until("removed"); f["text"] == "" {
			t.Errorf("removed: %v", f["_raw"])
		}
		if got := self.closedWith(); got != 4403 {
			t.Errorf("removed member's socket closed with %d, want 4403", got)
		}
		if f := m.until("left"); f["member_id"] != jID {
			t.Errorf("Maria sees %v", f["_raw"])
		}
		if got := liveRefused(t, srv, opts(james), id); got != 404 {
			t.Errorf("removed member reconnects: %d, want 404", got)
		}

		// The end: closes every socket; no one gets back in.
		if r := call(t, maria, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/end", srv.URL, id), nil); r.Status != 200 || r.Body["status"] != "ended" {
			t.Fatalf("end: %d %s", r.Status, r.Raw)
		}
		m.until("ended")
		if got := m.closedWith(); got != websocket.StatusNormalClosure {
			t.Errorf("ended socket closed with %d", got)
		}
		if got := liveRefused(t, srv, opts(maria), id); got != 409 {
			t.Errorf("after the end: %d, want 409", got)
		}
		if r := call(t, maria, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/start", srv.URL, id), nil); r.Status != 409 {
			t.Errorf("start after the end: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/end", srv.URL, id), nil); r.Status != 200 {
			t.Errorf("end again: %d %s", r.Status, r.Raw)
		}
		// Cancelling a session that took place is the same conflict.
		r = call(t, maria, "PATCH", fmt.Sprintf("%s/api/v1/sessions/%d", srv.URL, id), map[string]string{"status": "cancelled"})
		if r.Status != 409 || errField(r, "field") != "status" {
			t.Errorf("cancel after the end: %d %s", r.Status, r.Raw)
		}
	}, "--demo")
}

// TestLiveResume: a member disconnects, 50 events happen, it reconnects with
// since and receives exactly those 50, in order, and then what comes next.
func TestLiveResume(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := openLiveCircle(t, srv)
	c.j.send(map[string]string{"op": "react", "kind": "nod"})
	c.j.until("reaction")
	c.m.until("reaction")
	since := c.j.last
	c.j.conn.Close(websocket.StatusNormalClosure, "")

	var sent []string
	for i := 0; i < 50; i++ {
		if i%2 == 0 {
			text := fmt.Sprintf("message %d", i)
			c.m.send(map[string]string{"op": "chat", "text": text})
			sent = append(sent, "chat:"+text)
		} else {
			c.m.send(map[string]string{"op": "react", "kind": "heart"})
			sent = append(sent, "reaction:heart")
		}
	}
	for range sent {
		c.m.next()
	}
	back := dialLive(t, srv, c.james, c.id, since)
	for i, want := range sent {
		f := back.next() // checks seq == since+i+1
		got := f["type"].(string) + ":"
		if f["type"] == "chat" {
			got += f["text"].(string)
			if f["from"] != c.mID {
				t.Errorf("chat from %v, want %s", f["from"], c.mID)
			}
		} else {
			got += fmt.Sprint(f["kind"])
		}
		if got != want {
			t.Fatalf("resumed frame %d: got %s, want %s", i, got, want)
		}
	}
	c.m.send(map[string]string{"op": "react", "kind": "nod"})
	if f := back.next(); f["type"] != "reaction" || f["kind"] != "nod" || int64(f["seq"].(float64)) != since+51 {
		t.Errorf("after the resume: %v", f["_raw"])
	}
}

// TestLiveTooLongAway: a member away for more events than the server keeps
// gets a fresh state snapshot, and numbering carries on from it.
func TestLiveTooLongAway(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := openLiveCircle(t, srv)
	since := c.j.last
	c.j.conn.Close(websocket.StatusNormalClosure, "")
	// More than the 512 numbers a member's feed remembers, from five of
	// Maria's tabs (one tab may send 120 at once).
	const tabs, each = 5, 110
	var ms []*liveClient
	for i := 0; i < tabs; i++ {
		tab := dialLive(t, srv, c.maria, c.id, -1)
		tab.until("state")
		ms = append(ms, tab)
	}
	for _, tab := range ms {
		for i := 0; i < each; i += 10 {
			for k := 0; k < 10; k++ {
				tab.send(map[string]string{"op": "react", "kind": "heart"})
			}
			for k := 0; k < 10; k++ {
				c.m.until("reaction")
			}
		}
	}
	back := dialLive(t, srv, c.james, c.id, since)
	back.last = -1
	f := back.next()
	if f["type"] != "state" || int64(f["seq"].(float64)) <= since || f["phase"] != "gathering" || liveYou(t, f) != c.jID {
		t.Fatalf("got %v, want a fresh state", f["_raw"])
	}
	c.m.send(map[string]string{"op": "react", "kind": "nod"})
	if f := back.next(); f["type"] != "reaction" || f["kind"] != "nod" {
		t.Errorf("after the state: %v", f["_raw"])
	}
}

// smallReceiveBuffer dials with a tiny receive buffer, like a phone on a
// bad network that stopped reading.
func liveSmallBuffer(c *http.Client) *websocket.DialOptions {
	d := &net.Dialer{Control: func(network, address string, rc syscall.RawConn) error {
		var err error
		rc.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	return &websocket.DialOptions{HTTPClient: &http.Client{Jar: c.Jar, Transport: &http.Transport{DialContext: d.DialContext}}}
}

// TestLiveSlowClient: a member who never reads is dropped; the others get
// every event; the slow one reconnects and resumes.
func TestLiveSlowClient(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := openLiveCircle(t, srv)
	robin := signup(t, srv, "Robin Slow")
	if r := call(t, robin, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", nil); r.Status != 200 {
		t.Fatalf("join: %d %s", r.Status, r.Raw)
	}
	liveAgree(t, srv, robin, liveSlug)
	slow, _, err := tryLive(t, srv, liveSmallBuffer(robin), c.id, -1)
	if err != nil {
		t.Fatal(err)
	}
	c.m.until("joined")
	c.j.until("joined")

	// Big chats, each sent once Jay has the one before: Jay keeps up, the
	// slow client never reads. Four of Maria's tabs share the sending (one
	// tab may send 120 at once).
	var tabs []*liveClient
	for i := 0; i < 4; i++ {
		tab := dialLive(t, srv, c.maria, c.id, -1)
		tab.until("state")
		tabs = append(tabs, tab)
	}
	text := strings.Repeat("😀", 2000)
	const n = 450 // more than the 256 frames a socket may have waiting
	got := 0
	for i := 0; i < n; i++ {
		tabs[i%len(tabs)].send(map[string]string{"op": "chat", "text": text})
		if f := c.j.until("chat"); f["text"] == text {
			got++
		}
	}
	if got != n {
		t.Errorf("Jay got %d chats, want %d", got, n)
	}
	maria := 0
	for maria < n {
		if c.m.next()["type"] == "chat" {
			maria++
		}
	}

	// The slow client reads now: part of it, then the end.
	go slow.readAll()
	slow.last = -1
	seen := 0
	for done := false; !done; {
		select {
		case f := <-slow.frames:
			slow.last = int64(f["seq"].(float64))
			if f["type"] == "chat" {
				seen++
			}
		case <-slow.closed:
			done = true
		case <-time.After(20 * time.Second):
			t.Fatalf("the slow client was not dropped (it read %d chats)", seen)
		}
	}
	if seen >= n {
		t.Fatalf("the slow client got all %d chats: it was never dropped", n)
	}
	back := dialLive(t, srv, robin, c.id, slow.last)
	for chats := seen; chats < n; {
		switch back.next()["type"] {
		case "chat":
			chats++
		case "state":
			chats = n // too far behind for a replay: a fresh snapshot
		}
	}
}

// TestLiveBadFrames: refused frames get an error to their sender alone and
// change nothing; the socket stays open, unless a frame is far too large.
func TestLiveBadFrames(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := openLiveCircle(t, srv)
	for _, tt := range []struct{ frame, code string }{
		{`hello`, "bad_frame"},
		{`{"op":"checkin","mood":"fine","ref":"r1"}`, "bad_frame"},
		{`{"op":"chat","text":"hi","from":"` + c.mID + `"}`, "bad_frame"},
		{`{"op":"teleport"}`, "unknown_op"},
		{`{"op":"react","kind":"wave"}`, "bad_value"},
		{`{"op":"chat","text":"` + strings.Repeat("x", 20000) + `"}`, "too_large"},
	} {
		c.j.sendRaw(tt.frame)
		if f := c.j.until("error"); f["code"] != tt.code || f["message"] == "" {
			t.Errorf("%.30s: got %v, want %s", tt.frame, f["_raw"], tt.code)
		}
	}
	c.j.send(map[string]string{"op": "chat", "text": "still here"})
	if f := c.m.next(); f["type"] != "chat" || f["text"] != "still here" {
		t.Errorf("Maria's next frame: %v", f["_raw"])
	}
	c.j.until("chat")
	// The server may close before the client has written it all.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	c.j.conn.Write(ctx, websocket.MessageText, []byte(`{"op":"chat","text":"`+strings.Repeat("x", 100000)+`"}`))
	cancel()
	if got := c.j.closedWith(); got != websocket.StatusMessageTooBig {
		t.Errorf("a frame over the hard limit: closed with %d, want 1009", got)
	}
}

// TestLiveCanary: what is said in a session is in no database file, no
// table and no log line once it ends; only the counts are kept.
func TestLiveCanary(t *testing.T) {
	liveBoth(t, func(t *testing.T, srv *testserver.Server, dsn string) {
		var b [8]byte
		rand.Read(b[:])
		canary := "canary" + hex.EncodeToString(b[:])
		c := openLiveCircle(t, srv)
		james := liveAccountID(t, srv, c.james)

		c.m.send(map[string]string{"op": "chat", "text": "welcome " + canary})
		c.j.until("chat")
		// A risk phrase: James alone gets the offer, Maria the alert
		// without the words, and the words once James shares them.
		c.j.send(map[string]string{"op": "chat", "text": "i want to end it all tonight " + canary})
		offer := c.j.until("support_offer")
		if a := c.m.until("risk_alert"); a["text"] != nil || strings.Contains(a["_raw"].(string), canary) {
			t.Errorf("risk_alert carries the words: %v", a["_raw"])
		}
		c.j.send(map[string]any{"op": "share_with_facilitator", "id": offer["id"]})
		if f := c.m.until("risk_shared"); !strings.Contains(f["text"].(string), canary) {
			t.Errorf("risk_shared: %v", f["_raw"])
		}
		c.m.send(map[string]string{"op": "advance", "phase": "check_in"})
		c.j.until("phase")
		c.j.send(map[string]any{"op": "checkin", "mood": 3, "word": canary})
		if f := c.m.until("checkin"); f["word"] != canary || f["mood"] != nil {
			t.Errorf("check-in: %v", f["_raw"])
		}
		c.m.send(map[string]any{"op": "checkin", "mood": 5, "word": "glad"})
		c.m.until("checkin")
		c.m.send(map[string]string{"op": "advance", "phase": "sharing"})
		c.j.until("phase")
		c.m.send(map[string]string{"op": "give_turn", "member_id": c.jID})
		c.j.untilTurn(c.jID)
		c.j.send(map[string]string{"op": "start_share", "content_note": "about " + canary})
		c.m.until("share_started")
		c.m.send(map[string]string{"op": "chat", "text": "held " + canary, "ref": "h1"})
		if f := c.m.until("chat_held"); f["ref"] != "h1" {
			t.Errorf("chat_held: %v", f["_raw"])
		}
		c.m.send(map[string]string{"op": "chat", "text": "withdrawn " + canary, "ref": "h2"})
		c.m.until("chat_held")
		c.m.send(map[string]string{"op": "withdraw", "ref": "h2"})
		c.m.until("chat_withdrawn")
		c.j.send(map[string]string{"op": "need_support", "text": "support " + canary})
		c.m.until("support_request")
		c.j.send(map[string]string{"op": "end_share"})
		if f := c.j.until("chat"); f["text"] != "held "+canary {
			t.Errorf("released chat: %v", f["_raw"])
		}
		// A private side room, and breakout rooms: their words go the same way.
		c.m.send(map[string]string{"op": "open_side_room", "member_id": c.jID})
		room, _ := c.j.until("side_room")["id"].(string)
		c.j.send(map[string]string{"op": "side_chat", "id": room, "text": "side " + canary})
		if f := c.m.until("side_chat"); f["text"] != "side "+canary {
			t.Errorf("side_chat: %v", f["_raw"])
		}
		c.m.send(map[string]string{"op": "side_chat", "id": room, "text": "reply " + canary})
		if f := c.j.until("side_chat"); f["text"] != "side "+canary {
			t.Errorf("side_chat echo: %v", f["_raw"])
		}
		c.j.until("side_chat")
		c.m.send(map[string]any{"op": "breakout_start", "size": 2, "seconds": 600})
		c.j.until("breakout")
		c.j.send(map[string]string{"op": "chat", "text": "room " + canary})
		if f := c.m.until("chat"); f["text"] != "room "+canary || f["room"] == nil {
			t.Errorf("breakout chat: %v", f["_raw"])
		}
		if r := call(t, c.maria, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/end", srv.URL, c.id), nil); r.Status != 200 {
			t.Fatalf("end: %d %s", r.Status, r.Raw)
		}
		c.j.until("ended")

		// What was kept: the counts and the attendance, nothing said.
		store := liveStore(t, srv, dsn)
		ctx := context.Background()
		sum, err := store.LiveSummary(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if sum.MoodCounts != [5]int{0, 0, 1, 0, 1} || sum.Shares != 1 || sum.AttendanceCount != 2 {
			t.Errorf("summary: %+v", sum)
		}
		att, err := store.Attendance(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(att) != 2 || att[0].Source != "circle" {
			t.Errorf("attendance: %+v", att)
		}
		g, err := store.GroupBySlug(ctx, liveSlug)
		if err != nil {
			t.Fatal(err)
		}
		// The incident is recorded beside the room, not in its way: wait for it.
		inc, err := store.Incidents(ctx, g.ID, 0)
		for i := 0; err == nil && len(inc) == 0 && i < 100; i++ {
			time.Sleep(20 * time.Millisecond)
			inc, err = store.Incidents(ctx, g.ID, 0)
		}
		if err != nil || len(inc) != 1 || inc[0].MemberID != james {
			t.Errorf("incident log: %v %+v", err, inc)
		}
		if gs, err := store.Session(ctx, c.id, james); err != nil || gs.Status != sqlstore.SessionEnded {
			t.Errorf("session: %v %+v", err, gs)
		}

		check := func(when string) {
			t.Helper()
			if dsn == "" {
				liveScanFiles(t, srv.DataDir, canary, when)
			} else {
				liveScanTables(t, dsn, canary, when)
			}
			if strings.Contains(srv.Logs(), canary) {
				t.Errorf("%s: the canary is in the log", when)
			}
		}
		check("after the end")
		srv.Stop()
		check("after the server stopped")
	}, "--demo", "--log-level", "debug")
}

// scanFiles reads every byte of every file in the data folder (the SQLite
// file, its -wal and -shm) looking for the canary.
func liveScanFiles(t *testing.T, dir, canary, when string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if bytes.Contains(b, []byte(canary)) {
			t.Errorf("%s: the canary is in %s", when, filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("%s: no files in %s", when, dir)
	}
}

// scanTables reads every row of every table, as text, looking for the canary.
func liveScanTables(t *testing.T, dsn, canary, when string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, fmt.Sprintf("%q.%q", schema, name))
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	for _, table := range tables {
		rows, err := db.Query(`SELECT CAST(t AS text) FROM ` + table + ` t`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for rows.Next() {
			var row string
			if err := rows.Scan(&row); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(row, canary) {
				t.Errorf("%s: the canary is in %s", when, table)
			}
		}
		rows.Close()
	}
}

// TestLiveAfterRestart: a restart drops the running circles (and what was
// said in them) but not the sessions: members are refused with 409 until a
// facilitator starts the circle again, and then get in.
func TestLiveAfterRestart(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	jay := login(t, srv, "James", "demo-james-member")
	liveAgree(t, srv, maria, liveSlug)
	liveAgree(t, srv, jay, liveSlug)
	id := liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, id)
	m := dialLive(t, srv, jay, id, -1)
	m.until("state")
	if code := srv.Stop(); code != 0 {
		t.Fatalf("stop: exit code %d", code)
	}

	again := testserver.Start(t, "--data", srv.DataDir)
	opts := &websocket.DialOptions{HTTPClient: jay}
	if got := liveRefused(t, again, opts, id); got != 409 {
		t.Errorf("joining after a restart: %d, want 409", got)
	}
	r := call(t, jay, "GET", fmt.Sprintf("%s/api/v1/sessions/%d", again.URL, id), nil)
	if r.Status != 200 || r.Body["status"] != "live" {
		t.Errorf("the session after a restart: %d %s", r.Status, r.Raw)
	}
	liveStartSession(t, again, maria, id)
	m = dialLive(t, again, jay, id, -1)
	m.until("state")
}
