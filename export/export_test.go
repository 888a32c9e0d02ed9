package export_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/mermaidcheck"
	"github.com/scaleplan/scaleplan/knowledge"
)

// answersDir holds the answers files every export test renders: one per
// stage of the ladder plus a few realistic and hostile ones.
var answersDir = filepath.Join("..", "testdata", "answers")

// textOptions fixes the terminal summary's shape so goldens do not depend on
// the terminal the tests run in.
var textOptions = export.Options{Width: 80, Dark: true}

// hostileFixture is the answers file whose name is full of syntax.
const hostileFixture = "hostile-name"

type fixture struct {
	name string // file name without .yaml
	a    answers.Answers
}

func loadFixtures(tb testing.TB) []fixture {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(answersDir, "*.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) < 9 {
		tb.Fatalf("want at least one answers file per stage in %s, found %d", answersDir, len(files))
	}
	slices.Sort(files)
	out := make([]fixture, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := answers.Parse(filepath.Base(f), data)
		if err != nil {
			tb.Fatalf("answers file does not parse: %v", err)
		}
		out = append(out, fixture{name: strings.TrimSuffix(filepath.Base(f), ".yaml"), a: a})
	}
	return out
}

func newAdvisor(tb testing.TB) *advisor.Advisor {
	tb.Helper()
	kb, err := knowledge.Default()
	if err != nil {
		tb.Fatalf("the embedded knowledge base does not load: %v", err)
	}
	return advisor.New(kb)
}

type planned struct {
	fixture
	p *advisor.Plan
}

// planAll advises every answers file with one advisor.
func planAll(tb testing.TB) []planned {
	tb.Helper()
	ad := newAdvisor(tb)
	var out []planned
	for _, f := range loadFixtures(tb) {
		p, err := ad.Advise(f.a)
		if err != nil {
			tb.Fatalf("%s: Advise: %v", f.name, err)
		}
		out = append(out, planned{f, p})
	}
	return out
}

func render(tb testing.TB, p *advisor.Plan, format string) []byte {
	tb.Helper()
	out, err := export.Render(export.PlanDoc{Plan: p}, format, textOptions)
	if err != nil {
		tb.Fatalf("Render(%s): %v", format, err)
	}
	return out
}

// TestGolden pins every format of every answers file. Review a change with
// `go test ./export -run TestGolden -update` and a diff of testdata/TestGolden.
func TestGolden(t *testing.T) {
	for _, pl := range planAll(t) {
		for _, format := range (export.PlanDoc{}).Formats() {
			t.Run(pl.name+"/"+format, func(t *testing.T) {
				golden.RequireEqual(t, render(t, pl.p, format))
			})
		}
	}
}

func TestRenderRejectsUnknownFormat(t *testing.T) {
	p := planAll(t)[0].p
	_, err := export.Render(export.PlanDoc{Plan: p}, "pdf", textOptions)
	if err == nil || !strings.Contains(err.Error(), "md, mermaid, json, yaml or text") {
		t.Errorf("Render(pdf) error = %v, want one listing the formats", err)
	}
}

// TestRenderingIsDeterministic: the same answers give byte-identical output
// from separate Advise calls, with separate advisors, and whatever the
// number of OS threads.
func TestRenderingIsDeterministic(t *testing.T) {
	renderAll := func() map[string][]byte {
		out := map[string][]byte{}
		for _, f := range loadFixtures(t) {
			p, err := newAdvisor(t).Advise(f.a)
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			for _, format := range (export.PlanDoc{}).Formats() {
				out[f.name+"/"+format] = render(t, p, format)
			}
		}
		return out
	}
	first := renderAll()
	second := renderAll()
	prev := runtime.GOMAXPROCS(1)
	single := renderAll()
	runtime.GOMAXPROCS(prev)

	for key, want := range first {
		if got := second[key]; !bytes.Equal(got, want) {
			t.Errorf("%s: a second Advise and render differ from the first", key)
		}
		if got := single[key]; !bytes.Equal(got, want) {
			t.Errorf("%s: rendering with GOMAXPROCS(1) differs from GOMAXPROCS(%d)", key, prev)
		}
	}
}

