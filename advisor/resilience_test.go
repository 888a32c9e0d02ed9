package advisor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

var providers = []string{"aws", "digitalocean", "gcp", "hetzner"}

// bandProfiles are answers held fixed while users sweep, for the band and
// availability invariants.
var bandProfiles = [][]string{
	nil,
	{"growth", "45%"},
	{"availability", "99.95", "traits", "search,media,jobs"},
	{"availability", "99.99", "regions", "3", "team", "60"},
	{"read_ratio", "1", "write_bytes", "5k", "availability", "99.9"},
}

// eachPlan advises every answers file and a sweep of users from 1 to a
// billion under bandProfiles, on every provider, and calls check on each.
func eachPlan(t *testing.T, check func(t *testing.T, at string, p *advisor.Plan)) int {
	t.Helper()
	ad := newAdvisor(t)
	n := 0
	run := func(at string, a answers.Answers) {
		for _, prov := range providers {
			b := a.Clone()
			b.Provider = prov
			p, err := ad.Advise(b)
			if err != nil {
				t.Fatalf("%s on %s: %v", at, prov, err)
			}
			n++
			check(t, at+" on "+prov, p)
		}
	}
	for _, f := range loadAnswersFiles(t) {
		run(f.name, f.a)
	}
	for _, kv := range bandProfiles {
		for i := 0; i <= 60; i++ {
			a := ans(t, kv...)
			users := math.Round(math.Pow(10, 9*float64(i)/60))
			a.SetValue(answers.Users, users)
			run(fmt.Sprintf("%g users with %v", users, kv), a)
		}
	}
	return n
}

// TestCostBandsAreOrdered: low <= typical <= high for every answers file
// and a sweep, on every provider, with the catalog date shown.
func TestCostBandsAreOrdered(t *testing.T) {
	n := eachPlan(t, func(t *testing.T, at string, p *advisor.Plan) {
		c := p.Cost
		if !(c.LowUSD >= 0 && c.LowUSD <= c.MonthlyUSD+1e-9 && c.MonthlyUSD <= c.HighUSD+1e-9) {
			t.Errorf("%s: bands low %v, typical %v, high %v are not ordered", at, c.LowUSD, c.MonthlyUSD, c.HighUSD)
		}
		if c.LowBasis == "" || c.HighBasis == "" || c.ProviderName == "" || c.AsOf == "" {
			t.Errorf("%s: band bases %q / %q, provider %q, catalog date %q", at, c.LowBasis, c.HighBasis, c.ProviderName, c.AsOf)
		}
	})
	if n < 1000 {
		t.Errorf("only %d plans checked", n)
	}
}

func TestCostBandFigures(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	instances := func(p *advisor.Plan) float64 {
		sum := 0.0
		for _, c := range p.Components {
			if it, ok := kb.Catalogs[p.Cost.Provider].Item(c.SizeID); ok && c.SizeID != "" && (it.VCPU > 0 || it.MemoryGB > 0) {
				sum += c.Count * it.PerMonthUSD()
			}
		}
		return sum
	}
	t.Run("AWS: 30% off the instances, 30% headroom", func(t *testing.T) {
		p := advise(t, "users", "2M")
		inst := instances(p)
		if inst <= 0 {
			t.Fatal("no instances in a 2M-user plan")
		}
		if got, want := p.Cost.LowUSD, p.Cost.MonthlyUSD-0.3*inst; math.Abs(got-want) > 1e-6 {
			t.Errorf("low = %v, want typical %v - 30%% of %v instances = %v", got, p.Cost.MonthlyUSD, inst, want)
		}
		if got, want := p.Cost.HighUSD, p.Cost.MonthlyUSD*1.3; math.Abs(got-want) > 1e-6 {
			t.Errorf("high = %v, want %v", got, want)
		}
	})
	t.Run("growth above the headroom sets the high band", func(t *testing.T) {
		p := advise(t, "users", "2M", "growth", "45%")
		if got, want := p.Cost.HighUSD, p.Cost.MonthlyUSD*1.45; math.Abs(got-want) > 1e-6 || !strings.Contains(p.Cost.HighBasis, "45%") {
			t.Errorf("high = %v (%s), want %v", got, p.Cost.HighBasis, want)
		}
	})
	t.Run("no commitment discounts at Hetzner or DigitalOcean", func(t *testing.T) {
		for _, prov := range []string{"hetzner", "digitalocean"} {
			p := advise(t, "users", "2M", "provider", prov)
			if p.Cost.LowUSD != p.Cost.MonthlyUSD || !strings.Contains(p.Cost.LowBasis, "no commitment") {
				t.Errorf("%s: low %v, typical %v (%s)", prov, p.Cost.LowUSD, p.Cost.MonthlyUSD, p.Cost.LowBasis)
			}
		}
	})
	t.Run("the sources of the figures are listed", func(t *testing.T) {
		p := advise(t, "users", "2M")
		for _, id := range []string{"aws-savings-plans", "aws-compute-sla", "aws-rds-sla"} {
			if !slices.ContainsFunc(p.Sources, func(s advisor.Source) bool { return s.ID == id }) {
				t.Errorf("sources lack %s", id)
			}
		}
	})
}

