package advisor_test

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// The tests here hold the plan to its own words: every statement it makes
// is true of the plan.

func assumption(p *advisor.Plan, key string) (advisor.Assumption, bool) {
	i := slices.IndexFunc(p.Assumptions, func(a advisor.Assumption) bool { return a.Key == key })
	if i < 0 {
		return advisor.Assumption{}, false
	}
	return p.Assumptions[i], true
}

// wantAnswersError asserts err is an *answers.Error naming every one of
// names, and that its message says each of says.
func wantAnswersError(t *testing.T, what string, err error, names []*answers.Field, says ...string) {
	t.Helper()
	ae, ok := answers.AsError(err)
	if !ok || !advisor.IsInputError(err) {
		t.Fatalf("%s: error %v (%T), want *answers.Error", what, err, err)
	}
	for _, f := range names {
		if !slices.Contains(ae.Fields, f) {
			t.Errorf("%s: error %q names %v, want %s among them", what, err, fieldKeys(ae.Fields), f.Key)
		}
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not say %q", what, err, s)
		}
	}
}

// TestMeasuredPeakFixesThePeakFactor: a peak measured beside the daily
// traffic is that traffic's peak factor, derived (with its formula) and
// used, never the default beside it.
func TestMeasuredPeakFixesThePeakFactor(t *testing.T) {
	p := advise(t, "users", "1M", "peak_rps", "5000", "requests_per_user", "10", "traits", "spiky")
	avg := (p.Inputs.ReadsPerDay + p.Inputs.WritesPerDay) / estimators.SecondsPerDay
	want := 5000 / avg
	if p.Inputs.RequestsPerUser != 10 || math.Abs(p.Inputs.PeakFactor-want) > 1e-9*want {
		t.Errorf("requests per user %g, peak factor %g; want the given 10 and 5,000 rps / %.2f rps average = %.2f", p.Inputs.RequestsPerUser, p.Inputs.PeakFactor, avg, want)
	}
	a, ok := assumption(p, "peak_factor")
	if !ok || a.Kind != "derived" || a.Formula != "peak_factor_from_peak" || a.Value != p.Inputs.PeakFactor || !strings.Contains(a.Basis, "peak_rps /") {
		t.Errorf("the peak factor is listed as %+v (listed %v), want it derived from the peak with its formula", a, ok)
	}
	if !strings.Contains(p.Stage.Why, "peak factor of 86") {
		t.Errorf("the stage says %q, not the derived peak factor of 86", p.Stage.Why)
	}

	// Without a daily volume to compare with, the peak alone gives the
	// volume, through the given requests per user.
	alone := advise(t, "peak_rps", "500", "requests_per_user", "5")
	if a, ok := assumption(alone, "peak_factor"); !ok || a.Kind != "default" {
		t.Errorf("a measured peak alone lists the peak factor as %+v, want the default", a)
	}
	if wantDAU := 500 / alone.Inputs.PeakFactor * estimators.SecondsPerDay / 5; math.Abs(alone.Inputs.DAU-wantDAU) > 1e-9*wantDAU {
		t.Errorf("%g daily users from a 500 rps peak at 5 requests a user, want %g", alone.Inputs.DAU, wantDAU)
	}

	ad := newAdvisor(t)
	_, err := ad.Advise(ans(t, "users", "1M", "peak_rps", "5000", "peak_factor", "3"))
	wantAnswersError(t, "peak, factor and users", err, []*answers.Field{answers.PeakFactor, answers.PeakRPS, answers.Users}, "not both")
	_, err = ad.Advise(ans(t, "users", "1M", "peak_rps", "50000", "requests_per_user", "1"))
	wantAnswersError(t, "a peak 8,640 times the average", err, []*answers.Field{answers.PeakRPS, answers.Users, answers.RequestsPerUser}, "8,640 times", "at most 100")
	_, err = ad.Advise(ans(t, "users", "1M", "peak_rps", "5"))
	wantAnswersError(t, "a peak below the average", err, []*answers.Field{answers.PeakRPS}, "below the average")
}

