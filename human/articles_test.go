package human

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestArticles(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a 8-vCPU primary", "an 8-vCPU primary"},
		{"a 16-vCPU primary", "a 16-vCPU primary"},
		{"A 11 GB cache", "An 11 GB cache"},
		{"a 18% share", "an 18% share"},
		{"a 80:1 ratio", "an 80:1 ratio"},
		{"a 800 GB disk", "an 800 GB disk"},
		{"a 110 GB disk", "a 110 GB disk"},
		{"a 1,100 GB disk", "a 1,100 GB disk"},
		{"a 11,000 rps peak", "an 11,000 rps peak"},
		{"a 18000 rps peak", "an 18000 rps peak"},
		{"a 1.8x load", "a 1.8x load"},
		{"data 8 GB", "data 8 GB"},
		{"media 8 GB", "media 8 GB"},
		{"a 2-vCPU worker, a 8-vCPU one", "a 2-vCPU worker, an 8-vCPU one"},
		{"(a 8-vCPU primary)", "(an 8-vCPU primary)"},
		{"é a 8 GB", "é an 8 GB"},
		{"_a 8 GB", "_a 8 GB"},
		{"a 8,a 8", "an 8,an 8"},
		{"a  8 GB", "a  8 GB"},
		{"a 8", "an 8"},
		{"a ", "a "},
		{"", ""},
	} {
		if got := Articles(tc.in); got != tc.want {
			t.Errorf("Articles(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// articlesByRegexp is Articles as a regular expression, as it was first
// written: the scan must give the same text for every input.
var articleBeforeNumber = regexp.MustCompile(`\b([Aa]) ([0-9][0-9,]*)`)

func articlesByRegexp(s string) string {
	return articleBeforeNumber.ReplaceAllStringFunc(s, func(m string) string {
		article, num := m[:1], m[2:]
		if !vowelNumberAsWritten(num) {
			return m
		}
		return article + "n " + num
	})
}

func vowelNumberAsWritten(num string) bool {
	digits := strings.ReplaceAll(num, ",", "")
	lead := len(digits) % 3
	if lead == 0 {
		lead = 3
	}
	group := digits[:min(lead, len(digits))]
	if strings.Contains(num, ",") {
		group, _, _ = strings.Cut(num, ",")
	}
	return group[0] == '8' || group == "11" || group == "18"
}

// TestArticlesMatchesTheRegexp compares the scan with the regular
// expression on random texts made of the bytes that matter (articles,
// spaces, digits, commas, word and non-word bytes, invalid UTF-8).
func TestArticlesMatchesTheRegexp(t *testing.T) {
	pieces := []string{"a", "A", "n", " ", "  ", "8", "1", "11", "18", "0", ",", "8,000", "800", "1800", "18000", "110000", "8,", "11,0", "18,000,000", "_", "x", "-", "é", "\xff", "\xc3", "an", "a 8", "A 1", "a 18,5"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		s := ""
		for range r.IntN(12) {
			s += pieces[r.IntN(len(pieces))]
		}
		if got, want := Articles(s), articlesByRegexp(s); got != want {
			t.Fatalf("Articles(%q) = %q, the regexp gives %q", s, got, want)
		}
	}
}

func FuzzArticles(f *testing.F) {
	for _, s := range []string{"a 8-vCPU primary", "A 11,000 rps", "x a 18% share, a 800 GB disk", "é a 8", "_a 8", "a 8,a 8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Articles(s), articlesByRegexp(s); got != want {
			t.Fatalf("Articles(%q) = %q, the regexp gives %q", s, got, want)
		}
	})
}

func BenchmarkArticles(b *testing.B) {
	s := "A read replica takes the reads past what the primary serves: a 8-vCPU replica for 2,315 rps at peak, a 16 GB working set"
	b.ReportAllocs()
	for b.Loop() {
		Articles(s)
	}
}