// mermaidBlock extracts the architecture diagram, the ```mermaid fenced
// block of the Architecture section, from a Markdown export. (A plan with
// growth has more diagrams, in its Growth section: see growth_test.go.)
func mermaidBlock(tb testing.TB, md []byte) string {
	tb.Helper()
	s := string(md)
	section := strings.Index(s, "\n## Architecture\n")
	if section < 0 {
		tb.Fatal("the Markdown has no Architecture section")
	}
	s = s[section+1:]
	if next := strings.Index(s[3:], "\n## "); next >= 0 {
		s = s[:next+4]
	}
	const open = "\n```mermaid\n"
	i := strings.Index(s, open)
	if i < 0 {
		tb.Fatal("the Markdown has no ```mermaid block")
	}
	body := s[i+len(open):]
	j := strings.Index(body, "\n```\n")
	if j < 0 {
		tb.Fatal("the ```mermaid block is not closed")
	}
	if strings.Count(s, "```mermaid") != 1 {
		tb.Fatal("the Architecture section has more than one ```mermaid block")
	}
	return body[:j+1]
}

// TestMermaidDiagramsParse runs every exported diagram (the mermaid format
// and the block inside each Markdown export) through Mermaid's own parser in
// one batch.
func TestMermaidDiagramsParse(t *testing.T) {
	mermaidcheck.Require(t)
	plans := planAll(t)
	type item struct {
		label string
		p     *advisor.Plan
		name  string
	}
	var items []item
	var diagrams []string
	for _, pl := range plans {
		mmd := string(export.Mermaid(pl.p))
		block := mermaidBlock(t, export.Markdown(pl.p))
		if block != mmd {
			t.Errorf("%s: the Markdown's diagram differs from the mermaid export:\n%s\nvs\n%s", pl.name, block, mmd)
		}
		items = append(items, item{pl.name + "/mermaid", pl.p, pl.name}, item{pl.name + "/md", pl.p, pl.name})
		diagrams = append(diagrams, mmd, block)
	}
	results, err := mermaidcheck.Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		r := results[i]
		t.Run(it.label, func(t *testing.T) {
			if !r.OK {
				t.Fatalf("Mermaid rejects the diagram: %s\n%s", r.Error, diagrams[i])
			}
			if r.Type != "flowchart-v2" {
				t.Errorf("diagram type %q, want flowchart-v2", r.Type)
			}
			// Every edge joins two drawn nodes: a misspelt id would make
			// Mermaid invent an empty box.
			for _, e := range r.Edges {
				for _, end := range []string{e.From, e.To} {
					if _, ok := r.Labels[end]; !ok {
						t.Errorf("edge %s → %s: %q is not a node", e.From, e.To, end)
					}
				}
				if e.From == e.To {
					t.Errorf("edge %s → %s loops on itself", e.From, e.To)
				}
			}
			for id, label := range r.Labels {
				if strings.TrimSpace(label) == "" || label == id {
					t.Errorf("node %s has no label of its own (%q): an edge names a node that was never declared", id, label)
				}
			}
			// The users box shows the product's name as given, newlines and all.
			users, ok := r.Labels["users"]
			if !ok {
				t.Fatalf("no users node; nodes: %v", keys(r.Labels))
			}
			wantUsers := it.p.Name + " users\n"
			if it.p.Name == "Your system" {
				wantUsers = "Users\n"
			}
			if !strings.HasPrefix(users, wantUsers) || !strings.HasSuffix(users, " MAU") {
				t.Errorf("users label = %q, want %q followed by the MAU", users, wantUsers)
			}
			if !strings.Contains(users, it.p.Name) {
				t.Errorf("users label %q lost the product name %q", users, it.p.Name)
			}
			// Each component (but egress, which is a bill, not a box) is a
			// node whose first line is its name.
			for _, c := range it.p.Components {
				if c.ID == "egress" {
					continue
				}
				id := strings.ReplaceAll(c.ID, "-", "_")
				got, ok := r.Labels[id]
				if !ok {
					t.Errorf("component %s has no node %s", c.ID, id)
					continue
				}
				if first, _, _ := strings.Cut(got, "\n"); first != c.Name {
					t.Errorf("node %s reads %q, want it to start with %q", id, got, c.Name)
				}
			}
			if len(it.p.Components) > 1 && len(r.Edges) == 0 {
				t.Error("a plan with several components draws no edges")
			}
		})
	}
	// The hostile name must have been among them.
	if !slices.ContainsFunc(items, func(it item) bool { return it.name == hostileFixture }) {
		t.Errorf("no %s.yaml among the answers files", hostileFixture)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestMarkdownLints runs every Markdown export through markdownlint-cli2 with
// the repository's configuration.
func TestMarkdownLints(t *testing.T) {
	mermaidcheck.Require(t)
	docs := map[string][]byte{}
	for _, pl := range planAll(t) {
		docs[pl.name+".md"] = export.Markdown(pl.p)
	}
	if problems := mermaidcheck.Lint(t, docs); len(problems) != 0 {
		t.Errorf("markdownlint found %d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// markdownParser reads Markdown the way GitHub does for what the exports use:
// CommonMark plus GFM tables and strikethrough.
var markdownParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

func parseMarkdown(src []byte) ast.Node {
	return markdownParser.Parser().Parse(text.NewReader(src))
}

// plainText is the text a reader sees for an inline subtree: backslash
// escapes and entities resolved by goldmark's own HTML writer.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			var buf bytes.Buffer
			w := bufio.NewWriter(&buf)
			html.DefaultWriter.Write(w, c.Value(src))
			_ = w.Flush()
			b.WriteString(stdhtml.UnescapeString(buf.String()))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				s := c.Segments.At(i)
				b.Write(s.Value(src))
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// unescapedPipe splits a raw table line into cells the way GFM does: on
// pipes not escaped by a backslash.
func rawCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	var cells []string
	var cur strings.Builder
	escaped := false
	for _, r := range line {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '|':
			cells = append(cells, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	if strings.TrimSpace(cur.String()) != "" {
		cells = append(cells, cur.String())
	}
	return cells
}

// rawTables returns the raw lines of each table in a document: runs of lines
// starting with "|" outside fenced code.
func rawTables(md string) [][]string {
	var tables [][]string
	var cur []string
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if !fenced && strings.HasPrefix(line, "|") {
			cur = append(cur, line)
			continue
		}
		if len(cur) > 0 {
			tables = append(tables, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		tables = append(tables, cur)
	}
	return tables
}

// expectedTitle is the document title for a product name: line breaks become
// spaces, as they must in a one-line heading.
func expectedTitle(name string) string {
	return oneLineText(name) + ": architecture plan"
}

// oneLineText is s as MarkdownText promises to show it: newlines, returns
// and tabs as spaces, other control characters dropped, ends trimmed.
func oneLineText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || human.IsFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// TestMarkdownStructure parses every Markdown export as GitHub would and
// checks what a reader relies on: one title naming the product, whole
// tables, and user text shown as text, never as HTML or links.
func TestMarkdownStructure(t *testing.T) {
	for _, pl := range planAll(t) {
		t.Run(pl.name, func(t *testing.T) {
			md := export.Markdown(pl.p)
			doc := parseMarkdown(md)

			var h1s []*ast.Heading
			var tables []*extast.Table
			_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.Heading:
					if n.Level == 1 {
						h1s = append(h1s, n)
					}
				case *extast.Table:
					tables = append(tables, n)
				case *ast.RawHTML, *ast.HTMLBlock:
					t.Errorf("raw HTML in the document: %q", plainText(n, md))
				case *ast.Link, *ast.Image, *ast.AutoLink:
					t.Errorf("a link in the document (%s): %q", n.Kind(), plainText(n, md))
				}
				return ast.WalkContinue, nil
			})

			if len(h1s) != 1 {
				t.Fatalf("%d level-1 headings, want exactly one title", len(h1s))
			}
			want := expectedTitle(pl.p.Name)
			if got := plainText(h1s[0], md); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			for c := h1s[0].FirstChild(); c != nil; c = c.NextSibling() {
				if c.Kind() != ast.KindText {
					t.Errorf("the title contains a %s node: user text was read as Markdown syntax", c.Kind())
				}
			}

			raw := rawTables(string(md))
			if len(raw) != len(tables) {
				t.Fatalf("%d tables in the source, goldmark sees %d: a table was broken", len(raw), len(tables))
			}
			for ti, lines := range raw {
				header := rawCells(lines[0])
				if len(lines) < 2 || len(rawCells(lines[1])) != len(header) {
					t.Errorf("table %d: the delimiter row does not match the header %q", ti+1, lines[0])
				}
				for _, line := range lines[2:] {
					if got := len(rawCells(line)); got != len(header) {
						t.Errorf("table %d: row has %d cells, the header %d:\n%s\n%s", ti+1, got, len(header), lines[0], line)
					}
				}
				// goldmark agrees: a header plus one row per body line.
				rows := 0
				for c := tables[ti].FirstChild(); c != nil; c = c.NextSibling() {
					if c.Kind() == extast.KindTableRow {
						rows++
					}
				}
				if rows != len(lines)-2 {
					t.Errorf("table %d: %d body lines in the source, goldmark reads %d rows", ti+1, len(lines)-2, rows)
				}
			}
			if len(tables) < 4 {
				t.Errorf("only %d tables; want at least components, cost, assumptions and estimates", len(tables))
			}
		})
	}
}

// TestHostileNameSurvivesEveryFormat: the product name full of Markdown,
// HTML, Mermaid and shell syntax comes back as written wherever the format
// can carry it.
func TestHostileNameSurvivesEveryFormat(t *testing.T) {
	var pl planned
	for _, p := range planAll(t) {
		if p.name == hostileFixture {
			pl = p
		}
	}
	if pl.p == nil {
		t.Fatalf("no %s.yaml", hostileFixture)
	}
	name := pl.p.Name
	for _, part := range []string{`"`, "#", "<script>", "&", "|", "`", "$", "*", "[x](y)", "\n"} {
		if !strings.Contains(name, part) {
			t.Fatalf("the hostile name %q lacks %q: the fixture no longer tests it", name, part)
		}
	}
	md := export.Markdown(pl.p)
	// Outside the diagram (fenced code, shown literally) nothing of the name
	// may be left as syntax: the structure test parses it; here, the raw text.
	prose := strings.Replace(string(md), mermaidBlock(t, md), "", 1)
	for _, bad := range []string{"<script>", "[x](y)", " `rm", " *bold*", " _it_"} {
		if strings.Contains(prose, bad) {
			t.Errorf("the Markdown outside the diagram contains %q unescaped", bad)
		}
	}
	mmd := export.Mermaid(pl.p)
	for _, bad := range []string{"<script>", `"Best"`, "`"} {
		if bytes.Contains(mmd, []byte(bad)) {
			t.Errorf("the Mermaid contains %q unescaped", bad)
		}
	}
	var fromJSON struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(export.JSON(pl.p), &fromJSON); err != nil || fromJSON.Name != name {
		t.Errorf("JSON name = %q (%v), want %q", fromJSON.Name, err, name)
	}
	var fromYAML struct {
		Name string `yaml:"name"`
	}
	if err := yaml.Unmarshal(export.YAML(pl.p), &fromYAML); err != nil || fromYAML.Name != name {
		t.Errorf("YAML name = %q (%v), want %q", fromYAML.Name, err, name)
	}
	// The title wraps at the width, so read it back as the lines before the
	// indented reason, joined.
	var title []string
	for _, line := range strings.Split(ansi.Strip(string(export.Text(pl.p, textOptions))), "\n") {
		if strings.HasPrefix(line, "  ") {
			break
		}
		title = append(title, line)
	}
	if got := strings.Join(title, " "); !strings.Contains(got, strings.Join(strings.Fields(name), " ")) {
		t.Errorf("the text summary's title %q does not show the name with its line breaks as spaces", got)
	}
}

// TestTextFitsTheWidth: the terminal summary wraps at the width it is given,
// whatever the name and numbers.
func TestTextFitsTheWidth(t *testing.T) {
	for _, pl := range planAll(t) {
		for _, width := range []int{40, 80, 120} {
			t.Run(fmt.Sprintf("%s/width %d", pl.name, width), func(t *testing.T) {
				out := string(export.Text(pl.p, export.Options{Width: width, Dark: true}))
				for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if w := ansi.StringWidth(line); w > width {
						t.Errorf("line %d is %d columns wide, over %d: %q", i+1, w, width, ansi.Strip(line))
					}
				}
			})
		}
	}
}

// keyPaths lists every map key path in a decoded document, lists collapsed
// to "[]", so two encodings of one structure can be compared.
func keyPaths(v any, prefix string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			out[prefix+"."+k] = true
			keyPaths(x, prefix+"."+k, out)
		}
	case []any:
		for _, x := range v {
			keyPaths(x, prefix+"[]", out)
		}
	}
}

