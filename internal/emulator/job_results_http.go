package emulator

import (
	"slices"
	"time"
)

// actResultsGet is the transport action of the results APIs.
const actResultsGet = "cluster:monitor/xpack/ml/job/results/get"

// handleGetBuckets is GET (or POST, parameters in the query string) _ml/
// anomaly_detectors/<job>/results/buckets (RestGetBucketsAction): the
// job's final bucket results, oldest first and 100 a page unless asked
// otherwise, with count the total. The emulator keeps no scores or
// influencers, so a bucket carries only what it knows: its time, its span,
// and that it is final. The emulator keeps no interim results either, so
// exclude_interim changes nothing. Only sort=timestamp is modelled: a
// sort by a score the emulator does not keep is refused rather than
// answered wrongly.
func (s *Server) handleGetBuckets(c *call) (func() reply, *esError) {
	jobID := c.vars["job_id"]
	if _, err := c.boolParam("exclude_interim", false); err != nil {
		return nil, err
	}
	desc, err := c.boolParam("desc", false)
	if err != nil {
		return nil, err
	}
	if sort, ok := c.param("sort"); ok && sort != "timestamp" {
		return nil, badRequest("sorting buckets by [%s] is not modelled by this emulator", sort)
	}
	from, err := c.intParam("from", 0)
	if err != nil {
		return nil, err
	}
	size, err := c.intParam("size", 100)
	if err != nil {
		return nil, err
	}
	switch {
	case from < 0:
		return nil, badRequest("Parameter [from] cannot be < 0")
	case size < 0:
		return nil, badRequest("Parameter [size] cannot be < 0")
	case from+size > maxFromSize:
		return nil, badRequest("The sum of parameters [from] and [size] cannot be higher than %d.", maxFromSize)
	}
	start, _ := c.param("start")
	end, _ := c.param("end")
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[jobID]
		if j == nil {
			return fail(missingJob(jobID))
		}
		now := time.Now().UTC()
		var lo, hi time.Time
		var err *esError
		if start != "" {
			if lo, err = snapshotBound(start, now); err != nil {
				return fail(err)
			}
		}
		if end != "" {
			if hi, err = snapshotBound(end, now); err != nil {
				return fail(err)
			}
		}
		var times []time.Time
		for _, t := range j.resultTimes() {
			if start != "" && t.Before(lo) || end != "" && !t.Before(hi) {
				continue
			}
			times = append(times, t)
		}
		if desc {
			slices.Reverse(times)
		}
		total := len(times)
		page := times[min(from, total):min(from+size, total)]
		buckets := make([]obj, len(page))
		for i, t := range page {
			buckets[i] = obj{
				{"job_id", jobID},
				{"timestamp", t.UnixMilli()},
				{"bucket_span", int64(j.bucketSpan / time.Second)},
				{"is_interim", false},
				{"result_type", "bucket"},
			}
		}
		return ok(obj{{"count", total}, {"buckets", buckets}})
	}, nil
}
