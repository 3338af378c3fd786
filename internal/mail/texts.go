package mail

import (
	"fmt"
	"strings"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// The words of each email. They name only the group and the reader's own
// name in it: never another member, their address, a private home's street
// address or an online room's link (email is forwarded and read on shared
// screens; those stay on the site, behind sign-in).

// zone loads an IANA zone, falling back to UTC for a name that is not one.
func zone(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// WhenLines says when a session is, in the member's own zone and, when it
// differs, the group's: "Tuesday 9 June 2026, 14:50 to 16:20 EDT (your
// time, America/New_York)". memberZone "" means the group's.
func WhenLines(start, end time.Time, memberZone, groupZone string) []string {
	line := func(loc *time.Location, name, whose string) string {
		s, e := start.In(loc), end.In(loc)
		out := s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("15:04 MST")
		if e.YearDay() != s.YearDay() {
			out = s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("Monday 2 January, 15:04 MST")
		}
		return out + " (" + whose + name + ")"
	}
	if memberZone == "" || memberZone == groupZone {
		return []string{line(zone(groupZone), groupZone, "")}
	}
	return []string{
		line(zone(memberZone), memberZone, "your time, "),
		line(zone(groupZone), groupZone, "the group's time, "),
	}
}

// where says where a group meets in words anyone may read.
func where(g holdspace.Group) string {
	pub := directory.Public(g, directory.Viewer{})
	if pub.Attendance == "online" || pub.Venue.Type == "online" {
		return "Online (the link is on the group's page)"
	}
	var parts []string
	for _, p := range []string{pub.Venue.Address, pub.Venue.City} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	out := strings.Join(parts, ", ")
	if pub.Attendance == "hybrid" {
		out += ", or online (the link is on the group's page)"
	}
	return out
}

func sessionsURL(base string, g holdspace.Group) string {
	return strings.TrimSuffix(base, "/") + "/groups/" + g.Slug + "/sessions"
}

// ReminderMail is the reminder of a group session.
func ReminderMail(r sqlstore.Reminder, base string) holdspace.Mail {
	memberZone := r.MemberTimezone
	if memberZone == "" {
		memberZone = r.Group.Timezone
	}
	start := r.Session.StartsAt.In(zone(memberZone))
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n", r.DisplayName)
	if r.Kind == sqlstore.Remind1h {
		fmt.Fprintf(&b, "The next group session of %s starts in about an hour.\n\n", r.Group.Name)
	} else {
		fmt.Fprintf(&b, "This is a reminder of the next group session of %s.\n\n", r.Group.Name)
	}
	for i, l := range WhenLines(r.Session.StartsAt, r.Session.EndsAt, r.MemberTimezone, r.Group.Timezone) {
		if i == 0 {
			fmt.Fprintf(&b, "When:  %s\n", l)
		} else {
			fmt.Fprintf(&b, "       %s\n", l)
		}
	}
	if w := where(r.Group); w != "" {
		fmt.Fprintf(&b, "Where: %s\n", w)
	}
	if r.Session.Topic != "" {
		fmt.Fprintf(&b, "Topic: %s\n", r.Session.Topic)
	}
	switch r.Answer {
	case sqlstore.RSVPGoing:
		b.WriteString("\nYou said you are going.")
	case sqlstore.RSVPMaybe:
		b.WriteString("\nYou said you might come.")
	default:
		b.WriteString("\nYou have not said yet whether you are coming.")
	}
	fmt.Fprintf(&b, " To change your answer, or to see the group session, go to:\n%s\n", sessionsURL(base, r.Group))
	b.WriteString("\nYou are welcome to come as you are, and to just listen.\n")
	return holdspace.Mail{
		Kind:    "reminder_" + r.Kind,
		Subject: fmt.Sprintf("Reminder: %s, %s", r.Group.Name, start.Format("Monday 2 January at 15:04")),
		Body:    b.String(),
	}
}

// WaitlistPromoted returns the builder of the email that tells a member a
// place opened up for them.
func WaitlistPromoted(base string) func(sqlstore.Promotion) holdspace.Mail {
	return func(p sqlstore.Promotion) holdspace.Mail {
		var b strings.Builder
		fmt.Fprintf(&b, "Hello %s,\n\nGood news: a place has opened up at the group session of %s, and it is yours. ", p.DisplayName, p.Group.Name)
		b.WriteString("You were on the waitlist, so your answer is now \"going\".\n\n")
		for i, l := range WhenLines(p.Session.StartsAt, p.Session.EndsAt, p.MemberTimezone, p.Group.Timezone) {
			if i == 0 {
				fmt.Fprintf(&b, "When:  %s\n", l)
			} else {
				fmt.Fprintf(&b, "       %s\n", l)
			}
		}
		if p.Session.Topic != "" {
			fmt.Fprintf(&b, "Topic: %s\n", p.Session.Topic)
		}
		fmt.Fprintf(&b, "\nIf you can no longer come, say so here and the next person will get the place:\n%s\n", sessionsURL(base, p.Group))
		return holdspace.Mail{Kind: "waitlist_promoted", Subject: "A place has opened up for you: " + p.Group.Name, Body: b.String()}
	}
}

// NewcomerCheckin returns the builder of the gentle check-in a newcomer
// gets after their third group session.
func NewcomerCheckin(base string) func(sqlstore.Checkin) holdspace.Mail {
	return func(c sqlstore.Checkin) holdspace.Mail {
		base := strings.TrimSuffix(base, "/")
		var b strings.Builder
		fmt.Fprintf(&b, "Hello %s,\n\nYou have now been to three group sessions of %s. ", c.DisplayName, c.Group.Name)
		b.WriteString("Many people find it takes three or four sessions to feel at home in a group, so thank you for giving it a go.\n\n")
		b.WriteString("How is it going for you? If something is not working, you can talk to a facilitator before or after a group session, ")
		fmt.Fprintf(&b, "or ask for a welcome buddy on the group's page:\n%s/groups/%s/members\n\n", base, c.Group.Slug)
		fmt.Fprintf(&b, "And if this group turns out not to be the right fit, that is all right too. Other groups are here:\n%s/groups\n", base)
		return holdspace.Mail{Kind: "newcomer_checkin", Subject: "How are you finding " + c.Group.Name + "?", Body: b.String()}
	}
}

// footer ends every message with what the reader can do about email.
func footer(base, unsubscribeURL string) string {
	return "\n-- \nHoldspace\nChange your reminders: " + strings.TrimSuffix(base, "/") + "/settings/reminders\n" +
		"Stop all email from Holdspace: " + unsubscribeURL + "\n"
}
