package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// intFlag is a whole-number flag written in decimal digits, as people
// write counts: pflag's own reads 0x10 as 16 and 0o17 as 15, and answers
// 1e3 with "strconv.ParseInt: parsing "1e3": invalid syntax".
type intFlag[T int | int64] struct {
	p    *T
	want string // what is allowed, for the error: "a whole number of points, like 20"
}

// intVar defines an intFlag on f.
func intVar[T int | int64](f *pflag.FlagSet, p *T, name string, value T, want, usage string) {
	*p = value
	f.Var(&intFlag[T]{p: p, want: want}, name, usage)
}

func (v *intFlag[T]) String() string { return strconv.FormatInt(int64(*v.p), 10) }
func (v *intFlag[T]) wants() string  { return v.want }
func (v *intFlag[T]) Type() string   { return "int" }

func (v *intFlag[T]) Set(s string) error {
	if strings.Contains(s, "_") {
		return errors.New("write numbers without _ (" + strings.ReplaceAll(s, "_", "") + "); want " + v.want)
	}
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return errors.New("want " + v.want)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || int64(T(n)) != n {
		return errors.New("too large: want " + v.want)
	}
	*v.p = T(n)
	return nil
}
