package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docsExample is a command shown in a docs page and the lines it prints.
type docsExample struct {
	line  int
	args  []string
	lines []string
}

// docsExamples reads each ```sh block holding one scaleplan command and
// the ```text block right after it.
func docsExamples(t *testing.T, md string) []docsExample {
	t.Helper()
	block := regexp.MustCompile("(?s)```sh\n(scaleplan [^\n]+)\n```\n\n```text\n(.*?)\n```")
	var out []docsExample
	for _, m := range block.FindAllStringSubmatchIndex(md, -1) {
		cmd, text := md[m[2]:m[3]], md[m[4]:m[5]]
		ex := docsExample{line: strings.Count(md[:m[0]], "\n") + 1, args: strings.Fields(strings.TrimPrefix(cmd, "scaleplan "))}
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimRight(l, " "); l != "" {
				ex.lines = append(ex.lines, l)
			}
		}
		out = append(out, ex)
	}
	return out
}

// TestDocsExamples: every output line a docs page shows is a line the
// command prints today, so the examples cannot drift from the program.
func TestDocsExamples(t *testing.T) {
	for _, page := range []string{"workloads.md"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "docs", page))
		if err != nil {
			t.Fatal(err)
		}
		examples := docsExamples(t, string(data))
		if len(examples) < 5 {
			t.Fatalf("docs/%s: only %d checked examples", page, len(examples))
		}
		for _, ex := range examples {
			var out, errb bytes.Buffer
			s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Env: []string{"HOME=" + t.TempDir()}}
			if code := Run(ex.args, s); code != ExitOK {
				t.Errorf("docs/%s:%d: scaleplan %s exits %d: %s", page, ex.line, strings.Join(ex.args, " "), code, errb.String())
				continue
			}
			printed := map[string]bool{}
			for _, l := range strings.Split(out.String(), "\n") {
				printed[strings.TrimRight(l, " ")] = true
			}
			for _, l := range ex.lines {
				if !printed[l] {
					t.Errorf("docs/%s:%d: scaleplan %s no longer prints\n%s", page, ex.line, strings.Join(ex.args, " "), l)
				}
			}
		}
	}
}
