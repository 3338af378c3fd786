// Package mail sends Holdspace's email: session reminders, join decisions,
// waitlist places and the newcomer check-in. Everything to send is first
// written to the outbox table in the same transaction as the change it
// reports; the Sender here takes it from there to an SMTP server, retrying
// until it is delivered, and the Scheduler writes reminders into the outbox
// when group sessions come near. Every message carries a one-click
// unsubscribe link (RFC 8058).
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one plain-text email to one person.
type Message struct {
	From    string // "Holdspace <noreply@example.org>" or a bare address
	To      string // a bare address
	Subject string
	Text    string // the body; line ends may be \n
	Date    time.Time
	// MessageID is the Message-ID without angle brackets; one is made
	// when empty.
	MessageID string
	// UnsubscribeURL, when set, goes in List-Unsubscribe with
	// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058).
	UnsubscribeURL string
}

// Bytes renders the message as RFC 5322 text with CRLF line ends: UTF-8
// plain text in quoted-printable, the subject RFC 2047-encoded when it is
// not ASCII, and long header lines folded. It refuses header values that
// hold line breaks, so no one can smuggle in a header.
func (m Message) Bytes() ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("from address %q: %w", m.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("to address %q: %w", m.To, err)
	}
	for name, v := range map[string]string{"Subject": m.Subject, "List-Unsubscribe": m.UnsubscribeURL, "Message-ID": m.MessageID} {
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("%s holds a line break", name)
		}
	}
	if strings.ContainsAny(m.UnsubscribeURL, "<> ") {
		return nil, fmt.Errorf("unsubscribe URL %q is not a plain URL", m.UnsubscribeURL)
	}
	id := m.MessageID
	if id == "" {
		id = NewMessageID(from.Address)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("From", from.String())
	header("To", (&mail.Address{Address: to.Address}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+id+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	if m.UnsubscribeURL != "" {
		header("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	b.WriteString("\r\n")
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// NewMessageID makes a unique Message-ID (without brackets) in the domain
// of the sender's address.
func NewMessageID(fromAddress string) string {
	var r [16]byte
	rand.Read(r[:])
	domain := "holdspace.invalid"
	if at := strings.LastIndexByte(fromAddress, '@'); at >= 0 && at < len(fromAddress)-1 {
		domain = fromAddress[at+1:]
	}
	return hex.EncodeToString(r[:]) + "@" + domain
}

// fold breaks a header line longer than 78 characters at spaces, as RFC
// 5322 section 2.2.3 allows, so each line stays short.
func fold(line string) string {
	if len(line) <= 78 {
		return line
	}
	var out strings.Builder
	cur := 0
	words := strings.Split(line, " ")
	for i, w := range words {
		switch {
		case i == 0:
		case cur+1+len(w) > 78:
			out.WriteString("\r\n ")
			cur = 1
		default:
			out.WriteByte(' ')
			cur++
		}
		out.WriteString(w)
		cur += len(w)
	}
	return out.String()
}
