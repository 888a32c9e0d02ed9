package mermaidcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNodeRequirementMatchesTheLockFile works out the oldest Node.js every
// package pinned in tools/validate/package-lock.json accepts (the "engines"
// each declares), and checks that CI's Node.js check (.ci/run) and the
// README ask for exactly that: the oldest release on that line, or any
// release from the next major line every package accepts.
func TestNodeRequirementMatchesTheLockFile(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "tools", "validate", "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct {
			Engines json.RawMessage `json:"engines"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for name, p := range lock.Packages {
		var e struct {
			Node string `json:"node"`
		}
		if len(p.Engines) == 0 || json.Unmarshal(p.Engines, &e) != nil || e.Node == "" {
			continue // no engines, or the old list form that names no Node range
		}
		if _, err := satisfies([3]int{20, 0, 0}, e.Node); err != nil {
			t.Fatalf("%s: engines %q: %v", name, e.Node, err)
		}
		ranges = append(ranges, e.Node)
	}
	ok := func(v [3]int) bool {
		for _, r := range ranges {
			if yes, _ := satisfies(v, r); !yes {
				return false
			}
		}
		return true
	}
	var floor [3]int
	found := false
	for major := 18; major <= 30 && !found; major++ {
		for minor := 0; minor <= 40 && !found; minor++ {
			if v := [3]int{major, minor, 0}; ok(v) {
				floor, found = v, true
			}
		}
	}
	if !found {
		t.Fatal("no Node.js release from 18 to 30 satisfies every pinned package")
	}
	next := floor[0] + 1
	for !ok([3]int{next, 0, 0}) {
		next++
	}
	t.Logf("the pinned packages need Node.js %d.%d on the %d line, or %d and later", floor[0], floor[1], floor[0], next)

	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	check := fmt.Sprintf("a===%d&&b>=%d||a>=%d", floor[0], floor[1], next)
	if !strings.Contains(string(ci), check) {
		t.Errorf(".ci/run's Node.js check is not %q (%d.%d on the %d line, or %d and later)", check, floor[0], floor[1], floor[0], next)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Node.js %d.%d or later", floor[0], floor[1]); !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q", want)
	}
}

// satisfies reports whether version v meets an npm engines range: "||"
// alternatives of space-separated comparators (>=, >, <=, <, =, ^, ~, a
// bare version, x.* wildcards).
func satisfies(v [3]int, rng string) (bool, error) {
	for _, alt := range strings.Split(rng, "||") {
		fields := strings.Fields(alt)
		// ">= 10" is ">=10".
		for i := 0; i+1 < len(fields); i++ {
			if strings.Trim(fields[i], "<>=") == "" {
				fields[i+1] = fields[i] + fields[i+1]
				fields = append(fields[:i], fields[i+1:]...)
			}
		}
		all := len(fields) > 0
		for _, c := range fields {
			yes, err := compare(v, c)
			if err != nil {
				return false, err
			}
			all = all && yes
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

func compare(v [3]int, c string) (bool, error) {
	op := strings.TrimRight(c[:len(c)-len(strings.TrimLeft(c, "<>=^~"))], " ")
	w, parts, err := version(strings.TrimLeft(c, "<>=^~v"))
	if err != nil {
		return false, fmt.Errorf("%q: %w", c, err)
	}
	cmp := 0
	for i := range 3 {
		if v[i] != w[i] {
			cmp = map[bool]int{true: -1, false: 1}[v[i] < w[i]]
			break
		}
	}
	switch op {
	case ">=":
		return cmp >= 0, nil
	case ">":
		return cmp > 0, nil
	case "<=":
		return cmp <= 0, nil
	case "<":
		return cmp < 0, nil
	case "^":
		return cmp >= 0 && v[0] == w[0], nil
	case "~":
		return cmp >= 0 && v[0] == w[0] && v[1] == w[1], nil
	case "", "=":
		// A partial version ("22", "8.*") matches every release it names.
		for i := range parts {
			if v[i] != w[i] {
				return false, nil
			}
		}
		return true, nil
	}
	return false, fmt.Errorf("unknown comparator %q", c)
}

// version reads "22.12.0", "22", "8.*"; parts is how many numbers it names.
func version(s string) (v [3]int, parts int, err error) {
	for i, p := range strings.SplitN(s, ".", 3) {
		if p == "*" || p == "x" {
			break
		}
		if v[i], err = strconv.Atoi(p); err != nil {
			return v, 0, fmt.Errorf("not a version: %q", s)
		}
		parts++
	}
	return v, parts, nil
}
