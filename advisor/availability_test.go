package advisor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/knowledge"
)

// constant is a knowledge constant's value.
func constant(tb testing.TB, id string) float64 {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatal(err)
	}
	c, ok := kb.Constant(id)
	if !ok {
		tb.Fatalf("no constant %q", id)
	}
	return c.Value
}

func part(p *advisor.Plan, id string) (advisor.AvailabilityPart, bool) {
	for _, pt := range p.Availability.Parts {
		if pt.ID == id {
			return pt, true
		}
	}
	return advisor.AvailabilityPart{}, false
}

func partIDs(p *advisor.Plan) []string {
	var out []string
	for _, pt := range p.Availability.Parts {
		out = append(out, pt.ID)
	}
	return out
}

// regionsByHand composes a multi-region plan from one region's figure the
// way docs/availability.md says: a failover pair, each failover costing the
// DNS failover and, for writes, a promotion, once a month, under the
// multi-region design target.
func regionsByHand(tb testing.TB, p *advisor.Plan, regionPct float64) float64 {
	u := 1 - regionPct/100
	writes := p.Inputs.WritesPerDay / (p.Inputs.ReadsPerDay + p.Inputs.WritesPerDay)
	cost := constant(tb, "region_failovers_per_month") * (constant(tb, "dns_failover_seconds") + writes*constant(tb, "replica_promotion_seconds"))
	lost := math.Min(u, cost/(estimators.DaysPerMonth*estimators.SecondsPerDay))
	return math.Min(1-u*u-lost, constant(tb, "multi_region_design_availability")/100) * 100
}