// TestDerivedAnswersStayWithinLimits: a figure derived from the answers
// is held to the maximum a given one is, and the error names the answers
// given; scaling traffic (the schedule, the boundaries) stops at the
// derived figures' limits as at the given ones'.
func TestDerivedAnswersStayWithinLimits(t *testing.T) {
	ad := newAdvisor(t)
	for _, c := range []struct {
		kv      []string
		derived string
	}{
		{[]string{"writes_per_day", "1e14"}, "users"},
		{[]string{"writes_per_day", "1e11"}, "users"},
		{[]string{"writes_per_day", "1e13", "read_ratio", "1000"}, "users"},
		{[]string{"dau", "8e9"}, "users"},
		{[]string{"peak_rps", "1e9", "peak_factor", "1"}, "users"},
	} {
		a := ans(t, c.kv...)
		_, err := ad.Advise(a)
		var given []*answers.Field
		for _, f := range answers.Fields {
			if a.Has(f) {
				given = append(given, f)
			}
		}
		wantAnswersError(t, strings.Join(c.kv, " "), err, given, "make "+c.derived, "maximum")
	}
	// Just within the limits, with growth: every month the schedule
	// probes, and every boundary, stays within them too.
	for _, kv := range [][]string{
		{"writes_per_day", "1e10", "growth", "20%"},
		{"reads_per_day", "3e11", "read_ratio", "20", "growth", "10%"},
		{"peak_rps", "1e5", "peak_factor", "1", "requests_per_user", "5", "growth", "20%"},
	} {
		a := ans(t, kv...)
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatalf("%q: %v", kv, err)
		}
		checkPlan(t, strings.Join(kv, " "), p)
		if _, _, err := ad.Boundaries(a); err != nil {
			t.Errorf("%q: boundaries: %v", kv, err)
		}
	}
}

// TestMultiRegionReasonsSayWhatEachRegionRuns: at stages 7 and 8 the
// counts are per region times the regions, and every reason says so in
// the per-region figures: no "N app servers behind one address" where N
// servers sit behind several balancers, no total where the count is per
// region.
func TestMultiRegionReasonsSayWhatEachRegionRuns(t *testing.T) {
	for _, kv := range [][]string{
		{"users", "20M", "regions", "3", "availability", "99.99"},
		{"users", "200M", "regions", "3", "availability", "99.99"},
		{"users", "200M", "regions", "2", "availability", "99.9", "team", "60"},
		{"users", "2M", "availability", "99.99"},
		{"users", "800k", "dau", "400k", "requests_per_user", "400", "regions", "2", "availability", "99.95", "traits", "realtime"},
	} {
		p := advise(t, kv...)
		at := strings.Join(kv, " ")
		if p.Stage.Number < 7 {
			t.Fatalf("%s: fixture at stage %d, want 7 or 8", at, p.Stage.Number)
		}
		e := p.Estimates
		stacks := e.StackRegions
		in := "in each of " + human.Count(stacks) + " regions"
		if p.Inputs.Regions < 2 && e.AppServersPerRegion < e.AppServers {
			t.Errorf("%s: a standby region of %g app servers cannot take the peak that needs %g", at, e.AppServersPerRegion, e.AppServers)
		}
		app, _ := component(p, "app-server")
		if app.Count != e.AppServersPerRegion*stacks {
			t.Errorf("%s: %g app servers, want %g in each of %g regions", at, app.Count, e.AppServersPerRegion, stacks)
		}
		perRegion := human.Count(e.AppServersPerRegion)
		for id, want := range map[string]int{"load-balancer": int(stacks), "kubernetes": int(stacks), "autoscaling": 1} {
			c, ok := component(p, id)
			if !ok {
				if id != "kubernetes" {
					t.Errorf("%s: no %s", at, id)
				}
				continue
			}
			if int(c.Count) != want {
				t.Errorf("%s: %g × %s, want %d", at, c.Count, id, want)
			}
			if !strings.Contains(c.Reason, perRegion) || !strings.Contains(c.Reason, "region") {
				t.Errorf("%s: the %s reason %q does not give the %s app servers of each region", at, id, c.Reason, perRegion)
			}
			if e.AppServers != e.AppServersPerRegion && strings.Contains(c.Reason, human.Count(e.AppServers)+" ") {
				t.Errorf("%s: the %s reason %q gives the fleet's %g servers, not each region's %s", at, id, c.Reason, e.AppServers, perRegion)
			}
			if id == "kubernetes" && p.Inputs.Team < constant(t, "services_team") && strings.Contains(c.Reason, "services") {
				t.Errorf("%s: the kubernetes reason %q speaks of services a team of %g does not split into", at, c.Reason, p.Inputs.Team)
			}
		}
		if lb, _ := component(p, "load-balancer"); strings.Contains(lb.Reason, human.Count(app.Count)+" app servers behind one address") {
			t.Errorf("%s: %q puts all %g app servers behind one address, with %g balancers", at, lb.Reason, app.Count, lb.Count)
		}
		if c, ok := component(p, "cache"); ok {
			if c.Count != e.CacheNodesPerRegion*2*stacks || !strings.Contains(c.Reason, in) {
				t.Errorf("%s: %g cache nodes (%q), want %g with their replicas %s", at, c.Count, c.Reason, e.CacheNodesPerRegion, in)
			}
		}
		// Each other region's replica of a primary has its own standby
		// (a Multi-AZ read replica) from two zones on.
		mr, _ := component(p, "multi-region")
		copies := 1.0
		if e.Resilience >= estimators.TwoZones {
			copies = 2
		}
		if mr.Count != (stacks-1)*e.Shards*copies {
			t.Errorf("%s: %g database copies in other regions, want %g", at, mr.Count, (stacks-1)*e.Shards*copies)
		}
		if standby := strings.Contains(mr.Reason, "standby stack"); standby != (p.Inputs.Regions < 2) {
			t.Errorf("%s: with users in %g regions the multi-region reason says %q", at, p.Inputs.Regions, mr.Reason)
		}
		// The next stage comes when its enter condition holds, at the
		// threshold its trigger names.
		if n := p.NextStage; n != nil && n.AtLoadX != nil && *n.AtLoadX > 0 {
			at100K := p.Inputs.Regions >= constant(t, "planet_scale_regions")
			want := constant(t, "planet_scale_rps")
			if at100K {
				want = constant(t, "planet_scale_regional_rps")
			}
			if !strings.Contains(n.Trigger, human.Count(want)) || math.Abs(*n.AtLoadX*p.Inputs.PeakRPS-want) > 0.01*want {
				t.Errorf("%s: the next stage %q at %.2fx today's peak of %.0f rps, want it at %.0f rps", at, n.Trigger, *n.AtLoadX, p.Inputs.PeakRPS, want)
			}
		}
	}
}

