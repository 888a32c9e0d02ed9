package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/knowledge"
)

func newExplainCmd(s *Streams) *cobra.Command {
	var format, dir string
	var variables bool
	cmd := &cobra.Command{
		Use:   "explain [COMPONENT]",
		Short: "Explain a component: what it solves, when to add it, what it costs, its trade-offs",
		Long: `Explain one building block: the bottleneck it answers, the signal that says
it is time to add it, what it costs to run and to operate, its trade-offs and
alternatives, the rules that make scaleplan recommend it, and its sources.
Without an argument, list the components.`,
		Example: `  scaleplan explain
  scaleplan explain read-replica
  scaleplan explain cache --format json`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "md" && format != "json" {
				return usage(fmt.Errorf("--format %q: want text, md or json", format))
			}
			if variables {
				_, err := s.Out.Write(variableList(format))
				return err
			}
			kb, err := loadKnowledge(dir)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				_, err = s.Out.Write(componentList(kb, format))
				return err
			}
			c, ok := kb.Component(strings.ToLower(args[0]))
			if !ok {
				msg := fmt.Sprintf("unknown component %q", args[0])
				if n := answers.Nearest(strings.ToLower(args[0]), kb.ComponentIDs()); n != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", n)
				}
				return usage(fmt.Errorf("%s; known components: %s", msg, strings.Join(kb.ComponentIDs(), ", ")))
			}
			_, err = s.Out.Write(explainComponent(kb, c, format))
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, md or json")
	cmd.Flags().StringVar(&dir, "knowledge", "", "directory overriding the embedded knowledge base")
	cmd.Flags().BoolVar(&variables, "variables", false, "list the variables rule expressions may use (for --knowledge authors)")
	return cmd
}

func variableList(format string) []byte {
	vars := knowledge.Variables()
	if format == "json" {
		return jsonBytes(vars)
	}
	var b strings.Builder
	for _, v := range vars {
		fmt.Fprintf(&b, "%-32s %s\n", v.Name, v.Type)
	}
	return []byte(b.String())
}

func componentList(kb *knowledge.Base, format string) []byte {
	if format == "json" {
		var items []map[string]any
		for _, c := range kb.Components {
			items = append(items, map[string]any{"id": c.ID, "name": c.Name, "tier": c.Tier, "stage": c.Stage, "solves": c.Solves})
		}
		return jsonBytes(items)
	}
	var b strings.Builder
	if format == "md" {
		b.WriteString("# Components\n\n| Component | Tier | Typical stage | Solves |\n| --- | --- | --- | --- |\n")
		for _, c := range kb.Components {
			fmt.Fprintf(&b, "| `%s` | %s | %d | %s |\n", c.ID, c.Tier, c.Stage, export.MarkdownText(c.Solves))
		}
		return []byte(b.String())
	}
	for _, c := range kb.Components {
		fmt.Fprintf(&b, "%-18s stage %d  %s\n", c.ID, c.Stage, c.Solves)
	}
	b.WriteString("\nRun 'scaleplan explain COMPONENT' for one in full.\n")
	return []byte(b.String())
}

type ruleView struct {
	Bottleneck string `json:"bottleneck"`
	When       string `json:"when"`
	Count      string `json:"count,omitempty"`
	Size       string `json:"size,omitempty"`
	Trigger    string `json:"trigger,omitempty"`
}

func explainComponent(kb *knowledge.Base, c *knowledge.Component, format string) []byte {
	var rules []ruleView
	for _, r := range kb.Rules {
		if r.Component != c.ID {
			continue
		}
		v := ruleView{Bottleneck: r.Bottleneck, When: r.When, Count: r.Count, Size: r.Size}
		if r.SizeExpr != "" {
			v.Size = r.SizeExpr
		}
		if r.Trigger != nil {
			v.Trigger = r.Trigger.Text
		}
		rules = append(rules, v)
	}
	var sources []string
	for _, id := range c.Sources {
		if s, ok := kb.Source(id); ok {
			sources = append(sources, s.Title)
		}
	}
	if format == "json" {
		return jsonBytes(map[string]any{
			"id": c.ID, "name": c.Name, "tier": c.Tier, "stage": c.Stage, "solves": c.Solves,
			"when_to_add": c.WhenToAdd, "run_cost": c.RunCost, "ops_cost": c.OpsCost,
			"tradeoffs": c.Tradeoffs, "alternatives": c.Alternatives, "rules": rules, "sources": sources,
		})
	}
	var b strings.Builder
	h := func(title string) {
		if format == "md" {
			fmt.Fprintf(&b, "\n## %s\n\n", title)
		} else {
			fmt.Fprintf(&b, "\n%s\n", strings.ToUpper(title))
		}
	}
	item := func(s string) {
		if format == "md" {
			fmt.Fprintf(&b, "- %s\n", s)
		} else {
			fmt.Fprintf(&b, "  • %s\n", s)
		}
	}
	para := func(s string) {
		if format == "md" {
			fmt.Fprintf(&b, "%s\n", s)
		} else {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	if format == "md" {
		fmt.Fprintf(&b, "# %s (`%s`)\n", c.Name, c.ID)
	} else {
		fmt.Fprintf(&b, "%s (%s) — %s tier, typically from stage %d (%s)\n", c.Name, c.ID, c.Tier, c.Stage, knowledge.StageIDs[c.Stage])
	}
	h("Solves")
	para(c.Solves)
	h("When to add it")
	para(c.WhenToAdd)
	h("What it costs")
	item("To run: " + c.RunCost)
	item("To operate: " + c.OpsCost)
	h("Trade-offs")
	for _, t := range c.Tradeoffs {
		item(t)
	}
	if len(c.Alternatives) > 0 {
		h("Alternatives")
		for _, a := range c.Alternatives {
			item(a)
		}
	}
	if len(rules) > 0 {
		h("When scaleplan recommends it")
		for _, r := range rules {
			line := fmt.Sprintf("%s: when `%s`", r.Bottleneck, r.When)
			if format != "md" {
				line = fmt.Sprintf("%s: when %s", r.Bottleneck, r.When)
			}
			item(line)
		}
	}
	h("Sources")
	for _, s := range sources {
		item(s)
	}
	return []byte(b.String())
}
