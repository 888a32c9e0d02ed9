package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// The plan command's flags for providers, failures and decisions:
// --compare-providers, --what-if and --adr, and the --max-cost gate's
// message. plan.go calls these; they own no domain logic.

// addResilienceFlags registers the flags on the plan command.
func addResilienceFlags(f *pflag.FlagSet, o *planOptions) {
	f.BoolVar(&o.CompareProviders, "compare-providers", false, "print the plan's cost on every provider side by side instead of the plan (md, text, json or yaml)")
	f.StringSliceVar(&o.WhatIf, "what-if", nil, "add failure what-ifs: traffic-x10, cache-down, az-down, region-down, db-primary-down, or all (comma list)")
	f.StringVar(&o.ADRDir, "adr", "", "also write one Markdown decision record (MADR) per major decision into this directory")
}

// checkResilienceFlags refuses flag values that cannot work whatever the
// knowledge base holds; whatIfGiven says --what-if was on the command line.
func (o *planOptions) checkResilienceFlags(whatIfGiven bool) error {
	if whatIfGiven && len(o.WhatIf) == 0 {
		return usage(fmt.Errorf("--what-if: an empty scenario; give ids like cache-down,az-down or all"))
	}
	for _, id := range o.WhatIf {
		if strings.TrimSpace(id) == "" {
			return usage(fmt.Errorf("--what-if: an empty scenario; give ids like cache-down,az-down or all"))
		}
	}
	if o.CompareProviders && o.Format == "mermaid" {
		return usage(fmt.Errorf("--compare-providers --format mermaid: a comparison is a table; want one of %s", strings.Join(export.ComparisonFormats, ", ")))
	}
	if o.ADRDir != "" {
		if st, err := os.Stat(o.ADRDir); err == nil && !st.IsDir() {
			return usage(fmt.Errorf("--adr %s: not a directory", o.ADRDir))
		}
	}
	return nil
}

// applyWhatIfs adds the asked-for failure what-ifs to the plan ("all" is
// every scenario the knowledge base knows, in its order).
func (o *planOptions) applyWhatIfs(ad *advisor.Advisor, p *advisor.Plan) error {
	if len(o.WhatIf) == 0 {
		return nil
	}
	var ids []string
	for _, id := range o.WhatIf {
		id = strings.ToLower(strings.TrimSpace(id))
		list := []string{id}
		if id == "all" {
			list = ad.WhatIfIDs()
		}
		for _, x := range list {
			if !slices.Contains(ids, x) {
				ids = append(ids, x)
			}
		}
	}
	return ad.WhatIfs(p, ids)
}

// render renders the plan, or with --compare-providers the comparison of
// its cost on every provider.
func (o *planOptions) render(ad *advisor.Advisor, p *advisor.Plan, format string, text export.TextOptions) ([]byte, error) {
	if !o.CompareProviders {
		out, err := export.Render(p, format, text)
		return out, usage(err)
	}
	if !slices.Contains(export.ComparisonFormats, format) {
		return nil, usage(fmt.Errorf("--compare-providers: a comparison is a table, not %s; give --format %s", format, strings.Join(export.ComparisonFormats, ", ")))
	}
	c, err := ad.CompareProviders(p.Answers)
	if err != nil {
		return nil, err
	}
	return export.RenderComparison(c, format, text)
}

// overCost is the --max-cost gate: exit 3 when the typical (on-demand)
// monthly cost is over the limit.
func (o *planOptions) overCost(p *advisor.Plan) error {
	if o.MaxCost == "" || p.Cost.MonthlyUSD <= o.maxCostUSD {
		return nil
	}
	return exitError{code: ExitOverBudget, msg: fmt.Sprintf("the plan costs %s a month (typical, on demand; %s), over --max-cost %s",
		human.USD(p.Cost.MonthlyUSD), export.CostBand(p.Cost), human.USD(o.maxCostUSD))}
}

// writeADRs files the plan's decision records in --adr DIR, numbered so
// that a record keeps its number from run to run (export.ADRFiles). Files
// are written atomically. A file whose bytes would not change is left
// alone; one whose content differs (the plan changed, or someone edited it)
// is replaced only with --force, and without it nothing at all is written.
// Records of decisions the plan no longer makes stay as they are.
func writeADRs(s *Streams, o *planOptions, ad *advisor.Advisor, p *advisor.Plan) error {
	if o.ADRDir == "" {
		return nil
	}
	dir := o.ADRDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--adr %s: %w", dir, unwrapPathErr(err))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--adr %s: %w", dir, unwrapPathErr(err))
	}
	var existing []string
	for _, e := range entries {
		if !e.IsDir() {
			existing = append(existing, e.Name())
		}
	}
	files := export.ADRFiles(p, ad.DecisionRecords(p), existing)
	type action struct {
		file    export.ADRFile
		replace bool
	}
	var todo []action
	var changed []string
	unchanged := 0
	for _, f := range files {
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			todo = append(todo, action{f, false})
		case err != nil:
			return fmt.Errorf("--adr %s: %w", filepath.Join(dir, f.Name), unwrapPathErr(err))
		case bytes.Equal(old, f.Data):
			unchanged++
		default:
			todo = append(todo, action{f, true})
			changed = append(changed, f.Name)
		}
	}
	if len(changed) > 0 && !o.Force {
		return fmt.Errorf("--adr %s: %s would change (the plan changed, or the file was edited); nothing was written: use --force to replace %s", dir, strings.Join(changed, ", "), map[bool]string{true: "it", false: "them"}[len(changed) == 1])
	}
	for _, a := range todo {
		if err := atomicfile.Write(filepath.Join(dir, a.file.Name), a.file.Data, 0o644, a.replace); err != nil {
			return err
		}
	}
	fmt.Fprintf(s.Err, "%s: %d decision records (%d new, %d replaced, %d unchanged)\n", dir, len(files), len(todo)-len(changed), len(changed), unchanged)
	for _, name := range export.StaleADRs(files, existing) {
		fmt.Fprintf(s.Err, "%s: not a decision of this plan; left as it was\n", filepath.Join(dir, name))
	}
	return nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