// TestNoDeferredTriggerIsAlreadyMet: over the answers files and random
// answers, a deferred component (or the next stage) whose trigger metric
// already passes its threshold is not listed as "add when" that alone: its
// trigger must say what else it waits for (the trigger's held text).
func TestNoDeferredTriggerIsAlreadyMet(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	ad := advisor.New(kb)
	var m expression.Machine
	found := map[string]string{}
	check := func(at, what string, tr *knowledge.Trigger, text string, env *expression.Env) {
		metric, threshold, ok, err := tr.Measure(&m, env)
		if err != nil {
			t.Fatalf("%s: %s: %v", at, what, err)
		}
		if !ok || metric < threshold {
			return
		}
		env.Threshold = threshold
		waits, err := tr.Waits(&m, env)
		if err != nil {
			t.Fatalf("%s: %s: %v", at, what, err)
		}
		if waits == "" || !strings.HasSuffix(text, "; "+waits) {
			if _, seen := found[what]; !seen {
				found[what] = fmt.Sprintf("%s: %s is listed as %q with its metric at %g, past the threshold %g, and no word of what else it waits for", at, what, text, metric, threshold)
			}
		}
	}
	plans := 0
	run := func(at string, a answers.Answers) {
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		plans++
		env := &expression.Env{Inputs: p.Inputs, Estimates: p.Estimates.Estimates, Stage: float64(p.Stage.Number)}
		for _, d := range p.Deferred {
			// The rule that deferred it: its first with a trigger that applies.
			for _, r := range kb.RulesFor(d.ID) {
				applies, err := r.AppliesTo(&m, env)
				if err != nil {
					t.Fatal(err)
				}
				if r.Trigger != nil && applies {
					check(at, "deferred "+d.ID, r.Trigger, d.Trigger, env)
					break
				}
			}
		}
		// The next stage names the way in that holds where the schedule
		// finds it, which the schedule's property tests check.
	}
	sweep{
		users:      60,
		extra:      [][]string{{"availability", "99.99"}, {"availability", "99.95", "regions", "2"}, {"team", "50"}, {"traits", "realtime"}, {"read_ratio", "0.5", "write_bytes", "200"}},
		extraUsers: 40,
	}.each(t, run)
	for _, what := range slices.Sorted(maps.Keys(found)) {
		t.Error(found[what])
	}
	if plans < 1000 {
		t.Errorf("only %d plans", plans)
	}
}

