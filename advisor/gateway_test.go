package advisor_test

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// gatewayYardstick is what the API gateway's rules weigh: what a 4-vCPU
// gateway node proxies at full load, and the AWS list prices of a managed
// gateway's million requests, of a node's month and of its monitoring.
type gatewayYardstick struct {
	rpsPerNode, perMillion, perNode, perHost float64
	kb                                       *knowledge.Base
}

var (
	yardstickOnce sync.Once
	yardstick     gatewayYardstick
	yardstickErr  error
)

func gatewayFigures(tb testing.TB) gatewayYardstick {
	tb.Helper()
	yardstickOnce.Do(func() {
		kb, err := knowledge.Default()
		if err != nil {
			yardstickErr = err
			return
		}
		yardstick.kb = kb
		for id, v := range map[string]*float64{
			"gateway_rps_per_node":            &yardstick.rpsPerNode,
			"managed_gateway_usd_per_million": &yardstick.perMillion,
			"gateway_node_usd_per_month":      &yardstick.perNode,
			"monitoring_host_usd_per_month":   &yardstick.perHost,
		} {
			c, ok := kb.Constant(id)
			if !ok {
				yardstickErr = &missingConstant{id}
				return
			}
			*v = c.Value
		}
	})
	if yardstickErr != nil {
		tb.Fatal(yardstickErr)
	}
	return yardstick
}

type missingConstant struct{ id string }

func (e *missingConstant) Error() string { return "no knowledge constant " + e.id }

// gatewayFleet is the self-run gateway a plan would run: in each region
// of a multi-region plan (else in one) the nodes its share of the peak
// needs at the utilisation target, two at least, and one spare beyond
// what it needs at full load; what the managed gateway's requests cost a
// month and what the nodes cost with their monitoring, both at the
// yardstick.
func gatewayFleet(tb testing.TB, p *advisor.Plan) (perRegion, nodes, managedUSD, fleetUSD float64) {
	tb.Helper()
	y := gatewayFigures(tb)
	load, regions := p.Inputs.PeakRPS, 1.0
	if _, ok := component(p, "multi-region"); ok {
		load, regions = p.Inputs.PeakRPS*p.Estimates.RegionLoadShare, p.Estimates.StackRegions
	}
	perRegion = math.Max(math.Max(2, math.Ceil(load/(y.rpsPerNode*p.Capacity.TargetUtilisation))), math.Ceil(load/y.rpsPerNode)+1)
	nodes = regions * perRegion
	managedUSD = p.Estimates.RequestsPerDay * estimators.DaysPerMonth / 1e6 * y.perMillion
	return perRegion, nodes, managedUSD, nodes * (y.perNode + y.perHost)
}

// checkGateway: a plan's API gateway is the cheaper of a managed one and
// a fleet of self-run nodes at the yardstick, and is priced as the one it
// is on the plan's provider: per request when managed; when self-run, the
// nodes the peak needs, each at the catalog's price for the size.
func checkGateway(t *testing.T, at string, p *advisor.Plan) {
	t.Helper()
	c, ok := component(p, "api-gateway")
	if !ok {
		return
	}
	_, nodes, managed, fleet := gatewayFleet(t, p)
	cat := gatewayFigures(t).kb.Catalogs[p.Cost.Provider]
	if c.SizeID == "" {
		if managed > fleet {
			t.Errorf("%s: a managed gateway at %s a month, more than %g self-run nodes (%s)", at, human.USD(managed), nodes, human.USD(fleet))
		}
		if c.Count != 1 {
			t.Errorf("%s: %g managed gateways, want one", at, c.Count)
		}
		return
	}
	if managed <= fleet {
		t.Errorf("%s: %g self-run gateway nodes at %s a month, no cheaper than a managed gateway at %s", at, c.Count, human.USD(fleet), human.USD(managed))
	}
	if c.Count != nodes {
		t.Errorf("%s: %g self-run gateway nodes, want %g", at, c.Count, nodes)
	}
	it, ok := cat.Item(c.SizeID)
	if !ok {
		t.Fatalf("%s: the %s catalog has no %s", at, p.Cost.Provider, c.SizeID)
	}
	if want := c.Count * it.PerMonthUSD(); math.Abs(c.MonthlyUSD-want) > 1e-6*want {
		t.Errorf("%s: the gateway's nodes cost %v, want %g × %v", at, c.MonthlyUSD, c.Count, it.PerMonthUSD())
	}
}

func TestGatewayStaysManagedAtSmallScale(t *testing.T) {
	p := advise(t, "users", "100k", "team", "60")
	c, ok := component(p, "api-gateway")
	if !ok {
		t.Fatalf("a team of 60 with services has no API gateway: %v", componentIDs(p))
	}
	checkGateway(t, "100K users", p)
	if c.SizeID != "" || c.Count != 1 || !strings.Contains(c.Size, "API Gateway") {
		t.Errorf("at 100K users the gateway is %g × %q (%s), want the managed API Gateway billed per request", c.Count, c.Size, c.SizeID)
	}
	_, _, managed, fleet := gatewayFleet(t, p)
	if !(managed < fleet) {
		t.Errorf("at 100K users the managed gateway costs %s, the nodes %s: the sizes are too close for this test", human.USD(managed), human.USD(fleet))
	}
	// The reason says where the plan would run its own.
	if !strings.Contains(c.Reason, "past ~310M requests a month the plan runs its own") {
		t.Errorf("the managed gateway's reason does not say where it stops paying: %q", c.Reason)
	}
}

