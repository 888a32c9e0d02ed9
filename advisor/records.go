package advisor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scaleplan/scaleplan/human"
)

// DecisionRecord is one major decision of a plan in the shape of an
// architecture decision record (MADR): the context with the bottleneck and
// its numbers, the options considered, the chosen one and why, and its
// consequences. Records carry no date or number: the same plan always gives
// the same records, and numbering belongs to the directory they are filed in.
type DecisionRecord struct {
	Slug      string   // stable name for the file: the component id, "architecture-stage" or "deferred-components"
	Title     string   // short title naming the problem and the solution
	Context   string   // the problem, with the bottleneck and its numbers
	Drivers   []string // the forces behind the decision
	Options   []string // considered options; the first is the chosen one
	Because   string   // why the chosen option
	Good      []string // consequences, good
	Bad       []string // consequences, bad
	Neutral   []string // consequences, neither (cost, operations)
	More      []string // more information: triggers, what to revisit
	Component string   // the component the record is about; "" for the stage and the deferrals
}

// routine components are in every plan and decide nothing worth a record:
// a DNS zone, the egress bill and monitoring.
var routine = []string{"dns", "egress", "monitoring"}

// DecisionRecords lists a plan's major decisions: the stage, then each
// component the plan runs (but the routine ones) in knowledge order, then
// what it defers. p must come from this advisor's knowledge base.
func (ad *Advisor) DecisionRecords(p *Plan) []DecisionRecord {
	out := []DecisionRecord{ad.stageRecord(p)}
	for _, c := range p.Components {
		if slices.Contains(routine, c.ID) {
			continue
		}
		out = append(out, ad.componentRecord(p, c))
	}
	if len(p.Deferred) > 0 {
		out = append(out, deferredRecord(p))
	}
	return out
}

// drivers are the numbers every decision answers to.
func drivers(p *Plan) []string {
	e := p.Estimates
	out := []string{
		fmt.Sprintf("traffic: %s monthly users, %s rps at peak (%s reads/s, %s writes/s)", human.Count(p.Inputs.Users), human.Count(p.Inputs.PeakRPS), human.Count(e.ReadRPS), human.Count(e.WriteRPS)),
		fmt.Sprintf("data: %s within a year, %s at the end of retention", human.GB(e.DataGBNextYear), human.GB(e.DataGBAtRetention)),
		fmt.Sprintf("availability: a %s target, %s of downtime a month allowed", human.Availability(p.Availability.TargetPct), human.Duration(p.Availability.DowntimeMinutesPerMonth*60)),
	}
	if p.Budget != nil {
		out = append(out, fmt.Sprintf("budget: %s a month", human.USD(p.Budget.MonthlyUSD)))
	}
	return out
}

func (ad *Advisor) stageRecord(p *Plan) DecisionRecord {
	kb := ad.kb
	s := p.Stage
	r := DecisionRecord{
		Slug:    "architecture-stage",
		Title:   fmt.Sprintf("Architecture at stage %d: %s", s.Number, s.Name),
		Context: fmt.Sprintf("%s. Which scaling stage does the system need today, given that every component should answer a bottleneck the numbers show?", sentenceCase(s.Why)),
		Drivers: drivers(p),
		Because: lowerStart(s.Why),
	}
	r.Options = append(r.Options, fmt.Sprintf("Stage %d, %s", s.Number, s.Name))
	if s.Number > 0 {
		prev := kb.Stages[s.Number-1]
		r.Options = append(r.Options, fmt.Sprintf("Stage %d, %s: simpler and cheaper, but it leaves the bottleneck above unsolved", prev.Number, prev.Name))
	}
	if p.NextStage != nil {
		r.Options = append(r.Options, fmt.Sprintf("Stage %d, %s: not yet; it becomes necessary when %s", p.NextStage.Number, p.NextStage.Name, p.NextStage.Trigger))
	}
	if s.Summary != "" {
		r.Good = append(r.Good, "at this stage "+lowerStart(strings.TrimSuffix(s.Summary, ".")))
	}
	if s.Solves != "" {
		r.Good = append(r.Good, "it addresses "+lowerStart(strings.TrimSuffix(s.Solves, ".")))
	}
	if p.BreaksFirst != nil {
		r.Bad = append(r.Bad, fmt.Sprintf("it has a limit: %s, %s", p.BreaksFirst.Says, p.BreaksFirst.When(p.Inputs.Growth)))
	}
	if !p.Availability.MeetsTarget && p.Availability.Weakest != "" {
		r.Bad = append(r.Bad, fmt.Sprintf("by the providers' SLAs its parts compose to %s, below the %s target", human.Availability(p.Availability.ComposedPct), human.Availability(p.Availability.TargetPct)))
	}
	r.Neutral = append(r.Neutral, fmt.Sprintf("it costs about %s a month on %s (%s with one-year commitments, up to %s with headroom)", human.USD(p.Cost.MonthlyUSD), p.Cost.ProviderName, human.USD(p.Cost.LowUSD), human.USD(p.Cost.HighUSD)))
	names := make([]string, 0, len(p.Components))
	for _, c := range p.Components {
		names = append(names, c.Name)
	}
	r.More = append(r.More, "Components: "+strings.Join(names, ", ")+".")
	if p.NextStage != nil {
		r.More = append(r.More, fmt.Sprintf("Revisit when %s (next: stage %d, %s).", p.NextStage.Trigger, p.NextStage.Number, p.NextStage.Name))
	}
	return r
}

