package knowledge_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

// TestLoadDirRefusesValuesNoKnowledgeFileMeans: numbers that are not
// numbers, infinite, negative or absurdly large, and text that would act as
// a terminal escape, each refused at the line of the value.
func TestLoadDirRefusesValuesNoKnowledgeFileMeans(t *testing.T) {
	constants := embeddedFile(t, "constants.yaml")
	aws := embeddedFile(t, "prices/aws.yaml")
	components := embeddedFile(t, "components.yaml")
	resilience := embeddedFile(t, "resilience.yaml")
	scenarios := embeddedFile(t, "scenarios.yaml")
	tests := []struct {
		name, file, old, new string
		text                 string // the embedded file
		want                 string
	}{
		{"a constant that is not a number", "constants.yaml", "value: 0.7\n", "value: .nan\n", constants, "value .nan is not a number"},
		{"an infinite constant", "constants.yaml", "value: 0.7\n", "value: .inf\n", constants, "value .inf is infinite"},
		{"a constant minus infinity", "constants.yaml", "value: 0.7\n", "value: -.inf\n", constants, "value -.inf is infinite"},
		{"a largest user count of 1e308", "constants.yaml", "value: 8200000000\n", "value: 1e308\n", constants, "value 1e308 is too large; a knowledge figure may be at most 1e+18"},
		{"a constant that is a word", "constants.yaml", "value: 0.7\n", "value: abc\n", constants, "cannot unmarshal"},
		{"a price that is not a number", "prices/aws.yaml", "hourly_usd: 0.0104\n", "hourly_usd: .nan\n", aws, "hourly_usd .nan is not a number"},
		{"a tier price that is not a number", "prices/aws.yaml", "{up_to_gb: 10000, per_gb_usd: 0.09}", "{up_to_gb: 10000, per_gb_usd: .NaN}", aws, "per_gb_usd .NaN is not a number"},
		{"a negative vCPU count", "prices/aws.yaml", "vcpu: 2\n", "vcpu: -2\n", aws, "vcpu -2 is out of range"},
		{"a negative stage", "components.yaml", "stage: 1\n", "stage: -1\n", components, "stage -1 is out of range"},
		{"a load multiple that is not a number", "resilience.yaml", "load_x: 10\n", "load_x: .nan\n", resilience, "load_x .nan is not a number"},
		{"a component name with an escape", "components.yaml", "name: DNS (managed zone)\n", "name: \"DNS\\e]0;owned\\a\"\n", components, `name: the text holds the control character '\x1b'`},
		{"a catalog dated 9999-99-99", "prices/aws.yaml", "as_of: \"2026-11-01\"\n", "as_of: \"9999-99-99\"\n", aws, `as_of "9999-99-99": want the date the prices were read, a real one written YYYY-MM-DD`},
		{"a catalog dated February 30", "prices/aws.yaml", "as_of: \"2026-11-01\"\n", "as_of: \"2026-02-30\"\n", aws, `as_of "2026-02-30": want the date`},
		{"a catalog dated in words", "prices/aws.yaml", "as_of: \"2026-11-01\"\n", "as_of: November 2026\n", aws, `as_of "November 2026": want the date`},
		{"a component name with a right-to-left override", "components.yaml", "name: DNS (managed zone)\n", "name: \"DNS \\u202e(enoz)\"\n", components, `name: the text holds the invisible format character U+202E`},
		{"a scenario given with an escape", "scenarios.yaml", "    given:\n", "    given:\n      name: \"\\e[2J\"\n", scenarios, `the control character '\x1b'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := replaceOnce(t, tt.text, tt.old, tt.new)
			dir := overrideDir(t, map[string]string{tt.file: body})
			_, err := knowledge.LoadDir(dir)
			line := lineOf(t, body, tt.new[strings.LastIndex(tt.new[:len(tt.new)-1], "\n")+1:])
			prefix := filepath.Join(dir, filepath.FromSlash(tt.file)) + ":" + strconv.Itoa(line) + ":"
			if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadDir = %v\nwant %s ... %s", err, prefix, tt.want)
			}
		})
	}
}

// TestLoadDirRefusesADefaultNoAnswerCouldBe: a default stands in for an
// answer, so it must be one: half a region made counts negative.
func TestLoadDirRefusesADefaultNoAnswerCouldBe(t *testing.T) {
	constants := embeddedFile(t, "constants.yaml")
	for _, tc := range []struct{ id, value, want string }{
		{"default_regions", "0.5", `constant "default_regions" is the default regions, and "0.5": want a whole number like 2`},
		{"default_availability", "100", `constant "default_availability" is the default availability, and "100": must be below 100`},
		{"default_read_ratio", "1e18", `constant "default_read_ratio" is the default read_ratio, and 1e+18 is above its maximum max_read_ratio`},
	} {
		t.Run(tc.id, func(t *testing.T) {
			value := regexp.MustCompile(`(?m)^(  - id: ` + tc.id + `\n    value: )\S+$`)
			if !value.MatchString(constants) {
				t.Skipf("constants.yaml has no %s with its value on the next line", tc.id)
			}
			body := value.ReplaceAllString(constants, "${1}"+tc.value)
			dir := overrideDir(t, map[string]string{"constants.yaml": body})
			_, err := knowledge.LoadDir(dir)
			prefix := filepath.Join(dir, "constants.yaml") + ":" + strconv.Itoa(lineOf(t, body, "- id: "+tc.id+"\n")) + ": "
			if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadDir = %v\nwant %s... %s", err, prefix, tc.want)
			}
		})
	}
}

// TestLoadDirRefusesAConstantNamedLikeAQuantity: a constant called
// peak_rps would shadow the computed peak; the error names its line.
func TestLoadDirRefusesAConstantNamedLikeAQuantity(t *testing.T) {
	const head = "constants:\n"
	constants := embeddedFile(t, "constants.yaml")
	if !strings.Contains(constants, head) {
		t.Skip("constants.yaml changed shape; update this test")
	}
	body := strings.Replace(constants, head, head+"  - id: peak_rps\n    value: 3\n    unit: requests per second\n    source: sdi\n", 1)
	dir := overrideDir(t, map[string]string{"constants.yaml": body})
	_, err := knowledge.LoadDir(dir)
	want := filepath.Join(dir, "constants.yaml") + ":" + strconv.Itoa(lineOf(t, body, "- id: peak_rps\n")) + `: constant "peak_rps" is also a quantity the program computes`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LoadDir = %v, want %s...", err, want)
	}
}

// TestLoadDirRefusesExpressionsEveryPlanWouldTrip: a count or quantity
// that is negative whatever the answers, a size_expr that can name a price
// item no catalog has, and a division by a constant that is 0 (pointing at
// the overlay's constant).
func TestLoadDirRefusesExpressionsEveryPlanWouldTrip(t *testing.T) {
	constants := embeddedFile(t, "constants.yaml")
	rule := func(extra string) string {
		return "version: 1\nrules:\n  - component: dns\n    bottleneck: users need a stable name\n    when: stage >= 1\n" + extra + "    reason: \"one zone\"\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		want  string
	}{
		{"a count below 0 whatever the answers", map[string]string{"rules.yaml": rule("    count: 0 - 1\n    size: route53-zone\n")},
			"rules.yaml", 6, `count "0 - 1" gives -1; a count cannot be negative`},
		{"a quantity below 0 whatever the answers", map[string]string{"rules.yaml": rule("    usage:\n      - {item: egress-gb, quantity: \"0 - 2\"}\n")},
			"rules.yaml", 7, `quantity "0 - 2" gives -2; a quantity cannot be negative`},
		{"a size_expr that can name no price item", map[string]string{"rules.yaml": rule("    size_expr: \"peak_rps > 1 ? 'vm-huge' : 'route53-zone'\"\n")},
			"rules.yaml", 6, `size_expr "peak_rps > 1 ? 'vm-huge' : 'route53-zone'" can give "vm-huge", which is not in the aws price catalog`},
		{"a division by 0", map[string]string{"rules.yaml": rule("    count: peak_rps / 0\n    size: route53-zone\n")},
			"rules.yaml", 6, `"peak_rps / 0": divides by 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := overrideDir(t, tt.files)
			_, err := knowledge.LoadDir(dir)
			prefix := filepath.Join(dir, tt.file) + ":" + strconv.Itoa(tt.line) + ":"
			if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadDir = %v\nwant %s ... %s", err, prefix, tt.want)
			}
		})
	}
	t.Run("a constant of 0 that a rule divides by", func(t *testing.T) {
		const head = "constants:\n"
		if !strings.Contains(constants, head) {
			t.Skip("constants.yaml changed shape; update this test")
		}
		body := strings.Replace(constants, head, head+"  - id: zero_share\n    value: 0\n    unit: share\n    source: sdi\n", 1)
		dir := overrideDir(t, map[string]string{
			"constants.yaml": body,
			"rules.yaml":     rule("    count: peak_rps / zero_share\n    size: route53-zone\n"),
		})
		_, err := knowledge.LoadDir(dir)
		want := fmt.Sprintf("%s:6: %q: divides by the constant zero_share, which is 0 (%s:%d)", filepath.Join(dir, "rules.yaml"), "peak_rps / zero_share", filepath.Join(dir, "constants.yaml"), lineOf(t, body, "- id: zero_share\n"))
		if err == nil || err.Error() != want {
			t.Errorf("LoadDir = %v\nwant %s", err, want)
		}
	})
}

