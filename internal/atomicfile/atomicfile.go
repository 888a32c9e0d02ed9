// Package atomicfile writes files so that readers see the old content or
// the new, never a part: data goes to a temporary file in the same
// directory, is synced, and is renamed over the target.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// ErrExists is returned when the target exists and overwriting was not asked for.
var ErrExists = errors.New("file exists")

// Write stores data at path. Without overwrite an existing file is left
// alone and ErrExists is returned. On any error the target is unchanged and
// no temporary file is left behind.
func Write(path string, data []byte, perm fs.FileMode, overwrite bool) (err error) {
	if st, err := os.Lstat(path); err == nil {
		switch {
		case st.IsDir():
			return fmt.Errorf("%s: is a directory; give a file name", path)
		case !st.Mode().IsRegular():
			// Renaming over a link, pipe or device would replace it, not write to it.
			return fmt.Errorf("%s: is not a regular file (%s); give the path of a regular file", path, kind(st.Mode()))
		case !overwrite:
			return fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
		}
		// Keep the permissions of the file being replaced.
		perm = st.Mode().Perm()
	}
	// An interrupt while the temporary file exists would leave it behind:
	// hold SIGINT and SIGTERM until the file is renamed or removed, then
	// let them take effect.
	release := holdSignals()
	defer release()
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write in %s: %w", path, dir, unwrap(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if afterTempCreated != nil {
		afterTempCreated()
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	if !overwrite {
		// Link refuses to replace, closing the gap between the check above and now.
		if err = os.Link(tmp.Name(), path); err == nil {
			os.Remove(tmp.Name())
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w (use --force to overwrite)", path, ErrExists)
		}
		// Filesystems without hard links fall back to rename.
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrap(err))
	}
	return nil
}

// afterTempCreated lets a test act (send a signal) while the temporary file exists.
var afterTempCreated func()

// reraise delivers a held signal once the write is over; the default
// action (for SIGINT, exiting) then happens with no temporary file left.
var reraise = func(sig os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Signal(sig)
	}
}

// holdSignals starts holding SIGINT and SIGTERM; the returned func stops
// and re-delivers any that arrived.
func holdSignals() func() {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return func() {
		signal.Stop(ch)
		for {
			select {
			case sig := <-ch:
				reraise(sig)
			default:
				return
			}
		}
	}
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
