package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// planOptions is what the plan command was asked to do.
type planOptions struct {
	AnswersFile string
	Answers     answers.Answers
	Format      string
	Output      string
	Force       bool
	Knowledge   string
	MaxCost     string
	maxCostUSD  float64
	Horizon     string // months of growth timeline: 24, 24m, 2y
	horizon     int
	// Providers, failures and decisions (plan_resilience.go).
	CompareProviders bool
	WhatIf           []string
	ADRDir           string
}

func newPlanCmd(s *Streams) *cobra.Command {
	opts := &planOptions{}
	raw := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "plan [flags]",
		Short: "Recommend the architecture for the scale you describe",
		Long: `Describe the system with flags, an answers file, or both (flags win), and
get the stage it is at, the components to run with counts, sizes, monthly cost
and the reason in numbers, what to defer and the trigger that would justify
it, trade-offs, risks and what breaks next, and the fit to the budget.

Anything not given is defaulted or derived, and the plan lists it as an
assumption with its value and source. At least one traffic figure is needed:
--users, --dau, --peak-rps, or --reads-per-day/--writes-per-day.

Numbers accept 2000000, 2e6, 2M, 2,000,000 and 150k; ratios 10 or 10:1;
percentages 15% or 99.9.

With --growth (monthly, like 12%) the plan plays forward month by month for
--horizon months (24 unless given; 24, 24m, 2y, up to 120): users, peak,
stored data and cost each month, the month each component and stage
arrives, and the runway of today's architecture; deferred components and
the next stage are dated "about month N at G% growth".

Output: text on a terminal, Markdown when piped; -o infers the format from
the extension (.md, .mmd, .json, .yaml, .txt). Files are written atomically
and never overwritten without --force.`,
		Example: `  scaleplan plan --users 50000
  scaleplan plan --users 2M --read-ratio 20:1 --regions 2 --availability 99.95 --budget 15000
  scaleplan plan --answers answers.yaml -o plan.md
  scaleplan plan --dau 5e6 --peak-rps 40000 --format json | jq .stage
  scaleplan plan --writes-per-day 1M --reads-per-day 0 --traits jobs --format yaml
  scaleplan plan --users 300k --traits search,media,spiky --name "Acme Photos" -o acme.md
  scaleplan plan --users 50k --growth 12% --horizon 2y
  scaleplan plan --users 2M --provider hetzner
  scaleplan plan --users 2M --compare-providers
  scaleplan plan --users 2M --availability 99.95 --what-if az-down,db-primary-down
  scaleplan plan --answers answers.yaml --adr docs/adr --max-cost 15000 -o plan.md`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(fmt.Errorf("unexpected argument %q: answers are given with flags (for example --users %s) or --answers FILE", args[0], args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.collect(cmd, raw); err != nil {
				return err
			}
			return runPlan(s, opts)
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	for _, fd := range answers.Fields {
		raw[fd.Key] = f.String(fd.Flag, "", fd.Usage)
	}
	f.StringVar(&opts.AnswersFile, "answers", "", "YAML answers file (version: 1; keys as the flags with _); flags override it")
	f.StringVar(&opts.Format, "format", "", "output format: "+strings.Join(export.Formats, ", ")+" (default: from -o's extension, else text on a terminal, else md)")
	f.StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	f.BoolVar(&opts.Force, "force", false, "overwrite the -o file if it exists")
	f.StringVar(&opts.Knowledge, "knowledge", "", "directory whose YAML files replace the embedded knowledge base's files of the same name")
	f.StringVar(&opts.MaxCost, "max-cost", "", "exit with code 3 when the typical (on-demand) monthly cost is over this many USD (a gate for CI)")
	f.StringVar(&opts.Horizon, "horizon", "", "months the growth timeline covers: 24, 24m or 2y, up to 120 (default 24 when --growth is given)")
	addResilienceFlags(f, opts)
	return cmd
}

// collect reads the answers file, then applies the flags that were given.
func (o *planOptions) collect(cmd *cobra.Command, raw map[string]*string) error {
	if o.AnswersFile != "" {
		data, err := os.ReadFile(o.AnswersFile)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return usage(fmt.Errorf("--answers %s: %w", o.AnswersFile, err))
		}
		if o.Answers, err = answers.Parse(o.AnswersFile, data); err != nil {
			return usage(err)
		}
	}
	for _, fd := range answers.Fields {
		if !cmd.Flags().Changed(fd.Flag) {
			continue
		}
		if err := o.Answers.Set(fd.Key, *raw[fd.Key]); err != nil {
			return usage(fmt.Errorf("--%s %w", fd.Flag, err))
		}
	}
	if cmd.Flags().Changed("horizon") {
		var err error
		if o.horizon, err = parseHorizon(o.Horizon); err != nil {
			return usage(err)
		}
		if g := o.Answers.GrowthPct; g == nil || *g <= 0 {
			return usage(fmt.Errorf("--horizon %s needs a monthly growth rate to play forward: give --growth (like --growth 12%%)", o.Horizon))
		}
	}
	if o.MaxCost != "" {
		v, err := answers.ParseMoney(o.MaxCost)
		if err != nil || v < 0 {
			return usage(fmt.Errorf("--max-cost %q: want an amount in USD per month like 15000, $15,000 or 15k", o.MaxCost))
		}
		o.maxCostUSD = v
	}
	if o.Format != "" && !contains(export.Formats, o.Format) {
		return usage(fmt.Errorf("--format %q: want one of %s", o.Format, strings.Join(export.Formats, ", ")))
	}
	if err := o.checkResilienceFlags(cmd.Flags().Changed("what-if")); err != nil {
		return err
	}
	return usage(o.Answers.Validate())
}

func runPlan(s *Streams, o *planOptions) error {
	kb, err := loadKnowledge(o.Knowledge)
	if err != nil {
		return err
	}
	ad := advisor.New(kb)
	ad.SetHorizon(o.horizon)
	p, err := ad.Advise(o.Answers)
	if err != nil {
		return err
	}
	if err := o.applyWhatIfs(ad, p); err != nil {
		return err
	}
	format := o.Format
	if format == "" && o.Output != "" {
		f, ok := export.FormatFromPath(o.Output)
		if !ok {
			return usage(fmt.Errorf("-o %s: cannot tell the format from the extension; give --format (%s) or use .md, .mmd, .json, .yaml or .txt", o.Output, strings.Join(export.Formats, ", ")))
		}
		format = f
	}
	if format == "" {
		format = "md"
		if s.OutTTY {
			format = "text"
		}
	}
	textOpts := export.TextOptions{Width: s.Width, Dark: true}
	if s.OutTTY && s.InTTY && o.Output == "" {
		textOpts.Dark = lipgloss.HasDarkBackground(os.Stdin, os.Stdout)
	}
	out, err := o.render(ad, p, format, textOpts)
	if err != nil {
		return err
	}
	if err := writePlan(s, o, p, format, out); err != nil {
		return err
	}
	if err := writeADRs(s, o, ad, p); err != nil {
		return err
	}
	return o.overCost(p)
}

// writePlan sends rendered output to -o or standard output.
func writePlan(s *Streams, o *planOptions, p *advisor.Plan, format string, out []byte) error {
	if o.Output != "" {
		if format == "text" {
			out = plain(out)
		}
		if err := atomicfile.Write(o.Output, out, 0o644, o.Force); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "wrote %s (%s, stage %d %s, %s)\n", o.Output, format, p.Stage.Number, p.Stage.ID, usdShort(p.Cost.MonthlyUSD))
		return nil
	}
	if format == "text" {
		w := colorprofile.NewWriter(s.Out, s.Env)
		if !s.OutTTY {
			w.Profile = colorprofile.NoTTY
		}
		_, err := w.Write(out)
		return err
	}
	_, err := s.Out.Write(out)
	return err
}

// plain strips ANSI styling for files.
func plain(b []byte) []byte {
	var sb strings.Builder
	w := &colorprofile.Writer{Forward: &sb, Profile: colorprofile.NoTTY}
	_, _ = w.Write(b)
	return []byte(sb.String())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
