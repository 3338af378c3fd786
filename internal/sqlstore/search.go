package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
)

// How a directory search runs (see GroupQuery for what it means):
//
//   - Near a place: the lat bands that cover the radius are sought on the
//     groups_near index (lat_band IN (...) AND lng BETWEEN lo AND hi, two
//     ranges across the antimeridian). The index also holds attrs and
//     days_mask, so the attribute filters and the weekday prefilter cost
//     no table reads. Distances are computed in Go from the position the
//     public sees, and sorted. Only then are the checks that need the
//     table (words, language, the exact day and time) made, in distance
//     order and only as far as the page needs.
//   - Today or within hours, no place: the window is walked in growing
//     slices, each time zone's local start times sought on the
//     groups_start index, the filters and words checked in SQL and each
//     group's next session in Go, soonest first.
//   - Otherwise: in name order from the groups_name index, words through
//     the full-text index (FTS5 on SQLite, a GIN tsvector index on
//     PostgreSQL).
//
// Pages continue from an opaque cursor holding the last row's sort key and
// the clock of the first page, so every result is seen once.

// attrBits are the bits of the attrs column, as migration 0003 computes
// it. Bit positions are stored in every row: never renumber them.
var attrBits = map[string]map[string]int64{
	"category": {"mental_health": 1 << 0, "addiction_recovery": 1 << 1, "parenting_caregivers": 1 << 2,
		"chronic_illness_disability": 1 << 3, "grief_loss": 1 << 4, "other": 1 << 5},
	"audience":      {"lived_experience": 1 << 6, "family_supporters": 1 << 7, "both": 1 << 8},
	"format":        {"sharing_circle": 1 << 9, "psychoeducational": 1 << 10, "twelve_step": 1 << 11, "open_discussion": 1 << 12},
	"attendance":    {"in_person": 1 << 13, "online": 1 << 14, "hybrid": 1 << 15},
	"access":        {"open": 1 << 16, "closed": 1 << 17},
	"cost":          {"free": 1 << 18, "donation": 1 << 19, "fee": 1 << 20},
	"accessibility": {"captions": 1 << 21, "sign_language": 1 << 22, "wheelchair": 1 << 23, "phone_dial_in": 1 << 24, "large_print": 1 << 25},
}

// privateHomeBit marks a group that meets in a private home.
const privateHomeBit = 1 << 26

// Limits of a search.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	MaxSearchWords     = 10
	// dayCheckHorizon is how far ahead a day-of-month schedule is looked
	// at to decide whether it meets on a given weekday.
	dayCheckHorizon = 35 * 24 * time.Hour
)

// GroupQuery is a directory search. Every filter given must match.
type GroupQuery struct {
	// Text is what the visitor typed. Each of its words (see SearchWords)
	// must begin a word of the group's name or description, or of the
	// labels of its category, format or audience.
	Text string
	// Single-choice filters: the stored values (holdspace.Categories...).
	Category, Audience, Format, Attendance, Access, Cost string
	// Language is a canonical BCP 47 tag; "pt" also finds "pt-BR".
	Language string
	// Accessibility lists needs that must all be met.
	Accessibility []string
	// Day, when HasDay, is a weekday (0 = Sunday) the group meets on in
	// its own time zone.
	Day    time.Weekday
	HasDay bool
	// Today keeps groups whose next session starts before the end of
	// today in Zone (UTC when nil).
	Today bool
	Zone  *time.Location
	// WithinHours, when above 0, keeps groups whose next session starts
	// within that many hours.
	WithinHours int
	// Near, when set, keeps in-person and hybrid groups within RadiusKM of
	// Lat, Lng, nearest first.
	Near     bool
	Lat, Lng float64
	RadiusKM float64
	Limit    int    // 1 to MaxSearchLimit; 0 means DefaultSearchLimit
	Cursor   string // from a previous page's Next
	Offset   int    // results to skip, for numbered pages (ignored with a Cursor)
	Count    bool   // fill in GroupPage.Total even when it costs a count
	// CountCap, when above 0, stops counting past that many: Total is
	// then CountCap+1 and TotalCapped is set.
	CountCap int
	Now      time.Time
}

// GroupHit is one result: the whole group (callers trim it with
// directory.Public), its schedule and exceptions, its next session and,
// for a search near a place, its distance.
type GroupHit struct {
	Group       holdspace.Group
	Schedule    schedule.Schedule // zero if it cannot be built
	Exceptions  []holdspace.GroupException
	Next        time.Time // zero when the schedule has ended
	DistanceKM  float64
	HasDistance bool
}

// GroupPage is one page of results.
type GroupPage struct {
	Hits []GroupHit
	// Next continues the search after this page; "" on the last page.
	Next string
	// Total counts every match, or is -1 when it was not counted.
	Total int
	// TotalCapped says there are more matches than Total: counting
	// stopped past GroupQuery.CountCap.
	TotalCapped bool
}

// Sort orders.
const (
	sortName     = "name"
	sortDistance = "distance"
	sortNext     = "next"
)

// SortOf says how the results of q are ordered: "distance", "next" or "name".
func (q GroupQuery) SortOf() string {
	switch {
	case q.Near:
		return sortDistance
	case q.Today || q.WithinHours > 0:
		return sortNext
	}
	return sortName
}

