package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// feedRun is one start of a datafeed: it searches [start, end) of its
// indices, then either stops and closes its job (an end was given: a
// lookback) or keeps running in real time. The start call answers at once;
// the search runs afterwards (DatafeedRunner), held back by HoldLookbacks.
type feedRun struct {
	start, end      time.Time // zero end: real time
	realTimeRunning bool      // the lookback part is over
	// searched: the interval last searched; zero until the runner has run.
	searchedFrom, searchedTo time.Time
}

// feedRunParams reads start and end from the query or, when present, the
// JSON body (whose query parameters are then not read).
func (c *call) feedRunParams() (*feedRun, *esError) {
	opts := map[string]string{}
	if len(bytes.TrimSpace(c.body)) > 0 {
		var b map[string]any
		if err := c.jsonBody(&b); err != nil {
			return nil, err
		}
		for k, v := range b {
			s, isString := v.(string)
			if !isString {
				// UNCONFIRMED (derived from declareString): numbers refused.
				return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "[1:1] [start_datafeed] failed to parse field [%s]", k)
			}
			opts[k] = s
		}
	} else {
		for _, p := range []string{"start", "end", "timeout"} {
			if v, present := c.param(p); present {
				opts[p] = v
			}
		}
	}
	run := &feedRun{}
	var err *esError
	if v, present := opts["start"]; present {
		if run.start, err = datafeedTime("start", v); err != nil {
			return nil, err
		}
	} else {
		run.start = time.UnixMilli(0)
	}
	if v, present := opts["end"]; present {
		if run.end, err = datafeedTime("end", v); err != nil {
			return nil, err
		}
		if !run.end.After(run.start) {
			return nil, newError(http.StatusBadRequest, "action_request_validation_exception",
				"Validation Failed: 1: start [%d] must be earlier than end [%d];", run.start.UnixMilli(), run.end.UnixMilli())
		}
	}
	if v, present := opts["timeout"]; present {
		if _, err := parseTimeValue(v, "timeout"); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// datafeedTime parses strict_date_optional_time||epoch_millis and date
// math from now ("now", "now-1d", "now-1h/h").
func datafeedTime(name, v string) (time.Time, *esError) {
	if t, ok := nowMath(v, time.Now().UTC()); ok {
		return t, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(n), nil
	}
	if t, ok := dateValue(v); ok {
		return t, nil
	}
	return time.Time{}, newError(http.StatusBadRequest, "parse_exception",
		"Query param [%s] with value [%s] cannot be parsed as a date or converted to a number (epoch).", name, v)
}

// HoldLookbacks keeps started datafeeds from searching until release is
// called, so a test can look at a datafeed that was started but has not
// finished its lookback.
func (s *Server) HoldLookbacks() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gate := make(chan struct{})
	s.lookbackGate = gate
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.lookbackGate == gate {
			s.lookbackGate = nil
		}
		close(gate)
	}
}

// runLookback searches the datafeed's indices from where the job left off
// (or start: lookbackStartLocked) to end (or now), feeds what it
// finds to the job, and then stops the datafeed and closes the job (close
// persists a model snapshot), or goes on in real time. Searching again as
// new data arrives in real time is not modelled.
func (s *Server) runLookback(df *datafeed, run *feedRun) {
	s.mu.Lock()
	gate := s.lookbackGate
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-s.quit:
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[df.jobID]
	if df.run != run || s.feeds[df.id] != df || j == nil || j.state != stateOpened {
		return // stopped, deleted or closed meanwhile
	}
	end := run.end
	if end.IsZero() {
		end = time.Now()
	}
	from := s.lookbackStartLocked(j, run.start)
	records, size := s.searchRecordsLocked(df, j.timeField, from, end)
	df.searches++
	run.searchedFrom, run.searchedTo = from, end
	j.ingest(records, dateValue, size)
	if run.end.IsZero() {
		run.realTimeRunning = true
		s.notifyLocked()
		return
	}
	if wait := time.Until(run.end); wait > 0 {
		// An end still ahead: the datafeed follows new data in real time
		// until then, and only then stops (and closes its job).
		run.realTimeRunning = true
		s.notifyLocked()
		time.AfterFunc(wait, func() { s.endRun(df, run) })
		return
	}
	df.state, df.run = feedStopped, nil
	s.closeLocked(j)
}

