// Package synth makes realistic synthetic peer support groups for load
// tests, benchmarks and demos: names and descriptions from word lists per
// category, every kind of schedule Holdspace supports, time zones and
// languages that match real places, and positions scattered around about
// 400 real cities. The same seed always gives the same groups, and group i
// does not depend on any other, so a million can be made in parallel or
// resumed part way.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
)

// Generator makes synthetic groups from a seed.
type Generator struct {
	seed uint64
	cum  []int // cumulative city weights
}

// New returns a generator for seed.
func New(seed uint64) *Generator {
	g := &Generator{seed: seed}
	total := 0
	for _, c := range cities {
		total += c.Weight
		g.cum = append(g.cum, total)
	}
	return g
}

// Cities lists the places groups are scattered around.
func Cities() []City { return append([]City(nil), cities...) }

// ScatterKM is how far from its city's centre a group may be.
const ScatterKM = 30

// weighted picks an index with probability proportional to its weight.
func weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

var (
	categoryWeights = []int{30, 25, 12, 13, 12, 8} // in holdspace.Categories order
	dayWeights      = []int{10, 16, 16, 16, 16, 16, 10}
	dayCodes        = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
	startsOnFrom    = time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC)
	startsOnDays    = int(time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC).Sub(startsOnFrom).Hours() / 24)
)

// Group returns synthetic group number i (from 0). Its slug ends in i+1, so
// the slugs of one generator never repeat. Every field is set as
// directory.Apply would leave it, DaysMask included; ID and times are not.
func (g *Generator) Group(i int) holdspace.Group {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)*0x9E3779B97F4A7C15+0x2545F4914F6CDD1D))
	city := cities[sort.SearchInts(g.cum, r.IntN(g.cum[len(g.cum)-1])+1)]
	var grp holdspace.Group
	grp.Category = holdspace.Categories[weighted(r, categoryWeights...)].Value
	switch grp.Category {
	case "addiction_recovery":
		grp.Format = []string{"twelve_step", "sharing_circle", "open_discussion", "psychoeducational"}[weighted(r, 50, 25, 20, 5)]
		grp.Audience = []string{"lived_experience", "family_supporters", "both"}[weighted(r, 60, 20, 20)]
	case "parenting_caregivers":
		grp.Format = []string{"sharing_circle", "open_discussion", "psychoeducational", "twelve_step"}[weighted(r, 35, 40, 23, 2)]
		grp.Audience = []string{"lived_experience", "family_supporters", "both"}[weighted(r, 15, 50, 35)]
	default:
		grp.Format = []string{"sharing_circle", "open_discussion", "psychoeducational", "twelve_step"}[weighted(r, 42, 30, 24, 4)]
		grp.Audience = []string{"lived_experience", "family_supporters", "both"}[weighted(r, 60, 15, 25)]
	}
	grp.Attendance = []string{"in_person", "online", "hybrid"}[weighted(r, 55, 25, 20)]
	grp.Access = []string{"open", "closed"}[weighted(r, 82, 18)]
	grp.Cost = []string{"free", "donation", "fee"}[weighted(r, 70, 23, 7)]
	grp.Timezone = city.Zone
	grp.Languages = languages(r, city)

	online := grp.Attendance == "online"
	physical := !online
	chance := func(pct int) bool { return r.IntN(100) < pct }
	for _, a := range []struct {
		value         string
		inPerson, web int
	}{{"captions", 5, 35}, {"sign_language", 4, 6}, {"wheelchair", 45, 0}, {"phone_dial_in", 0, 20}, {"large_print", 12, 3}} {
		p := a.web
		if physical {
			p = max(p, a.inPerson)
			if grp.Attendance == "in_person" {
				p = a.inPerson
			}
		}
		if chance(p) {
			grp.Accessibility = append(grp.Accessibility, a.value)
		}
	}

	sched, day, kind := schedule(r)
	grp.Schedule = sched
	grp.DaysMask = kind.mask

	t := pick(r, topics[grp.Category])
	noun := pick(r, nouns[grp.Format])
	place := city.Name
	if chance(35) {
		place = pick(r, quarters) + " " + city.Name
	}
	if online {
		place = "Online"
	}
	switch n := r.IntN(100); {
	case n < 30:
		grp.Name = pick(r, images) + " " + t.name + " " + noun
	case n < 58:
		grp.Name = place + " " + t.name + " " + noun
	case n < 78 && day >= 0:
		grp.Name = dayNames[day] + " " + partOfDay(grp.Schedule.StartTime) + " " + t.name + " " + noun
	case n < 88:
		grp.Name = pick(r, images) + ": " + t.name + " " + noun
	default:
		grp.Name = t.name + " " + noun + " " + place
	}
	base := directory.Slug(grp.Name)
	if len(base) > 50 {
		base = strings.TrimRight(base[:50], "-")
	}
	grp.Slug = base + "-" + strconv.Itoa(i+1)

	grp.Venue = holdspace.Venue{City: city.Name, Country: city.Country}
	if online {
		grp.Venue.Type = "online"
	} else {
		grp.Venue.Type = []string{"community_center", "place_of_worship", "clinic", "private_home"}[weighted(r, 45, 20, 15, 10)]
		street := fmt.Sprintf("%d %s %s", 1+r.IntN(240), pick(r, streets), pick(r, streetKinds))
		if name := pick(r, venueNames[grp.Venue.Type]); name != "" {
			street = place + " " + name + ", " + street
		}
		grp.Venue.Address = street
		lat, lng := scatter(r, city)
		grp.Venue.Lat, grp.Venue.Lng = &lat, &lng
	}
	if grp.Attendance != "in_person" {
		grp.OnlineURL = "https://meet.example.org/" + grp.Slug
	}
	grp.Description = description(r, grp, t, kind, day)
	return grp
}

