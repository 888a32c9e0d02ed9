package export

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// DiagramMinWidth is the narrowest diagram Diagram draws; narrower widths
// are drawn at this width.
const DiagramMinWidth = 40

// Diagram draws the plan's architecture for a terminal, in at most width
// columns: the users on top, then one titled frame per tier (edge, web,
// data, async, operations) holding a box per component with its name, count
// and size, and monthly cost, and arrows between the tiers labelled with the
// traffic that crosses them. The result is plain text with box-drawing
// characters and no styling, one line per row, each at most width wide.
// Internet egress is a priced transfer, not something to draw, so it has no
// box. The same plan and width always give the same drawing.
func Diagram(p *advisor.Plan, width int) string {
	width = max(width, DiagramMinWidth)
	d := diagram{width: width}
	present := map[string]bool{"users": true}
	tierOf := map[string]string{"users": "users"}
	for _, c := range p.Components {
		present[c.ID] = true
		tierOf[c.ID] = c.Tier
	}

	title := "Users"
	if p.Name != "" && p.Name != "Your system" {
		title = OneLine(p.Name) + " users"
	}
	d.users(title + " · " + human.Count(p.Inputs.Users) + " MAU")

	drawn := []string{"users"}
	titles := map[string]string{"users": "Users"}
	for _, t := range tierTitles {
		titles[t.id] = t.title
	}
	for _, t := range tierTitles {
		var boxes [][]string
		for _, c := range p.Components {
			if c.Tier == t.id && c.ID != "egress" {
				boxes = append(boxes, d.boxLines(c))
			}
		}
		if len(boxes) == 0 {
			continue
		}
		label, dotted := arrowInto(p, t.id, drawn, present, tierOf, titles)
		d.arrow(label, dotted)
		d.frame(t.title, boxes)
		drawn = append(drawn, t.id)
	}
	return strings.Join(d.lines, "\n") + "\n"
}

// diagram accumulates the drawing's lines.
type diagram struct {
	width int
	x     int // the column arrows run down: under the users box's tee
	lines []string
}

// users draws the rounded box the traffic starts from, centred.
func (d *diagram) users(text string) {
	text = ansi.Truncate(text, d.width-4, "…")
	w := ansi.StringWidth(text)
	pad := strings.Repeat(" ", max(0, (d.width-(w+4))/2))
	mid := (w + 2) / 2
	d.x = len(pad) + 1 + mid
	d.lines = append(d.lines,
		pad+"╭"+strings.Repeat("─", w+2)+"╮",
		pad+"│ "+text+" │",
		pad+"╰"+strings.Repeat("─", mid)+"┬"+strings.Repeat("─", w+1-mid)+"╯",
	)
}

// arrow draws a downward arrow in the middle column, with its label to the right.
func (d *diagram) arrow(label string, dotted bool) {
	x := d.x
	pad := strings.Repeat(" ", x)
	stem := "│"
	if dotted {
		stem = "┊"
	}
	if label != "" {
		label = " " + ansi.Truncate(label, d.width-x-2, "…")
	}
	d.lines = append(d.lines, pad+stem+label, pad+"▼")
}

// frame draws a tier: a titled frame the full width, boxes flowing left to
// right inside and wrapping to new rows.
func (d *diagram) frame(title string, boxes [][]string) {
	inner := d.width - 4
	top := "╭─ " + title + " "
	top += strings.Repeat("─", max(0, d.width-1-ansi.StringWidth(top))) + "╮"
	d.lines = append(d.lines, top)
	var row [][]string
	rowW := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		h := 0
		for _, b := range row {
			h = max(h, len(b))
		}
		for i := 0; i < h; i++ {
			var sb strings.Builder
			for j, b := range row {
				if j > 0 {
					sb.WriteString(" ")
				}
				if i < len(b) {
					sb.WriteString(b[i])
				} else {
					sb.WriteString(strings.Repeat(" ", ansi.StringWidth(b[0])))
				}
			}
			line := sb.String()
			d.lines = append(d.lines, "│ "+line+strings.Repeat(" ", max(0, inner-ansi.StringWidth(line)))+" │")
		}
		row, rowW = nil, 0
	}
	for _, b := range boxes {
		bw := ansi.StringWidth(b[0])
		if len(row) > 0 && rowW+1+bw > inner {
			flush()
		}
		if len(row) > 0 {
			rowW++
		}
		row = append(row, b)
		rowW += bw
	}
	flush()
	d.lines = append(d.lines, "╰"+strings.Repeat("─", d.width-2)+"╯")
}

