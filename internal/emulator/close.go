package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// closeParams are the close options, from the JSON body or the query string
// (never both: with a body, query parameters are not read).
type closeParams struct {
	jobID        string
	force        bool
	timeout      time.Duration
	allowNoMatch bool
}

func (s *Server) handleClose(c *call) (func() reply, *esError) {
	expr := c.vars["job_id"]
	p := closeParams{timeout: 30 * time.Minute, allowNoMatch: true}
	if len(bytes.TrimSpace(c.body)) > 0 {
		c.bodyUsed = true
		if err := duplicateKeys(c.body, c.v); err != nil {
			return nil, err
		}
		if err := parseCloseBody(c.body, c.v, &p); err != nil {
			return nil, err
		}
		if err := inconsistentID("job_id", p.jobID, expr); err != nil {
			return nil, err
		}
	} else {
		var err *esError
		if p.force, err = c.boolParam("force", false); err != nil {
			return nil, err
		}
		if p.timeout, err = c.timeParam("timeout", p.timeout); err != nil {
			return nil, err
		}
		if p.allowNoMatch, err = c.allowNoMatch(); err != nil {
			return nil, err
		}
	}
	return func() reply { return s.closeJobs(c.r.Context(), expr, p) }, nil
}

// parseCloseBody parses like CloseJobAction's ObjectParser: known fields
// only, booleans also as strings, timeout as a time string.
func parseCloseBody(body []byte, v version, p *closeParams) *esError {
	known := []string{"job_id", "force", "timeout", "allow_no_match"}
	if !v.atLeast(8, 0, 0) {
		known = append(known, "allow_no_jobs")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return newError(http.StatusBadRequest, "x_content_parse_exception", "[1:1] [%s] Expected START_OBJECT", actJobClose)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse close request: %v", err)
		}
		name, _ := tok.(string)
		if !contains(known, name) {
			// UNCONFIRMED: the exact [line:column] prefix.
			line, col := position(body, dec.InputOffset()-int64(len(name)+2))
			return newError(http.StatusBadRequest, "x_content_parse_exception",
				"[%d:%d] [%s] unknown field [%s]", line, col, actJobClose, name)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse field [%s]: %v", name, err)
		}
		var str string
		if json.Unmarshal(raw, &str) != nil {
			str = string(raw) // a bare JSON boolean or number
		}
		var perr *esError
		switch name {
		case "job_id":
			p.jobID = str
		case "force":
			p.force, perr = parseBool(str, false)
		case "allow_no_match", "allow_no_jobs":
			p.allowNoMatch, perr = parseBool(str, true)
		case "timeout":
			p.timeout, perr = parseTimeValue(str, "timeout")
		}
		if perr != nil {
			return perr
		}
	}
	return nil
}

// position converts a byte offset into Jackson's 1-based line:column.
func position(body []byte, off int64) (int, int) {
	if off < 0 || off > int64(len(body)) {
		off = 0
	}
	before := body[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// closeJobs follows TransportCloseJobAction: validate every matched job,
// stop started datafeeds (7.14+), close opened jobs, then wait for jobs that
// were already closing.
func (s *Server) closeJobs(ctx context.Context, expr string, p closeParams) reply {
	s.mu.Lock()
	jobs, err := s.expandJobsLocked(expr, p.allowNoMatch)
	if err != nil {
		s.mu.Unlock()
		return fail(err)
	}
	v := s.versionLocked()
	if err := refuseFailedLocked(jobs, p.force); err != nil {
		s.mu.Unlock()
		return fail(err)
	}
	for _, j := range jobs {
		df := s.feeds[j.datafeedID]
		if df == nil || !df.hasTask() || j.state == stateClosed {
			continue
		}
		if !v.atLeast(7, 14, 0) {
			// Before 7.14 close refused a job whose datafeed still ran
			// (we assume with force too).
			s.mu.Unlock()
			return fail(conflict("cannot close job datafeed [%s] hasn't been stopped", df.id))
		}
	}
	var waiting []string
	for _, j := range jobs {
		if j.state == stateClosed {
			continue
		}
		if df := s.feeds[j.datafeedID]; df != nil {
			df.state, df.run = feedStopped, nil
		}
		if j.state == stateClosing && !p.force {
			waiting = append(waiting, j.id)
			continue
		}
		s.closeLocked(j)
	}
	s.mu.Unlock()

	if err := s.waitForClosed(ctx, waiting, p.timeout); err != nil {
		return fail(err)
	}

	// Simulated race: somebody re-opens the job right after our close.
	s.mu.Lock()
	for _, j := range jobs {
		if s.reopenAfterClose[j.id] > 0 && s.jobs[j.id] == j {
			s.reopenAfterClose[j.id]--
			j.state, j.openedAt, j.finished = stateOpened, time.Now(), time.Time{}
			s.notifyLocked()
		}
	}
	s.mu.Unlock()
	return ok(obj{{"closed", true}})
}

// refuseFailedLocked is TransportCloseJobAction's check that failed jobs
// close only by force. The message names the job only when the expression
// matched that one job alone; with several matches, even if just one of
// them failed, it names none.
func refuseFailedLocked(jobs []*job, force bool) *esError {
	if force {
		return nil
	}
	for _, j := range jobs {
		if j.state != stateFailed {
			continue
		}
		if len(jobs) == 1 {
			return conflict("cannot close job [%s] because it failed, use force close", j.id)
		}
		return conflict("one or more jobs have state failed, use force close")
	}
	return nil
}

// waitForClosed waits until none of ids is closing any more (a close
// already in progress finishes it). timeout -1 waits forever.
func (s *Server) waitForClosed(ctx context.Context, ids []string, timeout time.Duration) *esError {
	if len(ids) == 0 {
		return nil
	}
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		closing := false
		for _, id := range ids {
			if j := s.jobs[id]; j != nil && j.state == stateClosing {
				closing = true
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if !closing {
			return nil
		}
		left := time.Until(deadline)
		if timeout < 0 {
			left = -1
		} else if left <= 0 {
			return newError(http.StatusInternalServerError, "illegal_state_exception",
				"Timed out when waiting for persistent tasks after %s", formatTimeValue(timeout))
		}
		if !s.waitClosed(ctx, changed, left) && (ctx.Err() != nil || s.isClosed()) {
			return newError(http.StatusInternalServerError, "exception", "close of %s interrupted", strings.Join(ids, ","))
		}
	}
}

func (s *Server) isClosed() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}