// TestCacheDownCountsQueriesPerRequest: what the cache-down what-if says
// reaches the database is the read queries, each read's queries_per_request
// of them, not the reads.
func TestCacheDownCountsQueriesPerRequest(t *testing.T) {
	ad := newAdvisor(t)
	for _, kv := range [][]string{
		{"users", "2M"},
		{"users", "2M", "queries_per_request", "7"},
		{"users", "300k", "queries_per_request", "1"},
		{"users", "20M", "queries_per_request", "4"},
	} {
		p, err := ad.Advise(ans(t, kv...))
		if err != nil {
			t.Fatal(err)
		}
		if err := ad.WhatIfs(p, []string{"cache-down"}); err != nil {
			t.Fatal(err)
		}
		want := human.Count(p.Estimates.ReadRPS * p.Inputs.QueriesPerRequest)
		for _, im := range p.WhatIf[0].Impacts {
			if im.Subject == "cache" && !strings.Contains(im.Effect, want) {
				t.Errorf("%v: the cache-down effect %q does not give the %s read queries/s (%.0f reads/s × %g queries)", kv, im.Effect, want, p.Estimates.ReadRPS, p.Inputs.QueriesPerRequest)
			}
		}
	}
}

// summaryClaims are what a stage's summary in a plan may say, and the
// components that make each true (any of them).
var summaryClaims = []struct {
	says string
	ids  []string
}{
	{"One virtual machine", []string{"app-server"}},
	{"connection pooler", []string{"connection-pooler"}},
	{"two availability zones", []string{"multi-az"}},
	{"load balancer", []string{"load-balancer"}},
	{"shared store", []string{"session-store"}},
	{"object storage", []string{"object-storage"}},
	{"A cache", []string{"cache"}},
	{"cache node a replica", []string{"cache"}},
	{"read replicas", []string{"read-replica"}},
	{"Read replicas", []string{"read-replica"}},
	{"A CDN", []string{"cdn"}},
	{"queue", []string{"message-queue"}},
	{"Queues", []string{"message-queue"}},
	{"workers", []string{"workers"}},
	{"as functions", []string{"serverless"}},
	{"auto-scaling group", []string{"autoscaling"}},
	{"standby in a second availability zone", []string{"multi-az"}},
	{"by a shard key", []string{"sharding"}},
	{"separate services", []string{"microservices"}},
	{"services, each owned", []string{"microservices"}},
	{"API gateway", []string{"api-gateway"}},
	{"replicated log", []string{"event-pipeline"}},
	{"in-memory store", []string{"in-memory-store"}},
	{"serving stack", []string{"multi-region"}},
	{"standby stack", []string{"multi-region"}},
	{"GeoDNS", []string{"global-lb"}},
	{"health-checked DNS", []string{"global-lb"}},
	{"CQRS", []string{"cqrs"}},
	{"stream processing", []string{"stream-processing"}},
}

