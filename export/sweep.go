package export

import (
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scaleplan/scaleplan/advisor"
)

// SweepFormats are the formats a sweep writes.
type SweepFormats struct{}

// Formats lists them: CSV for spreadsheets, JSON for scripts.
func (SweepFormats) Formats() []string { return []string{"csv", "json"} }

// SweepWriter writes a sweep point by point, as CSV (one row a point: the
// swept values, stage, cost, peak and every component's count) or as JSON
// ({"schema_version", "swept", "points"}). Points stream: a sweep may have
// a million of them.
type SweepWriter struct {
	w          io.Writer
	format     string
	keys       []string
	components []string
	col        map[string]int
	counts     []float64
	buf        []byte
	first      bool
	// For JSON: the swept keys in the order encoding/json writes a map's
	// (sorted), each quoted, with its index in keys; every text written
	// once, quoted as encoding/json quotes it.
	sorted []int
	quoted map[string][]byte
	stages map[advisor.StageRef][]byte
}

// NewSweepWriter starts a sweep of the answers keys over the knowledge
// base's components (in its order) and writes the header.
func NewSweepWriter(w io.Writer, format string, keys, components []string) (*SweepWriter, error) {
	sw := &SweepWriter{w: w, format: format, keys: keys, components: components, col: map[string]int{},
		counts: make([]float64, len(components)), buf: make([]byte, 0, 1024), first: true}
	for i, id := range components {
		sw.col[id] = i
	}
	if format == "json" {
		sw.quoted, sw.stages = map[string][]byte{}, map[advisor.StageRef][]byte{}
		sw.sorted = make([]int, len(keys))
		for i := range keys {
			sw.sorted[i] = i
		}
		slices.SortFunc(sw.sorted, func(i, j int) int { return strings.Compare(keys[i], keys[j]) })
	}
	b := sw.buf[:0]
	if format == "csv" {
		for _, k := range keys {
			b = append(b, k...)
			b = append(b, ',')
		}
		b = append(b, "stage_id,stage_number,monthly_usd,peak_rps"...)
		for _, id := range components {
			b = append(b, ',')
			b = append(b, id...)
		}
		b = append(b, '\n')
	} else {
		b = append(b, `{"schema_version": `...)
		b = strconv.AppendInt(b, DocSchemaVersion, 10)
		b = append(b, `, "swept": [`...)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = strconv.AppendQuote(b, k)
		}
		b = append(b, "],\n\"points\": ["...)
	}
	sw.buf = b
	_, err := w.Write(b)
	return sw, err
}

// Point writes one point.
func (sw *SweepWriter) Point(values []float64, d *advisor.Decision) error {
	b := sw.buf[:0]
	if sw.format == "json" {
		if !sw.first {
			b = append(b, ',')
		}
		sw.first = false
		var err error
		if b, err = sw.appendJSONPoint(append(b, '\n'), values, d); err != nil {
			return err
		}
	} else {
		clear(sw.counts)
		for _, c := range d.Components {
			sw.counts[sw.col[c.ID]] = c.Count
		}
		for _, v := range values {
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
			b = append(b, ',')
		}
		b = append(b, d.Stage.ID...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(d.Stage.Number), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, math.Round(d.MonthlyUSD*100)/100, 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, math.Round(d.Inputs.PeakRPS*100)/100, 'f', -1, 64)
		for _, n := range sw.counts {
			b = append(b, ',')
			if n == math.Trunc(n) && n < 1e15 {
				b = strconv.AppendInt(b, int64(n), 10)
			} else {
				b = strconv.AppendFloat(b, n, 'f', -1, 64)
			}
		}
		b = append(b, '\n')
	}
	sw.buf = b
	_, err := sw.w.Write(b)
	return err
}

// Close ends the document.
func (sw *SweepWriter) Close() error {
	if sw.format == "json" {
		_, err := io.WriteString(sw.w, "\n]}\n")
		return err
	}
	return nil
}

// appendJSONPoint appends one point as encoding/json would marshal
// {"values": {key: value, ...}, "stage": {...}, "monthly_usd", "peak_rps",
// "components": [{"id", "count", "monthly_usd"}, ...]}, byte for byte,
// without making a value per point: a sweep may have a million.
func (sw *SweepWriter) appendJSONPoint(b []byte, values []float64, d *advisor.Decision) ([]byte, error) {
	var err error
	b = append(b, `{"values":{`...)
	for n, i := range sw.sorted {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, sw.quote(sw.keys[i])...)
		b = append(b, ':')
		if b, err = appendJSONFloat(b, values[i]); err != nil {
			return b, err
		}
	}
	b = append(b, `},"stage":`...)
	stage, ok := sw.stages[d.Stage]
	if !ok {
		if stage, err = json.Marshal(d.Stage); err != nil {
			return b, err
		}
		sw.stages[d.Stage] = stage
	}
	b = append(b, stage...)
	b = append(b, `,"monthly_usd":`...)
	if b, err = appendJSONFloat(b, d.MonthlyUSD); err != nil {
		return b, err
	}
	b = append(b, `,"peak_rps":`...)
	if b, err = appendJSONFloat(b, d.Inputs.PeakRPS); err != nil {
		return b, err
	}
	b = append(b, `,"components":[`...)
	for i, c := range d.Components {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = append(b, sw.quote(c.ID)...)
		b = append(b, `,"count":`...)
		if b, err = appendJSONFloat(b, c.Count); err != nil {
			return b, err
		}
		b = append(b, `,"monthly_usd":`...)
		if b, err = appendJSONFloat(b, c.MonthlyUSD); err != nil {
			return b, err
		}
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

// quote is s as a JSON string, as encoding/json writes it (HTML
// characters and invalid UTF-8 escaped), made once per text.
func (sw *SweepWriter) quote(s string) []byte {
	if q, ok := sw.quoted[s]; ok {
		return q
	}
	q, _ := json.Marshal(s) // a string always marshals
	sw.quoted[s] = q
	return q
}

// appendJSONFloat appends f as encoding/json writes a float64: the
// shortest decimal that reads back as f, in exponent form below 1e-6 and
// from 1e21 (e-7, not e-07). NaN and infinities are an error, as there.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		_, err := json.Marshal(f)
		return b, err
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}
