package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	mailpkg "holdspace/internal/mail"
	"holdspace/internal/mail/mailtest"
)

// selfSigned makes a certificate for 127.0.0.1, and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func TestMessageBytes(t *testing.T) {
	date := time.Date(2026, 6, 9, 18, 50, 0, 0, time.UTC)
	m := mailpkg.Message{
		From: "Holdspace <noreply@example.org>", To: "jay@example.test",
		Subject:        "Reminder: Grupo de apoyo: ansiedad, sábado 13 de junio " + strings.Repeat("and a long tail ", 4),
		Text:           "Hello Jay,\n\nA line with = and ü, and a line long enough to need a soft break: " + strings.Repeat("words ", 20) + "\n.\nEnd\n",
		Date:           date,
		UnsubscribeURL: "https://holdspace.example/unsubscribe/abc_DEF-123",
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d is %d characters: %q", i, len(line), line)
		}
	}
	if strings.Contains(strings.ReplaceAll(string(raw), "\r\n", ""), "\n") {
		t.Error("a bare LF in the message")
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"From":                      `"Holdspace" <noreply@example.org>`,
		"To":                        "<jay@example.test>",
		"Date":                      "Tue, 09 Jun 2026 18:50:00 +0000",
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"List-Unsubscribe":          "<https://holdspace.example/unsubscribe/abc_DEF-123>",
		"List-Unsubscribe-Post":     "List-Unsubscribe=One-Click",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	subject := msg.Header.Get("Subject")
	if !strings.HasPrefix(subject, "=?utf-8?q?") {
		t.Errorf("non-ASCII subject not encoded: %q", subject)
	}
	sm := mailtest.Message{Data: raw}
	if got := sm.Subject(); got != m.Subject {
		t.Errorf("subject decodes to %q", got)
	}
	if got := sm.Text(); got != m.Text {
		t.Errorf("text decodes to %q, want %q", got, m.Text)
	}
	// An ASCII subject stays readable.
	m.Subject = "Reminder: Tuesday Evening Anxiety Circle"
	raw, _ = m.Bytes()
	if !strings.Contains(string(raw), "\r\nSubject: Reminder: Tuesday Evening Anxiety Circle\r\n") {
		t.Errorf("ASCII subject changed:\n%s", raw)
	}
	// No header smuggling.
	for _, bad := range []mailpkg.Message{
		{From: "a@example.org", To: "b@example.org\r\nBcc: c@example.org", Subject: "x"},
		{From: "a@example.org", To: "b@example.org", Subject: "x\r\nBcc: c@example.org"},
		{From: "a@example.org", To: "b@example.org", Subject: "x", UnsubscribeURL: "https://x/\r\nBcc: c@example.org"},
		{From: "a@example.org", To: "not an address", Subject: "x"},
	} {
		if _, err := bad.Bytes(); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestClientModes(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	msg, err := mailpkg.Message{From: "noreply@example.org", To: "jay@example.test", Subject: "Hello", Text: "Hi\n"}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		opts     mailtest.Options
		client   mailpkg.Client
		wantTLS  bool
		wantAuth string
		wantErr  string
	}{
		{name: "plain", client: mailpkg.Client{TLS: mailpkg.TLSNone}},
		{name: "starttls", opts: mailtest.Options{TLS: serverTLS}, client: mailpkg.Client{TLS: mailpkg.TLSStartTLS}, wantTLS: true},
		{name: "starttls with auth", opts: mailtest.Options{TLS: serverTLS, Username: "holdspace", Password: "s3cret pass"},
			client: mailpkg.Client{TLS: mailpkg.TLSStartTLS, Username: "holdspace", Password: "s3cret pass"}, wantTLS: true, wantAuth: "holdspace"},
		{name: "implicit tls with auth", opts: mailtest.Options{TLS: serverTLS, Implicit: true, Username: "holdspace", Password: "pw"},
			client: mailpkg.Client{TLS: mailpkg.TLSImplicit, Username: "holdspace", Password: "pw"}, wantTLS: true, wantAuth: "holdspace"},
		{name: "auth to this machine without tls", opts: mailtest.Options{Username: "u", Password: "p"},
			client: mailpkg.Client{TLS: mailpkg.TLSNone, Username: "u", Password: "p"}, wantAuth: "u"},
		{name: "wrong password", opts: mailtest.Options{TLS: serverTLS, Username: "u", Password: "p"},
			client: mailpkg.Client{TLS: mailpkg.TLSStartTLS, Username: "u", Password: "wrong"}, wantErr: "535"},
		{name: "starttls asked, not offered", client: mailpkg.Client{TLS: mailpkg.TLSStartTLS}, wantErr: "does not offer STARTTLS"},
		{name: "auth required, no user", opts: mailtest.Options{Username: "u", Password: "p"}, client: mailpkg.Client{TLS: mailpkg.TLSNone}, wantErr: "530"},
		{name: "untrusted certificate", opts: mailtest.Options{TLS: serverTLS}, client: mailpkg.Client{TLS: mailpkg.TLSStartTLS, TLSConfig: &tls.Config{}}, wantErr: "certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, tc.opts)
			c := tc.client
			c.Host, c.Port, c.Timeout, c.LocalName = srv.Host, srv.Port, 5*time.Second, "holdspace.test"
			if c.TLSConfig == nil {
				c.TLSConfig = &tls.Config{RootCAs: pool}
			}
			err := c.Send(context.Background(), "noreply@example.org", []string{"jay@example.test"}, msg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Send: %v, want an error with %q", err, tc.wantErr)
				}
				if n := len(srv.Messages()); n != 0 {
					t.Errorf("%d messages arrived after a failure", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages arrived", len(got))
			}
			m := got[0]
			if m.From != "noreply@example.org" || len(m.To) != 1 || m.To[0] != "jay@example.test" || m.Helo != "holdspace.test" {
				t.Errorf("envelope %q -> %q (helo %q)", m.From, m.To, m.Helo)
			}
			if m.TLS != tc.wantTLS || m.AuthUser != tc.wantAuth {
				t.Errorf("TLS %v auth %q, want %v %q", m.TLS, m.AuthUser, tc.wantTLS, tc.wantAuth)
			}
			if m.Subject() != "Hello" || m.Text() != "Hi\n" {
				t.Errorf("message %q %q", m.Subject(), m.Text())
			}
		})
	}
}

func TestClientTimesOut(t *testing.T) {
	// A server that accepts and then says nothing.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	c := mailpkg.Client{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: mailpkg.TLSNone, Timeout: 300 * time.Millisecond}
	start := time.Now()
	err = c.Send(context.Background(), "a@example.org", []string{"b@example.org"}, []byte("x\r\n"))
	if err == nil {
		t.Fatal("Send to a silent server succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v, want about 300ms", d)
	}
}

func TestParseTLSMode(t *testing.T) {
	for _, s := range []string{"none", "starttls", "tls"} {
		if m, err := mailpkg.ParseTLSMode(s); err != nil || string(m) != s {
			t.Errorf("%q: %q %v", s, m, err)
		}
	}
	if _, err := mailpkg.ParseTLSMode("ssl"); err == nil {
		t.Error("accepted ssl")
	}
}
