package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputIsIdenticalAcrossProcesses runs the built program on every
// golden answers file in every format, as separate processes with
// GOMAXPROCS 1 and 8 (each process has its own map seeds and scheduling),
// and compares their output with each other and with the command run in
// this process: all byte-identical.
func TestOutputIsIdenticalAcrossProcesses(t *testing.T) {
	bin := scaleplanBinary(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "answers", "*.yaml"))
	if err != nil || len(files) < 9 {
		t.Fatalf("want the golden answers files, found %d (%v)", len(files), err)
	}
	for _, file := range files {
		for _, format := range []string{"md", "mermaid", "json", "yaml", "text"} {
			name := strings.TrimSuffix(filepath.Base(file), ".yaml") + "/" + format
			args := []string{"plan", "--answers", file, "--format", format}
			code, want, stderr := runInProcess(args...)
			if code != ExitOK || want == "" {
				t.Fatalf("%s in process: exit %d, stderr %q", name, code, stderr)
			}
			for _, procs := range []string{"1", "8"} {
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs, "NO_COLOR=1")
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				if err := cmd.Run(); err != nil {
					t.Fatalf("%s with GOMAXPROCS=%s: %v\n%s", name, procs, err, errb.String())
				}
				if out.String() != want {
					t.Errorf("%s: the process with GOMAXPROCS=%s writes different bytes than the in-process run", name, procs)
				}
			}
		}
	}
}
