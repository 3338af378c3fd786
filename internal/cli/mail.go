package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"time"

	"holdspace/internal/mail"
	"holdspace/internal/sqlstore"
)

// mailFlags are serve's email settings. Without --smtp-host no email is
// sent (messages wait in the outbox), and everything else still works.
type mailFlags struct {
	host     string
	port     int
	user     string
	password string
	tls      tlsModeFlag
	from     addressFlag
	baseURL  baseURLFlag
	interval positiveDuration
	// listenURL is the address serve listens on: the fallback for
	// links when --base-url is not set.
	listenURL string
}

// registerMailFlags adds the email flags to serve's flag set. Each is
// checked as it is parsed, so a mistake stops serve before it listens.
func registerMailFlags(fs *flag.FlagSet) *mailFlags {
	f := &mailFlags{tls: tlsModeFlag(mail.TLSStartTLS), interval: positiveDuration(time.Minute)}
	fs.StringVar(&f.host, "smtp-host", "", "SMTP server for reminders and other email (empty: no email is sent)")
	fs.IntVar(&f.port, "smtp-port", 587, "SMTP server port: usually 587 with starttls, 465 with tls, 25 for a relay on this machine")
	fs.StringVar(&f.user, "smtp-user", "", "SMTP user name, for AUTH PLAIN (empty: no authentication)")
	fs.StringVar(&f.password, "smtp-password", "", "SMTP password; prefer the environment variable to the command line")
	fs.Var(&f.tls, "smtp-tls", "how the SMTP connection is protected: none, starttls or tls")
	fs.Var(&f.from, "smtp-from", `From address of email, like "Holdspace <noreply@example.org>" (empty: noreply@ the site's host)`)
	fs.Var(&f.baseURL, "base-url", "the site's public address for links in email, like https://groups.example.org (empty: the address it listens on)")
	fs.Var(&f.interval, "mail-interval", "how often queued email is sent and reminders due are queued")
	return f
}

// withBase records the address serve listens on, for links when no
// --base-url was given.
func (f *mailFlags) withBase(listenURL string) *mailFlags {
	f.listenURL = strings.TrimSuffix(listenURL, "/")
	return f
}

// base is the site's address for links in email.
func (f *mailFlags) base() string {
	if f.baseURL != "" {
		return string(f.baseURL)
	}
	return f.listenURL
}

// fromAddress is the From header: as given, or noreply@ the site's host.
func (f *mailFlags) fromAddress() string {
	if f.from != "" {
		return string(f.from)
	}
	host := "localhost"
	if u, err := url.Parse(f.base()); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "Holdspace <noreply@" + host + ">"
}

// startMail starts the outbox sender and the reminder scheduler, when email
// is set up, and says on stdout whether it is. It returns the function that
// stops them and waits for them to finish.
func startMail(ctx context.Context, env Env, f *mailFlags, store *sqlstore.Store, log *slog.Logger) (stop func()) {
	if f.host == "" {
		fmt.Fprintln(env.Stdout, "Email: off (set --smtp-host to send reminders); email waits in the outbox until then")
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	client := &mail.Client{Host: f.host, Port: f.port, Username: f.user, Password: f.password, TLS: mail.TLSMode(f.tls)}
	sender := &mail.Sender{Store: store, Client: client, From: f.fromAddress(), BaseURL: f.base(), Log: log}
	scheduler := &mail.Scheduler{Store: store, BaseURL: f.base(), Log: log}
	fmt.Fprintf(env.Stdout, "Email: through %s:%d (%s) from %s\n", f.host, f.port, f.tls, f.fromAddress())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); scheduler.Run(ctx, time.Duration(f.interval)) }()
	go func() { defer wg.Done(); sender.Run(ctx, time.Duration(f.interval)) }()
	return func() {
		cancel()
		wg.Wait()
	}
}

// tlsModeFlag is --smtp-tls, checked when parsed.
type tlsModeFlag mail.TLSMode

func (t *tlsModeFlag) String() string { return string(*t) }
func (t *tlsModeFlag) Set(s string) error {
	m, err := mail.ParseTLSMode(strings.ToLower(strings.TrimSpace(s)))
	if err != nil {
		return err
	}
	*t = tlsModeFlag(m)
	return nil
}

// addressFlag is --smtp-from: an email address, with or without a name.
type addressFlag string

func (a *addressFlag) String() string { return string(*a) }
func (a *addressFlag) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		*a = ""
		return nil
	}
	addr, err := netmail.ParseAddress(s)
	if err != nil {
		return fmt.Errorf("%q is not an email address like \"Holdspace <noreply@example.org>\"", s)
	}
	*a = addressFlag(addr.String())
	return nil
}

// baseURLFlag is --base-url: an absolute http or https address.
type baseURLFlag string

func (b *baseURLFlag) String() string { return string(*b) }
func (b *baseURLFlag) Set(s string) error {
	s = strings.TrimSuffix(strings.TrimSpace(s), "/")
	if s == "" {
		*b = ""
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not an address like https://groups.example.org", s)
	}
	*b = baseURLFlag(s)
	return nil
}

// positiveDuration is a duration that must be more than zero.
type positiveDuration time.Duration

func (d *positiveDuration) String() string { return time.Duration(*d).String() }
func (d *positiveDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("use a duration like 30s or 1m")
	}
	if v <= 0 {
		return errors.New("must be more than zero")
	}
	*d = positiveDuration(v)
	return nil
}
