package live

import (
	"bufio"
	"net"
	"net/http"

	"github.com/coder/websocket"
)

// SocketBuffer is the kernel send buffer of a live socket. Left to itself
// the kernel grows it to megabytes for a client that stopped reading, which
// would hide a slow client for minutes; bounded, a client that falls behind
// fills its queue soon and is dropped, and resumes when it reconnects. Live
// circle traffic is small, so this is plenty for a slow network.
const SocketBuffer = 64 << 10

// Accept upgrades the request to a WebSocket whose send buffer is
// SocketBuffer. opts are the library's; the caller checks the Origin
// itself or leaves it to the library.
func Accept(w http.ResponseWriter, r *http.Request, opts *websocket.AcceptOptions) (*websocket.Conn, error) {
	return websocket.Accept(boundedHijack{w}, r, opts)
}

// readBuffer is the size of a live socket's read buffer. What members send
// is small (an intent is well under a kilobyte); the server's 4 KiB buffer
// would be kept for every connected member.
const readBuffer = 512

// boundedHijack sets the send buffer of the connection it hijacks, and
// reads it through a smaller buffer.
type boundedHijack struct{ http.ResponseWriter }

func (b boundedHijack) Hijack() (net.Conn, *bufio.ReadWriter, error) {
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
	return c, rw, err
}