// TestYAMLMatchesJSON: the YAML export has the same structure and names as
// the JSON one, so scripts can switch between them.
func TestYAMLMatchesJSON(t *testing.T) {
	for _, pl := range planAll(t) {
		t.Run(pl.name, func(t *testing.T) {
			var j, y any
			if err := json.Unmarshal(export.JSON(pl.p), &j); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			if err := yaml.Unmarshal(export.YAML(pl.p), &y); err != nil {
				t.Fatalf("YAML: %v", err)
			}
			jp, yp := map[string]bool{}, map[string]bool{}
			keyPaths(j, "", jp)
			keyPaths(y, "", yp)
			for k := range jp {
				if !yp[k] {
					t.Errorf("JSON has %s, YAML does not", k)
				}
			}
			for k := range yp {
				if !jp[k] {
					t.Errorf("YAML has %s, JSON does not", k)
				}
			}
		})
	}
}

// mermaidShown is what a reader should see for a label escaped with
// MermaidLabel: the text as given, with returns, tabs and other control
// characters as spaces (newlines stay line breaks), and the ends trimmed of
// whitespace the way Mermaid trims every label (JavaScript's String.trim, on
// the label as written, so a line break, written <br>, is never trimmed).
func mermaidShown(s string) string {
	return strings.TrimFunc(mermaidMapped(s), isJSSpace)
}

