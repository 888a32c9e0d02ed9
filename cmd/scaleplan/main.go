// Command scaleplan advises on the architecture a system needs at the scale
// it has now, and on what comes next.
package main

import "os"

func main() { os.Exit(Run(os.Args[1:], SystemStreams())) }
