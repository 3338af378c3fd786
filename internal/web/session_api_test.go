package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"holdspace/internal/testserver"
)

// sessMemberID is the signed-in member's id.
func sessMemberID(t *testing.T, srv *testserver.Server, c *http.Client) int64 {
	t.Helper()
	r := call(t, c, "GET", srv.URL+"/api/v1/me", nil)
	id, ok := r.Body["id"].(float64)
	if !ok {
		t.Fatalf("me: %d %s", r.Status, r.Raw)
	}
	return int64(id)
}

// sessNew adds an extra session to a group as a facilitator and
// returns its id.
func sessNew(t *testing.T, srv *testserver.Server, fac *http.Client, slug string, start time.Time, topic string) int64 {
	t.Helper()
	r := call(t, fac, "POST", srv.URL+"/api/v1/groups/"+slug+"/sessions", map[string]string{"starts_at": start.Format(time.RFC3339), "topic": topic})
	if r.Status != 201 {
		t.Fatalf("add session: %d %s", r.Status, r.Raw)
	}
	return int64(r.Body["id"].(float64))
}

func sessAnswer(t *testing.T, srv *testserver.Server, c *http.Client, id int64, a string) apiResult {
	t.Helper()
	return call(t, c, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/rsvp", srv.URL, id), map[string]string{"answer": a})
}

func TestSessionsAPI(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + "/api/v1"
		anxiety := u + "/groups/tuesday-evening-anxiety-circle/sessions"
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		james := login(t, srv, "James", "demo-james-member")
		outsider := signup(t, srv, "Outside Olive")
		visitor := testserver.Client()

		// The next scheduled session, made on demand; asking again gives the
		// same one.
		r := call(t, maria, "POST", anxiety, nil)
		if r.Status != 201 || r.Body["id"] == nil {
			t.Fatalf("next session: %d %s", r.Status, r.Raw)
		}
		next := r.Body["id"]
		if r := call(t, maria, "POST", anxiety, nil); r.Body["id"] != next {
			t.Errorf("next session again: %s, want id %v", r.Raw, next)
		}
		if r := call(t, james, "POST", anxiety, nil); r.Status != 404 {
			t.Errorf("member adds a session: %d", r.Status)
		}
		// Members list them, in the group's zone; others learn nothing.
		r = call(t, james, "GET", anxiety, nil)
		list, _ := r.Body["sessions"].([]any)
		if r.Status != 200 || len(list) < 8 {
			t.Fatalf("list: %d %s", r.Status, r.Raw)
		}
		first := list[0].(map[string]any)
		start, err := time.Parse(time.RFC3339, first["starts_at"].(string))
		if err != nil || first["id"] != next || first["status"] != "scheduled" || first["my_rsvp"] != nil {
			t.Errorf("first session: %v (%v)", first, err)
		}
		london, _ := time.LoadLocation("Europe/London")
		if _, off := start.Zone(); start.In(london).Hour() != 19 || off != func() int { _, o := start.In(london).Zone(); return o }() {
			t.Errorf("first session starts %s, want 19:00 London time with its offset", first["starts_at"])
		}
		if r := call(t, outsider, "GET", anxiety, nil); r.Status != 404 {
			t.Errorf("outsider lists sessions: %d", r.Status)
		}
		if r := call(t, visitor, "GET", anxiety, nil); r.Status != 401 {
			t.Errorf("visitor lists sessions: %d", r.Status)
		}

		// An extra session and answers.
		extra := sessNew(t, srv, maria, "tuesday-evening-anxiety-circle", time.Now().Add(48*time.Hour).Truncate(time.Second), "Sleep")
		r = sessAnswer(t, srv, james, extra, "going")
		if r.Status != 200 || r.Body["my_rsvp"] != "going" || r.Body["going"] != 1.0 || r.Body["extra"] != true || r.Body["topic"] != "Sleep" {
			t.Errorf("RSVP: %d %s", r.Status, r.Raw)
		}
		if r := sessAnswer(t, srv, outsider, extra, "going"); r.Status != 404 {
			t.Errorf("outsider RSVP: %d %s", r.Status, r.Raw)
		}
		if r := sessAnswer(t, srv, james, extra, "perhaps"); r.Status != 422 || errField(r, "field") != "answer" {
			t.Errorf("bad answer: %d %s", r.Status, r.Raw)
		}
		if r := call(t, outsider, "GET", fmt.Sprintf("%s/sessions/%d", u, extra), nil); r.Status != 404 {
			t.Errorf("outsider reads a session: %d", r.Status)
		}
		if r := sessAnswer(t, srv, james, 999999, "going"); r.Status != 404 {
			t.Errorf("unknown session: %d", r.Status)
		}
		for _, bad := range []map[string]string{{"starts_at": "tomorrow"}, {"starts_at": time.Now().Add(-time.Hour).Format(time.RFC3339)}, {"starts_at": time.Now().Add(time.Hour).Format(time.RFC3339), "topic": strings.Repeat("t", 201)}} {
			if r := call(t, maria, "POST", anxiety, bad); r.Status != 422 || errField(r, "field") == "" {
				t.Errorf("add %v: %d %s", bad, r.Status, r.Raw)
			}
		}

		// Facilitators change and cancel; members cannot.
		sess := fmt.Sprintf("%s/sessions/%d", u, extra)
		if r := call(t, james, "PATCH", sess, map[string]string{"topic": "Mine"}); r.Status != 404 {
			t.Errorf("member edits a session: %d", r.Status)
		}
		r = call(t, maria, "PATCH", sess, map[string]string{"topic": "Sleep and worry", "status": "cancelled"})
		if r.Status != 200 || r.Body["status"] != "cancelled" || r.Body["topic"] != "Sleep and worry" {
			t.Errorf("cancel: %d %s", r.Status, r.Raw)
		}
		if r := sessAnswer(t, srv, james, extra, "going"); r.Status != 422 {
			t.Errorf("going to a cancelled session: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "PATCH", sess, map[string]string{"status": "scheduled"}); r.Status != 200 || r.Body["status"] != "scheduled" {
			t.Errorf("undo cancel: %d %s", r.Status, r.Raw)
		}

		// A size limit and its waitlist.
		if r := call(t, james, "PUT", u+"/groups/tuesday-evening-anxiety-circle/capacity", map[string]int{"capacity": 1}); r.Status != 404 {
			t.Errorf("member sets capacity: %d", r.Status)
		}
		if r := call(t, maria, "PUT", u+"/groups/tuesday-evening-anxiety-circle/capacity", map[string]int{"capacity": 1}); r.Status != 200 {
			t.Fatalf("capacity: %d %s", r.Status, r.Raw)
		}
		newcomer := signup(t, srv, "New Nell")
		if r := call(t, newcomer, "POST", u+"/groups/tuesday-evening-anxiety-circle/join", nil); r.Status != 200 {
			t.Fatalf("join: %d %s", r.Status, r.Raw)
		}
		full := sessNew(t, srv, maria, "tuesday-evening-anxiety-circle", time.Now().Add(72*time.Hour).Truncate(time.Second), "")
		if r := sessAnswer(t, srv, newcomer, full, "going"); r.Body["my_rsvp"] != "going" {
			t.Errorf("first going: %s", r.Raw)
		}
		if r := sessAnswer(t, srv, james, full, "going"); r.Body["my_rsvp"] != "waitlist" || r.Body["waitlist_position"] != 1.0 {
			t.Errorf("going to a full session: %s", r.Raw)
		}
		sessAnswer(t, srv, newcomer, full, "not_going")
		if r := call(t, james, "GET", fmt.Sprintf("%s/sessions/%d", u, full), nil); r.Body["my_rsvp"] != "going" || r.Body["waitlist_position"] != nil {
			t.Errorf("after a place opened: %s", r.Raw)
		}

		// Attendance: facilitators, from an hour before.
		jamesID := sessMemberID(t, srv, james)
		if r := call(t, maria, "POST", fmt.Sprintf("%s/sessions/%d/attendance", u, full), map[string]any{"member_id": jamesID, "present": true}); r.Status != 422 {
			t.Errorf("marking three days early: %d %s", r.Status, r.Raw)
		}
		soon := sessNew(t, srv, maria, "tuesday-evening-anxiety-circle", time.Now().Add(30*time.Minute).Truncate(time.Second), "")
		r = call(t, maria, "POST", fmt.Sprintf("%s/sessions/%d/attendance", u, soon), map[string]any{"member_id": jamesID, "present": true})
		if r.Status != 200 || !strings.Contains(r.Raw, `"display_name":"Jay"`) || strings.Contains(r.Raw, "James") {
			t.Errorf("attendance: %d %s", r.Status, r.Raw)
		}
		if r := call(t, james, "POST", fmt.Sprintf("%s/sessions/%d/attendance", u, soon), map[string]any{"member_id": jamesID, "present": true}); r.Status != 404 {
			t.Errorf("member marks attendance: %d", r.Status)
		}
		if r := call(t, maria, "POST", fmt.Sprintf("%s/sessions/%d/attendance", u, soon), map[string]any{"member_id": sessMemberID(t, srv, outsider), "present": true}); r.Status != 422 {
			t.Errorf("marking an outsider: %d %s", r.Status, r.Raw)
		}

		// The rota: trained members take turns, from the first listing on.
		mariaID := sessMemberID(t, srv, maria)
		for _, id := range []int64{mariaID, jamesID} {
			if r := call(t, maria, "PATCH", fmt.Sprintf("%s/groups/grupo-de-apoyo-ansiedad/members/%d", u, id), map[string]bool{"trained": true}); r.Status != 200 {
				t.Fatalf("mark trained: %d %s", r.Status, r.Raw)
			}
		}
		r = call(t, james, "GET", u+"/groups/grupo-de-apoyo-ansiedad/sessions", nil)
		list, _ = r.Body["sessions"].([]any)
		if len(list) < 4 {
			t.Fatalf("grupo sessions: %s", r.Raw)
		}
		var rota []string
		for _, s := range list[:4] {
			name, _ := s.(map[string]any)["facilitator"].(string)
			rota = append(rota, name)
		}
		if rota[0] == rota[1] || rota[0] != rota[2] || rota[1] != rota[3] || (rota[0] != "Maria" && rota[0] != "Jay") {
			t.Errorf("rota %v, want Maria and Jay in turn", rota)
		}
		second := int64(list[1].(map[string]any)["id"].(float64))
		r = call(t, maria, "PATCH", fmt.Sprintf("%s/sessions/%d", u, second), map[string]int64{"facilitator_id": mariaID})
		if r.Status != 200 || r.Body["facilitator"] != "Maria" {
			t.Errorf("change facilitator: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "PATCH", fmt.Sprintf("%s/sessions/%d", u, second), map[string]int64{"facilitator_id": sessMemberID(t, srv, newcomer)}); r.Status != 422 {
			t.Errorf("facilitator outside the group: %d %s", r.Status, r.Raw)
		}

		// Reminder choices.
		if r := call(t, james, "PATCH", u+"/me/reminders", map[string]any{"timezone": "Mars/Olympus"}); r.Status != 422 || errField(r, "field") != "timezone" {
			t.Errorf("bad zone: %d %s", r.Status, r.Raw)
		}
		r = call(t, james, "PATCH", u+"/me/reminders", map[string]any{"remind_24h": false, "remind_1h": true, "timezone": "America/New_York"})
		if r.Status != 200 || r.Body["remind_24h"] != false || r.Body["remind_1h"] != true || r.Body["timezone"] != "America/New_York" || r.Body["email_enabled"] != false {
			t.Errorf("reminders: %d %s", r.Status, r.Raw)
		}
		if r := call(t, visitor, "PATCH", u+"/me/reminders", map[string]any{"remind_1h": true}); r.Status != 401 {
			t.Errorf("visitor reminders: %d", r.Status)
		}

		// The personal calendar: every group's sessions, for whoever has
		// the link, until it is replaced.
		r = call(t, james, "GET", u+"/me/calendar", nil)
		feed, _ := r.Body["url"].(string)
		if r.Status != 200 || !strings.HasPrefix(feed, srv.URL+"/calendar/") || !strings.HasSuffix(feed, ".ics") {
			t.Fatalf("calendar: %d %s", r.Status, r.Raw)
		}
		if again := call(t, james, "GET", u+"/me/calendar", nil); again.Body["url"] != feed {
			t.Errorf("calendar link changed: %s", again.Raw)
		}
		resp, err := visitor.Get(feed)
		if err != nil {
			t.Fatal(err)
		}
		body := sessReadAll(t, resp)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		unfolded := strings.ReplaceAll(body, "\r\n ", "")
		for _, want := range []string{"BEGIN:VCALENDAR", "SUMMARY:Tuesday Evening Anxiety Circle: Sleep and worry", "SUMMARY:Grupo de apoyo: ansiedad",
			fmt.Sprintf("UID:session-%d@holdspace", extra), "TZID=Europe/London", "TZID=America/Mexico_City", "You said you are going."} {
			if !strings.Contains(unfolded, want) {
				t.Errorf("feed lacks %q", want)
			}
		}
		if strings.Contains(unfolded, "after-loss") || strings.Contains(unfolded, "New Dawn") {
			t.Error("feed has a group James is not in")
		}
		r = call(t, james, "POST", u+"/me/calendar/reset", nil)
		fresh, _ := r.Body["url"].(string)
		if r.Status != 200 || fresh == feed || fresh == "" {
			t.Fatalf("reset: %d %s", r.Status, r.Raw)
		}
		if resp, _ := visitor.Get(feed); resp.StatusCode != 404 {
			t.Errorf("old feed after reset: %d", resp.StatusCode)
		} else {
			resp.Body.Close()
		}
		if resp, _ := visitor.Get(fresh); resp.StatusCode != 200 {
			t.Errorf("new feed: %d", resp.StatusCode)
		} else {
			resp.Body.Close()
		}
		if resp, _ := visitor.Get(srv.URL + "/calendar/nonsense.ics"); resp.StatusCode != 404 {
			t.Errorf("unknown feed: %d", resp.StatusCode)
		} else {
			resp.Body.Close()
		}
		if r := call(t, visitor, "GET", u+"/me/calendar", nil); r.Status != 401 {
			t.Errorf("visitor calendar: %d", r.Status)
		}
	}, "--demo", "--signup-limit", "1000")
}

func sessReadAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

func TestSessionPages(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		james := login(t, srv, "James", "demo-james-member")
		for _, c := range []*http.Client{maria, james} {
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		}
		outsider := signup(t, srv, "Outside Olive")
		list := "/groups/tuesday-evening-anxiety-circle/sessions"

		// Members see the list with answer buttons and the rota; outsiders a 404.
		page := get(t, james, srv.URL+list)
		for _, want := range []string{"<h1 class=\"app-heading-l\">Group sessions of Tuesday Evening Anxiety Circle</h1>", "I'm going", "Facilitation rota"} {
			if !strings.Contains(page, want) {
				t.Errorf("list page lacks %q", want)
			}
		}
		if strings.Contains(page, "Add a group session") {
			t.Error("a member sees the add form")
		}
		if resp, _ := outsider.Get(srv.URL + list); resp.StatusCode != 404 {
			t.Errorf("outsider sees the list: %d", resp.StatusCode)
		}
		// A facilitator adds one with the form, in the group's time.
		day := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
		resp := formPost(t, maria, srv.URL, list, list, url.Values{"date": {day}, "time": {"18:15"}, "topic": {"Boundaries"}})
		resp.Body.Close()
		where := resp.Header.Get("Location")
		if resp.StatusCode != 303 || !strings.HasPrefix(where, list+"/") {
			t.Fatalf("add with the form: %d %s", resp.StatusCode, where)
		}
		sessionPage := strings.TrimSuffix(where, "?done=added")
		if p := get(t, maria, srv.URL+where); !strings.Contains(p, "The group session has been added") || !strings.Contains(p, "18:15") || !strings.Contains(p, "Boundaries") {
			t.Errorf("new session page lacks the notice, time or topic")
		}
		resp = formPost(t, maria, srv.URL, list, list, url.Values{"date": {"next tuesday"}, "time": {"7pm"}})
		body := sessReadAll(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(body, "There is a problem") || !strings.Contains(body, "Enter the date as year-month-day") || !strings.Contains(body, `value="next tuesday"`) {
			t.Errorf("bad date: %d", resp.StatusCode)
		}
		// A member answers with the buttons.
		resp = formPost(t, james, srv.URL, sessionPage, sessionPage+"/rsvp", url.Values{"answer": {"maybe"}})
		resp.Body.Close()
		if resp.StatusCode != 303 {
			t.Fatalf("RSVP form: %d", resp.StatusCode)
		}
		if p := get(t, james, srv.URL+resp.Header.Get("Location")); !strings.Contains(p, "You said you might come") {
			t.Error("no notice after answering")
		}
		// Facilitators cancel with a reason; the group's page says so too.
		resp = formPost(t, maria, srv.URL, sessionPage, sessionPage, url.Values{"action": {"cancel"}, "reason": {"Room closed"}})
		resp.Body.Close()
		if p := get(t, james, srv.URL+sessionPage); !strings.Contains(p, "This group session is cancelled") {
			t.Errorf("cancelled session page: %d", resp.StatusCode)
		}
		if resp := formPost(t, james, srv.URL, sessionPage, sessionPage, url.Values{"action": {"restore"}}); resp.StatusCode != 404 {
			t.Errorf("member restores: %d", resp.StatusCode)
		}
		// Without email set up, the reminders page says why reminders are
		// off, and still gives the calendar link.
		p := get(t, james, srv.URL+"/settings/reminders")
		for _, want := range []string{"Reminders are off because this site has not set up email. Your calendar feed still works.", srv.URL + "/calendar/", "Make a new link"} {
			if !strings.Contains(p, want) {
				t.Errorf("reminders page lacks %q", want)
			}
		}
		if !strings.Contains(get(t, james, srv.URL+"/settings"), `href="/settings/reminders"`) {
			t.Error("the account page does not link to reminders")
		}
		resp = formPost(t, james, srv.URL, "/settings/reminders", "/settings/reminders", url.Values{"remind_1h": {"yes"}, "timezone": {"Nowhere/Special"}})
		body = sessReadAll(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(body, "Enter a time zone like Europe/London") {
			t.Errorf("bad zone in the form: %d", resp.StatusCode)
		}
		resp = formPost(t, james, srv.URL, "/settings/reminders", "/settings/reminders", url.Values{"remind_1h": {"yes"}, "timezone": {"Asia/Tokyo"}})
		resp.Body.Close()
		r := call(t, james, "GET", srv.URL+"/api/v1/me/reminders", nil)
		if resp.StatusCode != 303 || r.Body["remind_24h"] != false || r.Body["remind_1h"] != true || r.Body["timezone"] != "Asia/Tokyo" {
			t.Errorf("reminders form: %d %s", resp.StatusCode, r.Raw)
		}
		if p := get(t, james, srv.URL+list); !strings.Contains(p, "Your time: ") || !strings.Contains(p, "JST") {
			t.Error("the list does not show the member's own time")
		}
	}, "--demo", "--signup-limit", "1000")
}