// TestStageSummaryIsTrueOfThePlan: the stage summary a plan shows names
// only what the plan runs (a standby, a replicated cache, services, a
// queue), over the answers files and random answers.
func TestStageSummaryIsTrueOfThePlan(t *testing.T) {
	ad := newAdvisor(t)
	found := map[string]string{}
	run := func(at string, a answers.Answers) {
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		if strings.TrimSpace(p.Stage.Summary) == "" {
			t.Errorf("%s: stage %s has no summary", at, p.Stage.ID)
		}
		for _, c := range summaryClaims {
			if !strings.Contains(p.Stage.Summary, c.says) {
				continue
			}
			if !slices.ContainsFunc(c.ids, func(id string) bool { _, ok := component(p, id); return ok }) {
				key := p.Stage.ID + ": " + c.says
				if _, seen := found[key]; !seen {
					found[key] = fmt.Sprintf("%s: stage %s says %q (%q) with no %v in the plan %v", at, p.Stage.ID, c.says, p.Stage.Summary, c.ids, componentIDs(p))
				}
			}
		}
		if cache, ok := component(p, "cache"); ok && strings.Contains(p.Stage.Summary, "cache node a replica") && cache.Count < 2*p.Estimates.CacheNodes {
			t.Errorf("%s: the summary replicates the cache, yet %g nodes run for %g", at, cache.Count, p.Estimates.CacheNodes)
		}
	}
	sweep{
		users:      45,
		extra:      [][]string{{"traits", "jobs"}, {"read_ratio", "0"}, {"read_ratio", "0.5", "write_bytes", "200"}, {"availability", "99.99"}, {"team", "50"}, {"write_bytes", "2k", "update_share", "90%"}},
		extraUsers: 30,
	}.each(t, run)
	for _, k := range slices.Sorted(maps.Keys(found)) {
		t.Error(found[k])
	}
}

// TestBudgetCutsAreTrue: a cut is a component of the plan, saves money,
// and what it gives up is true: a cut that builds the plan otherwise (one
// zone, one region) saves the difference to that plan, and says what its
// parts compose to.
func TestBudgetCutsAreTrue(t *testing.T) {
	for _, kv := range [][]string{
		{"users", "2M", "budget", "2000"},
		{"users", "2M", "availability", "99.9", "budget", "2000"},
		{"users", "2M", "availability", "99.99", "budget", "2000"},
		{"users", "20M", "regions", "3", "budget", "1000"},
		{"users", "100k", "availability", "99.9", "budget", "100"},
		{"users", "3M", "traits", "search,media,ai", "team", "60", "budget", "100"},
	} {
		p := advise(t, kv...)
		at := strings.Join(kv, " ")
		if p.Budget == nil || p.Budget.Fits || len(p.Budget.Cuts) == 0 {
			t.Fatalf("%s: budget %+v, want it over with cuts", at, p.Budget)
		}
		for _, c := range p.Budget.Cuts {
			comp, ok := component(p, c.Component)
			if !ok || !(c.SavesUSD > 0) || c.SavesUSD < comp.MonthlyUSD || c.SavesUSD > p.Cost.MonthlyUSD {
				t.Errorf("%s: cut %+v of %+v (planned %v): want a planned component saving its cost or more", at, c, comp, ok)
			}
			if _, cdn := component(p, "cdn"); cdn && strings.Contains(c.GivesUp, "until files or a CDN need a store") {
				t.Errorf("%s: the %s cut %q waits for a CDN the plan runs", at, c.Component, c.GivesUp)
			}
			if c.Component == "multi-az" && p.Stage.Number >= 5 && strings.Contains(c.GivesUp, "lower the availability target") {
				t.Errorf("%s: at stage %d the standby comes with the stage, yet the cut says %q", at, p.Stage.Number, c.GivesUp)
			}
		}
	}
	// Without its other regions, a three-region plan is the one-region plan.
	three := advise(t, "users", "20M", "regions", "3", "budget", "1000")
	one := advise(t, "users", "20M", "regions", "1")
	i := slices.IndexFunc(three.Budget.Cuts, func(c advisor.Cut) bool { return c.Component == "multi-region" })
	if i < 0 {
		t.Fatalf("no multi-region cut: %+v", three.Budget.Cuts)
	}
	c := three.Budget.Cuts[i]
	if want := three.Cost.MonthlyUSD - one.Cost.MonthlyUSD; math.Abs(c.SavesUSD-want) > 1e-6*want {
		t.Errorf("serving three regions from one saves $%.2f, want $%.2f (the one-region plan's cost)", c.SavesUSD, want)
	}
	if want := human.Availability(one.Availability.ComposedPct); !strings.Contains(c.GivesUp, want) {
		t.Errorf("the multi-region cut %q does not give the one-region plan's %s", c.GivesUp, want)
	}
}

