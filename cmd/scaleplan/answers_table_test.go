package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/knowledge"
)

var updateREADME = flag.Bool("update", false, "rewrite the README's generated sections")

// The README's answers table sits between these lines.
const (
	answersTableStart = "<!-- answers table: go test ./cmd/scaleplan -run TestREADMEAnswersTable -update -->\n"
	answersTableEnd   = "<!-- end of answers table -->\n"
)

// spellings are how each kind of answer may be written.
var spellings = map[answers.Kind]string{
	answers.KindCount:   "count: `2M`, `150k`, `2e6`, `2,000,000`",
	answers.KindRatio:   "`10`, `10:1`, `3:2`",
	answers.KindPercent: "`15%`, `15`",
	answers.KindMoney:   "`15000`, `$15,000`, `15k`, `15k/mo`",
	answers.KindWhole:   "whole number",
	answers.KindBytes:   "`500`, `2KB`, `50MB`, `1.5GB`, `4KiB`",
	answers.KindGB:      "GB: `500`, `2k`, or a size: `5TB`, `800MB`, `1.5PB`",
	answers.KindText:    "text",
	answers.KindTraits:  "comma list (`search,media`); in a file also a YAML list",
	answers.KindWord:    "a word",
}

// answersTable is the README's table of answers, from their declarations
// and the knowledge base's defaults and limits: one row per answer.
func answersTable(t *testing.T) string {
	kb, err := knowledge.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| Key (flag) | Meaning | Spellings | When not given | Accepted |\n| --- | --- | --- | --- | --- |\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, f := range answers.Fields {
		meaning := f.Unit
		if f.Help != "" {
			meaning += ": " + f.Help
		}
		dflt := answerDefault(f, kb)
		switch {
		case dflt == "" && f == answers.Name:
			dflt = "Your system"
		case dflt == "" && slices.Contains(answers.TrafficFields, f):
			dflt = "none: give one traffic figure"
		case dflt == "":
			dflt = "none"
		}
		accepted := answerRange(f, kb)
		switch f.Kind {
		case answers.KindTraits:
			accepted = "`" + strings.Join(answers.Traits, "`, `") + "`"
		case answers.KindWord:
			accepted = "`" + strings.Join(kb.Providers(), "`, `") + "`"
		case answers.KindText:
			accepted = fmt.Sprintf("at most %d characters", answers.MaxNameLen)
		}
		spelling := spellings[f.Kind]
		if f.Noun != "" {
			// The answer's own examples: years, not 2M.
			spelling = strings.TrimPrefix(f.Noun, "a ") + ": `" + strings.Join(f.Like, "`, `") + "`"
		}
		b.WriteString("| `" + f.Key + "` (`--" + f.Flag() + "`) | " + cell(meaning) + " | " + spelling + " | " + cell(dflt) + " | " + cell(accepted) + " |\n")
	}
	return b.String()
}

// TestREADMEAnswersTable: the README lists every answer with the default
// and limits the program uses, because the table is generated from them.
func TestREADMEAnswersTable(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, answersTableStart)
	end := strings.Index(readme, answersTableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md has no generated answers table between %q and %q", answersTableStart, answersTableEnd)
	}
	want := answersTable(t)
	got := readme[start+len(answersTableStart) : end]
	if got == want {
		return
	}
	if *updateREADME {
		if err := os.WriteFile("../../README.md", []byte(readme[:start+len(answersTableStart)]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's answers table is out of date: run go test ./cmd/scaleplan -run TestREADMEAnswersTable -update\nwant:\n%s", want)
}
