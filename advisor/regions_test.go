package advisor_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// regionAnswers are random answers, from a fixed seed, that reach the
// multi-region stage often: users in one to five regions, targets up to
// four nines, every trait now and then.
func regionAnswers(n int) [][]string {
	rng := rand.New(rand.NewPCG(2026, 7))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	out := make([][]string, 0, n)
	for range n {
		var traits []string
		for _, tr := range traitNames {
			if rng.IntN(4) == 0 {
				traits = append(traits, tr)
			}
		}
		kv := []string{
			"users", fmt.Sprintf("%.0f", math.Pow(10, 4+5*rng.Float64())),
			"read_ratio", pick("0.25", "1", "3", "9", "20", "100"),
			"requests_per_user", pick("30", "100", "400"),
			"peak_factor", pick("1", "2", "5"),
			"write_bytes", pick("100", "1k", "5k"),
			"data_gb", pick("0", "500", "4000"),
			"regions", pick("1", "2", "2", "3", "5"),
			"availability", pick("99.9", "99.95", "99.99", "99.99"),
			"team", pick("3", "12", "200"),
		}
		if len(traits) > 0 {
			kv = append(kv, "traits", strings.Join(traits, ","))
		}
		out = append(out, kv)
	}
	return out
}

// regionPlans advises every regionAnswers on ad, with the what-ifs given.
func regionPlans(t *testing.T, ad *advisor.Advisor, n int, whatIfs ...string) map[string]*advisor.Plan {
	t.Helper()
	out := map[string]*advisor.Plan{}
	for _, kv := range regionAnswers(n) {
		p, err := ad.Advise(ans(t, kv...))
		if err != nil {
			t.Fatalf("%v: %v", kv, err)
		}
		if len(whatIfs) > 0 {
			if err := ad.WhatIfs(p, whatIfs); err != nil {
				t.Fatalf("%v: %v", kv, err)
			}
		}
		out[strings.Join(kv, " ")] = p
	}
	return out
}

// stacks is the regions a plan runs a whole stack in; 0 in one region.
func stacks(p *advisor.Plan) float64 {
	if p.Availability.Regions == nil {
		return 0
	}
	return p.Availability.Regions.Regions
}

// checkRegionsBuy asserts that a multi-region plan buys, in every region,
// each part the availability composition counts in each region: a fleet's
// servers, a partition's nodes with their replicas or standbys, a managed
// service's instance. The databases of the other regions are the
// multi-region component's replicas.
func checkRegionsBuy(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	r := stacks(p)
	if r == 0 {
		return
	}
	if r < 2 {
		t.Errorf("%s: a multi-region plan with %v regions", at, r)
	}
	for _, pt := range p.Availability.Parts {
		if !pt.PerRegion {
			continue
		}
		c, ok := component(p, pt.ID)
		if !ok {
			t.Errorf("%s: part %s is not a component of the plan", at, pt.ID)
			continue
		}
		// Priced with no size, it is a managed service billed by what
		// passes through it: the same bill in one region or many.
		if c.SizeID == "" {
			continue
		}
		perRegion := pt.Count
		if pt.Units == knowledge.UnitsOne {
			perRegion = 1
		}
		// A partition at two zones is a node with its replica, or a
		// primary with its standby.
		if pt.Units == knowledge.UnitsPartitioned && p.Estimates.Resilience >= estimators.TwoZones {
			perRegion *= 2
		}
		bought := c.Count
		if pt.ID == "database" {
			for _, id := range []string{"multi-az", "multi-region"} {
				if o, ok := component(p, id); ok {
					bought += o.Count
				}
			}
		}
		if bought < perRegion*r {
			t.Errorf("%s: %s counts %v in each of %v regions (%s), but the plan buys %v", at, pt.ID, perRegion, r, pt.Basis, bought)
		}
	}
}

// TestEveryRegionBuysWhatItIsCountedWith: over random answers, a
// multi-region plan's availability never rests on a part bought in one
// region only.
func TestEveryRegionBuysWhatItIsCountedWith(t *testing.T) {
	ad := newAdvisor(t)
	multi, wider, passive := 0, 0, 0
	for at, p := range regionPlans(t, ad, 400) {
		if stacks(p) == 0 {
			continue
		}
		multi++
		if stacks(p) > 2 {
			wider++
		}
		if p.Availability.Regions.Mode == advisor.ActivePassive {
			passive++
		}
		checkRegionsBuy(t, at, p)
	}
	if multi < 50 || wider == 0 || passive == 0 {
		t.Errorf("%d multi-region plans (%d in three or more regions, %d active-passive): the answers do not exercise the regions", multi, wider, passive)
	}
}

// impact is the what-if's impact on subject, if any.
func impact(p *advisor.Plan, whatIf, subject string) (advisor.Impact, bool) {
	for _, w := range p.WhatIf {
		if w.ID != whatIf {
			continue
		}
		for _, im := range w.Impacts {
			if im.Subject == subject {
				return im, true
			}
		}
	}
	return advisor.Impact{}, false
}

