package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
	"github.com/scaleplan/scaleplan/export"
	"github.com/scaleplan/scaleplan/human"
	"github.com/scaleplan/scaleplan/interview"
	"github.com/scaleplan/scaleplan/knowledge"
)

// version is set at build time with -ldflags "-X main.version=..."; a plain
// build reports the module version or "devel".
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// Run executes the command line and returns the exit code.
func Run(args []string, s *Streams) int {
	root := newRootCmd(s)
	if args == nil {
		args = []string{} // cobra reads os.Args for nil: a caller's nil means none
	}
	root.SetArgs(args)
	err := unknownCommand(root, args)
	if err == nil {
		err = root.Execute()
	}
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) && ee.msg == "" {
		return ee.code
	}
	// Errors quote paths, flag values and file contents: escapes in them
	// are shown, not acted on by the terminal, and a quoted value is cut
	// short (a 400 KB flag value or answer is not repeated in full).
	fmt.Fprintf(s.Err, "scaleplan: %s\n", human.Printable(human.ShortQuotes(err.Error(), maxQuoted)))
	code := exitCode(err)
	if code == ExitUsage {
		if cmd, _, ferr := root.Find(args); ferr == nil && cmd != nil && !strings.Contains(err.Error(), "--help") {
			fmt.Fprintf(s.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}

// maxQuoted is the most of a quoted value an error shows, in characters.
const maxQuoted = 60

func newRootCmd(s *Streams) *cobra.Command {
	advisorOpts := &advisorOptions{}
	root := &cobra.Command{
		Use:   "scaleplan",
		Short: "Plan the architecture your system needs at its scale, and what comes next",
		Long: `scaleplan turns a description of your system (users, traffic, data,
geography, availability, budget, team) into back-of-envelope numbers and an
architecture plan: the scaling stage you are at, the components to run and
why, what to defer until a trigger, trade-offs, risks, cost and budget fit.

The simplest architecture that meets today's needs, every component justified
by a named bottleneck, with a clear path to the next stage.

Run without a command on a terminal to open the interactive advisor: a short
questionnaire with a live stage line, then the plan in tabs (summary,
components, diagram, costs, trade-offs, next, growth) with export, save and
what-if.
Answers are kept as you go in $XDG_STATE_HOME/scaleplan/answers.yaml
(~/.local/state/scaleplan/answers.yaml) and offered back next time.`,
		Example: `  scaleplan                      # on a terminal: the interactive advisor
  scaleplan --answers answers.yaml
  scaleplan plan --users 50000
  scaleplan plan --users 2M --read-ratio 20:1 --regions 2 --availability 99.95 --budget 15000
  scaleplan plan --answers answers.yaml -o plan.md
  scaleplan plan --dau 5e6 --peak-rps 40000 --format json | jq .stage
  scaleplan stages
  scaleplan explain read-replica
  scaleplan plan --users 200k --growth 12% --horizon 24m
  scaleplan diff today.yaml next-year.yaml
  scaleplan sweep --users 1e3..1e8 --steps 40
  scaleplan interview --scenario url-shortener
  scaleplan quiz --count 10`,
		Version:                    versionString(),
		SuggestionsMinimumDistance: 2,
		SilenceUsage:               true,
		SilenceErrors:              true,
		// Arguments are checked here rather than by cobra so that an unknown
		// command is a usage error (exit 2) with a suggestion.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %q?)", s[0])
			}
			var names []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() && c.Name() != "help" && c.Name() != "completion" {
					names = append(names, c.Name())
				}
			}
			return usage(fmt.Errorf("%s; commands: %s", msg, strings.Join(names, ", ")))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAdvisor(cmd, s, advisorOpts)
		},
		// A path flag given as "" would silently mean "not given".
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			var err error
			cmd.Flags().Visit(func(f *pflag.Flag) {
				if err == nil && slices.Contains(pathFlags, f.Name) && f.Value.String() == "" {
					err = usage(fmt.Errorf("--%s: empty value; give a path, or leave the flag out", f.Name))
				}
			})
			return err
		},
	}
	advisorOpts.addFlags(root)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newPlanCmd(s), newStagesCmd(s), newExplainCmd(s))
	root.AddCommand(newDiffCmd(s), newSweepCmd(s))
	root.AddCommand(newInterviewCmd(s), newQuizCmd(s))
	root.SetVersionTemplate("scaleplan {{.Version}}\n")
	// Cobra adds its completion command only when it executes; added now, the
	// unknown-command check above it knows the command too.
	root.InitDefaultCompletionCmd()
	addCompletions(root)
	return root
}

// formatCompletions are the values of each command's --format, for shell
// completion: the documents the commands print (output.go), and the drills'
// results.
var formatCompletions = map[string]export.Formatted{
	"plan":    export.PlanDoc{},
	"stages":  export.Ladder{},
	"explain": export.Explanation{},
	"diff":    export.PlanDiff{},
	"sweep":   export.SweepFormats{},
}

// formatWords describe the formats in completion menus.
var formatWords = map[string]string{
	"md": "Markdown", "mermaid": "Mermaid diagram", "json": "JSON, exact numbers", "yaml": "YAML, same shape as JSON",
	"text": "text for a terminal", "csv": "CSV, one row per point",
}

