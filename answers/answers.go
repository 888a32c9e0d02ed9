// Package answers holds what a person says about their system: the inputs to
// every estimate and rule. Flags and answers files both set values through
// the same field table, so they accept the same spellings and ranges.
package answers

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/human"
)

// Version is the answers-file format this build reads and writes.
const Version = 1

// Answers is what the person gave. A nil pointer means "not given": the
// advisor fills it from the knowledge base and lists it as an assumption.
type Answers struct {
	Version         int      `json:"version" yaml:"version"`
	Name            string   `json:"name,omitempty" yaml:"name,omitempty"`
	Users           *float64 `json:"users,omitempty" yaml:"users,omitempty"`
	DAU             *float64 `json:"dau,omitempty" yaml:"dau,omitempty"`
	RequestsPerUser *float64 `json:"requests_per_user,omitempty" yaml:"requests_per_user,omitempty"`
	ReadRatio       *float64 `json:"read_ratio,omitempty" yaml:"read_ratio,omitempty"`
	WritesPerDay    *float64 `json:"writes_per_day,omitempty" yaml:"writes_per_day,omitempty"`
	ReadsPerDay     *float64 `json:"reads_per_day,omitempty" yaml:"reads_per_day,omitempty"`
	PeakRPS         *float64 `json:"peak_rps,omitempty" yaml:"peak_rps,omitempty"`
	PeakFactor      *float64 `json:"peak_factor,omitempty" yaml:"peak_factor,omitempty"`
	WriteBytes      *float64 `json:"write_bytes,omitempty" yaml:"write_bytes,omitempty"`
	DataGB          *float64 `json:"data_gb,omitempty" yaml:"data_gb,omitempty"`
	RetentionYears  *float64 `json:"retention_years,omitempty" yaml:"retention_years,omitempty"`
	GrowthPct       *float64 `json:"growth,omitempty" yaml:"growth,omitempty"`
	Regions         *float64 `json:"regions,omitempty" yaml:"regions,omitempty"`
	Availability    *float64 `json:"availability,omitempty" yaml:"availability,omitempty"`
	BudgetUSD       *float64 `json:"budget,omitempty" yaml:"budget,omitempty"`
	Team            *float64 `json:"team,omitempty" yaml:"team,omitempty"`
	Traits          []string `json:"traits,omitempty" yaml:"traits,omitempty"`
	Provider        string   `json:"provider,omitempty" yaml:"provider,omitempty"`
}

// Kind says how a field's text is read.
type Kind int

// The kinds of answer values.
const (
	KindCount   Kind = iota // 2M, 150k, 2e6, 2,000,000
	KindRatio               // 10 or 10:1
	KindPercent             // 15% or 99.9
	KindMoney               // $15,000
	KindWhole               // a whole number: regions, engineers
	KindText                // free text
	KindTraits              // comma list from Traits
	KindWord                // one word from a fixed set checked elsewhere
)

// Field describes one answer: its file key, its flag, how it is read and the
// range it must fall in.
type Field struct {
	Key     string // answers-file key
	Flag    string // command-line flag, without dashes
	Kind    Kind
	Min     float64 // smallest allowed value
	Max     float64 // largest allowed value
	MinOpen bool    // Min itself is not allowed (e.g. users must be > 0)
	Usage   string  // one line for --help
	Example string  // a valid value, shown in errors and help
	get     func(*Answers) *float64
}