// TestComposedAvailability composes worked examples by hand, from the
// constants the knowledge base cites.
func TestComposedAvailability(t *testing.T) {
	instance, zones := constant(t, "sla_instance"), constant(t, "sla_multi_az_compute")
	dbOne, dbTwo := constant(t, "sla_db_single_az"), constant(t, "sla_db_multi_az")
	cacheTwo, lb := constant(t, "sla_cache_multi_az"), constant(t, "sla_load_balancer")
	product := func(pcts ...float64) float64 {
		v := 100.0
		for _, p := range pcts {
			v *= p / 100
		}
		return v
	}
	near := func(t *testing.T, what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s %v, want %v", what, got, want)
		}
	}

	t.Run("one server runs the app and its database: one instance's SLA", func(t *testing.T) {
		p := advise(t, "users", "500")
		near(t, "composed", p.Availability.ComposedPct, instance)
		if !p.Availability.MeetsTarget || p.Availability.Weakest != "app-server" || p.Availability.Resilience.ID != "one-zone" {
			t.Errorf("%+v", p.Availability)
		}
	})
	t.Run("a separate database: two single instances in series meet the 99% default", func(t *testing.T) {
		p := advise(t, "users", "20k", "data_gb", "5")
		if p.Stage.ID != "separate-db" {
			t.Fatalf("fixture: stage %s", p.Stage.ID)
		}
		near(t, "composed", p.Availability.ComposedPct, product(instance, dbOne))
		if !p.Availability.MeetsTarget || p.Availability.Resilience.Level != 0 {
			t.Errorf("%+v", p.Availability)
		}
	})
	t.Run("99.5% is more than one zone gives: the level rises to two zones and meets it", func(t *testing.T) {
		p := advise(t, "users", "50k", "availability", "99.5")
		a := p.Availability
		if a.Resilience.TargetLevel != 0 || a.Resilience.ID != "two-zones" || !strings.Contains(a.Resilience.Why, "below the 99.5% target") {
			t.Errorf("resilience %+v", a.Resilience)
		}
		for _, id := range []string{"multi-az", "load-balancer"} {
			if _, ok := component(p, id); !ok {
				t.Errorf("no %s in a plan raised to two zones: %v", id, componentIDs(p))
			}
		}
		app, _ := part(p, "app-server")
		if app.Count < app.Needed+1 || app.Pct != zones {
			t.Errorf("app fleet %+v: want a spare and the zones' %v%%", app, zones)
		}
		near(t, "composed", a.ComposedPct, product(lb, zones, cacheTwo, dbTwo))
		if !a.MeetsTarget || !strings.HasPrefix(a.Verdict, "Meets the 99.5% target") {
			t.Errorf("verdict %q", a.Verdict)
		}
	})
	t.Run("the 99% default at 2M users: the cache that holds sessions is replicated", func(t *testing.T) {
		p := advise(t, "users", "2M")
		a := p.Availability
		if !a.MeetsTarget {
			t.Fatalf("%s", a.Verdict)
		}
		if _, ok := component(p, "multi-az"); !ok {
			t.Errorf("multi-az is %v, want it in the plan", componentIDs(p))
		}
		if c, ok := part(p, "cache"); ok && c.UnitPct != cacheTwo {
			t.Errorf("cache part %+v", c)
		}
	})
	t.Run("99.95% in one region: a standby region, active-passive", func(t *testing.T) {
		p := advise(t, "users", "2M", "availability", "99.95")
		a := p.Availability
		r := a.Regions
		if r == nil || r.Mode != advisor.ActivePassive || r.Regions != 2 || a.Resilience.ID != "two-regions" {
			t.Fatalf("regions %+v, resilience %+v", r, a.Resilience)
		}
		near(t, "composed", a.ComposedPct, regionsByHand(t, p, r.RegionPct))
		if !a.MeetsTarget || r.FailoverSeconds != constant(t, "dns_failover_seconds") || !strings.Contains(r.Writes, "home region") {
			t.Errorf("%+v, %s", r, a.Verdict)
		}
		if _, ok := component(p, "multi-region"); !ok {
			t.Error("no multi-region component")
		}
	})
	t.Run("three regions with one home region compose as a pair, not as three independent ones", func(t *testing.T) {
		p := advise(t, "users", "20M", "regions", "3", "availability", "99.99")
		a := p.Availability
		r := a.Regions
		if r == nil || r.Mode != advisor.ActiveActive || r.Regions != 3 {
			t.Fatalf("regions %+v", r)
		}
		near(t, "composed", a.ComposedPct, regionsByHand(t, p, r.RegionPct))
		if independent := 100 * (1 - math.Pow(1-r.RegionPct/100, 3)); a.ComposedPct >= independent-1e-6 {
			t.Errorf("composed %v: as much as three independent regions (%v)", a.ComposedPct, independent)
		}
		if a.ComposedPct > constant(t, "multi_region_design_availability") || !a.MeetsTarget {
			t.Errorf("composed %v, meets %v", a.ComposedPct, a.MeetsTarget)
		}
	})
	t.Run("five nines: no architecture here reaches it, and the plan says what would", func(t *testing.T) {
		p := advise(t, "users", "2M", "availability", "99.999")
		a := p.Availability
		if a.MeetsTarget || a.Resilience.ID != "two-regions" || !strings.HasPrefix(a.Verdict, "No architecture in this knowledge base meets the 99.999% target") ||
			!strings.Contains(a.Verdict, "beyond this knowledge base") {
			t.Errorf("meets %v at %s: %q", a.MeetsTarget, a.Resilience.ID, a.Verdict)
		}
	})
	t.Run("shards: one user's shard counts, with the share one shard's failure reaches", func(t *testing.T) {
		p := advise(t, "users", "500M", "read_ratio", "1", "write_bytes", "5k")
		db, ok := part(p, "database")
		if !ok || p.Estimates.Shards < 64 || db.Count != p.Estimates.Shards || db.Pct != dbTwo || math.Abs(db.SharePct-100/db.Count) > 1e-9 {
			t.Errorf("%v shards, database part %+v", p.Estimates.Shards, db)
		}
		if db.FailoverSeconds != constant(t, "multi_az_failover_seconds") {
			t.Errorf("failover %v", db.FailoverSeconds)
		}
		if !p.Availability.MeetsTarget {
			t.Error(p.Availability.Verdict)
		}
	})
	t.Run("cache nodes: one node's figure, never the nodes in series", func(t *testing.T) {
		// 50M users: a failed cache sends more reads than the primaries
		// serve, so the cache is on the path.
		p := advise(t, "users", "50M", "availability", "99.9")
		c, ok := part(p, "cache")
		if !ok || c.Count != p.Estimates.CacheNodes || c.Count < 4 || c.Pct != cacheTwo {
			t.Errorf("%v cache nodes, part %+v", p.Estimates.CacheNodes, c)
		}
	})
	t.Run("a cache the database can do without, and no sessions in it, is off the path", func(t *testing.T) {
		p := advise(t, "users", "1500k", "read_ratio", "3")
		e := p.Estimates
		if _, ok := component(p, "cache"); !ok || e.ReadQueriesRPS > e.DBReadCapacityRPS || p.Stage.Number < 5 {
			t.Fatalf("fixture: stage %s, cache %v, %v read queries/s against %v", p.Stage.ID, componentIDs(p), e.ReadQueriesRPS, e.DBReadCapacityRPS)
		}
		if _, ok := part(p, "cache"); ok {
			t.Errorf("the cache counts: %v", partIDs(p))
		}
		if !slices.ContainsFunc(p.Availability.NotCounted, func(n advisor.NotCounted) bool { return n.ID == "cache" && strings.Contains(n.Why, "headroom") }) {
			t.Errorf("not counted %+v", p.Availability.NotCounted)
		}
	})
	t.Run("monitoring, backups and the queue are not on the path", func(t *testing.T) {
		p := advise(t, "users", "2M", "traits", "jobs")
		for _, id := range []string{"monitoring", "backups", "message-queue", "workers"} {
			if _, ok := component(p, id); !ok {
				continue
			}
			if _, ok := part(p, id); ok {
				t.Errorf("%s counts", id)
			}
			if !slices.ContainsFunc(p.Availability.NotCounted, func(n advisor.NotCounted) bool { return n.ID == id && n.Why != "" }) {
				t.Errorf("%s is not said to be off the path", id)
			}
		}
	})
	t.Run("a static site before launch", func(t *testing.T) {
		p := advise(t, "users", "5", "dau", "1", "requests_per_user", "1")
		near(t, "composed", p.Availability.ComposedPct, constant(t, "sla_object_storage"))
	})
}

