package export

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/expression"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// ComponentList is every component of the knowledge base, in its order:
// what `scaleplan explain` prints without an argument.
type ComponentList struct {
	SchemaVersion int           `json:"schema_version" yaml:"schema_version"`
	Components    []ComponentID `json:"components" yaml:"components"`
}

// ComponentID is one line of the list.
type ComponentID struct {
	ID     string `json:"id" yaml:"id"`
	Name   string `json:"name" yaml:"name"`
	Tier   string `json:"tier" yaml:"tier"`
	Stage  int    `json:"stage" yaml:"stage"`
	Solves string `json:"solves" yaml:"solves"`
}

// NewComponentList reads the components from a knowledge base.
func NewComponentList(kb *knowledge.Base) ComponentList {
	l := ComponentList{SchemaVersion: DocSchemaVersion, Components: make([]ComponentID, 0, len(kb.Components))}
	for _, c := range kb.Components {
		l.Components = append(l.Components, ComponentID{c.ID, c.Name, c.Tier, c.Stage, c.Solves})
	}
	return l
}

// Formats lists the list's formats.
func (ComponentList) Formats() []string { return []string{"text", "md", "json", "yaml"} }

// Render renders the list in format.
func (l ComponentList) Render(format string, _ Options) ([]byte, error) {
	var b strings.Builder
	switch format {
	case "md":
		b.WriteString("# Components\n\n| Component | Tier | Typical stage | Solves |\n| --- | --- | --- | --- |\n")
		for _, c := range l.Components {
			fmt.Fprintf(&b, "| `%s` | %s | %d | %s |\n", c.ID, c.Tier, c.Stage, MarkdownText(c.Solves))
		}
	case "text":
		for _, c := range l.Components {
			fmt.Fprintf(&b, "%-18s stage %d  %s\n", c.ID, c.Stage, c.Solves)
		}
		b.WriteString("\nRun 'scaleplan explain COMPONENT' for one in full.\n")
	default:
		return data(format, l)
	}
	return []byte(b.String()), nil
}

// Explanation is one component in full: what `scaleplan explain ID` prints.
type Explanation struct {
	SchemaVersion int        `json:"schema_version" yaml:"schema_version"`
	ID            string     `json:"id" yaml:"id"`
	Name          string     `json:"name" yaml:"name"`
	Tier          string     `json:"tier" yaml:"tier"`
	Stage         int        `json:"stage" yaml:"stage"`
	StageID       string     `json:"stage_id" yaml:"stage_id"`
	Solves        string     `json:"solves" yaml:"solves"`
	WhenToAdd     string     `json:"when_to_add" yaml:"when_to_add"`
	RunCost       string     `json:"run_cost" yaml:"run_cost"`
	OpsCost       string     `json:"ops_cost" yaml:"ops_cost"`
	Tradeoffs     []string   `json:"tradeoffs" yaml:"tradeoffs"`
	Alternatives  []string   `json:"alternatives" yaml:"alternatives"`
	Rules         []RuleView `json:"rules" yaml:"rules"`
	Sources       []string   `json:"sources" yaml:"sources"`
}

// RuleView is one rule that recommends the component.
type RuleView struct {
	Bottleneck string `json:"bottleneck" yaml:"bottleneck"`
	When       string `json:"when" yaml:"when"`
	Count      string `json:"count,omitempty" yaml:"count,omitempty"`
	Size       string `json:"size,omitempty" yaml:"size,omitempty"`
	Trigger    string `json:"trigger,omitempty" yaml:"trigger,omitempty"`
}

// NewExplanation reads one component and its rules from a knowledge base.
func NewExplanation(kb *knowledge.Base, c *knowledge.Component) Explanation {
	e := Explanation{SchemaVersion: DocSchemaVersion, ID: c.ID, Name: c.Name, Tier: c.Tier, Stage: c.Stage, StageID: knowledge.StageIDs[c.Stage],
		Solves: c.Solves, WhenToAdd: c.WhenToAdd, RunCost: c.RunCost, OpsCost: c.OpsCost,
		Tradeoffs: c.Tradeoffs, Alternatives: c.Alternatives, Rules: []RuleView{}, Sources: []string{}}
	if e.Alternatives == nil {
		e.Alternatives = []string{}
	}
	for _, r := range kb.RulesFor(c.ID) {
		v := RuleView{Bottleneck: r.Bottleneck, When: r.When, Count: r.Count, Size: r.Size}
		if r.SizeExpr != "" {
			v.Size = r.SizeExpr
		}
		if r.Trigger != nil {
			v.Trigger = r.Trigger.Text
		}
		e.Rules = append(e.Rules, v)
	}
	for _, id := range c.Sources {
		if s, ok := kb.Source(id); ok {
			e.Sources = append(e.Sources, s.Title)
		}
	}
	return e
}