func TestWhatIfs(t *testing.T) {
	ad := newAdvisor(t)
	all := ad.WhatIfIDs()
	if !slices.Equal(all, []string{"traffic-x10", "cache-down", "az-down", "region-down", "db-primary-down"}) {
		t.Fatalf("what-ifs %v", all)
	}
	whatIfs := func(t *testing.T, kv ...string) map[string]advisor.WhatIf {
		t.Helper()
		p := advise(t, kv...)
		if err := ad.WhatIfs(p, all); err != nil {
			t.Fatal(err)
		}
		out := map[string]advisor.WhatIf{}
		for _, w := range p.WhatIf {
			out[w.ID] = w
		}
		return out
	}
	impact := func(w advisor.WhatIf, subject string) (advisor.Impact, bool) {
		for _, im := range w.Impacts {
			if im.Subject == subject || im.Name == subject {
				return im, true
			}
		}
		return advisor.Impact{}, false
	}
	t.Run("a single server: the database going down takes everything", func(t *testing.T) {
		w := whatIfs(t, "users", "500")
		im, ok := impact(w["db-primary-down"], "app-server")
		if !ok || im.Status != "fails" || im.Mitigated {
			t.Errorf("db-primary-down: %+v", w["db-primary-down"])
		}
		if w["region-down"].Worst != "fails" || w["cache-down"].Worst != "unaffected" {
			t.Errorf("region-down worst %s, cache-down worst %s", w["region-down"].Worst, w["cache-down"].Worst)
		}
	})
	t.Run("99.9%: a standby makes a primary failure a pause", func(t *testing.T) {
		w := whatIfs(t, "users", "300k", "availability", "99.9")
		im, ok := impact(w["db-primary-down"], "database")
		if !ok || im.Status != "degrades" || !im.Mitigated || !strings.Contains(im.Recovery, "1-2 minutes") {
			t.Errorf("db-primary-down: %+v", im)
		}
		if im, ok := impact(w["az-down"], "database"); !ok || !im.Mitigated {
			t.Errorf("az-down database: %+v", im)
		}
	})
	t.Run("two regions survive a region", func(t *testing.T) {
		w := whatIfs(t, "users", "5M", "regions", "2", "availability", "99.99")
		if got := w["region-down"].Worst; got == "fails" {
			t.Errorf("region-down worst %s: %+v", got, w["region-down"].Impacts)
		}
	})
	t.Run("ten times the traffic: the limits under 10x overload, and the plan for it", func(t *testing.T) {
		p := advise(t, "users", "50k")
		w := whatIfs(t, "users", "50k")["traffic-x10"]
		if w.AtLoad == nil || w.AtLoad.LoadX != 10 || w.AtLoad.Stage.Number < p.Stage.Number || w.AtLoad.MonthlyUSD < p.Cost.MonthlyUSD {
			t.Fatalf("at load: %+v", w.AtLoad)
		}
		if p.BreaksFirst == nil || p.BreaksFirst.AtLoadX >= 10 {
			t.Fatalf("fixture: want a limit under 10x, got %+v", p.BreaksFirst)
		}
		im, ok := impact(w, p.BreaksFirst.ID)
		if !ok || im.Status != "overloads" || !strings.Contains(im.Effect, "x today's peak") {
			t.Errorf("the first limit (%s) is not among the overloads: %+v", p.BreaksFirst.ID, w.Impacts)
		}
	})
	t.Run("an unknown what-if is the input's fault", func(t *testing.T) {
		p := advise(t, "users", "50k")
		err := ad.WhatIfs(p, []string{"meteor"})
		if !advisor.IsInputError(err) || !strings.Contains(err.Error(), "traffic-x10, cache-down, az-down, region-down, db-primary-down") {
			t.Errorf("error %v, want an input error listing the what-ifs", err)
		}
	})
	t.Run("every answers file: well-formed, deterministic, sourced", func(t *testing.T) {
		for _, f := range loadAnswersFiles(t) {
			p1, _ := ad.Advise(f.a)
			p2, _ := newAdvisor(t).Advise(f.a)
			if err := ad.WhatIfs(p1, all); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if err := newAdvisor(t).WhatIfs(p2, all); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			j1, _ := json.Marshal(p1)
			j2, _ := json.Marshal(p2)
			if string(j1) != string(j2) {
				t.Errorf("%s: two runs differ", f.name)
			}
			for _, w := range p1.WhatIf {
				worst := "unaffected"
				for _, im := range w.Impacts {
					if !slices.Contains(knowledge.FailureStatuses, im.Status) || im.Effect == "" || im.Recovery == "" || im.Name == "" {
						t.Errorf("%s %s: impact %+v", f.name, w.ID, im)
					}
					if slices.Index(knowledge.FailureStatuses, im.Status) < slices.Index(knowledge.FailureStatuses, worst) {
						worst = im.Status
					}
				}
				if w.Worst != worst {
					t.Errorf("%s %s: worst %s, impacts say %s", f.name, w.ID, w.Worst, worst)
				}
				for _, s := range w.Sources {
					if !slices.ContainsFunc(p1.Sources, func(x advisor.Source) bool { return x.ID == s }) {
						t.Errorf("%s %s: source %s is not in the plan's sources", f.name, w.ID, s)
					}
				}
			}
		}
	})
}

