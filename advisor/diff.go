package advisor

import "math"

// Diff is what changes between two plans: the stage, components added,
// removed or resized, and the cost.
type Diff struct {
	StageFrom  Stage           `json:"stage_from" yaml:"stage_from"`
	StageTo    Stage           `json:"stage_to" yaml:"stage_to"`
	Added      []Component     `json:"added" yaml:"added"`
	Removed    []Component     `json:"removed" yaml:"removed"`
	Resized    []ResizedChange `json:"resized" yaml:"resized"`
	CostFrom   float64         `json:"cost_from_usd" yaml:"cost_from_usd"`
	CostTo     float64         `json:"cost_to_usd" yaml:"cost_to_usd"`
	CostChange float64         `json:"cost_change_usd" yaml:"cost_change_usd"`
}

// ResizedChange is a component kept in both plans with another count, size or cost.
type ResizedChange struct {
	ID        string  `json:"id" yaml:"id"`
	Name      string  `json:"name" yaml:"name"`
	CountFrom float64 `json:"count_from" yaml:"count_from"`
	CountTo   float64 `json:"count_to" yaml:"count_to"`
	SizeFrom  string  `json:"size_from" yaml:"size_from"`
	SizeTo    string  `json:"size_to" yaml:"size_to"`
	CostFrom  float64 `json:"cost_from_usd" yaml:"cost_from_usd"`
	CostTo    float64 `json:"cost_to_usd" yaml:"cost_to_usd"`
}

// Empty reports whether the plans agree on stage, components and cost.
func (d Diff) Empty() bool {
	return d.StageFrom.ID == d.StageTo.ID && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Resized) == 0 && d.CostChange == 0
}

// Compare lists what changes from plan a to plan b, in b's component order
// (removed ones in a's).
func Compare(a, b *Plan) Diff {
	d := Diff{StageFrom: a.Stage, StageTo: b.Stage, CostFrom: a.Cost.MonthlyUSD, CostTo: b.Cost.MonthlyUSD,
		Added: []Component{}, Removed: []Component{}, Resized: []ResizedChange{}}
	d.CostChange = b.Cost.MonthlyUSD - a.Cost.MonthlyUSD
	if math.Abs(d.CostChange) < 0.005 {
		d.CostChange = 0
	}
	inA := map[string]Component{}
	for _, c := range a.Components {
		inA[c.ID] = c
	}
	inB := map[string]bool{}
	for _, c := range b.Components {
		inB[c.ID] = true
		old, ok := inA[c.ID]
		switch {
		case !ok:
			d.Added = append(d.Added, c)
		case old.Count != c.Count || old.SizeID != c.SizeID || math.Abs(old.MonthlyUSD-c.MonthlyUSD) >= 0.005:
			d.Resized = append(d.Resized, ResizedChange{ID: c.ID, Name: c.Name, CountFrom: old.Count, CountTo: c.Count,
				SizeFrom: old.Size, SizeTo: c.Size, CostFrom: old.MonthlyUSD, CostTo: c.MonthlyUSD})
		}
	}
	for _, c := range a.Components {
		if !inB[c.ID] {
			d.Removed = append(d.Removed, c)
		}
	}
	return d
}
