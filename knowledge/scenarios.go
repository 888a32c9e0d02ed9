package knowledge

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/scaleplan/scaleplan/answers"
	"go.yaml.in/yaml/v3"
)

// StepIDs are the steps of a practice interview, in the order they are
// asked: the estimates, then the design. Scenario files name them in
// skip_steps and notes.
var StepIDs = []string{
	"avg_qps", "peak_qps", "storage_per_day", "storage_total", "bandwidth", "cache",
	"stage", "components", "breaks_first",
}

// Scenario is one system-design interview exercise: the product to design,
// what the interviewer gives (as scaleplan answers, so the reference answer
// is the advisor's plan for them), and what the interviewer hopes to hear.
type Scenario struct {
	ID            string         `yaml:"id"`
	Title         string         `yaml:"title"`
	Prompt        string         `yaml:"prompt"`
	Given         Given          `yaml:"given"`
	SkipSteps     []string       `yaml:"skip_steps,omitempty"` // steps that make no sense here, with the reason in notes
	Notes         StepNotes      `yaml:"notes,omitempty"`
	TalkingPoints []string       `yaml:"talking_points"`
	Tradeoffs     []string       `yaml:"tradeoffs"`
	FollowUps     []string       `yaml:"follow_ups"`
	Mistakes      []string       `yaml:"mistakes"`
	Line          int            `yaml:"-"`
	Lines         map[string]int `yaml:"-"` // line of each key, for errors

	answers answers.Answers
}

// Answers are the scenario's givens as answers, parsed and checked at load.
func (s *Scenario) Answers() answers.Answers { return s.answers.Clone() }

// Skips reports whether the scenario leaves out a step.
func (s *Scenario) Skips(step string) bool { return slices.Contains(s.SkipSteps, step) }

// Given is what the interviewer states: an answers mapping, spelt as in an
// answers file and parsed by the answers package, so a scenario accepts
// exactly what an answers file accepts.
type Given struct {
	Text  map[string]string // answers-file key → value as written; a list is joined with commas
	Line  int
	Lines map[string]int // line of each key
}

// UnmarshalYAML keeps each value's text and line.
func (g *Given) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: given: want a mapping of answers like \"users: 2M\"", n.Line)
	}
	g.Text, g.Lines, g.Line = map[string]string{}, map[string]int{}, n.Line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := g.Text[k.Value]; dup {
			return fmt.Errorf("line %d: given: %q is given twice", k.Line, k.Value)
		}
		switch v.Kind {
		case yaml.ScalarNode:
			g.Text[k.Value] = v.Value
		case yaml.SequenceNode:
			parts := make([]string, 0, len(v.Content))
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					return fmt.Errorf("line %d: given: %s: want a list of words", item.Line, k.Value)
				}
				parts = append(parts, item.Value)
			}
			g.Text[k.Value] = strings.Join(parts, ",")
		default:
			return fmt.Errorf("line %d: given: %s: want a single value", v.Line, k.Value)
		}
		g.Lines[k.Value] = k.Line
	}
	return nil
}

// StepNotes are a scenario's remarks on a step, shown with the worked answer.
type StepNotes struct {
	AvgQPS        string `yaml:"avg_qps,omitempty"`
	PeakQPS       string `yaml:"peak_qps,omitempty"`
	StoragePerDay string `yaml:"storage_per_day,omitempty"`
	StorageTotal  string `yaml:"storage_total,omitempty"`
	Bandwidth     string `yaml:"bandwidth,omitempty"`
	Cache         string `yaml:"cache,omitempty"`
	Stage         string `yaml:"stage,omitempty"`
	Components    string `yaml:"components,omitempty"`
	BreaksFirst   string `yaml:"breaks_first,omitempty"`
}

// Note returns the remark for a step id, or "".
func (n StepNotes) Note(step string) string {
	v := reflect.ValueOf(n)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name == step {
			return v.Field(i).String()
		}
	}
	return ""
}

// Quiz is the material for flashcards: figures to know by heart and the
// sizes the generated cards use. Answers the cards check are computed by
// the estimators, except the latency figures, which are facts with a source.
type Quiz struct {
	Version      int              `yaml:"version"`
	Latency      []LatencyFact    `yaml:"latency"`
	PowersOfTwo  []int            `yaml:"powers_of_two"`
	PerDay       []float64        `yaml:"requests_per_day"`
	PerSecond    []float64        `yaml:"requests_per_second"`
	Storage      []StorageExample `yaml:"storage"`
	Availability []float64        `yaml:"availability"`
}

// LatencyFact is one of the latency numbers every engineer should know.
type LatencyFact struct {
	ID     string  `yaml:"id"`
	What   string  `yaml:"what"` // "a main-memory reference"
	NS     float64 `yaml:"ns"`   // nanoseconds
	Source string  `yaml:"source"`
	Note   string  `yaml:"note,omitempty"`
	Line   int     `yaml:"-"`
}

// StorageExample is a storage estimate to work out: writes a day of a size,
// kept for years.
type StorageExample struct {
	WritesPerDay   float64 `yaml:"writes_per_day"`
	WriteBytes     float64 `yaml:"write_bytes"`
	RetentionYears float64 `yaml:"retention_years"`
	Line           int     `yaml:"-"`
}

type scenariosFile struct {
	Version   int        `yaml:"version"`
	Scenarios []Scenario `yaml:"scenarios"`
}

// Scenario finds a scenario by id.
func (b *Base) Scenario(id string) (*Scenario, bool) {
	for i := range b.Scenarios {
		if b.Scenarios[i].ID == id {
			return &b.Scenarios[i], true
		}
	}
	return nil, false
}

