package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the example output in README.md and docs/*.md from what the commands print")

// TestReadmeExamples runs the examples in README.md and docs/*.md and
// checks that every output shown is what the command prints, so the
// documents cannot drift from the program.
//
// A checked example is a ```console block: lines starting with "$ " are
// commands (scaleplan ARGS..., run in-process, standard output and
// standard error together as a terminal shows them; printf 'a\nb\n' |
// before it gives the lines as standard input), and the lines after each
// are its output. A line "..." leaves out lines: at the end, the rest
// of the output; between lines, any number of them. A ```yaml block whose
// info string says file=NAME is written to NAME before the commands after
// it run; every document runs in a fresh directory of its own.
//
// Commands in ```sh blocks are not run, but each scaleplan command in them
// must name a real command and real flags.
//
// After changing what a command prints, rewrite the examples with
//
//	go test ./cmd/scaleplan -run TestReadmeExamples -update-readme
//
// and read the diff. Where lines are left out, each run shown is found
// again by its first line.
func TestReadmeExamples(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	docs = append([]string{filepath.Join(root, "README.md")}, docs...)
	checked := 0
	for _, doc := range docs {
		name, _ := filepath.Rel(root, doc)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			out, n := checkExamples(t, name, string(data))
			checked += n
			if *updateReadme && out != string(data) {
				if err := os.WriteFile(doc, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if checked < 10 {
		t.Errorf("only %d example commands are checked; the README should show what the commands print", checked)
	}
}

// checkExamples checks a document's examples and returns it with the
// outputs rewritten from what the commands print, and how many commands
// it ran.
func checkExamples(t *testing.T, name, doc string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	lines := strings.Split(doc, "\n")
	var out []string
	ran := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		out = append(out, line)
		fence, info, ok := strings.Cut(line, "```")
		if !ok || fence != "" || info == "" {
			continue
		}
		// The block's lines, up to the closing fence.
		end := i + 1
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		body := lines[i+1 : end]
		lang, attrs, _ := strings.Cut(info, " ")
		switch {
		case lang == "console":
			var n int
			body, n = checkConsole(t, fmt.Sprintf("%s:%d", name, i+2), body)
			ran += n
		case strings.HasPrefix(attrs, "file="):
			file := strings.TrimPrefix(attrs, "file=")
			if err := os.WriteFile(filepath.Join(dir, file), []byte(strings.Join(body, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		case lang == "sh":
			for j, l := range body {
				checkShellLine(t, fmt.Sprintf("%s:%d", name, i+2+j), l)
			}
		}
		out = append(out, body...)
		if end < len(lines) {
			out = append(out, lines[end])
		}
		i = end
	}
	return strings.Join(out, "\n"), ran
}

// checkConsole runs a console block's commands and compares what they
// print with the lines shown; it returns the block rewritten.
func checkConsole(t *testing.T, at string, body []string) ([]string, int) {
	t.Helper()
	var out []string
	ran := 0
	for i := 0; i < len(body); {
		cmd, ok := strings.CutPrefix(body[i], "$ ")
		if !ok {
			t.Errorf("%s: a console block line that is neither a command ($ ...) nor its output: %q", at, body[i])
			return body, ran
		}
		j := i + 1
		for j < len(body) && !strings.HasPrefix(body[j], "$ ") {
			j++
		}
		shown := body[i+1 : j]
		stdin := ""
		if rest, ok := strings.CutPrefix(cmd, "printf '"); ok {
			// printf 'lines\n' | scaleplan ...: the lines are standard input.
			text, after, found := strings.Cut(rest, "' | ")
			if !found {
				t.Errorf("%s: %q: want printf '...' | scaleplan ...", at, cmd)
				return body, ran
			}
			stdin, cmd = strings.ReplaceAll(text, `\n`, "\n"), after
		}
		args, err := shellWords(cmd)
		if err != nil || len(args) == 0 || args[0] != "scaleplan" {
			t.Errorf("%s: %q: want a scaleplan command without pipes or redirections (%v)", at, cmd, err)
			return body, ran
		}
		var buf bytes.Buffer
		wd, _ := os.Getwd()
		Run(args[1:], &Streams{In: strings.NewReader(stdin), Out: &buf, Err: &buf, Env: []string{"HOME=" + wd, "XDG_STATE_HOME=" + wd}})
		ran++
		printed := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
		for k := range printed {
			printed[k] = strings.TrimRight(printed[k], " ")
		}
		if msg := compareShown(shown, printed); msg != "" {
			t.Errorf("%s: $ %s\n%s\nit prints:\n%s", at, cmd, msg, strings.Join(printed, "\n"))
		}
		out = append(out, body[i])
		out = append(out, rewritten(shown, printed)...)
		i = j
	}
	return out, ran
}

// compareShown reports how the lines shown differ from the lines printed;
// "" when they agree. "..." in shown stands for lines left out.
func compareShown(shown, printed []string) string {
	var chunks [][]string
	chunk := []string{}
	for _, l := range shown {
		if l == "..." {
			chunks = append(chunks, chunk)
			chunk = []string{}
			continue
		}
		chunk = append(chunk, strings.TrimRight(l, " "))
	}
	chunks = append(chunks, chunk)
	pos := 0
	for c, ch := range chunks {
		if len(ch) == 0 {
			continue
		}
		found := -1
		for start := pos; start+len(ch) <= len(printed); start++ {
			if c == 0 && start > 0 {
				break // the first lines shown are the first printed
			}
			if equalLines(printed[start:start+len(ch)], ch) {
				found = start
				break
			}
		}
		if found < 0 {
			return fmt.Sprintf("these lines are not what it prints:\n%s", strings.Join(ch, "\n"))
		}
		pos = found + len(ch)
	}
	if last := chunks[len(chunks)-1]; len(last) > 0 && pos != len(printed) {
		return "it prints more than is shown; end the example with a line \"...\" to leave the rest out"
	}
	return ""
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// rewritten is the output to show, from what was printed: without "...",
// all of it; otherwise each run of lines shown between "..." is taken
// again from the printed output, as many lines (the last to the end of the
// output), starting where its first line is printed (the first run from
// the top). A run whose first line is no longer printed is left as
// written, for a person to mend.
func rewritten(shown, printed []string) []string {
	var out []string
	pos := 0
	gaps := 0
	for i := 0; i < len(shown); {
		if shown[i] == "..." {
			gaps++
			out = append(out, "...")
			i++
			continue
		}
		j := i
		for j < len(shown) && shown[j] != "..." {
			j++
		}
		n := j - i
		start := -1
		if i == 0 {
			start = 0
		} else {
			// Anchor on the run's first line that is not blank.
			o := i
			for o < j-1 && strings.TrimSpace(shown[o]) == "" {
				o++
			}
			for k := pos + (o - i); k < len(printed); k++ {
				if printed[k] == strings.TrimRight(shown[o], " ") {
					start = k - (o - i)
					break
				}
			}
		}
		if start < 0 {
			out = append(out, shown[i:j]...)
		} else {
			end := min(start+n, len(printed))
			if j == len(shown) {
				end = len(printed) // the last run shown runs to the end
			}
			out = append(out, printed[start:end]...)
			pos = end
		}
		i = j
	}
	if gaps == 0 {
		return printed
	}
	return out
}

// checkShellLine checks that a scaleplan command in a shell example names
// a real command and real flags: it runs with --help, which parses the
// flags and prints the help instead of doing anything.
func checkShellLine(t *testing.T, at, line string) {
	t.Helper()
	line = strings.TrimSpace(line)
	for _, prefix := range []string{"go run ./cmd/scaleplan", "scaleplan"} {
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok || rest != "" && rest[0] != ' ' {
			continue
		}
		// Up to a pipe, redirection or comment: the rest is the shell's.
		for _, stop := range []string{" |", " >", " <", " #", " ||", " &&"} {
			if i := strings.Index(rest, stop); i >= 0 {
				rest = rest[:i]
			}
		}
		args, err := shellWords(rest)
		if err != nil {
			t.Errorf("%s: %q: %v", at, line, err)
			return
		}
		var buf bytes.Buffer
		if code := Run(append(args, "--help"), &Streams{In: strings.NewReader(""), Out: &buf, Err: &buf}); code != 0 {
			t.Errorf("%s: %q is not a command scaleplan takes (exit %d):\n%s", at, line, code, buf.String())
		}
		return
	}
}

// shellWords splits a command line as a shell would, for the quoting
// examples use: single and double quotes, no expansion.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote")
	}
	if in {
		words = append(words, w.String())
	}
	return words, nil
}
