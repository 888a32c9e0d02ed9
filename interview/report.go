package interview

import (
	"fmt"
	"math"
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

// wrap fits text into width columns, breaking only at spaces so ids like
// read-replica stay whole; lines after the first start with indent. A word
// longer than the width gets a line of its own.
func wrap(text string, width int, indent string) string {
	width = max(10, width)
	var lines []string
	line := ""
	for _, w := range strings.Fields(oneLine(text)) {
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n"+indent)
}

// oneLine folds the line breaks of YAML text into spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(export.OneLine(s)), " ") }

// bullets writes a list, each item wrapped under its bullet.
func bullets(b *strings.Builder, items []string, width int) {
	for _, it := range items {
		fmt.Fprintf(b, "  • %s\n", wrap(it, width-4, "    "))
	}
}

// answerLabel names an answer in the givens.
func answerLabel(key string) string {
	labels := map[string]string{
		"users": "Monthly active users", "dau": "Daily active users", "requests_per_user": "Requests per user a day",
		"read_ratio": "Reads per write", "writes_per_day": "Writes a day", "reads_per_day": "Reads a day",
		"peak_rps": "Peak requests/s", "peak_factor": "Peak / average", "write_bytes": "Bytes per write",
		"data_gb": "Data today", "retention_years": "Kept for", "growth": "Growth a month", "regions": "Regions",
		"availability": "Availability target", "budget": "Budget", "team": "Engineers", "traits": "Traits",
	}
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

// answerText writes an answer's value as people read it.
func answerText(key string, v float64) string {
	switch key {
	case "read_ratio":
		return ratioSpelling(v)
	case "write_bytes":
		return bytesText(v)
	case "data_gb":
		return human.GB(v)
	case "retention_years":
		if v == 1 {
			return "1 year"
		}
		return strconv.FormatFloat(v, 'f', -1, 64) + " years"
	case "availability":
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	case "growth":
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	case "budget":
		return human.USD(v) + "/mo"
	case "peak_factor":
		return human.Count(v) + " × average"
	}
	return human.Count(v)
}

// ratioSpelling writes reads per write as 10:1, or 1:4 below one.
func ratioSpelling(v float64) string {
	switch {
	case v == 0:
		return "0:1 (no reads)"
	case v < 1:
		return "1:" + strconv.FormatFloat(math.Round(1/v*100)/100, 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + ":1"
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
	fmt.Fprintf(&b, "%s\n", wrap(fb.Headline, width, "  "))
	for _, d := range fb.Detail {
		lead := "  "
		if strings.HasPrefix(d, "  ") {
			lead = "    "
			d = strings.TrimSpace(d)
		}
		fmt.Fprintf(&b, "%s%s\n", lead, wrap(d, width-len(lead), lead+"  "))
	}
	return b.String()
}

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
	fmt.Fprintf(&b, "  %-22s %-15s %-15s %s\n", "Step", "You said", "Reference", "Grade")
	for _, r := range res.Steps {
		fmt.Fprintf(&b, "  %-22s %-15s %-15s %-7s %s/%s\n", r.Title, ansi.Truncate(r.youSaid, 15, "…"), ansi.Truncate(r.reference, 15, "…"), r.Grade, num(r.Points), num(r.MaxPoints))
	}

	fmt.Fprintf(&b, "\nThe reference plan: stage %d of %d, %s\n", p.Stage.Number, len(s.kb.Stages)-1, p.Stage.Name)
	fmt.Fprintf(&b, "  %s\n", wrap(p.Stage.Why, width-2, "  "))
	b.WriteString("\nComponents\n")
	for _, c := range p.Components {
		line := fmt.Sprintf("  %4s × %s (%s)", human.Count(c.Count), c.Name, c.ID)
		if c.Size != "" {
			line += " · " + c.Size
		}
		fmt.Fprintf(&b, "%s\n", ansi.Truncate(line, width, "…"))
		fmt.Fprintf(&b, "         %s\n", wrap(c.Reason, width-9, "         "))
	}
	b.WriteString("\nDiagram\n")
	b.WriteString(export.Diagram(p, width))
	if p.BreaksFirst != nil {
		fmt.Fprintf(&b, "\nWhat breaks first\n  %s\n", wrap(breaksText(p), width-2, "  "))
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
	fmt.Fprintf(&b, "\nThe whole plan\n  %s\n", wrap(PlanCommand(s.Scenario.Answers()), width-2, "    "))
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
		if v := f.Ptr(&a); v != nil {
			text := strconv.FormatFloat(*v, 'f', -1, 64)
			if f.Kind == answers.KindRatio {
				text += ":1"
			}
			parts = append(parts, "--"+f.Flag+" "+text)
		}
	}
	return strings.Join(parts, " ")
}