// cursor is the sort key of the last row of a page.
type cursor struct {
	Sort string  `json:"s"`
	Now  int64   `json:"t"`           // the clock the first page used, so later pages agree
	Key  string  `json:"k,omitempty"` // name_key
	Dist float64 `json:"d,omitempty"`
	Next int64   `json:"n,omitempty"` // unix seconds; 0 when none
	ID   int64   `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sort string) (cursor, error) {
	var c cursor
	bad := holdspace.FieldError("cursor", "The cursor is not one this search gave out: start again without it")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 || json.Unmarshal(b, &c) != nil || c.Sort != sort || c.ID <= 0 {
		return c, bad
	}
	return c, nil
}

// stopWords are left out of searches: nearly every group has them.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "or": true, "the": true, "of": true, "for": true, "with": true, "in": true,
	"on": true, "at": true, "to": true, "by": true, "from": true, "my": true, "me": true, "i": true, "is": true,
	"are": true, "be": true, "near": true, "group": true, "groups": true,
}

// tokenRune reports whether r belongs to a word: letters, numbers and
// private-use characters, as the SQLite unicode61 tokenizer counts them.
func tokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// tokens splits s into lower-case words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !tokenRune(r) })
}

// SearchWords returns the words of a search text that a search looks for:
// lower case, without common words, at most MaxSearchWords, each once.
func SearchWords(text string) []string {
	var out []string
	for _, w := range tokens(text) {
		if !stopWords[w] && !slices.Contains(out, w) && len(out) < MaxSearchWords {
			out = append(out, w)
		}
	}
	return out
}

// typeWords are the words of the labels of each category, format and
// audience: searching "grief" finds every group in "Grief and loss".
var typeWords = func() map[string]map[string][]string {
	out := map[string]map[string][]string{"category": {}, "format": {}, "audience": {}}
	for kind, opts := range map[string][]holdspace.Option{"category": holdspace.Categories, "format": holdspace.Formats, "audience": holdspace.Audiences} {
		for _, o := range opts {
			out[kind][o.Value] = tokens(o.Label)
		}
	}
	both := append(append([]string(nil), out["audience"]["lived_experience"]...), out["audience"]["family_supporters"]...)
	out["audience"]["both"] = append(both, out["audience"]["both"]...)
	return out
}()

// typeMatches returns, for each kind, the values whose label has a word
// starting with w.
func typeMatches(w string) map[string][]string {
	out := map[string][]string{}
	for _, kind := range []string{"category", "format", "audience"} {
		for value, words := range typeWords[kind] {
			for _, tw := range words {
				if strings.HasPrefix(tw, w) {
					out[kind] = append(out[kind], value)
					break
				}
			}
		}
		slices.Sort(out[kind])
	}
	return out
}

// wordsMatch reports whether every word begins a word of the group's text
// or type labels: the same test as splitting the text with tokens and
// looking for a token starting with the word, without the splitting.
func wordsMatch(words []string, name, description, category, format, audience string) bool {
	if len(words) == 0 {
		return true
	}
	text := strings.ToLower(name + "\n" + description)
	for _, w := range words {
		if !hasWordStart(text, w) && !typeHas("category", category, w) && !typeHas("format", format, w) && !typeHas("audience", audience, w) {
			return false
		}
	}
	return true
}

// hasWordStart reports whether w occurs in text at the start of a word.
func hasWordStart(text, w string) bool {
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if r, _ := utf8.DecodeLastRuneInString(text[:j]); j == 0 || !tokenRune(r) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[j:])
		i = j + size
	}
	return false
}

// typeHas reports whether a label word of the type starts with w.
func typeHas(kind, value, w string) bool {
	for _, t := range typeWords[kind][value] {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// where is a WHERE clause under construction.
type where struct {
	parts []string
	args  []any
}

func (w *where) add(part string, args ...any) {
	w.parts = append(w.parts, part)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.parts) == 0 {
		return "TRUE"
	}
	return strings.Join(w.parts, " AND ")
}

// attrMask is the attrs bits every match must have.
func (q GroupQuery) attrMask() int64 {
	var mask int64
	for kind, v := range map[string]string{"category": q.Category, "audience": q.Audience, "format": q.Format,
		"attendance": q.Attendance, "access": q.Access, "cost": q.Cost} {
		if v != "" {
			mask |= attrBits[kind][v]
		}
	}
	for _, a := range q.Accessibility {
		mask |= attrBits["accessibility"][a]
	}
	return mask
}

// Validate checks the values a store cannot search for. Callers validate
// what visitors type first; this guards against programming mistakes.
func (q GroupQuery) Validate() error {
	for kind, v := range map[string]string{"category": q.Category, "audience": q.Audience, "format": q.Format,
		"attendance": q.Attendance, "access": q.Access, "cost": q.Cost} {
		if v != "" && attrBits[kind][v] == 0 {
			return holdspace.FieldError(kind, fmt.Sprintf("%q is not a %s", v, kind))
		}
	}
	for _, a := range q.Accessibility {
		if attrBits["accessibility"][a] == 0 {
			return holdspace.FieldError("accessibility", fmt.Sprintf("%q is not an accessibility option", a))
		}
	}
	if q.Near && (q.RadiusKM <= 0 || q.RadiusKM > 20000 || math.Abs(q.Lat) > 90 || math.Abs(q.Lng) > 180) {
		return holdspace.FieldError("near", "The place or distance is out of range")
	}
	if q.Limit < 0 || q.Limit > MaxSearchLimit || q.Offset < 0 || q.WithinHours < 0 {
		return holdspace.FieldError("limit", "The page size or position is out of range")
	}
	return nil
}

// filters adds the conditions every search path shares: attributes,
// language and weekdays.
func (s *Store) filters(w *where, q GroupQuery, days int) {
	if mask := q.attrMask(); mask != 0 {
		w.add(`(attrs & ?) = ?`, mask, mask)
	}
	if q.Language != "" {
		w.add(`((',' || languages || ',') LIKE ? OR (',' || languages || ',') LIKE ?)`, "%,"+q.Language+",%", "%,"+q.Language+"-%")
	}
	if days != 127 {
		w.add(`(days_mask & ?) <> 0`, days)
	}
}

// typeClauses adds "category IN (...)" and the like for the types word names.
func typeClauses(parts []string, args []any, word string) ([]string, []any) {
	m := typeMatches(word)
	for _, kind := range []string{"category", "format", "audience"} {
		if vals := m[kind]; len(vals) > 0 {
			parts = append(parts, kind+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")")
			for _, v := range vals {
				args = append(args, v)
			}
		}
	}
	return parts, args
}

// fullTextWords adds the words through the full-text index; the index is
// the whole truth here, no check in Go follows.
func (s *Store) fullTextWords(w *where, words []string) {
	var plain []string
	for _, word := range words {
		parts, args := typeClauses(nil, nil, word)
		if len(parts) == 0 {
			plain = append(plain, word)
			continue
		}
		w.add("("+strings.Join(append([]string{s.ftsClause()}, parts...), " OR ")+")", append([]any{s.ftsQuery([]string{word})}, args...)...)
	}
	if len(plain) > 0 {
		w.add(s.ftsClause(), s.ftsQuery(plain))
	}
}

func (s *Store) ftsClause() string {
	if s.dialect == Postgres {
		return `words @@ to_tsquery('simple'::regconfig, ?)`
	}
	return `id IN (SELECT rowid FROM groups_fts WHERE groups_fts MATCH ?)`
}

// ftsQuery asks for documents with a word starting with each of words.
// Words hold only letters and numbers, so quoting them is enough.
func (s *Store) ftsQuery(words []string) string {
	var parts []string
	for _, w := range words {
		if s.dialect == Postgres {
			parts = append(parts, "'"+w+"':*")
		} else {
			parts = append(parts, `"`+w+`"*`)
		}
	}
	if s.dialect == Postgres {
		return strings.Join(parts, " & ")
	}
	return strings.Join(parts, " AND ")
}

// geoBox is one rectangle of the index to seek: lat bands and a longitude
// range.
type geoBox struct {
	bands  []int64
	lo, hi float64
}

// NearBoxes returns the index ranges that cover every point within
// radiusKM of lat, lng, with room for the rounding of private homes'
// public positions. Across the antimeridian there are two.
func nearBoxes(lat, lng, radiusKM float64) []geoBox {
	const kmPerDegree = 111.195
	const margin = 0.006 // degrees: public positions are rounded to 0.01
	dLat := radiusKM/kmPerDegree + margin
	latLo, latHi := math.Max(-90, lat-dLat), math.Min(90, lat+dLat)
	var bands []int64
	for b := LatBand(latLo); b <= LatBand(latHi); b++ {
		bands = append(bands, b)
	}
	maxLat := math.Max(math.Abs(latLo), math.Abs(latHi))
	dLng := 360.0
	if maxLat < 89.5 {
		dLng = radiusKM/(kmPerDegree*math.Cos(maxLat*math.Pi/180)) + margin
	}
	lo, hi := lng-dLng, lng+dLng
	switch {
	case dLng >= 180:
		return []geoBox{{bands, -180, 180}}
	case lo < -180:
		return []geoBox{{bands, lo + 360, 180}, {bands, -180, hi}}
	case hi > 180:
		return []geoBox{{bands, lo, 180}, {bands, -180, hi - 360}}
	}
	return []geoBox{{bands, lo, hi}}
}

// boxClause is the condition that seeks box on the groups_near index. The
// bands are one parameter (an array, or a JSON list on SQLite), so the
// statement's text stays the same and its prepared statement is reused.
func (s *Store) boxClause(b geoBox) (string, []any) {
	if s.dialect == Postgres {
		bands := make([]int32, len(b.bands))
		for i, n := range b.bands {
			bands[i] = int32(n)
		}
		return "lat_band = ANY(?) AND lng BETWEEN ? AND ?", []any{bands, b.lo, b.hi}
	}
	list := make([]string, len(b.bands))
	for i, n := range b.bands {
		list[i] = strconv.FormatInt(n, 10)
	}
	return "lat_band IN (SELECT value FROM json_each(?)) AND lng BETWEEN ? AND ?", []any{"[" + strings.Join(list, ",") + "]", b.lo, b.hi}
}

// NearQuerySQL is the bare "near me" query the benchmark compares the
// search with: the same index seeks, no words and no filters. It returns
// one query and its arguments per box.
func (s *Store) NearQuerySQL(lat, lng, radiusKM float64) (queries []string, args [][]any) {
	for _, b := range nearBoxes(lat, lng, radiusKM) {
		clause, a := s.boxClause(b)
		queries = append(queries, s.q(`SELECT id, lat, lng FROM groups WHERE `+clause))
		args = append(args, a)
	}
	return queries, args
}

// timeWindow is when a session must start for the today and within-hours
// filters, and the weekdays (in any zone on Earth) that window can touch.
type timeWindow struct {
	on       bool
	from, to time.Time
	days     int
}

func (q GroupQuery) window(now time.Time) timeWindow {
	w := timeWindow{days: 127}
	if !q.Today && q.WithinHours <= 0 {
		return w
	}
	w.on, w.from, w.to = true, now, now.Add(365*24*time.Hour)
	if q.Today {
		zone := q.Zone
		if zone == nil {
			zone = time.UTC
		}
		local := now.In(zone)
		w.to = time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, zone)
	}
	if q.WithinHours > 0 {
		// A session starting exactly N hours from now is within N hours.
		if end := now.Add(time.Duration(q.WithinHours)*time.Hour + time.Second); end.Before(w.to) {
			w.to = end
		}
	}
	// A group's local date is somewhere from UTC-12 to UTC+14.
	first := w.from.UTC().Add(-12 * time.Hour).Truncate(24 * time.Hour)
	last := w.to.UTC().Add(14 * time.Hour)
	if last.Sub(first) < 6*24*time.Hour {
		w.days = 0
		for d := first; !d.After(last); d = d.Add(24 * time.Hour) {
			w.days |= 1 << d.Weekday()
		}
	}
	return w
}

// readMmap is how much of a SQLite file the read connections map into
// memory. Searches read many pages; with SQLite's default page cache of
// two megabytes a connection, each would otherwise cost a system call (it
// halves the time of a search that reads many rows).
const readMmap = 1 << 31

func init() {
	// Every read-only SQLite connection the store opens (its DSN has
	// query_only) gets the mapping as it is opened.
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
		if !strings.Contains(dsn, "query_only") {
			return nil
		}
		_, err := conn.ExecContext(context.Background(), "PRAGMA mmap_size = "+strconv.Itoa(readMmap), nil)
		return err
	})
}

// statements caches each store's prepared read statements on SQLite,
// where preparing a search's statements costs a tenth of the search;
// database/sql keeps each one prepared on every connection it has used.
// PostgreSQL's driver has its own cache.
var statements sync.Map // weak.Pointer[Store] -> *stmtCache

const maxCachedStatements = 256

type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// query runs a read query, through a cached prepared statement on SQLite.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = s.q(query)
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.read.QueryContext(ctx, query, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = s.q(query)
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, query, args...)
}

// stmt returns the cached statement for query, preparing it the first
// time, or nil (run it unprepared) on PostgreSQL, once the cache is full,
// or when preparing fails.
func (s *Store) stmt(ctx context.Context, query string) *sql.Stmt {
	if s.dialect != SQLite {
		return nil
	}
	key := weak.Make(s)
	v, ok := statements.Load(key)
	if !ok {
		var loaded bool
		v, loaded = statements.LoadOrStore(key, &stmtCache{stmts: map[string]*sql.Stmt{}})
		if !loaded {
			runtime.AddCleanup(s, func(k weak.Pointer[Store]) { statements.Delete(k) }, key)
		}
	}
	c := v.(*stmtCache)
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxCachedStatements {
		return nil
	}
	st, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query itself will report it
	}
	c.stmts[query] = st
	return st
}

// SearchGroups runs a directory search and returns one page of results.
func (s *Store) SearchGroups(ctx context.Context, q GroupQuery) (GroupPage, error) {
	if err := q.Validate(); err != nil {
		return GroupPage{}, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	sort := q.SortOf()
	var after *cursor
	if q.Cursor != "" {
		c, err := decodeCursor(q.Cursor, sort)
		if err != nil {
			return GroupPage{}, err
		}
		after, q.Offset = &c, 0
		q.Now = time.Unix(c.Now, 0)
	}
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	q.Now = q.Now.Truncate(time.Second)
	words := SearchWords(q.Text)
	var page GroupPage
	var err error
	switch sort {
	case sortName:
		page, err = s.searchByName(ctx, q, words, after)
	case sortDistance:
		page, err = s.searchNear(ctx, q, words, after)
	default:
		page, err = s.searchByTime(ctx, q, words, after)
	}
	if err != nil {
		return GroupPage{}, fmt.Errorf("search groups: %w", err)
	}
	return page, nil
}

// candidate is a row that passed the SQL filters: kept small, as a
// search near a dense place holds thousands of them.
type candidate struct {
	id   int64
	dist float64
	next int64 // the next session, in Unix seconds; 0 when there is none
}

// scheduleCols are the columns a schedule is built from.
type scheduleCols struct {
	rrule, start, startsOn, zone string
	minutes, mask                int
}

const scheduleColumns = "rrule, start_time, duration_minutes, starts_on, timezone, days_mask"

func (c *scheduleCols) dest() []any {
	return []any{&c.rrule, &c.start, &c.minutes, &c.startsOn, &c.zone, &c.mask}
}

// order is how a path sorts its candidates.
func (q GroupQuery) order() func(a, b candidate) int {
	if q.Near {
		return func(a, b candidate) int {
			if c := cmpFloat(a.dist, b.dist); c != 0 {
				return c
			}
			return cmpInt(a.id, b.id)
		}
	}
	return func(a, b candidate) int {
		if c := cmpNext(a, b); c != 0 {
			return c
		}
		return cmpInt(a.id, b.id)
	}
}

// after returns the index of the first candidate after the cursor's row.
func afterCursor(found []candidate, c *cursor, order func(a, b candidate) int) int {
	pivot := candidate{id: c.ID, dist: c.Dist}
	if c.Next != 0 {
		pivot.next = c.Next
	}
	i, _ := slices.BinarySearchFunc(found, pivot, func(a, b candidate) int {
		if c := order(a, b); c != 0 {
			return c
		}
		return -1 // the cursor's own row was on the last page
	})
	return i
}

// candidates recycles the candidate lists of searches near a place: a
// dense place has thousands, and each search would otherwise leave them to
// the garbage collector.
var candidates = sync.Pool{New: func() any { b := make([]candidate, 0, 1024); return &b }}

// searchNear is the "near me" path. First the index alone: every group in
// the boxes with the wanted attributes and weekdays, its distance worked
// out in Go, nearest first. Then the checks that need the table (words,
// language, the exact day and time), in that order and only as far as the
// page needs, unless the caller wants a count.
func (s *Store) searchNear(ctx context.Context, q GroupQuery, words []string, after *cursor) (GroupPage, error) {
	win := q.window(q.Now)
	days := win.days
	if q.HasDay {
		days &= 1 << q.Day
	}
	buf := candidates.Get().(*[]candidate)
	found := (*buf)[:0]
	defer func() {
		// found may have grown: keep the larger list, unless it is huge.
		if cap(*buf) <= 1<<16 {
			candidates.Put(buf)
		}
	}()
	for _, box := range nearBoxes(q.Lat, q.Lng, q.RadiusKM) {
		var w where
		clause, args := s.boxClause(box)
		w.add(clause, args...)
		if mask := q.attrMask(); mask != 0 {
			w.add(`(attrs & ?) = ?`, mask, mask)
		}
		if days != 127 {
			w.add(`(days_mask & ?) <> 0`, days)
		}
		err := s.each(ctx, `SELECT id, lat, lng, attrs FROM groups WHERE `+w.sql(), w.args, func(rows *sql.Rows) error {
			var c candidate
			var lat, lng float64
			var attrs int64
			if err := rows.Scan(&c.id, &lat, &lng, &attrs); err != nil {
				return err
			}
			if attrs&privateHomeBit != 0 {
				// Measure from where the public is told the group is.
				lat, lng = math.Round(lat*100)/100, math.Round(lng*100)/100
			}
			if c.dist = directory.DistanceKM(q.Lat, q.Lng, lat, lng); c.dist <= q.RadiusKM {
				found = append(found, c)
			}
			return nil
		})
		if err != nil {
			return GroupPage{}, err
		}
	}
	*buf = found
	order := q.order()
	slices.SortFunc(found, order)
	complete := true
	if len(words) > 0 || q.Language != "" || q.HasDay || win.on {
		var err error
		if found, complete, err = s.checkNear(ctx, q, words, win, found, after); err != nil {
			return GroupPage{}, err
		}
	}
	page, err := s.cutPage(ctx, q, found, after, order, complete)
	if !complete && q.Count {
		page.Total, page.TotalCapped = len(found), true
	}
	return page, err
}

// checkNear keeps the candidates that pass the checks needing the table.
// Without a count it stops once the page after the cursor or offset is
// full; the candidates before a cursor are then not checked at all.
func (s *Store) checkNear(ctx context.Context, q GroupQuery, words []string, win timeWindow, found []candidate, after *cursor) (kept []candidate, complete bool, err error) {
	from, need := 0, len(found)
	switch {
	case !q.Count:
		if after != nil {
			from = afterCursor(found, after, q.order())
		}
		need = q.Offset + q.Limit + 1
	case q.CountCap > 0:
		need = max(q.Offset+q.Limit+1, q.CountCap+1)
	}
	var exceptions map[int64][]schedule.Exception
	if win.on {
		var err error
		if exceptions, err = s.upcomingExceptions(ctx, q.Now); err != nil {
			return nil, false, err
		}
	}
	// Only the columns the checks need.
	needSchedule := q.HasDay || win.on
	cols := []string{"id"}
	if len(words) > 0 {
		cols = append(cols, "name", "description", "category", "format", "audience")
	}
	if q.Language != "" {
		cols = append(cols, "languages")
	}
	if needSchedule {
		cols = append(cols, scheduleColumns)
	}
	kept = found[:0:0]
	chunk := max(64, 2*q.Limit)
	i := from
	for i < len(found) && len(kept) < need {
		part := found[i:min(i+chunk, len(found))]
		i += len(part)
		chunk = min(chunk*2, 1000)
		ids := make([]int64, len(part))
		for j, c := range part {
			ids[j] = c.id
		}
		type detail struct {
			name, desc, category, format, audience, langs string
			sch                                           scheduleCols
		}
		byID := make(map[int64]*detail, len(part))
		cond, arg := s.idsIn(ids)
		err := s.each(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM groups WHERE `+cond, []any{arg}, func(rows *sql.Rows) error {
			var id int64
			d := &detail{}
			dest := []any{&id}
			if len(words) > 0 {
				dest = append(dest, &d.name, &d.desc, &d.category, &d.format, &d.audience)
			}
			if q.Language != "" {
				dest = append(dest, &d.langs)
			}
			if needSchedule {
				dest = append(dest, d.sch.dest()...)
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			byID[id] = d
			return nil
		})
		if err != nil {
			return nil, false, err
		}
		for _, c := range part {
			d := byID[c.id]
			if d == nil || !wordsMatch(words, d.name, d.desc, d.category, d.format, d.audience) || !hasLanguage(d.langs, q.Language) {
				continue
			}
			if needSchedule && !s.scheduleMatches(&c, d.sch, q, win, exceptions[c.id]) {
				continue
			}
			kept = append(kept, c)
		}
	}
	return kept, from == 0 && i == len(found), nil
}

