package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/human"
)

// PlanDiff is a comparison of two plans ready to render: where each came
// from, the answers that differ, and what changes from the first plan to
// the second.
type PlanDiff struct {
	SchemaVersion int                     `json:"schema_version" yaml:"schema_version"` // DocSchemaVersion
	From          string                  `json:"from" yaml:"from"`                     // the first plan's file, as given
	To            string                  `json:"to" yaml:"to"`
	Same          bool                    `json:"same" yaml:"same"` // same stage, components and cost
	Answers       []AnswerChange          `json:"answers" yaml:"answers"`
	Stage         StageChange             `json:"stage" yaml:"stage"`
	Added         []advisor.Component     `json:"added" yaml:"added"`
	Removed       []advisor.Component     `json:"removed" yaml:"removed"`
	Resized       []advisor.ResizedChange `json:"resized" yaml:"resized"`
	Cost          CostChange              `json:"cost" yaml:"cost"`
}

// StageChange is the stage of each plan.
type StageChange struct {
	From advisor.StageRef `json:"from" yaml:"from"`
	To   advisor.StageRef `json:"to" yaml:"to"`
}

// CostChange is the monthly cost of each plan and the difference.
type CostChange struct {
	FromUSD   float64 `json:"from_usd" yaml:"from_usd"`
	ToUSD     float64 `json:"to_usd" yaml:"to_usd"`
	ChangeUSD float64 `json:"change_usd" yaml:"change_usd"`
}

// AnswerChange is one answer given differently (or only once) in the two
// plans. From and To are numbers for numeric answers, text for name and
// provider, lists for traits, and null when not given.
type AnswerChange struct {
	Key  string `json:"key" yaml:"key"`
	From any    `json:"from" yaml:"from"`
	To   any    `json:"to" yaml:"to"`
}

// NewPlanDiff compares plan a (from file from) with plan b (from file to).
func NewPlanDiff(from string, a *advisor.Plan, to string, b *advisor.Plan) PlanDiff {
	d := advisor.Compare(a, b)
	ref := func(s advisor.Stage) advisor.StageRef {
		return advisor.StageRef{ID: s.ID, Number: s.Number, Name: s.Name}
	}
	return PlanDiff{SchemaVersion: DocSchemaVersion,
		// File names are anyone's text: a control or format character
		// (ESC, U+202E) is written escaped, as on a terminal.
		From: human.Printable(from), To: human.Printable(to), Same: d.Empty(),
		Answers: AnswerChanges(a.Answers, b.Answers),
		Stage:   StageChange{From: ref(d.StageFrom), To: ref(d.StageTo)},
		Added:   d.Added, Removed: d.Removed, Resized: d.Resized,
		Cost: CostChange{FromUSD: d.CostFrom, ToUSD: d.CostTo, ChangeUSD: d.CostChange},
	}
}

// AnswerChanges lists the answers a and b give differently, in the order
// of answers.Fields.
func AnswerChanges(a, b answers.Answers) []AnswerChange {
	out := []AnswerChange{}
	for _, f := range answers.Fields {
		var from, to any
		switch f.Kind {
		case answers.KindText:
			from, to = textOrNil(a.Name), textOrNil(b.Name)
		case answers.KindWord:
			from, to = textOrNil(a.Provider), textOrNil(b.Provider)
		case answers.KindTraits:
			if !slices.Equal(a.Traits, b.Traits) {
				from, to = listOrNil(a.Traits), listOrNil(b.Traits)
				out = append(out, AnswerChange{Key: f.Key, From: from, To: to})
			}
			continue
		default:
			from, to = numberOrNil(a.Value(f)), numberOrNil(b.Value(f))
		}
		if from != to {
			out = append(out, AnswerChange{Key: f.Key, From: from, To: to})
		}
	}
	return out
}

func textOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func listOrNil(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

func numberOrNil(v float64, given bool) any {
	if !given {
		return nil
	}
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int64(v) // YAML writes 3000000, not 3e+06
	}
	return v
}

