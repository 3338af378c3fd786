package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"os"
	"strconv"
	"time"
)

// TLSMode is how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes.
const (
	TLSNone     TLSMode = "none"     // plain text (a relay on the same machine)
	TLSStartTLS TLSMode = "starttls" // upgrade with STARTTLS, usually port 587; refused if the server does not offer it
	TLSImplicit TLSMode = "tls"      // TLS from the first byte, usually port 465
)

// ParseTLSMode reads a TLS mode as the --smtp-tls flag gives it.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(s); m {
	case TLSNone, TLSStartTLS, TLSImplicit:
		return m, nil
	}
	return "", fmt.Errorf("%q: use none, starttls or tls", s)
}

// DefaultTimeout bounds one delivery, from dialling to QUIT.
const DefaultTimeout = 30 * time.Second

// Client delivers messages to one SMTP server. The standard library's
// net/smtp speaks the protocol (it is frozen, not deprecated, and covers
// EHLO, STARTTLS and AUTH PLAIN, which is all a relay needs); Client adds
// the connection: implicit TLS, timeouts and cancellation.
type Client struct {
	Host     string
	Port     int
	Username string // AUTH PLAIN when set; never sent over an unencrypted connection except to this machine
	Password string
	TLS      TLSMode
	Timeout  time.Duration // for the whole delivery; 0 means DefaultTimeout
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate with it); nil verifies the server as Host.
	TLSConfig *tls.Config
	// LocalName is the name given in EHLO; "" means this machine's
	// host name.
	LocalName string
}

// Send delivers msg (as Message.Bytes renders it) from the envelope
// sender from to the recipients to.
func (c *Client) Send(ctx context.Context, from string, to []string, msg []byte) (err error) {
	if c.Host == "" {
		return errors.New("smtp: no host set")
	}
	if len(to) == 0 {
		return errors.New("smtp: no recipients")
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp: connect to %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// Cancelling ctx (shutdown) ends a delivery that is waiting on the
	// server.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	cfg := c.tlsConfig()
	if c.TLS == TLSImplicit {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("smtp: TLS with %s: %w", addr, err)
		}
		conn = tc
	}
	sc, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		return fmt.Errorf("smtp: greeting from %s: %w", addr, err)
	}
	defer sc.Close()
	if err := sc.Hello(c.localName()); err != nil {
		return fmt.Errorf("smtp: EHLO: %w", err)
	}
	if c.TLS == TLSStartTLS {
		if ok, _ := sc.Extension("STARTTLS"); !ok {
			return fmt.Errorf("smtp: %s does not offer STARTTLS; use --smtp-tls tls for port 465, or none for a relay on this machine", addr)
		}
		if err := sc.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp: STARTTLS: %w", err)
		}
	}
	if c.Username != "" {
		if ok, _ := sc.Extension("AUTH"); !ok {
			return fmt.Errorf("smtp: %s does not offer AUTH, but a user is set", addr)
		}
		if err := sc.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return fmt.Errorf("smtp: AUTH PLAIN: %w", err)
		}
	}
	if err := sc.Mail(from); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	for _, rcpt := range to {
		if err := sc.Rcpt(rcpt); err != nil {
			return fmt.Errorf("smtp: RCPT TO: %w", err)
		}
	}
	w, err := sc.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: sending the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: message refused: %w", err)
	}
	// The message is accepted; a failing QUIT does not undo that.
	sc.Quit()
	return nil
}

func (c *Client) tlsConfig() *tls.Config {
	if c.TLSConfig != nil {
		cfg := c.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = c.Host
		}
		return cfg
	}
	return &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
}

func (c *Client) localName() string {
	if c.LocalName != "" {
		return c.LocalName
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}
