package mermaidcheck

import (
	"strings"
	"testing"
)

// TestCheck proves the checker catches errors and accepts the diagram kinds the
// exporter emits. All diagrams go through one Node process.
func TestCheck(t *testing.T) {
	Require(t)

	type want struct {
		ok        bool
		typ       string
		errSubstr string
	}
	cases := []struct {
		name    string
		diagram string
		want    want
	}{
		{"flowchart", "flowchart TD\n  A[Start] --> B{Ready?}\n  B -->|yes| C[Done]\n  B -->|no| A\n",
			want{ok: true, typ: "flowchart-v2"}},
		{"broken flowchart", "flowchart TD\n A[unclosed", want{ok: false, errSubstr: "Parse error"}},
		{"unknown diagram", "not a diagram at all", want{ok: false, errSubstr: "No diagram type detected"}},
		{"xychart-beta", "xychart-beta\n  title \"Monthly cost\"\n  x-axis [jan, feb, mar]\n" +
			"  y-axis \"USD\" 0 --> 500\n  bar [120, 340, 280]\n  line [120, 340, 280]\n",
			want{ok: true, typ: "xychart"}},
		{"broken xychart-beta", "xychart-beta\n  x-axis [jan, feb\n  bar [1, 2]\n", want{ok: false}},
		{"timeline", "timeline\n  title Rollout\n  2026-Q1 : Pilot\n  2026-Q2 : Region A : Region B\n",
			want{ok: true, typ: "timeline"}},
		{"broken timeline", "timeline\n  title Rollout\n  : no period\n", want{ok: false}},
	}
	diagrams := make([]string, len(cases))
	for i, c := range cases {
		diagrams[i] = c.diagram
	}
	results, err := Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		r := results[i]
		t.Run(c.name, func(t *testing.T) {
			if r.OK != c.want.ok {
				t.Fatalf("OK = %v, want %v (error %q)", r.OK, c.want.ok, r.Error)
			}
			if c.want.ok {
				if r.Error != "" {
					t.Errorf("valid diagram has error %q", r.Error)
				}
				if r.Type != c.want.typ {
					t.Errorf("Type = %q, want %q", r.Type, c.want.typ)
				}
				return
			}
			if r.Error == "" {
				t.Fatal("invalid diagram has no error message")
			}
			if !strings.Contains(r.Error, c.want.errSubstr) {
				t.Errorf("error %q does not contain %q", r.Error, c.want.errSubstr)
			}
		})
	}

	// Flowchart structure: labels, edges and subgraphs come back; other kinds have none.
	fc := results[0]
	wantLabels := map[string]string{"A": "Start", "B": "Ready?", "C": "Done"}
	for id, l := range wantLabels {
		if fc.Labels[id] != l {
			t.Errorf("Labels[%q] = %q, want %q", id, fc.Labels[id], l)
		}
	}
	if len(fc.Edges) != 3 || fc.Edges[1] != (Edge{From: "B", To: "C", Label: "yes", LabelMarkup: "yes"}) {
		t.Errorf("Edges = %+v", fc.Edges)
	}
	if results[3].Labels != nil || results[5].Labels != nil {
		t.Errorf("non-flowchart diagrams should have nil Labels, got %v / %v", results[3].Labels, results[5].Labels)
	}
}