// Formats lists the explanation's formats.
func (Explanation) Formats() []string { return []string{"text", "md", "json", "yaml"} }

// Render renders the explanation in format.
func (e Explanation) Render(format string, o Options) ([]byte, error) {
	if format == "json" || format == "yaml" {
		return data(format, e)
	}
	md := format == "md"
	width := o.Width
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	h := func(title string) {
		if md {
			fmt.Fprintf(&b, "\n## %s\n\n", title)
		} else {
			fmt.Fprintf(&b, "\n%s\n", strings.ToUpper(title))
		}
	}
	item := func(s string) {
		if md {
			fmt.Fprintf(&b, "- %s\n", MarkdownText(s))
		} else {
			fmt.Fprintf(&b, "  • %s\n", wrapIndent(s, width-4, "    "))
		}
	}
	para := func(s string) {
		if md {
			fmt.Fprintf(&b, "%s\n", MarkdownText(s))
		} else {
			fmt.Fprintf(&b, "  %s\n", wrapIndent(s, width-2, "  "))
		}
	}
	if md {
		fmt.Fprintf(&b, "# %s (`%s`)\n", MarkdownText(e.Name), e.ID)
	} else {
		fmt.Fprintf(&b, "%s (%s): %s tier, typically from stage %d (%s)\n", e.Name, e.ID, e.Tier, e.Stage, e.StageID)
	}
	h("Solves")
	para(e.Solves)
	h("When to add it")
	para(e.WhenToAdd)
	h("What it costs")
	item("To run: " + e.RunCost)
	item("To operate: " + e.OpsCost)
	h("Trade-offs")
	for _, t := range e.Tradeoffs {
		item(t)
	}
	if len(e.Alternatives) > 0 {
		h("Alternatives")
		for _, a := range e.Alternatives {
			item(a)
		}
	}
	if len(e.Rules) > 0 {
		h("When scaleplan recommends it")
		for _, r := range e.Rules {
			if md {
				fmt.Fprintf(&b, "- %s: when `%s`\n", MarkdownText(r.Bottleneck), r.When)
			} else {
				item(fmt.Sprintf("%s: when %s", r.Bottleneck, r.When))
			}
		}
	}
	h("Sources")
	for _, s := range e.Sources {
		item(s)
	}
	return []byte(b.String()), nil
}

// Variables are the names knowledge expressions may use: what
// `scaleplan explain --variables` prints.
type Variables struct {
	SchemaVersion int                   `json:"schema_version" yaml:"schema_version"`
	Variables     []expression.Variable `json:"variables" yaml:"variables"`
	Constants     []ConstantView        `json:"constants" yaml:"constants"`
}

// ConstantView is a constant expressions see as a number.
type ConstantView struct {
	ID     string  `json:"id" yaml:"id"`
	Value  float64 `json:"value" yaml:"value"`
	Unit   string  `json:"unit" yaml:"unit"`
	Source string  `json:"source" yaml:"source"`
}

// NewVariables lists the computed variables, then the constants.
func NewVariables(kb *knowledge.Base) Variables {
	v := Variables{SchemaVersion: DocSchemaVersion, Variables: expression.Variables(), Constants: []ConstantView{}}
	for _, c := range kb.Constants {
		v.Constants = append(v.Constants, ConstantView{c.ID, c.Value, c.Unit, c.Source})
	}
	return v
}

// Formats lists the variables' formats.
func (Variables) Formats() []string { return []string{"text", "json", "yaml"} }

// Render renders the variables in format.
func (v Variables) Render(format string, _ Options) ([]byte, error) {
	if format != "text" {
		return data(format, v)
	}
	var b strings.Builder
	b.WriteString("Computed for each plan:\n")
	for _, x := range v.Variables {
		fmt.Fprintf(&b, "  %-32s %s\n", x.Name, x.Type)
	}
	b.WriteString("\nConstants (constants.yaml), fixed for a knowledge base:\n")
	for _, c := range v.Constants {
		fmt.Fprintf(&b, "  %-32s %g %s\n", c.ID, c.Value, c.Unit)
	}
	b.WriteString("\nStages by id (stage >= horizontal), and the unit conversions seconds_per_day, minutes_per_day, days_per_month, days_per_year, hours_per_month, bytes_per_gb, percent and million.\n")
	return []byte(b.String()), nil
}

func wrapIndent(s string, width int, indent string) string {
	return human.Wrap(OneLine(s), width, indent)
}