// TestSingleServerBackupsArePricedAsDumps: one server has no managed
// database: its backups are dumps in object storage, not RDS backup storage.
func TestSingleServerBackupsArePricedAsDumps(t *testing.T) {
	for _, prov := range []string{"aws", "gcp", "hetzner", "digitalocean"} {
		one := advise(t, "users", "60", "data_gb", "0.5", "provider", prov)
		two := advise(t, "users", "20k", "data_gb", "5", "provider", prov)
		if one.Stage.ID != "single-server" || two.Stage.ID != "separate-db" {
			t.Fatalf("fixtures at %s and %s", one.Stage.ID, two.Stage.ID)
		}
		b1, _ := component(one, "backups")
		b2, _ := component(two, "backups")
		obj := advise(t, "users", "300k", "traits", "media", "provider", prov)
		store, _ := component(obj, "object-storage")
		if b1.Size != store.Size || !strings.Contains(b1.Reason, "dumps") || strings.Contains(b1.Reason, "point-in-time recovery,") {
			t.Errorf("%s: a single server's backups %q priced as %q, want dumps in %q", prov, b1.Reason, b1.Size, store.Size)
		}
		if b2.Size == store.Size || !strings.Contains(b2.Reason, "point-in-time") {
			t.Errorf("%s: a managed database's backups %q priced as %q", prov, b2.Reason, b2.Size)
		}
	}
}

// TestUsersConnectedAtOnceHoldBalancerConnections: users connected at once
// are counted where they hold connections, with or without live features.
func TestUsersConnectedAtOnceHoldBalancerConnections(t *testing.T) {
	for _, kv := range [][]string{{"users", "2M", "concurrent_users", "300k"}, {"users", "2M", "concurrent_users", "300k", "traits", "realtime"}, {"users", "2M"}} {
		p := advise(t, kv...)
		lb, _ := component(p, "load-balancer")
		want := max(p.Inputs.ConcurrentUsers, p.Estimates.ConcurrentRequests)
		if p.Estimates.LBActiveConnections != want || !strings.Contains(lb.Reason, human.Count(want)+" open at a time") {
			t.Errorf("%v: %g users connected at once, yet the balancer holds %g open (%q)", kv, p.Inputs.ConcurrentUsers, p.Estimates.LBActiveConnections, lb.Reason)
		}
	}
}

// TestNoCDNForWhatItCannotCache: an API's responses (the api trait) are
// not cached at the edge, and the CDN says what it takes its bytes to be.
func TestNoCDNForWhatItCannotCache(t *testing.T) {
	// Past the egress trigger, or in two regions, no CDN; with media, one
	// for the media.
	for _, kv := range [][]string{{"users", "2M", "traits", "api"}, {"users", "2M", "traits", "api", "regions", "2"}} {
		p := advise(t, kv...)
		if _, ok := component(p, "cdn"); ok {
			t.Errorf("%v: a CDN for an API's responses", kv)
		}
		if d, ok := deferred(p, "cdn"); ok && !strings.Contains(d.Trigger, "not cached") {
			t.Errorf("%v: the CDN is deferred %q, past its egress trigger, without saying why", kv, d.Trigger)
		}
	}
	if cdn, ok := component(advise(t, "users", "2M", "traits", "api,media"), "cdn"); !ok || !strings.Contains(cdn.Reason, "media (API responses are not cached)") {
		t.Errorf("an API serving media: CDN %+v (planned %v), want one for the media", cdn, ok)
	}
	if cdn, ok := component(advise(t, "users", "2M"), "cdn"); !ok || !strings.Contains(cdn.Reason, "taken to be static assets") || !strings.Contains(cdn.Reason, "api trait") {
		t.Errorf("the CDN reason %q does not say what it takes its bytes to be, nor how an API says otherwise", cdn.Reason)
	}
}

