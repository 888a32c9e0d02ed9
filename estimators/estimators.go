// Package estimators holds the back-of-envelope arithmetic: pure functions,
// numbers in and numbers out, units in every name. Capacity figures are not
// constants here; they come from the knowledge base with their sources.
package estimators

import "math"

// Units of time and size, fixed so every estimate is reproducible by hand.
const (
	SecondsPerDay = 86_400
	MinutesPerDay = 1_440
	DaysPerYear   = 365
	DaysPerMonth  = DaysPerYear / 12.0 // 30.4167: an average month
	HoursPerMonth = 730                // the cloud providers' billing month
	BytesPerGB    = 1e9
)

// DAUFromUsers derives daily active users from monthly ones.
func DAUFromUsers(users, dauPerMAU float64) float64 { return users * dauPerMAU }

// RequestsPerDay is daily users times requests each makes a day.
func RequestsPerDay(dau, requestsPerUser float64) float64 { return dau * requestsPerUser }

// SplitReadsWrites divides a day's requests by a reads-per-write ratio.
func SplitReadsWrites(requestsPerDay, readsPerWrite float64) (readsPerDay, writesPerDay float64) {
	writesPerDay = requestsPerDay / (readsPerWrite + 1)
	return requestsPerDay - writesPerDay, writesPerDay
}

// AvgRPS is a daily volume spread evenly over the day's seconds.
func AvgRPS(perDay float64) float64 { return perDay / SecondsPerDay }

// PeakRPS is the average times the peak factor.
func PeakRPS(avgRPS, peakFactor float64) float64 { return avgRPS * peakFactor }

// NewDataGBPerDay is the data a day's writes add.
func NewDataGBPerDay(writesPerDay, bytesPerWrite float64) float64 {
	return writesPerDay * bytesPerWrite / BytesPerGB
}

// DataGBAtRetention is today's data plus what accumulates over the retention period.
func DataGBAtRetention(dataGBToday, newGBPerDay, retentionYears float64) float64 {
	return dataGBToday + newGBPerDay*DaysPerYear*retentionYears
}

// SplitShare is the share of writes larger than maxRowBytes when writes
// average writeBytes. Only the average is known, so sizes are taken as
// exponential, the distribution that assumes least given a positive
// average; measured sizes of files and web objects have heavier tails,
// which put more of the bytes in the large writes, so this keeps the most
// in the database.
func SplitShare(writeBytes, maxRowBytes float64) float64 {
	if writeBytes <= 0 {
		return 0
	}
	return math.Exp(-maxRowBytes / writeBytes)
}

// SplitBytes is what the writes larger than maxRowBytes carry, averaged
// over all writes: for exponential sizes, (maxRowBytes + writeBytes) times
// their share.
func SplitBytes(writeBytes, maxRowBytes float64) float64 {
	return (maxRowBytes + writeBytes) * SplitShare(writeBytes, maxRowBytes)
}

// EgressGBPerMonth is the bytes sent to clients in an average month: a
// response for each read and an acknowledgement for each write.
func EgressGBPerMonth(readsPerDay, responseBytes, writesPerDay, ackBytes float64) float64 {
	return (readsPerDay*responseBytes + writesPerDay*ackBytes) * DaysPerMonth / BytesPerGB
}

// SplitPeak divides the peak between reads and writes in the day's
// proportion; with no daily volume the whole peak counts as reads.
func SplitPeak(peakRPS, readsPerDay, writesPerDay float64) (readRPS, writeRPS float64) {
	total := readsPerDay + writesPerDay
	if total <= 0 {
		return peakRPS, 0
	}
	readRPS = peakRPS * readsPerDay / total
	// peak × reads / reads can round an ulp above the peak: no writes is
	// 0 writes/s, never -1e-16.
	return readRPS, math.Max(0, peakRPS-readRPS)
}

// CacheGB sizes a cache for the hot set by the 80/20 rule: keep the fraction
// of a day's reads that serves most requests, each one object in size.
func CacheGB(readsPerDay, hotFraction, bytesPerObject float64) float64 {
	return readsPerDay * hotFraction * bytesPerObject / BytesPerGB
}

// ConcurrentUsers is the users connected at once at peak: each daily user
// is connected for sessionMinutes a day, spread like the traffic, so the
// peak is the average times the peak factor; never more than the day's
// users.
func ConcurrentUsers(dau, sessionMinutes, peakFactor float64) float64 {
	return math.Min(dau, dau*sessionMinutes/MinutesPerDay*peakFactor)
}

// ConcurrentRequests applies Little's law: in flight = arrival rate × time in system.
func ConcurrentRequests(rps, latencySeconds float64) float64 { return rps * latencySeconds }

// PooledConnections is the database connections a pooler needs for a number
// of concurrent clients, at the pooler's clients-per-connection ratio.
func PooledConnections(concurrentClients, connectionsPerClient, minimum float64) float64 {
	return math.Max(minimum, math.Ceil(concurrentClients*connectionsPerClient))
}

// Servers is how many machines serve a load when each runs at the target
// utilisation, never fewer than minimum.
func Servers(loadRPS, capacityRPSPerServer, utilisation, minimum float64) float64 {
	if capacityRPSPerServer <= 0 || utilisation <= 0 {
		return minimum
	}
	return math.Max(minimum, math.Ceil(loadRPS/(capacityRPSPerServer*utilisation)))
}

// UncachedRPS is the share of reads a cache does not absorb.
func UncachedRPS(readRPS, cacheHitRatio float64) float64 { return readRPS * (1 - cacheHitRatio) }

// DowntimeSecondsPerMonth is the downtime an availability target (in percent) allows in an average month.
func DowntimeSecondsPerMonth(availabilityPct float64) float64 {
	return (1 - availabilityPct/100) * DaysPerMonth * SecondsPerDay
}

// DowntimeSecondsPerYear is the downtime an availability target allows in a year.
func DowntimeSecondsPerYear(availabilityPct float64) float64 {
	return (1 - availabilityPct/100) * DaysPerYear * SecondsPerDay
}

// Nines counts the nines of an availability target: 99.9 → 3, 99.95 → 3.3.
func Nines(availabilityPct float64) float64 {
	if availabilityPct >= 100 {
		return math.Inf(1)
	}
	return -math.Log10(1 - availabilityPct/100)
}

// MonthlyUSD is an hourly price over a billing month.
func MonthlyUSD(hourlyUSD float64) float64 { return hourlyUSD * HoursPerMonth }

// MonthsToGrow is how many months compound monthly growth takes to multiply
// load by factor; +Inf when there is no growth.
func MonthsToGrow(factor, monthlyGrowthPct float64) float64 {
	if factor <= 1 {
		return 0
	}
	if monthlyGrowthPct <= 0 {
		return math.Inf(1)
	}
	return math.Log(factor) / math.Log(1+monthlyGrowthPct/100)
}
