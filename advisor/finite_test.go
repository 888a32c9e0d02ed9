package advisor_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// TestTinyGrowthGivesNoMonthsRatherThanInfinity: at 1e-15% a month, 1+g
// rounds to 1 and the months to grow come out infinite; the plan says null
// (never, within any horizon) and encodes as JSON.
func TestTinyGrowthGivesNoMonthsRatherThanInfinity(t *testing.T) {
	ad := newAdvisor(t)
	p, err := ad.Advise(ans(t, "users", "50k", "growth", "1e-15"))
	if err != nil {
		t.Fatal(err)
	}
	if p.BreaksFirst == nil || p.BreaksFirst.InMonths != nil {
		t.Errorf("breaks_first = %+v, want a limit with no months", p.BreaksFirst)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("json: %v", err)
	}
	if err := ad.CheckPlan(p); err != nil {
		t.Errorf("CheckPlan refuses the plan the advisor made: %v", err)
	}
}

// TestNothingBreaksFirstBeyondTheLoadsWeighed: a limit today's traffic
// would pass only at more than MaxLoadX times (1e-300 requests a user,
// given or as an overlay's default) is not what breaks first: the plan
// gives no multiple like 7e301, as a stage beyond those loads has none.
func TestNothingBreaksFirstBeyondTheLoadsWeighed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "knowledge", "data", "constants.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tiny := regexp.MustCompile(`(id: default_requests_per_user\n\s+value: )\S+`).ReplaceAllString(string(data), "${1}1e-300")
	if tiny == string(data) {
		t.Fatal("constants.yaml has no default_requests_per_user to change")
	}
	overlay, _ := overlayBase(t, map[string]string{"constants.yaml": tiny})
	for _, tc := range []struct {
		name string
		ad   *advisor.Advisor
		a    answers.Answers
	}{
		{"given", newAdvisor(t), ans(t, "users", "50k", "requests_per_user", "1e-300")},
		{"an overlay's default", advisor.New(overlay), ans(t, "users", "50k")},
		{"given, with growth", newAdvisor(t), ans(t, "users", "50k", "requests_per_user", "1e-300", "growth", "100%")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.ad.Advise(tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if bf := p.BreaksFirst; bf != nil {
				t.Errorf("breaks_first %s at %gx today's load; want none past %gx", bf.ID, bf.AtLoadX, advisor.MaxLoadX)
			}
			for _, r := range p.Risks {
				if r.ID == "breaks-first" {
					t.Errorf("risk %q", r.Text)
				}
			}
			checkPlan(t, tc.name, p)
		})
	}
}

// TestCheckPlanRefusesWhatNoPlanHolds: a plan read from a file may say
// anything; the figures no plan can hold are refused, naming them.
func TestCheckPlanRefusesWhatNoPlanHolds(t *testing.T) {
	ad := newAdvisor(t)
	base, err := ad.Advise(ans(t, "users", "2M", "budget", "10"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(p *advisor.Plan)
		want   string // "" when the plan is fine
	}{
		{"the plan as made", func(p *advisor.Plan) {}, ""},
		{"a budget under the cost: a negative difference", func(p *advisor.Plan) { p.Budget.DifferenceUSD = -5 }, ""},
		{"a negative count", func(p *advisor.Plan) { p.Components[1].Count = -3 }, "components[1].count is -3; it cannot be negative"},
		{"a negative cost", func(p *advisor.Plan) { p.Cost.MonthlyUSD = -1 }, "cost.monthly_usd is -1; it cannot be negative"},
		{"a negative tier cost", func(p *advisor.Plan) { p.Cost.ByTier["web"] = -2 }, "cost.by_tier.web is -2"},
		{"a stage off the ladder", func(p *advisor.Plan) { p.Stage.Number = 12 }, "stage.number is 12; the stages are numbered 0 to 8"},
		{"a negative stage", func(p *advisor.Plan) { p.Stage.Number = -1 }, "stage.number is -1; it cannot be negative"},
		{"half a server", func(p *advisor.Plan) { p.Components[1].Count = 0.5 }, "components[1].count is 0.5; a count is a whole number"},
		{"1e300 servers", func(p *advisor.Plan) { p.Components[1].Count = 1e300 }, "components[1].count is 1e+300; a plan runs at most 100,000,000,000,000 of a component (max_plan_count)"},
		{"a cost of 1.7e308", func(p *advisor.Plan) { p.Cost.MonthlyUSD = 1.7e308 }, "cost.monthly_usd is 1.7e+308; a plan's figures in USD are at most $100000T a month (max_plan_monthly_usd)"},
		{"a tier cost of 1e30", func(p *advisor.Plan) { p.Cost.ByTier["web"] = 1e30 }, "cost.by_tier.web is 1e+30"},
		{"a budget 1e30 under the cost", func(p *advisor.Plan) { p.Budget.DifferenceUSD = -1e30 }, "budget.difference_usd is -1e+30"},
		{"a component twice", func(p *advisor.Plan) { p.Components = append(p.Components, p.Components[0]) }, `components[`},
		{"answers past their limits", func(p *advisor.Plan) { p.Answers.SetValue(answers.Users, 1e300) }, "answers.users 1e300: the maximum is 8,200,000,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p advisor.Plan
			if err := json.Unmarshal(data, &p); err != nil {
				t.Fatal(err)
			}
			tt.change(&p)
			err := ad.CheckPlan(&p)
			if got := ""; err != nil {
				got = err.Error()
				if tt.want == "" || !strings.HasPrefix(got, tt.want) {
					t.Errorf("CheckPlan = %q, want %q", got, tt.want)
				}
			} else if tt.want != "" {
				t.Errorf("CheckPlan accepted it; want %q", tt.want)
			}
		})
	}
}

// TestImpossibleArithmeticNamesTheAnswersGiven: 1e14 reads a day at a read
// ratio of 1e-300 make the writes, and so the users, infinite; the error
// is about the two answers given, not the users nobody gave.
func TestImpossibleArithmeticNamesTheAnswersGiven(t *testing.T) {
	_, err := newAdvisor(t).Advise(ans(t, "reads_per_day", "1e14", "read_ratio", "1e-300"))
	ae, ok := answers.AsError(err)
	if !ok || len(ae.Fields) != 2 || ae.Fields[0] != answers.ReadsPerDay || ae.Fields[1] != answers.ReadRatio {
		t.Fatalf("Advise = %v, want an answers error naming reads_per_day and read_ratio", err)
	}
	if !strings.Contains(ae.Msg, "inputs.users impossible to compute") {
		t.Errorf("message %q does not say what could not be computed", ae.Msg)
	}
}
