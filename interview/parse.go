package interview

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/scaleplan/scaleplan/answers"
)

// The ways an answer can be read. Numbers take every spelling the answers
// package takes (12000, 12k, 1.2e4, ~12,000), plus a unit where one makes
// sense.
type valueKind int

const (
	kindRate     valueKind = iota // requests per second: 12k, 12,000 rps
	kindGB                        // a size in GB, or with a unit: 500, 1.5 TB, 800 MB
	kindGBMonth                   // GB a month: as kindGB, "/month" allowed
	kindCount                     // a plain quantity: 4B, 1e9
	kindDuration                  // 100ns, 0.5 ms, 43.8 min, 8.8 hours
	kindPercent                   // an availability: 99.9, 99.9%, 3 nines
)

// trimSuffixes removes the first of the suffixes that s ends with, and
// reports which it removed.
func trimSuffixes(s string, suffixes ...string) (string, bool) {
	for _, suf := range suffixes {
		if strings.HasSuffix(s, suf) {
			return strings.TrimSpace(strings.TrimSuffix(s, suf)), true
		}
	}
	return s, false
}

// ParseRate reads requests per second: "1157", "1.2k", "~1,200 rps", "1.2e3 qps".
func ParseRate(raw string) (float64, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	s, _ = trimSuffixes(s, "requests per second", "requests a second", "requests/s", "req/s", "per second", "a second", "rps", "qps", "/s")
	v, err := answers.ParseCount(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q: want requests per second, like 1200, 1.2k, 1.2e3 or ~1,200", raw)
	}
	return v, nil
}

// gbUnits are the size units a GB answer may carry, longest first, in GB.
var gbUnits = []struct {
	suffix string
	gb     float64
}{
	{"bytes", 1e-9}, {"pb", 1e6}, {"tb", 1e3}, {"gb", 1}, {"mb", 1e-3}, {"kb", 1e-6},
}

// ParseGB reads a size in GB: a bare number is GB ("500", "1.5k" = 1,500
// GB); a unit says otherwise ("1.5 TB", "800 MB", "3 PB"). A trailing "a
// day", "/day", "a month" or "/mo" is allowed and ignored; the question says
// which it wants.
func ParseGB(raw string) (float64, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	s, _ = trimSuffixes(s, "per day", "a day", "/day", "/d", "per month", "a month", "/month", "/mo")
	mult := 1.0
	for _, u := range gbUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.gb
			break
		}
	}
	v, err := answers.ParseCount(s)
	if err != nil || v < 0 || math.IsInf(v*mult, 0) {
		return 0, fmt.Errorf("%q: want a size in GB like 500, 1.5k or ~1,500, or with a unit like 1.5 TB or 800 MB", raw)
	}
	return v * mult, nil
}

// durationUnits are the spelt-out time units, in seconds.
var durationUnits = map[string]float64{
	"ns": 1e-9, "nanosecond": 1e-9, "nanoseconds": 1e-9,
	"us": 1e-6, "µs": 1e-6, "μs": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6,
	"ms": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3, "msec": 1e-3,
	"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
	"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
	"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
	"d": 86400, "day": 86400, "days": 86400,
}

// ParseDuration reads a length of time in seconds: "100ns", "0.5 ms",
// "43.8 min", "1h30m", "8.8 hours". A bare number is in defaultUnit
// (seconds per unit); with defaultUnit 0 a bare number is refused.
func ParseDuration(raw string, defaultUnit float64, unitName string) (float64, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	s = strings.TrimSpace(strings.TrimPrefix(s, "~"))
	want := "want a time like 100ns, 0.5 ms, 43 min or 8.8 hours"
	if defaultUnit > 0 {
		want += fmt.Sprintf(" (a bare number is in %s)", unitName)
	}
	if s == "" {
		return 0, fmt.Errorf("%q: empty answer; %s", raw, want)
	}
	if d, err := time.ParseDuration(strings.ReplaceAll(s, " ", "")); err == nil && d >= 0 {
		return d.Seconds(), nil
	}
	i := strings.IndexFunc(s, func(r rune) bool {
		return (r >= 'a' && r <= 'z' && r != 'e' && r != 'k') || r == 'µ' || r == 'μ'
	})
	num, unit := s, ""
	if i >= 0 {
		num, unit = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
	}
	v, err := answers.ParseCount(num)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q: %s", raw, want)
	}
	if unit == "" {
		if defaultUnit <= 0 {
			return 0, fmt.Errorf("%q: give a unit: %s", raw, want)
		}
		if math.IsInf(v*defaultUnit, 0) {
			return 0, fmt.Errorf("%q: %s", raw, want)
		}
		return v * defaultUnit, nil
	}
	mult, ok := durationUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%q: unknown unit %q; %s", raw, unit, want)
	}
	if math.IsInf(v*mult, 0) {
		return 0, fmt.Errorf("%q: %s", raw, want)
	}
	return v * mult, nil
}

// ParseAvailability reads an availability in percent: "99.9", "99.9%",
// "3 nines", "four nines".
func ParseAvailability(raw string) (float64, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	const want = "want an availability like 99.9, 99.95% or 3 nines"
	if rest, ok := trimSuffixes(s, "nines", "9s"); ok {
		words := map[string]float64{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
		n, ok := words[rest]
		if !ok {
			var err error
			if n, err = answers.ParseCount(rest); err != nil {
				return 0, fmt.Errorf("%q: %s", raw, want)
			}
		}
		if n < 1 || n > 9 {
			return 0, fmt.Errorf("%q: %s", raw, want)
		}
		return 100 - 100*math.Pow(10, -n), nil
	}
	v, err := answers.ParsePercent(s)
	if err != nil || v <= 0 || v >= 100 {
		return 0, fmt.Errorf("%q: %s", raw, want)
	}
	return v, nil
}

// parseValue reads raw as kind.
func parseValue(kind valueKind, raw string, defaultUnit float64, unitName string) (float64, error) {
	switch kind {
	case kindRate:
		return ParseRate(raw)
	case kindGB, kindGBMonth:
		return ParseGB(raw)
	case kindDuration:
		return ParseDuration(raw, defaultUnit, unitName)
	case kindPercent:
		return ParseAvailability(raw)
	}
	v, err := answers.ParseCount(raw)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q: want a number like 4300000000, 4.3B, 4.3e9 or ~4,300,000,000", raw)
	}
	return v, nil
}
