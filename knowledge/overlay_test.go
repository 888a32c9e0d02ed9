package knowledge_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scaleplan/scaleplan/knowledge"
)

// loadWithin loads dir as an overlay, failing the test when that takes more
// than a few seconds (a FIFO waited on, /dev/zero read whole).
func loadWithin(t *testing.T, dir string, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := knowledge.LoadDir(dir)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("LoadDir(%s) still running after %v", dir, limit)
	}
	return nil
}

func TestOverlayRefusesFilesThatAreNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero")
	}
	tests := []struct {
		name, file string
		make       func(path string) error
	}{
		{"a FIFO as rules.yaml", "rules.yaml", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"a FIFO as a price catalog", "prices/gcp.yaml", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"a link to /dev/zero as constants.yaml", "constants.yaml", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"a link to /dev/zero as a price catalog", "prices/aws.yaml", func(p string) error { return os.Symlink("/dev/zero", p) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(p); err != nil {
				t.Skip(err)
			}
			err := loadWithin(t, dir, 5*time.Second)
			if err == nil || !strings.HasPrefix(err.Error(), p+": ") || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("LoadDir = %v, want %s: not a regular file", err, p)
			}
		})
	}
}

func TestOverlayBounds(t *testing.T) {
	aws := embeddedFile(t, "prices/aws.yaml")
	catalog := func(provider string, size int) string {
		c := replaceOnce(t, aws, "provider: aws", "provider: "+provider)
		pad := "# " + strings.Repeat("x", 77) + "\n"
		return c + strings.Repeat(pad, max(0, size-len(c))/len(pad))
	}
	t.Run("sixteen price catalogs of 4 MB", func(t *testing.T) {
		files := map[string]string{}
		for i := range 16 {
			name := fmt.Sprintf("p%02d", i)
			files["prices/"+name+".yaml"] = catalog(name, 4_000_000)
		}
		dir := overrideDir(t, files)
		start := time.Now()
		err := loadWithin(t, dir, 10*time.Second)
		if err == nil || !strings.Contains(err.Error(), "a knowledge directory may hold at most 8 MiB in all") {
			t.Fatalf("LoadDir = %v, want the total refused", err)
		}
		if !strings.HasPrefix(err.Error(), filepath.Join(dir, "prices", "p02.yaml")+": ") {
			t.Errorf("error %q does not name the file that passes the limit", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("refusing took %v; the sizes are known before anything is read", d)
		}
	})
	t.Run("more price catalogs than anyone keeps", func(t *testing.T) {
		files := map[string]string{}
		for i := range 40 {
			name := fmt.Sprintf("p%02d", i)
			files["prices/"+name+".yaml"] = catalog(name, 0)
		}
		dir := overrideDir(t, files)
		err := loadWithin(t, dir, 10*time.Second)
		if want := filepath.Join(dir, "prices") + ": 40 price catalogs; a knowledge directory may hold at most 32"; err == nil || err.Error() != want {
			t.Errorf("LoadDir = %v, want %q", err, want)
		}
	})
	t.Run("one file over 4 MiB", func(t *testing.T) {
		dir := overrideDir(t, map[string]string{"prices/big.yaml": catalog("big", 5<<20)})
		err := loadWithin(t, dir, 10*time.Second)
		if want := filepath.Join(dir, "prices", "big.yaml") + ": larger than 4 MiB; a knowledge file may be at most 4 MiB"; err == nil || err.Error() != want {
			t.Errorf("LoadDir = %v, want %q", err, want)
		}
	})
	t.Run("a broken first catalog stops the load", func(t *testing.T) {
		files := map[string]string{"prices/a.yaml": "version: 1\nprovider: [\n"}
		for i := range 8 {
			name := fmt.Sprintf("p%02d", i)
			files["prices/"+name+".yaml"] = catalog(name, 0)
		}
		err := loadWithin(t, overrideDir(t, files), 10*time.Second)
		if err == nil || !strings.Contains(err.Error(), filepath.Join("prices", "a.yaml")+":") {
			t.Errorf("LoadDir = %v, want the error in prices/a.yaml", err)
		}
	})
}

func TestOverlayRefusesFilesItWouldIgnore(t *testing.T) {
	rules := embeddedFile(t, "rules.yaml")
	tests := []struct {
		name  string
		files map[string]string
		file  string // named by the error
		want  string
	}{
		{"rules.yml for rules.yaml", map[string]string{"rules.yml": rules}, "rules.yml", "(did you mean rules.yaml?)"},
		{"a README beside the files", map[string]string{"README.md": "# mine\n"}, "README.md", "a knowledge directory holds sources.yaml, constants.yaml"},
		{"a directory of its own", map[string]string{"old/rules.yaml": rules}, "old", "not a knowledge file"},
		{"price.yaml for the prices directory", map[string]string{"price/aws.yaml": "version: 1\n"}, "price", "(did you mean prices?)"},
		{"a catalog named .yml", map[string]string{"prices/gcp.yml": "version: 1\n"}, "prices/gcp.yml", "not a price catalog: the prices directory holds one PROVIDER.yaml file per provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := overrideDir(t, tt.files)
			_, err := knowledge.LoadDir(dir)
			if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, filepath.FromSlash(tt.file))+": ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadDir = %v, want %s: ... %s", err, tt.file, tt.want)
			}
		})
	}
	t.Run("hidden files are left alone", func(t *testing.T) {
		dir := overrideDir(t, map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".rules.yaml.swp": "x", "prices/.aws.yaml.swp": "x"})
		if _, err := knowledge.LoadDir(dir); err != nil {
			t.Errorf("LoadDir = %v", err)
		}
	})
}