// hasLanguage reports whether a stored language list has tag or one of
// its regional forms (tag "pt" finds "pt-BR").
func hasLanguage(list, tag string) bool {
	if tag == "" {
		return true
	}
	for _, l := range strings.Split(list, ",") {
		if l == tag || strings.HasPrefix(l, tag+"-") {
			return true
		}
	}
	return false
}

// searchByTime is the "today" and "within hours" path without a place.
// It walks the window in slices that grow fourfold (a minute, four,
// sixteen...), soonest first, and stops once it has the page (and, with a
// count, the count up to its cap). In each slice, each time zone's local
// start times are sought on the groups_start index; the filters and words
// are checked in SQL and each row's next session in Go.
func (s *Store) searchByTime(ctx context.Context, q GroupQuery, words []string, after *cursor) (GroupPage, error) {
	win := q.window(q.Now)
	days := 127
	if q.HasDay {
		days = 1 << q.Day
	}
	exceptions, err := s.upcomingExceptions(ctx, q.Now)
	if err != nil {
		return GroupPage{}, err
	}
	zones, err := s.zonesInUse(ctx)
	if err != nil {
		return GroupPage{}, err
	}
	var base where
	s.filters(&base, q, days)
	s.fullTextWords(&base, words)
	order := q.order()
	a := win.from
	if after != nil && after.Next > 0 && !q.Count {
		// Everything before the cursor's session was on earlier pages.
		a = time.Unix(after.Next, 0)
	}
	enough := func(found []candidate) bool {
		n := len(found)
		if after != nil {
			n -= afterCursor(found, after, order)
		} else {
			n -= q.Offset
		}
		if n <= q.Limit {
			return false
		}
		return !q.Count || (q.CountCap > 0 && len(found) > q.CountCap)
	}
	var found []candidate
	// A minute of a million groups' week is a few hundred sessions:
	// start small and grow fast, so small directories need few slices.
	for step := time.Minute; a.Before(win.to) && !enough(found); step *= 4 {
		b := a.Add(step)
		if b.After(win.to) {
			b = win.to
		}
		terms, termArgs := startTerms(zones, a, b)
		var moved []string
		for id, list := range exceptions {
			for _, e := range list {
				if !e.Cancelled && !e.MovedTo.Before(a) && e.MovedTo.Before(b) {
					moved = append(moved, strconv.FormatInt(id, 10))
					break
				}
			}
		}
		if len(moved) > 0 {
			terms = append(terms, "id IN ("+strings.Join(moved, ", ")+")")
			termArgs = append(termArgs, nil)
		}
		query, args := `SELECT id, `+scheduleColumns+` FROM groups WHERE `+base.sql(), base.args
		switch {
		case len(terms) == 0:
		case s.dialect == Postgres:
			// One index-only scan per term: a bitmap OR of them would
			// read the table for every row.
			var parts []string
			args = nil
			for i, t := range terms {
				parts = append(parts, `SELECT id, `+scheduleColumns+` FROM groups WHERE `+t+` AND `+base.sql())
				args = append(append(args, termArgs[i]...), base.args...)
			}
			query = strings.Join(parts, " UNION ALL ")
		default:
			// SQLite seeks each term on the index by itself (MULTI-INDEX OR).
			query = `SELECT id, ` + scheduleColumns + ` FROM groups WHERE (` + strings.Join(terms, " OR ") + `) AND ` + base.sql()
			args = nil
			for _, ta := range termArgs {
				args = append(args, ta...)
			}
			args = append(args, base.args...)
		}
		seen := map[int64]bool{}
		var slice []candidate
		err = s.each(ctx, query, args, func(rows *sql.Rows) error {
			var c candidate
			var sc scheduleCols
			if err := rows.Scan(append([]any{&c.id}, sc.dest()...)...); err != nil {
				return err
			}
			if seen[c.id] {
				return nil // in two terms' ranges
			}
			seen[c.id] = true
			if s.scheduleMatches(&c, sc, q, win, exceptions[c.id]) && c.next >= a.Unix() && c.next < b.Unix() {
				slice = append(slice, c)
			}
			return nil
		})
		if err != nil {
			return GroupPage{}, err
		}
		slices.SortFunc(slice, order)
		found = append(found, slice...)
		a = b
	}
	complete := !a.Before(win.to) && (after == nil || q.Count || after.Next == 0)
	page, err := s.cutPage(ctx, q, found, after, order, complete)
	if !complete && q.Count {
		page.Total, page.TotalCapped = len(found), true
	}
	return page, err
}

