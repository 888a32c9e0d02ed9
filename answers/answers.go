// Package answers holds what a person says about their system: the inputs to
// every estimate and rule. Each answer is declared once (fields.go); flags,
// answers-file keys, questionnaire fields and the plan's JSON inputs all
// derive from that declaration, so they share one name and one parser.
package answers

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/scaleplan/scaleplan/human"
)

// Version is the answers-file format this build reads and writes.
const Version = 1

// Answers is what the person gave. An answer not given is filled by the
// advisor from the knowledge base and listed as an assumption. The zero
// value is no answers at all; Answers copies as a value, with Clone for
// the traits.
type Answers struct {
	Version  int
	Name     string
	Traits   []string
	Provider string

	num  [maxFields]float64
	has  [maxFields]bool
	from [maxFields]string // where each answer was given: "--users", "answers.yaml:3"
}

// Value returns a numeric answer and whether it was given.
func (a *Answers) Value(f *Field) (float64, bool) {
	return a.num[f.index], a.has[f.index]
}

// Has reports whether an answer of any kind was given.
func (a *Answers) Has(f *Field) bool {
	switch f.Kind {
	case KindText:
		return a.Name != ""
	case KindTraits:
		return len(a.Traits) > 0
	case KindWord:
		return a.Provider != ""
	}
	return a.has[f.index]
}

// SetValue stores a numeric answer as given, without checks: for callers
// that computed it (what-ifs, sweeps, the questionnaire's shares).
func (a *Answers) SetValue(f *Field, v float64) {
	a.num[f.index], a.has[f.index] = v, true
}

// Unset forgets an answer, so it is defaulted or derived again.
func (a *Answers) Unset(f *Field) {
	switch f.Kind {
	case KindText:
		a.Name = ""
	case KindTraits:
		a.Traits = nil
	case KindWord:
		a.Provider = ""
	}
	a.num[f.index], a.has[f.index], a.from[f.index] = 0, false, ""
}

// Origin says where an answer was given ("--users", "answers.yaml:3"), or
// "" when that was not recorded.
func (a *Answers) Origin(f *Field) string { return a.from[f.index] }

// SetFrom is Set that records where the text came from, so errors found
// later (ranges from the knowledge base, conflicts) can point there.
func (a *Answers) SetFrom(f *Field, raw, origin string) error {
	if err := a.Set(f, raw); err != nil {
		return err
	}
	a.from[f.index] = origin
	return nil
}

// MaxNameLen is the longest product name: a title, not a document.
const MaxNameLen = 200

// Set parses raw as the value of f and stores it. The error says what was
// given and what is allowed, without naming the source; callers prefix the
// flag or file:line.
func (a *Answers) Set(f *Field, raw string) error {
	switch f.Kind {
	case KindText:
		// Surrounding blank space is never meant (YAML block scalars end in a
		// line break); inner line breaks are kept and escaped by renderers.
		// Invisible format characters (a right-to-left override) are never
		// meant either, and would reorder the name wherever it is shown.
		name := strings.TrimSpace(strings.Map(func(r rune) rune {
			if human.IsFormat(r) {
				return -1
			}
			return r
		}, raw))
		if n := utf8.RuneCountInString(name); n > MaxNameLen {
			return fmt.Errorf("%q: %d characters; a name is at most %d", human.Cut(name, 40), n, MaxNameLen)
		}
		a.Name = name
		return nil
	case KindWord:
		w := strings.ToLower(strings.TrimSpace(raw))
		if w == "" {
			return fmt.Errorf("%q: empty value; want a provider name like %s", raw, DefaultProvider)
		}
		a.Provider = w
		return nil
	case KindTraits:
		ts, err := ParseTraits(raw)
		if err != nil {
			return err
		}
		a.Traits = ts
		return nil
	}
	v, err := f.Parse(raw)
	if err != nil {
		return err
	}
	a.SetValue(f, v)
	return nil
}

