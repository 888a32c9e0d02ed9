package advisor

import (
	"fmt"

	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// costBands fills the cost's bands around the on-demand (typical) total:
// low applies the provider's one-year commitment discount to the instances
// (priced items with vCPU or memory: servers, databases, caches, search and
// stream nodes), never to transfer, storage or requests; high adds the
// headroom constant, or a month of the given growth when that is more. The
// figures come from the catalog's commitment and constants.yaml
// (cost_headroom), so low <= typical <= high always holds.
func (ad *Advisor) costBands(p *Plan, cat *knowledge.Catalog, growthPct float64) {
	c := &p.Cost
	c.ProviderName = cat.Display()
	discount, discountNote := cat.Commitment.Discount, cat.Commitment.Note
	cited := []string{cat.Commitment.Source}
	instances := 0.0
	for _, comp := range p.Components {
		if comp.SizeID == "" {
			continue
		}
		if it, ok := cat.Item(comp.SizeID); ok && (it.VCPU > 0 || it.MemoryGB > 0) {
			instances += comp.Count * it.PerMonthUSD()
		}
	}
	saved := min(discount*instances, c.MonthlyUSD)
	c.LowUSD = c.MonthlyUSD - saved
	switch {
	case discount > 0 && instances > 0:
		c.LowBasis = fmt.Sprintf("one-year commitments save %s on the %s a month of instances; transfer, storage and requests stay on demand", human.Percent(discount), human.USD(instances))
	case discount > 0:
		c.LowBasis = "no instances to commit to: the same as on demand"
	case discountNote != "":
		c.LowBasis = discountNote + ": the same as on demand"
	default:
		c.LowBasis = fmt.Sprintf("no commitment discount on record for %s: the same as on demand", c.ProviderName)
	}
	headroom := ad.kb.Capacity.CostHeadroom
	if k, ok := ad.kb.Constant("cost_headroom"); ok {
		cited = append(cited, k.Source)
	}
	p.Sources = ad.withSources(p.Sources, cited)
	if g := growthPct / 100; g > headroom {
		c.HighUSD = c.MonthlyUSD * (1 + g)
		c.HighBasis = fmt.Sprintf("a month of the given %s growth on top of on demand", human.Percent(g))
	} else {
		c.HighUSD = c.MonthlyUSD * (1 + headroom)
		c.HighBasis = fmt.Sprintf("%s headroom on top of on demand for spikes, retries, logs and transfer nobody planned", human.Percent(headroom))
	}
}
