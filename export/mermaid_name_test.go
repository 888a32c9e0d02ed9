package export_test

import (
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/export"
)

// TestMermaidShortensALongName: a --name of 60,000 characters alone passed
// Mermaid's 50,000-character limit, and the diagram rendered as "Maximum
// text size in diagram exceeded"; the diagram shows the start of the name.
func TestMermaidShortensALongName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Acme Photos", `users(["Acme Photos users<br>`},
		{strings.Repeat("#", 60_000), `users(["` + strings.Repeat("#35;", 199) + `… users<br>`},
		{strings.Repeat("é", 201), `users(["` + strings.Repeat("é", 199) + `… users<br>`},
	} {
		p := &advisor.Plan{Name: tc.name, Components: []advisor.Component{{ID: "app-server", Name: "Application server", Tier: "web", Count: 1}}}
		out := string(export.Mermaid(p))
		if !strings.Contains(out, tc.want) || len(out) > 50_000 {
			t.Errorf("name of %d characters: %d-character diagram starting %.120q", len([]rune(tc.name)), len(out), out)
		}
	}
}
