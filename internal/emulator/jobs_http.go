package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// allowNoMatch reads allow_no_match (since 7.10) and its deprecated alias
// allow_no_jobs (accepted before 8.0 only). Default true.
func (c *call) allowNoMatch() (bool, *esError) {
	allow := true
	if c.v.atLeast(7, 10, 0) {
		b, err := c.boolParam("allow_no_match", true)
		if err != nil {
			return false, err
		}
		allow = b
	}
	if !c.v.atLeast(8, 0, 0) {
		if _, present := c.query["allow_no_jobs"]; present {
			b, err := c.boolParam("allow_no_jobs", true)
			if err != nil {
				return false, err
			}
			allow = b
		} else {
			c.asked["allow_no_jobs"] = true
		}
	}
	return allow, nil
}

func (s *Server) handleGetJobs(c *call) (func() reply, *esError) {
	expr := c.vars["job_id"]
	allow, err := c.allowNoMatch()
	if err != nil {
		return nil, err
	}
	if c.v.atLeast(7, 10, 0) {
		if _, err := c.boolParam("exclude_generated", false); err != nil {
			return nil, err
		}
	}
	return s.listJobs(expr, allow, func(j *job) obj { return s.configJSON(j, c.v) }), nil
}

func (s *Server) handleJobStats(c *call) (func() reply, *esError) {
	expr := c.vars["job_id"]
	allow, err := c.allowNoMatch()
	if err != nil {
		return nil, err
	}
	return s.listJobs(expr, allow, s.statsJSON), nil
}

// listJobs answers {"count": N, "jobs": [...]} for the jobs expr matches,
// each rendered by render under the state lock.
func (s *Server) listJobs(expr string, allowNoMatch bool, render func(*job) obj) func() reply {
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		jobs, err := s.expandJobsLocked(expr, allowNoMatch)
		if err != nil {
			return fail(err)
		}
		out := make([]obj, len(jobs))
		for i, j := range jobs {
			out[i] = render(j)
		}
		return ok(obj{{"count", len(out)}, {"jobs", out}})
	}
}

// putJobBody is the part of a job config the emulator keeps. Other fields
// are accepted and dropped (we do not model every job setting).
type putJobBody struct {
	JobID           string          `json:"job_id"`
	Description     string          `json:"description"`
	Groups          []string        `json:"groups"`
	AnalysisConfig  json.RawMessage `json:"analysis_config"`
	AnalysisLimits  json.RawMessage `json:"analysis_limits"`
	DataDescription json.RawMessage `json:"data_description"`
}

func (s *Server) handlePutJob(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	var b putJobBody
	if err := c.jsonBody(&b); err != nil {
		return nil, err
	}
	return func() reply {
		if err := inconsistentID("job_id", b.JobID, id); err != nil {
			return fail(err)
		}
		if err := validateID("job_id", id); err != nil {
			return fail(err)
		}
		if len(b.AnalysisConfig) == 0 {
			return fail(badRequest("An analysis_config must be set"))
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.jobs[id] != nil {
			return fail(newError(http.StatusBadRequest, "resource_already_exists_exception",
				"The job cannot be created with the Id '%s'. The Id is already used.", id))
		}
		j := newJob(id)
		j.description, j.groups, j.analysisConfig = b.Description, b.Groups, b.AnalysisConfig
		if len(b.AnalysisLimits) > 0 {
			j.analysisLimits = b.AnalysisLimits
		}
		if len(b.DataDescription) > 0 {
			j.dataDescription = b.DataDescription
		}
		s.jobs[id] = j
		s.notifyLocked()
		return ok(s.configJSON(j, c.v))
	}, nil
}

func (s *Server) handleDeleteJob(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	force, err := c.boolParam("force", false)
	if err != nil {
		return nil, err
	}
	wait, err := c.boolParam("wait_for_completion", true)
	if err != nil {
		return nil, err
	}
	if c.v.atLeast(8, 7, 0) {
		if _, err := c.boolParam("delete_user_annotations", false); err != nil {
			return nil, err
		}
	}
	del := func() (any, *esError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[id]
		if j == nil {
			return nil, missingJob(id)
		}
		if !force {
			if j.state != stateClosed {
				return nil, conflict("Cannot delete job [%s] because the job is %s", id, j.state)
			}
			if df := s.feeds[j.datafeedID]; df != nil && df.state == feedStarted {
				return nil, conflict("Cannot delete job [%s] because datafeed [%s] refers to it", id, df.id)
			}
		}
		s.deleteJobLocked(id)
		return obj{{"acknowledged", true}}, nil
	}
	if !wait {
		// Like reset: the task starts while the request is prepared.
		t := s.startTask(actJobDelete, "delete-job-"+id, true)
		go func() {
			resp, err := s.authorizedRun(c.who, actJobDelete, del)
			s.finishTask(t, resp, err)
		}()
		return func() reply { return ok(obj{{"task", t.id}}) }, nil
	}
	return func() reply {
		resp, err := del()
		if err != nil {
			return fail(err)
		}
		return ok(resp)
	}, nil
}

// authorizedRun runs fn after the authorization check, as a transport action
// does behind its filter chain.
func (s *Server) authorizedRun(who *principal, action string, fn func() (any, *esError)) (any, *esError) {
	if err := s.authorize(who, action); err != nil {
		return nil, err
	}
	return fn()
}

func (s *Server) handleOpen(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	if len(bytes.TrimSpace(c.body)) > 0 {
		var b struct {
			JobID   string `json:"job_id"`
			Timeout any    `json:"timeout"`
		}
		if err := c.jsonBody(&b); err != nil {
			return nil, err
		}
	} else if _, err := c.timeParam("timeout", 0); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := s.openLocked(id); err != nil {
			return fail(err)
		}
		return ok(obj{{"opened", true}, {"node", s.nodeID}})
	}, nil
}

// handleData counts the JSON documents of a POST _data body as records.
func (s *Server) handleData(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	for _, p := range []string{"reset_start", "reset_end"} {
		c.param(p)
	}
	c.bodyUsed = true
	records, fields := 0, 0
	dec := json.NewDecoder(bytes.NewReader(c.body))
	for {
		var doc map[string]json.RawMessage
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse record %d: %v", records+1, err)
		}
		records++
		fields += len(doc)
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[id]
		if j == nil {
			return fail(missingJob(id))
		}
		if j.state != stateOpened {
			return fail(notOpenForData(id))
		}
		j.addRecords(records, fields, len(c.body))
		return ok(dataCountsJSON(j))
	}, nil
}

// inconsistentID rejects a body id that differs from the single id in the URL.
func inconsistentID(kind, body, url string) *esError {
	if body == "" || body == url || strings.Contains(url, ",") || strings.Contains(url, "*") {
		return nil
	}
	return badRequest("Inconsistent %s; '%s' specified in the body differs from '%s' specified as a URL argument", kind, body, url)
}
