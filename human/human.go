// Package human rounds numbers for people: "1.2K rps", "$3,400/mo", "1.5 TB".
// JSON keeps exact numbers; everything a person reads goes through here.
package human

import (
	"bytes"
	"math"
	"strconv"
)

// Count rounds a quantity: 0.35, 7, 4,200, 86K, 1.2M, 3.4B.
func Count(v float64) string {
	var buf [32]byte
	return string(appendCount(buf[:0], v))
}

// The formatters append to a buffer on the stack and make one string at
// the end: a plan words hundreds of figures.

func appendCount(b []byte, v float64) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return append(b, "∞"...)
	}
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	switch {
	case v == 0:
		return append(b, '0')
	case v < 0.01:
		// Two significant figures, so a small rate never reads as 0.
		return AppendFixed(b, v, min(12, 1-int(math.Floor(math.Log10(v)))))
	case v < 1:
		return AppendFixed(b, v, 2)
	case v < 10:
		return AppendFixed(b, v, 1)
	case v < 100_000:
		return appendGrouped(b, math.Round(v))
	}
	return appendShort(b, v)
}

func appendShort(b []byte, v float64) []byte {
	if v >= 1e18 {
		// Past a million T a figure is a magnitude, not a count: three
		// significant figures and an exponent, never 300 digits.
		return strconv.AppendFloat(b, v, 'g', 3, 64)
	}
	for _, u := range [...]struct {
		div float64
		suf byte
	}{{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}, {1e3, 'K'}} {
		if v >= u.div*0.9995 {
			x := v / u.div
			prec := 1
			if x >= 100 {
				prec = 0
			}
			return append(AppendFixed(b, x, prec), u.suf)
		}
	}
	return appendGrouped(b, math.Round(v))
}

// Grouped writes a whole number with thousands separators: 1,234,567.
func Grouped(v float64) string {
	var buf [32]byte
	return string(appendGrouped(buf[:0], v))
}

func appendGrouped(b []byte, v float64) []byte {
	var digits [32]byte
	s := strconv.AppendFloat(digits[:0], math.Round(math.Abs(v)), 'f', 0, 64)
	if v < 0 && string(s) != "0" {
		b = append(b, '-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// AppendFixed appends v with prec decimals, less trailing zeros: the
// rounding every formatter here shares, for callers that build text in a
// buffer of their own.
func AppendFixed(b []byte, v float64, prec int) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	if bytes.IndexByte(b[n:], '.') < 0 {
		return b
	}
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// fixed is v with prec decimals, less trailing zeros, then unit.
func fixed(v float64, prec int, unit string) string {
	var buf [40]byte
	return string(append(AppendFixed(buf[:0], v, prec), unit...))
}

// USD writes dollars for a monthly figure: $0.50, $48, $3,400, $1.2M.
func USD(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "$∞"
	}
	var buf [32]byte
	b := buf[:0]
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = append(b, '$')
	switch {
	case v == 0:
		b = append(b, '0')
	case v < 10:
		b = strconv.AppendFloat(b, v, 'f', 2, 64)
	case v < 1_000_000:
		b = appendGrouped(b, v)
	default:
		b = appendShort(b, v)
	}
	return string(b)
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
			var buf [32]byte
			b := buf[:0]
			if v < 0 {
				b = append(b, '-')
			}
			b = append(b, '$')
			return string(append(AppendFixed(b, a/1000, 1), 'K'))
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
		var buf [40]byte
		return string(append(appendCount(buf[:0], v*1000), " MB"...))
	case v < 999.5:
		return fixed(v, sig(v), " GB")
	case v < 999.5e3:
		return fixed(v/1e3, sig(v/1e3), " TB")
	default:
		var buf [40]byte
		return string(append(appendCount(buf[:0], v/1e6), " PB"...))
	}
}

// Bytes writes a size given in bytes: 500 B, 20 KB, 1.5 MB, 3 GB.
func Bytes(v float64) string {
	switch {
	case v < 1000:
		var buf [40]byte
		return string(append(appendCount(buf[:0], v), " B"...))
	case v < 1e6:
		return fixed(v/1e3, sig(v/1e3), " KB")
	case v < 1e9:
		return fixed(v/1e6, sig(v/1e6), " MB")
	}
	return GB(v / 1e9)
}

// Percent writes a share (0.7) as a percentage (70%).
func Percent(share float64) string {
	return fixed(share*100, 2, "%")
}

// Duration writes seconds as the largest sensible unit: 26s, 43.8 min, 8.8 h, 3.7 days.
func Duration(seconds float64) string {
	switch {
	case seconds < 60:
		return fixed(seconds, 1, " s")
	case seconds < 3600:
		return fixed(seconds/60, 1, " min")
	case seconds < 86400*2:
		return fixed(seconds/3600, 1, " h")
	default:
		return fixed(seconds/86400, 1, " days")
	}
}

func sig(v float64) int {
	if v >= 100 {
		return 0
	}
	return 1
}
