package answers_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/answers"
)

// The plan's "answers" are keyed by the answers-file keys, in the order
// they are declared, and read back to the same answers.
func TestAnswersJSONRoundTrips(t *testing.T) {
	a := mk(answers.Name, "Acme", answers.Users, 2e6, answers.ReadRatio, 2.5, answers.ResponseBytes, 50000,
		answers.Growth, 15, answers.TraitsField, []string{"media", "search"}, answers.Provider, "gcp")
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":1,"name":"Acme","users":2000000,"read_ratio":2.5,"response_bytes":50000,"growth":15,"traits":["media","search"],"provider":"gcp"}`
	if string(data) != want {
		t.Errorf("JSON\n%s\nwant\n%s", data, want)
	}
	var back answers.Answers
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !equal(a, back) {
		t.Errorf("read back as %s", answers.Marshal(back))
	}
	for _, bad := range []string{`{"version":1,"mau":5}`, `{"version":1,"users":"many"}`, `{"version":1,"users":0}`, `{"version":1,"traits":["serch"]}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// YAML plans say 2000000, never 2e+06.
func TestAnswersYAMLWritesWholeNumbers(t *testing.T) {
	a := mk(answers.Users, 2e6, answers.ReadRatio, 2.5)
	out, err := yaml.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(out); !strings.Contains(s, "users: 2000000\n") || !strings.Contains(s, "read_ratio: 2.5\n") || strings.Contains(s, "e+") {
		t.Errorf("YAML answers:\n%s", s)
	}
}

func TestParseBytes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"500", 500}, {"500B", 500}, {"2KB", 2000}, {"2kb", 2000}, {"50MB", 50e6}, {"1.5GB", 1.5e9},
		{"4KiB", 4096}, {"1MiB", 1 << 20}, {"2k", 2000}, {" 3 TB ", 3e12}, {"1,024", 1024},
	} {
		got, err := answers.ParseBytes(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseBytes(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "KB", "two KB", "5 parsecs", "1e400GB", "NaNB"} {
		if v, err := answers.ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) = %v, want an error", bad, v)
		}
	}
}

// A value written back for a person (Text) parses to exactly itself.
func TestFieldTextRoundTrips(t *testing.T) {
	for _, f := range answers.Fields {
		if !f.Kind.Numeric() {
			continue
		}
		for _, v := range []float64{1, 2.5, 1000, 1500, 2e6, 8.2e9, 123456789, 99.95} {
			if v < f.Min || f.Upper > 0 && (v > f.Upper || f.UpperOpen && v == f.Upper) || (f.Kind == answers.KindWhole || f.Whole) && v != math.Trunc(v) {
				continue
			}
			text := f.Text(v)
			back, err := f.Parse(text)
			if err != nil || back != v {
				t.Errorf("%s: Text(%v) = %q parses back as %v, %v", f.Key, v, text, back, err)
			}
		}
	}
}

func FuzzParseBytes(f *testing.F) {
	for _, s := range []string{"500", "2KB", "50MB", "1.5GB", "4KiB", "1e3", "KB", "-1KB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := answers.ParseBytes(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseBytes(%q) = %v", s, v)
		}
	})
}
