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

// boundedHijack sets the send buffer of the connection it hijacks.
type boundedHijack struct{ http.ResponseWriter }

func (b boundedHijack) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(b.ResponseWriter).Hijack()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(SocketBuffer)
	}
	return c, rw, err
}