// checkAvailability asserts what holds for every plan's availability.
func checkAvailability(t *testing.T, at string, p *advisor.Plan, top int) {
	t.Helper()
	a := p.Availability
	if _, err := json.Marshal(a); err != nil {
		t.Fatalf("%s: availability does not marshal: %v", at, err)
	}
	if !(a.ComposedPct > 0 && a.ComposedPct <= 100) || math.IsInf(a.ComposedNines, 0) || math.IsNaN(a.ComposedNines) || math.IsNaN(a.ComposedDowntimeMinutesPerMonth) {
		t.Fatalf("%s: composed %v%%, %v nines", at, a.ComposedPct, a.ComposedNines)
	}
	if a.MeetsTarget != (a.ComposedPct >= a.TargetPct-1e-9) {
		t.Errorf("%s: meets %v with %v against %v", at, a.MeetsTarget, a.ComposedPct, a.TargetPct)
	}
	// The plan meets its target, or says plainly that nothing here does,
	// at the most redundant level there is.
	if !a.MeetsTarget && (a.Resilience.Level != top || !strings.HasPrefix(a.Verdict, "No architecture in this knowledge base meets")) {
		t.Errorf("%s: below target at level %d: %q", at, a.Resilience.Level, a.Verdict)
	}
	if a.MeetsTarget && !strings.HasPrefix(a.Verdict, "Meets the ") {
		t.Errorf("%s: verdict %q", at, a.Verdict)
	}
	if a.Resilience.Level < a.Resilience.TargetLevel || float64(a.Resilience.Level) != p.Estimates.Resilience {
		t.Errorf("%s: resilience %+v, estimates at %v", at, a.Resilience, p.Estimates.Resilience)
	}
	// What the SLAs allow: a managed part or a partition is its SLA, a
	// fleet never more than its zones are promised, the regions never more
	// than the multi-region design target nor than the failovers leave,
	// and the whole the product of what it multiplies.
	whole := 100.0
	for _, pt := range a.Parts {
		if math.IsNaN(pt.Pct) || pt.Pct <= 0 || pt.Pct > 100 || pt.Count < 1 {
			t.Errorf("%s: part %+v", at, pt)
		}
		switch pt.Units {
		case knowledge.UnitsOne, knowledge.UnitsPartitioned:
			if pt.Pct != pt.UnitPct {
				t.Errorf("%s: %s composes to %v, above or below its SLA %v", at, pt.ID, pt.Pct, pt.UnitPct)
			}
		case knowledge.UnitsFleet:
			if pt.Pct > math.Max(pt.UnitPct, maxFleetPct) || (pt.Count == 1 && pt.Pct > pt.UnitPct) {
				t.Errorf("%s: fleet %+v above what its SLAs allow", at, pt)
			}
		case advisor.UnitsRegions:
			r := a.Regions
			if r == nil || pt.Pct > r.CapPct || pt.Pct > 100*(1-r.FailoverMinutesPerMonth/(estimators.DaysPerMonth*estimators.MinutesPerDay))+1e-9 {
				t.Errorf("%s: regions %+v, %+v", at, pt, r)
			}
		default:
			t.Errorf("%s: part %s has units %q", at, pt.ID, pt.Units)
		}
		if slices.Contains([]string{"monitoring", "backups", "message-queue", "workers", "object-storage"}, pt.ID) {
			t.Errorf("%s: %s is counted on the request path", at, pt.ID)
		}
		if !pt.PerRegion {
			whole *= pt.Pct / 100
			if a.ComposedPct > pt.Pct+1e-9 {
				t.Errorf("%s: the whole (%v) is above its part %s (%v)", at, a.ComposedPct, pt.ID, pt.Pct)
			}
		}
	}
	if math.Abs(whole-a.ComposedPct) > 1e-9 {
		t.Errorf("%s: the parts multiply to %v, the plan says %v", at, whole, a.ComposedPct)
	}
	if (a.Regions != nil) != slices.ContainsFunc(p.Components, func(c advisor.Component) bool { return c.ID == "multi-region" }) {
		t.Errorf("%s: regions %+v with components %v", at, a.Regions, componentIDs(p))
	}
	if a.ComposedPct < 100 && a.Weakest == "" {
		t.Errorf("%s: below 100%% with no weakest part", at)
	}
	checkRegionsBuy(t, at, p)
}

