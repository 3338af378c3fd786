package loadcircle

import (
	"bytes"
	"strconv"
)

// Frames are read by hand on the hot path: every server frame starts
// {"seq":N,"type":"T", (the live package and the bare hub both put the
// member's number first), and the few fields the load generator needs are
// plain strings without escapes (member ids, reaction kinds, the chat
// texts it wrote itself). Frames the driver needs whole (queue, state and
// the like, a few per second per room) go through encoding/json.

// head reads a frame's seq and type.
func head(b []byte) (seq int64, typ []byte, ok bool) {
	const pre = `{"seq":`
	if !bytes.HasPrefix(b, []byte(pre)) {
		return 0, nil, false
	}
	i := len(pre)
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		seq = seq*10 + int64(b[i]-'0')
		i++
	}
	if i == start {
		return 0, nil, false
	}
	const mid = `,"type":"`
	if !bytes.HasPrefix(b[i:], []byte(mid)) {
		return 0, nil, false
	}
	i += len(mid)
	end := bytes.IndexByte(b[i:], '"')
	if end < 0 {
		return 0, nil, false
	}
	return seq, b[i : i+end], true
}

// field returns the value of the first string field named key, which must
// hold no escaped quote; nil when there is none.
func field(b []byte, key string) []byte {
	k := make([]byte, 0, len(key)+4)
	k = append(k, '"')
	k = append(k, key...)
	k = append(k, '"', ':', '"')
	i := bytes.Index(b, k)
	if i < 0 {
		return nil
	}
	v := b[i+len(k):]
	end := bytes.IndexByte(v, '"')
	if end < 0 {
		return nil
	}
	return v[:end]
}

// chatPrefix starts every chat text the load generator writes:
// "lg NONCE SENTNANOS ...", where SENTNANOS is when the chat was due to be
// sent (its intended time, so a late sender is charged for being late).
const chatPrefix = "lg "

// chatText is a chat of about the length members write.
func chatText(nonce uint64, due int64) string {
	b := make([]byte, 0, 96)
	b = append(b, chatPrefix...)
	b = strconv.AppendUint(b, nonce, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, due, 10)
	b = append(b, " thank you for sharing that, it helps to hear it"...)
	return string(b)
}

// parseChat reads the nonce and due time out of a chat text the load
// generator wrote.
func parseChat(text []byte) (nonce uint64, due int64, ok bool) {
	if !bytes.HasPrefix(text, []byte(chatPrefix)) {
		return 0, 0, false
	}
	rest := text[len(chatPrefix):]
	sp := bytes.IndexByte(rest, ' ')
	if sp <= 0 {
		return 0, 0, false
	}
	n, err := strconv.ParseUint(string(rest[:sp]), 10, 64)
	if err != nil {
		return 0, 0, false
	}
	rest = rest[sp+1:]
	end := bytes.IndexByte(rest, ' ')
	if end < 0 {
		end = len(rest)
	}
	d, err := strconv.ParseInt(string(rest[:end]), 10, 64)
	if err != nil {
		return 0, 0, false
	}
	return n, d, true
}

// Frame types the load generator counts apart.
var countedTypes = []string{"chat", "chat_held", "reaction", "queue", "share_started", "share_ended", "joined", "state", "round", "phase"}

// numTypes is how many slots typeIndex has.
const numTypes = 11

// typeIndex is the slot of a frame type in Fleet.byType; the last slot is
// "other".
func typeIndex(typ []byte) int {
	switch string(typ) {
	case "chat":
		return 0
	case "chat_held":
		return 1
	case "reaction":
		return 2
	case "queue":
		return 3
	case "share_started":
		return 4
	case "share_ended":
		return 5
	case "joined":
		return 6
	case "state":
		return 7
	case "round":
		return 8
	case "phase":
		return 9
	}
	return len(countedTypes)
}
