package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

// Ladder is the nine stages of the canonical ladder and where each source
// article places each one: what `scaleplan stages` prints.
type Ladder struct {
	SchemaVersion int         `json:"schema_version" yaml:"schema_version"`
	Stages        []StageView `json:"stages" yaml:"stages"`
}

// StageView is one rung of the ladder.
type StageView struct {
	ID       string       `json:"id" yaml:"id"`
	Number   int          `json:"number" yaml:"number"`
	Name     string       `json:"name" yaml:"name"`
	Summary  string       `json:"summary" yaml:"summary"`
	Solves   string       `json:"solves" yaml:"solves"`
	Enter    string       `json:"enter" yaml:"enter"`
	BySource []SourceView `json:"by_source" yaml:"by_source"`
}

// SourceView is how one article numbers and sizes a stage.
type SourceView struct {
	Source        string   `json:"source" yaml:"source"`
	Title         string   `json:"title" yaml:"title"`
	Label         string   `json:"label" yaml:"label"`
	UsersMin      float64  `json:"users_min" yaml:"users_min"`
	UsersMax      float64  `json:"users_max" yaml:"users_max"`
	RPSMin        *float64 `json:"rps_min" yaml:"rps_min"`
	RPSMax        *float64 `json:"rps_max" yaml:"rps_max"`
	MonthlyUSDMin *float64 `json:"monthly_usd_min" yaml:"monthly_usd_min"`
	MonthlyUSDMax *float64 `json:"monthly_usd_max" yaml:"monthly_usd_max"`
}

// NewLadder reads the ladder from a knowledge base.
func NewLadder(kb *knowledge.Base) Ladder {
	l := Ladder{SchemaVersion: DocSchemaVersion, Stages: make([]StageView, 0, len(kb.Stages))}
	for _, st := range kb.Stages {
		v := StageView{ID: st.ID, Number: st.Number, Name: st.Name, Summary: st.Summary, Solves: st.Solves, Enter: st.EnterSource(), BySource: []SourceView{}}
		for _, bs := range st.BySource {
			title := bs.Source
			if src, ok := kb.Source(bs.Source); ok {
				title = src.Title
			}
			v.BySource = append(v.BySource, SourceView{bs.Source, title, bs.Label, bs.UsersMin, bs.UsersMax, bs.RPSMin, bs.RPSMax, bs.MonthlyUSDMin, bs.MonthlyUSDMax})
		}
		l.Stages = append(l.Stages, v)
	}
	return l
}

// Formats lists the ladder's formats.
func (Ladder) Formats() []string { return []string{"text", "md", "json", "yaml"} }

// Render renders the ladder in format.
func (l Ladder) Render(format string, _ Options) ([]byte, error) {
	if format == "json" || format == "yaml" {
		return data(format, l)
	}
	md := format == "md"
	var b strings.Builder
	esc := func(s string) string { return s }
	if md {
		esc = MarkdownText
		b.WriteString("# The scaling ladder\n")
	}
	for _, v := range l.Stages {
		if md {
			fmt.Fprintf(&b, "\n## %d. %s (`%s`)\n\n%s\n\nSolves: %s\n\n", v.Number, esc(v.Name), v.ID, esc(v.Summary), esc(v.Solves))
			if len(v.BySource) > 0 {
				b.WriteString("| Article | Its stage | Users | Requests/s | Monthly cost |\n| --- | --- | --- | --- | --- |\n")
			}
		} else {
			fmt.Fprintf(&b, "%d  %-22s %s\n   solves: %s\n", v.Number, v.ID, v.Name, v.Solves)
		}
		for _, s := range v.BySource {
			rps := rangeText(s.RPSMin, s.RPSMax, human.Count)
			cost := rangeText(s.MonthlyUSDMin, s.MonthlyUSDMax, human.USD)
			if md {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", esc(s.Title), esc(s.Label), usersText(s.UsersMin, s.UsersMax), dash(rps), dash(esc(cost)))
				continue
			}
			line := fmt.Sprintf("   %-18s %s, %s", s.Source, s.Label, usersText(s.UsersMin, s.UsersMax))
			if rps != "" {
				line += ", " + rps + " rps"
			}
			if cost != "" {
				line += ", " + cost + "/mo"
			}
			b.WriteString(line + "\n")
		}
		if !md {
			b.WriteString("\n")
		}
	}
	return []byte(b.String()), nil
}

func rangeText(lo, hi *float64, f func(float64) string) string {
	switch {
	case lo == nil && hi == nil:
		return ""
	case lo == nil:
		return "up to " + f(*hi)
	case hi == nil:
		return f(*lo) + "+"
	case *lo == *hi:
		return f(*lo)
	}
	return f(*lo) + "–" + f(*hi)
}

