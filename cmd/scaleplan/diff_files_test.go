package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// craftedPlan writes a plan made by the program, with escape sequences put
// into its names as anyone editing the file could.
func craftedPlan(t *testing.T, dir string) (plain, crafted string) {
	t.Helper()
	code, out, errs := runInProcess("plan", "--users", "1k", "--format", "json")
	if code != 0 {
		t.Fatalf("plan: %d %s", code, errs)
	}
	plain = filepath.Join(dir, "plain.json")
	if err := os.WriteFile(plain, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	p["stage"].(map[string]any)["name"] = "Single\x1b]0;owned\x07 server\x1b[31m"
	comp := p["components"].([]any)[0].(map[string]any)
	comp["name"] = "DNS\x1b[2J\u009b31m"
	comp["count"] = 7.0
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	crafted = filepath.Join(dir, "crafted.json")
	if err := os.WriteFile(crafted, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return plain, crafted
}

func TestDiffShowsEscapesInAPlanFileWithoutActingOnThem(t *testing.T) {
	plain, crafted := craftedPlan(t, t.TempDir())
	for _, format := range []string{"text", "md", "json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			var out, errb bytes.Buffer
			s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, OutTTY: true, Env: []string{"TERM=xterm-256color", "COLORTERM=truecolor"}, Width: 100}
			if code := Run([]string{"diff", plain, crafted, "--format", format}, s); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
			if rawEscapes(out.String()) {
				t.Errorf("raw escapes on the terminal: %q", out.String())
			}
			if format == "text" && !strings.Contains(out.String(), `DNS\x1b[2J`) {
				t.Errorf("the escape is not shown as text: %q", out.String())
			}
		})
	}
}

func TestDiffRefusesPlanFilesNoPlanIs(t *testing.T) {
	dir := t.TempDir()
	plain, _ := craftedPlan(t, dir)
	good, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(good, &p); err != nil {
		t.Fatal(err)
	}
	p["cost"].(map[string]any)["monthly_usd"] = -5.0
	negative, _ := json.Marshal(p)
	for _, tc := range []struct {
		name, body, want string
	}{
		{"trailing garbage", string(good) + "garbage\n", `trailing data after the plan ("garbage"); a plan file holds one JSON object`},
		{"a second object", string(good) + "{}\n", `trailing data after the plan ("{}")`},
		{"a negative cost", string(negative), "not a valid plan: cost.monthly_usd is -5; it cannot be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runInProcess("diff", plain, path)
			if code != ExitUsage || out != "" || !strings.Contains(errs, path+": "+tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %q", code, out, errs, tc.want)
			}
		})
	}
}
