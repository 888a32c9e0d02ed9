package interview

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
)

// The widths reports are drawn at: narrower is drawn at MinWidth, wider at MaxWidth.
const (
	MinWidth     = 60
	MaxWidth     = 100
	defaultWidth = 80
)

func clampWidth(w int) int {
	if w <= 0 {
		return defaultWidth
	}
	return min(max(w, MinWidth), MaxWidth)
}

// oneLine folds the line breaks of YAML text into spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(export.OneLine(s)), " ") }

// bullets writes a list, each item wrapped under its bullet.
func bullets(b *strings.Builder, items []string, width int) {
	for _, it := range items {
		fmt.Fprintf(b, "  • %s\n", human.Wrap(it, width-4, "    "))
	}
}

// bytesText writes a byte count with a decimal unit: 500 B, 10 KB, 2 MB.
func bytesText(v float64) string {
	switch {
	case v < 1e3:
		return human.Count(v) + " B"
	case v < 1e6:
		return human.Count(v/1e3) + " KB"
	case v < 1e9:
		return human.Count(v/1e6) + " MB"
	}
	return human.GB(v / 1e9)
}

// durationText writes elapsed time: 45s, 12m 30s, 1h 5m.
func durationText(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
}

// FeedbackText is a verdict as lines of text, indented under its headline.
func FeedbackText(fb Feedback, width int) string {
	width = clampWidth(width)
	var b strings.Builder
	// Each wrap leaves room for the indent its later lines get, so no
	// line passes the width.
	fmt.Fprintf(&b, "%s\n", human.Wrap(fb.Headline, width-2, "  "))
	for _, d := range fb.Detail {
		lead := "  "
		if strings.HasPrefix(d, "  ") {
			lead = "    "
			d = strings.TrimSpace(d)
		}
		fmt.Fprintf(&b, "%s%s\n", lead, human.Wrap(d, width-len(lead)-2, lead+"  "))
	}
	return b.String()
}

// Givens is what to keep in view while answering, for width columns: the
// scenario's givens and what it assumes. Question.Context is the same at
// 80 columns.
func (s *Session) Givens(width int) string { return s.givens(clampWidth(width)) }

// Report is the end of the interview: the score, each step against the
// reference, the reference plan with its diagram, and what the interviewer
// hopes to hear.
func (s *Session) Report(width int) string {
	width = clampWidth(width)
	res := s.Result()
	p := s.Plan
	var b strings.Builder
	fmt.Fprintf(&b, "Score: %s of %s (%s%%) · %s · %s\n", num(res.Score), num(res.MaxScore), num(res.Percent), s.Scenario.Title, durationText(time.Duration(res.DurationSeconds)*time.Second))
	if res.Stopped != "" {
		fmt.Fprintf(&b, "Stopped: %s; the steps left are counted as skipped.\n", res.Stopped)
	}
	b.WriteString("\n")
	if width >= 72 {
		fmt.Fprintf(&b, "  %-22s %-15s %-15s %s\n", "Step", "You said", "Reference", "Grade")
		for _, r := range res.Steps {
			fmt.Fprintf(&b, "  %-22s %-15s %-15s %-7s %s/%s\n", r.Title, ansi.Truncate(r.youSaid, 15, "…"), ansi.Truncate(r.reference, 15, "…"), r.Grade, num(r.Points), num(r.MaxPoints))
		}
	} else {
		// Too narrow for the table: each step on two lines.
		for _, r := range res.Steps {
			fmt.Fprintf(&b, "  %-22s %-7s %s/%s\n", r.Title, r.Grade, num(r.Points), num(r.MaxPoints))
			fmt.Fprintf(&b, "    %s\n", human.Wrap("you said "+r.youSaid+" · reference "+r.reference, width-6, "      "))
		}
	}

	fmt.Fprintf(&b, "\n%s\n", human.Wrap(fmt.Sprintf("The reference plan: stage %d of the %d-stage ladder (0–%d), %s", p.Stage.Number, len(s.kb.Stages), len(s.kb.Stages)-1, p.Stage.Name), width-2, "  "))
	fmt.Fprintf(&b, "  %s\n", human.Wrap(p.Stage.Why, width-2, "  "))
	b.WriteString("\nComponents\n")
	for _, c := range p.Components {
		line := fmt.Sprintf("%s (%s)", c.Name, c.ID)
		if c.Size != "" {
			line += " · " + c.Size
		}
		fmt.Fprintf(&b, "  %4s × %s\n", human.Count(c.Count), human.Wrap(line, width-9, "         "))
		fmt.Fprintf(&b, "         %s\n", human.Wrap(c.Reason, width-9, "         "))
	}
	b.WriteString("\nDiagram\n")
	b.WriteString(export.Diagram(p, width))
	if p.BreaksFirst != nil {
		fmt.Fprintf(&b, "\nWhat breaks first\n  %s\n", human.Wrap(breaksText(p), width-2, "  "))
	}
	for _, sec := range []struct {
		title string
		items []string
	}{
		{"Talking points", res.TalkingPoints},
		{"Trade-offs worth saying aloud", res.Tradeoffs},
		{"Follow-up questions interviewers ask", res.FollowUps},
		{"Common mistakes", res.Mistakes},
	} {
		fmt.Fprintf(&b, "\n%s\n", sec.title)
		bullets(&b, sec.items, width)
	}
	fmt.Fprintf(&b, "\nThe whole plan\n  %s\n", human.Wrap(PlanCommand(s.Scenario.Answers()), width-4, "    "))
	return b.String()
}

// PlanCommand is the `scaleplan plan` command line that gives the plan for a.
func PlanCommand(a answers.Answers) string {
	parts := []string{"scaleplan plan"}
	for _, f := range answers.Fields {
		switch f.Key {
		case "name":
			if a.Name != "" {
				parts = append(parts, "--name "+strconv.Quote(a.Name))
			}
			continue
		case "traits":
			if len(a.Traits) > 0 {
				parts = append(parts, "--traits "+strings.Join(a.Traits, ","))
			}
			continue
		case "provider":
			if a.Provider != "" {
				parts = append(parts, "--provider "+a.Provider)
			}
			continue
		}
		if v, ok := a.Value(f); ok {
			parts = append(parts, "--"+f.Flag()+" "+f.Text(v))
		}
	}
	return strings.Join(parts, " ")
}