// zoneLists caches each store's zonesInUse for zoneListTTL: a group in a
// zone no other group uses shows in "today" that much later.
var zoneLists sync.Map // weak.Pointer[Store] -> zoneList

const zoneListTTL = 10 * time.Second

type zoneList struct {
	at    time.Time
	zones []string
}

// zonesInUse lists the time zones of the groups, skipping through the
// groups_start index one zone at a time.
func (s *Store) zonesInUse(ctx context.Context) ([]string, error) {
	key := weak.Make(s)
	if v, ok := zoneLists.Load(key); ok && time.Since(v.(zoneList).at) < zoneListTTL {
		return v.(zoneList).zones, nil
	}
	zones, err := s.loadZonesInUse(ctx)
	if err != nil {
		return nil, err
	}
	if _, loaded := zoneLists.Swap(key, zoneList{time.Now(), zones}); !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Store]) { zoneLists.Delete(k) }, key)
	}
	return zones, nil
}

func (s *Store) loadZonesInUse(ctx context.Context) ([]string, error) {
	var zones []string
	err := s.each(ctx, `WITH RECURSIVE z(tz) AS (
			SELECT MIN(timezone) FROM groups
			UNION ALL
			SELECT (SELECT MIN(timezone) FROM groups WHERE timezone > z.tz) FROM z WHERE z.tz IS NOT NULL
		) SELECT tz FROM z WHERE tz IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var z string
		err := rows.Scan(&z)
		zones = append(zones, z)
		return err
	})
	return zones, err
}

// dayRange is a range of local start times on one weekday.
type dayRange struct {
	bit, lo, hi int // weekday bit; minutes after midnight, inclusive
}

// startTerms returns SQL terms, to be joined with OR, that keep the groups
// whose usual local start time falls between a and b in their own zone
// (an hour wider on each side where the clocks change nearby). Zones
// whose local ranges agree share a term. A window of six days or more
// needs no terms.
func startTerms(zones []string, a, b time.Time) ([]string, [][]any) {
	if b.Sub(a) >= 6*24*time.Hour {
		return nil, nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	byRanges := map[string][]string{}
	rangesOf := map[string][]dayRange{}
	var keys []string
	for _, z := range zones {
		loc, err := loadZone(z)
		if err != nil {
			continue // such a group has no sessions to find
		}
		la, lb := a.In(loc), b.In(loc)
		_, before := a.Add(-3 * time.Hour).In(loc).Zone()
		_, after := b.Add(3 * time.Hour).In(loc).Zone()
		if before != after {
			// The clocks change around the window: a session set for a
			// time the change skipped starts later, one set for a time it
			// repeated may start earlier. Look an hour wider.
			la, lb = la.Add(-time.Hour), lb.Add(time.Hour)
		}
		var rs []dayRange
		for d := day(la); !d.After(day(lb)); d = d.AddDate(0, 0, 1) {
			r := dayRange{bit: 1 << d.Weekday(), lo: 0, hi: 24*60 - 1}
			if d.Equal(day(la)) {
				r.lo = la.Hour()*60 + la.Minute()
			}
			if d.Equal(day(lb)) {
				r.hi = lb.Hour()*60 + lb.Minute()
			}
			rs = append(rs, r)
		}
		k := fmt.Sprint(rs)
		if _, ok := byRanges[k]; !ok {
			keys = append(keys, k)
			rangesOf[k] = rs
		}
		byRanges[k] = append(byRanges[k], z)
	}
	var terms []string
	var args [][]any
	for _, k := range keys {
		zs := byRanges[k]
		for _, r := range rangesOf[k] {
			terms = append(terms, "(timezone IN ("+placeholders(len(zs))+") AND start_min BETWEEN ? AND ? AND (days_mask & ?) <> 0)")
			var ta []any
			for _, z := range zs {
				ta = append(ta, z)
			}
			args = append(args, append(ta, r.lo, r.hi, r.bit))
		}
	}
	if len(terms) == 0 {
		return []string{"FALSE"}, [][]any{nil}
	}
	return terms, args
}

// cutPage takes one page from the sorted matches and loads its groups.
// found holds every match when complete; otherwise at least the matches
// after the cursor or offset, up to a page and one more.
func (s *Store) cutPage(ctx context.Context, q GroupQuery, found []candidate, after *cursor, order func(a, b candidate) int, complete bool) (GroupPage, error) {
	page := GroupPage{Total: len(found)}
	if !complete {
		page.Total = -1
	}
	start := min(q.Offset, len(found))
	if after != nil {
		start = afterCursor(found, after, order)
	}
	end := min(start+q.Limit, len(found))
	rows := found[start:end]
	if end < len(found) && len(rows) > 0 {
		last := rows[len(rows)-1]
		c := cursor{Sort: q.SortOf(), Now: q.Now.Unix(), ID: last.id, Dist: last.dist}
		c.Next = last.next
		page.Next = c.encode()
	}
	ids := make([]int64, len(rows))
	for i, c := range rows {
		ids[i] = c.id
	}
	hits, err := s.hitsByID(ctx, ids, q.Now)
	if err != nil {
		return GroupPage{}, err
	}
	for i := range hits {
		if q.Near {
			hits[i].DistanceKM, hits[i].HasDistance = rows[i].dist, true
		}
	}
	page.Hits = hits
	return page, nil
}

// each runs a read query and calls fn for every row.
func (s *Store) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpNext orders by next session, groups with none last.
func cmpNext(a, b candidate) int {
	switch {
	case a.next == b.next:
		return 0
	case a.next == 0:
		return 1
	case b.next == 0:
		return -1
	}
	return cmpInt(a.next, b.next)
}

// scheduleMatches applies the exact weekday and time checks to c and
// records its next session.
func (s *Store) scheduleMatches(c *candidate, sc scheduleCols, q GroupQuery, win timeWindow, ex []schedule.Exception) bool {
	sch, err := s.buildSchedule(sc, ex)
	if err != nil {
		return false
	}
	if q.HasDay && !meetsOnDay(sch, sc.mask, q.Day, q.Now) {
		return false
	}
	if o, ok := sch.NextOne(q.Now); ok {
		c.next = o.Start.Unix()
	}
	if win.on && (c.next == 0 || c.next >= win.to.Unix()) {
		return false
	}
	return true
}

// meetsOnDay reports whether a schedule meets on weekday d in its own zone.
// Rules with weekdays say so exactly (days_mask); a day-of-month rule meets
// on d if one of its sessions in the next five weeks falls on d.
func meetsOnDay(sch schedule.Schedule, mask int, d time.Weekday, now time.Time) bool {
	if mask&(1<<d) == 0 {
		return false
	}
	if mask != 127 || len(sch.Rule.Days()) > 0 {
		return true
	}
	for _, o := range sch.Next(now, 3) {
		if o.Start.Sub(now) > dayCheckHorizon {
			break
		}
		if o.Start.Weekday() == d {
			return true
		}
	}
	return false
}

// Parsing the same rules and loading the same zones for every row would
// cost more than the search: both are cached.
var (
	zoneCache sync.Map // name -> *time.Location
	ruleCache sync.Map // text -> schedule.Rule
)

func loadZone(name string) (*time.Location, error) {
	if v, ok := zoneCache.Load(name); ok {
		return v.(*time.Location), nil
	}
	loc, err := schedule.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zoneCache.Store(name, loc)
	return loc, nil
}

func parseRule(text string) (schedule.Rule, error) {
	if v, ok := ruleCache.Load(text); ok {
		return v.(schedule.Rule), nil
	}
	r, err := schedule.ParseRule(text)
	if err != nil {
		return r, err
	}
	ruleCache.Store(text, r)
	return r, nil
}

// buildSchedule is directory.Schedule with the caches, for stored (so
// already valid) schedules.
func (s *Store) buildSchedule(c scheduleCols, ex []schedule.Exception) (schedule.Schedule, error) {
	rule, err := parseRule(c.rrule)
	if err != nil {
		return schedule.Schedule{}, err
	}
	loc, err := loadZone(c.zone)
	if err != nil {
		return schedule.Schedule{}, err
	}
	start, err := schedule.ParseClock(c.start)
	if err != nil {
		return schedule.Schedule{}, err
	}
	on, err := schedule.ParseDate(c.startsOn)
	if err != nil {
		return schedule.Schedule{}, err
	}
	return schedule.Schedule{Rule: rule, Start: start, Duration: time.Duration(c.minutes) * time.Minute, StartsOn: on,
		Location: loc, Exceptions: ex}, nil
}

// upcomingExceptions loads the cancelled and moved sessions that can
// change a group's next session after now. There are few: only future
// changes count.
func (s *Store) upcomingExceptions(ctx context.Context, now time.Time) (map[int64][]schedule.Exception, error) {
	since := now.UTC().Add(-48 * time.Hour).Format("2006-01-02")
	rows, err := s.query(ctx, `SELECT group_id, original_date, cancelled, moved_to, moved_minutes, reason
		FROM group_exceptions WHERE original_date >= ? OR moved_to >= ?`, since, unix(now)-86400)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byGroup := map[int64][]holdspace.GroupException{}
	for rows.Next() {
		var e holdspace.GroupException
		var moved sql.NullInt64
		if err := rows.Scan(&e.GroupID, &e.OriginalDate, &e.Cancelled, &moved, &e.MovedMinutes, &e.Reason); err != nil {
			return nil, err
		}
		if moved.Valid {
			e.MovedTo = fromUnix(moved.Int64)
		}
		byGroup[e.GroupID] = append(byGroup[e.GroupID], e)
	}
	out := make(map[int64][]schedule.Exception, len(byGroup))
	for id, list := range byGroup {
		out[id] = directory.Exceptions(list)
	}
	return out, rows.Err()
}

// idsIn is a condition that id is one of ids, written so that its text
// does not depend on how many there are (one parse per statement text).
func (s *Store) idsIn(ids []int64) (string, any) {
	if s.dialect == Postgres {
		return "id = ANY(?)", ids
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return "id IN (SELECT value FROM json_each(?))", b.String()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// exceptionsColumn is a column holding each group's cancelled and moved
// sessions as a JSON array, so a page of groups is one query.
func (s *Store) exceptionsColumn() string {
	if s.dialect == Postgres {
		return `(SELECT json_agg(json_build_array(original_date, cancelled, moved_to, moved_minutes, reason) ORDER BY original_date)::text
			FROM group_exceptions e WHERE e.group_id = groups.id)`
	}
	return `(SELECT json_group_array(json_array(original_date, cancelled, moved_to, moved_minutes, reason))
		FROM (SELECT * FROM group_exceptions e WHERE e.group_id = groups.id ORDER BY original_date))`
}

// decodeExceptions reads exceptionsColumn.
func decodeExceptions(groupID int64, raw sql.NullString) ([]holdspace.GroupException, error) {
	if !raw.Valid || raw.String == "" || raw.String == "[]" {
		return nil, nil
	}
	var list [][]json.RawMessage
	if err := json.Unmarshal([]byte(raw.String), &list); err != nil {
		return nil, fmt.Errorf("exceptions of group %d: %w", groupID, err)
	}
	out := make([]holdspace.GroupException, 0, len(list))
	for _, item := range list {
		if len(item) != 5 {
			return nil, fmt.Errorf("exceptions of group %d: %d fields", groupID, len(item))
		}
		e := holdspace.GroupException{GroupID: groupID}
		var cancelled any
		var moved *int64
		for i, dst := range []any{&e.OriginalDate, &cancelled, &moved, &e.MovedMinutes, &e.Reason} {
			if err := json.Unmarshal(item[i], dst); err != nil {
				return nil, fmt.Errorf("exceptions of group %d: %w", groupID, err)
			}
		}
		// SQLite has no booleans: 0 or 1.
		e.Cancelled = cancelled == true || cancelled == 1.0
		if moved != nil {
			e.MovedTo = fromUnix(*moved)
		}
		out = append(out, e)
	}
	return out, nil
}

// hitsByID loads whole groups in the order of ids, with their schedules.
func (s *Store) hitsByID(ctx context.Context, ids []int64, now time.Time) ([]GroupHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond, arg := s.idsIn(ids)
	byID := map[int64]GroupHit{}
	err := s.each(ctx, `SELECT `+groupColumns+`, `+s.exceptionsColumn()+` FROM groups WHERE `+cond, []any{arg}, func(rows *sql.Rows) error {
		var raw sql.NullString
		g, err := scanGroup(extraScan{rows, []any{&raw}})
		if err != nil {
			return err
		}
		ex, err := decodeExceptions(g.ID, raw)
		byID[g.ID] = GroupHit{Group: g, Exceptions: ex}
		return err
	})
	if err != nil {
		return nil, err
	}
	hits := make([]GroupHit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok { // a group deleted meanwhile is left out
			hits = append(hits, s.withSchedule(h, now))
		}
	}
	return hits, nil
}

// withSchedule adds the group's schedule and next session to a hit.
func (s *Store) withSchedule(h GroupHit, now time.Time) GroupHit {
	g := h.Group
	sch, err := s.buildSchedule(scheduleCols{rrule: g.Schedule.RRule, start: g.Schedule.StartTime, minutes: g.Schedule.DurationMinutes,
		startsOn: g.Schedule.StartsOn, zone: g.Timezone}, directory.Exceptions(h.Exceptions))
	if err == nil {
		h.Schedule = sch
		if o, ok := sch.NextOne(now); ok {
			h.Next = o.Start
		}
	}
	return h
}

// searchByName pages through the matches in name order.
func (s *Store) searchByName(ctx context.Context, q GroupQuery, words []string, after *cursor) (GroupPage, error) {
	days := 127
	if q.HasDay {
		days = 1 << q.Day
	}
	var base where
	s.filters(&base, q, days)
	s.fullTextWords(&base, words)
	// With a weekday, rows whose days_mask is exact need no check in Go;
	// day-of-month rules (mask 127) do.
	exact := !q.HasDay
	page := GroupPage{Total: -1}
	if q.Count {
		var n int
		w := base
		if q.HasDay {
			w.parts = append(slices.Clone(w.parts), "days_mask <> 127")
		}
		count := `SELECT COUNT(*) FROM groups WHERE ` + w.sql()
		args := w.args
		if q.CountCap > 0 {
			count = `SELECT COUNT(*) FROM (SELECT 1 FROM groups WHERE ` + w.sql() + ` LIMIT ?) AS capped`
			args = append(slices.Clone(args), q.CountCap+1)
		}
		if err := s.queryRow(ctx, count, args...).Scan(&n); err != nil {
			return page, err
		}
		if q.HasDay && (q.CountCap == 0 || n <= q.CountCap) {
			m, err := s.countDayOfMonth(ctx, base, q)
			if err != nil {
				return page, err
			}
			n += m
		}
		page.Total = n
		if q.CountCap > 0 && n > q.CountCap {
			page.Total, page.TotalCapped = q.CountCap+1, true
		}
	}
	// On SQLite, words found in many groups are best looked up the other
	// way round: walk the names in order and keep the rows whose id is
	// in the full-text matches, rather than sort every match by name.
	from := "groups"
	if s.dialect == SQLite && len(words) > 0 {
		many, err := s.commonWords(ctx, words)
		if err != nil {
			return page, err
		}
		if many {
			from = "groups INDEXED BY groups_name"
		}
	}
	key, id := "", int64(0)
	if after != nil {
		key, id = after.Key, after.ID
	}
	skip := q.Offset
	var groups []GroupHit
	var keys []string
	batch := q.Limit + 1
	if !exact {
		batch = max(batch, 200)
	}
	for len(groups) <= q.Limit {
		w := where{parts: slices.Clone(base.parts), args: slices.Clone(base.args)}
		if key != "" || id != 0 {
			w.add(`(name_key, id) > (?, ?)`, key, id)
		}
		offset := 0
		if exact {
			offset, skip = skip, 0
		}
		rows, err := s.query(ctx, `SELECT `+groupColumns+`, name_key, `+s.exceptionsColumn()+` FROM `+from+` WHERE `+w.sql()+
			` ORDER BY name_key, id LIMIT ? OFFSET ?`, append(w.args, batch, offset)...)
		if err != nil {
			return page, err
		}
		n := 0
		err = func() error {
			defer rows.Close()
			for rows.Next() {
				var nameKey string
				var raw sql.NullString
				g, err := scanGroup(extraScan{rows, []any{&nameKey, &raw}})
				if err != nil {
					return err
				}
				n++
				key, id = nameKey, g.ID
				if !exact {
					sch, err := s.buildSchedule(scheduleCols{rrule: g.Schedule.RRule, start: g.Schedule.StartTime,
						minutes: g.Schedule.DurationMinutes, startsOn: g.Schedule.StartsOn, zone: g.Timezone}, nil)
					if err != nil || !meetsOnDay(sch, g.DaysMask, q.Day, q.Now) {
						continue
					}
					if skip > 0 {
						skip--
						continue
					}
				}
				if len(groups) <= q.Limit {
					ex, err := decodeExceptions(g.ID, raw)
					if err != nil {
						return err
					}
					groups = append(groups, GroupHit{Group: g, Exceptions: ex})
					keys = append(keys, nameKey)
				}
			}
			return rows.Err()
		}()
		if err != nil {
			return page, err
		}
		if n < batch {
			break
		}
	}
	if len(groups) > q.Limit {
		groups, keys = groups[:q.Limit], keys[:q.Limit]
		page.Next = cursor{Sort: sortName, Now: q.Now.Unix(), Key: keys[len(keys)-1], ID: groups[len(groups)-1].Group.ID}.encode()
	}
	for i := range groups {
		groups[i] = s.withSchedule(groups[i], q.Now)
	}
	page.Hits = groups
	return page, nil
}

// commonWordsAt is how many full-text matches make words "common" for
// searchByName: above it, sorting every match by name costs more than
// walking the names.
const commonWordsAt = 3000

// commonWords reports whether words (or the words among them that name a
// type, which match whole categories) are found in more than
// commonWordsAt groups.
func (s *Store) commonWords(ctx context.Context, words []string) (bool, error) {
	var plain []string
	for _, w := range words {
		for _, vals := range typeMatches(w) {
			if len(vals) > 0 {
				return true, nil
			}
		}
		plain = append(plain, w)
	}
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT rowid FROM groups_fts WHERE groups_fts MATCH ? LIMIT ?)`,
		s.ftsQuery(plain), commonWordsAt+1).Scan(&n)
	return n > commonWordsAt, err
}

