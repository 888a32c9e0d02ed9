// Package readfile reads the files a person names (answers, plans,
// knowledge overlays, history) safely: only regular files, never more than
// a stated size, so /dev/zero, a FIFO or a huge file is refused with a
// clear error instead of hanging or exhausting memory.
package readfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// TooLargeError is a file past its limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s; refusing to read it", SizeText(e.Limit))
}

// ErrNotRegular is a path that names a device, pipe or socket.
var ErrNotRegular = errors.New("not a regular file (a device, pipe or socket)")

// ErrSymlink is a file of a Dir that is a symbolic link: it could name any
// file on the system (/etc/passwd), whose text errors would then quote.
var ErrSymlink = errors.New("not a regular file but a symbolic link; give the file itself")

// Read reads the regular file at path, at most limit bytes. Errors do not
// repeat the path. A FIFO is refused without waiting for a writer.
func Read(path string, limit int64) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	return FromFile(f, limit)
}

// open opens path for reading without blocking: opening a FIFO waits for a
// writer unless asked not to, and the file is checked only once open.
func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
}

// FromFile reads an open file after checking it is regular.
func FromFile(f fs.File, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, unwrap(err)
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &TooLargeError{limit}
	}
	return All(f, limit)
}

// regular refuses anything but a regular file.
func regular(st fs.FileInfo) error {
	if st.IsDir() {
		return errors.New("is a directory, not a file")
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return ErrSymlink
	}
	if !st.Mode().IsRegular() {
		return ErrNotRegular
	}
	return nil
}

// All reads r to its end, failing once it passes limit bytes.
func All(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{limit}
	}
	return data, nil
}

// MaxLineBytes bounds one line of typed input (an answer, a name): far
// more than anyone types, far less than /dev/zero sends.
const MaxLineBytes = 16 << 10

// ErrLineTooLong is a line of input past its limit: not something typed.
var ErrLineTooLong = fmt.Errorf("a line of input longer than %s; not reading further", SizeText(MaxLineBytes))

// Line reads one line from r, with its line break if it has one, failing
// with ErrLineTooLong once it passes limit bytes without one, so input
// without line breaks (/dev/zero) ends instead of filling memory.
func Line(r *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > limit {
			return nil, ErrLineTooLong
		}
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// FS reads name from fsys (an overlay directory) with the same checks. The
// file is looked at before it is opened, so a FIFO in an fs.FS that opens
// with blocking calls (os.DirFS) is refused rather than waited on; Dir
// opens without blocking as well.
func FS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &TooLargeError{limit}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return FromFile(f, limit)
}

// Dir is the files under a directory as an fs.FS, like os.DirFS, except
// that opening never blocks: a FIFO put there opens at once and is then
// refused as not a regular file. Stat does not follow symbolic links, so
// FS refuses a file that is a link (ErrSymlink) instead of reading
// whatever it points at; the directory itself may be a link.
type Dir string

// Stat describes name without following a symbolic link.
func (d Dir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	st, err := os.Lstat(filepath.Join(string(d), filepath.FromSlash(name)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, err
	}
	return st, nil
}

// Open opens name, a slash-separated path inside the directory.
func (d Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := open(filepath.Join(string(d), filepath.FromSlash(name)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, err
	}
	return f, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// SizeText says a limit in bytes for people: "4 MiB", "512 KiB", "100 bytes".
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
