package advisor_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/knowledge"
)

// overlayBase loads the embedded knowledge base with files (name → content)
// replacing its own, and returns it with the directory.
func overlayBase(t *testing.T, files map[string]string) (*knowledge.Base, string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kb, err := knowledge.LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	return kb, dir
}

// oneRule is a rules.yaml with a single rule for the DNS zone; line 6 is
// the key the test varies.
func oneRule(key, value string) string {
	return "version: 1\nrules:\n  - component: dns\n    bottleneck: users need a stable name\n    when: stage >= 1\n    " +
		key + ": " + strconv.Quote(value) + "\n    size: route53-zone\n    reason: \"one zone\"\n"
}

// TestKnowledgeErrorsFoundWhilePlanningNameTheirLine: a count or quantity
// that goes negative for these answers, a size_expr naming no price item
// and an overlay's constant that makes a rule infinite stop the plan with
// the rule's file:line (and the constant's), not a silent $0 or a
// component dropped without a word.
func TestKnowledgeErrorsFoundWhilePlanningNameTheirLine(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "knowledge", "data", "constants.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	constants := string(data)
	const head = "constants:\n"
	if !strings.Contains(constants, head) {
		t.Skip("constants.yaml changed shape; update this test")
	}
	tiny := strings.Replace(constants, head, head+"  - id: tiny_share\n    value: 1e-320\n    unit: share\n    source: sdi\n", 1)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // in the error, after the directory
	}{
		{
			name:  "a count that goes negative",
			files: map[string]string{"rules.yaml": oneRule("count", "1 - peak_rps")},
			want:  []string{"rules.yaml:6: count \"1 - peak_rps\" gives -", "a count cannot be negative"},
		},
		{
			name: "a usage quantity that goes negative",
			files: map[string]string{"rules.yaml": strings.Replace(oneRule("count", "1"), "    size: route53-zone\n",
				"    size: route53-zone\n    usage:\n      - {item: egress-gb, quantity: \"0 - egress_gb_per_month\"}\n", 1)},
			want: []string{"rules.yaml:9: quantity \"0 - egress_gb_per_month\" gives -", "a quantity cannot be negative"},
		},
		{
			name:  "a size_expr naming no price item",
			files: map[string]string{"rules.yaml": strings.Replace(oneRule("size_expr", "primary_class + '-x'"), "    size: route53-zone\n", "", 1)},
			want:  []string{"rules.yaml:6: size_expr \"primary_class + '-x'\" gives \"", "-x\" for dns, which the aws catalog"},
		},
		{
			name: "an overlay's constant that makes a rule infinite",
			files: map[string]string{
				"constants.yaml": tiny,
				"rules.yaml":     oneRule("count", "peak_rps / tiny_share"),
			},
			want: []string{"rules.yaml:6: \"peak_rps / tiny_share\" gives +Inf; it uses tiny_share = 1e-320 (", fmt.Sprintf("constants.yaml:%d)", strings.Count(tiny[:strings.Index(tiny, "- id: tiny_share")], "\n")+1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb, dir := overlayBase(t, tt.files)
			_, err := advisor.New(kb).Advise(ans(t, "users", "50000"))
			if err == nil {
				t.Fatal("Advise gave a plan")
			}
			if advisor.IsInputError(err) {
				t.Errorf("%v is an input error; the knowledge is at fault", err)
			}
			if !strings.HasPrefix(err.Error(), dir) {
				t.Errorf("error %q does not start with the overlay's path", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