// scatter places a group within ScatterKM of the city's centre, more often
// near the centre than at the edge.
func scatter(r *rand.Rand, c City) (lat, lng float64) {
	d := ScatterKM * math.Pow(r.Float64(), 0.75)
	theta := 2 * math.Pi * r.Float64()
	lat = c.Lat + d*math.Cos(theta)/111.195
	lat = math.Max(-89.9, math.Min(89.9, lat))
	lng = c.Lng + d*math.Sin(theta)/(111.195*math.Cos(lat*math.Pi/180))
	for lng > 180 {
		lng -= 360
	}
	for lng < -180 {
		lng += 360
	}
	return math.Round(lat*1e5) / 1e5, math.Round(lng*1e5) / 1e5
}

func languages(r *rand.Rand, c City) []string {
	base := c.Langs
	if base == nil {
		base = countryLanguages[c.Country]
	}
	if len(base) == 0 {
		base = []string{"en"}
	}
	first := base[0]
	if len(base) > 1 && r.IntN(100) < 25 {
		first = base[1+r.IntN(len(base)-1)]
	}
	out := []string{first}
	if r.IntN(100) < 12 {
		second := "en"
		if len(base) > 1 {
			second = pick(r, base)
		}
		if second != first {
			out = append(out, second)
		}
	}
	return out
}

// scheduleKind is the shape of a synthetic schedule.
type scheduleKind struct {
	name string // weekly, weekly2, fortnightly, nth, last, monthday
	mask int
}