func TestDecisionRecords(t *testing.T) {
	ad := newAdvisor(t)
	for _, f := range loadAnswersFiles(t) {
		t.Run(f.name, func(t *testing.T) {
			p, err := ad.Advise(f.a)
			if err != nil {
				t.Fatal(err)
			}
			recs := ad.DecisionRecords(p)
			if !reflect.DeepEqual(recs, ad.DecisionRecords(p)) {
				t.Error("two calls differ")
			}
			if len(recs) == 0 || recs[0].Slug != "architecture-stage" {
				t.Fatalf("the first record is not the stage: %+v", recs)
			}
			seen := map[string]bool{}
			for i, r := range recs {
				if seen[r.Slug] {
					t.Errorf("slug %s twice", r.Slug)
				}
				seen[r.Slug] = true
				if r.Title == "" || r.Context == "" || r.Because == "" || len(r.Options) == 0 {
					t.Errorf("record %s is missing a part: %+v", r.Slug, r)
				}
				if slices.Contains([]string{"dns", "egress", "monitoring"}, r.Slug) {
					t.Errorf("a record for the routine %s", r.Slug)
				}
				if r.Slug == "deferred-components" && (i != len(recs)-1 || len(p.Deferred) == 0) {
					t.Errorf("the deferral record is not last, or there is nothing deferred")
				}
			}
			for _, c := range p.Components {
				if !seen[c.ID] && !slices.Contains([]string{"dns", "egress", "monitoring"}, c.ID) {
					t.Errorf("no record for %s", c.ID)
				}
			}
		})
	}
}

func TestCompareProviders(t *testing.T) {
	ad := newAdvisor(t)
	a := ans(t, "users", "2M", "traits", "search", "provider", "gcp")
	c, err := ad.CompareProviders(a)
	if err != nil {
		t.Fatal(err)
	}
	if c.Chosen != "gcp" || len(c.Providers) != 4 {
		t.Fatalf("chosen %s, %d providers", c.Chosen, len(c.Providers))
	}
	min := math.Inf(1)
	for i, p := range c.Providers {
		if p.Provider != providers[i] {
			t.Errorf("provider %d is %s, want %s", i, p.Provider, providers[i])
		}
		if !(p.LowUSD <= p.MonthlyUSD && p.MonthlyUSD <= p.HighUSD) {
			t.Errorf("%s: bands out of order", p.Provider)
		}
		min = math.Min(min, p.MonthlyUSD)
		b := a.Clone()
		b.Provider = p.Provider
		plan, err := ad.Advise(b)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Cost.MonthlyUSD != p.MonthlyUSD || plan.Stage.ID != c.Stage.ID || len(plan.Components) != len(c.Components) {
			t.Errorf("%s: the comparison (%v, %s) differs from the plan (%v, %s)", p.Provider, p.MonthlyUSD, c.Stage.ID, plan.Cost.MonthlyUSD, plan.Stage.ID)
		}
		sum := 0.0
		for _, row := range c.Components {
			if len(row.Prices) != 4 || row.Prices[i].Provider != p.Provider {
				t.Fatalf("row %s: prices %+v", row.ID, row.Prices)
			}
			sum += row.Prices[i].MonthlyUSD
		}
		if math.Abs(sum-p.MonthlyUSD) > 1e-6 {
			t.Errorf("%s: rows add up to %v, total %v", p.Provider, sum, p.MonthlyUSD)
		}
	}
	for _, p := range c.Providers {
		if p.Provider == c.Cheapest && p.MonthlyUSD != min {
			t.Errorf("cheapest %s at %v, the minimum is %v", c.Cheapest, p.MonthlyUSD, min)
		}
	}
}
