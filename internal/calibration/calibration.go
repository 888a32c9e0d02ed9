// Package calibration reads the calibration set: real systems at dated
// moments (testdata/calibration), each with the answers its published
// figures give and what it actually ran, so tests can hold the advice
// against them.
package calibration

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scaleplan/scaleplan/answers"
)

// System is one file of the set.
type System struct {
	File    string // base name, e.g. "twitter-2013.yaml"
	Name    string // the system, e.g. "Twitter"
	AsOf    string // "YYYY-MM"
	Answers answers.Answers
	Ran     Ran
	Spend   *Spend // published monthly spend, when there is one
}

// Ran is what the system demonstrably ran.
type Ran struct {
	StageMin, StageMax int
	Has, Lacks         []string           // component ids
	Counts             map[string]float64 // published machine counts by component id
	// KnownGaps are the checks the advice fails for this system, each with
	// why: where the system chose differently from the ladder for a reason
	// the answers do not carry (owned hardware, the hardware of its day, a
	// team's preference). A check is "stage", "has:<id>" or "lacks:<id>".
	KnownGaps map[string]string
}

// Spend is a published infrastructure bill, brought to a month. Note says
// how the monthly figure follows from what was published, what it covers
// and when, since bills are rarely published for the exact moment or scope
// a plan prices.
type Spend struct {
	MonthlyUSD float64
	Source     string
	Title      string
	Note       string
}

type file struct {
	Version int       `yaml:"version"`
	System  string    `yaml:"system"`
	AsOf    string    `yaml:"as_of"`
	Summary string    `yaml:"summary"`
	Answers yaml.Node `yaml:"answers"`
	Figures []struct {
		Answer string `yaml:"answer"`
		Value  any    `yaml:"value"`
		Source string `yaml:"source"`
		Title  string `yaml:"title"`
		Note   string `yaml:"note"`
	} `yaml:"figures"`
	Ran struct {
		Stage struct {
			Min int `yaml:"min"`
			Max int `yaml:"max"`
		} `yaml:"stage"`
		Has    []string `yaml:"has"`
		Lacks  []string `yaml:"lacks"`
		Counts map[string]struct {
			Value  float64 `yaml:"value"`
			Source string  `yaml:"source"`
			Note   string  `yaml:"note"`
		} `yaml:"counts"`
		Sources []struct {
			URL   string `yaml:"url"`
			Title string `yaml:"title"`
		} `yaml:"sources"`
		KnownGaps []struct {
			Check string `yaml:"check"`
			Why   string `yaml:"why"`
		} `yaml:"known_gaps"`
	} `yaml:"ran"`
	Spend *struct {
		MonthlyUSD float64 `yaml:"monthly_usd"`
		Source     string  `yaml:"source"`
		Title      string  `yaml:"title"`
		Note       string  `yaml:"note"`
	} `yaml:"spend"`
}

// Load reads every *.yaml file in dir, in name order. Each answer must cite
// a figure with a source, each known gap must say why, and a spend must
// cite its source and say how its monthly figure follows.
func Load(dir string) ([]System, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []System
	for _, p := range paths {
		s, err := load(p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no calibration files", dir)
	}
	return out, nil
}

func load(path string) (System, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return System{}, err
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return System{}, fmt.Errorf("%s: %w", name, err)
	}
	if f.Version != 1 || f.System == "" || f.AsOf == "" {
		return System{}, fmt.Errorf("%s: want version 1, a system and as_of", name)
	}
	if f.Answers.Kind != yaml.MappingNode {
		return System{}, fmt.Errorf("%s: answers: want a mapping", name)
	}
	// The answers are an answers file without its version line.
	doc, err := yaml.Marshal(&f.Answers)
	if err != nil {
		return System{}, err
	}
	a, err := answers.Parse(name+" answers", append([]byte("version: 1\n"), doc...))
	if err != nil {
		return System{}, err
	}
	cited := map[string]bool{}
	for _, fig := range f.Figures {
		if !strings.HasPrefix(fig.Source, "http") || fig.Note == "" {
			return System{}, fmt.Errorf("%s: figure for %s: want a source URL and a note", name, fig.Answer)
		}
		cited[fig.Answer] = true
	}
	for i := 0; i+1 < len(f.Answers.Content); i += 2 {
		if k := f.Answers.Content[i].Value; !cited[k] {
			return System{}, fmt.Errorf("%s:%d: answer %s cites no figure", name, f.Answers.Content[i].Line, k)
		}
	}
	s := System{File: name, Name: f.System, AsOf: f.AsOf, Answers: a,
		Ran: Ran{StageMin: f.Ran.Stage.Min, StageMax: f.Ran.Stage.Max, Has: f.Ran.Has, Lacks: f.Ran.Lacks,
			Counts: map[string]float64{}, KnownGaps: map[string]string{}}}
	if s.Ran.StageMin > s.Ran.StageMax {
		return System{}, fmt.Errorf("%s: ran.stage: min %d above max %d", name, s.Ran.StageMin, s.Ran.StageMax)
	}
	if (len(f.Ran.Has) > 0 || len(f.Ran.Lacks) > 0 || len(f.Ran.Counts) > 0) && len(f.Ran.Sources) == 0 {
		return System{}, fmt.Errorf("%s: ran: what it ran needs sources", name)
	}
	for id, c := range f.Ran.Counts {
		s.Ran.Counts[id] = c.Value
	}
	for _, g := range f.Ran.KnownGaps {
		if g.Why == "" {
			return System{}, fmt.Errorf("%s: known gap %q: say why", name, g.Check)
		}
		s.Ran.KnownGaps[g.Check] = g.Why
	}
	if sp := f.Spend; sp != nil {
		if sp.MonthlyUSD <= 0 || !strings.HasPrefix(sp.Source, "http") || sp.Title == "" || sp.Note == "" {
			return System{}, fmt.Errorf("%s: spend: want a positive monthly_usd, a source URL, a title and a note", name)
		}
		s.Spend = &Spend{MonthlyUSD: sp.MonthlyUSD, Source: sp.Source, Title: sp.Title, Note: sp.Note}
	}
	return s, nil
}
