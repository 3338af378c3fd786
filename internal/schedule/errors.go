package schedule

// Field names a part of a schedule as a person filling in a form sees it.
// The values double as the labels at the start of error messages.
type Field string

// The fields of a schedule, in the order a form shows them.
const (
	FieldRule       Field = "Repeat rule"
	FieldStart      Field = "Start time"
	FieldDuration   Field = "Duration"
	FieldStartsOn   Field = "Starts on"
	FieldTimeZone   Field = "Time zone"
	FieldExceptions Field = "Cancelled or moved meetings"
)

// FieldError says which field of a schedule is wrong and, in plain words, how
// to put it right. Its Error text, "Repeat rule: choose at least one day of
// the week", is meant to be shown to the person who typed the value.
type FieldError struct {
	Field   Field
	Message string
}

func (e *FieldError) Error() string { return string(e.Field) + ": " + e.Message }

func ruleError(msg string) error { return &FieldError{Field: FieldRule, Message: msg} }
