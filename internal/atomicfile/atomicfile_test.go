package atomicfile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/scaleplan/scaleplan/internal/atomicfile"
	"github.com/scaleplan/scaleplan/internal/tmpfs"
)

// entries lists a directory's names, hidden ones (temporary files) included.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// requireOnly fails unless dir holds exactly the names given: no temporary
// file left behind, nothing created by a failed write.
func requireOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	got := entries(t, dir)
	if strings.Join(got, "\n") != strings.Join(names, "\n") {
		t.Errorf("%s holds %q, want exactly %q", dir, got, names)
	}
}

func requireContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s holds %q, want %q", path, abbreviate(string(got)), abbreviate(want))
	}
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func TestWriteCreatesWithThePermissionsAsked(t *testing.T) {
	for _, perm := range []fs.FileMode{0o644, 0o600} {
		t.Run(perm.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "plan.md")
			if err := atomicfile.Write(path, []byte("new"), perm, false); err != nil {
				t.Fatal(err)
			}
			requireContent(t, path, "new")
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != perm {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), perm)
			}
			requireOnly(t, dir, "plan.md")
		})
	}
}

func TestWriteReplacesOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.Write(path, []byte("new"), 0o644, false)
	if !errors.Is(err, atomicfile.ErrExists) || !strings.Contains(err.Error(), "use --force to overwrite") {
		t.Errorf("error %v, want ErrExists naming --force", err)
	}
	requireContent(t, path, "old")
	requireOnly(t, dir, "plan.md")

	if err := atomicfile.Write(path, []byte("new"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	requireContent(t, path, "new")
	requireOnly(t, dir, "plan.md")
}

// TestWriteFailsClearly covers the failures any user can cause, root or
// not: each is a clear error naming the path and the reason, an existing
// file is left as it was, and no file (temporary or not) is created.
func TestWriteFailsClearly(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (path string)
		want  string // in the error message
		errno syscall.Errno
	}{
		{"the directory does not exist", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "nosuchdir", "plan.md")
		}, "cannot write in", syscall.ENOENT},
		// As root, permissions do not stop writes; a regular file where a
		// directory should be stops everyone.
		{"the directory is a regular file", func(t *testing.T, dir string) string {
			if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("keep"), 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "notes.txt", "plan.md")
		}, "not a directory", syscall.ENOTDIR},
		{"the target is a directory", func(t *testing.T, dir string) string {
			if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "out")
		}, "is a directory; give a file name", 0},
	}
	for _, tt := range tests {
		for _, overwrite := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "", true: " (overwrite)"}[overwrite], func(t *testing.T) {
				dir := t.TempDir()
				path := tt.setup(t, dir)
				before := entries(t, dir)
				err := atomicfile.Write(path, []byte("new"), 0o644, overwrite)
				if err == nil {
					t.Fatal("no error")
				}
				if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path+": ") {
					t.Errorf("error %q, want it to start with %q and say %q", err, path+": ", tt.want)
				}
				if tt.errno != 0 && !errors.Is(err, tt.errno) {
					t.Errorf("error %v does not wrap %v", err, tt.errno)
				}
				requireOnly(t, dir, before...)
			})
		}
	}
	t.Run("the directory is read-only (not root)", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores permission bits; TestWriteOnReadOnlyFilesystem covers a read-only directory for root")
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "plan.md")
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		err := atomicfile.Write(path, []byte("new"), 0o644, true)
		if !errors.Is(err, syscall.EACCES) || !strings.Contains(err.Error(), "cannot write in") {
			t.Errorf("error %v, want permission denied naming the directory", err)
		}
		requireContent(t, path, "old")
		requireOnly(t, dir, "plan.md")
	})
}

// big is more than the whole test filesystem holds.
var big = bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB

