package export_test

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
)

// sweepPoint is one point of a JSON sweep as encoding/json marshals it:
// SweepWriter writes the same bytes without making one.
type sweepPoint struct {
	Values     map[string]float64 `json:"values"`
	Stage      advisor.StageRef   `json:"stage"`
	MonthlyUSD float64            `json:"monthly_usd"`
	PeakRPS    float64            `json:"peak_rps"`
	Components []sweepComponent   `json:"components"`
}

type sweepComponent struct {
	ID         string  `json:"id"`
	Count      float64 `json:"count"`
	MonthlyUSD float64 `json:"monthly_usd"`
}

// TestSweepJSONIsWhatEncodingJSONWrites: every point of a JSON sweep is
// byte for byte what encoding/json makes of it, for figures from 0 and -0
// to the edges of each float format, texts that encoding/json escapes, and
// keys in either order; a figure that is not a number fails as it does
// there.
func TestSweepJSONIsWhatEncodingJSONWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2026))
	edges := []float64{0, math.Copysign(0, -1), 1, 0.1, 1e-6, 9.99e-7, 1e-7, 1.5e-300, 5e-324, 1e20, 1e21, 123456789012345678901234.0,
		math.MaxFloat64, -2.5, 1e-10, 48.35, 0.30000000000000004, 1157.4074074074074}
	figure := func() float64 {
		switch rng.IntN(3) {
		case 0:
			return edges[rng.IntN(len(edges))]
		case 1:
			return math.Float64frombits(rng.Uint64()&^(0x7ff<<52) | uint64(rng.IntN(0x7ff))<<52) // any finite float
		}
		return math.Round(rng.Float64()*1e6) / 100
	}
	texts := []string{"dns", "app-server", "a<b>&c", "quote\"back\\slash", "line\nbreak", "bad\xffutf8", "sep\u2028arator", "tab\t", "ümlaut"}
	for _, keys := range [][]string{{"users"}, {"users", "read_ratio"}, {"read_ratio", "users"}, {"b&", "a<"}} {
		for range 200 {
			var out bytes.Buffer
			sw, err := export.NewSweepWriter(&out, "json", keys, texts)
			if err != nil {
				t.Fatal(err)
			}
			start := out.Len()
			values := make([]float64, len(keys))
			want := sweepPoint{Values: map[string]float64{}, Components: []sweepComponent{}}
			for i, k := range keys {
				values[i] = figure()
				want.Values[k] = values[i]
			}
			d := &advisor.Decision{Stage: advisor.StageRef{ID: texts[rng.IntN(len(texts))], Number: rng.IntN(9) - 1, Name: texts[rng.IntN(len(texts))]},
				MonthlyUSD: figure()}
			d.Inputs.PeakRPS = figure()
			for range rng.IntN(4) {
				c := advisor.Component{ID: texts[rng.IntN(len(texts))], Count: figure(), MonthlyUSD: figure()}
				d.Components = append(d.Components, c)
				want.Components = append(want.Components, sweepComponent{c.ID, c.Count, c.MonthlyUSD})
			}
			want.Stage, want.MonthlyUSD, want.PeakRPS = d.Stage, d.MonthlyUSD, d.Inputs.PeakRPS
			if err := sw.Point(values, d); err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := out.Bytes()[start:]; !bytes.Equal(got, append([]byte("\n"), js...)) {
				t.Fatalf("wrote\n%s\nencoding/json writes\n%s", got, js)
			}
		}
	}
	sw, err := export.NewSweepWriter(&bytes.Buffer{}, "json", []string{"users"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if err := sw.Point([]float64{1}, &advisor.Decision{MonthlyUSD: bad}); err == nil {
			t.Errorf("a cost of %g was written", bad)
		}
	}
}
