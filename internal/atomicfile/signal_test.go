//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestInterruptWaitsForTheRename: a SIGINT that arrives while the temporary
// file exists is held until the new file is in place and the temporary one
// is gone, then delivered.
func TestInterruptWaitsForTheRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan os.Signal, 1)
	origReraise := reraise
	reraise, afterTempCreated = func(sig os.Signal) { got <- sig }, func() {
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(20 * time.Millisecond) // the signal lands while the temporary file exists
	}
	defer func() { reraise, afterTempCreated = origReraise, nil }()
	if err := Write(path, []byte("new"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	select {
	case sig := <-got:
		if sig != os.Interrupt {
			t.Errorf("delivered %v, want interrupt", sig)
		}
	default:
		t.Fatal("the interrupt was lost instead of delivered after the write")
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file holds %q, want the new content", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestInterruptRemovesAPendingFile: a SIGINT while a file written part by
// part is pending removes its temporary file at once, leaving the target
// as it was, and is then delivered; the writes after it fail.
func TestInterruptRemovesAPendingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sweep.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan os.Signal, 1)
	origReraise := reraise
	reraise = func(sig os.Signal) { got <- sig }
	defer func() { reraise = origReraise }()
	p, err := Create(path, 0o644, true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if _, err := p.Write([]byte("new, in part")); err != nil {
		t.Fatal(err)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case sig := <-got:
		if sig != os.Interrupt {
			t.Errorf("delivered %v, want interrupt", sig)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the interrupt was not delivered while the file was pending")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if _, err := p.Write([]byte("more")); err == nil {
		t.Error("a write after the interrupt succeeded")
	}
	if err := p.Commit(); err == nil {
		t.Error("Commit after the interrupt succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file holds %q, want the old content", b)
	}
}
