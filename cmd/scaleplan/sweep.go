package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
)

// Sweep limits.
const (
	maxSweepSteps  = 100_000   // points along one swept answer
	maxSweepPoints = 1_000_000 // points in all (two answers: steps × steps)
)

// sweepOptions is what the sweep command was asked to do.
type sweepOptions struct {
	af        *answerFlags
	out       outputFlags
	Steps     int
	Scale     string
	Knowledge string
}

func newSweepCmd(s *Streams) *cobra.Command {
	opts := &sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep --ANSWER LO..HI [--ANSWER LO..HI] [flags]",
		Short: "Plan a system over a range of one or two answers: stage, cost, components per point",
		Long: `Plan the same system over a range of one or two numeric answers and print,
for every point, the swept values, the stage, the monthly cost, the peak
requests per second and the count of every component: CSV for spreadsheets
and charts, or JSON.

Sweep an answer by giving its flag a range LO..HI in the flag's own
spellings: --users 1e3..1e8, --read-ratio 1..100, --availability 99..99.99,
--budget 1k..20k. Two ranges sweep a grid (steps × steps points, the first
range changing slowest). The other answers come from their flags and
--answers, as for plan.

--steps is the number of points along each range, both ends included.
--scale log spaces them geometrically, linear evenly; auto (the default) is
log when a range spans more than two orders of magnitude (HI/LO above 100)
and linear otherwise. Values are rounded to 6 significant digits, whole-number
answers (regions, team) and counts of people or requests (users, dau,
peak rps, reads and writes per day) to whole numbers, and repeats are
dropped.

CSV columns: the swept answers' keys, stage_id, stage_number, monthly_usd,
peak_rps, then one column per component of the knowledge base with its
count (0 when the plan has none). JSON: {"swept": [keys], "points": [...]},
each point with its values, stage, monthly_usd, peak_rps and components
(id, count, monthly_usd).

The numbers are the plan's own (the same as scaleplan plan for each point)
without its text, at well over 100,000 plans a second.`,
		Example: `  scaleplan sweep --users 1e3..1e8 --steps 40 > users.csv
  scaleplan sweep --users 1e3..1e8 --read-ratio 1..100 --steps 20 --format json
  scaleplan sweep --answers answers.yaml --availability 99..99.99 --steps 10 --scale linear
  scaleplan sweep --peak-rps 10..1M --regions 2 --steps 60 | column -s, -t`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(fmt.Errorf("unexpected argument %q: sweep an answer with a range flag, like --users 1e3..1e8", args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runSweep(cmd, s, opts) },
	}
	f := cmd.Flags()
	f.SortFlags = false
	opts.af = addAnswerFlags(f, "answers", "YAML answers file for the answers not swept, or - for standard input; flags override it")
	intVar(f, &opts.Steps, "steps", 20, fmt.Sprintf("a whole number of points from 2 to %d, like 20", maxSweepSteps), fmt.Sprintf("points along each range, both ends included (2 to %d)", maxSweepSteps))
	f.StringVar(&opts.Scale, "scale", "auto", "spacing of the points: auto, log or linear")
	opts.out.add(f, export.SweepFormats{})
	f.StringVar(&opts.Knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	describeOnHelp(cmd)
	return cmd
}

func runSweep(cmd *cobra.Command, s *Streams, o *sweepOptions) error {
	if err := o.out.checkTarget(); err != nil {
		return err
	}
	format, err := o.out.resolve(s, export.SweepFormats{})
	if err != nil {
		return err
	}
	base, axes, err := collectSweep(cmd, s, o)
	if err != nil {
		return err
	}
	kb, err := loadKnowledge(o.Knowledge)
	if err != nil {
		return err
	}
	ad := advisor.New(kb)
	// Both ends of every range within the knowledge base's limits, named
	// as given.
	for _, ax := range axes {
		raw, _ := o.af.raw(cmd, ax.Field)
		for _, v := range []float64{ax.Values[0], ax.Values[len(ax.Values)-1]} {
			end := base.Clone()
			end.SetValue(ax.Field, v)
			if err := ad.Check(end); err != nil {
				if ae, ok := answers.AsError(err); ok && len(ae.Fields) == 1 && ae.Fields[0] == ax.Field {
					if ae.Value == "" { // past any number
						return usage(fmt.Errorf("--%s %q: %s", ax.Field.Flag(), raw, ae.Msg))
					}
					return usage(fmt.Errorf("--%s %q: %s: %s", ax.Field.Flag(), raw, ae.Value, ae.Msg))
				}
				return answerError(err, &end)
			}
		}
	}
	keys := make([]string, len(axes))
	for i, ax := range axes {
		keys[i] = ax.Field.Key
	}
	// A point that fails leaves no partial file or output behind: -o is
	// written beside its target and put in place at the end; standard
	// output gets the document once it is whole. Any point may fail (a
	// derived answer past its limit where two ranges meet, a knowledge
	// expression), so neither can be written as it goes.
	var (
		spool   chunks
		w       io.Writer = &spool
		pending *atomicfile.Pending
		file    *bufio.Writer
	)
	if o.out.output != "" {
		if pending, err = atomicfile.Create(o.out.output, 0o666, o.out.force); err != nil {
			return err
		}
		defer pending.Abort()
		file = bufio.NewWriterSize(pending, 1<<20)
		w = file
	}
	// A write that fails (a full disk) is said as such, not as a failure
	// of the point being written.
	fw := &firstError{w: w}
	sw, err := export.NewSweepWriter(fw, format, keys, kb.ComponentIDsInOrder())
	if err != nil {
		return err
	}
	if err := ad.Sweep(base, axes, sw.Point); err != nil {
		if fw.err != nil {
			return fw.err
		}
		return answerError(err, &base)
	}
	if err := sw.Close(); err != nil {
		return err
	}
	if pending == nil {
		_, err := spool.WriteTo(s.Out)
		return err
	}
	if err := file.Flush(); err != nil {
		return err
	}
	if err := pending.Commit(); err != nil {
		return err
	}
	o.out.wrote(s, format, "")
	return nil
}

// firstError is a writer that keeps the first error writing to w.
type firstError struct {
	w   io.Writer
	err error
}

func (f *firstError) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// chunks holds a document in blocks of a fixed size: growing it never
// copies what it holds, where one growing buffer would copy it all at each
// doubling and, for a while, hold it twice.
type chunks struct{ blocks [][]byte }

const chunkSize = 1 << 20

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == chunkSize {
			c.blocks = append(c.blocks, make([]byte, 0, chunkSize))
		}
		last := &c.blocks[len(c.blocks)-1]
		k := min(len(p), chunkSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes the document to w, letting each block go once written.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for i, b := range c.blocks {
		k, err := w.Write(b)
		n += int64(k)
		if err != nil {
			return n, err
		}
		c.blocks[i] = nil
	}
	c.blocks = nil
	return n, nil
}

// collectSweep reads the answers that stay fixed and the ranges to sweep.
func collectSweep(cmd *cobra.Command, s *Streams, o *sweepOptions) (answers.Answers, []advisor.Axis, error) {
	isRange := func(fd *answers.Field) bool {
		raw, given := o.af.raw(cmd, fd)
		return fd.Kind.Numeric() && given && strings.Contains(raw, "..")
	}
	base, err := o.af.collect(cmd, s, isRange)
	if err != nil {
		return base, nil, err
	}
	switch {
	case o.Scale != "auto" && o.Scale != "log" && o.Scale != "linear":
		return base, nil, usage(fmt.Errorf("--scale %q: want auto, log or linear", o.Scale))
	case o.Steps < 2 || o.Steps > maxSweepSteps:
		return base, nil, usage(fmt.Errorf("--steps %d: want 2 to %s points along each range", o.Steps, strconv.Itoa(maxSweepSteps)))
	}
	var axes []advisor.Axis
	for _, fd := range answers.Fields {
		if !isRange(fd) {
			continue
		}
		raw, _ := o.af.raw(cmd, fd)
		ax, err := sweepRange(&base, fd, raw, o.Steps, o.Scale)
		if err != nil {
			return base, nil, usage(err)
		}
		axes = append(axes, ax)
	}
	switch {
	case len(axes) == 0:
		return base, nil, usage(fmt.Errorf("nothing to sweep: give one or two answers a range, like --users 1e3..1e8"))
	case len(axes) > 2:
		return base, nil, usage(fmt.Errorf("--%s, --%s and --%s are all ranges: sweep at most two answers at a time", axes[0].Field.Flag(), axes[1].Field.Flag(), axes[2].Field.Flag()))
	case len(axes) == 2 && len(axes[0].Values)*len(axes[1].Values) > maxSweepPoints:
		return base, nil, usage(fmt.Errorf("--steps %d: two ranges make %d points; the most is %d (use fewer steps)", o.Steps, len(axes[0].Values)*len(axes[1].Values), maxSweepPoints))
	}
	// Every point must be a consistent set of answers (dau at most users, ...).
	check := base.Clone()
	for _, ax := range axes {
		for _, v := range []float64{ax.Values[0], ax.Values[len(ax.Values)-1]} {
			check.SetValue(ax.Field, v)
			if err := check.Validate(); err != nil {
				return base, nil, answerError(err, &base)
			}
		}
	}
	return base, axes, nil
}

// sweepRange parses LO..HI for field fd and lays out the values; it leaves
// the answer set (to LO) in a, so the sweep can overwrite it in place.
func sweepRange(a *answers.Answers, fd *answers.Field, raw string, steps int, scale string) (advisor.Axis, error) {
	loRaw, hiRaw, _ := strings.Cut(raw, "..")
	if strings.Contains(hiRaw, "..") {
		return advisor.Axis{}, fmt.Errorf("--%s %q: want one range LO..HI, like 1e3..1e8", fd.Flag(), raw)
	}
	end := func(s string) (float64, error) {
		if err := a.SetFrom(fd, s, "--"+fd.Flag()); err != nil {
			return 0, fmt.Errorf("--%s %q: %w", fd.Flag(), raw, err)
		}
		v, _ := a.Value(fd)
		return v, nil
	}
	hi, err := end(hiRaw)
	if err != nil {
		return advisor.Axis{}, err
	}
	lo, err := end(loRaw)
	if err != nil {
		return advisor.Axis{}, err
	}
	if lo == hi {
		return advisor.Axis{}, fmt.Errorf("--%s %q: the range is empty; give two different ends, or the value alone", fd.Flag(), raw)
	}
	log := false
	switch scale {
	case "log":
		if lo <= 0 || hi <= 0 {
			return advisor.Axis{}, fmt.Errorf("--%s %q: --scale log needs both ends above 0", fd.Flag(), raw)
		}
		log = true
	case "auto":
		log = lo > 0 && hi > 0 && math.Max(lo, hi)/math.Min(lo, hi) > 100
	}
	values := make([]float64, 0, steps)
	for i := range steps {
		t := float64(i) / float64(steps-1)
		var v float64
		switch {
		case i == steps-1:
			v = hi
		case log:
			v = lo * math.Pow(hi/lo, t)
		default:
			v = lo + (hi-lo)*t
		}
		if math.Abs(v) != math.MaxFloat64 { // an end past any number stays so, to be named as such
			v = roundSig(v, 6)
		}
		if fd.Kind == answers.KindWhole || slices.Contains(answers.TrafficFields, fd) && math.Abs(v) >= 1 {
			v = math.Round(v) // people and requests come whole
		}
		v = min(max(v, math.Min(lo, hi)), math.Max(lo, hi))
		if len(values) > 0 && values[len(values)-1] == v {
			continue
		}
		values = append(values, v)
	}
	return advisor.Axis{Field: fd, Values: values}, nil
}

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}
