package advisor

import (
	"github.com/scaleplan/scaleplan/answers"
)

// ProviderComparison is one set of answers priced on every provider's
// catalog: the same stage and components (the rules do not depend on the
// provider), different products and prices.
type ProviderComparison struct {
	SchemaVersion int                 `json:"schema_version" yaml:"schema_version"`
	Name          string              `json:"name" yaml:"name"`
	Stage         StageRef            `json:"stage" yaml:"stage"`
	Chosen        string              `json:"chosen" yaml:"chosen"`     // the provider the answers name (aws when none)
	Cheapest      string              `json:"cheapest" yaml:"cheapest"` // lowest typical monthly cost
	Providers     []ProviderCost      `json:"providers" yaml:"providers"`
	Components    []ComparedComponent `json:"components" yaml:"components"`
}

// ProviderCost is the plan's cost on one provider, with its bands and the
// catalog it comes from.
type ProviderCost struct {
	Provider   string  `json:"provider" yaml:"provider"`
	Name       string  `json:"name" yaml:"name"`
	Region     string  `json:"region" yaml:"region"`
	AsOf       string  `json:"catalog_as_of" yaml:"catalog_as_of"`
	Currency   string  `json:"currency" yaml:"currency"`
	MonthlyUSD float64 `json:"monthly_usd" yaml:"monthly_usd"`
	LowUSD     float64 `json:"low_usd" yaml:"low_usd"`
	HighUSD    float64 `json:"high_usd" yaml:"high_usd"`
	LowBasis   string  `json:"low_basis" yaml:"low_basis"`
}

// ComparedComponent is one component's count, and its product and monthly
// cost on each provider, in the order of ProviderComparison.Providers.
type ComparedComponent struct {
	ID     string              `json:"id" yaml:"id"`
	Name   string              `json:"name" yaml:"name"`
	Count  float64             `json:"count" yaml:"count"`
	Prices []ComponentOnVendor `json:"prices" yaml:"prices"`
}

// ComponentOnVendor is a component's product and monthly cost on one provider.
type ComponentOnVendor struct {
	Provider   string  `json:"provider" yaml:"provider"`
	Size       string  `json:"size" yaml:"size"` // product; "" when priced by usage alone
	MonthlyUSD float64 `json:"monthly_usd" yaml:"monthly_usd"`
}

// CompareProviders advises a on every provider with a price catalog, in
// the knowledge base's provider order (sorted by id).
func (ad *Advisor) CompareProviders(a answers.Answers) (*ProviderComparison, error) {
	chosen := a.Provider
	if chosen == "" {
		chosen = "aws"
	}
	cmp := &ProviderComparison{SchemaVersion: ComparisonSchemaVersion, Chosen: chosen, Providers: []ProviderCost{}, Components: []ComparedComponent{}}
	for i, prov := range ad.kb.Providers() {
		b := a.Clone()
		b.Provider = prov
		p, err := ad.Advise(b)
		if err != nil {
			return nil, err
		}
		c := p.Cost
		cmp.Providers = append(cmp.Providers, ProviderCost{
			Provider: prov, Name: c.ProviderName, Region: c.Region, AsOf: c.AsOf, Currency: c.Currency,
			MonthlyUSD: c.MonthlyUSD, LowUSD: c.LowUSD, HighUSD: c.HighUSD, LowBasis: c.LowBasis,
		})
		if i == 0 {
			cmp.Name = p.Name
			cmp.Stage = StageRef{ID: p.Stage.ID, Number: p.Stage.Number, Name: p.Stage.Name}
			for _, comp := range p.Components {
				cmp.Components = append(cmp.Components, ComparedComponent{ID: comp.ID, Name: comp.Name, Count: comp.Count})
			}
		}
		for j := range cmp.Components {
			row := &cmp.Components[j]
			on := ComponentOnVendor{Provider: prov}
			if comp, ok := planComponent(p, row.ID); ok {
				on.Size, on.MonthlyUSD = comp.Size, comp.MonthlyUSD
			}
			row.Prices = append(row.Prices, on)
		}
		if cmp.Cheapest == "" || c.MonthlyUSD < cmp.cost(cmp.Cheapest) {
			cmp.Cheapest = prov
		}
	}
	return cmp, nil
}

func (c *ProviderComparison) cost(provider string) float64 {
	for _, p := range c.Providers {
		if p.Provider == provider {
			return p.MonthlyUSD
		}
	}
	return 0
}