// TestLabelEscaping pins how Mermaid 12.3.0 reads special characters in quoted
// flowchart labels: Labels is the text a reader sees, LabelMarkup the HTML the
// renderer gets. This is what the exporter's escaping must produce.
func TestLabelEscaping(t *testing.T) {
	Require(t)
	cases := []struct {
		name, label   string // label as written inside A["..."]
		shown, markup string
	}{
		{"brief example", `He said #quot;hi#quot; &lt;b&gt;`, `He said "hi" <b>`, `He said &quot;hi&quot; &lt;b&gt;`},
		{"mermaid named codes", `#quot;x#quot; #lt;y#gt; #amp;`, `"x" <y> &`, `&quot;x&quot; &lt;y&gt; &amp;`},
		{"mermaid numeric codes", `#35;1 #60;b#62; #38; #9829;`, "#1 <b> & \u2665", `&#35;1 &#60;b&#62; &#38; &#9829;`},
		{"html named entities", `&quot;q&quot; &amp; &lt;&gt;`, `"q" & <>`, `&quot;q&quot; &amp; &lt;&gt;`},
		{"plain # and & pass", `C# & F#, 50% off`, `C# & F#, 50% off`, `C# & F#, 50% off`},
		{"brackets inside quotes", `f(x) [a] {b}`, `f(x) [a] {b}`, `f(x) [a] {b}`},
		{"raw tags are HTML", `<b>bold</b>`, `bold`, `<b>bold</b>`},
		{"br is a line break", `one<br>two`, "one\ntwo", `one<br>two`},
		// Pitfalls: Mermaid rewrites any "#word;" before parsing, so "&#35;"
		// becomes "&&#35;" and "#1;" becomes the control character U+0001.
		{"html numeric entity breaks", `a &#35; b`, `a &# b`, `a &&#35; b`},
		{"literal #word; is a code", `Item #1;`, "Item \x01", `Item &#1;`},
		// A raw double quote ends the string: the parse succeeds but the quotes vanish.
		{"raw double quote is lost", `say "hi"`, `say hi`, `say hi`},
	}
	diagrams := make([]string, len(cases))
	for i, c := range cases {
		diagrams[i] = "flowchart LR\n  A[\"" + c.label + "\"] -->|\"" + c.label + "\"| B\n" +
			"  subgraph S1 [\"" + c.label + "\"]\n    B\n  end\n"
	}
	results, err := Check(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		r := results[i]
		t.Run(c.name, func(t *testing.T) {
			if !r.OK {
				t.Fatalf("parse failed: %s", r.Error)
			}
			if r.Labels == nil {
				t.Fatal("Labels is nil: mermaid's flowchart db was not reachable")
			}
			if got := r.Labels["A"]; got != c.shown {
				t.Errorf("Labels[A] = %q, want %q", got, c.shown)
			}
			if got := r.LabelMarkup["A"]; got != c.markup {
				t.Errorf("LabelMarkup[A] = %q, want %q", got, c.markup)
			}
			if len(r.Edges) != 1 || r.Edges[0].Label != c.shown {
				t.Errorf("edge = %+v, want label %q", r.Edges, c.shown)
			}
			if len(r.Subgraphs) != 1 || r.Subgraphs[0].ID != "S1" || r.Subgraphs[0].Title != c.shown {
				t.Errorf("subgraphs = %+v, want S1 titled %q", r.Subgraphs, c.shown)
			}
		})
	}
}

func TestCheckEmpty(t *testing.T) {
	r, err := Check(nil)
	if err != nil || r != nil {
		t.Fatalf("Check(nil) = %v, %v", r, err)
	}
}

func TestLint(t *testing.T) {
	clean := "# Plan\n\nPrices come from [the provider price list](https://example.com/prices).\n\n## Costs\n\n" +
		"| Item | USD |\n| --- | --- |\n| VM | 10 |\n\n- one\n- two\n\n```mermaid\nflowchart TD\n  A --> B\n```\n"
	jump := "# Plan\n\n### Too deep\n\nText.\n"
	problems := Lint(t, map[string][]byte{"clean.md": []byte(clean), "sub/jump.md": []byte(jump)})
	t.Logf("problems: %q", problems)
	if len(problems) != 1 {
		t.Fatalf("want exactly one problem (the heading jump), got %q", problems)
	}
	if p := problems[0]; !strings.HasPrefix(p, "sub/jump.md:3 MD001/heading-increment ") {
		t.Errorf("problem = %q, want sub/jump.md:3 MD001/heading-increment ...", p)
	}
	if got := Lint(t, map[string][]byte{"clean.md": []byte(clean)}); len(got) != 0 {
		t.Errorf("clean document: got problems %q", got)
	}
	// Long lines are allowed (MD013 off); inline HTML is not (MD033 on).
	long := "# Long\n\n" + strings.Repeat("word ", 100) + "end.\n"
	if got := Lint(t, map[string][]byte{"long.md": []byte(long)}); len(got) != 0 {
		t.Errorf("long line: got problems %q", got)
	}
	html := "# HTML\n\nA <b>bold</b> word.\n"
	if got := Lint(t, map[string][]byte{"html.md": []byte(html)}); len(got) != 1 || !strings.Contains(got[0], "MD033") {
		t.Errorf("inline HTML: got %q, want one MD033 problem", got)
	}
}