// Parse reads raw as a value of f and checks the field's own lower bound.
// Upper bounds are the knowledge base's (Field.Max) and are checked when a
// plan is made.
func (f *Field) Parse(raw string) (float64, error) {
	v, err := f.parseText(raw)
	if errors.Is(err, ErrPastRange) && f.Max != "" {
		// Past any number is past the answer's maximum, which the
		// knowledge base holds and the advisor names.
		return math.MaxFloat64, nil
	}
	if errors.Is(err, ErrPastRange) && f.Upper > 0 {
		return 0, fmt.Errorf("%q: past any number; the most is %s", raw, Plain(f.Upper))
	}
	if err != nil {
		return 0, err
	}
	if v < f.Min || (f.MinOpen && v == f.Min) {
		if f.MinOpen {
			return 0, fmt.Errorf("%q: must be greater than %s", raw, Plain(f.Min))
		}
		// 0.999 is a fraction where a percentage is wanted: the script
		// that wrote it meant 99.9.
		if f.Kind == KindPercent && v > 0 && v < 1 && v*100 >= f.Min {
			pct := strconv.FormatFloat(v*100, 'g', 10, 64)
			return 0, fmt.Errorf("%q: must be at least %s; write %s for %s%%", raw, Plain(f.Min), pct, pct)
		}
		return 0, fmt.Errorf("%q: must be at least %s", raw, Plain(f.Min))
	}
	if f.Upper > 0 && (v > f.Upper || f.UpperOpen && v == f.Upper) {
		if f.UpperOpen {
			return 0, fmt.Errorf("%q: must be below %s", raw, Plain(f.Upper))
		}
		return 0, fmt.Errorf("%q: the most is %s", raw, Plain(f.Upper))
	}
	// After the bounds: half a user is below one, not only a fraction.
	if f.Whole && v != math.Trunc(v) {
		return 0, fmt.Errorf("%q: want a whole number of %s, like %s", raw, f.Unit, f.Example)
	}
	return v + 0, nil // + 0 turns -0 into 0
}

// parseText reads raw by the field's kind, an error giving the field's own
// examples.
func (f *Field) parseText(raw string) (float64, error) {
	switch f.Kind {
	case KindRatio:
		return ParseRatio(raw)
	case KindPercent:
		return parsePercent(raw, "want "+f.Want())
	case KindGB:
		return parseGB(raw, "want "+f.Want())
	case KindMoney:
		return ParseMoney(raw)
	case KindBytes:
		return ParseBytes(raw)
	case KindWhole:
		if err := Underscored(raw, "want a whole number like 2"); err != nil {
			return 0, err
		}
		v, err := ParseCount(raw)
		if errors.Is(err, ErrPastRange) {
			return 0, err
		}
		if err != nil || v != math.Trunc(v) {
			return 0, fmt.Errorf("%q: want a whole number like 2", raw)
		}
		return v, nil
	default:
		return parseCount(raw, "want "+f.Want())
	}
}

// Text writes a numeric answer the way a person would type it, so that it
// parses back to the same value: 2M, 10:1, 15%, 2KB.
func (f *Field) Text(v float64) string {
	v += 0 // -0 is written 0
	if math.Abs(v) >= 1e15 {
		return strings.Replace(strconv.FormatFloat(v, 'g', -1, 64), "e+", "e", 1) // 1e20, not twenty digits
	}
	plain := strconv.FormatFloat(v, 'f', -1, 64)
	switch f.Kind {
	case KindRatio:
		return plain + ":1"
	case KindPercent:
		return plain + "%"
	}
	suffixes := []struct {
		div float64
		suf string
	}{{1e9, "B"}, {1e6, "M"}, {1e3, "k"}}
	if f.Kind == KindGB {
		suffixes = suffixes[1:] // 5000B GB would read as bytes
	}
	if f.Kind == KindBytes {
		suffixes = []struct {
			div float64
			suf string
		}{{1e9, "GB"}, {1e6, "MB"}, {1e3, "KB"}}
	}
	for _, u := range suffixes {
		if math.Abs(v) < u.div {
			continue
		}
		s := strconv.FormatFloat(v/u.div, 'f', -1, 64)
		if len(s) > 6 {
			continue
		}
		if back, err := f.parseText(s + u.suf); err == nil && back == v {
			return s + u.suf
		}
	}
	return plain
}

// Display writes a numeric answer for people: 2M, 10:1, 20 KB, 99.9%,
// $15,000/mo, 5 years.
func (f *Field) Display(v float64) string {
	switch f.Kind {
	case KindRatio:
		if v > 0 && v < 1 {
			return "1:" + human.Count(1/v)
		}
		return human.Count(v) + ":1"
	case KindPercent:
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	case KindMoney:
		return human.USD(v) + "/mo"
	case KindBytes:
		return human.Bytes(v)
	}
	s := human.Count(v)
	if f.Short != "" {
		unit := f.Short
		if v == 1 {
			unit = strings.TrimSuffix(unit, "s") // 1 region, 1 year, 1 engineer
		}
		s += " " + unit
	}
	return s
}

