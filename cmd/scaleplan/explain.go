package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
)

// explainOptions is what the explain command was asked to do.
type explainOptions struct {
	out       outputFlags
	knowledge string
	variables bool
}

func newExplainCmd(s *Streams) *cobra.Command {
	o := &explainOptions{}
	cmd := &cobra.Command{
		Use:   "explain [COMPONENT]",
		Short: "Explain a component: what it solves, when to add it, what it costs, its trade-offs",
		Long: `Explain one building block: the bottleneck it answers, the signal that says
it is time to add it, what it costs to run and to operate, its trade-offs and
alternatives, the rules that make scaleplan recommend it, and its sources.
Without an argument, list the components. With --variables, list the names
knowledge expressions may use (for --knowledge authors).`,
		Example: `  scaleplan explain
  scaleplan explain read-replica
  scaleplan explain cache --format json
  scaleplan explain --variables`,
		Args: maxArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			kb, err := loadKnowledge(o.knowledge)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return kb.ComponentIDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runExplain(s, o, args) },
	}
	f := cmd.Flags()
	o.out.add(f, export.Explanation{})
	f.StringVar(&o.knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	f.BoolVar(&o.variables, "variables", false, "list the names rule expressions may use (for --knowledge authors)")
	return cmd
}

func runExplain(s *Streams, o *explainOptions, args []string) error {
	if err := o.out.checkTarget(); err != nil {
		return err
	}
	kb, err := loadKnowledge(o.knowledge)
	if err != nil {
		return err
	}
	var doc export.Doc
	switch {
	case o.variables:
		doc = export.NewVariables(kb)
	case len(args) == 0:
		doc = export.NewComponentList(kb)
	default:
		c, ok := kb.Component(strings.ToLower(args[0]))
		if !ok {
			msg := fmt.Sprintf("unknown component %q", args[0])
			if n := answers.Nearest(strings.ToLower(args[0]), kb.ComponentIDs()); n != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", n)
			}
			return usage(fmt.Errorf("%s; known components: %s", msg, strings.Join(kb.ComponentIDs(), ", ")))
		}
		doc = export.NewExplanation(kb, c)
	}
	format, err := o.out.resolve(s, doc)
	if err != nil {
		return err
	}
	return o.out.emit(s, doc, format, "")
}
