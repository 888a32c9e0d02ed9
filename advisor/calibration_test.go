package advisor_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/internal/calibration"
	"github.com/scaleplan/scaleplan/knowledge"
)

// maxCopies is the most copies of one component a plan may run: past it
// a fleet takes bigger machines or more clusters, never more of the same.
const maxCopies = 10000

// TestCalibration plans each real system of testdata/calibration from its
// published figures and holds the plan against what the system ran: the
// stage within its range, the components it ran, none it did without.
// Where a system chose differently for a reason its answers do not carry,
// the file names the check as a known gap and says why; a known gap that
// closes fails too, so the list stays true. Costs are reported beside any
// published spend and machine counts.
func TestCalibration(t *testing.T) {
	systems, err := calibration.Load("../testdata/calibration")
	if err != nil {
		t.Fatal(err)
	}
	ad := newAdvisor(t)
	for _, s := range systems {
		t.Run(strings.TrimSuffix(s.File, ".yaml"), func(t *testing.T) {
			p, err := ad.Advise(s.Answers)
			if err != nil {
				t.Fatalf("%s does not plan: %v", s.File, err)
			}
			checkPlan(t, s.File, p)
			checkDoneMeans(t, s.File, p)
			failed := map[string]string{}
			if n := p.Stage.Number; n < s.Ran.StageMin || n > s.Ran.StageMax {
				failed["stage"] = fmt.Sprintf("stage %d %s, but %s ran at stage %d to %d", n, p.Stage.ID, s.Name, s.Ran.StageMin, s.Ran.StageMax)
			}
			for _, id := range s.Ran.Has {
				if _, ok := component(p, id); !ok {
					failed["has:"+id] = fmt.Sprintf("no %s, which %s ran", id, s.Name)
				}
			}
			for _, id := range s.Ran.Lacks {
				if _, ok := component(p, id); ok {
					failed["lacks:"+id] = fmt.Sprintf("%s, which %s did without", id, s.Name)
				}
			}
			for check, msg := range failed {
				if _, known := s.Ran.KnownGaps[check]; !known {
					t.Errorf("%s: %s (a new gap: fix the advice, or add it to known_gaps saying why)", s.File, msg)
				}
			}
			for check := range s.Ran.KnownGaps {
				if _, still := failed[check]; !still {
					t.Errorf("%s: the known gap %q no longer fails: remove it from known_gaps", s.File, check)
				}
			}
			var counts []string
			for id, ran := range s.Ran.Counts {
				c, _ := component(p, id)
				counts = append(counts, fmt.Sprintf("%s %g (ran %g)", id, c.Count, ran))
			}
			sort.Strings(counts)
			// The ratio is reported, not checked: published bills differ from a
			// plan in date and scope, as each file's spend note says.
			spend := "no published spend"
			if s.Spend != nil {
				spend = fmt.Sprintf("published spend $%.0f, plan/spend %.3g", s.Spend.MonthlyUSD, p.Cost.MonthlyUSD/s.Spend.MonthlyUSD)
			}
			t.Logf("%s %s: stage %d, $%.0f a month, %s; %s", s.Name, s.AsOf, p.Stage.Number, p.Cost.MonthlyUSD, spend, strings.Join(counts, ", "))
		})
	}
}

// TestInterviewScenariosAreSane holds every interview scenario's reference
// plan, the answer key candidates practise against, to the same bounds.
func TestInterviewScenariosAreSane(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	ad := advisor.New(kb)
	if len(kb.Scenarios) == 0 {
		t.Fatal("no interview scenarios")
	}
	for i := range kb.Scenarios {
		sc := &kb.Scenarios[i]
		p, err := ad.Advise(sc.Answers())
		if err != nil {
			t.Fatalf("scenario %s does not plan: %v", sc.ID, err)
		}
		checkPlan(t, sc.ID, p)
		checkDoneMeans(t, sc.ID, p)
	}
}

// checkDoneMeans: no component runs in more than maxCopies copies, every
// fleet fits its clusters (checkFleets), and nothing is sharded because of
// blobs: rows never carry objects.
func checkDoneMeans(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	checkFleets(t, at, p)
	for _, c := range p.Components {
		if c.Count > maxCopies {
			t.Errorf("%s: %g copies of %s, more than %d", at, c.Count, c.ID, maxCopies)
		}
	}
	e, c := p.Estimates, p.Capacity
	if e.RowBytes > c.MaxRowBytes {
		t.Errorf("%s: %g-byte rows, past the %g a row should hold: blobs in the database", at, e.RowBytes, c.MaxRowBytes)
	}
	if e.WriteObjectBytes > 0 && slices.ContainsFunc(p.Components, func(c advisor.Component) bool { return c.ID == "sharding" }) {
		rowsOnly := e.DataGBNextYear / c.DBMaxStorageGB
		if e.ShardsForData > 1 && rowsOnly <= 1 {
			t.Errorf("%s: sharded for %g GB of data that objects inflate", at, e.DataGBNextYear)
		}
	}
}