// Fields lists every answer in the order people think about them.
var Fields = []Field{
	{Key: "name", Flag: "name", Kind: KindText, Usage: "product name, shown in the title and diagram", Example: "Acme"},
	{Key: "users", Flag: "users", Kind: KindCount, Min: 1, Max: 1e10, Usage: "monthly active users (2000000, 2e6, 2M, 150k)", Example: "2M", get: func(a *Answers) *float64 { return a.Users }},
	{Key: "dau", Flag: "dau", Kind: KindCount, Min: 1, Max: 1e10, Usage: "daily active users (default: users × DAU/MAU ratio)", Example: "500k", get: func(a *Answers) *float64 { return a.DAU }},
	{Key: "requests_per_user", Flag: "requests-per-user", Kind: KindCount, Min: 0, MinOpen: true, Max: 1e6, Usage: "requests per daily user per day", Example: "50", get: func(a *Answers) *float64 { return a.RequestsPerUser }},
	{Key: "read_ratio", Flag: "read-ratio", Kind: KindRatio, Min: 0, Max: 1e6, Usage: "reads per write, 10 or 10:1", Example: "10:1", get: func(a *Answers) *float64 { return a.ReadRatio }},
	{Key: "writes_per_day", Flag: "writes-per-day", Kind: KindCount, Min: 0, Max: 1e14, Usage: "total writes per day, when known (replaces --requests-per-user)", Example: "1M", get: func(a *Answers) *float64 { return a.WritesPerDay }},
	{Key: "reads_per_day", Flag: "reads-per-day", Kind: KindCount, Min: 0, Max: 1e14, Usage: "total reads per day, when known (replaces --requests-per-user)", Example: "10M", get: func(a *Answers) *float64 { return a.ReadsPerDay }},
	{Key: "peak_rps", Flag: "peak-rps", Kind: KindCount, Min: 0, MinOpen: true, Max: 1e9, Usage: "measured peak requests per second (wins over derivation)", Example: "40000", get: func(a *Answers) *float64 { return a.PeakRPS }},
	{Key: "peak_factor", Flag: "peak-factor", Kind: KindCount, Min: 1, Max: 100, Usage: "peak / average traffic (the spiky trait raises the default)", Example: "3", get: func(a *Answers) *float64 { return a.PeakFactor }},
	{Key: "write_bytes", Flag: "write-bytes", Kind: KindCount, Min: 0, MinOpen: true, Max: 1e10, Usage: "average bytes stored per write", Example: "1k", get: func(a *Answers) *float64 { return a.WriteBytes }},
	{Key: "data_gb", Flag: "data-gb", Kind: KindCount, Min: 0, Max: 1e9, Usage: "data stored today, in GB (default 0: a new system)", Example: "500", get: func(a *Answers) *float64 { return a.DataGB }},
	{Key: "retention_years", Flag: "retention-years", Kind: KindCount, Min: 0, MinOpen: true, Max: 100, Usage: "how long data is kept, in years", Example: "5", get: func(a *Answers) *float64 { return a.RetentionYears }},
	{Key: "growth", Flag: "growth", Kind: KindPercent, Min: 0, Max: 1000, Usage: "monthly growth, like 15%", Example: "15%", get: func(a *Answers) *float64 { return a.GrowthPct }},
	{Key: "regions", Flag: "regions", Kind: KindWhole, Min: 1, Max: 30, Usage: "number of geographic regions users are in (1 = one region)", Example: "2", get: func(a *Answers) *float64 { return a.Regions }},
	{Key: "availability", Flag: "availability", Kind: KindPercent, Min: 90, Max: 99.9999, Usage: "availability target in percent, like 99.9", Example: "99.95", get: func(a *Answers) *float64 { return a.Availability }},
	{Key: "budget", Flag: "budget", Kind: KindMoney, Min: 0, Max: 1e9, Usage: "monthly infrastructure budget in USD", Example: "15000", get: func(a *Answers) *float64 { return a.BudgetUSD }},
	{Key: "team", Flag: "team", Kind: KindWhole, Min: 1, Max: 1e6, Usage: "engineers working on the system", Example: "8", get: func(a *Answers) *float64 { return a.Team }},
	{Key: "traits", Flag: "traits", Kind: KindTraits, Usage: "workload traits, comma list: " + strings.Join(Traits, ", "), Example: "search,media"},
	{Key: "provider", Flag: "provider", Kind: KindWord, Usage: "price catalog: aws (default), gcp, hetzner or digitalocean", Example: "aws"},
}

// Traits are the workload traits a rule can test for.
var Traits = []string{"search", "media", "realtime", "ai", "jobs", "spiky", "write-heavy", "global"}

