package live

import (
	"bufio"
	"net"
	"net/http"
	"sync"

	"github.com/coder/websocket"
)

// SocketBuffer is the kernel send buffer of a live socket. Left to itself
// the kernel grows it to megabytes for a client that stopped reading, which
// would hide a slow client for minutes; bounded, a client that falls behind
// fills its queue soon and is dropped, and resumes when it reconnects. Live
// circle traffic is small, so this is plenty for a slow network.
const SocketBuffer = 64 << 10

// Socket is an accepted live WebSocket, for Hub.Connect.
type Socket struct {
	conn *websocket.Conn
	out  *batchConn
}

// Accept upgrades the request to a WebSocket whose send buffer is
// SocketBuffer. opts are the library's; the caller checks the Origin
// itself or leaves it to the library.
func Accept(w http.ResponseWriter, r *http.Request, opts *websocket.AcceptOptions) (*Socket, error) {
	h := &boundedHijack{ResponseWriter: w}
	conn, err := websocket.Accept(h, r, opts)
	if err != nil {
		return nil, err
	}
	return &Socket{conn: conn, out: h.out}, nil
}

// batchConn is the connection under a live socket. Between hold and
// release, what the WebSocket library writes is gathered and then written
// in one system call: a frame's header and body, and when a share ends,
// the end, the held chats and the queue a member gets at once. Gathering
// happens in a buffer borrowed for the moment, so an idle member keeps
// none, and the library's own write buffer can be small.
type batchConn struct {
	net.Conn
	mu  sync.Mutex // held while writing, so gathered bytes keep their order
	buf *[]byte    // non-nil while holding
}

// gathered lends the buffers writes are gathered in.
var gathered = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

func (b *batchConn) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf != nil {
		*b.buf = append(*b.buf, p...)
		return len(p), nil
	}
	return b.Conn.Write(p)
}

// hold starts gathering writes.
func (b *batchConn) hold() {
	b.mu.Lock()
	b.buf = gathered.Get().(*[]byte)
	b.mu.Unlock()
}

// release writes what was gathered and stops gathering.
func (b *batchConn) release() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	buf := b.buf
	b.buf = nil
	var err error
	if len(*buf) > 0 {
		_, err = b.Conn.Write(*buf)
	}
	if cap(*buf) <= 64<<10 { // a rare huge burst is let go
		*buf = (*buf)[:0]
		gathered.Put(buf)
	}
	return err
}

// readBuffer and writeBuffer are the sizes of a live socket's buffers.
// What members send is small (an intent is well under a kilobyte), and
// what they are sent is gathered by a batchConn, so the server's 4 KiB
// buffers, kept for every connected member, would be mostly waste.
const (
	readBuffer  = 512
	writeBuffer = 256
)

// boundedHijack sets the send buffer of the connection it hijacks, reads
// it through a smaller buffer and writes it through a batchConn.
type boundedHijack struct {
	http.ResponseWriter
	out *batchConn
}

func (b *boundedHijack) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(b.ResponseWriter).Hijack()
	if err != nil {
		return c, rw, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(SocketBuffer)
	}
	if rw.Reader.Buffered() == 0 { // a client sends nothing before the 101
		rw.Reader = bufio.NewReaderSize(c, readBuffer)
	}
	if rw.Writer.Buffered() == 0 {
		b.out = &batchConn{Conn: c}
		rw.Writer = bufio.NewWriterSize(b.out, writeBuffer)
		return b.out, rw, nil
	}
	return c, rw, nil
}
