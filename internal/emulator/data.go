package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// dataCounts are DataCounts: cumulative on a job, or one upload's.
type dataCounts struct {
	inputRecords, processed, processedFields, inputFields, inputBytes int
	invalidDates, missingFields, outOfOrder                           int
	earliest, latest, lastData                                        time.Time
}

func (d *dataCounts) add(o dataCounts) {
	d.inputRecords += o.inputRecords
	d.processed += o.processed
	d.processedFields += o.processedFields
	d.inputFields += o.inputFields
	d.inputBytes += o.inputBytes
	d.invalidDates += o.invalidDates
	d.missingFields += o.missingFields
	d.outOfOrder += o.outOfOrder
	if !o.earliest.IsZero() && (d.earliest.IsZero() || o.earliest.Before(d.earliest)) {
		d.earliest = o.earliest
	}
	if o.latest.After(d.latest) {
		d.latest = o.latest
	}
	if o.lastData.After(d.lastData) {
		d.lastData = o.lastData
	}
}

// json renders DataCounts.doXContentBody: timestamps only when set.
func (d dataCounts) json(jobID string) obj {
	o := obj{
		{"job_id", jobID},
		{"processed_record_count", d.processed},
		{"processed_field_count", d.processedFields},
		{"input_bytes", d.inputBytes},
		{"input_field_count", d.inputFields},
		{"invalid_date_count", d.invalidDates},
		{"missing_field_count", d.missingFields},
		{"out_of_order_timestamp_count", d.outOfOrder},
		{"empty_bucket_count", 0},
		{"sparse_bucket_count", 0},
		{"bucket_count", 0},
	}
	for _, ts := range []struct {
		name string
		t    time.Time
	}{{"earliest_record_timestamp", d.earliest}, {"latest_record_timestamp", d.latest}, {"last_data_time", d.lastData}} {
		if !ts.t.IsZero() {
			o = append(o, field{ts.name, millis(ts.t)})
		}
	}
	return append(o, field{"input_record_count", d.inputRecords})
}

// ingest runs records through the job as autodetect's input side does:
// records need a parseable time (else invalid_date_count) that is not
// before the latest one seen (else out_of_order_timestamp_count); absent
// analysis fields count as missing. It returns this upload's counts.
func (j *job) ingest(records []map[string]any, at func(any) (time.Time, bool), inputBytes int) dataCounts {
	up := dataCounts{inputBytes: inputBytes}
	for _, rec := range records {
		up.inputRecords++
		up.inputFields += len(rec)
		t, ok := at(rec[j.timeField])
		switch {
		case !ok:
			up.invalidDates++
			continue
		case t.Before(j.counts.latest) || t.Before(up.latest):
			up.outOfOrder++
			continue
		}
		for _, f := range j.analysisFields {
			if _, present := rec[f]; present {
				up.processedFields++
			} else {
				up.missingFields++
			}
		}
		up.processed++
		if up.earliest.IsZero() {
			up.earliest = t
		}
		up.latest = t
		j.dataAt(j.bucketStart(t))
	}
	if up.processed > 0 {
		up.lastData = time.Now()
		j.learned = true
		j.modelRecords += up.processed
	}
	j.counts.add(up)
	return up
}

