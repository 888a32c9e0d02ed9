//go:build linux

// Package tmpfs gives a test a small filesystem of its own, to prove what
// the program does when a disk fills up or turns read-only. Permissions do
// not stop root (tests may run as root), so the failures here are the
// kernel's own: a size-limited tmpfs answers ENOSPC, a read-only remount
// EROFS.
//
// The tmpfs lives in a private mount namespace: Run re-executes the test
// binary for just the calling test under unshare(1), and the mount vanishes
// with that process, even if it crashes. As root that needs only the mount
// namespace; otherwise an unprivileged user namespace as well. When neither
// is allowed the test is skipped, or fails when CI=true.
//
//	func TestFullDisk(t *testing.T) {
//		tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
//			tmpfs.Fill(t, dir) // now every data write fails with ENOSPC
//			...
//		})
//	}
package tmpfs

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// childEnv carries, to the re-executed test binary, the name of the test
// that is to run its body inside the namespace.
const childEnv = "SCALEPLAN_TMPFS_TEST"

// SkipMessage is why Run skips when no mount namespace can be made.
const SkipMessage = "tmpfs: cannot make a private mount namespace here (needs root, or unprivileged user namespaces, and unshare from util-linux)"

// Run calls body with dir, the root of a fresh tmpfs of sizeBytes, in a copy
// of the test binary running only this test inside a private mount
// namespace. The parent test passes or fails with the child; the child's
// log is repeated in the parent's. Run must be called from a top-level
// test or a subtest whose name is unique, and body must not call t.Parallel.
func Run(t *testing.T, sizeBytes int, body func(t *testing.T, dir string)) {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		dir := t.TempDir()
		opts := fmt.Sprintf("size=%d,mode=0755", sizeBytes)
		if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, opts); err != nil {
			t.Fatalf("tmpfs: mount -t tmpfs -o %s on %s: %v", opts, dir, err)
		}
		t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
		body(t, dir)
		return
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		unavailable(t, "unshare not found on PATH")
		return
	}
	args := []string{"--mount", "--propagation", "private"}
	if os.Geteuid() != 0 {
		args = append([]string{"--user", "--map-root-user"}, args...)
	}
	args = append(args, "--", os.Args[0], "-test.run="+runPattern(t.Name()), "-test.count=1", "-test.v=true")
	cmd := exec.Command(unshare, args...)
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	log := string(out)
	ran := strings.Contains(log, "=== RUN   "+t.Name())
	switch {
	case !ran && err != nil:
		unavailable(t, fmt.Sprintf("%s %s: %v\n%s", unshare, strings.Join(args[:len(args)-4], " "), err, log))
	case !ran:
		t.Fatalf("tmpfs: the test binary did not run %s in the namespace:\n%s", t.Name(), log)
	case strings.Contains(log, "--- SKIP: "+t.Name()):
		t.Skipf("skipped inside the mount namespace:\n%s", log)
	case err != nil || !strings.Contains(log, "--- PASS: "+t.Name()):
		t.Fatalf("inside a private mount namespace with a %d-byte tmpfs:\n%s", sizeBytes, log)
	default:
		t.Logf("inside a private mount namespace with a %d-byte tmpfs:\n%s", sizeBytes, log)
	}
}

func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true): %s", SkipMessage, why)
	}
	t.Log(why)
	t.Skip(SkipMessage)
}

// runPattern is a -test.run pattern matching exactly the test named name
// (subtests included: each level of the name is anchored on its own).
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// Fill writes a file named .fill in dir until the filesystem has no room
// left, so that any later data write fails with ENOSPC. Creating an empty
// file still works (tmpfs counts inodes apart from space). Only inside Run.
func Fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, ".fill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for i := 0; ; i++ {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("tmpfs: filling %s: %v, want ENOSPC", dir, err)
			}
			return
		}
		if i > 1<<20 {
			t.Fatalf("tmpfs: %s took 4 GiB and is still not full", dir)
		}
	}
}

// ReadOnly remounts the tmpfs at dir read-only: every later create, write,
// rename or remove in it fails with EROFS. Only inside Run.
func ReadOnly(t *testing.T, dir string) {
	t.Helper()
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("tmpfs: remount %s read-only: %v", dir, err)
	}
}
