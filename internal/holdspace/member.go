package holdspace

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Member is an account. Its display name is a pseudonym: Holdspace never
// asks for a real name.
type Member struct {
	ID           int64
	DisplayName  string
	Email        string // optional; only for reminders and recovery
	PasswordHash string // argon2id, PHC string format
	SiteAdmin    bool
	CreatedAt    time.Time
}

// AuthSession is a signed-in browser or program. Only a hash of its token is
// stored, so a copy of the database cannot be used to sign in.
type AuthSession struct {
	TokenHash string
	MemberID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Limits on what a member types.
const (
	DisplayNameMin = 2
	DisplayNameMax = 40
	PasswordMin    = 10
	PasswordMax    = 200
	EmailMax       = 254
)

// NormalizeDisplayName trims and NFC-normalises a display name and folds
// inner runs of white space to one space.
func NormalizeDisplayName(s string) string {
	s = norm.NFC.String(strings.TrimSpace(s))
	return strings.Join(strings.Fields(s), " ")
}

// NameKey is the form of a display name used to keep names unique: two names
// that differ only in case or accents' encoding are the same name.
func NameKey(displayName string) string {
	return strings.ToLower(NormalizeDisplayName(displayName))
}

// ValidateDisplayName checks a normalised display name.
func ValidateDisplayName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return FieldError("display_name", "Enter a display name")
	case n < DisplayNameMin:
		return FieldError("display_name", "Display name must be 2 characters or more")
	case n > DisplayNameMax:
		return FieldError("display_name", "Display name must be 40 characters or less")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '<' || r == '>' || r == '@' {
			return FieldError("display_name", "Display name must only include letters, numbers, spaces and simple punctuation")
		}
	}
	return nil
}

// ValidatePassword checks a new password's length. Length matters more than
// character rules, so that is all we ask for.
func ValidatePassword(field, pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return FieldError(field, "Enter a password")
	case n < PasswordMin:
		return FieldError(field, "Password must be 10 characters or more")
	case n > PasswordMax:
		return FieldError(field, "Password must be 200 characters or less")
	}
	return nil
}

// NormalizeEmail trims an email address; empty means none.
func NormalizeEmail(s string) string { return strings.TrimSpace(s) }

// ValidateEmail checks an optional email address loosely: a real check is a
// message that arrives.
func ValidateEmail(email string) error {
	if email == "" {
		return nil
	}
	at := strings.LastIndexByte(email, '@')
	switch {
	case len(email) > EmailMax:
		return FieldError("email", "Email address must be 254 characters or less")
	case at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>,;\"") || !strings.Contains(email[at:], "."):
		return FieldError("email", "Enter an email address in the correct format, like name@example.com")
	}
	return nil
}

// Mail is a message to one member, queued in the outbox in the same
// transaction as the change it reports.
type Mail struct {
	ID        int64
	MemberID  int64
	Kind      string // reminder_24h, reminder_1h, join_approved, join_declined, waitlist_promoted, newcomer_checkin
	Subject   string
	Body      string
	SendAfter time.Time
	Attempts  int
}
