// Package mailtest is a small real SMTP server for tests. It listens on
// 127.0.0.1 on a free port and records every message it accepts. It speaks
// EHLO/HELO, STARTTLS (given a certificate), AUTH PLAIN (given a user),
// MAIL, RCPT, DATA, RSET, NOOP and QUIT, which is what a mail client needs.
package mailtest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options set the server up.
type Options struct {
	// TLS, when set, offers STARTTLS, or with Implicit speaks TLS from
	// the first byte (like port 465).
	TLS      *tls.Config
	Implicit bool
	// Username and Password, when set, make AUTH PLAIN required before
	// MAIL.
	Username, Password string
}

// Message is one message the server accepted.
type Message struct {
	Helo     string
	From     string   // the envelope sender
	To       []string // the envelope recipients
	Data     []byte   // as sent, dot-unstuffed, CRLF line ends
	TLS      bool     // the connection was encrypted
	AuthUser string   // who authenticated, if anyone
}

// Parsed reads the message's headers and body.
func (m Message) Parsed() (*mail.Message, error) {
	return mail.ReadMessage(bytes.NewReader(m.Data))
}

// Header returns one header's raw value ("" when absent).
func (m Message) Header(name string) string {
	p, err := m.Parsed()
	if err != nil {
		return ""
	}
	return p.Header.Get(name)
}

