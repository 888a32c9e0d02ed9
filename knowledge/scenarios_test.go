package knowledge_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
	"go.yaml.in/yaml/v3"
)

func TestDefaultScenariosAndQuiz(t *testing.T) {
	b := defaultBase(t)
	if len(b.Scenarios) < 14 {
		t.Errorf("%d scenarios, want at least 14", len(b.Scenarios))
	}
	for _, s := range b.Scenarios {
		a := s.Answers()
		if a.Version != answers.Version {
			t.Errorf("%s: answers version %d", s.ID, a.Version)
		}
		if len(s.TalkingPoints) == 0 || len(s.Tradeoffs) == 0 || len(s.FollowUps) == 0 || len(s.Mistakes) == 0 {
			t.Errorf("%s: missing talking points, trade-offs, follow-ups or mistakes", s.ID)
		}
	}
	sc, ok := b.Scenario("url-shortener")
	if !ok {
		t.Fatal("no url-shortener")
	}
	a := sc.Answers()
	if w, _ := a.Value(answers.WritesPerDay); w != 100e6 {
		t.Errorf("writes per day %v, want 100M", w)
	}
	if r, ok := a.Value(answers.ReadRatio); !ok || r != 10 {
		t.Errorf("url-shortener givens: %+v", a)
	}
	if len(b.Quiz.Latency) < 10 || len(b.Quiz.Availability) == 0 || len(b.Quiz.PowersOfTwo) == 0 {
		t.Errorf("quiz material: %d latency figures, %d availability targets, %d powers", len(b.Quiz.Latency), len(b.Quiz.Availability), len(b.Quiz.PowersOfTwo))
	}
	for _, f := range b.Quiz.Latency {
		if _, ok := b.Source(f.Source); !ok {
			t.Errorf("latency figure %s cites unknown source %q", f.ID, f.Source)
		}
	}
}

// TestGivenAcceptsEveryAnswerKey: a scenario's givens are read by the
// answers package, so every answer key can be given in a scenario.
func TestGivenAcceptsEveryAnswerKey(t *testing.T) {
	var body strings.Builder
	for _, f := range answers.Fields {
		fmt.Fprintf(&body, "  %s: %q\n", f.Key, f.Example)
	}
	var g knowledge.Given
	if err := yaml.Unmarshal([]byte(body.String()), &g); err != nil {
		t.Fatal(err)
	}
	for _, f := range answers.Fields {
		if g.Text[f.Key] != f.Example {
			t.Errorf("given %s = %q, want its example %q", f.Key, g.Text[f.Key], f.Example)
		}
	}
}

func TestLoadDirRefusesBrokenScenarios(t *testing.T) {
	scenarios := embeddedFile(t, "scenarios.yaml")
	quiz := embeddedFile(t, "quiz.yaml")
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		want  []string
	}{
		{
			name:  "a misspelt key",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "    talking_points:", "    talking_pionts:")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "    talking_points:"),
			want: []string{`unknown key "talking_pionts"`, `did you mean "talking_points"?`},
		},
		{
			name:  "a given value out of range",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "      writes_per_day: 100M\n", "      writes_per_day: -5\n")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "      writes_per_day: 100M"),
			want: []string{`scenario "url-shortener": given: writes_per_day: "-5": must be at least 0`},
		},
		{
			name:  "a misspelt given key",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "      writes_per_day: 100M\n", "      writes_a_day: 100M\n")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "writes_per_day: 100M"),
			want: []string{`unknown answer "writes_a_day" (did you mean "writes_per_day"?)`},
		},
		{
			name:  "an unknown trait",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "traits: [realtime]", "traits: [realtim]")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "traits: [realtime]"),
			want: []string{`unknown trait`, `did you mean "realtime"?`},
		},
		{
			name:  "givens that contradict each other",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "      writes_per_day: 100M\n", "      writes_per_day: 100M\n      requests_per_user: 5\n")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "    given:\n      update_share: \"0%\"\n      writes_per_day: 100M") + 1,
			want: []string{"requests_per_user conflicts with writes_per_day"},
		},
		{
			name:  "no traffic given",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "      writes_per_day: 100M\n", "")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "    given:\n      update_share: \"0%\"\n      writes_per_day: 100M"),
			want: []string{"given: no traffic"},
		},
		{
			name:  "a duplicate id",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "id: pastebin", "id: url-shortener")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "- id: pastebin"),
			want: []string{`scenario "url-shortener" is listed twice`},
		},
		{
			name:  "a skipped step without a note",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "    skip_steps: [cache]\n", "    skip_steps: [stage]\n")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "    skip_steps: [cache]"),
			want: []string{`skips "stage": say why in notes.stage`},
		},
		{
			name:  "an unknown step",
			files: map[string]string{"scenarios.yaml": replaceOnce(t, scenarios, "    skip_steps: [cache]\n", "    skip_steps: [caches]\n")},
			file:  "scenarios.yaml", line: lineOf(t, scenarios, "    skip_steps: [cache]"),
			want: []string{`unknown step "caches"`},
		},
		{
			name:  "no mistakes",
			files: map[string]string{"scenarios.yaml": "version: 1\nscenarios:\n  - id: tiny\n    title: Tiny\n    prompt: p\n    given: {users: 10}\n    talking_points: [a]\n    tradeoffs: [b]\n    follow_ups: [c]\n"},
			file:  "scenarios.yaml", line: 3,
			want: []string{`scenario "tiny" needs mistakes`},
		},
		{
			name:  "a latency figure citing an unknown source",
			files: map[string]string{"quiz.yaml": replaceOnce(t, quiz, "source: latency-numbers", "source: hearsay")},
			file:  "quiz.yaml", line: lineOf(t, quiz, "  - id: l1-cache"),
			want: []string{`unknown source "hearsay"`},
		},
		{
			name:  "a negative latency",
			files: map[string]string{"quiz.yaml": replaceOnce(t, quiz, "ns: 0.5", "ns: -0.5")},
			file:  "quiz.yaml", line: lineOf(t, quiz, "ns: 0.5"), // the value's own line
			want: []string{`ns -0.5 is out of range`},
		},
		{
			name:  "an availability of 100%",
			files: map[string]string{"quiz.yaml": replaceOnce(t, quiz, "availability: [99,", "availability: [100,")},
			file:  "quiz.yaml",
			want:  []string{"availability: 100 is out of range"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := overrideDir(t, tt.files)
			_, err := knowledge.LoadDir(dir)
			if err == nil {
				t.Fatal("LoadDir accepted the override")
			}
			prefix := filepath.Join(dir, tt.file) + ":"
			if tt.line > 0 {
				prefix += strconv.Itoa(tt.line) + ":"
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, prefix) {
				t.Errorf("error %q does not start with %q", msg, prefix)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}