func TestLoadDirSaysAMissingDirectoryDoesNotExist(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := knowledge.LoadDir(missing)
	if want := "--knowledge " + missing + ": does not exist"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LoadDir = %v, want %q", err, want)
	}
}

// TestOverlayErrorsQuoteLittle: an error about an overlay file quotes at
// most a short excerpt of what the file holds, and nothing of a file it
// links to: a knowledge file that is a link to /etc/passwd is refused as a
// link, and a 400 KB value is cut to a few dozen characters.
func TestOverlayErrorsQuoteLittle(t *testing.T) {
	long := strings.Repeat("A", 400_000)
	constants := embeddedFile(t, "constants.yaml")
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"a whole file that is one long value", map[string]string{"rules.yaml": long + "\n"}, "want a mapping"},
		{"a long reference to a source", map[string]string{"constants.yaml": replaceOnce(t, constants, "source: steam-2020", "source: "+long)}, "unknown source"},
		{"a long number", map[string]string{"constants.yaml": replaceOnce(t, constants, "value: 0.5", "value: 1"+strings.Repeat("0", 400_000))}, "into float64"},
		{"a long id", map[string]string{"constants.yaml": replaceOnce(t, constants, "id: dau_per_mau", "id: "+long)}, "constant id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := loadWithin(t, overrideDir(t, tt.files), 10*time.Second)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadDir = %.300v, want an error saying %q", err, tt.want)
			}
			if n := len(err.Error()); n > 600 || strings.Contains(err.Error(), strings.Repeat("A", 100)) || strings.Contains(err.Error(), strings.Repeat("0", 100)) {
				t.Errorf("the error is %d bytes and quotes the value at length: %.300s…", n, err)
			}
		})
	}
	t.Run("a link to /etc/passwd", func(t *testing.T) {
		secret := filepath.Join(t.TempDir(), "passwd")
		if err := os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		rules := filepath.Join(dir, "rules.yaml")
		if err := os.Symlink(secret, rules); err != nil {
			t.Skip(err)
		}
		err := loadWithin(t, dir, 5*time.Second)
		if err == nil || strings.Contains(err.Error(), "root:") || !strings.HasPrefix(err.Error(), rules+": ") || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("LoadDir = %v, want %s refused as a symbolic link, quoting nothing of what it links to", err, rules)
		}
	})
}
