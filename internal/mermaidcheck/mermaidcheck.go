// Package mermaidcheck lets Go tests check exported documents with the real
// tools: Mermaid diagrams with Mermaid's own parser (mermaid 12.3.0 under Node.js
// and jsdom) and Markdown with markdownlint-cli2, both pinned in tools/validate.
//
// Typical use in a test:
//
//	mermaidcheck.Require(t) // installs tools/validate/node_modules once, or skips
//	res, err := mermaidcheck.Check([]string{diagram1, diagram2})
//	...
//	problems := mermaidcheck.Lint(t, map[string][]byte{"plan.md": md})
//
// Check batches: one Node process parses every diagram passed to it (about 1.5 s
// to start, then about 10 ms a diagram), so collect diagrams and call it once.
package mermaidcheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// SkipMessage is the reason Require gives when Node.js or npm is missing outside CI.
const SkipMessage = "mermaid validator unavailable: install Node.js and npm (CI installs them)"

// InstallTimeout caps the one-time `npm ci` in tools/validate.
const InstallTimeout = 5 * time.Minute

// CheckTimeout caps one Check call (one Node process for the whole batch).
const CheckTimeout = 5 * time.Minute

// minNode is the oldest Node.js the pinned tools run on (jsdom 29.1.1 needs
// ^20.19; mermaid 12.3.0 declares >=22.12 but parses fine on 20.19+).
var minNode = [2]int{20, 19}

// Result is what Mermaid's parser made of one diagram.
type Result struct {
	// OK is true when mermaid.parse accepted the diagram.
	OK bool `json:"ok"`
	// Error is Mermaid's error message when OK is false.
	Error string `json:"error,omitempty"`
	// Type is Mermaid's diagram type, e.g. "flowchart-v2", "xychart", "timeline".
	Type string `json:"type,omitempty"`
	// Labels maps flowchart node ids to the label text a reader sees once
	// Mermaid renders it: Mermaid's "#quot;"-style codes and HTML entities
	// decoded, tags dropped, <br> as "\n". Nil for non-flowchart diagrams.
	Labels map[string]string `json:"labels"`
	// LabelMarkup maps node ids to the HTML Mermaid's renderer is handed for the
	// label ("#quot;" already turned into "&quot;"). Nil for non-flowcharts.
	LabelMarkup map[string]string `json:"labelMarkup"`
	// Subgraphs are a flowchart's subgraphs, in Mermaid's order.
	Subgraphs []Subgraph `json:"subgraphs,omitempty"`
	// Edges are a flowchart's edges, in source order.
	Edges []Edge `json:"edges,omitempty"`
}

// Subgraph is one flowchart subgraph; Title is the text shown, TitleMarkup the HTML.
type Subgraph struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	TitleMarkup string `json:"titleMarkup"`
}

// Edge is one flowchart edge; Label is the text shown ("" when none), LabelMarkup the HTML.
type Edge struct {
	From        string `json:"from"`
	To          string `json:"to"`
	Label       string `json:"label"`
	LabelMarkup string `json:"labelMarkup"`
}

// RepoRoot returns the directory holding go.mod, found by walking up from the
// working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("mermaidcheck: no go.mod found above the working directory")
		}
		dir = parent
	}
}

func validateDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "tools", "validate"), nil
}

// Check parses every diagram with Mermaid's real parser in a single Node process
// and returns one Result per diagram, in order. An invalid diagram is not an
// error: it gives a Result with OK false. The error is for when the checker could
// not run (no node, no node_modules, a crash). Call Require first in tests.
func Check(diagrams []string) ([]Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), CheckTimeout)
	defer cancel()
	return CheckContext(ctx, diagrams)
}

// CheckContext is Check with a caller-supplied context.
func CheckContext(ctx context.Context, diagrams []string) ([]Result, error) {
	if len(diagrams) == 0 {
		return nil, nil
	}
	dir, err := validateDir()
	if err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("mermaidcheck: node not found on PATH: %w", err)
	}
	input, err := json.Marshal(diagrams)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "mermaid-check.mjs"))
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("mermaidcheck: %s mermaid-check.mjs: %w\n%s", node, err, tail(stderr.String(), 4000))
	}
	var results []Result
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		return nil, fmt.Errorf("mermaidcheck: bad output from mermaid-check.mjs: %w\nstdout: %s\nstderr: %s",
			err, tail(stdout.String(), 2000), tail(stderr.String(), 2000))
	}
	if len(results) != len(diagrams) {
		return nil, fmt.Errorf("mermaidcheck: %d results for %d diagrams", len(results), len(diagrams))
	}
	return results, nil
}

// Require makes sure the validator can run in this test, installing
// tools/validate/node_modules with `npm ci` the first time (guarded against
// parallel test binaries by a lock file, capped at InstallTimeout). When Node.js
// or npm is missing it calls t.Skip with SkipMessage, or t.Fatal when the
// environment variable CI is "true".
func Require(t testing.TB) {
	t.Helper()
	requireOnce.Do(func() { requireErr = prepare(t) })
	if requireErr == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("mermaid validator unavailable in CI (CI=true): %v", requireErr)
	}
	t.Log(requireErr)
	t.Skip(SkipMessage)
}

var (
	requireOnce sync.Once
	requireErr  error
)

