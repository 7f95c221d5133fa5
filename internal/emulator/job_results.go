package emulator

import (
	"sort"
	"time"
)

// Bucket results: what a job writes to its results index as it analyses.
// A bucket becomes final once data (or time) has moved past it, and then
// has a result whether records fell into it or not, so the results are
// runs of consecutive buckets; a skip leaves a gap. Only the bucket
// results are modelled (no records, influencers or model plot), enough to
// see which results a revert deletes and where a datafeed resumes.

// resultRun is consecutive final buckets: the starts first..last (epoch
// ms), one bucket span apart.
type resultRun struct{ first, last int64 }

// bucketStart is the start of the bucket t falls into.
func (j *job) bucketStart(t time.Time) int64 {
	span := j.bucketSpan.Milliseconds()
	ms := t.UnixMilli()
	b := ms / span * span
	if b > ms { // negative times round towards zero
		b -= span
	}
	return b
}

// bucketCeil is the first bucket boundary at or after ms.
func (j *job) bucketCeil(ms int64) int64 {
	span := j.bucketSpan.Milliseconds()
	b := ms / span * span
	if b < ms {
		b += span
	}
	return b
}

// dataAt moves the analysis to a record in bucket b: the first record
// opens a bucket, a record in a later bucket finalises every bucket before
// it.
func (j *job) dataAt(b int64) {
	if !j.bucketOpen {
		j.openBucket, j.bucketOpen = b, true
		return
	}
	j.finalizeUntil(b)
}

// finalizeUntil makes every bucket from the open one up to (not including)
// the one starting at end final.
func (j *job) finalizeUntil(end int64) {
	if !j.bucketOpen || end <= j.openBucket {
		return
	}
	span := j.bucketSpan.Milliseconds()
	j.addResults(j.openBucket, end-span)
	j.openBucket = end
	j.lastFinalizedBucketEnd = max(j.lastFinalizedBucketEnd, end)
}

// skipTo is a flush with skip_time: the analysis jumps to the bucket
// boundary at or after ms; the skipped buckets get no results. It returns
// that boundary. UNCONFIRMED: that the bucket gathering data when the skip
// comes gets no result either.
func (j *job) skipTo(ms int64) int64 {
	end := j.bucketCeil(ms)
	j.lastFinalizedBucketEnd = end
	if j.bucketOpen {
		j.openBucket = end
	}
	j.learned = true
	return end
}

// addResults records final buckets first..last, merging with runs they
// touch or overlap (a bucket analysed again after a revert without
// deleting results overwrites its result).
func (j *job) addResults(first, last int64) {
	span := j.bucketSpan.Milliseconds()
	runs := append(j.results, resultRun{first, last})
	sort.Slice(runs, func(a, b int) bool { return runs[a].first < runs[b].first })
	merged := runs[:0]
	for _, r := range runs {
		if n := len(merged); n > 0 && r.first <= merged[n-1].last+span {
			merged[n-1].last = max(merged[n-1].last, r.last)
			continue
		}
		merged = append(merged, r)
	}
	j.results = merged
}

// deleteResultsFrom deletes the bucket results whose time is at or after
// cutoff (epoch ms), as a revert's delete-by-query does.
func (j *job) deleteResultsFrom(cutoff int64) {
	span := j.bucketSpan.Milliseconds()
	kept := j.results[:0]
	for _, r := range j.results {
		if r.first >= cutoff {
			continue
		}
		if r.last >= cutoff {
			r.last = r.first + (cutoff-1-r.first)/span*span
		}
		kept = append(kept, r)
	}
	j.results = kept
}

// latestResult is the start of the latest final bucket.
func (j *job) latestResult() (int64, bool) {
	if len(j.results) == 0 {
		return 0, false
	}
	return j.results[len(j.results)-1].last, true
}

// resumeAfter is where a datafeed of the job carries on from
// (DatafeedJobBuilder): the later of the latest final bucket's last
// millisecond and the latest record. ok is false for a job that has seen
// nothing.
func (j *job) resumeAfter() (time.Time, bool) {
	var last time.Time
	if b, ok := j.latestResult(); ok {
		last = time.UnixMilli(b + j.bucketSpan.Milliseconds() - 1)
	}
	if j.counts.latest.After(last) {
		last = j.counts.latest
	}
	return last, !last.IsZero()
}

// resultTimes lists the bucket results, oldest first.
func (j *job) resultTimes() []time.Time {
	span := j.bucketSpan.Milliseconds()
	var out []time.Time
	for _, r := range j.results {
		for b := r.first; b <= r.last; b += span {
			out = append(out, time.UnixMilli(b).UTC())
		}
	}
	return out
}

// clearResults forgets every result and where the analysis stood, as a
// reset does.
func (j *job) clearResults() {
	j.results = nil
	j.openBucket, j.bucketOpen = 0, false
	j.lastFinalizedBucketEnd = 0
}