// TestRegionalStagesSayWhatHoldsThemBack: a one-region system past the
// multi-region traffic threshold is not moved to stage 7 by traffic, and
// its next stage says so instead of naming a threshold it has passed.
func TestRegionalStagesSayWhatHoldsThemBack(t *testing.T) {
	p := advise(t, "users", "500M")
	if p.NextStage == nil || p.NextStage.Number != 7 {
		t.Fatalf("500M users in one region: next stage %+v, want 7", p.NextStage)
	}
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := kb.Constant("multi_region_trigger_rps"); p.Inputs.PeakRPS < c.Value {
		t.Fatalf("peak %g rps is under the %g rps threshold: the case does not test what it says", p.Inputs.PeakRPS, c.Value)
	}
	if !strings.Contains(p.NextStage.Trigger, "waits for users in a second region") {
		t.Errorf("next stage for one region past the traffic threshold: %q", p.NextStage.Trigger)
	}
}

// TestTraitsChangeThePlan: every trait a person can give changes what the
// plan assumes or runs. write-heavy makes reads and writes about even
// (Discord's message store), global puts a CDN before far users even at a
// small size, and neither moves a small system up the ladder.
func TestTraitsChangeThePlan(t *testing.T) {
	base := advise(t, "users", "5k")
	wh := advise(t, "users", "5k", "traits", "write-heavy")
	if wh.Inputs.ReadRatio != 1 || base.Inputs.ReadRatio == 1 {
		t.Errorf("read ratio %g with write-heavy, %g without; want 1 with it", wh.Inputs.ReadRatio, base.Inputs.ReadRatio)
	}
	found := false
	for _, as := range wh.Assumptions {
		if as.Key == "read_ratio" && as.Source == "discord-2017-messages" {
			found = true
		}
	}
	if !found {
		t.Errorf("write-heavy's read ratio is not stated with its source: %+v", wh.Assumptions)
	}
	g := advise(t, "users", "5k", "traits", "global")
	if _, ok := component(g, "cdn"); !ok {
		t.Errorf("global users at 5k: no CDN")
	}
	if _, ok := component(base, "cdn"); ok {
		t.Errorf("5k users in one region, no media: a CDN for %g GB a month", base.Estimates.ReadEgressGBPerMonth)
	}
	if g.Stage.Number != base.Stage.Number || g.Inputs.Regions != base.Inputs.Regions {
		t.Errorf("global moved 5k users from stage %d to %d, regions %g to %g; a CDN needs neither", base.Stage.Number, g.Stage.Number, base.Inputs.Regions, g.Inputs.Regions)
	}
}

// TestOverBudgetSaysWhatCommitmentsDo: a plan over its budget on demand
// says whether its one-year commitment price fits, as JSON and in words.
func TestOverBudgetSaysWhatCommitmentsDo(t *testing.T) {
	p := advise(t, "users", "2M")
	low, demand := p.Cost.LowUSD, p.Cost.MonthlyUSD
	if low >= demand {
		t.Fatalf("no commitment saving at 2M users: low %g, on demand %g", low, demand)
	}
	for _, tt := range []struct {
		budget float64
		fits   bool
	}{
		{(low + demand) / 2, true},
		{low * 0.9, false},
	} {
		p := advise(t, "users", "2M", "budget", fmt.Sprint(tt.budget))
		b := p.Budget
		if b == nil || b.Fits || b.FitsWithCommitments != tt.fits {
			t.Errorf("budget %g, on demand %g, committed %g: %+v; want over, fitting with commitments %v", tt.budget, demand, low, b, tt.fits)
		}
	}
	if p := advise(t, "users", "2M", "budget", fmt.Sprint(demand*2)); p.Budget.FitsWithCommitments {
		t.Errorf("a plan within its budget says it fits with commitments")
	}
}

// TestMonitoringCountsEveryServer: monitoring is priced per host, and its
// reason says every host: the workers and search nodes a plan runs are
// among them.
func TestMonitoringCountsEveryServer(t *testing.T) {
	p := advise(t, "users", "3M", "traits", "jobs,search", "data_gb", "500")
	mon, ok := component(p, "monitoring")
	if !ok {
		t.Fatal("no monitoring")
	}
	var servers float64
	for _, id := range []string{"app-server", "workers", "search"} {
		c, ok := component(p, id)
		if !ok {
			t.Fatalf("no %s in a plan with jobs and search over 500 GB", id)
		}
		servers += c.Count
	}
	if mon.Count < servers {
		t.Errorf("monitoring covers %g hosts; the app servers, workers and search nodes alone are %g", mon.Count, servers)
	}
}

