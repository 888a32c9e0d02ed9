package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/internal/tmpfs"
)

// atomicWriters are the calls that create or write files. In the program
// they may appear only in internal/atomicfile, which writes to a temporary
// file and renames it: every writer then leaves the old file or the new,
// never a part.
var atomicWriters = []string{"os.WriteFile(", "os.Create(", "os.OpenFile(", "os.CreateTemp(", "os.Truncate(", "ioutil.WriteFile(", "ioutil.TempFile("}

// TestEveryWriterIsAtomic reads the source of every package of this module
// linked into the program: none creates or writes a file except through
// internal/atomicfile. (That package's own tests prove it atomic on errors,
// full disks and read-only filesystems; the exports, saved answers and
// every later writer inherit it.)
func TestEveryWriterIsAtomic(t *testing.T) {
	out := goCmd(t, "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}", "./cmd/scaleplan")
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], modulePath) || f[0] == modulePath+"/internal/atomicfile" {
			continue
		}
		for _, name := range strings.Fields(f[2]) {
			src, err := os.ReadFile(filepath.Join(f[1], name))
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for i, l := range strings.Split(string(src), "\n") {
				code, _, _ := strings.Cut(l, "//")
				for _, w := range atomicWriters {
					if w == "os.OpenFile(" && readOnly(code) {
						continue
					}
					if strings.Contains(code, w) {
						t.Errorf("%s/%s:%d: %s writes a file directly; use internal/atomicfile.Write", f[0], name, i+1, strings.TrimSuffix(w, "("))
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d source files checked; go list found too little", checked)
	}
}

// readOnly reports whether a line's os.OpenFile opens for reading only.
func readOnly(code string) bool {
	_, args, _ := strings.Cut(code, "os.OpenFile(")
	if !strings.Contains(args, "O_RDONLY") {
		return false
	}
	for _, flag := range []string{"O_WRONLY", "O_RDWR", "O_CREATE", "O_TRUNC", "O_APPEND"} {
		if strings.Contains(args, flag) {
			return false
		}
	}
	return true
}

// runInProcess runs the command in-process with buffered streams.
func runInProcess(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb}
	code = Run(args, s)
	return code, out.String(), errb.String()
}

// requireDir fails unless dir holds exactly names (hidden files included).
func requireDir(t *testing.T, dir string, names ...string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, de := range des {
		got = append(got, de.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want exactly %q: a partial or temporary file was left", dir, got, names)
	}
}

// TestPlanOutputOnAFullDisk: `plan -o FILE --force` on a full filesystem
// (a tmpfs filled to the last byte, so the kernel answers ENOSPC) exits 1
// with a clear message, keeps the old file and leaves nothing behind.
func TestPlanOutputOnAFullDisk(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		path := filepath.Join(dir, "plan.md")
		if err := os.WriteFile(path, []byte("the old plan\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmpfs.Fill(t, dir)
		for _, args := range [][]string{
			{"plan", "--users", "50000", "-o", path, "--force"},
			{"plan", "--users", "50000", "-o", filepath.Join(dir, "new.json")},
		} {
			code, stdout, stderr := runInProcess(args...)
			target := args[4]
			if code != ExitError || stdout != "" || stderr != "scaleplan: "+target+": no space left on device\n" {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and only %q", args, code, stdout, stderr, "scaleplan: "+target+": no space left on device")
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != "the old plan\n" {
			t.Errorf("the old file now holds %q (%v)", got, err)
		}
		requireDir(t, dir, ".fill", "plan.md")
	})
}

// TestPlanOutputOnAReadOnlyFilesystem: a read-only directory that stops
// root too (a tmpfs remounted read-only): exit 1, a clear message, the old
// file kept, nothing created.
func TestPlanOutputOnAReadOnlyFilesystem(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		path := filepath.Join(dir, "plan.md")
		if err := os.WriteFile(path, []byte("the old plan\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmpfs.ReadOnly(t, dir)
		for _, target := range []string{path, filepath.Join(dir, "new.md")} {
			code, stdout, stderr := runInProcess("plan", "--users", "50000", "-o", target, "--force")
			want := "scaleplan: " + target + ": cannot write in " + dir + ": read-only file system\n"
			if code != ExitError || stdout != "" || stderr != want {
				t.Errorf("-o %s: exit %d, stdout %q, stderr %q; want exit 1 and only %q", target, code, stdout, stderr, want)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != "the old plan\n" {
			t.Errorf("the old file now holds %q (%v)", got, err)
		}
		requireDir(t, dir, "plan.md")
	})
}

// TestAFailingADRLeavesNoPlan: the -o file and the decision records are
// one set. When the records cannot be written (a read-only filesystem
// stops root too), the run exits 1 and the -o file, already rendered, is
// not written either: a retry starts from nothing.
func TestAFailingADRLeavesNoPlan(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		existing := filepath.Join(dir, "adr")
		if err := os.Mkdir(existing, 0o755); err != nil {
			t.Fatal(err)
		}
		tmpfs.ReadOnly(t, dir)
		for _, adr := range []string{existing, filepath.Join(dir, "new-adr")} {
			out := filepath.Join(t.TempDir(), "plan.md")
			code, stdout, stderr := runInProcess("plan", "--users", "2M", "--adr", adr, "-o", out)
			if code != ExitError || stdout != "" || !strings.Contains(stderr, "read-only file system") {
				t.Errorf("--adr %s: exit %d, stdout %q, stderr %q; want exit 1 naming the read-only filesystem", adr, code, stdout, stderr)
			}
			if _, err := os.Lstat(out); err == nil {
				t.Errorf("--adr %s failed, yet -o %s was written", adr, out)
			}
		}
		// Without -o the plan goes to standard output: not printed either.
		code, stdout, _ := runInProcess("plan", "--users", "2M", "--adr", existing, "--format", "json")
		if code != ExitError || stdout != "" {
			t.Errorf("--adr %s without -o: exit %d, standard output %.40q…; want exit 1 and no plan printed", existing, code, stdout)
		}
		requireDir(t, dir, "adr")
		requireDir(t, existing)
	})
}

// TestADROnAFullDisk: records that do not fit leave neither the -o file
// nor the --adr directory the run would have made.
func TestADROnAFullDisk(t *testing.T) {
	tmpfs.Run(t, 64<<10, func(t *testing.T, dir string) {
		tmpfs.Fill(t, dir)
		adr := filepath.Join(dir, "adr")
		out := filepath.Join(t.TempDir(), "plan.json")
		code, stdout, stderr := runInProcess("plan", "--users", "2M", "--adr", adr, "-o", out)
		if code != ExitError || stdout != "" || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 naming the full disk", code, stdout, stderr)
		}
		if _, err := os.Lstat(out); err == nil {
			t.Errorf("--adr failed, yet -o %s was written", out)
		}
		requireDir(t, dir, ".fill")
	})
}

// TestPlanNeverWrittenOverItsOwnRecords: -o aimed at a decision record
// --adr writes, or at the --adr directory itself, is refused before
// anything is written: one file of the set would silently replace the
// other.
func TestPlanNeverWrittenOverItsOwnRecords(t *testing.T) {
	for _, tc := range []struct{ adr, out, want string }{
		{".", "0003-database.md", "writes the record 0003-database.md"},
		{"adr", filepath.Join("adr", "0001-architecture-stage.md"), "writes the record 0001-architecture-stage.md"},
		{"adr", "adr", "is the --adr directory"},
	} {
		dir := t.TempDir()
		adr, out := filepath.Join(dir, tc.adr), filepath.Join(dir, tc.out)
		code, stdout, stderr := runInProcess("plan", "--users", "50000", "--adr", adr, "-o", out, "--format", "md")
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("--adr %s -o %s: exit %d, stderr %q; want %d and %q", tc.adr, tc.out, code, stderr, ExitUsage, tc.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("--adr %s -o %s left %d files", tc.adr, tc.out, len(entries))
		}
	}
}

// TestPlanNeverWrittenOverItsRecordsThroughALink: a directory reached
// through a symbolic link is the same directory: -o lnk/0003-database.md
// with --adr real (lnk a link to real), or the other way round, is refused
// and writes nothing.
func TestPlanNeverWrittenOverItsRecordsThroughALink(t *testing.T) {
	for _, tc := range []struct{ adr, out string }{
		{"real", filepath.Join("lnk", "0003-database.md")},
		{"lnk", filepath.Join("real", "0002-app-server.md")},
	} {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("real", filepath.Join(dir, "lnk")); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runInProcess("plan", "--users", "50000", "--adr", filepath.Join(dir, tc.adr), "-o", filepath.Join(dir, tc.out))
		if code != ExitUsage || !strings.Contains(stderr, "writes the record") {
			t.Errorf("--adr %s -o %s: exit %d, stderr %q; want %d, -o is a record", tc.adr, tc.out, code, stderr, ExitUsage)
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "real")); len(entries) != 0 {
			t.Errorf("--adr %s -o %s wrote %d files", tc.adr, tc.out, len(entries))
		}
	}
}

// TestPlanNotWrittenOverTheADRDirectory: -o naming the --adr directory is
// a usage error that says so, whether the directory exists or --adr is
// about to make it, and with or without --format.
func TestPlanNotWrittenOverTheADRDirectory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		exists bool
		out    func(adr string) string
		format []string
	}{
		{"to be made", false, func(adr string) string { return adr }, nil},
		{"to be made, with --format", false, func(adr string) string { return adr }, []string{"--format", "json"}},
		{"existing", true, func(adr string) string { return adr }, []string{"--format", "json"}},
		{"existing, another spelling", true, func(adr string) string { return adr + string(filepath.Separator) + "." }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			adr := filepath.Join(dir, "x4")
			if tc.exists {
				if err := os.Mkdir(adr, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{"plan", "--users", "50000", "--adr", adr, "-o", tc.out(adr)}, tc.format...)
			code, stdout, stderr := runInProcess(args...)
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "is the --adr directory") {
				t.Errorf("%q: exit %d, stderr %q; want %d saying -o is the --adr directory", args, code, stderr, ExitUsage)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != map[bool]int{true: 1, false: 0}[tc.exists] {
				t.Errorf("left %v", entries)
			}
		})
	}
}

