package export_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/internal/mermaidcheck"
)

// svgFixtures are the answers files whose diagrams are drawn for real: a
// small plan, the largest (every tier, two regions), and the hostile name.
// Each mmdc run starts a browser, so they are few and share one run.
var svgFixtures = []string{"01-single-server", "07-multi-region", hostileFixture}

// svgText is what an SVG shows a reader: the text of every element but
// <style>, one string per text run, whitespace collapsed.
type svgText struct {
	runs     []string
	elements map[string]int // element name (lower case) → count
	handlers []string       // on* attributes, which would run script
	links    []string       // href attributes
}

func readSVG(data []byte) (*svgText, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	st := &svgText{elements: map[string]int{}}
	var stack []string
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(tok.Name.Local)
			if root == "" {
				root = name
			}
			st.elements[name]++
			stack = append(stack, name)
			for _, a := range tok.Attr {
				attr := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(attr, "on") {
					st.handlers = append(st.handlers, name+" "+attr+"="+a.Value)
				}
				if attr == "href" {
					st.links = append(st.links, name+" href="+a.Value)
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				continue
			}
			if s := strings.Join(strings.Fields(string(tok)), " "); s != "" {
				st.runs = append(st.runs, s)
			}
		}
	}
	if root != "svg" {
		return nil, errors.New("the root element is <" + root + ">, not <svg>")
	}
	return st, nil
}

// shows reports whether one of the SVG's text runs is exactly s (whitespace
// collapsed).
func (st *svgText) shows(s string) bool {
	return slices.Contains(st.runs, strings.Join(strings.Fields(s), " "))
}

// TestMermaidRendersToSVG draws a few exported diagrams with mermaid-cli in
// Debian's Chromium (the renderer people's wikis and GitHub use) and checks
// the pictures: well-formed SVG, every node label Mermaid's parser reads is
// drawn line by line, every component's name is on it, and the hostile name
// produced no script, event handler or link.
func TestMermaidRendersToSVG(t *testing.T) {
	mermaidcheck.RequireRenderer(t)
	byName := map[string]planned{}
	for _, pl := range planAll(t) {
		byName[pl.name] = pl
	}
	var diagrams []string
	for _, name := range svgFixtures {
		pl, ok := byName[name]
		if !ok {
			t.Fatalf("no answers file %s.yaml", name)
		}
		diagrams = append(diagrams, string(export.Mermaid(pl.p)))
	}
	parsed, err := mermaidcheck.Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	svgs, err := mermaidcheck.Render(t, diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range svgFixtures {
		t.Run(name, func(t *testing.T) {
			pl := byName[name]
			if !parsed[i].OK {
				t.Fatalf("Mermaid's parser rejects the diagram: %s", parsed[i].Error)
			}
			st, err := readSVG(svgs[i])
			if err != nil {
				t.Fatalf("mmdc's output is not well-formed SVG: %v", err)
			}
			if !bytes.Contains(svgs[i], []byte(`aria-roledescription="flowchart-v2"`)) {
				t.Error("the SVG is not a drawn flowchart (no aria-roledescription=\"flowchart-v2\")")
			}
			if len(parsed[i].Labels) < 3 {
				t.Fatalf("the parser read only %d nodes", len(parsed[i].Labels))
			}
			for id, label := range parsed[i].Labels {
				for _, line := range strings.Split(label, "\n") {
					if strings.TrimSpace(line) != "" && !st.shows(line) {
						t.Errorf("node %s: the line %q of its label is not drawn", id, line)
					}
				}
			}
			for _, c := range pl.p.Components {
				if c.ID != "egress" && !st.shows(c.Name) {
					t.Errorf("component %s (%q) is not drawn", c.ID, c.Name)
				}
			}
			for _, e := range parsed[i].Edges {
				if e.Label != "" && !st.shows(e.Label) {
					t.Errorf("edge %s → %s: its label %q is not drawn", e.From, e.To, e.Label)
				}
			}
			if n := st.elements["script"]; n > 0 {
				t.Errorf("the SVG contains %d <script> element(s)", n)
			}
			if len(st.handlers) > 0 {
				t.Errorf("the SVG carries event handlers: %q", st.handlers)
			}
			if len(st.links) > 0 {
				t.Errorf("the SVG carries links: %q", st.links)
			}
			if name == hostileFixture {
				first, second, _ := strings.Cut(pl.p.Name, "\n")
				if !st.shows(first+" users") && !st.shows(first) {
					t.Errorf("the hostile name's first line %q is not drawn as written", first)
				}
				if !st.shows(second+" users") && !st.shows(second) {
					t.Errorf("the hostile name's second line %q is not drawn as written", second)
				}
			}
		})
	}
}