// TestRegionsAreCountedInTheLevelsName: a plan across three regions says
// three, not "two regions", wherever it names how it is built.
func TestRegionsAreCountedInTheLevelsName(t *testing.T) {
	p := advise(t, "users", "10M", "regions", "3", "availability", "99.99")
	if got := p.Availability.Resilience.Name; got != "3 regions" {
		t.Errorf("built at %q, want 3 regions", got)
	}
	if !strings.Contains(p.Availability.Verdict, "at 3 regions") {
		t.Errorf("verdict %q", p.Availability.Verdict)
	}
}

// TestAvailabilityAloneBringsNoReadViews: a second region brought by an
// availability target carries the same load as one; read views (CQRS)
// answer read load, so they come with traffic, not with a target.
func TestAvailabilityAloneBringsNoReadViews(t *testing.T) {
	p := advise(t, "users", "300k", "read_ratio", "50", "availability", "99.99")
	if p.Stage.Number < 7 {
		t.Fatalf("a 99.99%% target at 300k users: stage %d, want multi-region", p.Stage.Number)
	}
	if _, ok := component(p, "cqrs"); ok {
		t.Errorf("a 99.99%% target at %g rps brought read views", p.Inputs.PeakRPS)
	}
}

// TestBudgetSaysWhatDrivesTheBill: over budget, the plan adds up what its
// cuts save and names the tier that costs the most, so a reader can tell
// when no cut closes the gap (bandwidth at 80% of a media bill).
func TestBudgetSaysWhatDrivesTheBill(t *testing.T) {
	for _, kv := range [][]string{
		{"users", "5M", "read_ratio", "100:1", "response_bytes", "60KB", "budget", "20k"},
		{"users", "50k", "budget", "50"},
		{"users", "2M", "budget", "1k", "availability", "99.99"},
	} {
		p := advise(t, kv...)
		b := p.Budget
		if b == nil || b.Fits {
			t.Fatalf("%v: not over budget: %+v", kv, b)
		}
		var sum float64
		for _, c := range b.Cuts {
			sum += c.SavesUSD
		}
		if math.Abs(sum-b.CutsSaveUSD) > 1e-9*math.Max(1, sum) {
			t.Errorf("%v: cuts_save_usd %g, the cuts add up to %g", kv, b.CutsSaveUSD, sum)
		}
		for tier, usd := range p.Cost.ByTier {
			if usd > b.LargestTierUSD {
				t.Errorf("%v: largest tier %s at %g, but %s costs %g", kv, b.LargestTier, b.LargestTierUSD, tier, usd)
			}
		}
		if p.Cost.ByTier[b.LargestTier] != b.LargestTierUSD {
			t.Errorf("%v: largest tier %s is %g in cost.by_tier, %g in the budget", kv, b.LargestTier, p.Cost.ByTier[b.LargestTier], b.LargestTierUSD)
		}
	}
	p := advise(t, "users", "5M", "read_ratio", "100:1", "response_bytes", "60KB", "budget", "20k")
	if b := p.Budget; b.LargestTier != "edge" || b.CutsSaveUSD >= -b.DifferenceUSD {
		t.Errorf("a media-heavy bill: largest tier %q, cuts save %g of a %g gap; want edge, short of it", b.LargestTier, b.CutsSaveUSD, -b.DifferenceUSD)
	}
}

// TestPetabytesOfFilesGetLifecycleAdvice: a plan whose files pass 100 TB
// within a year is told that a lifecycle rule to an archive class stores
// them for a fifth of the price; a small one is not.
func TestPetabytesOfFilesGetLifecycleAdvice(t *testing.T) {
	has := func(p *advisor.Plan) string {
		for _, r := range p.Risks {
			if r.ID == "big-files" {
				return r.Text
			}
		}
		return ""
	}
	text := has(advise(t, "users", "1M", "traits", "media,jobs", "object_bytes", "3MB"))
	if !strings.Contains(text, "lifecycle rule") || !strings.Contains(text, "20% of the price") {
		t.Errorf("5.5 PB of files a year: risk %q", text)
	}
	if text := has(advise(t, "users", "1k", "traits", "media", "object_bytes", "1MB")); text != "" {
		t.Errorf("a small store of files: %q", text)
	}
}
