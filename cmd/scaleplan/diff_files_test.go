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
	// changed is the good plan with one change made to a copy.
	changed := func(change func(p map[string]any)) string {
		var p map[string]any
		if err := json.Unmarshal(good, &p); err != nil {
			t.Fatal(err)
		}
		change(p)
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	cost := func(p map[string]any) map[string]any { return p["cost"].(map[string]any) }
	component := func(p map[string]any, i int) map[string]any { return p["components"].([]any)[i].(map[string]any) }
	for _, tc := range []struct {
		name, body, want string
	}{
		{"trailing garbage", string(good) + "garbage\n", `trailing data after the plan ("garbage"); a plan file holds one JSON object`},
		{"a second object", string(good) + "{}\n", `trailing data after the plan ("{}")`},
		{"a negative cost", changed(func(p map[string]any) { cost(p)["monthly_usd"] = -5.0 }), "not a valid plan: cost.monthly_usd is -5; it cannot be negative"},
		{"a cost of 1.7e308", changed(func(p map[string]any) { cost(p)["monthly_usd"] = 1.7e308 }),
			"not a valid plan: cost.monthly_usd is 1.7e+308; a plan's figures in USD are at most $100000T a month (max_plan_monthly_usd)"},
		{"a component's cost of 1e30", changed(func(p map[string]any) { component(p, 0)["monthly_usd"] = 1e30 }), "not a valid plan: components[0].monthly_usd is 1e+30"},
		{"a count of 1e300", changed(func(p map[string]any) { component(p, 0)["count"] = 1e300 }),
			"not a valid plan: components[0].count is 1e+300; a plan runs at most 100,000,000,000,000 of a component (max_plan_count)"},
		{"half a component", changed(func(p map[string]any) { component(p, 0)["count"] = 0.5 }), "not a valid plan: components[0].count is 0.5; a count is a whole number"},
		{"a component listed twice", changed(func(p map[string]any) { p["components"] = append([]any{component(p, 0)}, p["components"].([]any)...) }),
			`not a valid plan: components[1].id "dns" is listed twice (also components[0]); a plan runs each component once`},
		{"answers past their limits", changed(func(p map[string]any) { p["answers"].(map[string]any)["users"] = 1e300 }),
			"not a valid plan: answers.users 1e300: the maximum is 8,200,000,000"},
		{"two schema_versions", strings.Replace(string(good), "{", `{"schema_version": 1,`, 1),
			`not a valid plan: the key "schema_version" is given twice at the top level; a plan gives each key once`},
		{"a key twice deep inside", strings.Replace(string(good), `"monthly_usd"`, `"monthly_usd": 1, "monthly_usd"`, 1),
			`not a valid plan: the key "monthly_usd" is given twice in components[0]`},
		{"no cost", changed(func(p map[string]any) { delete(p, "cost") }), "not a valid plan: cost.monthly_usd is $0, but its components add up to"},
		{"no components, the cost kept", changed(func(p map[string]any) { p["components"] = []any{} }), "not a valid plan: cost.monthly_usd is $48, but its components add up to $0"},
		{"a component run no times", changed(func(p map[string]any) { component(p, 0)["count"] = 0.0 }), "not a valid plan: components[0].count is 0; a component in a plan runs at least once"},
		{"a stage whose id is another rung's", changed(func(p map[string]any) {
			p["stage"].(map[string]any)["id"] = "planet-scale"
		}), `not a valid plan: stage is number 1 with id "planet-scale"; stage 1 is single-server`},
		{"answers of a later version", changed(func(p map[string]any) { p["answers"].(map[string]any)["version"] = 7.0 }), "not a valid plan: answers.version is 7"},
		{"a key twice in another case", strings.Replace(string(good), "{", `{"Stage": {"id": "planet-scale", "number": 8, "name": "Planet scale"},`, 1),
			`not a valid plan: the key "stage" is given twice at the top level`},
		{"a key twice with a folded letter", strings.Replace(string(good), "{", `{"coſt": {"monthly_usd": 99999999},`, 1),
			`not a valid plan: the key "cost" is given twice at the top level`},
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

// TestDiffReadsAPlanWithAByteOrderMark: a plan saved with a UTF-8 byte
// order mark is still a plan; one saved as UTF-16 (Windows PowerShell 5's
// >) is refused with what to do, not read as answers.
func TestDiffReadsAPlanWithAByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	plain, _ := craftedPlan(t, dir)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	bom := filepath.Join(dir, "bom.json")
	if err := os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), data...), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runInProcess("diff", plain, bom); code != ExitOK || !strings.Contains(out, "No difference") {
		t.Errorf("a plan with a BOM: exit %d, %q %q", code, out, errs)
	}
	u16 := []byte{0xFF, 0xFE}
	for _, r := range string(data) {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	wide := filepath.Join(dir, "u16.json")
	if err := os.WriteFile(wide, u16, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runInProcess("diff", plain, wide); code != ExitUsage || !strings.Contains(errs, "UTF-16") || strings.Contains(errs, "unknown key") {
		t.Errorf("a UTF-16 plan: exit %d, %q", code, errs)
	}
}
