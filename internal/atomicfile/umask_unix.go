//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
)

// umask is the process's file-creation mask, read once at start (reading
// it means setting it, so it is set straight back before anything runs).
var umask = func() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}()