// Subject is the Subject header with RFC 2047 words decoded.
func (m Message) Subject() string {
	s := m.Header("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// Text is the body, quoted-printable decoded, with \n line ends.
func (m Message) Text() string {
	p, err := m.Parsed()
	if err != nil {
		return ""
	}
	var r io.Reader = p.Body
	if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, _ := io.ReadAll(r)
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// Server is a running test SMTP server.
type Server struct {
	Host string // 127.0.0.1
	Port int

	opts Options
	ln   net.Listener
	wg   sync.WaitGroup

	mu       sync.Mutex
	messages []Message
	failNext int
	conns    map[net.Conn]bool
	closed   bool
}

// Start starts a server that stops when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, opts: opts, ln: ln, conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.Close)
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Close stops the server and ends open connections.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

// Messages returns a copy of what has arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// To returns the messages whose envelope names rcpt.
func (s *Server) To(rcpt string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		for _, r := range m.To {
			if strings.EqualFold(r, rcpt) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Wait polls until ok accepts the messages so far, and returns them; it
// fails the test after timeout.
func (s *Server) Wait(t testing.TB, timeout time.Duration, what string, ok func([]Message) bool) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := s.Messages()
		if ok(msgs) {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: waited %v for %s; %d messages arrived", timeout, what, len(msgs))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// FailNext makes the server refuse the next n messages at the end of DATA
// with a temporary error (451), as a busy server does.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.failNext = n
	s.mu.Unlock()
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c)
		}()
	}
}

// session is one connection's state.
type session struct {
	conn     net.Conn
	text     *textproto.Conn
	tls      bool
	helo     string
	authUser string
	from     string
	to       []string
	hasFrom  bool
}

func (ss *session) reply(code int, lines ...string) {
	for i, l := range lines {
		sep := " "
		if i < len(lines)-1 {
			sep = "-"
		}
		ss.text.PrintfLine("%d%s%s", code, sep, l)
	}
}

func (s *Server) serve(c net.Conn) {
	c.SetDeadline(time.Now().Add(time.Minute))
	ss := &session{conn: c}
	if s.opts.Implicit && s.opts.TLS != nil {
		tc := tls.Server(c, s.opts.TLS)
		if err := tc.Handshake(); err != nil {
			return
		}
		ss.conn, ss.tls = tc, true
	}
	ss.text = textproto.NewConn(ss.conn)
	ss.reply(220, "mailtest ESMTP ready")
	for {
		line, err := ss.text.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ss.helo = arg
			lines := []string{"mailtest", "8BITMIME", "SIZE 10485760"}
			if s.opts.TLS != nil && !ss.tls {
				lines = append(lines, "STARTTLS")
			}
			if s.opts.Username != "" {
				lines = append(lines, "AUTH PLAIN")
			}
			ss.reply(250, append(lines, "HELP")...)
		case "HELO":
			ss.helo = arg
			ss.reply(250, "mailtest")
		case "STARTTLS":
			if s.opts.TLS == nil || ss.tls {
				ss.reply(502, "5.5.1 STARTTLS not available")
				continue
			}
			ss.reply(220, "2.0.0 Ready to start TLS")
			tc := tls.Server(ss.conn, s.opts.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			// RFC 3207: the client starts again with EHLO.
			*ss = session{conn: tc, text: textproto.NewConn(tc), tls: true}
		case "AUTH":
			s.auth(ss, arg)
		case "MAIL":
			switch {
			case s.opts.Username != "" && ss.authUser == "":
				ss.reply(530, "5.7.0 Authentication required")
			case !strings.HasPrefix(strings.ToUpper(arg), "FROM:"):
				ss.reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
			default:
				ss.from, ss.hasFrom, ss.to = angle(arg[5:]), true, nil
				ss.reply(250, "2.1.0 OK")
			}
		case "RCPT":
			switch {
			case !ss.hasFrom:
				ss.reply(503, "5.5.1 MAIL first")
			case !strings.HasPrefix(strings.ToUpper(arg), "TO:"):
				ss.reply(501, "5.5.4 Syntax: RCPT TO:<address>")
			default:
				ss.to = append(ss.to, angle(arg[3:]))
				ss.reply(250, "2.1.5 OK")
			}
		case "DATA":
			if len(ss.to) == 0 {
				ss.reply(503, "5.5.1 RCPT first")
				continue
			}
			ss.reply(354, "End data with <CR><LF>.<CR><LF>")
			data, err := readData(ss.text.Reader.R)
			if err != nil {
				return
			}
			s.mu.Lock()
			fail := s.failNext > 0
			if fail {
				s.failNext--
			} else {
				s.messages = append(s.messages, Message{Helo: ss.helo, From: ss.from, To: ss.to, Data: data, TLS: ss.tls, AuthUser: ss.authUser})
			}
			s.mu.Unlock()
			ss.from, ss.hasFrom, ss.to = "", false, nil
			if fail {
				ss.reply(451, "4.3.0 Try again later")
			} else {
				ss.reply(250, "2.0.0 OK: queued")
			}
		case "RSET":
			ss.from, ss.hasFrom, ss.to = "", false, nil
			ss.reply(250, "2.0.0 OK")
		case "NOOP":
			ss.reply(250, "2.0.0 OK")
		case "QUIT":
			ss.reply(221, "2.0.0 Bye")
			return
		default:
			ss.reply(502, "5.5.2 Command not recognized")
		}
	}
}

// auth handles AUTH PLAIN, with the credentials on the line or after a
// 334 prompt.
func (s *Server) auth(ss *session, arg string) {
	mech, initial, _ := strings.Cut(arg, " ")
	if s.opts.Username == "" || !strings.EqualFold(mech, "PLAIN") {
		ss.reply(504, "5.5.4 Unrecognized authentication type")
		return
	}
	if initial == "" {
		ss.reply(334, "")
		line, err := ss.text.ReadLine()
		if err != nil {
			return
		}
		initial = line
	}
	raw, err := base64.StdEncoding.DecodeString(initial)
	if err != nil {
		ss.reply(501, "5.5.2 Cannot decode response")
		return
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 || parts[1] != s.opts.Username || parts[2] != s.opts.Password {
		ss.reply(535, "5.7.8 Authentication credentials invalid")
		return
	}
	ss.authUser = parts[1]
	ss.reply(235, "2.7.0 Authentication successful")
}

// readData reads DATA lines up to the lone dot, undoing dot-stuffing and
// keeping CRLF line ends.
func readData(r *bufio.Reader) ([]byte, error) {
	var b bytes.Buffer
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "." {
			return b.Bytes(), nil
		}
		line = strings.TrimPrefix(line, ".")
		if b.Len()+len(line) > 10<<20 {
			return nil, fmt.Errorf("message too large")
		}
		b.WriteString(line + "\r\n")
	}
}

// angle takes the address out of "<addr> PARAMS".
func angle(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '>'); strings.HasPrefix(s, "<") && i > 0 {
		return s[1:i]
	}
	f, _, _ := strings.Cut(s, " ")
	return f
}
