package knowledge_test

import (
	"math"
	"testing"
)

// TestGatewayYardstickIsTheAWSCatalog: the API gateway's rules compare a
// managed gateway's fee with a fleet of gateway nodes and their monitoring
// at AWS list prices, kept as constants so the rules do not depend on the
// provider. Those constants must be the AWS catalog's own prices, for the
// managed item the managed rule bills, the size the self-run rule runs and
// a monitored host, and the node's capacity figure is per 4 vCPU, the
// size's.
func TestGatewayYardstickIsTheAWSCatalog(t *testing.T) {
	b := defaultBase(t)
	aws := b.Catalogs["aws"]
	constant := func(id string) float64 {
		t.Helper()
		c, ok := b.Constant(id)
		if !ok {
			t.Fatalf("no constant %q", id)
		}
		if _, ok := b.Source(c.Source); !ok {
			t.Errorf("constant %q cites unknown source %q", id, c.Source)
		}
		if len(c.Range) != 2 {
			t.Errorf("constant %q has no range", id)
		}
		return c.Value
	}
	perMillion, perNode, perHost := constant("managed_gateway_usd_per_million"), constant("gateway_node_usd_per_month"), constant("monitoring_host_usd_per_month")
	if constant("gateway_rps_per_node") <= 0 {
		t.Error("gateway_rps_per_node is not positive")
	}
	var managed, selfRun string
	for _, r := range b.RulesFor("api-gateway") {
		switch {
		case r.Size != "" && selfRun == "":
			selfRun = r.Size
		case r.Size == "" && len(r.Usage) > 0 && managed == "":
			managed = r.Usage[0].Item
		}
	}
	if managed == "" || selfRun == "" {
		t.Fatalf("api-gateway rules: managed item %q, self-run size %q; want both", managed, selfRun)
	}
	m, ok := aws.Item(managed)
	if !ok || m.PerMillionUSD == nil {
		t.Fatalf("the aws catalog prices no %q by the million", managed)
	}
	if *m.PerMillionUSD != perMillion {
		t.Errorf("managed_gateway_usd_per_million is %v, the aws catalog's %s %v", perMillion, managed, *m.PerMillionUSD)
	}
	n, ok := aws.Item(selfRun)
	if !ok {
		t.Fatalf("the aws catalog has no %q", selfRun)
	}
	if math.Abs(n.PerMonthUSD()-perNode) > 0.005 {
		t.Errorf("gateway_node_usd_per_month is %v, the aws catalog's %s %v", perNode, selfRun, n.PerMonthUSD())
	}
	if h, ok := aws.Item("monitoring-host"); !ok || h.PerMonthUSD() != perHost {
		t.Errorf("monitoring_host_usd_per_month is %v; the aws catalog's monitoring-host is not that (%v)", perHost, ok)
	}
	if n.VCPU != 4 {
		t.Errorf("%s has %v vCPU; gateway_rps_per_node is a 4-vCPU node's", selfRun, n.VCPU)
	}
	// Every provider runs the nodes on its own product.
	for _, prov := range b.Providers() {
		if _, ok := b.Catalogs[prov].Item(selfRun); !ok {
			t.Errorf("the %s catalog has no %s for the self-run gateway", prov, selfRun)
		}
	}
}
