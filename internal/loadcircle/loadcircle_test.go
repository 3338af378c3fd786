package loadcircle_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"holdspace/internal/barehub"
	"holdspace/internal/loadcircle"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.3.2.1:8080/", true},
		{"http://localhost:8080", true},
		{"http://[::1]:8080", true},
		{"ws://127.0.0.1:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.168.1.5", false},
		{"http://0.0.0.0:8080", false},
		{"http://example.com", false},
		{"http://127.0.0.1.example.com", false},
		{"https://127.0.0.1", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
	}
	for _, tt := range tests {
		err := loadcircle.CheckLoopback(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}

// Nothing the harness offers sends a byte to a target that is not on the
// loopback interface.
func TestRefusesOtherMachines(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"http://10.1.2.3:8080", "http://example.com"} {
		if _, err := loadcircle.NewFleet(loadcircle.Target{URL: u}, loadcircle.Options{}); err == nil {
			t.Errorf("NewFleet(%s): no error", u)
		}
		if _, err := loadcircle.NewFleet(loadcircle.Target{Kind: loadcircle.Bare, URL: u}, loadcircle.Options{}); err == nil {
			t.Errorf("NewFleet(bare, %s): no error", u)
		}
		if err := loadcircle.StartRooms(ctx, u, []loadcircle.Room{{ID: 1, Members: []loadcircle.Member{{Token: "x"}}}}); err == nil {
			t.Errorf("StartRooms(%s): no error", u)
		}
		if _, err := loadcircle.Metrics(ctx, u, "go_goroutines"); err == nil {
			t.Errorf("Metrics(%s): no error", u)
		}
	}
}

// The live circle, end to end on the real server: a few members in two
// circles share, chat and react for a few seconds; then some drop and
// resume.
func TestHoldspace(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		srv := testserver.Start(t)
		testHoldspace(t, srv, filepath.Join(srv.DataDir, "holdspace.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := sqlstoretest.PostgresDSN(t)
		testHoldspace(t, testserver.Start(t, "--db", dsn), dsn)
	})
}

func testHoldspace(t *testing.T, srv *testserver.Server, dsn string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store := sqlstoretest.Open(t, dsn, nil)
	rooms, err := loadcircle.Prepare(ctx, store, loadcircle.Plan{Rooms: 2, RoomSize: 6})
	if err != nil {
		t.Fatal(err)
	}
	if err := loadcircle.StartRooms(ctx, srv.URL, rooms); err != nil {
		t.Fatal(err)
	}
	fleet, err := loadcircle.NewFleet(loadcircle.Target{Kind: loadcircle.Holdspace, URL: srv.URL}, loadcircle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	cs, err := fleet.Connect(ctx, rooms)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Failed != 0 || fleet.Connected() != 12 {
		t.Fatalf("connected %d (failed %d: %s), want 12", fleet.Connected(), cs.Failed, cs.FirstError)
	}
	if err := fleet.Open(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := fleet.Drive(ctx, loadcircle.TrafficConfig{Rate: 400, Warmup: time.Second, Duration: 3 * time.Second,
		ShareFor: 500 * time.Millisecond, GapFor: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	checkTraffic(t, st)
	if st.ByType["share_started"] == 0 || st.ByType["chat_held"] == 0 || st.Released == 0 {
		t.Errorf("no turns or held chat: shares %d, held %d, released %d", st.ByType["share_started"], st.ByType["chat_held"], st.Released)
	}

	storm, err := fleet.Storm(ctx, loadcircle.StormConfig{Members: 6, Events: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !storm.Pass() || storm.Dropped != 6 || storm.Exact != 6 {
		t.Errorf("storm: %+v", storm)
	}
	if i := fleet.Check(); i.Gaps != 0 || i.Duplicates != 0 || i.Snapshots != 0 || i.Drops != 0 {
		t.Errorf("after the storm: %+v", i)
	}
}

// The baseline, with the same clients.
func TestBare(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: barehub.New().Handler()}
	go hs.Serve(ln)
	defer hs.Close()
	url := "http://" + ln.Addr().String()

	rooms := []loadcircle.Room{{ID: 1, Members: make([]loadcircle.Member, 6)}, {ID: 2, Members: make([]loadcircle.Member, 6)}}
	fleet, err := loadcircle.NewFleet(loadcircle.Target{Kind: loadcircle.Bare, URL: url}, loadcircle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	cs, err := fleet.Connect(ctx, rooms)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Failed != 0 || fleet.Connected() != 12 {
		t.Fatalf("connected %d (failed %d: %s), want 12", fleet.Connected(), cs.Failed, cs.FirstError)
	}
	st, err := fleet.Drive(ctx, loadcircle.TrafficConfig{Rate: 400, Warmup: time.Second, Duration: 2 * time.Second,
		ShareFor: 500 * time.Millisecond, GapFor: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	checkTraffic(t, st)
	if _, err := fleet.Storm(ctx, loadcircle.StormConfig{Members: 2}); err == nil {
		t.Error("a storm on the bare hub, which cannot resume: no error")
	}
}

func checkTraffic(t *testing.T, st loadcircle.TrafficStats) {
	t.Helper()
	if st.Delivered == 0 || st.Latency.Count() == 0 || st.Actions == 0 {
		t.Fatalf("nothing measured: %d delivered, %d timed, %d sent", st.Delivered, st.Latency.Count(), st.Actions)
	}
	// Two seconds at 400 a second on a test machine: a loose bound.
	if r := st.Rate(); r < 100 || r > 1200 {
		t.Errorf("rate %.0f/s, want about 400", r)
	}
	i := st.Integrity
	if i.Gaps != 0 || i.Duplicates != 0 || i.Snapshots != 0 || i.Drops != 0 || i.BadFrames != 0 || len(i.Errors) != 0 {
		t.Errorf("integrity: %+v", i)
	}
	if st.SendErrors != 0 {
		t.Errorf("%d send errors", st.SendErrors)
	}
}