// schedule makes a schedule of one of the kinds Holdspace supports and
// returns it with its main weekday (-1 for a day-of-month rule).
func schedule(r *rand.Rand) (holdspace.ScheduleSpec, int, scheduleKind) {
	day := weighted(r, dayWeights...)
	var rule string
	kind := scheduleKind{mask: 1 << day}
	switch weighted(r, 50, 8, 12, 15, 7, 8) {
	case 0:
		kind.name, rule = "weekly", "FREQ=WEEKLY;BYDAY="+dayCodes[day]
	case 1:
		other := (day + 2 + r.IntN(3)) % 7
		a, b := min(day, other), max(day, other)
		kind.name, rule = "weekly2", "FREQ=WEEKLY;BYDAY="+dayCodes[a]+","+dayCodes[b]
		kind.mask = 1<<a | 1<<b
	case 2:
		kind.name, rule = "fortnightly", "FREQ=WEEKLY;INTERVAL=2;BYDAY="+dayCodes[day]
	case 3:
		n := 1 + r.IntN(4)
		kind.name, rule = "nth", "FREQ=MONTHLY;BYDAY="+strconv.Itoa(n)+dayCodes[day]
		if n <= 2 && r.IntN(3) == 0 {
			rule += "," + strconv.Itoa(n+2) + dayCodes[day]
		}
	case 4:
		kind.name, rule = "last", "FREQ=MONTHLY;BYDAY=-1"+dayCodes[day]
	default:
		md := 1 + r.IntN(28)
		if r.IntN(20) == 0 {
			md = 29 + r.IntN(3)
		}
		kind.name, rule, kind.mask, day = "monthday", "FREQ=MONTHLY;BYMONTHDAY="+strconv.Itoa(md), 127, -1
	}
	hour := []int{7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}[weighted(r, 2, 3, 5, 6, 6, 5, 3, 3, 3, 4, 8, 16, 18, 12, 6)]
	minute := []int{0, 30, 15, 45}[weighted(r, 60, 30, 5, 5)]
	starts := startsOnFrom.AddDate(0, 0, r.IntN(startsOnDays))
	return holdspace.ScheduleSpec{
		RRule:           rule,
		StartTime:       fmt.Sprintf("%02d:%02d", hour, minute),
		DurationMinutes: []int{60, 90, 120, 75}[weighted(r, 35, 40, 15, 10)],
		StartsOn:        starts.Format("2006-01-02"),
	}, day, kind
}

func partOfDay(start string) string {
	h, _ := strconv.Atoi(start[:2])
	switch {
	case h < 12:
		return "Morning"
	case h < 17:
		return "Afternoon"
	}
	return "Evening"
}

func description(r *rand.Rand, g holdspace.Group, t topic, kind scheduleKind, day int) string {
	var b strings.Builder
	format := strings.ToLower(holdspace.Label(holdspace.Formats, g.Format))
	if g.Format == "twelve_step" {
		format = "12-step group"
	} else if !strings.Contains(format, "circle") && !strings.Contains(format, "group") {
		format += " group"
	}
	article := "a"
	if strings.ContainsAny(format[:1], "aeiou") {
		article = "an"
	}
	opener := pick(r, openers)
	if opener[0] == '%' {
		article = strings.ToUpper(article[:1]) + article[1:]
	}
	fmt.Fprintf(&b, opener, article, format, t.phrase, audiencePhrases[g.Audience])
	b.WriteString(" ")
	b.WriteString(when(kind, day, g.Schedule.StartTime))
	first := r.IntN(len(middles))
	second := (first + 1 + r.IntN(len(middles)-1)) % len(middles)
	b.WriteString(" " + middles[first] + " " + middles[second])
	if g.Attendance != "online" {
		b.WriteString(" " + pick(r, inPersonNotes))
	}
	if g.Attendance != "in_person" {
		b.WriteString(" " + pick(r, onlineNotes))
	}
	for _, a := range g.Accessibility {
		switch a {
		case "wheelchair":
			b.WriteString(" The room has step-free access and an accessible toilet.")
		case "captions":
			b.WriteString(" Live captions are on in every session.")
		case "sign_language":
			b.WriteString(" A sign language interpreter joins us.")
		case "large_print":
			b.WriteString(" Handouts come in large print.")
		case "phone_dial_in":
			b.WriteString(" You can also dial in by phone.")
		}
	}
	if g.Access == "closed" {
		b.WriteString(" This is a closed group: ask to join and a facilitator will talk with you first.")
	}
	switch g.Cost {
	case "donation":
		b.WriteString(" Donations towards the room are welcome but never expected.")
	case "fee":
		b.WriteString(" There is a small fee; ask us if it is a barrier.")
	}
	return b.String()
}

func when(kind scheduleKind, day int, start string) string {
	at := partOfDayPhrase(start)
	switch kind.name {
	case "weekly":
		return "We meet every " + dayNames[day] + " " + at + "."
	case "weekly2":
		return "We meet twice a week " + at + "."
	case "fortnightly":
		return "We meet every other " + dayNames[day] + " " + at + "."
	case "nth", "last":
		return "We meet once or twice a month on a " + dayNames[day] + " " + at + "."
	}
	return "We meet once a month " + at + "."
}

func partOfDayPhrase(start string) string {
	switch partOfDay(start) {
	case "Morning":
		return "in the morning"
	case "Afternoon":
		return "in the afternoon"
	}
	return "in the evening"
}