// isJSSpace is JavaScript's idea of whitespace for String.prototype.trim,
// less the newline, which a label carries as <br>.
func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

// mermaidMapped is s with MermaidLabel's character mapping and nothing else:
// returns, tabs and other control characters become spaces, and invisible
// format characters (human.IsFormat) are dropped.
func mermaidMapped(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case human.IsFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mermaidCode matches the codes MermaidLabel may write: Mermaid's named
// codes, numeric character codes, and <br> for a line break.
var mermaidCode = regexp.MustCompile(`#(quot|amp|lt|gt|[0-9]{1,7});|<br>`)

// decodeMermaidLabel undoes MermaidLabel's codes.
func decodeMermaidLabel(s string) string {
	return mermaidCode.ReplaceAllStringFunc(s, func(c string) string {
		switch c {
		case "#quot;":
			return `"`
		case "#amp;":
			return "&"
		case "#lt;":
			return "<"
		case "#gt;":
			return ">"
		case "<br>":
			return "\n"
		}
		n, err := strconv.Atoi(c[1 : len(c)-1])
		if err != nil || !utf8.ValidRune(rune(n)) || n < 0x20 {
			return c // not a character Mermaid would show
		}
		return string(rune(n))
	})
}

// checkMermaidLabel is the property FuzzMermaidLabel checks: the escaped text
// sits inside A["..."] without closing it, breaking the line, or leaving a
// character Mermaid or HTML would read as syntax; and it decodes back.
func checkMermaidLabel(t *testing.T, s string) {
	t.Helper()
	label := export.MermaidLabel(s)
	node := `A["` + label + `"]`
	inside := node[3 : len(node)-2]
	if strings.ContainsAny(inside, "\"\n\r") {
		t.Fatalf("MermaidLabel(%q) = %q: a raw quote or line break inside the label", s, label)
	}
	bare := mermaidCode.ReplaceAllString(label, "")
	if i := strings.IndexAny(bare, "#<>&`"); i >= 0 {
		t.Fatalf("MermaidLabel(%q) = %q leaves %q unescaped", s, label, bare[i])
	}
	for _, r := range bare {
		if r < 0x20 || r == 0x7f {
			t.Fatalf("MermaidLabel(%q) = %q keeps control character %U", s, label, r)
		}
	}
	if got, want := decodeMermaidLabel(label), mermaidMapped(s); got != want {
		t.Fatalf("MermaidLabel(%q) = %q decodes to %q, want %q", s, label, got, want)
	}
}

func FuzzMermaidLabel(f *testing.F) {
	for _, s := range []string{"", "Acme", `say "hi"`, "a\nb", "#1;", "&#35;", "<b>x</b>", "`code`", "%%{init: {}}%%", "tab\there", "\x00\x7f", "é中🚀"} {
		f.Add(s)
	}
	f.Fuzz(checkMermaidLabel)
}

// labelSamples are ~200 strings (fixed seed) mixing what breaks labels:
// quotes, codes, HTML, Mermaid syntax, control characters and unicode.
func labelSamples() []string {
	fixed := []string{
		"Acme", `He said "hi"`, "#quot;", "#1;", "&#35;", "&amp;", "C# & F#", "<b>bold</b>", "a<br>b",
		"line one\nline two", "tab\tand\rreturn", "end", "subgraph", "A --> B", "x]; B[y", `"]:::cls`,
		"%%{init: {'theme':'dark'}}%%", "50%% {a}%% off", "a %%{wrap}%% b", "%% comment", "100%", "f(x) {y} [z]", "`**md**`", "a;b;c", "50% off",
		"é ü ß", "中文标签", "🚀🔥 launch", "עברית", "e\u0301", "zero\u200bwidth", "nbsp\u00a0here", " \u3000ideographic space\ufeff", "next\u0085line",
		"\x01\x02\x1f\x7f", "  padded  ", "#", "&", ";", "#35", "##;", "#;", "&#;", "\\", "\\n",
	}
	alphabet := []rune("abcXYZ019 #;&\"'<>`%{}[]()|:-=.!*_~$\\/\n\t\r\x01\x1b\x7féü中🚀א\u00a0\u200b")
	rng := rand.New(rand.NewPCG(20260101, 42))
	out := slices.Clone(fixed)
	for len(out) < 200 {
		n := 1 + rng.IntN(24)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestMermaidLabelRoundTrip feeds the samples through Mermaid's parser, each
// as a node and an edge label, and requires the reader to see the text as
// given.
func TestMermaidLabelRoundTrip(t *testing.T) {
	mermaidcheck.Require(t)
	samples := labelSamples()
	diagrams := make([]string, len(samples))
	for i, s := range samples {
		checkMermaidLabel(t, s)
		l := export.MermaidLabel(s)
		diagrams[i] = "flowchart LR\n  A[\"" + l + "\"]\n  A -- \"" + l + "\" --> B[\"b\"]\n"
	}
	results, err := mermaidcheck.Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range samples {
		r := results[i]
		want := mermaidShown(s)
		if !r.OK {
			t.Errorf("label %q: Mermaid rejects the diagram: %s\n%s", s, r.Error, diagrams[i])
			continue
		}
		if got := r.Labels["A"]; got != want {
			t.Errorf("node label %q: Mermaid shows %q, want %q (markup %q)", s, got, want, r.LabelMarkup["A"])
		}
		if len(r.Edges) != 1 {
			t.Errorf("label %q: %d edges, want 1", s, len(r.Edges))
		} else if got := r.Edges[0].Label; got != want {
			t.Errorf("edge label %q: Mermaid shows %q, want %q", s, got, want)
		}
		if len(r.Labels) != 2 {
			t.Errorf("label %q: nodes %v, want only A and B", s, keys(r.Labels))
		}
	}
}

// checkMarkdownCell is the property FuzzMarkdownText checks: MarkdownText(s)
// as the middle cell of a three-column GFM table stays one cell, leaves its
// neighbours alone, and shows s (on one line, trimmed).
func checkMarkdownCell(t testing.TB, s string) {
	t.Helper()
	cell := export.MarkdownText(s)
	if strings.ContainsAny(cell, "\n\r") {
		t.Fatalf("MarkdownText(%q) = %q keeps a line break", s, cell)
	}
	src := []byte("| left | text | right |\n| --- | --- | --- |\n| L | " + cell + " | R |\n")
	doc := parseMarkdown(src)
	table, ok := doc.FirstChild().(*extast.Table)
	if !ok || doc.FirstChild().NextSibling() != nil {
		t.Fatalf("MarkdownText(%q) = %q: the document is no longer one table", s, cell)
	}
	row := table.LastChild()
	if row.Kind() != extast.KindTableRow {
		t.Fatalf("MarkdownText(%q) = %q: the table lost its body row", s, cell)
	}
	var cells []string
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		cells = append(cells, plainText(c, src))
	}
	want := oneLineText(s)
	if len(cells) != 3 || cells[0] != "L" || cells[2] != "R" {
		t.Fatalf("MarkdownText(%q) = %q: row cells %q, want [L %q R]", s, cell, cells, want)
	}
	if cells[1] != want {
		t.Fatalf("MarkdownText(%q) = %q: the cell shows %q, want %q", s, cell, cells[1], want)
	}
	_ = ast.Walk(row, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() != ast.KindText && n.Kind() != extast.KindTableRow && n.Kind() != extast.KindTableCell {
			t.Fatalf("MarkdownText(%q) = %q: the cell contains a %s node", s, cell, n.Kind())
		}
		return ast.WalkContinue, nil
	})
}

func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"", "plain", "a | b", `\|`, "*x* _y_", "[x](y)", "<script>", "&amp;", "`c`", "~~d~~", "$x$", "# h", "a\nb", "\\", "![i](j)", "<http://x>", "é中🚀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Inputs of any length: the check grows linearly, under 10 ms for
		// the worst 100 KB cell (BenchmarkMarkdownCellCheck). A fuzzer at
		// "0/sec" is minimizing a new input, runs it does not count; a bare
		// "context deadline exceeded" is its coordinator's race at the
		// deadline (go.dev/issue/75804), which .ci/run fuzzes again.
		if !utf8.ValidString(s) {
			// MarkdownText reads runes: invalid bytes become U+FFFD, which the
			// expectation below models only for valid text.
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		checkMarkdownCell(t, s)
	})
}

