package loadcircle

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// Plan is the data a load run needs: Rooms group sessions of RoomSize
// members each.
type Plan struct {
	Rooms, RoomSize int
	// Prefix starts every group's slug and every member's name, so two
	// plans can share a database (default "load").
	Prefix string
}

// Prepare writes a plan into the store as the server will find it: for each
// room a sharing-circle group with version 1 of its agreement and a group
// session that started five minutes ago; RoomSize members in it who agreed
// to the agreement and are signed in, the first of them its organizer.
//
// Groups and sessions go through the store's ordinary methods. Members go
// through AddLoadMembers, one transaction for all, with one password hash
// made once (no one ever signs in with it) and a fresh sign-in token each:
// the load generator connects with those tokens as cookies, so every
// socket is authenticated the way a browser's is.
func Prepare(ctx context.Context, store *sqlstore.Store, p Plan) ([]Room, error) {
	if p.Rooms < 1 || p.RoomSize < 2 {
		return nil, fmt.Errorf("loadcircle: a plan needs 1 room or more, of 2 members or more")
	}
	if p.Prefix == "" {
		p.Prefix = "load"
	}
	var secret [16]byte
	rand.Read(secret[:])
	hash, err := auth.HashPassword(hex.EncodeToString(secret[:]), auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	rooms := make([]Room, p.Rooms)
	var members []sqlstore.LoadMember
	for i := range p.Rooms {
		g, err := store.CreateGroup(ctx, loadGroup(p.Prefix, i), "")
		if err != nil {
			return nil, fmt.Errorf("group %d: %w", i, err)
		}
		v, err := store.Agreement(ctx, g.ID)
		if err != nil {
			return nil, fmt.Errorf("agreement of group %d: %w", i, err)
		}
		sid, err := store.CreateExtraSession(ctx, g.ID, now.Add(-5*time.Minute), now.Add(3*time.Hour), "Load test")
		if err != nil {
			return nil, fmt.Errorf("session of group %d: %w", i, err)
		}
		rooms[i].ID = sid
		for j := range p.RoomSize {
			token := auth.NewToken()
			role := holdspace.RoleMember
			if j == 0 {
				role = holdspace.RoleOrganizer
			}
			members = append(members, sqlstore.LoadMember{GroupID: g.ID, DisplayName: fmt.Sprintf("%s %d-%d", p.Prefix, i+1, j+1),
				Role: role, PasswordHash: hash, TokenHash: auth.HashToken(token), Agreement: v.Number})
			rooms[i].Members = append(rooms[i].Members, Member{Token: token})
		}
	}
	if _, err := store.AddLoadMembers(ctx, members, now.Add(24*time.Hour)); err != nil {
		return nil, err
	}
	return rooms, nil
}

func loadGroup(prefix string, i int) holdspace.Group {
	return holdspace.Group{
		Slug: fmt.Sprintf("%s-circle-%d", strings.ToLower(strings.ReplaceAll(prefix, " ", "-")), i+1),
		Name: fmt.Sprintf("Load circle %d", i+1), Description: "A circle the load generator made.",
		Category: "mental_health", Audience: "lived_experience", Format: "sharing_circle", Attendance: "online",
		Access: "closed", Cost: "free", Languages: []string{"en"}, Venue: holdspace.Venue{Type: "online"},
		Timezone: "UTC",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=MO", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-01-05"},
	}
}

// StartRooms opens each room's live circle the way a facilitator does:
// POST /api/v1/sessions/{id}/start with the organizer's cookie.
func StartRooms(ctx context.Context, base string, rooms []Room) error {
	if err := CheckLoopback(base); err != nil {
		return err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	var first atomic.Value
	for _, r := range rooms {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := startRoom(ctx, client, base, r); err != nil {
				first.CompareAndSwap(nil, err)
			}
		}()
	}
	wg.Wait()
	if err, _ := first.Load().(error); err != nil {
		return err
	}
	return nil
}

func startRoom(ctx context.Context, client *http.Client, base string, r Room) error {
	u := strings.TrimSuffix(base, "/") + "/api/v1/sessions/" + strconv.FormatInt(r.ID, 10) + "/start"
	req, err := http.NewRequestWithContext(ctx, "POST", u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", "hs_session="+r.Members[0].Token)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("start session %d: %w", r.ID, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("start session %d: HTTP %d", r.ID, resp.StatusCode)
	}
	return nil
}