// TestEmptyPathFlagsAreRefused: a path flag given as "" is a mistake (an
// unset variable in a script), never "not given".
func TestEmptyPathFlagsAreRefused(t *testing.T) {
	for _, args := range [][]string{
		{"plan", "--users", "5k", "--knowledge", ""},
		{"plan", "--users", "5k", "-o", ""},
		{"plan", "--users", "5k", "--adr", ""},
		{"plan", "--answers", ""},
		{"stages", "--knowledge", ""},
	} {
		code, stdout, stderr := runInProcess(args...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "empty value") {
			t.Errorf("%q: exit %d, stderr %q; want %d naming the empty value", args, code, stderr, ExitUsage)
		}
	}
}

// TestAnswersPastAnyNumberNameTheirMaximum: an answer written past what a
// number can hold (1e400) is past the answer's maximum, and the error says
// that maximum, from a flag or a file.
func TestAnswersPastAnyNumberNameTheirMaximum(t *testing.T) {
	file := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(file, []byte("version: 1\nusers: 1e400\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A number and a unit each in range, their product past any number.
	sizes := filepath.Join(t.TempDir(), "sizes.yaml")
	if err := os.WriteFile(sizes, []byte("version: 1\nusers: 5k\nwrite_bytes: 1e300GB\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"plan", "--users", "1e400"},
		{"plan", "--users", "5k", "--regions", "1e400"},
		{"plan", "--users", "5k", "--write-bytes", "1e400GB"},
		{"plan", "--answers", file},
		{"plan", "--users", "5k", "--write-bytes", "1e300GB"},
		{"plan", "--users", "5k", "--response-bytes", "1e300 TB"},
		{"plan", "--users", "5k", "--object-bytes", "1e306KiB"},
		{"plan", "--users", "1e300T"},
		{"plan", "--users", "5k", "--read-ratio", "1e400:1"},
		{"plan", "--users", "5k", "--budget", "$1e300T"},
		{"plan", "--users", "5k", "--growth", "1e400%"},
		{"plan", "--answers", sizes},
		{"sweep", "--users", "1k..1e400"},
		{"sweep", "--users", "1k..1e300T"},
		{"sweep", "--users", "5k", "--write-bytes", "1..1e300GB"},
	} {
		code, stdout, stderr := runInProcess(args...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "past any number; the maximum is ") {
			t.Errorf("%q: exit %d, stderr %q; want %d naming the maximum", args, code, stderr, ExitUsage)
		}
	}
}
