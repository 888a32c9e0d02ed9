package interview

import (
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestParseRateAcceptsTheUsualSpellings(t *testing.T) {
	for _, raw := range []string{"12000", "12k", "12K", "1.2e4", "~12,000", "12,000", " ~ 12k ", "12k rps", "12,000 qps", "12000/s", "1.2e4 req/s", "12k requests per second"} {
		v, err := ParseRate(raw)
		if err != nil || !near(v, 12000) {
			t.Errorf("ParseRate(%q) = %g, %v; want 12000", raw, v, err)
		}
	}
	for _, raw := range []string{"", "twelve", "12 apples", "-5", "12,00", "1e", "NaN", "0x10"} {
		if v, err := ParseRate(raw); err == nil {
			t.Errorf("ParseRate(%q) = %g, want an error", raw, v)
		} else if !strings.Contains(err.Error(), "want requests per second") {
			t.Errorf("ParseRate(%q) error %q does not say what is wanted", raw, err)
		}
	}
}

func TestParseGB(t *testing.T) {
	tests := []struct {
		raw  string
		want float64
	}{
		{"500", 500},
		{"1.5k", 1500},
		{"~1,500", 1500},
		{"1.5e3", 1500},
		{"1.5 TB", 1500},
		{"1.5TB", 1500},
		{"1.5 tb", 1500},
		{"800 MB", 0.8},
		{"3 PB", 3e6},
		{"50 GB", 50},
		{"50GB/day", 50},
		{"50 GB a day", 50},
		{"600 TB a month", 600_000},
		{"600TB/mo", 600_000},
		{"2,000,000 bytes", 0.002},
		{"10 KB", 1e-5},
	}
	for _, tt := range tests {
		v, err := ParseGB(tt.raw)
		if err != nil || !near(v, tt.want) {
			t.Errorf("ParseGB(%q) = %g, %v; want %g", tt.raw, v, err, tt.want)
		}
	}
	for _, raw := range []string{"", "lots", "1.5 XB", "-3 GB", "GB"} {
		if v, err := ParseGB(raw); err == nil {
			t.Errorf("ParseGB(%q) = %g, want an error", raw, v)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		raw         string
		defaultUnit float64
		want        float64 // seconds
	}{
		{"100ns", 0, 100e-9},
		{"100 ns", 0, 100e-9},
		{"0.1us", 0, 100e-9},
		{"0.1 µs", 0, 100e-9},
		{"0.5 ms", 0, 0.5e-3},
		{"150ms", 0, 0.15},
		{"1.5s", 0, 1.5},
		{"1.5 seconds", 0, 1.5},
		{"43.8 min", 0, 43.8 * 60},
		{"44 minutes", 0, 44 * 60},
		{"43m48s", 0, 43*60 + 48},
		{"8.76 hours", 0, 8.76 * 3600},
		{"3.65 days", 0, 3.65 * 86400},
		{"3,000 ns", 0, 3e-6},
		{"43.8", 60, 43.8 * 60},
		{"8.76", 3600, 8.76 * 3600},
	}
	for _, tt := range tests {
		v, err := ParseDuration(tt.raw, tt.defaultUnit, "minutes")
		if err != nil || !near(v, tt.want) {
			t.Errorf("ParseDuration(%q) = %g, %v; want %g", tt.raw, v, err, tt.want)
		}
	}
	for _, raw := range []string{"", "100", "ten ms", "5 fortnights", "-5ms"} {
		if v, err := ParseDuration(raw, 0, ""); err == nil {
			t.Errorf("ParseDuration(%q) = %g, want an error", raw, v)
		}
	}
	if _, err := ParseDuration("100", 0, ""); err == nil || !strings.Contains(err.Error(), "give a unit") {
		t.Errorf("a bare number without a default unit: error %v, want one asking for a unit", err)
	}
}

func TestParseAvailability(t *testing.T) {
	tests := map[string]float64{
		"99.9": 99.9, "99.9%": 99.9, "99.95 %": 99.95, "3 nines": 99.9, "three nines": 99.9,
		"4 nines": 99.99, "five 9s": 99.999,
	}
	for raw, want := range tests {
		v, err := ParseAvailability(raw)
		if err != nil || !near(v, want) {
			t.Errorf("ParseAvailability(%q) = %g, %v; want %g", raw, v, err, want)
		}
	}
	for _, raw := range []string{"", "100", "0", "high", "twelve nines", "101%"} {
		if v, err := ParseAvailability(raw); err == nil {
			t.Errorf("ParseAvailability(%q) = %g, want an error", raw, v)
		}
	}
}

// The parsers take whatever a person types: they must never panic, and
// what they accept must be a finite, non-negative number.
func FuzzParseGB(f *testing.F) {
	for _, s := range []string{"500", "1.5 TB", "~1,500", "600TB/mo", "1e308 PB", "~", "GB", "2,000,000 bytes"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseGB(s)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
			t.Fatalf("ParseGB(%q) = %g", s, v)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"100ns", "0.5 ms", "43m48s", "8.76 hours", "3,000 ns", "1e309s", "µs", "-5ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDuration(s, 60, "minutes")
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
			t.Fatalf("ParseDuration(%q) = %g", s, v)
		}
	})
}
