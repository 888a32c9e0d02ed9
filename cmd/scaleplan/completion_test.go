package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestCompletionScripts generates the completion script for every shell
// cobra supports; each must come out whole, and the shells that are
// installed must read it without a syntax error.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []struct {
		name   string
		marker string   // a line every script for this shell has
		check  []string // a syntax check: the shell and its flags, then the script's path
	}{
		{"bash", "__start_scaleplan", []string{"bash", "-n"}},
		{"zsh", "#compdef scaleplan", []string{"zsh", "-n"}},
		{"fish", "complete -c scaleplan", []string{"fish", "--no-execute"}},
		{"powershell", "Register-ArgumentCompleter", nil},
	} {
		t.Run(sh.name, func(t *testing.T) {
			code, out, errOut := runInProcess("completion", sh.name)
			if code != 0 || errOut != "" {
				t.Fatalf("scaleplan completion %s: exit %d\n%s", sh.name, code, errOut)
			}
			if !strings.Contains(out, sh.marker) {
				t.Fatalf("the %s script lacks %q:\n%s", sh.name, sh.marker, head(out, 20))
			}
			if sh.check == nil {
				return
			}
			shell, err := exec.LookPath(sh.check[0])
			if err != nil {
				t.Skipf("%s is not installed; the script is not syntax-checked", sh.check[0])
			}
			path := filepath.Join(t.TempDir(), "scaleplan."+sh.name)
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command(shell, append(sh.check[1:], path)...).CombinedOutput(); err != nil {
				t.Errorf("%s does not read the script: %v\n%s", sh.name, err, msg)
			}
		})
	}
}

// TestCompletionValues asks for completions as a shell does (the hidden
// __complete command) and checks the values offered.
func TestCompletionValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string // values offered, in order, without descriptions
	}{
		{"commands", []string{""}, []string{"completion", "diff", "explain", "help", "interview", "plan", "quiz", "stages", "sweep"}},
		{"plan formats", []string{"plan", "--format", ""}, []string{"md", "mermaid", "json", "yaml", "text"}},
		{"stages formats", []string{"stages", "--format", ""}, []string{"text", "md", "json", "yaml"}},
		{"sweep formats", []string{"sweep", "--format", ""}, []string{"csv", "json"}},
		{"interview formats", []string{"interview", "--format", ""}, []string{"text", "json"}},
		{"providers", []string{"plan", "--provider", ""}, []string{"aws", "digitalocean", "gcp", "hetzner"}},
		{"traits", []string{"plan", "--traits", ""}, []string{"search", "media", "realtime", "ai", "jobs", "spiky", "write-heavy", "global", "api"}},
		{"traits after one", []string{"plan", "--traits", "search,m"}, []string{"search,media"}},
		{"a trait is offered once", []string{"sweep", "--traits", "media,"}, []string{"media,search", "media,realtime", "media,ai", "media,jobs", "media,spiky", "media,write-heavy", "media,global", "media,api"}},
		{"what-ifs", []string{"plan", "--what-if", ""}, []string{"traffic-x10", "cache-down", "az-down", "region-down", "db-primary-down", "all"}},
		{"what-if after one", []string{"plan", "--what-if", "az-down,c"}, []string{"az-down,cache-down"}},
		{"scenarios", []string{"interview", "--scenario", "url"}, []string{"url-shortener"}},
		{"quiz topics", []string{"quiz", "--topic", "p"}, []string{"powers"}},
		{"components to explain", []string{"explain", "read-"}, []string{"read-replica"}},
		{"sweep scale", []string{"sweep", "--scale", ""}, []string{"auto", "log", "linear"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := complete(t, tc.args...)
			var values []string
			for _, c := range got {
				v, _, _ := strings.Cut(c, "\t")
				if strings.HasPrefix(v, tc.args[len(tc.args)-1]) || tc.args[len(tc.args)-1] == "" {
					values = append(values, v)
				}
			}
			if !slices.Equal(values, tc.want) {
				t.Errorf("scaleplan __complete %q offers %q, want %q", tc.args, values, tc.want)
			}
		})
	}
}

// TestFormatCompletionsMatchTheFlags checks, for every command with a
// --format flag, that completion offers exactly the formats its help names.
func TestFormatCompletionsMatchTheFlags(t *testing.T) {
	root := newRootCmd(&Streams{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &strings.Builder{}})
	checked := 0
	for _, c := range root.Commands() {
		fl := c.Flags().Lookup("format")
		if fl == nil {
			continue
		}
		checked++
		var offered []string
		for _, v := range complete(t, c.Name(), "--format", "") {
			v, _, _ = strings.Cut(v, "\t")
			offered = append(offered, v)
		}
		if len(offered) == 0 {
			t.Errorf("%s --format completes nothing", c.Name())
		}
		usage := strings.NewReplacer(",", " ", "(", " ", ")", " ", ":", " ").Replace(fl.Usage)
		words := strings.Fields(usage)
		for _, v := range offered {
			if !slices.Contains(words, v) {
				t.Errorf("%s --format completes %q, which its help (%q) does not name", c.Name(), v, fl.Usage)
			}
		}
		for _, w := range []string{"md", "mermaid", "json", "yaml", "text", "csv"} {
			if slices.Contains(words, w) && !slices.Contains(offered, w) {
				t.Errorf("%s --format help names %q, which completion does not offer (%q)", c.Name(), w, offered)
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d commands with --format; expected plan, stages, explain, diff, sweep and the drills", checked)
	}
}

// TestCompletionInBash sources the bash script into a real bash and
// completes a flag's value through the built program, as a person pressing
// tab would.
func TestCompletionInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	bin := scaleplanBinary(t)
	// The script uses the bash-completion package when it is there; a
	// stand-in for its one function keeps the test to bash alone.
	script := `if [ -r /usr/share/bash-completion/bash_completion ]; then
	source /usr/share/bash-completion/bash_completion
else
	_get_comp_words_by_ref() {
		cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	}
fi
compopt() { :; } # only a completion that bash itself started may call it
source <("$BIN" completion bash)
COMP_LINE="scaleplan plan --format j"
COMP_WORDS=(scaleplan plan --format j)
COMP_CWORD=3
COMP_POINT=${#COMP_LINE}
__start_scaleplan
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "json" {
		t.Errorf("bash completes %q for 'scaleplan plan --format j', want json", got)
	}
}

// complete runs the hidden __complete command and returns the completions
// it prints, without the final directive line.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errOut := runInProcess(append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if code != 0 {
		t.Fatalf("scaleplan __complete %q: exit %d\n%s", args, code, errOut)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if l != "" && !strings.HasPrefix(l, ":") {
			lines = append(lines, l)
		}
	}
	return lines
}

func head(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