// longCells are cells of about n bytes made of the characters Markdown
// reads as syntax, repeated and nested, to hold MarkdownText and the parse
// of its cell to linear time.
func longCells(n int) []struct{ name, s string } {
	rep := func(unit string) string { return strings.Repeat(unit, n/len(unit)) }
	return []struct{ name, s string }{
		{"backslashes", rep(`\`)},
		{"pipes", rep("|")},
		{"backticks", rep("`` ` ")},
		{"nested brackets", strings.Repeat("[", n/2) + strings.Repeat("](x)", n/8)},
		{"angle brackets", rep("<a ")},
		{"emphasis", rep("*_a ")},
		{"entities", rep("&#x")},
		{"mixed", rep("\\|`[<*_&#](!~$\n")},
	}
}

// TestMarkdownTextLongCells: a 100 KB cell of syntax characters stays one
// cell showing its text, as a short one does.
func TestMarkdownTextLongCells(t *testing.T) {
	for _, c := range longCells(100_000) {
		t.Run(c.name, func(t *testing.T) { checkMarkdownCell(t, c.s) })
	}
}

var markdownSink string

// longCellSizes are 10 KB and 100 KB: linear work takes ten times as long
// on the second, the same bytes a second.
var longCellSizes = []int{10_000, 100_000}

// BenchmarkMarkdownText escapes long cells of syntax characters.
func BenchmarkMarkdownText(b *testing.B) {
	for _, n := range longCellSizes {
		for _, c := range longCells(n) {
			b.Run(fmt.Sprintf("%dKB/%s", n/1000, c.name), func(b *testing.B) {
				b.SetBytes(int64(len(c.s)))
				for b.Loop() {
					markdownSink = export.MarkdownText(c.s)
				}
			})
		}
	}
}

// BenchmarkMarkdownCellCheck runs what FuzzMarkdownText runs on each input
// (escaping, then parsing the table with goldmark and reading its cells) on
// long cells of syntax characters.
func BenchmarkMarkdownCellCheck(b *testing.B) {
	for _, n := range longCellSizes {
		for _, c := range longCells(n) {
			b.Run(fmt.Sprintf("%dKB/%s", n/1000, c.name), func(b *testing.B) {
				b.SetBytes(int64(len(c.s)))
				for b.Loop() {
					checkMarkdownCell(b, c.s)
				}
			})
		}
	}
}

func TestMarkdownTextExamples(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is unchanged", "Acme shop", "Acme shop"},
		{"emphasis markers are escaped", "*a* _b_", `\*a\* \_b\_`},
		{"a link is shown, not followed", "[x](y)", `\[x\](y)`},
		{"HTML is shown, not run", "<script>", `\<script\>`},
		{"a pipe cannot split a table cell", "a | b", `a \| b`},
		{"line breaks become spaces and ends are trimmed", "\n one\ntwo\t", "one two"},
		{"control characters are dropped", "a\x00b\x1bc", "abc"},
		{"bidi overrides and other format characters are dropped", "a\u202eb\u2066c\u200bd\ufeff", "abcd"},
		{"an emoji's joiner stays", "👩\u200d💻", "👩\u200d💻"},
		{"an empty value stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := export.MarkdownText(tt.in); got != tt.want {
				t.Errorf("MarkdownText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkMarkdownCell(t, tt.in)
		})
	}
}

func TestFormatFromPath(t *testing.T) {
	tests := []struct {
		path, want string
		ok         bool
	}{
		{"plan.md", "md", true}, {"PLAN.MARKDOWN", "md", true}, {"arch.mmd", "mermaid", true},
		{"a.mermaid", "mermaid", true}, {"p.json", "json", true}, {"p.yml", "yaml", true},
		{"p.yaml", "yaml", true}, {"p.txt", "text", true}, {"plan", "", false}, {"p.pdf", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := export.FormatFromPath(export.PlanDoc{}, tt.path)
			if got != tt.want || ok != tt.ok {
				t.Errorf("FormatFromPath(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
			}
		})
	}
}

var renderSink []byte

// BenchmarkRender renders the 2M-user plan in each format.
func BenchmarkRender(b *testing.B) {
	a := answers.Answers{}
	if err := a.Set(answers.Users, "2M"); err != nil {
		b.Fatal(err)
	}
	p, err := newAdvisor(b).Advise(a)
	if err != nil {
		b.Fatal(err)
	}
	doc := export.PlanDoc{Plan: p}
	for _, format := range doc.Formats() {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := export.Render(doc, format, textOptions)
				if err != nil {
					b.Fatal(err)
				}
				renderSink = out
			}
		})
	}
}