// addCompletions tells shells the values flags and arguments take: formats,
// providers, traits, failure what-ifs, scenarios, quiz topics, and files or
// directories where a path is wanted. Values from the knowledge base honour
// --knowledge when it is on the line being completed.
func addCompletions(root *cobra.Command) {
	kbFor := func(cmd *cobra.Command) *knowledge.Base {
		dir, _ := cmd.Flags().GetString("knowledge")
		kb, err := loadKnowledge(dir)
		if err != nil {
			return nil
		}
		return kb
	}
	fixed := func(values ...string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	for _, c := range root.Commands() {
		f := c.Flags()
		register := func(name string, fn cobra.CompletionFunc) {
			if f.Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		if d, ok := formatCompletions[c.Name()]; ok {
			var values []string
			for _, format := range d.Formats() {
				values = append(values, cobra.CompletionWithDesc(format, formatWords[format]))
			}
			register("format", fixed(values...))
		} else {
			register("format", fixed(cobra.CompletionWithDesc("text", formatWords["text"]), cobra.CompletionWithDesc("json", formatWords["json"])))
		}
		register("provider", func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			kb := kbFor(cmd)
			if kb == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, p := range kb.Providers() {
				cat := kb.Catalogs[p]
				out = append(out, cobra.CompletionWithDesc(p, fmt.Sprintf("%s, %s prices as of %s", cat.Display(), cat.Region, cat.AsOf)))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		})
		register("traits", commaList(func(*cobra.Command) []string { return answers.Traits }))
		register("what-if", commaList(func(cmd *cobra.Command) []string {
			kb := kbFor(cmd)
			if kb == nil {
				return nil
			}
			return append(advisor.New(kb).WhatIfIDs(), "all")
		}))
		register("scenario", func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			kb := kbFor(cmd)
			if kb == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sc := range kb.Scenarios {
				out = append(out, cobra.CompletionWithDesc(sc.ID, sc.Title))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		})
		register("topic", commaList(func(*cobra.Command) []string { return interview.Topics }))
		register("scale", fixed("auto", "log", "linear"))
		for _, name := range []string{"answers", "for"} {
			register(name, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
				return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
			})
		}
		for _, name := range []string{"knowledge", "adr"} {
			register(name, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
				return nil, cobra.ShellCompDirectiveFilterDirs
			})
		}
	}
	_ = root.RegisterFlagCompletionFunc("answers", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	})
}

// commaList completes a comma list: the values not yet on it, after what
// is already typed, with no space so another can follow.
func commaList(values func(cmd *cobra.Command) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		done, last := "", toComplete
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			done, last = toComplete[:i+1], toComplete[i+1:]
		}
		taken := strings.Split(strings.ToLower(done), ",")
		var out []cobra.Completion
		for _, v := range values(cmd) {
			if strings.HasPrefix(v, strings.ToLower(last)) && !slices.Contains(taken, v) {
				out = append(out, done+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}
}

// pathFlags name files or directories: none may be given empty.
var pathFlags = []string{"knowledge", "answers", "output", "adr"}

// loadKnowledge returns the embedded base, or the one overlaid from dir.
func loadKnowledge(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Default()
	}
	const want = "give a directory of YAML files that replace the embedded ones (see 'scaleplan explain --help')"
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usage(fmt.Errorf("--knowledge %s: does not exist; %s", dir, want))
	case err != nil:
		return nil, usage(fmt.Errorf("--knowledge %s: %w; %s", dir, unwrapPathErr(err), want))
	case !st.IsDir():
		return nil, usage(fmt.Errorf("--knowledge %s: not a directory; %s", dir, want))
	}
	return knowledge.LoadDir(dir)
}

// unknownCommand catches a misspelt command before cobra parses its flags
// as the root's (which would report "unknown flag" for the command's flags).
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return nil
	}
	for _, c := range root.Commands() {
		if c.Name() == args[0] || c.HasAlias(args[0]) {
			return nil
		}
	}
	if args[0] == "help" || strings.HasPrefix(args[0], "__complete") {
		return nil
	}
	return root.Args(root, args[:1])
}

// flagError marks flag mistakes as usage errors and suggests the flag
// that was probably meant.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	// pflag says `invalid argument "1e3" for "--steps" flag: want ...`;
	// for the flags whose errors are ours, the flag comes first, as in
	// every other error: `--steps "1e3": want ...`.
	var name, value string
	if n, _ := fmt.Sscanf(msg, "invalid argument %q for %q flag: ", &value, &name); n == 2 {
		if f := c.Flags().Lookup(strings.TrimPrefix(name, "--")); f != nil {
			if _, ours := f.Value.(interface{ wants() string }); ours {
				_, reason, _ := strings.Cut(msg, " flag: ")
				return usage(fmt.Errorf("--%s %q: %s", f.Name, value, reason))
			}
		}
	}
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		if !c.HasParent() {
			// A plan flag given to the bare command: the command was forgotten.
			if plan, _, err := c.Find([]string{"plan"}); err == nil && plan.Flags().Lookup(name) != nil {
				return usage(fmt.Errorf("%s (did you mean 'scaleplan plan --%s'?)", msg, name))
			}
		}
		var names []string
		c.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if n := answers.Nearest(name, names); n != "" {
			msg += fmt.Sprintf(" (did you mean --%s?)", n)
		}
	}
	return usage(errors.New(msg))
}

// noArgs and maxArgs are cobra's argument checks as usage errors.
func noArgs(cmd *cobra.Command, args []string) error { return usage(cobra.NoArgs(cmd, args)) }

func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error { return usage(cobra.MaximumNArgs(n)(cmd, args)) }
}
