package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Sweep limits.
const (
	maxSweepSteps  = 100_000   // points along one swept answer
	maxSweepPoints = 1_000_000 // points in all (two answers: steps × steps)
)

// sweepOptions is what the sweep command was asked to do.
type sweepOptions struct {
	Steps     int
	Scale     string
	Format    string
	Knowledge string
}

// sweepAxis is one swept answer and the values it takes.
type sweepAxis struct {
	field  answers.Field
	values []float64
}

func newSweepCmd(s *Streams) *cobra.Command {
	opts := &sweepOptions{}
	var af *answerFlags
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
answers (regions, team) to whole numbers, and repeats are dropped.

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
		RunE: func(cmd *cobra.Command, args []string) error {
			base, axes, err := collectSweep(cmd, af, opts)
			if err != nil {
				return err
			}
			kb, err := loadKnowledge(opts.Knowledge)
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(s.Out, 64<<10)
			if err := runSweep(w, advisor.New(kb), kb, base, axes, opts.Format); err != nil {
				_ = w.Flush()
				return err
			}
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	af = addAnswerFlags(f, "answers", "YAML answers file for the answers not swept; flags override it")
	f.IntVar(&opts.Steps, "steps", 20, fmt.Sprintf("points along each range, both ends included (2 to %d)", maxSweepSteps))
	f.StringVar(&opts.Scale, "scale", "auto", "spacing of the points: auto, log or linear")
	f.StringVar(&opts.Format, "format", "csv", "output format: csv or json")
	f.StringVar(&opts.Knowledge, "knowledge", "", "directory overriding the embedded knowledge base")
	return cmd
}

// collectSweep reads the answers that stay fixed and the ranges to sweep.
func collectSweep(cmd *cobra.Command, af *answerFlags, o *sweepOptions) (answers.Answers, []sweepAxis, error) {
	isRange := func(fd answers.Field) bool {
		return numeric(fd) && cmd.Flags().Changed(fd.Flag) && strings.Contains(*af.raw[fd.Key], "..")
	}
	base, err := af.collect(cmd, func(key string) bool {
		fd, _ := answers.FieldByKey(key)
		return isRange(fd)
	})
	if err != nil {
		return base, nil, err
	}
	switch {
	case o.Format != "csv" && o.Format != "json":
		return base, nil, usage(fmt.Errorf("--format %q: want csv or json", o.Format))
	case o.Scale != "auto" && o.Scale != "log" && o.Scale != "linear":
		return base, nil, usage(fmt.Errorf("--scale %q: want auto, log or linear", o.Scale))
	case o.Steps < 2 || o.Steps > maxSweepSteps:
		return base, nil, usage(fmt.Errorf("--steps %d: want 2 to %s points along each range", o.Steps, strconv.Itoa(maxSweepSteps)))
	}
	var axes []sweepAxis
	for _, fd := range answers.Fields {
		if !isRange(fd) {
			continue
		}
		ax, err := sweepRange(&base, fd, *af.raw[fd.Key], o.Steps, o.Scale)
		if err != nil {
			return base, nil, usage(err)
		}
		axes = append(axes, ax)
	}
	switch {
	case len(axes) == 0:
		return base, nil, usage(fmt.Errorf("nothing to sweep: give one or two answers a range, like --users 1e3..1e8"))
	case len(axes) > 2:
		return base, nil, usage(fmt.Errorf("--%s, --%s and --%s are all ranges: sweep at most two answers at a time", axes[0].field.Flag, axes[1].field.Flag, axes[2].field.Flag))
	case len(axes) == 2 && len(axes[0].values)*len(axes[1].values) > maxSweepPoints:
		return base, nil, usage(fmt.Errorf("--steps %d: two ranges make %d points; the most is %d (use fewer steps)", o.Steps, len(axes[0].values)*len(axes[1].values), maxSweepPoints))
	}
	// Every point must be a consistent set of answers (dau at most users, ...).
	if err := eachPoint(&base, axes, func() error { return base.Validate() }); err != nil {
		return base, nil, usage(err)
	}
	return base, axes, nil
}

// numeric reports whether an answer is a number, and so can be swept.
func numeric(fd answers.Field) bool {
	switch fd.Kind {
	case answers.KindCount, answers.KindRatio, answers.KindPercent, answers.KindMoney, answers.KindWhole:
		return true
	}
	return false
}

// sweepRange parses LO..HI for field fd and lays out the values; it leaves
// the answer set (to LO) in a, so the sweep can overwrite it in place.
func sweepRange(a *answers.Answers, fd answers.Field, raw string, steps int, scale string) (sweepAxis, error) {
	loRaw, hiRaw, _ := strings.Cut(raw, "..")
	if strings.Contains(hiRaw, "..") {
		return sweepAxis{}, fmt.Errorf("--%s %q: want one range LO..HI, like 1e3..1e8", fd.Flag, raw)
	}
	end := func(s string) (float64, error) {
		if err := a.Set(fd.Key, s); err != nil {
			return 0, fmt.Errorf("--%s %q: %w", fd.Flag, raw, err)
		}
		return *fd.Ptr(a), nil
	}
	hi, err := end(hiRaw)
	if err != nil {
		return sweepAxis{}, err
	}
	lo, err := end(loRaw)
	if err != nil {
		return sweepAxis{}, err
	}
	if lo == hi {
		return sweepAxis{}, fmt.Errorf("--%s %q: the range is empty; give two different ends, or the value alone", fd.Flag, raw)
	}
	log := false
	switch scale {
	case "log":
		if lo <= 0 || hi <= 0 {
			return sweepAxis{}, fmt.Errorf("--%s %q: --scale log needs both ends above 0", fd.Flag, raw)
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
		v = roundSig(v, 6)
		if fd.Kind == answers.KindWhole {
			v = math.Round(v)
		}
		v = min(max(v, math.Min(lo, hi)), math.Max(lo, hi))
		if len(values) > 0 && values[len(values)-1] == v {
			continue
		}
		values = append(values, v)
	}
	return sweepAxis{field: fd, values: values}, nil
}

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// eachPoint sets a's swept answers to each point of the grid in turn (the
// first axis slowest) and calls fn.
func eachPoint(a *answers.Answers, axes []sweepAxis, fn func() error) error {
	p0 := axes[0].field.Ptr(a)
	if len(axes) == 1 {
		for _, v := range axes[0].values {
			*p0 = v
			if err := fn(); err != nil {
				return fmt.Errorf("at %s=%s: %w", axes[0].field.Key, fmtValue(v), err)
			}
		}
		return nil
	}
	p1 := axes[1].field.Ptr(a)
	for _, v0 := range axes[0].values {
		*p0 = v0
		for _, v1 := range axes[1].values {
			*p1 = v1
			if err := fn(); err != nil {
				return fmt.Errorf("at %s=%s, %s=%s: %w", axes[0].field.Key, fmtValue(v0), axes[1].field.Key, fmtValue(v1), err)
			}
		}
	}
	return nil
}

func fmtValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// runSweep plans every point and writes one CSV row or JSON object each.
func runSweep(w io.Writer, ad *advisor.Advisor, kb *knowledge.Base, base answers.Answers, axes []sweepAxis, format string) error {
	order := make([]string, 0, len(kb.Components))
	for _, c := range kb.Components {
		order = append(order, c.ID)
	}
	col := make(map[string]int, len(order))
	for i, id := range order {
		col[id] = i
	}
	var d advisor.Decision
	counts := make([]float64, len(order))
	buf := make([]byte, 0, 1024)
	first := true
	switch format {
	case "csv":
		for _, ax := range axes {
			buf = append(buf, ax.field.Key...)
			buf = append(buf, ',')
		}
		buf = append(buf, "stage_id,stage_number,monthly_usd,peak_rps"...)
		for _, id := range order {
			buf = append(buf, ',')
			buf = append(buf, id...)
		}
		buf = append(buf, '\n')
	case "json":
		buf = append(buf, `{"swept": [`...)
		for i, ax := range axes {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = strconv.AppendQuote(buf, ax.field.Key)
		}
		buf = append(buf, "],\n\"points\": ["...)
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	err := eachPoint(&base, axes, func() error {
		if err := ad.DecideInto(base, &d); err != nil {
			return err
		}
		buf = buf[:0]
		if format == "json" {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = appendJSONPoint(buf, &base, axes, &d)
		} else {
			clear(counts)
			for _, c := range d.Components {
				counts[col[c.ID]] = c.Count
			}
			for _, ax := range axes {
				buf = strconv.AppendFloat(buf, *ax.field.Ptr(&base), 'f', -1, 64)
				buf = append(buf, ',')
			}
			buf = append(buf, d.Stage.ID...)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(d.Stage.Number), 10)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, math.Round(d.MonthlyUSD*100)/100, 'f', -1, 64)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, math.Round(d.Estimates.PeakRPS*100)/100, 'f', -1, 64)
			for _, n := range counts {
				buf = append(buf, ',')
				if n == math.Trunc(n) && n < 1e15 {
					buf = strconv.AppendInt(buf, int64(n), 10)
				} else {
					buf = strconv.AppendFloat(buf, n, 'f', -1, 64)
				}
			}
			buf = append(buf, '\n')
		}
		_, err := w.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	if format == "json" {
		_, err = io.WriteString(w, "\n]}\n")
	}
	return err
}

// sweepPoint is one point of a JSON sweep.
type sweepPoint struct {
	Values     map[string]float64 `json:"values"`
	Stage      advisor.StageRef   `json:"stage"`
	MonthlyUSD float64            `json:"monthly_usd"`
	PeakRPS    float64            `json:"peak_rps"`
	Components []sweepComponent   `json:"components"`
}

type sweepComponent struct {
	ID         string  `json:"id"`
	Count      float64 `json:"count"`
	MonthlyUSD float64 `json:"monthly_usd"`
}

func appendJSONPoint(buf []byte, a *answers.Answers, axes []sweepAxis, d *advisor.Decision) []byte {
	pt := sweepPoint{Values: make(map[string]float64, len(axes)), Stage: d.Stage, MonthlyUSD: d.MonthlyUSD, PeakRPS: d.Estimates.PeakRPS,
		Components: make([]sweepComponent, len(d.Components))}
	for _, ax := range axes {
		pt.Values[ax.field.Key] = *ax.field.Ptr(a)
	}
	for i, c := range d.Components {
		pt.Components[i] = sweepComponent{ID: c.ID, Count: c.Count, MonthlyUSD: c.MonthlyUSD}
	}
	b, err := json.Marshal(pt)
	if err != nil {
		panic(fmt.Sprintf("encoding sweep point: %v", err))
	}
	buf = append(buf, '\n')
	return append(buf, b...)
}