func ExampleMarkdownText() {
	fmt.Println(export.MarkdownText("Bob's *best* <shop> | #1"))
	// Output: Bob's \*best\* \<shop\> \| \#1
}

// TestYAMLFloatsReadAsNumbersEverywhere: a float with an exponent and no
// decimal point (1e+09) is a string to YAML 1.1 readers such as PyYAML;
// every float in a plan's YAML has its point.
func TestYAMLFloatsReadAsNumbersEverywhere(t *testing.T) {
	p := advise(t, "users", "1M", "object_gb", "1B", "growth", "1000")
	out, err := export.Render(export.PlanDoc{Plan: p}, "yaml", textOptions)
	if err != nil {
		t.Fatal(err)
	}
	bare := regexp.MustCompile(`(?m):\s+-?[0-9]+[eE][-+]?[0-9]+$`)
	if m := bare.FindString(string(out)); m != "" {
		t.Errorf("YAML float without a point: %q", m)
	}
	if !strings.Contains(string(out), "1.0e+09") {
		t.Error("the files kept at 1B GB are not written as 1.0e+09")
	}
}

func TestOneLineAndMermaidLabelDropFormatCharacters(t *testing.T) {
	in := "Acme\u202eelif.exe\u2066 x"
	if got := export.OneLine(in); got != "Acmeelif.exe x" {
		t.Errorf("OneLine(%q) = %q", in, got)
	}
	if got := export.MermaidLabel(in); got != "Acmeelif.exe x" {
		t.Errorf("MermaidLabel(%q) = %q", in, got)
	}
}
