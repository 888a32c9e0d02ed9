package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
)

// stagesOptions is what the stages command was asked to do.
type stagesOptions struct {
	af            *answerFlags
	out           outputFlags
	knowledge     string
	horizon       string
	horizonMonths int
}

func newStagesCmd(s *Streams) *cobra.Command {
	o := &stagesOptions{}
	cmd := &cobra.Command{
		Use:   "stages",
		Short: "Show the scaling ladder and where each source article puts each stage",
		Long: `Show the nine stages of the canonical ladder: what each solves, what moves a
system into it, and how each source article numbers and sizes it (users,
requests per second, monthly cost). The articles disagree on the user counts;
scaleplan places a system by the bottlenecks its numbers show.

With --for FILE (or --answers FILE, as for plan) or the answer flags of plan,
show instead where each stage begins for that system, from the same
month-by-month schedule that dates plan's next stage: the month it gets there
(with --growth; without, when the stored data alone takes it there) and the
multiple of today's traffic then, or, for a stage the months do not reach,
the multiple of today's traffic at which it would enter the stage (searched
over the plan itself, from a millionth to a million times today's load), with
the users and peak there. The stage after today's is plan's next stage, at
the same month and multiple. A stage that traffic alone never reaches
(multi-region with users in one region) says what else it needs.`,
		Example: `  scaleplan stages
  scaleplan stages --format md > ladder.md
  scaleplan stages --format json | jq '.stages[].id'
  scaleplan stages --for answers.yaml
  scaleplan stages --for answers.yaml --growth 12% --format json | jq '.boundaries[].month'
  scaleplan stages --users 50k --read-ratio 20:1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStages(cmd, s, o) },
	}
	f := cmd.Flags()
	f.SortFlags = false
	o.out.add(f, export.Ladder{})
	f.StringVar(&o.knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	f.StringVar(&o.horizon, "horizon", "", "months the growth timeline covers, as for plan: 24, 24m or 2y, up to 120")
	o.af = addAnswerFlags(f, "for", "answers file (as for plan --answers), or - for standard input: show where each stage begins for this system; answer flags override it")
	// plan's name for the answers file, so the two commands take the same flags.
	f.StringVar(&o.af.file, "answers", "", "the same as --for")
	describeOnHelp(cmd)
	return cmd
}

func runStages(cmd *cobra.Command, s *Streams, o *stagesOptions) error {
	if cmd.Flags().Changed("for") && cmd.Flags().Changed("answers") {
		return usage(fmt.Errorf("--for and --answers name the same answers file: give one"))
	}
	if cmd.Flags().Changed("answers") {
		o.af.fileFlag = "answers"
	}
	if cmd.Flags().Changed("horizon") {
		var err error
		if o.horizonMonths, err = parseHorizon(o.horizon); err != nil {
			return usage(err)
		}
	}
	if err := o.out.checkTarget(); err != nil {
		return err
	}
	forSystem := o.af.given(cmd)
	var doc export.Doc = export.Ladder{}
	if forSystem {
		doc = export.Boundaries{}
	}
	format, err := o.out.resolve(s, doc)
	if err != nil {
		return err
	}
	if !forSystem && o.horizonMonths > 0 {
		return usage(fmt.Errorf("--horizon %s: a horizon needs a system to play forward: give --for FILE or the answer flags, with --growth", o.horizon))
	}
	kb, err := loadKnowledge(o.knowledge)
	if err != nil {
		return err
	}
	if !forSystem {
		return o.out.emit(s, export.NewLadder(kb), format, "")
	}
	a, err := o.af.collect(cmd, s, nil)
	if err != nil {
		return err
	}
	if o.horizonMonths > 0 {
		if g, ok := a.Value(answers.Growth); !ok || g <= 0 {
			return usage(fmt.Errorf("--horizon %s needs a monthly growth rate to play forward: give --growth (like --growth 12%%)", o.horizon))
		}
	}
	ad := advisor.New(kb)
	ad.SetHorizon(o.horizonMonths)
	today, bs, err := ad.Boundaries(a)
	if err != nil {
		return answerError(err, &a)
	}
	return o.out.emit(s, export.NewBoundaries(a.Name, today, bs), format, "")
}