// maxFleetPct is the most the knowledge base promises a fleet: its zones.
var maxFleetPct = 99.99

// TestAvailabilityOverRandomAnswers: over the sweep's profiles (the named
// ones and random answers) and users from 1 to a billion, and every target
// the interview offers, each plan meets its target or says why nothing
// here can, its figure is no more than the SLAs allow, and nothing is
// infinite or not a number.
func TestAvailabilityOverRandomAnswers(t *testing.T) {
	ad := newAdvisor(t)
	top := len(estimators.ResilienceLevels) - 1
	maxFleetPct = math.Max(constant(t, "sla_multi_az_compute"), constant(t, "sla_cache_multi_az"))
	plans, cannot := 0, 0
	for _, pr := range sweepProfiles() {
		for _, u := range sweepUsers(45) {
			p, err := ad.Advise(pr.answers(t, u))
			if err != nil {
				t.Fatalf("%s, %g users: %v", pr.name, u, err)
			}
			plans++
			checkAvailability(t, fmt.Sprintf("%s, %g users", pr.name, u), p, top)
			if !p.Availability.MeetsTarget {
				cannot++
			}
		}
	}
	for _, target := range []string{"90", "99", "99.5", "99.9", "99.95", "99.99", "99.999", "99.9999"} {
		for _, regions := range []string{"1", "2", "4"} {
			for _, u := range sweepUsers(20) {
				a := ans(t, "availability", target, "regions", regions)
				a.SetValue(answers.Users, u)
				p, err := ad.Advise(a)
				if err != nil {
					t.Fatal(err)
				}
				plans++
				at := fmt.Sprintf("%s%% in %s regions, %g users", target, regions, u)
				checkAvailability(t, at, p, top)
				// Up to four nines the knowledge base always has an answer.
				if p.Availability.TargetPct <= 99.99 && !p.Availability.MeetsTarget {
					t.Errorf("%s: %s", at, p.Availability.Verdict)
				}
				if !p.Availability.MeetsTarget {
					cannot++
				}
			}
		}
	}
	if plans < 1500 || cannot == 0 || cannot == plans {
		t.Errorf("%d plans, %d below target: the sweep does not exercise both verdicts", plans, cannot)
	}
}

// TestAvailabilityInvariants: the same over the answers files and the
// users sweep on every provider.
func TestAvailabilityInvariants(t *testing.T) {
	top := len(estimators.ResilienceLevels) - 1
	maxFleetPct = math.Max(constant(t, "sla_multi_az_compute"), constant(t, "sla_cache_multi_az"))
	eachPlan(t, func(t *testing.T, at string, p *advisor.Plan) { checkAvailability(t, at, p, top) })
}