// recordTime reads a time field in the job's time_format. UNCONFIRMED for
// custom patterns: any format other than epoch/epoch_ms is read as ISO 8601.
func recordTime(format string) func(any) (time.Time, bool) {
	return func(v any) (time.Time, bool) {
		switch format {
		case "epoch", "epoch_ms":
			var f float64
			switch x := v.(type) {
			case float64:
				f = x
			case string:
				var err error
				if f, err = strconv.ParseFloat(x, 64); err != nil {
					return time.Time{}, false
				}
			default:
				return time.Time{}, false
			}
			if format == "epoch" {
				f *= 1000
			}
			return time.UnixMilli(int64(f)), true
		}
		s, ok := v.(string)
		if !ok {
			return time.Time{}, false
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		return t, err == nil
	}
}

// handleData is POST …/_data: JSON documents, concatenated or one a line.
// Deprecated since 7.x but kept through 9.x; absent on serverless (the
// route says so). UNCONFIRMED: the counts answered are this upload's (old
// code's incrementalStats), not the job's cumulative ones.
func (s *Server) handleData(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	for _, p := range []string{"reset_start", "reset_end"} {
		c.param(p)
	}
	c.bodyUsed = true
	var records []map[string]any
	dec := json.NewDecoder(bytes.NewReader(c.body))
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		var doc map[string]any
		if err == nil {
			err = json.Unmarshal(raw, &doc)
		}
		if err != nil {
			return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse record %d: %v", len(records)+1, err)
		}
		if e := duplicateKeys(raw, c.v); e != nil {
			return nil, e
		}
		records = append(records, doc)
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		// TransportJobTaskAction looks for the job's task, not the job: an
		// unknown job is "not open" too.
		j := s.jobs[id]
		if j == nil || j.state != stateOpened {
			return fail(notOpenForData(id))
		}
		up := j.ingest(records, recordTime(j.timeFormat), len(c.body))
		s.notifyLocked()
		return reply{status: http.StatusAccepted, body: up.json(id),
			header: s.warningLocked("Posting data directly to anomaly detection jobs is deprecated, in a future major version it will be compulsory to use a datafeed")}
	}, nil
}

// handleFlush is POST …/_flush: finalise buckets up to the latest record
// (or advance_time), or skip ahead to skip_time.
func (s *Server) handleFlush(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	opts := map[string]string{}
	if len(bytes.TrimSpace(c.body)) > 0 {
		var b map[string]any
		if err := c.jsonBody(&b); err != nil {
			return nil, err
		}
		for k, v := range b {
			opts[k] = strings.Trim(string(mustJSON(v)), `"`)
		}
	} else {
		for _, p := range []string{"calc_interim", "start", "end", "advance_time", "skip_time"} {
			if v, ok := c.param(p); ok {
				opts[p] = v
			}
		}
	}
	if v, ok := opts["calc_interim"]; ok {
		if _, err := parseBool(v, false); err != nil {
			return nil, err
		}
	}
	times := map[string]time.Time{}
	for _, p := range []string{"start", "end", "advance_time", "skip_time"} {
		if v, ok := opts[p]; ok {
			t, err := flushTime(p, v)
			if err != nil {
				return nil, err
			}
			times[p] = t
		}
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[id]
		if j == nil || j.state != stateOpened {
			return fail(notOpenForData(id))
		}
		span := j.bucketSpan.Milliseconds()
		switch {
		case !times["skip_time"].IsZero():
			j.skipTo(times["skip_time"].UnixMilli())
		case !times["advance_time"].IsZero():
			j.finalizeUntil(j.bucketStart(times["advance_time"]))
			j.lastFinalizedBucketEnd = times["advance_time"].UnixMilli() / span * span
			j.learned = true
		case !j.counts.latest.IsZero():
			j.lastFinalizedBucketEnd = j.counts.latest.UnixMilli() / span * span
		}
		body := obj{{"flushed", true}}
		if j.lastFinalizedBucketEnd > 0 {
			body = append(body, field{"last_finalized_bucket_end", j.lastFinalizedBucketEnd})
		}
		rep := ok(body)
		// Deprecated since 9.1.0 (UNCONFIRMED which 9.0.x patch also warns).
		if s.versionLocked().atLeast(9, 1, 0) && !s.serverless {
			rep.header = s.warningLocked("Forcing any buffered data to be processed is deprecated, in a future major version it will be compulsory to use a datafeed")
		}
		return rep
	}, nil
}

// flushTime parses a flush date: "now", ISO 8601, or epoch seconds (up to
// ten digits) or milliseconds, as TimeUtils.dateStringToEpoch reads them
// (derived).
func flushTime(name, v string) (time.Time, *esError) {
	if v == "now" {
		return time.Now(), nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if len(strings.TrimPrefix(v, "-")) <= 10 {
			return time.Unix(n, 0), nil
		}
		return time.UnixMilli(n), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Time{}, newError(http.StatusBadRequest, "parse_exception", "Query param [%s] with value [%s] cannot be parsed as a date or converted to a number (epoch).", name, v)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
