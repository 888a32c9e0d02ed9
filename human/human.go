// Package human rounds numbers for people: "1.2K rps", "$3,400/mo", "1.5 TB".
// JSON keeps exact numbers; everything a person reads goes through here.
package human

import (
	"math"
	"strconv"
	"strings"
)

// Count rounds a quantity: 0.35, 7, 4,200, 86K, 1.2M, 3.4B.
func Count(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "∞"
	}
	neg := v < 0
	if neg {
		v = -v
	}
	var s string
	switch {
	case v == 0:
		s = "0"
	case v < 0.01:
		// Two significant figures, so a small rate never reads as 0.
		s = trim(strconv.FormatFloat(v, 'f', min(12, 1-int(math.Floor(math.Log10(v)))), 64))
	case v < 1:
		s = trim(strconv.FormatFloat(v, 'f', 2, 64))
	case v < 10:
		s = trim(strconv.FormatFloat(v, 'f', 1, 64))
	case v < 100_000:
		s = Grouped(math.Round(v))
	default:
		s = short(v)
	}
	if neg {
		return "-" + s
	}
	return s
}

func short(v float64) string {
	units := []struct {
		div float64
		suf string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}}
	if v >= 1e18 {
		// Past a million T a figure is a magnitude, not a count: three
		// significant figures and an exponent, never 300 digits.
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	for _, u := range units {
		if v >= u.div*0.9995 {
			x := v / u.div
			prec := 1
			if x >= 100 {
				prec = 0
			}
			return trim(strconv.FormatFloat(x, 'f', prec, 64)) + u.suf
		}
	}
	return Grouped(math.Round(v))
}

// Grouped writes a whole number with thousands separators: 1,234,567.
func Grouped(v float64) string {
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// USD writes dollars for a monthly figure: $0.50, $48, $3,400, $1.2M.
func USD(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "$∞"
	}
	neg := v < 0
	if neg {
		v = -v
	}
	var s string
	switch {
	case v == 0:
		s = "$0"
	case v < 10:
		s = "$" + strconv.FormatFloat(v, 'f', 2, 64)
	case v < 1_000_000:
		s = "$" + Grouped(v)
	default:
		s = "$" + short(v)
	}
	if neg {
		return "-" + s
	}
	return s
}

// USDAlike returns the dollar format for figures read side by side (a
// column, an axis, "from → to"): when one of them reaches a million, every
// figure of a thousand or more is in thousands or millions ($972.9K beside
// $3.5M, not $972,874); otherwise USD's.
func USDAlike(vs ...float64) func(float64) string {
	big := false
	for _, v := range vs {
		big = big || math.Abs(v) >= 999_500
	}
	if !big {
		return USD
	}
	return func(v float64) string {
		if a := math.Abs(v); a >= 1000 && a < 999_500 {
			s := "$" + trim(strconv.FormatFloat(a/1000, 'f', 1, 64)) + "K"
			if v < 0 {
				return "-" + s
			}
			return s
		}
		return USD(v)
	}
}

// GB writes a size given in gigabytes with a fitting unit: 120 MB, 4.2 GB, 1.5 TB, 3 PB.
func GB(v float64) string {
	switch {
	case v == 0:
		return "0 GB"
	// Each unit ends where its value would print as 1,000 of it.
	case v < 0.9995:
		return Count(v*1000) + " MB"
	case v < 999.5:
		return trim(strconv.FormatFloat(v, 'f', sig(v), 64)) + " GB"
	case v < 999.5e3:
		return trim(strconv.FormatFloat(v/1e3, 'f', sig(v/1e3), 64)) + " TB"
	default:
		return Count(v/1e6) + " PB"
	}
}

// Bytes writes a size given in bytes: 500 B, 20 KB, 1.5 MB, 3 GB.
func Bytes(v float64) string {
	switch {
	case v < 1000:
		return Count(v) + " B"
	case v < 1e6:
		return trim(strconv.FormatFloat(v/1e3, 'f', sig(v/1e3), 64)) + " KB"
	case v < 1e9:
		return trim(strconv.FormatFloat(v/1e6, 'f', sig(v/1e6), 64)) + " MB"
	}
	return GB(v / 1e9)
}

// Percent writes a share (0.7) as a percentage (70%).
func Percent(share float64) string {
	return trim(strconv.FormatFloat(share*100, 'f', 2, 64)) + "%"
}

// Duration writes seconds as the largest sensible unit: 26s, 43.8 min, 8.8 h, 3.7 days.
func Duration(seconds float64) string {
	switch {
	case seconds < 60:
		return trim(strconv.FormatFloat(seconds, 'f', 1, 64)) + " s"
	case seconds < 3600:
		return trim(strconv.FormatFloat(seconds/60, 'f', 1, 64)) + " min"
	case seconds < 86400*2:
		return trim(strconv.FormatFloat(seconds/3600, 'f', 1, 64)) + " h"
	default:
		return trim(strconv.FormatFloat(seconds/86400, 'f', 1, 64)) + " days"
	}
}

func sig(v float64) int {
	if v >= 100 {
		return 0
	}
	return 1
}

func trim(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}