func prepare(t testing.TB) error {
	t.Helper()
	dir, err := validateDir()
	if err != nil {
		return err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return errors.New("node not found on PATH")
	}
	if err := checkNodeVersion(node); err != nil {
		return err
	}
	if installed(dir) {
		return nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return errors.New("tools/validate/node_modules is missing and npm is not on PATH")
	}

	unlock, err := lock(t, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if installed(dir) { // another test binary installed it while we waited
		return nil
	}
	t.Logf("mermaidcheck: installing the validator: (cd %s && npm ci --no-audit --no-fund), at most %v", dir, InstallTimeout)
	ctx, cancel := context.WithTimeout(context.Background(), InstallTimeout)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %v", InstallTimeout)
		}
		return fmt.Errorf("npm ci in %s failed: %v\n%s", dir, err, tail(string(out), 4000))
	}
	t.Logf("mermaidcheck: npm ci done in %.1fs", time.Since(start).Seconds())
	if !installed(dir) {
		return fmt.Errorf("npm ci in %s succeeded but the pinned packages are still not installed", dir)
	}
	return nil
}

func checkNodeVersion(node string) error {
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return fmt.Errorf("%s --version: %v", node, err)
	}
	v := strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return fmt.Errorf("cannot read node version %q", v)
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return fmt.Errorf("cannot read node version %q", v)
	}
	if major < minNode[0] || (major == minNode[0] && minor < minNode[1]) {
		return fmt.Errorf("node v%s is too old: the validator needs Node.js >= %d.%d", v, minNode[0], minNode[1])
	}
	return nil
}

// installed reports whether npm finished installing (it writes the hidden lock
// file node_modules/.package-lock.json last) and every package pinned in
// package-lock.json for a direct dependency has that version in node_modules.
func installed(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err != nil {
		return false
	}
	var lockfile struct {
		Packages map[string]struct {
			Version      string            `json:"version"`
			Dependencies map[string]string `json:"dependencies"`
		} `json:"packages"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil || json.Unmarshal(data, &lockfile) != nil {
		return false
	}
	for name := range lockfile.Packages[""].Dependencies {
		want := lockfile.Packages["node_modules/"+name].Version
		var pkg struct {
			Version string `json:"version"`
		}
		data, err := os.ReadFile(filepath.Join(dir, "node_modules", filepath.FromSlash(name), "package.json"))
		if err != nil || json.Unmarshal(data, &pkg) != nil || pkg.Version != want {
			return false
		}
	}
	return true
}

// lock takes a cross-process lock for installing into dir: a file created with
// O_EXCL in the temp directory. A lock older than the install timeout is stale
// (its holder died) and is taken over.
func lock(t testing.TB, dir string) (func(), error) {
	t.Helper()
	sum := sha256.Sum256([]byte(dir))
	path := filepath.Join(os.TempDir(), "scaleplan-validate-"+hex.EncodeToString(sum[:8])+".lock")
	deadline := time.Now().Add(InstallTimeout + time.Minute)
	logged := false
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > InstallTimeout+30*time.Second {
			t.Logf("mermaidcheck: removing stale lock %s", path)
			os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("timed out waiting for lock %s", path)
		}
		if !logged {
			t.Logf("mermaidcheck: waiting for another test binary installing the validator (lock %s)", path)
			logged = true
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// lintLine matches markdownlint-cli2's default output:
// "file.md:3 error MD001/heading-increment Description [Detail]" (with an
// optional ":column" after the line, and "warning" for rules set to warn).
var lintLine = regexp.MustCompile(`^(.+?):(\d+)(?::(\d+))? (?:error|warning) (MD\d+\S*) (.*)$`)

// Lint runs markdownlint-cli2 (with the repository's .markdownlint-cli2.yaml) on
// the given documents, keyed by relative file name ("plan.md", "docs/x.md"), and
// returns the problems found as "file:line rule description" strings
// ("file:line:column ..." when markdownlint gives a column), sorted. No problems
// gives an empty slice. It calls Require, and t.Fatal when the linter cannot run.
func Lint(t testing.TB, markdown map[string][]byte) []string {
	t.Helper()
	Require(t)
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "tools", "validate")
	tmp := t.TempDir()
	bin := filepath.Join(dir, "node_modules", ".bin", "markdownlint-cli2")
	args := []string{"--config", filepath.Join(root, ".markdownlint-cli2.yaml"), "--no-globs"}
	names := make([]string, 0, len(markdown))
	for name := range markdown {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		clean := filepath.ToSlash(filepath.Clean(name))
		if clean == "." || filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
			t.Fatalf("mermaidcheck.Lint: file name %q must be relative and inside the temp dir", name)
		}
		path := filepath.Join(tmp, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, markdown[name], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, ":"+clean) // ":" = literal path, not a glob
	}
	if len(names) == 0 {
		return []string{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), CheckTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = tmp
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	var problems []string
	for _, line := range strings.Split(string(out), "\n") {
		m := lintLine.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		pos := m[1] + ":" + m[2]
		if m[3] != "" {
			pos += ":" + m[3]
		}
		problems = append(problems, pos+" "+m[4]+" "+m[5])
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1 && len(problems) > 0:
		// exit 1 = lint problems found
	default:
		t.Fatalf("markdownlint-cli2 could not run: %v\n%s", err, tail(string(out), 4000))
	}
	sort.Strings(problems)
	if problems == nil {
		problems = []string{}
	}
	return problems
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
