// Command embedgen writes knowledge/embedded_gen.go: the embedded
// knowledge YAML decoded at build time (go generate ./knowledge).
package main

import (
	"fmt"
	"os"

	"github.com/scaleplan/scaleplan/knowledge"
)

func main() {
	src, err := knowledge.GenerateEmbeddedGo()
	if err != nil {
		fmt.Fprintln(os.Stderr, "embedgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("embedded_gen.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "embedgen:", err)
		os.Exit(1)
	}
}