// calibrationSystems are the real systems in testdata/calibration: the
// answers mapping of each file, read as an answers file.
func calibrationSystems(tb testing.TB) []answersFile {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "calibration", "*.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []answersFile
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var doc struct {
			Answers yaml.Node `yaml:"answers"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		body, err := yaml.Marshal(&doc.Answers)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := answers.Parse(filepath.Base(f), append([]byte("version: 1\n"), body...))
		if err != nil {
			tb.Fatalf("%s: the answers do not parse: %v", f, err)
		}
		out = append(out, answersFile{strings.TrimSuffix(filepath.Base(f), ".yaml"), a})
	}
	return out
}

// TestScenariosAndRealSystemsMeetTheirTargets: every interview scenario
// and every calibration system meets its own availability target, or its
// plan says plainly why nothing in the knowledge base can.
func TestScenariosAndRealSystemsMeetTheirTargets(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	ad := advisor.New(kb)
	systems := calibrationSystems(t)
	for _, s := range kb.Scenarios {
		systems = append(systems, answersFile{"scenario " + s.ID, s.Answers()})
	}
	if len(systems) < 28 {
		t.Fatalf("%d scenarios and calibration systems", len(systems))
	}
	top := len(estimators.ResilienceLevels) - 1
	for _, s := range systems {
		p, err := ad.Advise(s.a)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		checkAvailability(t, s.name, p, top)
		if !p.Availability.MeetsTarget && p.Availability.TargetPct <= 99.99 {
			t.Errorf("%s: %s", s.name, p.Availability.Verdict)
		}
	}
}

// TestDecideBuildsAtTheSameLevel: the numbers-only plans of sweeps and the
// timeline raise the resilience level as Advise does.
func TestDecideBuildsAtTheSameLevel(t *testing.T) {
	ad := newAdvisor(t)
	for _, kv := range [][]string{
		{"users", "500"}, {"users", "50k", "availability", "99.5"}, {"users", "2M"},
		{"users", "2M", "availability", "99.95"}, {"users", "2M", "availability", "99.999"}, {"users", "20M", "regions", "3", "availability", "99.99"},
	} {
		a := ans(t, kv...)
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ad.Decide(a)
		if err != nil {
			t.Fatal(err)
		}
		if d.Estimates.Resilience != p.Estimates.Resilience || d.Stage.ID != p.Stage.ID || d.MonthlyUSD != p.Cost.MonthlyUSD || len(d.Components) != len(p.Components) {
			t.Errorf("%v: Decide at level %v, stage %s, $%v; Advise at %v, %s, $%v", kv, d.Estimates.Resilience, d.Stage.ID, d.MonthlyUSD, p.Estimates.Resilience, p.Stage.ID, p.Cost.MonthlyUSD)
		}
	}
}

// TestWhatIfsFollowTheLevel: the failure what-ifs see the redundancy the
// plan was built with, not only what its target asked for.
func TestWhatIfsFollowTheLevel(t *testing.T) {
	ad := newAdvisor(t)
	p := advise(t, "users", "50k", "availability", "99.5")
	if p.Availability.Resilience.TargetLevel != 0 || p.Availability.Resilience.Level != 1 {
		t.Fatalf("fixture: %+v", p.Availability.Resilience)
	}
	if err := ad.WhatIfs(p, []string{"db-primary-down", "az-down", "cache-down"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range p.WhatIf {
		for _, im := range w.Impacts {
			if (im.Subject == "database" || im.Subject == "session-store") && !im.Mitigated {
				t.Errorf("%s: %s is not mitigated in a two-zone plan: %+v", w.ID, im.Subject, im)
			}
		}
	}
	// A shard's failure reaches the users on it, as the model says.
	big := advise(t, "users", "500M", "read_ratio", "1", "write_bytes", "5k")
	if err := ad.WhatIfs(big, []string{"db-primary-down"}); err != nil {
		t.Fatal(err)
	}
	for _, im := range big.WhatIf[0].Impacts {
		if im.Subject == "database" && !strings.Contains(im.Effect, "only the users on that shard, one in ") {
			t.Errorf("a shard's failure: %q", im.Effect)
		}
	}
}
