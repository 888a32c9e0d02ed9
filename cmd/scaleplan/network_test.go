package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// modulePath is this module's import path prefix.
const modulePath = "github.com/scaleplan/scaleplan"

// offlineRuns are the commands a script would run: every format of plan,
// an answers file, the ladder and the component explanations.
var offlineRuns = [][]string{
	{"--version"},
	{"stages"},
	{"explain"},
	{"explain", "cache"},
	{"plan", "--users", "2M", "--traits", "search,media", "--budget", "15k", "--format", "md"},
	{"plan", "--users", "2M", "--format", "mermaid"},
	{"plan", "--users", "2M", "--growth", "10%", "--format", "json"},
	{"plan", "--users", "2M", "--format", "yaml"},
	{"plan", "--users", "2M", "--format", "text"},
	{"plan", "--answers", filepath.Join("..", "..", "testdata", "answers", "07-multi-region.yaml"), "--format", "json"},
}

// offlineEnv is the environment every run gets: proxies pointing at a port
// nothing listens on, so a request that slipped through would fail rather
// than reach anything, and a state directory of the test's own.
func offlineEnv(t *testing.T) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"XDG_STATE_HOME=" + t.TempDir(),
		"NO_COLOR=1",
	}
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"} {
		env = append(env, k+"=http://127.0.0.1:9")
	}
	return env
}

// withoutNetwork is the command prefix that runs a program in a network
// namespace of its own (only a loopback interface, down), or nil when this
// machine cannot make one.
func withoutNetwork(t *testing.T) []string {
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Log("unshare not found: the commands run with unreachable proxies only")
		return nil
	}
	prefix := []string{unshare, "--net"}
	if os.Geteuid() != 0 {
		prefix = []string{unshare, "--user", "--map-root-user", "--net"}
	}
	if out, err := exec.Command(prefix[0], append(prefix[1:], "true")...).CombinedOutput(); err != nil {
		t.Logf("%s true: %v\n%s\nthe commands run with unreachable proxies only", strings.Join(prefix, " "), err, out)
		return nil
	}
	return prefix
}

// TestNoNetworkAccess runs the built program for plan (every format),
// stages and explain inside a network namespace with no network at all: each
// succeeds with output byte-identical to a normal run. Where strace is
// installed it also records the runs' socket system calls: there must be none.
func TestNoNetworkAccess(t *testing.T) {
	bin := scaleplanBinary(t)
	prefix := withoutNetwork(t)
	strace, _ := exec.LookPath("strace")
	for _, args := range offlineRuns {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			run := func(prefix ...string) []byte {
				t.Helper()
				argv := append(append(prefix, bin), args...)
				cmd := exec.Command(argv[0], argv[1:]...)
				cmd.Env = offlineEnv(t)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
				}
				return stdout.Bytes()
			}
			normal := run()
			if len(normal) == 0 {
				t.Fatal("no output")
			}
			if prefix != nil {
				if offline := run(prefix...); !bytes.Equal(offline, normal) {
					t.Errorf("without a network the output differs from a normal run")
				}
			}
			if strace != "" {
				trace := filepath.Join(t.TempDir(), "trace")
				cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none", "-o", trace, bin}, args...)...)
				cmd.Env = offlineEnv(t)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Logf("strace cannot trace here (%v): %s", err, out)
					return
				}
				calls, err := os.ReadFile(trace)
				if err != nil {
					t.Fatal(err)
				}
				// strace marks a thread it detaches mid-call as "???(
				// <detached ...>"; only real socket and connect calls count.
				var made []string
				for _, line := range strings.Split(string(calls), "\n") {
					if strings.Contains(line, "socket(") || strings.Contains(line, "connect(") {
						made = append(made, line)
					}
				}
				if len(made) > 0 {
					t.Errorf("the program made socket calls:\n%s", strings.Join(made, "\n"))
				}
			}
		})
	}
}

// networkPackages are standard packages that talk to the network for you.
// ("net" itself is linked in by pflag for its IP-address flags, which the
// program does not use; no package of this module may import it.)
var networkPackages = []string{"net/http", "net/rpc", "net/smtp", "net/mail", "crypto/tls", "net/http/httptrace"}

// TestNoPackageImportsTheNetwork lists, with `go list -deps`, every package
// the module's packages (program and tests) depend on: none is an HTTP,
// RPC, mail or TLS client, and no package of the module imports net.
func TestNoPackageImportsTheNetwork(t *testing.T) {
	for _, test := range []bool{false, true} {
		args := []string{"list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}"}
		if test {
			args = append(args, "-test")
		}
		out := goCmd(t, append(args, modulePath+"/...")...)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			pkg, imports, _ := strings.Cut(line, " ")
			for _, bad := range networkPackages {
				if pkg == bad || strings.HasPrefix(pkg, bad+"/") {
					t.Errorf("%s is among the dependencies (tests included: %v); find who imports it with: go list -deps -test -f '{{.ImportPath}}: {{.Imports}}' ./... | grep %s", pkg, test, bad)
				}
			}
			if strings.HasPrefix(pkg, modulePath) {
				for _, imp := range strings.Fields(imports) {
					if imp == "net" || strings.HasPrefix(imp, "net/") && imp != "net/url" {
						t.Errorf("%s imports %s", pkg, imp)
					}
				}
			}
		}
	}
}

// goCmd runs the go command from the module root and returns its output.
func goCmd(t *testing.T, args ...string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = filepath.Join("..", "..")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
