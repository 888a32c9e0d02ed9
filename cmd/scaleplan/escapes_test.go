package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// rawEscapes reports the control characters a terminal would act on that
// did not come from the program's own styling: BEL, an operating-system
// command (ESC ]), erasing the screen (ESC [2J), a C1 CSI. Styling (ESC [
// ... m) is allowed on a colour terminal.
func rawEscapes(s string) bool {
	return strings.ContainsAny(s, "\a\u009b") || strings.Contains(s, "\x1b]") || strings.Contains(s, "\x1b[2J") || strings.Contains(s, "\x1b[31m")
}

func TestErrorsShowEscapesInPathsWithoutActingOnThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers\x1b]0;owned\x07\x1b[31m.yaml")
	code, _, errs := runInProcess("plan", "--answers", path)
	if code != ExitUsage || rawEscapes(errs) || !strings.Contains(errs, `answers\x1b]0;owned\a\x1b[31m.yaml: no such file`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestInterviewEchoShowsEscapesWithoutActingOnThem(t *testing.T) {
	s, out, errb, _ := advisorStreams(t, "127\x1b[31m\a\n127\n", false)
	runWithin(t, s, "interview", "--scenario", "pastebin", "--plain")
	if rawEscapes(errb.String()) || rawEscapes(out.String()) {
		t.Errorf("raw escapes: stderr %q", errb)
	}
	if !strings.Contains(errb.String(), `> 127\x1b[31m\a`) {
		t.Errorf("the answer is not echoed as text: %q", errb)
	}
}

func TestInterviewHistorySkipsLinesWithEscapes(t *testing.T) {
	s, out, errb, state := advisorStreams(t, "", false)
	history := filepath.Join(filepath.Dir(state), "history.jsonl")
	if err := os.MkdirAll(filepath.Dir(history), 0o700); err != nil {
		t.Fatal(err)
	}
	lines := `{"time":"2026-01-02T03:04:05Z","scenario":"pastebin","title":"Pastebin","score":5,"max_score":10,"percent":50,"grades":{"qps":"full"}}
{"time":"2026-01-02T03:04:05Z","scenario":"paste\u001b]0;owned\u0007bin","title":"x","score":5,"max_score":10,"percent":50,"grades":{}}
`
	if err := os.WriteFile(history, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := runWithin(t, s, "interview", "--history"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	if rawEscapes(out.String()) || !strings.Contains(out.String(), "1 interview,") || !strings.Contains(errb.String(), "skipped 1 unreadable line(s)") {
		t.Errorf("stdout %q, stderr %q", out, errb)
	}
}

// TestErrorsQuoteAShortExcerpt: a flag value or answer of 100 KB is not
// repeated in the error; a short excerpt names it.
func TestErrorsQuoteAShortExcerpt(t *testing.T) {
	long := "x" + strings.Repeat("1", 100_000)
	answers := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(answers, []byte("version: 1\nusers: 1000\nprovider: "+long+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"plan", "--users", long},
		{"plan", "--answers", answers},
	} {
		code, _, errs := runInProcess(args...)
		if code != ExitUsage || len(errs) > 400 || !strings.Contains(errs, `"x11111`) || !strings.Contains(errs, `…"`) {
			t.Errorf("%.30q: exit %d, %d bytes on stderr: %.300q", args, code, len(errs), errs)
		}
	}
}

// TestNameLosesBidiControls: a right-to-left override (U+202E) or another
// invisible format character in --name would reorder or hide what the
// plan shows; like ESC and BEL, none reaches any output, while a joiner
// inside an emoji stays.
func TestNameLosesBidiControls(t *testing.T) {
	name := "Acme\u202eelif.exe\u2066 Photos\u200b\ufeff 👩\u200d💻"
	for _, format := range []string{"text", "md", "mermaid", "json", "yaml"} {
		code, out, errs := runInProcess("plan", "--users", "50k", "--name", name, "--format", format)
		if code != ExitOK {
			t.Fatalf("%s: exit %d, %s", format, code, errs)
		}
		for _, r := range out {
			if r != '\u200d' && unicode.Is(unicode.Cf, r) {
				t.Errorf("%s: the output holds the format character %U", format, r)
				break
			}
		}
		shown := "Acmeelif.exe Photos 👩\u200d💻"
		if format == "yaml" {
			shown = `Acmeelif.exe Photos \U0001F469` + "\u200d" // YAML escapes the emoji
		}
		if !strings.Contains(out, shown) {
			t.Errorf("%s: the name is not shown without its format characters: %.400q", format, out)
		}
	}
}
