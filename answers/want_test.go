package answers_test

import (
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

// TestErrorsGiveTheAnswersOwnExamples: a mistyped answer is told how that
// answer is written, in its unit: years for years, GB for GB, never
// "2M" for a retention period.
func TestErrorsGiveTheAnswersOwnExamples(t *testing.T) {
	for _, tt := range []struct {
		f    *answers.Field
		raw  string
		want string
	}{
		{answers.RetentionYears, "6mo", `"6mo": want a number of years like 1, 2.5 or 7`},
		{answers.RetentionYears, "6 months", `"6 months": want a number of years like 1, 2.5 or 7`},
		{answers.DataGB, "lots", `"lots": want a number of GB like 500 or 2000, or a size like 5TB`},
		{answers.DataGB, "5kTB", `"5kTB": want a number of GB like 500 or 2000, or a size like 5TB`},
		{answers.ObjectGB, "", `"": empty value; want a number of GB like 500 or 2000, or a size like 5TB`},
		{answers.PeakFactor, "3x", `"3x": want a multiple of the average like 3 or 1.5`},
		{answers.QueriesPerRequest, "few", `"few": want a number of queries like 8 or 1.5`},
		{answers.Growth, "fast", `"fast": want a percentage a month like 15% or 5`},
		{answers.Availability, "3 nines", `"3 nines": want a percentage like 99.9 or 99.95%`},
		{answers.Availability, "0.999", `"0.999": must be at least 90; write 99.9 for 99.9%`},
		{answers.Availability, "0.9995", `"0.9995": must be at least 90; write 99.95 for 99.95%`},
		{answers.Availability, "0.5", `"0.5": must be at least 90`}, // 50% is no availability target either
		{answers.Availability, "8_0", `"8_0": write numbers without _ (80); want a percentage like 99.9 or 99.95%`},
		{answers.Users, "2x", `"2x": want a number like 2000000, 2e6, 2M or 150k`},
	} {
		_, err := tt.f.Parse(tt.raw)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %q: got %v, want %s", tt.f.Key, tt.raw, err, tt.want)
		}
	}
}

// TestGBAnswersTakeASize: data written with its unit is read in decimal
// GB, as providers bill storage; a plain number stays GB.
func TestGBAnswersTakeASize(t *testing.T) {
	for raw, want := range map[string]float64{
		"500": 500, "2k": 2000, "5TB": 5000, "5 tb": 5000, "1.5TB": 1500, "1.5PB": 1.5e6,
		"800MB": 0.8, "300GB": 300, "2TiB": 2 * (1 << 40) / 1e9, "250KB": 0.00025, "~4,000 GB": 4000,
	} {
		if got, err := answers.DataGB.Parse(raw); err != nil || got != want {
			t.Errorf("data_gb %q = %v, %v; want %v", raw, got, err, want)
		}
	}
	// Past any number is past the answer's maximum, named when a plan is made.
	if got, err := answers.DataGB.Parse("1e300PiB"); err != nil || got < 1e300 {
		t.Errorf("1e300PiB = %v, %v", got, err)
	}
	// A GB answer written back reads as GB: never 5000B, which reads as bytes.
	if s := answers.DataGB.Text(5e12); strings.HasSuffix(s, "B") {
		t.Errorf("5e12 GB written %q", s)
	}
	for _, v := range []float64{500, 2000, 1.5e6, 0.8, 5e12} {
		if back, err := answers.DataGB.Parse(answers.DataGB.Text(v)); err != nil || back != v {
			t.Errorf("%v GB → %q → %v, %v", v, answers.DataGB.Text(v), back, err)
		}
	}
}