// TestEveryConstantHasARange: each constant of the embedded base says the
// values it may take, but an answer's default, whose range is the
// answer's own (its parser and maximum).
func TestEveryConstantHasARange(t *testing.T) {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]bool{}
	for _, f := range answers.Fields {
		defaults[f.Default] = true
		for _, id := range f.TraitDefaults {
			defaults[id] = true
		}
	}
	for _, c := range kb.Constants {
		switch {
		case defaults[c.ID] && c.Range != nil:
			t.Errorf("constants.yaml:%d: %s is an answer's default; its range is the answer's, not one of its own", c.Line, c.ID)
		case !defaults[c.ID] && len(c.Range) != 2:
			t.Errorf("constants.yaml:%d: %s has no range: say the lowest and highest values it may take", c.Line, c.ID)
		}
	}
}

// TestLoadDirRefusesAConstantOutOfItsRange: an overlay's constant outside
// the embedded base's range for it is refused at its line, with the range,
// even when the overlay widens the range; an overlay's own range holds for
// its own constant.
func TestLoadDirRefusesAConstantOutOfItsRange(t *testing.T) {
	constants := embeddedFile(t, "constants.yaml")
	set := func(body, id, key, value string) string {
		re := regexp.MustCompile(`(?m)^(  - id: ` + id + `\n(?:    .*\n)*?    ` + key + `: ).*$`)
		if !re.MatchString(body) {
			t.Fatalf("constants.yaml has no %s of %s", key, id)
		}
		return re.ReplaceAllString(body, "${1}"+value)
	}
	for _, tc := range []struct {
		name, body, id, want string
	}{
		{"an SLA of 50%", set(constants, "sla_instance", "value", "50"), "sla_instance",
			`constant "sla_instance" is 50; it must be from 90 to 100 (percent)`},
		{"an SLA of 1e-300%", set(constants, "sla_instance", "value", "1e-300"), "sla_instance",
			`constant "sla_instance" is 1e-300; it must be from 90 to 100 (percent)`},
		{"an SLA with its range widened", set(set(constants, "sla_instance", "value", "50"), "sla_instance", "range", "[0, 100]"), "sla_instance",
			`constant "sla_instance" is 50; it must be from 90 to 100 (percent)`},
		{"a shard of 0 GB", set(constants, "max_gb_per_shard", "value", "0"), "max_gb_per_shard",
			`constant "max_gb_per_shard" is 0; it must be from 1 to 10,000,000 (GB per primary`},
		{"a read capacity of 1e-300", set(constants, "db_read_qps_per_vcpu", "value", "1e-300"), "db_read_qps_per_vcpu",
			`constant "db_read_qps_per_vcpu" is 1e-300; it must be from 1 to 1,000,000 (read queries/s per database vCPU)`},
		{"a range upside down", set(constants, "sla_instance", "range", "[100, 90]"), "sla_instance",
			`constant "sla_instance": range wants the lowest value and the highest, like [90, 100]`},
		{"a range of one number", set(constants, "sla_instance", "range", "[90]"), "sla_instance",
			`constant "sla_instance": range wants the lowest value and the highest`},
		{"an overlay's own constant past its own range", strings.Replace(constants, "constants:\n", "constants:\n  - id: my_limit\n    value: 7\n    unit: widgets\n    range: [1, 5]\n    source: scaleplan\n", 1), "my_limit",
			`constant "my_limit" is 7; it must be from 1 to 5 (widgets)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := overrideDir(t, map[string]string{"constants.yaml": tc.body})
			_, err := knowledge.LoadDir(dir)
			prefix := filepath.Join(dir, "constants.yaml") + ":" + strconv.Itoa(lineOf(t, tc.body, "- id: "+tc.id+"\n")) + ": "
			if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadDir = %v\nwant %s... %s", err, prefix, tc.want)
			}
		})
	}
	// At the ends of its range a constant loads.
	for _, v := range []string{"90", "100"} {
		if _, err := knowledge.LoadDir(overrideDir(t, map[string]string{"constants.yaml": set(constants, "sla_instance", "value", v)})); err != nil {
			t.Errorf("sla_instance %s: %v", v, err)
		}
	}
}