// countDayOfMonth counts the day-of-month groups matching base that meet
// on q.Day in the next five weeks.
func (s *Store) countDayOfMonth(ctx context.Context, base where, q GroupQuery) (int, error) {
	rows, err := s.query(ctx, `SELECT rrule, start_time, duration_minutes, starts_on, timezone FROM groups WHERE `+
		base.sql()+` AND days_mask = 127`, base.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var c scheduleCols
		if err := rows.Scan(&c.rrule, &c.start, &c.minutes, &c.startsOn, &c.zone); err != nil {
			return 0, err
		}
		c.mask = 127
		if sch, err := s.buildSchedule(c, nil); err == nil && meetsOnDay(sch, 127, q.Day, q.Now) {
			n++
		}
	}
	return n, rows.Err()
}

// extraScan scans groupColumns followed by more columns.
type extraScan struct {
	rows  *sql.Rows
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.rows.Scan(append(dest, e.extra...)...) }

// bulkColumns are the columns InsertGroups writes, in groupValues order
// and then created_by, created_at, updated_at.
var bulkColumns = []string{"slug", "name", "description", "category", "audience", "format", "attendance", "access", "cost",
	"languages", "accessibility", "venue_type", "address", "city", "region", "country", "lat", "lng", "online_url", "timezone",
	"rrule", "start_time", "duration_minutes", "starts_on", "days_mask", "lat_band", "created_by", "created_at", "updated_at"}

