package answers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Underscored refuses a number with _ between its digits (1_000), as Go
// source writes them: strconv.ParseFloat reads it, so without this check
// one parser would take 1_000 as 1000 and another refuse it. want says
// what is allowed; nil when s has no _.
func Underscored(s, want string) error {
	if !strings.Contains(s, "_") {
		return nil
	}
	return fmt.Errorf("%q: write numbers without _ (%s); %s", s, strings.ReplaceAll(strings.TrimSpace(s), "_", ""), want)
}

// ParseCount reads a human-written quantity: "2000000", "2e6", "2M",
// "2,000,000", "150k", "1.5B", "~12,000". Suffixes are decimal (k = 1e3,
// M = 1e6, B or G = 1e9, T = 1e12), because user counts and request rates are
// decimal quantities, not byte sizes.
// ErrPastRange marks a number written well-formed but past any a float64
// holds (1e400): an answer with a maximum says that maximum instead.
var ErrPastRange = errors.New("past any number this can hold")

func ParseCount(s string) (float64, error) { return parseCount(s, "want "+KindCount.want()) }

// parseCount is ParseCount with want saying what the answer allows, so an
// error about years gives years as the example, not millions of users.
func parseCount(s, want string) (float64, error) {
	if err := Underscored(s, want); err != nil {
		return 0, err
	}
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "~")
	t = strings.TrimSpace(t)
	if t == "" {
		return 0, fmt.Errorf("%q: empty value; %s", s, want)
	}
	exp := 0
	switch t[len(t)-1] {
	case 'k', 'K':
		exp = 3
	case 'm', 'M':
		exp = 6
	case 'b', 'B', 'g', 'G':
		exp = 9
	case 't', 'T':
		exp = 12
	}
	if exp != 0 {
		t = strings.TrimSpace(t[:len(t)-1])
	}
	if strings.Contains(t, ",") {
		if !validThousands(t) {
			return 0, fmt.Errorf("%q: commas must group thousands, like 2,000,000", s)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	if t == "" || strings.ContainsAny(t, "xXpP") || hasLetter(t) {
		return 0, fmt.Errorf("%q: %s", s, want)
	}
	v, err := scaled(t, exp)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) && math.IsInf(v, 1) {
			return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
		}
		return 0, fmt.Errorf("%q: %s", s, want)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: want a finite number", s)
	}
	return v + 0, nil // -0 is 0
}

// scaled parses t times 10^exp exactly: "8.2" with 9 is 8.2e9, where
// 8.2 * 1e9 would be 8,199,999,999.999999.
func scaled(t string, exp int) (float64, error) {
	if exp == 0 {
		return strconv.ParseFloat(t, 64)
	}
	if !strings.ContainsAny(t, "eE") {
		return strconv.ParseFloat(t+"e"+strconv.Itoa(exp), 64)
	}
	v, err := strconv.ParseFloat(t, 64)
	if v *= math.Pow10(exp); err == nil && math.IsInf(v, 0) {
		// 1e300T: each part a number, the product past any.
		err = strconv.ErrRange
	}
	return v, err
}

// hasLetter reports letters other than the exponent marker, which ParseFloat
// would otherwise accept as "inf", "nan" or hex digits.
func hasLetter(t string) bool {
	for i, r := range t {
		if r == 'e' || r == 'E' {
			if i == 0 {
				return true
			}
			continue
		}
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return true
		}
	}
	return false
}

func validThousands(t string) bool {
	intPart := t
	if i := strings.IndexAny(t, ".eE"); i >= 0 {
		intPart = t[:i]
		if strings.Contains(t[i:], ",") {
			return false
		}
	}
	intPart = strings.TrimLeft(intPart, "+-")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// ParseRatio reads reads-per-write as "10", "10:1" or "3:2" (= 1.5).
func ParseRatio(s string) (float64, error) {
	t := strings.TrimSpace(s)
	const want = "want a number like 10 or a ratio like 10:1"
	if err := Underscored(s, want); err != nil {
		return 0, err
	}
	if t == "" {
		return 0, fmt.Errorf("%q: empty value; %s", s, want)
	}
	a, b, isRatio := strings.Cut(t, ":")
	if !isRatio {
		v, err := ParseCount(t)
		if errors.Is(err, ErrPastRange) {
			return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
		}
		if err != nil {
			return 0, fmt.Errorf("%q: %s", s, want)
		}
		return v, nil
	}
	num, err1 := ParseCount(a)
	den, err2 := ParseCount(b)
	if errors.Is(err1, ErrPastRange) && err2 == nil && den > 0 {
		// Reads past any number per write are past the answer's maximum.
		return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
	}
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%q: %s", s, want)
	}
	if den == 0 {
		return 0, fmt.Errorf("%q: the write side of a ratio cannot be 0 (for a read-only system give --writes-per-day 0)", s)
	}
	if den < 0 {
		// A negative read side is below the answer's minimum; a negative
		// write side would turn two negatives into a ratio nobody meant.
		return 0, fmt.Errorf("%q: each side of a ratio is a count of reads or writes, at least 0; %s", s, want)
	}
	v := num / den
	if math.IsInf(v, 1) {
		// Past float range is simply very large; the field's range check
		// then names its maximum.
		v = math.MaxFloat64
	}
	return v + 0, nil // -0 is 0
}

