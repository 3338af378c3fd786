package agreement

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// ConsentCSVHeader is the first row of a consent records download.
var ConsentCSVHeader = []string{"member_id", "display_name", "version", "accepted_at"}

// WriteConsentsCSV writes consent records as CSV: member_id, display_name
// (the name the member uses in the group), version and accepted_at
// (RFC 3339, UTC).
func WriteConsentsCSV(w io.Writer, consents []Consent) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ConsentCSVHeader); err != nil {
		return err
	}
	for _, c := range consents {
		row := []string{strconv.FormatInt(c.MemberID, 10), spreadsheetSafe(c.DisplayName), strconv.Itoa(c.Version),
			c.AcceptedAt.UTC().Format(time.RFC3339)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// spreadsheetSafe keeps a name from being read as a formula when the file
// is opened in a spreadsheet program.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
