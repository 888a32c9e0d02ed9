package main

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/knowledge"
)

// FuzzPlanWritesOnlyInItsDirectories runs plan --adr DIR -o FILE --force
// with a knowledge overlay that renames a component (its id becomes a
// record's file name) and answers within range. A knowledge base that
// loads and valid answers give exit 0 or an answers error (2), and every
// file written is inside the --adr directory or is the -o file.
func FuzzPlanWritesOnlyInItsDirectories(f *testing.F) {
	f.Add("backups", 2e6, 10.0)
	f.Add("point-in-time-recovery", 50e3, 0.0)
	f.Add("../../victim", 2e6, 5.0)
	f.Add("backups/../../x", 1e9, 1000.0)
	f.Add("nul\x00byte", 1.0, 0.0)
	f.Add("end", 8.2e9, 1e-15)
	src := map[string]string{}
	for _, name := range []string{"components.yaml", "rules.yaml", "resilience.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "knowledge", "data", name))
		if err != nil {
			f.Fatal(err)
		}
		src[name] = string(data)
	}
	f.Fuzz(func(t *testing.T, id string, users, growth float64) {
		if math.IsNaN(users) || users < 1 || users > 8.2e9 || math.IsNaN(growth) || growth < 0 || growth > 1000 {
			return // not answers within range
		}
		// Deep enough that a record escaping --adr by a few levels still
		// lands inside root, where the walk below sees it.
		root := t.TempDir()
		work := filepath.Join(root, "a", "b", "c", "d", "work")
		kbDir := filepath.Join(root, "kb")
		for _, dir := range []string{work, kbDir} {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for name, text := range src {
			if err := os.WriteFile(filepath.Join(kbDir, name), []byte(strings.ReplaceAll(text, "backups", id)), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := knowledge.LoadDir(kbDir); err != nil {
			return // the overlay is refused: not a knowledge base to plan with
		}
		adr := filepath.Join(work, "adr")
		out := filepath.Join(work, "plan.md")
		args := []string{"plan", "--knowledge", kbDir, "--users", strconv.FormatFloat(users, 'g', -1, 64),
			"--growth", strconv.FormatFloat(growth, 'g', -1, 64), "--adr", adr, "-o", out, "--force"}
		var stdout, stderr bytes.Buffer
		code := Run(args, &Streams{In: strings.NewReader(""), Out: &stdout, Err: &stderr})
		if code != ExitOK && code != ExitUsage {
			t.Fatalf("scaleplan %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			inside := filepath.Dir(path) == adr || path == out || filepath.Dir(path) == kbDir
			if !inside {
				t.Errorf("scaleplan %s wrote %s, outside --adr and -o", strings.Join(args, " "), path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
