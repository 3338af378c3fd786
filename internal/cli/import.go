package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/meetingguide"
	"holdspace/internal/schedule"
	"holdspace/internal/sqlstore"
)

// maxFeedBytes bounds what an import reads, from a file or the web. The
// largest real Meeting Guide feeds are a few megabytes.
const maxFeedBytes = 64 << 20

// feedTimeout bounds fetching a feed from the web.
const feedTimeout = 60 * time.Second

func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		w := env.Stderr
		if len(args) > 0 {
			w = env.Stdout
		}
		fmt.Fprint(w, `Usage: holdspace import SOURCE [flags] PATH-or-URL

Sources:
  meeting-guide PATH-or-URL   a Meeting Guide JSON feed, or the 12 Step Meeting
                              List CSV template (a path or address ending in .csv)

Run 'holdspace import meeting-guide -h' for its flags.
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	if args[0] != "meeting-guide" {
		fmt.Fprintf(env.Stderr, "holdspace import: unknown source %q; the one source is meeting-guide (run 'holdspace import -h')\n", args[0])
		return errUsage
	}
	return importMeetingGuide(ctx, env, args[1:])
}

// importMeetingGuide imports a Meeting Guide feed: each meeting becomes a
// group, found again by its slug on the next import, so importing the same
// feed twice changes nothing the second time.
func importMeetingGuide(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "import meeting-guide", "import meeting-guide [flags] PATH-or-URL",
		`Creates or updates a group for each meeting of a Meeting Guide feed: a JSON
file, an http(s) address, or the 12 Step Meeting List CSV template (.csv).
Groups are matched by the feed's slug, so running the import again updates
them; a group nobody changed is reported unchanged. Imported groups have no
organizer. Meetings that cannot become groups are skipped with the reason,
and the summary says what the feed held that Holdspace does not keep.
A file that is not valid JSON (or CSV) is refused with the line and column,
and nothing is changed.`)
	var d dbFlags
	d.register(fs)
	var category, format, timezone string
	var dryRun bool
	fs.StringVar(&category, "category", "addiction_recovery", "category of every imported group: "+optionValues(holdspace.Categories))
	fs.StringVar(&format, "format", "twelve_step", "format of every imported group: "+optionValues(holdspace.Formats))
	fs.StringVar(&timezone, "timezone", "", "time zone for meetings the feed gives none, like America/Chicago (most feeds give none)")
	fs.BoolVar(&dryRun, "dry-run", false, "report what the import would do without changing anything")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	// Flags may come after the path too: "import meeting-guide feed.json --timezone X".
	var sources []string
	for fs.NArg() > 0 {
		sources = append(sources, fs.Arg(0))
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return errUsage
		}
	}
	if len(sources) != 1 {
		fmt.Fprintln(fs.Output(), "give one PATH-or-URL to import")
		fs.Usage()
		return errUsage
	}
	src := sources[0]
	if !holdspace.ValidOption(holdspace.Categories, category) {
		return fmt.Errorf("--category %q is not a category; use one of %s", category, optionValues(holdspace.Categories))
	}
	if !holdspace.ValidOption(holdspace.Formats, format) {
		return fmt.Errorf("--format %q is not a format; use one of %s", format, optionValues(holdspace.Formats))
	}
	if timezone != "" {
		if _, err := schedule.LoadLocation(timezone); err != nil {
			return fmt.Errorf("--timezone %q is not a time zone; use a name like America/Chicago or Europe/London", timezone)
		}
	}

	data, isCSV, err := readFeed(ctx, src)
	if err != nil {
		return err
	}
	var feed meetingguide.Feed
	kind := "Meeting Guide JSON"
	if isCSV {
		kind = "CSV"
		feed, err = meetingguide.ParseCSV(bytes.NewReader(data))
	} else {
		feed, err = meetingguide.Parse(bytes.NewReader(data))
	}
	var syn *meetingguide.SyntaxError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%s: %w\nNothing was imported. Fix the file at that place (or ask whoever publishes it to) and run the import again", src, err)
	case errors.Is(err, meetingguide.ErrNotAFeed):
		return fmt.Errorf("%s: %w\nNothing was imported. Check that this is the feed's address or file: a feed is a list of meetings, [ {...}, ... ]", src, err)
	case err != nil:
		return fmt.Errorf("%s: %w\nNothing was imported", src, err)
	}

	store, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	im := importer{
		env: env, store: store, dryRun: dryRun,
		opts:      directory.ImportOptions{Category: category, Format: format, Timezone: timezone, Today: time.Now()},
		seen:      map[string]string{},
		skipCount: map[string]int{},
		notKept:   map[string]int{},
	}
	total := len(feed.Meetings) + countSkipped(feed.Problems)
	mode := ""
	if dryRun {
		mode = " (dry run: nothing will be changed)"
	}
	fmt.Fprintf(env.Stdout, "Importing %d meetings from %s (%s) into %s%s.\n", total, src, kind, d.describe(), mode)
	for _, p := range feed.Problems {
		if p.Skipped {
			fmt.Fprintf(env.Stdout, "  skipped: %s\n", p)
		} else {
			fmt.Fprintf(env.Stdout, "  note: %s\n", p)
		}
	}
	im.skipped = countSkipped(feed.Problems)
	if im.skipped > 0 {
		im.skipCount["the feed's entry could not be read (see above)"] = im.skipped
	}
	step := max(100, len(feed.Meetings)/10)
	for i, m := range feed.Meetings {
		if err := im.one(ctx, m); err != nil {
			fmt.Fprintf(env.Stdout, "%s\n", im.summary())
			return fmt.Errorf("the import stopped at meeting %q (slug %q): %w\nThe groups listed above are saved; running the import again is safe and finishes the rest", m.Name, m.Slug, err)
		}
		if len(feed.Meetings) >= 200 && (i+1)%step == 0 && i+1 < len(feed.Meetings) {
			fmt.Fprintf(env.Stderr, "… %d of %d meetings\n", i+1, len(feed.Meetings))
		}
	}

	fmt.Fprintln(env.Stdout, im.summary())
	if len(im.skipCount) > 0 {
		fmt.Fprintln(env.Stdout, "Skipped because:")
		for _, r := range sortedCounts(im.skipCount) {
			fmt.Fprintf(env.Stdout, "  %s (%s)\n", r.key, plural(r.n, "meeting"))
		}
	}
	if len(im.notKept) > 0 {
		fmt.Fprintln(env.Stdout, "Not kept, because Holdspace has no place for it:")
		for _, r := range sortedCounts(im.notKept) {
			fmt.Fprintf(env.Stdout, "  %s (%s)\n", r.key, plural(r.n, "meeting"))
		}
	}
	if len(feed.UnusedKeys) > 0 {
		fmt.Fprintf(env.Stdout, "Fields this importer does not read: %s.\n", strings.Join(feed.UnusedKeys, ", "))
	}
	if im.noTimezone > 0 {
		fmt.Fprintln(env.Stdout, "To import the meetings without a time zone, run the import again with --timezone (for example --timezone America/Chicago).")
	}
	return nil
}

// importer carries one import's state and counts.
type importer struct {
	env    Env
	store  *sqlstore.Store
	opts   directory.ImportOptions
	dryRun bool
	// seen maps each group slug of this import to the feed slug that made
	// it, to catch two feed slugs that become the same web address.
	seen                                 map[string]string
	created, updated, unchanged, skipped int
	noTimezone                           int // skipped for want of a time zone
	skipCount, notKept                   map[string]int
}

func (im *importer) summary() string {
	verb := "Created"
	if im.dryRun {
		verb = "Would create"
	}
	return fmt.Sprintf("%s %d, updated %d, unchanged %d, skipped %d.", verb, im.created, im.updated, im.unchanged, im.skipped)
}

// one imports one meeting. It returns an error only when the database
// fails; a meeting that cannot be used is reported and counted.
func (im *importer) one(ctx context.Context, m meetingguide.Meeting) error {
	who := fmt.Sprintf("meeting %q (slug %q)", m.Name, m.Slug)
	skipWith := func(reason string) {
		im.skipped++
		im.skipCount[reason]++
		fmt.Fprintf(im.env.Stdout, "  skipped: %s: %s\n", who, reason)
	}
	mapped, err := directory.ImportMeeting(m, im.opts)
	for _, n := range mapped.Notes {
		fmt.Fprintf(im.env.Stdout, "  note: %s: %s\n", who, n)
	}
	var skipErr *directory.SkipError
	if errors.As(err, &skipErr) {
		if skipErr.Field == "timezone" && m.Timezone == "" {
			im.noTimezone++
		}
		skipWith(skipErr.Reason)
		return nil
	}
	if err != nil {
		return err
	}
	if first, dup := im.seen[mapped.Slug]; dup {
		skipWith(fmt.Sprintf("its slug becomes %q, as slug %q did before it; give one of them another slug", mapped.Slug, first))
		return nil
	}
	im.seen[mapped.Slug] = m.Slug
	for _, k := range mapped.NotKept {
		im.notKept[k]++
	}

	existing, err := im.store.GroupBySlug(ctx, mapped.Slug)
	found := err == nil
	if err != nil && holdspace.ErrorCode(err) != holdspace.ENotFound {
		return err
	}
	if found && existing.CreatedBy != 0 {
		skipWith(fmt.Sprintf("a group at /groups/%s already exists on this site and was not imported; it is left alone (change the feed's slug, or rename that group)", mapped.Slug))
		return nil
	}
	base := holdspace.Group{Slug: mapped.Slug}
	if found {
		// Keep the first import's start date, so the same feed imported on
		// another day is still unchanged.
		base = existing
		mapped.Input.Schedule.StartsOn = existing.Schedule.StartsOn
	}
	g, problems := directory.Apply(base, mapped.Input)
	if len(problems) > 0 {
		var msgs []string
		for _, p := range problems {
			msgs = append(msgs, p.Field+": "+p.Message)
		}
		skipWith("Holdspace cannot use it as a group: " + strings.Join(msgs, "; "))
		return nil
	}
	switch {
	case found && directory.SameGroup(existing, g):
		im.unchanged++
		return nil
	case found:
		if !im.dryRun {
			if _, err := im.store.UpdateGroup(ctx, g); err != nil {
				return err
			}
		}
		im.updated++
		fmt.Fprintf(im.env.Stdout, "  updated: %s as /groups/%s\n", who, g.Slug)
	default:
		if !im.dryRun {
			if _, err := im.store.CreateGroup(ctx, g, ""); err != nil {
				if holdspace.ErrorCode(err) == holdspace.EConflict {
					skipWith(fmt.Sprintf("a group at /groups/%s was created while the import ran; run the import again", g.Slug))
					return nil
				}
				return err
			}
		}
		im.created++
	}
	return nil
}

// readFeed reads a feed from a file or an http(s) address, at most
// maxFeedBytes. isCSV is true for a path or address ending in .csv, or a
// response that says it is CSV.
func readFeed(ctx context.Context, src string) (data []byte, isCSV bool, err error) {
	if strings.Contains(src, "://") {
		return fetchFeed(ctx, src)
	}
	f, err := os.Open(src)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, false, fmt.Errorf("%s: no such file; check the path (or give an address starting with https://)", src)
		}
		return nil, false, fmt.Errorf("cannot read %s: %w", src, err)
	}
	defer f.Close()
	data, err = readLimited(f)
	if err != nil {
		return nil, false, fmt.Errorf("cannot read %s: %w", src, err)
	}
	return data, strings.EqualFold(path.Ext(src), ".csv"), nil
}

func fetchFeed(ctx context.Context, src string) ([]byte, bool, error) {
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false, fmt.Errorf("%s: only http and https addresses can be imported; for a file on this computer give its path", src)
	}
	ctx, cancel := context.WithTimeout(ctx, feedTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", src, err)
	}
	req.Header.Set("User-Agent", "holdspace/"+Version+" (Meeting Guide import)")
	req.Header.Set("Accept", "application/json, text/csv;q=0.9, */*;q=0.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, false, fmt.Errorf("%s: no complete answer within %s; try again later, or download the feed and import the file", src, feedTimeout)
		}
		return nil, false, fmt.Errorf("cannot fetch %s: %w; check the address and the network", src, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, false, fmt.Errorf("%s answered %s; check the address in a browser", src, resp.Status)
	}
	data, err := readLimited(resp.Body)
	if err != nil {
		return nil, false, fmt.Errorf("cannot fetch %s: %w", src, err)
	}
	isCSV := strings.EqualFold(path.Ext(resp.Request.URL.Path), ".csv") ||
		strings.HasPrefix(strings.ToLower(resp.Header.Get("Content-Type")), "text/csv")
	return data, isCSV, nil
}

// readLimited reads all of r, refusing more than maxFeedBytes.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFeedBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFeedBytes {
		return nil, fmt.Errorf("the feed is larger than %d MB, more than any real directory; check that this is the feed", maxFeedBytes>>20)
	}
	return data, nil
}

// countSkipped counts the meetings Parse left out: problems with Skipped
// set, one meeting per input position.
func countSkipped(problems []meetingguide.Problem) int {
	seen := map[int]bool{}
	for _, p := range problems {
		if p.Skipped {
			seen[p.Index] = true
		}
	}
	return len(seen)
}

func optionValues(opts []holdspace.Option) string {
	var vals []string
	for _, o := range opts {
		vals = append(vals, o.Value)
	}
	return strings.Join(vals, ", ")
}

type keyCount struct {
	key string
	n   int
}

// sortedCounts lists counts largest first, then by key.
func sortedCounts(m map[string]int) []keyCount {
	var out []keyCount
	for k, n := range m {
		out = append(out, keyCount{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].key < out[j].key
	})
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