// lookbackStartLocked is where a datafeed's search begins
// (DatafeedJob.skipToStartTime): a job that has seen data carries on 1 ms
// after where it left off (resumeAfter) unless start is later, in which
// case the job skips to start (a flush with skip_time) and the search
// begins at the bucket boundary that skip lands on. A job that has seen
// nothing begins at start.
func (s *Server) lookbackStartLocked(j *job, start time.Time) time.Time {
	last, seen := j.resumeAfter()
	if !seen {
		return start
	}
	if next := last.Add(time.Millisecond); next.After(start) {
		return next
	}
	return time.UnixMilli(j.skipTo(start.UnixMilli()))
}

// endRun stops a datafeed whose end has come, unless it was stopped,
// restarted or deleted meanwhile.
func (s *Server) endRun(df *datafeed, run *feedRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if df.run != run || s.feeds[df.id] != df {
		return
	}
	df.state, df.run = feedStopped, nil
	if j := s.jobs[df.jobID]; j != nil && j.state == stateOpened {
		s.closeLocked(j)
	}
}

// searchRecordsLocked returns the documents of the datafeed's indices whose
// time field lies in [from, end) and that match its query, oldest first,
// and their size in bytes.
func (s *Server) searchRecordsLocked(df *datafeed, timeField string, from, end time.Time) ([]map[string]any, int) {
	targets, err := s.resolveLocked(strings.Join(df.indices, ","), true)
	if err != nil {
		return nil, 0
	}
	type hit struct {
		at  time.Time
		src map[string]any
	}
	var hits []hit
	for _, ix := range targets {
		for _, d := range ix.docs {
			at, ok := dateValue(lookup(d.source, timeField))
			if ok && !at.Before(from) && at.Before(end) && df.match(d.source) {
				hits = append(hits, hit{at, d.source})
			}
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].at.Before(hits[b].at) })
	records := make([]map[string]any, len(hits))
	size := 0
	for i, h := range hits {
		records[i] = h.src
		b, _ := json.Marshal(h.src)
		size += len(b)
	}
	return records, size
}

var nowMathPattern = regexp.MustCompile(`^now((?:[+-]\d+[yMwdhHms])*)(?:/([yMwdhHms]))?$`)
var nowMathTerm = regexp.MustCompile(`([+-])(\d+)([yMwdhHms])`)

// nowMath reads Elasticsearch's date math relative to now: additions and
// subtractions of whole units, then an optional rounding down to a unit.
// Date math anchored on a date ("2024-01-01||-1d") is left out.
func nowMath(v string, now time.Time) (time.Time, bool) {
	m := nowMathPattern.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}, false
	}
	t := now
	for _, term := range nowMathTerm.FindAllStringSubmatch(m[1], -1) {
		n, err := strconv.Atoi(term[2])
		if err != nil {
			return time.Time{}, false
		}
		if term[1] == "-" {
			n = -n
		}
		switch term[3] {
		case "y":
			t = t.AddDate(n, 0, 0)
		case "M":
			t = t.AddDate(0, n, 0)
		case "w":
			t = t.AddDate(0, 0, 7*n)
		case "d":
			t = t.AddDate(0, 0, n)
		case "h", "H":
			t = t.Add(time.Duration(n) * time.Hour)
		case "m":
			t = t.Add(time.Duration(n) * time.Minute)
		case "s":
			t = t.Add(time.Duration(n) * time.Second)
		}
	}
	switch m[2] {
	case "y":
		t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case "M":
		t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "w":
		t = time.Date(t.Year(), t.Month(), t.Day()-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case "d":
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case "h", "H":
		t = t.Truncate(time.Hour)
	case "m":
		t = t.Truncate(time.Minute)
	case "s":
		t = t.Truncate(time.Second)
	}
	return t, true
}