// InsertGroups adds many already-validated groups (with their DaysMask
// set and unique slugs) in one transaction, much faster than CreateGroup:
// a prepared INSERT with the full-text index filled once per batch on
// SQLite, COPY on PostgreSQL. It is for seeding and
// importing; groups get no organizer. A taken slug fails the whole batch
// with EConflict.
func (s *Store) InsertGroups(ctx context.Context, groups []holdspace.Group) error {
	if len(groups) == 0 {
		return nil
	}
	now := unix(s.now())
	row := func(g holdspace.Group) []any {
		var createdBy any
		if g.CreatedBy != 0 {
			createdBy = g.CreatedBy
		}
		return append(groupValues(g), createdBy, now, now)
	}
	var err error
	if s.dialect == Postgres {
		err = s.copyGroups(ctx, groups, row)
	} else {
		// A batch touches pages all over the indexes. On the one write
		// connection, keep them in memory, read them through mmap and
		// checkpoint the log less often while the batch runs (about 15%
		// less CPU in a million-group seed), then put the defaults back.
		// The statement journal of the many-row INSERTs stays in memory.
		if _, err := s.write.ExecContext(ctx, `PRAGMA cache_size = -262144; PRAGMA mmap_size = 4294967296; PRAGMA wal_autocheckpoint = 20000;
			PRAGMA temp_store = MEMORY`); err != nil {
			return err
		}
		defer s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000; PRAGMA mmap_size = 0; PRAGMA wal_autocheckpoint = 1000;
			PRAGMA temp_store = DEFAULT`)
		err = s.tx(ctx, func(tx *sql.Tx) error {
			// The full-text trigger would index row by row, flushing the
			// index at every statement; instead it is set aside for the
			// batch and the batch indexed in one statement, all inside
			// this transaction, so nobody ever sees the two disagree.
			var trigger string
			if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'groups_fts_insert'`).Scan(&trigger); err != nil {
				return fmt.Errorf("find the full-text trigger: %w", err)
			}
			var lastID int64
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM groups`).Scan(&lastID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER groups_fts_insert`); err != nil {
				return err
			}
			// Merging the index's segments as it goes costs as much as
			// the rest of the insert: the batch skips it (crisis merges
			// still bound the segments) and OptimizeForSearch merges once.
			if _, err := tx.ExecContext(ctx, `INSERT INTO groups_fts(groups_fts, rank) VALUES ('automerge', 0)`); err != nil {
				return err
			}
			// One prepared single-row INSERT: with no trigger left on the
			// table it needs no statement journal, which a many-row
			// INSERT does (a third less CPU over a million rows).
			insert, err := tx.PrepareContext(ctx, `INSERT INTO groups (`+strings.Join(bulkColumns, ", ")+`) VALUES (`+placeholders(len(bulkColumns))+`)`)
			if err != nil {
				return err
			}
			defer insert.Close()
			// In slug order, the slug index is written page after page.
			groups = slices.SortedFunc(slices.Values(groups), func(a, b holdspace.Group) int { return strings.Compare(a.Slug, b.Slug) })
			for _, g := range groups {
				if _, err := insert.ExecContext(ctx, row(g)...); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO groups_fts(rowid, name, description) SELECT id, name, description FROM groups WHERE id > ?`, lastID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO groups_fts(groups_fts, rank) VALUES ('automerge', 4)`); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, trigger)
			return err
		})
	}
	if isUniqueViolation(err) {
		return &holdspace.Error{Code: holdspace.EConflict, Field: "slug", Message: "A group with one of those web addresses already exists"}
	}
	if err != nil {
		return fmt.Errorf("insert groups: %w", err)
	}
	return nil
}

