package advisor_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/knowledge"
)

// TestBoundariesAreWhereTheStageChanges: just past each boundary the plan
// is at the stage or beyond, just before it below; boundaries and months
// never go down the ladder; today's stage is reached and the next is not.
func TestBoundariesAreWhereTheStageChanges(t *testing.T) {
	ad := newAdvisor(t)
	systems := map[string]answers.Answers{}
	for _, f := range loadAnswersFiles(t) {
		systems[f.name] = f.a
	}
	for _, pr := range sweepProfiles()[:10] {
		systems[pr.name+", 40k users"] = pr.answers(t, 40e3)
	}
	for name, a := range systems {
		t.Run(name, func(t *testing.T) {
			today, bs, err := ad.Boundaries(a)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != 9 {
				t.Fatalf("%d boundaries, want one per stage", len(bs))
			}
			prevX, prevMonth := -1.0, -1
			for k, b := range bs {
				if b.Stage.Number != k {
					t.Errorf("boundary %d is for stage %d", k, b.Stage.Number)
				}
				if b.Reached != (k <= today.Stage.Number) {
					t.Errorf("stage %d: reached %v, but today is stage %d", k, b.Reached, today.Stage.Number)
				}
				if b.Month != nil {
					if *b.Month < prevMonth {
						t.Errorf("stage %d: month %d before the previous stage's %d", k, *b.Month, prevMonth)
					}
					if (*b.Month == 0) != b.Reached {
						t.Errorf("stage %d: month %d, reached %v", k, *b.Month, b.Reached)
					}
					prevMonth = *b.Month
				}
				switch {
				case b.AtLoadX == nil:
					if !b.Beyond && b.Needs == "" {
						t.Errorf("stage %d: no load, not beyond the search, and nothing needed", k)
					}
					prevX = advisor.MaxLoadX * 10
					continue
				case *b.AtLoadX == 0:
					if d, _ := ad.Decide(scaleTraffic(t, a, advisor.MinLoadX)); d.Stage.Number < k {
						t.Errorf("stage %d: at any load, but at the smallest load the plan is at stage %d", k, d.Stage.Number)
					}
				case b.Month != nil && !b.Reached:
					// Dated: the month's traffic multiple, and the month the
					// plan first reaches the stage.
					m, x := *b.Month, *b.AtLoadX
					if want := math.Pow(1+today.Inputs.Growth/100, float64(m)); x != want {
						t.Errorf("stage %d in month %d at %gx, want (1 + growth)^month = %g", k, m, x, want)
					}
					if m < 1 {
						t.Fatalf("stage %d not reached today, yet dated month %d", k, m)
					}
					at, before := decideMonth(t, ad, a, m), decideMonth(t, ad, a, m-1)
					if at.Stage.Number < k || before.Stage.Number >= k {
						t.Errorf("stage %d in month %d: stage %d that month, %d the month before", k, m, at.Stage.Number, before.Stage.Number)
					}
					if *b.LandsAt != at.Stage.Number || *b.Users != at.Inputs.Users || *b.PeakRPS != at.Inputs.PeakRPS {
						t.Errorf("stage %d in month %d: lands at %d with %g users and %g rps, the month's plan is at %d with %g and %g",
							k, m, *b.LandsAt, *b.Users, *b.PeakRPS, at.Stage.Number, at.Inputs.Users, at.Inputs.PeakRPS)
					}
				default:
					// Undated: where the stage changes as traffic alone grows.
					x := *b.AtLoadX
					above, err := ad.Decide(scaleTraffic(t, a, x*1.0001))
					if err != nil {
						t.Fatal(err)
					}
					below, err := ad.Decide(scaleTraffic(t, a, x/1.002))
					if err != nil {
						t.Fatal(err)
					}
					if above.Stage.Number < k || below.Stage.Number >= k {
						t.Errorf("stage %d at %gx: stage %d just above, %d just below", k, x, above.Stage.Number, below.Stage.Number)
					}
					if b.Reached != (x <= 1) {
						t.Errorf("stage %d at %gx: reached %v", k, x, b.Reached)
					}
					if *b.LandsAt < k {
						t.Errorf("stage %d lands at %d", k, *b.LandsAt)
					}
				}
				if x := *b.AtLoadX; x > 0 && x < prevX {
					t.Errorf("stage %d begins at %gx, below stage %d's %gx", k, x, k-1, prevX)
				}
				prevX = *b.AtLoadX
			}
		})
	}
}