// Plain writes a limit or value in a spelling the parsers accept back:
// 10,000,000,000 rather than 1e+10.
func Plain(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e18 {
		return human.Grouped(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// ParseTraits reads a comma list of traits, refusing unknown ones with the
// list of valid ones. The result is sorted and free of repeats, so the same
// traits in any order give the same plan.
func ParseTraits(raw string) ([]string, error) {
	var out []string
	for _, t := range strings.Split(raw, ",") {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if !slices.Contains(Traits, t) {
			msg := fmt.Sprintf("%q: unknown trait; valid traits are %s", t, strings.Join(Traits, ", "))
			if s := Nearest(t, Traits); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, errors.New(msg)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// TrafficFields are the answers that say how much traffic there is; a plan
// needs at least one.
var TrafficFields = []*Field{Users, DAU, PeakRPS, ReadsPerDay, WritesPerDay}

// HasTraffic reports whether a gives any traffic figure.
func HasTraffic(a *Answers) bool {
	for _, f := range TrafficFields {
		if a.Has(f) {
			return true
		}
	}
	return false
}

// HasTrait reports whether the answers name a workload trait.
func (a *Answers) HasTrait(t string) bool { return slices.Contains(a.Traits, t) }

// Error is a problem with answers: one that contradicts another, or a value
// outside what the knowledge base calls plausible. Fields names the answers
// involved, so a command can name their flags or file lines and a form can
// show the message under its field. Msg does not repeat the answer's name.
type Error struct {
	Fields []*Field
	Value  string // the answer as given, when the error is about one value
	Msg    string
}

func (e *Error) Error() string {
	if len(e.Fields) == 1 {
		if e.Value != "" {
			return e.Fields[0].Key + " " + e.Value + ": " + e.Msg
		}
		return e.Fields[0].Key + ": " + e.Msg
	}
	return e.Msg
}

// Validate checks what no single field can: combinations that contradict
// each other. The error is an *Error naming the answers involved.
func (a *Answers) Validate() error {
	conflict := func(msg string, fs ...*Field) error { return &Error{Fields: fs, Msg: msg} }
	users, hasUsers := a.Value(Users)
	dau, hasDAU := a.Value(DAU)
	reads, hasReads := a.Value(ReadsPerDay)
	writes, hasWrites := a.Value(WritesPerDay)
	if hasUsers && hasDAU && dau > users {
		return conflict(fmt.Sprintf("dau (%s) is more than users (%s): daily users are a subset of monthly users", Plain(dau), Plain(users)), DAU, Users)
	}
	if (hasWrites || hasReads) && a.Has(RequestsPerUser) {
		other := WritesPerDay
		if !hasWrites {
			other = ReadsPerDay
		}
		return conflict("requests_per_user conflicts with writes_per_day and reads_per_day: give requests per user or daily totals, not both", RequestsPerUser, other)
	}
	// A measured peak over the daily average the other traffic answers give
	// is the peak factor: a factor given as well would contradict one of them.
	if a.Has(PeakRPS) && a.Has(PeakFactor) && (hasUsers || hasDAU || hasReads || hasWrites) {
		fs := []*Field{PeakFactor, PeakRPS}
		for _, f := range []*Field{Users, DAU, ReadsPerDay, WritesPerDay} {
			if a.Has(f) {
				fs = append(fs, f)
			}
		}
		return conflict(fmt.Sprintf("peak_factor conflicts with peak_rps and %s: the measured peak over the daily average they give is the peak factor; give peak_factor or peak_rps, not both", fs[2].Key), fs...)
	}
	if hasWrites && hasReads && a.Has(ReadRatio) {
		return conflict("read_ratio conflicts with giving both writes_per_day and reads_per_day: the totals already fix the ratio", ReadRatio, WritesPerDay, ReadsPerDay)
	}
	if hasWrites && hasReads && writes == 0 && reads == 0 {
		return conflict("writes_per_day and reads_per_day are both 0: the system would serve no requests", WritesPerDay, ReadsPerDay)
	}
	return nil
}

// AsError returns err as an *Error, if it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Nearest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a likely typo.
func Nearest(s string, candidates []string) string {
	best, bestD := "", len(s)/3+2
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ScaleTraffic returns a copy of a with every traffic figure multiplied by
// factor: users, daily users, a measured peak and daily totals. Ratios,
// sizes and targets stay as they are, so the result is "the same system
// with more (or less) load". The advisor clamps the results to the
// knowledge base's limits.
func ScaleTraffic(a Answers, factor float64) Answers {
	out := a.Clone()
	for _, f := range []*Field{Users, DAU, PeakRPS, WritesPerDay, ReadsPerDay} {
		if v, ok := out.Value(f); ok {
			out.num[f.index] = v * factor
		}
	}
	return out
}

// Clone returns a deep copy, so changing one does not change the other.
func (a Answers) Clone() Answers {
	a.Traits = slices.Clone(a.Traits)
	return a
}

// Equal reports whether two sets of answers give the same values (where
// they were given is not compared).
func (a *Answers) Equal(b *Answers) bool {
	return a.Version == b.Version && a.Name == b.Name && a.Provider == b.Provider &&
		slices.Equal(a.Traits, b.Traits) && a.num == b.num && a.has == b.has
}