// copyGroups writes groups with PostgreSQL's COPY, one statement and so
// one transaction.
func (s *Store) copyGroups(ctx context.Context, groups []holdspace.Group, row func(holdspace.Group) []any) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		rows := make([][]any, len(groups))
		for i, g := range groups {
			r := row(g)
			for j, v := range r {
				// COPY takes plain values, not database/sql wrappers.
				switch x := v.(type) {
				case sql.NullFloat64:
					if x.Valid {
						r[j] = x.Float64
					} else {
						r[j] = nil
					}
				case sql.NullInt64:
					if x.Valid {
						r[j] = x.Int64
					} else {
						r[j] = nil
					}
				case int:
					r[j] = int64(x)
				}
			}
			rows[i] = r
		}
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{"groups"}, bulkColumns, pgx.CopyFromRows(rows))
		return err
	})
}

// searchIndexes are the indexes a bulk load may set aside and rebuild:
// the ones whose keys arrive in no useful order, so that keeping them up
// to date row by row touches every page of them in every batch.
var searchIndexes = []string{"groups_near", "groups_name", "groups_start", "groups_words"}

// StartBulkLoad gets ready to add adding groups with InsertGroups. When
// the directory holds fewer groups than that, it sets aside the search
// indexes, which finish builds again from the sorted rows: several times
// cheaper than keeping them up to date. Searches in between work, slowly.
// finish must be called even when the load fails; it also does what
// OptimizeForSearch does.
func (s *Store) StartBulkLoad(ctx context.Context, adding int) (finish func(context.Context) error, err error) {
	var have int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups`).Scan(&have); err != nil {
		return nil, fmt.Errorf("start bulk load: %w", err)
	}
	var defs []string
	if have < adding {
		// The definitions come from the database itself, so they are
		// rebuilt exactly as the migrations made them.
		query := `SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN (` + placeholders(len(searchIndexes)) + `) ORDER BY name`
		if s.dialect == Postgres {
			query = `SELECT indexdef FROM pg_indexes WHERE tablename = 'groups' AND indexname IN (` + placeholders(len(searchIndexes)) + `) ORDER BY indexname`
		}
		args := make([]any, len(searchIndexes))
		for i, n := range searchIndexes {
			args[i] = n
		}
		err := s.each(ctx, query, args, func(rows *sql.Rows) error {
			var def string
			err := rows.Scan(&def)
			defs = append(defs, def)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("start bulk load: %w", err)
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			for _, n := range searchIndexes {
				if _, err := tx.ExecContext(ctx, `DROP INDEX IF EXISTS `+n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("start bulk load: %w", err)
		}
	}
	return func(ctx context.Context) error {
		for _, def := range defs {
			if _, err := s.write.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("rebuild search index: %w", err)
			}
		}
		return s.OptimizeForSearch(ctx)
	}, nil
}

// OptimizeForSearch refreshes the planner's statistics after a bulk
// load, and on PostgreSQL the visibility map that lets the "near me"
// search read the index alone; on SQLite it also merges the full-text
// index. It can take a while on a large directory.
func (s *Store) OptimizeForSearch(ctx context.Context) error {
	stmts := []string{`INSERT INTO groups_fts(groups_fts) VALUES ('optimize')`, `ANALYZE`}
	if s.dialect == Postgres {
		stmts = []string{`VACUUM (ANALYZE) groups`}
	}
	for _, st := range stmts {
		if _, err := s.write.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("optimize for search: %w", err)
		}
	}
	return nil
}
