//go:build !linux

package tmpfs

import "testing"

// SkipMessage is why Run skips: mount namespaces are Linux's.
const SkipMessage = "tmpfs: private mount namespaces need Linux"

// Run skips the test: there are no mount namespaces outside Linux.
func Run(t *testing.T, sizeBytes int, body func(t *testing.T, dir string)) {
	t.Helper()
	t.Skip(SkipMessage)
}

// Fill is never reached outside Linux (Run skips).
func Fill(t *testing.T, dir string) { t.Helper(); t.Skip(SkipMessage) }

// ReadOnly is never reached outside Linux (Run skips).
func ReadOnly(t *testing.T, dir string) { t.Helper(); t.Skip(SkipMessage) }