var scenarioID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// scenarios checks the scenarios and parses their givens as answers.
func (v validator) scenarios(list []Scenario) error {
	seen := map[string]int{}
	for i := range list {
		s := &list[i]
		at := v.at("scenarios.yaml", s.Line)
		if !scenarioID.MatchString(s.ID) {
			return fmt.Errorf("%s: scenario id %q: want lowercase words joined by dashes, like url-shortener", at, s.ID)
		}
		if line, dup := seen[s.ID]; dup {
			return fmt.Errorf("%s: scenario %q is listed twice (first on line %d)", at, s.ID, line)
		}
		seen[s.ID] = s.Line
		for key, val := range map[string]string{"title": s.Title, "prompt": s.Prompt} {
			if strings.TrimSpace(val) == "" {
				return fmt.Errorf("%s: scenario %q needs a %s", at, s.ID, key)
			}
		}
		for key, list := range map[string][]string{"talking_points": s.TalkingPoints, "tradeoffs": s.Tradeoffs, "follow_ups": s.FollowUps, "mistakes": s.Mistakes} {
			if len(list) == 0 {
				return fmt.Errorf("%s: scenario %q needs %s (at least one)", at, s.ID, key)
			}
		}
		for _, step := range s.SkipSteps {
			if !slices.Contains(StepIDs, step) {
				return fmt.Errorf("%s: scenario %q: skip_steps: unknown step %q; steps are %s", v.at("scenarios.yaml", lineOf(s.Lines, "skip_steps", s.Line)), s.ID, step, strings.Join(StepIDs, ", "))
			}
			if s.Notes.Note(step) == "" {
				return fmt.Errorf("%s: scenario %q skips %q: say why in notes.%s", v.at("scenarios.yaml", lineOf(s.Lines, "skip_steps", s.Line)), s.ID, step, step)
			}
		}
		a, err := s.Given.answers()
		if err != nil {
			return fmt.Errorf("%s: scenario %q: given: %w", v.at("scenarios.yaml", err.line), s.ID, err.err)
		}
		if !answers.HasTraffic(&a) {
			return fmt.Errorf("%s: scenario %q: given: no traffic; give users, dau, peak_rps, reads_per_day or writes_per_day", v.at("scenarios.yaml", lineOf(s.Lines, "given", s.Line)), s.ID)
		}
		if a.Provider != "" {
			if _, ok := v.b.Catalogs[a.Provider]; !ok {
				return fmt.Errorf("%s: scenario %q: given: provider %q has no price catalog", v.at("scenarios.yaml", lineOf(s.Given.Lines, "provider", s.Given.Line)), s.ID, a.Provider)
			}
		}
		s.answers = a
	}
	return nil
}

type lineError struct {
	line int
	err  error
}

// answers parses the givens through the answers package, in key order so
// the first error is always the same one.
func (g *Given) answers() (answers.Answers, *lineError) {
	a := answers.Answers{Version: answers.Version}
	for _, key := range slices.Sorted(maps.Keys(g.Text)) {
		line := lineOf(g.Lines, key, g.Line)
		f, ok := answers.Lookup(key)
		if !ok {
			msg := fmt.Sprintf("unknown answer %q", key)
			if s := answers.Nearest(key, answers.Keys()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return a, &lineError{line, errors.New(msg)}
		}
		if err := a.Set(f, g.Text[key]); err != nil {
			return a, &lineError{line, fmt.Errorf("%s: %w", key, err)}
		}
	}
	if err := a.Validate(); err != nil {
		return a, &lineError{g.Line, err}
	}
	return a, nil
}

// quiz checks the flashcard material.
func (v validator) quiz(q *Quiz) error {
	file := "quiz.yaml"
	seen := map[string]bool{}
	if len(q.Latency) == 0 {
		return fmt.Errorf("%s: latency: list the latency figures", v.names[file])
	}
	for _, f := range q.Latency {
		at := v.at(file, f.Line)
		if f.ID == "" || f.What == "" {
			return fmt.Errorf("%s: a latency figure needs an id and what", at)
		}
		if seen[f.ID] {
			return fmt.Errorf("%s: latency figure %q is listed twice", at, f.ID)
		}
		seen[f.ID] = true
		if f.NS <= 0 || f.NS > 1e12 {
			return fmt.Errorf("%s: latency figure %q: ns %v is out of range (above 0, at most 1e12)", at, f.ID, f.NS)
		}
		if err := v.source(file, f.Line, f.Source); err != nil {
			return err
		}
	}
	for _, n := range q.PowersOfTwo {
		if n < 1 || n > 62 {
			return fmt.Errorf("%s: powers_of_two: %d is out of range (1 to 62)", v.names[file], n)
		}
	}
	for _, list := range [][]float64{q.PerDay, q.PerSecond} {
		for _, x := range list {
			if x <= 0 || x > 1e14 {
				return fmt.Errorf("%s: requests: %v is out of range (above 0, at most 1e14)", v.names[file], x)
			}
		}
	}
	for _, s := range q.Storage {
		if s.WritesPerDay <= 0 || s.WriteBytes <= 0 || s.RetentionYears <= 0 {
			return fmt.Errorf("%s: a storage example needs writes_per_day, write_bytes and retention_years above 0", v.at(file, s.Line))
		}
	}
	for _, a := range q.Availability {
		if a < 90 || a >= 100 {
			return fmt.Errorf("%s: availability: %v is out of range (90 to below 100)", v.names[file], a)
		}
	}
	return nil
}
