package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

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
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) && ee.msg == "" {
		return ee.code
	}
	fmt.Fprintf(s.Err, "scaleplan: %s\n", err)
	code := exitCode(err)
	if code == ExitUsage {
		if cmd, _, ferr := root.Find(args); ferr == nil && cmd != nil && !strings.Contains(err.Error(), "--help") {
			fmt.Fprintf(s.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}

func newRootCmd(s *Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "scaleplan",
		Short: "Plan the architecture your system needs at its scale, and what comes next",
		Long: `scaleplan turns a description of your system (users, traffic, data,
geography, availability, budget, team) into back-of-envelope numbers and an
architecture plan: the scaling stage you are at, the components to run and
why, what to defer until a trigger, trade-offs, risks, cost and budget fit.

The simplest architecture that meets today's needs, every component justified
by a named bottleneck, with a clear path to the next stage.`,
		Example: `  scaleplan plan --users 50000
  scaleplan plan --users 2M --read-ratio 20:1 --regions 2 --availability 99.95 --budget 15000
  scaleplan plan --answers answers.yaml -o plan.md
  scaleplan plan --dau 5e6 --peak-rps 40000 --format json | jq .stage
  scaleplan stages
  scaleplan explain read-replica`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(fmt.Errorf("unknown command %q: run 'scaleplan --help' for the commands", args[0]))
			}
			if !s.InTTY || !s.OutTTY {
				cmd.SetOut(s.Err)
				_ = cmd.Help()
				return exitError{code: ExitUsage}
			}
			return cmd.Help()
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(err) })
	root.AddCommand(newPlanCmd(s), newStagesCmd(s), newExplainCmd(s))
	root.SetVersionTemplate("scaleplan {{.Version}}\n")
	return root
}

// loadKnowledge returns the embedded base, or the one overlaid from dir.
func loadKnowledge(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Default()
	}
	return knowledge.LoadDir(dir)
}
