package cli_test

import (
	"strings"
	"testing"
)

func TestServeMailFlags(t *testing.T) {
	code, out, _ := run(t, nil, "", "serve", "-h")
	for _, env := range []string{"HOLDSPACE_SMTP_HOST", "HOLDSPACE_SMTP_PORT", "HOLDSPACE_SMTP_USER", "HOLDSPACE_SMTP_PASSWORD",
		"HOLDSPACE_SMTP_TLS", "HOLDSPACE_SMTP_FROM", "HOLDSPACE_BASE_URL", "HOLDSPACE_MAIL_INTERVAL"} {
		if !strings.Contains(out, env) {
			t.Errorf("serve -h does not name %s (code %d)", env, code)
		}
	}
	// Mistakes stop serve before it listens, naming the flag.
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--smtp-tls", "ssl"}, "none, starttls or tls"},
		{map[string]string{"HOLDSPACE_SMTP_TLS": "ssl"}, nil, "HOLDSPACE_SMTP_TLS"},
		{nil, []string{"--smtp-from", "not an address"}, "smtp-from"},
		{nil, []string{"--base-url", "ftp://example.org"}, "base-url"},
		{nil, []string{"--mail-interval", "0s"}, "more than zero"},
		{nil, []string{"--gc-headroom", "-1"}, "--gc-headroom must be"},
		{nil, []string{"--gc-percent", "0"}, "--gc-percent must be"},
		{map[string]string{"HOLDSPACE_GC_HEADROOM": "lots"}, nil, "HOLDSPACE_GC_HEADROOM"},
	} {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tc.args...)
		code, out, errs := run(t, tc.env, "", args...)
		if code == 0 || !strings.Contains(errs, tc.want) || strings.Contains(out, "running at") {
			t.Errorf("%v %v: code %d, stdout %q, stderr %q; want a refusal naming %q", tc.env, tc.args, code, out, errs, tc.want)
		}
	}
}