func TestGatewayRunsItsOwnAtHugeScale(t *testing.T) {
	y := gatewayFigures(t)
	p := advise(t, "users", "500M", "team", "60")
	c, ok := component(p, "api-gateway")
	if !ok {
		t.Fatalf("no API gateway: %v", componentIDs(p))
	}
	checkGateway(t, "500M users", p)
	if c.SizeID != "vm-4vcpu" {
		t.Fatalf("at 500M users the gateway is %g × %q (%s), want self-run nodes", c.Count, c.Size, c.SizeID)
	}
	// The count multiplies out: the peak over what a node takes at the
	// utilisation target.
	perNode := y.rpsPerNode * p.Capacity.TargetUtilisation
	want := math.Ceil(p.Inputs.PeakRPS / perNode)
	if c.Count != want {
		t.Errorf("%g nodes for a %g rps peak at %g rps a node, want %g", c.Count, p.Inputs.PeakRPS, perNode, want)
	}
	for _, s := range []string{
		"peak " + human.Count(p.Inputs.PeakRPS) + " rps ÷ " + human.Count(perNode) + " rps per node",
		"at " + human.Percent(p.Capacity.TargetUtilisation) + ") = " + human.Count(want) + " self-run gateway nodes",
		"the nodes cost " + human.USD(c.MonthlyUSD) + ", " + human.USD(c.MonthlyUSD+c.Count*y.perHost) + " with a monitoring host each",
	} {
		if !strings.Contains(c.Reason, s) {
			t.Errorf("the reason does not say %q: %q", s, c.Reason)
		}
	}
	// It costs less than the managed gateway would, by far.
	_, _, managed, _ := gatewayFleet(t, p)
	if !(c.MonthlyUSD*10 < managed) {
		t.Errorf("the nodes cost %s, the managed gateway %s: want a tenth or less", human.USD(c.MonthlyUSD), human.USD(managed))
	}
	if got := p.Tradeoffs; !hasTradeoff(got, "api-gateway", "runs, patches") {
		t.Errorf("the self-run gateway's trade-off does not say the team runs and patches it: %+v", got)
	}
	// In three regions each region's stack runs its own nodes, sized for
	// its share of the peak with a region down.
	q := advise(t, "users", "500M", "team", "60", "regions", "3")
	checkGateway(t, "500M users in 3 regions", q)
	g, _ := component(q, "api-gateway")
	perRegion, _, _, _ := gatewayFleet(t, q)
	if g.Count != 3*perRegion || !strings.Contains(g.Reason, "in each of 3 regions") || !strings.Contains(g.Reason, human.Count(g.Count)+" in all") {
		t.Errorf("in 3 regions: %g nodes (%g a region): %q", g.Count, perRegion, g.Reason)
	}
}

func hasTradeoff(ts []advisor.Tradeoff, id, text string) bool {
	for _, t := range ts {
		if t.Component == id && strings.Contains(t.Text, text) {
			return true
		}
	}
	return false
}

// TestGatewaySwitchesWhereTheCostsCross sweeps users for a team with
// services: the gateway stays managed until its requests cost more than
// the nodes would, then runs its own, and the plan's bill never drops at
// the switch.
func TestGatewaySwitchesWhereTheCostsCross(t *testing.T) {
	ad := newAdvisor(t)
	var prev *advisor.Plan
	switched := 0
	for _, u := range sweepUsers(200) {
		a := ans(t, "team", "60")
		a.SetValue(answers.Users, u)
		p, err := ad.Advise(a)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := component(p, "api-gateway")
		if !ok {
			continue
		}
		checkGateway(t, human.Count(u)+" users", p)
		if prev != nil {
			pc, _ := component(prev, "api-gateway")
			if pc.SizeID == "" && c.SizeID != "" {
				switched++
				if p.Cost.MonthlyUSD < prev.Cost.MonthlyUSD {
					t.Errorf("at %s users the bill drops from %s to %s as the gateway becomes self-run", human.Count(u), human.USD(prev.Cost.MonthlyUSD), human.USD(p.Cost.MonthlyUSD))
				}
			}
			if pc.SizeID != "" && c.SizeID == "" {
				t.Errorf("at %s users the self-run gateway goes back to a managed one", human.Count(u))
			}
		}
		prev = p
	}
	if switched != 1 {
		t.Errorf("the gateway became self-run %d times in the sweep, want once", switched)
	}
}

// TestGatewayIsPricedOnEveryProvider: at huge scale every catalog prices
// the self-run nodes, each below what the managed gateway would cost.
func TestGatewayIsPricedOnEveryProvider(t *testing.T) {
	ad := newAdvisor(t)
	a := ans(t, "users", "500M", "team", "60")
	cmp, err := ad.CompareProviders(a)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ad.Advise(a)
	if err != nil {
		t.Fatal(err)
	}
	_, _, managed, _ := gatewayFleet(t, p)
	for _, row := range cmp.Components {
		if row.ID != "api-gateway" {
			continue
		}
		for _, on := range row.Prices {
			if on.Size == "" || !(on.MonthlyUSD > 0 && on.MonthlyUSD < managed) {
				t.Errorf("on %s the gateway's nodes are %q at %s, against %s managed", on.Provider, on.Size, human.USD(on.MonthlyUSD), human.USD(managed))
			}
		}
		return
	}
	t.Error("the comparison has no API gateway")
}
