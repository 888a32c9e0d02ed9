package interview

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHistoryPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got, err := HistoryPath(env(map[string]string{"XDG_STATE_HOME": "/state", "HOME": "/home/you"}))
	if err != nil || got != filepath.Join("/state", "scaleplan", "history.jsonl") {
		t.Errorf("with XDG_STATE_HOME: %s, %v", got, err)
	}
	got, err = HistoryPath(env(map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/you"}))
	if err != nil || got != filepath.Join("/home/you", ".local", "state", "scaleplan", "history.jsonl") {
		t.Errorf("with a relative XDG_STATE_HOME: %s, %v", got, err)
	}
}

func attempt(id string, pct float64, at time.Time) Attempt {
	return Attempt{Time: at, Scenario: id, Title: id, Score: pct * 0.9, MaxScore: 90, Percent: pct, DurationSeconds: 600,
		Grades: map[string]Grade{"avg_qps": GradeFull, "cache": GradeWrong, "stage": GradePartial}}
}

func TestHistoryIsKeptAndBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "scaleplan", "history.jsonl")
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	// A full history on disk, then five more attempts.
	var lines []string
	for i := range MaxHistory {
		b, _ := json.Marshal(attempt("pastebin", float64(i%100), at.Add(time.Duration(i)*time.Hour)))
		lines = append(lines, string(b))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := MaxHistory; i < MaxHistory+5; i++ {
		if err := AppendHistory(path, attempt("pastebin", float64(i%100), at.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	got, skipped, err := LoadHistory(path)
	if err != nil || skipped != 0 {
		t.Fatalf("LoadHistory: %v, %d skipped", err, skipped)
	}
	if len(got) != MaxHistory {
		t.Fatalf("%d attempts kept, want %d", len(got), MaxHistory)
	}
	if !got[0].Time.Equal(at.Add(5*time.Hour)) || !got[len(got)-1].Time.Equal(at.Add(time.Duration(MaxHistory+4)*time.Hour)) {
		t.Errorf("kept %s to %s, want the newest", got[0].Time, got[len(got)-1].Time)
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestHistorySkipsBadLines(t *testing.T) {
	fresh := filepath.Join(t.TempDir(), "new", "history.jsonl")
	if err := AppendHistory(fresh, attempt("chat", 50, time.Now())); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("a new history file: mode %v, %v; want 0600 (attempts are private)", st.Mode().Perm(), err)
	}
	path := filepath.Join(t.TempDir(), "history.jsonl")
	data := `{"time":"2026-11-01T10:00:00Z","scenario":"chat","percent":50}
not json
{"time":"2026-11-02T10:00:00Z"}

{"time":"2026-11-03T10:00:00Z","scenario":"chat","percent":70}
`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	got, skipped, err := LoadHistory(path)
	if err != nil || len(got) != 2 || skipped != 2 {
		t.Errorf("%d attempts, %d skipped, %v; want 2, 2", len(got), skipped, err)
	}
	if got, _, err := LoadHistory(filepath.Join(t.TempDir(), "none.jsonl")); err != nil || got != nil {
		t.Errorf("a missing history: %v, %v", got, err)
	}
}

func TestHistoryReport(t *testing.T) {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	attempts := []Attempt{attempt("chat", 40, at), attempt("url-shortener", 90, at.Add(time.Hour)), attempt("chat", 65, at.Add(2*time.Hour))}
	attempts[2].Stopped = "time is up"
	out := HistoryReport(attempts, "/state/history.jsonl", 80)
	for _, want := range []string{
		"3 interviews, kept in /state/history.jsonl",
		"chat                   best    65%  last    65%  2 attempts  up 25 points since the first",
		"url-shortener          best    90%  last    90%  1 attempt",
		"(time is up)",
		"Practise next",
		"cache                    0%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the history report lacks %q:\n%s", want, out)
		}
	}
	if out := HistoryReport(nil, "/state/history.jsonl", 80); !strings.HasPrefix(out, "No interviews yet.") {
		t.Errorf("an empty history: %q", out)
	}
}
