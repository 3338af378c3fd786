package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/circle"
)

// These tests run the hub behind a bare HTTP server with real WebSocket
// clients over loopback. Who connects is given in the query, since no
// store is involved; internal/web's tests cover the real server.

type testHub struct {
	*Hub
	url   string
	ended chan Ended
}

const testSession = 7

func startHub(t *testing.T, opts Options) *testHub {
	t.Helper()
	th := &testHub{ended: make(chan Ended, 1)}
	opts.OnEnd = func(ctx context.Context, e Ended) error { th.ended <- e; return nil }
	th.Hub = NewHub(opts)
	if err := th.Open(RoomConfig{SessionID: testSession, GroupID: 3, Format: circle.FormatSharingCircle}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		id, _ := strconv.ParseInt(q.Get("account"), 10, 64)
		since := int64(-1)
		if v := q.Get("since"); v != "" {
			since, _ = strconv.ParseInt(v, 10, 64)
		}
		conn, err := Accept(w, r, nil)
		if err != nil {
			return
		}
		m := Member{AccountID: id, Name: q.Get("name"), Role: circle.Role(q.Get("role"))}
		if reg := q.Get("region"); reg != "" {
			m.Support = &Support{Region: reg, Lines: []SupportLine{{Name: "Line of " + reg, Phone: "116 123", Tel: "116123"}}}
		}
		lc, err := th.Connect(conn, testSession, m, since)
		if err != nil {
			return
		}
		lc.Run()
	}))
	t.Cleanup(func() { th.Close(); srv.Close() })
	th.url = "ws" + strings.TrimPrefix(srv.URL, "http")
	return th
}

// wsClient is a test client: a goroutine reads every frame onto frames.
type wsClient struct {
	t      *testing.T
	conn   *websocket.Conn
	frames chan map[string]any
	closed chan error // the read error when the socket ended
	last   int64
}

func (th *testHub) dial(t *testing.T, account int, name, role string, since int64) *wsClient {
	t.Helper()
	u := fmt.Sprintf("%s/?account=%d&name=%s&role=%s", th.url, account, name, role)
	if since >= 0 {
		u += "&since=" + strconv.FormatInt(since, 10)
	}
	return dialURL(t, u, nil, true)
}

func dialURL(t *testing.T, u string, opts *websocket.DialOptions, read bool) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, u, opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	conn.SetReadLimit(1 << 20)
	c := &wsClient{t: t, conn: conn, frames: make(chan map[string]any, 10000), closed: make(chan error, 1)}
	t.Cleanup(func() { conn.CloseNow() })
	if read {
		go c.readAll()
	}
	return c
}

func (c *wsClient) readAll() {
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
		c.frames <- f
	}
}

// next returns the next frame, checking that its seq is one more than the
// one before.
func (c *wsClient) next() map[string]any {
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
			case f = <-c.frames: // it came just before the end
			default:
				c.t.Fatalf("socket closed while waiting for a frame: %v", err)
			}
		case <-time.After(10 * time.Second):
			c.t.Fatal("no frame in 10s")
		}
	}
	seq := int64(f["seq"].(float64))
	if c.last != 0 && seq != c.last+1 {
		c.t.Fatalf("seq %d after %d: %v", seq, c.last, f)
	}
	c.last = seq
	return f
}

// until reads frames until one of type typ arrives and returns it.
func (c *wsClient) until(typ string) map[string]any {
	c.t.Helper()
	for {
		if f := c.next(); f["type"] == typ {
			return f
		}
	}
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	c.sendRaw(string(b))
}