// FieldByKey finds a field by its answers-file key.
func FieldByKey(key string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Ptr returns a pointer to the numeric answer behind f, or nil for text
// fields. It lets callers read a value generically (sweeps, what-ifs).
func (f Field) Ptr(a *Answers) *float64 {
	if f.get == nil {
		return nil
	}
	return f.get(a)
}

// Set parses raw as the value of the field named key and stores it.
// The error says what was given and what is allowed, without naming the
// source; callers prefix the flag or file:line.
func (a *Answers) Set(key, raw string) error {
	f, ok := FieldByKey(key)
	if !ok {
		return fmt.Errorf("unknown answer %q", key)
	}
	switch f.Kind {
	case KindText:
		// Surrounding blank space is never meant (YAML block scalars end in a
		// line break); inner line breaks are kept and escaped by renderers.
		a.Name = strings.TrimSpace(raw)
		return nil
	case KindWord:
		a.Provider = strings.ToLower(strings.TrimSpace(raw))
		if a.Provider == "" {
			return fmt.Errorf("%q: empty value; want a provider name like aws", raw)
		}
		return nil
	case KindTraits:
		ts, err := ParseTraits(raw)
		if err != nil {
			return err
		}
		a.Traits = ts
		return nil
	}
	v, err := parseKind(f.Kind, raw)
	if err != nil {
		return err
	}
	if err := f.check(v, raw); err != nil {
		return err
	}
	a.setNumber(key, v)
	return nil
}

func parseKind(k Kind, raw string) (float64, error) {
	switch k {
	case KindRatio:
		return ParseRatio(raw)
	case KindPercent:
		return ParsePercent(raw)
	case KindMoney:
		return ParseMoney(raw)
	case KindWhole:
		v, err := ParseCount(raw)
		if err != nil {
			return 0, fmt.Errorf("%q: want a whole number like 2", raw)
		}
		if v != math.Trunc(v) {
			return 0, fmt.Errorf("%q: want a whole number like 2", raw)
		}
		return v, nil
	default:
		return ParseCount(raw)
	}
}

// check enforces the field's range, naming the limit that was crossed.
func (f Field) check(v float64, raw string) error {
	if v < f.Min || (f.MinOpen && v == f.Min) {
		if f.MinOpen {
			return fmt.Errorf("%q: must be greater than %s", raw, plain(f.Min))
		}
		return fmt.Errorf("%q: must be at least %s", raw, plain(f.Min))
	}
	if v > f.Max {
		return fmt.Errorf("%q: the maximum is %s", raw, plain(f.Max))
	}
	return nil
}

// plain writes a limit or value in a spelling the parsers accept back:
// 10,000,000,000 rather than 1e+10.
func plain(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e18 {
		return human.Grouped(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (a *Answers) setNumber(key string, v float64) {
	p := &v
	switch key {
	case "users":
		a.Users = p
	case "dau":
		a.DAU = p
	case "requests_per_user":
		a.RequestsPerUser = p
	case "read_ratio":
		a.ReadRatio = p
	case "writes_per_day":
		a.WritesPerDay = p
	case "reads_per_day":
		a.ReadsPerDay = p
	case "peak_rps":
		a.PeakRPS = p
	case "peak_factor":
		a.PeakFactor = p
	case "write_bytes":
		a.WriteBytes = p
	case "data_gb":
		a.DataGB = p
	case "retention_years":
		a.RetentionYears = p
	case "growth":
		a.GrowthPct = p
	case "regions":
		a.Regions = p
	case "availability":
		a.Availability = p
	case "budget":
		a.BudgetUSD = p
	case "team":
		a.Team = p
	}
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
			return nil, fmt.Errorf("%s", msg)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ConflictError is answers that contradict each other. Keys names the
// answers involved, so a file can point at their lines.
type ConflictError struct {
	Keys []string
	Msg  string
}

func (e *ConflictError) Error() string { return e.Msg }

// Validate checks what no single field can: combinations that contradict
// each other. The error is a *ConflictError naming the answers involved.
func (a *Answers) Validate() error {
	conflict := func(msg string, keys ...string) error { return &ConflictError{Keys: keys, Msg: msg} }
	if a.Users != nil && a.DAU != nil && *a.DAU > *a.Users {
		return conflict(fmt.Sprintf("dau (%s) is more than users (%s): daily users are a subset of monthly users", plain(*a.DAU), plain(*a.Users)), "dau", "users")
	}
	if (a.WritesPerDay != nil || a.ReadsPerDay != nil) && a.RequestsPerUser != nil {
		keys := []string{"requests_per_user", "writes_per_day"}
		if a.WritesPerDay == nil {
			keys[1] = "reads_per_day"
		}
		return conflict("requests-per-user conflicts with writes-per-day/reads-per-day: give requests per user or daily totals, not both", keys...)
	}
	if a.WritesPerDay != nil && a.ReadsPerDay != nil && a.ReadRatio != nil {
		return conflict("read-ratio conflicts with giving both writes-per-day and reads-per-day: the totals already fix the ratio", "read_ratio", "writes_per_day", "reads_per_day")
	}
	if a.WritesPerDay != nil && a.ReadsPerDay != nil && *a.WritesPerDay == 0 && *a.ReadsPerDay == 0 {
		return conflict("writes-per-day and reads-per-day are both 0: the system would serve no requests", "writes_per_day", "reads_per_day")
	}
	return nil
}

// IsConflict reports whether err is answers contradicting each other.
func IsConflict(err error) bool {
	var ce *ConflictError
	return errors.As(err, &ce)
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