// survivorsCarry is whether the app servers left when one region fails
// take the peak at full load, and the servers and what they take.
func survivorsCarry(t *testing.T, at string, p *advisor.Plan) (bool, float64, float64) {
	t.Helper()
	r := stacks(p)
	app, _ := component(p, "app-server")
	if math.Mod(app.Count, r) != 0 {
		t.Errorf("%s: %v app servers do not split over %v regions", at, app.Count, r)
	}
	left := app.Count / r * (r - 1)
	capacity := left * p.Estimates.AppRPSAtTarget / p.Capacity.TargetUtilisation
	return capacity >= p.Inputs.PeakRPS, left, capacity
}

// TestRegionLossLeavesEnoughServers: when one region of a multi-region plan
// fails, the regions left carry the peak on the servers they run, at the
// utilisation target (static stability); and with the sizing overridden to
// split the peak instead, the region-down what-if says the survivors
// overload.
func TestRegionLossLeavesEnoughServers(t *testing.T) {
	checkWhatIf := func(t *testing.T, plans map[string]*advisor.Plan) (carried, overloaded int) {
		for at, p := range plans {
			if stacks(p) == 0 {
				continue
			}
			carry, left, capacity := survivorsCarry(t, at, p)
			im, ok := impact(p, "region-down", "app-server")
			switch {
			case !ok:
				t.Errorf("%s: region-down says nothing about the app servers", at)
			case carry && im.Status == "overloads", !carry && im.Status != "overloads":
				t.Errorf("%s: %v app servers left take %.0f rps against a %.0f rps peak, but region-down says %s: %s",
					at, left, capacity, p.Inputs.PeakRPS, im.Status, im.Effect)
			case carry:
				carried++
			default:
				overloaded++
			}
		}
		return carried, overloaded
	}

	t.Run("sized for the peak with a region down", func(t *testing.T) {
		plans := regionPlans(t, newAdvisor(t), 300, "region-down")
		for at, p := range plans {
			if stacks(p) == 0 {
				continue
			}
			// Not only at full load: at the utilisation target.
			_, left, _ := survivorsCarry(t, at, p)
			if left*p.Estimates.AppRPSAtTarget < p.Inputs.PeakRPS*(1-1e-9) {
				t.Errorf("%s: %v app servers left take %.0f rps at the utilisation target, below the %.0f rps peak",
					at, left, left*p.Estimates.AppRPSAtTarget, p.Inputs.PeakRPS)
			}
		}
		if carried, overloaded := checkWhatIf(t, plans); carried == 0 || overloaded != 0 {
			t.Errorf("%d plans carry a region's loss and %d overload", carried, overloaded)
		}
	})

	t.Run("sized to split the peak", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "knowledge", "data", "constants.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		split := regexp.MustCompile(`(?m)^(  - id: regions_lost_carried\n    value: )\S+`)
		if !split.Match(src) {
			t.Fatal("constants.yaml has no regions_lost_carried")
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "constants.yaml"), split.ReplaceAll(src, []byte("${1}0.001")), 0o600); err != nil {
			t.Fatal(err)
		}
		kb, err := knowledge.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, overloaded := checkWhatIf(t, regionPlans(t, advisor.New(kb), 300, "region-down")); overloaded == 0 {
			t.Error("no plan sized to split the peak overloads when a region fails")
		}
	})
}

// A count as the texts print it.
const countText = `([0-9][0-9,.]*[KMB]?)`

