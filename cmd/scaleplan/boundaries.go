package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// stagesFor is `scaleplan stages --for FILE` (or with answer flags): the
// ladder's boundaries for one system.
type stagesFor struct {
	af *answerFlags
}

// addStagesFor adds --for and the answer flags to the stages command.
func addStagesFor(cmd *cobra.Command) *stagesFor {
	return &stagesFor{af: addAnswerFlags(cmd.Flags(), "for",
		"answers file (as for plan --answers): show where each stage begins for this system; answer flags override it")}
}

// active reports whether the command describes a system.
func (o *stagesFor) active(cmd *cobra.Command) bool { return o.af.given(cmd) }

// run prints the boundaries in format (text, md or json).
func (o *stagesFor) run(cmd *cobra.Command, s *Streams, kb *knowledge.Base, format string) error {
	a, err := o.af.collect(cmd, nil)
	if err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return usage(err)
	}
	today, bs, err := advisor.New(kb).Boundaries(a)
	if err != nil {
		return err
	}
	v := boundariesView{Name: a.Name, Stage: today.Stage, Users: today.Estimates.MAU, PeakRPS: today.Estimates.PeakRPS, Boundaries: bs}
	if v.Name == "" {
		v.Name = "Your system"
	}
	if a.GrowthPct != nil {
		v.GrowthPct = *a.GrowthPct
	}
	switch format {
	case "json":
		_, err = s.Out.Write(jsonBytes(v))
	case "md":
		_, err = s.Out.Write(boundariesMarkdown(v))
	default:
		_, err = s.Out.Write(boundariesText(v))
	}
	return err
}

// boundariesView is the JSON shape of stages --for.
type boundariesView struct {
	Name       string             `json:"name"`
	Stage      advisor.StageRef   `json:"stage"` // today's
	Users      float64            `json:"users"`
	PeakRPS    float64            `json:"peak_rps"`
	GrowthPct  float64            `json:"growth_pct"`
	Boundaries []advisor.Boundary `json:"boundaries"`
}

// entersAt says where a stage begins: "6.0x (300K users, 350 rps peak)".
func entersAt(b advisor.Boundary) string {
	switch {
	case b.Beyond:
		return fmt.Sprintf("beyond %sx today's load", human.Grouped(advisor.MaxLoadX))
	case b.AtLoadX == nil:
		return "not reached by traffic alone"
	case *b.AtLoadX == 0:
		return "at any load"
	}
	return fmt.Sprintf("%s today's load: %s users, %s rps at peak", multiple(*b.AtLoadX), human.Count(*b.Users), human.Count(*b.PeakRPS))
}

// multiple writes a load multiple with the precision its size deserves.
func multiple(x float64) string {
	switch {
	case x >= 10:
		return human.Count(x) + "x"
	case x >= 0.1:
		return strconv.FormatFloat(x, 'f', 1, 64) + "x"
	}
	return strconv.FormatFloat(roundSig(x, 2), 'f', -1, 64) + "x"
}

// monthText says when growth reaches a stage.
func monthText(v boundariesView, b advisor.Boundary) string {
	switch {
	case v.GrowthPct <= 0:
		return ""
	case b.Month == nil:
		return fmt.Sprintf("not within %d months", advisor.MaxHorizonMonths)
	case *b.Month == 0:
		return "today"
	}
	return fmt.Sprintf("about month %d", *b.Month)
}

func boundariesIntro(v boundariesView, esc func(string) string) string {
	s := fmt.Sprintf("%s is at stage %d, %s, today (%s users, %s rps at peak). Each stage begins at a multiple of today's traffic",
		esc(export.OneLine(v.Name)), v.Stage.Number, esc(v.Stage.Name), human.Count(v.Users), human.Count(v.PeakRPS))
	if v.GrowthPct > 0 {
		s += fmt.Sprintf("; at %s the months are counted with the stored data growing too", export.GrowthRate(v.GrowthPct))
	}
	return s + "."
}

func boundariesText(v boundariesView) []byte {
	var b strings.Builder
	b.WriteString(wrapText(boundariesIntro(v, func(s string) string { return s }), 80, ""))
	b.WriteString("\n\n")
	for _, bd := range v.Boundaries {
		mark := "  "
		if bd.Stage.Number == v.Stage.Number {
			mark = "▶ "
		}
		fmt.Fprintf(&b, "%s%d  %-22s %s\n", mark, bd.Stage.Number, bd.Stage.ID, entersAt(bd))
		var more []string
		if bd.Needs != "" {
			more = append(more, "needs "+bd.Needs)
		}
		if bd.LandsAt != nil && *bd.LandsAt > bd.Stage.Number {
			more = append(more, fmt.Sprintf("skipped: the system goes straight to stage %d", *bd.LandsAt))
		}
		if m := monthText(v, bd); m != "" {
			more = append(more, m)
		}
		for _, m := range more {
			b.WriteString(wrapText(m, 80, strings.Repeat(" ", 28)))
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// wrapText wraps s at width, indenting every line with indent.
func wrapText(s string, width int, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(s) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func boundariesMarkdown(v boundariesView) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Stage boundaries: %s\n\n%s\n\n", export.MarkdownText(v.Name), boundariesIntro(v, export.MarkdownText))
	header := "| Stage | Enters at | Users | Peak rps |"
	sep := "| --- | --- | --- | --- |"
	if v.GrowthPct > 0 {
		header += " Month |"
		sep += " --- |"
	}
	b.WriteString(header + "\n" + sep + "\n")
	for _, bd := range v.Boundaries {
		name := fmt.Sprintf("%d, `%s`", bd.Stage.Number, bd.Stage.ID)
		if bd.Stage.Number == v.Stage.Number {
			name = "**" + name + " (today)**"
		}
		at, users, peak := "—", "—", "—"
		switch {
		case bd.Beyond:
			at = fmt.Sprintf("beyond %sx", human.Grouped(advisor.MaxLoadX))
		case bd.AtLoadX == nil:
			at = "not by traffic alone: needs " + export.MarkdownText(bd.Needs)
		case *bd.AtLoadX == 0:
			at = "any load"
		default:
			at, users, peak = multiple(*bd.AtLoadX), human.Count(*bd.Users), human.Count(*bd.PeakRPS)
			if bd.LandsAt != nil && *bd.LandsAt > bd.Stage.Number {
				at += fmt.Sprintf(" (skipped: straight to stage %d)", *bd.LandsAt)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |", name, at, users, peak)
		if v.GrowthPct > 0 {
			fmt.Fprintf(&b, " %s |", monthText(v, bd))
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}
