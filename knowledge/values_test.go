package knowledge_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
		{"an availability that is not a number", "resilience.yaml", "pct: 99.9\n", "pct: .nan\n", resilience, "pct .nan is not a number"},
		{"a component name with an escape", "components.yaml", "name: DNS (managed zone)\n", "name: \"DNS\\e]0;owned\\a\"\n", components, `name: the text holds the control character '\x1b'`},
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
