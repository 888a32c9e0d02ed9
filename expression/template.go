package expression

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/scaleplan/scaleplan/human"
)

// Template is text with {expression} or {expression:format} holes. Formats:
// gb (a size in GB), bytes (a size in bytes), usd, pct (a share as a
// percentage), x (a multiplier), exact (every digit, for targets like 99.95).
type Template struct {
	parts []templatePart
	// size is a guess at the rendered length, to allocate once: the last
	// rendering's and a little room, as one template's renderings differ
	// by a few digits (the source's length, holes and all, at first).
	size atomic.Int64
}

type templatePart struct {
	text   string
	expr   *Expr
	format string
}

// sizeRoom is what a rendering may take past the guess without growing.
const sizeRoom = 32

// Template compiles text with {expression} or {expression:format} holes.
func (c *Compiler) Template(src, file string, line int) (*Template, error) {
	t := &Template{}
	t.size.Store(int64(len(src) + sizeRoom))
	rest := src
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return nil, fmt.Errorf("%s:%d: unmatched } in %q", file, line, src)
			}
			if rest != "" {
				t.parts = append(t.parts, templatePart{text: rest})
			}
			return t, nil
		}
		if open > 0 {
			t.parts = append(t.parts, templatePart{text: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%s:%d: unclosed { in %q", file, line, src)
		}
		hole := rest[open+1 : open+end]
		format := ""
		if i := strings.LastIndexByte(hole, ':'); i >= 0 && isFormat(hole[i+1:]) {
			hole, format = hole[:i], hole[i+1:]
		}
		e, err := c.Expr(hole, file, line, Any)
		if err != nil {
			return nil, err
		}
		t.parts = append(t.parts, templatePart{expr: e, format: format})
		rest = rest[open+end+1:]
	}
}

func isFormat(s string) bool {
	switch s {
	case "gb", "usd", "pct", "x", "exact", "bytes":
		return true
	}
	return false
}

// Holes are the template's expressions, in order.
func (t *Template) Holes() []*Expr {
	var out []*Expr
	for _, p := range t.parts {
		if p.expr != nil {
			out = append(out, p.expr)
		}
	}
	return out
}

// Render fills the template's holes, rounding numbers for people.
func (m *Machine) Render(t *Template, env *Env) (string, error) {
	if t == nil {
		return "", nil
	}
	if len(t.parts) == 1 && t.parts[0].expr == nil {
		return t.parts[0].text, nil
	}
	var b strings.Builder
	b.Grow(int(t.size.Load()))
	for _, p := range t.parts {
		if p.expr == nil {
			b.WriteString(p.text)
			continue
		}
		// Most holes are a name or simple arithmetic: the fast path skips
		// the virtual machine and boxing the number.
		if p.expr.fastNum != nil {
			if f := p.expr.fastNum(env); finite(f) {
				b.WriteString(formatNumber(f, p.format))
				continue
			}
		}
		if p.expr.fastStr != nil {
			// A closure refuses a figure that is not finite; the virtual
			// machine below says which call gave it.
			if s, ok := p.expr.fastStr(env); ok {
				b.WriteString(s)
				continue
			}
		}
		v, err := m.run(p.expr, env)
		if err != nil {
			return "", err
		}
		if f, ok := v.(float64); ok && !finite(f) {
			return "", &NonFiniteError{Expr: p.expr, Value: f} // never "∞" or "NaN" in a sentence
		}
		b.WriteString(formatValue(v, p.format))
	}
	t.size.Store(int64(b.Len() + sizeRoom))
	return human.Articles(b.String()), nil
}

func formatValue(v any, format string) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
	return formatNumber(f, format)
}

// formatNumber writes f for people in the hole's format.
func formatNumber(f float64, format string) string {
	switch format {
	case "gb":
		return human.GB(f)
	case "usd":
		return human.USD(f)
	case "pct":
		return human.Percent(f)
	case "x":
		return human.Count(f) + "x"
	case "exact":
		return strconv.FormatFloat(f, 'g', -1, 64)
	case "bytes":
		return human.Bytes(f)
	}
	return human.Count(f)
}