// TestTextsCountTheServersBought: every reason and what-if that counts app
// servers, cache nodes or connection servers counts the ones the plan buys:
// in all, or in each region.
func TestTextsCountTheServersBought(t *testing.T) {
	ad := newAdvisor(t)
	type want struct {
		component, pattern string
		of                 func(p *advisor.Plan, r float64) []float64 // the counts the groups must show
		multi              bool                                       // only in a multi-region plan; else only in one region
	}
	count := func(p *advisor.Plan, id string) float64 { c, _ := component(p, id); return c.Count }
	copies := func(p *advisor.Plan) float64 {
		if p.Estimates.Resilience >= estimators.TwoZones {
			return 2
		}
		return 1
	}
	wants := []want{
		{"app-server", `→ ` + countText + ` app servers in each region(?: \([^)]*\))?, ` + countText + ` in all`,
			func(p *advisor.Plan, r float64) []float64 {
				return []float64{count(p, "app-server") / r, count(p, "app-server")}
			}, true},
		{"load-balancer", `^in each of ` + countText + ` regions, ` + countText + ` app servers behind one address; each balancer`,
			func(p *advisor.Plan, r float64) []float64 {
				return []float64{count(p, "load-balancer"), count(p, "app-server") / r}
			}, true},
		{"load-balancer", `^` + countText + ` app servers behind one address`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "app-server")} }, false},
		{"autoscaling", `^in (?:each of ` + countText + ` regions|the home region), (?:keeps |between \S+ servers off-peak and )` + countText + ` (?:servers running|at peak)`,
			func(p *advisor.Plan, r float64) []float64 {
				if p.Availability.Regions.Mode == advisor.ActivePassive {
					return []float64{0, count(p, "app-server") / r} // the home region's
				}
				return []float64{r, count(p, "app-server") / r}
			}, true},
		{"autoscaling", `^(?:keeps |between \S+ servers off-peak and )` + countText + ` (?:servers running|at peak)`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "app-server")} }, false},
		{"kubernetes", `^` + countText + ` servers`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "app-server")} }, false},
		{"kubernetes", `^` + countText + ` servers in each of ` + countText + ` regions`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "app-server") / r, r} }, true},
		{"cache", `→ ` + countText + ` nodes? of [^ ]+ [KMGTP]?B in each of ` + countText + ` regions`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "cache") / r / copies(p), r} }, true},
		{"cache", `→ ` + countText + ` nodes? of [^ ]+ [KMGTP]?B[,;]`,
			func(p *advisor.Plan, r float64) []float64 { return []float64{count(p, "cache") / copies(p)} }, false},
		{"realtime-gateway", `→ ` + countText + ` connection servers in each of ` + countText + ` regions`,
			func(p *advisor.Plan, r float64) []float64 {
				return []float64{count(p, "realtime-gateway") / r, r}
			}, true},
		{"multi-region", `^a (?:stack in each of ` + countText + ` regions|standby stack in a second region)`,
			func(p *advisor.Plan, r float64) []float64 {
				if p.Availability.Regions.Mode == advisor.ActivePassive {
					return []float64{0} // the second alternative: no count, and two regions
				}
				return []float64{r}
			}, true},
	}
	impacts := []struct {
		whatIf, pattern string
		of              func(p *advisor.Plan, r float64) []float64
	}{
		{"az-down", `of its ` + countText + ` app servers`, func(p *advisor.Plan, r float64) []float64 {
			return []float64{count(p, "app-server") / r}
		}},
		{"region-down", `on the ` + countText + ` app servers already running`, func(p *advisor.Plan, r float64) []float64 {
			return []float64{count(p, "app-server") / r * (r - 1)}
		}},
	}
	checked := map[string]int{}
	for at, p := range regionPlans(t, ad, 300, "az-down", "region-down") {
		r := stacks(p)
		for _, w := range wants {
			c, ok := component(p, w.component)
			if !ok || w.multi != (r > 0) {
				continue
			}
			m := regexp.MustCompile(w.pattern).FindStringSubmatch(c.Reason)
			if m == nil {
				t.Errorf("%s: %s's reason does not say %s: %q", at, w.component, w.pattern, c.Reason)
				continue
			}
			checked[w.component]++
			for i, n := range w.of(p, r) {
				if n == 0 && m[i+1] == "" && r == 2 {
					continue
				}
				if got := m[i+1]; got != human.Count(n) {
					t.Errorf("%s: %s's reason says %s where the plan buys %s: %q", at, w.component, got, human.Count(n), c.Reason)
				}
			}
		}
		if r == 0 {
			continue
		}
		for _, w := range impacts {
			im, ok := impact(p, w.whatIf, "app-server")
			if !ok {
				t.Errorf("%s: %s says nothing of the app servers", at, w.whatIf)
				continue
			}
			m := regexp.MustCompile(w.pattern).FindStringSubmatch(im.Effect)
			if m == nil {
				t.Errorf("%s: %s does not count the app servers: %q", at, w.whatIf, im.Effect)
				continue
			}
			checked[w.whatIf]++
			for i, n := range w.of(p, r) {
				if got := m[i+1]; got != human.Count(n) {
					t.Errorf("%s: %s says %s app servers where the plan has %s: %q", at, w.whatIf, got, human.Count(n), im.Effect)
				}
			}
		}
	}
	for _, id := range []string{"app-server", "load-balancer", "autoscaling", "kubernetes", "cache", "realtime-gateway", "multi-region", "az-down", "region-down"} {
		if checked[id] == 0 {
			t.Errorf("no plan's %s text was checked", id)
		}
	}
}

// TestMultiRegionStageNamesItsRegions: a plan the traffic puts in several
// regions, with a target one region meets, is built at two zones in each
// region, and its resilience name says so rather than "two zones".
func TestMultiRegionStageNamesItsRegions(t *testing.T) {
	p := advise(t, "users", "20M", "regions", "2")
	a := p.Availability
	if a.Regions == nil || a.Regions.Regions != 2 {
		t.Fatalf("20M users in 2 regions: regions %+v", a.Regions)
	}
	if a.Resilience.Name != "Two zones in each of 2 regions" {
		t.Errorf("resilience name %q", a.Resilience.Name)
	}
}