// ParsePercent reads a percentage, "15%" or "15", and returns it as a
// percentage (15), not a fraction.
func ParsePercent(s string) (float64, error) { return parsePercent(s, "want "+KindPercent.want()) }

func parsePercent(s, want string) (float64, error) {
	if err := Underscored(s, want); err != nil {
		return 0, err
	}
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" {
		return 0, fmt.Errorf("%q: empty value; %s", s, want)
	}
	v, err := strconv.ParseFloat(t, 64)
	if errors.Is(err, strconv.ErrRange) && math.IsInf(v, 1) && !hasLetter(t) {
		return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
	}
	if err != nil || hasLetter(t) {
		return 0, fmt.Errorf("%q: %s", s, want)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: want a finite percentage", s)
	}
	return v + 0, nil // -0 is 0
}

// ParseGB reads an amount of data in GB: a number ("500", or "2k" read as
// a count) or a size with its unit ("5TB", "800MB", "1.5PB", "2TiB"),
// turned into decimal GB as providers bill storage. A bare B, G or T stays
// a count suffix, as in every other number.
func ParseGB(s string) (float64, error) { return parseGB(s, "want "+KindGB.want()) }

func parseGB(s, want string) (float64, error) {
	if err := Underscored(s, want); err != nil {
		return 0, err
	}
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		count  string  // decimal units at or above a GB, as a count suffix so 1.5TB is exactly 1500
		div    float64 // decimal units below a GB
		binary float64 // binary units, in bytes
	}{
		{"KiB", "", 0, 1 << 10}, {"MiB", "", 0, 1 << 20}, {"GiB", "", 0, 1 << 30}, {"TiB", "", 0, 1 << 40}, {"PiB", "", 0, 1 << 50},
		{"KB", "", 1e6, 0}, {"MB", "", 1e3, 0}, {"GB", "", 1, 0}, {"TB", "k", 0, 0}, {"PB", "M", 0, 0},
	}
	for _, u := range units {
		if len(t) <= len(u.suffix) || !strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			continue
		}
		n := strings.TrimSpace(t[:len(t)-len(u.suffix)])
		if last := n[len(n)-1]; last != '.' && (last < '0' || last > '9') {
			return 0, fmt.Errorf("%q: %s", s, want) // 5kTB: one unit is enough
		}
		v, err := parseCount(n+u.count, want)
		if errors.Is(err, ErrPastRange) {
			return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
		}
		if err != nil {
			return 0, fmt.Errorf("%q: %s", s, want)
		}
		switch {
		case u.binary != 0:
			v = v * u.binary / 1e9
		case u.div != 0:
			v /= u.div
		}
		if math.IsInf(v, 0) {
			return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
		}
		return v + 0, nil // -0 is 0
	}
	return parseCount(s, want)
}

// ParseBytes reads a size in bytes: "500", "2KB", "50MB", "1.5GB", "4KiB".
// KB, MB, GB and TB are decimal (as providers bill them); KiB, MiB, GiB and
// TiB binary; a bare k, M, G or T is decimal.
func ParseBytes(s string) (float64, error) {
	t := strings.TrimSpace(s)
	const want = "want a size in bytes like 500, 2KB, 50MB, 1.5GB or 4KiB"
	if err := Underscored(s, want); err != nil {
		return 0, err
	}
	if t == "" {
		return 0, fmt.Errorf("%q: empty value; %s", s, want)
	}
	units := []struct {
		suffix string
		mult   float64 // binary units
		exp    string  // decimal units, as an exponent so 1.5MB is exactly 1.5e6
	}{
		{"KiB", 1 << 10, ""}, {"MiB", 1 << 20, ""}, {"GiB", 1 << 30, ""}, {"TiB", 1 << 40, ""},
		{"KB", 1, "k"}, {"MB", 1, "M"}, {"GB", 1, "G"}, {"TB", 1, "T"}, {"B", 1, ""},
	}
	mult, suffix := 1.0, ""
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult, suffix = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult, u.exp
			break
		}
	}
	v, err := ParseCount(t + suffix)
	if errors.Is(err, ErrPastRange) {
		return 0, fmt.Errorf("%q: %s: %w", s, want, ErrPastRange)
	}
	if err != nil {
		return 0, fmt.Errorf("%q: %s", s, want)
	}
	v *= mult
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: want a finite size: %w", s, ErrPastRange)
	}
	return v + 0, nil // -0 is 0
}

// ParseMoney reads a monthly amount in USD: "15000", "$15,000", "15k".
func ParseMoney(s string) (float64, error) {
	if err := Underscored(s, "want an amount in USD per month like 15000, $15,000 or 15k"); err != nil {
		return 0, err
	}
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "$")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "/mo"), "/month")
	v, err := ParseCount(t)
	if errors.Is(err, ErrPastRange) {
		return 0, fmt.Errorf("%q: want an amount in USD per month like 15000, $15,000 or 15k: %w", s, ErrPastRange)
	}
	if err != nil {
		return 0, fmt.Errorf("%q: want an amount in USD per month like 15000, $15,000 or 15k", s)
	}
	return v + 0, nil // -0 is 0
}
