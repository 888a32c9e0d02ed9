package export

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

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
}

// NewSweepWriter starts a sweep of the answers keys over the knowledge
// base's components (in its order) and writes the header.
func NewSweepWriter(w io.Writer, format string, keys, components []string) (*SweepWriter, error) {
	sw := &SweepWriter{w: w, format: format, keys: keys, components: components, col: map[string]int{},
		counts: make([]float64, len(components)), buf: make([]byte, 0, 1024), first: true}
	for i, id := range components {
		sw.col[id] = i
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

// sweepPoint is one point of a JSON sweep.
type sweepPoint struct {
	Values     map[string]float64 `json:"values"`
	Stage      advisor.StageRef   `json:"stage"`
	MonthlyUSD float64            `json:"monthly_usd"`
	PeakRPS    float64            `json:"peak_rps"`
	Components []sweepComponent   `json:"components"`
}

type sweepComponent struct {
	ID         string  `json:"id"`
	Count      float64 `json:"count"`
	MonthlyUSD float64 `json:"monthly_usd"`
}

// Point writes one point.
func (sw *SweepWriter) Point(values []float64, d *advisor.Decision) error {
	b := sw.buf[:0]
	if sw.format == "json" {
		if !sw.first {
			b = append(b, ',')
		}
		sw.first = false
		pt := sweepPoint{Values: make(map[string]float64, len(values)), Stage: d.Stage, MonthlyUSD: d.MonthlyUSD, PeakRPS: d.Inputs.PeakRPS,
			Components: make([]sweepComponent, len(d.Components))}
		for i, k := range sw.keys {
			pt.Values[k] = values[i]
		}
		for i, c := range d.Components {
			pt.Components[i] = sweepComponent{ID: c.ID, Count: c.Count, MonthlyUSD: c.MonthlyUSD}
		}
		js, err := json.Marshal(pt)
		if err != nil {
			return err
		}
		b = append(b, '\n')
		b = append(b, js...)
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
