package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
	"github.com/scaleplan/scaleplan/answers"
)

// parseHorizon reads a growth horizon in months: "24", "24m", "24 months",
// "2y", "1.5 years" (18 months). A fraction of a month is refused, as is
// anything outside 1 to advisor.MaxHorizonMonths.
func parseHorizon(s string) (int, error) {
	bad := func() (int, error) {
		return 0, fmt.Errorf("--horizon %q: want months like 24, 24m or 2y (1 to %d months)", s, advisor.MaxHorizonMonths)
	}
	if err := answers.Underscored(s, fmt.Sprintf("want months like 24, 24m or 2y (1 to %d months)", advisor.MaxHorizonMonths)); err != nil {
		return 0, fmt.Errorf("--horizon %w", err)
	}
	t := strings.ToLower(strings.TrimSpace(s))
	num := strings.TrimRight(t, "abcdefghijklmnopqrstuvwxyz ")
	unit := strings.TrimSpace(t[len(num):])
	perUnit := 0.0
	switch unit {
	case "", "m", "mo", "mos", "month", "months":
		perUnit = 1
	case "y", "yr", "yrs", "year", "years":
		perUnit = 12
	default:
		return bad()
	}
	num = strings.TrimSpace(num)
	if num == "" || strings.Trim(num, "0123456789.") != "" {
		return bad()
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return bad()
	}
	months := v * perUnit
	if months != math.Trunc(months) || months < 1 || months > advisor.MaxHorizonMonths {
		return bad()
	}
	return int(months), nil
}
