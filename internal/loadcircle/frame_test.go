package loadcircle

import "testing"

func TestHead(t *testing.T) {
	tests := []struct {
		frame string
		seq   int64
		typ   string
		ok    bool
	}{
		{`{"seq":1,"type":"joined","at":"2026-03-03T19:00:01Z"}`, 1, "joined", true},
		{`{"seq":4711,"type":"chat","at":"x","from":"m-a","text":"hi"}`, 4711, "chat", true},
		{`{"type":"chat","seq":1}`, 0, "", false},
		{`{"seq":,"type":"chat"}`, 0, "", false},
		{`{"seq":3,"type":"chat`, 0, "", false},
		{``, 0, "", false},
	}
	for _, tt := range tests {
		seq, typ, ok := head([]byte(tt.frame))
		if seq != tt.seq || string(typ) != tt.typ || ok != tt.ok {
			t.Errorf("head(%s) = %d, %q, %v; want %d, %q, %v", tt.frame, seq, typ, ok, tt.seq, tt.typ, tt.ok)
		}
	}
}

func TestField(t *testing.T) {
	b := []byte(`{"seq":9,"type":"reaction","at":"x","member_id":"m-abc","name":"Jay","kind":"nod"}`)
	for key, want := range map[string]string{"member_id": "m-abc", "kind": "nod", "name": "Jay", "text": ""} {
		if got := string(field(b, key)); got != want {
			t.Errorf("field(%s) = %q, want %q", key, got, want)
		}
	}
}

func TestChatText(t *testing.T) {
	text := chatText(42, 1_700_000_000_123_456_789)
	n, due, ok := parseChat([]byte(text))
	if !ok || n != 42 || due != 1_700_000_000_123_456_789 {
		t.Errorf("parseChat(%q) = %d, %d, %v", text, n, due, ok)
	}
	for _, bad := range []string{"", "hello", "lg ", "lg x 1", "lg 1 y", "lg 1"} {
		if _, _, ok := parseChat([]byte(bad)); ok {
			t.Errorf("parseChat(%q) ok", bad)
		}
	}
}
