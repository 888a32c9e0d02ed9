//go:build !unix

package readfile

// nonBlock is 0 where opening a file cannot wait for a writer.
const nonBlock = 0
