package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdvisorRefusesAnAnswersFileByItsLine: an answers file naming a
// provider without a catalog, or past a limit, is refused before any
// question, naming the file's line, as plan --answers does; the advisor
// used to start and say only "No plan yet".
func TestAdvisorRefusesAnAnswersFileByItsLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ body, want string }{
		{"version: 1\nusers: 1000\nprovider: azure\n", `answers.yaml:3: provider: "azure" has no price catalog; available: aws,`},
		{"version: 1\nusers: 1e12\n", "answers.yaml:2: users 1000B: the maximum is 8,200,000,000"},
	} {
		path := filepath.Join(dir, "answers.yaml")
		if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, tty := range []bool{false, true} {
			s, out, errb, _ := advisorStreams(t, "", tty)
			args := []string{"--answers", path}
			if !tty {
				args = append(args, "--accessible")
			}
			if code := runWithin(t, s, args...); code != ExitUsage || !strings.Contains(errb.String(), path[:len(path)-len("answers.yaml")]+tc.want) || out.Len() != 0 {
				t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
			}
		}
	}
}
