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

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
	"github.com/scaleplan/scaleplan/internal/readfile"
	"github.com/scaleplan/scaleplan/knowledge"
)

// planOptions is what the plan command was asked to do.
type planOptions struct {
	af               *answerFlags
	out              outputFlags
	knowledge        string
	maxCost          string
	maxCostUSD       float64
	horizon          string
	horizonMonths    int
	compareProviders bool
	whatIf           []string
	adrDir           string
}

func newPlanCmd(s *Streams) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [flags]",
		Short: "Recommend the architecture for the scale you describe",
		Long: `Describe the system with flags, an answers file, or both (flags win), and
get the stage it is at, the components to run with counts, sizes, monthly cost
and the reason in numbers, what to defer and the trigger that would justify
it, trade-offs, risks and what breaks next, and the fit to the budget.

Anything not given is defaulted or derived, and the plan lists it as an
assumption with its value and source; each answer's default is in its help
below. At least one traffic figure is needed: --users, --dau, --peak-rps, or
--reads-per-day/--writes-per-day.

Numbers accept 2000000, 2e6, 2M, 2,000,000 and 150k; ratios 10 or 10:1;
percentages 15% or 99.9; sizes 500, 2KB, 50MB or 4KiB.

With --growth (monthly, like 12%) the plan plays forward month by month for
--horizon months (24 unless given; 24, 24m, 2y, up to 120): users, peak,
stored data and cost each month, the month each component and stage
arrives, and the runway of today's architecture.

Output: text on a terminal, Markdown when piped; -o infers the format from
the extension (.md, .mmd, .json, .yaml, .txt). Files are written atomically
and never overwritten without --force. --answers - reads the answers from
standard input.`,
		Example: `  scaleplan plan --users 50000
  scaleplan plan --users 2M --read-ratio 20:1 --regions 2 --availability 99.95 --budget 15000
  scaleplan plan --answers answers.yaml -o plan.md
  scaleplan plan --dau 5e6 --peak-rps 40000 --format json | jq .stage
  scaleplan plan --writes-per-day 1M --reads-per-day 0 --traits jobs --format yaml
  scaleplan plan --users 300k --traits search,media,spiky --response-bytes 200KB --name "Acme Photos" -o acme.md
  scaleplan plan --users 50k --growth 12% --horizon 2y
  scaleplan plan --users 2M --provider hetzner
  scaleplan plan --users 2M --compare-providers
  scaleplan plan --users 2M --availability 99.95 --what-if az-down,db-primary-down
  scaleplan plan --answers answers.yaml --adr docs/adr --max-cost 15000 -o plan.md
  cat answers.yaml | scaleplan plan --answers -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(fmt.Errorf("unexpected argument %q: answers are given with flags (for example --users %s) or --answers FILE", args[0], args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runPlan(cmd, s, o) },
	}
	f := cmd.Flags()
	f.SortFlags = false
	o.af = addAnswerFlags(f, "answers", "YAML answers file (version: 1; keys as the flags with _), or - for standard input; flags override it")
	o.out.add(f, export.PlanDoc{})
	f.StringVar(&o.knowledge, "knowledge", "", "directory whose YAML files replace the embedded knowledge base's files of the same name")
	f.StringVar(&o.maxCost, "max-cost", "", "exit with code 3 when the typical (on-demand) monthly cost is over this many USD (a gate for CI)")
	f.StringVar(&o.horizon, "horizon", "", "months the growth timeline covers: 24, 24m or 2y, up to 120 (default 24 when --growth is given)")
	f.BoolVar(&o.compareProviders, "compare-providers", false, "print the plan's cost on every provider side by side instead of the plan (md, text, json or yaml)")
	f.StringSliceVar(&o.whatIf, "what-if", nil, "add failure what-ifs: traffic-x10, cache-down, az-down, region-down, db-primary-down, or all (comma list)")
	f.StringVar(&o.adrDir, "adr", "", "also write one Markdown decision record (MADR) per major decision into this directory (made if missing; its parent must exist, as for -o)")
	describeOnHelp(cmd)
	return cmd
}

// describeOnHelp fills the answer flags' help with the knowledge base's
// defaults and limits when help is shown, so a plain run never pays for it.
func describeOnHelp(cmd *cobra.Command) {
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if kb, err := knowledge.Default(); err == nil {
			describeAnswerFlags(c.Flags(), kb)
		}
		c.Root().HelpFunc()(c, args)
	})
}

// check reads the flags that are not answers, before any work.
func (o *planOptions) check(cmd *cobra.Command) error {
	if cmd.Flags().Changed("horizon") {
		var err error
		if o.horizonMonths, err = parseHorizon(o.horizon); err != nil {
			return usage(err)
		}
	}
	// An empty --max-cost (an unset variable in CI) is refused: ignoring
	// it would turn the gate off without a word.
	if o.maxCost != "" || cmd.Flags().Changed("max-cost") {
		v, err := answers.ParseMoney(o.maxCost)
		if err != nil && strings.Contains(o.maxCost, "_") {
			return usage(fmt.Errorf("--max-cost %w", err)) // says why
		}
		if err != nil || v < 0 {
			return usage(fmt.Errorf("--max-cost %q: %swant an amount in USD per month like 15000, $15,000 or 15k", o.maxCost, emptyNote(o.maxCost)))
		}
		o.maxCostUSD = v
	}
	if cmd.Flags().Changed("what-if") {
		if len(o.whatIf) == 0 || slices.ContainsFunc(o.whatIf, func(id string) bool { return strings.TrimSpace(id) == "" }) {
			return usage(fmt.Errorf("--what-if: an empty scenario; give ids like cache-down,az-down or all"))
		}
	}
	if o.adrDir != "" && o.out.output != "" && samePath(o.out.output, o.adrDir) {
		// Said before -o is looked at: as a directory, or one --adr is
		// about to make, it would be refused for the wrong reason.
		return usage(fmt.Errorf("-o %s is the --adr directory; write the plan to a file beside it", human.Printable(o.out.output)))
	}
	if o.adrDir != "" {
		st, err := os.Stat(o.adrDir)
		if err == nil && !st.IsDir() {
			return usage(fmt.Errorf("--adr %s: not a directory", o.adrDir))
		}
		// Like -o, --adr makes what it names but not the directories above
		// it: a mistyped parent should not grow a new tree.
		if errors.Is(err, fs.ErrNotExist) {
			parent := filepath.Dir(o.adrDir)
			if pst, perr := os.Stat(parent); perr != nil || !pst.IsDir() {
				why := "no such directory"
				if perr == nil {
					why = "not a directory"
				}
				return fmt.Errorf("--adr %s: cannot create it in %s: %s", o.adrDir, parent, why)
			}
		}
	}
	return o.out.checkTarget()
}

func runPlan(cmd *cobra.Command, s *Streams, o *planOptions) error {
	if err := o.check(cmd); err != nil {
		return err
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
	var doc export.Doc = export.PlanDoc{}
	if o.compareProviders {
		doc = export.ComparisonDoc{}
	}
	format, err := o.out.resolve(s, doc)
	if err != nil {
		return err
	}
	kb, err := loadKnowledge(o.knowledge)
	if err != nil {
		return err
	}
	ad := advisor.New(kb)
	ad.SetHorizon(o.horizonMonths)
	p, err := ad.Advise(a)
	if err != nil {
		return answerError(err, &a)
	}
	if err := o.applyWhatIfs(ad, p); err != nil {
		return err
	}
	doc = export.PlanDoc{Plan: p}
	if o.compareProviders {
		c, err := ad.CompareProviders(p.Answers)
		if err != nil {
			return answerError(err, &a)
		}
		doc = export.ComparisonDoc{Comparison: c}
	}
	records, err := o.decisionRecords(ad, p)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("stage %d %s, %s", p.Stage.Number, p.Stage.ID, human.USD(p.Cost.MonthlyUSD)+"/mo")
	r, err := o.out.render(s, doc, format)
	if err != nil {
		return err
	}
	if err := o.writeAll(s, r, records, format, summary); err != nil {
		return err
	}
	return o.overCost(p)
}

// applyWhatIfs adds the asked-for failure what-ifs to the plan ("all" is
// every scenario the knowledge base knows, in its order).
func (o *planOptions) applyWhatIfs(ad *advisor.Advisor, p *advisor.Plan) error {
	if len(o.whatIf) == 0 {
		return nil
	}
	var ids []string
	for _, id := range o.whatIf {
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

// overCost is the --max-cost gate: exit 3 when the typical (on-demand)
// monthly cost is over the limit.
func (o *planOptions) overCost(p *advisor.Plan) error {
	if o.maxCost == "" || p.Cost.MonthlyUSD <= o.maxCostUSD {
		return nil
	}
	return exitError{code: ExitOverBudget, msg: fmt.Sprintf("the plan costs %s a month (typical, on demand; %s), over --max-cost %s",
		human.USD(p.Cost.MonthlyUSD), export.CostBand(p.Cost), human.USD(o.maxCostUSD))}
}

// emptyNote says "empty value; " before what a flag wants when it was
// given nothing.
func emptyNote(raw string) string {
	if strings.TrimSpace(raw) == "" {
		return "empty value; "
	}
	return ""
}

// samePath reports whether a and b name one file: the same path, or one
// file reached two ways.
func samePath(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	stA, errA := os.Stat(a)
	stB, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(stA, stB)
}

// resolvedPath is path made absolute with the symbolic links in its
// directory followed, so that two spellings of one file compare equal
// (-o lnk/0003-database.md and --adr real, with lnk a link to real). The
// file itself need not exist.
func resolvedPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return abs
}

// adrSet is the decision records to write, decided before anything is
// written: which files are new, which replace an older version, which are
// unchanged.
type adrSet struct {
	dir       string
	files     []export.ADRFile
	todo      []atomicfile.File
	changed   int
	unchanged int
	stale     []string
}

// decisionRecords works out --adr DIR's records, numbered so that a record
// keeps its number from run to run (export.ADRFiles). A record whose bytes
// would not change is left alone; one whose content differs (the plan
// changed, or someone edited it) is replaced only with --force, and without
// it nothing at all is written. Records of decisions the plan no longer
// makes stay as they are.
func (o *planOptions) decisionRecords(ad *advisor.Advisor, p *advisor.Plan) (*adrSet, error) {
	set := &adrSet{dir: o.adrDir}
	if o.adrDir == "" {
		return set, nil
	}
	dir := o.adrDir
	var existing []string
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--adr %s: %w", dir, unwrapPathErr(err))
	}
	for _, e := range entries {
		if !e.IsDir() {
			existing = append(existing, e.Name())
		}
	}
	set.files = export.ADRFiles(p, ad.DecisionRecords(p), existing)
	// The plan may not be written where a record goes (check refused the
	// directory itself): one file of the set would replace the other.
	out := resolvedPath(o.out.output)
	var changed []string
	for _, f := range set.files {
		if f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." {
			return nil, fmt.Errorf("--adr %s: record name %q would leave the directory", dir, f.Name)
		}
		path := filepath.Join(dir, f.Name)
		if o.out.output != "" && resolvedPath(path) == out {
			return nil, usage(fmt.Errorf("-o %s is where --adr %s writes the record %s; write the plan elsewhere", human.Printable(o.out.output), human.Printable(dir), f.Name))
		}
		// Read no more than the new record: a longer file differs anyway.
		old, err := readfile.Read(path, int64(len(f.Data)))
		var tooLarge *readfile.TooLargeError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			set.todo = append(set.todo, atomicfile.File{Path: path, Data: f.Data, Perm: 0o666})
		case err != nil && !errors.As(err, &tooLarge):
			return nil, fmt.Errorf("--adr %s: %w", path, err)
		case err == nil && bytes.Equal(old, f.Data):
			set.unchanged++
		default:
			set.todo = append(set.todo, atomicfile.File{Path: path, Data: f.Data, Perm: 0o666, Replace: true})
			changed = append(changed, f.Name)
		}
	}
	if len(changed) > 0 && !o.out.force {
		return nil, fmt.Errorf("--adr %s: %s would change (the plan changed, or the file was edited); nothing was written: use --force to replace %s", dir, strings.Join(changed, ", "), map[bool]string{true: "it", false: "them"}[len(changed) == 1])
	}
	set.changed = len(changed)
	set.stale = export.StaleADRs(set.files, existing)
	return set, nil
}

// writeAll writes what the run made, everything having been checked and
// rendered first: the -o file and the decision records as one set, all or
// none, so a failing --adr leaves no plan behind (and a failing plan no
// records). A plan for standard output is printed once the records are in
// place.
func (o *planOptions) writeAll(s *Streams, r rendered, set *adrSet, format, summary string) error {
	if set.dir == "" {
		if o.out.output != "" {
			return o.out.write(s, r.out, format, summary)
		}
		return r.print(s)
	}
	created := false
	if err := os.Mkdir(set.dir, 0o777); err == nil {
		created = true
	} else if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("--adr %s: %w", set.dir, unwrapPathErr(err))
	}
	files := set.todo
	if o.out.output != "" {
		files = append([]atomicfile.File{o.out.file(r.out)}, files...)
	}
	if err := atomicfile.WriteSet(files); err != nil {
		if created {
			// Empty, since nothing was written: leave no trace of the run.
			os.Remove(set.dir)
		}
		if o.out.output != "" {
			return fmt.Errorf("%w; nothing was written, neither -o %s nor a record in --adr %s", err, o.out.output, set.dir)
		}
		return fmt.Errorf("--adr %s: %w; no record was written", set.dir, err)
	}
	if o.out.output != "" {
		o.out.wrote(s, format, summary)
	}
	set.report(s)
	if o.out.output == "" {
		return r.print(s)
	}
	return nil
}

// report says on standard error what was done with the records.
func (set *adrSet) report(s *Streams) {
	fmt.Fprintf(s.Err, "%s: %d decision records (%d new, %d replaced, %d unchanged)\n", human.Printable(set.dir), len(set.files), len(set.todo)-set.changed, set.changed, set.unchanged)
	for _, name := range set.stale {
		fmt.Fprintf(s.Err, "%s: not a decision of this plan; left as it was\n", human.Printable(filepath.Join(set.dir, name)))
	}
}