func (ad *Advisor) componentRecord(p *Plan, c Component) DecisionRecord {
	chosen := c.Name
	if c.Size != "" {
		chosen = fmt.Sprintf("%s × %s", human.Count(c.Count), c.Size)
	}
	r := DecisionRecord{
		Slug:      c.ID,
		Title:     c.Name,
		Context:   fmt.Sprintf("Bottleneck: %s. %s.", c.Bottleneck, sentenceCase(c.Reason)),
		Drivers:   append([]string{"bottleneck: " + c.Bottleneck}, drivers(p)...),
		Options:   []string{chosen},
		Because:   c.Reason,
		Component: c.ID,
	}
	if c.Size != "" {
		r.Title = fmt.Sprintf("%s: %s", c.Name, chosen)
	}
	kc, ok := ad.kb.Component(c.ID)
	if ok {
		r.Options = append(r.Options, kc.Alternatives...)
		if kc.Solves != "" {
			r.Good = append(r.Good, "it addresses "+lowerStart(strings.TrimSuffix(kc.Solves, ".")))
		}
	}
	if c.Cut != "" {
		r.Options = append(r.Options, "Do without it: "+c.Cut)
	}
	for _, t := range p.Tradeoffs {
		if t.Component == c.ID {
			r.Bad = append(r.Bad, "of the trade-off: "+lowerStart(t.Text))
		}
	}
	cost := fmt.Sprintf("it costs %s a month on %s", human.USD(c.MonthlyUSD), p.Cost.ProviderName)
	if p.Cost.MonthlyUSD > 0 {
		cost += fmt.Sprintf(", %.0f%% of the plan", 100*c.MonthlyUSD/p.Cost.MonthlyUSD)
	}
	r.Neutral = append(r.Neutral, cost)
	if ok && kc.OpsCost != "" {
		r.Neutral = append(r.Neutral, "to run it: "+lowerStart(strings.TrimSuffix(kc.OpsCost, ".")))
	}
	for _, pt := range p.Availability.Parts {
		if pt.ID == c.ID {
			r.More = append(r.More, fmt.Sprintf("Availability of this part: %s; %s.", human.Availability(pt.Pct), pt.Basis))
		}
	}
	if ok && kc.WhenToAdd != "" {
		r.More = append(r.More, "When to add it: "+strings.Join(strings.Fields(kc.WhenToAdd), " "))
	}
	return r
}

func deferredRecord(p *Plan) DecisionRecord {
	r := DecisionRecord{
		Slug:    "deferred-components",
		Title:   "Defer what the numbers do not justify yet",
		Context: "These components answer bottlenecks the system does not have yet. Build them now, or wait for a measurable trigger?",
		Drivers: drivers(p),
		Options: []string{"Defer each until its trigger", "Build them now, ahead of the load"},
		Because: "the simplest architecture that meets today's needs is the cheapest to run and to change, and each trigger below says when to revisit",
		Good:    []string{"their cost and operations are saved until the load needs them"},
		Bad:     []string{"each trigger has to be watched; monitoring must alert before it is reached"},
	}
	for _, d := range p.Deferred {
		line := fmt.Sprintf("%s: add it when %s", d.Name, d.Trigger)
		if w := When(d.AtLoadX, d.InMonths, p.Inputs.Growth); w != "" {
			line += " (" + w + ")"
		}
		r.More = append(r.More, line+".")
	}
	return r
}

func lowerStart(s string) string {
	if s == "" {
		return s
	}
	// Keep acronyms (DNS, CDN) as they are.
	if len(s) > 1 && isUpper(s[0]) && isUpper(s[1]) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
