package readfile_test

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/internal/readfile"
)

// within fails the test when f takes more than a few seconds: a FIFO that
// is opened with a blocking call waits for a writer for ever.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("still reading after 5s: a FIFO or device was waited on")
	}
}

func fifo(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "answers.yaml")
	fifo(t, pipe)
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"a FIFO without a writer", pipe},
		{"a link to /dev/zero", zero},
		{"/dev/zero itself", "/dev/zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			within(t, func() {
				_, err := readfile.Read(tc.path, 1<<20)
				if !errors.Is(err, readfile.ErrNotRegular) {
					t.Errorf("Read(%s) = %v, want %v", tc.path, err, readfile.ErrNotRegular)
				}
				_, err = readfile.FS(readfile.Dir(dir), filepath.Base(tc.path), 1<<20)
				want := readfile.ErrNotRegular
				if tc.path == zero {
					want = readfile.ErrSymlink // a Dir follows no link
				}
				if tc.path != "/dev/zero" && !errors.Is(err, want) {
					t.Errorf("FS(Dir, %s) = %v, want %v", filepath.Base(tc.path), err, want)
				}
				_, err = readfile.FS(os.DirFS(dir), filepath.Base(tc.path), 1<<20)
				if tc.path != "/dev/zero" && !errors.Is(err, readfile.ErrNotRegular) {
					t.Errorf("FS(os.DirFS, %s) = %v, want %v", filepath.Base(tc.path), err, readfile.ErrNotRegular)
				}
			})
		})
	}
}

func TestReadLimits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 2048)), 0o600); err != nil {
		t.Fatal(err)
	}
	var tl *readfile.TooLargeError
	if _, err := readfile.Read(path, 1024); !errors.As(err, &tl) || err.Error() != "larger than 1 KiB; refusing to read it" {
		t.Errorf("Read over the limit = %v", err)
	}
	if _, err := readfile.FS(readfile.Dir(dir), "big.yaml", 1024); !errors.As(err, &tl) {
		t.Errorf("FS over the limit = %v", err)
	}
	data, err := readfile.FS(readfile.Dir(dir), "big.yaml", 4096)
	if err != nil || len(data) != 2048 {
		t.Errorf("FS within the limit = %d bytes, %v", len(data), err)
	}
	if _, err := readfile.Read(dir, 1024); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("Read(a directory) = %v", err)
	}
	if _, err := readfile.Dir(dir).Open("../big.yaml"); err == nil {
		t.Error("Dir opened a path outside itself")
	}
}

// zeros is endless input without a line break, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestLineStopsAtInputThatIsNotTyped(t *testing.T) {
	br := bufio.NewReader(io.MultiReader(strings.NewReader("12k\nlast"), zeros{}))
	if got, err := readfile.Line(br, 1024); string(got) != "12k\n" || err != nil {
		t.Errorf("Line = %q, %v; want the first line", got, err)
	}
	within(t, func() {
		if got, err := readfile.Line(br, 1024); !errors.Is(err, readfile.ErrLineTooLong) || got != nil {
			t.Errorf("Line = %d bytes, %v; want %v", len(got), err, readfile.ErrLineTooLong)
		}
	})
	br = bufio.NewReader(strings.NewReader("no break at the end"))
	if got, err := readfile.Line(br, 1024); string(got) != "no break at the end" || err != io.EOF {
		t.Errorf("Line = %q, %v; want the text and io.EOF", got, err)
	}
}

// TestDirFollowsNoLink: a file of a Dir that is a link to a readable file
// (/etc/passwd, or any file of the user's) is refused, not read, so its
// text reaches no error message; the directory itself may be a link.
func TestDirFollowsNoLink(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "rules.yaml")); err != nil {
		t.Skip(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plain.yaml"), []byte("version: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := readfile.FS(readfile.Dir(dir), "rules.yaml", 1<<20)
	if !errors.Is(err, readfile.ErrSymlink) || data != nil {
		t.Errorf("FS(Dir, rules.yaml) = %q, %v; want %v", data, err, readfile.ErrSymlink)
	}
	linked := filepath.Join(t.TempDir(), "overlay")
	if err := os.Symlink(dir, linked); err != nil {
		t.Skip(err)
	}
	if data, err := readfile.FS(readfile.Dir(linked), "plain.yaml", 1<<20); err != nil || string(data) != "version: 1\n" {
		t.Errorf("FS(Dir(a link to the directory), plain.yaml) = %q, %v; want it read", data, err)
	}
}
