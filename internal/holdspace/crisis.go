package holdspace

// CrisisLine is one way to reach crisis help in a region, from the table the
// site operator maintains. Numbers are shown exactly as stored: a wrong number
// shown to someone in crisis does harm, so nothing here "fixes" them.
type CrisisLine struct {
	ID              int64
	Region          string // ISO 3166-1 alpha-2, upper case
	Name            string
	Phone           string
	Text            string // how to text, e.g. "Text 988"
	ChatURL         string
	Hours           string
	Languages       string
	EmergencyNumber string
	Confidence      string
	Sources         string
	Position        int // order within the region
}

// Region is a country with crisis lines, for the region picker.
type Region struct {
	Code string
	Name string
}