func (c *wsClient) sendRaw(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// closedWith waits for the socket to end and returns its close status.
func (c *wsClient) closedWith() websocket.StatusCode {
	c.t.Helper()
	for {
		select {
		case <-c.frames:
		case err := <-c.closed:
			return websocket.CloseStatus(err)
		case <-time.After(10 * time.Second):
			c.t.Fatal("socket still open after 10s")
		}
	}
}

// me returns the member id a joined client has, from its state.
func me(t *testing.T, st map[string]any) string {
	t.Helper()
	id, _ := st["you"].(string)
	if id == "" {
		t.Fatalf("state without you: %v", st)
	}
	return id
}

func TestJoinAndIDs(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	if f := maria.next(); f["type"] != "joined" || f["seq"] != 1.0 {
		t.Fatalf("first frame: %v", f)
	}
	st := maria.next()
	if st["type"] != "state" || st["phase"] != "gathering" {
		t.Fatalf("state: %v", st)
	}
	id := me(t, st)
	if !strings.HasPrefix(id, "m-") || len(id) != len("m-")+16 {
		t.Errorf("member id %q is not a session token", id)
	}
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	j := maria.until("joined")
	if j["name"] != "Jay" || j["member_id"] == "2" {
		t.Errorf("joined: %v", j)
	}
	// A second tab of the same member gets a fresh state, not a second join.
	tab := th.dial(t, 2, "Jay", "member", -1)
	if f := tab.next(); f["type"] != "state" {
		t.Errorf("second tab's first frame: %v", f)
	}
}

func TestResume(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	jay.send(map[string]string{"op": "react", "kind": "nod"})
	jay.until("reaction")
	since := jay.last
	jay.conn.Close(websocket.StatusNormalClosure, "")
	for i := 0; i < 50; i++ {
		maria.send(map[string]string{"op": "react", "kind": "heart"})
	}
	for i := 0; i < 50; i++ {
		maria.until("reaction")
	}
	back := th.dial(t, 2, "Jay", "member", since)
	back.last = since
	for i := 0; i < 50; i++ {
		f := back.next()
		if f["type"] != "reaction" || f["kind"] != "heart" {
			t.Fatalf("resumed frame %d: %v", i, f)
		}
	}
	// Nothing more was missed: the next frame is new.
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	if f := back.next(); f["kind"] != "nod" {
		t.Errorf("after the resume: %v", f)
	}
}

func TestTooLongAwayGetsState(t *testing.T) {
	th := startHub(t, Options{Keep: 16})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	since := jay.last
	jay.conn.Close(websocket.StatusNormalClosure, "")
	maria.until("joined")
	for i := 0; i < 20; i++ {
		maria.send(map[string]string{"op": "react", "kind": "heart"})
		maria.until("reaction")
	}
	back := th.dial(t, 2, "Jay", "member", since)
	f := back.next()
	if f["type"] != "state" || int64(f["seq"].(float64)) != since+21 {
		t.Fatalf("got %v, want a state numbered %d", f, since+21)
	}
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	back.until("reaction")
}

func TestBadFramesAnswerTheSenderAlone(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	for _, bad := range []string{`not json`, `{"op":"chat","text":5,"ref":"r1"}`, `{"op":"dance"}`, `{"op":"give_turn","member_id":"x"}`,
		`{"op":"chat","text":"` + strings.Repeat("a", MaxFrame) + `"}`} {
		jay.sendRaw(bad)
		if f := jay.next(); f["type"] != "error" || f["message"] == "" {
			t.Errorf("%.40s: got %v, want an error", bad, f)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	jay.conn.Write(ctx, websocket.MessageBinary, []byte(`{"op":"pass"}`))
	cancel()
	if f := jay.next(); f["code"] != string(CodeBadFrame) {
		t.Errorf("binary frame: %v", f)
	}
	// Maria heard none of it, and the socket is still open.
	jay.send(map[string]string{"op": "react", "kind": "nod"})
	if f := maria.next(); f["type"] != "reaction" {
		t.Errorf("maria's next frame: %v", f)
	}
	jay.until("reaction")
}

func TestHardLimitAndFloodClose(t *testing.T) {
	th := startHub(t, Options{Burst: 5, Rate: 1})
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	jay.conn.Write(ctx, websocket.MessageText, []byte(`{"op":"chat","text":"`+strings.Repeat("a", HardMaxFrame)+`"}`))
	cancel()
	if got := jay.closedWith(); got != websocket.StatusMessageTooBig {
		t.Errorf("over the hard limit: closed with %v, want 1009", got)
	}
	flood := th.dial(t, 3, "Sam", "member", -1)
	flood.until("state")
	for i := 0; i < 10; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		flood.conn.Write(ctx, websocket.MessageText, []byte(`{"op":"react","kind":"nod"}`))
		cancel()
	}
	if got := flood.closedWith(); got != websocket.StatusPolicyViolation {
		t.Errorf("flood: closed with %v, want 1008", got)
	}
}

// smallBuffers dials with a tiny receive buffer, so a client that does not
// read fills the server's queue quickly.
func smallBuffers() *websocket.DialOptions {
	d := &net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	return &websocket.DialOptions{HTTPClient: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}}
}

func TestSlowClientIsDropped(t *testing.T) {
	th := startHub(t, Options{SendBuffer: 32, Burst: 1000})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	slow := dialURL(t, th.url+"/?account=3&name=Sam&role=member", smallBuffers(), false)
	maria.until("joined")
	jay.until("joined")
	// Maria's chats go out one at a time, each once Jay has it: Jay keeps
	// up, the slow client never reads.
	text := strings.Repeat("😀", circle.MaxChat)
	const n = 200
	got := 0
	for i := 0; i < n; i++ {
		maria.send(map[string]string{"op": "chat", "text": text})
		if f := jay.until("chat"); f["text"] == text {
			got++
		}
	}
	if got != n {
		t.Errorf("jay got %d chats, want %d", got, n)
	}
	// Now the slow client reads: some frames, then the end.
	go slow.readAll()
	seen := 0
	var last int64
	for done := false; !done; {
		select {
		case f := <-slow.frames:
			last = int64(f["seq"].(float64))
			if f["type"] == "chat" {
				seen++
			}
		case <-slow.closed:
			done = true
		case <-time.After(10 * time.Second):
			t.Fatal("the slow client was not dropped")
		}
	}
	if seen >= n {
		t.Fatalf("the slow client got all %d chats: it was never dropped", n)
	}
	// It reconnects and resumes from the last number it saw.
	back := th.dial(t, 3, "Sam", "member", last)
	back.last = last
	chats := seen
	for chats < n {
		f := back.next()
		switch f["type"] {
		case "chat":
			chats++
		case "state":
			chats = n // too far behind: a fresh snapshot instead
		}
	}
}

func TestKickClosesAndBars(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	th.Kick(3, 2)
	if f := jay.until("removed"); f["text"] == "" {
		t.Errorf("removed: %v", f)
	}
	if got := jay.closedWith(); got != CloseRemoved {
		t.Errorf("kicked socket closed with %v, want %v", got, CloseRemoved)
	}
	if f := maria.until("left"); f["name"] != "Jay" {
		t.Errorf("maria sees %v", f)
	}
	again := th.dial(t, 2, "Jay", "member", -1)
	if got := again.closedWith(); got != CloseRemoved {
		t.Errorf("reconnect closed with %v, want %v", got, CloseRemoved)
	}
	// Another group's kick changes nothing here.
	th.Kick(99, 1)
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	maria.until("reaction")
}

func TestEndKeepsOnlyTheSummary(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	maria.send(map[string]string{"op": "advance", "phase": "check_in"})
	jay.until("phase")
	jay.send(map[string]any{"op": "checkin", "mood": 4, "word": "hopeful"})
	maria.until("checkin")
	maria.send(map[string]string{"op": "end_session"})
	maria.until("ended")
	jay.until("ended")
	if got := jay.closedWith(); got != websocket.StatusNormalClosure {
		t.Errorf("closed with %v, want 1000", got)
	}
	select {
	case e := <-th.ended:
		if fmt.Sprint(e.Attended) != "[1 2]" || e.MoodCounts != [5]int{0, 0, 0, 1, 0} || e.SessionID != testSession {
			t.Errorf("ended: %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OnEnd was not called")
	}
	if th.Running(testSession) {
		t.Error("the room still runs")
	}
	if _, err := th.End(context.Background(), testSession); !errors.Is(err, ErrNotRunning) {
		t.Errorf("ending again: %v", err)
	}
}

func TestGraceThenLeave(t *testing.T) {
	th := startHub(t, Options{Grace: 50 * time.Millisecond, TickEvery: 10 * time.Millisecond})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	jay.conn.Close(websocket.StatusNormalClosure, "")
	if f := maria.until("left"); f["name"] != "Jay" {
		t.Errorf("left: %v", f)
	}
}

func TestSilentClientIsDropped(t *testing.T) {
	th := startHub(t, Options{PingEvery: 50 * time.Millisecond})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	// A client that never reads never answers a ping.
	silent := dialURL(t, th.url+"/?account=2&name=Jay&role=member", nil, false)
	time.Sleep(300 * time.Millisecond)
	go silent.readAll()
	if got := silent.closedWith(); got != -1 {
		t.Errorf("silent client closed with %v, want a dropped connection", got)
	}
	// Maria reads, so she answers every ping and stays.
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	maria.until("reaction")
}

func TestLeaveClosesTheSocket(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	maria.until("state")
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")
	jay.send(map[string]string{"op": "leave"})
	jay.until("left")
	if got := jay.closedWith(); got != websocket.StatusNormalClosure {
		t.Errorf("closed with %v, want 1000", got)
	}
	maria.until("left")
	// Coming back is a fresh join.
	again := th.dial(t, 2, "Jay", "member", -1)
	again.until("state")
	if f := maria.next(); f["type"] != "joined" {
		t.Errorf("maria sees %v", f)
	}
}
