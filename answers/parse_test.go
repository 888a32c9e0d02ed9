package answers_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
)

func TestParseCountAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
	}{
		{"plain digits", "2000000", 2e6},
		{"scientific notation", "2e6", 2e6},
		{"M suffix is a million", "2M", 2e6},
		{"lower-case m is a million too", "2m", 2e6},
		{"commas grouping thousands", "2,000,000", 2e6},
		{"k suffix is a thousand", "150k", 150e3},
		{"upper-case K", "150K", 150e3},
		{"B suffix with a fraction is 1.5 billion", "1.5B", 1.5e9},
		{"G is a billion, not 2^30", "1G", 1e9},
		{"T is a trillion", "2T", 2e12},
		{"a leading ~ for 'about'", "~12,000", 12000},
		{"surrounding spaces", " 7 ", 7},
		{"a space before the suffix", "2 M", 2e6},
		{"a decimal with commas", "1,234.5", 1234.5},
		{"a fraction", "0.5", 0.5},
		{"zero", "0", 0},
		{"a negative number (ranges are checked by Set)", "-5", -5},
		{"exponent with a suffix", "1e3k", 1e6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseCount(tt.in)
			if err != nil {
				t.Fatalf("ParseCount(%q) refused: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCount(%q) = %g, want %g", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCountRefuses(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"Indian lakh grouping is not thousands", "2,00,000", "commas must group thousands"},
		{"a leading comma", ",000", "commas must group thousands"},
		{"a comma in the fraction", "1.000,5", "commas must group thousands"},
		{"a word", "abc", "want a number like 2000000"},
		{"NaN is not a quantity", "NaN", "want a number"},
		{"Inf is not a quantity", "Inf", "want a number"},
		{"infinity spelled out", "infinity", "want a number"},
		{"hex", "0x10", "want a number"},
		{"hex float", "0x1p4", "want a number"},
		{"underscores", "1_000", "want a number"},
		{"empty", "", "empty value"},
		{"only spaces", "   ", "empty value"},
		{"only a tilde", "~", "empty value"},
		{"a doubled suffix", "2MM", "want a number"},
		{"a suffix alone", "k", "want a number"},
		{"a double minus", "--5", "want a number"},
		{"an exponent with nothing before it", "e5", "want a number"},
		{"overflow to infinity", "1e308k", "past any number"},
		{"out of float range", "1e400", "want a number"},
		{"a unit that is not a suffix", "2MB", "want a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseCount(tt.in)
			if err == nil {
				t.Fatalf("ParseCount(%q) = %g, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParseCount(%q) error %q does not say %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestParseRatio(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
	}{
		{"a bare number is reads per write", "10", 10},
		{"10:1", "10:1", 10},
		{"3:2 is 1.5 reads per write", "3:2", 1.5},
		{"1:4 is a write-heavy quarter", "1:4", 0.25},
		{"spaces around the colon", " 10 : 1 ", 10},
		{"counts on each side", "1M:100k", 10},
		{"0:1 is write-only", "0:1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseRatio(tt.in)
			if err != nil {
				t.Fatalf("ParseRatio(%q) refused: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseRatio(%q) = %g, want %g", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRatioRefuses(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"no writes: points at --writes-per-day 0 instead", "10:0", "--writes-per-day 0"},
		{"a minus zero denominator is still zero", "10:-0", "cannot be 0"},
		{"a word", "ten", "want a number like 10 or a ratio like 10:1"},
		{"three parts", "1:2:3", "want a number like 10 or a ratio like 10:1"},
		{"a missing side", ":1", "ratio like 10:1"},
		{"empty", "", "empty value"},
		{"NaN", "NaN:1", "ratio like 10:1"},
		{"two negative sides", "-20:-1", "each side of a ratio is a count"},
		{"a negative write side", "1:-1", "each side of a ratio is a count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseRatio(tt.in)
			if err == nil {
				t.Fatalf("ParseRatio(%q) = %g, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParseRatio(%q) error %q does not say %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
	}{
		{"with a percent sign", "15%", 15},
		{"without one", "99.9", 99.9},
		{"four nines and more", "99.9999", 99.9999},
		{"spaces before the sign", " 15 % ", 15},
		{"zero", "0%", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParsePercent(tt.in)
			if err != nil {
				t.Fatalf("ParsePercent(%q) refused: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParsePercent(%q) = %g, want %g (a percentage, not a fraction)", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "%", "abc", "NaN", "inf%", "0x10", "1e400", "15%%"} {
		t.Run("refuses "+strconv.Quote(bad), func(t *testing.T) {
			if got, err := answers.ParsePercent(bad); err == nil {
				t.Errorf("ParsePercent(%q) = %g, want an error", bad, got)
			}
		})
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
	}{
		{"plain", "15000", 15000},
		{"dollar sign and commas", "$15,000", 15000},
		{"k suffix", "15k", 15000},
		{"per month", "$2.5k/mo", 2500},
		{"per month spelled out", "800/month", 800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseMoney(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseMoney(%q) = %g, %v; want %g", tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := answers.ParseMoney("€15"); err == nil || !strings.Contains(err.Error(), "USD") {
		t.Errorf("ParseMoney(\"€15\") error = %v, want one asking for USD", err)
	}
}

func TestParseTraits(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"a comma list comes back sorted", "search,media", []string{"media", "search"}},
		{"case and spaces do not matter", " Search , MEDIA ", []string{"media", "search"}},
		{"repeats collapse", "ai,ai,jobs", []string{"ai", "jobs"}},
		{"empty items are ignored", "realtime,,", []string{"realtime"}},
		{"nothing given is no traits", "", nil},
		{"hyphenated trait", "write-heavy", []string{"write-heavy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := answers.ParseTraits(tt.in)
			if err != nil {
				t.Fatalf("ParseTraits(%q) refused: %v", tt.in, err)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ParseTraits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTraitsRefusesUnknown(t *testing.T) {
	tests := []struct {
		name, in, suggestion string
	}{
		{"a typo of search suggests search", "serch", `did you mean "search"?`},
		{"a typo among good traits", "media,realtme", `did you mean "realtime"?`},
		{"write_heavy with an underscore", "write_heavy", `did you mean "write-heavy"?`},
		{"nothing close gets no suggestion", "blockchain", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := answers.ParseTraits(tt.in)
			if err == nil {
				t.Fatalf("ParseTraits(%q) accepted an unknown trait", tt.in)
			}
			msg := err.Error()
			if !strings.Contains(msg, "valid traits are "+strings.Join(answers.Traits, ", ")) {
				t.Errorf("error %q does not list the valid traits", msg)
			}
			if tt.suggestion == "" && strings.Contains(msg, "did you mean") {
				t.Errorf("error %q suggests a trait for a word nothing like one", msg)
			}
			if tt.suggestion != "" && !strings.Contains(msg, tt.suggestion) {
				t.Errorf("error %q does not say %s", msg, tt.suggestion)
			}
		})
	}
}

// TestPeopleAreWholeNumbers: monthly and daily users are counted in
// people, so a fraction of one is refused in any spelling; 1.5M is a whole
// number of people.
func TestPeopleAreWholeNumbers(t *testing.T) {
	for _, key := range []string{"users", "dau"} {
		for _, raw := range []string{"1.5", "2500.5", "1.0000005M"} {
			var a answers.Answers
			if err := set(&a, key, raw); err == nil || !strings.Contains(err.Error(), "whole number") {
				t.Errorf("Set(%q, %q) = %v, want a whole-number error", key, raw, err)
			}
		}
		var a answers.Answers
		if err := set(&a, key, "1.5M"); err != nil {
			t.Errorf("Set(%q, 1.5M): %v", key, err)
		}
	}
}

func TestSetEnforcesLowerBounds(t *testing.T) {
	// Range errors name the limit crossed, in a spelling the parsers read back
	// (so a user can paste it): "must be greater than 0". Upper limits are
	// the knowledge base's, checked when a plan is made (advisor tests).
	tests := []struct {
		name, key, raw string
		phrase         string  // what the error says before the limit
		limit          float64 // the limit it must name
	}{
		{"users must be at least one person", "users", "0", "must be at least ", 1},
		{"half a user is not a user", "users", "0.5", "must be at least ", 1},
		{"users cannot be negative", "users", "-5", "must be at least ", 1},
		{"regions at least 1", "regions", "0", "must be at least ", 1},
		{"availability below 90% is not a target", "availability", "89%", "must be at least ", 90},
		{"peak factor below 1 is not a peak", "peak_factor", "0.5", "must be at least ", 1},
		{"read ratio cannot be negative", "read_ratio", "-1:1", "must be at least ", 0},
		{"a peak of zero is no peak", "peak_rps", "0", "must be greater than ", 0},
		{"a write of zero bytes stores nothing", "write_bytes", "0KB", "must be at least ", 1},
		{"a billionth of a byte is not a write", "write_bytes", "1e-9", "must be at least ", 1},
		{"a response is at least a byte", "response_bytes", "0.5", "must be at least ", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a answers.Answers
			err := set(&a, tt.key, tt.raw)
			if err == nil {
				t.Fatalf("Set(%q, %q) accepted it", tt.key, tt.raw)
			}
			msg := err.Error()
			if !strings.Contains(msg, strconv.Quote(tt.raw)) {
				t.Errorf("error %q does not quote the value given", msg)
			}
			_, after, ok := strings.Cut(msg, tt.phrase)
			if !ok {
				t.Fatalf("Set(%q, %q) error %q does not say %q", tt.key, tt.raw, msg, tt.phrase)
			}
			stated, _, _ := strings.Cut(after, " ")
			if v, err := answers.ParseCount(stated); err != nil || v != tt.limit {
				t.Errorf("error %q names the limit as %q, want %g", msg, stated, tt.limit)
			}
			if v, ok := stored(&a, tt.key); ok {
				t.Errorf("Set(%q, %q) failed but stored %g", tt.key, tt.raw, v)
			}
		})
	}
}

func TestSetRefuses(t *testing.T) {
	tests := []struct {
		name, key, raw, wantMsg string
	}{
		{"regions must be whole", "regions", "2.5", "whole number"},
		{"team must be whole", "team", "2.5", "whole number"},
		{"a budget that is not money", "budget", "lots", "want an amount in USD"},
		{"an empty provider", "provider", "  ", "empty value"},
		{"an unknown trait", "traits", "serch", `did you mean "search"?`},
		{"an unknown answer", "userz", "5", `unknown answer "userz"`},
		{"a count that is not a number", "users", "many", "want a number like 2000000"},
		{"a ratio with no writes", "read_ratio", "10:0", "--writes-per-day 0"},
		{"a size with a unit it does not know", "write_bytes", "2 parsecs", "want a size in bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a answers.Answers
			err := set(&a, tt.key, tt.raw)
			if err == nil {
				t.Fatalf("Set(%q, %q) accepted it", tt.key, tt.raw)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Set(%q, %q) error %q does not say %q", tt.key, tt.raw, err, tt.wantMsg)
			}
			if v, ok := stored(&a, tt.key); ok {
				t.Errorf("Set(%q, %q) failed but stored %g", tt.key, tt.raw, v)
			}
		})
	}
}

func TestSetStoresValues(t *testing.T) {
	tests := []struct {
		name, key, raw string
		want           float64
	}{
		{"users 2M", "users", "2M", 2e6},
		{"users as a count of the world", "users", "8.2B", 8.2e9},
		{"bytes in kilobytes", "write_bytes", "2KB", 2000},
		{"bytes in kibibytes", "write_bytes", "4KiB", 4096},
		{"bytes in megabytes with a fraction", "response_bytes", "1.5MB", 1.5e6},
		{"bytes bare", "response_bytes", "500", 500},
		{"bytes with a bare suffix", "write_bytes", "2k", 2000},
		{"dau 500k", "dau", "500k", 5e5},
		{"read ratio 10:1", "read_ratio", "10:1", 10},
		{"read ratio 0 is allowed (write-only)", "read_ratio", "0", 0},
		{"writes per day 0 is allowed (read-only)", "writes_per_day", "0", 0},
		{"growth 15%", "growth", "15%", 15},
		{"availability at its maximum", "availability", "99.9999", 99.9999},
		{"availability at its minimum", "availability", "90", 90},
		{"regions 2", "regions", "2", 2},
		{"regions written as 2.0 is whole", "regions", "2.0", 2},
		{"budget $15,000", "budget", "$15,000", 15000},
		{"peak factor exactly 1", "peak_factor", "1", 1},
		{"data today 0 GB", "data_gb", "0", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a answers.Answers
			if err := set(&a, tt.key, tt.raw); err != nil {
				t.Fatalf("Set(%q, %q): %v", tt.key, tt.raw, err)
			}
			if v, ok := stored(&a, tt.key); !ok || v != tt.want {
				t.Errorf("Set(%q, %q) stored %v (given %v), want %g", tt.key, tt.raw, v, ok, tt.want)
			}
		})
	}
	var a answers.Answers
	for _, kv := range [][2]string{{"name", "Acme: the \"best\""}, {"provider", " AWS "}, {"traits", "media,search"}} {
		if err := set(&a, kv[0], kv[1]); err != nil {
			t.Fatalf("Set(%q, %q): %v", kv[0], kv[1], err)
		}
	}
	if a.Name != "Acme: the \"best\"" || a.Provider != "aws" || strings.Join(a.Traits, ",") != "media,search" {
		t.Errorf("text answers stored as name %q, provider %q, traits %q", a.Name, a.Provider, a.Traits)
	}
}

// Every field's example is shown in help and errors, so it must be accepted.
func TestEveryFieldExampleIsAccepted(t *testing.T) {
	for _, f := range answers.Fields {
		t.Run(f.Key, func(t *testing.T) {
			var a answers.Answers
			if err := a.Set(f, f.Example); err != nil {
				t.Errorf("the example %q for %s is refused: %v", f.Example, f.Key, err)
			}
			if !a.Has(f) {
				t.Errorf("setting %s stored nothing", f.Key)
			}
			if f.Help == "" || f.Label == "" || f.Unit == "" || f.Flag() == "" {
				t.Errorf("%s lacks help, a label, a unit or a flag", f.Key)
			}
		})
	}
}

// flagWords normalises an error to dashed names, so "--dau", "dau" and
// "read_ratio"/"read-ratio" all match.
func flagWords(msg string) string {
	return strings.ReplaceAll(strings.ReplaceAll(msg, "_", "-"), "--", "")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		set   [][2]string
		names []string // answers the error must name; nil means valid
	}{
		{"DAU above MAU contradicts", [][2]string{{"users", "1M"}, {"dau", "2M"}}, []string{"dau", "users", "more than"}},
		{"DAU equal to MAU is fine", [][2]string{{"users", "1M"}, {"dau", "1M"}}, nil},
		{"per-user requests with daily writes conflict", [][2]string{{"requests_per_user", "50"}, {"writes_per_day", "1M"}}, []string{"requests-per-user", "writes-per-day", "conflicts"}},
		{"per-user requests with daily reads conflict", [][2]string{{"requests_per_user", "50"}, {"reads_per_day", "1M"}}, []string{"requests-per-user", "reads-per-day", "conflicts"}},
		{"both totals and a read ratio over-determine the ratio", [][2]string{{"writes_per_day", "1M"}, {"reads_per_day", "10M"}, {"read_ratio", "10"}}, []string{"read-ratio", "writes-per-day", "reads-per-day"}},
		{"one total and a read ratio is fine", [][2]string{{"writes_per_day", "1M"}, {"read_ratio", "10"}}, nil},
		{"both totals zero serve nothing", [][2]string{{"writes_per_day", "0"}, {"reads_per_day", "0"}}, []string{"writes-per-day", "reads-per-day", "both 0"}},
		{"a read-only system (writes 0) is fine", [][2]string{{"writes_per_day", "0"}, {"reads_per_day", "1M"}}, nil},
		{"nothing given is fine", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a answers.Answers
			for _, kv := range tt.set {
				if err := set(&a, kv[0], kv[1]); err != nil {
					t.Fatalf("Set(%q, %q): %v", kv[0], kv[1], err)
				}
			}
			err := a.Validate()
			switch {
			case tt.names == nil && err != nil:
				t.Errorf("Validate: %v, want no error", err)
			case tt.names != nil && err == nil:
				t.Errorf("Validate accepted it, want an error naming %v", tt.names)
			case tt.names != nil:
				for _, n := range tt.names {
					if !strings.Contains(flagWords(err.Error()), n) {
						t.Errorf("Validate error %q does not name %q", err, n)
					}
				}
			}
		})
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"users", "dau", "read_ratio", "traits"}
	tests := []struct{ in, want string }{
		{"uesrs", "users"},
		{"user", "users"},
		{"read-ratio", "read_ratio"},
		{"trait", "traits"},
		{"zzzzzzzz", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in+" → "+tt.want, func(t *testing.T) {
			if got := answers.Nearest(tt.in, keys); got != tt.want {
				t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func isCountTail(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && (t[len(t)-1] >= '0' && t[len(t)-1] <= '9' || t[len(t)-1] == '.')
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"2000000", "2e6", "2M", "2,000,000", "150k", "1.5B", "~12,000", " 7 ", "2,00,000", "NaN", "0x10", "1_000", "", "2MM", "--5", "1e308k", "-1,000.5e3", "~ 3 T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := answers.ParseCount(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseCount(%q): empty error message", s)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseCount(%q) = %g, want a finite number", s, v)
		}
		// What a number prints as reads back as the same number.
		canon := strconv.FormatFloat(v, 'g', -1, 64)
		if w, err := answers.ParseCount(canon); err != nil || w != v {
			t.Fatalf("ParseCount(%q) = %g, but its printed form %q reads back as %g, %v", s, v, canon, w, err)
		}
		// A k suffix on a suffix-free count multiplies it by a thousand, to
		// within two units in the last place: the suffix scales the decimal before
		// it is rounded (".00702k" is 7.02, where 0.00702 × 1e3 rounds to
		// 7.0200000000000005).
		if isCountTail(s) {
			w, err := answers.ParseCount(s + "k")
			if math.IsInf(v*1e3, 0) {
				if err == nil {
					t.Fatalf("ParseCount(%q) = %g, want an overflow error", s+"k", w)
				}
			} else if err != nil || math.Abs(w-v*1e3) > 4.5e-16*math.Abs(v*1e3) {
				t.Fatalf("ParseCount(%q) = %g but ParseCount(%q) = %g, %v", s, v, s+"k", w, err)
			}
		}
		// Whatever a count field accepts is a finite number above its minimum.
		var a answers.Answers
		if a.Set(answers.Users, s) == nil {
			if u, _ := a.Value(answers.Users); u < 1 || math.IsInf(u, 0) || math.IsNaN(u) {
				t.Fatalf("Set(users, %q) stored %g, not a finite count of at least 1", s, u)
			}
		}
	})
}

func FuzzParseRatio(f *testing.F) {
	for _, s := range []string{"10", "10:1", "3:2", "10:0", "ten", "1:2:3", "1M:1k", "0:1", "-1:1", "1e300:1e-300", " 2.5 : 1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := answers.ParseRatio(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) {
			t.Fatalf("ParseRatio(%q) = NaN", s)
		}
		// A read ratio is only stored when finite and not negative; its
		// upper limit is the knowledge base's.
		var a answers.Answers
		if err := a.Set(answers.ReadRatio, s); err == nil {
			r, _ := a.Value(answers.ReadRatio)
			if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
				t.Fatalf("Set(read_ratio, %q) stored %g, not a finite ratio of at least 0", s, r)
			}
			if r != v {
				t.Fatalf("Set(read_ratio, %q) stored %g but ParseRatio gives %g", s, r, v)
			}
		} else if v >= 0 {
			t.Fatalf("ParseRatio(%q) = %g, in range, but Set refused it: %v", s, v, err)
		}
	})
}

// TestEveryParserRefusesUnderscores: 1_000 is Go's way to group digits,
// and strconv.ParseFloat reads it; --growth 1_000 was taken as 1000% while
// --users 1_000 was refused. Every kind of number refuses it alike, saying
// how to write it.
func TestEveryParserRefusesUnderscores(t *testing.T) {
	for _, tt := range []struct {
		name  string
		parse func(string) (float64, error)
		in    string
		want  string
	}{
		{"a count", answers.ParseCount, "1_000", `"1_000": write numbers without _ (1000); want a number like 2000000`},
		{"a percentage", answers.ParsePercent, "1_000", `"1_000": write numbers without _ (1000); want a percentage like 15% or 99.9`},
		{"a percentage with its sign", answers.ParsePercent, "1_0%", `"1_0%": write numbers without _ (10%)`},
		{"a ratio", answers.ParseRatio, "1_0:1", `"1_0:1": write numbers without _ (10:1); want a number like 10 or a ratio like 10:1`},
		{"a size", answers.ParseBytes, "2_000KB", `"2_000KB": write numbers without _ (2000KB); want a size in bytes`},
		{"money", answers.ParseMoney, "$15_000", `"$15_000": write numbers without _ ($15000); want an amount in USD`},
		{"a whole number", answers.Regions.Parse, "1_0", `"1_0": write numbers without _ (10); want a whole number like 2`},
		{"growth", answers.Growth.Parse, "1_000", `"1_000": write numbers without _ (1000); want a percentage`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.parse(tt.in)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("parse(%q) = %v, %v; want the error %q…", tt.in, v, err, tt.want)
			}
		})
	}
}

// TestNameHasALimit: a name is a title; one past MaxNameLen characters is
// refused, saying how long it is and what is allowed.
func TestNameHasALimit(t *testing.T) {
	var a answers.Answers
	if err := a.Set(answers.Name, strings.Repeat("é", answers.MaxNameLen)); err != nil {
		t.Errorf("a name of %d characters: %v", answers.MaxNameLen, err)
	}
	err := a.Set(answers.Name, strings.Repeat("x", 100_000))
	if err == nil || !strings.Contains(err.Error(), "100000 characters; a name is at most 200") {
		t.Errorf("a name of 100,000 characters: %v", err)
	}
}

// TestPastAnyNumberIsPastRange: a number well-formed but past what a
// float64 holds is ErrPastRange in every parser, whether the digits alone
// are past (1e400) or the digits times the unit (1e300GB), so an answer
// says its maximum instead of "want a size".
func TestPastAnyNumberIsPastRange(t *testing.T) {
	for _, tc := range []struct {
		parse func(string) (float64, error)
		in    string
	}{
		{answers.ParseCount, "1e400"},
		{answers.ParseCount, "1e300T"},
		{answers.ParseCount, "1e306k"},
		{answers.ParseBytes, "1e400"},
		{answers.ParseBytes, "1e300GB"},
		{answers.ParseBytes, "1e300G"},
		{answers.ParseBytes, "1e300 TB"},
		{answers.ParseBytes, "1e306KiB"},
		{answers.ParseRatio, "1e400"},
		{answers.ParseRatio, "1e300T"},
		{answers.ParseRatio, "1e400:1"},
		{answers.ParsePercent, "1e400"},
		{answers.ParsePercent, "1e400%"},
		{answers.ParseMoney, "1e400"},
		{answers.ParseMoney, "$1e300T"},
	} {
		if _, err := tc.parse(tc.in); !errors.Is(err, answers.ErrPastRange) {
			t.Errorf("%q: %v; want it past any number (ErrPastRange)", tc.in, err)
		}
	}
	// Not past any number: refused as malformed, or as below the minimum.
	for _, tc := range []struct {
		parse func(string) (float64, error)
		in    string
	}{
		{answers.ParseBytes, "1e300XB"},
		{answers.ParseRatio, "1:1e400"},
		{answers.ParsePercent, "inf"},
		{answers.ParseCount, "-1e300T"},
	} {
		if _, err := tc.parse(tc.in); err == nil || errors.Is(err, answers.ErrPastRange) {
			t.Errorf("%q: %v; want an error that is not ErrPastRange", tc.in, err)
		}
	}
	// Without a maximum from the knowledge base, an answer bounded here
	// names its bound.
	if _, err := answers.UpdateShare.Parse("1e400"); err == nil || !strings.Contains(err.Error(), "past any number; the most is 100") {
		t.Errorf("update_share 1e400: %v; want it past any number, naming 100", err)
	}
}

// TestParseSaysAPlanIsNotAnswers: a plan's JSON given as answers is named
// as a plan once, and a UTF-16 file is named as UTF-16, instead of a wall
// of unknown keys.
func TestParseSaysAPlanIsNotAnswers(t *testing.T) {
	_, err := answers.Parse("a.json", []byte("{\n  \"schema_version\": 3,\n  \"name\": \"x\",\n  \"answers\": {}\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "a.json:2: this is a plan") || strings.Contains(err.Error(), "unknown key") {
		t.Errorf("a plan as answers: %v", err)
	}
	_, err = answers.Parse("u16.yaml", append([]byte{0xFF, 0xFE}, []byte("u\x00s\x00")...))
	if err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 answers: %v", err)
	}
}