// answerText writes an answer's value as a person would give it.
func answerText(v any) string {
	switch x := v.(type) {
	case nil:
		return "not given"
	case int64:
		return human.Grouped(float64(x))
	case float64:
		if x == float64(int64(x)) && x < 1e15 {
			return human.Grouped(x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

// diffUSD writes a cost change with its sign: +$120, -$3,400, $0.
func diffUSD(v float64) string {
	if v > 0 {
		return "+" + human.USD(v)
	}
	return human.USD(v)
}

func stageText(s advisor.StageRef) string { return fmt.Sprintf("%d %s", s.Number, s.Name) }

// addedText is "Cache: 8 × ElastiCache cache.m6g.large — $870/mo", or
// "CDN — $1,825/mo" for one unit priced by use.
func addedText(c advisor.Component) string {
	s := c.Name
	switch {
	case c.Size != "":
		s += fmt.Sprintf(": %s × %s", human.Count(c.Count), c.Size)
	case c.Count != 1:
		s += ": " + human.Count(c.Count)
	}
	return s + " — " + human.USD(c.MonthlyUSD) + "/mo"
}

// resizedText is "Application server: 1 → 10 × EC2 m6i.large — $70 →
// $701/mo".
func resizedText(r advisor.ResizedChange) string {
	var what []string
	if r.CountFrom != r.CountTo {
		what = append(what, fmt.Sprintf("%s → %s", human.Count(r.CountFrom), human.Count(r.CountTo)))
	}
	switch {
	case r.SizeFrom != r.SizeTo:
		what = append(what, fmt.Sprintf("%s → %s", dashIfEmpty(r.SizeFrom), dashIfEmpty(r.SizeTo)))
	case r.SizeTo != "" && len(what) > 0:
		what[0] += " × " + r.SizeTo
	}
	s := r.Name
	if len(what) > 0 {
		s += ": " + strings.Join(what, ", ")
	}
	return s + fmt.Sprintf(" — %s → %s/mo", human.USD(r.CostFrom), human.USD(r.CostTo))
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// DiffText writes the comparison for a terminal, without styling, wrapped
// at 80 columns.
func DiffText(d PlanDiff) []byte {
	var b strings.Builder
	from, to := OneLine(d.From), OneLine(d.To)
	fmt.Fprintf(&b, "%s → %s\n", from, to)
	if len(d.Answers) > 0 {
		b.WriteString("\nAnswers\n")
		for _, a := range d.Answers {
			fmt.Fprintf(&b, "%s\n", hanging(fmt.Sprintf("  %-17s %s → %s", a.Key, OneLine(answerText(a.From)), OneLine(answerText(a.To))), 20))
		}
	}
	if d.Same {
		b.WriteString("\n")
		b.WriteString(hanging(fmt.Sprintf("No difference: both plans are at stage %s with the same components and cost (%s/mo).",
			stageText(d.Stage.To), human.USD(d.Cost.ToUSD)), 0))
		b.WriteString("\n")
		return []byte(b.String())
	}
	b.WriteString("\n")
	if d.Stage.From.ID != d.Stage.To.ID {
		fmt.Fprintf(&b, "Stage  %s → %s\n", stageText(d.Stage.From), stageText(d.Stage.To))
	} else {
		fmt.Fprintf(&b, "Stage  %s (unchanged)\n", stageText(d.Stage.To))
	}
	fmt.Fprintf(&b, "Cost   %s/mo → %s/mo (%s/mo)\n", human.USD(d.Cost.FromUSD), human.USD(d.Cost.ToUSD), diffUSD(d.Cost.ChangeUSD))
	section := func(title, mark string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "%s\n", hanging("  "+mark+" "+l, 4))
		}
	}
	var added, removed, resized []string
	for _, c := range d.Added {
		added = append(added, addedText(c))
	}
	for _, c := range d.Removed {
		removed = append(removed, addedText(c))
	}
	for _, r := range d.Resized {
		resized = append(resized, resizedText(r))
	}
	section("Added", "+", added)
	section("Removed", "-", removed)
	section("Resized", "~", resized)
	return []byte(b.String())
}

// hanging wraps s at 80 columns, indenting the lines after the first.
func hanging(s string, indent int) string {
	lines := strings.Split(lipgloss.Wrap(s, 80, " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + strings.TrimLeft(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// DiffMarkdown writes the comparison as a Markdown document.
func DiffMarkdown(d PlanDiff) []byte {
	w := &mdWriter{}
	from, to := MarkdownText(d.From), MarkdownText(d.To)
	w.line("# Plan comparison: %s → %s", from, to)
	w.line("")
	if d.Same {
		w.line("No difference: both plans are at stage %d, %s, with the same components and cost (%s a month).",
			d.Stage.To.Number, MarkdownText(d.Stage.To.Name), human.USD(d.Cost.ToUSD))
	} else {
		w.table([]string{"Plan", cell(d.From), cell(d.To)}, [][]string{
			{"Stage", fmt.Sprintf("%d, %s", d.Stage.From.Number, MarkdownText(d.Stage.From.Name)), fmt.Sprintf("%d, %s", d.Stage.To.Number, MarkdownText(d.Stage.To.Name))},
			{"Monthly cost", human.USD(d.Cost.FromUSD), human.USD(d.Cost.ToUSD)},
		})
		w.line("")
		w.line("Cost change: **%s a month**.", diffUSD(d.Cost.ChangeUSD))
	}
	if len(d.Answers) > 0 {
		w.heading(2, "Answers that differ")
		rows := [][]string{}
		for _, a := range d.Answers {
			rows = append(rows, []string{"`" + a.Key + "`", cell(answerText(a.From)), cell(answerText(a.To))})
		}
		w.table([]string{"Answer", cell(d.From), cell(d.To)}, rows)
	}
	comps := func(title string, cs []advisor.Component) {
		if len(cs) == 0 {
			return
		}
		w.heading(2, title)
		rows := [][]string{}
		for _, c := range cs {
			rows = append(rows, []string{cell(c.Name), human.Count(c.Count), cell(c.Size), human.USD(c.MonthlyUSD)})
		}
		w.table([]string{"Component", "Count", "Size", "Monthly"}, rows)
	}
	comps("Added", d.Added)
	comps("Removed", d.Removed)
	if len(d.Resized) > 0 {
		w.heading(2, "Resized")
		rows := [][]string{}
		for _, r := range d.Resized {
			count := human.Count(r.CountTo)
			if r.CountFrom != r.CountTo {
				count = human.Count(r.CountFrom) + " → " + human.Count(r.CountTo)
			}
			size := cell(r.SizeTo)
			if r.SizeFrom != r.SizeTo {
				size = cell(r.SizeFrom) + " → " + cell(r.SizeTo)
			}
			rows = append(rows, []string{cell(r.Name), count, size, human.USD(r.CostFrom) + " → " + human.USD(r.CostTo)})
		}
		w.table([]string{"Component", "Count", "Size", "Monthly"}, rows)
	}
	return w.b.Bytes()
}

// Formats lists a comparison's formats.
func (PlanDiff) Formats() []string { return []string{"text", "md", "json", "yaml"} }

// Render renders the comparison in format.
func (d PlanDiff) Render(format string, _ Options) ([]byte, error) {
	switch format {
	case "text":
		return DiffText(d), nil
	case "md":
		return DiffMarkdown(d), nil
	}
	return data(format, d)
}
