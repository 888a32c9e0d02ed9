package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// builtBinary is the scaleplan command built once per test binary, for the
// tests and benchmarks that must run the real program as a separate process
// (a network namespace, process memory, process start-up time).
var builtBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// scaleplanBinary builds ./cmd/scaleplan into a temporary directory (once)
// and returns its path.
func scaleplanBinary(tb testing.TB) string {
	tb.Helper()
	b := &builtBinary
	b.once.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			b.err = err
			return
		}
		b.dir, b.err = os.MkdirTemp("", "scaleplan-bin-")
		if b.err != nil {
			return
		}
		b.path = filepath.Join(b.dir, "scaleplan")
		cmd := exec.Command(goCmd, "build", "-o", b.path, ".")
		b.out, b.err = cmd.CombinedOutput()
	})
	if b.err != nil {
		tb.Fatalf("go build ./cmd/scaleplan: %v\n%s", b.err, b.out)
	}
	return b.path
}

// removeBuiltBinary removes the built command; TestMain calls it (through
// cleanupAfter) once every test has run.
func removeBuiltBinary() {
	if builtBinary.dir != "" {
		os.RemoveAll(builtBinary.dir)
	}
}

// cleanupAfter runs the tests, then removes what they built.
type cleanupAfter struct{ m *testing.M }

func (c cleanupAfter) Run() int {
	code := c.m.Run()
	removeBuiltBinary()
	return code
}
