package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/knowledge"
)

func newStagesCmd(s *Streams) *cobra.Command {
	var format, dir string
	var forSystem *stagesFor
	cmd := &cobra.Command{
		Use:   "stages",
		Short: "Show the scaling ladder and where each source article puts each stage",
		Long: `Show the nine stages of the canonical ladder: what each solves, what moves a
system into it, and how each source article numbers and sizes it (users,
requests per second, monthly cost). The articles disagree on the user counts;
scaleplan places a system by the bottlenecks its numbers show.

With --for FILE (an answers file) or the answer flags of plan, show instead
where each stage begins for that system: the multiple of today's traffic at
which it would enter the stage (searched over the plan itself, from a
millionth to a million times today's load), the users and peak there, and,
with --growth, the month it gets there. A stage that traffic alone never
reaches (multi-region with users in one region) says what else it needs.`,
		Example: `  scaleplan stages
  scaleplan stages --format md > ladder.md
  scaleplan stages --format json | jq '.[].id'
  scaleplan stages --for answers.yaml
  scaleplan stages --for answers.yaml --growth 12% --format json | jq '.boundaries[].month'
  scaleplan stages --users 50k --read-ratio 20:1`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kb, err := loadKnowledge(dir)
			if err != nil {
				return err
			}
			if forSystem.active(cmd) && (format == "text" || format == "md" || format == "json") {
				return forSystem.run(cmd, s, kb, format)
			}
			switch format {
			case "text", "md":
				_, err = s.Out.Write(stagesDoc(kb, format == "md"))
			case "json":
				_, err = s.Out.Write(stagesJSON(kb))
			default:
				return usage(fmt.Errorf("--format %q: want text, md or json", format))
			}
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, md or json")
	cmd.Flags().StringVar(&dir, "knowledge", "", "directory overriding the embedded knowledge base")
	forSystem = addStagesFor(cmd)
	return cmd
}

type stageView struct {
	ID       string       `json:"id"`
	Number   int          `json:"number"`
	Name     string       `json:"name"`
	Summary  string       `json:"summary"`
	Solves   string       `json:"solves"`
	Enter    string       `json:"enter"`
	BySource []sourceView `json:"by_source"`
}

type sourceView struct {
	Source        string   `json:"source"`
	Title         string   `json:"title"`
	Label         string   `json:"label"`
	UsersMin      float64  `json:"users_min"`
	UsersMax      float64  `json:"users_max"`
	RPSMin        *float64 `json:"rps_min"`
	RPSMax        *float64 `json:"rps_max"`
	MonthlyUSDMin *float64 `json:"monthly_usd_min"`
	MonthlyUSDMax *float64 `json:"monthly_usd_max"`
}

func stageViews(kb *knowledge.Base) []stageView {
	out := make([]stageView, 0, len(kb.Stages))
	for _, st := range kb.Stages {
		v := stageView{ID: st.ID, Number: st.Number, Name: st.Name, Summary: st.Summary, Solves: st.Solves, Enter: st.Enter, BySource: []sourceView{}}
		for _, bs := range st.BySource {
			title := bs.Source
			if src, ok := kb.Source(bs.Source); ok {
				title = src.Title
			}
			v.BySource = append(v.BySource, sourceView{bs.Source, title, bs.Label, bs.UsersMin, bs.UsersMax, bs.RPSMin, bs.RPSMax, bs.MonthlyUSDMin, bs.MonthlyUSDMax})
		}
		out = append(out, v)
	}
	return out
}

func stagesJSON(kb *knowledge.Base) []byte { return jsonBytes(stageViews(kb)) }

// jsonBytes encodes v for people and scripts: indented, without escaping
// <, > and & (expressions contain them).
func jsonBytes(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.Bytes()
}

func rangeText(lo, hi *float64, f func(float64) string) string {
	switch {
	case lo == nil && hi == nil:
		return ""
	case lo == nil:
		return "up to " + f(*hi)
	case hi == nil:
		return f(*lo) + "+"
	case *lo == *hi:
		return f(*lo)
	}
	return f(*lo) + "–" + f(*hi)
}

func usersText(lo, hi float64) string {
	if hi >= 1e12 {
		return human.Count(lo) + "+ users"
	}
	return human.Count(lo) + "–" + human.Count(hi) + " users"
}

func stagesDoc(kb *knowledge.Base, md bool) []byte {
	var b strings.Builder
	esc := func(s string) string { return s }
	if md {
		esc = export.MarkdownText
		b.WriteString("# The scaling ladder\n")
	}
	for _, v := range stageViews(kb) {
		if md {
			fmt.Fprintf(&b, "\n## %d. %s (`%s`)\n\n%s\n\nSolves: %s\n\n", v.Number, esc(v.Name), v.ID, esc(v.Summary), esc(v.Solves))
			if len(v.BySource) > 0 {
				b.WriteString("| Article | Its stage | Users | Requests/s | Monthly cost |\n| --- | --- | --- | --- | --- |\n")
			}
		} else {
			fmt.Fprintf(&b, "%d  %-22s %s\n   solves: %s\n", v.Number, v.ID, v.Name, v.Solves)
		}
		for _, s := range v.BySource {
			rps := rangeText(s.RPSMin, s.RPSMax, human.Count)
			cost := rangeText(s.MonthlyUSDMin, s.MonthlyUSDMax, human.USD)
			if md {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", esc(s.Title), esc(s.Label), usersText(s.UsersMin, s.UsersMax), dash(rps), dash(esc(cost)))
				continue
			}
			line := fmt.Sprintf("   %-18s %s, %s", s.Source, s.Label, usersText(s.UsersMin, s.UsersMax))
			if rps != "" {
				line += ", " + rps + " rps"
			}
			if cost != "" {
				line += ", " + cost + "/mo"
			}
			b.WriteString(line + "\n")
		}
		if !md {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func usdShort(v float64) string { return human.USD(v) + "/mo" }