// decideMonth is month m of a's schedule, computed here on its own: the
// traffic times (1+growth)^m and the data stored by then, each month adding
// the writes of the month before.
func decideMonth(t *testing.T, ad *advisor.Advisor, a answers.Answers, m int) advisor.Decision {
	t.Helper()
	d, err := ad.Decide(a)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := knowledge.Default()
	maxData, _ := kb.Constant(answers.DataGB.Max)
	data, g := d.Inputs.DataGB, d.Inputs.Growth
	for i := 1; i <= m; i++ {
		data = math.Min(data+d.Estimates.NewDataGBPerDay*estimators.DaysPerMonth, maxData.Value)
		am := scaleTraffic(t, a, math.Pow(1+g/100, float64(i)))
		am.SetValue(answers.DataGB, data)
		if d, err = ad.Decide(am); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// TestBoundariesWithGrowthMatchTheTimeline: the month a stage is reached is
// the month the timeline's plan first is at it.
func TestBoundariesWithGrowthMatchTheTimeline(t *testing.T) {
	ad := newAdvisor(t)
	a := ans(t, "users", "50k", "growth", "12%")
	_, bs, err := ad.Boundaries(a)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := ad.Timeline(a, advisor.MaxHorizonMonths)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		want := -1
		for _, p := range tl.Points {
			if p.StageNumber >= b.Stage.Number {
				want = p.Month
				break
			}
		}
		got := -1
		if b.Month != nil {
			got = *b.Month
		}
		if got != want {
			t.Errorf("stage %d: month %d, the timeline reaches it at %d", b.Stage.Number, got, want)
		}
	}
	// Without growth only the stored data grows: a stage ahead is dated
	// when the data alone takes the plan there, at today's traffic.
	for _, a := range []answers.Answers{ans(t, "users", "50k"), ans(t, "users", "5k"), ans(t, "users", "20M")} {
		_, flat, err := ad.Boundaries(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range flat {
			switch {
			case b.Reached && (b.Month == nil || *b.Month != 0):
				t.Errorf("without growth stage %d is reached but has month %v", b.Stage.Number, b.Month)
			case !b.Reached && b.Month != nil && *b.AtLoadX != 1:
				t.Errorf("without growth stage %d is dated month %d at %gx, not today's traffic", b.Stage.Number, *b.Month, *b.AtLoadX)
			}
		}
	}
}

// TestBoundariesSayWhatElseAStageNeeds: with a ladder where traffic alone
// cannot reach multi-region or planet scale, the boundaries say which
// answer would, and from what value.
func TestBoundariesSayWhatElseAStageNeeds(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "knowledge", "data", "stages.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Planet scale without its way in for any two regions: three regions
	// or more only.
	const anyTwo = `      - when: "regions >= 2 && peak_rps >= planet_scale_rps"
        trigger:
          metric: peak_rps
          threshold: planet_scale_rps
          text: "peak traffic passes ~{threshold} rps across two or more regions"
          held: "{regions < 2 ? 'traffic is past that already, and every user is in one region: it waits for users in a second region' : ''}"
`
	if !strings.Contains(string(src), anyTwo) {
		t.Fatal("planet-scale's ways in changed; update this test's override")
	}
	dir := t.TempDir()
	override := strings.Replace(string(src), anyTwo, "", 1)
	if err := os.WriteFile(filepath.Join(dir, "stages.yaml"), []byte(override), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, bs, err := advisor.New(kb).Boundaries(ans(t, "users", "2M"))
	if err != nil {
		t.Fatal(err)
	}
	// A target above what one region's SLAs compose to also brings a
	// second region.
	for k, want := range map[int]string{
		7: "users in at least 2 regions (regions) or an availability target of 99.9",
		8: "users in at least 3 regions (regions)",
	} {
		b := bs[k]
		if b.AtLoadX != nil || b.Beyond || !strings.HasPrefix(b.Needs, want) {
			t.Errorf("stage %d: at %v, beyond %v, needs %q; want %q", k, b.AtLoadX, b.Beyond, b.Needs, want)
		}
	}
}
