package interview

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/internal/atomicfile"
	"github.com/scaleplan/scaleplan/internal/readfile"
)

// MaxHistory bounds the history file: the oldest attempts are dropped
// beyond it.
const MaxHistory = 500

// Attempt is one finished interview, as kept in the history.
type Attempt struct {
	Time            time.Time        `json:"time"`
	Scenario        string           `json:"scenario"`
	Title           string           `json:"title"`
	Score           float64          `json:"score"`
	MaxScore        float64          `json:"max_score"`
	Percent         float64          `json:"percent"`
	DurationSeconds float64          `json:"duration_seconds"`
	Stopped         string           `json:"stopped,omitempty"`
	Grades          map[string]Grade `json:"grades"` // by step id
}

// printable reports whether the attempt's text can be shown on a terminal
// as it is: a line edited to hold escape sequences is skipped, like any
// other line that does not parse.
func (a Attempt) printable() bool {
	texts := []string{a.Scenario, a.Title, a.Stopped}
	for step, g := range a.Grades {
		texts = append(texts, step, string(g))
	}
	for _, s := range texts {
		if human.Printable(s) != s {
			return false
		}
	}
	return true
}

// NewAttempt summarises a result for the history.
func NewAttempt(r Result) Attempt {
	a := Attempt{Time: r.StartedAt, Scenario: r.Scenario.ID, Title: r.Scenario.Title, Score: r.Score, MaxScore: r.MaxScore,
		Percent: r.Percent, DurationSeconds: r.DurationSeconds, Stopped: r.Stopped, Grades: map[string]Grade{}}
	for _, s := range r.Steps {
		a.Grades[s.ID] = s.Grade
	}
	return a
}

// HistoryPath is where attempts are kept:
// $XDG_STATE_HOME/scaleplan/history.jsonl, or
// ~/.local/state/scaleplan/history.jsonl. getenv reads the environment the
// program was given.
func HistoryPath(getenv func(string) string) (string, error) {
	if dir := getenv("XDG_STATE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "scaleplan", "history.jsonl"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no place to keep the history: %w", err)
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "scaleplan", "history.jsonl"), nil
}

// maxHistoryBytes bounds the history file: MaxHistory attempts take about
// 200 KB.
const maxHistoryBytes = 8 << 20

// LoadHistory reads the attempts, oldest first. A missing file is an empty
// history; lines that do not parse (a file edited by hand, a newer format)
// are skipped and counted. A file that is not a regular file, or is larger
// than any history this program writes, is an error naming it.
func LoadHistory(path string) (attempts []Attempt, skipped int, err error) {
	data, err := readfile.Read(path, maxHistoryBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var a Attempt
		if err := json.Unmarshal([]byte(line), &a); err != nil || a.Scenario == "" || !a.printable() {
			skipped++
			continue
		}
		attempts = append(attempts, a)
	}
	if err := sc.Err(); err != nil {
		return attempts, skipped, err
	}
	return attempts, skipped, nil
}

// AppendHistory adds an attempt, keeping the newest MaxHistory. The file
// is rewritten atomically, so an interrupted write never loses the history.
func AppendHistory(path string, a Attempt) error {
	old, _, err := LoadHistory(path)
	if err != nil {
		return err
	}
	all := append(old, a)
	if len(all) > MaxHistory {
		all = all[len(all)-MaxHistory:]
	}
	var b bytes.Buffer
	for _, x := range all {
		line, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, b.Bytes(), 0o600, true)
}

// HistoryReport shows progress: the recent attempts, the best and latest
// score per scenario, and the steps most often missed.
func HistoryReport(attempts []Attempt, path string, width int) string {
	var b strings.Builder
	if len(attempts) == 0 {
		fmt.Fprintf(&b, "No interviews yet. Start one with `scaleplan interview`; attempts are kept in %s.\n", human.Printable(path))
		return b.String()
	}
	fmt.Fprintf(&b, "%d interview%s, kept in %s\n\n", len(attempts), plural(len(attempts)), human.Printable(path))
	b.WriteString("Recent\n")
	start := max(0, len(attempts)-10)
	for _, a := range attempts[start:] {
		extra := ""
		if a.Stopped != "" {
			extra = " (" + a.Stopped + ")"
		}
		fmt.Fprintf(&b, "  %s  %-22s %5s%%  %s%s\n", a.Time.Local().Format("2006-01-02 15:04"), a.Scenario, num(a.Percent), durationText(time.Duration(a.DurationSeconds)*time.Second), extra)
	}

	type perScenario struct {
		best, last, first float64
		n                 int
	}
	by := map[string]*perScenario{}
	var order []string
	for _, a := range attempts {
		p, ok := by[a.Scenario]
		if !ok {
			p = &perScenario{first: a.Percent}
			by[a.Scenario] = p
			order = append(order, a.Scenario)
		}
		p.n++
		p.best = math.Max(p.best, a.Percent)
		p.last = a.Percent
	}
	sort.Strings(order)
	b.WriteString("\nBy scenario\n")
	for _, id := range order {
		p := by[id]
		trend := ""
		if p.n > 1 {
			switch d := p.last - p.first; {
			case d > 0:
				trend = fmt.Sprintf("  up %s points since the first", num(math.Round(d*10)/10))
			case d < 0:
				trend = fmt.Sprintf("  down %s points since the first", num(math.Round(-d*10)/10))
			}
		}
		fmt.Fprintf(&b, "  %-22s best %5s%%  last %5s%%  %d attempt%s%s\n", id, num(p.best), num(p.last), p.n, plural(p.n), trend)
	}

	// The steps earning the smallest share of their points, over every attempt.
	earned, asked := map[string]float64{}, map[string]float64{}
	for _, a := range attempts {
		for step, g := range a.Grades {
			earned[step] += g.Share()
			asked[step]++
		}
	}
	var steps []string
	for s := range asked {
		steps = append(steps, s)
	}
	sort.Slice(steps, func(i, j int) bool {
		ri, rj := earned[steps[i]]/asked[steps[i]], earned[steps[j]]/asked[steps[j]]
		if ri != rj {
			return ri < rj
		}
		return steps[i] < steps[j]
	})
	if len(steps) > 0 {
		b.WriteString("\nPractise next (share of points earned per step)\n")
		for _, s := range steps[:min(3, len(steps))] {
			fmt.Fprintf(&b, "  %-22s %3.0f%%\n", s, 100*earned[s]/asked[s])
		}
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
