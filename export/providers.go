package export

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/human"
)

// ComparisonDoc is a plan's cost on every provider, side by side.
type ComparisonDoc struct{ Comparison *advisor.ProviderComparison }

// Formats lists the comparison's formats: a table, never a diagram.
func (ComparisonDoc) Formats() []string { return []string{"md", "json", "yaml", "text"} }

// FormatsReason says why a comparison has no diagram.
func (ComparisonDoc) FormatsReason() string { return "a comparison is a table, not a diagram" }

// Render renders the comparison in format.
func (d ComparisonDoc) Render(format string, o Options) ([]byte, error) {
	c := d.Comparison
	switch format {
	case "md":
		return ComparisonMarkdown(c), nil
	case "text":
		return ComparisonText(c, o), nil
	}
	return data(format, c)
}

func cheapestText(c *advisor.ProviderComparison) string {
	for _, p := range c.Providers {
		if p.Provider == c.Cheapest {
			return fmt.Sprintf("%s at %s a month", p.Name, human.USD(p.MonthlyUSD))
		}
	}
	return c.Cheapest
}

func chosenName(c *advisor.ProviderComparison) string {
	for _, p := range c.Providers {
		if p.Provider == c.Chosen {
			return p.Name
		}
	}
	return c.Chosen
}

// ComparisonMarkdown is the side-by-side cost table as a document.
func ComparisonMarkdown(c *advisor.ProviderComparison) []byte {
	w := &mdWriter{}
	w.line("# %s: cost by provider", MarkdownText(c.Name))
	w.line("")
	w.line("**Stage %d (0–8): %s** (`%s`). The same %d components on every provider; only the products and their prices differ. Cheapest: **%s**; the answers chose %s.",
		c.Stage.Number, MarkdownText(c.Stage.Name), c.Stage.ID, len(c.Components), MarkdownText(cheapestText(c)), MarkdownText(chosenName(c)))
	w.line("")
	header := []string{"Component", "Count"}
	for _, p := range c.Providers {
		header = append(header, MarkdownText(p.Name))
	}
	rows := [][]string{}
	for _, comp := range c.Components {
		row := []string{cell(comp.Name), human.Count(comp.Count)}
		for _, on := range comp.Prices {
			v := human.USD(on.MonthlyUSD)
			if on.Size != "" {
				v += " (" + MarkdownText(on.Size) + ")"
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	band := func(label string, f func(advisor.ProviderCost) string) {
		row := []string{label, "—"}
		for _, p := range c.Providers {
			row = append(row, f(p))
		}
		rows = append(rows, row)
	}
	band("**Typical** (on demand)", func(p advisor.ProviderCost) string { return "**" + human.USD(p.MonthlyUSD) + "**" })
	band("Low (one-year commitments)", func(p advisor.ProviderCost) string { return human.USD(p.LowUSD) })
	band("High (headroom)", func(p advisor.ProviderCost) string { return human.USD(p.HighUSD) })
	band("Prices", func(p advisor.ProviderCost) string { return MarkdownText(p.Region) + ", as of " + MarkdownText(p.AsOf) })
	w.table(header, rows)
	w.line("")
	w.line("Low bands:")
	w.line("")
	for _, p := range c.Providers {
		w.bullet(fmt.Sprintf("%s: %s.", MarkdownText(p.Name), MarkdownText(p.LowBasis)))
	}
	w.line("")
	w.line("Catalog items that a provider does not sell are priced as the closest self-run equivalent; each catalog's notes say which (`knowledge/data/prices/`).")
	return w.b.Bytes()
}

// ComparisonText is the side-by-side cost table for a terminal: one column
// per provider, costs only.
func ComparisonText(c *advisor.ProviderComparison, o Options) []byte {
	width := o.Width
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	s := newTextStyles(o.Dark)
	var b strings.Builder
	title := fmt.Sprintf("%s — stage %d (0–8): %s — cost by provider", OneLine(c.Name), c.Stage.Number, c.Stage.Name)
	fmt.Fprintf(&b, "%s\n", s.title.Render(truncate(title, width)))
	fmt.Fprintf(&b, "%s\n\n", s.dim.Render(lipgloss.Wrap("Cheapest: "+cheapestText(c)+"; the answers chose "+chosenName(c)+".", width, " ")))
	col := 13
	nameW := max(12, width-col*len(c.Providers))
	line := func(name string, cells []string, st lipgloss.Style) {
		out := fmt.Sprintf("%-*s", nameW, truncate(name, nameW-1))
		for _, v := range cells {
			out += fmt.Sprintf("%*s", col, v)
		}
		fmt.Fprintf(&b, "%s\n", st.Render(strings.TrimRight(out, " ")))
	}
	names := make([]string, len(c.Providers))
	for i, p := range c.Providers {
		names[i] = truncate(p.Name, col-1)
	}
	line("", names, s.heading)
	for _, comp := range c.Components {
		cells := make([]string, len(comp.Prices))
		for i, on := range comp.Prices {
			cells[i] = human.USD(on.MonthlyUSD)
		}
		line(human.Count(comp.Count)+" × "+comp.Name, cells, lipgloss.NewStyle())
	}
	total := func(label string, f func(advisor.ProviderCost) float64, st lipgloss.Style) {
		cells := make([]string, len(c.Providers))
		for i, p := range c.Providers {
			cells[i] = human.USD(f(p))
		}
		line(label, cells, st)
	}
	total("Typical (on demand)", func(p advisor.ProviderCost) float64 { return p.MonthlyUSD }, s.heading)
	total("Low (commitments)", func(p advisor.ProviderCost) float64 { return p.LowUSD }, s.dim)
	total("High (headroom)", func(p advisor.ProviderCost) float64 { return p.HighUSD }, s.dim)
	b.WriteString("\n")
	for _, p := range c.Providers {
		fmt.Fprintf(&b, "%s\n", s.dim.Render(lipgloss.Wrap(fmt.Sprintf("%s: %s prices as of %s.", p.Name, p.Region, p.AsOf), width, " ")))
	}
	return []byte(b.String())
}
