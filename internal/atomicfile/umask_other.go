//go:build !unix

package atomicfile

import "io/fs"

// umask is 0 where the platform has none.
var umask fs.FileMode
