// Package schedule works out when a peer-support group meets: a repeat rule
// (a subset of RFC 5545 RRULE, see Rule), a local start time and length, the
// group's time zone, and the meetings that were cancelled or moved.
//
// It uses the standard library only. What a caller must know:
//
// Wall-clock time. Meetings are computed in local time in the group's zone,
// so a 19:00 meeting stays at 19:00 across daylight-saving changes; the
// instant moves instead. A meeting lasts Duration of real time, so one that
// spans a change ends at a different wall-clock time than usual.
//
// Clock changes. A start time that does not exist on a given day (02:30 when
// clocks spring from 02:00 to 03:00) moves forward by the length of the gap,
// to 03:30. A start time that happens twice (01:30 when clocks fall back
// from 02:00 to 01:00) is the first of the two. Both follow RFC 5545 section
// 3.3.5, so calendar programs reading our iCalendar feeds agree; see At.
//
// Missing days. A monthly rule for a day a month does not have (the 29th,
// 30th or 31st) or a 5th weekday a month does not have skips that month, as
// RFC 5545 says; it is never moved to the last day. "On day 31 of each
// month" meets seven times a year. For the end of the month use the last
// weekday (BYDAY=-1FR).
//
// INTERVAL. The first meeting is the first day on or after StartsOn that the
// rule picks, and "every N weeks" (or months) counts from that meeting's
// week (weeks start on WKST, Monday by default) or month. Every other Monday
// starting on Wednesday 7 January 2026 meets on 12 and 26 January.
//
// COUNT counts meetings from the first, cancelled ones included, as
// iCalendar does; UNTIL=YYYYMMDD means through that local date, and
// UNTIL=...Z means meetings starting at or before that instant.
package schedule
