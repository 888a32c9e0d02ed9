// Package export renders a Plan: Markdown with a Mermaid diagram, Mermaid
// alone, JSON and YAML for scripts, and a styled terminal summary. Each
// renderer takes the plan and returns bytes; none computes a domain number.
package export

import (
	"fmt"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// PlanDoc is a plan to print: Markdown with a Mermaid diagram, the diagram
// alone, JSON and YAML for scripts, or styled text.
type PlanDoc struct{ Plan *advisor.Plan }

// Formats lists the plan's formats; Markdown is the default off a terminal.
func (PlanDoc) Formats() []string { return []string{"md", "mermaid", "json", "yaml", "text"} }

// Render renders the plan in format.
func (d PlanDoc) Render(format string, o Options) ([]byte, error) {
	switch format {
	case "md":
		return Markdown(d.Plan), nil
	case "mermaid":
		return Mermaid(d.Plan), nil
	case "text":
		return Text(d.Plan, o), nil
	}
	return data(format, d.Plan)
}

// JSON is the plan as indented JSON with exact numbers.
func JSON(p *advisor.Plan) []byte {
	out, err := encodeJSON(p)
	if err != nil {
		// A plan's numbers are checked finite when it is made; failing to
		// encode one is a bug, not an input error.
		panic(fmt.Sprintf("encoding plan: %v", err))
	}
	return out
}

// YAML is the plan with the same structure and names as JSON.
func YAML(p *advisor.Plan) []byte {
	out, err := encodeYAML(p)
	if err != nil {
		panic(fmt.Sprintf("encoding plan: %v", err))
	}
	return out
}

// WorkedValue writes a worked figure's value rounded for people, in its
// unit: 2,315 rps, 55.1 TB a month.
func WorkedValue(w advisor.Worked) string {
	switch w.Unit {
	case "rps":
		return human.Count(w.Value) + " rps"
	case "/s":
		return human.Count(w.Value) + "/s"
	case "GB":
		return human.GB(w.Value)
	case "GB/month":
		return human.GB(w.Value) + " a month"
	}
	return human.Count(w.Value)
}