// TestWriteOnAFullDisk fills a 64 KiB tmpfs and writes: the data write hits
// the kernel's ENOSPC, the error says so, the old file keeps its content,
// and the temporary file is gone.
func TestWriteOnAFullDisk(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		path := filepath.Join(dir, "plan.md")
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		// Not yet full: a write bigger than the filesystem fails on its own.
		err := atomicfile.Write(path, big, 0o644, true)
		if !errors.Is(err, syscall.ENOSPC) || err.Error() != path+": no space left on device" {
			t.Errorf("writing 1 MiB to a 64 KiB filesystem: error %v, want %q", err, path+": no space left on device")
		}
		requireContent(t, path, "old")
		requireOnly(t, dir, "plan.md")

		// Full: even a few bytes fail, over the old file or as a new one.
		tmpfs.Fill(t, dir)
		for _, target := range []string{"plan.md", "new.md"} {
			err := atomicfile.Write(filepath.Join(dir, target), []byte("new"), 0o644, true)
			if !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("%s on a full disk: error %v, want ENOSPC", target, err)
			}
		}
		requireContent(t, path, "old")
		requireOnly(t, dir, ".fill", "plan.md")
	})
}

// TestWriteOnReadOnlyFilesystem remounts a tmpfs read-only: a read-only
// directory that stops root too. Writing into it is a clear error and
// changes nothing.
func TestWriteOnReadOnlyFilesystem(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		path := filepath.Join(dir, "plan.md")
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmpfs.ReadOnly(t, dir)
		for _, overwrite := range []bool{false, true} {
			for _, target := range []string{"plan.md", "new.md"} {
				p := filepath.Join(dir, target)
				err := atomicfile.Write(p, []byte("new"), 0o644, overwrite)
				if target == "plan.md" && !overwrite {
					if !errors.Is(err, atomicfile.ErrExists) {
						t.Errorf("%s without overwrite: error %v, want ErrExists", target, err)
					}
					continue
				}
				want := p + ": cannot write in " + dir + ": read-only file system"
				if !errors.Is(err, syscall.EROFS) || err.Error() != want {
					t.Errorf("%s (overwrite %v): error %v, want %q", target, overwrite, err, want)
				}
			}
		}
		requireContent(t, path, "old")
		requireOnly(t, dir, "plan.md")
	})
}

// TestReadersNeverSeeAPartialFile rewrites one file over and over with two
// contents of 256 KiB while readers read it: every read sees one content
// whole, never a mix, a truncated file or no file.
func TestReadersNeverSeeAPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.md")
	a := bytes.Repeat([]byte("a"), 256<<10)
	b := bytes.Repeat([]byte("b"), 256<<10)
	if err := atomicfile.Write(path, a, 0o644, false); err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				got, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("a reader found no file: %v", err)
					return
				}
				if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
					t.Errorf("a reader saw %d bytes that are neither content whole", len(got))
					return
				}
				reads.Add(1)
			}
		}()
	}
	for i := range 200 {
		data := a
		if i%2 == 0 {
			data = b
		}
		if err := atomicfile.Write(path, data, 0o644, true); err != nil {
			t.Fatal(err)
		}
	}
	done.Store(true)
	wg.Wait()
	requireOnly(t, dir, "plan.md")
	if reads.Load() == 0 {
		t.Error("the readers never read")
	}
}

// TestCreateIsAllOrNothing: a file written part by part is in place only
// after Commit, checked as Write checks its target; Abort leaves the
// directory as it was.
func TestCreateIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sweep.json")
	p, err := atomicfile.Create(path, 0o644, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"one ", "two ", "three"} {
		if _, err := p.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Lstat(path); err == nil {
		t.Error("the file is in place before Commit")
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	p.Abort() // after Commit: nothing
	requireContent(t, path, "one two three")
	requireOnly(t, dir, "sweep.json")

	if _, err := atomicfile.Create(path, 0o644, false); !errors.Is(err, atomicfile.ErrExists) {
		t.Errorf("Create over an existing file without overwrite: %v, want ErrExists", err)
	}
	if _, err := atomicfile.Create(dir, 0o644, true); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Create over a directory: %v", err)
	}
	p, err = atomicfile.Create(path, 0o644, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("half")); err != nil {
		t.Fatal(err)
	}
	p.Abort()
	if err := p.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	requireContent(t, path, "one two three")
	requireOnly(t, dir, "sweep.json")
}
