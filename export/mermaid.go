package export

import (
	"fmt"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// MermaidLabel escapes text for a quoted Mermaid label so that any user text
// shows as written and can never close the label or inject syntax. Mermaid
// reads #name; and #NN; codes before parsing, so '#' is escaped first and
// every other special character becomes such a code.
func MermaidLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#':
			b.WriteString("#35;")
		case '"':
			b.WriteString("#quot;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '\n':
			b.WriteString("<br>")
		case '\r', '\t':
			b.WriteByte(' ')
		case '`':
			b.WriteString("#96;")
		case '%':
			// %%{...}%% is a directive wherever it appears, even in a label.
			b.WriteString("#37;")
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteByte(' ')
				continue
			}
			if human.IsFormat(r) {
				continue // invisible, and may reorder the label
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tierTitles names the diagram's subgraphs, in drawing order.
var tierTitles = []struct{ id, title string }{
	{"edge", "Edge"}, {"web", "Web"}, {"data", "Data"}, {"async", "Async"}, {"ops", "Operations"},
}

// link is a connection drawn between two components when both are in the plan.
type link struct {
	from, to string
	label    func(p *advisor.Plan) string
	dotted   bool
}

func rps(v float64) string { return human.Count(v) + " rps" }

// links is the data path between components, in priority order: for an
// entry hop (gateway, load balancer, app servers) the first link whose ends
// are both in the plan is drawn and the rest are skipped.
var links = []link{
	{from: "users", to: "dns", label: func(p *advisor.Plan) string { return "name lookup" }, dotted: true},
	{from: "users", to: "global-lb", label: func(p *advisor.Plan) string { return rps(p.Inputs.PeakRPS) + " peak" }},
	{from: "users", to: "cdn", label: func(p *advisor.Plan) string { return "static and media" }},
	{from: "users", to: "static-hosting", label: func(p *advisor.Plan) string { return "page views" }},
	{from: "global-lb", to: "api-gateway", label: nil},
	{from: "users", to: "api-gateway", label: func(p *advisor.Plan) string { return rps(p.Inputs.PeakRPS) + " peak" }},
	{from: "api-gateway", to: "load-balancer", label: nil},
	{from: "global-lb", to: "load-balancer", label: nil},
	{from: "users", to: "load-balancer", label: func(p *advisor.Plan) string { return rps(p.Inputs.PeakRPS) + " peak" }},
	{from: "load-balancer", to: "app-server", label: nil},
	{from: "users", to: "app-server", label: func(p *advisor.Plan) string { return rps(p.Inputs.PeakRPS) + " peak" }},
	{from: "cdn", to: "object-storage", label: func(p *advisor.Plan) string { return "origin" }, dotted: true},
	{from: "app-server", to: "microservices", label: func(p *advisor.Plan) string { return "service calls" }},
	{from: "app-server", to: "session-store", label: func(p *advisor.Plan) string { return "sessions" }},
	{from: "app-server", to: "cache", label: func(p *advisor.Plan) string { return human.Count(p.Estimates.ReadRPS) + " reads/s" }},
	{from: "app-server", to: "connection-pooler", label: func(p *advisor.Plan) string { return human.Count(p.Estimates.ConcurrentRequests) + " in flight" }},
	{from: "connection-pooler", to: "database", label: func(p *advisor.Plan) string { return human.Count(p.Estimates.DBConnections) + " connections" }},
	{from: "app-server", to: "database", label: func(p *advisor.Plan) string { return dbLabel(p) }},
	{from: "database", to: "read-replica", label: func(p *advisor.Plan) string { return "replication" }, dotted: true},
	{from: "database", to: "multi-az", label: func(p *advisor.Plan) string { return "sync standby" }, dotted: true},
	{from: "database", to: "multi-region", label: func(p *advisor.Plan) string { return "cross-region replication" }, dotted: true},
	{from: "database", to: "sharding", label: nil, dotted: true},
	{from: "database", to: "vector-db", label: func(p *advisor.Plan) string { return "embeddings" }, dotted: true},
	{from: "database", to: "backups", label: func(p *advisor.Plan) string { return "snapshots" }, dotted: true},
	{from: "app-server", to: "search", label: func(p *advisor.Plan) string { return "queries" }},
	{from: "app-server", to: "object-storage", label: func(p *advisor.Plan) string { return "uploads" }},
	{from: "app-server", to: "message-queue", label: func(p *advisor.Plan) string { return human.Count(p.Estimates.WriteRPS) + " jobs/s" }},
	{from: "app-server", to: "serverless", label: func(p *advisor.Plan) string { return "background tasks" }},
	{from: "message-queue", to: "workers", label: nil},
	{from: "message-queue", to: "stream-processing", label: func(p *advisor.Plan) string { return "events" }},
	{from: "workers", to: "database", label: nil},
	{from: "database", to: "cqrs", label: func(p *advisor.Plan) string { return "write events" }, dotted: true},
}

func dbLabel(p *advisor.Plan) string {
	e := p.Estimates
	return fmt.Sprintf("%s writes/s, %s reads/s", human.Count(e.WriteRPS), human.Count(e.DBReadRPS))
}

func nodeID(id string) string { return strings.ReplaceAll(id, "-", "_") }

// nodeLabel is the text of a component's box: its name, count and size.
func nodeLabel(c advisor.Component) string {
	var parts []string
	parts = append(parts, c.Name)
	switch {
	case c.Count > 1 && c.Size != "":
		parts = append(parts, human.Count(c.Count)+" × "+c.Size)
	case c.Size != "":
		parts = append(parts, c.Size)
	case c.Count > 1:
		parts = append(parts, "× "+human.Count(c.Count))
	}
	if c.MonthlyUSD > 0 {
		parts = append(parts, human.USD(c.MonthlyUSD)+"/mo")
	}
	return strings.Join(parts, "\n")
}

// maxDiagramName is the most of a product name a diagram shows, in
// characters. Mermaid draws nothing but "Maximum text size in diagram
// exceeded" for a diagram past 50,000 characters, which a long --name
// alone would reach; the name is typed in full in the plan's title.
const maxDiagramName = 200

// shortName is the product name cut to maxDiagramName characters, with
// "…" where it was cut.
func shortName(name string) string {
	r := []rune(name)
	if len(r) <= maxDiagramName {
		return name
	}
	return strings.TrimSpace(string(r[:maxDiagramName-1])) + "…"
}

// Mermaid draws the plan's architecture as a flowchart: components grouped
// in tiers, counts and sizes on nodes, traffic on edges.
func Mermaid(p *advisor.Plan) []byte {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	title := shortName(p.Name) + " users"
	if p.Name == "Your system" {
		title = "Users"
	}
	fmt.Fprintf(&b, "  users([\"%s<br>%s MAU\"])\n", MermaidLabel(title), human.Count(p.Inputs.Users))
	present := map[string]bool{"users": true}
	for _, c := range p.Components {
		present[c.ID] = true
	}
	for _, t := range tierTitles {
		var nodes []advisor.Component
		for _, c := range p.Components {
			if c.Tier == t.id && c.ID != "egress" {
				nodes = append(nodes, c)
			}
		}
		if len(nodes) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  subgraph tier_%s[\"%s\"]\n", t.id, t.title)
		for _, c := range nodes {
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", nodeID(c.ID), MermaidLabel(nodeLabel(c)))
		}
		b.WriteString("  end\n")
	}
	// Entry hops take traffic from the first source present only: users reach
	// a global balancer, else a gateway, else a load balancer, else the app.
	single := map[string]bool{"load-balancer": true, "api-gateway": true, "app-server": true}
	fed := map[string]bool{}
	for _, l := range links {
		if !present[l.from] || !present[l.to] {
			continue
		}
		if single[l.to] && fed[l.to] {
			continue
		}
		if l.from == "app-server" && l.to == "database" && present["connection-pooler"] {
			continue
		}
		fed[l.to] = true
		arrow := "-->"
		if l.dotted {
			arrow = "-.->"
		}
		if l.label != nil {
			if text := l.label(p); text != "" {
				if l.dotted {
					fmt.Fprintf(&b, "  %s -. \"%s\" .-> %s\n", nodeID(l.from), MermaidLabel(text), nodeID(l.to))
				} else {
					fmt.Fprintf(&b, "  %s -- \"%s\" --> %s\n", nodeID(l.from), MermaidLabel(text), nodeID(l.to))
				}
				continue
			}
		}
		fmt.Fprintf(&b, "  %s %s %s\n", nodeID(l.from), arrow, nodeID(l.to))
	}
	return []byte(b.String())
}
