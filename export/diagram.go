package export

import (
	"cmp"
	"slices"
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
// and size, and monthly cost. Boxes stand in the order a request meets them
// (name lookup, CDN, load balancer, app servers, cache, pooler, database),
// left to right. Each arrow into a tier points at the component it feeds,
// labelled with the traffic that crosses it and, past the first tiers, the
// component that sends it. Internet egress, a priced
// transfer rather than a server, is a box in the edge with the data it
// sends. Frames are as wide as their contents need, never wider than width.
// The result is plain text with box-drawing characters and no styling. The
// same plan and width always give the same drawing.
func Diagram(p *advisor.Plan, width int) string {
	width = max(width, DiagramMinWidth)
	d := diagram{width: width}
	present := map[string]bool{"users": true}
	tierOf := map[string]string{"users": "users"}
	for _, c := range p.Components {
		present[c.ID] = true
		tierOf[c.ID] = c.Tier
	}
	// Lay every tier out first: the frames share the width the widest needs.
	type tierLayout struct {
		id, title string
		rows      [][]placedBox
	}
	var tiers []tierLayout
	inner := 0
	for _, t := range tierTitles {
		var comps []advisor.Component
		for _, c := range p.Components {
			if c.Tier == t.id {
				comps = append(comps, c)
			}
		}
		if len(comps) == 0 {
			continue
		}
		slices.SortStableFunc(comps, func(a, b advisor.Component) int { return cmp.Compare(pathRank(a.ID), pathRank(b.ID)) })
		var boxes []placedBox
		for _, c := range comps {
			boxes = append(boxes, placedBox{id: c.ID, lines: d.boxLines(p, c)})
		}
		rows := d.flow(boxes)
		for _, r := range rows {
			last := r[len(r)-1]
			inner = max(inner, last.x+last.width())
		}
		tiers = append(tiers, tierLayout{t.id, t.title, rows})
	}

	title := "Users"
	if p.Name != "" && p.Name != "Your system" {
		title = OneLine(p.Name) + " users"
	}
	usersText := title + " · " + human.Count(p.Inputs.Users) + " MAU"
	d.frameW = min(width, max(inner+4, ansi.StringWidth(usersText)+4, 24))
	d.users(usersText)

	drawn := []string{"users"}
	for _, t := range tiers {
		label, dotted, to := arrowInto(p, t.id, drawn, present, tierOf)
		at := d.x
		for _, r := range t.rows {
			for _, b := range r {
				if b.id == to {
					at = 2 + b.x + b.width()/2
				}
			}
		}
		d.arrow(label, dotted, at)
		d.frame(t.title, t.rows)
		drawn = append(drawn, t.id)
	}
	return strings.Join(d.lines, "\n") + "\n"
}

// requestPath is the order a request meets the components in, the order
// boxes stand in a tier; what is not listed follows, in the plan's order.
var requestPath = []string{
	"dns", "global-lb", "cdn", "static-hosting", "api-gateway", "egress",
	"load-balancer", "app-server", "microservices", "serverless",
	"session-store", "cache", "connection-pooler", "database", "read-replica", "sharding", "cqrs",
	"search", "vector-db", "object-storage",
	"message-queue", "stream-processing", "workers",
	"multi-region", "multi-az", "backups", "autoscaling", "kubernetes", "monitoring",
}

func pathRank(id string) int {
	if i := slices.Index(requestPath, id); i >= 0 {
		return i
	}
	return len(requestPath)
}

// diagram accumulates the drawing's lines.
type diagram struct {
	width  int // the most the drawing may take
	frameW int // the frames' width: what the widest tier needs
	x      int // the column arrows start from: under the users box's tee
	lines  []string
}

// placedBox is a component's box and its column inside a frame.
type placedBox struct {
	id    string
	lines []string
	x     int
}

func (b placedBox) width() int { return ansi.StringWidth(b.lines[0]) }

// users draws the rounded box the traffic starts from, centred over the
// frames.
func (d *diagram) users(text string) {
	text = ansi.Truncate(text, d.frameW-4, "…")
	w := ansi.StringWidth(text)
	pad := strings.Repeat(" ", max(0, (d.frameW-(w+4))/2))
	mid := (w + 2) / 2
	d.x = len(pad) + 1 + mid
	d.lines = append(d.lines,
		pad+"╭"+strings.Repeat("─", w+2)+"╮",
		pad+"│ "+text+" │",
		pad+"╰"+strings.Repeat("─", mid)+"┬"+strings.Repeat("─", w+1-mid)+"╯",
	)
}

// arrow draws a downward arrow from the spine under the users box to
// column at, with its label to the right of the stem; when at is off the
// spine, the arrow turns along the way.
func (d *diagram) arrow(label string, dotted bool, at int) {
	x := d.x
	stem, run := "│", "─"
	if dotted {
		stem, run = "┊", "┄"
	}
	// The label wraps beside the stem rather than being cut.
	for _, l := range wrapLines(label, max(10, d.width-x-2), 3) {
		if l != "" {
			l = " " + l
		}
		d.lines = append(d.lines, strings.Repeat(" ", x)+stem+l)
	}
	switch {
	case at < x:
		d.lines = append(d.lines, strings.Repeat(" ", at)+"┌"+strings.Repeat(run, x-at-1)+"┘")
	case at > x:
		d.lines = append(d.lines, strings.Repeat(" ", x)+"└"+strings.Repeat(run, at-x-1)+"┐")
	}
	d.lines = append(d.lines, strings.Repeat(" ", at)+"▼")
}

// flow places boxes left to right inside the widest frame the width
// allows, wrapping to new rows.
func (d *diagram) flow(boxes []placedBox) [][]placedBox {
	inner := d.width - 4
	var rows [][]placedBox
	var row []placedBox
	x := 0
	for _, b := range boxes {
		if len(row) > 0 && x+1+b.width() > inner {
			rows = append(rows, row)
			row, x = nil, 0
		}
		if len(row) > 0 {
			x++
		}
		b.x = x
		row = append(row, b)
		x += b.width()
	}
	return append(rows, row)
}

// frame draws a tier: a titled frame holding its rows of boxes.
func (d *diagram) frame(title string, rows [][]placedBox) {
	inner := d.frameW - 4
	top := "╭─ " + title + " "
	top += strings.Repeat("─", max(0, d.frameW-1-ansi.StringWidth(top))) + "╮"
	d.lines = append(d.lines, top)
	for _, row := range rows {
		h := 0
		for _, b := range row {
			h = max(h, len(b.lines))
		}
		for i := 0; i < h; i++ {
			var sb strings.Builder
			for j, b := range row {
				if j > 0 {
					sb.WriteString(" ")
				}
				if i < len(b.lines) {
					sb.WriteString(b.lines[i])
				} else {
					sb.WriteString(strings.Repeat(" ", b.width()))
				}
			}
			line := sb.String()
			d.lines = append(d.lines, "│ "+line+strings.Repeat(" ", max(0, inner-ansi.StringWidth(line)))+" │")
		}
	}
	d.lines = append(d.lines, "╰"+strings.Repeat("─", d.frameW-2)+"╯")
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
func (d *diagram) boxLines(p *advisor.Plan, c advisor.Component) []string {
	cw := d.boxWidth() - 4
	var content []string
	content = append(content, wrapLines(OneLine(c.Name), cw, 2)...)
	detail := ""
	switch {
	case c.ID == "egress":
		detail = human.GB(p.Estimates.EgressGBPerMonth) + " a month out"
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

// arrowInto picks the arrow into a tier: its label, whether it is dotted,
// and the component it points at. The users' peak goes to the first hop
// that takes requests (a global balancer, gateway, load balancer or the
// app); the data tier gets the reads and writes the app sends, at the
// cache, pooler or database, whichever a request meets first; otherwise
// the first solid link from a tier already drawn to a component of this
// one, else the first dotted one, labelled with the component that sends
// it. The users' own traffic names no sender: it passes through every tier.
func arrowInto(p *advisor.Plan, tier string, drawn []string, present map[string]bool, tierOf map[string]string) (label string, dotted bool, to string) {
	above := drawn[len(drawn)-1]
	peak := rps(p.Inputs.PeakRPS) + " peak"
	if above == "users" {
		// Requests go first to whatever answers them at the edge: a global
		// balancer, a gateway, the load balancer, or the app itself.
		for _, id := range []string{"global-lb", "api-gateway", "load-balancer", "app-server"} {
			if present[id] && tierOf[id] == tier {
				return peak, false, id
			}
		}
	} else if tier == "data" && present["app-server"] && tierOf["app-server"] == above {
		to = "database"
		for _, id := range []string{"cache", "connection-pooler", "database"} {
			if present[id] {
				to = id
				break
			}
		}
		return human.Count(p.Estimates.ReadRPS) + " reads/s · " + human.Count(p.Estimates.WriteRPS) + " writes/s", false, to
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
				if l.label != nil {
					return l.label(p), l.dotted, l.to // the edge's own share: lookups, static files
				}
				return peak, l.dotted, l.to
			}
			text := ""
			switch {
			case l.label != nil:
				text = l.label(p)
			case l.to == "load-balancer" || l.to == "api-gateway" || l.to == "app-server":
				text = peak // an entry hop passes the users' requests on
			}
			// The arrow meets the box it feeds; its label says what sends.
			if text != "" {
				text = componentName(p, l.from) + ": " + text
			}
			return text, l.dotted, l.to
		}
	}
	return "", false, ""
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