// boxWidth is the widest a component box may be: about a third of the
// width on an 80-column terminal, a quarter at 120.
func (d *diagram) boxWidth() int {
	inner := d.width - 4
	cols := max(1, min(6, (inner+1)/25))
	return max(12, (inner-(cols-1))/cols)
}

// boxLines draws one component's box: name (wrapped to two lines at most),
// count and size, and monthly cost, padded to the same width.
func (d *diagram) boxLines(c advisor.Component) []string {
	cw := d.boxWidth() - 4
	var content []string
	content = append(content, wrapLines(OneLine(c.Name), cw, 2)...)
	detail := ""
	switch {
	case c.Count > 1 && c.Size != "":
		detail = human.Count(c.Count) + " × " + c.Size
	case c.Size != "":
		detail = c.Size
	case c.Count > 1:
		detail = "× " + human.Count(c.Count)
	}
	if detail != "" {
		content = append(content, wrapLines(OneLine(detail), cw, 2)...)
	}
	if c.MonthlyUSD > 0 {
		content = append(content, human.USD(c.MonthlyUSD)+"/mo")
	} else {
		content = append(content, "no charge")
	}
	w := 0
	for _, l := range content {
		w = max(w, ansi.StringWidth(l))
	}
	out := []string{"┌" + strings.Repeat("─", w+2) + "┐"}
	for _, l := range content {
		out = append(out, "│ "+l+strings.Repeat(" ", w-ansi.StringWidth(l))+" │")
	}
	return append(out, "└"+strings.Repeat("─", w+2)+"┘")
}

// arrowInto picks the label of the arrow into a tier. The first tier gets
// the users' peak; the data tier the reads and writes the app sends it;
// otherwise the first solid link from a tier already drawn to a component
// of this one, else the first dotted one. A link from a tier other than the
// one just above names where it comes from; the users' own traffic passes
// through every tier, so it does not.
func arrowInto(p *advisor.Plan, tier string, drawn []string, present map[string]bool, tierOf, titles map[string]string) (string, bool) {
	above := drawn[len(drawn)-1]
	peak := rps(p.Inputs.PeakRPS) + " peak"
	if above == "users" {
		return peak, false
	}
	if tier == "data" && present["app-server"] && tierOf["app-server"] == above {
		return human.Count(p.Estimates.ReadRPS) + " reads/s · " + human.Count(p.Estimates.WriteRPS) + " writes/s", false
	}
	isDrawn := map[string]bool{}
	for _, t := range drawn {
		isDrawn[t] = true
	}
	for _, wantDotted := range []bool{false, true} {
		for _, l := range links {
			if l.dotted != wantDotted || !present[l.from] || !present[l.to] || tierOf[l.to] != tier || !isDrawn[tierOf[l.from]] {
				continue
			}
			if l.from == "users" {
				return peak, l.dotted
			}
			text := ""
			switch {
			case l.label != nil:
				text = l.label(p)
			case l.to == "load-balancer" || l.to == "api-gateway" || l.to == "app-server":
				text = peak // an entry hop passes the users' requests on
			}
			if from := tierOf[l.from]; from != above && text != "" {
				text = "from " + titles[from] + ": " + text
			}
			return text, l.dotted
		}
	}
	return "", false
}

// wrapLines wraps text to width, keeping at most n lines and marking the cut.
func wrapLines(text string, width, n int) []string {
	lines := strings.Split(ansi.Wrap(text, width, " /-"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1]+" …", width, "…")
	}
	return lines
}
