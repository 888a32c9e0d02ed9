package advisor

import (
	"fmt"
	"math"
	"slices"

	"github.com/scaleplan/scaleplan/estimators"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// AvailabilityPart is one part of the request path and the availability it
// brings (resilience.yaml): a part's units compose as one, serial (every
// unit needed) or redundant (any unit serves), and the parts multiply.
type AvailabilityPart struct {
	ID        string  `json:"id" yaml:"id"`     // component id
	Name      string  `json:"name" yaml:"name"` // component name
	Units     string  `json:"units" yaml:"units"`
	Count     float64 `json:"count" yaml:"count"`           // units composed (in each region, when per_region)
	UnitPct   float64 `json:"unit_pct" yaml:"unit_pct"`     // one unit's availability
	Pct       float64 `json:"pct" yaml:"pct"`               // the part's availability after composing its units
	PerRegion bool    `json:"per_region" yaml:"per_region"` // composed inside each region of a multi-region plan
	Basis     string  `json:"basis" yaml:"basis"`
	Improve   string  `json:"improve" yaml:"improve"` // what would raise it; "" when nothing in reach
	Source    string  `json:"source" yaml:"source"`
}

// maxNines bounds the nines reported, so a plan of perfect parts stays a
// finite number in JSON.
const maxNines = 12

// composeAvailability multiplies the availability of the plan's request
// path and compares it with the target. In a multi-region plan the parts
// that are not global compose per region and the regions combine as a
// redundant set. The weakest part is the factor that lowers the whole most.
func (ad *Advisor) composeAvailability(p *Plan, regions float64) {
	model := &ad.kb.Resilience.Availability
	a := &p.Availability
	a.Parts = make([]AvailabilityPart, 0, len(model.Parts)+1)
	multi := model.RegionRedundancy != "" && regions >= 2 && planHas(p, model.RegionRedundancy)
	global, regional := 1.0, 1.0
	done := make([]string, 0, 16)
	for i := range model.Parts {
		mp := &model.Parts[i]
		if !mp.InUse() || slices.Contains(done, mp.Component) {
			continue
		}
		comp, ok := planComponent(p, mp.Component)
		if !ok || !planHasAll(p, mp.With) {
			continue
		}
		done = append(done, mp.Component)
		count := comp.Count
		if mp.Spread && multi {
			count /= regions
		}
		per := mp.Per
		if per <= 0 {
			per = 1
		}
		units := max(1, math.Ceil(count/per))
		unit := mp.Pct / 100
		share := unit
		switch mp.Units {
		case knowledge.UnitsOne:
			units = 1
		case knowledge.UnitsSerial:
			share = math.Pow(unit, units)
		case knowledge.UnitsRedundant:
			share = 1 - math.Pow(1-unit, units)
			if mp.MaxPct > 0 && units > 1 {
				share = min(share, mp.MaxPct/100)
			}
		}
		a.Parts = append(a.Parts, AvailabilityPart{
			ID: comp.ID, Name: comp.Name, Units: mp.Units, Count: units, UnitPct: mp.Pct, Pct: share * 100,
			PerRegion: multi && !mp.Global, Basis: mp.Basis, Improve: mp.Improve, Source: mp.Source,
		})
		if mp.Global {
			global *= share
		} else {
			regional *= share
		}
	}
	composed := global * regional
	if multi {
		weakest := weakestPart(a.Parts, true)
		set := 1 - math.Pow(1-regional, regions)
		comp, _ := planComponent(p, model.RegionRedundancy)
		improve := ""
		if weakest != nil {
			improve = fmt.Sprintf("a stronger stack in each region; its weakest part: %s, %s", weakest.Name, human.Availability(weakest.Pct))
		}
		a.Parts = append(a.Parts, AvailabilityPart{
			ID: comp.ID, Name: comp.Name, Units: knowledge.UnitsRedundant, Count: regions, UnitPct: regional * 100, Pct: set * 100,
			Basis:   fmt.Sprintf("each of the %s regions runs the whole stack (the parts marked per region, %s together) and can take over from another", human.Count(regions), human.Availability(regional*100)),
			Improve: improve, Source: "aws-sla",
		})
		composed = global * set
	}
	cited := make([]string, 0, 16)
	for _, pt := range a.Parts {
		if !slices.Contains(cited, pt.Source) {
			cited = append(cited, pt.Source)
		}
	}
	p.Sources = ad.withSources(p.Sources, cited)
	a.ComposedPct = composed * 100
	a.ComposedNines = min(estimators.Nines(a.ComposedPct), maxNines)
	a.ComposedDowntimeMinutesPerMonth = estimators.DowntimeSecondsPerMonth(a.ComposedPct) / 60
	a.MeetsTarget = a.ComposedPct >= a.TargetPct-1e-9
	a.Weakest = ""
	if w := weakestPart(a.Parts, false); w != nil {
		a.Weakest = w.ID
	}
}

// weakestPart is the factor with the lowest availability, the first of
// equals: the parts inside the regions when inside is true, otherwise the
// parts that multiply into the whole (in a multi-region plan, the global
// parts and the set of regions).
func weakestPart(parts []AvailabilityPart, inside bool) *AvailabilityPart {
	var w *AvailabilityPart
	for i := range parts {
		pt := &parts[i]
		if pt.PerRegion != inside || pt.Pct >= 100 {
			continue
		}
		if w == nil || pt.Pct < w.Pct {
			w = pt
		}
	}
	return w
}

func planComponent(p *Plan, id string) (Component, bool) {
	for _, c := range p.Components {
		if c.ID == id {
			return c, true
		}
	}
	return Component{}, false
}

func planHas(p *Plan, id string) bool {
	_, ok := planComponent(p, id)
	return ok
}

func planHasAll(p *Plan, ids []string) bool {
	for _, id := range ids {
		if !planHas(p, id) {
			return false
		}
	}
	return true
}
