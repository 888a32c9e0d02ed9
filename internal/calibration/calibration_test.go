package calibration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const base = `version: 1
system: Example
as_of: "2020-01"
summary: A one-server site.
answers:
  users: 1000
figures:
  - answer: users
    value: 1000
    source: https://example.com/users
    title: "Users"
    note: "published count"
ran:
  stage: {min: 1, max: 2}
`

func loadOne(t *testing.T, text string) (System, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "example-2020.yaml"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	systems, err := Load(dir)
	if err != nil {
		return System{}, err
	}
	return systems[0], nil
}

// A published spend comes with where it was published and how its monthly
// figure follows, or the file is refused.
func TestSpendMustSayWhereAndHow(t *testing.T) {
	s, err := loadOne(t, base)
	if err != nil {
		t.Fatal(err)
	}
	if s.Spend != nil {
		t.Errorf("a file without spend loads one: %+v", s.Spend)
	}

	full := base + `spend:
  monthly_usd: 1200
  source: https://example.com/bill
  title: "Our bill"
  note: "annual $14,400 / 12"
`
	s, err = loadOne(t, full)
	if err != nil {
		t.Fatal(err)
	}
	want := Spend{MonthlyUSD: 1200, Source: "https://example.com/bill", Title: "Our bill", Note: "annual $14,400 / 12"}
	if s.Spend == nil || *s.Spend != want {
		t.Errorf("spend = %+v, want %+v", s.Spend, want)
	}

	for name, drop := range map[string]string{
		"no note":   `  note: "annual $14,400 / 12"` + "\n",
		"no title":  `  title: "Our bill"` + "\n",
		"no source": `  source: https://example.com/bill` + "\n",
		"no amount": `  monthly_usd: 1200` + "\n",
	} {
		if _, err := loadOne(t, strings.Replace(full, drop, "", 1)); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := loadOne(t, full+"  currency: EUR\n"); err == nil {
		t.Error("an unknown spend field loaded")
	}
}
