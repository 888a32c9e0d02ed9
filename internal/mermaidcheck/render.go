package mermaidcheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// RenderSkipMessage is the reason RequireRenderer gives when mmdc or Chromium
// is missing outside CI.
const RenderSkipMessage = "mermaid-cli renderer unavailable: install Debian's chromium package (CI installs it) and Node.js"

// RenderTimeout caps one Render call: one mmdc process and one browser for
// the whole batch (a few seconds to start, then about a second a diagram).
const RenderTimeout = 3 * time.Minute

// chromiumCandidates are where Debian's chromium package puts the browser.
var chromiumCandidates = []string{"chromium", "/usr/bin/chromium", "chromium-browser"}

// Chromium returns the path of the system's Chromium, or an error naming
// what was looked for.
func Chromium() (string, error) {
	for _, c := range chromiumCandidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (looked for %s on PATH): apt-get install chromium", strings.Join(chromiumCandidates, ", "))
}

// RequireRenderer makes sure Render can run in this test: the validator's
// node_modules (see Require), its mmdc, and a system Chromium. When one is
// missing it calls t.Skip with RenderSkipMessage, or t.Fatal when the
// environment variable CI is "true".
func RequireRenderer(t testing.TB) {
	t.Helper()
	Require(t)
	rendererOnce.Do(func() { rendererErr = findRenderer() })
	if rendererErr == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("mermaid-cli renderer unavailable in CI (CI=true): %v", rendererErr)
	}
	t.Log(rendererErr)
	t.Skip(RenderSkipMessage)
}

var (
	rendererOnce sync.Once
	rendererErr  error
)

func findRenderer() error {
	if _, err := mmdcPath(); err != nil {
		return err
	}
	_, err := Chromium()
	return err
}

func mmdcPath() (string, error) {
	dir, err := validateDir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "node_modules", ".bin", "mmdc")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s is missing: (cd tools/validate && npm ci)", p)
	}
	return p, nil
}

// Render draws each diagram to SVG with @mermaid-js/mermaid-cli (mmdc) in
// the system's Chromium, and returns the SVGs in order. All diagrams go
// through one mmdc run (a Markdown file with one ```mermaid block each), so
// the browser starts once. Call RequireRenderer first in tests.
func Render(t testing.TB, diagrams []string) ([][]byte, error) {
	t.Helper()
	if len(diagrams) == 0 {
		return nil, nil
	}
	mmdc, err := mmdcPath()
	if err != nil {
		return nil, err
	}
	chromium, err := Chromium()
	if err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("mermaidcheck: node not found on PATH: %w", err)
	}
	tmp := t.TempDir()
	// The puppeteer configuration mmdc passes to puppeteer.launch: the system
	// Chromium, headless, without the sandbox (tests may run as root, where
	// Chromium refuses to start sandboxed).
	config := fmt.Sprintf(`{"executablePath":%q,"args":["--no-sandbox","--headless","--disable-gpu"]}`, chromium)
	if err := os.WriteFile(filepath.Join(tmp, "puppeteer.json"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	var md strings.Builder
	for _, d := range diagrams {
		if strings.Contains(d, "```") {
			return nil, errors.New("mermaidcheck.Render: a diagram contains ``` and cannot be fenced")
		}
		md.WriteString("```mermaid\n" + strings.TrimSuffix(d, "\n") + "\n```\n\n")
	}
	if err := os.WriteFile(filepath.Join(tmp, "in.md"), []byte(md.String()), 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), RenderTimeout)
	defer cancel()
	// mmdc is a Node script; run it with the node on PATH (the one Require
	// checked), not whatever its #! line finds.
	cmd := exec.CommandContext(ctx, node, mmdc, "--quiet", "--no-font-embed",
		"--puppeteerConfigFile", "puppeteer.json", "--input", "in.md", "--output", "out.md")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1", "HOME="+tmp, "XDG_CONFIG_HOME="+tmp, "XDG_CACHE_HOME="+tmp)
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %v", RenderTimeout)
		}
		return nil, fmt.Errorf("mermaidcheck: mmdc: %v\n%s", err, tail(string(out), 4000))
	}
	t.Logf("mermaidcheck: mmdc rendered %d diagrams in %.1fs", len(diagrams), time.Since(start).Seconds())
	svgs := make([][]byte, len(diagrams))
	for i := range diagrams {
		// mmdc names the image of the i-th block out-<i>.svg, from 1.
		svgs[i], err = os.ReadFile(filepath.Join(tmp, fmt.Sprintf("out-%d.svg", i+1)))
		if err != nil {
			return nil, fmt.Errorf("mermaidcheck: mmdc wrote no SVG for diagram %d: %v\n%s", i+1, err, tail(string(out), 2000))
		}
	}
	return svgs, nil
}