func usersText(lo, hi float64) string {
	if hi >= 1e12 {
		return human.Count(lo) + "+ users"
	}
	return human.Count(lo) + "–" + human.Count(hi) + " users"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Boundaries is where each stage of the ladder begins for one system:
// what `scaleplan stages --for` prints.
type Boundaries struct {
	SchemaVersion int                `json:"schema_version" yaml:"schema_version"`
	Name          string             `json:"name" yaml:"name"`
	Stage         advisor.StageRef   `json:"stage" yaml:"stage"` // today's
	Users         float64            `json:"users" yaml:"users"`
	PeakRPS       float64            `json:"peak_rps" yaml:"peak_rps"`
	Growth        float64            `json:"growth" yaml:"growth"` // percent a month
	Boundaries    []advisor.Boundary `json:"boundaries" yaml:"boundaries"`
}

// NewBoundaries assembles the boundaries of the system today is.
func NewBoundaries(name string, today advisor.Decision, bs []advisor.Boundary) Boundaries {
	if name == "" {
		name = "Your system"
	}
	return Boundaries{SchemaVersion: DocSchemaVersion, Name: name, Stage: today.Stage, Users: today.Inputs.Users,
		PeakRPS: today.Inputs.PeakRPS, Growth: today.Inputs.Growth, Boundaries: bs}
}

// Formats lists the boundaries' formats.
func (Boundaries) Formats() []string { return []string{"text", "md", "json", "yaml"} }

// Render renders the boundaries in format.
func (v Boundaries) Render(format string, o Options) ([]byte, error) {
	switch format {
	case "md":
		return v.markdown(), nil
	case "text":
		return v.text(o.Width), nil
	}
	return data(format, v)
}

// entersAt says where a stage begins: "6.0x today's load: 300K users,
// 350 rps at peak".
func (v Boundaries) entersAt(b advisor.Boundary) string {
	switch {
	case b.Beyond:
		return fmt.Sprintf("beyond %sx today's load", human.Grouped(advisor.MaxLoadX))
	case b.AtLoadX == nil:
		return "not reached by traffic alone"
	case *b.AtLoadX == 0:
		return "at any load"
	}
	return fmt.Sprintf("%s: %s users, %s rps at peak", v.load(b), human.Count(*b.Users), human.Count(*b.PeakRPS))
}

// load says a boundary's load multiple: "6.0x today's load", or "today's
// load" for a stage the stored data alone brings without growth.
func (v Boundaries) load(b advisor.Boundary) string {
	if v.Growth <= 0 && !b.Reached && b.Month != nil {
		return "today's load"
	}
	return Multiple(*b.AtLoadX) + " today's load"
}

// Multiple writes a load multiple with the precision its size deserves:
// 14x, 2.3x, 0.05x.
func Multiple(x float64) string {
	switch {
	case x >= 10:
		return human.Count(x) + "x"
	case x >= 0.1:
		return strconv.FormatFloat(x, 'f', 1, 64) + "x"
	}
	return strconv.FormatFloat(x, 'g', 2, 64) + "x"
}

// monthText says when a stage is reached: with growth, for every stage;
// without, only for one the stored data alone brings.
func (v Boundaries) monthText(b advisor.Boundary) string {
	switch {
	case v.Growth <= 0 && (b.Month == nil || b.Reached):
		return ""
	case v.Growth <= 0:
		return fmt.Sprintf("about month %d, as the stored data grows", *b.Month)
	case b.Month == nil:
		return fmt.Sprintf("not within %d months", advisor.MaxHorizonMonths)
	case *b.Month == 0:
		return "today"
	}
	return fmt.Sprintf("about month %d", *b.Month)
}

// dated reports whether a month column or line says anything: with growth,
// or when the stored data alone brings a stage.
func (v Boundaries) dated() bool {
	for _, b := range v.Boundaries {
		if v.monthText(b) != "" {
			return true
		}
	}
	return false
}

func (v Boundaries) intro(esc func(string) string) string {
	s := fmt.Sprintf("%s is at stage %d, %s, today (%s users, %s rps at peak). Each stage begins at a multiple of today's traffic",
		esc(OneLine(v.Name)), v.Stage.Number, esc(v.Stage.Name), human.Count(v.Users), human.Count(v.PeakRPS))
	switch {
	case v.Growth > 0:
		s += fmt.Sprintf("; at %s the months are counted with the stored data growing too", GrowthRate(v.Growth))
	case v.dated():
		s += "; without growth, the stored data still grows by each month's writes, and a stage it brings is dated by it"
	}
	return s + "."
}

func (v Boundaries) text(width int) []byte {
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	b.WriteString(human.Wrap(v.intro(func(s string) string { return s }), width, ""))
	b.WriteString("\n\n")
	for _, bd := range v.Boundaries {
		mark := "  "
		if bd.Stage.Number == v.Stage.Number {
			mark = "▶ "
		}
		fmt.Fprintf(&b, "%s%d  %-22s %s\n", mark, bd.Stage.Number, bd.Stage.ID, v.entersAt(bd))
		var more []string
		if bd.Needs != "" {
			more = append(more, "needs "+bd.Needs)
		}
		if bd.LandsAt != nil && *bd.LandsAt > bd.Stage.Number {
			more = append(more, fmt.Sprintf("skipped: the system goes straight to stage %d", *bd.LandsAt))
		}
		if m := v.monthText(bd); m != "" {
			more = append(more, m)
		}
		for _, m := range more {
			b.WriteString(strings.Repeat(" ", 28) + human.Wrap(m, width-28, strings.Repeat(" ", 28)))
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

func (v Boundaries) markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Stage boundaries: %s\n\n%s\n\n", MarkdownText(v.Name), v.intro(MarkdownText))
	header := "| Stage | Enters at | Users | Peak rps |"
	sep := "| --- | --- | --- | --- |"
	dated := v.dated()
	if dated {
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
			at = "not by traffic alone: needs " + MarkdownText(bd.Needs)
		case *bd.AtLoadX == 0:
			at = "any load"
		default:
			at, users, peak = strings.TrimSuffix(v.load(bd), " today's load"), human.Count(*bd.Users), human.Count(*bd.PeakRPS)
			if bd.LandsAt != nil && *bd.LandsAt > bd.Stage.Number {
				at += fmt.Sprintf(" (skipped: straight to stage %d)", *bd.LandsAt)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |", name, at, users, peak)
		if dated {
			fmt.Fprintf(&b, " %s |", dash(v.monthText(bd)))
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}
