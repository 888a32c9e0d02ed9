package answers

import (
	"strings"
	"testing"
)

// TestParseReportsEveryProblem reads a file with several mistakes: each is
// reported on its own line, in file order, and the valid keys are listed
// once, after the last unknown key.
func TestParseReportsEveryProblem(t *testing.T) {
	file := "version: 1\nuser: 5\nbudgt: 3\nteam: lots\nteam: 4\n"
	_, err := Parse("a.yaml", []byte(file))
	if err == nil {
		t.Fatal("a file with four mistakes parsed")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		`a.yaml:2: unknown key "user" (did you mean "users"?)`,
		`a.yaml:3: unknown key "budgt" (did you mean "budget"?); valid keys: version, name, users`,
		`a.yaml:4: team: "lots": want a whole number`,
		`a.yaml:5: "team" is given twice (first on line 4)`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d:\n got %s\nwant %s…", i+1, lines[i], w)
		}
	}
	if n := strings.Count(err.Error(), "valid keys"); n != 1 {
		t.Errorf("the valid keys are listed %d times", n)
	}
}

// TestParseOneUnknownKeyReadsAsBefore keeps the one-mistake message whole:
// the key, the suggestion and the valid keys on one line.
func TestParseOneUnknownKeyReadsAsBefore(t *testing.T) {
	_, err := Parse("a.yaml", []byte("version: 1\nuesrs: 5\n"))
	if err == nil || strings.Contains(err.Error(), "\n") ||
		!strings.HasPrefix(err.Error(), `a.yaml:2: unknown key "uesrs" (did you mean "users"?); valid keys: version, name, users, dau,`) {
		t.Errorf("got %v", err)
	}
}
