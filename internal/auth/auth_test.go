package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	for _, p := range []Params{TestParams, DefaultParams} {
		h, err := HashPassword("correct horse battery", p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$") {
			t.Errorf("hash %q is not a PHC argon2id string", h)
		}
		h2, _ := HashPassword("correct horse battery", p)
		if h == h2 {
			t.Error("two hashes of one password are equal: salt not random")
		}
		for _, tc := range []struct {
			pw   string
			want bool
		}{{"correct horse battery", true}, {"correct horse batter", false}, {"", false}} {
			got, err := CheckPassword(tc.pw, h)
			if err != nil || got != tc.want {
				t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, got, err, tc.want)
			}
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=1,t=1,p=1$!!$AA"} {
		if _, err := CheckPassword("x", bad); err == nil {
			t.Errorf("CheckPassword on %q: no error", bad)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) != 43 {
		t.Errorf("tokens %q %q", a, b)
	}
	if HashToken(a) == a || HashToken(a) != HashToken(a) || len(HashToken(a)) != 64 {
		t.Error("HashToken is not a stable sha256 hex")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(time.Minute, 3, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !l.Allow("k") {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if l.Allow("k") {
		t.Error("fourth attempt allowed")
	}
	if !l.Allow("other") {
		t.Error("another key is limited too")
	}
	now = now.Add(time.Minute)
	if !l.Allow("k") {
		t.Error("not refilled after a minute")
	}
	if l.Allow("k") {
		t.Error("refilled more than one")
	}
	l.Reset("k")
	if !l.Allow("k") {
		t.Error("not allowed after Reset")
	}
	now = now.Add(time.Hour)
	l.Allow("x")
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after sweep, want 1", len(l.buckets))
	}
}
