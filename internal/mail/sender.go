package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// Sender moves messages from the outbox to the SMTP server. A message is
// marked sent only once the server has accepted it; a failure is tried
// again later, waiting longer each time (up to RetryMax), and never given
// up, so nothing the site promised to say is lost. A message for a member
// with no address, or who turned email off, is marked done unsent, with
// the reason.
type Sender struct {
	Store *sqlstore.Store
	// Client delivers; Send is its method, so tests can pass a real
	// client pointed at a test server.
	Client *Client
	// From is the From header, like "Holdspace <noreply@example.org>".
	From string
	// BaseURL is the site's address for the links in each message.
	BaseURL string
	Log     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RetryBase is the wait after the first failure, doubled after each
	// further one up to RetryMax. Zero means a minute and six hours.
	RetryBase, RetryMax time.Duration
	// Batch is how many messages one round takes; 0 means 50.
	Batch int
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// backoff is how long to wait after a message's attempts-th failure.
func (s *Sender) backoff(attempts int) time.Duration {
	base, max := s.RetryBase, s.RetryMax
	if base <= 0 {
		base = time.Minute
	}
	if max <= 0 {
		max = 6 * time.Hour
	}
	d := base
	for i := 0; i < attempts && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// RunOnce sends what is due now and reports how many messages it
// delivered. It stops at the first database error; a delivery error is
// recorded against its message and the round goes on.
func (s *Sender) RunOnce(ctx context.Context) (int, error) {
	batch := s.Batch
	if batch <= 0 {
		batch = 50
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return 0, fmt.Errorf("from address %q: %w", s.From, err)
	}
	pending, err := s.Store.PendingMail(ctx, batch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range pending {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		// Hold the message long enough for the slowest delivery, so no
		// other server sends it meanwhile.
		timeout := DefaultTimeout
		if s.Client.Timeout > 0 {
			timeout = s.Client.Timeout
		}
		ok, err := s.Store.ClaimMail(ctx, m, s.now().Add(2*timeout+time.Minute))
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		done, err := s.deliver(ctx, from.Address, m)
		if err != nil {
			return sent, err
		}
		if done {
			sent++
		}
	}
	return sent, nil
}

// deliver sends one claimed message and records the outcome. It reports
// whether the server accepted it; a non-nil error is the database's.
func (s *Sender) deliver(ctx context.Context, envelopeFrom string, m holdspace.Mail) (bool, error) {
	if m.MemberID == 0 {
		return false, s.Store.MarkMailSent(ctx, m.ID, "skipped: the account no longer exists")
	}
	rcpt, err := s.Store.MailRecipient(ctx, m.MemberID, auth.NewToken())
	switch {
	case holdspace.ErrorCode(err) == holdspace.ENotFound:
		return false, s.Store.MarkMailSent(ctx, m.ID, "skipped: the account no longer exists")
	case err != nil:
		return false, err
	case rcpt.Email == "":
		return false, s.Store.MarkMailSent(ctx, m.ID, "skipped: no email address")
	case rcpt.EmailOff:
		return false, s.Store.MarkMailSent(ctx, m.ID, "skipped: the member turned email off")
	}
	unsubscribe := strings.TrimSuffix(s.BaseURL, "/") + "/unsubscribe/" + rcpt.UnsubscribeToken
	msg := Message{
		From: s.From, To: rcpt.Email, Subject: m.Subject, Date: s.now(),
		Text:           strings.TrimRight(m.Body, "\n") + "\n" + footer(s.BaseURL, unsubscribe),
		UnsubscribeURL: unsubscribe,
	}
	raw, err := msg.Bytes()
	if err != nil {
		// An address that cannot be written in a header can never be
		// delivered: record why, rather than try forever.
		return false, s.Store.MarkMailSent(ctx, m.ID, "skipped: "+err.Error())
	}
	if err := s.Client.Send(ctx, envelopeFrom, []string{rcpt.Email}, raw); err != nil {
		wait := s.backoff(m.Attempts)
		if s.Log != nil {
			s.Log.Warn("mail not sent; will try again", "id", m.ID, "kind", m.Kind, "attempts", m.Attempts+1, "retry_in", wait, "err", err)
		}
		// Record the failure even when shutting down.
		return false, s.Store.MarkMailFailed(context.WithoutCancel(ctx), m.ID, err.Error(), s.now().Add(wait))
	}
	if err := s.Store.MarkMailSent(context.WithoutCancel(ctx), m.ID, ""); err != nil {
		return true, err
	}
	if s.Log != nil {
		s.Log.Info("mail sent", "id", m.ID, "kind", m.Kind)
	}
	return true, nil
}

// Run sends every interval until ctx ends.
func (s *Sender) Run(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.Error("mail sender", "err", err)
		}
	})
}

// every calls fn at once and then every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
